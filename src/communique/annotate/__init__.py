"""Annotate stage: what the tool reads in one text."""
