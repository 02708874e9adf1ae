"""Files to raw tables of strings, each row keeping the line it came from.

A data folder holds one file per data set (``spaces``, ``groups``, ``usage``, ``projects``,
or a Portuguese file name of :mod:`labmetrics.schema`) as CSV, XLSX, GeoJSON or Parquet.
Every cell is read as text so that validation sees exactly what the person typed; headers
are mapped to the canonical column names through the schema's aliases.

CSV files are what Excel and Google Sheets export in Brazil: ``;`` or ``,`` separated
(sniffed), UTF-8, UTF-8 with BOM or Windows-1252, values with line breaks inside quotes.
A row's ``_line`` is the physical line where its record starts (the header is line 1).
Rows whose every cell is empty are skipped and not counted.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics import config
from labmetrics.errors import InputError
from labmetrics.schema import DATASETS, Dataset, fold

LINE = "_line"
REJECT_COLUMNS = (LINE, "value", "reason")
DELIMITERS = (";", ",", "\t")
# Encodings a Brazilian spreadsheet export may come in when it is not UTF-8.
FALLBACK_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850")
# How far down a sheet the header row is looked for (title rows often sit above it).
HEADER_SEARCH_ROWS = 10
# How many ignored columns a warning names.
MAX_NAMED = 20
_CONNECTORS = re.compile(r"(?:^|_)(?:de|da|do|das|dos)(?=_|$)")
_SEPARATORS = re.compile(r"[\s\-./]+")


@dataclass(frozen=True)
class RawTable:
    """One input file read as text.

    Attributes
    ----------
    dataset, file
        The data set and the file it was read from.
    frame
        The canonical columns present in the file, as strings (``""`` when empty), plus
        ``_line``: the source line (CSV), sheet row (XLSX), feature index + 1 (GeoJSON) or
        row index + 1 (Parquet).
    rejects
        Records that could not be split into the header's columns: ``_line, value, reason``.
        They count as read and go to the quarantine.
    unknown_columns
        Headers that match no column of the data set (ignored).
    """

    dataset: str
    file: Path
    frame: pd.DataFrame
    rejects: pd.DataFrame = field(default_factory=lambda: empty_rejects())
    unknown_columns: tuple[str, ...] = ()
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sha256: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        """Rows read: those split into cells plus the rejected records."""
        return len(self.frame) + len(self.rejects)


def empty_rejects() -> pd.DataFrame:
    """Return an empty table of rejected records."""
    return pd.DataFrame({LINE: pd.Series(dtype="int64"), "value": pd.Series(dtype="str"),
                         "reason": pd.Series(dtype="str")})


# Control characters (terminal escapes among them) shown as escapes in messages.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), safe to print
    on a terminal: a cell holding an escape sequence must not drive it."""
    return text.translate(_CONTROL)


def fold_header(text: Any) -> str:
    """Fold a header for lookup: ``"Data de mapeamento "`` gives ``"data_mapeamento"``.

    Lower case, no accents, spaces, hyphens, dots and slashes to ``_``, and the Portuguese
    connectors *de, da, do, das, dos* dropped.
    """
    key = _SEPARATORS.sub("_", fold(str(text))).strip("_")
    return _CONNECTORS.sub("", key).strip("_")


@cache
def header_aliases(dataset: str) -> dict[str, str]:
    """Map every folded header accepted for ``dataset`` to its canonical column name."""
    out: dict[str, str] = {}
    for col in DATASETS[dataset].columns:
        for alias in (col.name, *col.aliases):
            out[fold_header(alias)] = col.name
    return out


def _file_names(ds: Dataset) -> set[str]:
    return {fold_header(n) for n in (ds.name, *ds.file_aliases)}


