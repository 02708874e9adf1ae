"""Change since a previous period: each milestone's level and each indicator, then and now."""

from __future__ import annotations

import pandas as pd

from labmetrics.errors import ConfigError
from labmetrics.evidence import compare_periods, format_value, indicator_label, level_name
from labmetrics.report.blocks import Heading, Paragraph, Section, Table
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import change_text, period_text, say


def change_table(report: ProgressReport, lang: str) -> pd.DataFrame:
    """Each indicator in the previous period and this one, and the change, in ``lang``."""
    if report.previous is None:
        raise ConfigError("no previous period to compare with.",
                          fix="give previous_period_start and previous_period_end.")
    change = compare_periods(report.evidence, report.previous)
    # Two columns read on a phone: each indicator and "35 → 311 (+276)".
    return pd.DataFrame({
        say("change.columns.indicator", lang): [indicator_label(i, lang)
                                                for i in change["indicator"]],
        say("change.columns.change", lang): [
            say("change.from_to", lang, previous=format_value(p, u, lang),
                current=format_value(c, u, lang), change=change_text(d, u, lang))
            for p, c, d, u in zip(change["previous"], change["current"], change["change"],
                                  change["unit"], strict=True)],
    })


def build_change(report: ProgressReport, lang: str) -> Section:
    """Change since the previous period: indicators and milestone levels, or a sentence
    saying no previous period was given."""
    heading = Heading(say("change.heading", lang))
    if report.previous is None:
        return (heading, Paragraph(say("change.none", lang)))
    p, e = report.previous, report.evidence
    levels = pd.DataFrame({
        say("change.columns.milestone", lang): [say("change.milestone", lang, number=m.number)
                                                for m in e.milestones],
        say("change.columns.previous", lang): [level_name(p.milestone(m.number).level, lang)
                                               for m in e.milestones],
        say("change.columns.current", lang): [level_name(m.level, lang) for m in e.milestones],
    })
    return (heading,
            Paragraph(say("change.intro", lang, previous=period_text(p.start, p.end, lang),
                          current=period_text(e.start, e.end, lang),
                          before=level_name(p.computed, lang),
                          now=level_name(e.computed, lang))),
            Table(levels, say("change.levels_caption", lang)),
            Table(change_table(report, lang), say("change.caption", lang), name="change",
                  data=compare_periods(e, p)))
