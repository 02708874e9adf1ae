"""Every public table is written here, by one set of rules.

A public table is a CSV file someone outside the project may open: the processed
``quarantine.csv``, the rows behind every indicator, the CSV files beside a report, the
quarantine the command line writes. Each is written by :func:`write_csv`, which

- keeps only the columns the schema allows in public (never a personal column, never a
  geometry) and turns a named index into columns;
- joins the values of a multi-valued cell with :data:`SEPARATOR`;
- neutralises every text cell (and column name) a spreadsheet would run as a formula by
  prefixing ``'``, reversibly (:func:`restore_formulas`);
- ends records with CRLF as RFC 4180 says, so that a cell holding a carriage return or a
  line feed is quoted like one holding the delimiter or a quote;
- writes aside and then moves the file in place, and returns its sha256.

The bytes are those of pandas' ``to_csv``; a large table's are built a column at a time by
:mod:`labmetrics.csvtext`.

:func:`read_csv` reads such a file back, as text, exactly as it was before writing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labmetrics import csvtext
from labmetrics.csvtext import encode_csv
from labmetrics.provenance import sha256_file
from labmetrics.schema import DATASETS

__all__ = ["PERSONAL_COLUMNS", "SEPARATOR", "Published", "copy_published", "drop_private",
           "public_frame",
           "read_csv", "restore_formulas", "spreadsheet_safe", "write_csv",
           "write_parquet"]

# Personal columns of every data set: whatever table they turn up in, never published.
PERSONAL_COLUMNS = frozenset(c for ds in DATASETS.values() for c in ds.personal)
SEPARATOR = "; "
DATE_FORMAT = "%Y-%m-%d"
LINE_END = "\r\n"
# OWASP's list of what starts a formula (= + - @, tab, carriage return), after any number of
# guards already there: adding one more to those too makes the guard reversible.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")
# Every character a cell matching _FORMULA or _GUARDED can start with.
_FIRST = ["'", "=", "+", "-", "@", "\t", "\r"]


@dataclass(frozen=True)
class Published:
    """A public file written: where, how many rows, and its sha256."""

    path: Path
    rows: int
    sha256: str


def _guard(value: object) -> object:
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def _unguard(value: object) -> object:
    if isinstance(value, str) and _GUARDED.match(value):
        return value[1:]
    return value


def _joined(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return SEPARATOR.join(str(v) for v in value)
    return value


def _joined_lists(column: pd.Series) -> pd.Series:
    """:func:`_joined` of every cell of ``column``, as ``Series.map`` would give it.

    A column whose every cell is a list of texts, as the data model's multi-valued columns
    are, is joined by pyarrow in one pass; a column of texts has nothing to join; any other
    column is joined cell by cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.infer_dtype(column, skipna=True) == "string":
        return column.astype("str")
    values = column.to_numpy(dtype=object)
    lists = None
    if len(values) and set(map(type, values)) == {list}:
        try:
            lists = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            lists = None  # lists of numbers and texts mixed: joined cell by cell
    if lists is not None:
        if pa.types.is_null(lists.type.value_type):
            lists = lists.cast(pa.list_(pa.string()))
        if pa.types.is_string(lists.type.value_type) and lists.flatten().null_count == 0:
            joined = pc.binary_join(lists, SEPARATOR).to_numpy(zero_copy_only=False)
            return pd.Series(joined, index=column.index, name=column.name, dtype="str")
    return column.map(_joined, na_action="ignore")