def find_file(folder: str | Path, dataset: str) -> Path:
    """Return the file of ``dataset`` in ``folder``.

    The file is found by its name (``groups.csv``, ``grupos.xlsx``, ``Espaços.CSV``...) and
    extension (``config.DATA_EXTENSIONS``).

    Raises
    ------
    InputError
        When the folder does not exist, holds no file for the data set, or holds several.
    """
    folder = Path(folder)
    ds = DATASETS[dataset]
    if not folder.is_dir():
        raise InputError(
            "this data folder does not exist.", file=folder,
            fix="give the folder that holds spaces, groups, usage and projects files "
            "(for example data/raw/sample).",
        )
    names = _file_names(ds)
    found = sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in config.DATA_EXTENSIONS
        and fold_header(p.stem) in names
    )
    accepted = ", ".join(sorted({ds.name, *ds.file_aliases}))
    if not found:
        raise InputError(
            f"no file for the data set '{dataset}' in this folder.", file=folder,
            fix=f"add a file named {accepted} with one of the extensions "
            f"{', '.join(config.DATA_EXTENSIONS)}.",
        )
    if len(found) > 1:
        raise InputError(
            f"several files hold the data set '{dataset}': "
            + ", ".join(p.name for p in found) + ".", file=folder,
            fix="keep one of them in the folder and move the others out.",
        )
    return found[0]


def read_dataset(folder: str | Path, dataset: str) -> RawTable:
    """Find and read the file of ``dataset`` in ``folder`` (see :func:`find_file`)."""
    return read_file(find_file(folder, dataset), dataset)


def read_file(path: str | Path, dataset: str) -> RawTable:
    """Read one file of ``dataset`` as a table of strings.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx``, ``.geojson`` or ``.parquet`` file.
    dataset
        Which data set the file holds: its headers are matched to that data set's columns.

    Returns
    -------
    RawTable

    Raises
    ------
    InputError
        When the file cannot be read, is empty, lacks a required column or has two
        columns meaning the same thing.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"the file cannot be opened ({exc.strerror}).", file=path,
                         fix="check that the file exists and that you may read it.") from exc
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(
            "the file is empty.", file=path,
            fix=f"export the {dataset} table again, with its header row.",
        )
    if suffix == ".csv":
        if data.startswith(b"PK\x03\x04"):
            raise InputError(
                "the file is a zip archive (an Excel workbook?) named as CSV.", file=path,
                fix="give it the .xlsx extension, or save the sheet again as CSV.")
        csv = _read_csv(data, path)
        table = _from_grid(csv.grid, csv.lines, dataset, path)
        rejects = table.rejects
        if len(csv.rejects):
            rejects = pd.concat([rejects, csv.rejects], ignore_index=True) if len(rejects) \
                else csv.rejects
        return _replace(table, rejects=rejects, warnings=(*csv.notes, *table.warnings),
                        encoding=csv.encoding, delimiter=csv.delimiter, sha256=digest)
    if suffix == ".xlsx":
        grid, lines, sheet = _read_xlsx(data, dataset, path)
        table = _from_grid(grid, lines, dataset, path)
        return _replace(table, sheet=sheet, sha256=digest)
    if suffix == ".geojson":
        frame, lines, rejects, notes = _read_geojson(data, dataset, path)
        table = _from_named(frame, dataset, path, notes, lines=lines)
        return _replace(table, rejects=rejects, sha256=digest)
    if suffix == ".parquet":
        frame = _read_parquet(data, path)
        return _replace(_from_named(frame, dataset, path, ()), sha256=digest)
    raise InputError(
        f"labmetrics does not read '{path.suffix}' files.", file=path,
        fix=f"save the table as one of {', '.join(config.DATA_EXTENSIONS)}.",
    )


def _replace(table: RawTable, **changes: Any) -> RawTable:
    return replace(table, **changes)


# --- CSV ------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return the text (NFC) and the encoding used.

    UTF-8 (with or without BOM) wins whenever it decodes; UTF-16 is recognised by its byte
    order mark or its zero bytes; otherwise the code page of Western spreadsheets that reads
    the most Portuguese letters wins (Windows-1252 first).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif (wide := _utf16_without_bom(data)) is not None:
        encoding = wide
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
        encoding = "latin_1"
        text = data.decode(encoding)
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 text saved without its byte order mark.

    Text in a Western language saved as UTF-16 has a zero byte beside almost every
    character; UTF-8 and Windows-1252 text has none.
    """
    if len(data) < 4 or data.count(0) < len(data) // 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


