"""The star rule applied to rows of OGP's commitment export, one row explained or all at once.

Works on the columns :func:`labmetrics.irm.read_ogp_commitments` returns; a rating missing from
its value column may still be a known state (Withdrawn) or code (ND) in its ``_status`` column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

import pandas as pd

from labmetrics.irm._cells import is_missing, map_boolean
from labmetrics.irm.scales import Completion, OGPValue, PotentialImpact, Specificity, parse_yes_no
from labmetrics.irm.stars import (
    STAR_COMPLETION,
    STAR_SPECIFICITY,
    STAR_VALUES,
    StarFormula,
    StarResult,
    explain_star,
    star_impact,
)
from labmetrics.irm.terms import IRMError, IRMScale

__all__ = ["compute_stars", "explain_commitment"]

S = TypeVar("S", bound=IRMScale)

_STAGES = {
    "progress_report": "completion_progress_report",
    "end_of_term": "completion_end_of_term",
}

VALUE_COLUMNS: dict[OGPValue, str] = {
    OGPValue.ACCESS_TO_INFORMATION: "ogp_value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "ogp_value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "ogp_value_public_accountability",
    OGPValue.TECHNOLOGY_AND_INNOVATION: "ogp_value_technology",
}
"""The export's relevance flag column of each OGP value."""


def _cell_rating(row: Mapping[str, Any], column: str) -> Any:
    """A row's rating, or its status (a state label or an ND/NR/NA code) when missing."""
    value = row.get(column)
    if not is_missing(value):
        return value
    status = row.get(f"{column}_status")
    if is_missing(status) or status in _UNREAD:
        return None
    return status


# Statuses of a cell the reader could not trust: the verifiable rating does not stand in.
_UNREAD = ("blank", "invalid", "disagrees")


# Specificity statuses where "Verifiable" does not stand in: unreadable or contradicted cells,
# and NA, a plan of the refresh method, which gives no star.
_NO_STAND_IN = ("invalid", "disagrees", "NA")


def _verifiable(record: Mapping[str, Any]) -> Any:
    """The "Verifiable" rating where it may decide the specificity criterion, else None."""
    if record.get("specificity_status") in _NO_STAND_IN:
        return None
    value = record.get("verifiable")
    return None if is_missing(value) else value


def explain_commitment(
    row: Mapping[str, object] | pd.Series,
    *,
    stage: Literal["progress_report", "end_of_term"] = "end_of_term",
    formula: StarFormula = "current",
) -> StarResult:
    """Explain the star of one row of :func:`read_ogp_commitments`.

    Uses completion at ``stage``; status columns supply Withdrawn and the ND/NR/NA codes.
    """
    record: Mapping[str, object] = row.to_dict() if isinstance(row, pd.Series) else row
    if stage not in _STAGES:
        raise IRMError(f"'{stage}' is not a stage.", fix="use 'progress_report' or 'end_of_term'.")
    relevance = {v: _cell_rating(record, col) for v, col in VALUE_COLUMNS.items()}
    return explain_star(
        _cell_rating(record, "specificity"),
        relevance,
        _cell_rating(record, "potential_impact"),
        _cell_rating(record, _STAGES[stage]),
        formula,
        _verifiable(record),
    )


def _criterion_series(
    df: pd.DataFrame, column: str, scale: type[S], required: tuple[S, ...]
) -> pd.Series:
    """Three-valued test of one rating column, reading states from its status column."""
    values = df[column].astype(object)
    status_column = f"{column}_status"
    if status_column in df:
        # Where the value is missing, its status may be a known state such as Withdrawn.
        values = values.where(values.notna(), df[status_column].astype(object))

    def met(value: Any) -> bool | None:
        if is_missing(value):
            return None
        member = value if isinstance(value, scale) else scale.get(str(value))
        return None if member is None else member in required

    return map_boolean(values, met)


def _flag_series(df: pd.DataFrame, column: str) -> pd.Series:
    values = df[column]
    if isinstance(values.dtype, pd.BooleanDtype):
        return values
    return map_boolean(values, parse_yes_no)


def compute_stars(
    df: pd.DataFrame,
    *,
    completion: str = "completion_end_of_term",
    formula: StarFormula = "current",
) -> pd.Series:
    """The star of every row, vectorised, with three-valued logic (pandas ``boolean``).

    Parameters
    ----------
    df
        A frame with the columns of :func:`read_ogp_commitments` (``specificity``, the
        three ``ogp_value_*`` flags that count, ``potential_impact``, and ``completion``);
        ratings may be categoricals, members or text. ``<column>_status`` columns, when
        present, supply the states outside the order such as Withdrawn; ``verifiable``,
        when present, decides specificity where it is not rated.
    completion
        The completion column: ``completion_end_of_term`` or ``completion_progress_report``.
    formula
        ``"current"`` or ``"2014"``.

    Returns
    -------
    pandas.Series
        ``boolean`` dtype: True starred, False ruled out, <NA> left open by missing ratings.
    """
    impact_required = star_impact(formula)
    needed = ["specificity", "potential_impact", completion,
              *(VALUE_COLUMNS[v] for v in STAR_VALUES)]
    missing = [c for c in needed if c not in df]
    if missing:
        raise IRMError(
            f"cannot compute stars: missing column(s) {', '.join(missing)}.",
            fix="pass a frame from read_ogp_commitments or add those columns.",
        )
    relevance = _flag_series(df, VALUE_COLUMNS[STAR_VALUES[0]])
    for value in STAR_VALUES[1:]:
        relevance = relevance | _flag_series(df, VALUE_COLUMNS[value])  # Kleene or
    specific = _criterion_series(df, "specificity", Specificity, STAR_SPECIFICITY)
    if "verifiable" in df:
        # "Verifiable" stands in for a specificity the IRM did not rate (see stars.py).
        verifiable = _flag_series(df, "verifiable")
        if "specificity_status" in df:
            distrust = df["specificity_status"].isin(_NO_STAND_IN).to_numpy()
            verifiable = verifiable.mask(distrust)
        specific = specific.fillna(verifiable)
    stars = (
        specific
        & relevance
        & _criterion_series(df, "potential_impact", PotentialImpact, impact_required)
        & _criterion_series(df, completion, Completion, STAR_COMPLETION)
    )
    return stars.rename(None)
