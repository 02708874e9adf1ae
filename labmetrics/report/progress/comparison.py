"""The commitment among comparable commitments of OGP's export: how their specificity,
potential impact, completion and star are distributed, local and national apart, and where
this commitment's own ratings stand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
from markupsafe import Markup

from labmetrics import config, figures, i18n
from labmetrics.evidence import level_name
from labmetrics.irm import Completion, OGPValue, PotentialImpact, Specificity
from labmetrics.irm.terms import IRMScale
from labmetrics.report import display
from labmetrics.report.blocks import Block, Data, Figure, Heading, Paragraph, Section, Table
from labmetrics.report.progress.glance import star
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import say, stage_name, yes_no
from labmetrics.report.shared_text import join

# The OGP export's completion column for each stage of the report.
STAGE_COLUMNS = {"midterm": "completion_progress_report", "end_of_term": "completion_end_of_term"}
STAR_COLUMNS = {"midterm": "starred_progress", "end_of_term": "starred_end_of_term"}
VALUE_COLUMNS = {
    OGPValue.ACCESS_TO_INFORMATION: "ogp_value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "ogp_value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "ogp_value_public_accountability",
    OGPValue.TECHNOLOGY_AND_INNOVATION: "ogp_value_technology",
}
GROUPS = ("local", "national")
"""The peer groups, by the export's level of government ("Legacy Local" counts as local)."""
RATINGS = ("specificity", "potential_impact", "completion", "starred")
"""The ratings compared, in the order the IRM gives them."""
_SCALES: dict[str, type[IRMScale]] = {
    "specificity": Specificity, "potential_impact": PotentialImpact, "completion": Completion,
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


def _relevant(ogp: pd.DataFrame, values: Sequence[OGPValue]) -> pd.Series:
    """Rows relevant to at least one of ``values`` (all rows when none is given)."""
    if not values:
        return pd.Series(True, index=ogp.index)
    return pd.concat([ogp[VALUE_COLUMNS[v]].fillna(False).astype(bool) for v in values],
                     axis=1).any(axis=1)


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
    mask &= _relevant(ogp, values)
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


# ---------------------------------------------------------------------------- its kind

def peer_groups(ogp: pd.DataFrame, commitment_id: str,
                values: Sequence[OGPValue]) -> dict[str, pd.DataFrame]:
    """The other commitments of the export relevant to one of ``values``, by level of
    government: ``local`` (the export's Local and Legacy Local) and ``national``."""
    mask = (ogp["commitment_id"] != commitment_id) & _relevant(ogp, values)
    government = ogp["national_or_local"].astype("string")
    return {group: ogp.loc[mask & (government == group.capitalize()).fillna(False)]
            for group in GROUPS}


def _rated(peers: pd.DataFrame, rating: str, stage: str) -> pd.Series:
    """The peers' ``rating`` (members, or True/False for the star), unrated ones dropped."""
    if rating == "starred":
        return peers[STAR_COLUMNS[stage]].dropna().astype(bool)
    column = STAGE_COLUMNS[stage] if rating == "completion" else rating
    scale = _SCALES[rating]
    return peers[column].dropna().astype(str).map(scale.parse)


def _levels(rating: str) -> list[object]:
    return [True, False] if rating == "starred" else list(_SCALES[rating].levels())


def distribution(groups: dict[str, pd.DataFrame], stage: str) -> pd.DataFrame:
    """How many peers of each group hold each level of each rating.

    Columns: ``rating`` (:data:`RATINGS`), ``level`` (the IRM's English label, ``yes``/``no``
    for the star, ``not_rated`` for peers without that rating), then per group the count
    and the share of the group's rated peers (``local``, ``local_share``, ...). The star is
    the one labmetrics computes from the export's ratings (it agrees with OGP's own wherever
    OGP gives one).
    """
    rows: list[dict[str, object]] = []
    for rating in RATINGS:
        rated = {g: _rated(peers, rating, stage) for g, peers in groups.items()}
        for level in [*_levels(rating), None]:
            row: dict[str, object] = {"rating": rating, "level": _level_key(level)}
            for group, values in rated.items():
                count = (len(groups[group]) - len(values) if level is None
                         else int((values == level).sum()))
                row[group] = count
                row[f"{group}_share"] = (count / len(values)
                                         if level is not None and len(values) else np.nan)
            rows.append(row)
    return pd.DataFrame(rows)


def _level_key(level: object) -> str:
    if level is None:
        return "not_rated"
    if isinstance(level, bool):
        return "yes" if level else "no"
    return str(level)


def own_ratings(report: ProgressReport) -> dict[str, object]:
    """The commitment's own ratings: the assessment's specificity and potential impact, its
    completion at the report's stage (the level the assessment states for that stage, else
    the level computed from the evidence), and the star they give (None when undecided).

    ``completion_source`` says which completion it is: ``stated`` or ``computed``.
    """
    a, e = report.assessment, report.evidence
    override = e.override
    stated = override is not None and override.stage in (None, report.stage)
    completion = override.value if stated and override is not None else e.computed
    return {
        "specificity": a.specificity.value if a is not None else None,
        "potential_impact": a.potential_impact.value if a is not None else None,
        "completion": completion,
        "starred": star(report, completion).starred,
        "completion_source": "stated" if stated else "computed",
    }


def standing(groups: dict[str, pd.DataFrame], own: dict[str, object],
             stage: str) -> pd.DataFrame:
    """Where the commitment's ratings stand in each group.

    One row per rating of :data:`RATINGS`: ``rating``, ``own`` (its level, as in
    :func:`distribution`), and per group ``<group>_rated`` (peers with that rating) and
    ``<group>_at_or_above`` (peers rated at its level or higher; for the star, peers
    starred).
    """
    rows: list[dict[str, object]] = []
    for rating in RATINGS:
        mine = own[rating]
        row: dict[str, object] = {"rating": rating, "own": _level_key(mine)
                                  if mine is not None else "not_rated"}
        for group, peers in groups.items():
            rated = _rated(peers, rating, stage)
            if rating == "starred":
                above = int(rated.sum())
            elif isinstance(mine, IRMScale) and mine.is_ordered():
                above = int(sum(v.is_ordered() and v >= mine for v in rated))
            else:
                above = 0
            row[f"{group}_rated"] = len(rated)
            row[f"{group}_at_or_above"] = above
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- words

def _rating_name(rating: str, stage: str, lang: str) -> str:
    if rating == "completion":
        return say("compare.ratings.completion", lang, stage=stage_name(stage, lang))
    return say(f"compare.ratings.{rating}", lang)


def _level_text(rating: str, level: str, lang: str) -> str:
    if level == "not_rated":
        return say("compare.not_rated", lang)
    if rating == "starred":
        return yes_no(level == "yes", lang)
    return level_name(_SCALES[rating].parse(level), lang)


def _share_text(part: int, whole: int, lang: str) -> str:
    if not whole:
        return "–"
    return say("compare.part_of", lang, part=i18n.format_number(part, lang),
               whole=i18n.format_number(whole, lang),
               share=i18n.format_percent(part / whole, lang))


def _group_header(group: str, groups: dict[str, pd.DataFrame], lang: str) -> str:
    return say(f"compare.groups.{group}", lang, n=i18n.format_number(len(groups[group]), lang))


def standing_table(stand: pd.DataFrame, groups: dict[str, pd.DataFrame], commitment_id: str,
                   stage: str, lang: str) -> pd.DataFrame:
    """:func:`standing` in words: each rating, the commitment's level, and in each group
    how many rated peers reached it or more (for the star, how many are starred)."""
    rows = []
    for r in stand.itertuples(index=False):
        rating = str(r.rating)
        row = {say("compare.columns.rating", lang): _rating_name(rating, stage, lang),
               commitment_id: _level_text(rating, str(r.own), lang)}
        for group in GROUPS:
            part, whole = int(getattr(r, f"{group}_at_or_above")), int(getattr(r, f"{group}_rated"))
            row[_group_header(group, groups, lang)] = _share_text(part, whole, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def distribution_table(dist: pd.DataFrame, groups: dict[str, pd.DataFrame],
                       own: dict[str, object], commitment_id: str, stage: str,
                       lang: str) -> pd.DataFrame:
    """:func:`distribution` in words, the commitment's own level of each rating marked."""
    mine = {r: _level_key(v) if v is not None else "not_rated" for r, v in own.items()}
    rows = []
    for r in dist.itertuples(index=False):
        rating, level = str(r.rating), str(r.level)
        row = {say("compare.columns.rating", lang): _rating_name(rating, stage, lang),
               say("compare.columns.level", lang): _level_text(rating, level, lang)}
        for group in GROUPS:
            count, share = int(getattr(r, group)), getattr(r, f"{group}_share")
            row[_group_header(group, groups, lang)] = (
                i18n.format_number(count, lang) if pd.isna(share) else
                f"{i18n.format_number(count, lang)} ({i18n.format_percent(share, lang)})")
        row[commitment_id] = say("compare.this_level", lang) if mine[rating] == level else ""
        rows.append(row)
    return pd.DataFrame(rows)


def local_table(ogp: pd.DataFrame, values: Sequence[OGPValue], stage: str,
                lang: str) -> pd.DataFrame:
    """Every local commitment of the export with its ratings, and whether it is relevant
    to ``values``."""
    local = ogp.loc[(ogp["national_or_local"].astype("string") == "Local").fillna(False)]
    relevant = _relevant(local, values)

    def rated(row: pd.Series, rating: str) -> str:
        column = STAGE_COLUMNS[stage] if rating == "completion" else rating
        value = row[STAR_COLUMNS[stage]] if rating == "starred" else row[column]
        if pd.isna(value):
            return say("compare.not_rated", lang)
        return _level_text(rating, _level_key(bool(value)) if rating == "starred"
                           else str(value), lang)

    rows = []
    for i, row in local.iterrows():
        rows.append({
            say("compare.columns.commitment", lang): row["commitment_id"],
            say("compare.columns.place", lang): row["country_locality"],
            say("compare.columns.title", lang): _text(row.get("commitment_title")),
            **{_rating_name(r, stage, lang): rated(row, r) for r in RATINGS},
            say("compare.columns.relevant", lang): yes_no(bool(relevant[i]), lang),
        })
    return pd.DataFrame(rows)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def build_comparison(report: ProgressReport, lang: str) -> Section:
    """How the commitment compares with OGP commitments of its kind, or a sentence saying
    no OGP data was given."""
    heading = Heading(say("compare.heading", lang))
    if report.ogp is None:
        return (heading, Paragraph(say("compare.none", lang)))
    # The export's attrs (its source, headers and warnings) would be deep-copied into every
    # frame made from it: the section reads its source once and works on a bare view.
    source = Path(str(report.ogp.attrs.get("source", config.OGP_DATA_FILE)))
    ogp, cid, stage = report.ogp.copy(deep=False), report.commitment.id, report.stage
    ogp.attrs = {}
    values = report.assessment.relevant_values if report.assessment is not None else None
    own = own_ratings(report)
    level = cast(Completion, own["completion"])
    result = compare_with_ogp(ogp, cid, stage, level, values)
    values = result.values
    groups = peer_groups(ogp, cid, values)
    credit = say("compare.source", lang, n=i18n.format_number(len(ogp), lang),
                 file=source.name, credit=say("compare.credit", lang))
    bundled = source.resolve() == config.OGP_DATA_FILE.resolve()
    blocks: list[Block] = [heading, Paragraph(
        Markup("{} {}").format(credit, display.link_html(say("compare.source_link", lang),
                                                         config.OGP_SOURCE_URL))
        if bundled else credit)]
    if not (ogp["commitment_id"] == cid).any():
        blocks.append(Paragraph(say("compare.absent", lang, commitment=cid)))
    blocks.append(Paragraph(say(
        "compare.kind", lang,
        values=join([level_name(v, lang) for v in values], lang) if values
        else say("compare.basis_all", lang),
        local=i18n.format_number(len(groups["local"]), lang),
        national=i18n.format_number(len(groups["national"]), lang))))
    if result.total == 0 and not any(len(g) for g in groups.values()):
        blocks.append(Paragraph(say("compare.no_peers", lang)))
        return tuple(blocks)
    stand = standing(groups, own, stage)
    dist = distribution(groups, stage)
    blocks += [
        Table(standing_table(stand, groups, cid, stage, lang),
              say("compare.standing_caption", lang, commitment=cid)),
        Data(stand, "ogp-comparison-standing"),
        Table(distribution_table(dist, groups, own, cid, stage, lang),
              say("compare.distribution_caption", lang), name="ogp-comparison-ratings",
              data=dist),
    ]
    chart = figures.comparison_chart(result.levels, _level_code(level), lang,
                                     name="ogp-comparison")
    blocks += [
        Figure(chart),
        Paragraph(say("compare.result", lang, n=i18n.format_number(result.total, lang),
                      level=level_name(level, lang),
                      source=say(f"compare.level_{own['completion_source']}", lang),
                      share=i18n.format_percent(result.at_or_above, lang),
                      starred=i18n.format_number(result.starred, lang))),
    ]
    if result.unrated:
        blocks.append(Paragraph(say("compare.unrated", lang,
                                    n=i18n.format_number(result.unrated, lang))))
    blocks += [
        Heading(say("compare.local_heading", lang), 3),
        Table(local_table(ogp, values, stage, lang), say("compare.local_caption", lang),
              name="ogp-local-commitments"),
    ]
    return tuple(blocks)
