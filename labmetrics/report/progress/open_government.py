"""Did it open government: per OGP value, the assessment's relevance and rating beside the
indicators of the evidence that speak to it."""

from __future__ import annotations

import pandas as pd

from labmetrics.commitment import Judgment, Relevance
from labmetrics.evidence import indicator_label, level_name
from labmetrics.irm import DidItOpenGovernment, OGPValue
from labmetrics.report.blocks import Block, Data, Definitions, Heading, Items, Paragraph, Section
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import attributed, rating, say, yes_no

VALUE_INDICATORS: dict[OGPValue, tuple[str, ...]] = {
    OGPValue.ACCESS_TO_INFORMATION: ("open_data_published_share", "open_data_used_share"),
    OGPValue.CIVIC_PARTICIPATION: ("network_partners", "groups_using_spaces",
                                   "project_partner_groups", "participants_reached"),
    OGPValue.PUBLIC_ACCOUNTABILITY: (),
    OGPValue.TECHNOLOGY_AND_INNOVATION: ("joint_projects", "osi_licence_share",
                                         "coworking_hours"),
}
"""The indicators that speak to each OGP value: people taking part for civic participation,
open data for access to information, open tools and joint building for technology and
innovation. None of the registry's indicators measures public accountability."""


def supporting_indicators(report: ProgressReport, value: OGPValue) -> tuple[str, ...]:
    """The commitment's indicators that speak to ``value`` (see :data:`VALUE_INDICATORS`)."""
    used = set(report.commitment.indicator_ids)
    return tuple(i for i in VALUE_INDICATORS[value] if i in used)


def _judgments(report: ProgressReport, value: OGPValue
               ) -> tuple[Relevance | None, Judgment[DidItOpenGovernment] | None]:
    """The assessment's relevance and did-it-open-government rating for ``value`` (None
    when not assessed)."""
    a = report.assessment
    if a is None:
        return None, None
    return a.relevance.get(value), a.did_it_open_government_by_value.get(value)


def open_government_table(report: ProgressReport) -> pd.DataFrame:
    """Per OGP value: relevant and did it open government (the assessment's, empty when
    not assessed), and each supporting indicator with its value: one row per indicator
    (a value with none has one row without)."""
    e = report.evidence
    rows = []
    for value in OGPValue:
        relevance, judged = _judgments(report, value)
        base = {"ogp_value": value.label,
                "relevant": relevance.relevant if relevance is not None else None,
                "did_it_open_government": judged.value.label if judged is not None else None}
        indicators = supporting_indicators(report, value)
        rows += [{**base, "indicator": i, "value": e.indicators[i].value,
                  "unit": e.indicators[i].unit} for i in indicators] or [
            {**base, "indicator": None, "value": None, "unit": None}]
    frame = pd.DataFrame(rows, columns=["ogp_value", "relevant", "did_it_open_government",
                                        "indicator", "value", "unit"])
    return frame.astype({"relevant": "boolean", "value": "Float64"})


def build_open_government(report: ProgressReport, lang: str) -> Section:
    """Did it open government: overall, then per OGP value its relevance and rating (the
    assessment's, marked as the assessor's with their citation, labmetrics' inferences apart) and
    the indicators of the evidence: under the values rated relevant, and as "also measured"
    under the others."""
    a, e = report.assessment, report.evidence
    blocks: list[Block] = [Heading(say("open_gov.heading", lang)),
                           Paragraph(say("open_gov.intro", lang))]
    if a is not None and a.did_it_open_government is not None:
        overall = a.did_it_open_government
        blocks.append(Paragraph(say("open_gov.overall", lang, assessor=a.assessor.text(lang),
                                    level=level_name(overall.value, lang))))
        blocks.append(Paragraph(attributed("assessor", overall.rationale, overall.sources,
                                           a.sources, lang)))
    else:
        blocks.append(Paragraph(say("open_gov.not_assessed", lang)))
    for value in OGPValue:
        relevance, judged = _judgments(report, value)
        terms: list[tuple[str, str]] = [
            (say("open_gov.columns.relevant", lang),
             yes_no(relevance.relevant if relevance else None, lang))]
        if relevance is not None and relevance.relevant:
            terms.append((say("open_gov.columns.judged", lang), rating(judged, lang)))
        blocks += [Heading(level_name(value, lang), 3), Definitions(tuple(terms))]
        for judgment in (relevance, judged):
            if judgment is None or a is None:
                continue
            blocks.append(Paragraph(attributed("assessor", judgment.rationale, judgment.sources,
                                               a.sources, lang)))
            if judgment.inference is not None:
                blocks.append(Paragraph(attributed("inference", judgment.inference, (),
                                                   a.sources, lang)))
        indicators = supporting_indicators(report, value)
        listed = tuple(f"{indicator_label(i, lang)}: {e.indicators[i].formatted(lang)}"
                       for i in indicators)
        if indicators and (relevance is None or relevance.relevant):
            blocks += [Paragraph(say("open_gov.supported_by", lang)), Items(listed)]
        elif indicators:
            blocks += [Paragraph(say("open_gov.also_measured", lang)), Items(listed)]
        else:
            blocks.append(Paragraph(say("open_gov.no_indicator", lang)))
    blocks.append(Data(open_government_table(report), "open-government"))
    return tuple(blocks)
