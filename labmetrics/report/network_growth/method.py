"""The method of the network report: each measure's definition, the data and the map's
source."""

from __future__ import annotations

from labmetrics import i18n, network
from labmetrics.city import CityPack
from labmetrics.report.blocks import Block, Definitions, Heading, Paragraph, Section
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.network_growth.network_text import partners_note, say
from labmetrics.report.shared_sections import build_assumptions, build_data_sources
from labmetrics.report.shared_text import join


def definition_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """Each metric's name and its definition, from the catalogue, in ``lang``."""
    terms = []
    for metric, text in network.definitions(lang).items():
        key = f"network.labels.{metric}"
        name = i18n.t(key, lang) if i18n.has(key, lang) else say(f"method.terms.{metric}", lang)
        terms.append((name, text))
    return tuple(terms)


def build_gaps(report: NetworkReport, lang: str) -> list[Block]:
    """What the data lacks to count partners, when it does: nothing otherwise."""
    cannot = partners_note(report, lang)
    if not cannot:
        return []
    return [Heading(say("method.gaps", lang), 3), Paragraph(cannot)]


def betweenness_note(report: NetworkReport, lang: str) -> str:
    """Whether the spaces' betweenness was computed exactly or estimated, and from what."""
    how = report.space_metrics.attrs.get("betweenness") or {}
    if not how.get("sources"):
        return i18n.t("assumptions.betweenness_exact", lang)
    return i18n.t("assumptions.betweenness_estimated", lang,
                  nodes=i18n.format_number(how["nodes"], lang),
                  edges=i18n.format_number(how["edges"], lang),
                  sources=i18n.format_number(how["sources"], lang))


def build_method(report: NetworkReport, lang: str) -> Section:
    """Each metric's definition, the data (inputs, sha256, validation accounting,
    quarantine reasons) and the map's source."""
    return (Heading(say("method.heading", lang)),
            Paragraph(say("method.intro", lang)),
            Definitions(definition_terms(lang)),
            *build_gaps(report, lang),
            Paragraph(i18n.t("sections.projects_rule", lang)),
            *build_data_sources(report.data, lang),
            *build_assumptions("network", lang, estimates=(betweenness_note(report, lang),)),
            Heading(say("method.sources", lang), 3),
            Paragraph(say("method.map_source", lang, credit=report.data.city.credit,
                          areas=_area_words(report.data.city, lang))),
            Paragraph(say("method.open_data", lang)))


def _area_words(pack: CityPack, lang: str) -> str:
    """The city pack's words for its areas and, when it has one, their upper level."""
    words = [pack.area_label(lang)]
    if pack.upper is not None:
        words.append(pack.upper.label.get(lang) or next(iter(pack.upper.label.values())))
    return join(words, lang)
