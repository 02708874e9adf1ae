"""The report engine on tiny notebooks: a clean page, its provenance, atomic failures."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import previous_report

from labmetrics import __version__
from labmetrics.errors import ConfigError, ReportError
from labmetrics.report import engine

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
HOSTILE = "<script>alert(1)</script>"
INPUT_BYTES = b"space_id,name\nLAB,LabProdam\n"
REPORT = "display-report.pt-BR"

pytestmark = pytest.mark.xdist_group("report-engine")


@dataclass
class Rendered:
    result: engine.RenderResult
    html: str
    out: Path
    stale_failed: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The display notebook rendered once, with a hostile parameter and one input file."""
    out = tmp_path_factory.mktemp("reports")
    source = tmp_path_factory.mktemp("inputs") / "spaces.csv"
    source.write_bytes(INPUT_BYTES)
    stale = out / "_failed" / f"{REPORT}.ipynb"
    stale.parent.mkdir()
    stale.write_text("{}", encoding="utf-8")
    result = engine.render_notebook(
        NOTEBOOKS / "display_report.ipynb", {"hostile": HOSTILE, "lang": "pt-BR"},
        out / f"{REPORT}.html", report_name=REPORT, lang="pt-BR", title="Relatório de teste",
        inputs=[source], alternates={"en": "display-report.en.html"}, home="index.html",
        meta={"kind": "progress", "commitment": "SAO0005"})
    return Rendered(result, result.html.read_text(encoding="utf-8"), out, stale)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str, name: str) -> list[dict[str, str | None]]:
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def test_page_shows_outputs_only(rendered: Rendered) -> None:
    html = rendered.html
    for code in ("display.Page", "import ", "time.sleep", "def "):
        assert code not in html
    for banner in ("papermill", "injected-parameters", "In&nbsp;[", "In [", "Out["):
        assert banner not in html
    for stream in ("stdout text", "stderr text", "warnings are not part", "UserWarning"):
        assert stream not in html
    assert ">42<" not in html  # a plain-text result is not shown
    assert "<em>markdown</em>" in html  # markdown cells are
    assert html.count('class="output"') == 6


def test_page_is_self_contained(rendered: Rendered) -> None:
    html = rendered.html
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert len(_tags(html, "style")) == 1 and _tags(html, "link") == [
        {"rel": "alternate", "hreflang": "en", "href": "display-report.en.html"}]
    images = _tags(html, "img")
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/")
    assert all((img.get("alt") or "").strip() for img in images)


def test_page_structure_is_accessible(rendered: Rendered) -> None:
    html = rendered.html
    assert re.search(r'<html lang="pt-BR">', html)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in _tags(
        html, "meta")
    assert {"class": "skip-link", "href": "#content"} in _tags(html, "a")
    assert ">Pular para o conteúdo</a>" in html
    assert len(_tags(html, "main")) == 1 and _tags(html, "main")[0]["id"] == "content"
    assert _tags(html, "h1") and "Relatório de teste</h1>" in html
    boxes = [d for d in _tags(html, "div") if d.get("class") == "table-scroll"]
    assert len(boxes) == 3  # the groups table, and the footer's parameters and inputs
    assert all(b["tabindex"] == "0" and b["role"] == "region" for b in boxes)
    assert all(b.get("aria-label") or b.get("aria-labelledby") for b in boxes)
    assert {"href": "display-report.en.html", "hreflang": "en", "lang": "en"} in _tags(html, "a")
    assert ">Read in English</a>" in html


def test_hostile_parameter_is_escaped(rendered: Rendered) -> None:
    assert HOSTILE not in rendered.html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f">{escaped}</h2>" in rendered.html
    assert f"<code>{escaped}</code>" in rendered.html  # in the footer's parameter table


def test_footer_carries_provenance(rendered: Rendered) -> None:
    footer = rendered.html[rendered.html.index('<footer class="site-footer">'):]
    assert f"Gerado por labmetrics {__version__}" in footer
    assert hashlib.sha256(INPUT_BYTES).hexdigest() in footer
    assert "<code>spaces.csv</code>" in footer  # outside the project: its name only
    assert '<td class="num">28</td>' in footer  # len(INPUT_BYTES)
    assert "<code>lang</code></th><td><code>pt-BR</code>" in footer
    assert f"<code>data_dir</code></th><td><code>{REPORT}.data</code>" in footer
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00">', footer)
    assert f'href="{REPORT}.data/datapackage.json"' in footer
    assert "CC-BY-4.0" in footer


def test_data_folder_is_public_and_described(rendered: Rendered) -> None:
    data = rendered.out / f"{REPORT}.data"
    assert rendered.result.data_dir == data
    assert sorted(p.name for p in data.iterdir()) == [
        "datapackage.json", "groups.csv", "usage-hours.csv"]
    assert (data / "groups.csv").read_text(encoding="utf-8") == (
        "group,members\nColetivo A,1234\n'=HYPERLINK(1),7\n")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["groups.csv", "usage-hours.csv"]
    assert f'href="{REPORT}.data/usage-hours.csv"' in rendered.html


def test_sidecar_describes_the_report(rendered: Rendered) -> None:
    record = json.loads((rendered.out / f"{REPORT}.json").read_text(encoding="utf-8"))
    assert record["html"] == f"{REPORT}.html"
    assert record["lang"] == "pt-BR" and record["title"] == "Relatório de teste"
    assert record["data"] == f"{REPORT}.data"
    assert record["csv"] == ["groups.csv", "usage-hours.csv"]
    assert record["kind"] == "progress" and record["commitment"] == "SAO0005"
    assert record["parameters"]["hostile"] == HOSTILE  # JSON, not HTML: kept as given


