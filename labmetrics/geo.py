"""São Paulo's geography: its 96 districts, 32 subprefeituras and five regions.

Loads the GeoSampa boundaries of ``data/raw/geo`` (see its SOURCES.md), matches the
district names people write ("SAO MIGUEL", "Cangaiba", "12") to district codes, and places
points in districts. Maps drawn from these boundaries carry ``config.GEO_CREDIT``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from labmetrics import config
from labmetrics.errors import InputError
from labmetrics.schema import PLACE_COLUMNS, fold

CRS = "EPSG:4326"
# SIRGAS 2000 / UTM 23S: metres, for distances inside the city.
METRIC_CRS = "EPSG:31983"

DISTRICT_COLUMNS = ("district_code", "district_name", "district_ascii", "district_abbr",
                    "subprefeitura_code", "subprefeitura", "region", "area_km2")
SUBPREFEITURA_COLUMNS = ("subprefeitura_code", "subprefeitura", "subprefeitura_abbr",
                         "n_districts", "region", "area_km2")
REGIONS = ("Centro", "Leste", "Norte", "Oeste", "Sul")

# A point this close to the city limit (metres) still counts as inside: the boundaries are
# simplified at 20 m and a phone's GPS is rarely better.
BORDER_TOLERANCE_M = 150.0

# Fuzzy matching of district names: a near miss is accepted only when it scores at least
# FUZZY_CUTOFF and beats every other district by FUZZY_MARGIN (so "Vila Marian" matches
# neither Vila Maria nor Vila Mariana).
FUZZY_CUTOFF = 85.0
FUZZY_MARGIN = 5.0
# Shorter keys ("se", "pari", "lapa") match exactly or not at all: one wrong letter in four
# is a different word, not a typo.
FUZZY_MIN_LENGTH = 6

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


def _read(path: Any, what: str) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; all mean the same to a user
        raise InputError(
            f"the {what} boundaries cannot be read ({exc}).",
            file=path,
            fix="restore the file from the labmetrics repository (data/raw/geo/).",
        ) from exc


@cache
def _districts() -> gpd.GeoDataFrame:
    raw = _read(config.DISTRICTS_FILE, "district")
    frame = pd.DataFrame({
        "district_code": raw["cd_distrito"].astype("Int64"),
        "district_name": raw["nm_distrito"].astype("string"),
        "district_ascii": raw["nm_distrito"].map(_ascii).astype("string"),
        "district_abbr": raw["sg_distrito"].astype("string"),
        "subprefeitura_code": raw["cd_subprefeitura"].astype("Int64"),
        "subprefeitura": raw["nm_subprefeitura"].astype("string"),
        "region": raw["regiao"].astype("string"),
        "area_km2": raw["area_km2"].astype("float64"),
    })
    out = gpd.GeoDataFrame(frame, geometry=raw.geometry.values, crs=raw.crs).to_crs(CRS)
    return out.sort_values("district_code", ignore_index=True)


@cache
def _subprefeituras() -> gpd.GeoDataFrame:
    raw = _read(config.SUBPREFEITURAS_FILE, "subprefeitura")
    region = _districts().drop_duplicates("subprefeitura_code").set_index(
        "subprefeitura_code")["region"]
    code = raw["cd_subprefeitura"].astype("Int64")
    frame = pd.DataFrame({
        "subprefeitura_code": code,
        "subprefeitura": raw["nm_subprefeitura"].astype("string"),
        "subprefeitura_abbr": raw["sg_subprefeitura"].astype("string"),
        "n_districts": raw["n_distritos"].astype("Int64"),
        "region": code.map(region).astype("string"),
        "area_km2": raw["area_km2"].astype("float64"),
    })
    out = gpd.GeoDataFrame(frame, geometry=raw.geometry.values, crs=raw.crs).to_crs(CRS)
    return out.sort_values("subprefeitura_code", ignore_index=True)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load_districts() -> gpd.GeoDataFrame:
    """Return the 96 districts of São Paulo.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per district, sorted by code, EPSG:4326: ``district_code`` (Int64, 1–96),
        ``district_name`` (accented), ``district_ascii``, ``district_abbr``,
        ``subprefeitura_code``, ``subprefeitura``, ``region``, ``area_km2``, ``geometry``.
    """
    return _districts().copy()


def load_subprefeituras() -> gpd.GeoDataFrame:
    """Return the 32 subprefeituras of São Paulo.

    Returns
    -------
    geopandas.GeoDataFrame
        ``subprefeitura_code``, ``subprefeitura``, ``subprefeitura_abbr``, ``n_districts``,
        ``region``, ``area_km2``, ``geometry`` (EPSG:4326), sorted by code.
    """
    return _subprefeituras().copy()


@cache
def _name_index() -> tuple[dict[str, int], frozenset[str]]:
    """District keys to codes, and the keys that name a subprefeitura of several districts."""
    districts = _districts()
    index: dict[str, int] = {}
    for code, name in zip(districts["district_code"], districts["district_name"], strict=True):
        index[_key(name)] = int(code)
    raw = gpd.read_file(config.SUBPREFEITURAS_FILE, ignore_geometry=True)
    several = raw[raw["n_distritos"] > 1]
    names = [*several["nm_subprefeitura"], *several["nm_subprefeitura_ascii"]]
    blocked = frozenset(_key(n) for n in names) - index.keys()
    return index, blocked


@lru_cache(maxsize=8192)
def match_district(value: Any) -> int | None:
    """Return the code (1–96) of the district ``value`` names, or None.

    A number (``"12"``, ``"012"``, ``"12 - Butantã"``) is read as a district code and wins
    over any name. Names match whatever their accents, case, spacing and punctuation
    (``"SAO MIGUEL"``, ``"São Miguel "``, ``"Cangaiba"``), with usual abbreviations
    (``"Jd. Ângela"``) and a near miss of one or two letters. A subprefeitura that spans
    several districts (``"M'Boi Mirim"``, ``"Pirituba/Jaraguá"``), an unknown name or an
    ambiguous one gives None.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value) if 1 <= int(value) <= 96 else None
    text = str(value)
    number = _CODE.match(text)
    if number:
        code = int(number.group(1))
        return code if 1 <= code <= 96 else None
    key = _key(text)
    if not key:
        return None
    index, blocked = _name_index()
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


