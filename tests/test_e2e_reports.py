"""The real report notebooks, rendered end to end on the bundled sample.

``labmetrics report all --plan`` renders, once per run (tests/plan_render.py), the progress
report on SAO0005 for 2017, the network report for 2016–2018 by quarter and the directory of
partners, each in every language, through papermill and nbconvert (and the same of
MVD-EJEMPLO in its own folder, which test_e2e_leaks.py reads); the tests read the pages,
their data folders and the index the way a forum member and a re-user of the data would.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from plan_render import render_plan_once

from labmetrics import config

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-reports")]

PROGRESS = "progress-SAO0005-2017-01-01_2017-12-31"
NETWORK = "network-all-spaces-2016-01-01_2018-12-31"
DIRECTORY = "directory-partners"
PAGES = [f"{kind}.{lang}" for kind in (PROGRESS, NETWORK, DIRECTORY) for lang in config.LANGUAGES]


class _Page(HTMLParser):
    """The tags of a page worth checking: html lang, images, headings and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.images: list[dict[str, str | None]] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag in ("h2", "h3"):
            self._heading = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    # `report all --plan`: SAO0005 into the reports folder, MVD-EJEMPLO into its own folder
    # (shared with the leak tests, rendered once per run).
    return render_plan_once(tmp_path_factory)


@pytest.fixture(scope="module")
def pages(out: Path) -> dict[str, str]:
    return {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in PAGES}


def _parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _key_figures(html: str) -> str:
    return " ".join(re.findall(r'<dl class="key-figures">(.*?)</dl>', html, flags=re.S))


# --- the progress report --------------------------------------------------------------

@pytest.mark.parametrize(("lang", "words", "computed"), [
    ("pt-BR", ("Média", "Menor", "Limitada", "Marginal"), "Limitada"),
    ("en", ("Medium", "Minor", "Limited", "Marginal"), "Limited"),
])
def test_progress_report_has_the_ratings_table(pages, lang, words, computed) -> None:
    html = pages[f"{PROGRESS}.{lang}"]
    caption = {"pt-BR": "As avaliações do compromisso", "en": "The commitment(&#39;|')s ratings"}
    table = re.split(f"<caption>{caption[lang]}", html, maxsplit=1)[-1].split("</table>", 1)[0]
    assert "Criterion" in table or "Critério" in table
    for word in words:
        assert f">{word}<" in table
    # The sample's 2017 computes as the IRM rated it: Limited.
    row = re.search(r'<th scope="row">[^<]*(evidence|evidências)[^<]*</th><td>([^<]*)</td>',
                    table)
    assert row is not None and row.group(2) == computed


@pytest.mark.parametrize(("lang", "milestone"), [("pt-BR", "Marco"), ("en", "Milestone")])
def test_progress_report_has_the_three_milestones(pages, lang, milestone) -> None:
    headings = _parsed(pages[f"{PROGRESS}.{lang}"]).headings
    found = [h for h in headings if re.fullmatch(rf"{milestone} [123]: .+", h)]
    assert [h.split(":")[0] for h in found] == [f"{milestone} 1", f"{milestone} 2",
                                                f"{milestone} 3"]


def test_progress_report_shows_computed_and_stated_completion(pages) -> None:
    html = pages[f"{PROGRESS}.en"]
    assert "Completion computed from the evidence" in html
    assert "Completion stated by the assessment" in html
    assert '<span class="badge badge-warning">Limited</span>' in html
    assert "Recommendations" in html and "LabProdam is the least developed" in html


def _visible_text(html: str) -> str:
    """The page's words outside links and quoted titles (tags dropped, entities decoded)."""
    import html as entities

    body = re.sub(r"<a\b[^>]*>.*?</a>", " ", html.split("<body", 1)[-1], flags=re.S)
    text = entities.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r'"[^"]*"|“[^”]*”', " ", text)


