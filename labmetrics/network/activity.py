"""Who is active when: one row per group, period and space it was active with.

A group is active in a period if it has a usage row dated in it, or is a partner of a
project whose ``started_on``–``ended_on`` meets it (an open end runs on). Its spaces in the
period are the spaces of those usage rows and of those projects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labmetrics.assumptions import BRIDGE_MIN_SPACES
from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.periods import DAY, sort_into


def single_window_edges(start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Bin edges for one window: bin 0 before ``start``, bin 2 the window, 3 after."""
    return np.array([start, start, end + DAY], dtype="datetime64[ns]").astype("int64")


def activity(data: LabData, edges: np.ndarray, keep: set[str] | None = None
             ) -> pd.DataFrame:
    """Return ``group_id, bin, space_id`` rows (space NA for a project with no space).

    ``bin`` follows :func:`labmetrics.network.periods.bin_edges`: 0 and 1 lie before the
    window, 2 onwards are its periods; nothing after the window is returned. Worked out
    once per data, edges and spaces kept (:meth:`LabData.derived`): growth, bridging and
    integration read the same rows.
    """
    key = ("activity", np.asarray(edges, dtype="int64").tobytes(),
           None if keep is None else frozenset(keep))
    rows = data.derived(key, ("usage", "projects"), lambda: _activity(data, edges, keep))
    return rows.copy(deep=False)  # a caller's new columns stay its own


def _activity(data: LabData, edges: np.ndarray, keep: set[str] | None) -> pd.DataFrame:
    last = len(edges) - 1
    usage = data.usage
    mask = usage["group_id"].notna()
    if keep is not None:
        mask &= usage["space_id"].isin(list(keep))
    bins = sort_into(edges, usage["date"])
    # The first row of each group, space (or none) and period, told apart by one number
    # (the ids' codes, links.usage_pair_codes) rather than by two columns of text.
    groups, _, spaces, space_ids = links.usage_pair_codes(data)
    rows = np.flatnonzero(mask.to_numpy(dtype=bool) & (bins <= last))
    key = ((groups[rows] * (len(space_ids) + 1) + spaces[rows] + 1) * (last + 1)
           + bins[rows])
    rows = rows[~pd.Series(key).duplicated().to_numpy()]
    used = usage[["group_id", "space_id"]].iloc[rows].assign(bin=bins[rows])

    projects = links.projects_in(data, None, None, keep)
    partners = links.project_partners(projects).merge(
        projects[["project_id", "started_on", "ended_on"]], on="project_id")
    first = sort_into(edges, partners["started_on"])
    final = np.minimum(sort_into(edges, partners["ended_on"]), last)
    counts = np.clip(final - first + 1, 0, None)
    # One row per project partner and period the project meets.
    which = np.repeat(np.arange(len(partners)), counts)
    offsets = np.arange(len(which)) - np.repeat(np.cumsum(counts) - counts, counts)
    spans = pd.DataFrame({
        "project_id": partners["project_id"].to_numpy()[which],
        "group_id": partners["group_id"].to_numpy()[which],
        "bin": first[which] + offsets,
    })
    joint = spans.merge(links.project_spaces(projects), on="project_id", how="left")
    rows = pd.concat([used, joint[["group_id", "bin", "space_id"]]], ignore_index=True)
    rows["group_id"] = rows["group_id"].astype("string")
    rows["space_id"] = rows["space_id"].astype("string")
    rows["bin"] = rows["bin"].astype("int64")
    return rows.drop_duplicates().reset_index(drop=True)


def bridging(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep the rows of :func:`activity` of groups bridging spaces in their period.

    A group bridges in a period when it is active with two or more distinct spaces there;
    the rows returned (``group_id, bin, space_id``, no missing space) name those spaces.
    """
    linked = rows.dropna(subset=["space_id"]).drop_duplicates(["group_id", "bin", "space_id"])
    spaces = linked.groupby(["group_id", "bin"], sort=False)["space_id"].transform("size")
    return linked.loc[spaces >= BRIDGE_MIN_SPACES].reset_index(drop=True)


def active_spaces(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                  keep: set[str] | None = None) -> pd.Series:
    """Distinct spaces each group active in ``start``–``end`` was active with.

    Indexed by ``group_id``; a group active only in projects with no space counts 0.
    """
    rows = activity(data, single_window_edges(start, end), keep)
    rows = rows.loc[rows["bin"] == 2]
    return rows.groupby("group_id", sort=True)["space_id"].nunique()


EARLY_USE_COLUMNS = ("group_id", "name", "mapped_on", "first_use", "uses_before_mapping")


def uses_before_mapping(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                        keep: set[str] | None = None) -> pd.DataFrame:
    """The groups with uses of ``start``–``end`` dated before their own mapping date.

    Such uses are counted as what they are (a group may use a space before anyone maps
    it); this table lets a report say how many there are. One row per group: the columns
    of ``EARLY_USE_COLUMNS``, most uses first.
    """
    usage = data.usage
    mask = usage["group_id"].notna() & (usage["date"] >= start) & (usage["date"] < end + DAY)
    if keep is not None:
        mask &= usage["space_id"].isin(list(keep))
    groups = data.groups[["group_id", "name", "mapped_on"]]
    # Only a use dated before its group's latest mapping date can be early: the rows joined
    # to the groups are those (a few), in their order, not every use of the window.
    codes, ids = links.usage_pair_codes(data)[:2]
    latest = groups.groupby("group_id")["mapped_on"].max().reindex(ids).to_numpy()
    bound = np.append(latest, np.datetime64("NaT")).astype(latest.dtype)[codes]
    mask &= usage["date"].to_numpy() < bound
    used = usage.loc[mask, ["group_id", "date"]].merge(groups, on="group_id", how="inner")
    early = used.loc[used["mapped_on"].notna() & (used["date"] < used["mapped_on"])]
    table = (early.groupby(["group_id", "name", "mapped_on"], sort=False, dropna=False)
             .agg(first_use=("date", "min"), uses_before_mapping=("date", "size"))
             .reset_index())
    table["uses_before_mapping"] = table["uses_before_mapping"].astype("int64")
    return (table.sort_values(["uses_before_mapping", "group_id"], ascending=[False, True])
            .reset_index(drop=True)[list(EARLY_USE_COLUMNS)])
