"""The open data of a report: its CSV files described as a Frictionless Data Package.

Every CSV of a report's data folder becomes a resource of ``datapackage.json`` (profile
``tabular-data-package``) with its Table Schema (field types inferred from the text of the
file), size and sha256, so that a reader can check and load the tables behind the charts.
"""

from __future__ import annotations

import csv
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NotRequired, TypedDict

import pandas as pd

from labmetrics.config import VERSION as __version__
from labmetrics.provenance import now, sha256_file

DATAPACKAGE = "datapackage.json"
# CC-BY-4.0 rather than ODbL: the files are small statistical tables (counts, hours,
# shares), not a database whose derivatives must stay open; asking only for attribution
# lets journalists and forum members mix them with any other data, while the source stays
# credited.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
FIELD_TYPES = ("integer", "number", "boolean", "date", "datetime", "string")

_INTEGER = r"[+-]?\d+"
_NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|Infinity)|NaN"
_BOOLEAN = r"(?i:true|false)"
_DATE = r"\d{4}-\d{2}-\d{2}"
_DATETIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"


class Field(TypedDict):
    """A column of a CSV resource: its name and Frictionless type."""

    name: str
    type: str


class TableSchema(TypedDict):
    """The columns of a CSV resource, and the text that means a missing value."""

    fields: list[Field]
    missingValues: list[str]


class Resource(TypedDict):
    """A Frictionless Data Resource: one file of the package."""

    name: str
    path: str
    profile: NotRequired[str]
    format: str
    mediatype: str
    encoding: str
    bytes: int
    hash: str
    schema: NotRequired[TableSchema]


class DataPackage(TypedDict):
    """A Frictionless Data Package descriptor (``datapackage.json``)."""

    profile: str
    name: str
    title: str
    licenses: list[dict[str, str]]
    sources: list[dict[str, str]]
    created: str
    contributors: list[dict[str, str]]
    resources: list[Resource]
    description: NotRequired[str]


