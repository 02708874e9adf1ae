"""The opening of the network report: its period, periods and spaces, then the headline
figures of the last period and their change since the first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labmetrics import i18n
from labmetrics.report.blocks import (
    Block,
    Definitions,
    Heading,
    KeyFigure,
    KeyFigures,
    Note,
    Paragraph,
    Section,
    Table,
)
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.network_growth.network_text import (
    change_text,
    label,
    partners_note,
    period_names,
    say,
    space_names,
    value_text,
)
from labmetrics.report.shared_sections import build_sample_notice
from labmetrics.report.shared_text import join

HEADLINE_METRICS = ("groups_mapped", "network_partners", "active_groups", "bridging_groups")
# Density is left to the CSV: it falls whenever groups join, however the links grow; the
# mean links per group and per space do not. Components say something only when the
# network is in pieces: they are shown then only (COMPONENT_METRICS).
CHANGE_METRICS = ("groups_mapped", "network_partners", "active_groups", "newcomers",
                  "returning", "lapsed", "bridging_groups", "nodes", "edges",
                  "spaces_per_group", "groups_per_space", "components",
                  "largest_component_share")
COMPONENT_METRICS = ("components", "largest_component_share")


# ---------------------------------------------------------------------------- intro

def build_intro(report: NetworkReport, lang: str) -> Section:
    """The period, the periods it is cut into, the spaces, with the sample notice."""
    names = space_names(report)
    scope = (join([names.get(s, s) for s in report.spaces], lang) if report.spaces
             else say("intro.every_space", lang))
    items = (
        (say("intro.period", lang), i18n.format_period(report.start, report.end, lang)),
        (say("intro.freq", lang), say(f"freqs.{report.freq}", lang,
                                      n=i18n.format_number(len(report.growth), lang))),
        (say("intro.spaces", lang), scope),
    )
    return (*build_sample_notice(report.data, lang), Paragraph(say("intro.purpose", lang)),
            Definitions(items))


# ---------------------------------------------------------------------------- headlines

def change_metrics(report: NetworkReport) -> tuple[str, ...]:
    """The measures the change table shows: components only when the first or the last
    period's network is in more than one piece."""
    g = report.growth
    split = max(int(g["components"].iloc[0]), int(g["components"].iloc[-1])) > 1
    return tuple(m for m in CHANGE_METRICS if split or m not in COMPONENT_METRICS)


def change_frame(report: NetworkReport) -> pd.DataFrame:
    """First and last period of each growth metric shown, and the change between them."""
    g = report.growth
    first, last = g.iloc[0], g.iloc[-1]
    metrics = change_metrics(report)
    return pd.DataFrame({
        "metric": list(metrics),
        "first": [float(first[m]) for m in metrics],
        "last": [float(last[m]) for m in metrics],
        "change": [float(last[m]) - float(first[m]) for m in metrics],
    })


def build_headlines(report: NetworkReport, lang: str) -> Section:
    """Headline figures of the last period and their change since the first."""
    heading = Heading(say("headlines.heading", lang))
    if report.growth.empty:
        return (heading, Paragraph(say("headlines.empty", lang)))
    names = period_names(report, lang)
    change = change_frame(report).set_index("metric")
    cannot = partners_note(report, lang)
    cards = [KeyFigure(label(m, lang), value_text(m, change.at[m, "last"], lang),
                       say("partners.card", lang) if cannot and m == "network_partners" else
                       say("headlines.since", lang,
                           change=change_text(m, change.at[m, "change"], lang),
                           period=names[0]))
             for m in HEADLINE_METRICS]
    share = report.integration.share
    cards.append(KeyFigure(label("integration_share", lang),
                           i18n.format_percent(share, lang) if not np.isnan(share) else "–",
                           say("headlines.whole_period", lang)))
    # Two columns read on a phone: each measure and its change, "6 → 350 (+344)".
    shown = change.index.tolist()
    table = pd.DataFrame({
        say("columns.metric", lang): [label(m, lang) for m in shown],
        say("columns.change", lang): [
            value_text(m, change.at[m, "last"], lang) if np.isnan(change.at[m, "last"]) else
            say("headlines.from_to", lang, first=value_text(m, change.at[m, "first"], lang),
                last=value_text(m, change.at[m, "last"], lang),
                change=change_text(m, change.at[m, "change"], lang)) for m in shown],
    }) if names[0] != names[-1] else None
    blocks: list[Block] = [heading, Paragraph(say("headlines.intro", lang, first=names[0],
                                                  last=names[-1]))]
    if cannot:
        blocks.append(Note(cannot, tone="warning"))
    blocks.append(KeyFigures(tuple(cards)))
    if table is not None:
        blocks.append(Table(table, say("headlines.caption", lang, first=names[0],
                                       last=names[-1]),
                            name="first-and-last-period", data=change_frame(report)))
    return tuple(blocks)
