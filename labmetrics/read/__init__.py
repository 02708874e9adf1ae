"""Files to raw tables of strings, each row keeping the line it came from.

A data folder holds one file per data set (``spaces``, ``groups``, ``usage``, ``projects``,
or a Portuguese file name of :mod:`labmetrics.schema`) as CSV, XLSX, GeoJSON or Parquet.
Every cell is read as text so that validation sees exactly what the person typed; headers
are mapped to the canonical column names through the schema's aliases (compared by their
folded words), or through the data folder's columns.yaml (``column_map``).

CSV files are what Excel and Google Sheets export in Brazil: ``;`` or ``,`` separated
(sniffed), UTF-8, UTF-8 with BOM or Windows-1252, values with line breaks inside quotes.
A row's ``_line`` is the physical line where its record starts (the header is line 1).
Rows whose every cell is empty are skipped and not counted.

``files`` finds and reads a data set's file; ``text`` decodes bytes and renders values as
text; ``delimited`` splits CSV; ``sheets``, ``geojson`` and ``parquet`` read the other
formats; ``headers`` maps headers to the canonical columns; ``table`` holds
:class:`RawTable`.
"""

from labmetrics.read.column_map import COLUMN_MAP, ColumnMap, read_column_map, write_template
from labmetrics.read.delimited import DELIMITERS, sniff_delimiter
from labmetrics.read.files import file_size, find_file, read_dataset, read_file
from labmetrics.read.headers import (
    HEADER_SEARCH_ROWS,
    MAX_NAMED,
    fold_header,
    header_aliases,
    header_words,
    near_miss,
)
from labmetrics.read.parquet import frame_to_text
from labmetrics.read.table import (
    LINE,
    REJECT_COLUMNS,
    IgnoredColumn,
    MappedColumn,
    RawTable,
    empty_rejects,
)
from labmetrics.read.text import FALLBACK_ENCODINGS, decode, printable

__all__ = [
    "COLUMN_MAP", "DELIMITERS", "FALLBACK_ENCODINGS", "HEADER_SEARCH_ROWS", "LINE", "MAX_NAMED",
    "REJECT_COLUMNS", "ColumnMap", "IgnoredColumn", "MappedColumn", "RawTable", "decode",
    "empty_rejects", "file_size", "find_file", "fold_header", "frame_to_text", "header_aliases",
    "header_words", "near_miss", "printable", "read_column_map", "read_dataset", "read_file",
    "sniff_delimiter", "write_template",
]
