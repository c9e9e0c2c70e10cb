"""Screening core: sanctions list loaders and name/vessel matching. No DB."""
