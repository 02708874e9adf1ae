"""Every chart and map of labmetrics, in one style and palette, each with its alt text.

Each function takes the language (``"pt-BR"`` by default, or ``"en"``) and returns a
:class:`Chart`: the matplotlib figure with its title, its alt text (what the chart shows,
with the key numbers, in that language), the table behind it (translated headers, no
personal data) and a caption when a credit is due. Figures are drawn without pyplot and save
to identical SVG bytes for identical input.

- Over time: :func:`growth_chart`, :func:`activity_chart`.
- Bars: :func:`bar_chart`, :func:`per_lab_chart`, :func:`kind_mix_chart`,
  :func:`projects_by_status_chart`, :func:`indicator_progress_chart`,
  :func:`comparison_chart`.
- Network: :func:`network_layout` (:func:`union_layout` for several snapshots),
  :func:`network_drawing`.
- City: :func:`district_map`, :func:`network_lines`; in a notebook, the interactive
  :func:`explore_map` (folium).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labmetrics.figures.bars import (
    ADDITIVE_PER_LAB,
    COMPLETION_LEVELS,
    KIND_MIX_COUNTS,
    PER_LAB_METRICS,
    THRESHOLD_LEVELS,
    bar_chart,
    comparison_chart,
    indicator_progress_chart,
    kind_mix_chart,
    per_lab_chart,
    projects_by_status_chart,
)
from labmetrics.figures.lines import (
    ACTIVITY_COLUMNS,
    GROWTH_METRICS,
    activity_chart,
    growth_chart,
    period_labels,
)
from labmetrics.figures.style import (
    LAB_COLOURS,
    OKABE_ITO,
    PALETTE,
    TEXT,
    TEXT_MUTED,
    Chart,
    LabFigure,
    contrast_ratio,
    host_colour,
    kind_colour,
    space_colour,
)

if TYPE_CHECKING:
    from labmetrics.figures.explore import explore_map
    from labmetrics.figures.graph import (
        NODE_TYPES,
        network_drawing,
        network_layout,
        union_layout,
    )
    from labmetrics.figures.maps import district_map, network_lines

# The networks and maps import networkx, which a report without a network or a map (the
# progress report) never needs: they are imported on first use.
_GRAPH = frozenset({"NODE_TYPES", "network_drawing", "network_layout", "union_layout"})
_MAPS = frozenset({"district_map", "network_lines"})


def __getattr__(name: str) -> Any:
    value: Any
    if name in _GRAPH:
        from labmetrics.figures import graph

        value = getattr(graph, name)
    elif name in _MAPS:
        from labmetrics.figures import maps

        value = getattr(maps, name)
    elif name == "explore_map":
        from labmetrics.figures import explore

        value = explore.explore_map
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "ACTIVITY_COLUMNS",
    "ADDITIVE_PER_LAB",
    "COMPLETION_LEVELS",
    "GROWTH_METRICS",
    "KIND_MIX_COUNTS",
    "LAB_COLOURS",
    "NODE_TYPES",
    "OKABE_ITO",
    "PALETTE",
    "PER_LAB_METRICS",
    "TEXT",
    "TEXT_MUTED",
    "THRESHOLD_LEVELS",
    "Chart",
    "LabFigure",
    "activity_chart",
    "bar_chart",
    "comparison_chart",
    "contrast_ratio",
    "district_map",
    "explore_map",
    "growth_chart",
    "host_colour",
    "indicator_progress_chart",
    "kind_colour",
    "kind_mix_chart",
    "network_drawing",
    "network_layout",
    "network_lines",
    "per_lab_chart",
    "period_labels",
    "projects_by_status_chart",
    "space_colour",
    "union_layout",
]
