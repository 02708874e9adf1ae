"""The indicator registry: which figures evidence which milestone of SAO0005.

This is vocabulary only (id, milestone, unit, the data set its rows come from), so that
:mod:`labmetrics.commitment` can check a commitment file's indicator ids without importing
the evidence engine above it. :mod:`labmetrics.evidence` computes every indicator listed
here; labels, units and explanations live in ``labmetrics/locales/<lang>/evidence.yaml``
under ``evidence.indicators.<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["count", "share", "hours"]


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: its id, the milestone it evidences, its unit and its source data set.

    A ``share`` is a fraction between 0 and 1.
    """

    id: str
    milestone: int
    unit: Unit
    dataset: str

    @property
    def label_key(self) -> str:
        """Message key of the indicator's label."""
        return f"evidence.indicators.{self.id}.label"

    @property
    def explanation_key(self) -> str:
        """Message key of the sentence saying how the indicator is computed."""
        return f"evidence.indicators.{self.id}.explanation"


_SPECS = (
    # Milestone 1: collaborative mapping and the public network of partners.
    IndicatorSpec("groups_mapped", 1, "count", "groups"),
    IndicatorSpec("groups_mapped_in_period", 1, "count", "groups"),
    IndicatorSpec("mapping_contributors", 1, "count", "groups"),
    IndicatorSpec("network_partners", 1, "count", "groups"),
    IndicatorSpec("spaces_with_partners", 1, "count", "spaces"),
    # Milestone 2: coworking for the groups.
    IndicatorSpec("coworking_spaces", 2, "count", "spaces"),
    IndicatorSpec("coworking_seats", 2, "count", "spaces"),
    IndicatorSpec("usage_hours", 2, "hours", "usage"),
    IndicatorSpec("coworking_hours", 2, "hours", "usage"),
    IndicatorSpec("groups_using_spaces", 2, "count", "groups"),
    # Milestone 3: open-government projects with the groups, with open tools.
    IndicatorSpec("joint_projects", 3, "count", "projects"),
    IndicatorSpec("joint_projects_delivered", 3, "count", "projects"),
    IndicatorSpec("project_partner_groups", 3, "count", "groups"),
    IndicatorSpec("osi_licence_share", 3, "share", "projects"),
    IndicatorSpec("open_data_used_share", 3, "share", "projects"),
    IndicatorSpec("open_data_published_share", 3, "share", "projects"),
    IndicatorSpec("participants_reached", 3, "count", "projects"),
)

INDICATORS: dict[str, IndicatorSpec] = {s.id: s for s in _SPECS}
"""Every indicator, by id, in the order reports show them."""

MILESTONES: tuple[int, ...] = tuple(sorted({s.milestone for s in _SPECS}))
"""The milestone numbers the registry evidences."""


def indicators_of(milestone: int) -> tuple[IndicatorSpec, ...]:
    """The indicators that evidence ``milestone``, in registry order."""
    return tuple(s for s in _SPECS if s.milestone == milestone)
