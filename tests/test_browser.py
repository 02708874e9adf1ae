"""The rendered reports as a reader sees them in Chromium: offline, quiet, prose and charts
without code, in the right language, readable on a 375 px phone, every link resolving.

A test taking ``site_page`` runs on every page (the six reports and the index), one taking
``report_page`` on every report (see tests/browser_support.py); ``tab`` is the open page.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

from labmetrics import config, schema
from labmetrics.report.index import read_sidecars

if TYPE_CHECKING:
    from browser_support import ReportPage, Site, Visit, Visits

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_WIDTH, PHONE_HEIGHT = 375, 812
SCREENSHOT_MAX_BYTES = 300_000
# Twice the CSS pixels, as a phone's screen shows them: sharp in the README.
SCREENSHOT_SCALE = 2
MAP_FIGURE = "figure[id^='chart-map']"
# Two groups that bridge spaces in the sample's network report (the two that bridged in the
# most quarters, so named on its page whatever they are called) and two spaces they link
# (not the commitment's own labs), renamed with markup; the '">' tries to close the alt
# attribute of the charts the space names end up in.
HOSTILE_GROUPS = {"G0026": "<script>alert(1)</script>",
                  "G0203": "<img src=x onerror=alert(1)>"}
HOSTILE_SPACES = {"teia-mooca": "<script>alert(2)</script>",
                  "fablab-campo-limpo": '"><img src=x onerror=alert(2)>'}
BRIDGES_CSV = "groups-bridging-spaces.csv"
# What would betray a notebook under the page: code cells, prompts, papermill's marks.
CODE_SELECTORS = (".jp-InputArea", ".jp-InputPrompt", ".jp-OutputPrompt", ".input_area",
                  ".prompt", ".input", ".jp-CodeCell", "div.highlight", ".cm-editor")
NOTEBOOK_MARKS = ("papermill", "injected-parameters", "In [", "Out[", "In\u00a0[")
PYTHON_LINE = re.compile(r"^\s*(import |from \S+ import |def |class |display\.|print\()",
                         re.MULTILINE)


def _file_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def _links(tab: Any) -> list[dict[str, str]]:
    return tab.evaluate("""() => Array.from(document.querySelectorAll('a[href]'), a => ({
        raw: a.getAttribute('href'), url: a.href, hreflang: a.hreflang}))""")


def test_page_reads_offline(visits: Visits, site: Site, site_page: ReportPage) -> None:
    visit = visits.get(site_page)
    assert visit.blocked == []
    assert visit.failed == []
    # Only the page itself: figures are embedded, the CSS is inline, there is no font file.
    assert [_file_path(url).name for url in visit.requests] == [site.name(site_page)]
    assert visit.requests[0].startswith("file:")


def test_page_says_nothing_in_the_console(visits: Visits, site_page: ReportPage) -> None:
    visit = visits.get(site_page)
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []
    scripts = visit.page.locator("script")
    if site_page.kind == "directory":
        # The directory's filters: one inline script, the package's own, loading nothing.
        assert scripts.count() == 1 and scripts.first.get_attribute("src") is None
    else:
        assert scripts.count() == 0


def test_page_shows_no_code(visits: Visits, site_page: ReportPage) -> None:
    tab = visits.get(site_page).page
    for selector in CODE_SELECTORS:
        assert tab.locator(selector).count() == 0, selector
    html, text = tab.content(), tab.inner_text("body")
    for mark in NOTEBOOK_MARKS:
        assert mark not in html and mark not in text, mark
    for block in tab.locator("pre").all_inner_texts():
        assert not PYTHON_LINE.search(block), block


def test_images_load_and_have_alt_text(visits: Visits, site_page: ReportPage) -> None:
    images = visits.get(site_page).page.evaluate("""() => Array.from(document.images, img => ({
        src: img.currentSrc.slice(0, 40), complete: img.complete,
        width: img.naturalWidth, alt: img.getAttribute('alt')}))""")
    for image in images:
        assert image["complete"] and image["width"] > 0, image
        assert image["alt"] is not None and image["alt"].strip(), image
    if site_page.kind != "index":
        assert images, "a report without a single chart"


def test_page_language(visits: Visits, site_page: ReportPage) -> None:
    assert visits.get(site_page).page.get_attribute("html", "lang") == site_page.lang


def test_headings_go_down_one_level_at_a_time(visits: Visits, site_page: ReportPage) -> None:
    levels = visits.get(site_page).page.evaluate(
        "() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'),"
        " h => Number(h.tagName[1]))")
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1] == []


def test_tables_have_headers_and_names(visits: Visits, site_page: ReportPage) -> None:
    tables = visits.get(site_page).page.evaluate("""() => Array.from(
        document.querySelectorAll('table'), t => ({
            inMain: !!t.closest('main'),
            columnHeaders: t.querySelectorAll('thead th').length,
            caption: t.caption ? t.caption.innerText.trim() : '',
            region: (() => {
                const box = t.closest('[role=region]');
                if (!box) return '';
                const by = box.getAttribute('aria-labelledby');
                return (box.getAttribute('aria-label')
                        || (by && document.getElementById(by)?.innerText) || '').trim();
            })(),
        }))""")
    for table in tables:
        assert table["columnHeaders"] > 0, table
        # Report tables carry a caption; the footer's tables are named by their heading.
        assert table["caption"] if table["inMain"] else table["region"], table
    if site_page.kind != "index":
        assert any(t["inMain"] for t in tables), "a report without a single table"


def test_phone_page_does_not_scroll_sideways(visits: Visits, site_page: ReportPage) -> None:
    tab = visits.get(site_page, "phone").page
    width, client = tab.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client == PHONE_WIDTH
    assert width <= client
    boxes = tab.evaluate("""() => Array.from(document.querySelectorAll('table'), t => {
        const box = t.closest('.table-scroll');
        return box && {wide: box.scrollWidth > box.clientWidth,
                       overflow: getComputedStyle(box).overflowX,
                       right: box.getBoundingClientRect().right};
    })""")
    assert None not in boxes, "a table outside a scroll box"
    for box in boxes:
        assert box["right"] <= PHONE_WIDTH
        if box["wide"]:
            assert box["overflow"] in ("auto", "scroll"), box


def test_wide_tables_scroll_in_their_own_box(open_page: Callable[..., Visit], site: Site,
                                             report_page: ReportPage) -> None:
    # The sample's tables happen to fit a phone; a reader's data may have more columns.
    # Widen every table past the screen and check that each box, not the page, scrolls.
    tab = open_page(site.path(report_page), "phone").page
    boxes = tab.evaluate("""() => {
        const boxes = Array.from(document.querySelectorAll('.table-scroll'));
        boxes.forEach(box => { box.querySelector('table').style.minWidth = '900px'; });
        return boxes.map(box => {
            box.scrollLeft = 40;
            return {scrolled: box.scrollLeft, wide: box.scrollWidth > box.clientWidth,
                    right: box.getBoundingClientRect().right};
        });
    }""")
    page_width, window_x = tab.evaluate(
        "() => [document.documentElement.scrollWidth, window.scrollX]")
    assert boxes
    assert page_width == PHONE_WIDTH and window_x == 0
    for box in boxes:
        assert box == {"scrolled": 40, "wide": True, "right": box["right"]}
        assert box["right"] <= PHONE_WIDTH


def test_links_resolve(visits: Visits, site_page: ReportPage) -> None:
    tab = visits.get(site_page).page
    for link in _links(tab):
        if link["raw"].startswith("#"):
            assert tab.locator(f"[id='{link['raw'][1:]}']").count() == 1, link
        elif link["url"].startswith("file:"):
            assert _file_path(link["url"]).is_file(), link
        else:
            assert urlsplit(link["url"]).scheme in ("http", "https", "mailto"), link


def test_report_links_its_other_language_and_its_data(
        visits: Visits, site: Site, report_page: ReportPage,
        report_pages: tuple[ReportPage, ...], index_page: ReportPage) -> None:
    links = _links(visits.get(report_page).page)
    targets = {_file_path(link["url"]).name for link in links
               if link["url"].startswith("file:")}
    others = [p for p in report_pages
              if p.kind == report_page.kind and p.lang != report_page.lang]
    assert others
    for other in others:
        assert any(link["hreflang"] == other.lang
                   and _file_path(link["url"]).name == site.name(other)
                   for link in links), site.name(other)
    assert site.name(index_page) in targets
    assert "datapackage.json" in targets
    assert any(name.endswith(".csv") for name in targets)


def test_datapackages_list_files_that_exist(site: Site,
                                           report_pages: tuple[ReportPage, ...]) -> None:
    for report in report_pages:
        data = site.data_dir(report)
        package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        paths = [resource["path"] for resource in package["resources"]]
        assert paths
        assert all((data / path).is_file() for path in paths), paths


def test_index_links_every_report_and_its_data(
        visits: Visits, site: Site, index_page: ReportPage,
        report_pages: tuple[ReportPage, ...]) -> None:
    targets = [_file_path(link["url"]) for link in _links(visits.get(index_page).page)
               if link["url"].startswith("file:")]
    assert {site.name(r) for r in report_pages} <= {path.name for path in targets}
    data_dirs = {path.parent.name for path in targets if path.suffix == ".csv"}
    assert data_dirs == {site.data_dir(r).name for r in report_pages}
    assert sum(path.name == "datapackage.json" for path in targets) == len(report_pages)
    assert all(path.is_file() and path.is_relative_to(site.folder.resolve())
               for path in targets)


def _report(pages: tuple[ReportPage, ...], kind: str) -> ReportPage:
    return next(p for p in pages if p.kind == kind and p.lang == config.DEFAULT_LANG)


def _png_size(png: bytes) -> tuple[int, int]:
    # PNG header: width and height, big-endian, at bytes 16-24.
    return int.from_bytes(png[16:20]), int.from_bytes(png[20:24])


def test_phone_screenshot_of_the_progress_report_top(
        open_page: Callable[..., Visit], site: Site,
        report_pages: tuple[ReportPage, ...], screenshot_dir: Path) -> None:
    report = _report(report_pages, "progress")
    tab = open_page(site.path(report), "phone", SCREENSHOT_SCALE).page
    target = screenshot_dir / f"progress-report-{report.lang}-phone.png"
    png = tab.screenshot(path=str(target), full_page=False)
    assert 0 < len(png) < SCREENSHOT_MAX_BYTES
    assert _png_size(png) == (PHONE_WIDTH * SCREENSHOT_SCALE, PHONE_HEIGHT * SCREENSHOT_SCALE)


def test_phone_screenshot_of_the_network_map(
        open_page: Callable[..., Visit], site: Site,
        report_pages: tuple[ReportPage, ...], screenshot_dir: Path) -> None:
    report = _report(report_pages, "network")
    tab = open_page(site.path(report), "phone", SCREENSHOT_SCALE).page
    maps = tab.locator(MAP_FIGURE)
    assert maps.count() == 1
    maps.evaluate("figure => figure.scrollIntoView({block: 'start'})")
    assert tab.evaluate("() => window.scrollY") > 0
    target = screenshot_dir / f"network-report-map-{report.lang}-phone.png"
    png = tab.screenshot(path=str(target), full_page=False)
    assert 0 < len(png) < SCREENSHOT_MAX_BYTES
    assert _png_size(png) == (PHONE_WIDTH * SCREENSHOT_SCALE, PHONE_HEIGHT * SCREENSHOT_SCALE)


# ---------------------------------------------------------------------------- hostile names

def _header_index(header: list[str], dataset: str, column: str) -> int:
    """Position in ``header`` of ``column`` of ``dataset``, under its name or an alias."""
    spelled = {schema.fold(h): i for i, h in enumerate(header)}
    col = schema.DATASETS[dataset].column(column)
    return next(spelled[schema.fold(a)] for a in (col.name, *col.aliases)
                if schema.fold(a) in spelled)


def _rename(path: Path, dataset: str, names: dict[str, str]) -> None:
    """Rewrite ``path`` (a sample CSV, in its own encoding and separator) with the rows
    whose id is a key of ``names`` renamed."""
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
    text = raw.decode(encoding)
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    key = _header_index(rows[0], dataset, str(schema.DATASETS[dataset].id_column))
    name = _header_index(rows[0], dataset, "name")
    targets = [row for row in rows[1:] if row and row[key] in names]
    assert len(targets) == len(names), f"{dataset}: not every id of {sorted(names)} found"
    for row in targets:
        row[name] = names[row[key]]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pt-BR network report of a copy of the sample where two bridging groups and two
    spaces are named with markup, rendered by the command a user runs."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(config.SAMPLE_DIR, data)
    _rename(data / "spaces.csv", "spaces", HOSTILE_SPACES)
    _rename(data / "groups.csv", "groups", HOSTILE_GROUPS)
    out = data.parent / "reports"
    # A separate process, as from a terminal: the kernel's asyncio loop stays away from
    # Playwright's in this one.
    done = subprocess.run(
        [sys.executable, "-m", "labmetrics.cli", "report", "network", "--data", str(data),
         "--out", str(out), "--lang", "pt-BR"], capture_output=True, text=True,
        timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    records = read_sidecars(out)
    assert [r["kind"] for r in records] == ["network"], done.stdout
    return out / records[0]["html"]


def test_hostile_names_show_as_text(open_page: Callable[..., Visit],
                                    hostile_report: Path) -> None:
    visit = open_page(hostile_report)
    tab = visit.page
    assert visit.dialogs == []
    assert visit.page_errors == [] and visit.console_errors == []
    assert visit.failed == [] and visit.blocked == []
    assert [_file_path(url).name for url in visit.requests] == [hostile_report.name]
    assert tab.locator("script").count() == 0
    assert tab.locator("img[src='x'], img[onerror]").count() == 0
    # The list of who bridges the network shows the group names, and the spaces they
    # link, as text exactly as written.
    text = tab.inner_text("body")
    for name in (*HOSTILE_GROUPS.values(), *HOSTILE_SPACES.values()):
        assert name in text
    # Space names also reach the reader in the charts' alternative text.
    alts = "\n".join(tab.evaluate("() => Array.from(document.images, img => img.alt)"))
    for name in HOSTILE_SPACES.values():
        assert name in alts
    # The open data linked from the page keeps them as written, the groups among those
    # bridging spaces.
    sidecar = json.loads(hostile_report.with_suffix(".json").read_text(encoding="utf-8"))
    data = hostile_report.parent / sidecar["data"]
    with (data / BRIDGES_CSV).open(encoding="utf-8", newline="") as fh:
        bridges = {row["group_id"]: row for row in csv.DictReader(fh)}
    assert {g: bridges[g]["name"] for g in HOSTILE_GROUPS} == HOSTILE_GROUPS
    linked = "; ".join(bridges[g]["spaces"] for g in bridges)
    for name in HOSTILE_SPACES.values():
        assert name in linked
