"""The opening of the progress report: the commitment and its period, the report at a
glance (completion computed and stated, the assessment's ratings, the star with its reasons), and
the commitment's text, institutions and milestones."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from labmetrics import i18n
from labmetrics.commitment import Institution
from labmetrics.evidence import level_name
from labmetrics.irm import (
    Ambition,
    Completion,
    IRMScale,
    OGPValue,
    PotentialImpact,
    Specificity,
    StarCheck,
    StarCriterion,
    StarResult,
    Verifiable,
    explain_star,
    status_key,
)
from labmetrics.report.blocks import (
    Block,
    Definitions,
    Heading,
    Items,
    Note,
    Paragraph,
    Section,
    Table,
)
from labmetrics.report.progress import reading
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import (
    attributed,
    badge,
    citation,
    period_text,
    rating,
    say,
    stage_name,
    yes_no,
)
from labmetrics.report.shared_sections import build_sample_notice
from labmetrics.report.shared_text import join

_STAR_SCALES: dict[StarCriterion, type[IRMScale]] = {
    StarCriterion.SPECIFICITY: Specificity,
    StarCriterion.POTENTIAL_IMPACT: PotentialImpact,
    StarCriterion.COMPLETION: Completion,
}


# ---------------------------------------------------------------------------- intro

def build_intro(report: ProgressReport, lang: str) -> Section:
    """The commitment, action plan, period and stage, with the sample notice."""
    c, e = report.commitment, report.evidence
    plan = c.action_plan
    items = [
        (say("intro.commitment", lang), f"{c.id} – {c.title.text(lang)}"),
        (say("intro.action_plan", lang), f"{plan.member}, {plan.cycle}"),
        (say("intro.period", lang), period_text(e.start, e.end, lang)),
        (say("intro.stage", lang), stage_name(report.stage, lang)),
        (say("intro.lead", lang), join([i.name for i in c.lead], lang)),
        (say("intro.labs", lang), join(list(c.labs), lang)),
    ]
    if report.assessment is not None:
        items.append((say("intro.assessor", lang), report.assessment.assessor.text(lang)))
    return (*build_sample_notice(report.data, lang),
            Paragraph(say("intro.purpose", lang)),
            Definitions(tuple(items)))


# ---------------------------------------------------------------------------- star

def _found(check: StarCheck, text: str, lang: str) -> str:
    """A rating as the star check read it (an IRM label or an export code), in ``lang``."""
    if check.criterion is StarCriterion.RELEVANCE:
        if text in ("", "none"):
            return say("star.no_value", lang)
        return join([level_name(OGPValue.parse(v), lang) for v in text.split(", ")], lang)
    scale = _STAR_SCALES[check.criterion]
    member = scale.get(text)
    if member is not None:
        return level_name(member, lang)
    return i18n.t(status_key(text), lang) if text in ("ND", "NR", "NA") else text


def star_reasons(result: StarResult, lang: str) -> list[str]:
    """Each criterion of the star marked met, failed or unknown, in ``lang``."""
    lines = []
    for check in result.checks:
        criterion = level_name(check.criterion, lang)
        required = say("words.or", lang).join(_found(check, r, lang) for r in check.required)
        if check.met is True:
            lines.append(say("star.met", lang, criterion=criterion,
                             found=_found(check, check.found, lang)))
        elif check.met is False:
            lines.append(say("star.failed", lang, criterion=criterion,
                             found=_found(check, check.found, lang), required=required))
        else:
            lines.append(say("star.unknown", lang, criterion=criterion, required=required))
    return lines


def star(report: ProgressReport, completion: Completion | None) -> StarResult:
    """The star rule applied to the assessment's ratings with ``completion``."""
    a = report.assessment
    if a is None:
        return explain_star(None, None, None, completion)
    relevance = {value: r.relevant for value, r in a.relevance.items()}
    return explain_star(a.specificity.value, relevance, a.potential_impact.value, completion)


def _starred(result: StarResult, lang: str) -> str:
    return say("star.starred" if result.starred else
               "star.not_starred" if result.starred is False else "star.open", lang)


