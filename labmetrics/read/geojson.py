"""GeoJSON FeatureCollections: each feature's properties plus the point of its geometry.

A row's line is its feature number (index + 1); a feature that cannot be read is rejected,
its neighbours kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.headers import fold_header, header_aliases
from labmetrics.read.table import rejects_frame
from labmetrics.read.text import cell_text, decode


def read_geojson(data: bytes, dataset: str, path: Path
                 ) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, tuple[str, ...]]:
    """Features to a table of properties plus the point of each geometry.

    Returns the table, the feature number (index + 1) of each of its rows, the features
    that could not be read (rejected: not an object, properties not an object, a geometry
    that is not GeoJSON) and the reading notes.

    Raises
    ------
    InputError
        When the file is not JSON or not a FeatureCollection.
    """
    try:
        doc = json.loads(decode(data)[0])
    except json.JSONDecodeError as exc:
        raise InputError(f"the file is not valid JSON ({exc.msg}).", file=path,
                         line=exc.lineno, fix="export the layer again as GeoJSON.") from exc
    except RecursionError:
        raise InputError("the file nests lists or objects too deeply to be GeoJSON.",
                         file=path, fix="export the layer again as GeoJSON.") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise InputError("the file is not a GeoJSON FeatureCollection.", file=path,
                         fix="export the layer as a GeoJSON FeatureCollection.")
    props: list[dict[str, Any]] = []
    coords: list[tuple[float, float] | None] = []
    lines: list[int] = []
    rejected: list[tuple[int, str, str]] = []
    for number, feature in enumerate(features, start=1):
        problem = None
        if not isinstance(feature, dict):
            problem = "the feature is not a GeoJSON object"
        elif not isinstance(feature.get("properties") or {}, dict):
            problem = "the feature's properties are not an object of names and values"
        else:
            try:
                point = _point_of(feature.get("geometry"))
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
                problem = f"the feature's geometry cannot be read ({exc})"
        if problem is not None:
            rejected.append((number, json.dumps(feature, ensure_ascii=False), problem))
            continue
        props.append(dict(feature.get("properties") or {}))
        coords.append(point)
        lines.append(number)
    frame = pd.DataFrame(props).map(cell_text) if props else pd.DataFrame()
    frame = frame.astype(str) if len(frame.columns) else pd.DataFrame(index=range(len(props)))
    notes: tuple[str, ...] = ()
    if any(c is not None for c in coords):
        aliases = header_aliases(dataset)
        shadowed = [c for c in frame.columns if aliases.get(fold_header(c)) in
                    ("latitude", "longitude")]
        if shadowed:
            notes = (f"properties {', '.join(map(repr, shadowed))} were ignored: the feature "
                     "geometry gives the coordinates.",)
            frame = frame.drop(columns=shadowed)
        frame["longitude"] = [cell_text(c[0]) if c else "" for c in coords]
        frame["latitude"] = [cell_text(c[1]) if c else "" for c in coords]
    rejects = rejects_frame([r[0] for r in rejected], [r[1] for r in rejected],
                            [r[2] for r in rejected])
    return frame, np.asarray(lines, dtype=np.int64), rejects, notes


def _point_of(geometry: Any) -> tuple[float, float] | None:
    """The point standing for a GeoJSON geometry; None when there is none (null or empty).

    Raises ValueError (or TypeError) when the geometry is not valid GeoJSON.
    """
    if geometry is None or geometry == {}:
        return None
    if not isinstance(geometry, dict) or not geometry.get("type"):
        raise ValueError("it has no geometry type")
    if geometry["type"] == "Point":
        position = geometry.get("coordinates")
        if position in (None, []):
            return None
        if not isinstance(position, list) or len(position) < 2:
            raise ValueError("a point needs [longitude, latitude]")
        x, y = position[:2]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y)):
            raise ValueError(f"the coordinates {x!r}, {y!r} are not numbers")
        return float(x), float(y)
    import shapely
    import shapely.geometry
    from shapely.errors import ShapelyError

    try:
        shape = shapely.geometry.shape(geometry)
        if shape.is_empty:
            return None
        # A self-intersecting footprint (a bow tie) is repaired before a point is chosen in it.
        point = shapely.make_valid(shape).representative_point()
    except ShapelyError as exc:
        raise ValueError(str(exc)) from exc
    if point.is_empty:
        return None
    # A building footprint stands for the place it covers.
    return point.x, point.y
