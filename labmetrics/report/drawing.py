"""Draw a section's charts on more than one core.

Saving a chart (its SVG, or PNG when smaller) is most of what a report costs once its data
is ready. Where a core is free (see :mod:`labmetrics.report.cores`), a forked copy of the
kernel draws every other chart of a section while the kernel draws the rest. The copy holds
the very same figures, so what it draws is byte for byte what the kernel would have drawn;
only the finished HTML travels back. When the copy fails in any way, the kernel draws its
charts itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from labmetrics.figures import Chart
from labmetrics.report import cores, display


@dataclass(frozen=True)
class ChartJob:
    """One chart of a section to draw: the chart, the page's language and its CSV link."""

    chart: Chart
    lang: str
    href: str | None


def _draw(job: ChartJob) -> Markup:
    return display.figure_html(job.chart, lang=job.lang, href=job.href)


def _draw_all(jobs: Sequence[ChartJob]) -> list[str]:
    return [str(_draw(job)) for job in jobs]


def _close(job: ChartJob) -> None:
    # What figure_html does once a chart is drawn, for the charts the copy drew.
    import matplotlib.pyplot as plt

    plt.close(job.chart.fig)


def draw_charts(jobs: Sequence[ChartJob], processes: int | None = None) -> list[Markup]:
    """Return the ``<figure>`` of each chart (see :func:`display.figure_html`), in order.

    With two ``processes`` (default: :func:`labmetrics.report.cores.free_processes`) and two
    charts or more, a forked copy of this process draws every other chart while this one
    draws the others.
    """
    if len(jobs) < 2:
        return [_draw(job) for job in jobs]
    theirs_jobs = list(jobs[1::2])
    with cores.start(partial(_draw_all, theirs_jobs), processes) as theirs:
        mine = [_draw(job) for job in jobs[0::2]]
        drawn = theirs.result()
    for job in theirs_jobs:
        _close(job)
    out: list[Markup] = []
    for i in range(len(jobs)):
        out.append(mine[i // 2] if i % 2 == 0 else Markup(drawn[i // 2]))
    return out
