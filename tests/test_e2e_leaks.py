"""No commitment's words on another's pages: SAO0005 and MVD-EJEMPLO, rendered end to end.

Both bundled commitments are rendered once per run (tests/plan_render.py), every report in
every language. Each one's pages (visible text and alt texts), CSV and GeoJSON files and
datapackage.json are searched for the other's names and places: its city's names, its
distinctive area names, its labs' and spaces' names, its commitment id and titles, its
boundaries' credit line. The terms come from the other's own files (commitment, sample
spec, city pack), not from a list typed here; an area name counts as distinctive when it is
at least five letters long and none of this commitment's own inputs nor the shared
catalogues holds it as a word (São Paulo's "Centro" region is no leak of Montevideo's
Centro barrio).
"""

from __future__ import annotations

import html as entities
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from plan_render import OTHER, render_plan_once

from labmetrics import config, geo
from labmetrics.city import city_pack
from labmetrics.commitment import read_commitment
from labmetrics.sample.spec import sample_spec
from labmetrics.schema import fold

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-reports")]

COMMITMENTS = ("SAO0005", OTHER)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ALT = re.compile(r"""\balt\s*=\s*("([^"]*)"|'([^']*)')""", re.I)


@dataclass(frozen=True)
class Leak:
    """A term of the other commitment found in a file."""

    file: str
    term: str
    what: str


def _words(text: str) -> str:
    """Folded text with single spaces, so that terms match whole words only."""
    return " " + re.sub(r"[^0-9a-z]+", " ", fold(text)) + " "


def _has(haystack: str, term: str) -> bool:
    return f" {_words(term).strip()} " in haystack


def visible_text(page: str) -> str:
    """A page's text as a reader sees it (scripts and styles out, tags dropped), with the
    alt texts of its images."""
    text = _TAG.sub(" ", _SCRIPT.sub(" ", page))
    alts = " ".join(m.group(2) or m.group(3) or "" for m in _ALT.finditer(page))
    return entities.unescape(f"{text} {alts}")


def public_files(folder: Path) -> list[Path]:
    """The pages of a commitment's reports folder and their open data (index.html, which
    lists every commitment, and the other commitment's folder left out)."""
    pages = [p for p in sorted(folder.glob("*.html")) if p.name != "index.html"]
    data = [p for d in sorted(folder.glob("*.data")) for p in sorted(d.rglob("*"))
            if p.suffix in (".csv", ".json", ".geojson")]
    return pages + data


def find_leaks(files: list[Path], terms: dict[str, str], root: Path) -> list[Leak]:
    """Every term (to what it is) found in ``files``, as whole words, accents and case
    ignored."""
    found = []
    for path in files:
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
        text = _words(visible_text(raw) if path.suffix == ".html" else raw)
        found += [Leak(str(path.relative_to(root)), term, what)
                  for term, what in terms.items() if _has(text, term)]
    return found


@cache
def _own_vocabulary(commitment: str) -> str:
    """The words this commitment's pages may hold from their own inputs: its commitment,
    assessment and sample files, its city pack's areas, and the shared catalogues."""
    spec = sample_spec(commitment)
    pack = city_pack(spec.city)
    folder = config.COMMITMENTS_DIR
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{commitment}*.yaml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(config.LOCALES_DIR.rglob("*.yaml"))]
    texts += [config.OGP_DATA_FILE.read_text(encoding="utf-8")]
    areas = geo.load_districts(pack)
    texts += [" ".join(areas["district_name"].astype(str)),
              " ".join(str(r) for r in areas["region"].dropna())]
    return _words(" ".join(texts))


def leak_terms(commitment: str, seen_from: str) -> dict[str, str]:
    """The names and places of ``commitment`` that must not reach ``seen_from``'s pages."""
    spec = sample_spec(commitment)
    pack = city_pack(spec.city)
    item = read_commitment(config.COMMITMENTS_DIR / f"{commitment}.yaml")
    terms = {name: "city name" for name in pack.name.values()}
    own = _own_vocabulary(seen_from)
    for name in geo.load_districts(pack)["district_name"].astype(str):
        if len(_words(name).replace(" ", "")) >= 5 and not _has(own, name):
            terms[name] = "area name"
    terms |= {s.name: "space name" for s in spec.spaces}
    terms |= {lab: "lab name" for lab in item.labs}
    terms[item.id] = "commitment id"
    terms |= {title: "commitment title" for title in item.title.by_lang.values()}
    terms[pack.credit] = "boundaries' credit line"
    return terms


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    return render_plan_once(tmp_path_factory)


