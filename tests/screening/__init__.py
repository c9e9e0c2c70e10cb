"""Tests of the screening core, runner and CLI."""
