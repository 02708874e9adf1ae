"""The rendered reports as a reader sees them in Chromium: offline, quiet, prose and charts
without code, in the right language, readable on a 375 px phone, every link resolving.

A test taking ``site_page`` runs on every page (the four reports and the index), one taking
``report_page`` on every report (see tests/browser_support.py); ``tab`` is the open page.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

from labmetrics import config

if TYPE_CHECKING:
    from browser_support import ReportPage, Visits

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_WIDTH = 375
SCREENSHOT_MAX_BYTES = 300_000
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


def test_page_reads_offline(visits: Visits, site_page: ReportPage) -> None:
    visit = visits.get(site_page)
    assert visit.blocked == []
    assert visit.failed == []
    # Only the page itself: figures are embedded, the CSS is inline, there is no font file.
    assert [_file_path(url).name for url in visit.requests] == [site_page.html]
    assert visit.requests[0].startswith("file:")


def test_page_says_nothing_in_the_console(visits: Visits, site_page: ReportPage) -> None:
    visit = visits.get(site_page)
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []
    assert visit.page.locator("script").count() == 0


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


def test_wide_tables_scroll_in_their_own_box(visits: Visits, report_page: ReportPage) -> None:
    moved = visits.get(report_page, "phone").page.evaluate("""() => Array.from(
        document.querySelectorAll('.table-scroll'))
        .filter(box => box.scrollWidth > box.clientWidth)
        .map(box => { box.scrollLeft = 40; const left = box.scrollLeft; box.scrollLeft = 0;
                      return [left, window.scrollX]; })""")
    assert all(left > 0 and window_x == 0 for left, window_x in moved), moved


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
        visits: Visits, report_page: ReportPage, report_pages: tuple[ReportPage, ...],
        index_page: ReportPage) -> None:
    links = _links(visits.get(report_page).page)
    targets = {_file_path(link["url"]).name for link in links
               if link["url"].startswith("file:")}
    others = [p for p in report_pages if p.kind == report_page.kind and p.lang != report_page.lang]
    assert others
    for other in others:
        assert any(link["hreflang"] == other.lang and _file_path(link["url"]).name == other.html
                   for link in links), other.html
    assert index_page.html in targets
    assert "datapackage.json" in targets
    assert any(name.endswith(".csv") for name in targets)


def test_datapackages_list_files_that_exist(reports_dir: Path,
                                           report_pages: tuple[ReportPage, ...]) -> None:
    for report in report_pages:
        data = reports_dir / report.html.replace(".html", ".data")
        package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        paths = [resource["path"] for resource in package["resources"]]
        assert paths
        assert all((data / path).is_file() for path in paths), paths


def test_index_links_every_report_and_its_data(
        visits: Visits, index_page: ReportPage, report_pages: tuple[ReportPage, ...],
        reports_dir: Path) -> None:
    targets = [_file_path(link["url"]) for link in _links(visits.get(index_page).page)
               if link["url"].startswith("file:")]
    assert {r.html for r in report_pages} <= {path.name for path in targets}
    data_dirs = {path.parent.name for path in targets if path.suffix == ".csv"}
    assert data_dirs == {r.html.replace(".html", ".data") for r in report_pages}
    assert sum(path.name == "datapackage.json" for path in targets) == len(report_pages)
    assert all(path.is_file() and path.is_relative_to(reports_dir.resolve())
               for path in targets)


def test_phone_screenshot_of_the_progress_report(
        visits: Visits, report_pages: tuple[ReportPage, ...], screenshot_dir: Path) -> None:
    report = next(p for p in report_pages
                  if p.kind == "progress" and p.lang == config.DEFAULT_LANG)
    tab = visits.get(report, "phone").page
    tab.evaluate("() => window.scrollTo(0, 0)")
    target = screenshot_dir / f"progress-report-{config.DEFAULT_LANG}-phone.png"
    png = tab.screenshot(path=str(target), full_page=False)
    assert 0 < len(png) < SCREENSHOT_MAX_BYTES
    # PNG header: width and height, big-endian, at bytes 16-24.
    assert (int.from_bytes(png[16:20]), int.from_bytes(png[20:24])) == (PHONE_WIDTH, 812)
