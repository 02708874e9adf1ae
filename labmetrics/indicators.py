"""The indicator registry: which figures evidence which milestone of SAO0005.

This is vocabulary only (id, milestone, unit, the data set its rows come from, the optional
columns it cannot be computed without), so that
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

    A ``share`` is a fraction between 0 and 1. ``needs`` names the optional columns
    (data set, column) the figure is computed from: when a source file has no such column
    (absent, not empty), the indicator has no data rather than a figure of zero.
    """

    id: str
    milestone: int
    unit: Unit
    dataset: str
    needs: tuple[tuple[str, str], ...] = ()

    @property
    def label_key(self) -> str:
        """Message key of the indicator's label."""
        return f"evidence.indicators.{self.id}.label"

    @property
    def explanation_key(self) -> str:
        """Message key of the sentence saying how the indicator is computed."""
        return f"evidence.indicators.{self.id}.explanation"


# Joint projects are the projects with partner groups: every figure of milestone 3 needs them.
_JOINT = ("projects", "partner_group_ids")
_JOINED = ("groups", "network_joined_on")

_SPECS = (
    # Milestone 1: collaborative mapping and the public network of partners.
    IndicatorSpec("groups_mapped", 1, "count", "groups"),
    IndicatorSpec("groups_mapped_in_period", 1, "count", "groups"),
    IndicatorSpec("mapping_contributors", 1, "count", "groups", (("groups", "mapped_by"),)),
    IndicatorSpec("network_partners", 1, "count", "groups", (_JOINED,)),
    IndicatorSpec("spaces_with_partners", 1, "count", "spaces",
                  (_JOINED, ("groups", "partner_space_ids"))),
    # Milestone 2: coworking for the groups.
    IndicatorSpec("coworking_spaces", 2, "count", "spaces", (("spaces", "formats"),)),
    IndicatorSpec("coworking_seats", 2, "count", "spaces",
                  (("spaces", "formats"), ("spaces", "seats"))),
    IndicatorSpec("usage_hours", 2, "hours", "usage"),
    IndicatorSpec("coworking_hours", 2, "hours", "usage"),
    IndicatorSpec("groups_using_spaces", 2, "count", "groups", (("usage", "group_id"),)),
    # Milestone 3: open-government projects with the groups, with open tools.
    IndicatorSpec("joint_projects", 3, "count", "projects", (_JOINT,)),
    IndicatorSpec("joint_projects_delivered", 3, "count", "projects", (_JOINT,)),
    IndicatorSpec("project_partner_groups", 3, "count", "groups", (_JOINT,)),
    IndicatorSpec("osi_licence_share", 3, "share", "projects",
                  (_JOINT, ("projects", "licence"))),
    IndicatorSpec("open_data_used_share", 3, "share", "projects",
                  (_JOINT, ("projects", "open_data_used"))),
    IndicatorSpec("open_data_published_share", 3, "share", "projects",
                  (_JOINT, ("projects", "open_data_published"))),
    IndicatorSpec("participants_reached", 3, "count", "projects",
                  (_JOINT, ("projects", "participants_reached"))),
)

INDICATORS: dict[str, IndicatorSpec] = {s.id: s for s in _SPECS}
"""Every indicator, by id, in the order reports show them."""

MILESTONES: tuple[int, ...] = tuple(sorted({s.milestone for s in _SPECS}))
"""The milestone numbers the registry evidences."""


def indicators_of(milestone: int) -> tuple[IndicatorSpec, ...]:
    """The indicators that evidence ``milestone``, in registry order."""
    return tuple(s for s in _SPECS if s.milestone == milestone)
