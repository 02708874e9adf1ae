"""Draw a section's charts on more than one core.

Saving a chart (its SVG, or PNG when smaller) is most of what a report costs once its data
is ready. While one report renders alone its command only waits for the kernel, so a core
is free: the kernel forks a copy of itself that draws every other chart of a section while
it draws the rest. The copy holds the very same figures, so what it draws is byte for byte
what the kernel would have drawn; only the finished HTML travels back, through a pipe. When
the copy fails in any way, the kernel draws its charts itself.

How many processes draw is the kernel's environment variable
:data:`labmetrics.config.DRAW_PROCESSES_ENV` (set by :mod:`labmetrics.report.kernel`): 1,
the default, draws in the kernel alone, as when several reports render at once.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from labmetrics import config
from labmetrics.figures import Chart
from labmetrics.report import display


@dataclass(frozen=True)
class ChartJob:
    """One chart of a section to draw: the chart, the page's language and its CSV link."""

    chart: Chart
    lang: str
    href: str | None


def draw_processes() -> int:
    """How many processes may draw the charts of this kernel (at least 1)."""
    try:
        wanted = int(os.environ.get(config.DRAW_PROCESSES_ENV, "1"))
    except ValueError:
        return 1
    return max(1, min(wanted, 2))


def _draw(job: ChartJob) -> Markup:
    return display.figure_html(job.chart, lang=job.lang, href=job.href)


def _draw_in_child(jobs: Sequence[ChartJob], write_end: int) -> None:
    """In the forked copy: draw ``jobs``, send their HTML, leave without cleaning up (the
    kernel's sockets and files belong to the kernel)."""
    code = 1
    try:
        gc.disable()  # a short life: collecting would copy the kernel's memory page by page
        # Nothing it says can reach the notebook: its streams are the kernel's.
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        payload = pickle.dumps([str(_draw(job)) for job in jobs])
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        code = 0
    finally:
        os._exit(code)


def _receive(read_end: int, pid: int) -> list[str] | None:
    """The HTML the child sent, or None when it failed."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        drawn = pickle.loads(payload)
    except Exception:  # a truncated answer: drawn here instead
        return None
    return drawn if isinstance(drawn, list) else None


def _close(job: ChartJob) -> None:
    # What figure_html does once a chart is drawn, for the charts the child drew.
    import matplotlib.pyplot as plt

    plt.close(job.chart.fig)


def draw_charts(jobs: Sequence[ChartJob], processes: int | None = None) -> list[Markup]:
    """Return the ``<figure>`` of each chart (see :func:`display.figure_html`), in order.

    With two ``processes`` (default: :func:`draw_processes`) and two charts or more, a
    forked copy of this process draws every other chart while this one draws the others.
    """
    processes = draw_processes() if processes is None else processes
    if processes < 2 or len(jobs) < 2 or not hasattr(os, "fork"):
        return [_draw(job) for job in jobs]
    theirs_jobs = list(jobs[1::2])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _draw_in_child(theirs_jobs, write_end)
    os.close(write_end)
    try:
        mine = [_draw(job) for job in jobs[0::2]]
    finally:
        theirs = _receive(read_end, pid)
    if theirs is None or len(theirs) != len(theirs_jobs):
        drawn = [_draw(job) for job in theirs_jobs]
    else:
        for job in theirs_jobs:
            _close(job)
        drawn = [Markup(html) for html in theirs]
    out: list[Markup] = []
    for i in range(len(jobs)):
        out.append(mine[i // 2] if i % 2 == 0 else drawn[i // 2])
    return out
