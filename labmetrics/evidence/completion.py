"""Completion levels: each milestone's by the rules of its commitment file, and the whole's.

An assessment's stated completion is kept beside the computed one, never replacing it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from labmetrics.commitment import RULE_LEVELS, Assessment, Commitment, Milestone, check_assessment
from labmetrics.dataset import LabData
from labmetrics.evidence.compute import compute_indicators, space_table
from labmetrics.evidence.results import CommitmentEvidence, MilestoneEvidence, ThresholdCheck
from labmetrics.evidence.window import period_bounds
from labmetrics.irm import Completion


def milestone_level(milestone: Milestone, values: Mapping[str, float],
                    no_data: Collection[str] = ()) -> tuple[Completion, tuple[ThresholdCheck, ...]]:
    """Rate a milestone from its indicators' values by its completion rules.

    Levels are checked from Complete down; the first whose conditions all hold is reached.
    When none is, the milestone is Not Started. Every condition of every level is returned
    checked, for the explanation. A condition on an indicator of ``no_data`` (a column it
    needs is absent) is not met and is marked as not checked.
    """
    checks = tuple(
        ThresholdCheck(level=level, indicator=c.indicator, op=c.op, threshold=c.value,
                       value=float(values[c.indicator]),
                       met=c.indicator not in no_data and c.holds(values[c.indicator]),
                       no_data=c.indicator in no_data)
        for level in RULE_LEVELS for c in milestone.rules[level]
    )
    for level in RULE_LEVELS:
        if all(c.met for c in checks if c.level is level):
            return level, checks
    return Completion.NOT_STARTED, checks


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


def assess(data: LabData, commitment: Commitment, start: Any, end: Any,
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
    indicators = compute_indicators(data, s, e)
    values = {k: v.value for k, v in indicators.items()}
    no_data = {k for k, v in indicators.items() if v.no_data}
    milestones = []
    for m in commitment.milestones:
        level, checks = milestone_level(m, values, no_data)
        milestones.append(MilestoneEvidence(
            milestone=m, indicators=MappingProxyType({i: indicators[i] for i in m.indicators}),
            level=level, checks=checks,
        ))
    return CommitmentEvidence(
        commitment=commitment, start=s, end=e,
        indicators=MappingProxyType(indicators),
        milestones=tuple(milestones),
        computed=overall_completion([m.level for m in milestones]),
        spaces=space_table(data, s, e, commitment.labs, indicators),
        assessment=assessment,
    )