# ---------------------------------------------------------------------------- at a glance

def ratings_table(report: ProgressReport, lang: str) -> pd.DataFrame:
    """The assessment's ratings beside the completion computed from the evidence.

    Columns: criterion and rating, in ``lang``; verifiable and ambition as OGP's page shows
    them, one row per OGP value for relevance, and completion twice (computed, and stated by
    the assessment).
    """
    a, e = report.assessment, report.evidence
    rows: list[tuple[str, str]] = [
        (say("glance.ogp_page_value", lang, criterion=Verifiable.title(lang)),
         rating(a.verifiable if a else None, lang)),
        (Specificity.title(lang), rating(a.specificity if a else None, lang))]
    for value in OGPValue:
        relevance = a.relevance.get(value) if a is not None else None
        rows.append((say("glance.relevance", lang, value=level_name(value, lang)),
                     yes_no(relevance.relevant if relevance else None, lang)))
    rows.append((PotentialImpact.title(lang), rating(a.potential_impact if a else None, lang)))
    rows.append((say("glance.ogp_page_value", lang, criterion=Ambition.title(lang)),
                 rating(a.ambition if a else None, lang)))
    rows.append((say("glance.completion_computed", lang), level_name(e.computed, lang)))
    override = e.override
    rows.append((say("glance.completion_stated", lang, stage=stage_name(override.stage, lang))
                 if override is not None and override.stage else
                 say("glance.completion_stated_plain", lang),
                 level_name(override.value, lang) if override is not None
                 else say("words.not_assessed", lang)))
    rows.append((say("glance.did_it_open_government", lang),
                 rating(a.did_it_open_government if a else None, lang)))
    stated = star(report, override.value if override is not None else None)
    rows.append((say("glance.starred", lang), _answer(stated, lang)))
    return pd.DataFrame(rows, columns=[say("glance.columns.criterion", lang),
                                       say("glance.columns.rating", lang)])


def _answer(result: StarResult, lang: str) -> str:
    return yes_no(result.starred, lang) if result.starred is not None else \
        say("star.undecided", lang)


def _star_blocks(report: ProgressReport, lang: str) -> list[Block]:
    e = report.evidence
    blocks: list[Block] = [Heading(say("star.heading", lang), 3),
                           Paragraph(say("star.rule", lang))]
    cases: list[tuple[str, Completion | None]] = []
    if e.override is not None:
        cases.append((say("star.with_stated", lang, level=level_name(e.override.value, lang)),
                      e.override.value))
    cases.append((say("star.with_computed", lang, level=level_name(e.computed, lang)),
                  e.computed))
    for intro, completion in cases:
        result = star(report, completion)
        blocks.append(Paragraph(f"{intro} {_starred(result, lang)}"))
        blocks.append(Items(tuple(star_reasons(result, lang))))
    return blocks


def build_at_a_glance(report: ProgressReport, lang: str) -> Section:
    """Completion computed and stated, the ratings table, and the star with its reasons."""
    e = report.evidence
    complete = sum(m.level is Completion.COMPLETE for m in e.milestones)
    # Levels are words: a definition list with badges reads on a phone where big cards
    # would break the word.
    levels: list[tuple[str, str | Markup]] = [
        (say("glance.completion_computed", lang),
         Markup("{} {}").format(badge(e.computed, lang), say(
             "glance.milestones_complete", lang, n=i18n.format_number(complete, lang),
             total=i18n.format_number(len(e.milestones), lang))))]
    if e.override is not None:
        stage = stage_name(e.override.stage, lang) if e.override.stage else ""
        levels.append((say("glance.completion_stated_plain", lang),
                       Markup("{} {}").format(badge(e.override.value, lang), stage).strip()))
    blocks: list[Block] = [Heading(say("glance.heading", lang)), Definitions(tuple(levels)),
                           reading.provisional(report, lang)]
    if e.override is not None and e.override.value != e.computed:
        blocks.append(Paragraph(say("glance.differ", lang,
                                    computed=level_name(e.computed, lang),
                                    stated=level_name(e.override.value, lang))))
        blocks += reading.why_it_differs(report, lang)
    if e.override is not None and report.assessment is not None:
        blocks.append(Paragraph(attributed("assessor", e.override.reason, e.override.sources,
                                           report.assessment.sources, lang)))
    if e.override is not None and e.override.stage and e.override.stage != report.stage:
        blocks.append(Note(say("glance.other_stage", lang,
                               stated=stage_name(e.override.stage, lang),
                               stage=stage_name(report.stage, lang))))
    if report.assessment is None:
        blocks.append(Paragraph(say("glance.no_assessment", lang)))
    else:
        blocks.append(Paragraph(say("glance.by", lang,
                                    assessor=report.assessment.assessor.text(lang))))
    blocks.append(Table(ratings_table(report, lang), say("glance.caption", lang)))
    blocks += _star_blocks(report, lang)
    return tuple(blocks)


