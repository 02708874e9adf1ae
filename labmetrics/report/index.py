"""The landing page of a reports folder: ``index.html``, built from the reports' sidecars.

Each report the engine writes has a sidecar ``<stem>.json`` beside it (title, language,
period, data files...). The index groups the reports by commitment (network reports apart)
and period, and links the two languages of each report and their open data. It speaks
pt-BR with English labels beside, needs no script and loads nothing from the network.
"""

from __future__ import annotations

import json
import os
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
    provenance, parameters, inputs)."""

    html: str
    lang: str
    title: str
    generated_at: str
    report: NotRequired[str]
    kind: NotRequired[str | None]
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
    """The languages of one report on one period."""

    id: str
    kind_pt: str
    kind_en: str
    period: str
    versions: list[Version]


class IndexSection(TypedDict):
    """A section of the index: one commitment's reports, or the network's."""

    id: str
    title_pt: str
    title_en: str
    groups: list[PeriodGroup]


def read_sidecars(reports_dir: Path) -> list[Sidecar]:
    """Return the sidecars of ``reports_dir`` whose report page exists, sorted by name.

    JSON files that are not sidecars (no ``html``, ``lang``, ``title`` or ``generated_at``)
    or that cannot be read are not reports and are left out.
    """
    records: list[Sidecar] = []
    for path in sorted(reports_dir.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or any(k not in record for k in _REQUIRED):
            continue
        if record["lang"] not in config.LANGUAGES or not (reports_dir / record["html"]).is_file():
            continue
        # The keys the index needs are there (_REQUIRED); the others it reads with .get.
        records.append(cast(Sidecar, record))
    return records


def _section_key(record: Sidecar) -> tuple[int, str]:
    if record.get("commitment"):
        return 0, str(record["commitment"])
    if record.get("kind") == "network":
        return 1, "network"
    return 2, str(record.get("report", record["html"]))


def _section_titles(key: tuple[int, str]) -> tuple[str, str]:
    order, name = key
    if order == 0:
        return (i18n.t("report.index.commitment", "pt-BR", commitment=name),
                i18n.t("report.index.commitment", "en", commitment=name))
    if order == 1:
        return i18n.t("report.index.network", "pt-BR"), i18n.t("report.index.network", "en")
    return name, name


def _kind_labels(record: Sidecar) -> tuple[str, str]:
    kind = record.get("kind")
    if kind and i18n.has(f"report.kinds.{kind}", "pt-BR"):
        return i18n.t(f"report.kinds.{kind}", "pt-BR"), i18n.t(f"report.kinds.{kind}", "en")
    label_pt, label_en = i18n.t("report.index.report", "pt-BR"), i18n.t("report.index.report",
                                                                       "en")
    return label_pt, label_en


def _period(record: Sidecar) -> tuple[str, str]:
    period = record.get("period") or {}
    return str(period.get("start", "")), str(period.get("end", ""))


def _version(record: Sidecar) -> Version:
    data, package = record.get("data"), record.get("datapackage")
    return {
        "lang": record["lang"],
        "href": quote(record["html"]),
        "title": record["title"],
        "language_name": i18n.t("common.language_name", record["lang"]),
        "generated_iso": record["generated_at"],
        "generated": i18n.format_date(record["generated_at"], PAGE_LANG),
        "datapackage": quote(package) if package else None,
        "files": [{"name": name, "href": f"{quote(data)}/{quote(name)}"}
                  for name in record.get("csv", [])] if data else [],
    }


def group_reports(records: list[Sidecar]) -> list[IndexSection]:
    """Arrange sidecars into sections (commitment, then network) of period groups (latest
    first) holding each report's language versions (pt-BR first)."""
    lang_order = {lang: i for i, lang in enumerate(config.LANGUAGES)}
    sections: dict[tuple[int, str], dict[tuple[str, str, str], list[Sidecar]]] = {}
    for record in records:
        group = (str(record.get("kind", record.get("report", ""))), *_period(record))
        sections.setdefault(_section_key(record), {}).setdefault(group, []).append(record)
    out: list[IndexSection] = []
    for n, key in enumerate(sorted(sections)):
        title_pt, title_en = _section_titles(key)
        groups: list[PeriodGroup] = []
        ordered = sorted(sections[key].items(), key=lambda item: (item[0][1], item[0][2]),
                         reverse=True)
        for m, ((_, start, end), members) in enumerate(ordered):
            members.sort(key=lambda r: (lang_order.get(r["lang"], 99), r["html"]))
            kind_pt, kind_en = _kind_labels(members[0])
            groups.append({
                "id": f"group-{n + 1}-{m + 1}",
                "kind_pt": kind_pt, "kind_en": kind_en,
                "period": i18n.format_period(start, end, PAGE_LANG) if start and end else "",
                "versions": [_version(r) for r in members],
            })
        out.append({"id": f"section-{n + 1}", "title_pt": title_pt, "title_en": title_en,
                    "groups": groups})
    return out


def render_index(reports_dir: Path) -> str:
    """Return the HTML of the landing page of ``reports_dir``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.TEMPLATES_DIR / "labmetrics")),
        autoescape=True, trim_blocks=False, lstrip_blocks=False,
    )
    moment = now()
    pt, en = page_text("pt-BR"), page_text("en")
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
    return env.get_template("landing.html.j2").render(page=page, pt=pt, en=en,
                                                      sections=sections)


def write_index(reports_dir: Path) -> Path:
    """Write ``reports_dir/index.html`` (atomically) and return its path."""
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / INDEX_NAME
    tmp = reports_dir / f".{INDEX_NAME}.{os.getpid()}.tmp"
    tmp.write_text(render_index(reports_dir), encoding="utf-8")
    os.replace(tmp, target)
    return target
