"""Analyse stage: what one document says, and what the whole corpus says."""
