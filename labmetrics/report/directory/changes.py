"""Who joined and who left the network between the earlier day and the directory's day."""

from __future__ import annotations

import pandas as pd

from labmetrics import i18n
from labmetrics.report.blocks import Block, Data, Heading, Items, Paragraph, Section
from labmetrics.report.directory.directory_text import day, kind_name, place, say
from labmetrics.report.directory.inputs import DirectoryReport

CHANGE_COLUMNS = ("name", "kind", "district_name", "region", "network_joined_on",
                  "network_left_on")
"""What the page says of a group that joined or left, and what its CSV holds."""


def change_frame(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The groups that joined (``column="network_joined_on"``) or left, by that date."""
    out = frame.loc[:, list(CHANGE_COLUMNS)]
    return out.sort_values([column, "name"], ignore_index=True)


def _items(frame: pd.DataFrame, column: str, key: str, lang: str) -> Items:
    return Items(tuple(say(key, lang, name=str(r.name), kind=kind_name(r.kind, lang),
                           place=place(r.district_name, r.region, lang),
                           date=day(getattr(r, column), lang))
                       for r in frame.itertuples(index=False)))


def build_changes(report: DirectoryReport, lang: str) -> Section:
    """Who joined and who left between the two days, named unless they opted out."""
    d = report.directory
    number = i18n.format_number
    blocks: list[Block] = [
        Heading(say("changes.heading", lang)),
        Paragraph(say("changes.intro", lang, since=i18n.format_date(d.since, lang),
                      as_of=i18n.format_date(d.as_of, lang))),
    ]
    for part, frame, hidden, column in (
            ("joined", d.joined, d.joined_opted_out, "network_joined_on"),
            ("left", d.left, d.left_opted_out, "network_left_on")):
        total = len(frame) + hidden
        if total == 0:
            blocks.append(Paragraph(say(f"changes.none_{part}", lang)))
            continue
        blocks.append(Heading(say(f"changes.{part}", lang, n=number(total, lang)), 3))
        listed = change_frame(frame, column)
        if len(listed):
            blocks += [_items(listed, column, f"changes.{part}_item", lang),
                       Data(listed, f"partners-{part}")]
        if hidden:
            blocks.append(Paragraph(say(f"changes.{part}_hidden", lang,
                                        n=number(hidden, lang))))
    return tuple(blocks)
