"""Every listed partner, by region and district, with a table of contents: readable with
scripts off. With them on, a text filter (accents and case ignored, any part of a name) and
filters by kind, open technology, region and space narrow the list, the number shown
announced in a live region. The script is inline: no request leaves the page."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import pandas as pd
from markupsafe import Markup

from labmetrics import i18n
from labmetrics.errors import ConfigError
from labmetrics.report import display
from labmetrics.report.blocks import Block, Data, GeoData, Heading, Html, Links, Paragraph, Section
from labmetrics.report.directory.directory_text import day, kind_name, place, say, tech_name, words
from labmetrics.report.directory.inputs import DirectoryReport

PUBLIC_COLUMNS = ("name", "kind", "open_tech", "themes", "district_name", "subprefeitura",
                  "region", "network_joined_on", "spaces", "projects", "website")
"""What the page says of each partner: the columns of its CSV and GeoJSON, in order."""
DATA_NAME = "partners"
SCRIPT = "directory"


def fold(text: str) -> str:
    """``text`` without accents, in lower case: what the filter compares (the page's
    script folds what is typed the same way)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def public_frame(report: DirectoryReport) -> pd.DataFrame:
    """The listed partners as the open data holds them: :data:`PUBLIC_COLUMNS`."""
    return report.directory.partners.loc[:, list(PUBLIC_COLUMNS)].reset_index(drop=True)


def district_points(report: DirectoryReport) -> list[tuple[float, float] | None]:
    """Each listed partner's place in the GeoJSON: its district's representative point
    (the page names the district, not an address), None without a district."""
    districts = report.data.districts
    points = gpd.GeoSeries(districts.geometry.values, crs=districts.crs).to_crs(4326)
    inside = points.representative_point()
    where = {str(n): (p.x, p.y) for n, p in zip(districts["district_name"], inside,
                                                  strict=True)}
    return [where.get(str(n)) if isinstance(n, str) else None
            for n in report.directory.partners["district_name"]]


# ---------------------------------------------------------------------------- one partner

def _website(url: Any) -> Markup | str:
    if url is None or pd.isna(url):
        return ""
    try:
        return display.link_html(str(url), str(url))
    except ConfigError:  # an address that is not http(s) shows as text, never as a link
        return str(url)


def _facts(row: Any, lang: str) -> Markup:
    facts: list[tuple[str, Markup | str]] = [
        (say("listing.facts.kind", lang), kind_name(row.kind, lang)),
        (say("listing.facts.open_tech", lang), words((tech_name(t, lang) for t in row.open_tech),
                                                     lang)),
        (say("listing.facts.themes", lang), words(row.themes, lang)),
        (say("listing.facts.place", lang), place(row.district_name, row.region, lang)),
        (say("listing.facts.joined", lang), day(row.network_joined_on, lang)),
        (say("listing.facts.spaces", lang), words(row.spaces, lang)),
        (say("listing.facts.projects", lang), words(row.projects, lang)),
    ]
    site = _website(row.website)
    if site:
        facts.append((say("listing.facts.website", lang), site))
    body = Markup("").join(Markup("<div><dt>{}</dt><dd>{}</dd></div>").format(t, v)
                           for t, v in facts)
    return Markup('<dl class="partner-facts">{}</dl>').format(body)


def _partner(row: Any, lang: str) -> Markup:
    data = {"search": fold(str(row.name)), "kind": row.kind,
            "tech": " ".join(row.open_tech),
            "region": row.region if isinstance(row.region, str) else "",
            "spaces": " ".join(row.space_ids)}
    attrs = Markup(" ").join(Markup('data-{}="{}"').format(k, v) for k, v in data.items())
    return Markup('<li class="partner" {}><p class="partner-name">{}</p>{}</li>').format(
        attrs, row.name, _facts(row, lang))


# ---------------------------------------------------------------------------- the list

def _groups(partners: pd.DataFrame, lang: str, city: str
            ) -> list[tuple[str, list[tuple[str, pd.DataFrame]]]]:
    """Regions, each with its districts and their partners, in the directory's order; a
    city without regions is one group, named after the city."""
    unplaced = say("listing.unplaced", lang)
    has_regions = bool(partners["region"].notna().any())
    whole = partners["district_name"].notna() & ~has_regions
    region = partners["region"].astype(object).where(partners["region"].notna(), unplaced)
    region = region.where(~whole, city)
    district = partners["district_name"].astype(object).where(
        partners["district_name"].notna(), unplaced)
    out: list[tuple[str, list[tuple[str, pd.DataFrame]]]] = []
    for r in dict.fromkeys(region):
        in_region = partners.loc[region == r]
        out.append((str(r), [(str(d), in_region.loc[district[in_region.index] == d])
                             for d in dict.fromkeys(district[in_region.index])]))
    return out


def _count(n: int, lang: str) -> str:
    return say("listing.count", lang, n=i18n.format_number(n, lang))


def _options(name: str, label: str, choices: Iterable[tuple[str, str]], lang: str) -> Markup:
    options = Markup("").join(Markup('<option value="{}">{}</option>').format(v, t)
                              for v, t in choices)
    return Markup('<p><label for="directory-{0}">{1}</label><select id="directory-{0}" '
                  'data-filter="{0}"><option value="">{2}</option>{3}</select></p>').format(
        name, label, say("listing.filter.any", lang), options)


