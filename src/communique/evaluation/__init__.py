"""Scorers for the gold sets communique measures itself on."""