# Letters of Portuguese and the punctuation spreadsheets write: text decoded with the right
# code page is made of these, a wrong one turns them into box drawing or odd capitals.
_PORTUGUESE = frozenset("áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇºª°§–—‘’“”€·")


def _guess_encoding(data: bytes) -> str:
    """The single-byte code page among ``FALLBACK_ENCODINGS`` that reads the most
    Portuguese letters out of the bytes above 127 (Windows-1252 on a tie).

    A general detector (charset-normalizer) mistakes short Windows-1252 files for Mac Roman
    or DOS code pages ("código" read as "cÛdigo"); in these code pages each byte is one
    character, so counting the high bytes once is enough.
    """
    counts = np.bincount(np.frombuffer(data, dtype=np.uint8), minlength=256)
    high = [b for b in range(128, 256) if counts[b]]
    best, best_score = "cp1252", None
    for encoding in FALLBACK_ENCODINGS:
        score = 0
        for b in high:
            try:
                char = bytes([b]).decode(encoding)
            except UnicodeDecodeError:
                break
            score += int(counts[b]) * (1 if char in _PORTUGUESE else -1)
        else:
            if best_score is None or score > best_score:
                best, best_score = encoding, score
    return best


def sniff_delimiter(text: str) -> str:
    """Return the separator of a CSV text: ``;``, ``,`` or tab.

    The candidate found most often on one of the first lines (outside quotes) wins, ``;``
    on a tie; a single-column file gives ``,``.
    """
    head = [re.sub(r'"[^"]*"', "", line) for line in text.splitlines()[:HEADER_SEARCH_ROWS]]
    counts = {d: max((line.count(d) for line in head), default=0) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


@dataclass(frozen=True)
class _Csv:
    """A CSV file split into records: the cells, the line where each record starts, the
    records that could not be split (rejects) and notes on the reading."""

    grid: pd.DataFrame
    lines: np.ndarray
    encoding: str
    delimiter: str
    rejects: pd.DataFrame
    notes: tuple[str, ...]


def _read_csv(data: bytes, path: Path) -> _Csv:
    text, encoding = decode(data)
    # Windows line ends, also inside quoted values; old Mac files end lines with \r alone.
    # Every kind of line end becomes \n, as Python's universal newlines do.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, notes = _drop_nul(text)
    delimiter = sniff_delimiter(text)
    raw = text.encode("utf-8")
    starts, n_fields = _scan_records(raw, delimiter)
    lines = _line_numbers(raw, starts)
    try:
        grid = pd.read_csv(
            io.BytesIO(raw), sep=delimiter, header=None, names=range(max(n_fields, 1)),
            dtype=str, na_filter=False, skip_blank_lines=False, engine="c",
            quotechar='"', doublequote=True, encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError):
        grid = None
    if grid is None or len(grid) != len(starts):
        # Quotes in the middle of unquoted values fool the fast scan; the csv module reads
        # such a file record by record, keeping the line where each record starts.
        grid, lines = _read_csv_slowly(text, delimiter, path)
    rejects = empty_rejects()
    if len(lines) and _opens_unclosed_quote(raw, int(lines[-1]), delimiter):
        # The last record runs to the end of the file inside a quote that is never closed:
        # every line from there on is set aside as it stands, and the rows before it kept.
        rejects = _unclosed_lines(raw, int(lines[-1]))
        grid, lines = grid.iloc[:-1], lines[:-1]
        if not len(rejects) or _blank_rows(grid).all():
            raise InputError(
                f"a quote opened on line {int(rejects[LINE].iloc[0]) if len(rejects) else 1} "
                "is never closed, so the file cannot be split into cells.", file=path,
                fix="add the closing quote (\") or remove the stray one, then read it again.")
    return _Csv(grid, lines, encoding, delimiter, rejects, notes)


def _drop_nul(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove NUL characters (left by damaged exports); say on which lines they were."""
    if "\x00" not in text:
        return text, ()
    b = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(b == ord("\n"))
    where = np.unique(np.searchsorted(newlines, np.flatnonzero(b == 0)) + 1)
    shown = ", ".join(str(n) for n in where[:10]) + (" ..." if len(where) > 10 else "")
    return text.replace("\x00", ""), (
        f"NUL characters (a damaged export?) were removed from line(s) {shown}.",)


def _line_offset(raw: bytes, line: int) -> int:
    """Byte offset where ``line`` (1-based, lines ended by ``\\n``) starts in ``raw``."""
    if line <= 1:
        return 0
    newlines = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == ord("\n"))
    if line - 2 >= len(newlines):
        return len(raw)
    return int(newlines[line - 2]) + 1


def _opens_unclosed_quote(raw: bytes, line: int, delimiter: str) -> bool:
    """Whether the record starting on ``line`` (the last one) opens a quote it never closes."""
    import csv

    record = raw[_line_offset(raw, line):].decode("utf-8")
    if '"' not in record:
        return False
    try:
        for _ in csv.reader(io.StringIO(record, newline="\n"), delimiter=delimiter,
                            strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _unclosed_lines(raw: bytes, line: int) -> pd.DataFrame:
    """One reject per non-blank line from ``line``, where a never-closed quote opens."""
    tail = raw[_line_offset(raw, line):].decode("utf-8").split("\n")
    numbers = np.arange(line, line + len(tail), dtype=np.int64)
    texts = pd.Series(tail, dtype=str)
    keep = (texts.str.strip(" \t;,") != "").to_numpy()
    last = int(numbers[keep][-1]) if keep.any() else line
    span = f"line {line}" if last == line else f"lines {line}–{last}"
    reason = (f"a quote opened on line {line} is never closed, so {span} cannot be split "
              "into cells (add the closing quote, or remove the stray one)")
    return pd.DataFrame({LINE: numbers[keep], "value": texts[keep].to_numpy(dtype=str),
                         "reason": reason})


def _scan_records(raw: bytes, delimiter: str) -> tuple[np.ndarray, int]:
    """Start offsets of the records of ``raw`` and the most fields in one record.

    A newline or separator is inside a quoted value when an odd number of quote characters
    precede it (an escaped quote ``""`` counts twice, so the parity still holds).
    """
    b = np.frombuffer(raw, dtype=np.uint8)
    # uint8 wraps at 256, an even number, so the parity survives the overflow.
    outside = (np.cumsum(b == ord('"'), dtype=np.uint8) & 1) == 0
    ends = np.flatnonzero((b == ord("\n")) & outside)
    starts = np.concatenate(([0], ends + 1))
    if len(starts) and starts[-1] >= len(b):
        starts = starts[:-1]
    record_ends = np.append(ends, len(b))[: len(starts)]
    seps = np.flatnonzero((b == ord(delimiter)) & outside)
    counts = np.searchsorted(seps, record_ends) - np.searchsorted(seps, starts)
    return starts, int(counts.max()) + 1 if len(counts) else 1


def _line_numbers(raw: bytes, starts: np.ndarray) -> np.ndarray:
    newlines = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == ord("\n"))
    return np.searchsorted(newlines, starts) + 1


def _read_csv_slowly(text: str, delimiter: str, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    import csv

    rows: list[list[str]] = []
    lines: list[int] = []
    # A value may be as long as the file (a pasted document); the csv module's default
    # limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # Records end at "\n" only (CRLF is already "\n"), so that line numbers count the same
    # lines as the fast scan; a stray carriage return inside a line is then reported.
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"the file cannot be read as CSV ({exc}).", file=path, line=reader.line_num,
            fix="check the quotes on that line, or export the table again from the "
            "spreadsheet.",
        ) from exc
    width = max((len(r) for r in rows), default=1)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    return grid, np.asarray(lines, dtype=np.int64)


# --- XLSX -----------------------------------------------------------------------------------


def _read_xlsx(data: bytes, dataset: str, path: Path
               ) -> tuple[pd.DataFrame, np.ndarray, str]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(
            f"the file cannot be read as an Excel workbook ({exc}).", file=path,
            fix="open it in a spreadsheet and save it again as .xlsx, or export it as CSV.",
        ) from exc
    try:
        sheet = _data_sheet(book.worksheets, dataset)
        if sheet is None:
            raise InputError("every sheet of the workbook is empty.", file=path,
                             fix=f"put the {dataset} table, with its header row, in the first "
                             "sheet.")
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    width = max(len(r) for r in rows)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    return grid, np.arange(1, len(rows) + 1), sheet.title


def _data_sheet(sheets: Sequence[Any], dataset: str) -> Any | None:
    """The sheet holding ``dataset``: among the non-empty sheets, the one whose top rows
    name the most of its columns; a sheet named like the data set, then the first, on a tie.

    A workbook often opens on a read-me or a summary sheet before the data.
    """
    aliases = header_aliases(dataset)
    names = _file_names(DATASETS[dataset])
    best, best_key = None, None
    for position, sheet in enumerate(sheets):
        top = [[_cell_text(v) for v in row]
               for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        if not any(c.strip() for row in top for c in row):
            continue
        known = max(len({aliases[k] for c in row if (k := fold_header(c)) in aliases})
                    for row in top)
        key = (known, fold_header(sheet.title) in names, -position)
        if best_key is None or key > best_key:
            best, best_key = sheet, key
    return best


def _cell_text(value: Any) -> str:
    """Render one spreadsheet or JSON value as the text a person would have typed."""
    from datetime import date, datetime

    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(_cell_text(v) for v in value)
    return str(value)


# --- GeoJSON and Parquet --------------------------------------------------------------------


def _read_geojson(data: bytes, dataset: str, path: Path
                  ) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, tuple[str, ...]]:
    """Features to a table of properties plus the point of each geometry.

    Returns the table, the feature number (index + 1) of each of its rows, the features
    that could not be read (rejected: not an object, properties not an object, a geometry
    that is not GeoJSON) and the reading notes.
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
    frame = pd.DataFrame(props).map(_cell_text) if props else pd.DataFrame()
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
        frame["longitude"] = [_cell_text(c[0]) if c else "" for c in coords]
        frame["latitude"] = [_cell_text(c[1]) if c else "" for c in coords]
    rejects = empty_rejects()
    if rejected:
        rejects = pd.DataFrame(rejected, columns=list(REJECT_COLUMNS)).astype(
            {LINE: "int64", "value": str, "reason": str})
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


def _read_parquet(data: bytes, path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.compute as pc
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
    frame = pd.DataFrame(
        {name: _arrow_text(table.column(name), pa, pc) for name in table.column_names},
        index=range(table.num_rows))
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
    import pyarrow.compute as pc

    table = pa.Table.from_pandas(pd.DataFrame(frame), preserve_index=False)
    columns = {name: _arrow_text(table.column(name), pa, pc) for name in table.column_names}
    return pd.DataFrame(columns, index=range(table.num_rows))


def _arrow_text(column: Any, pa: Any, pc: Any) -> pd.Series:
    """Render an Arrow column as text, the way it would have looked in a CSV export."""
    try:
        return _arrow_text_fast(column, pa, pc)
    except pa.ArrowException:
        # Types Arrow cannot cast to text (structs, maps, nested lists, bytes that are not
        # UTF-8) are rendered value by value, as a spreadsheet would show them.
        return pd.Series([_cell_text(v) for v in column.to_pylist()], dtype=str)


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


# --- headers --------------------------------------------------------------------------------


def _header_row(grid: pd.DataFrame, dataset: str) -> int:
    """Index of the header row: the first of the top rows naming most known columns."""
    aliases = header_aliases(dataset)
    top = grid.head(HEADER_SEARCH_ROWS)
    scores = [sum(fold_header(v) in aliases for v in row) for row in top.itertuples(index=False)]
    best = max(scores, default=0)
    return scores.index(best) if best else 0


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    blank = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        blank &= (frame[col].str.strip() == "").to_numpy()
    return blank


def _from_grid(grid: pd.DataFrame, lines: np.ndarray, dataset: str, path: Path) -> RawTable:
    """Turn a sheet of cells (header somewhere near the top) into a RawTable."""
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    blank = _blank_rows(grid)
    keep = np.flatnonzero(~blank)
    if not len(keep):
        raise InputError("the file holds no header and no rows.", file=path,
                         fix=f"export the {dataset} table again, with its header row.")
    body = grid.iloc[keep].reset_index(drop=True)
    body_lines = lines[keep]
    h = _header_row(body, dataset)
    header = [str(v).strip() for v in body.iloc[h]]
    width = max((i + 1 for i, v in enumerate(header) if v), default=0)
    notes: list[str] = []
    if h:
        notes.append(f"{h} row(s) above the header (line {body_lines[h]}) were skipped.")
    data = body.iloc[h + 1:].reset_index(drop=True)
    data_lines = body_lines[h + 1:]
    wide = np.zeros(len(data), dtype=bool)
    for col in range(width, data.shape[1]):
        wide |= (data[col].str.strip() != "").to_numpy()
    rejects = empty_rejects()
    if wide.any():
        sep = ";"
        texts = data[wide].apply(lambda r: sep.join(r).rstrip(sep), axis=1)
        counts = data[wide].apply(lambda r: max(i + 1 for i, v in enumerate(r) if v.strip()),
                                  axis=1)
        rejects = pd.DataFrame({
            LINE: data_lines[wide].astype("int64"),
            "value": texts.to_numpy(dtype=str),
            "reason": [f"the row has {n} cells but the header has {width} columns (a "
                       "separator inside a value that is not quoted?)" for n in counts],
        })
    data = data.loc[~wide, list(range(width))]
    data.columns = [
        h_name if h_name else f"(column {i + 1} without a header)"
        for i, h_name in enumerate(header[:width])
    ]
    table = _from_named(data.reset_index(drop=True), dataset, path, tuple(notes),
                        lines=data_lines[~wide])
    return _replace(table, rejects=rejects)


def _named(headers: Sequence[Any]) -> str:
    """The first headers of a file, for a message."""
    shown = [printable(str(h)[:40]) for h in headers[:MAX_NAMED]]
    more = f" and {len(headers) - MAX_NAMED:,} more" if len(headers) > MAX_NAMED else ""
    return (", ".join(shown) + more) or "none"


def _from_named(frame: pd.DataFrame, dataset: str, path: Path, notes: Sequence[str],
                lines: np.ndarray | None = None) -> RawTable:
    """Map the named columns of ``frame`` to the canonical columns of ``dataset``."""
    ds = DATASETS[dataset]
    aliases = header_aliases(dataset)
    chosen: dict[str, str] = {}
    unknown: list[str] = []
    for position, name in enumerate(frame.columns):
        canonical = aliases.get(fold_header(name))
        if canonical is None:
            unknown.append(str(name))
            continue
        if canonical in chosen.values():
            first = next(k for k, v in chosen.items() if v == canonical)
            raise InputError(
                f"the columns '{first}' and '{name}' (column {position + 1}) both mean "
                f"'{canonical}'.", file=path,
                fix="delete or rename one of them so that each column appears once.",
            )
        chosen[name] = canonical
    missing = [c for c in ds.required if c not in chosen.values()]
    if missing:
        accepted = "; ".join(
            f"{c}: " + ", ".join((c, *ds.column(c).aliases)) for c in missing
        )
        raise InputError(
            f"the required column(s) {', '.join(missing)} of the data set '{dataset}' are "
            f"missing (headers found: {_named(frame.columns)}).",
            file=path,
            fix=f"add the column(s) with one of the accepted headers ({accepted}).",
        )
    out = frame[list(chosen)].copy()
    out.columns = list(chosen.values())
    out = out.astype(str)
    out[LINE] = (np.arange(1, len(frame) + 1) if lines is None
                 else np.asarray(lines)).astype("int64")
    warnings = list(notes)
    if unknown:
        named = ", ".join(f"'{u}'" for u in unknown[:MAX_NAMED])
        if len(unknown) > MAX_NAMED:
            named += f" and {len(unknown) - MAX_NAMED:,} more"
        warnings.append(f"column(s) {named} are not part of the data set '{dataset}' and "
                        "were ignored.")
    if not len(out):
        warnings.append("the file has a header but no rows.")
    return RawTable(dataset=dataset, file=path, frame=out, unknown_columns=tuple(unknown),
                    warnings=tuple(warnings))
