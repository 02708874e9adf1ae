"""The landing page: reports grouped by city, commitment and period, every language linked."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from labmetrics.report import index

PROGRESS = "progress-SAO0005-2017-01-01_2017-12-31"
NETWORK = "network-all-spaces-2016-01-01_2018-12-31"
EARLIER = "progress-SAO0005-2016-01-01_2016-12-31"
TITLES = {
    EARLIER: {"pt-BR": "Relatório de progresso, 2016"},
    PROGRESS: {"pt-BR": "Relatório de progresso do compromisso SAO0005",
               "en": "Progress report on commitment SAO0005"},
    NETWORK: {"pt-BR": "Crescimento da rede <2016–2018>", "en": "Growth of the network"},
}


def _write_report(folder: Path, stem: str, lang: str, *, kind: str, commitment: str | None,
                  start: str, end: str, csv: list[str]) -> None:
    name = f"{stem}.{lang}"
    (folder / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    record = {
        "report": name, "title": TITLES[stem][lang], "lang": lang,
        "generated_at": "2024-05-01T12:00:00+00:00", "html": f"{name}.html",
        "data": f"{name}.data" if csv else None,
        "datapackage": f"{name}.data/datapackage.json" if csv else None, "csv": csv,
        "kind": kind, "commitment": commitment, "period": {"start": start, "end": end},
    }
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def _reports(folder: Path) -> Path:
    for lang in ("en", "pt-BR"):
        _write_report(folder, PROGRESS, lang, kind="progress", commitment="SAO0005",
                      start="2017-01-01", end="2017-12-31", csv=["milestones.csv"])
        _write_report(folder, NETWORK, lang, kind="network", commitment=None,
                      start="2016-01-01", end="2018-12-31", csv=[])
    _write_report(folder, EARLIER, "pt-BR", kind="progress", commitment="SAO0005",
                  start="2016-01-01", end="2016-12-31", csv=[])
    # Not sidecars: a JSON file of another kind, and a sidecar whose page is gone.
    (folder / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    orphan = {"html": "gone.html", "lang": "en", "title": "Gone",
              "generated_at": "2024-01-01T00:00:00+00:00"}
    (folder / "gone.json").write_text(json.dumps(orphan), encoding="utf-8")
    return folder


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


def _links(html: str) -> list[dict[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_sidecars_are_read_and_strays_left_out(tmp_path: Path) -> None:
    records = index.read_sidecars(_reports(tmp_path))
    assert sorted(r["html"] for r in records) == [
        f"{NETWORK}.en.html", f"{NETWORK}.pt-BR.html", f"{EARLIER}.pt-BR.html",
        f"{PROGRESS}.en.html", f"{PROGRESS}.pt-BR.html"]


def test_reports_are_grouped_by_commitment_then_period(tmp_path: Path) -> None:
    sections = index.group_reports(index.read_sidecars(_reports(tmp_path)))
    assert [(s["title_pt"], s["title_en"]) for s in sections] == [
        ("Compromisso SAO0005", "Commitment SAO0005"),
        ("Rede de laboratórios e espaços", "Network of labs and spaces")]
    progress = sections[0]["groups"]
    assert [g["period"] for g in progress] == ["01/01/2017 – 31/12/2017",
                                               "01/01/2016 – 31/12/2016"]
    assert progress[0]["kind_pt"] == "Relatório de progresso"
    assert [v["lang"] for v in progress[0]["versions"]] == ["pt-BR", "en"]
    assert progress[0]["versions"][0]["files"] == [
        {"name": "milestones.csv", "href": f"{PROGRESS}.pt-BR.data/milestones.csv"}]
    assert sections[1]["groups"][0]["versions"][1]["files"] == []


def test_index_page_links_both_languages_and_the_data(tmp_path: Path) -> None:
    path = index.write_index(_reports(tmp_path))
    assert path == tmp_path / "index.html"
    html = path.read_text(encoding="utf-8")
    assert '<html lang="pt-BR">' in html
    links = _links(html)
    reports = [(a["href"], a.get("hreflang")) for a in links if a.get("class") == "report-title"]
    assert reports == [
        (f"{PROGRESS}.pt-BR.html", "pt-BR"), (f"{PROGRESS}.en.html", "en"),
        (f"{EARLIER}.pt-BR.html", "pt-BR"),
        (f"{NETWORK}.pt-BR.html", "pt-BR"), (f"{NETWORK}.en.html", "en")]
    hrefs = [a["href"] for a in links]
    assert f"{PROGRESS}.pt-BR.data/datapackage.json" in hrefs
    assert f"{PROGRESS}.en.data/milestones.csv" in hrefs
    assert "gone.html" not in hrefs
    assert re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html) == []
    assert "<script" not in html
    assert "Crescimento da rede &lt;2016–2018&gt;" in html
    assert '<span class="en" lang="en">/ Commitment SAO0005</span>' in html
    assert ('<details>\n<summary>Dados <span class="en" lang="en">/ Data</span> '
            '<span class="es" lang="es">/ Datos</span> (1 CSV)') in html
    assert '<span class="es" lang="es">/ Compromiso SAO0005</span>' in html
    assert sorted(p.name for p in tmp_path.glob(".*")) == []  # nothing left from writing


def test_empty_folder_says_how_to_make_reports(tmp_path: Path) -> None:
    html = index.write_index(tmp_path / "reports").read_text(encoding="utf-8")
    assert "Nenhum relatório gerado ainda. Rode labmetrics report all." in html
    assert '<span class="en" lang="en">No reports generated yet.' in html


def _city_report(folder: Path, stem: str, lang: str, *, kind: str, commitment: str,
                 city: str, names: dict[str, str], start: str, end: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}.{lang}"
    (folder / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    (folder / f"{name}.data").mkdir(exist_ok=True)
    record = {
        "report": name, "title": f"{kind} {commitment} {lang}", "lang": lang,
        "generated_at": "2024-05-01T12:00:00+00:00", "html": f"{name}.html",
        "data": f"{name}.data", "datapackage": f"{name}.data/datapackage.json",
        "csv": ["a.csv"], "kind": kind, "commitment": commitment, "city": city,
        "city_name": names, "period": {"start": start, "end": end},
    }
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    # The open data's datapackage.json is not a sidecar.
    (folder / f"{name}.data" / "datapackage.json").write_text('{"name": "x"}', encoding="utf-8")


def test_reports_in_folders_are_grouped_by_city_and_commitment(tmp_path: Path) -> None:
    sao = {"pt-BR": "São Paulo", "en": "São Paulo", "es": "São Paulo"}
    mvd = {"es": "Montevideo", "en": "Montevideo", "pt-BR": "Montevidéu"}
    for lang in ("pt-BR", "en", "es"):
        _city_report(tmp_path / "SAO0005", "progress-SAO0005-2017", lang, kind="progress",
                     commitment="SAO0005", city="sao-paulo", names=sao,
                     start="2017-01-01", end="2017-12-31")
        _city_report(tmp_path / "SAO0005", "network-all", lang, kind="network",
                     commitment="SAO0005", city="sao-paulo", names=sao,
                     start="2016-01-01", end="2018-12-31")
        _city_report(tmp_path / "MVD-X", "progress-MVD-X-2017", lang, kind="progress",
                     commitment="MVD-X", city="montevideo", names=mvd,
                     start="2017-07-01", end="2018-06-30")
    records = index.read_sidecars(tmp_path)
    assert len(records) == 9 and {r["folder"] for r in records} == {"SAO0005", "MVD-X"}
    sections = index.group_reports(records)
    assert [(s["title_pt"], s["title_en"], s["title_es"]) for s in sections] == [
        ("Montevidéu · Compromisso MVD-X", "Montevideo · Commitment MVD-X",
         "Montevideo · Compromiso MVD-X"),
        ("São Paulo · Compromisso SAO0005", "São Paulo · Commitment SAO0005",
         "São Paulo · Compromiso SAO0005")]
    sao_groups = sections[1]["groups"]
    assert [g["kind_en"] for g in sao_groups] == ["Progress report", "Network growth"]
    assert [v["lang"] for v in sao_groups[0]["versions"]] == ["pt-BR", "en", "es"]
    assert sao_groups[0]["versions"][2]["href"] == "SAO0005/progress-SAO0005-2017.es.html"
    assert sao_groups[0]["versions"][2]["files"] == [
        {"name": "a.csv", "href": "SAO0005/progress-SAO0005-2017.es.data/a.csv"}]
    html = index.write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="MVD-X/progress-MVD-X-2017.es.data/datapackage.json"' in html
