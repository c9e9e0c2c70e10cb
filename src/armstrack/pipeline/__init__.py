"""Runners: read the store, call a core, write results back. One module per stage."""
