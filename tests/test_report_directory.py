"""The sections of the partner directory, on the mapping worked out by hand in
tests/directory_city.py: who is named, who is only counted, what the open data holds."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from directory_city import AS_OF, CONTACTS, HIDDEN, NAMED, make_frames

from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.report import directory, display
from labmetrics.report.blocks import Html, KeyFigures, data_files, render, section_text
from labmetrics.report.opendata import build_descriptor
from labmetrics.schema import DATASETS

PARTNER_NAME = re.compile(r'<p class="partner-name">([^<]*)</p>')


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(**make_frames())


@pytest.fixture(scope="module")
def report(data: LabData) -> directory.DirectoryReport:
    return directory.prepare(data=data, as_of=AS_OF)


@pytest.fixture
def page(report, tmp_path: Path) -> tuple[str, Path]:
    """The whole page's HTML in pt-BR, and its data folder."""
    folder = tmp_path / "directory.data"
    page = display.Page("pt-BR", folder)
    html = "\n".join(str(h) for s in directory.sections(report, "pt-BR") for h in render(s, page))
    return html, folder


def _unescape(html: str) -> str:
    return html.replace("&#39;", "'").replace("&amp;", "&")


def test_the_list_names_exactly_the_partners_of_the_day_who_did_not_opt_out(page) -> None:
    html, _ = page
    assert [_unescape(n) for n in PARTNER_NAME.findall(html)] == list(NAMED)


def test_opted_out_groups_are_counted_never_named(page, report) -> None:
    html, folder = page
    for name in HIDDEN:
        assert name not in _unescape(html)
        for path in folder.iterdir():
            assert name not in path.read_text(encoding="utf-8"), path.name
    cards = {k.label: k.value for b in directory.build_summary(report, "pt-BR")
             if isinstance(b, KeyFigures) for k in b.items}
    assert cards == {"Parceiros da rede": "3", "Listados nesta página": "2",
                     "Pediram para não ser listados": "1"}
    text = section_text(directory.build_changes(report, "pt-BR"))
    assert "1 dos que entraram pediram para não ser listados" in text
    assert "1 dos que saíram pediram para não ser listados" in text


def test_no_contact_field_in_the_page_or_its_open_data(page) -> None:
    html, folder = page
    personal = DATASETS["groups"].personal
    files = sorted(folder.iterdir())
    assert {p.name for p in files} >= {"partners.csv", "partners.geojson"}
    for text in [html, *(p.read_text(encoding="utf-8") for p in files)]:
        for value in CONTACTS:
            assert value not in text
        for column in personal:
            assert column not in text


