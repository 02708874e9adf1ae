"""Parquet and GeoParquet files, and typed tables, rendered as the text of a CSV export.

A row's line is its row index + 1. Lists are joined with ``;``, dates written ISO, whole
floats without ``.0``, missing values as ``""``; a GeoParquet geometry gives the longitude
and latitude when the table has none.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.text import cell_text


def read_parquet(data: bytes, path: Path) -> pd.DataFrame:
    """The columns of a Parquet file as text, named as in the file.

    Raises
    ------
    InputError
        When the file cannot be read as Parquet.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"the file cannot be read as Parquet ({exc}).", file=path,
                         fix="write the table again as Parquet, or export it as CSV.") from exc
    geometry = None
    if b"geo" in (table.schema.metadata or {}) and "geometry" in table.column_names:
        import shapely

        geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
        geometry = (shapely.get_x(geoms), shapely.get_y(geoms))
        table = table.drop_columns(["geometry"])
    frame = _arrow_frame(table)
    if geometry is not None:
        for name, values in (("longitude", geometry[0]), ("latitude", geometry[1])):
            if name not in frame:
                frame[name] = pd.Series(values).map(
                    lambda v: "" if np.isnan(v) else repr(float(v))).astype(str)
    return frame


def frame_to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Render a typed table as text, exactly as its Parquet file would be read.

    Lists are joined with ``;``, dates written ISO, whole floats without ``.0``, missing
    values as ``""``.
    """
    import pyarrow as pa

    return _arrow_frame(pa.Table.from_pandas(pd.DataFrame(frame), preserve_index=False))


def _arrow_frame(table: Any) -> pd.DataFrame:
    """Every column of an Arrow table as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = {name: _arrow_text(table.column(name), pa, pc) for name in table.column_names}
    return pd.DataFrame(columns, index=range(table.num_rows))


def _arrow_text(column: Any, pa: Any, pc: Any) -> pd.Series:
    """Render an Arrow column as text, the way it would have looked in a CSV export."""
    try:
        return _arrow_text_fast(column, pa, pc)
    except pa.ArrowException:
        # Types Arrow cannot cast to text (structs, maps, nested lists, bytes that are not
        # UTF-8) are rendered value by value, as a spreadsheet would show them.
        return pd.Series([cell_text(v) for v in column.to_pylist()], dtype=str)


def _arrow_text_fast(column: Any, pa: Any, pc: Any) -> pd.Series:
    kind = column.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), ";")
    elif pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        fmt = "%Y-%m-%d"
        if pa.types.is_timestamp(kind):
            days = pc.cast(pc.floor_temporal(column, unit="day"), kind)
            if not pc.all(pc.or_kleene(pc.equal(days, column), pc.is_null(column))).as_py():
                fmt = "%Y-%m-%d %H:%M:%S"
        column = pc.strftime(column, format=fmt)
    elif pa.types.is_boolean(kind):
        column = pc.if_else(column, "true", "false")
    elif pa.types.is_floating(kind):
        # 12.0 in a float column (an integer column with gaps) reads back as "12"; beyond
        # 2**53 a float is no exact whole number and keeps its exponent.
        whole = pc.and_(pc.and_(pc.is_finite(column), pc.equal(pc.floor(column), column)),
                        pc.less(pc.abs(column), float(2**53)))
        column = pc.if_else(whole, pc.cast(pc.cast(column, pa.int64(), safe=False),
                                           pa.string()), pc.cast(column, pa.string()))
    elif not pa.types.is_string(kind):
        column = pc.cast(column, pa.string())
    return pd.Series(column.fill_null("").to_pandas(), dtype=str)