@pytest.mark.parametrize(("lang", "words"), [
    ("pt-BR", {
        "rationales": ("O compromisso descreve atividades verificáveis",
                       "Se cumprido como escrito",
                       "Há sinais ainda incipientes",
                       "A reformulação de junho de 2017 não separou",
                       "Nível publicado pelo IRM"),
        "recommendations": ("As recomendações da avaliação", "rede Open INFO",
                            "São Paulo Aberta e o Fórum de Gestão Compartilhada",
                            "futuros planos de ação da OGP"),
        "design": ("Verificável: Sim.", "Ambição: Baixa.",
                   "Inferência do labmetrics, não da avaliação"),
    }),
    ("en", {
        "rationales": ("The commitment describes activities that can be verified",
                       "Fully implemented as written",
                       "There are early signs of a cross-department network",
                       "The June 2017 reformulation did not separate",
                       "The level the IRM published"),
        "recommendations": ("The assessment&#39;s recommendations", "Open INFO network",
                            "São Paulo Aberta and the Shared Management Forum",
                            "future OGP action plans"),
        "design": ("Verifiable: Yes.", "Ambition: Low.",
                   "labmetrics&#39; inference, not the assessment"),
    }),
])
def test_progress_report_holds_the_irm_chapter(pages, lang, words) -> None:
    html = pages[f"{PROGRESS}.{lang}"].replace("&#x27;", "&#39;").replace("'", "&#39;")
    for group, phrases in words.items():
        for phrase in phrases:
            assert phrase in html, (group, phrase)
    for institution in ("SMRI – Secretaria Municipal de Relações Internacionais / São Paulo "
                        "Aberta", "SMIT – Secretaria Municipal de Inovação e Tecnologia",
                        "SME – Secretaria Municipal de Educação", "LabProdam – PRODAM",
                        "CGM – Controladoria Geral do Município",
                        "Fórum de Gestão Compartilhada"):
        assert institution in html, institution
    # The ratings cite the IRM's report; the commitment's text OGP's page.
    assert 'href="https://docslib.org/doc/4724198/' in html
    assert 'href="https://www.opengovpartnership.org/members/sao-paulo-brazil/commitments/' \
           'SAO0005/"' in html


def test_the_computed_advice_follows_the_irm_on_the_lab_to_follow(pages) -> None:
    html = pages[f"{PROGRESS}.en"].replace("&#39;", "'").replace("&#x27;", "'")
    assert "Bring MobiLab's experience to LabProdam" not in html
    assert "experience to LabProdam" in html and "Pátio Digital" in html


def test_the_portuguese_page_speaks_the_irms_portuguese(pages) -> None:
    html = pages[f"{PROGRESS}.pt-BR"]
    text = _visible_text(html)
    assert "mandato" not in text.lower()
    assert "Mecanismo Independente de Avaliação (IRM)" in text
    for english in ("Independent Reporting Mechanism", "Open Government Partnership",
                    "Mecanismo de Revisão Independente"):
        assert english not in text, english
    assert "Relatório Final do Período" in text
    assert "mandato" not in html.lower()


def _export_local_peers() -> list[dict[str, str]]:
    """The local commitments of the bundled OGP export relevant to civic participation or
    technology (SAO0005's values in the IRM's assessment), read with the csv module."""
    import csv

    with config.OGP_DATA_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if r["National Or Local"] == "Legacy Local"
            and "1" in (r["OGP Value Civic Participation"], r["OGP Value Technology"])]


@pytest.mark.parametrize(("lang", "local", "limited"), [
    ("pt-BR", "Compromissos locais", "Limitada"), ("en", "Local commitments", "Limited")])
