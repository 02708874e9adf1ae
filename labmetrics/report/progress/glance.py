"""The sections of the IRM-style progress report on a commitment.

:func:`prepare` reads everything the report needs once (data, commitment, assessment,
evidence of the period and of a previous one, the OGP export); each ``build_*`` function
returns one section as a :data:`~labmetrics.report.sections.Section` and each ``show_*``
publishes it, so that the notebook ``notebooks/irm_progress_report.ipynb`` is one call per
section. The sections follow the chapter the IRM writes on a commitment: at a glance, the
commitment and its milestones, what happened per milestone, did it open government, change,
comparison with commitments of its kind, recommendations, method and sources.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from labmetrics import config, figures, i18n
from labmetrics.commitment import (
    RULE_LEVELS,
    Assessment,
    Commitment,
    find_commitment_files,
    read_assessment,
    read_commitment,
)
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.evidence import (
    CommitmentEvidence,
    MilestoneEvidence,
    assess,
    compare_periods,
    format_value,
    indicator_explanation,
    indicator_label,
    level_name,
    recommendations,
    write_evidence_csv,
)
from labmetrics.indicators import INDICATORS, Unit
from labmetrics.irm import (
    Completion,
    IRMScale,
    OGPValue,
    PotentialImpact,
    Specificity,
    StarCheck,
    StarCriterion,
    StarResult,
    explain_star,
    read_ogp_commitments,
    status_key,
)
from labmetrics.report import display
from labmetrics.report.sections import (
    Block,
    Data,
    Definitions,
    Figure,
    Heading,
    Items,
    KeyFigure,
    KeyFigures,
    Note,
    Paragraph,
    Section,
    Table,
    build_data_sources,
    build_sample_notice,
    join,
    shower,
    source_items,
)

STAGES = ("midterm", "end_of_term")
# The OGP export's completion column for each stage of the report.
STAGE_COLUMNS = {"midterm": "completion_progress_report", "end_of_term": "completion_end_of_term"}
STAR_COLUMNS = {"midterm": "starred_progress", "end_of_term": "starred_end_of_term"}
VALUE_COLUMNS = {
    OGPValue.ACCESS_TO_INFORMATION: "ogp_value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "ogp_value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "ogp_value_public_accountability",
    OGPValue.TECHNOLOGY_AND_INNOVATION: "ogp_value_technology",
}

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

_LEVEL_TONES = {Completion.COMPLETE: "good", Completion.SUBSTANTIAL: "good",
                Completion.LIMITED: "warning", Completion.NOT_STARTED: "bad"}
_STAR_SCALES: dict[StarCriterion, type[IRMScale]] = {
    StarCriterion.SPECIFICITY: Specificity,
    StarCriterion.POTENTIAL_IMPACT: PotentialImpact,
    StarCriterion.COMPLETION: Completion,
}


# ---------------------------------------------------------------------------- inputs

@dataclass(frozen=True, eq=False)
class ProgressReport:
    """Everything the progress report shows, computed once.

    Attributes
    ----------
    data
        The validated data.
    commitment, assessment
        The commitment file and the evaluator's judgments (None when there is none).
    evidence
        The evidence of the period.
    stage
        ``midterm`` or ``end_of_term``.
    previous
        The evidence of the previous period, when one was given.
    ogp
        OGP's commitment export (:func:`labmetrics.irm.read_ogp_commitments`), when given.
    """

    data: LabData
    commitment: Commitment
    assessment: Assessment | None
    evidence: CommitmentEvidence
    stage: str = "end_of_term"
    previous: CommitmentEvidence | None = None
    ogp: pd.DataFrame | None = None


def prepare(commitment: str = config.DEFAULT_COMMITMENT, data_path: str | Path | None = None,
            period_start: Any = "2017-01-01", period_end: Any = "2017-12-31",
            stage: str = "end_of_term", assessment_path: str | Path | None = None,
            commitment_path: str | Path | None = None,
            ogp_data_path: str | Path | None = None, previous_period_start: Any = None,
            previous_period_end: Any = None,
            data: LabData | None = None) -> ProgressReport:
    """Read the inputs of a progress report and compute its evidence.

    Parameters
    ----------
    commitment
        The commitment id.
    data_path
        A raw or processed data folder; None for the bundled sample. Ignored when ``data``
        is given.
    period_start, period_end
        The period assessed (inclusive ISO dates).
    stage
        ``midterm`` or ``end_of_term``.
    assessment_path, commitment_path
        The files; without ``commitment_path`` both are looked up in
        ``data/raw/commitments/`` (no assessment when none is there). With
        ``commitment_path`` alone, the report has no assessment.
    ogp_data_path
        OGP's commitment export, to compare with commitments of its kind.
    previous_period_start, previous_period_end
        A previous period to show change since; both or neither.
    data
        Data already loaded (tests, the explore notebook).

    Raises
    ------
    ConfigError
        A wrong stage, half a previous period, or files of another commitment.
    """
    if stage not in STAGES:
        raise ConfigError(f"stage '{stage}' is unknown.", fix=f"use one of {', '.join(STAGES)}.")
    if (previous_period_start is None) != (previous_period_end is None):
        raise ConfigError("the previous period has only one of its two dates.",
                          fix="give both previous_period_start and previous_period_end, "
                          "or neither.")
    if commitment_path is None:
        found = find_commitment_files(commitment)
        commitment_path = found.commitment
        if assessment_path is None:
            assessment_path = found.assessment
    read = read_commitment(commitment_path)
    if read.id != commitment:
        raise ConfigError(f"the file {commitment_path} holds commitment {read.id}, not "
                          f"{commitment}.", file=commitment_path,
                          fix=f"pass {commitment}'s file, or commitment='{read.id}'.")
    judged = read_assessment(assessment_path) if assessment_path else None
    if data is None:
        from labmetrics.dataset import load

        data = load(data_path)
    evidence = assess(data, read, period_start, period_end, judged)
    previous = (assess(data, read, previous_period_start, previous_period_end, judged)
                if previous_period_start is not None else None)
    ogp = read_ogp_commitments(ogp_data_path) if ogp_data_path else None
    return ProgressReport(data=data, commitment=read, assessment=judged, evidence=evidence,
                          stage=stage, previous=previous, ogp=ogp)


def save_evidence(report: ProgressReport, data_dir: str | Path | None) -> list[Path]:
    """Write the rows behind every indicator as CSV into the report's data folder
    (nothing without one); return the files written."""
    if not data_dir:
        return []
    return write_evidence_csv(report.evidence, data_dir)


# ---------------------------------------------------------------------------- words

def _t(key: str, lang: str, **values: Any) -> str:
    return i18n.t(f"progress.{key}", lang, **values)


def _period(start: Any, end: Any, lang: str) -> str:
    return i18n.format_period(start, end, lang)


def _stage(stage: str | None, lang: str) -> str:
    return _t(f"stages.{stage}", lang)


def _badge(level: Completion, lang: str) -> Markup:
    return display.badge_html(level_name(level, lang), _LEVEL_TONES.get(level, "neutral"))


def _yes_no(flag: bool | None, lang: str) -> str:
    if flag is None:
        return _t("words.unknown", lang)
    return _t("words.yes" if flag else "words.no", lang)


def _rating(judgment: Any, lang: str) -> str:
    return level_name(judgment.value, lang) if judgment is not None else \
        _t("words.not_assessed", lang)


def _found(check: StarCheck, text: str, lang: str) -> str:
    """A rating as the star check read it (an IRM label or an export code), in ``lang``."""
    if check.criterion is StarCriterion.RELEVANCE:
        if text in ("", "none"):
            return _t("star.no_value", lang)
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
        required = _t("words.or", lang).join(_found(check, r, lang) for r in check.required)
        if check.met is True:
            lines.append(_t("star.met", lang, criterion=criterion,
                            found=_found(check, check.found, lang)))
        elif check.met is False:
            lines.append(_t("star.failed", lang, criterion=criterion,
                            found=_found(check, check.found, lang), required=required))
        else:
            lines.append(_t("star.unknown", lang, criterion=criterion, required=required))
    return lines


def star(report: ProgressReport, completion: Completion | None) -> StarResult:
    """The star rule applied to the assessment's ratings with ``completion``."""
    a = report.assessment
    if a is None:
        return explain_star(None, None, None, completion)
    relevance = {value: r.relevant for value, r in a.relevance.items()}
    return explain_star(a.specificity.value, relevance, a.potential_impact.value, completion)


