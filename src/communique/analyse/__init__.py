"""Analyse stage: what the whole corpus says — entities resolved across documents, events
merged into a timeline, claims cross-checked between outlets, sides, position changes and
document dates lent by other documents. What one document says is read in ``annotate``."""
