"""Labels that do not collide: each goes to the first free spot around its point."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from labmetrics.figures.style import TEXT, WHITE, LabFigure

# Labels sit on a white box (a stroked halo would write each label out as a long SVG path).
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": WHITE, "edgecolor": "none",
             "alpha": 0.85}
LABEL_WRAP = 18
# Average advance of a bold DejaVu Sans character, in ems: enough to size a label's box.
_CHAR_EM = 0.64
# Distances (points) from the point to its label, nearest first; beyond the first, a leader
# line joins them.
_RINGS = (10.0, 28.0, 50.0, 75.0)
_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))

# A white casing lets a leader line stand out over busy drawings.
_CASING = [patheffects.Stroke(linewidth=3.0, foreground=WHITE), patheffects.Normal()]

Box = tuple[float, float, float, float]


def _overlap(box: Box, others: list[Box]) -> float:
    return sum(max(0.0, min(box[2], o[2]) - max(box[0], o[0]))
               * max(0.0, min(box[3], o[3]) - max(box[1], o[1])) for o in others)


def _outside(box: Box, frame: Box) -> float:
    """Area of ``box`` lying outside ``frame``."""
    inside = (max(0.0, min(box[2], frame[2]) - max(box[0], frame[0]))
              * max(0.0, min(box[3], frame[3]) - max(box[1], frame[1])))
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


def _candidates(x: float, y: float, w: float, h: float
                ) -> list[tuple[tuple[float, float, str, str], Box]]:
    """Every spot around (x, y) for a w × h label, nearest first: offset, alignment, box."""
    spots = []
    for ring in _RINGS:
        for ux, uy in _DIRECTIONS:
            dx, dy = ux * ring, uy * ring
            left = x + dx - (w / 2 if ux == 0 else (w if ux < 0 else 0))
            bottom = y + dy - (h / 2 if uy == 0 else (h if uy < 0 else 0))
            ha = "center" if ux == 0 else ("left" if ux > 0 else "right")
            va = "center" if uy == 0 else ("bottom" if uy > 0 else "top")
            spots.append(((dx, dy, ha, va), (left, bottom, left + w, bottom + h)))
    return spots


def place_labels(ax: Axes, xy: np.ndarray, texts: list[str], fontsize: float,
                 dot_radius: float = 8.0, avoid: tuple[Artist, ...] = ()) -> None:
    """Write ``texts`` beside the points ``xy`` (data units) without overlaps.

    The figure's layout is settled first, so positions are exact; each label takes the
    first spot, nearest first, whose box stays within the axes' height and the figure's
    width and clear of the labels
    already placed, of every point and of the ``avoid`` artists (a legend); a label set
    apart gets a leader line. Labels take no part in the layout afterwards, so they never
    shrink the drawing. Call it last, once everything else is drawn.
    """
    if not len(texts):
        return
    fig = ax.figure
    if isinstance(fig, LabFigure):
        fig.lay_out()  # the axes' final place, without drawing every artist to find it
    else:
        fig.draw_without_rendering()
    to_points = 72.0 / fig.dpi
    xy = np.asarray(xy, dtype=float)
    points = ax.transData.transform(xy) * to_points

    def extent(artist: Artist) -> Box:
        box = artist.get_window_extent()
        return (box.x0 * to_points, box.y0 * to_points, box.x1 * to_points,
                box.y1 * to_points)

    # Labels may use the figure's side margins (a map is narrower than its figure), not the
    # title or legend rows above and below the axes.
    axes_box, figure_box = extent(ax), extent(fig)
    frame = (figure_box[0] + 4, axes_box[1], figure_box[2] - 4, axes_box[3])
    dots = [(x - dot_radius, y - dot_radius, x + dot_radius, y + dot_radius)
            for x, y in points]
    placed: list[Box] = [extent(a) for a in avoid]
    # Crowded points choose first; lone ones find room anyway.
    order = np.argsort(-np.array([_overlap(d, dots) for d in dots]), kind="stable")
    for i in order:  # labels are a handful (the spaces): a plain loop reads best
        text = textwrap.fill(texts[i], LABEL_WRAP)
        lines = text.split("\n")
        w = max(len(line) for line in lines) * _CHAR_EM * fontsize + 4
        h = len(lines) * 1.2 * fontsize + 4
        others = placed + [d for j, d in enumerate(dots) if j != i]
        spots = _candidates(points[i][0], points[i][1], w, h)
        costs = [_overlap(box, others) + 4 * _outside(box, frame) for _, box in spots]
        (dx, dy, ha, va), box = spots[int(np.argmin(costs))]
        placed.append(box)
        leader = ({"arrowstyle": "-", "color": TEXT, "linewidth": 1.0, "shrinkA": 0,
                   "shrinkB": dot_radius * 0.6, "path_effects": _CASING}
                  if max(abs(dx), abs(dy)) > _RINGS[0] else None)
        note = ax.annotate(text, tuple(xy[i]), xytext=(dx, dy), textcoords="offset points",
                           ha=ha, va=va, fontsize=fontsize, fontweight="bold", color=TEXT,
                           bbox=LABEL_BOX, zorder=6, arrowprops=leader)
        note.set_in_layout(False)
