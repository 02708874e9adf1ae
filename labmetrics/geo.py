"""A city's geography, read from its city pack: areas, their upper level and regions.

Loads the boundaries of a city pack (:mod:`labmetrics.city`), matches the area names people
write ("SAO MIGUEL", "Cangaiba", "12") to area codes, and places points in areas. Every
function takes ``city`` (a :class:`~labmetrics.city.CityPack`, a bundled pack's id or a
pack's folder; None for ``config.DEFAULT_CITY``). Maps drawn from these boundaries carry the
pack's credit line. The columns keep the data model's names: ``district_*`` for the areas,
``subprefeitura*`` for the upper level, ``region``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from labmetrics.assumptions import (
    BORDER_TOLERANCE_M,
    FUZZY_CUTOFF,
    FUZZY_MARGIN,
    FUZZY_MIN_LENGTH,
)
from labmetrics.city import CityPack, city_pack
from labmetrics.errors import InputError
from labmetrics.schema import PLACE_COLUMNS, fold

if TYPE_CHECKING:
    import pyproj

CRS = "EPSG:4326"


@cache
def crs_of(name: str) -> pyproj.CRS:
    """The coordinate reference system ``name`` (such as :data:`CRS` or a pack's metric
    CRS) as a ``pyproj.CRS``, parsed once: pyproj takes milliseconds to parse one, and
    geopandas parses a name again for every frame and projection given it."""
    from pyproj import CRS as ProjCRS

    return ProjCRS.from_user_input(name)


Coordinates: TypeAlias = pd.Series | np.ndarray | Sequence[float | None]
"""Longitudes or latitudes, one per point (None or NaN where a point has none)."""

DISTRICT_COLUMNS = ("district_code", "district_name", "district_ascii", "district_abbr",
                    "subprefeitura_code", "subprefeitura", "region", "area_km2")
SUBPREFEITURA_COLUMNS = ("subprefeitura_code", "subprefeitura", "subprefeitura_abbr",
                         "n_districts", "region", "area_km2")

# The tolerance at the city limit and the rules of fuzzy matching are assumptions of the
# method, with their reasons, in labmetrics/assumptions.py (docs/assumptions.md).

# Abbreviations people use in addresses, expanded before matching.
_ABBREVIATIONS = {
    "jd": "jardim", "jrd": "jardim", "jdm": "jardim", "vl": "vila", "v": "vila",
    "pq": "parque", "pque": "parque", "sta": "santa", "sto": "santo", "s": "sao",
    "cid": "cidade", "cd": "cidade", "fregu": "freguesia",
}
_CODE = re.compile(r"^\s*0*(\d{1,4})(?:[.,]0+)?\s*(?:[-–—:/|]\s*\S.*)?$")
_NOT_ALNUM = re.compile(r"[^0-9a-z ]+")


def _key(value: str) -> str:
    """Matching key: folded, punctuation dropped, abbreviations expanded, no spaces."""
    words = _NOT_ALNUM.sub(" ", fold(value).replace("'", "").replace("’", "")).split()
    return "".join(_ABBREVIATIONS.get(w, w) for w in words)


def _read(path: Any, pack: CityPack) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; all mean the same to a user
        raise InputError(
            f"the boundaries of the city pack '{pack.id}' cannot be read ({exc}).",
            file=path,
            fix=f"restore the file of the pack's folder ({pack.folder}).",
        ) from exc


def _column(raw: pd.DataFrame, name: str, pack: CityPack, file: Any) -> pd.Series:
    if name not in raw.columns:
        raise InputError(f"the boundaries have no property '{name}', which city.yaml names.",
                         file=file, fix=f"correct the property's name in {pack.folder}/city.yaml.")
    return raw[name]


def _km2(geometry: gpd.GeoSeries, pack: CityPack) -> pd.Series:
    metric = geometry.to_crs(crs_of(pack.metric_crs))
    return pd.Series(metric.area.to_numpy() / 1e6, dtype="float64")


@cache
def _districts(pack: CityPack) -> gpd.GeoDataFrame:
    level = pack.areas
    raw = _read(level.file, pack)
    col = lambda name: _column(raw, name, pack, level.file)  # noqa: E731
    names = col(level.name).astype("string")
    n = len(raw)
    na_codes = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    na_text = pd.Series(pd.NA, index=raw.index, dtype="string")
    upper_code = col(pack.upper_column).astype("Int64") if pack.upper_column else na_codes
    upper_names = (_subprefeituras(pack).set_index("subprefeitura_code")["subprefeitura"]
                   if pack.upper is not None else pd.Series(dtype="string"))
    geometry = gpd.GeoSeries(raw.geometry.values, crs=raw.crs)
    frame = pd.DataFrame({
        "district_code": col(level.code).astype("Int64"),
        "district_name": names,
        "district_ascii": names.map(_ascii).astype("string"),
        "district_abbr": col(level.abbr).astype("string") if level.abbr else na_text,
        "subprefeitura_code": upper_code,
        "subprefeitura": upper_code.map(upper_names).astype("string"),
        "region": col(pack.region_column).astype("string") if pack.region_column else na_text,
        "area_km2": (col(level.area_km2).astype("float64") if level.area_km2
                     else _km2(geometry, pack).to_numpy()),
    }, index=range(n))
    out = gpd.GeoDataFrame(frame, geometry=raw.geometry.values, crs=raw.crs).to_crs(crs_of(CRS))
    return out.sort_values("district_code", ignore_index=True)


_UPPER_COLUMNS_EMPTY = {"subprefeitura_code": "Int64", "subprefeitura": "string",
                        "subprefeitura_abbr": "string", "n_districts": "Int64",
                        "region": "string", "area_km2": "float64"}


@cache
def _subprefeituras(pack: CityPack) -> gpd.GeoDataFrame:
    level = pack.upper
    if level is None:
        empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _UPPER_COLUMNS_EMPTY.items()})
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=crs_of(CRS)), crs=crs_of(CRS))
    raw = _read(level.file, pack)
    col = lambda name: _column(raw, name, pack, level.file)  # noqa: E731
    areas = _read(pack.areas.file, pack)
    area_upper = _column(areas, str(pack.upper_column), pack, pack.areas.file).astype("Int64")
    region = (pd.Series(_column(areas, pack.region_column, pack, pack.areas.file)
                        .astype("string").to_numpy(), index=area_upper.to_numpy())
              if pack.region_column else pd.Series(dtype="string"))
    region = region[~region.index.duplicated()]
    code = col(level.code).astype("Int64")
    geometry = gpd.GeoSeries(raw.geometry.values, crs=raw.crs)
    frame = pd.DataFrame({
        "subprefeitura_code": code,
        "subprefeitura": col(level.name).astype("string"),
        "subprefeitura_abbr": (col(level.abbr).astype("string") if level.abbr
                               else pd.Series(pd.NA, index=raw.index, dtype="string")),
        "n_districts": code.map(area_upper.value_counts()).fillna(0).astype("Int64"),
        "region": code.map(region).astype("string"),
        "area_km2": (col(level.area_km2).astype("float64") if level.area_km2
                     else _km2(geometry, pack).to_numpy()),
    })
    out = gpd.GeoDataFrame(frame, geometry=raw.geometry.values, crs=raw.crs).to_crs(crs_of(CRS))
    return out.sort_values("subprefeitura_code", ignore_index=True)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load_districts(city: CityPack | str | None = None) -> gpd.GeoDataFrame:
    """Return the areas of a city (its districts, barrios...), from its city pack.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area, sorted by code, EPSG:4326: ``district_code`` (Int64),
        ``district_name`` (as the pack writes it), ``district_ascii``, ``district_abbr``,
        ``subprefeitura_code``, ``subprefeitura``, ``region`` (NA where the pack has no
        upper level or regions), ``area_km2``, ``geometry``.
    """
    return _districts(city_pack(city)).copy()


def load_subprefeituras(city: CityPack | str | None = None) -> gpd.GeoDataFrame:
    """Return the upper level of a city's areas (subprefeituras, boroughs...), empty
    when the pack has none.

    Returns
    -------
    geopandas.GeoDataFrame
        ``subprefeitura_code``, ``subprefeitura``, ``subprefeitura_abbr``, ``n_districts``,
        ``region``, ``area_km2``, ``geometry`` (EPSG:4326), sorted by code.
    """
    return _subprefeituras(city_pack(city)).copy()


def regions(city: CityPack | str | None = None) -> tuple[str, ...]:
    """The regions of a city in the order its pack gives (empty when it has none)."""
    return city_pack(city).regions


@cache
def _name_index(pack: CityPack) -> tuple[dict[str, int], frozenset[str]]:
    """Area keys to codes, and the keys that name an upper-level unit of several areas."""
    districts = _districts(pack)
    index: dict[str, int] = {}
    for code, name in zip(districts["district_code"], districts["district_name"], strict=True):
        index[_key(name)] = int(code)
    for alias, code in pack.aliases.items():
        index.setdefault(_key(alias), code)
    for other in pack.areas.other_names:
        raw = _read(pack.areas.file, pack)
        codes = _column(raw, pack.areas.code, pack, pack.areas.file).astype("Int64")
        for code, name in zip(codes, _column(raw, other, pack, pack.areas.file), strict=True):
            if isinstance(name, str) and name.strip():
                index.setdefault(_key(name), int(code))
    several = frozenset(key for key, names in _subprefeitura_keys(pack).items()
                        if len(names) > 1)
    return index, several - index.keys()


@cache
def _codes(pack: CityPack) -> frozenset[int]:
    return frozenset(int(c) for c in _districts(pack)["district_code"])


def match_district(value: object, city: CityPack | str | None = None) -> int | None:
    """Return the code of the area ``value`` names in the city, or None.

    When the pack says numbers are codes, a number (``"12"``, ``"012"``,
    ``"12 - Name"``) is read as an area code and wins over any name; a number that is no
    area's code gives None. Names match whatever their accents, case, spacing and
    punctuation (``"VILA NOVA"``, ``"Vila  Nova "``, ``"vila-nova"``), with usual
    abbreviations (``"Vl. Nova"``), the pack's aliases and a near miss of one or two
    letters. An upper-level unit that spans several areas, an unknown
    name or an ambiguous one gives None.
    """
    return _match(value, city_pack(city))


@lru_cache(maxsize=16384)
def _match(value: Any, pack: CityPack) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    codes = _codes(pack)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value) if pack.numeric_codes and int(value) in codes else None
    text = str(value)
    number = _CODE.match(text)
    if number and pack.numeric_codes:
        code = int(number.group(1))
        return code if code in codes else None
    key = _key(text)
    if not key:
        return None
    index, blocked = _name_index(pack)
    if key in index:
        return index[key]
    if key in blocked:
        return None
    return _fuzzy(key, index)


def _fuzzy(key: str, index: dict[str, int]) -> int | None:
    from rapidfuzz import fuzz, process

    if len(key) < FUZZY_MIN_LENGTH:
        return None
    best = process.extract(key, list(index), scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < FUZZY_CUTOFF:
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < FUZZY_MARGIN:
        return None
    return index[best[0][0]]


def match_districts(values: Iterable[object], city: CityPack | str | None = None) -> pd.Series:
    """Vectorised :func:`match_district`: each distinct value is matched once.

    Returns
    -------
    pandas.Series
        Int64 area codes (NA where nothing matches), on the index of ``values`` when it
        is a Series.
    """
    pack = city_pack(city)
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    uniques = pd.unique(series.dropna())
    codes = {v: _match(v, pack) for v in uniques}
    return series.map(codes).astype("Int64")


@cache
def _city(pack: CityPack) -> shapely.Geometry:
    return shapely.union_all(_districts(pack).geometry.values)


@cache
def _city_with_border(pack: CityPack) -> shapely.Geometry:
    metric = gpd.GeoSeries([_city(pack)], crs=crs_of(CRS)).to_crs(
        crs_of(pack.metric_crs)).buffer(BORDER_TOLERANCE_M)
    geometry = metric.to_crs(crs_of(CRS)).iloc[0]
    shapely.prepare(geometry)
    return geometry


def municipality(city: CityPack | str | None = None) -> shapely.Geometry:
    """Return the outline of the city: the union of its areas (EPSG:4326)."""
    return _city(city_pack(city))


def municipality_bounds(city: CityPack | str | None = None
                        ) -> tuple[float, float, float, float]:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` of the city."""
    return tuple(float(v) for v in municipality(city).bounds)  # type: ignore[return-value]


