"""The network of groups, spaces and projects: its graph, growth, spaces and reach.

``from labmetrics import network`` then ``network.growth(data, "quarter")``. Every function
takes ``start`` and ``end`` as anything ``pandas.Timestamp`` accepts (inclusive days),
defaulting to the data's span. :data:`DEFINITIONS` names the message that defines each
metric, for a report's method section (:func:`definitions` returns them in a language).
"""

from __future__ import annotations

from labmetrics.network.activity import uses_before_mapping
from labmetrics.network.bridges import bridging_groups
from labmetrics.network.graph import (
    Snapshot,
    build_graph,
    group_space_graph,
    node_id,
    snapshots,
)
from labmetrics.network.growth import (
    DEFINITIONS,
    definitions,
    graph_metrics,
    growth,
    period_graph,
)
from labmetrics.network.links import PARTNER_COLUMNS, uncounted_partners
from labmetrics.network.periods import period_alias, period_table, span, window
from labmetrics.network.reach import Geography, geography, group_flags, kind_mix, missing
from labmetrics.network.spaces import Integration, integration, space_metrics

__all__ = [
    "DEFINITIONS",
    "PARTNER_COLUMNS",
    "Geography",
    "Integration",
    "Snapshot",
    "bridging_groups",
    "build_graph",
    "definitions",
    "geography",
    "graph_metrics",
    "group_flags",
    "group_space_graph",
    "growth",
    "integration",
    "kind_mix",
    "missing",
    "node_id",
    "period_alias",
    "period_graph",
    "period_table",
    "snapshots",
    "space_metrics",
    "span",
    "uncounted_partners",
    "uses_before_mapping",
    "window",
]
