"""One look for every figure: the Chart result, the palette, fonts, formats and SVG output.

Figures are built without pyplot (no global state): each function makes a :class:`LabFigure`
inside :func:`styled`, a matplotlib ``rc_context`` holding the house style. A
``LabFigure`` saves with fonts as paths, a fixed SVG hash salt and no timestamp, so the same
input always gives the same bytes.
"""

from __future__ import annotations

import os
import re
import textwrap
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import IO, Any

import matplotlib as mpl
import pandas as pd
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from labmetrics.errors import ConfigError
from labmetrics.i18n import format_number, has, t
from labmetrics.schema import fold

# Okabe & Ito (2008), "Color Universal Design": eight colours told apart by readers with any
# of the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
WHITE = "#FFFFFF"
# Text colours: both pass WCAG AA (4.5:1) against white; TEXT passes AAA.
TEXT = "#1A1A1A"
TEXT_MUTED = "#555555"
# Non-text marks: light enough to stay behind the data, never used for words.
GRID = "#DDDDDD"
EDGE = "#9A9A9A"
NONE_FILL = "#EEEEEE"
NONE_HATCH = "#8A8A8A"
# Choropleths use viridis: sequential, colour-blind safe and readable in greyscale.
SEQUENTIAL_MAP = "viridis"

_O = OKABE_ITO
# The colours of the labs a commitment names, in the order its file lists them (see
# space_colour): the three darkest Okabe-Ito colours first.
LAB_COLOURS = (_O["blue"], _O["vermillion"], _O["bluish_green"], _O["reddish_purple"])

# Every domain colour of labmetrics. A group kind or series keeps its colour in every report.
PALETTE: dict[str, dict[str, str]] = {
    "kinds": {
        "youth_group": _O["orange"],
        "startup": _O["sky_blue"],
        "collective": _O["bluish_green"],
        "civil_society_org": _O["blue"],
        "hacker_maker_space": _O["vermillion"],
        "research_group": _O["reddish_purple"],
        "other": _O["yellow"],
    },
    # Lines and bars of growth: the darker Okabe-Ito colours, which keep 3:1 against white
    # (WCAG 1.4.11 for graphical objects).
    "series": {
        "groups_mapped": _O["blue"],
        "network_partners": _O["vermillion"],
        "active_groups": _O["black"],
        "bridging_groups": _O["bluish_green"],
        "baseline": _O["reddish_purple"],
        "returning": _O["blue"],
        "newcomers": _O["bluish_green"],
        "lapsed": _O["vermillion"],
    },
    "nodes": {
        "space": _O["black"],
        "project": WHITE,
        "group": _O["sky_blue"],
    },
    "marks": {
        "bar": _O["blue"],
        "highlight": _O["vermillion"],
    },
}
# Colours for the spaces no commitment names: chosen by a stable hash of the id or name.
_OTHER_SPACE_COLOURS = (_O["orange"], _O["reddish_purple"], _O["sky_blue"], _O["black"])

# Shapes carry meaning alongside colour (never colour alone).
SERIES_STYLE: dict[str, tuple[str, str]] = {  # marker, line style
    "groups_mapped": ("o", "-"),
    "network_partners": ("s", "--"),
    "active_groups": ("D", "-"),
    "bridging_groups": ("^", ":"),
}
NODE_MARKERS = {"space": "o", "project": "s", "group": "o"}

# Sizes: a 7-inch figure is shown about half size on a phone, so text starts at 13 pt.
WIDTH_IN = 7.0
BASE_FONT = 13.0
TITLE_WRAP = 52
SVG_RASTER_DPI = 100

STYLE_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_FONT,
    "axes.titlesize": BASE_FONT,
    "axes.labelsize": BASE_FONT,
    "xtick.labelsize": BASE_FONT - 1,
    "ytick.labelsize": BASE_FONT - 1,
    "legend.fontsize": BASE_FONT - 1,
    "figure.titlesize": BASE_FONT + 3,
    "figure.titleweight": "bold",
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.titlecolor": TEXT,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "xtick.color": EDGE,
    "ytick.color": EDGE,
    "axes.edgecolor": EDGE,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "lines.linewidth": 2.4,
    "lines.markersize": 6.5,
    "hatch.linewidth": 0.9,
    "figure.facecolor": WHITE,
    "axes.facecolor": WHITE,
    "savefig.facecolor": WHITE,
    "savefig.dpi": 150,
    "svg.fonttype": "path",
    "svg.hashsalt": "labmetrics",
    "path.simplify": True,
}
# Read when a figure is saved rather than when it is drawn.
_SAVE_RC = {key: STYLE_RC[key] for key in ("svg.fonttype", "svg.hashsalt", "savefig.dpi",
                                           "savefig.facecolor", "path.simplify")}
