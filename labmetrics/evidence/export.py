"""The rows behind every indicator, as public CSV files (:mod:`labmetrics.publish`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labmetrics.evidence.results import CommitmentEvidence
from labmetrics.i18n import label_codes
from labmetrics.publish import Published, copy_published, write_csv


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two tables would be written as the same CSV (same columns, types, values)."""
    return a is b or (a.shape == b.shape and list(a.columns) == list(b.columns)
                      and a.dtypes.equals(b.dtypes) and a.equals(b))


def write_evidence_csv(evidence: CommitmentEvidence, out_dir: str | Path,
                       lang: str | None = None) -> list[Path]:
    """Write the rows behind every indicator as CSV, one file per indicator.

    Files are named ``m<milestone>-<indicator>.csv`` after the commitment's own milestone
    numbers, one per use of an indicator by a milestone, and written by
    :func:`labmetrics.publish.write_csv` (public columns only, safe to open in a
    spreadsheet, CRLF, ISO dates, atomically). With ``lang``, each column of codes is
    followed by their names in that language (:func:`~labmetrics.i18n.label_codes`).
    Indicators with the same rows get copies of one file, written once.

    Returns
    -------
    list[Path]
        The files written, milestone by milestone in the commitment's order.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    distinct: list[tuple[pd.DataFrame, Published]] = []
    uses = [(m.number, ind) for m in evidence.milestones for ind in m.indicators.values()]
    for number, ind in uses:
        path = folder / f"m{number}-{ind.id}.csv"
        twin = next((done for rows, done in distinct if _same_rows(rows, ind.rows)), None)
        if twin is None:
            rows = label_codes(ind.rows, lang) if lang else ind.rows
            distinct.append((ind.rows, write_csv(rows, path)))
        else:
            copy_published(twin, path)
        written.append(path)
    return written
