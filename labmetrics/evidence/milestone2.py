"""Milestone 2's indicators: coworking spaces and how much the groups use the spaces."""

from __future__ import annotations

import pandas as pd

from labmetrics.evidence.results import Indicator
from labmetrics.evidence.window import (
    Window,
    count_by,
    group_rows,
    make_indicator,
    public_rows,
    space_names,
)
from labmetrics.schema import GROUP_KINDS


def _per_space_usage(usage: pd.DataFrame, spaces: pd.DataFrame, names: pd.DataFrame
                     ) -> pd.DataFrame:
    """Hours, uses and distinct groups per space: every open space, and any other one used."""
    agg = (usage.groupby("space_id", sort=False)
           .agg(hours=("hours", "sum"), uses=("hours", "size"), groups=("group_id", "nunique")))
    ids = pd.Index(spaces["space_id"]).append(agg.index.difference(spaces["space_id"]))
    table = agg.reindex(ids).fillna(0).rename_axis("space_id").reset_index()
    table = table.merge(names, on="space_id", how="left")
    table = table.astype({"hours": "float64", "uses": "int64", "groups": "int64"})
    return (table[["space_id", "name", "hours", "uses", "groups"]]
            .sort_values(["hours", "space_id"], ascending=[False, True])
            .reset_index(drop=True))


# The indicators compute_milestone_2 computes, in the order it returns them: the evidence computes
# a milestone's indicators only when one of them is asked for.
INDICATOR_IDS = (
    "coworking_spaces",
    "coworking_seats",
    "usage_hours",
    "coworking_hours",
    "groups_using_spaces",
)


def compute_milestone_2(w: Window) -> list[Indicator]:
    """The coworking and usage indicators of the period ``w``, in registry order."""
    coworking = w.spaces.loc[w.spaces["formats"].map(lambda f: "coworking" in f)
                             .astype(bool)]
    cw_rows = public_rows(coworking, "spaces")
    cw_usage = w.usage.loc[w.usage["format"].eq("coworking").fillna(False).astype(bool)]
    hours_by_group = (w.usage.dropna(subset=["group_id"])
                      .groupby("group_id").agg(hours=("hours", "sum"), uses=("hours", "size")))
    groups = group_rows(w, hours_by_group)
    names = space_names(w)
    return [
        make_indicator("coworking_spaces", len(coworking), cw_rows),
        make_indicator("coworking_seats", coworking["seats"].fillna(0).sum(), cw_rows),
        make_indicator("usage_hours", w.usage["hours"].sum(), public_rows(w.usage, "usage"),
                       _per_space_usage(w.usage, w.spaces, names)),
        make_indicator("coworking_hours", cw_usage["hours"].sum(),
                       public_rows(cw_usage, "usage"),
                       _per_space_usage(cw_usage, coworking, names)),
        make_indicator("groups_using_spaces", len(groups), groups,
                       count_by(groups, "kind", GROUP_KINDS, "groups")),
    ]
