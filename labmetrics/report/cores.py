"""Do part of a report's work on the core it leaves free.

While one report renders alone its command only waits for the kernel, so a core is free. The
kernel then forks a copy of itself that does one piece of work (draws some of a section's
charts, reads an input the report needs later) while the kernel goes on with the rest. The
copy holds the same modules and data, so what it computes is what the kernel would have
computed; only its result travels back, pickled through a pipe. When the copy fails in any
way, the kernel does the work itself when it asks for the result, so an error is raised
where it would have been raised without the copy.

How many processes may work for one kernel is its environment variable
:data:`labmetrics.config.DRAW_PROCESSES_ENV` (set by :mod:`labmetrics.report.kernel`): 1,
the default, does everything in the kernel, as when several reports render at once, in
JupyterLab, or where there is no ``os.fork``.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from labmetrics import config

T = TypeVar("T")

_FAILED = object()


def free_processes() -> int:
    """How many processes may do this kernel's work (1 or 2)."""
    try:
        wanted = int(os.environ.get(config.DRAW_PROCESSES_ENV, "1"))
    except ValueError:
        return 1
    return max(1, min(wanted, 2))


def _run_in_child(work: Callable[[], object], write_end: int) -> None:
    """In the forked copy: do ``work``, send its result, leave without cleaning up (the
    kernel's sockets and files belong to the kernel)."""
    code = 1
    try:
        gc.disable()  # a short life: collecting would copy the kernel's memory page by page
        # Nothing it says can reach the notebook: its streams are the kernel's.
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        code = 0
    finally:
        os._exit(code)


class Pending(Generic[T]):
    """Work started by :func:`start`; :meth:`result` returns what it returned."""

    def __init__(self, work: Callable[[], T], pid: int | None = None,
                 read_end: int | None = None) -> None:
        self._work = work
        self._pid = pid
        self._read_end = read_end

    def _receive(self) -> object:
        """What the copy sent, or ``_FAILED``."""
        assert self._pid is not None and self._read_end is not None
        with os.fdopen(self._read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._read_end = None
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return _FAILED
        try:
            return pickle.loads(payload)
        except Exception:  # a truncated answer: done here instead
            return _FAILED

    def result(self) -> T:
        """Wait for the copy and return its result; do the work here if it failed (or when
        no copy was started)."""
        received = self._receive() if self._pid is not None else _FAILED
        return self._work() if received is _FAILED else received  # type: ignore[return-value]

    def discard(self) -> None:
        """Stop the copy when its result is no longer wanted (the work that needed it
        failed)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            self._receive()

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def start(work: Callable[[], T], processes: int | None = None) -> Pending[T]:
    """Start ``work`` in a forked copy of this process when ``processes`` (default:
    :func:`free_processes`) is 2; otherwise it is done when its result is asked for."""
    processes = free_processes() if processes is None else processes
    if processes < 2 or not hasattr(os, "fork"):
        return Pending(work)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _run_in_child(work, write_end)
    os.close(write_end)
    return Pending(work, pid, read_end)
