"""The public directory of the network of partners: who is in it on a day, who joined and
who left since another day, and how many asked not to be named.

A group is a partner on a day when it joined the network on or before that day and had not
left it (``network_left_on`` empty or later). A partner that opted out of the public listing
(``listing_opt_out``) is counted but never named: it appears in no row returned here. No
contact column is ever read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.network.periods import DAY, span
from labmetrics.period import DateLike

LISTED_COLUMNS = ("group_id", "name", "kind", "open_tech", "themes", "district_name",
                  "subprefeitura", "region", "network_joined_on", "network_left_on",
                  "space_ids", "spaces", "projects", "website")
"""What the directory says of a partner, in order: the page and its open data show these."""


@dataclass(frozen=True)
class Directory:
    """The directory of partners on ``as_of`` and its change since ``since``.

    Attributes
    ----------
    as_of, since
        The day of the directory and the earlier day it is compared with.
    partners
        The partners named on ``as_of``, one row each (:data:`LISTED_COLUMNS`), sorted by
        region, district and name; ``spaces`` and ``projects`` are lists of names.
    opted_out
        Partners on ``as_of`` who asked not to be named.
    joined, left
        Groups named that joined after ``since`` and are partners on ``as_of``, and groups
        that were partners on ``since`` and are not on ``as_of`` (same columns).
    joined_opted_out, left_opted_out
        How many of those who joined or left are not named.
    """

    as_of: pd.Timestamp
    since: pd.Timestamp
    partners: pd.DataFrame
    opted_out: int
    joined: pd.DataFrame
    left: pd.DataFrame
    joined_opted_out: int
    left_opted_out: int

    @property
    def total(self) -> int:
        """Every partner on ``as_of``, named or not."""
        return len(self.partners) + self.opted_out


def partners_on(groups: pd.DataFrame, day: DateLike) -> pd.Series:
    """Mask of the groups that are network partners on ``day`` (joined, not yet left)."""
    end = pd.Timestamp(day).normalize() + DAY
    joined = groups["network_joined_on"] < end
    left = groups["network_left_on"] < end
    return (joined & ~left).fillna(False).astype(bool)


def opted_out(groups: pd.DataFrame) -> pd.Series:
    """Mask of the groups that asked not to be listed (an empty answer is no)."""
    return groups["listing_opt_out"].fillna(False).astype(bool)


def year_before(day: pd.Timestamp) -> pd.Timestamp:
    """The last day of the year before ``day``'s: the change shown is that of its year."""
    return pd.Timestamp(year=day.year - 1, month=12, day=31)


def default_days(data: LabData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(since, as_of)`` when none is given: the end of the data and the end of the year
    before it."""
    as_of = span(data)[1]
    return year_before(as_of), as_of


def _names(ids: pd.Series, names: dict[str, str]) -> list[list[str]]:
    return [sorted({names.get(i, i) for i in row}, key=str.casefold) for row in ids]


def _spaces_worked_with(data: LabData, groups: pd.DataFrame, as_of: pd.Timestamp
                        ) -> list[list[str]]:
    """Each group's spaces: those it is a partner of and those it used up to ``as_of``."""
    usage = data.usage
    used = usage.loc[(usage["date"] < as_of + DAY) & usage["group_id"].notna()
                     & usage["group_id"].isin(groups["group_id"]), ["group_id", "space_id"]]
    by_group = used.drop_duplicates().groupby("group_id")["space_id"].agg(list).to_dict()
    return [sorted({*map(str, partner), *map(str, by_group.get(gid, []))})
            for gid, partner in zip(groups["group_id"], groups["partner_space_ids"],
                                    strict=True)]


def _joint_projects(data: LabData, groups: pd.DataFrame, as_of: pd.Timestamp
                    ) -> list[list[str]]:
    """Each group's joint projects (as a partner group) started on or before ``as_of``."""
    projects = data.projects.loc[data.projects["started_on"] < as_of + DAY,
                                 ["title", "partner_group_ids"]]
    pairs = projects.explode("partner_group_ids").dropna(subset=["partner_group_ids"])
    by_group = pairs.groupby("partner_group_ids")["title"].agg(
        lambda t: sorted(set(map(str, t)), key=str.casefold)).to_dict()
    return [by_group.get(gid, []) for gid in groups["group_id"]]


def listed_table(data: LabData, groups: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The rows of :data:`LISTED_COLUMNS` for ``groups`` (already filtered), sorted."""
    space_names = dict(zip(data.spaces["space_id"].astype(str),
                           data.spaces["name"].astype(str), strict=True))
    space_ids = _spaces_worked_with(data, groups, as_of)
    out = pd.DataFrame({
        "group_id": groups["group_id"].astype("string").to_numpy(),
        "name": groups["name"].astype("string").to_numpy(),
        "kind": groups["kind"].astype("string").to_numpy(),
        "open_tech": list(groups["open_tech"]),
        "themes": list(groups["themes"]),
        "district_name": groups["district_name"].astype("string").to_numpy(),
        "subprefeitura": groups["subprefeitura"].astype("string").to_numpy(),
        "region": groups["region"].astype("string").to_numpy(),
        "network_joined_on": groups["network_joined_on"].to_numpy(),
        "network_left_on": groups["network_left_on"].to_numpy(),
        "space_ids": space_ids,
        "spaces": _names(pd.Series(space_ids, dtype=object), space_names),
        "projects": _joint_projects(data, groups, as_of),
        "website": groups["website"].astype("string").to_numpy(),
    }, columns=list(LISTED_COLUMNS))
    key = pd.DataFrame({"region": out["region"].fillna("\uffff"),
                        "district": out["district_name"].fillna("\uffff"),
                        "name": out["name"].str.casefold(), "id": out["group_id"]})
    order = key.sort_values(["region", "district", "name", "id"]).index
    return out.loc[order].reset_index(drop=True)


def directory(data: LabData, as_of: DateLike | None = None,
              since: DateLike | None = None) -> Directory:
    """The directory of partners on ``as_of`` (default: the end of the data) and who joined
    or left since ``since`` (default: the last day of the year before ``as_of``'s)."""
    default_since, default_as_of = default_days(data)
    day = pd.Timestamp(as_of).normalize() if as_of is not None else default_as_of
    before = (pd.Timestamp(since).normalize() if since is not None
              else year_before(day) if as_of is not None else default_since)
    if before > day:
        raise ConfigError(f"the directory compares {day.date()} with a later day, "
                          f"{before.date()}.", fix="give --previous a date before --as-of.")
    groups = data.groups
    now, then, hidden = partners_on(groups, day), partners_on(groups, before), opted_out(groups)
    joined, left = now & ~then, then & ~now
    return Directory(
        as_of=day, since=before,
        partners=listed_table(data, groups.loc[now & ~hidden], day),
        opted_out=int((now & hidden).sum()),
        joined=listed_table(data, groups.loc[joined & ~hidden], day),
        left=listed_table(data, groups.loc[left & ~hidden], day),
        joined_opted_out=int((joined & hidden).sum()),
        left_opted_out=int((left & hidden).sum()),
    )