def match_districts(values: Iterable[Any]) -> pd.Series:
    """Vectorised :func:`match_district`: each distinct value is matched once.

    Returns
    -------
    pandas.Series
        Int64 district codes (NA where nothing matches), on the index of ``values`` when it
        is a Series.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    uniques = pd.unique(series.dropna())
    codes = {v: match_district(v) for v in uniques}
    return series.map(codes).astype("Int64")


@cache
def _city() -> shapely.Geometry:
    return shapely.union_all(_districts().geometry.values)


@cache
def _city_with_border() -> shapely.Geometry:
    metric = gpd.GeoSeries([_city()], crs=CRS).to_crs(METRIC_CRS).buffer(BORDER_TOLERANCE_M)
    geometry = metric.to_crs(CRS).iloc[0]
    shapely.prepare(geometry)
    return geometry


def municipality() -> shapely.Geometry:
    """Return the outline of the municipality of São Paulo (EPSG:4326)."""
    return _city()


def municipality_bounds() -> tuple[float, float, float, float]:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` of the municipality."""
    return tuple(float(v) for v in _city().bounds)  # type: ignore[return-value]


def _coords(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    x = pd.to_numeric(pd.Series(np.asarray(lon, dtype=object)), errors="coerce")
    y = pd.to_numeric(pd.Series(np.asarray(lat, dtype=object)), errors="coerce")
    return x.to_numpy(dtype="float64", na_value=np.nan), y.to_numpy(dtype="float64",
                                                                    na_value=np.nan)


def inside_municipality(lon: Any, lat: Any) -> np.ndarray:
    """Tell, point by point, whether (lon, lat) lies in São Paulo.

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
    inside[ok] = shapely.contains_xy(_city_with_border(), x[ok], y[ok])
    return inside


def locate_points(lon: Any, lat: Any, districts: gpd.GeoDataFrame | None = None) -> pd.Series:
    """Return the code of the district holding each point (Int64, NA outside the city).

    A point on the line between two districts goes to the lower code; a point just outside
    the limit (within ``BORDER_TOLERANCE_M``) goes to the nearest district.
    """
    districts = _districts() if districts is None else districts
    index = lon.index if isinstance(lon, pd.Series) else None
    x, y = _coords(lon, lat)
    result = pd.Series(pd.NA, index=range(len(x)), dtype="Int64")
    ok = np.flatnonzero(~(np.isnan(x) | np.isnan(y)))
    if len(ok):
        points = gpd.GeoDataFrame({"_i": ok}, geometry=gpd.points_from_xy(x[ok], y[ok]),
                                  crs=CRS)
        shapes = districts[["district_code", "geometry"]]
        hits = gpd.sjoin(points, shapes, how="inner", predicate="intersects")
        hits = hits.sort_values(["_i", "district_code"]).drop_duplicates("_i")
        result.iloc[hits["_i"].to_numpy()] = hits["district_code"].to_numpy()
        missed = points[~points["_i"].isin(hits["_i"])]
        if len(missed):
            near = gpd.sjoin_nearest(missed.to_crs(METRIC_CRS), shapes.to_crs(METRIC_CRS),
                                     how="inner", max_distance=BORDER_TOLERANCE_M)
            near = near.sort_values(["_i", "district_code"]).drop_duplicates("_i")
            result.iloc[near["_i"].to_numpy()] = near["district_code"].to_numpy()
    if index is not None:
        result.index = index
    return result


@cache
def _subprefeitura_keys() -> dict[str, tuple[str, ...]]:
    districts = _districts()
    raw = gpd.read_file(config.SUBPREFEITURAS_FILE, ignore_geometry=True)
    out: dict[str, tuple[str, ...]] = {}
    for row in raw.itertuples(index=False):
        names = districts.loc[districts["subprefeitura_code"] == row.cd_subprefeitura,
                              "district_name"]
        for name in (row.nm_subprefeitura, row.nm_subprefeitura_ascii):
            out[_key(name)] = tuple(sorted(names, key=fold))
    return out


def districts_of_subprefeitura(value: Any) -> tuple[str, ...]:
    """The districts of the subprefeitura ``value`` names (``"MBoi Mirim"`` gives Jardim
    Ângela and Jardim São Luís), or ``()`` when it names none."""
    if value is None or not isinstance(value, str):
        return ()
    return _subprefeitura_keys().get(_key(value), ())


def region_of(district_code: Any) -> str | None:
    """Return the region (Centro, Leste, Norte, Oeste, Sul) of a district code, or None."""
    code = match_district(district_code)
    if code is None:
        return None
    table = _districts().set_index("district_code")
    return str(table.at[code, "region"])


def subprefeitura_of(district_code: Any) -> str | None:
    """Return the name of the subprefeitura of a district code, or None."""
    code = match_district(district_code)
    if code is None:
        return None
    table = _districts().set_index("district_code")
    return str(table.at[code, "subprefeitura"])


def points(lon: Any, lat: Any) -> gpd.GeoSeries:
    """Return Point geometries (EPSG:4326), None where a coordinate is missing."""
    index = lon.index if isinstance(lon, pd.Series) else None
    x, y = _coords(lon, lat)
    ok = ~(np.isnan(x) | np.isnan(y))
    geoms = np.full(len(x), None, dtype=object)
    geoms[ok] = shapely.points(x[ok], y[ok])
    return gpd.GeoSeries(geoms, index=index, crs=CRS)


def place_table(frame: pd.DataFrame, districts: gpd.GeoDataFrame | None = None
                ) -> gpd.GeoDataFrame:
    """Place each row of ``frame`` in the city.

    The district column wins when it names a district; otherwise the point
    (``latitude``, ``longitude``) decides by point-in-polygon.

    Parameters
    ----------
    frame
        A table with any of ``district``, ``latitude``, ``longitude``.
    districts
        The districts table (default :func:`load_districts`).

    Returns
    -------
    geopandas.GeoDataFrame
        ``frame`` with Point ``geometry`` (None where coordinates are missing, EPSG:4326)
        and the place columns ``district_code, district_name, subprefeitura_code,
        subprefeitura, region`` (NA where the row cannot be placed). Row order and index
        are kept.
    """
    districts = _districts() if districts is None else districts
    base = pd.DataFrame(frame).drop(
        columns=[c for c in (*PLACE_COLUMNS, "geometry") if c in frame.columns])
    n = len(base)
    empty = pd.Series([None] * n, index=base.index, dtype=object)
    lat = base.get("latitude", empty)
    lon = base.get("longitude", empty)
    code = (match_districts(base["district"]) if "district" in base
            else pd.Series(pd.NA, index=base.index, dtype="Int64"))
    located = locate_points(lon, lat, districts)
    code = code.fillna(located).astype("Int64")
    table = districts.set_index("district_code")
    for col in PLACE_COLUMNS:
        if col == "district_code":
            base[col] = code
        else:
            mapped = code.map(table[col])
            dtype = "Int64" if col == "subprefeitura_code" else "string"
            base[col] = mapped.astype(dtype)
    return gpd.GeoDataFrame(base, geometry=points(lon, lat).values, crs=CRS)