def _starred(result: StarResult, lang: str) -> str:
    return _t("star.starred" if result.starred else
              "star.not_starred" if result.starred is False else "star.open", lang)


# ---------------------------------------------------------------------------- intro

def build_intro(report: ProgressReport, lang: str) -> Section:
    """The commitment, action plan, period and stage, with the sample notice."""
    c, e = report.commitment, report.evidence
    plan = c.action_plan
    items = [
        (_t("intro.commitment", lang), f"{c.id} – {c.title.text(lang)}"),
        (_t("intro.action_plan", lang), f"{plan.member}, {plan.cycle}"),
        (_t("intro.period", lang), _period(e.start, e.end, lang)),
        (_t("intro.stage", lang), _stage(report.stage, lang)),
        (_t("intro.lead", lang), join([i.name for i in c.lead], lang)),
        (_t("intro.labs", lang), join(list(c.labs), lang)),
    ]
    if report.assessment is not None:
        items.append((_t("intro.assessor", lang), report.assessment.assessor))
    return (*build_sample_notice(report.data, lang),
            Paragraph(_t("intro.purpose", lang)),
            Definitions(tuple(items)))


# ---------------------------------------------------------------------------- at a glance

def ratings_table(report: ProgressReport, lang: str) -> pd.DataFrame:
    """The assessment's ratings beside the completion computed from the evidence.

    Columns: criterion and rating, in ``lang``; one row per OGP value for relevance, and
    completion twice (computed, and stated by the assessment).
    """
    a, e = report.assessment, report.evidence
    rows: list[tuple[str, str]] = [
        (Specificity.title(lang), _rating(a.specificity if a else None, lang))]
    for value in OGPValue:
        relevance = a.relevance.get(value) if a is not None else None
        rows.append((_t("glance.relevance", lang, value=level_name(value, lang)),
                     _yes_no(relevance.relevant if relevance else None, lang)))
    rows.append((PotentialImpact.title(lang), _rating(a.potential_impact if a else None, lang)))
    rows.append((_t("glance.completion_computed", lang), level_name(e.computed, lang)))
    override = e.override
    rows.append((_t("glance.completion_stated", lang, stage=_stage(override.stage, lang))
                 if override is not None and override.stage else
                 _t("glance.completion_stated_plain", lang),
                 level_name(override.value, lang) if override is not None
                 else _t("words.not_assessed", lang)))
    rows.append((_t("glance.did_it_open_government", lang),
                 _rating(a.did_it_open_government if a else None, lang)))
    stated = star(report, override.value if override is not None else None)
    rows.append((_t("glance.starred", lang), _answer(stated, lang)))
    return pd.DataFrame(rows, columns=[_t("glance.columns.criterion", lang),
                                       _t("glance.columns.rating", lang)])


