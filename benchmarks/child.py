"""Run one step in this (fresh) process and write its measurement as JSON.

``python -m benchmarks.child STEP FOLDER_JSON OUT_JSON``. Being its own process, the step
pays its own imports and its peak memory is its own: the peak of this process plus the peaks
of the processes it started (the notebook kernel of a report), together an upper bound on
the peak of the whole process tree (see :mod:`benchmarks.memory`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def measure(step_name: str, folder_paths: dict[str, str]) -> dict[str, object]:
    """Run ``step_name`` on the folder and return its seconds, memory and facts."""
    started = time.perf_counter()
    from benchmarks.memory import PeakMemory
    from benchmarks.samples import SampleFolder
    from benchmarks.steps import STEPS, Clock

    step = STEPS[step_name]
    clock = Clock()
    with PeakMemory(children=step.spawns) as peak:
        facts = step.run(SampleFolder.from_paths(folder_paths), clock)
    own, children = peak.self_mb, peak.children_mb
    return {
        "step": step_name,
        "seconds": clock.seconds,
        "cpu_seconds": clock.cpu_seconds,
        "child_seconds": time.perf_counter() - started,
        "peak_mb": own + children,
        "peak_self_mb": own,
        "peak_children_mb": children,
        "facts": facts,
    }


def main(argv: list[str]) -> int:
    """Entry point of the child process."""
    step_name, folder_json, out = argv
    result = measure(step_name, json.loads(folder_json))
    Path(out).write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # The result is written: leave without the interpreter's teardown, in which pyarrow's
    # thread pools now and then abort a process whose work succeeded ("terminate called
    # without an active exception", apache/arrow#34314), which would count as a failed run.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
