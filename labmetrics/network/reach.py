"""Who the network reaches: by kind of group and by place in the city, and who is missing.

The mapping and the network of partners are counted to date (mapped or joined on or before
the window's end); active groups within the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.network.activity import active_spaces
from labmetrics.network.links import uncounted_partners
from labmetrics.network.periods import DAY, window
from labmetrics.period import DateLike
from labmetrics.schema import GROUP_KINDS

COUNTS = ("groups", "partners", "active_groups")


@dataclass(frozen=True)
class Geography:
    """Groups by district, subprefeitura and region, and the districts with none mapped."""

    districts: pd.DataFrame
    subprefeituras: pd.DataFrame
    regions: pd.DataFrame
    districts_without_groups: list[str]
    unplaced_groups: int  # mapped groups placed in no district


def group_flags(data: LabData, start: DateLike | None = None,
                end: DateLike | None = None) -> pd.DataFrame:
    """Each group mapped on or before ``end`` or active in the window, with 0/1 flags.

    Columns: ``group_id, kind, district_code, subprefeitura_code, region`` and the flags
    ``groups`` (mapped), ``partners`` (joined the network), ``active_groups``.
    """
    lo, hi = window(data, start, end)
    # Looked up in the active groups' index (unique ids): Series.isin of Arrow strings
    # converts the values to look for one by one, a tenth of a second on a large city.
    ids = data.groups["group_id"]
    found = active_spaces(data, lo, hi).index.get_indexer(ids) >= 0
    active = pd.Series(found, index=ids.index, name=ids.name)
    mapped = data.groups["mapped_on"] < hi + DAY
    groups = data.groups.loc[mapped | active]
    return pd.DataFrame({
        "group_id": groups["group_id"], "kind": groups["kind"],
        "district_code": groups["district_code"],
        "subprefeitura_code": groups["subprefeitura_code"], "region": groups["region"],
        "groups": mapped[groups.index].astype("int64"),
        "partners": (groups["network_joined_on"] < hi + DAY).astype("int64"),
        "active_groups": active[groups.index].astype("int64"),
    }).reset_index(drop=True)


def _count(flags: pd.DataFrame, key: str, frame: pd.DataFrame) -> pd.DataFrame:
    counts = flags.groupby(key)[list(COUNTS)].sum()
    out = frame.merge(counts, left_on=key, right_index=True, how="left")
    out[list(COUNTS)] = out[list(COUNTS)].fillna(0).astype("int64")
    out["groups_per_100km2"] = out["groups"] / out["area_km2"] * 100
    return out.reset_index(drop=True)


def geography(data: LabData, start: DateLike | None = None,
              end: DateLike | None = None, flags: pd.DataFrame | None = None) -> Geography:
    """Count mapped groups, network partners and active groups in every part of the city.

    ``groups_per_100km2`` is mapped groups per 100 km² of the area. ``flags``:
    :func:`group_flags` of the same window, when already at hand.
    """
    flags = group_flags(data, start, end) if flags is None else flags
    districts = pd.DataFrame(data.districts[[
        "district_code", "district_name", "subprefeitura_code", "subprefeitura", "region",
        "area_km2"]])
    by_district = _count(flags, "district_code", districts)
    subprefeituras = pd.DataFrame(data.subprefeituras[[
        "subprefeitura_code", "subprefeitura", "region", "area_km2"]])
    regions = (districts.groupby("region", as_index=False)["area_km2"].sum()
               .sort_values("region"))
    empty = by_district.loc[by_district["groups"] == 0, "district_name"]
    return Geography(
        districts=by_district.sort_values("district_code", ignore_index=True),
        subprefeituras=_count(flags, "subprefeitura_code", subprefeituras)
        .sort_values("subprefeitura_code", ignore_index=True),
        regions=_count(flags, "region", regions),
        districts_without_groups=sorted(empty.astype(str)),
        unplaced_groups=int(flags.loc[flags["district_code"].isna(), "groups"].sum()),
    )


def _shares(flags: pd.DataFrame, key: str, categories: list[str]) -> pd.DataFrame:
    table = (flags.groupby(key)[list(COUNTS)].sum()
             .reindex(categories, fill_value=0).rename_axis("category").reset_index())
    for column in COUNTS:
        total = table[column].sum()
        table[f"{column}_share"] = table[column] / total if total else 0.0
    return table


def kind_mix(data: LabData, start: DateLike | None = None,
             end: DateLike | None = None, flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mapped groups, network partners and active groups by kind of group, with shares
    (``flags``: :func:`group_flags` of the same window, when already at hand).

    Returns
    -------
    pandas.DataFrame
        One row per kind (every kind of the data model, then any other found): ``kind,
        groups_mapped, groups_mapped_share, network_partners, network_partners_share,
        active_groups, active_groups_share``; each share is of its column's total.
    """
    flags = group_flags(data, start, end) if flags is None else flags
    found = [k for k in flags["kind"].dropna().unique() if k not in GROUP_KINDS]
    table = _shares(flags, "kind", [*GROUP_KINDS, *sorted(found)])
    return table.rename(columns={
        "category": "kind", "groups": "groups_mapped", "groups_share": "groups_mapped_share",
        "partners": "network_partners", "partners_share": "network_partners_share",
    })


def missing(data: LabData, start: DateLike | None = None, end: DateLike | None = None,
            tolerance: float = 0.05, flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare who joined and who is active with who was mapped, by kind and by region.

    Parameters
    ----------
    tolerance
        A category is ``under_represented`` when its share of network partners or of
        active groups falls short of its share of the mapping by at least this much
        (0.05 = five percentage points).
    flags
        :func:`group_flags` of the same window, when already at hand.

    Returns
    -------
    pandas.DataFrame
        ``dimension`` (kind or region), ``category``, the counts and shares of
        :func:`kind_mix`, ``partner_gap`` and ``active_gap`` (share minus mapped share),
        ``under_represented``; mapped categories only, the largest shortfall first. When
        partners cannot be counted, their counts, shares and gaps are NaN.
    """
    flags = group_flags(data, start, end) if flags is None else flags
    order = data.city.regions
    regions = [*order, *sorted(set(flags["region"].dropna().tolist()) - set(order))]
    parts = []
    for dimension, categories in (("kind", [*GROUP_KINDS]), ("region", regions)):
        part = _shares(flags, dimension, categories)
        parts.append(part.loc[part["groups"] > 0].assign(dimension=dimension))
    table = pd.concat(parts, ignore_index=True).rename(columns={
        "groups": "groups_mapped", "groups_share": "mapped_share",
        "partners": "network_partners", "partners_share": "partner_share",
        "active_groups_share": "active_share",
    })
    if uncounted_partners(data):
        # Without partners, a category is judged on its active groups alone.
        table[["network_partners", "partner_share"]] = float("nan")
    table["partner_gap"] = table["partner_share"] - table["mapped_share"]
    table["active_gap"] = table["active_share"] - table["mapped_share"]
    shortfall = table[["partner_gap", "active_gap"]].min(axis=1)
    table["under_represented"] = shortfall <= -tolerance
    table = table.assign(_order=shortfall).sort_values(["dimension", "_order", "category"])
    columns = ["dimension", "category", "groups_mapped", "mapped_share", "network_partners",
               "partner_share", "active_groups", "active_share", "partner_gap",
               "active_gap", "under_represented"]
    return table[columns].reset_index(drop=True)
