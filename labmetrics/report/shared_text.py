"""The words every report writes alike: lists joined with "and", changes with their sign,
cited documents as list items."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup

from labmetrics import i18n
from labmetrics.commitment import Source
from labmetrics.report import display

__all__ = ["join", "signed", "source_items"]


def source_items(sources: Mapping[str, Source], lang: str) -> tuple[Markup, ...]:
    """Cited documents as list items: the title linked to its address, then its publisher."""
    items = []
    for source in sources.values():
        title = source.title.text(lang)
        text = display.link_html(title, source.url) if source.url else Markup.escape(title)
        if source.publisher:
            text = Markup("{} – {}").format(text, source.publisher.text(lang))
        items.append(text)
    return tuple(items)


def join(items: Sequence[str], lang: str) -> str:
    """``a, b and c`` in ``lang``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {i18n.t('sections.words.and', lang)} {words[-1]}"


def signed(change: float | None, lang: str, written: Callable[[float], str], *,
           share: bool = False) -> str:
    """A change with its sign: ``+276``, ``−3.951 h`` (``written`` writes the size), a share
    in percentage points (``+29 p.p.``), ``±0`` for none, ``–`` when it is unknown."""
    if change is None or math.isnan(change):
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if share:
        return i18n.t("sections.words.points", lang,
                      value=sign + i18n.format_number(abs(change) * 100, lang))
    return sign + written(abs(change))
