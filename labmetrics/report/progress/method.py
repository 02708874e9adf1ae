"""The closing sections of the progress report: the recommendations (the assessment's as
published, then what the evidence suggests), then the method (how completion is computed,
each indicator, the data) and the sources of every text and rating."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labmetrics import i18n
from labmetrics.evidence import indicator_explanation, indicator_label, recommendations
from labmetrics.report.blocks import Block, Definitions, Heading, Items, Paragraph, Section
from labmetrics.report.progress import reading
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import attributed, say
from labmetrics.report.shared_sections import build_assumptions, build_data_sources
from labmetrics.report.shared_text import source_items


def build_recommendations(report: ProgressReport, lang: str) -> Section:
    """The assessment's recommendations as published, each with its citation, then, apart,
    what the evidence suggests (labmetrics' reading), most specific first."""
    a = report.assessment
    blocks: list[Block] = [Heading(say("recommendations.heading", lang))]
    if a is not None and a.recommendations:
        blocks += [Heading(say("recommendations.assessment_heading", lang), 3),
                   Paragraph(say("recommendations.irm_intro", lang,
                                 assessor=a.assessor.text(lang))),
                   Items(tuple(attributed("published", r.text, r.sources, a.sources, lang)
                               for r in a.recommendations), ordered=True)]
    found = recommendations(report.evidence)
    blocks.append(Heading(say("recommendations.evidence_heading", lang), 3))
    if not found:
        return (*blocks, Paragraph(say("recommendations.none", lang)))
    return (*blocks, Paragraph(say("recommendations.intro", lang)),
            Items(tuple(r.text(lang) for r in found), ordered=True))


def build_method(report: ProgressReport, lang: str) -> Section:
    """How completion is computed, each indicator's definition, the data (inputs, sha256,
    validation accounting, quarantine reasons) and the sources of the texts and ratings."""
    c, a = report.commitment, report.assessment
    blocks: list[Block] = [
        Heading(say("method.heading", lang)),
        Paragraph(i18n.t("evidence.method.rules", lang)),
        reading.method_note(report, lang),
        Paragraph(i18n.t("evidence.method.overall", lang)),
        Paragraph(i18n.t("sections.projects_rule", lang)),
    ]
    if a is not None:
        blocks.append(Paragraph(i18n.t("evidence.method.override", lang,
                                       assessor=a.assessor.text(lang))))
    blocks += [Paragraph(say("method.star", lang)),
               Heading(say("method.indicators", lang), 3),
               Definitions(tuple((indicator_label(i, lang), indicator_explanation(i, lang))
                                 for i in c.indicator_ids)),
               Paragraph(say("method.open_government", lang))]
    blocks += build_gaps(report, lang)
    blocks += build_data_sources(report.data, lang)
    blocks += build_assumptions("progress", lang)
    blocks += [Heading(say("method.sources", lang), 3),
               Paragraph(say("method.commitment_sources", lang, path=_file_name(c.path))),
               Items(source_items(c.sources, lang))]
    if a is not None:
        blocks += [Paragraph(say("method.assessment_sources", lang,
                                 assessor=a.assessor.text(lang),
                                 path=_file_name(a.path))),
                   Items(source_items(a.sources, lang))]
    if report.ogp is not None:
        blocks.append(Paragraph(say("method.ogp_source", lang,
                                    path=_file_name(report.ogp.attrs.get("source")))))
    blocks.append(Paragraph(say("method.open_data", lang)))
    return tuple(blocks)


def build_gaps(report: ProgressReport, lang: str) -> list[Block]:
    """Every indicator of the commitment without data, and the column it lacks: nothing
    when the data has every column the indicators need."""
    gaps = [report.evidence.indicators[i] for i in report.commitment.indicator_ids
            if report.evidence.indicators[i].no_data]
    if not gaps:
        return []
    return [Heading(say("method.gaps", lang), 3),
            Paragraph(say("method.gaps_intro", lang)),
            Items(tuple(say("method.gap", lang, indicator=ind.label(lang),
                            reason=ind.reason(lang)) for ind in gaps))]


def _file_name(path: Any) -> str:
    return Path(path).name if path else "–"