def _answer(result: StarResult, lang: str) -> str:
    return _yes_no(result.starred, lang) if result.starred is not None else \
        _t("star.undecided", lang)


def _star_blocks(report: ProgressReport, lang: str) -> list[Block]:
    e = report.evidence
    blocks: list[Block] = [Heading(_t("star.heading", lang), 3),
                           Paragraph(_t("star.rule", lang))]
    cases: list[tuple[str, Completion | None]] = []
    if e.override is not None:
        cases.append((_t("star.with_stated", lang, level=level_name(e.override.value, lang)),
                      e.override.value))
    cases.append((_t("star.with_computed", lang, level=level_name(e.computed, lang)),
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
        (_t("glance.completion_computed", lang),
         Markup("{} {}").format(_badge(e.computed, lang), _t(
             "glance.milestones_complete", lang, n=i18n.format_number(complete, lang),
             total=i18n.format_number(len(e.milestones), lang))))]
    if e.override is not None:
        stage = _stage(e.override.stage, lang) if e.override.stage else ""
        levels.append((_t("glance.completion_stated_plain", lang),
                       Markup("{} {}").format(_badge(e.override.value, lang), stage).strip()))
    blocks: list[Block] = [Heading(_t("glance.heading", lang)), Definitions(tuple(levels))]
    if e.override is not None and e.override.value != e.computed:
        blocks.append(Paragraph(_t("glance.differ", lang,
                                   computed=level_name(e.computed, lang),
                                   stated=level_name(e.override.value, lang))))
    if e.override is not None:
        blocks.append(Paragraph(e.override.reason.text(lang)))
    if e.override is not None and e.override.stage and e.override.stage != report.stage:
        blocks.append(Note(_t("glance.other_stage", lang,
                              stated=_stage(e.override.stage, lang),
                              stage=_stage(report.stage, lang))))
    if report.assessment is None:
        blocks.append(Paragraph(_t("glance.no_assessment", lang)))
    else:
        blocks.append(Paragraph(_t("glance.by", lang, assessor=report.assessment.assessor)))
    blocks.append(Table(ratings_table(report, lang), _t("glance.caption", lang)))
    blocks += _star_blocks(report, lang)
    return tuple(blocks)


# ---------------------------------------------------------------------------- commitment

def build_commitment(report: ProgressReport, lang: str) -> Section:
    """The commitment's text, problem, objective, history, institutions and milestones."""
    c = report.commitment
    blocks: list[Block] = [Heading(_t("commitment.heading", lang)),
                           Paragraph(c.text.text(lang))]
    parts = [(_t("commitment.problem", lang), c.problem), (_t("commitment.objective", lang),
                                                          c.objective),
             (_t("commitment.history", lang), c.history)]
    details = tuple((term, text.text(lang)) for term, text in parts if text is not None)
    if details:
        blocks.append(Definitions(details))
    institutions = [(i.name, i.role.text(lang) if i.role else "") for i in (*c.lead,
                                                                           *c.supporting)]
    blocks += [Heading(_t("commitment.institutions", lang), 3),
               Definitions(tuple(institutions)),
               Heading(_t("commitment.milestones", lang), 3),
               Definitions(tuple((_t("milestone.title", lang, number=m.number,
                                     title=m.title.text(lang)), m.text.text(lang))
                                 for m in c.milestones))]
    return tuple(blocks)


# ---------------------------------------------------------------------------- milestones

def _unit_label(indicator: str, lang: str) -> str:
    unit = INDICATORS[indicator].unit
    label = indicator_label(indicator, lang)
    return label if unit == "count" else _t(f"units.{unit}", lang, label=label)


def thresholds_frame(m: MilestoneEvidence, lang: str) -> pd.DataFrame:
    """The milestone's indicators that have thresholds, with one column per level.

    Shares are written in percent (0.62 -> 62) so that the chart reads in the same unit as
    its labels; the label says the unit.
    """
    rows = []
    for ind in m.indicators.values():
        marks = {level.name.lower(): np.nan for level in reversed(RULE_LEVELS)}
        for check in m.checks:
            if check.indicator == ind.id:
                marks[check.level.name.lower()] = check.threshold
        if all(np.isnan(v) for v in marks.values()):
            continue
        scale = 100.0 if ind.unit == "share" else 1.0
        rows.append({"indicator": _unit_label(ind.id, lang), "value": ind.value * scale,
                     **{k: v * scale for k, v in marks.items()}})
    return pd.DataFrame(rows, columns=["indicator", "value", *figures.THRESHOLD_LEVELS])


def _renamed(chart: figures.Chart, name: str) -> figures.Chart:
    return dataclasses.replace(chart, name=name)


# Breakdown charts: indicator -> chart of its breakdown, named per milestone.
def _kind_chart(b: pd.DataFrame, lang: str) -> figures.Chart:
    return figures.kind_mix_chart(b.rename(columns={"groups": "groups_mapped"}), lang)


def _partners_chart(b: pd.DataFrame, lang: str) -> figures.Chart:
    return figures.per_lab_chart(b, "partners", lang, value_col="network_partners", decimals=0)


def _hours_chart(b: pd.DataFrame, lang: str) -> figures.Chart:
    return figures.per_lab_chart(b, "usage_hours", lang, value_col="hours", decimals=0)


def _status_chart(b: pd.DataFrame, lang: str) -> figures.Chart:
    return figures.projects_by_status_chart(b, lang)


def _projects_chart(b: pd.DataFrame, lang: str) -> figures.Chart:
    return figures.per_lab_chart(b, "projects", lang, decimals=0)


BREAKDOWN_CHARTS: dict[str, tuple[str, Callable[[pd.DataFrame, str], figures.Chart]]] = {
    "groups_mapped": ("groups-by-kind", _kind_chart),
    "spaces_with_partners": ("partners-per-space", _partners_chart),
    "usage_hours": ("hours-per-space", _hours_chart),
    "joint_projects": ("projects-by-status", _status_chart),
    "participants_reached": ("projects-per-space", _projects_chart),
}
"""The chart drawn from an indicator's breakdown when a milestone has that indicator."""


def _change_text(value: float, unit: Unit, lang: str) -> str:
    """``+276``, ``−3.951 h`` or ``+29 p.p.``: a change written with its sign."""
    if value is None or np.isnan(value):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    if unit == "share":
        return _t("units.points", lang, value=sign + i18n.format_number(abs(value) * 100,
                                                                         lang))
    return sign + format_value(abs(value), unit, lang)


_OP = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _condition(indicator: str, op: str, threshold: float, lang: str) -> str:
    """``Groups mapped ≥ 100`` in ``lang``."""
    unit = INDICATORS[indicator].unit
    return f"{indicator_label(indicator, lang)} {_OP[op]} {format_value(threshold, unit, lang)}"


def _checks_blocks(m: MilestoneEvidence, lang: str) -> list[Block]:
    """Each level's conditions, marked met or missed, as lists (they read on a phone where
    a wide table would not); the checks themselves go to the CSV."""
    blocks: list[Block] = [Heading(_t("checks.heading", lang), 4)]
    for level in RULE_LEVELS:
        checks = [c for c in m.checks if c.level is level]
        if not checks:
            continue
        blocks.append(Paragraph(i18n.t("evidence.explain.conditions", lang,
                                       level=level_name(level, lang))))
        blocks.append(Items(tuple(c.describe(lang) for c in checks)))
    blocks.append(Data(m.checks_frame(), f"m{m.number}-conditions"))
    return blocks


def _gap_lines(m: MilestoneEvidence, lang: str) -> list[Block]:
    nxt = m.next_level
    if nxt is None:
        return [Paragraph(_t("milestone.complete", lang))]
    missing = [_t("milestone.gap", lang, condition=_condition(c.indicator, c.op, c.threshold,
                                                             lang),
                  value=format_value(c.value, INDICATORS[c.indicator].unit, lang))
               for c in m.gaps()]
    return [Paragraph(_t("milestone.to_reach", lang, level=level_name(nxt, lang))),
            Items(tuple(missing))]


def build_milestone(report: ProgressReport, number: int, lang: str) -> Section:
    """What happened on milestone ``number``: its indicators as key figures, a chart against
    the completion thresholds, breakdown charts, the conditions met and missed, and the
    computed level with what the next level needs."""
    m = report.evidence.milestone(number)
    previous = report.previous.indicators if report.previous is not None else {}
    key = []
    for ind in m.indicators.values():
        detail = None
        change = ind.value - previous[ind.id].value if ind.id in previous else float("nan")
        if not np.isnan(change):  # a share of no projects has no change to state
            detail = _t("milestone.since", lang, change=_change_text(change, ind.unit, lang))
        key.append(KeyFigure(ind.label(lang), ind.formatted(lang), detail))
    blocks: list[Block] = [
        Heading(_t("milestone.title", lang, number=m.number,
                   title=m.milestone.title.text(lang)), 3),
        Paragraph(Markup("{}: {}").format(_t("milestone.computed", lang), _badge(m.level, lang))),
        KeyFigures(tuple(key)),
    ]
    thresholds = thresholds_frame(m, lang)
    if len(thresholds):
        chart = figures.indicator_progress_chart(thresholds, lang, name=f"m{m.number}-progress")
        blocks.append(Figure(chart))
    for indicator in m.indicators:
        if indicator in BREAKDOWN_CHARTS and m.indicators[indicator].breakdown is not None:
            slug, draw = BREAKDOWN_CHARTS[indicator]
            chart = draw(m.indicators[indicator].breakdown, lang)
            blocks.append(Figure(_renamed(chart, f"m{m.number}-{slug}")))
    blocks += _gap_lines(m, lang)
    blocks += _checks_blocks(m, lang)
    return tuple(blocks)


def build_milestones(report: ProgressReport, lang: str) -> Section:
    """Every milestone's section under one heading."""
    blocks: list[Block] = [Heading(_t("milestone.heading", lang)),
                           Paragraph(_t("milestone.intro", lang))]
    for m in report.evidence.milestones:
        blocks += build_milestone(report, m.number, lang)
    return tuple(blocks)


# ---------------------------------------------------------------------------- open government

def supporting_indicators(report: ProgressReport, value: OGPValue) -> tuple[str, ...]:
    """The commitment's indicators that speak to ``value`` (see :data:`VALUE_INDICATORS`)."""
    used = set(report.commitment.indicator_ids)
    return tuple(i for i in VALUE_INDICATORS[value] if i in used)


def open_government_table(report: ProgressReport) -> pd.DataFrame:
    """Per OGP value: relevant and did it open government (the assessment's, empty when
    not assessed), and each supporting indicator with its value: one row per indicator
    (a value with none has one row without)."""
    a, e = report.assessment, report.evidence
    rows = []
    for value in OGPValue:
        relevance = a.relevance.get(value) if a is not None else None
        judged = a.did_it_open_government_by_value.get(value) if a is not None else None
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
    assessment's) and the indicators of the evidence that support it."""
    a, e = report.assessment, report.evidence
    blocks: list[Block] = [Heading(_t("open_gov.heading", lang)),
                           Paragraph(_t("open_gov.intro", lang))]
    if a is not None and a.did_it_open_government is not None:
        overall = a.did_it_open_government
        blocks.append(Paragraph(_t("open_gov.overall", lang, assessor=a.assessor,
                                   level=level_name(overall.value, lang))))
        blocks.append(Paragraph(overall.rationale.text(lang)))
    else:
        blocks.append(Paragraph(_t("open_gov.not_assessed", lang)))
    for value in OGPValue:
        relevance = a.relevance.get(value) if a is not None else None
        judged = a.did_it_open_government_by_value.get(value) if a is not None else None
        terms: list[tuple[str, str]] = [
            (_t("open_gov.columns.relevant", lang),
             _yes_no(relevance.relevant if relevance else None, lang))]
        if relevance is not None and relevance.relevant:
            terms.append((_t("open_gov.columns.judged", lang), _rating(judged, lang)))
        blocks += [Heading(level_name(value, lang), 3), Definitions(tuple(terms))]
        if relevance is not None:
            blocks.append(Paragraph(relevance.rationale.text(lang)))
        if judged is not None:
            blocks.append(Paragraph(judged.rationale.text(lang)))
        indicators = supporting_indicators(report, value)
        if indicators:
            blocks.append(Paragraph(_t("open_gov.supported_by", lang)))
            blocks.append(Items(tuple(f"{indicator_label(i, lang)}: "
                                      f"{e.indicators[i].formatted(lang)}"
                                      for i in indicators)))
        else:
            blocks.append(Paragraph(_t("open_gov.no_indicator", lang)))
    blocks.append(Data(open_government_table(report), "open-government"))
    return tuple(blocks)


# ---------------------------------------------------------------------------- change

def change_table(report: ProgressReport, lang: str) -> pd.DataFrame:
    """Each indicator in the previous period and this one, and the change, in ``lang``."""
    if report.previous is None:
        raise ConfigError("no previous period to compare with.",
                          fix="give previous_period_start and previous_period_end.")
    change = compare_periods(report.evidence, report.previous)
    # Two columns read on a phone: each indicator and "35 → 311 (+276)".
    return pd.DataFrame({
        _t("change.columns.indicator", lang): [indicator_label(i, lang)
                                               for i in change["indicator"]],
        _t("change.columns.change", lang): [
            _t("change.from_to", lang, previous=format_value(p, u, lang),
               current=format_value(c, u, lang), change=_change_text(d, u, lang))
            for p, c, d, u in zip(change["previous"], change["current"], change["change"],
                                  change["unit"], strict=True)],
    })


def build_change(report: ProgressReport, lang: str) -> Section:
    """Change since the previous period: indicators and milestone levels, or a sentence
    saying no previous period was given."""
    heading = Heading(_t("change.heading", lang))
    if report.previous is None:
        return (heading, Paragraph(_t("change.none", lang)))
    p, e = report.previous, report.evidence
    levels = pd.DataFrame({
        _t("change.columns.milestone", lang): [_t("change.milestone", lang, number=m.number)
                                               for m in e.milestones],
        _t("change.columns.previous", lang): [level_name(p.milestone(m.number).level, lang)
                                              for m in e.milestones],
        _t("change.columns.current", lang): [level_name(m.level, lang) for m in e.milestones],
    })
    return (heading,
            Paragraph(_t("change.intro", lang, previous=_period(p.start, p.end, lang),
                         current=_period(e.start, e.end, lang),
                         before=level_name(p.computed, lang),
                         now=level_name(e.computed, lang))),
            Table(levels, _t("change.levels_caption", lang)),
            Table(change_table(report, lang), _t("change.caption", lang), name="change",
                  data=compare_periods(e, p)))


# ---------------------------------------------------------------------------- comparison

@dataclass(frozen=True)
class Comparison:
    """The commitment among comparable OGP commitments.

    ``levels`` counts the comparable commitments per completion level (codes of
    :data:`labmetrics.figures.COMPLETION_LEVELS`); ``unrated`` those without a level
    (withdrawn, unclear, not reviewed). ``values`` and ``government`` say what made a
    commitment comparable.
    """

    levels: pd.DataFrame
    total: int
    unrated: int
    starred: int
    values: tuple[OGPValue, ...]
    government: str | None
    level: Completion
    at_or_above: float


def _level_code(member: Completion) -> str:
    return "no_evidence" if member is Completion.NO_EVIDENCE_AVAILABLE else member.name.lower()


def compare_with_ogp(ogp: pd.DataFrame, commitment_id: str, stage: str, level: Completion,
                     values: Sequence[OGPValue] | None = None) -> Comparison:
    """Count the completion levels of the commitments comparable with ``commitment_id``.

    Comparable: every other commitment of the export relevant to at least one of
    ``values`` (default: the values its own row of the export is relevant to; no filter
    when it has none) and, when the export holds its row, of the same level of government
    (national or local).
    """
    own = ogp.loc[ogp["commitment_id"] == commitment_id]
    government = None
    if len(own):
        row = own.iloc[0]
        government = None if pd.isna(row["national_or_local"]) else str(row["national_or_local"])
        if values is None:
            values = tuple(v for v, col in VALUE_COLUMNS.items()
                           if bool(pd.notna(row[col]) and row[col]))
    values = tuple(values or ())
    mask = ogp["commitment_id"] != commitment_id
    if government is not None:
        mask &= ogp["national_or_local"].astype("string") == government
    if values:
        relevant = pd.concat([ogp[VALUE_COLUMNS[v]].fillna(False).astype(bool) for v in values],
                             axis=1).any(axis=1)
        mask &= relevant
    peers = ogp.loc[mask]
    column = STAGE_COLUMNS[stage]
    labels = peers[column].astype("string")
    status = peers.get(f"{column}_status", pd.Series(pd.NA, index=peers.index))
    codes = labels.map(lambda v: _level_code(Completion.parse(v)), na_action="ignore")
    codes = codes.where(codes.notna(), status.map(
        lambda s: "no_evidence" if s == Completion.NO_EVIDENCE_AVAILABLE.label else pd.NA))
    counts = codes.value_counts().reindex(list(figures.COMPLETION_LEVELS), fill_value=0)
    levels = pd.DataFrame({"level": list(figures.COMPLETION_LEVELS),
                           "commitments": counts.to_numpy(dtype="int64")})
    rated = peers.loc[labels.notna(), column]
    at_or_above = (float(np.mean([Completion.parse(v) >= level for v in rated.astype(str)]))
                   if len(rated) and level.is_ordered() else float("nan"))
    starred = peers[STAR_COLUMNS[stage]].fillna(False).astype(bool).sum() \
        if STAR_COLUMNS[stage] in peers else 0
    return Comparison(levels=levels, total=int(codes.notna().sum()),
                      unrated=int(codes.isna().sum()), starred=int(starred), values=values,
                      government=government, level=level, at_or_above=at_or_above)


def build_comparison(report: ProgressReport, lang: str) -> Section:
    """How the commitment compares with OGP commitments of its kind, or a sentence saying
    no OGP data was given."""
    heading = Heading(_t("compare.heading", lang))
    if report.ogp is None:
        return (heading, Paragraph(_t("compare.none", lang)))
    values = report.assessment.relevant_values if report.assessment is not None else None
    result = compare_with_ogp(report.ogp, report.commitment.id, report.stage,
                              report.evidence.computed, values)
    basis = [_t("compare.basis_values", lang,
                values=join([level_name(v, lang) for v in result.values], lang))
             if result.values else _t("compare.basis_all", lang)]
    if result.government is not None:
        basis.append(_t(f"compare.government.{result.government.lower()}", lang))
    blocks: list[Block] = [heading, Paragraph(_t("compare.basis", lang, basis=" ".join(basis),
                                                 stage=_stage(report.stage, lang)))]
    if result.total == 0:
        blocks.append(Paragraph(_t("compare.no_peers", lang)))
        return tuple(blocks)
    chart = figures.comparison_chart(result.levels, _level_code(result.level), lang,
                                     name="ogp-comparison")
    blocks += [
        Figure(chart),
        Paragraph(_t("compare.result", lang, n=i18n.format_number(result.total, lang),
                     level=level_name(result.level, lang),
                     share=i18n.format_percent(result.at_or_above, lang),
                     starred=i18n.format_number(result.starred, lang))),
    ]
    if result.unrated:
        blocks.append(Paragraph(_t("compare.unrated", lang,
                                   n=i18n.format_number(result.unrated, lang))))
    return tuple(blocks)


# ---------------------------------------------------------------------------- recommendations

def build_recommendations(report: ProgressReport, lang: str) -> Section:
    """The recommendations that follow from the evidence, most specific first."""
    found = recommendations(report.evidence)
    heading = Heading(_t("recommendations.heading", lang))
    if not found:
        return (heading, Paragraph(_t("recommendations.none", lang)))
    return (heading, Paragraph(_t("recommendations.intro", lang)),
            Items(tuple(r.text(lang) for r in found), ordered=True))


# ---------------------------------------------------------------------------- method

def build_method(report: ProgressReport, lang: str) -> Section:
    """How completion is computed, each indicator's definition, the data (inputs, sha256,
    validation accounting, quarantine reasons) and the sources of the texts and ratings."""
    c, a = report.commitment, report.assessment
    blocks: list[Block] = [
        Heading(_t("method.heading", lang)),
        Paragraph(i18n.t("evidence.method.rules", lang)),
        Paragraph(i18n.t("evidence.method.overall", lang)),
    ]
    if a is not None:
        blocks.append(Paragraph(i18n.t("evidence.method.override", lang, assessor=a.assessor)))
    blocks += [Paragraph(_t("method.star", lang)),
               Heading(_t("method.indicators", lang), 3),
               Definitions(tuple((indicator_label(i, lang), indicator_explanation(i, lang))
                                 for i in c.indicator_ids)),
               Paragraph(_t("method.open_government", lang))]
    blocks += build_data_sources(report.data, lang)
    blocks += [Heading(_t("method.sources", lang), 3),
               Paragraph(_t("method.commitment_sources", lang, path=_file_name(c.path))),
               Items(source_items(c.sources, lang))]
    if a is not None:
        blocks += [Paragraph(_t("method.assessment_sources", lang, assessor=a.assessor,
                                path=_file_name(a.path))),
                   Items(source_items(a.sources, lang))]
    if report.ogp is not None:
        blocks.append(Paragraph(_t("method.ogp_source", lang,
                                   path=_file_name(report.ogp.attrs.get("source")))))
    blocks.append(Paragraph(_t("method.open_data", lang)))
    return tuple(blocks)


def _file_name(path: Any) -> str:
    return Path(path).name if path else "–"


# ---------------------------------------------------------------------------- show

show_intro = shower(build_intro)
show_at_a_glance = shower(build_at_a_glance)
show_commitment = shower(build_commitment)
show_milestones = shower(build_milestones)
show_open_government = shower(build_open_government)
show_change = shower(build_change)
show_comparison = shower(build_comparison)
show_recommendations = shower(build_recommendations)
show_method = shower(build_method)


def sections(report: ProgressReport, lang: str) -> Iterable[Section]:
    """Every section of the report, in order (the notebook shows them one per cell)."""
    for builder in (build_intro, build_at_a_glance, build_commitment, build_milestones,
                    build_open_government, build_change, build_comparison,
                    build_recommendations, build_method):
        yield builder(report, lang)