def _coords(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    x = pd.to_numeric(pd.Series(np.asarray(lon, dtype=object)), errors="coerce")
    y = pd.to_numeric(pd.Series(np.asarray(lat, dtype=object)), errors="coerce")
    return x.to_numpy(dtype="float64", na_value=np.nan), y.to_numpy(dtype="float64",
                                                                    na_value=np.nan)


def inside_municipality(lon: Coordinates, lat: Coordinates,
                        city: CityPack | str | None = None) -> np.ndarray:
    """Tell, point by point, whether (lon, lat) lies in the city.

    Points within ``BORDER_TOLERANCE_M`` of the city limit count as inside; a missing
    coordinate gives False.

    Returns
    -------
    numpy.ndarray
        Booleans, one per point.
    """
    x, y = _coords(lon, lat)
    ok = ~(np.isnan(x) | np.isnan(y))
    inside = np.zeros(len(x), dtype=bool)
    inside[ok] = shapely.contains_xy(_city_with_border(city_pack(city)), x[ok], y[ok])
    return inside


def locate_points(lon: Coordinates, lat: Coordinates, districts: gpd.GeoDataFrame | None = None,
                  city: CityPack | str | None = None) -> pd.Series:
    """Return the code of the area holding each point (Int64, NA outside the city).

    A point on the line between two areas goes to the lower code; a point just outside
    the limit (within ``BORDER_TOLERANCE_M``) goes to the nearest area.
    """
    pack = city_pack(city)
    districts = _districts(pack) if districts is None else districts
    index = lon.index if isinstance(lon, pd.Series) else None
    x, y = _coords(lon, lat)
    result = pd.Series(pd.NA, index=range(len(x)), dtype="Int64")
    ok = np.flatnonzero(~(np.isnan(x) | np.isnan(y)))
    if len(ok):
        points = gpd.GeoDataFrame({"_i": ok}, geometry=gpd.points_from_xy(x[ok], y[ok]),
                                  crs=crs_of(CRS))
        shapes = districts[["district_code", "geometry"]]
        hits = gpd.sjoin(points, shapes, how="inner", predicate="intersects")
        hits = hits.sort_values(["_i", "district_code"]).drop_duplicates("_i")
        result.iloc[hits["_i"].to_numpy()] = hits["district_code"].to_numpy()
        missed = points[~points["_i"].isin(hits["_i"])]
        if len(missed):
            near = gpd.sjoin_nearest(missed.to_crs(crs_of(pack.metric_crs)),
                                     shapes.to_crs(crs_of(pack.metric_crs)),
                                     how="inner", max_distance=BORDER_TOLERANCE_M)
            near = near.sort_values(["_i", "district_code"]).drop_duplicates("_i")
            result.iloc[near["_i"].to_numpy()] = near["district_code"].to_numpy()
    if index is not None:
        result.index = index
    return result


@cache
def _subprefeitura_keys(pack: CityPack) -> dict[str, tuple[str, ...]]:
    districts = _districts(pack)
    out: dict[str, tuple[str, ...]] = {}
    if pack.upper is None:
        return out
    level = pack.upper
    raw = _read(level.file, pack)
    codes = _column(raw, level.code, pack, level.file).astype("Int64")
    for column in (level.name, *level.other_names):
        for code, name in zip(codes, _column(raw, column, pack, level.file), strict=True):
            if not isinstance(name, str) or not name.strip():
                continue
            names = districts.loc[districts["subprefeitura_code"] == code, "district_name"]
            out[_key(name)] = tuple(sorted(names, key=fold))
    return out


def districts_of_subprefeitura(value: object, city: CityPack | str | None = None
                               ) -> tuple[str, ...]:
    """The areas of the upper-level unit ``value`` names (an upper-level unit gives
    the names of the areas it holds), or ``()`` when it names none."""
    if value is None or not isinstance(value, str):
        return ()
    return _subprefeitura_keys(city_pack(city)).get(_key(value), ())


def region_of(district_code: object, city: CityPack | str | None = None) -> str | None:
    """Return the region of an area (code or name), or None."""
    pack = city_pack(city)
    code = _match(district_code, pack)
    if code is None:
        return None
    value = _districts(pack).set_index("district_code").at[code, "region"]
    return None if pd.isna(value) else str(value)


def subprefeitura_of(district_code: object, city: CityPack | str | None = None) -> str | None:
    """Return the name of the upper-level unit of an area (code or name), or None."""
    pack = city_pack(city)
    code = _match(district_code, pack)
    if code is None:
        return None
    value = _districts(pack).set_index("district_code").at[code, "subprefeitura"]
    return None if pd.isna(value) else str(value)


def points(lon: Coordinates, lat: Coordinates) -> gpd.GeoSeries:
    """Return Point geometries (EPSG:4326), None where a coordinate is missing."""
    index = lon.index if isinstance(lon, pd.Series) else None
    x, y = _coords(lon, lat)
    ok = ~(np.isnan(x) | np.isnan(y))
    geoms = np.full(len(x), None, dtype=object)
    geoms[ok] = shapely.points(x[ok], y[ok])
    return gpd.GeoSeries(geoms, index=index, crs=crs_of(CRS))


def place_table(frame: pd.DataFrame, districts: gpd.GeoDataFrame | None = None,
                city: CityPack | str | None = None) -> gpd.GeoDataFrame:
    """Place each row of ``frame`` in the city.

    The district column wins when it names an area; otherwise the point
    (``latitude``, ``longitude``) decides by point-in-polygon.

    Parameters
    ----------
    frame
        A table with any of ``district``, ``latitude``, ``longitude``.
    districts
        The areas table (default :func:`load_districts` of ``city``).
    city
        The city pack (default ``config.DEFAULT_CITY``).

    Returns
    -------
    geopandas.GeoDataFrame
        ``frame`` with Point ``geometry`` (None where coordinates are missing, EPSG:4326)
        and the place columns ``district_code, district_name, subprefeitura_code,
        subprefeitura, region`` (NA where the row cannot be placed). Row order and index
        are kept.
    """
    pack = city_pack(city)
    districts = _districts(pack) if districts is None else districts
    base = pd.DataFrame(frame).drop(
        columns=[c for c in (*PLACE_COLUMNS, "geometry") if c in frame.columns])
    n = len(base)
    empty = pd.Series([None] * n, index=base.index, dtype=object)
    lat = base.get("latitude", empty)
    lon = base.get("longitude", empty)
    code = (match_districts(base["district"], pack) if "district" in base
            else pd.Series(pd.NA, index=base.index, dtype="Int64"))
    located = locate_points(lon, lat, districts, pack)
    code = code.fillna(located).astype("Int64")
    table = districts.set_index("district_code")
    for col in PLACE_COLUMNS:
        if col == "district_code":
            base[col] = code
        else:
            mapped = code.map(table[col])
            dtype = "Int64" if col == "subprefeitura_code" else "string"
            base[col] = mapped.astype(dtype)
    return gpd.GeoDataFrame(base, geometry=points(lon, lat).values, crs=crs_of(CRS))
