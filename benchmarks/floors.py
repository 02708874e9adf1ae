"""The two floors: the least the build and a report can cost on this machine.

The I/O floor reads the sample's CSV files with ``pyarrow.csv.read_csv`` and writes them with
``pyarrow.parquet.write_table``: no validation, no renaming, no geography. The report floor
renders ``benchmarks/notebooks/floor.ipynb``, which only imports the libraries the report
notebooks import, through the report engine (papermill, then nbconvert with the labmetrics
template): a kernel's start, its imports and the export, nothing else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from benchmarks import FLOOR_NOTEBOOK

if TYPE_CHECKING:
    from labmetrics.report.jobs import ReportJob

DELIMITERS = ";,\t|"
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class CsvFormat:
    """How to read one CSV file: its text encoding and its delimiter."""

    encoding: str
    delimiter: str
    newlines_in_values: bool = False

    def read_options(self) -> pacsv.ReadOptions:
        """pyarrow's read options for this file."""
        return pacsv.ReadOptions(encoding=self.encoding)

    def parse_options(self) -> pacsv.ParseOptions:
        """pyarrow's parse options for this file."""
        return pacsv.ParseOptions(delimiter=self.delimiter,
                                  newlines_in_values=self.newlines_in_values)


def sniff_format(path: Path) -> CsvFormat:
    """Find the encoding and delimiter of ``path`` (before the clock starts).

    The encoding is UTF-8 when the whole file decodes as such, else Windows-1252 (the
    municipal exports' other encoding); the delimiter is sniffed from the first lines.
    A file whose quoted values hold line breaks is read with ``newlines_in_values`` (slower,
    and needed only then: pyarrow splits large files into blocks at line breaks).
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
        encoding = "utf8"
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
        encoding = "cp1252"
    try:
        delimiter = csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    multiline = any("\n" in value or "\r" in value for row in rows for value in row)
    return CsvFormat(encoding, delimiter, newlines_in_values=multiline)


def read_csv(path: Path, fmt: CsvFormat) -> pa.Table:
    """Read one CSV file with pyarrow (types inferred, as pyarrow does by default)."""
    return pacsv.read_csv(path, read_options=fmt.read_options(),
                          parse_options=fmt.parse_options())


def convert_files(files: dict[Path, CsvFormat], out_dir: Path) -> dict[str, int]:
    """Read each CSV file and write it as ``<stem>.parquet`` in ``out_dir``.

    Returns
    -------
    dict[str, int]
        Rows read per file name.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = {}
    for path, fmt in files.items():
        table = read_csv(path, fmt)
        pq.write_table(table, out_dir / f"{path.stem}.parquet")
        rows[path.name] = table.num_rows
    return rows


def floor_job(out_dir: Path, notebook: Path = FLOOR_NOTEBOOK) -> ReportJob:
    """The report job of the import-only notebook, written to ``out_dir/floor.html``."""
    from labmetrics.report.jobs import ReportJob

    return ReportJob(kind="floor", notebook=Path(notebook), parameters={"lang": "pt-BR"},
                     out_html=Path(out_dir) / "floor.html", lang="pt-BR", title="floor",
                     report_name="floor")