def test_progress_report_compares_with_real_ogp_commitments(pages, out: Path, lang, local,
                                                            limited) -> None:
    peers = _export_local_peers()
    html = pages[f"{PROGRESS}.{lang}"]
    assert "open_parliament_0703.csv" in html
    assert f"{local} ({len(peers)})" in html
    for peer in peers:
        assert f">{peer['Commitment Unique Identifier']}<" in html
    assert "BUE0009" in html and "Buenos Aires, Argentina" in html
    assert f">{limited}<" in html
    # The figures behind the page come from the export: completion at the end of term.
    ratings = pd.read_csv(out / f"{PROGRESS}.{lang}.data" / "ogp-comparison-ratings.csv")
    completion = ratings[ratings["rating"] == "completion"].set_index("level")["local"]
    for level in ("Limited", "Substantial", "Complete"):
        expected = sum(p["Completion (End Of Term)"] == level for p in peers)
        assert completion[level] == expected, level
    assert completion[["Limited", "Substantial", "Complete"]].sum() == len(peers) == 9
    for no_data in ("No OGP commitment data was given", "Nenhum dado de compromissos da OGP"):
        assert no_data not in html


def test_portuguese_numbers_in_key_figures(pages) -> None:
    pt = _key_figures(pages[f"{PROGRESS}.pt-BR"])
    en = _key_figures(pages[f"{PROGRESS}.en"])
    assert re.search(r">\d{1,3}\.\d{3}( h)?<", pt), "no pt-BR thousands separator"
    assert re.search(r">\d{1,3},\d{3}( h)?<", en), "no en thousands separator"
    assert "3.170" in pt and "3,170" in en  # people reached by the joint projects


def _alt(html: str, chart: str) -> str:
    found = re.search(rf'id="chart-{re.escape(chart)}"><img alt="([^"]*)"', html)
    assert found, chart
    return found.group(1)


def test_projects_by_status_add_up_to_the_joint_projects(out) -> None:
    folder = out / f"{PROGRESS}.en.data"
    status = pd.read_csv(folder / "m3-projects-by-status.csv").set_index("Status")["Projects"]
    joint = pd.read_csv(folder / "m3-joint_projects.csv")
    delivered = pd.read_csv(folder / "m3-joint_projects_delivered.csv")
    # Statuses on the period's last day: the bars are the joint projects, no proposal among
    # them, and their Delivered is the delivered figure.
    assert "Proposed" not in status.index
    assert status.sum() == len(joint) and status["Delivered"] == len(delivered)
    assert (delivered["ended_on"] <= "2017-12-31").all()


def test_no_alt_text_total_counts_an_entity_twice(out, pages) -> None:
    progress, network = pages[f"{PROGRESS}.en"], pages[f"{NETWORK}.en"]
    folder = out / f"{PROGRESS}.en.data"
    partners = pd.read_csv(folder / "m1-network_partners.csv")
    # The partners per space are counted at the commitment's labs only (its counting).
    labs = {"labprodam", "mobilab", "patio-digital"}
    partners = partners.loc[partners["partner_space_ids"].fillna("").map(
        lambda ids: bool(labs & set(ids.split(";"))))]
    joint = pd.read_csv(folder / "m3-joint_projects.csv")
    bridging = pd.read_csv(out / f"{NETWORK}.en.data" / "groups-bridging-spaces.csv")
    distinct = {(progress, "m1-partners-per-space"): len(partners),
                (progress, "m3-projects-per-space"): joint["project_id"].nunique(),
                (network, "bridging-groups"): len(bridging),
                (network, "groups_shared_per_lab"): len(bridging)}
    for (html, chart), total in distinct.items():
        alt = _alt(html, chart)
        assert "Total:" not in alt, chart
        assert f"In all, {total:,}, each counted once" in alt, chart
    assert "Total:" not in _alt(network, "groups_hosted_per_lab")
    # Bars that do add up keep their total: the groups by kind are the groups mapped.
    mapped = pd.read_csv(folder / "m1-groups_mapped.csv")
    assert _alt(progress, "m1-groups-by-kind").endswith(f"Total: {len(mapped)}.")


def test_csv_files_hold_what_their_description_says(out) -> None:
    folder = out / f"{PROGRESS}.en.data"
    contributors = pd.read_csv(folder / "m1-mapping_contributors.csv")
    # One row per contributor, with the groups each mapped.
    assert list(contributors.columns) == ["mapped_by", "groups"]
    assert contributors["mapped_by"].is_unique
    assert contributors["groups"].sum() <= len(pd.read_csv(folder / "m1-groups_mapped.csv"))


