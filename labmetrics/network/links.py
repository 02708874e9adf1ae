"""The links between groups, spaces and projects in a window, as small aggregated tables.

Each function reads a whole validated table once, vectorised, and returns one row per link.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.network.periods import DAY, within
from labmetrics.projects import counted

SpaceFilter = Iterable[str] | str | None

PARTNER_COLUMNS = (("groups", "network_joined_on"),)
"""The columns (data set, column) without which network partners cannot be counted."""


def uncounted_partners(data: LabData) -> tuple[tuple[str, str], ...]:
    """The columns of :data:`PARTNER_COLUMNS` absent from the data's files: when any is,
    partners cannot be counted and their figures are NaN, never zero."""
    return tuple((d, c) for d, c in PARTNER_COLUMNS if c in data.absent_columns(d))


def space_filter(spaces: SpaceFilter) -> set[str] | None:
    """Return the space ids to keep (``"S01,S02"`` or a list), or None for every space."""
    if spaces is None:
        return None
    items = spaces.split(",") if isinstance(spaces, str) else spaces
    kept = {str(s).strip() for s in items if str(s).strip()}
    return kept or None


def _keep_spaces(ids: pd.Series, keep: set[str] | None) -> pd.Series:
    return pd.Series(True, index=ids.index) if keep is None else ids.isin(list(keep))


def usage_links(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                keep: set[str] | None = None) -> pd.DataFrame:
    """Group–space pairs that used a space in the window: uses, hours, first and last use.

    One row per pair, sorted by group and space id, as grouping the usage rows by both ids
    gives it; each pair is grouped by one number (:func:`usage_pair_codes`), which costs a
    fraction of grouping by two columns of text on a large usage table.
    """
    usage = data.usage
    groups, group_ids, spaces, space_ids = usage_pair_codes(data)
    mask = within(usage["date"], start, end) & usage["group_id"].notna()
    mask &= _keep_spaces(usage["space_id"], keep)
    rows = mask.to_numpy(dtype=bool) & (spaces >= 0)  # as grouping drops a missing id
    n_spaces = len(space_ids)
    pairs = pd.DataFrame({"pair": groups[rows] * n_spaces + spaces[rows],
                          "date": usage["date"].to_numpy()[rows],
                          "hours": usage["hours"].to_numpy()[rows]})
    # Rows of a pair in their order in the table, as grouping by the two ids takes them:
    # the same sums.
    linked = pairs.groupby("pair", sort=True).agg(
        uses=("date", "size"), hours=("hours", "sum"), first_used=("date", "min"),
        last_used=("date", "max"))
    codes = linked.index.to_numpy()
    out = pd.DataFrame({"group_id": group_ids.take(codes // n_spaces),
                        "space_id": space_ids.take(codes % n_spaces)})
    for column in linked.columns:
        out[column] = linked[column].to_numpy()
    return out


def usage_pair_codes(data: LabData) -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Index]:
    """Each usage row's group and space as numbers in the order of their sorted ids (-1
    when missing), and the ids: ``group_codes, group_ids, space_codes, space_ids``. Worked
    out once per data (:meth:`LabData.derived`)."""
    def codes() -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Index]:
        groups, group_ids = pd.factorize(data.usage["group_id"], sort=True)
        spaces, space_ids = pd.factorize(data.usage["space_id"], sort=True)
        return (groups.astype(np.int64), pd.Index(group_ids), spaces.astype(np.int64),
                pd.Index(space_ids))

    return data.derived("usage_pair_codes", ("usage",), codes)


def membership_links(data: LabData, end: pd.Timestamp,
                     keep: set[str] | None = None) -> pd.DataFrame:
    """Group–space pairs of network partners who joined on or before ``end``."""
    groups = data.groups
    joined = groups.loc[groups["network_joined_on"] < end + DAY,
                        ["group_id", "partner_space_ids", "network_joined_on"]]
    pairs = (joined.explode("partner_space_ids")
             .rename(columns={"partner_space_ids": "space_id",
                              "network_joined_on": "joined_on"})
             .dropna(subset=["space_id"]))
    pairs = pairs.loc[_keep_spaces(pairs["space_id"], keep)]
    return pairs.drop_duplicates(["group_id", "space_id"]).reset_index(drop=True)


def projects_in(data: LabData, start: pd.Timestamp | None, end: pd.Timestamp | None,
                keep: set[str] | None = None) -> pd.DataFrame:
    """Projects that count (:mod:`labmetrics.projects`: no proposals) running at some time
    in the window (an open end runs on).

    With ``keep``, only projects involving one of those spaces, and only those spaces.
    ``start``/``end`` None leave that side unbounded.
    """
    projects = data.projects
    mask = counted(projects["status"].astype("string"))
    if end is not None:
        mask &= projects["started_on"] < end + DAY
    if start is not None:
        mask &= projects["ended_on"].isna() | (projects["ended_on"] >= start)
    running = projects.loc[mask]
    if keep is not None:
        # A short table (one row per project): a per-row set test is cheap here.
        running = running.assign(space_ids=running["space_ids"].map(
            lambda ids: [s for s in ids if s in keep]))
        running = running.loc[running["space_ids"].map(len) > 0]
    return running.reset_index(drop=True)


def project_partners(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project and partner group: project_id, group_id."""
    pairs = (projects[["project_id", "partner_group_ids"]]
             .explode("partner_group_ids")
             .rename(columns={"partner_group_ids": "group_id"})
             .dropna(subset=["group_id"]))
    return pairs.drop_duplicates().reset_index(drop=True)


def project_spaces(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project and space involved: project_id, space_id."""
    pairs = (projects[["project_id", "space_ids"]]
             .explode("space_ids")
             .rename(columns={"space_ids": "space_id"})
             .dropna(subset=["space_id"]))
    return pairs.drop_duplicates().reset_index(drop=True)
