"""The sections of the public directory of the network's partners.

:func:`prepare` lists the partners on a day once; each ``build_*`` function returns one
section as a :data:`~labmetrics.report.blocks.Section` and each ``show_*`` publishes it,
so that ``notebooks/partner_directory.ipynb`` is one call per section.

``inputs`` reads the data and lists the partners; ``summary`` writes the intro, the counts
and the map; ``changes`` who joined and who left; ``listing`` every partner with the
filters; ``method`` the definitions and the data; ``directory_text`` the words they
share.
"""

from __future__ import annotations

from collections.abc import Iterable

from labmetrics.report.blocks import Section, shower
from labmetrics.report.directory.changes import CHANGE_COLUMNS, build_changes, change_frame
from labmetrics.report.directory.inputs import DirectoryReport, prepare
from labmetrics.report.directory.listing import (
    PUBLIC_COLUMNS,
    build_listing,
    district_points,
    fold,
    listing_html,
    public_frame,
)
from labmetrics.report.directory.method import build_method
from labmetrics.report.directory.summary import (
    build_intro,
    build_map,
    build_summary,
    kind_counts,
    map_spaces,
    region_counts,
    year_counts,
)

__all__ = [
    "CHANGE_COLUMNS", "PUBLIC_COLUMNS", "SECTIONS", "DirectoryReport", "build_changes",
    "build_intro", "build_listing", "build_map", "build_method", "build_summary", "change_frame",
    "district_points", "fold", "kind_counts", "listing_html", "map_spaces", "prepare",
    "public_frame", "region_counts", "sections", "show_changes", "show_intro", "show_listing",
    "show_map", "show_method", "show_summary", "year_counts",
]

show_intro = shower(build_intro)
show_summary = shower(build_summary)
show_map = shower(build_map)
show_changes = shower(build_changes)
show_listing = shower(build_listing)
show_method = shower(build_method)


# The page's sections in order: the notebook shows each with its ``show_`` function, one
# per cell, in this order (tests/test_notebooks.py holds the notebook to it).
SECTIONS = (build_intro, build_summary, build_map, build_changes, build_listing, build_method)


def sections(report: DirectoryReport, lang: str) -> Iterable[Section]:
    """Every section of the page, in order."""
    for builder in SECTIONS:
        yield builder(report, lang)
