"""Brief stage: the briefing as data, its JSON and JSON Schema."""

from __future__ import annotations

import dataclasses
from typing import Any

from communique.brief.model import SCHEMA_VERSION, Briefing

__all__ = ["SCHEMA_VERSION", "briefing_json", "json_schema", "schema_filename"]


def briefing_json(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON data, shaped as :func:`json_schema` describes."""
    return dataclasses.asdict(briefing)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the briefing, generated from the dataclasses in ``brief/model.py``."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(Briefing).json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://communique.invalid/schemas/{schema_filename()}",
        "description": f"A communique briefing, schema version {SCHEMA_VERSION}.",
        **schema,
    }


def schema_filename() -> str:
    return f"briefing-v{SCHEMA_VERSION.split('.')[0]}.schema.json"
