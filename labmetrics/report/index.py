"""The landing page of a reports folder: ``index.html``, built from the reports' sidecars.

Each report the engine writes has a sidecar ``<stem>.json`` beside it (title, language,
period, city, commitment, data files...), in the reports folder or in a folder of it (``report
all`` writes each commitment of its plan into its own). The index groups the reports by city
and commitment, then by kind and period, and links the languages of each report and their
open data. It speaks pt-BR with English and Spanish labels beside, needs no script and loads
nothing from the network.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast
from urllib.parse import quote

from labmetrics import config, i18n
from labmetrics.config import VERSION as __version__
from labmetrics.provenance import now
from labmetrics.report.engine import page_text

INDEX_NAME = "index.html"
PAGE_LANG = "pt-BR"
_REQUIRED = ("html", "lang", "title", "generated_at")


class Sidecar(TypedDict):
    """What the index reads of a report's sidecar ``<stem>.json`` (the engine writes more:
    provenance, parameters, inputs), and the folder it was found in."""

    html: str
    lang: str
    title: str
    generated_at: str
    folder: str
    report: NotRequired[str]
    kind: NotRequired[str | None]
    city: NotRequired[str | None]
    city_name: NotRequired[dict[str, str] | None]
    commitment: NotRequired[str | None]
    period: NotRequired[dict[str, str] | None]
    data: NotRequired[str | None]
    datapackage: NotRequired[str | None]
    csv: NotRequired[list[str]]


class FileLink(TypedDict):
    """A data file of a report, linked from the index."""

    name: str
    href: str


class Version(TypedDict):
    """One language of a report, as the index lists it."""

    lang: str
    href: str
    title: str
    language_name: str
    generated_iso: str
    generated: str
    datapackage: str | None
    files: list[FileLink]


class PeriodGroup(TypedDict):
    """The languages of one report of one kind on one period."""

    id: str
    kind_pt: str
    kind_en: str
    kind_es: str
    period: str
    versions: list[Version]


class IndexSection(TypedDict):
    """A section of the index: one city's commitment, or its reports of no commitment."""

    id: str
    title_pt: str
    title_en: str
    title_es: str
    groups: list[PeriodGroup]


def read_sidecars(reports_dir: Path) -> list[Sidecar]:
    """Return the sidecars of ``reports_dir`` and of its folders whose report page exists,
    sorted by folder and name; ``folder`` says where each is (empty: ``reports_dir``).

    JSON files that are not sidecars (no ``html``, ``lang``, ``title`` or ``generated_at``)
    or that cannot be read are not reports and are left out.
    """
    records: list[Sidecar] = []
    for path in [*sorted(reports_dir.glob("*.json")), *sorted(reports_dir.glob("*/*.json"))]:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or any(k not in record for k in _REQUIRED):
            continue
        if record["lang"] not in config.LANGUAGES or not (path.parent / record["html"]).is_file():
            continue
        folder = path.parent.relative_to(reports_dir).as_posix()
        # The keys the index needs are there (_REQUIRED); the others it reads with .get.
        records.append(cast(Sidecar, {**record, "folder": "" if folder == "." else folder}))
    return records


# The index's languages: the page's, then those shown beside it.
INDEX_LANGUAGES = ("pt-BR", "en", "es")


def _city(record: Sidecar, lang: str) -> str:
    names = record.get("city_name")
    if isinstance(names, Mapping) and names:
        return str(names.get(lang) or next(iter(names.values())))
    return str(record.get("city") or "")


def _section_key(record: Sidecar) -> tuple[str, int, str]:
    # By city (its name in the page's language), then the commitment; reports of no
    # commitment (a network report on data alone) after the city's commitments.
    city = _city(record, PAGE_LANG)
    if record.get("commitment"):
        return city, 0, str(record["commitment"])
    if record.get("kind") == "network":
        return city, 1, "network"
    return city, 2, str(record.get("report", record["html"]))


def _section_titles(key: tuple[str, int, str], record: Sidecar) -> dict[str, str]:
    _, order, name = key
    titles = {}
    for lang in INDEX_LANGUAGES:
        if order == 0:
            title = i18n.t("report.index.commitment", lang, commitment=name)
        elif order == 1:
            title = i18n.t("report.index.network", lang)
        else:
            title = name
        city = _city(record, lang)
        titles[lang] = f"{city} · {title}" if city else title
    return titles


def _kind_labels(record: Sidecar) -> dict[str, str]:
    kind = record.get("kind")
    key = (f"report.kinds.{kind}" if kind and i18n.has(f"report.kinds.{kind}", PAGE_LANG)
           else "report.index.report")
    return {lang: i18n.t(key, lang) for lang in INDEX_LANGUAGES}


