"""Who bridges the network: the groups active with two or more spaces in a period, by name."""

from __future__ import annotations

import itertools
from operator import itemgetter

import pandas as pd

from labmetrics import config
from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.activity import activity, bridging
from labmetrics.network.periods import bin_edges, period_table, window
from labmetrics.period import DateLike, Freq

BRIDGING_COLUMNS = ("group_id", "name", "kind", "region", "spaces", "periods_bridging")
SPACE_SEPARATOR = ", "
"""Between the names of the spaces a group links, sorted by name."""


def _empty() -> pd.DataFrame:
    columns = {c: pd.Series(dtype="string") for c in BRIDGING_COLUMNS[:-1]}
    return pd.DataFrame({**columns, "periods_bridging": pd.Series(dtype="int64")})


def joined_names(linked: pd.DataFrame) -> pd.Series:
    """Each group's ``space_name`` values joined by :data:`SPACE_SEPARATOR`, in their order
    in ``linked`` (sorted by ``group_id``): ``spaces`` by ``group_id``, in the order and
    types of grouping by ``group_id`` and joining, without a Series made for each group."""
    ids, names = linked["group_id"].tolist(), linked["space_name"].tolist()
    keys, texts = [], []
    for group, run in itertools.groupby(zip(ids, names, strict=True), key=itemgetter(0)):
        keys.append(group)
        texts.append(SPACE_SEPARATOR.join(name for _, name in run))
    index = pd.Index(keys, dtype=linked["group_id"].dtype, name="group_id")
    return pd.Series(texts, index=index, dtype=linked["space_name"].dtype, name="spaces")


def bridging_groups(data: LabData, freq: Freq = config.DEFAULT_FREQ, start: DateLike | None = None,
                    end: DateLike | None = None, spaces: links.SpaceFilter = None) -> pd.DataFrame:
    """Name the groups that bridged spaces in at least one period of ``start``–``end``.

    A group bridges in a period when it is active there with two or more distinct spaces
    (the ``bridging_groups`` of :func:`labmetrics.network.growth`, whose periods these are).

    Parameters
    ----------
    data
        The validated data.
    freq
        ``"month"``, ``"quarter"`` or ``"year"`` (or ``"MS"``, ``"QS"``, ``"YS"``).
    start, end
        The window (inclusive days); default the data's span.
    spaces
        Space ids to keep; default every space.

    Returns
    -------
    pandas.DataFrame
        One row per bridging group, the columns of ``BRIDGING_COLUMNS``: the group's public
        ``group_id, name, kind`` (code) and ``region``; ``spaces``, the names of the spaces
        it was active with in the periods it bridged, sorted and joined by ``", "``; and
        ``periods_bridging``, how many periods it bridged in. Sorted by that number (most
        first), then name and id. No contact field.
    """
    lo, hi = window(data, start, end)
    table = period_table(lo, hi, freq)
    rows = activity(data, bin_edges(table, freq), links.space_filter(spaces))
    bridges = bridging(rows.loc[rows["bin"] >= 2])  # bins 0 and 1 lie before the window
    if bridges.empty:
        return _empty()
    periods = bridges.groupby("group_id")["bin"].nunique().rename("periods_bridging")
    names = data.spaces[["space_id", "name"]].astype("string").rename(
        columns={"name": "space_name"})
    linked = (bridges[["group_id", "space_id"]].drop_duplicates()
              .merge(names, on="space_id", how="left"))
    # A space missing from the spaces table still shows, by its id.
    linked["space_name"] = linked["space_name"].fillna(linked["space_id"])
    joined = joined_names(linked.sort_values(["group_id", "space_name", "space_id"]))
    groups = data.groups
    public = groups[[c for c in ("group_id", "name", "kind", "region") if c in groups]]
    out = (pd.concat([joined, periods], axis=1).reset_index()
           .merge(pd.DataFrame(public), on="group_id", how="left"))
    for column in BRIDGING_COLUMNS[:-1]:
        out[column] = (out[column] if column in out else pd.Series(pd.NA, index=out.index)
                       ).astype("string")
    out["periods_bridging"] = out["periods_bridging"].astype("int64")
    out = out.sort_values(["periods_bridging", "name", "group_id"],
                          ascending=[False, True, True], na_position="last")
    return out[list(BRIDGING_COLUMNS)].reset_index(drop=True)
