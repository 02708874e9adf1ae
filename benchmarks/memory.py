"""Peak resident memory of a step's process and of the processes it starts (a report's kernel).

On Linux the kernel's own high-water mark ``VmHWM`` of ``/proc/<pid>/status`` is read: it
belongs to the running program only, whereas ``ru_maxrss`` carries over the memory of the
process that forked it (a child of a large parent reports the parent's size). Child processes
end before the step does, so a thread reads their ``VmHWM`` while they live. Elsewhere
``resource.getrusage`` is the fallback.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")
SAMPLE_EVERY_S = 0.2
KIB = 1024


def hwm_mb(pid: int | str = "self") -> float | None:
    """The peak resident memory of process ``pid`` so far, in MB (None if unknown)."""
    try:
        text = (PROC / str(pid) / "status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / KIB
    return None


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (from /proc/<pid>/stat)."""
    pids = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        # The command name (field 2) is in parentheses and may hold spaces.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(parent):
            pids.append(int(entry.name))
    return pids


def rusage_mb(who: int) -> float:
    """``ru_maxrss`` in MB (KiB on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / KIB**2 if sys.platform == "darwin" else value / KIB


class PeakMemory:
    """Track the peak memory of this process and, optionally, of its child processes.

    ``with PeakMemory(children=True) as peak: ...`` then ``peak.self_mb`` and
    ``peak.children_mb`` (the sum of the peaks of every child seen, an upper bound on their
    share of the tree's peak).
    """

    def __init__(self, children: bool = False, every: float = SAMPLE_EVERY_S) -> None:
        self.children = children
        self.watch_children = children and PROC.is_dir()
        self.every = every
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        for pid in child_pids(os.getpid()):
            peak = hwm_mb(pid)
            if peak is not None:
                self._seen[pid] = max(peak, self._seen.get(pid, 0.0))

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self) -> PeakMemory:
        if self.watch_children:
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()

    @property
    def self_mb(self) -> float:
        """Peak memory of this process."""
        own = hwm_mb()
        return own if own is not None else rusage_mb(resource.RUSAGE_SELF)

    @property
    def children_mb(self) -> float:
        """Sum of the peaks of the child processes seen (0 when not watched)."""
        if self.watch_children:
            return sum(self._seen.values())
        return rusage_mb(resource.RUSAGE_CHILDREN) if self.children else 0.0
