"""The rows behind every indicator, as public CSV files (:mod:`labmetrics.publish`).

Written in three steps, so that the distinct files may be written by more than one process:
:func:`plan_evidence_csv` names the files and finds those with the same rows as an earlier
one, :func:`write_distinct` writes files that are no copy, :func:`copy_twins` copies the
rest. :func:`write_evidence_csv` does all three.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labmetrics.evidence.results import CommitmentEvidence
from labmetrics.i18n import label_codes
from labmetrics.publish import Published, copy_published, write_csv


@dataclass(frozen=True, eq=False)
class EvidenceFile:
    """One indicator's CSV file: where it goes, the rows it holds, and the position of the
    earlier file with the same rows (a copy of it), if any."""

    path: Path
    rows: pd.DataFrame
    twin_of: int | None = None


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two tables would be written as the same CSV (same columns, types, values)."""
    return a is b or (a.shape == b.shape and list(a.columns) == list(b.columns)
                      and a.dtypes.equals(b.dtypes) and a.equals(b))


def plan_evidence_csv(evidence: CommitmentEvidence, out_dir: str | Path) -> list[EvidenceFile]:
    """The files of :func:`write_evidence_csv`, milestone by milestone in the commitment's
    order: ``m<milestone>-<indicator>.csv`` in ``out_dir``, one per use of an indicator by a
    milestone; a file whose rows an earlier one already holds is marked as its twin."""
    folder = Path(out_dir)
    files: list[EvidenceFile] = []
    for milestone in evidence.milestones:
        for ind in milestone.indicators.values():
            twin = next((i for i, f in enumerate(files)
                         if f.twin_of is None and _same_rows(f.rows, ind.rows)), None)
            files.append(EvidenceFile(folder / f"m{milestone.number}-{ind.id}.csv",
                                      ind.rows, twin))
    return files


def write_distinct(files: Sequence[EvidenceFile], positions: Sequence[int],
                   lang: str | None = None) -> dict[int, Published]:
    """Write the files at ``positions`` of ``files`` (none of them a twin), their codes
    followed by their names in ``lang`` when given (:func:`~labmetrics.i18n.label_codes`)."""
    written: dict[int, Published] = {}
    for i in positions:
        rows = files[i].rows
        written[i] = write_csv(label_codes(rows, lang) if lang else rows, files[i].path)
    return written


def copy_twins(files: Sequence[EvidenceFile], written: Mapping[int, Published]) -> list[Path]:
    """Copy each twin from the file it repeats (all of them written); return every path."""
    for file in files:
        if file.twin_of is not None:
            copy_published(written[file.twin_of], file.path)
    return [file.path for file in files]


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
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    files = plan_evidence_csv(evidence, out_dir)
    distinct = [i for i, f in enumerate(files) if f.twin_of is None]
    return copy_twins(files, write_distinct(files, distinct, lang))
