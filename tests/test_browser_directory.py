"""The partner directory in Chromium: the whole list with scripts off, the filters with them
on (a part of a name typed without accents finds the group, the number shown is announced,
the keyboard works), at desktop and phone width, and nothing but the partners of the day who
did not opt out, without a contact, in the page or its open data.

axe-core and the checks every page passes (offline, console, links, phone width) run on the
directory through tests/test_accessibility.py and tests/test_browser.py; here axe also
checks the page with the filters in use.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from labmetrics import config, schema
from labmetrics.dataset import read_folder
from labmetrics.network.periods import span

if TYPE_CHECKING:
    from browser_support import ReportPage, Site, Visit

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VISIBLE_NAMES = """() => Array.from(document.querySelectorAll('li.partner'))
    .filter(li => li.offsetParent !== null)
    .map(li => li.querySelector('.partner-name').innerText)"""


def _pages(site: Site) -> dict[str, ReportPage]:
    from browser_support import REPORT_PAGES

    return {p.lang: p for p in REPORT_PAGES if p.kind == "directory" and p.key in site.sidecars}


@pytest.fixture(scope="module")
def directory_pages(site: Site) -> dict[str, ReportPage]:
    pages = _pages(site)
    assert set(pages) == set(config.LANGUAGES)
    return pages


def _csv_names(site: Site, page: ReportPage) -> list[str]:
    with (site.data_dir(page) / "partners.csv").open(encoding="utf-8", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def sample_groups() -> pd.DataFrame:
    """The bundled sample's groups as validated, with the day of the directory."""
    data = read_folder(config.SAMPLE_DIR)
    groups = data.groups.copy()
    groups.attrs["as_of"] = span(data)[1]
    return groups


def test_listed_partners_are_those_joined_by_the_day_and_not_opted_out(
        site: Site, directory_pages: dict[str, ReportPage], sample_groups: pd.DataFrame,
        open_page: Callable[..., Visit]) -> None:
    g = sample_groups
    day = g.attrs["as_of"]
    joined = g["network_joined_on"] <= day
    still = g["network_left_on"].isna() | (g["network_left_on"] > day)
    hidden = g["listing_opt_out"].fillna(False).astype(bool)
    expected = set(g.loc[joined & still & ~hidden, "name"])
    opted_out = set(g.loc[joined & still & hidden, "name"])
    assert expected and opted_out  # the sample has both
    for page in directory_pages.values():
        tab = open_page(site.path(page), javascript=False).page
        shown = tab.locator(".partner-name").all_inner_texts()
        assert len(shown) == len(expected) and set(shown) == expected
        assert set(_csv_names(site, page)) == expected
        text = tab.inner_text("body")
        assert not any(name in text for name in opted_out)