_METADATA = {
    "svg": {"Date": None, "Creator": "labmetrics"},
    "png": {"Software": "labmetrics"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "labmetrics", "Producer": None},
}


class LabFigure(Figure):
    """A Figure that always saves the same way: fonts as paths, no date, fixed hash salt."""

    _lay_out_only = False

    def savefig(self, fname: str | os.PathLike[str] | IO[bytes], *args: object,
                **kwargs: object) -> None:
        """Save like :meth:`matplotlib.figure.Figure.savefig`, reproducibly."""
        fmt = kwargs.get("format")
        if fmt is None and isinstance(fname, (str, Path)):
            fmt = Path(fname).suffix.lstrip(".").lower() or None
        metadata = _METADATA.get(fmt or "png")
        if metadata is not None:
            kwargs.setdefault("metadata", metadata)
        if fmt == "svg":
            # Only the dense layers drawn as images depend on it; 100 dpi fills a phone.
            kwargs.setdefault("dpi", SVG_RASTER_DPI)
        with mpl.rc_context(_SAVE_RC):
            # Figure.savefig draws a figure with a layout engine twice: once with output
            # disabled, to lay it out, then for real. The first needs only the layout.
            self._lay_out_only = kwargs.get("bbox_inches", mpl.rcParams["savefig.bbox"]) is None
            try:
                super().savefig(fname, *args, **kwargs)
            finally:
                self._lay_out_only = False

    def draw(self, renderer: RendererBase) -> None:
        """Draw like :meth:`matplotlib.figure.Figure.draw`; the layout pass of a save only
        lays the figure out (see :meth:`lay_out`)."""
        if self._lay_out_only and self.get_layout_engine() is not None:
            # The real draw follows, with the layout engine set aside.
            self._lay_out_only = False
            self.lay_out(renderer)
            return
        super().draw(renderer)

    def lay_out(self, renderer: RendererBase | None = None) -> None:
        """Place the axes where a draw would, without drawing: each axes' aspect, the
        layout engine, then the aspect again at the axes' final place (as
        :meth:`matplotlib.axes.Axes.draw` applies it).

        ``renderer`` measures the text; by default, the one the figure would be shown with.
        """
        # Figure.draw's own steps, through its private helpers (matplotlib has no public
        # call that lays a figure out without drawing it).
        renderer = renderer if renderer is not None else self._get_renderer()  # type: ignore[attr-defined]
        engine = self.get_layout_engine()
        with self._render_lock:  # type: ignore[attr-defined]
            self._get_draw_artists(renderer)  # type: ignore[attr-defined]
            if engine is not None and self.axes:
                # As Figure.draw: a layout that cannot be solved is left as it is.
                with suppress(ValueError):
                    engine.execute(self)
            for ax in self.axes:
                locator = ax.get_axes_locator()
                ax.apply_aspect(locator(ax, renderer) if locator is not None else None)


@dataclass(frozen=True, eq=False)
class Chart:
    """One figure of a report, with everything a page needs to show it accessibly.

    Attributes
    ----------
    name
        Slug, used as the CSV and image file name.
    title
        The title, in the chart's language.
    alt
        What the chart shows, with its key numbers, in the chart's language.
    fig
        The matplotlib figure.
    data
        The table behind the chart: translated headers, no personal data.
    caption
        Source or credit line, empty when none is due.
    """

    name: str
    title: str
    alt: str
    fig: Figure
    data: pd.DataFrame
    caption: str = ""

    def to_svg(self) -> str:
        """Return the figure as SVG text, identical for identical input."""
        buffer = StringIO()
        self.fig.savefig(buffer, format="svg")
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        """Save the figure (format from the suffix: .svg, .png, .pdf) and return the path."""
        target = Path(path)
        self.fig.savefig(target)
        return target


@contextmanager
def styled() -> Iterator[None]:
    """Apply the house style while a figure's artists are created."""
    with mpl.rc_context(STYLE_RC):
        yield


def new_figure(height: float, width: float = WIDTH_IN) -> LabFigure:
    """Return an empty white figure, ``width`` × ``height`` inches, with constrained layout.

    Call inside :func:`styled`.
    """
    return LabFigure(figsize=(width, height), layout="constrained")


def set_title(fig: Figure, title: str) -> None:
    """Write the title at the top left of ``fig``, wrapped to fit a phone screen."""
    fig.suptitle(textwrap.fill(title, TITLE_WRAP), x=0.01, ha="left")


