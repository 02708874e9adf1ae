"""Run a step in fresh child processes, repeatedly, and keep the median."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import BENCH_DIR
from benchmarks.samples import SampleFolder

ROOT = BENCH_DIR.parent
CHILD_TIMEOUT_S = 3600
_STDERR_TAIL = 1500


@dataclass(frozen=True)
class Run:
    """One run of a step in its own process.

    ``seconds`` is the step's work only, timed inside the child, and ``cpu_seconds`` the CPU
    time it took; ``process_seconds`` the whole child process as seen from here (interpreter
    start and imports included).
    """

    seconds: float
    cpu_seconds: float
    process_seconds: float
    peak_mb: float
    peak_self_mb: float
    peak_children_mb: float
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Measurement:
    """A step at one scale: its runs, or the error that stopped it."""

    step: str
    scale: float | None
    runs: tuple[Run, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every run succeeded."""
        return self.error is None and bool(self.runs)

    @property
    def seconds(self) -> float | None:
        """Median seconds of the step's work."""
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu_seconds(self) -> float | None:
        """Median CPU seconds of the step's work."""
        return statistics.median(r.cpu_seconds for r in self.runs) if self.ok else None

    @property
    def process_seconds(self) -> float | None:
        """Median seconds of the whole child process."""
        return statistics.median(r.process_seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        """Median peak memory in MB."""
        return statistics.median(r.peak_mb for r in self.runs) if self.ok else None

    def as_dict(self) -> dict[str, Any]:
        """The measurement for latest.json."""
        return {
            "step": self.step, "scale": self.scale, "ok": self.ok, "error": self.error,
            "seconds": self.seconds, "cpu_seconds": self.cpu_seconds,
            "process_seconds": self.process_seconds,
            "peak_mb": self.peak_mb,
            "runs": [r.__dict__ for r in self.runs],
        }


class StepFailed(RuntimeError):
    """A step's child process failed; the message ends with its stderr."""


def child_env() -> dict[str, str]:
    """The environment of a child: this checkout first on the path, no display."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["MPLBACKEND"] = "Agg"
    return env


def run_once(step: str, folder: SampleFolder, timeout: float = CHILD_TIMEOUT_S) -> Run:
    """Run ``step`` on ``folder`` in a fresh Python process and return its measurement."""
    with tempfile.TemporaryDirectory(prefix="labmetrics-bench-") as tmp:
        out = Path(tmp) / "result.json"
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "benchmarks.child", step,
                 json.dumps(folder.paths()), str(out)],
                cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise StepFailed(f"{step} ran longer than {timeout:.0f} s") from exc
        elapsed = time.perf_counter() - started
        if proc.returncode != 0 or not out.exists():
            tail = proc.stderr.strip()[-_STDERR_TAIL:]
            raise StepFailed(f"{step} exited with code {proc.returncode}:\n{tail}")
        result = json.loads(out.read_text(encoding="utf-8"))
    return Run(
        seconds=result["seconds"], cpu_seconds=result["cpu_seconds"], process_seconds=elapsed,
        peak_mb=result["peak_mb"], peak_self_mb=result["peak_self_mb"],
        peak_children_mb=result["peak_children_mb"],
        facts=result.get("facts") or {},
    )


def measure(step: str, folder: SampleFolder, scale: float | None, repeat: int = 1,
            timeout: float = CHILD_TIMEOUT_S,
            on_run: Callable[[int, Run], None] | None = None) -> Measurement:
    """Run ``step`` ``repeat`` times; a failure is recorded, not raised.

    ``on_run(i, run)`` is called after each successful run (``i`` from 1), for progress.
    """
    runs = []
    for i in range(1, repeat + 1):
        try:
            run = run_once(step, folder, timeout)
        except StepFailed as exc:
            return Measurement(step, scale, tuple(runs), error=str(exc))
        runs.append(run)
        if on_run is not None:
            on_run(i, run)
    return Measurement(step, scale, tuple(runs))
