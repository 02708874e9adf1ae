"""The inputs of the progress report, read and computed once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from labmetrics import config
from labmetrics.commitment import (
    Assessment,
    Commitment,
    find_commitment_files,
    read_assessment,
    read_commitment,
)
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.evidence import CommitmentEvidence, assess
from labmetrics.evidence.export import (
    EvidenceFile,
    copy_twins,
    plan_evidence_csv,
    write_distinct,
)
from labmetrics.irm import read_ogp_commitments
from labmetrics.period import DateLike
from labmetrics.report import cores

STAGES = ("midterm", "end_of_term")


@dataclass(frozen=True, eq=False)
class ProgressReport:
    """Everything the progress report shows, computed once.

    Attributes
    ----------
    data
        The validated data.
    commitment, assessment
        The commitment file and the evaluator's judgments (None when there is none).
    evidence
        The evidence of the period.
    stage
        ``midterm`` or ``end_of_term``.
    previous
        The evidence of the previous period, when one was given.
    ogp
        OGP's commitment export (:func:`labmetrics.irm.read_ogp_commitments`), when given.
    directory_href
        The page of the public directory of partners, linked from the milestone on the
        network of partners, when there is one.
    """

    data: LabData
    commitment: Commitment
    assessment: Assessment | None
    evidence: CommitmentEvidence
    stage: str = "end_of_term"
    previous: CommitmentEvidence | None = None
    ogp: pd.DataFrame | None = None
    directory_href: str | None = None


def prepare(commitment: str = config.DEFAULT_COMMITMENT, data_path: str | Path | None = None,
            period_start: DateLike | None = "2017-01-01",
            period_end: DateLike | None = "2017-12-31",
            stage: str = "end_of_term", assessment_path: str | Path | None = None,
            commitment_path: str | Path | None = None,
            ogp_data_path: str | Path | None = None, previous_period_start: DateLike | None = None,
            previous_period_end: DateLike | None = None,
            data: LabData | None = None, city: str | None = None,
            directory_href: str | None = None) -> ProgressReport:
    """Read the inputs of a progress report and compute its evidence.

    Parameters
    ----------
    commitment
        The commitment id.
    data_path
        A raw or processed data folder; None for the bundled sample. Ignored when ``data``
        is given.
    period_start, period_end
        The period assessed (inclusive ISO dates).
    stage
        ``midterm`` or ``end_of_term``.
    assessment_path, commitment_path
        The files; without ``commitment_path`` both are looked up in
        ``data/raw/commitments/`` (no assessment when none is there). With
        ``commitment_path`` alone, the report has no assessment.
    ogp_data_path
        OGP's commitment export, to compare with commitments of its kind; None for the
        bundled export (:data:`labmetrics.config.OGP_DATA_FILE`), when it is there.
    previous_period_start, previous_period_end
        A previous period to show change since; both or neither.
    data
        Data already loaded (tests, the explore notebook).
    city
        The city pack (id or folder) the data is placed in; None: the commitment's
        ``city`` (else the default pack).
    directory_href
        The address of the partner directory page (relative to the report), to link.

    Raises
    ------
    ConfigError
        A wrong stage, half a previous period, or files of another commitment.
    """
    if stage not in STAGES:
        raise ConfigError(f"stage '{stage}' is unknown.", fix=f"use one of {', '.join(STAGES)}.")
    if (previous_period_start is None) != (previous_period_end is None):
        raise ConfigError("the previous period has only one of its two dates.",
                          fix="give both previous_period_start and previous_period_end, "
                          "or neither.")
    if commitment_path is None:
        found = find_commitment_files(commitment)
        commitment_path = found.commitment
        if assessment_path is None:
            assessment_path = found.assessment
    read = read_commitment(commitment_path)
    if read.id != commitment:
        raise ConfigError(f"the file {commitment_path} holds commitment {read.id}, not "
                          f"{commitment}.", file=commitment_path,
                          fix=f"pass {commitment}'s file, or commitment='{read.id}'.")
    judged = read_assessment(assessment_path) if assessment_path else None
    if ogp_data_path is None and config.OGP_DATA_FILE.is_file():
        ogp_data_path = config.OGP_DATA_FILE
    # OGP's export depends on nothing else: read on the free core, if there is one, while
    # the data is read and assessed here.
    with cores.start(partial(_read_ogp, ogp_data_path),
                     processes=None if ogp_data_path else 1) as ogp_read:
        if data is None:
            from labmetrics.dataset import load

            data = load(data_path, city=city or read.city)
        evidence = assess(data, read, period_start, period_end, judged)
        previous = (assess(data, read, previous_period_start, previous_period_end, judged)
                    if previous_period_start is not None else None)
        ogp = ogp_read.result()
    return ProgressReport(data=data, commitment=read, assessment=judged, evidence=evidence,
                          stage=stage, previous=previous, ogp=ogp,
                          directory_href=directory_href)


def _read_ogp(path: str | Path | None) -> pd.DataFrame | None:
    return read_ogp_commitments(path) if path else None


def save_evidence(report: ProgressReport, data_dir: str | Path | None,
                  lang: str | None = None) -> list[Path]:
    """Write the rows behind every indicator as CSV into the report's data folder
    (nothing without one), its codes named in ``lang`` beside them when given; return the
    files written (see :func:`labmetrics.evidence.write_evidence_csv`).

    Where a core is free (see :mod:`labmetrics.report.cores`), a forked copy of the kernel
    writes about half of the rows while the kernel writes the other half: the bytes of each
    file are the same whoever writes it.
    """
    if not data_dir:
        return []
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    files = plan_evidence_csv(report.evidence, data_dir)
    mine, theirs = _halves([i for i, f in enumerate(files) if f.twin_of is None], files)
    with cores.start(partial(write_distinct, files, theirs, lang),
                     processes=None if theirs else 1) as their_files:
        written = write_distinct(files, mine, lang)
        written.update(their_files.result())
    return copy_twins(files, written)


# How much more a column of Python objects (lists of codes) costs to write than a column of
# dates, numbers or Arrow texts: the groups' rows, with three such columns among twenty-one,
# took about eight times as long per row as the usage rows' six columns at scale 100.
_OBJECT_COLUMN_COST = 9


def _cost(rows: pd.DataFrame) -> int:
    """What writing ``rows`` as a public CSV file costs, in units of one plain cell."""
    objects = sum(1 for dtype in rows.dtypes if pd.api.types.is_object_dtype(dtype))
    return len(rows) * (rows.shape[1] + _OBJECT_COLUMN_COST * objects)


def _halves(positions: list[int], files: list[EvidenceFile]) -> tuple[list[int], list[int]]:
    """Share the files at ``positions`` in two of about the same cost (:func:`_cost`; the
    costliest first, each to the lighter share)."""
    shares: tuple[list[int], list[int]] = ([], [])
    costs = {i: _cost(files[i].rows) for i in positions}
    load = [0, 0]
    for i in sorted(positions, key=lambda i: -costs[i]):
        lighter = 0 if load[0] <= load[1] else 1
        shares[lighter].append(i)
        load[lighter] += costs[i]
    return shares
