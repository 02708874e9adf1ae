"""The columns of OGP's commitment export: which ones there are, and how each cell reads.

Every value column becomes a typed column plus a ``<column>_status`` column saying why a
value is missing (see :data:`labmetrics.irm.STATUS_CATEGORIES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from labmetrics.irm._cells import map_unique, map_values, missing_code, normalise, snake, take
from labmetrics.irm.scales import (
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    parse_yes_no,
)
from labmetrics.irm.statuses import STATUS_DTYPE
from labmetrics.irm.terms import IRMScale, UnknownLevelError

ColumnKind = Literal["text", "national_or_local", "year", "flag", "scale"]

# A cell's typed value (None when missing) and, when missing, its status.
Classify = Callable[[str], tuple[Any, str | None]]


@dataclass(frozen=True)
class Column:
    """A column of the export: its header, the output name, and how its cells read."""

    header: str
    name: str
    kind: ColumnKind
    scale: type[IRMScale] | None = None


ID_HEADER = "Commitment Unique Identifier"
ID_COLUMN = Column(ID_HEADER, "commitment_id", "text")

REQUIRED: tuple[Column, ...] = (
    Column("Country/Locality", "country_locality", "text"),
    Column("National Or Local", "national_or_local", "national_or_local"),
    Column("Action Plan End Year", "action_plan_end_year", "year"),
    Column("Specificity", "specificity", "scale", Specificity),
    Column("OGP Value Access To Information", "ogp_value_access_to_information", "flag"),
    Column("OGP Value Civic Participation", "ogp_value_civic_participation", "flag"),
    Column("OGP Value Public Accountability", "ogp_value_public_accountability", "flag"),
    Column("OGP Value Technology", "ogp_value_technology", "flag"),
    Column("Potential Impact", "potential_impact", "scale", PotentialImpact),
    Column("Completion (Progress Report)", "completion_progress_report", "scale", Completion),
    Column("Completion (End Of Term)", "completion_end_of_term", "scale", Completion),
    Column(
        "Did It Open Government (Overall)",
        "did_it_open_government_overall",
        "scale",
        DidItOpenGovernment,
    ),
    Column("Potential for Results", "potential_for_results", "scale", PotentialForResults),
    Column("Early Results", "early_results", "scale", EarlyResults),
)
"""The value columns every export has, besides the identifier, in output order."""

OPTIONAL: tuple[Column, ...] = (
    Column("Verifiable", "verifiable", "flag"),
    Column("Open Government Lens", "open_government_lens", "flag"),
)
"""Value columns read when the export has them."""

_DIOG_PER_VALUE = re.compile(r"^did it open government \((?!overall\))(.+)\)$")
_STARRED = re.compile(r"^starred\b")
_TAG = re.compile(r"^(policy areas?|tags?)\b")
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
_NATIONAL_OR_LOCAL = {"national": "National", "local": "Local"}


def missing_headers(by_header: Mapping[str, str]) -> list[str]:
    """The required headers (identifier first) absent from ``by_header`` (normalised -> header)."""
    return [c.header for c in (ID_COLUMN, *REQUIRED) if normalise(c.header) not in by_header]


def match_columns(by_header: Mapping[str, str]) -> tuple[list[Column], list[tuple[str, str]]]:
    """The value columns to read, in output order, and the tag columns as (header, name).

    ``by_header`` maps each normalised header of the export to the header as written. Beyond
    the required and optional columns: per-value "Did it open government?" right after the
    overall one, OGP's own star columns last; "Policy Area"/"Tag" columns are tags.
    """
    specs: list[Column] = [
        *REQUIRED, *(c for c in OPTIONAL if normalise(c.header) in by_header)
    ]
    stars: list[Column] = []
    per_value: list[Column] = []
    tags: list[tuple[str, str]] = []
    known = {normalise(c.header) for c in (ID_COLUMN, *REQUIRED, *OPTIONAL)}
    for norm, header in by_header.items():
        if norm in known:
            continue
        if match := _DIOG_PER_VALUE.match(norm):
            name = f"did_it_open_government_{snake(match.group(1))}"
            per_value.append(Column(header, name, "scale", DidItOpenGovernment))
        elif _STARRED.match(norm):
            stage = "_progress" if "progress" in norm else ""
            stage = "_end_of_term" if "end of term" in norm else stage
            stars.append(Column(header, f"ogp_starred{stage}", "flag"))
        elif _TAG.match(norm):
            tags.append((header, snake(header)))
    after_overall = 1 + next(
        i for i, c in enumerate(specs) if c.name == "did_it_open_government_overall"
    )
    specs[after_overall:after_overall] = per_value
    specs.extend(stars)
    return specs, tags


def _unless_missing(read: Classify) -> Classify:
    """``read`` for a cell with text; a blank cell or one of the export's codes is missing."""

    def classify(text: str) -> tuple[Any, str | None]:
        if not text:
            return None, "blank"
        if code := missing_code(text):
            return None, code
        return read(text)

    return classify


