"""Imagery core: scene metadata, windows over sites, the simulator and the counters. No DB."""
