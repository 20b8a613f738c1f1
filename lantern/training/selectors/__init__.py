"""Reads of the training app that need access control or are reused."""
