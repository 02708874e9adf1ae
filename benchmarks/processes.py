"""Whole processes, timed from outside: labmetrics' commands against the stock pipeline.

The stock pipeline is what a user would otherwise reach for: the ``papermill`` command, then
``jupyter nbconvert --to html --no-input``, each as its own process, on
``benchmarks/notebooks/stock.ipynb`` (two cells: a parameter, and the imports of pandas,
geopandas, matplotlib and networkx). Against it run ``labmetrics report progress`` and
``labmetrics report network`` on the bundled sample, already built, ``labmetrics report all``
as ``make reports`` runs it (the bundled plan: each commitment's data folder built, every
report in every language) and ``labmetrics --help``.

Contenders run in turns (A B C, A B C, ...) and each keeps the median of its runs, so that
what else loads the machine weighs on all of them alike. ``report all`` is compared with the
stock pipeline run for real once per report it rendered, one after the other.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import BENCH_DIR, STOCK_NOTEBOOK

ROOT = BENCH_DIR.parent
BIN = Path(sys.executable).parent
PROCESS_TIMEOUT_S = 1800
# `labmetrics report all` ends with "labmetrics: N of M report(s) written; ...".
_WRITTEN = re.compile(r"(\d+) of (\d+) report\(s\) written")


def _tool(name: str) -> str:
    """The command ``name`` of this environment (the venv's), else the one on PATH."""
    local = BIN / name
    return str(local) if local.exists() else (shutil.which(name) or name)


class ProcessFailed(RuntimeError):
    """A timed command exited with an error; the message ends with its stderr."""


@dataclass(frozen=True)
class Timing:
    """One run of a contender: wall-clock and CPU seconds (its processes, children too)."""

    seconds: float
    cpu_seconds: float
    facts: dict[str, Any] = field(default_factory=dict)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_commands(commands: Sequence[Sequence[str]], cwd: Path = ROOT,
                 timeout: float = PROCESS_TIMEOUT_S) -> Timing:
    """Run ``commands`` one after the other; time them together.

    Raises
    ------
    ProcessFailed
        When a command exits with an error or outlives ``timeout``.
    """
    wall, cpu = time.perf_counter(), _children_cpu()
    outputs = []
    for argv in commands:
        try:
            proc = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ProcessFailed(f"{' '.join(argv)} ran longer than {timeout:.0f} s") from exc
        if proc.returncode != 0:
            raise ProcessFailed(f"{' '.join(argv)} exited with code {proc.returncode}:\n"
                                f"{proc.stderr.strip()[-1500:]}")
        outputs.append(proc.stdout)
    return Timing(time.perf_counter() - wall, _children_cpu() - cpu,
                  {"stdout_tail": outputs[-1].strip()[-300:] if outputs else ""})


def stock_commands(work: Path, notebook: Path = STOCK_NOTEBOOK) -> list[list[str]]:
    """papermill, then nbconvert to HTML without the code, as a user types them."""
    executed = work / "stock.ipynb"
    return [[_tool("papermill"), str(notebook), str(executed), "--log-level", "WARNING"],
            [_tool("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]]


def report_commands(kind: str, processed: Path, out: Path) -> list[list[str]]:
    """``labmetrics report KIND`` on the processed folder of the bundled sample."""
    return [[_tool("labmetrics"), "report", kind, "--data", str(processed), "--out", str(out)]]


def report_all_commands(out: Path, jobs: int, plan: Path | None = None) -> list[list[str]]:
    """``labmetrics report all`` as ``make reports`` runs it: the bundled plan (every
    commitment's data folder built, every report in every language), ``--jobs``."""
    from labmetrics import config

    return [[_tool("labmetrics"), "report", "all", "--plan", str(plan or config.DEFAULT_PLAN),
             "--out", str(out), "--jobs", str(jobs)]]


@dataclass(frozen=True)
class Contender:
    """A command timed as a whole: its name, what it is, and how to run it once.

    ``run(work)`` runs it in the empty folder ``work`` and returns its timing.
    """

    name: str
    label: str
    run: Callable[[Path], Timing]


@dataclass
class Series:
    """The runs of one contender, or the error that stopped it."""

    name: str
    label: str
    timings: list[Timing] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every run succeeded."""
        return self.error is None and bool(self.timings)

    @property
    def seconds(self) -> float | None:
        """Median wall-clock seconds."""
        return statistics.median(t.seconds for t in self.timings) if self.ok else None

    @property
    def cpu_seconds(self) -> float | None:
        """Median CPU seconds."""
        return statistics.median(t.cpu_seconds for t in self.timings) if self.ok else None

    def as_dict(self) -> dict[str, Any]:
        """The series for the results file."""
        return {"name": self.name, "label": self.label, "ok": self.ok, "error": self.error,
                "seconds": self.seconds, "cpu_seconds": self.cpu_seconds,
                "runs": [t.__dict__ for t in self.timings]}


def interleave(contenders: Sequence[Contender], rounds: int, work_root: Path,
               on_run: Callable[[int, str, Timing], None] | None = None
               ) -> dict[str, Series]:
    """Run the contenders in turns, ``rounds`` times; a failed one drops out.

    Each run starts in a new empty folder under ``work_root`` (not timed), so no run reuses
    what another wrote.
    """
    series = {c.name: Series(c.name, c.label) for c in contenders}
    for i in range(1, rounds + 1):
        for c in contenders:
            s = series[c.name]
            if s.error is not None:
                continue
            work = work_root / c.name
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            try:
                timing = c.run(work)
            except ProcessFailed as exc:
                s.error = str(exc)
                continue
            s.timings.append(timing)
            if on_run is not None:
                on_run(i, c.name, timing)
    return series


def reports_written(timing: Timing) -> int | None:
    """How many reports ``labmetrics report all`` says it wrote."""
    found = _WRITTEN.search(timing.facts.get("stdout_tail", ""))
    return int(found.group(2)) if found else None


def single_reports(processed: Path) -> list[Contender]:
    """Target 1: the progress and network reports, each against the stock pipeline."""
    return [
        Contender("stock", "stock pipeline (papermill CLI + nbconvert CLI, two-cell notebook)",
                  lambda work: run_commands(stock_commands(work))),
        Contender("cli_progress", "labmetrics report progress (whole process)",
                  lambda work: run_commands(report_commands("progress", processed, work))),
        Contender("cli_network", "labmetrics report network (whole process)",
                  lambda work: run_commands(report_commands("network", processed, work))),
    ]


def all_reports(jobs: int) -> list[Contender]:
    """Target 4: ``report all`` against the stock pipeline run for real once per report it
    rendered, one run after the other (``report all`` runs first in each round and says how
    many reports it wrote)."""
    written: list[int] = []

    def report_all(work: Path) -> Timing:
        timing = run_commands(report_all_commands(work, jobs))
        n = reports_written(timing)
        if n is None:
            raise ProcessFailed("labmetrics report all did not say how many reports it "
                                "wrote:\n" + timing.facts.get("stdout_tail", ""))
        written.append(n)
        return Timing(timing.seconds, timing.cpu_seconds, {**timing.facts, "reports": n})

    def stock_each(work: Path) -> Timing:
        n = written[-1]
        runs = [run_commands(stock_commands(work)) for _ in range(n)]
        return Timing(sum(r.seconds for r in runs), sum(r.cpu_seconds for r in runs),
                      {"runs": n, "each": [round(r.seconds, 3) for r in runs]})

    return [
        Contender("cli_all", f"labmetrics report all --jobs {jobs} (whole process)", report_all),
        Contender("stock_each", "stock pipeline once per report, one after the other",
                  stock_each),
    ]


def help_command() -> Contender:
    """Target 5: ``labmetrics --help``."""
    return Contender("cli_help", "labmetrics --help",
                     lambda work: run_commands([[_tool("labmetrics"), "--help"]]))


def default_jobs() -> int:
    """``make reports``' ``--jobs``: the number of cores."""
    return os.cpu_count() or 2
