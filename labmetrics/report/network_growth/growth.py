"""Growth over time: the mapping, the partners and who is active each period, and the
network drawn at a few periods in one layout."""

from __future__ import annotations

from labmetrics import figures, i18n
from labmetrics.figures.graph import Positions
from labmetrics.report.blocks import Block, Data, Figure, Heading, Note, Paragraph, Section
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.network_growth.network_text import partners_note, say


def build_growth(report: NetworkReport, lang: str) -> Section:
    """Growth over time: the mapping and the partners, and who is active each period."""
    blocks: list[Block] = [Heading(say("growth.heading", lang)),
                           Paragraph(say("growth.intro", lang))]
    if report.growth.empty:
        return (*blocks, Paragraph(say("headlines.empty", lang)))
    cannot = partners_note(report, lang)
    if cannot:
        blocks.append(Note(cannot, tone="warning"))
    names = figures.period_labels(report.growth["period"], lang, report.freq)
    baseline = report.growth["baseline"].to_numpy() > 0
    blocks += [
        Figure(figures.growth_chart(report.growth, lang, freq=report.freq)),
        Paragraph(say("growth.activity", lang)),
    ]
    if baseline.any():
        blocks.append(Paragraph(say("growth.baseline", lang,
                                    period=names[int(baseline.argmax())])))
    blocks += [
        Figure(figures.activity_chart(report.growth, lang, freq=report.freq)),
        Data(report.growth, "growth-per-period"),
    ]
    early = report.early_uses
    if len(early):
        blocks += [
            Paragraph(say("growth.before_mapping", lang,
                          uses=i18n.format_number(early["uses_before_mapping"].sum(), lang),
                          groups=i18n.format_number(len(early), lang))),
            Data(early, "uses-before-mapping"),
        ]
    return tuple(blocks)


# ---------------------------------------------------------------------------- snapshots

def snapshot_layout(report: NetworkReport) -> Positions:
    """One layout for the union of the snapshots drawn: every node keeps its place."""
    graphs = [s.graph for s in report.snapshots]
    return figures.union_layout(graphs) if graphs else {}


def build_snapshots(report: NetworkReport, lang: str) -> Section:
    """The network drawn at three or four periods, in the same layout."""
    blocks: list[Block] = [Heading(say("snapshots.heading", lang))]
    if not report.snapshots:
        return (*blocks, Paragraph(say("headlines.empty", lang)))
    blocks.append(Paragraph(say("snapshots.intro", lang,
                                n=i18n.format_number(len(report.snapshots), lang))))
    blocks.append(Paragraph(say("snapshots.measured", lang)))
    layout = snapshot_layout(report)
    names = figures.period_labels([s.start for s in report.snapshots], lang, report.freq)
    for i, (snap, name) in enumerate(zip(report.snapshots, names, strict=True), start=1):
        chart = figures.network_drawing(snap.graph, lang, positions=layout,
                                        title=say("snapshots.title", lang, period=name),
                                        name=f"network-{i}")
        blocks.append(Figure(chart))
    return tuple(blocks)
