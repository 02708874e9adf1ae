"""Excel workbooks (XLSX): the sheet holding the data set, as a grid of text cells.

A workbook named for a data set holds it in the sheet that names most of its columns; a
workbook of data sets (``labmetrics init`` writes one) holds each in the sheet named for it.
A row's line is its row number in the sheet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.headers import HEADER_SEARCH_ROWS, file_names, fold_header, header_aliases
from labmetrics.read.table import grid_of
from labmetrics.read.text import cell_text
from labmetrics.schema import DATASETS


def read_xlsx(data: bytes, dataset: str, path: Path, by_name: bool = False
              ) -> tuple[pd.DataFrame, np.ndarray, str]:
    """The cells of the sheet holding ``dataset``, the row number of each row, the sheet's
    name. ``by_name``: the workbook holds a sheet per data set, and ``dataset`` is the one
    named for it (``grupos``, ``groups``...); other sheets (a read-me, lists) are not read.

    Raises
    ------
    InputError
        When the file is no workbook, every sheet is empty, or (``by_name``) no sheet is
        named for the data set.
    """
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
        if by_name:
            sheet = _named_sheet(book.worksheets, dataset, path)
        else:
            sheet = _data_sheet(book.worksheets, dataset)
        if sheet is None:
            raise InputError("every sheet of the workbook is empty.", file=path,
                             fix=f"put the {dataset} table, with its header row, in the first "
                             "sheet.")
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return grid_of(rows), np.arange(1, len(rows) + 1), sheet.title


def _data_sheet(sheets: Sequence[Any], dataset: str) -> Any | None:
    """The sheet holding ``dataset``: among the non-empty sheets, the one whose top rows
    name the most of its columns; a sheet named like the data set, then the first, on a tie.

    A workbook often opens on a read-me or a summary sheet before the data.
    """
    aliases = header_aliases(dataset)
    names = file_names(DATASETS[dataset])
    best, best_key = None, None
    for position, sheet in enumerate(sheets):
        top = [[cell_text(v) for v in row]
               for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        if not any(c.strip() for row in top for c in row):
            continue
        known = max(len({aliases[k] for c in row if (k := fold_header(c)) in aliases})
                    for row in top)
        key = (known, fold_header(sheet.title) in names, -position)
        if best_key is None or key > best_key:
            best, best_key = sheet, key
    return best


def _named_sheet(sheets: Sequence[Any], dataset: str, path: Path) -> Any:
    """The sheet named for ``dataset`` in a workbook of data sets."""
    names = file_names(DATASETS[dataset])
    for sheet in sheets:
        if fold_header(sheet.title) in names:
            return sheet
    ds = DATASETS[dataset]
    raise InputError(
        f"the workbook has no sheet for the data set '{dataset}' (its sheets: "
        + ", ".join(s.title for s in sheets) + ").", file=path,
        fix=f"name the sheet holding it one of {', '.join(sorted({ds.name, *ds.file_aliases}))}, "
        f"or give the data set a file of its own named so.")