def slug(text: str) -> str:
    """Return a name valid for a package or resource: lowercase ``[a-z0-9._-]``."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "data"


# Columns up to this many values are matched value by value with Python's re, as pandas
# does for text with accents: its string methods cost more per call than a few thousand
# matches. Larger columns go through pandas (pyarrow's RE2 when the text is ASCII).
SMALL_COLUMN = 10_000
# CSV files up to this size are read with the csv module: pandas' reader costs more to set up
# than such a file costs to read.
SMALL_FILE = 256 * 1024
_KINDS = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("integer", _INTEGER), ("number", _NUMBER), ("boolean", _BOOLEAN), ("date", _DATE),
    ("datetime", _DATETIME)))


def _present(values: pd.Series | Sequence[str]
             ) -> tuple[list[str] | pd.Series, str | None]:
    """The non-empty values of a column (a list when given one or when small, else a Series)
    and the first."""
    if not isinstance(values, pd.Series) or len(values) <= SMALL_COLUMN:
        items = values.tolist() if isinstance(values, pd.Series) else values
        small = [v for v in items if isinstance(v, str) and v != ""]
        return small, small[0] if small else None
    large = values[values.notna() & (values != "")].astype("string")
    return large, str(large.iloc[0]) if len(large) else None


def _all_match(present: list[str] | pd.Series, pattern: re.Pattern[str]) -> bool:
    if isinstance(present, list):
        return all(pattern.fullmatch(value) for value in present)
    return bool(present.str.fullmatch(pattern.pattern).all())


def infer_field_type(values: pd.Series | Sequence[str]) -> str:
    """Return the Table Schema type of one CSV column read as text.

    Empty cells are missing values and do not count; a column with none is a string.
    """
    present, first = _present(values)
    if first is None:
        return "string"
    for kind, pattern in _KINDS:
        # Every value must match, so the first value alone (matched by Python's re, as pandas
        # does for text with accents) rules most kinds out without scanning the column.
        if pattern.fullmatch(first) is None or not _all_match(present, pattern):
            continue
        if kind in ("date", "datetime") and pd.to_datetime(
                pd.Series(present, dtype="string"), errors="coerce", format="ISO8601",
                utc=True).isna().any():
            continue  # shaped like a date but not one (2017-02-30)
        return kind
    return "string"


def _small_table(path: Path) -> dict[str, list[str]] | None:
    """The distinct values of each column of a small CSV file read with the csv module
    (blank lines skipped, short rows padded, as pandas reads them), or None when it is
    large, empty or repeats a column name."""
    if path.stat().st_size > SMALL_FILE:
        return None
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row]
    if not rows or len(set(rows[0])) != len(rows[0]):
        return None
    header = rows[0]
    return {name: list(dict.fromkeys(row[i] if i < len(row) else "" for row in rows[1:]))
            for i, name in enumerate(header)}


def _large_table(path: Path) -> dict[str, list[str]] | None:
    """The distinct values of each column of a CSV file read as text by pyarrow (which
    makes no Python object per cell), or None when its header repeats a name or a row is
    not as long as the header (pandas then reads it)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pa_csv

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), None)
    if not header or len(set(header)) != len(header):
        return None
    try:
        table = pa_csv.read_csv(
            path, parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if table.column_names != header:
        return None
    return {name: pc.unique(table.column(name)).to_pylist() for name in header}


def _fields(path: Path) -> list[Field]:
    """The name and type of each column of a CSV file (every value must fit the type, so
    each column's distinct values are enough)."""
    distinct = _small_table(path) or _large_table(path)
    if distinct is not None:
        return [{"name": name, "type": infer_field_type(values)}
                for name, values in distinct.items()]
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return [{"name": str(col), "type": infer_field_type(table[col])} for col in table.columns]


def describe_csv(path: Path, base: Path,
                 known: dict[str, list[Field]] | None = None) -> Resource:
    """Return the Data Resource describing the CSV file ``path`` (relative to ``base``).

    ``known`` maps the sha256 of files already described to their fields, so that a file
    written twice (two indicators with the same rows) is read once.
    """
    digest = sha256_file(path)
    known = {} if known is None else known
    if digest not in known:
        known[digest] = _fields(path)
    return {
        "name": slug(path.stem),
        "path": path.relative_to(base).as_posix(),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{digest}",
        "schema": {"fields": [Field(name=f["name"], type=f["type"]) for f in known[digest]],
                   "missingValues": [""]},
    }


def describe_geojson(path: Path, base: Path) -> Resource:
    """Return the Data Resource describing the GeoJSON file ``path`` (relative to ``base``)."""
    return {
        "name": slug(path.stem) + "-geojson",
        "path": path.relative_to(base).as_posix(),
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
    }


def build_descriptor(data_dir: Path, *, name: str, title: str, description: str = "",
                     sources: Iterable[Mapping[str, str]] = (),
                     created: str | None = None,
                     known: Mapping[str, list[Field]] | None = None) -> DataPackage:
    """Return the ``datapackage.json`` descriptor of every CSV in ``data_dir`` (sorted), and
    of every GeoJSON file after them (then the package is a plain ``data-package``: not
    every resource is a table). ``known`` maps the sha256 of files already typed (by
    :class:`TypingAhead`) to their fields."""
    known = dict(known or {})
    resources = [describe_csv(p, data_dir, known) for p in sorted(data_dir.glob("*.csv"))]
    maps = [describe_geojson(p, data_dir) for p in sorted(data_dir.glob("*.geojson"))]
    descriptor: DataPackage = {
        "profile": "data-package" if maps else "tabular-data-package",
        "name": slug(name),
        "title": title,
        "licenses": [LICENCE],
        "sources": [dict(s) for s in sources],
        "created": created or now().isoformat().replace("+00:00", "Z"),
        "contributors": [{"title": f"labmetrics {__version__}", "role": "author"}],
        "resources": resources + maps,
    }
    if description:
        descriptor["description"] = description
    return descriptor


def write_datapackage(data_dir: Path, *, name: str, title: str, description: str = "",
                      sources: Sequence[Mapping[str, str]] = (),
                      created: str | None = None,
                      known: Mapping[str, list[Field]] | None = None) -> Path | None:
    """Write ``datapackage.json`` into ``data_dir``; None when it holds no CSV (a data
    package needs at least one resource). ``known``: see :func:`build_descriptor`."""
    if not any(data_dir.glob("*.csv")):
        return None
    descriptor = build_descriptor(data_dir, name=name, title=title, description=description,
                                  sources=sources, created=created, known=known)
    target = data_dir / DATAPACKAGE
    tmp = data_dir / f".{DATAPACKAGE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, target)
    return target


class TypingAhead:
    """Type the CSV files of a data folder on a thread while a notebook writes them.

    A report's command waits while its kernel runs the notebook; the types of the files
    already written can be worked out then rather than after the run (the whole of the
    evidence at the largest scales). The fields are kept by the sha256 of each file's bytes,
    so a file written again, or read while it was being written, is typed again from what
    it finally holds (:func:`build_descriptor` looks every file up by its sha256).
    """

    def __init__(self, folder: Path, interval: float = 0.05) -> None:
        self._folder = Path(folder)
        self._interval = interval
        self._known: dict[str, list[Field]] = {}
        self._seen: set[tuple[str, int, int]] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="labmetrics-typing-ahead",
                                        daemon=True)
        self._thread.start()

    def _type_new_files(self) -> None:
        for path in sorted(self._folder.glob("*.csv")):
            if self._stop.is_set():
                return
            try:
                stat = path.stat()
                key = (path.name, stat.st_mtime_ns, stat.st_size)
                if key in self._seen:
                    continue
                self._seen.add(key)
                digest = sha256_file(path)
                if digest not in self._known:
                    self._known[digest] = _fields(path)
            except Exception:  # typed again after the run, where a failure is reported
                continue

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._type_new_files()

    def stop(self) -> dict[str, list[Field]]:
        """Stop typing (the file being typed is finished) and return the fields found, by
        sha256."""
        self._stop.set()
        self._thread.join()
        return dict(self._known)