def test_success_leaves_no_temporary_files(rendered: Rendered) -> None:
    assert not rendered.stale_failed.exists()  # the older failure no longer applies
    assert sorted(p.name for p in rendered.out.iterdir()) == [
        "_failed", f"{REPORT}.data", f"{REPORT}.html", f"{REPORT}.json"]


def test_failure_names_the_cell_and_keeps_theprevious_report(tmp_path: Path) -> None:
    previous = previous_report(tmp_path, "failing")
    with pytest.raises(ReportError) as caught:
        engine.render_notebook(NOTEBOOKS / "failing_report.ipynb", {}, tmp_path / "failing.html",
                               report_name="failing", lang="en", title="Failing")
    error = caught.value
    assert error.report == "failing" and error.cell == 3
    assert error.message.startswith("ValueError: indicator needs the groups table")
    assert "Traceback" not in error.describe()
    kept = tmp_path / "_failed" / "failing.ipynb"
    assert error.file == str(kept) and kept.is_file()
    assert all(path.read_bytes() == content for path, content in previous.items())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "_failed", "failing.data", "failing.html", "failing.json"]


def test_timeout_is_a_report_error_naming_the_cell(tmp_path: Path) -> None:
    previous = previous_report(tmp_path, "slow")
    with pytest.raises(ReportError, match="longer than the limit of 1 s") as caught:
        engine.render_notebook(NOTEBOOKS / "slow_report.ipynb", {"seconds": 30},
                               tmp_path / "slow.html", report_name="slow", lang="en",
                               title="Slow", timeout=1)
    assert caught.value.cell == 3
    assert (tmp_path / "_failed" / "slow.ipynb").is_file()
    assert all(path.read_bytes() == content for path, content in previous.items())


@pytest.mark.parametrize("value", [Path("x"), date(2017, 1, 1), {1, 2}, math.nan,
                                   object(), {"a": [Path("x")]}, {1: "a"}])
def test_parameters_must_be_plain_json_values(value: object) -> None:
    with pytest.raises(ConfigError, match="parameter 'p"):
        engine.check_parameters({"p": value})


def test_plain_parameters_pass() -> None:
    params = {"a": "x", "b": 1, "c": 1.5, "d": True, "e": None, "f": ["x", 2, {"g": [None]}]}
    assert engine.check_parameters(params) == params


def test_bad_parameters_are_refused_before_running(tmp_path: Path) -> None:
    notebook = NOTEBOOKS / "display_report.ipynb"
    with pytest.raises(ConfigError, match="hostile"):
        engine.render_notebook(notebook, {"hostile": Path("x")}, tmp_path / "r.html",
                               report_name="r", lang="en", title="R")
    with pytest.raises(ConfigError, match="declares no parameter colour"):
        engine.render_notebook(notebook, {"colour": "red"}, tmp_path / "r.html",
                               report_name="r", lang="en", title="R")
    with pytest.raises(ConfigError, match="does not exist"):
        engine.render_notebook(tmp_path / "none.ipynb", {}, tmp_path / "r.html",
                               report_name="r", lang="en", title="R")
    assert list(tmp_path.iterdir()) == []


def test_report_without_tables_drops_its_old_data_folder(tmp_path: Path) -> None:
    previous = previous_report(tmp_path, "quiet")
    result = engine.render_notebook(NOTEBOOKS / "slow_report.ipynb", {"seconds": 0},
                                    tmp_path / "quiet.html", report_name="quiet", lang="en",
                                    title="Quiet")
    assert result.data_dir is None and result.datapackage is None
    assert not (tmp_path / "quiet.data").exists()
    assert (tmp_path / "quiet.html").read_bytes() != previous[tmp_path / "quiet.html"]
    record = json.loads((tmp_path / "quiet.json").read_text(encoding="utf-8"))
    assert record["data"] is None and record["csv"] == []
    assert record["parameters"] == {"seconds": "0"}


_EXPORT_SCRIPT = """
import sys
from datetime import datetime, timezone
import nbformat
from labmetrics.report import engine
if sys.argv[1] == "warm":
    engine.warm_up()
    engine._first_export().join()
output = nbformat.v4.new_output("display_data", data={"text/html":
    '<h2 id="a">R&amp;D &lt;labs&gt;</h2><figure><img src="data:image/png;base64,AA==" '
    'alt="Gr&aacute;fico"></figure><table><tr><td>1&nbsp;000</td></tr></table>'})
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[output])])
page = engine._page(lang="pt-BR", title="T", subtitle=None, alternates={}, home=None,
                    moment=datetime(2017, 12, 31, tzinfo=timezone.utc), shown=[],
                    input_files=(), data_name="d", csv_names=[])
sys.stdout.write(engine.export_html(nb, page))
"""


def test_warm_up_changes_no_page(tmp_path: Path) -> None:
    """The page exported first, on a thread, to build nbconvert's tables while the kernel
    runs, is thrown away: a page exported after it is the page a fresh process exports, and
    it writes no file."""
    import subprocess
    import sys

    pages = {when: subprocess.run([sys.executable, "-c", _EXPORT_SCRIPT, when], cwd=tmp_path,
                                  capture_output=True, text=True, check=True).stdout
             for when in ("cold", "warm")}
    assert pages["cold"] == pages["warm"]
    assert "R&amp;D &lt;labs&gt;" in pages["warm"] and 'alt="Gráfico"' in pages["warm"]
    assert list(tmp_path.iterdir()) == []