def _period(record: Sidecar) -> tuple[str, str]:
    period = record.get("period") or {}
    return str(period.get("start", "")), str(period.get("end", ""))


def _version(record: Sidecar) -> Version:
    data, package = record.get("data"), record.get("datapackage")
    folder = f"{record['folder']}/" if record.get("folder") else ""
    return {
        "lang": record["lang"],
        "href": quote(folder + record["html"]),
        "title": record["title"],
        "language_name": i18n.t("common.language_name", record["lang"]),
        "generated_iso": record["generated_at"],
        "generated": i18n.format_date(record["generated_at"], PAGE_LANG),
        "datapackage": quote(folder + package) if package else None,
        "files": [{"name": name, "href": f"{quote(folder + data)}/{quote(name)}"}
                  for name in record.get("csv", [])] if data else [],
    }


_KIND_ORDER = {"progress": 0, "network": 1, "directory": 2}


def group_reports(records: list[Sidecar]) -> list[IndexSection]:
    """Arrange sidecars into sections, one per city and commitment (by city, then
    commitment; network reports of no commitment after the city's commitments), of groups
    by kind (progress, network, directory) and period (latest first) holding each report's
    language versions (pt-BR first). Titles are given in pt-BR, en and es."""
    lang_order = {lang: i for i, lang in enumerate(config.LANGUAGES)}
    sections: dict[tuple[str, int, str], dict[tuple[str, str, str], list[Sidecar]]] = {}
    for record in records:
        group = (str(record.get("kind", record.get("report", ""))), *_period(record))
        sections.setdefault(_section_key(record), {}).setdefault(group, []).append(record)
    out: list[IndexSection] = []
    for n, key in enumerate(sorted(sections)):
        groups: list[PeriodGroup] = []
        ordered = sorted(sections[key].items(), key=lambda item: (
            _KIND_ORDER.get(item[0][0], 9), *(-_ordinal(d) for d in item[0][1:])))
        for m, ((_, start, end), members) in enumerate(ordered):
            members.sort(key=lambda r: (lang_order.get(r["lang"], 99), r["html"]))
            kinds = _kind_labels(members[0])
            groups.append({
                "id": f"group-{n + 1}-{m + 1}",
                "kind_pt": kinds["pt-BR"], "kind_en": kinds["en"], "kind_es": kinds["es"],
                "period": i18n.format_period(start, end, PAGE_LANG) if start and end else "",
                "versions": [_version(r) for r in members],
            })
        first = next(iter(sections[key].values()))[0]
        titles = _section_titles(key, first)
        out.append({"id": f"section-{n + 1}", "title_pt": titles["pt-BR"],
                    "title_en": titles["en"], "title_es": titles["es"], "groups": groups})
    return out


def _ordinal(day: str) -> int:
    """A day as a number to sort by (later is larger; no day is 0)."""
    return int(day.replace("-", "")) if day[:4].isdigit() else 0


@cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.TEMPLATES_DIR / "labmetrics")),
        autoescape=True, trim_blocks=False, lstrip_blocks=False,
    )
    return env.get_template("landing.html.j2")


def warm_up() -> None:
    """Load the landing page's template and words (once per process), so that writing the
    index after the reports costs only its rendering: a single report does this while its
    kernel still imports."""
    _template()
    for lang in ("pt-BR", "en", "es"):
        page_text(lang)


def render_index(reports_dir: Path) -> str:
    """Return the HTML of the landing page of ``reports_dir``."""
    moment = now()
    pt, en, es = page_text("pt-BR"), page_text("en"), page_text("es")
    page: dict[str, Any] = {
        "lang": PAGE_LANG, "title": pt["index.title"], "subtitle": None,
        "version": __version__, "text": pt, "nav": [], "alternates": [],
        "footer": {
            "generated_by": i18n.t("report.footer.generated_by", PAGE_LANG, version=__version__),
            "generated_iso": moment.isoformat(),
            "generated_text": f"{i18n.format_date(moment, PAGE_LANG)} {moment:%H:%M} UTC",
        },
    }
    sections = group_reports(read_sidecars(reports_dir))
    return str(_template().render(page=page, pt=pt, en=en, es=es, sections=sections))


def write_index(reports_dir: Path) -> Path:
    """Write ``reports_dir/index.html`` (atomically) and return its path."""
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / INDEX_NAME
    tmp = reports_dir / f".{INDEX_NAME}.{os.getpid()}.tmp"
    tmp.write_text(render_index(reports_dir), encoding="utf-8")
    os.replace(tmp, target)
    return target
