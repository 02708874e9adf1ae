"""Completion levels: each milestone's by the rules of its commitment file, and the whole's.

An assessment's stated completion is kept beside the computed one, never replacing it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from types import MappingProxyType

import pandas as pd

from labmetrics.commitment import (
    RULE_LEVELS,
    Assessment,
    Commitment,
    Condition,
    Milestone,
    check_assessment,
)
from labmetrics.dataset import LabData
from labmetrics.evidence.compute import (
    narrow_indicators,
    space_table,
    window_indicators,
    with_no_data,
)
from labmetrics.evidence.results import CommitmentEvidence, MilestoneEvidence, ThresholdCheck
from labmetrics.evidence.window import period_bounds, period_window
from labmetrics.indicators import PER_SPACE
from labmetrics.irm import Completion
from labmetrics.period import DateLike


def milestone_level(milestone: Milestone, values: Mapping[str, float],
                    no_data: Collection[str] = (),
                    figure: Callable[[Condition], float] | None = None
                    ) -> tuple[Completion, tuple[ThresholdCheck, ...]]:
    """Rate a milestone from its indicators' values by its completion rules.

    Levels are checked from Complete down; the first whose conditions all hold is reached.
    When none is, the milestone is Not Started. Every condition of every level is returned
    checked, for the explanation. A condition on an indicator of ``no_data`` (a column it
    needs is absent) is not met and is marked as not checked. ``figure`` gives the figure a
    condition with ``per`` or ``each`` asks (:func:`condition_figure`); plain conditions read
    ``values``.
    """
    def actual(c: Condition) -> float:
        if c.plain or figure is None:
            return float(values[c.indicator])
        return float(figure(c))

    found: list[ThresholdCheck] = []
    for level in RULE_LEVELS:
        for c in milestone.rules[level]:
            value = actual(c)
            missing = c.indicator in no_data
            found.append(ThresholdCheck(level=level, indicator=c.indicator, op=c.op,
                                         threshold=c.value, value=value,
                                         met=not missing and c.holds(value), no_data=missing,
                                         per=c.per, each=c.each))
    checks = tuple(found)
    for level in RULE_LEVELS:
        if all(c.met for c in checks if c.level is level):
            return level, checks
    return Completion.NOT_STARTED, checks


def condition_figure(c: Condition, values: Mapping[str, float], spaces: pd.DataFrame,
                     start: pd.Timestamp, end: pd.Timestamp,
                     labs: Mapping[str, str] | None = None) -> float:
    """The figure a condition asks, from the period's values and its spaces' table.

    ``each`` takes the least figure of the spaces it names (a named space not open in the
    period counts 0; none named gives NaN); ``per`` then divides by the calendar months or
    quarters the period touches (2017-01-01 – 2017-12-31: 12 months, 4 quarters).
    """
    value = float(values[c.indicator])
    if c.each is not None:
        column = spaces.set_index("space_id")[PER_SPACE[c.indicator]]
        ids = (list((labs or {}).values()) if c.each == "labs"
               else list(spaces["space_id"]) if c.each == "spaces" else list(c.each))
        value = min((float(column.get(i, 0.0)) for i in ids), default=float("nan"))
    if c.per is not None:
        freq = {"month": "M", "quarter": "Q"}[c.per]
        value /= len(pd.period_range(start, end, freq=freq))
    return value


def overall_completion(levels: Sequence[Completion]) -> Completion:
    """Rate a whole commitment from its milestones' levels.

    The IRM rates the commitment as a whole; labmetrics does so by this rule: Complete when
    every milestone is complete; Not Started when none has started; Substantial when more
    than half of the milestones are Substantial or Complete; otherwise Limited. So one
    milestone lagging keeps a three-milestone commitment Substantial, two do not.
    """
    if not levels or all(lv is Completion.NOT_STARTED for lv in levels):
        return Completion.NOT_STARTED
    if all(lv is Completion.COMPLETE for lv in levels):
        return Completion.COMPLETE
    advanced = sum(lv >= Completion.SUBSTANTIAL for lv in levels)
    return Completion.SUBSTANTIAL if 2 * advanced > len(levels) else Completion.LIMITED


def assess(data: LabData, commitment: Commitment, start: DateLike, end: DateLike,
           assessment: Assessment | None = None) -> CommitmentEvidence:
    """Compute the evidence of ``commitment`` for the period and rate its completion.

    Parameters
    ----------
    data
        The validated data.
    commitment
        From :func:`labmetrics.commitment.read_commitment`.
    start, end
        The period, inclusive.
    assessment
        The evaluator's judgments; its stated completion is kept beside the computed one.

    Returns
    -------
    CommitmentEvidence
    """
    if assessment is not None:
        check_assessment(commitment, assessment)
    s, e = period_bounds(start, end)
    # The spaces' table counts every space and partner; the milestones count as the
    # commitment file says (its ``counting``).
    w = period_window(data, s, e)
    every = window_indicators(w)
    indicators = with_no_data(data, narrow_indicators(w, every, commitment.counting,
                                                      commitment.labs))
    every = with_no_data(data, every)
    values = {k: v.value for k, v in indicators.items()}
    no_data = {k for k, v in indicators.items() if v.no_data}
    spaces = space_table(data, s, e, commitment.labs, every)
    # A condition asked of each space reads its figure as the commitment counts it.
    counted = space_table(data, s, e, commitment.labs, indicators)

    def figure(c: Condition) -> float:
        return condition_figure(c, values, counted, s, e, commitment.labs)

    milestones = []
    for m in commitment.milestones:
        level, checks = milestone_level(m, values, no_data, figure)
        milestones.append(MilestoneEvidence(
            milestone=m, indicators=MappingProxyType({i: indicators[i] for i in m.indicators}),
            level=level, checks=checks,
        ))
    return CommitmentEvidence(
        commitment=commitment, start=s, end=e,
        indicators=MappingProxyType({i: indicators[i]
                                     for i in dict.fromkeys(commitment.indicator_ids)}),
        milestones=tuple(milestones),
        computed=overall_completion([m.level for m in milestones]),
        spaces=spaces,
        assessment=assessment,
    )
