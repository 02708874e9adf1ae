"""Injection: hostile names stay text in HTML, formulas stay text in CSV, parameters stay
values in notebooks.

The names come from the bad-input corpus or are written here; the browser checks of a
rendered page live in tests/test_browser.py.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest
from conftest import TINY, TODAY, write_folder
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bad_inputs import BAD_DIR, COMPANIONS

from labmetrics import dataset, evidence, publish, store
from labmetrics.cli import main
from labmetrics.commitment import find_commitment_files, read_commitment
from labmetrics.errors import ConfigError, ReportError
from labmetrics.report import display, engine, jobs

matplotlib.use("Agg")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ATTRIBUTE = 'x" onmouseover="alert(1)'
HYPERLINK = '=HYPERLINK("http://x","y")'
FORMULA_START = re.compile(r"[=+\-@\t\r]")


def _assert_inert(markup: str) -> None:
    """No hostile text became markup: every tag and attribute it held is escaped."""
    for live in ("<script", "<img src=x", 'onmouseover="alert', "onerror=alert(1)>"):
        assert live not in markup, live


@pytest.fixture
def no_files():
    return display.Page("en")


# --- HTML -------------------------------------------------------------------------------------


def test_table_escapes_names_headers_and_caption(no_files):
    frame = pd.DataFrame({"name": [SCRIPT, IMG, HYPERLINK], IMG: ["a", "b", "c"],
                          "hours": [1.5, 2.0, 3.25]})
    markup = str(display.table_html(frame, caption=ATTRIBUTE))
    _assert_inert(markup)
    assert f'<th scope="row">{html.escape(SCRIPT, quote=False)}</th>' in markup.replace(
        "&#39;", "'").replace("&#34;", '"')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "x&#34; onmouseover=&#34;alert(1)" in markup  # inside aria-label and the caption
    assert HYPERLINK.replace('"', "&#34;") in markup  # a formula is only text in HTML


def test_every_text_helper_escapes(no_files):
    pieces = [
        display.heading_html(SCRIPT, 3), display.paragraph_html(IMG),
        display.badge_html(SCRIPT, "warning"), display.note_html(IMG, tone="warning"),
        display.link_html(SCRIPT, "https://example.org/?q=" + ATTRIBUTE),
        display.definition_list_html({SCRIPT: IMG, "host": ATTRIBUTE}),
        display.key_figures_html([display.KeyFigure(SCRIPT, IMG, detail=ATTRIBUTE)]),
    ]
    for piece in pieces:
        markup = str(piece)
        _assert_inert(markup)
        assert "&lt;" in markup
    assert str(pieces[0]).startswith('<h3 id="script-alert-1-script">&lt;script&gt;')


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)",
                                  "java\tscript:alert(1)", "data:text/html,<script>"])
def test_links_refuse_script_addresses(href, no_files):
    with pytest.raises(ConfigError, match="uses the scheme"):
        display.link_html("x", href)


@dataclass
class _Chart:
    name: str
    title: str
    alt: str
    fig: object
    data: pd.DataFrame


def test_figure_title_and_alt_text_are_escaped(no_files):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar(["a"], [1])
    markup = str(display.figure_html(_Chart("hostile", SCRIPT, ATTRIBUTE, fig,
                                            pd.DataFrame({"a": [1]}))))
    _assert_inert(markup)
    assert 'alt="x&#34; onmouseover=&#34;alert(1)"' in markup
    assert '<span class="chart-title">&lt;script&gt;' in markup


# --- CSV ------------------------------------------------------------------------------------


def _risky(cell: str) -> bool:
    """Whether a spreadsheet would run ``cell`` as a formula (a negative number is a
    number)."""
    if not FORMULA_START.match(cell):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _cells(path: Path) -> list[str]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [*frame.columns, *frame.to_numpy().ravel().tolist()]


def _corpus_folder(root: Path, *names: str) -> Path:
    """A data folder holding the named corpus files and good companions for the rest."""
    replaced = {name.split("__")[0]: name for name in names}
    folder = write_folder(root, {f"{n}.csv": text for n, text in COMPANIONS.items()
                                 if n not in replaced})
    for dataset_name, name in replaced.items():
        shutil.copyfile(BAD_DIR / name, folder / f"{dataset_name}{Path(name).suffix}")
    return folder


def test_report_csv_neutralises_formula_cells(tmp_path):
    frame = pd.DataFrame({"name": [HYPERLINK, "+55 Coletivo", "-Menos", "@grupo", "ok"],
                          "=cmd": ["a", "b", "c", "d", "e"],
                          "contact_email": ["a@example.org"] * 5,
                          "hours": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    assert display.Page("en", tmp_path / "data").write_data(frame, "hostile") == (
        "data/hostile.csv")
    written = pd.read_csv(tmp_path / "data" / "hostile.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == ["name", "'=cmd", "hours"]
    assert written["name"].tolist() == ["'" + HYPERLINK, "'+55 Coletivo", "'-Menos",
                                        "'@grupo", "ok"]
    assert written["hours"].tolist() == ["-1.5", "2.0", "3.0", "4.0", "5.0"]  # numbers


def test_evidence_csv_from_a_hostile_export_is_safe(tmp_path):
    folder = _corpus_folder(tmp_path / "data", "groups__formulas.csv",
                            "projects__formulas.csv")
    data = dataset.read_folder(folder, today=TODAY)
    commitment = read_commitment(find_commitment_files("SAO0005").commitment)
    ev = evidence.assess(data, commitment, "2017-01-01", "2017-12-31")
    paths = evidence.write_evidence_csv(ev, tmp_path / "evidence")
    cells = [cell for path in paths for cell in _cells(path)]
    assert not [c for c in cells if _risky(c)]
    groups = pd.read_csv(tmp_path / "evidence" / "m1-groups_mapped.csv", dtype=str)
    assert set(groups["name"]) >= {"'" + HYPERLINK, "'+55 Coletivo", "'-Coletivo Menos",
                                   "'@grupo"}
    projects = pd.read_csv(tmp_path / "evidence" / "m3-joint_projects.csv", dtype=str)
    assert set(projects["title"]) >= {"'" + HYPERLINK, "'@SUM(A1:A9)"}


@pytest.mark.parametrize("include_contacts", [False, True])
def test_build_quarantine_is_safe_and_reads_back_as_typed(tmp_path, include_contacts):
    folder = _corpus_folder(tmp_path / "data", "groups__formulas.csv",
                            "projects__formulas.csv")
    out = tmp_path / "processed"
    store.build(folder, out, include_contacts=include_contacts)
    quarantine = pd.read_csv(out / "quarantine.csv", dtype=str, keep_default_na=False)
    assert quarantine["value"].tolist() == ["'=1+1", "'-feito"]
    assert not [c for c in _cells(out / "quarantine.csv") if _risky(c)]
    back = dataset.load(out)
    assert back.quarantine["value"].tolist() == ["=1+1", "-feito"]
    # Parquet is no spreadsheet: names are stored exactly as typed.
    assert HYPERLINK in back.groups["name"].tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=8),
                          st.text(alphabet="'=+-@\t\rab", max_size=6)), max_size=8))
def test_neutralising_is_safe_and_reversible(cells):
    frame = pd.DataFrame({"value": pd.Series(cells, dtype="string")})
    safe = publish.spreadsheet_safe(frame)
    assert not safe["value"].dropna().str.match(FORMULA_START).any()
    pd.testing.assert_frame_equal(publish.restore_formulas(safe), frame)


# --- notebook parameters ----------------------------------------------------------------------


def _tiny_notebook(folder: Path) -> Path:
    """A notebook that shows its period and sets its language, as a report does."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('lang = "en"\nperiod_start = "2017-01-01"\n'
                                       "data_dir = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from labmetrics.report import display\n\n"
        "page = display.Page(lang, data_dir)\n"
        "display.paragraph(period_start)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def _hostile(marker: Path) -> str:
    return f'"); import os; os.system("touch {marker}"); ("'


