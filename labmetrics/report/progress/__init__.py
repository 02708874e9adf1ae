"""The sections of the IRM-style progress report on a commitment.

:func:`prepare` reads everything the report needs once (data, commitment, assessment,
evidence of the period and of a previous one, the OGP export); each ``build_*`` function
returns one section as a :data:`~labmetrics.report.blocks.Section` and each ``show_*``
publishes it, so that the notebook ``notebooks/irm_progress_report.ipynb`` is one call per
section. The sections follow the chapter the IRM writes on a commitment: at a glance, the
commitment and its milestones, what happened per milestone, did it open government, change,
comparison with commitments of its kind, recommendations, method and sources.

``inputs`` reads them; ``glance`` writes the opening (intro, at a glance with the
star, the commitment); ``milestones``, ``open_government``, ``change`` and ``comparison``
one section each; ``method`` the recommendations, method and sources; ``reading`` the
evaluator's reading; ``progress_text`` the words they share.
"""

from __future__ import annotations

from collections.abc import Iterable

from labmetrics.report.blocks import Section, shower
from labmetrics.report.progress.change import build_change, change_table
from labmetrics.report.progress.comparison import (
    GROUPS,
    RATINGS,
    STAGE_COLUMNS,
    STAR_COLUMNS,
    VALUE_COLUMNS,
    Comparison,
    build_comparison,
    compare_with_ogp,
    distribution,
    own_ratings,
    peer_groups,
    standing,
)
from labmetrics.report.progress.glance import (
    build_at_a_glance,
    build_commitment,
    build_intro,
    ratings_table,
    star,
    star_reasons,
)
from labmetrics.report.progress.inputs import STAGES, ProgressReport, prepare, save_evidence
from labmetrics.report.progress.method import build_method, build_recommendations
from labmetrics.report.progress.milestones import (
    BREAKDOWN_CHARTS,
    build_milestone,
    build_milestones,
    thresholds_frame,
)
from labmetrics.report.progress.open_government import (
    VALUE_INDICATORS,
    build_open_government,
    open_government_table,
    supporting_indicators,
)

__all__ = [
    "BREAKDOWN_CHARTS", "GROUPS", "RATINGS", "SECTIONS", "STAGES", "STAGE_COLUMNS", "STAR_COLUMNS",
    "VALUE_COLUMNS", "VALUE_INDICATORS", "Comparison", "ProgressReport", "build_at_a_glance",
    "build_change", "build_commitment", "build_comparison", "build_intro", "build_method",
    "build_milestone", "build_milestones", "build_open_government", "build_recommendations",
    "change_table", "compare_with_ogp", "distribution", "open_government_table", "own_ratings",
    "peer_groups", "prepare", "ratings_table", "save_evidence", "sections", "show_at_a_glance",
    "show_change", "show_commitment", "show_comparison", "show_intro", "show_method",
    "show_milestones", "show_open_government", "show_recommendations", "standing", "star",
    "star_reasons", "supporting_indicators", "thresholds_frame",
]

show_intro = shower(build_intro)
show_at_a_glance = shower(build_at_a_glance)
show_commitment = shower(build_commitment)
show_milestones = shower(build_milestones)
show_open_government = shower(build_open_government)
show_change = shower(build_change)
show_comparison = shower(build_comparison)
show_recommendations = shower(build_recommendations)
show_method = shower(build_method)


# The page's sections in order: the notebook shows each with its ``show_`` function, one
# per cell, in this order (tests/test_notebooks.py holds the notebook to it).
SECTIONS = (
    build_intro, build_at_a_glance, build_commitment, build_milestones, build_open_government,
    build_change, build_comparison, build_recommendations, build_method,
)


def sections(report: ProgressReport, lang: str) -> Iterable[Section]:
    """Every section of the report, in order (the notebook shows them one per cell)."""
    for builder in SECTIONS:
        yield builder(report, lang)
