"""Reading OGP's public commitment export (CSV or XLSX) into one typed row per commitment."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from labmetrics.errors import InputError
from labmetrics.irm._cells import is_missing, map_values, normalise
from labmetrics.irm.export_stars import compute_stars
from labmetrics.irm.ogp_columns import (
    ID_HEADER,
    invalid_message,
    match_columns,
    missing_headers,
    parse_column,
    parse_tag,
)

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


def _read_raw(path: Path, sheet: str | int) -> pd.DataFrame:
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
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            raw = pd.read_excel(
                path, sheet_name=sheet, dtype=object, keep_default_na=False, engine="openpyxl"
            )
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
    raw.columns = [str(c).strip() for c in raw.columns]
    for column in raw.columns:
        raw[column] = map_values(raw[column], _cell_text)
    return raw


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
    raw: pd.DataFrame, id_header: str
) -> tuple[pd.DataFrame, pd.Series, pd.Series, list[CellWarning]]:
    """The rows with an identifier, their sheet rows and identifiers, and warnings for the rest.

    Empty rows are dropped silently; a blank identifier drops its row with a warning; a
    duplicate identifier is kept with a warning.
    """
    rows = pd.Series(raw.index + 2, index=raw.index)
    raw = raw[(raw != "").any(axis=1)]
    rows = rows[raw.index]
    warnings: list[CellWarning] = []
    ids = raw[id_header]
    for i in ids.index[ids == ""]:
        warnings.append(CellWarning(int(rows[i]), None, ID_HEADER, "",
                                    "blank commitment identifier; row skipped."))
    raw = raw[ids != ""]
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
        The export as ``.csv`` (UTF-8) or ``.xlsx``. Headers match case-insensitively.
    sheet
        The XLSX sheet, by name or position.

    Returns
    -------
    pandas.DataFrame
        In this order:

        * ``commitment_id`` (string), ``source_row`` (Int64, 1-based sheet row, header = 1);
        * ``country_locality`` (string), ``national_or_local`` (categorical National/Local),
          ``action_plan_end_year`` (Int64);
        * ``specificity``, ``potential_impact``, ``completion_progress_report``,
          ``completion_end_of_term``, ``did_it_open_government_overall`` (and
          ``did_it_open_government_<value>`` when the export has them),
          ``potential_for_results``, ``early_results``: ordered categoricals of the exact
          IRM labels, so ``df.specificity >= "Medium"`` works;
        * ``ogp_value_access_to_information``, ``ogp_value_civic_participation``,
          ``ogp_value_public_accountability``, ``ogp_value_technology`` (and ``verifiable``,
          ``open_government_lens`` when present): ``boolean``;
        * ``ogp_starred_progress``, ``ogp_starred_end_of_term`` (``boolean``): OGP's own star
          columns, when present;
        * ``starred_progress``, ``starred_end_of_term`` (``boolean``): the star computed with
          the current formula from completion at each stage; <NA> where missing ratings
          leave it open. Use :func:`compute_stars` with ``formula="2014"`` for plans
          assessed before 2015;
        * policy-area and tag columns (headers starting "Policy Area" or "Tag"), snake-cased:
          ``boolean`` when every cell is yes/no, else ``string``;
        * ``<column>_status`` for every value column above that was read from the export
          (not tags, not the id): <NA> where the value is present, else why it is missing
          (see :data:`STATUS_CATEGORIES`): the export's ``ND``/``NR``/``NA``, ``blank``,
          ``invalid``, or a state outside the scale's order such as ``Withdrawn``.

        ``df.attrs`` holds ``source`` (the path), ``headers`` (output column -> export
        header) and ``warnings``: a tuple of :class:`CellWarning` for unreadable cells,
        blank identifiers and duplicate identifiers.

    Raises
    ------
    InputError
        When the file is missing, unreadable, or lacks a required column.
    """
    path = Path(path)
    raw = _read_raw(path, sheet)
    by_header = {normalise(h): h for h in raw.columns}
    missing = missing_headers(by_header)
    if missing:
        raise _missing_header_error(path, missing, list(raw.columns))
    specs, tags = match_columns(by_header)

    id_header = by_header[normalise(ID_HEADER)]
    raw, rows, ids, warnings = _commitment_rows(raw, id_header)
    out: dict[str, pd.Series] = {
        "commitment_id": ids.astype("string"),
        "source_row": rows.astype("Int64"),
    }
    statuses: dict[str, pd.Series] = {}
    headers: dict[str, str] = {"commitment_id": id_header}
    for spec in specs:
        header = by_header[normalise(spec.header)]
        typed, status, invalid = parse_column(raw[header], spec)
        out[spec.name] = typed
        statuses[f"{spec.name}_status"] = status
        headers[spec.name] = header
        for i in raw.index[invalid]:
            warnings.append(CellWarning(
                int(rows[i]), str(ids[i]), header, str(raw.at[i, header]),
                f"{invalid_message(spec)}; read as missing.",
            ))

    frame = pd.DataFrame(out)
    rated = pd.concat([frame, pd.DataFrame(statuses)], axis=1)
    frame["starred_progress"] = compute_stars(rated, completion="completion_progress_report")
    frame["starred_end_of_term"] = compute_stars(rated, completion="completion_end_of_term")
    for header, name in tags:
        if name in frame or f"{name}_status" in statuses:
            name = f"tag_{name}"  # never overwrite a rating with a free-form tag column
        frame[name] = parse_tag(raw[header])
        headers[name] = header
    frame = pd.concat([frame, pd.DataFrame(statuses, index=frame.index)], axis=1)
    frame = frame.reset_index(drop=True)
    warnings.sort(key=lambda w: (w.row, w.column))
    frame.attrs = {"source": str(path), "headers": headers, "warnings": tuple(warnings)}
    return frame