def test_open_data_holds_what_the_page_shows(page) -> None:
    html, folder = page
    with (folder / "partners.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == list(NAMED)
    assert [_unescape(n) for n in PARTNER_NAME.findall(html)] == [r["name"] for r in rows]
    # The page's columns, codes named beside them as on the page.
    assert [c for c in rows[0] if not c.endswith("_label")] == list(directory.PUBLIC_COLUMNS)
    assert (rows[0]["kind_label"], rows[0]["open_tech_label"]) == ("Coletivo",
                                                                    "Dados abertos; Software livre")
    assert rows[0]["spaces"] == "LabProdam"
    assert rows[0]["projects"] == "Mapa Colaborativo"
    geo = json.loads((folder / "partners.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["name"] for f in geo["features"]] == list(NAMED)
    # Sé's point for the first; the second has no district, so no point.
    assert geo["features"][0]["geometry"]["type"] == "Point"
    assert geo["features"][1]["geometry"] is None
    with (folder / "partners-joined.csv").open(encoding="utf-8") as fh:
        assert [r["name"] for r in csv.DictReader(fh)] == ["Laboratório Ótimo"]
    with (folder / "partners-left.csv").open(encoding="utf-8") as fh:
        assert [r["name"] for r in csv.DictReader(fh)] == ["Rede Que Saiu"]
    package = build_descriptor(folder, name="directory", title="Directory")
    assert package["profile"] == "data-package"
    assert {r["path"] for r in package["resources"]} == {p.name for p in folder.iterdir()}
    assert next(r for r in package["resources"] if r["path"] == "partners.geojson")[
        "mediatype"] == "application/geo+json"


def test_list_is_grouped_by_region_and_district_with_contents(report) -> None:
    markup = str(directory.listing_html(report, "en"))
    # The table of contents links every region and district heading on the page.
    targets = re.findall(r'<a href="#([^"]+)"', markup)
    assert targets and all(f'id="{t}"' in markup for t in targets)
    assert re.findall(r"<h3 id=\"[^\"]+\">([^<]+) <span", markup) == ["Centro",
                                                                      "No district given"]
    assert re.findall(r"<h4 id=\"[^\"]+\">([^<]+)</h4>", markup) == ["Sé", "No district given"]
    # Filters are hidden until the script shows them, and the script is the page's own.
    assert 'id="directory-filter" hidden' in markup
    assert markup.count("<script>") == 1 and "fetch(" not in markup
    assert 'role="status" aria-live="polite"' in markup


def test_filter_data_is_folded_like_the_script_folds_what_is_typed(report) -> None:
    markup = str(directory.listing_html(report, "pt-BR"))
    assert 'data-search="coletivo acao periferica"' in markup
    assert 'data-search="laboratorio otimo"' in markup
    assert directory.fold("Ação Periférica") == "acao periferica"
    assert 'data-tech="open_data free_software"' in markup
    assert 'data-spaces="S1"' in markup


def test_the_listing_section_holds_the_markup(report) -> None:
    section = directory.build_listing(report, "en")
    assert [type(b).__name__ for b in section] == ["Heading", "Data", "GeoData", "Paragraph",
                                                   "Links", "Html"]
    assert isinstance(section[-1], Html)
    # The section asks for its CSV; the page writes it and the GeoJSON, and links both.
    assert [name for name, _ in data_files(section)] == ["partners"]
    assert "Laboratório Ótimo" in section_text(section)


def test_an_empty_network_says_so(data) -> None:
    early = directory.prepare(data=data, as_of="2015-12-31", previous="2015-06-30")
    assert early.directory.total == 0
    text = section_text([b for s in directory.sections(early, "en") for b in s])
    assert "On 31 Dec 2015, no group had joined the network." in text


@pytest.mark.parametrize("kwargs", [{"as_of": "31/12/2018"},
                                    {"as_of": "2018-01-01", "previous": "2018-06-01"}])
def test_wrong_days_are_refused(data, kwargs) -> None:
    with pytest.raises(ConfigError):
        directory.prepare(data=data, **kwargs)


def test_when_every_partner_opted_out_none_is_named(data) -> None:
    # On 2016-03-01 only G7 (opted out) had joined.
    only_hidden = directory.prepare(data=data, as_of="2016-03-01")
    assert (only_hidden.directory.total, len(only_hidden.directory.partners)) == (1, 0)
    text = section_text(directory.build_listing(only_hidden, "en"))
    assert "every partner asked not to be listed" in text
    assert "Saída Silenciosa" not in text


def test_a_city_without_regions_lists_its_partners_under_the_city() -> None:
    # Montevideo's pack has barrios and no regions: one group named after the city, no
    # region filter; only partners placed in no barrio come after it.
    from labmetrics.sample import generate_sample

    t = generate_sample(0.3, 5, "MVD-EJEMPLO")
    data = LabData.from_frames(groups=t.groups, spaces=t.spaces, usage=t.usage,
                               projects=t.projects, city="montevideo")
    report = directory.prepare(data=data, as_of="2018-12-31")
    assert not report.directory.partners.empty
    markup = str(directory.listing_html(report, "es"))
    regions = re.findall(r"<h3 id=\"[^\"]+\">([^<]+) <span", markup)
    assert regions[0] == "Montevideo" and len(regions) <= 2  # then, maybe, the unplaced
    assert 'data-filter="region"' not in markup and 'data-region=""' in markup
