"""A data set's file: found in a data folder by its name, read by its extension."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from labmetrics import config
from labmetrics.errors import InputError
from labmetrics.read.column_map import ColumnMap
from labmetrics.read.delimited import read_csv
from labmetrics.read.geojson import read_geojson
from labmetrics.read.headers import file_names, fold_header, from_grid, from_named
from labmetrics.read.parquet import read_parquet
from labmetrics.read.sheets import read_xlsx
from labmetrics.read.table import MappedColumn, RawTable
from labmetrics.schema import DATASETS


def find_file(folder: str | Path, dataset: str) -> Path:
    """Return the file of ``dataset`` in ``folder``.

    The file is found by its name (``groups.csv``, ``grupos.xlsx``, ``Espaços.CSV``...) and
    extension (``config.DATA_EXTENSIONS``). A folder with no file named for the data set may
    hold one workbook named for none (``data.xlsx``, as ``labmetrics init`` writes it): the
    data set is then its sheet named for the data set (:func:`is_workbook_of_datasets`).

    Raises
    ------
    InputError
        When the folder does not exist, holds no file for the data set, or holds several.
    """
    folder = Path(folder)
    ds = DATASETS[dataset]
    if not folder.is_dir():
        raise InputError(
            f"this data folder does not exist (looked in {folder.resolve()}).", file=folder,
            fix="give the folder that holds spaces, groups, usage and projects files.",
        )
    names = file_names(ds)
    found = sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in config.DATA_EXTENSIONS
        and fold_header(p.stem) in names
    )
    accepted = ", ".join(sorted({ds.name, *ds.file_aliases}))
    if not found:
        found = _workbooks(folder)
    if not found:
        raise InputError(
            f"no file for the data set '{dataset}' in this folder ({folder.resolve()}).",
            file=folder,
            fix=f"add a file named {accepted} with one of the extensions "
            f"{', '.join(config.DATA_EXTENSIONS)}, or one workbook (.xlsx) with a sheet per "
            "data set.",
        )
    if len(found) > 1:
        raise InputError(
            f"several files hold the data set '{dataset}': "
            + ", ".join(p.name for p in found) + ".", file=folder,
            fix="keep one of them in the folder and move the others out.",
        )
    return found[0]


def _workbooks(folder: Path) -> list[Path]:
    """The workbooks of ``folder`` named for no data set: one may hold them all."""
    every = set().union(*(file_names(d) for d in DATASETS.values()))
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() == ".xlsx"
                  and fold_header(p.stem) not in every)


def is_workbook_of_datasets(path: Path, dataset: str) -> bool:
    """Whether ``path`` is a workbook named for no data set, which must then hold
    ``dataset`` in a sheet named for it (a sheet per data set)."""
    return path.suffix.lower() == ".xlsx" and dataset in DATASETS and all(
        fold_header(path.stem) not in file_names(d) for d in DATASETS.values())


def file_size(folder: str | Path, dataset: str) -> int:
    """Bytes of the file of ``dataset`` in ``folder``, 0 when there is none (or several):
    which file to read first, the error being left to :func:`read_dataset`."""
    try:
        return find_file(folder, dataset).stat().st_size
    except (InputError, OSError):
        return 0


def read_dataset(folder: str | Path, dataset: str,
                 column_map: ColumnMap | None = None) -> RawTable:
    """Find and read the file of ``dataset`` in ``folder`` (see :func:`find_file`),
    mapping the headers that ``column_map`` (the folder's columns.yaml) names."""
    path = find_file(folder, dataset)
    mapped = column_map.for_file(dataset, path) if column_map is not None else None
    return read_file(path, dataset, mapped)


def read_file(path: str | Path, dataset: str,
              column_map: Mapping[str, MappedColumn] | None = None) -> RawTable:
    """Read one file of ``dataset`` as a table of strings.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx``, ``.geojson`` or ``.parquet`` file.
    dataset
        Which data set the file holds: its headers are matched to that data set's columns.
    column_map
        Headers mapped by hand (by their folded words), from a data folder's columns.yaml
        (:meth:`labmetrics.read.column_map.ColumnMap.for_file`).

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
    # Whitespace only (or nothing); stripping would copy a file that ends with a line end.
    if not data or data.isspace():
        raise InputError(
            "the file is empty.", file=path,
            fix=f"export the {dataset} table again, with its header row.",
        )
    if suffix == ".csv":
        if data.startswith(b"PK\x03\x04"):
            raise InputError(
                "the file is a zip archive (an Excel workbook?) named as CSV.", file=path,
                fix="give it the .xlsx extension, or save the sheet again as CSV.")
        records = read_csv(data, path)
        table = from_grid(records.grid, records.lines, dataset, path, column_map)
        rejects = table.rejects
        if len(records.rejects):
            rejects = pd.concat([rejects, records.rejects], ignore_index=True) if len(rejects) \
                else records.rejects
        return replace(table, rejects=rejects, warnings=(*records.notes, *table.warnings),
                       encoding=records.encoding, delimiter=records.delimiter, sha256=digest)
    if suffix == ".xlsx":
        grid, lines, sheet = read_xlsx(data, dataset, path,
                                       by_name=is_workbook_of_datasets(path, dataset))
        return replace(from_grid(grid, lines, dataset, path, column_map), sheet=sheet,
                       sha256=digest)
    if suffix == ".geojson":
        frame, lines, rejects, notes = read_geojson(data, dataset, path)
        table = from_named(frame, dataset, path, notes, lines=lines, column_map=column_map)
        return replace(table, rejects=rejects, sha256=digest)
    if suffix == ".parquet":
        frame = read_parquet(data, path)
        return replace(from_named(frame, dataset, path, (), column_map=column_map),
                       sha256=digest)
    raise InputError(
        f"labmetrics does not read '{path.suffix}' files.", file=path,
        fix=f"save the table as one of {', '.join(config.DATA_EXTENSIONS)}.",
    )
