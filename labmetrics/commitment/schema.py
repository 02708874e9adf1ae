"""JSON Schemas of the commitment and assessment files, built from what the reader accepts.

Editors that speak JSON Schema (YAML language servers) check a file while it is typed; the
reader checks every file against the same schema after its own checks, and says the file,
the line, the key and the fix of a problem. ``python -m labmetrics.commitment.schema``
writes ``docs/schemas/commitment.schema.json`` and ``assessment.schema.json``; a test keeps
them equal to what this module builds.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TypeAlias

from labmetrics.commitment.model import (
    OPERATORS,
    RULE_LEVELS,
    SPACE_FILTER_FIELDS,
    SPACE_SCOPES,
    STAGES,
)
from labmetrics.indicators import EACH_SPACES, INDICATORS, PER_PERIODS, USE_INDICATORS
from labmetrics.irm import (
    Ambition,
    Completion,
    DidItOpenGovernment,
    IRMTerm,
    OGPValue,
    PotentialImpact,
    Specificity,
    Verifiable,
)
from labmetrics.schema import FORMATS, SPACE_KINDS

JsonData: TypeAlias = "str | int | float | bool | list[JsonData] | dict[str, JsonData] | None"
"""What a JSON document holds."""
Schema: TypeAlias = dict[str, object]
"""A JSON Schema, or one of its parts."""

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
LANG_TAG = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
ID_PATTERN = "^[A-Za-z0-9_-]+$"

COMMITMENT_KEYS = {
    "required": ("id", "title", "text", "action_plan", "institutions", "sources", "milestones"),
    "optional": ("problem", "objective", "history", "labs", "city", "counting"),
}
"""The top-level keys of a commitment file."""

ASSESSMENT_KEYS = {
    "required": ("commitment", "assessor", "sources", "specificity", "relevance",
                 "potential_impact"),
    "optional": ("did_it_open_government", "completion", "verifiable", "ambition",
                 "recommendations"),
}
"""The top-level keys of an assessment file."""


def _object(properties: Schema, required: tuple[str, ...] = (),
            description: str | None = None) -> Schema:
    out: Schema = {"type": "object", "properties": properties,
                           "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if description:
        out["description"] = description
    return out


def _levels(scale: type[IRMTerm]) -> Schema:
    names = [m.name.lower() for m in scale]
    return {"type": "string", "enum": names,
            "description": f"a level of the IRM's {scale.title()}: {', '.join(names)}"}


def _text() -> Schema:
    return {"type": "object", "minProperties": 1,
            "propertyNames": {"pattern": LANG_TAG},
            "additionalProperties": {"type": "string", "pattern": "\\S"},
            "description": "a text per language tag (pt-BR, en, es...): the first language is "
            "shown where a report's language is missing"}


def _sources() -> Schema:
    return {"type": "object", "minProperties": 1,
            "additionalProperties": _object(
                {"title": {"$ref": "#/$defs/text"}, "url": {"type": "string"},
                 "publisher": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/text"}]},
                 "short": {"$ref": "#/$defs/text"}},
                ("title",)),
            "description": "the documents cited, by an id of your choice"}


def _judgment(scale: type[IRMTerm]) -> Schema:
    return _object({"value": _levels(scale), "rationale": {"$ref": "#/$defs/text"},
                    "sources": {"$ref": "#/$defs/citations"},
                    "inference": {"$ref": "#/$defs/text"}},
                   ("value", "rationale", "sources"))


def _rating(scale: type[IRMTerm]) -> Schema:
    return _object({"value": _levels(scale), "sources": {"$ref": "#/$defs/citations"},
                    "rationale": {"$ref": "#/$defs/text"}}, ("value", "sources"))


def commitment_schema() -> Schema:
    """The JSON Schema of a commitment file."""
    indicator = {"type": "string", "enum": list(INDICATORS),
                 "description": "an indicator id of labmetrics/indicators.py"}
    condition = _object({
        "indicator": indicator, "op": {"type": "string", "enum": list(OPERATORS)},
        "value": {"type": "number"},
        "per": {"type": "string", "enum": list(PER_PERIODS),
                "description": "divide the figure by the calendar months or quarters of the "
                "period"},
        "each": {"oneOf": [{"type": "string", "enum": list(EACH_SPACES)},
                           {"type": "array", "items": {"type": "string"}, "minItems": 1}],
                 "description": "ask the figure of each space: labs (the commitment's), "
                 "spaces (every open one) or space ids"},
    }, ("indicator", "op", "value"))
    levels = tuple(level.name.lower() for level in RULE_LEVELS)
    milestone = _object({
        "number": {"type": "integer", "minimum": 1,
                   "description": "1..N once each, in any order"},
        "title": {"$ref": "#/$defs/text"}, "text": {"$ref": "#/$defs/text"},
        "indicators": {"type": "array", "items": indicator, "minItems": 1,
                       "uniqueItems": True},
        "completion": _object({lv: {"type": "array", "items": condition, "minItems": 1}
                               for lv in levels}, levels),
    }, ("number", "title", "text", "indicators", "completion"))
    institution = _object({"name": {"type": "string"}, "role": {"$ref": "#/$defs/text"},
                           "sources": {"type": "array", "items": {"type": "string"}}},
                          ("name",))
    properties = {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "city": {"type": "string", "description": "the city pack of data/raw/cities/"},
        "title": {"$ref": "#/$defs/text"}, "text": {"$ref": "#/$defs/text"},
        "problem": {"$ref": "#/$defs/text"}, "objective": {"$ref": "#/$defs/text"},
        "history": {"$ref": "#/$defs/text"},
        "action_plan": _object({
            "member": {"type": "string"}, "cycle": {"type": "string"},
            "adopted": {"type": "integer"}, "start": {"type": "string", "format": "date"},
            "end": {"type": "string", "format": "date"},
            "reformulated": {"type": "string", "format": "date"},
        }, ("member", "cycle", "adopted", "start", "end")),
        "institutions": _object({
            "lead": {"type": "array", "items": institution},
            "supporting": {"type": "array", "items": institution},
            "involved": {"type": "array", "items": institution}}, ("lead",)),
        "labs": {"type": "object", "additionalProperties": {"type": "string"},
                 "description": "the labs the commitment names, to their space_id"},
        "counting": {"type": "object", "description": "per indicator, what it counts",
                     "additionalProperties": {
                         "type": "object", "additionalProperties": False,
                         "properties": {
                             "spaces": {"oneOf": [
                                 {"enum": list(SPACE_SCOPES)},
                                 {"type": "array", "items": {"type": "string"},
                                  "minItems": 1},
                                 {"type": "object", "additionalProperties": False,
                                  "minProperties": 1, "maxProperties": 1,
                                  "properties": {
                                      "kind": {"type": "array", "minItems": 1,
                                               "uniqueItems": True,
                                               "items": {"enum": list(SPACE_KINDS)}},
                                      "host": {"type": "array", "minItems": 1,
                                               "uniqueItems": True,
                                               "items": {"type": "string"}}}}],
                                 "description": "all, labs (the commitment's), space ids, "
                                 "or the spaces of some kinds or hosts ("
                                 + ", ".join(SPACE_FILTER_FIELDS) + ")"},
                             "inactive_partners": {"type": "boolean"},
                             "formats": {"type": "array", "minItems": 1, "uniqueItems": True,
                                         "items": {"enum": list(FORMATS)},
                                         "description": "the formats of use counted ("
                                         + ", ".join(USE_INDICATORS) + ")"},
                             "open_events": {"type": "boolean",
                                             "description": "false: only the uses by a "
                                             "group (" + ", ".join(USE_INDICATORS) + ")"}}}},
        "sources": _sources(),
        "milestones": {"type": "array", "items": milestone, "minItems": 1},
    }
    assert set(properties) == {*COMMITMENT_KEYS["required"], *COMMITMENT_KEYS["optional"]}
    return {"$schema": SCHEMA_URI, "title": "labmetrics commitment file",
            **_object(properties, COMMITMENT_KEYS["required"]),
            "$defs": {"text": _text()}}


def assessment_schema() -> Schema:
    """The JSON Schema of an assessment file."""
    values = [v.name.lower() for v in OGPValue]
    relevance = _object({"relevant": {"type": "boolean"},
                         "rationale": {"$ref": "#/$defs/text"},
                         "sources": {"$ref": "#/$defs/citations"},
                         "inference": {"$ref": "#/$defs/text"}},
                        ("relevant", "rationale", "sources"))
    recommendation = _object({
        "number": {"type": "integer", "minimum": 1, "description": "1, 2, 3... as published"},
        "text": {"$ref": "#/$defs/text"}, "sources": {"$ref": "#/$defs/citations"},
        "model_lab": {"type": "string", "description": "a lab of the commitment's labs"},
    }, ("number", "text", "sources"))
    properties = {
        "commitment": {"type": "string", "pattern": ID_PATTERN},
        "assessor": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/text"}],
                     "description": "who made the judgments (the IRM or another evaluator): "
                     "one name, or a name per language"},
        "sources": _sources(),
        "specificity": _judgment(Specificity),
        "relevance": _object({v: relevance for v in values}, tuple(values)),
        "potential_impact": _judgment(PotentialImpact),
        "verifiable": _rating(Verifiable),
        "ambition": _rating(Ambition),
        "recommendations": {"type": "array", "items": recommendation, "minItems": 1},
        "did_it_open_government": _object({
            "overall": _judgment(DidItOpenGovernment),
            "by_value": _object({v: _judgment(DidItOpenGovernment) for v in values}),
        }, ("overall",)),
        "completion": _object({
            "value": _levels(Completion), "reason": {"$ref": "#/$defs/text"},
            "sources": {"$ref": "#/$defs/citations"},
            "stage": {"type": "string", "enum": list(STAGES)},
        }, ("value", "reason", "sources")),
    }
    assert set(properties) == {*ASSESSMENT_KEYS["required"], *ASSESSMENT_KEYS["optional"]}
    return {"$schema": SCHEMA_URI, "title": "labmetrics assessment file",
            **_object(properties, ASSESSMENT_KEYS["required"]),
            "$defs": {"text": _text(),
                      "citations": {"type": "array", "items": {"type": "string"},
                                    "minItems": 1}}}


def as_json_data(value: object) -> JsonData:
    """YAML data as JSON data: dates as ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): as_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_data(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    # A safe YAML loader gives no other type; anything else is checked as its text.
    return str(value)


def schema_errors(data: object, schema: Schema) -> list[tuple[tuple[str | int, ...], str]]:
    """Where ``data`` breaks ``schema``: (key path, message), the deepest problems first."""
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(as_json_data(data)),
                    key=lambda e: (-len(e.absolute_path), list(map(str, e.absolute_path))))
    return [(tuple(e.absolute_path), e.message) for e in errors]


def write_schemas(folder: Path) -> list[Path]:
    """Write ``commitment.schema.json`` and ``assessment.schema.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, schema in (("commitment", commitment_schema()),
                         ("assessment", assessment_schema())):
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for written in write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1
                                 else Path("docs/schemas")):
        print(written)
