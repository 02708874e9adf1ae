"""Failures: one clear message, a non-zero exit code, nothing good lost.

A report whose kernel dies, or that fails on the command line, names the report, the cell
and the error, keeps the executed notebook under ``_failed/`` and leaves the previous page
as it was (the engine's own tests cover an error and a timeout in a cell). A build stopped
half-way, by an error or by Ctrl-C, leaves ``data/processed`` as it was, with no temporary
folder behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from conftest import TINY, previous_report, write_folder

from labmetrics import store
from labmetrics.cli import main
from labmetrics.errors import ReportError
from labmetrics.report import engine, jobs

NETWORK_PARAMETERS = ('data_path = None\nperiod_start = "2016-01-01"\n'
                      'period_end = "2018-12-31"\nfreq = "quarter"\nspaces = None\n'
                      'lang = "pt-BR"\ndata_dir = None')


def _notebook(path: Path, parameters: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _unchanged(files: dict[Path, bytes]) -> bool:
    return all(path.read_bytes() == content for path, content in files.items())


# --- reports ----------------------------------------------------------------------------------


def test_a_dead_kernel_names_the_report_and_the_cell(tmp_path):
    notebook = _notebook(tmp_path / "dead.ipynb", "data_dir = None", "milestones = 3",
                         "import os\nos._exit(1)", "print('never reached')")
    out = tmp_path / "reports"
    previous = previous_report(out, "dead")
    with pytest.raises(ReportError) as caught:
        engine.render_notebook(notebook, {}, out / "dead.html", report_name="dead",
                               lang="en", title="Dead")
    error = caught.value
    assert (error.report, error.cell) == ("dead", 3)
    assert error.message.startswith("the notebook's Python process died (in `import os`)")
    kept = out / "_failed" / "dead.ipynb"
    assert error.file == str(kept) and kept.is_file()
    text = error.describe()
    assert text.startswith("Report 'dead', cell 3: ") and "Traceback" not in text
    assert _unchanged(previous)
    assert sorted(p.name for p in out.iterdir()) == [
        "_failed", "dead.data", "dead.html", "dead.json"]


@pytest.fixture
def processed(tmp_path) -> Path:
    out = tmp_path / "processed"
    store.build(write_folder(tmp_path / "tiny", TINY), out)
    return out


@pytest.mark.parametrize(("cell", "message"), [
    ("raise ValueError('the groups table is empty')",
     "cell 2: ValueError: the groups table is empty (in `raise ValueError"),
    ("import os\nos._exit(1)", "cell 2: the notebook's Python process died (in `import os`)"),
])
def test_the_report_command_exits_1_naming_report_cell_and_error(
        tmp_path, processed, monkeypatch, capsys, cell, message):
    notebook = _notebook(tmp_path / "network.ipynb", NETWORK_PARAMETERS, cell)
    monkeypatch.setattr(jobs, "NETWORK_NOTEBOOK", notebook)
    out = tmp_path / "reports"
    stem = jobs.network_job(data_path=processed, period=jobs.NETWORK_PERIOD, lang="pt-BR",
                            out_dir=out).report_name
    previous = previous_report(out, stem)
    code = main(["report", "network", "--data", str(processed), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"labmetrics: Report '{stem}', {message}")
    assert f"(notebook kept at {out / '_failed' / stem}.ipynb)" in errors[0]
    assert "Traceback" not in captured.out + captured.err
    assert "0 of 1 report(s) written" in captured.out
    assert (out / "_failed" / f"{stem}.ipynb").is_file()
    assert _unchanged(previous)


# --- an interrupted build ---------------------------------------------------------------------


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A data folder, its processed folder already built, and that folder's bytes."""
    data = write_folder(tmp_path / "tiny", TINY)
    out = tmp_path / "processed"
    store.build(data, out)
    return data, out, _snapshot(out)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in ("tiny", "processed"))


def _raise(exc: BaseException):
    def fail(*args, **kwargs):
        raise exc
    return fail


@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()])
def test_a_build_stopped_while_writing_leaves_the_previous_output(tmp_path, built,
                                                                  monkeypatch, exc):
    data, out, before = built
    written = []
    original = store._write_tables

    def tables_then_stop(*args, **kwargs):
        original(*args, **kwargs)
        written.extend(p.name for p in args[1].iterdir())
        raise exc

    monkeypatch.setattr(store, "_write_tables", tables_then_stop)
    with pytest.raises(type(exc)):
        store.build(data, out)
    assert len(written) == 4  # the four tables were written aside, then the build stopped
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()])
def test_a_build_stopped_while_swapping_folders_puts_the_previous_output_back(
        tmp_path, built, monkeypatch, exc):
    data, out, before = built
    calls = []
    original = os.replace

    def replace(src, dst):
        if Path(src).name.endswith(".part"):  # a file of the new folder moved in place
            return original(src, dst)
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 2:  # the old folder is aside; the new one is about to move in
            raise exc
        return original(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(type(exc)):
        store.build(data, out)
    monkeypatch.undo()
    assert calls[0][0] == "processed" and calls[1][1] == "processed"
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_a_first_build_stopped_half_way_leaves_no_folder(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "tiny", TINY)
    monkeypatch.setattr(store, "_write_json", _raise(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        store.build(data, tmp_path / "processed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny"]


def test_ctrl_c_during_build_exits_130_and_replaces_nothing(tmp_path, built, monkeypatch,
                                                            capsys):
    data, out, before = built
    monkeypatch.setattr(store, "_write_json", _raise(KeyboardInterrupt()))
    assert main(["build", str(data), "--out", str(out)]) == 130
    assert capsys.readouterr().err == "labmetrics: interrupted; nothing was replaced.\n"
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []
    manifest = json.loads(before["manifest.json"])
    assert manifest["personal_data"] is False
