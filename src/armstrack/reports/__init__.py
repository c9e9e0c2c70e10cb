"""Reports core: documents in, clean text, transfer claims out. No DB."""