# ---------------------------------------------------------------------------- commitment

def _institution_items(report: ProgressReport, institutions: tuple[Institution, ...],
                       lang: str) -> tuple[tuple[str, str | Markup], ...]:
    c = report.commitment
    return tuple((i.name, Markup("{} {}").format(i.role.text(lang) if i.role else "",
                                                 citation(i.sources, c.sources, lang)).strip())
                 for i in institutions)


def _design_blocks(report: ProgressReport, lang: str) -> list[Block]:
    """The assessment's review of the commitment's design: verifiable, specificity,
    relevance, potential impact and ambition, each rationale marked as the assessor's with
    its citation."""
    a = report.assessment
    if a is None:
        return []
    blocks: list[Block] = [Heading(say("design.heading", lang), 3),
                           Paragraph(say("design.intro", lang))]
    for rated, title in ((a.verifiable, Verifiable.title(lang)),
                         (a.ambition, Ambition.title(lang))):
        if rated is not None:
            blocks.append(Paragraph(attributed(
                "ogp_page", say("design.value", lang, criterion=title,
                                level=level_name(rated.value, lang)),
                rated.sources, a.sources, lang)))
    for judged, title in ((a.specificity, Specificity.title(lang)),
                          (a.potential_impact, PotentialImpact.title(lang))):
        blocks.append(Paragraph(attributed(
            "assessor", say("design.value", lang, criterion=title,
                       level=level_name(judged.value, lang)) + " " + judged.rationale.text(lang),
            judged.sources, a.sources, lang)))
        if judged.inference is not None:
            blocks.append(Paragraph(attributed("inference", judged.inference, (), a.sources,
                                               lang)))
    values = [level_name(v, lang) for v in a.relevant_values]
    blocks.append(Paragraph(say("design.relevant_to", lang, values=join(values, lang))
                            if values else say("design.relevant_to_none", lang)))
    return blocks


def build_commitment(report: ProgressReport, lang: str) -> Section:
    """The commitment's text, problem, objective, history, institutions (with their
    sources), milestones, and the assessment's review of its design."""
    c = report.commitment
    blocks: list[Block] = [Heading(say("commitment.heading", lang)),
                           Paragraph(c.text.html(lang))]
    parts = [(say("commitment.problem", lang), c.problem),
             (say("commitment.objective", lang), c.objective),
             (say("commitment.history", lang), c.history)]
    details = tuple((term, text.text(lang)) for term, text in parts if text is not None)
    if details:
        blocks.append(Definitions(details))
    blocks.append(Heading(say("commitment.institutions", lang), 3))
    for kind, institutions in (("lead", c.lead), ("supporting", c.supporting),
                               ("involved", c.involved)):
        if institutions:
            blocks += [Paragraph(say(f"commitment.{kind}", lang)),
                       Definitions(_institution_items(report, institutions, lang))]
    blocks += [Heading(say("commitment.milestones", lang), 3),
               Definitions(tuple((say("milestone.title", lang, number=m.number,
                                      title=m.title.text(lang)), m.text.text(lang))
                                 for m in c.milestones))]
    blocks += _design_blocks(report, lang)
    return tuple(blocks)
