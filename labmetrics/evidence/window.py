"""The period's data, filtered once, and the helpers every milestone's indicators share.

A space is open in the period when it opened on or before its end and did not close before
its start; a project runs in the period on the same rule with its start and end dates. A
project's ``status`` in the period's rows is its status on the period's last day
(:func:`labmetrics.projects.status_on`), the status recorded in the data kept beside it as
``status_recorded``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.evidence.results import Indicator
from labmetrics.indicators import INDICATORS, IndicatorSpec
from labmetrics.period import DateLike, Period
from labmetrics.projects import counted, status_on
from labmetrics.schema import PLACE_COLUMNS, public_columns

DAY = pd.Timedelta(days=1)


def period_bounds(start: DateLike, end: DateLike) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``start`` and ``end`` as day Timestamps, checked by :meth:`Period.of`."""
    period = Period.of(start, end)
    return period.start, period.end


@dataclass(frozen=True, eq=False)
class Window:
    """A period's rows of every data set, as the indicators count them."""

    start: pd.Timestamp
    end: pd.Timestamp
    groups: pd.DataFrame      # mapped on or before the end
    partners: pd.DataFrame    # joined the network on or before the end
    spaces: pd.DataFrame      # open at some time in the period
    usage: pd.DataFrame       # used inside the period
    projects: pd.DataFrame    # joint projects running in the period, status at its end
    all_groups: pd.DataFrame
    all_spaces: pd.DataFrame


def _during(began: pd.Series, ended: pd.Series, start: pd.Timestamp, end: pd.Timestamp
            ) -> pd.Series:
    # Begun by the last day and not ended before the first: open spaces, running projects.
    return (began < end + DAY) & (ended.isna() | (ended >= start))


def open_spaces(spaces: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The spaces open at some time in the period."""
    return spaces.loc[_during(spaces["opened_on"], spaces["closed_on"], start, end)]


def period_window(data: LabData, start: pd.Timestamp, end: pd.Timestamp) -> Window:
    """Filter ``data`` to the period ``start``–``end`` (day Timestamps, inclusive)."""
    after = end + DAY
    # Plain tables: the indicators never read the geometry, and a column of a GeoDataFrame
    # costs several times as much to look up.
    g, s = pd.DataFrame(data.groups), pd.DataFrame(data.spaces)
    u, p = data.usage, data.projects
    running = _during(p["started_on"], p["ended_on"], start, end)
    status = status_on(p, end)
    joint = running & counted(status) & (p["partner_group_ids"].map(len) > 0)
    projects = p.loc[joint].assign(status=status.loc[joint],
                                   status_recorded=p.loc[joint, "status"])
    return Window(
        start=start, end=end,
        groups=g.loc[g["mapped_on"] < after],
        partners=g.loc[g["network_joined_on"] < after],
        spaces=open_spaces(s, start, end),
        usage=u.loc[(u["date"] >= start) & (u["date"] < after)],
        projects=projects,
        all_groups=g, all_spaces=s,
    )


def still_partners(partners: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Which partners were still active partners on ``end``: not marked inactive and not
    gone from the network by then."""
    inactive = partners["status"].astype("string").eq("inactive").fillna(False)
    left = (partners["network_left_on"] < end + DAY) if "network_left_on" in partners \
        else pd.Series(False, index=partners.index)
    return ~(inactive.astype(bool) | left.fillna(False).astype(bool))


def restrict(w: Window, spaces: Collection[str] | None = None,
             inactive_partners: bool = True, formats: Collection[str] | None = None,
             open_events: bool = True) -> Window:
    """The window as an indicator with a narrower count sees it (``counting:`` of the
    commitment file).

    ``spaces`` keeps only those spaces: their usage, the partners of one of them (as
    partners of those only) and the projects involving one of them (in those only).
    ``inactive_partners`` False drops the partners no longer active by the period's end
    (:func:`still_partners`). ``formats`` keeps only the uses in those formats, and
    ``open_events`` False only the uses by a group. Groups mapped are never narrowed.
    """
    partners, usage = w.partners, w.usage
    if not inactive_partners:
        partners = partners.loc[still_partners(partners, w.end)]
    if formats is not None:
        usage = usage.loc[usage["format"].isin(list(formats)).fillna(False).astype(bool)]
    if not open_events:
        usage = usage.loc[usage["group_id"].notna()]
    if spaces is None:
        return replace(w, partners=partners, usage=usage)
    keep = set(spaces)

    def only(ids: list[str]) -> list[str]:
        return [i for i in ids if i in keep]

    partners = partners.assign(partner_space_ids=partners["partner_space_ids"].map(only))
    projects = w.projects.assign(space_ids=w.projects["space_ids"].map(only))
    return replace(
        w,
        partners=partners.loc[partners["partner_space_ids"].map(len) > 0],
        spaces=w.spaces.loc[w.spaces["space_id"].isin(keep)],
        usage=usage.loc[usage["space_id"].isin(keep)],
        projects=projects.loc[projects["space_ids"].map(len) > 0],
        all_spaces=w.all_spaces.loc[w.all_spaces["space_id"].isin(keep)],
    )


def public_rows(frame: pd.DataFrame, dataset: str, *extra: str) -> pd.DataFrame:
    """The public columns of a data set's rows (never contacts), plus derived ``extra`` ones."""
    cols = [c for c in (*public_columns(dataset), *PLACE_COLUMNS, *extra) if c in frame.columns]
    return pd.DataFrame(frame[cols]).reset_index(drop=True)


def group_rows(w: Window, figures: pd.DataFrame) -> pd.DataFrame:
    """The public rows of the groups ``figures`` is indexed by, its columns last."""
    groups = public_rows(w.all_groups, "groups")
    table = figures.reset_index().merge(groups, on="group_id", how="left")
    return table[[*groups.columns, *figures.columns]]


def id_pairs(frame: pd.DataFrame, key: str, column: str, name: str) -> pd.DataFrame:
    """``key`` and each id of the multi-valued ``column`` (renamed ``name``), once a pair."""
    pairs = (frame[[key, column]].explode(column).rename(columns={column: name})
             .dropna(subset=[name]))
    return pairs.drop_duplicates()


def count_by(frame: pd.DataFrame, column: str, order: Sequence[str], name: str) -> pd.DataFrame:
    """Rows per value of ``column``: the values of ``order`` first (zero when absent)."""
    counts = frame[column].value_counts(dropna=True)
    index = [*order, *(k for k in counts.index if k not in order)]
    counts = counts.reindex(index, fill_value=0)
    return pd.DataFrame({column: pd.array(index, dtype="string"),
                         name: counts.to_numpy(dtype="int64")})


def space_names(w: Window) -> pd.DataFrame:
    """``space_id`` and ``name`` of every space, once each."""
    return pd.DataFrame(w.all_spaces[["space_id", "name"]]).drop_duplicates("space_id")


def make_indicator(spec_id: str, value: float, rows: pd.DataFrame,
                   breakdown: pd.DataFrame | None = None, distinct: int | None = None
                   ) -> Indicator:
    """An :class:`Indicator` of the registry's ``spec_id`` with its figure and rows."""
    spec: IndicatorSpec = INDICATORS[spec_id]
    return Indicator(id=spec.id, unit=spec.unit,
                     value=float(value), rows=rows, breakdown=breakdown, distinct=distinct)
