"""The one period type: two inclusive days, checked once where a period comes in.

Periods arrive as text (the command line, notebook parameters) or as dates (library calls).
:meth:`Period.of` is the only check and gives the only message; inside, a ``Period`` (or
its two day Timestamps) is passed along already checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias

import pandas as pd

from labmetrics.errors import ConfigError

__all__ = ["DateLike", "Freq", "Period"]

DateLike: TypeAlias = str | date | datetime | pd.Timestamp
"""A day as a person or a program gives it: ISO text, a date or a Timestamp."""
Freq: TypeAlias = str | pd.DateOffset
"""A frequency of periods: ``"month"``, ``"quarter"``, ``"year"``, a pandas alias of those
(``"QS"``) or a pandas offset; :func:`labmetrics.network.periods.period_alias` checks it."""


def _day(value: DateLike) -> pd.Timestamp | None:
    """``value`` as a day, or None when it is not a date (text must be ISO, YYYY-MM-DD)."""
    if isinstance(value, str):
        try:
            return pd.Timestamp(date.fromisoformat(value.strip()))
        except ValueError:
            return None
    if isinstance(value, date | datetime | pd.Timestamp) and not pd.isna(value):
        return pd.Timestamp(value).normalize()
    return None


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (midnight Timestamps)."""

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def of(cls, start: DateLike, end: DateLike) -> Period:
        """Check and return the period ``start``–``end``.

        Raises
        ------
        ConfigError
            When either is not a date, or the period ends before it starts.
        """
        first, last = _day(start), _day(end)
        if first is None or last is None:
            raise ConfigError(f"period {start}:{end} is not two ISO dates.",
                              fix="write it as START:END, for example 2017-01-01:2017-12-31.")
        if last < first:
            raise ConfigError(f"period {start}:{end} ends before it starts.",
                              fix="put the earlier date first.")
        return cls(first, last)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Check and return the period written ``START:END``."""
        start, sep, end = text.partition(":")
        if not sep:
            raise ConfigError(f"period {text} is not two ISO dates.",
                              fix="write it as START:END, for example 2017-01-01:2017-12-31.")
        return cls.of(start, end)

    def iso(self) -> tuple[str, str]:
        """``("YYYY-MM-DD", "YYYY-MM-DD")``."""
        return self.start.date().isoformat(), self.end.date().isoformat()

    def __str__(self) -> str:
        return ":".join(self.iso())
