"""Reading OGP's public commitment export (CSV or XLSX) into one typed row per commitment."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics.errors import InputError
from labmetrics.irm._cells import is_missing, map_unique, map_values
from labmetrics.irm.export_stars import VALUE_COLUMNS, compute_stars
from labmetrics.irm.ogp_columns import (
    ID_HEADER,
    HeaderCollision,
    find_header,
    invalid_message,
    missing_headers,
    parse_column,
    parse_legacy_local,
    parse_tag,
    plan_columns,
)
from labmetrics.irm.ogp_companions import (
    COMPANIONS,
    RELEVANCE_COMPANION,
    disagreements,
    relevance_disagreements,
)
from labmetrics.irm.stars import STAR_VALUES

__all__ = ["CellWarning", "read_ogp_commitments"]


@dataclass(frozen=True)
class CellWarning:
    """A cell of the export that could not be read; its value was treated as missing.

    ``row`` is the 1-based row in the sheet (the header is row 1).
    """

    row: int
    commitment_id: str | None
    column: str
    value: str
    message: str


def _cell_text(value: Any) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        # XLSX stores years and 1/0 flags as floats.
        return str(int(value))
    return str(value).strip()


class _Cells:
    """The export's data rows; a column is read as text (stripped, whole floats as integers)
    when first asked for, since a reader needs some 30 of OGP's 171 columns."""

    def __init__(self, grid: pd.DataFrame, index: pd.Index | None = None) -> None:
        self.grid = grid
        self.index = grid.index if index is None else index
        self._text: dict[int, pd.Series] = {}

    def __getitem__(self, position: int) -> pd.Series:
        text = self._text.get(position)
        if text is None:
            column = self.grid[position]
            text = pd.Series(map_values(column, _cell_text), index=column.index, dtype=object)
            self._text[position] = text
        return text.loc[self.index]

    def keep(self, index: pd.Index) -> _Cells:
        """The same cells, on the rows of ``index`` only."""
        kept = _Cells(self.grid, index)
        kept._text = self._text
        return kept

    def filled(self) -> pd.Index:
        """The rows with at least one non-blank cell."""
        grid = self.grid.loc[self.index]
        filled = np.zeros(len(grid), dtype=bool)
        for position in grid.columns:
            codes, mapped = map_unique(grid[position], lambda v: bool(_cell_text(v)))
            filled |= np.asarray(mapped, dtype=bool)[codes]
        return self.index[filled]