def test_threshold_charts_say_the_level_reached_and_what_the_next_needs(pages) -> None:
    for lang, below in (("en", "below"), ("pt-BR", "abaixo")):
        html = pages[f"{PROGRESS}.{lang}"]
        for number in (1, 2, 3):
            alt = _alt(html, f"m{number}-progress")
            assert below not in alt and not re.search(r"\d of \d", alt), alt


# --- the network report ---------------------------------------------------------------

def test_network_report_has_growth_drawings_and_the_map(pages) -> None:
    html = pages[f"{NETWORK}.pt-BR"]
    for chart in ("growth", "activity", "network-1", "map_groups"):
        assert f'id="chart-{chart}"' in html
    assert html.count('id="chart-network-') in (3, 4)
    assert "GeoSampa" in html


# --- every page -----------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_pages_show_no_code_or_machinery(pages, name) -> None:
    html = pages[name]
    page = _parsed(html)
    assert page.lang == name.rsplit(".", 1)[1]
    assert "papermill" not in html.lower() and "injected-parameters" not in html
    for code in ("import ", "show_", "display.Page", "prepare(", "In&nbsp;[", "In [",
                 "Out[", 'class="prompt', 'class="input', "<pre", "Traceback"):
        assert code not in html, code
    assert page.images and all((img.get("alt") or "").strip() for img in page.images)


def test_data_folders_hold_csv_and_a_datapackage(out: Path) -> None:
    for name in PAGES:
        folder = out / f"{name}.data"
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        csv = sorted(p.name for p in folder.glob("*.csv"))
        geojson = sorted(p.name for p in folder.glob("*.geojson"))
        assert len(csv) >= 5
        assert sorted(r["path"] for r in package["resources"]) == sorted(csv + geojson)
        assert geojson == (["partners.geojson"] if name.startswith(DIRECTORY) else [])
    progress = out / f"{PROGRESS}.en.data"
    assert (progress / "m3-joint_projects.csv").is_file()
    assert (progress / "validation-accounting.csv").is_file()


def test_portuguese_csv_carry_portuguese_labels_beside_the_codes(out: Path) -> None:
    pt = out / f"{PROGRESS}.pt-BR.data"
    groups = pd.read_csv(pt / "m1-groups_mapped.csv", dtype=str, keep_default_na=False)
    cols = list(groups.columns)
    assert cols[cols.index("kind") + 1] == "kind_label"
    kinds = dict(zip(groups["kind"], groups["kind_label"], strict=True))
    assert kinds["civil_society_org"] == "Organização da sociedade civil"
    checks = pd.read_csv(pt / "m1-conditions.csv", dtype=str)
    assert set(checks["level_label"]) <= {"Limitada", "Substancial", "Completa"}
    en = pd.read_csv(out / f"{PROGRESS}.en.data" / "m1-groups_mapped.csv", dtype=str,
                     keep_default_na=False)
    assert dict(zip(en["kind"], en["kind_label"], strict=True))["civil_society_org"] == \
        "Civil society organisation"


def test_no_contact_reaches_any_output(out: Path) -> None:
    groups = pd.read_csv(config.SAMPLE_DIR / "groups.csv", sep=";", encoding="utf-8-sig",
                         dtype=str)
    contacts = {v for c in ("contact_name", "contact_email", "contact_phone")
                for v in groups[c].dropna() if len(v) > 4}
    assert len(contacts) > 100
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [c for c in contacts if c in text]
        assert leaked == [], f"{path.name} shows {leaked[:3]}"


def test_index_lists_every_report_with_its_other_language(out: Path) -> None:
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in PAGES:
        assert f'href="{name}.html"' in index
    assert 'lang="en"' in index or 'hreflang="en"' in index
    pt = (out / f"{PROGRESS}.pt-BR.html").read_text(encoding="utf-8")
    assert f'href="{PROGRESS}.en.html"' in pt and 'href="index.html"' in pt
