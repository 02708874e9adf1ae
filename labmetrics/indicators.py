"""The indicator registry: every figure labmetrics can compute, free of any milestone.

A commitment file binds indicators to its own milestones (numbered 1..N, in any order); the
registry says only what each indicator is. This is vocabulary only (id, unit, the data set
its rows come from, the optional columns it cannot be computed without), so that
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
    """One indicator: its id, its unit and its source data set.

    A ``share`` is a fraction between 0 and 1. ``needs`` names the optional columns
    (data set, column) the figure is computed from: when a source file has no such column
    (absent, not empty), the indicator has no data rather than a figure of zero.
    """

    id: str
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


# Joint projects are the projects with partner groups: every project figure needs them.
_JOINT = ("projects", "partner_group_ids")
_JOINED = ("groups", "network_joined_on")

_SPECS = (
    # The collaborative mapping and the public network of partners.
    IndicatorSpec("groups_mapped", "count", "groups"),
    IndicatorSpec("groups_mapped_in_period", "count", "groups"),
    IndicatorSpec("mapping_contributors", "count", "groups", (("groups", "mapped_by"),)),
    IndicatorSpec("network_partners", "count", "groups", (_JOINED,)),
    IndicatorSpec("spaces_with_partners", "count", "spaces",
                  (_JOINED, ("groups", "partner_space_ids"))),
    # The spaces and how much the groups use them.
    IndicatorSpec("coworking_spaces", "count", "spaces", (("spaces", "formats"),)),
    IndicatorSpec("coworking_seats", "count", "spaces",
                  (("spaces", "formats"), ("spaces", "seats"))),
    IndicatorSpec("usage_hours", "hours", "usage"),
    IndicatorSpec("coworking_hours", "hours", "usage"),
    IndicatorSpec("groups_using_spaces", "count", "groups", (("usage", "group_id"),)),
    # Projects built with the groups, with open tools.
    IndicatorSpec("joint_projects", "count", "projects", (_JOINT,)),
    IndicatorSpec("joint_projects_delivered", "count", "projects", (_JOINT,)),
    IndicatorSpec("project_partner_groups", "count", "groups", (_JOINT,)),
    IndicatorSpec("osi_licence_share", "share", "projects",
                  (_JOINT, ("projects", "licence"))),
    IndicatorSpec("open_data_used_share", "share", "projects",
                  (_JOINT, ("projects", "open_data_used"))),
    IndicatorSpec("open_data_published_share", "share", "projects",
                  (_JOINT, ("projects", "open_data_published"))),
    IndicatorSpec("participants_reached", "count", "projects",
                  (_JOINT, ("projects", "participants_reached"))),
)

INDICATORS: dict[str, IndicatorSpec] = {s.id: s for s in _SPECS}
"""Every indicator, by id, in the order reports show them."""


PER_SPACE: dict[str, str] = {
    "usage_hours": "usage_hours", "coworking_hours": "coworking_hours",
    "groups_using_spaces": "groups_using", "network_partners": "network_partners",
    "spaces_with_partners": "network_partners", "joint_projects": "joint_projects",
    "participants_reached": "participants_reached",
}
"""Indicators with a figure per space, to the column of the spaces' table holding it: a
condition may ask it of each space (``each: labs``)."""

PER_PERIODS = ("month", "quarter")
"""The calendar periods a condition may divide a figure by (``per: month``)."""

EACH_SPACES = ("labs", "spaces")
"""Which spaces ``each`` names in words: the labs the commitment names, or every space open
in the period (a list of space ids names them one by one)."""

USE_INDICATORS = ("usage_hours", "coworking_hours", "groups_using_spaces")
"""The indicators counted from the uses of the spaces: a commitment's ``counting`` may narrow
them to some formats of use (``formats``) or to the uses by groups (``open_events: false``
leaves out the uses with no group, the open events)."""
