"""Periods: the data's span, a report window, and its calendar periods.

Dates are inclusive days: a window ``start``–``end`` holds every row dated on ``start``,
on ``end`` or between them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.period import DateLike, Freq, Period

DAY = pd.Timedelta(days=1)

# Report frequencies, with the pandas spellings people also type, to pandas Period aliases.
_FREQ_ALIASES = {
    "month": "M", "m": "M", "ms": "M", "me": "M",
    "quarter": "Q", "q": "Q", "qs": "Q", "qe": "Q", "q-dec": "Q",
    "year": "Y", "y": "Y", "ys": "Y", "ye": "Y", "a": "Y", "as": "Y", "y-dec": "Y",
}


def period_alias(freq: Freq) -> str:
    """Return the pandas Period alias (``"M"``, ``"Q"``, ``"Y"``) of a report frequency.

    Accepts ``"month"``, ``"quarter"``, ``"year"``, the pandas aliases ``"MS"``, ``"QS"``,
    ``"YS"`` (and their end-of-period forms) or a pandas offset of those frequencies.
    """
    name = getattr(freq, "freqstr", freq)
    alias = _FREQ_ALIASES.get(str(name).strip().casefold())
    if alias is None:
        raise ConfigError(
            f"frequency '{freq}' is not one labmetrics knows.",
            fix="use month, quarter or year (or the pandas aliases MS, QS, YS).",
        )
    return alias


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame else pd.Series(dtype="datetime64[ns]")


def span(data: LabData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day the data speaks of (mapping, joining, usage, projects)."""
    columns = [
        _dates(data.groups, "mapped_on"), _dates(data.groups, "network_joined_on"),
        _dates(data.usage, "date"), _dates(data.projects, "started_on"),
        _dates(data.projects, "ended_on"),
    ]
    lows = [c.min() for c in columns if c.notna().any()]
    highs = [c.max() for c in columns if c.notna().any()]
    if not lows:
        raise ConfigError(
            "the data holds no dated row, so it has no period to measure.",
            fix="pass start and end, or load a data folder with groups, usage or projects.",
        )
    return pd.Timestamp(min(lows)).normalize(), pd.Timestamp(max(highs)).normalize()


def window(data: LabData, start: DateLike | None = None, end: DateLike | None = None
           ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return ``(start, end)`` as days, each defaulting to the data's span."""
    if start is None or end is None:
        first, last = span(data)
        start = first if start is None else start
        end = last if end is None else end
    period = Period.of(start, end)
    return period.start, period.end


def within(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Mask of ``dates`` on or after ``start`` and on or before the day ``end``."""
    return (dates >= start) & (dates < end + DAY)


def period_table(start: pd.Timestamp, end: pd.Timestamp, freq: Freq) -> pd.DataFrame:
    """Return the calendar periods meeting ``start``–``end``, the first and last clipped to it.

    Columns ``period`` (first day) and ``period_end`` (last day), both Timestamps.
    """
    periods = pd.period_range(start, end, freq=period_alias(freq))
    firsts = periods.start_time.normalize().to_numpy().copy()
    lasts = periods.end_time.normalize().to_numpy().copy()
    firsts[0], lasts[-1] = np.datetime64(start, "ns"), np.datetime64(end, "ns")
    return pd.DataFrame({"period": pd.DatetimeIndex(firsts).astype("datetime64[ns]"),
                         "period_end": pd.DatetimeIndex(lasts).astype("datetime64[ns]")})


def bin_edges(periods: pd.DataFrame, freq: Freq) -> np.ndarray:
    """Edges (int64 ns) that sort a date into: 0 history, 1 the period before the first,
    2.. the periods of ``periods``, and ``len(periods) + 2`` after the last.

    Use with ``np.searchsorted(edges, dates, side="right")``.
    """
    first = pd.Period(periods["period"].iloc[0], freq=period_alias(freq))
    before = (first - 1).start_time.normalize()
    starts = periods["period"].to_numpy(dtype="datetime64[ns]")
    after = periods["period_end"].iloc[-1] + DAY
    edges = np.concatenate([[np.datetime64(before, "ns")], starts,
                            [np.datetime64(after, "ns")]])
    return edges.astype("int64")


def sort_into(edges: np.ndarray, dates: pd.Series) -> np.ndarray:
    """Bin index of each date for :func:`bin_edges`; a missing date goes after the last."""
    values = dates.to_numpy(dtype="datetime64[ns]").astype("int64")
    bins = np.searchsorted(edges, values, side="right")
    return np.where(dates.isna().to_numpy(), len(edges), bins)
