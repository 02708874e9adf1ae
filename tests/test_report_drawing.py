"""Charts drawn on two cores: the same bytes as drawn in one process, whatever fails."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from labmetrics import config, figures
from labmetrics.errors import ConfigError
from labmetrics.report import cores, drawing, kernel


def _jobs(sample_data, lang: str = "pt-BR") -> list[drawing.ChartJob]:
    """Charts of the bundled sample's use of the spaces: hours, uses and people per space,
    and the hours per kind of use."""
    usage = sample_data.usage
    per_space = usage.groupby("space_id", as_index=False).agg(
        usage_hours=("hours", "sum"), uses=("hours", "size"))
    per_space = per_space.merge(sample_data.spaces[["space_id", "name"]], on="space_id")
    charts = [figures.per_lab_chart(per_space, "usage_hours", lang),
              figures.per_lab_chart(per_space, "uses", lang, decimals=0),
              figures.per_lab_chart(per_space.head(3), "usage_hours", lang)]
    return [drawing.ChartJob(chart, lang, f"data/{chart.name}.csv") for chart in charts]


@pytest.fixture
def sequential(sample_data) -> list[str]:
    return [str(html) for html in drawing.draw_charts(_jobs(sample_data), processes=1)]


def test_two_processes_draw_the_same_bytes_in_the_same_order(sample_data,
                                                             sequential: list[str]) -> None:
    parallel = [str(html) for html in drawing.draw_charts(_jobs(sample_data), processes=2)]
    assert parallel == sequential
    assert [html.count("<figure") for html in parallel] == [1, 1, 1]
    assert parallel[0] != parallel[2]  # each chart in its place: the third has three bars


def test_a_failing_copy_leaves_the_drawing_to_the_kernel(sample_data, sequential: list[str],
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    # The copy dies before it answers: the charts it had are drawn here, the same.
    monkeypatch.setattr(cores, "_run_in_child", lambda work, write_end: os._exit(3))
    assert [str(h) for h in drawing.draw_charts(_jobs(sample_data), processes=2)] == sequential


def test_a_chart_without_alt_text_fails_as_in_one_process(sample_data) -> None:
    jobs = _jobs(sample_data)
    bad = figures.Chart(name="bad", title="Sem texto", alt=" ", fig=jobs[1].chart.fig,
                        data=pd.DataFrame())
    jobs[1] = drawing.ChartJob(bad, "pt-BR", None)
    for processes in (1, 2):
        with pytest.raises(ConfigError, match="has no alt text"):
            drawing.draw_charts(jobs, processes=processes)


@pytest.mark.parametrize(("n_cores", "kernels", "processes"), [
    (2, 1, 2), (2, 2, 1), (8, 2, 2), (1, 1, 1), (None, 1, 1), (4, 3, 1)])
def test_kernels_share_the_cores(n_cores: int | None, kernels: int, processes: int,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: n_cores)
    assert kernel.free_cores(kernels) == processes


def test_the_kernel_is_told_how_many_processes_draw() -> None:
    notebook = Path(__file__).resolve().parent / "notebooks" / "display_report.ipynb"
    for processes in (1, 2):
        with kernel.start_kernel(notebook, draw_processes=processes) as started:
            pid = started.manager.provisioner.process.pid
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"{config.DRAW_PROCESSES_ENV}={processes}".encode() in environ
