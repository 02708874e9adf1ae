"""The rows behind every figure, as CSV files safe to publish and to open in a spreadsheet."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd

from labmetrics.evidence.results import CommitmentEvidence
from labmetrics.i18n import label_codes
from labmetrics.schema import DATASETS

# Personal columns of every data set: dropped again before any CSV is written.
_PERSONAL = frozenset(c for ds in DATASETS.values() for c in ds.personal)
_MULTI = frozenset(c.name for ds in DATASETS.values() for c in ds.columns if c.multi)
# Cells a spreadsheet would run as a formula (OWASP's list: = + - @, tab, carriage return).
_FORMULA_START = r"^[=+\-@\t\r]"


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """A table made safe to publish as CSV.

    Personal columns are dropped, multi-valued cells joined with ``;``, and text cells that a
    spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
    prefixed with ``'``.
    """
    out = pd.DataFrame(frame.drop(columns=[c for c in frame.columns
                                           if c in _PERSONAL or c == "geometry"]))
    for col in out.columns:
        if col in _MULTI or out[col].dtype == object:
            joined = out[col].map(lambda v: ";".join(map(str, v))
                                  if isinstance(v, list | tuple) else v)
            out[col] = joined.astype("string")
        if isinstance(out[col].dtype, pd.StringDtype):
            risky = out[col].str.contains(_FORMULA_START, regex=True, na=False)
            out[col] = out[col].mask(risky, "'" + out[col])
    return out


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two tables would be written as the same CSV (same columns, types, values)."""
    return a is b or (a.shape == b.shape and list(a.columns) == list(b.columns)
                      and a.dtypes.equals(b.dtypes) and a.equals(b))


def write_evidence_csv(evidence: CommitmentEvidence, out_dir: str | Path,
                       lang: str | None = None) -> list[Path]:
    """Write the rows behind every indicator as CSV, one file per indicator.

    Files are named ``m<milestone>-<indicator>.csv`` after the commitment's own milestone
    numbers (UTF-8, comma-separated, ISO dates), one per use of an indicator by a milestone;
    hold public columns only and are safe to open in a spreadsheet (:func:`csv_ready`).
    With ``lang``, each column of codes is followed by their names in that language
    (:func:`~labmetrics.i18n.label_codes`).
    Indicators with the same rows get copies of one file, written once. Each file is
    written aside and then moved in place.

    Returns
    -------
    list[Path]
        The files written, milestone by milestone in the commitment's order.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    distinct: list[tuple[pd.DataFrame, Path]] = []
    uses = [(m.number, ind) for m in evidence.milestones for ind in m.indicators.values()]
    for number, ind in uses:
        path = folder / f"m{number}-{ind.id}.csv"
        part = path.with_suffix(".csv.part")
        twin = next((done for rows, done in distinct if _same_rows(rows, ind.rows)), None)
        if twin is None:
            rows = label_codes(ind.rows, lang) if lang else ind.rows
            csv_ready(rows).to_csv(part, index=False, encoding="utf-8", date_format="%Y-%m-%d")
            distinct.append((ind.rows, path))
        else:
            shutil.copyfile(twin, part)
        os.replace(part, path)
        written.append(path)
    return written
