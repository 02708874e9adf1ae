"""Where the build's time goes: ``store.build`` under cProfile, its top entries kept.

``python -m benchmarks.profile RAW OUT RESULT_JSON`` builds ``RAW`` into ``OUT`` under
cProfile, in a fresh process, and writes the entries with the most cumulative time and those
with the most time of their own. cProfile slows Python code more than the C it calls, so its
seconds are read as shares, not as the build's time.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import sysconfig
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import BENCH_DIR

TOP = 25
# Built-in calls in which a thread waits: the build's threads wait for each other.
WAITS = frozenset({"<method 'acquire' of '_thread.lock' objects>",
                   "<method 'get' of '_queue.SimpleQueue' objects>",
                   "<method 'acquire' of '_thread.RLock' objects>",
                   "<built-in method _imp.acquire_lock>"})
ROOT = BENCH_DIR.parent
_PREFIXES = tuple(sorted({str(Path(p)) for p in (sysconfig.get_paths()["purelib"],
                                                  sysconfig.get_paths()["platlib"],
                                                  sysconfig.get_paths()["stdlib"])},
                         key=len, reverse=True))


def where(file: str, line: int, name: str) -> str:
    """``module/file.py:line(name)`` relative to the checkout or the library folders."""
    if file == "~":  # a built-in function
        return name
    path = str(Path(file))
    # The longest first: the venv's site-packages may lie inside the checkout.
    for prefix in sorted((str(ROOT), *_PREFIXES), key=len, reverse=True):
        if path.startswith(prefix + "/"):
            path = path[len(prefix) + 1:]
            break
    return f"{path}:{line}({name})"


def is_wait(func: tuple[str, int, str]) -> bool:
    """Whether a profile entry is a thread waiting (for a lock, a task, a result) or a
    thread pool's machinery around its tasks: time spent, not work done."""
    file, _, name = func
    return (name in WAITS or "concurrent/futures/" in Path(file).as_posix()
            or (Path(file).name == "threading.py" and name in ("wait", "join")))


def top_entries(stats: pstats.Stats, key: str, n: int = TOP) -> list[dict[str, Any]]:
    """The ``n`` entries with the largest ``key`` (``cumulative`` or ``tottime``), waits
    left out (:func:`is_wait`)."""
    raw = stats.stats  # type: ignore[attr-defined]
    index = {"cumulative": 3, "tottime": 2}[key]
    ranked = sorted(((f, v) for f, v in raw.items() if not is_wait(f)),
                    key=lambda item: item[1][index], reverse=True)[:n]
    return [{"function": where(*func), "calls": int(nc), "own_seconds": round(tt, 4),
             "cumulative_seconds": round(ct, 4)}
            for func, (_cc, nc, tt, ct, _callers) in ranked]


def profile_build(raw: Path, out: Path) -> dict[str, Any]:
    """Build ``raw`` into ``out`` under cProfile; return the profile's top entries."""
    from labmetrics.schema import DATASETS, pandera_schema
    from labmetrics.store import build

    # Imported before, as in the measured step: the profile shows the build's own work.
    for name in DATASETS:
        pandera_schema(name)
    # The build reads, parses and writes on threads of its own: each gets a profiler too,
    # and their entries are added to the main thread's (whose waits show as lock waits).
    profilers = [cProfile.Profile()]

    def profile_thread(*_: Any) -> None:
        sys.setprofile(None)
        profilers.append(cProfile.Profile())
        profilers[-1].enable()

    started = time.perf_counter()
    threading.setprofile(profile_thread)
    profilers[0].enable()
    try:
        build(raw, out)
    finally:
        profilers[0].disable()
        threading.setprofile(None)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    stats = pstats.Stats(profilers[0])
    for profiler in profilers[1:]:
        stats.add(profiler)
    return {"seconds_under_profiler": round(seconds, 3),
            "total_own_seconds": round(sum(v[2] for f, v in stats.stats.items()  # type: ignore[attr-defined]
                                           if not is_wait(f)), 3),
            "by_cumulative": top_entries(stats, "cumulative"),
            "by_own_time": top_entries(stats, "tottime")}


def main(argv: Sequence[str]) -> int:
    """Entry point of the child process."""
    raw, out, result = (Path(a) for a in argv)
    result.write_text(json.dumps(profile_build(raw, out)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
