"""The columns of OGP's commitment export: which ones there are, and how each cell reads.

Every value column becomes a typed column plus a ``<column>_status`` column saying why a
value is missing (see :data:`labmetrics.irm.STATUS_CATEGORIES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from labmetrics.irm._cells import (
    map_boolean,
    map_unique,
    map_values,
    missing_code,
    normalise,
    snake,
    take,
)
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
    Column("Commitment Title", "commitment_title", "text"),
    Column("URL", "url", "text"),
)
"""Value columns read when the export has them."""

# Per-value "Did it open government?": "(Access To Information)" or ": Public Accountability".
_DIOG_PER_VALUE = re.compile(r"^did it open government(?: \((?!overall\))(.+)\)|: (.+))$")
_STARRED = re.compile(r"^starred\b(.*)$")
_TAG = re.compile(r"^(policy areas?|tags?)\b")
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
_NATIONAL_OR_LOCAL = {
    "national": "National", "local": "Local", "legacy local": "Local", "other": "Other",
}
# How OGP's export labels the commitments of local action plans.
_LEGACY_LOCAL = "legacy local"

COMPANION_MARK = "_"
"""OGP marks the numeric companion of a labelled column with it: "_Specificity"."""


def header_key(text: str) -> str:
    """The spelling headers match by: :func:`normalise`, keeping a leading ``_``.

    "_Specificity" (the number) and "Specificity" (the label) are two columns: folding the
    underscore away, as for values, would make them one.
    """
    text = str(text).strip()
    mark = COMPANION_MARK if text.startswith(COMPANION_MARK) else ""
    return mark + normalise(text.lstrip(COMPANION_MARK))


class HeaderCollision(ValueError):
    """Two headers of the export that read as one column; ``first`` and ``second`` are
    (0-based position, header as written)."""

    def __init__(self, wanted: str, first: tuple[int, str], second: tuple[int, str]) -> None:
        self.wanted, self.first, self.second = wanted, first, second
        super().__init__(
            f"the columns '{first[1]}' (column {first[0] + 1}) and '{second[1]}' (column "
            f"{second[0] + 1}) both read as '{wanted}'."
        )


def find_header(headers: Sequence[str], wanted: str) -> int | None:
    """The position of ``wanted`` among ``headers`` (stripped), or None.

    The header written exactly so wins; else the one header of the same spelling
    (:func:`header_key`: case, spacing, "&"/"and").

    Raises
    ------
    HeaderCollision
        When two headers match equally well.
    """
    found = [i for i, h in enumerate(headers) if h == wanted]
    if not found:
        key = header_key(wanted)
        found = [i for i, h in enumerate(headers) if h and header_key(h) == key]
    if len(found) > 1:
        first, second = found[:2]
        raise HeaderCollision(wanted, (first, headers[first]), (second, headers[second]))
    return found[0] if found else None


def missing_headers(headers: Sequence[str]) -> list[str]:
    """The required headers (identifier first) that ``headers`` lacks."""
    return [c.header for c in (ID_COLUMN, *REQUIRED) if find_header(headers, c.header) is None]


@dataclass(frozen=True)
class Layout:
    """Where the columns the reader needs sit in the export (0-based positions).

    ``columns`` are the value columns in output order; ``tags`` the policy-area and tag
    columns as (position, output name). Every other column is left unread.
    """

    id_position: int
    columns: tuple[tuple[Column, int], ...]
    tags: tuple[tuple[int, str], ...]


def _pattern_column(key: str, header: str) -> tuple[str, Column | None]:
    """What an unnamed-in-advance header is: ("value", column), ("star", column),
    ("tag", None) or ("", None) for a column left unread."""
    if match := _DIOG_PER_VALUE.match(key):
        name = f"did_it_open_government_{snake(match.group(1) or match.group(2))}"
        return "value", Column(header, name, "scale", DidItOpenGovernment)
    if match := _STARRED.match(key):
        rest = match.group(1)
        stage = "_progress" if "progress" in rest else ""
        stage = "_end_of_term" if "end of term" in rest else stage
        if not stage and snake(rest):
            stage = f"_{snake(rest)}"  # "Starred (2015 Only)": the formula of 2015
        return "star", Column(header, f"ogp_starred{stage}", "flag")
    if _TAG.match(key):
        return "tag", None
    return "", None


def plan_columns(headers: Sequence[str]) -> Layout:
    """Find every column to read among ``headers`` (as written, stripped; "" when empty).

    Beyond the required and optional columns: per-value "Did it open government?" right
    after the overall one, OGP's own star columns last; "Policy Area"/"Tag" columns are
    tags. Numeric companions ("_..."), empty-named and unknown columns are not read here.

    Raises
    ------
    HeaderCollision
        When two headers read as the same column.
    """
    id_position = find_header(headers, ID_HEADER)
    if id_position is None:
        raise ValueError(f"no '{ID_HEADER}' column: check missing_headers first.")
    used = {id_position}
    specs: list[tuple[Column, int]] = []
    for known in (*REQUIRED, *OPTIONAL):
        position = find_header(headers, known.header)
        if position is not None:
            specs.append((known, position))
            used.add(position)
    found: dict[str, list[tuple[Column | str, int]]] = {"value": [], "star": [], "tag": []}
    seen: dict[str, int] = {}
    for position, header in enumerate(headers):
        if position in used or not header or header.startswith(COMPANION_MARK):
            continue
        kind, column = _pattern_column(header_key(header), header)
        if not kind:
            continue
        name = column.name if column is not None else snake(header)
        if name in seen:
            raise HeaderCollision(name, (seen[name], headers[seen[name]]), (position, header))
        seen[name] = position
        found[kind].append((column if column is not None else name, position))
    per_value = [(c, p) for c, p in found["value"] if isinstance(c, Column)]
    after_overall = 1 + next(
        i for i, (c, _) in enumerate(specs) if c.name == "did_it_open_government_overall"
    )
    specs[after_overall:after_overall] = per_value
    specs.extend((c, p) for c, p in found["star"] if isinstance(c, Column))
    tags = tuple((p, str(n)) for n, p in found["tag"])
    return Layout(id_position, tuple(specs), tags)


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
    "national_or_local": pd.CategoricalDtype(["National", "Local", "Other"], ordered=False),
    "text": "string",
}

_INVALID: dict[str, str] = {
    "flag": "not a yes/no value",
    "year": "not a four-digit year",
    "national_or_local": "not National, Local, Legacy Local or Other",
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


def parse_legacy_local(texts: pd.Series) -> pd.Series:
    """Whether each "National Or Local" cell says "Legacy Local" (how the export labels
    local action plans), as ``boolean``; <NA> where the cell is no level of government."""

    def legacy(text: str | None) -> bool | None:
        key = normalise(text or "")
        return key == _LEGACY_LOCAL if key in _NATIONAL_OR_LOCAL else None

    return map_boolean(texts, legacy)


def invalid_message(spec: Column) -> str:
    """Why a cell of ``spec``'s column could not be read, e.g. "not a four-digit year"."""
    if spec.scale is None:
        return _INVALID[spec.kind]
    scale = spec.scale
    return f"not a level of the IRM's {scale.title()} ({', '.join(m.label for m in scale)})"
