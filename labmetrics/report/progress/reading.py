"""The evaluator's reading, said where it matters: the thresholds and what each indicator
counts are provisional and written in the commitment file; why the computed level differs
from the assessment's; which spaces and partners a milestone's figures count."""

from __future__ import annotations

from pathlib import Path

from labmetrics import config
from labmetrics.commitment import RULE_LEVELS, Counting, SpaceFilter
from labmetrics.evidence import MilestoneEvidence, indicator_label, level_name
from labmetrics.i18n import code_names
from labmetrics.irm import Completion
from labmetrics.report.blocks import Block, Paragraph
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import say
from labmetrics.report.shared_text import join
from labmetrics.schema import FORMATS, SPACE_KINDS


def file_path(path: str | Path | None) -> str:
    """A file's path as a reader of the project finds it: from the project's root when it
    lies inside it (``data/raw/commitments/<ID>.yaml``), else its name."""
    if not path:
        return "–"
    file = Path(path)
    try:
        return file.resolve().relative_to(config.ROOT.resolve()).as_posix()
    except ValueError:
        return file.name


def provisional(report: ProgressReport, lang: str) -> Paragraph:
    """The thresholds are the evaluator's reading, provisional until the Forum agrees them,
    and where they are written."""
    return Paragraph(say("reading.provisional", lang,
                         path=file_path(report.evidence.commitment.path)))


def why_it_differs(report: ProgressReport, lang: str) -> list[Block]:
    """One sentence a Forum member understands, when the computed level differs from the
    assessment's: which milestones carry the computed level, and what the figures cannot
    show. Nothing when they agree or cannot be compared."""
    e = report.evidence
    stated = e.override.value if e.override is not None else None
    scale = (Completion.NOT_STARTED, *reversed(RULE_LEVELS))
    if stated is None or stated not in scale or stated == e.computed:
        return []
    if scale.index(e.computed) > scale.index(stated):
        carrying = [m for m in e.milestones if m.level > stated]
        key = "reading.higher"
    else:
        carrying = [m for m in e.milestones if m.level < stated]
        key = "reading.lower"
    milestones = join([say("reading.milestone", lang, number=m.number,
                           level=level_name(m.level, lang)) for m in carrying], lang)
    return [Paragraph(say(key, lang, computed=level_name(e.computed, lang),
                          stated=level_name(stated, lang), milestones=milestones))]


def counting_note(report: ProgressReport, m: MilestoneEvidence, lang: str) -> list[Block]:
    """Which of the milestone's indicators count only the commitment's labs, the spaces it
    lists or those of some kinds or hosts, leave out inactive partners, count only some
    formats of use or only the uses by groups (the commitment file's ``counting``)."""
    c = report.evidence.commitment
    counted: dict[str, list[str]] = {"labs": [], "inactive": [], "open_events": []}
    by_spaces: dict[tuple[str, ...], list[str]] = {}
    by_formats: dict[tuple[str, ...], list[str]] = {}
    by_filter: dict[SpaceFilter, list[str]] = {}
    for indicator in m.indicators:
        counts: Counting = c.counts(indicator)
        label = indicator_label(indicator, lang)
        if isinstance(counts.spaces, SpaceFilter):
            by_filter.setdefault(counts.spaces, []).append(label)
        elif counts.spaces == "labs":
            counted["labs"].append(label)
        elif not isinstance(counts.spaces, str):
            by_spaces.setdefault(counts.spaces, []).append(label)
        if not counts.inactive_partners:
            counted["inactive"].append(label)
        if counts.formats is not None:
            by_formats.setdefault(counts.formats, []).append(label)
        if not counts.open_events:
            counted["open_events"].append(label)
    blocks: list[Block] = []
    if counted["labs"]:
        blocks.append(Paragraph(say("reading.labs_only", lang, labs=join(list(c.labs), lang),
                                    indicators=join(counted["labs"], lang))))
    names = dict(zip(report.evidence.spaces["space_id"], report.evidence.spaces["name"],
                     strict=True))
    for ids, labels in by_spaces.items():
        blocks.append(Paragraph(say("reading.spaces_only", lang,
                                    spaces=join([str(names.get(i, i)) for i in ids], lang),
                                    indicators=join(labels, lang))))
    kinds = code_names(SPACE_KINDS, lang)
    for space_filter, labels in by_filter.items():
        values = ([kinds.get(v, v).lower() for v in space_filter.values]
                  if space_filter.field == "kind" else list(space_filter.values))
        blocks.append(Paragraph(say(f"reading.{space_filter.field}s_only", lang,
                                    values=join(values, lang),
                                    indicators=join(labels, lang))))
    if counted["inactive"]:
        blocks.append(Paragraph(say("reading.no_inactive", lang,
                                    indicators=join(counted["inactive"], lang))))
    formats = code_names(FORMATS, lang)
    for chosen, labels in by_formats.items():
        blocks.append(Paragraph(say("reading.formats_only", lang,
                                    formats=join([formats[f].lower() for f in chosen], lang),
                                    indicators=join(labels, lang))))
    if counted["open_events"]:
        blocks.append(Paragraph(say("reading.no_open_events", lang,
                                    indicators=join(counted["open_events"], lang))))
    return blocks


def method_note(report: ProgressReport, lang: str) -> Paragraph:
    """What each indicator counts is set, like the thresholds, in the commitment file."""
    return Paragraph(say("reading.method", lang,
                         path=file_path(report.evidence.commitment.path)))
