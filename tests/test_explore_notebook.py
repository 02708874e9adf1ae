"""The researchers' notebook runs top to bottom on the bundled sample with short parameters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from labmetrics import config

NOTEBOOK = config.NOTEBOOKS_DIR / "explore.ipynb"

pytestmark = pytest.mark.e2e


def _text(cell) -> str:
    """Everything a cell printed or returned, as plain text."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output["data"]
            parts.append(data.get("text/plain", "") + data.get("text/html", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, object]:
    import nbformat
    import papermill

    out = tmp_path_factory.mktemp("explore") / "explore.ipynb"
    # The kernel imports this checkout's labmetrics, whatever the current directory.
    path = os.pathsep.join(p for p in (str(config.ROOT), os.environ.get("PYTHONPATH", "")) if p)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", path)
        papermill.execute_notebook(
            str(NOTEBOOK), str(out), kernel_name=config.KERNEL_NAME, progress_bar=False,
            cwd=str(config.NOTEBOOKS_DIR), execution_timeout=300,
            parameters={"period_start": "2017-01-01", "period_end": "2017-06-30",
                        "freq": "month", "lang": "en"})
    nb = nbformat.read(out, as_version=4)
    cells = {}
    for cell in nb.cells:
        for tag in cell.metadata.get("tags", []):
            cells[tag] = cell
    cells["_all"] = nb
    return cells


def test_every_cell_ran_without_error(executed) -> None:
    nb = executed["_all"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o["output_type"] == "error"]


def test_validation_is_accounted_for(executed) -> None:
    text = _text(executed["load"])
    assert "usage.csv" in text and "10050" in text and "10000" in text
    quarantine = _text(executed["quarantine"])
    assert "impossible_date" in quarantine and "duplicate_id" in quarantine


def test_indicators_and_completion_are_computed(executed) -> None:
    assert "groups_mapped" in _text(executed["evidence"])
    completion = _text(executed["completion"])
    assert completion.count("computed level") == 3
    assert "Stated by the assessment: Limited" in completion


def test_network_measures_use_the_parameters(executed) -> None:
    growth = _text(executed["growth"])
    # Monthly periods of the first half of 2017.
    assert "2017-06-01" in growth and "2017-07-01" not in growth
    assert "betweenness" in _text(executed["spaces"])


def test_no_personal_data_is_shown(executed) -> None:
    import pandas as pd

    groups = pd.read_csv(config.SAMPLE_DIR / "groups.csv", sep=";", encoding="utf-8-sig",
                         dtype=str)
    shown = "".join(_text(c) for c in executed["_all"].cells if c.cell_type == "code")
    for column in ("contact_email", "contact_phone"):
        assert not any(v in shown for v in groups[column].dropna())


def test_the_notebook_is_committed_without_outputs() -> None:
    import nbformat

    nb = nbformat.read(Path(NOTEBOOK), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert all(not c.outputs and c.execution_count is None for c in code)
