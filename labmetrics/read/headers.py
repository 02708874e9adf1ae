"""Headers: folded to their words, found among the top rows, mapped to the canonical columns.

Every reader ends here: a grid of cells (CSV, XLSX) has its header row found, rows wider
than the header set aside, and its named columns matched to the data set's through the
schema's aliases (and a data folder's columns.yaml); named columns (GeoJSON, Parquet) are
matched directly. A header matches a column when its words, folded, equal those of the
column's name or of one of its aliases; an ignored header close to a known one is named
with the column it probably means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.read.table import (
    LINE,
    IgnoredColumn,
    MappedColumn,
    RawTable,
    blank_rows,
    empty_rejects,
    rejects_frame,
)
from labmetrics.read.text import printable
from labmetrics.schema import DATASETS, HEADER_SMALL_WORDS, Dataset, fold

# How far down a sheet the header row is looked for (title rows often sit above it).
HEADER_SEARCH_ROWS = 10
# How many ignored columns a warning names.
MAX_NAMED = 20
# How alike (difflib's ratio of the folded words) an ignored header and a known one must be
# for the known one to be suggested.
NEAR_MISS_RATIO = 0.75
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def header_words(text: object) -> tuple[str, ...]:
    """The words of a header, folded: ``"Fecha de ingreso a la red"`` gives
    ``("fecha", "ingreso", "red")``.

    Lower case, no accents, split on anything that is not a letter or a digit (spaces,
    ``_``, punctuation), and the small words of :data:`labmetrics.schema.HEADER_SMALL_WORDS`
    (de, da, na, of, the, la...) dropped.
    """
    return tuple(w for w in _NOT_WORD.split(fold(str(text)))
                 if w and w not in HEADER_SMALL_WORDS)


def fold_header(text: object) -> str:
    """Fold a header for lookup: its :func:`header_words` joined by ``_``.

    ``"Data de mapeamento "`` and ``"data_mapeamento"`` both give ``"data_mapeamento"``.
    """
    return "_".join(header_words(text))


@cache
def header_aliases(dataset: str) -> dict[str, str]:
    """Map the folded words of every header accepted for ``dataset`` to its column.

    Raises
    ------
    ValueError
        When two columns of the schema accept headers with the same words (the schema
        itself would be ambiguous).
    """
    out: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for col in DATASETS[dataset].columns:
        for alias in (col.name, *col.aliases):
            key = fold_header(alias)
            if out.get(key, col.name) != col.name:
                raise ValueError(
                    f"schema: in '{dataset}', the header '{alias}' of '{col.name}' and "
                    f"'{spelled[key]}' of '{out[key]}' have the same words ({key}).")
            out[key] = col.name
            spelled.setdefault(key, alias)
    return out


def file_names(ds: Dataset) -> set[str]:
    """The folded names a file (or a sheet) of ``ds`` may have."""
    return {fold_header(n) for n in (ds.name, *ds.file_aliases)}


def _header_row(grid: pd.DataFrame, dataset: str,
                column_map: Mapping[str, MappedColumn]) -> int:
    """Index of the header row: the first of the top rows naming most known columns."""
    aliases = {**header_aliases(dataset), **{k: m.column for k, m in column_map.items()}}
    top = grid.head(HEADER_SEARCH_ROWS)
    scores = [sum(fold_header(v) in aliases for v in row) for row in top.itertuples(index=False)]
    best = max(scores, default=0)
    return scores.index(best) if best else 0


def from_grid(grid: pd.DataFrame, lines: np.ndarray, dataset: str, path: Path,
              column_map: Mapping[str, MappedColumn] | None = None) -> RawTable:
    """Turn a sheet of cells (header somewhere near the top) into a RawTable.

    ``column_map`` is passed on to :func:`from_named`.
    """
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    keep = np.flatnonzero(~blank_rows(grid))
    if not len(keep):
        raise InputError("the file holds no header and no rows.", file=path,
                         fix=f"export the {dataset} table again, with its header row.")
    # Taking every row would copy every cell: a file without blank rows is kept as it is.
    body = grid if len(keep) == len(grid) else grid.iloc[keep].reset_index(drop=True)
    body_lines = lines[keep]
    h = _header_row(body, dataset, column_map or {})
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
    data = data.loc[~wide, list(range(width))] if wide.any() else data[list(range(width))]
    data.columns = [
        h_name if h_name else f"(column {i + 1} without a header)"
        for i, h_name in enumerate(header[:width])
    ]
    table = from_named(data.reset_index(drop=True), dataset, path, tuple(notes),
                       lines=data_lines[~wide], column_map=column_map)
    return replace(table, rejects=rejects)


def _first_named(texts: Sequence[str]) -> str:
    """The first :data:`MAX_NAMED` of ``texts`` joined, and how many more there are."""
    more = f" and {len(texts) - MAX_NAMED:,} more" if len(texts) > MAX_NAMED else ""
    return ", ".join(texts[:MAX_NAMED]) + more


def near_miss(header: str, dataset: str, taken: Sequence[str] = ()) -> str | None:
    """The column of ``dataset`` an unknown ``header`` probably means, or None.

    A column is suggested when the header's folded words are close to those of its name or
    of one of its aliases (``"Data de adesao"`` and ``adesao_rede``), or hold all the words
    of one of its aliases of two words or more. Columns in ``taken`` (already read from
    another header) are never suggested.
    """
    key = fold_header(header)
    if not key:
        return None
    candidates = {k: c for k, c in header_aliases(dataset).items() if c not in taken}
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=NEAR_MISS_RATIO)
    if close:
        return candidates[close[0]]
    words = set(key.split("_"))
    within = [c for k, c in candidates.items() if len(k.split("_")) > 1
              and set(k.split("_")) <= words]
    return within[0] if within else None


def from_named(frame: pd.DataFrame, dataset: str, path: Path, notes: Sequence[str],
               lines: np.ndarray | None = None,
               column_map: Mapping[str, MappedColumn] | None = None) -> RawTable:
    """Map the named columns of ``frame`` to the canonical columns of ``dataset``.

    ``column_map`` holds the headers a data folder's columns.yaml maps for this file, by
    their folded words (:func:`fold_header`); they win over the schema's aliases.
    """
    ds = DATASETS[dataset]
    aliases = header_aliases(dataset)
    column_map = column_map or {}
    chosen: dict[str, str] = {}
    mapped: list[MappedColumn] = []
    unknown: list[str] = []
    for position, name in enumerate(frame.columns):
        key = fold_header(name)
        by_map = column_map.get(key)
        canonical = by_map.column if by_map is not None else aliases.get(key)
        if canonical is None:
            unknown.append(str(name))
            continue
        if canonical in chosen.values():
            first = next(k for k, v in chosen.items() if v == canonical)
            how = [f"'{m.header}' by columns.yaml, line {m.line}" for m in
                   (column_map.get(fold_header(first)), by_map) if m is not None]
            raise InputError(
                f"the columns '{first}' and '{name}' (column {position + 1}) both mean "
                f"'{canonical}'" + (f" ({'; '.join(how)})" if how else "") + ".", file=path,
                fix="delete or rename one of them so that each column appears once (or, "
                "when one of them was mapped by columns.yaml, map the other one).",
            )
        chosen[name] = canonical
        if by_map is not None:
            mapped.append(replace(by_map, header=str(name)))
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
            fix=f"add the column(s) with one of the accepted headers ({accepted}), or map "
            "your header to the column in columns.yaml in the data folder.",
        )
    out = frame[list(chosen)].copy()
    out.columns = list(chosen.values())
    out = out.astype(str)
    out[LINE] = (np.arange(1, len(frame) + 1) if lines is None
                 else np.asarray(lines)).astype("int64")
    warnings = list(notes)
    found_keys = {fold_header(n) for n in frame.columns}
    warnings += [f"columns.yaml, line {m.line}: the header '{m.header}' it maps to "
                 f"'{m.column}' is not in this file, so nothing was mapped."
                 for key, m in column_map.items() if key not in found_keys]
    if not len(out):
        warnings.append("the file has a header but no rows.")
    taken = tuple(chosen.values())
    ignored = tuple(IgnoredColumn(u, near_miss(u, dataset, taken)) for u in unknown)
    return RawTable(dataset=dataset, file=path, frame=out, unknown_columns=tuple(unknown),
                    ignored=ignored, mapped=tuple(mapped), warnings=tuple(warnings))