def test_no_contact_reaches_the_page_or_its_open_data(
        site: Site, directory_pages: dict[str, ReportPage]) -> None:
    personal = schema.DATASETS["groups"].personal
    raw = pd.read_csv(config.SAMPLE_DIR / "groups.csv", sep=";", encoding="utf-8-sig",
                      dtype=str)
    values = {v for col in ("contact_email", "contact_phone") for v in raw[col].dropna()}
    assert len(values) > 100
    for page in directory_pages.values():
        files = [site.path(page), *site.data_dir(page).iterdir()]
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert not any(v in text for v in values), path.name
            assert not any(column in text for column in personal), path.name


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_without_scripts_the_whole_list_reads_by_region_and_district(
        site: Site, directory_pages: dict[str, ReportPage],
        open_page: Callable[..., Visit], viewport: str) -> None:
    page = directory_pages[config.DEFAULT_LANG]
    visit = open_page(site.path(page), viewport, javascript=False)
    tab = visit.page
    assert tab.locator("#directory-filter").is_hidden()
    names = _csv_names(site, page)
    assert tab.evaluate(VISIBLE_NAMES) == names
    # The table of contents reaches every region and district heading of the list.
    targets = tab.evaluate("""() => Array.from(
        document.querySelectorAll('.directory-contents a'), a => a.getAttribute('href'))""")
    headings = tab.evaluate("""() => Array.from(document.querySelectorAll(
        '.directory-region > h3, .directory-district > h4'), h => '#' + h.id)""")
    assert targets == headings and len(targets) > 5
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    assert width <= tab.viewport_size["width"]
    assert visit.blocked == [] and visit.page_errors == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_filter_finds_a_group_by_part_of_its_name_typed_without_accents(
        site: Site, directory_pages: dict[str, ReportPage],
        open_page: Callable[..., Visit], viewport: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = directory_pages["en"]
    names = _csv_names(site, page)
    # A listed name with an accented word: type that word's middle without its accents.
    name, word = next((n, w) for n in names for w in n.split()
                      if _fold(w) != w.lower() and len(w) >= 5)
    typed = _fold(word)[1:-1]
    assert typed not in name.lower()
    expected = [n for n in names if typed in _fold(n)]
    visit = open_page(site.path(page), viewport)
    tab = visit.page
    assert tab.locator("#directory-filter").is_visible()
    status = tab.locator("#directory-count")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"{len(names)} partners shown of {len(names)}"
    tab.locator("#directory-name").click()
    tab.keyboard.type(typed.upper())
    assert name in tab.evaluate(VISIBLE_NAMES)
    assert tab.evaluate(VISIBLE_NAMES) == expected
    shown = ("1 partner shown of" if len(expected) == 1
             else f"{len(expected)} partners shown of")
    assert status.inner_text() == f"{shown} {len(names)}"
    # axe finds nothing in the filtered page either.
    violations = Axe().run(tab).response["violations"]
    assert [v["id"] for v in violations] == []
    # Keyboard: Tab goes on to the next filter; the reset button clears every filter.
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.id") == "directory-kind"
    tab.locator("#directory-filter button[type=reset]").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("n => document.querySelectorAll("
                          "'li.partner:not([hidden])').length === n", arg=len(names))
    assert tab.locator("#directory-name").input_value() == ""
    assert visit.blocked == [] and visit.page_errors == [] and visit.console_errors == []


def test_filters_by_kind_technology_region_and_space(
        site: Site, directory_pages: dict[str, ReportPage],
        open_page: Callable[..., Visit]) -> None:
    page = directory_pages[config.DEFAULT_LANG]
    with (site.data_dir(page) / "partners.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    tab = open_page(site.path(page), "phone").page
    region = rows[-1]["region"]
    tab.select_option("#directory-region", region)
    assert tab.evaluate(VISIBLE_NAMES) == [r["name"] for r in rows if r["region"] == region]
    # Regions left with no partner hide their heading too.
    assert tab.locator(".directory-region:not([hidden])").count() == 1
    kind = rows[-1]["kind"]
    tab.select_option("#directory-kind", kind)
    tech = rows[-1]["open_tech"].split("; ")[0]
    tab.select_option("#directory-tech", tech)
    expected = [r["name"] for r in rows if r["region"] == region and r["kind"] == kind
                and tech in r["open_tech"].split("; ")]
    assert rows[-1]["name"] in expected
    assert tab.evaluate(VISIBLE_NAMES) == expected
    tab.select_option("#directory-region", "")
    tab.select_option("#directory-kind", "")
    tab.select_option("#directory-tech", "")
    options = tab.evaluate("""() => Array.from(document.querySelectorAll(
        '#directory-spaces option'), o => [o.value, o.textContent]).filter(o => o[0])""")
    space_id, space_name = options[0]
    tab.select_option("#directory-spaces", space_id)
    assert tab.evaluate(VISIBLE_NAMES) == [r["name"] for r in rows
                                           if space_name in r["spaces"].split("; ")]


def test_index_and_progress_report_link_the_directory(
        site: Site, directory_pages: dict[str, ReportPage],
        open_page: Callable[..., Visit]) -> None:
    from browser_support import INDEX_PAGE, REPORT_PAGES

    index = site.path(INDEX_PAGE).read_text(encoding="utf-8")
    for page in directory_pages.values():
        assert f'href="{site.name(page)}"' in index
        progress = next(p for p in REPORT_PAGES if p.kind == "progress" and p.lang == page.lang)
        tab = open_page(site.path(progress), javascript=False).page
        link = tab.locator(f"a[href='{site.name(page)}']")
        assert link.count() == 1
    sidecar = json.loads(site.path(page).with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["kind"] == "directory"
    assert (site.data_dir(page) / "partners.geojson").is_file()


def test_map_in_the_network_report_style(site: Site,
                                         directory_pages: dict[str, ReportPage]) -> None:
    for page in directory_pages.values():
        html = Path(site.path(page)).read_text(encoding="utf-8")
        assert 'id="chart-map-partners"' in html
