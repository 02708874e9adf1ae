"""CSV files as Excel and Google Sheets export them in Brazil, split into records.

``;`` or ``,`` separated (sniffed), values with separators and line breaks inside quotes.
Each record keeps the physical line where it starts (the header is line 1). The records are
found by a vectorised scan and parsed by pandas; a file whose quotes fool the scan is read
record by record instead, and a quote never closed sets aside the lines it swallows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.headers import HEADER_SEARCH_ROWS
from labmetrics.read.table import LINE, blank_rows, empty_rejects, grid_of, rejects_frame
from labmetrics.read.text import decode_to_utf8, drop_nul, newlines

DELIMITERS = (";", ",", "\t")


def sniff_delimiter(text: str) -> str:
    """Return the separator of a CSV text: ``;``, ``,`` or tab.

    The candidate found most often on one of the first lines (outside quotes) wins, ``;``
    on a tie; a single-column file gives ``,``.
    """
    head = [re.sub(r'"[^"]*"', "", line) for line in _head_lines(text, HEADER_SEARCH_ROWS)]
    counts = {d: max((line.count(d) for line in head), default=0) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _head_lines(text: str, rows: int) -> list[str]:
    """``text.splitlines()[:rows]``, splitting only as much of the text as it takes."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        # One line more than asked: the lines asked for are whole.
        if len(lines) > rows or size >= len(text):
            return lines[:rows]
        size *= 4


@dataclass(frozen=True)
class Csv:
    """A CSV file split into records: the cells, the line where each record starts, the
    records that could not be split (rejects) and notes on the reading."""

    grid: pd.DataFrame
    lines: np.ndarray
    encoding: str
    delimiter: str
    rejects: pd.DataFrame
    notes: tuple[str, ...]


def read_csv(data: bytes, path: Path) -> Csv:
    """Split the bytes of a CSV file into records of cells, each with its first line.

    Raises
    ------
    InputError
        When the file cannot be split into cells at all.
    """
    text, encoding, raw = decode_to_utf8(data)
    split = None
    if _windows_lines_only(raw):
        # pyarrow ends a line at CRLF as at LF: such a file is split as it stands, and
        # its copy with LF line ends is made only if the fast split refuses it.
        split = _split_even_lines(raw, sniff_delimiter(text))
    # Windows line ends, also inside quoted values; old Mac files end lines with \r alone.
    # Every kind of line end becomes \n, as Python's universal newlines do. In UTF-8 a CR
    # or LF byte is always that character, so the bytes are replaced (faster than the text;
    # looking for a CR first is faster still than copying a file that has none).
    if split is None and b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    notes: tuple[str, ...] = ()
    if b"\x00" in raw:
        text, notes = drop_nul(raw.decode("utf-8"))
        raw = text.encode("utf-8")
    # Lines are split at CR, LF and CRLF alike, so the text's own line ends do not matter.
    delimiter = sniff_delimiter(text)
    quoted = b'"' in raw
    if split is None and not quoted:
        split = _split_even_lines(raw, delimiter)
    if split is not None:
        grid, lines, n_records = *split, len(split[1])
    else:
        starts, n_fields = _scan_records(raw, delimiter)
        lines, n_records = np.searchsorted(newlines(raw), starts) + 1, len(starts)
        grid = _split_unquoted(raw, delimiter, n_fields) if not quoted else None
    if grid is None:
        try:
            grid = pd.read_csv(
                io.BytesIO(raw), sep=delimiter, header=None, names=range(max(n_fields, 1)),
                dtype=str, na_filter=False, skip_blank_lines=False, engine="c",
                quotechar='"', doublequote=True, encoding="utf-8",
            )
        except (pd.errors.ParserError, ValueError):
            grid = None
    if grid is None or len(grid) != n_records:
        # Quotes in the middle of unquoted values fool the fast scan; the csv module reads
        # such a file record by record, keeping the line where each record starts.
        grid, lines = _read_csv_slowly(raw.decode("utf-8"), delimiter, path)
    rejects = empty_rejects()
    # Without a quote in the file no record can open one (and finding the last record's
    # line would count every line again).
    if quoted and len(lines) and _opens_unclosed_quote(raw, int(lines[-1]), delimiter):
        # The last record runs to the end of the file inside a quote that is never closed:
        # every line from there on is set aside as it stands, and the rows before it kept.
        rejects = _unclosed_lines(raw, int(lines[-1]))
        grid, lines = grid.iloc[:-1], lines[:-1]
        if not len(rejects) or blank_rows(grid).all():
            raise InputError(
                f"a quote opened on line {int(rejects[LINE].iloc[0]) if len(rejects) else 1} "
                "is never closed, so the file cannot be split into cells.", file=path,
                fix="add the closing quote (\") or remove the stray one, then read it again.")
    return Csv(grid, lines, encoding, delimiter, rejects, notes)