def _edit_texts(texts: pd.Series, pattern: re.Pattern[str], guard: bool) -> pd.Series:
    """A column of text with the cells matching ``pattern`` (at their start) guarded
    (``'`` put before) or unguarded (their first ``'`` taken off), all at once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(texts)
    # Only a cell that starts with one of the characters the patterns start with can match:
    # comparing the first characters is quicker than matching every cell.
    first = pc.utf8_slice_codeunits(values, 0, 1)
    if not pc.any(pc.is_in(first, value_set=pa.array(_FIRST, first.type))).as_py():
        return texts
    hits = pc.fill_null(pc.match_substring_regex(values, f"^(?:{pattern.pattern})"), False)
    if not pc.any(hits).as_py():
        return texts
    where = hits.to_numpy(zero_copy_only=False)
    return texts.mask(where, "'" + texts if guard else texts.str.slice(1))


def _each_text(frame: pd.DataFrame, guard: bool) -> pd.DataFrame:
    # Guard (or unguard) every text cell. A column of text only, the usual case, is changed
    # as a whole, with the same values and type as mapping it cell by cell would give.
    change, pattern = (_guard, _FORMULA) if guard else (_unguard, _GUARDED)
    out = frame.copy(deep=False)
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.StringDtype):
            out[col] = _edit_texts(series, pattern, guard)
        elif series.dtype == object:
            if pd.api.types.infer_dtype(series, skipna=True) == "string":
                out[col] = _edit_texts(series.astype("str"), pattern, guard)
            else:
                out[col] = series.map(change, na_action="ignore")
    return out


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every text cell a spreadsheet would run as a formula (starting
    with ``= + - @``, tab or carriage return, after any ``'``) prefixed with ``'``."""
    return _each_text(frame, guard=True)


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`spreadsheet_safe` on text read back from a file it wrote."""
    return _each_text(frame, guard=False)


def drop_private(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` without the personal columns the schema names (in any data set) nor
    geometry columns, a named index turned into columns: what a public table may show."""
    out = frame
    if not isinstance(out.index, pd.RangeIndex) or any(n is not None for n in out.index.names):
        out = out.reset_index()
    dropped = [c for c in out.columns
               if str(c) in PERSONAL_COLUMNS or str(out[c].dtype) == "geometry"]
    return pd.DataFrame(out.drop(columns=dropped))


def public_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the columns of ``frame`` that may be published, cells as they are written.

    A named index becomes columns; the personal columns the schema names (in any data set)
    and geometry columns are dropped; the values of a multi-valued cell are joined with
    ``"; "``; formula cells and column names are neutralised.
    """
    out = drop_private(frame)
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = _joined_lists(out[col])
    out = spreadsheet_safe(out)
    out.columns = [str(_guard(str(c))) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Published:
    """Write ``frame`` as a public CSV file (UTF-8, comma, CRLF, ISO dates), atomically.

    Parameters
    ----------
    frame
        The table; see :func:`public_frame` for what is kept and how cells are written.
    path
        The file; its folder must exist. Written as ``<path>.part`` and then moved in place.
    dataset
        The data set the rows come from, when they are one's rows.

    Returns
    -------
    Published
    """
    path = Path(path)
    part = path.with_name(f"{path.name}.part")
    table = public_frame(frame)
    text = (encode_csv(table, line_end=LINE_END, date_format=DATE_FORMAT)
            if table.size >= csvtext.SMALLEST else None)
    try:
        if text is None:  # small, or a column encode_csv does not format: the same bytes
            table.to_csv(part, index=False, encoding="utf-8", lineterminator=LINE_END,
                         date_format=DATE_FORMAT)
        else:
            part.write_bytes(text)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Published(path=path, rows=len(table), sha256=sha256_file(path))


def copy_published(source: Published, path: str | Path) -> Published:
    """Publish a copy of a file already written (same bytes, same sha256), atomically."""
    path = Path(path)
    part = path.with_name(f"{path.name}.part")
    shutil.copyfile(source.path, part)
    os.replace(part, path)
    return Published(path=path, rows=source.rows, sha256=source.sha256)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Published:
    """Write ``frame`` as Parquet (zstd), atomically, for programs rather than people:
    the values as they are (no formula guard, lists kept as lists)."""
    path = Path(path)
    part = path.with_name(f"{path.name}.part")
    try:
        frame.to_parquet(part, index=False, compression="zstd")
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Published(path=path, rows=len(frame), sha256=sha256_file(path))


def read_csv(path: str | Path, *, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Read a file written by :func:`write_csv` back as text: every cell a string (empty
    when it was missing), formula guards removed."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8",
                        usecols=list(columns) if columns is not None else None)
    table.columns = [str(_unguard(str(c))) for c in table.columns]
    return restore_formulas(table)
