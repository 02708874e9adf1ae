"""Headers: folded for lookup, found among the top rows, mapped to the canonical columns.

Every reader ends here: a grid of cells (CSV, XLSX) has its header row found, rows wider
than the header set aside, and its named columns matched to the data set's through the
schema's aliases; named columns (GeoJSON, Parquet) are matched directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.table import LINE, RawTable, blank_rows, empty_rejects, rejects_frame
from labmetrics.read.text import printable
from labmetrics.schema import DATASETS, Dataset, fold

# How far down a sheet the header row is looked for (title rows often sit above it).
HEADER_SEARCH_ROWS = 10
# How many ignored columns a warning names.
MAX_NAMED = 20
_CONNECTORS = re.compile(r"(?:^|_)(?:de|da|do|das|dos)(?=_|$)")
_SEPARATORS = re.compile(r"[\s\-./]+")


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


def file_names(ds: Dataset) -> set[str]:
    """The folded names a file (or a sheet) of ``ds`` may have."""
    return {fold_header(n) for n in (ds.name, *ds.file_aliases)}


def _header_row(grid: pd.DataFrame, dataset: str) -> int:
    """Index of the header row: the first of the top rows naming most known columns."""
    aliases = header_aliases(dataset)
    top = grid.head(HEADER_SEARCH_ROWS)
    scores = [sum(fold_header(v) in aliases for v in row) for row in top.itertuples(index=False)]
    best = max(scores, default=0)
    return scores.index(best) if best else 0


def from_grid(grid: pd.DataFrame, lines: np.ndarray, dataset: str, path: Path) -> RawTable:
    """Turn a sheet of cells (header somewhere near the top) into a RawTable."""
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    keep = np.flatnonzero(~blank_rows(grid))
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
        rejects = rejects_frame(
            data_lines[wide], texts.to_numpy(dtype=str),
            [f"the row has {n} cells but the header has {width} columns (a separator inside "
             "a value that is not quoted?)" for n in counts])
    data = data.loc[~wide, list(range(width))]
    data.columns = [
        h_name if h_name else f"(column {i + 1} without a header)"
        for i, h_name in enumerate(header[:width])
    ]
    table = from_named(data.reset_index(drop=True), dataset, path, tuple(notes),
                       lines=data_lines[~wide])
    return replace(table, rejects=rejects)


def _first_named(texts: Sequence[str]) -> str:
    """The first :data:`MAX_NAMED` of ``texts`` joined, and how many more there are."""
    more = f" and {len(texts) - MAX_NAMED:,} more" if len(texts) > MAX_NAMED else ""
    return ", ".join(texts[:MAX_NAMED]) + more


def from_named(frame: pd.DataFrame, dataset: str, path: Path, notes: Sequence[str],
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
        found = _first_named([printable(str(h)[:40]) for h in frame.columns]) or "none"
        raise InputError(
            f"the required column(s) {', '.join(missing)} of the data set '{dataset}' are "
            f"missing (headers found: {found}).",
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
        named = _first_named([f"'{u}'" for u in unknown])
        warnings.append(f"column(s) {named} are not part of the data set '{dataset}' and "
                        "were ignored.")
    if not len(out):
        warnings.append("the file has a header but no rows.")
    return RawTable(dataset=dataset, file=path, frame=out, unknown_columns=tuple(unknown),
                    warnings=tuple(warnings))
