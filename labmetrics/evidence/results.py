"""What the evidence engine returns: indicators, checked thresholds, milestones, commitment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from labmetrics import config
from labmetrics.commitment import (
    RULE_LEVELS,
    Assessment,
    Commitment,
    CompletionOverride,
    Milestone,
    by_number,
)
from labmetrics.evidence.indicator_text import (
    OP_SIGNS,
    condition_label,
    figure_as_of,
    format_value,
    indicator_label,
    level_name,
    no_data_reason,
)
from labmetrics.i18n import t
from labmetrics.indicators import INDICATORS, Unit
from labmetrics.irm import Completion
from labmetrics.period import DateLike


@dataclass(frozen=True, eq=False)
class Indicator:
    """One indicator's figure for a period, and the rows behind it.

    Attributes
    ----------
    id, unit
        As in the registry (:data:`labmetrics.indicators.INDICATORS`); the milestones that
        use it are the commitment's.
    value
        The figure: a count, hours, or a share between 0 and 1 (NaN when it has no
        denominator).
    rows
        The source rows the figure is computed from, public columns only.
    breakdown
        The figure split by lab, kind, status or licence, when that helps reading it.
    missing
        The columns (data set, column) the figure needs and the data does not have: then
        it has no data (``value`` NaN, never zero) and ``rows`` say why.
    distinct
        When one entity may count in several rows of the breakdown (a partner of two
        spaces, a project in two spaces), how many distinct entities the breakdown counts:
        the total of its bars, which their sum is not.
    """

    id: str
    unit: Unit
    value: float
    rows: pd.DataFrame
    breakdown: pd.DataFrame | None = None
    distinct: int | None = None
    missing: tuple[tuple[str, str], ...] = ()

    @property
    def no_data(self) -> bool:
        """Whether a column the figure needs is absent from the data."""
        return bool(self.missing)

    def label(self, lang: str = config.DEFAULT_LANG) -> str:
        """The indicator's name in ``lang``."""
        return indicator_label(self.id, lang)

    def formatted(self, lang: str = config.DEFAULT_LANG) -> str:
        """The value written for ``lang``: ``1.234``, ``1.234 h`` or ``45%`` in pt-BR, and
        ``sem dados`` when it has no data."""
        if self.no_data:
            return t("evidence.no_data.value", lang)
        return format_value(self.value, self.unit, lang)

    def reason(self, lang: str = config.DEFAULT_LANG) -> str | None:
        """Why the indicator has no data, in ``lang``; None when it has a figure."""
        return no_data_reason(self.missing, lang) if self.no_data else None


@dataclass(frozen=True)
class ThresholdCheck:
    """One condition of a completion level, checked against the period's figure."""

    level: Completion
    indicator: str
    op: str
    threshold: float
    value: float
    met: bool
    no_data: bool = False
    per: str | None = None
    each: str | tuple[str, ...] | None = None

    @property
    def plain(self) -> bool:
        """Whether the check is on the indicator's own figure (no ``per``, no ``each``)."""
        return self.per is None and self.each is None

    def label(self, lang: str = config.DEFAULT_LANG) -> str:
        """The figure checked, in words: ``Hours of use per month, in each lab``."""
        return condition_label(self.indicator, self.per, self.each, lang)

    @property
    def gap(self) -> float | None:
        """How far the figure is from the threshold: 0 when met, None when it has no data."""
        if np.isnan(self.value):
            return None
        return 0.0 if self.met else abs(self.threshold - self.value)

    def describe(self, lang: str = config.DEFAULT_LANG, as_of: DateLike | None = None) -> str:
        """``✓ Groups mapped ≥ 100 (311 em 31/12/2017)`` for ``lang``.

        ``as_of`` is the end of the period the figure stands at (a date); the figure is
        written with it, never as "now". A condition on an indicator without data says
        that it could not be checked.
        """
        unit = INDICATORS[self.indicator].unit
        if self.no_data:
            return t("evidence.explain.no_data", lang,
                     indicator=indicator_label(self.indicator, lang), op=OP_SIGNS[self.op],
                     threshold=format_value(self.threshold, unit, lang))
        return t("evidence.explain.met" if self.met else "evidence.explain.not_met", lang,
                 indicator=self.label(lang), op=OP_SIGNS[self.op],
                 threshold=format_value(self.threshold, unit, lang),
                 value=figure_as_of(self.value, unit, lang, as_of))


