"""Run one step in this (fresh) process and write its measurement as JSON.

``python -m benchmarks.child STEP FOLDER_JSON OUT_JSON``. Being its own process, the step
pays its own imports and its peak memory is its own: ``ru_maxrss`` of this process, plus that
of its largest finished child (the notebook kernel of a report), together an upper bound on
the peak of the whole process tree.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# Linux reports ru_maxrss in KiB.
KIB_PER_MB = 1024


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest waited-for child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KIB_PER_MB
    return own, children


def measure(step_name: str, folder_paths: dict[str, str]) -> dict[str, object]:
    """Run ``step_name`` on the folder and return its seconds, memory and facts."""
    started = time.perf_counter()
    from benchmarks.samples import SampleFolder
    from benchmarks.steps import STEPS, Clock

    step = STEPS[step_name]
    clock = Clock()
    facts = step.run(SampleFolder.from_paths(folder_paths), clock)
    own, children = peak_mb()
    return {
        "step": step_name,
        "seconds": clock.seconds,
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
    sys.exit(main(sys.argv[1:]))
