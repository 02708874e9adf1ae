"""The commitment among comparable commitments of OGP's export: how many reached each
completion level, and where this one stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from labmetrics import figures, i18n
from labmetrics.evidence import level_name
from labmetrics.irm import Completion, OGPValue
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.words import say, stage_name
from labmetrics.report.sections import Block, Figure, Heading, Paragraph, Section, join

# The OGP export's completion column for each stage of the report.
STAGE_COLUMNS = {"midterm": "completion_progress_report", "end_of_term": "completion_end_of_term"}
STAR_COLUMNS = {"midterm": "starred_progress", "end_of_term": "starred_end_of_term"}
VALUE_COLUMNS = {
    OGPValue.ACCESS_TO_INFORMATION: "ogp_value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "ogp_value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "ogp_value_public_accountability",
    OGPValue.TECHNOLOGY_AND_INNOVATION: "ogp_value_technology",
}


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
    heading = Heading(say("compare.heading", lang))
    if report.ogp is None:
        return (heading, Paragraph(say("compare.none", lang)))
    values = report.assessment.relevant_values if report.assessment is not None else None
    result = compare_with_ogp(report.ogp, report.commitment.id, report.stage,
                              report.evidence.computed, values)
    basis = [say("compare.basis_values", lang,
                 values=join([level_name(v, lang) for v in result.values], lang))
             if result.values else say("compare.basis_all", lang)]
    if result.government is not None:
        basis.append(say(f"compare.government.{result.government.lower()}", lang))
    blocks: list[Block] = [heading, Paragraph(say("compare.basis", lang, basis=" ".join(basis),
                                                  stage=stage_name(report.stage, lang)))]
    if result.total == 0:
        blocks.append(Paragraph(say("compare.no_peers", lang)))
        return tuple(blocks)
    chart = figures.comparison_chart(result.levels, _level_code(result.level), lang,
                                     name="ogp-comparison")
    blocks += [
        Figure(chart),
        Paragraph(say("compare.result", lang, n=i18n.format_number(result.total, lang),
                      level=level_name(result.level, lang),
                      share=i18n.format_percent(result.at_or_above, lang),
                      starred=i18n.format_number(result.starred, lang))),
    ]
    if result.unrated:
        blocks.append(Paragraph(say("compare.unrated", lang,
                                    n=i18n.format_number(result.unrated, lang))))
    return tuple(blocks)