@dataclass(frozen=True, eq=False)
class MilestoneEvidence:
    """A milestone's indicators, its computed completion level and the checks behind it."""

    milestone: Milestone
    indicators: Mapping[str, Indicator]
    level: Completion
    checks: tuple[ThresholdCheck, ...]

    @property
    def number(self) -> int:
        """The milestone's number."""
        return self.milestone.number

    @property
    def next_level(self) -> Completion | None:
        """The level above the one reached, None when Complete."""
        higher = [lv for lv in reversed(RULE_LEVELS) if lv > self.level]
        return higher[0] if higher else None

    @property
    def unjudged(self) -> tuple[str, ...]:
        """The indicators of its conditions that have no data: the level could not be
        judged on them (a condition on them counts as not met)."""
        return tuple(dict.fromkeys(c.indicator for c in self.checks if c.no_data))

    def gaps(self) -> tuple[ThresholdCheck, ...]:
        """The unmet conditions of the next level up: what is missing to reach it."""
        nxt = self.next_level
        return tuple(c for c in self.checks if c.level is nxt and not c.met)

    def checks_frame(self) -> pd.DataFrame:
        """Every condition checked: level, indicator, op, threshold, value, met, gap, and
        whether the indicator had no data (then the condition was not checked)."""
        columns = ["level", "indicator", "op", "threshold", "value", "met", "gap", "no_data"]
        return pd.DataFrame(
            [{"level": c.level.label, "indicator": c.indicator, "op": c.op,
              "threshold": c.threshold, "value": c.value, "met": c.met, "gap": c.gap,
              "no_data": c.no_data, "per": c.per,
              "each": ";".join(c.each) if isinstance(c.each, tuple) else c.each}
             for c in self.checks],
            columns=[*columns, "per", "each"],
        )

    def explain(self, lang: str = config.DEFAULT_LANG, as_of: DateLike | None = None
                ) -> list[str]:
        """The level reached, then each level's conditions marked met or not, for ``lang``
        (each figure with the date it stands at, ``as_of``, when given)."""
        lines = [t("evidence.explain.level", lang, milestone=self.number,
                   level=level_name(self.level, lang))]
        if self.unjudged:
            lines.append(t("evidence.explain.unjudged", lang, indicators=", ".join(
                indicator_label(i, lang) for i in self.unjudged)))
        for level in RULE_LEVELS:
            lines.append(t("evidence.explain.conditions", lang, level=level_name(level, lang)))
            lines += [c.describe(lang, as_of) for c in self.checks if c.level is level]
        if self.level is Completion.NOT_STARTED:
            lines.append(t("evidence.explain.not_started", lang))
        return lines


@dataclass(frozen=True, eq=False)
class CommitmentEvidence:
    """Everything the evidence says about a commitment in a period.

    Attributes
    ----------
    commitment
        The commitment assessed.
    start, end
        The period, inclusive days.
    indicators
        The commitment's indicators, computed, in the commitment's order (no other is).
    milestones
        One :class:`MilestoneEvidence` per milestone of the commitment.
    computed
        The commitment's completion computed from the milestones
        (:func:`~labmetrics.evidence.overall_completion`).
    assessment
        The evaluator's judgments, when given; its stated completion is :attr:`override`.
    spaces
        One row per space open in the period, with its figures
        (:func:`~labmetrics.evidence.space_table`).
    """

    commitment: Commitment
    start: pd.Timestamp
    end: pd.Timestamp
    indicators: Mapping[str, Indicator]
    milestones: tuple[MilestoneEvidence, ...]
    computed: Completion
    spaces: pd.DataFrame
    assessment: Assessment | None = None

    @property
    def override(self) -> CompletionOverride | None:
        """The completion stated in the assessment, shown beside :attr:`computed`."""
        return self.assessment.completion_override if self.assessment else None

    def milestone(self, number: int) -> MilestoneEvidence:
        """The evidence of milestone ``number``."""
        return by_number(self.milestones, number)

    def indicator_table(self, lang: str | None = None) -> pd.DataFrame:
        """The commitment's indicators: milestone, indicator, value, unit (+ label in ``lang``)."""
        # Counts read as whole numbers beside shares and hours (an object column).
        rows = [{"milestone": m.number, "indicator": ind.id,
                 "value": _as_shown(ind.value, ind.unit), "unit": ind.unit}
                for m in self.milestones for ind in m.indicators.values()]
        table = pd.DataFrame(rows, columns=["milestone", "indicator", "value", "unit"])
        if lang is not None:
            table.insert(2, "label", [indicator_label(i, lang) for i in table["indicator"]])
            table["formatted"] = [format_value(v, u, lang)
                                  for v, u in zip(table["value"], table["unit"], strict=True)]
        return table



def _as_shown(value: Any, unit: str) -> Any:
    """A count as an int (None when missing); other units as they are."""
    if unit != "count" or value is None or value != value:
        return value
    return int(value)
