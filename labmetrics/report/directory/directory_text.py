"""The words every section of the partner directory writes: its messages, kinds of group,
open technologies, places and dates."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from labmetrics import i18n
from labmetrics.period import DateLike


def say(key: str, lang: str, **values: object) -> str:
    """The directory's message ``key`` in ``lang``."""
    return i18n.t(f"directory.{key}", lang, **values)


def kind_name(kind: object, lang: str) -> str:
    """A kind of group in words."""
    key = f"figures.kinds.{kind}"
    return i18n.t(key, lang) if i18n.has(key, lang) else str(kind)


def tech_name(tech: str, lang: str) -> str:
    """An open technology in words."""
    key = f"codes.open_tech.{tech}"
    return i18n.t(key, lang) if i18n.has(key, lang) else tech


def words(items: Iterable[str], lang: str) -> str:
    """Items joined by commas, or the word for none."""
    listed = [str(i) for i in items]
    return ", ".join(listed) if listed else say("listing.none", lang)


def place(district: object, region: object, lang: str) -> str:
    """``district, region`` as the data names them; the word for no district when there is
    none."""
    parts = [str(p) for p in (district, region) if p is not None and not pd.isna(p)]
    return ", ".join(parts) if parts else say("listing.unplaced", lang)


def day(value: DateLike | None, lang: str) -> str:
    """A date for readers; ``–`` when there is none."""
    return "–" if value is None or pd.isna(value) else i18n.format_date(value, lang)