def _filter(report: DirectoryReport, lang: str, used: set[str]) -> Markup:
    """The filters, hidden until the script shows them (without it they would do nothing)."""
    partners = report.directory.partners
    total = len(partners)
    kinds = sorted({str(k) for k in partners["kind"].dropna()}, key=lambda k: kind_name(k, lang))
    techs = sorted({t for row in partners["open_tech"] for t in row},
                   key=lambda t: tech_name(t, lang))
    regions = sorted({str(r) for r in partners["region"].dropna()})
    names = dict(zip(report.data.spaces["space_id"].astype(str),
                     report.data.spaces["name"].astype(str), strict=True))
    spaces = sorted({s for row in partners["space_ids"] for s in row},
                    key=lambda s: names.get(s, s).casefold())
    heading_id = display.unique_id(say("listing.filter.heading", lang), used)
    fields = Markup("").join((
        Markup('<p><label for="directory-name">{}</label><input type="search" '
               'id="directory-name" data-filter="name" autocomplete="off"></p>').format(
            say("listing.filter.name", lang)),
        _options("kind", say("listing.filter.kind", lang),
                 ((k, kind_name(k, lang)) for k in kinds), lang),
        _options("tech", say("listing.filter.tech", lang),
                 ((t, tech_name(t, lang)) for t in techs), lang),
        # A city without regions (its pack has none) gets no region filter.
        _options("region", say("listing.filter.region", lang), ((r, r) for r in regions), lang)
        if regions else Markup(""),
        _options("spaces", say("listing.filter.space", lang),
                 ((s, names.get(s, s)) for s in spaces), lang),
    ))
    shown = say("listing.filter.shown", lang, n="{n}", total=i18n.format_number(total, lang))
    shown_one = say("listing.filter.shown_one", lang, total=i18n.format_number(total, lang))
    return Markup(
        '<div class="directory-filter" id="directory-filter" hidden data-shown="{}" '
        'data-shown-one="{}" data-none="{}">'
        '<h3 id="{}">{}</h3><form role="search" aria-labelledby="{}">{}'
        '<p><button type="reset">{}</button></p></form>'
        '<p id="directory-count" class="directory-count" role="status" aria-live="polite" '
        'aria-atomic="true"></p></div>').format(
        shown, shown_one, say("listing.filter.none", lang), heading_id,
        say("listing.filter.heading", lang), heading_id, fields,
        say("listing.filter.reset", lang))


def _contents(groups: list[tuple[str, list[tuple[str, pd.DataFrame]]]],
              ids: dict[tuple[str, str], str], lang: str, used: set[str]) -> Markup:
    """The table of contents: each region and its districts, with how many partners."""
    heading_id = display.unique_id(say("listing.contents", lang), used)
    regions = []
    for region, districts in groups:
        n = sum(len(f) for _, f in districts)
        inner = Markup("").join(Markup('<li><a href="#{}">{}</a> ({})</li>').format(
            ids[region, d], d, i18n.format_number(len(f), lang)) for d, f in districts)
        regions.append(Markup('<li><a href="#{}">{}</a> ({})<ul>{}</ul></li>').format(
            ids[region, ""], region, _count(n, lang), inner))
    return Markup('<nav class="directory-contents" aria-labelledby="{0}"><h3 id="{0}">{1}</h3>'
                  '<ul>{2}</ul></nav>').format(heading_id, say("listing.contents", lang),
                                               Markup("").join(regions))


def listing_html(report: DirectoryReport, lang: str, data_links: Markup | None = None
                 ) -> Markup:
    """The filters, the table of contents and every listed partner by region and district."""
    groups = _groups(report.directory.partners, lang, report.data.city.city_name(lang))
    used: set[str] = set()  # the anchors of this list, unique among themselves
    ids = {}
    for region, districts in groups:
        ids[region, ""] = display.unique_id(region, used)
        for d, _ in districts:
            ids[region, d] = display.unique_id(f"{region} {d}", used)
    sections = []
    for region, districts in groups:
        inner = Markup("").join(
            Markup('<section class="directory-district" aria-labelledby="{0}">'
                   '<h4 id="{0}">{1}</h4><ul class="partners">{2}</ul></section>').format(
                ids[region, d], d,
                Markup("").join(_partner(r, lang) for r in f.itertuples(index=False)))
            for d, f in districts)
        n = sum(len(f) for _, f in districts)
        sections.append(Markup('<section class="directory-region" aria-labelledby="{0}">'
                               '<h3 id="{0}">{1} <span class="meta">({2})</span></h3>{3}'
                               '</section>').format(ids[region, ""], region, _count(n, lang),
                                                    inner))
    return Markup('<div class="directory" id="directory">{}{}{}{}</div>{}').format(
        _filter(report, lang, used), _contents(groups, ids, lang, used), data_links or "",
        Markup("").join(sections), display.script_html(SCRIPT))


def build_listing(report: DirectoryReport, lang: str) -> Section:
    """Every listed partner, with the filters and a table of contents; its CSV and GeoJSON
    (the same columns) written beside the page and linked."""
    blocks: list[Block] = [Heading(say("listing.heading", lang))]
    d = report.directory
    if d.partners.empty:
        key = "listing.none_named" if d.total else "summary.empty"
        return (*blocks, Paragraph(say(key, lang, date=day(d.as_of, lang))))
    frame = public_frame(report)
    links = Links(say("listing.data", lang), ((say("listing.csv", lang), DATA_NAME),
                                              (say("listing.geojson", lang),
                                               f"{DATA_NAME}.geojson")))
    blocks += [Data(frame, DATA_NAME),
               GeoData(frame, tuple(district_points(report)), DATA_NAME),
               Paragraph(say("listing.intro", lang)), links,
               Html(listing_html(report, lang))]
    return tuple(blocks)
