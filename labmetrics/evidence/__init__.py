"""The evidence engine: milestone indicators, computed completion levels, the rows behind them.

For a period (inclusive days ``start``–``end``) :func:`compute_indicators` computes every
indicator of :mod:`labmetrics.indicators` from a :class:`~labmetrics.dataset.LabData`, each
with the source rows behind its figure. :func:`assess` then rates each milestone of a
commitment by the thresholds of its YAML file, and the commitment as a whole by
:func:`overall_completion`; an assessment's stated completion is kept beside it, never
replacing it. :func:`compare_periods`, :func:`recommendations` and
:func:`write_evidence_csv` serve the report's "change", "recommendations" and open-data parts.

Definitions (each also written in the catalogues, ``evidence.indicators.<id>.explanation``):

* cumulative figures (groups mapped, network partners, contributors) count rows dated on or
  before the end of the period; "in period" figures count rows dated inside it;
* a space is open in the period when it opened on or before its end and did not close before
  its start; a project runs in the period on the same rule with its start and end dates;
* a joint project is a running project with at least one partner group, proposals excluded;
  shares are over joint projects, an unknown flag or licence counting as "no".

Modules: ``results`` (what is returned), ``indicator_text`` (indicators, levels and values
in words), ``window`` (the period's rows), ``milestone1``–``milestone3`` (each milestone's
indicators), ``compute`` (all of them, and the spaces' table), ``completion`` (levels and
:func:`assess`), ``compare``, ``recommend``, ``export`` (CSV).
"""

from __future__ import annotations

from labmetrics.evidence.compare import compare_periods
from labmetrics.evidence.completion import assess, milestone_level, overall_completion
from labmetrics.evidence.compute import compute_indicators, space_table
from labmetrics.evidence.export import write_evidence_csv
from labmetrics.evidence.indicator_text import (
    OP_SIGNS,
    figure_as_of,
    format_gap,
    format_value,
    indicator_explanation,
    indicator_label,
    level_name,
    missing_column,
    no_data_reason,
)
from labmetrics.evidence.recommend import (
    LITTLE_USED_FRACTION,
    Gap,
    Quantity,
    Recommendation,
    recommendations,
)
from labmetrics.evidence.results import (
    CommitmentEvidence,
    Indicator,
    MilestoneEvidence,
    ThresholdCheck,
)
from labmetrics.evidence.window import DAY, period_bounds

__all__ = [
    "DAY",
    "LITTLE_USED_FRACTION",
    "OP_SIGNS",
    "CommitmentEvidence",
    "Gap",
    "Indicator",
    "MilestoneEvidence",
    "Quantity",
    "Recommendation",
    "ThresholdCheck",
    "assess",
    "compare_periods",
    "compute_indicators",
    "figure_as_of",
    "format_gap",
    "format_value",
    "indicator_explanation",
    "indicator_label",
    "level_name",
    "milestone_level",
    "missing_column",
    "no_data_reason",
    "overall_completion",
    "period_bounds",
    "recommendations",
    "space_table",
    "write_evidence_csv",
]
