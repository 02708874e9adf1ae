"""Recommendations derived from the evidence: milestone gaps, the lagging lab, idle spaces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labmetrics import config
from labmetrics.assumptions import LITTLE_USED_FRACTION
from labmetrics.commitment import Text
from labmetrics.evidence.indicator_text import (
    OP_SIGNS,
    format_gap,
    format_value,
    indicator_label,
    level_name,
    shown,
)
from labmetrics.evidence.results import CommitmentEvidence, ThresholdCheck
from labmetrics.i18n import t
from labmetrics.indicators import INDICATORS, Unit
from labmetrics.irm import IRMTerm


@dataclass(frozen=True)
class Quantity:
    """A number in a recommendation, written for the reader's language by its unit."""

    value: float
    unit: Unit = "count"


@dataclass(frozen=True)
class Gap:
    """How far a figure is from a threshold, written as the page shows both
    (:func:`~labmetrics.evidence.indicator_text.format_gap`: a share's in percentage points)."""

    value: float
    threshold: float
    unit: Unit = "count"

    @property
    def size(self) -> float:
        """The gap as written: shown threshold minus shown value, a share's in points."""
        return abs(shown(self.threshold, self.unit) - shown(self.value, self.unit))


@dataclass(frozen=True)
class Recommendation:
    """A recommendation derived from the evidence: a catalogue key and the values it needs.

    ``values`` holds names (str), :class:`Quantity`, :class:`Gap`,
    :class:`~labmetrics.commitment.Text`, IRM levels and indicator ids (under keys starting
    with ``indicator``), each written for the language asked in :meth:`text`.
    """

    key: str
    values: Mapping[str, Any]
    milestone: int | None = None
    space_id: str | None = None

    def text(self, lang: str = config.DEFAULT_LANG) -> str:
        """The recommendation in ``lang``."""
        return t(self.key, lang, **{k: _write(k, v, lang) for k, v in self.values.items()})


def _write(key: str, value: Any, lang: str) -> str:
    if isinstance(value, Quantity):
        return format_value(value.value, value.unit, lang)
    if isinstance(value, Gap):
        return format_gap(value.value, value.threshold, value.unit, lang)
    if isinstance(value, Text):
        return value.text(lang)
    if isinstance(value, IRMTerm):
        return level_name(value, lang)
    if isinstance(value, ThresholdCheck):
        return value.label(lang)
    if key.startswith("indicator"):
        return indicator_label(str(value), lang)
    return str(value)


def _milestone_gaps(evidence: CommitmentEvidence) -> list[Recommendation]:
    out = []
    for m in evidence.milestones:
        # A condition on a figure without data is not a gap to close but a column to add:
        # the report's method lists it.
        for gap in (g for g in m.gaps() if not g.no_data):
            unit = INDICATORS[gap.indicator].unit
            # A gap too small to show (0 h where "> 0" is asked, 69.6% for 70%) is not stated.
            written = Gap(gap.value, gap.threshold, unit)
            key = "milestone_behind" if written.size else "milestone_behind_at_threshold"
            out.append(Recommendation(
                key=f"evidence.recommendations.{key}", milestone=m.number,
                values={"milestone": str(m.number), "title": m.milestone.title,
                        "level": m.level, "next_level": gap.level,
                        "indicator": gap.indicator if gap.plain else gap,
                        "op": OP_SIGNS[gap.op],
                        "threshold": Quantity(gap.threshold, unit),
                        "value": Quantity(gap.value, unit),
                        "gap": written},
            ))
    return out


def _least_developed_lab(evidence: CommitmentEvidence) -> list[Recommendation]:
    labs = evidence.spaces.loc[evidence.spaces["lab"].notna()]
    if len(labs) < 2 or labs[["usage_hours", "network_partners"]].isna().any(axis=None):
        return []  # ranking labs on a figure without data would read it as zero
    ranked = labs.sort_values(["usage_hours", "network_partners", "space_id"],
                              ascending=[True, True, True])
    least, best = ranked.iloc[0], ranked.iloc[-1]
    if (least["usage_hours"], least["network_partners"]) >= \
            (best["usage_hours"], best["network_partners"]):
        return []
    values: dict[str, Any] = {
        "lab": str(least["lab"]), "hours": Quantity(least["usage_hours"], "hours"),
        "partners": Quantity(least["network_partners"]), "best_lab": str(best["lab"]),
        "best_hours": Quantity(best["usage_hours"], "hours"),
        "best_partners": Quantity(best["network_partners"])}
    # The model to follow is the evaluator's to name: the busiest lab by the figures is
    # advised only when the assessment names none, and a difference is said, not hidden.
    named = evidence.assessment.model_recommendation if evidence.assessment else None
    key = "least_developed_lab"
    if named is not None and named.model_lab != values["lab"]:
        key = "least_developed_lab_model" if named.model_lab == values["best_lab"] \
            else "least_developed_lab_model_differs"
        values |= {"model": str(named.model_lab), "number": str(named.number)}
    return [Recommendation(key=f"evidence.recommendations.{key}",
                           space_id=str(least["space_id"]), values=values)]


def _little_used(evidence: CommitmentEvidence, fraction: float) -> list[Recommendation]:
    spaces = evidence.spaces
    hours = spaces["usage_hours"]
    if not len(spaces) or hours.sum() == 0:
        return []
    median = float(hours.median())
    little = spaces.loc[(hours < fraction * median) | (hours == 0)]
    return [Recommendation(
        key="evidence.recommendations.space_little_used", space_id=str(row.space_id),
        values={"space": str(row.name), "hours": Quantity(row.usage_hours, "hours"),
                "median": Quantity(median, "hours"),
                "fraction": Quantity(fraction, "share")},
    ) for row in little.sort_values(["usage_hours", "space_id"]).itertuples(index=False)]


def recommendations(evidence: CommitmentEvidence,
                    little_used_fraction: float = LITTLE_USED_FRACTION
                    ) -> list[Recommendation]:
    """Recommendations derived from the evidence, most specific first.

    * per milestone below Complete, each unmet threshold of the next level, with its gap;
    * the least developed of the commitment's labs (fewest hours of use, then fewest network
      partners), against the most developed one, when they differ; the lab whose experience
      it should take up is the one the assessment's recommendations name as the model
      (saying so when the figures rank another lab first), else the most developed one;
    * each space open in the period whose hours of use fall below ``little_used_fraction``
      of the median space's, or that was not used at all.
    """
    return [*_milestone_gaps(evidence), *_least_developed_lab(evidence),
            *_little_used(evidence, little_used_fraction)]