def add_caption(fig: Figure, text: str) -> None:
    """Write a source or credit line at the bottom left of ``fig``, kept clear of the plot."""
    fig.text(0.01, 0.005, textwrap.fill(text, 80), ha="left", va="bottom",
             fontsize=BASE_FONT - 3, color=TEXT_MUTED)
    # Keep the constrained layout above the caption line(s).
    lines = text.count("\n") + 1 + len(text) // 80
    fig.get_layout_engine().set(rect=(0, 0.035 * lines, 1, 1 - 0.035 * lines / 4))


def number_formatter(lang: str, decimals: int = 0, absolute: bool = False) -> FuncFormatter:
    """Axis tick formatter writing numbers for ``lang`` (pt-BR: 1.234,5), unsigned when
    ``absolute``."""
    return FuncFormatter(lambda value, _pos: format_number(abs(value) if absolute else value,
                                                           lang, decimals))


def fmt(value: float | None, lang: str, decimals: int = 0) -> str:
    """Format a number for text: integers without decimals, others with ``decimals``."""
    if value is None or pd.isna(value):
        return format_number(None, lang)
    number = float(value)
    places = 0 if number.is_integer() else decimals
    return format_number(number, lang, places)


def t_count(key: str, n: float, lang: str, **values: object) -> str:
    """Translate a message that agrees with a count: ``<key>.one`` for 1, else
    ``<key>.other``; ``{n}`` is the count written for ``lang``."""
    form = "one" if n == 1 else "other"
    return t(f"{key}.{form}", lang, n=fmt(n, lang), **values)


def join_words(items: Iterable[str], lang: str, sep: str = ", ") -> str:
    """Join ``["a", "b", "c"]`` as "a, b e c" (pt-BR) or "a, b and c" (en).

    Lists of numbers take ``sep="; "``: a comma is the decimal mark in pt-BR.
    """
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{sep.join(words[:-1])} {t('figures.words.and', lang)} {words[-1]}"


def unknown_value(what: str, value: object, allowed: Iterable[str]) -> ConfigError:
    """A ConfigError for a parameter outside its allowed values."""
    return ConfigError(f"unknown {what} '{value}'.", fix=f"use one of {', '.join(allowed)}.")


def code_label(family: str, code: object, lang: str) -> str:
    """Translate a code (``figures.<family>.<code>``); a value with no message stays as is."""
    key = f"figures.{family}.{code}"
    return t(key, lang) if has(key, lang) else str(code)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a ConfigError naming the columns ``frame`` lacks for ``what``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"the table given to the {what} figure lacks the column(s) {', '.join(missing)}.",
            fix=f"pass a table with columns {', '.join(columns)}.",
        )


def header(column: str, lang: str) -> str:
    """The translated header of a data column (``figures.columns.<column>``)."""
    return t(f"figures.columns.{column}", lang)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _slug(text: Any) -> str:
    return _NON_ALNUM.sub("", fold(str(text)))


def _stable_pick(key: str, choices: tuple[str, ...]) -> str:
    return choices[zlib.crc32(key.encode("utf-8")) % len(choices)]


def space_colour(*names: object, labs: Sequence[str] = ()) -> str:
    """Return the stable colour of a space, given its id and/or name.

    ``labs`` are the space ids of the labs a commitment names, in its order: the first takes
    the first of :data:`LAB_COLOURS`, and so on, whatever the spelling of the id
    ("lab_one" is "lab-one"). Any other space gets a colour from a stable hash
    of its first id or name, the same in every run and report.
    """
    slugs = [_slug(n) for n in names if n is not None and not pd.isna(n) and _slug(n)]
    named = [_slug(lab) for lab in labs]
    for slug in slugs:
        if slug in named:
            return LAB_COLOURS[named.index(slug) % len(LAB_COLOURS)]
    return _stable_pick(slugs[0] if slugs else "", _OTHER_SPACE_COLOURS)


def host_colour(host: object) -> str:
    """Return the stable colour of the body that runs a space, from a stable hash of its
    name."""
    return _stable_pick(_slug(host), _OTHER_SPACE_COLOURS)


def kind_colour(kind: object) -> str:
    """Return the colour of a group kind (unknown kinds share the colour of ``other``)."""
    return PALETTE["kinds"].get(str(kind), PALETTE["kinds"]["other"])


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a colour."""
    from matplotlib.colors import to_rgb

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str = WHITE) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)),
                  reverse=True)
    return (a + 0.05) / (b + 0.05)


def empty_chart(name: str, title: str, lang: str, data: pd.DataFrame) -> Chart:
    """A chart that says there is no data to draw (an empty period), instead of failing."""
    message = t("figures.no_data", lang)
    with styled():
        fig = new_figure(2.2)
        set_title(fig, title)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, message, ha="center", va="center", color=TEXT,
                transform=ax.transAxes)
    return Chart(name=name, title=title, alt=message, fig=fig, data=data)