def test_a_hostile_period_reaches_the_notebook_as_a_literal(tmp_path):
    marker = tmp_path / "pwned"
    notebook = _tiny_notebook(tmp_path)
    result = engine.render_notebook(
        notebook, {"period_start": _hostile(marker), "lang": "en"}, tmp_path / "r.html",
        report_name="r", lang="en", title="Tiny")
    assert not marker.exists()
    page = result.html.read_text(encoding="utf-8")
    # Shown as the text it is (quotes need no escaping between tags).
    assert f"<p>{_hostile(marker)}</p>" in page


def test_a_hostile_language_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    notebook = _tiny_notebook(tmp_path)
    with pytest.raises(ConfigError, match="is not available"):
        engine.render_notebook(notebook, {}, tmp_path / "r.html", report_name="r",
                               lang=_hostile(marker), title="Tiny")
    with pytest.raises(ReportError, match="ConfigError: language") as caught:
        engine.render_notebook(notebook, {"lang": _hostile(marker)}, tmp_path / "r.html",
                               report_name="r", lang="en", title="Tiny")
    assert not marker.exists()
    assert caught.value.cell == 2
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("field", ["period", "lang"])
def test_report_jobs_refuse_hostile_periods_and_languages(tmp_path, field):
    hostile = _hostile(tmp_path / "pwned")
    values = {"period": ("2017-01-01", "2017-12-31"), "lang": "en"}
    values[field] = (hostile, "2017-12-31") if field == "period" else hostile
    with pytest.raises(ConfigError):
        jobs.network_job(data_path=tmp_path, out_dir=tmp_path, **values)
    with pytest.raises(ConfigError):
        jobs.progress_job(commitment="SAO0005", data_path=tmp_path, out_dir=tmp_path,
                          **values)


@pytest.fixture
def tiny_processed(tmp_path) -> Path:
    out = tmp_path / "processed"
    store.build(write_folder(tmp_path / "tiny", TINY), out)
    return out


@pytest.mark.parametrize(("period", "message"), [
    ("2017-01-01:x", "period 2017-01-01:x is not two ISO dates."),
    ("2018-01-01:2017-01-01", "period 2018-01-01:2017-01-01 ends before it starts."),
    ('");import os;(":2017-12-31', "is not two ISO dates."),
])
def test_cli_refuses_a_bad_period_with_exit_code_2(tmp_path, tiny_processed, capsys, period,
                                                   message):
    reports = tmp_path / "reports"
    code = main(["report", "network", "--data", str(tiny_processed), "--period", period,
                 "--out", str(reports)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("labmetrics: ") and message in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not reports.exists() or not list(reports.glob("*.html"))


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2017"], "must be START:END"),
    (["--lang", "pt-BR; rm -rf /"], "invalid choice"),
])
def test_cli_refuses_malformed_arguments_before_running(capsys, args, message):
    with pytest.raises(SystemExit) as info:
        main(["report", "network", *args])
    assert info.value.code == 2
    assert message in capsys.readouterr().err
