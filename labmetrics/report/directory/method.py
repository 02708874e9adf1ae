"""How the directory is made: who counts as a partner, the consent rule, and the data."""

from __future__ import annotations

from labmetrics.report.blocks import Heading, Paragraph, Section
from labmetrics.report.directory.directory_text import say
from labmetrics.report.directory.inputs import DirectoryReport
from labmetrics.report.shared_sections import build_data_sources


def build_method(report: DirectoryReport, lang: str) -> Section:
    """The definitions, the consent rule and the data sources."""
    return (Heading(say("method.heading", lang)), Paragraph(say("method.partner", lang)),
            Paragraph(say("method.consent", lang)),
            *build_data_sources(report.data, lang))