def _windows_lines_only(raw: bytes) -> bool:
    """Whether ``raw`` ends its lines with CRLF and has no other CR, no quote and no NUL:
    every line is then a record, wherever pyarrow or Python split it."""
    if not (b"\r" in raw and b'"' not in raw and b"\x00" not in raw):
        return False
    # Each CR followed by an LF (counting CRLF pairs costs twice as long as this).
    b = np.frombuffer(raw, dtype=np.uint8)
    cr = np.flatnonzero(b == ord("\r"))
    return bool(cr[-1] + 1 < len(b)) and bool((b[cr + 1] == ord("\n")).all())


def _split_even_lines(raw: bytes, delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Cells and lines of a CSV without quotes whose every line has as many cells as the
    widest of its first lines (the common case); None for any other file.

    Without quotes every line is a record, so the records need no scan: pyarrow splits the
    lines into exactly that many cells or refuses, and a file it takes has one record per
    line, the n-th on line n.
    """
    head = raw[: 1 << 16].split(b"\n")[:HEADER_SEARCH_ROWS]
    sep = delimiter.encode("utf-8")
    n_fields = max(line.count(sep) for line in head) + 1
    n_records = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    grid = _split_unquoted(raw, delimiter, n_fields)
    if grid is None or len(grid) != n_records:
        return None
    return grid, np.arange(1, n_records + 1, dtype=np.int64)


def _split_unquoted(raw: bytes, delimiter: str, n_fields: int) -> pd.DataFrame | None:
    """Cells of a CSV without any quote, split by pyarrow (threaded, no Python strings).

    Without quotes, records are lines and cells what lies between separators, read alike
    by every parser; None when a record has fewer cells than the widest, for pandas to pad.
    """
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    names = [str(i) for i in range(max(n_fields, 1))]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char=False,
                                              double_quote=False, escape_char=False,
                                              ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    text = pd.StringDtype(na_value=np.nan)  # what pandas reads with dtype=str
    grid = table.to_pandas(types_mapper={pa.string(): text, pa.large_string(): text}.get)
    grid.columns = pd.Index(range(len(names)), dtype="int64")
    return grid


def _line_offset(raw: bytes, line: int) -> int:
    """Byte offset where ``line`` (1-based, lines ended by ``\\n``) starts in ``raw``."""
    if line <= 1:
        return 0
    ends = newlines(raw)
    if line - 2 >= len(ends):
        return len(raw)
    return int(ends[line - 2]) + 1


def _opens_unclosed_quote(raw: bytes, line: int, delimiter: str) -> bool:
    """Whether the record starting on ``line`` (the last one) opens a quote it never closes."""
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
    return rejects_frame(numbers[keep], texts[keep], reason)


def _scan_records(raw: bytes, delimiter: str) -> tuple[np.ndarray, int]:
    """Start offsets of the records of ``raw`` and the most fields in one record.

    A newline or separator is inside a quoted value when an odd number of quote characters
    precede it (an escaped quote ``""`` counts twice, so the parity still holds).
    """
    b = np.frombuffer(raw, dtype=np.uint8)
    line_ends, separators = b == ord("\n"), b == ord(delimiter)
    if b'"' in raw:
        # uint8 wraps at 256, an even number, so the parity survives the overflow.
        outside = (np.cumsum(b == ord('"'), dtype=np.uint8) & 1) == 0
        line_ends &= outside
        separators &= outside
    ends = np.flatnonzero(line_ends)
    starts = np.concatenate(([0], ends + 1))
    if len(starts) and starts[-1] >= len(b):
        starts = starts[:-1]
    record_ends = np.append(ends, len(b))[: len(starts)]
    seps = np.flatnonzero(separators)
    counts = np.searchsorted(seps, record_ends) - np.searchsorted(seps, starts)
    return starts, int(counts.max()) + 1 if len(counts) else 1


def _read_csv_slowly(text: str, delimiter: str, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
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
    return grid_of(rows), np.asarray(lines, dtype=np.int64)
