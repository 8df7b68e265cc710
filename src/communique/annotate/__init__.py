"""Annotate stage: what the tool reads in one text — the language layer (entities, quotes,
temporal expressions, clauses, figures) and what each document says on top of it (events,
positions under a codebook). Nothing here looks at other documents: that is ``analyse``."""
