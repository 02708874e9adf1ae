"""The sections of the network-growth report.

:func:`prepare` computes every network measure of the report once (growth per period, the
snapshots to draw, each space's place in the network, integration, kind mix, who is missing,
geography); each ``build_*`` function returns one section as a
:data:`~labmetrics.report.blocks.Section` and each ``show_*`` publishes it, so that
``notebooks/network_growth_report.ipynb`` is one call per section.

``inputs`` measures the network; ``headlines`` writes the intro and the headline figures;
``growth`` the growth over time and the snapshots; ``hubs`` the hubs and bridges; ``reach``
who is missing and the map; ``method`` the definitions and the data; ``network_text``
the words they share.
"""

from __future__ import annotations

from collections.abc import Iterable

from labmetrics.report.blocks import Section, shower
from labmetrics.report.network_growth.growth import build_growth, build_snapshots, snapshot_layout
from labmetrics.report.network_growth.headlines import (
    CHANGE_METRICS,
    HEADLINE_METRICS,
    build_headlines,
    build_intro,
    change_frame,
)
from labmetrics.report.network_growth.hubs import (
    BRIDGES_SHOWN,
    bridging_blocks,
    bridging_items,
    build_hubs,
)
from labmetrics.report.network_growth.inputs import (
    SNAPSHOTS,
    NetworkReport,
    parse_spaces,
    pick_snapshots,
    prepare,
)
from labmetrics.report.network_growth.method import build_method, definition_terms
from labmetrics.report.network_growth.network_text import period_names
from labmetrics.report.network_growth.reach import (
    build_map,
    build_missing,
    map_spaces,
    representation_items,
)

__all__ = [
    "BRIDGES_SHOWN", "CHANGE_METRICS", "HEADLINE_METRICS", "SECTIONS", "SNAPSHOTS", "NetworkReport",
    "bridging_blocks", "bridging_items", "build_growth", "build_headlines", "build_hubs",
    "build_intro", "build_map", "build_method", "build_missing", "build_snapshots",
    "change_frame", "definition_terms", "map_spaces", "parse_spaces", "period_names",
    "pick_snapshots", "prepare", "representation_items", "sections", "show_growth",
    "show_headlines", "show_hubs", "show_intro", "show_map", "show_method", "show_missing",
    "show_snapshots", "snapshot_layout",
]

show_intro = shower(build_intro)
show_headlines = shower(build_headlines)
show_growth = shower(build_growth)
show_snapshots = shower(build_snapshots)
show_hubs = shower(build_hubs)
show_missing = shower(build_missing)
show_map = shower(build_map)
show_method = shower(build_method)


# The page's sections in order: the notebook shows each with its ``show_`` function, one
# per cell, in this order (tests/test_notebooks.py holds the notebook to it).
SECTIONS = (
    build_intro, build_headlines, build_growth, build_snapshots, build_hubs, build_missing,
    build_map, build_method,
)


def sections(report: NetworkReport, lang: str) -> Iterable[Section]:
    """Every section of the report, in order."""
    for builder in SECTIONS:
        yield builder(report, lang)