def _folder(reports: Path, commitment: str) -> Path:
    return reports if commitment == "SAO0005" else reports / commitment


def test_the_terms_come_from_the_other_commitments_files() -> None:
    to_mvd = leak_terms("SAO0005", OTHER)
    assert {"São Paulo", "LabProdam", "Pátio Digital", "SAO0005"} <= set(to_mvd)
    assert to_mvd["Parelheiros"] == "area name"
    assert "Centro" not in to_mvd  # Montevideo has a Centro barrio: not distinctive
    to_sao = leak_terms(OTHER, "SAO0005")
    assert {"Montevideo", "Montevidéu", "Laboratorio Cívico del Cordón", OTHER} <= set(to_sao)
    assert to_sao["Pocitos"] == "area name"
    assert to_sao[city_pack("montevideo").credit] == "boundaries' credit line"


def test_the_searcher_finds_a_planted_leak(reports: Path, tmp_path: Path) -> None:
    # A copy of SAO0005's pages and data with Montevideo planted in an alt text, a CSV cell
    # and a page's visible text: each is found, and nothing else.
    copy = tmp_path / "copy"
    shutil.copytree(reports, copy, ignore=shutil.ignore_patterns(OTHER))
    terms = leak_terms(OTHER, "SAO0005")
    page = next(p for p in sorted(copy.glob("progress-*.en.html")))
    text = page.read_text(encoding="utf-8")
    assert '<img' in text and 'alt="' in text
    page.write_text(text.replace('alt="', 'alt="Pocitos, ', 1).replace(
        "</h1>", " · Laboratorio Cívico del Cordón</h1>", 1), encoding="utf-8")
    csv = next(p for p in sorted(copy.glob("network-*.pt-BR.data/*.csv")))
    csv.write_text(csv.read_text(encoding="utf-8") + "MVD-EJEMPLO;x\r\n", encoding="utf-8")
    leaks = find_leaks(public_files(copy), terms, copy)
    # The lab's name holds a barrio's (Cordón): both are found.
    assert sorted((Path(leak.file).name, leak.term) for leak in leaks) == sorted([
        (page.name, "Pocitos"), (page.name, "Laboratorio Cívico del Cordón"),
        (page.name, "Cordon"), (csv.name, OTHER)])
    # Words inside a script are no visible text.
    assert find_leaks([_written(tmp_path, "<script>var c = 'Pocitos';</script>")], terms,
                      tmp_path) == []


def _written(folder: Path, page: str) -> Path:
    path = folder / "scripted.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.mark.parametrize(("commitment", "other"), [("SAO0005", OTHER), (OTHER, "SAO0005")])
def test_no_commitment_shows_the_others_names_or_places(reports: Path, commitment: str,
                                                        other: str) -> None:
    folder = _folder(reports, commitment)
    files = public_files(folder)
    pages = [p for p in files if p.suffix == ".html"]
    assert len(pages) == 3 * len(config.LANGUAGES), [p.name for p in pages]
    assert any(p.suffix == ".csv" for p in files)
    assert any(p.name == "datapackage.json" for p in files)
    leaks = find_leaks(files, leak_terms(other, commitment), folder)
    assert leaks == [], "\n".join(f"{leak.file}: {leak.term} ({leak.what} of {other})"
                                  for leak in leaks[:40])


def test_the_illustrative_commitment_says_so_on_every_page(reports: Path) -> None:
    for page in sorted(_folder(reports, OTHER).glob("progress-*.html")):
        text = _words(visible_text(page.read_text(encoding="utf-8")))
        assert _has(text, "Ilustrativo") or _has(text, "Illustrative"), page.name