def _read_raw(path: Path, sheet: str | int) -> tuple[_Cells, list[str]]:
    """The export's data rows (columns numbered from 0) and its headers as written.

    The header row is read as cells, not as pandas' column names, so that two columns with
    one header stay two and an empty header stays empty.
    """
    fix_format = "export the OGP commitment data as .csv (UTF-8) or .xlsx."
    if not path.is_file():
        raise InputError(
            "the OGP commitment export does not exist.",
            file=path,
            fix="check the path, or download the commitment data from the OGP website.",
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            grid = pd.read_csv(path, header=None, dtype=object, keep_default_na=False,
                               encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            grid = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object,
                                 keep_default_na=False, engine="openpyxl")
        else:
            raise InputError(
                f"'{path.suffix}' files are not read as an OGP export.", file=path, fix=fix_format
            )
    except InputError:
        raise
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text ({exc.reason}).", file=path, fix=fix_format
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError("the file is empty.", file=path, fix=fix_format) from exc
    except (pd.errors.ParserError, zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise InputError(f"the file cannot be read: {exc}", file=path, fix=fix_format) from exc
    if grid.empty:
        raise InputError("the file is empty.", file=path, fix=fix_format)
    grid.columns = range(grid.shape[1])
    headers = [_cell_text(h) for h in grid.iloc[0]]
    # Sheet rows are 1-based with the header on row 1: data row i sits on row i + 1.
    return _Cells(grid.iloc[1:]), headers


def _collision_error(path: Path, collision: HeaderCollision) -> InputError:
    return InputError(
        str(collision),
        file=path,
        line=1,
        fix=f"delete or rename one of '{collision.first[1]}' and '{collision.second[1]}' so "
            "that each column appears once.",
    )


def _missing_header_error(path: Path, missing: list[str], found: list[str]) -> InputError:
    quoted = ", ".join(f"'{h}'" for h in missing)
    plural = "s" if len(missing) > 1 else ""
    return InputError(
        f"the OGP commitment export lacks the column{plural} {quoted} "
        f"(found: {', '.join(found) or 'no columns'}).",
        file=path,
        line=1,
        fix=(
            f"use OGP's full commitment data export, or rename the header{plural} in row 1 "
            f"to {quoted} (case, spacing and '&'/'and' do not matter)."
        ),
    )


def _commitment_rows(
    raw: _Cells, id_position: int
) -> tuple[_Cells, pd.Series, pd.Series, list[CellWarning]]:
    """The rows with an identifier, their sheet rows and identifiers, and warnings for the rest.

    Empty rows are dropped silently; a blank identifier drops its row with a warning; a
    duplicate identifier is kept with a warning.
    """
    rows = pd.Series(raw.index + 1, index=raw.index)
    raw = raw.keep(raw.filled())
    rows = rows[raw.index]
    warnings: list[CellWarning] = []
    ids = raw[id_position]
    for i in ids.index[ids == ""]:
        warnings.append(CellWarning(int(rows[i]), None, ID_HEADER, "",
                                    "blank commitment identifier; row skipped."))
    raw = raw.keep(ids.index[ids != ""])
    rows = rows[raw.index]
    ids = ids[raw.index]
    for i in ids.index[ids.duplicated(keep="first")]:
        warnings.append(CellWarning(int(rows[i]), str(ids[i]), ID_HEADER, str(ids[i]),
                                    "duplicate commitment identifier; both rows kept."))
    return raw, rows, ids, warnings


def read_ogp_commitments(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """Read OGP's public commitment export into one typed row per commitment.

    Parameters
    ----------
    path
        The export as ``.csv`` (UTF-8) or ``.xlsx``. A header written exactly as expected
        wins; otherwise the one header of the same spelling (case, spacing, "&"/"and")
        is taken. A leading "_" marks OGP's numeric companion of a column, never the
        column itself. Unknown and empty-named columns are left unread.
    sheet
        The XLSX sheet, by name or position.

    Returns
    -------
    pandas.DataFrame
        In this order:

        * ``commitment_id`` (string), ``source_row`` (Int64, 1-based sheet row, header = 1);
        * ``country_locality`` (string), ``national_or_local`` (categorical National/Local/
          Other; OGP's "Legacy Local" reads as Local), ``legacy_local`` (``boolean``: the
          export says "Legacy Local", its label for local action plans),
          ``action_plan_end_year`` (Int64);
        * ``specificity``, ``potential_impact``, ``completion_progress_report``,
          ``completion_end_of_term``, ``did_it_open_government_overall`` (and
          ``did_it_open_government_<value>`` when the export has them),
          ``potential_for_results``, ``early_results``: ordered categoricals of the exact
          IRM labels, so ``df.specificity >= "Medium"`` works;
        * ``ogp_value_access_to_information``, ``ogp_value_civic_participation``,
          ``ogp_value_public_accountability``, ``ogp_value_technology`` (and ``verifiable``,
          ``open_government_lens`` when present): ``boolean``; ``commitment_title`` and
          ``url`` (string) when present;
        * ``ogp_starred_progress``, ``ogp_starred_end_of_term`` (``boolean``): OGP's own star
          columns, when present (``ogp_starred_2015_only`` for "Starred (2015 Only)");
        * ``starred_progress``, ``starred_end_of_term`` (``boolean``): the star computed with
          the current formula from completion at each stage; <NA> where missing ratings
          leave it open. Use :func:`compute_stars` with ``formula="2014"`` for plans
          assessed before 2015;
        * policy-area and tag columns (headers starting "Policy Area" or "Tag"), snake-cased:
          ``boolean`` when every cell is yes/no, else ``string``;
        * ``<column>_status`` for every value column above that was read from the export
          (not tags, not the id): <NA> where the value is present, else why it is missing
          (see :data:`STATUS_CATEGORIES`): the export's ``ND``/``NR``/``NA``, ``blank``,
          ``invalid``, ``disagrees`` (the numeric companion contradicts the label), or a
          state outside the scale's order such as ``Withdrawn``.

        ``df.attrs`` holds ``source`` (the path), ``headers`` (output column -> export
        header) and ``warnings``: a tuple of :class:`CellWarning` for unreadable cells,
        labels their numeric companion contradicts, blank identifiers and duplicate
        identifiers.

    Raises
    ------
    InputError
        When the file is missing, unreadable, lacks a required column, or has two headers
        that read as one column (the message names both).
    """
    path = Path(path)
    raw, headers = _read_raw(path, sheet)
    try:
        missing = missing_headers(headers)
        if missing:
            raise _missing_header_error(path, missing, [h for h in headers if h])
        layout = plan_columns(headers)
        companions = {name: find_header(headers, c.header) for name, c in COMPANIONS.items()}
        relevance_companion = find_header(headers, RELEVANCE_COMPANION)
    except HeaderCollision as collision:
        raise _collision_error(path, collision) from None

    raw, rows, ids, warnings = _commitment_rows(raw, layout.id_position)
    out: dict[str, pd.Series] = {
        "commitment_id": ids.astype("string"),
        "source_row": rows.astype("Int64"),
    }
    statuses: dict[str, pd.Series] = {}
    names: dict[str, str] = {"commitment_id": headers[layout.id_position]}
    positions: dict[str, int] = {}
    for spec, position in layout.columns:
        header = headers[position]
        typed, status, invalid = parse_column(raw[position], spec)
        out[spec.name] = typed
        statuses[f"{spec.name}_status"] = status
        names[spec.name] = header
        positions[spec.name] = position
        for i in raw.index[invalid]:
            warnings.append(CellWarning(
                int(rows[i]), str(ids[i]), header, str(raw[position][i]),
                f"{invalid_message(spec)}; read as missing.",
            ))
        if spec.name == "national_or_local":
            out["legacy_local"] = parse_legacy_local(raw[position])

    def disagree(column: str, where: pd.Series, position: int, warn: bool = True) -> None:
        """Read ``column`` as missing where ``where`` holds a reason, and warn."""
        mask = where.notna().to_numpy()
        out[column] = out[column].mask(mask)
        statuses[f"{column}_status"] = statuses[f"{column}_status"].mask(mask, "disagrees")
        header = headers[position]
        for i in raw.index[mask] if warn else ():
            warnings.append(CellWarning(
                int(rows[i]), str(ids[i]), header, str(raw[position][i]),
                f"{where[i]}; read as missing.",
            ))

    for name, companion in COMPANIONS.items():
        number_position = companions[name]
        if name in positions and number_position is not None:
            reasons = disagreements(raw[positions[name]], raw[number_position], companion)
            disagree(name, reasons, positions[name])
    if relevance_companion is not None:
        star_flags = [VALUE_COLUMNS[v] for v in STAR_VALUES]
        reasons = relevance_disagreements([out[c] for c in star_flags],
                                          raw[relevance_companion])
        for n, column in enumerate(star_flags):
            # The three flags share one reason: one warning, on the companion's cell.
            disagree(column, reasons, relevance_companion, warn=n == 0)

    frame = pd.DataFrame(out)
    rated = pd.concat([frame, pd.DataFrame(statuses)], axis=1)
    frame["starred_progress"] = compute_stars(rated, completion="completion_progress_report")
    frame["starred_end_of_term"] = compute_stars(rated, completion="completion_end_of_term")
    for position, name in layout.tags:
        if name in frame or f"{name}_status" in statuses:
            name = f"tag_{name}"  # never overwrite a rating with a free-form tag column
        frame[name] = parse_tag(raw[position])
        names[name] = headers[position]
    frame = pd.concat([frame, pd.DataFrame(statuses, index=frame.index)], axis=1)
    frame = frame.reset_index(drop=True)
    warnings.sort(key=lambda w: (w.row, w.column))
    frame.attrs = {"source": str(path), "headers": names, "warnings": tuple(warnings)}
    return frame
