"""The text of a public CSV file, built column by column with pyarrow.

:func:`labmetrics.publish.write_csv` writes what ``DataFrame.to_csv`` writes (the standard
library's ``csv`` writer, minimal quoting, ``""`` doubling a quote, records ended by CRLF,
missing cells empty, dates in one format). pandas hands every cell to that writer one at a
time, which is most of the time a report spends on its evidence files at the largest scale.
:func:`encode_csv` gives the same bytes from whole columns: each cell's text as pandas would
give it, quoted where the ``csv`` writer quotes, then each record joined, all in pyarrow's
compiled code. A column of a type it does not format gives None, and the caller lets pandas
write the table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

# Below this many cells pandas writes a table sooner: pyarrow's fixed cost per column
# outweighs the ``csv`` writer's cost per cell (measured on the evidence files of the bundled
# sample, where the two meet at about this size).
SMALLEST = 10_000

# What makes the ``csv`` writer quote a cell under QUOTE_MINIMAL, with '"' as quote and CRLF
# as line end: the delimiter, the quote, or either character of the line end.
_NEEDS_QUOTES = '[,"\r\n]'


def _text(value: str) -> object:
    import pyarrow as pa

    return pa.scalar(value, pa.large_string())


def _spread(names: np.ndarray, codes: np.ndarray, missing: np.ndarray) -> object:
    """The text of each cell from the texts of its distinct values (``codes`` index
    ``names``); ``missing`` cells are null."""
    import pyarrow as pa

    return pa.array(names, type=pa.large_string()).take(pa.array(codes, mask=missing))


def _header(columns: Sequence[str], line_end: str) -> str:
    # The header is one short record: the ``csv`` writer itself writes it.
    text = io.StringIO()
    csv.writer(text, lineterminator=line_end).writerow(columns)
    return text.getvalue()


def _cell_texts(series: pd.Series, date_format: str) -> object | None:
    """The cells of ``series`` as pandas' ``to_csv`` writes them (a pyarrow string array,
    missing cells null), or None for a type this does not format."""
    import pyarrow as pa

    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) or (
            pd.api.types.is_object_dtype(dtype)
            and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")):
        texts = pa.array(series.astype("str"), type=pa.large_string(), from_pandas=True)
        return texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    if isinstance(dtype, pd.DatetimeTZDtype) or not (
            pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
            or (isinstance(dtype, np.dtype) and dtype.kind == "M")):
        return None
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        # pandas' own formatting of each distinct date (its strftime is to_csv's), spread.
        codes, uniques = pd.factorize(series)
        names = np.asarray(pd.DatetimeIndex(uniques).strftime(date_format), dtype=object)
        return _spread(names, codes, codes < 0)
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        # to_csv's own conversion (numpy's, value by value) of each distinct value, told
        # apart by its bits so that -0.0 keeps its sign.
        values = series.to_numpy()
        codes, uniques = pd.factorize(values.view(f"i{values.itemsize}"))
        names = uniques.view(values.dtype).astype(str).astype(object)
        return _spread(names, codes, np.isnan(values))
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return pa.array(np.where(series.to_numpy(), "True", "False"), type=pa.large_string())
    if isinstance(dtype, np.dtype | pd.Int64Dtype | pd.Int32Dtype | pd.Int16Dtype
                  | pd.Int8Dtype) and (not isinstance(dtype, np.dtype) or dtype.kind in "iu"):
        return pa.array(series, from_pandas=True).cast(pa.large_string())
    if isinstance(dtype, pd.BooleanDtype):
        flags = pa.array(series, from_pandas=True)
        import pyarrow.compute as pc

        return pc.if_else(flags, _text("True"), _text("False"))
    return None


def _may_need_quotes(texts: Any) -> bool:
    """Whether any byte of the text behind ``texts`` is one that gets a cell quoted: a
    search of the whole buffer at once, many times quicker than matching cell by cell,
    which is then left to the columns it finds such a byte in (most columns have none)."""
    data = texts.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return any(byte in raw for byte in (b",", b'"', b"\r", b"\n"))


def _quoted(texts: object, alone: bool) -> object:
    """``texts`` quoted as the ``csv`` writer quotes each cell; ``alone`` when the cell is its
    record's only one (an empty record is then written ``""``)."""
    import pyarrow.compute as pc

    texts = pc.fill_null(texts, _text(""))
    needs = (pc.match_substring_regex(texts, _NEEDS_QUOTES) if _may_need_quotes(texts)
             else None)
    if needs is not None and pc.any(needs).as_py():
        quoted = pc.binary_join_element_wise(
            _text('"'), pc.replace_substring(texts, '"', '""'), _text('"'), _text(""))
        texts = pc.if_else(needs, quoted, texts)
    if alone:
        texts = pc.if_else(pc.equal(texts, _text("")), _text('""'), texts)
    return texts


def encode_csv(frame: pd.DataFrame, *, line_end: str, date_format: str) -> bytes | None:
    """The UTF-8 bytes ``frame.to_csv(index=False, lineterminator=line_end,
    date_format=date_format)`` writes, or None when a column holds a type this does not
    format (texts, whole numbers, decimals, flags and timezone-naive dates are formatted).

    Parameters
    ----------
    frame
        The table, with text column names and no index to write.
    line_end, date_format
        As ``DataFrame.to_csv`` takes them.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = [str(c) for c in frame.columns]
    if not columns or not len(frame) or len(set(columns)) != len(columns):
        return None
    try:
        cells = [_cell_texts(frame.iloc[:, i], date_format) for i in range(len(columns))]
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):
        return None
    if any(c is None for c in cells):
        return None
    alone = len(cells) == 1
    quoted = [_quoted(c, alone) for c in cells]
    records = quoted[0] if alone else pc.binary_join_element_wise(*quoted, _text(","))
    records = pc.binary_join_element_wise(records, _text(""), _text(line_end))
    records = records.cast(pa.large_string())
    if isinstance(records, pa.ChunkedArray):
        records = records.combine_chunks()
    offsets = np.frombuffer(records.buffers()[1], dtype=np.int64)
    start, end = offsets[records.offset], offsets[records.offset + len(records)]
    body = records.buffers()[2][start:end].to_pybytes()
    return _header(columns, line_end).encode("utf-8") + body