def _classify_scale(scale: type[IRMScale]) -> Classify:
    def read(text: str) -> tuple[Any, str | None]:
        member = scale.get(text)
        if member is None:
            return None, "invalid"
        return (member.label, None) if member.is_ordered() else (None, member.label)

    return _unless_missing(read)


@_unless_missing
def _classify_flag(text: str) -> tuple[Any, str | None]:
    try:
        return parse_yes_no(text), None
    except UnknownLevelError:
        return None, "invalid"


@_unless_missing
def _classify_year(text: str) -> tuple[Any, str | None]:
    match = _YEAR.match(text)
    return (int(match.group(1)), None) if match else (None, "invalid")


@_unless_missing
def _classify_national(text: str) -> tuple[Any, str | None]:
    value = _NATIONAL_OR_LOCAL.get(normalise(text))
    return (value, None) if value else (None, "invalid")


@_unless_missing
def _classify_text(text: str) -> tuple[Any, str | None]:
    return text, None


_CLASSIFIERS: dict[str, Classify] = {
    "flag": _classify_flag,
    "year": _classify_year,
    "national_or_local": _classify_national,
    "text": _classify_text,
}

_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "flag": "boolean",
    "year": "Int64",
    "national_or_local": pd.CategoricalDtype(["National", "Local"], ordered=False),
    "text": "string",
}

_INVALID: dict[str, str] = {
    "flag": "not a yes/no value",
    "year": "not a four-digit year",
    "national_or_local": "neither National nor Local",
    "text": "not readable",
}


def parse_column(texts: pd.Series, spec: Column) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """A column's typed values, their statuses, and a mask of its unreadable cells."""
    scale = spec.scale
    classify = _classify_scale(scale) if scale is not None else _CLASSIFIERS[spec.kind]
    codes, mapped = map_unique(texts, lambda t: classify(t or ""))
    values = take([m[0] for m in mapped], codes)
    statuses = take([m[1] for m in mapped], codes)
    dtype = scale.dtype() if scale is not None else _DTYPES[spec.kind]
    typed = pd.Series(
        pd.Categorical(values, dtype=dtype)
        if isinstance(dtype, pd.CategoricalDtype)
        else pd.array(values, dtype=dtype),
        index=texts.index,
    )
    status = pd.Series(pd.Categorical(statuses, dtype=STATUS_DTYPE), index=texts.index)
    return typed, status, statuses == "invalid"


def parse_tag(texts: pd.Series) -> pd.Series:
    """A policy-area or tag column: boolean when every cell is yes/no, else text."""

    def flag(text: str | None) -> Any:
        try:
            return parse_yes_no(text or "")
        except UnknownLevelError:
            return parse_tag  # a marker no cell can equal

    codes, mapped = map_unique(texts, flag)
    if all(m is not parse_tag for m in mapped):
        return pd.Series(pd.array(take(mapped, codes), dtype="boolean"), index=texts.index)
    text = map_values(texts, lambda t: _classify_text(t or "")[0])
    return pd.Series(pd.array(text, dtype="string"), index=texts.index)


def invalid_message(spec: Column) -> str:
    """Why a cell of ``spec``'s column could not be read, e.g. "not a four-digit year"."""
    if spec.scale is None:
        return _INVALID[spec.kind]
    scale = spec.scale
    return f"not a level of the IRM's {scale.title()} ({', '.join(m.label for m in scale)})"
