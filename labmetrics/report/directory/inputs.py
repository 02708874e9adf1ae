"""The inputs of the partner directory: the data and the directory on a day, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.network.directory import Directory, directory
from labmetrics.period import DateLike


@dataclass(frozen=True, eq=False)
class DirectoryReport:
    """Everything the partner directory shows.

    Attributes
    ----------
    data
        The validated data.
    directory
        :func:`labmetrics.network.directory.directory`: the partners named on the day, how
        many are not, who joined and who left since the earlier day.
    """

    data: LabData
    directory: Directory


def _day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        # ISO only: 01/02/2018 is a day in one country and a month in another.
        text = value if isinstance(value, str) else pd.Timestamp(value).date().isoformat()
        return pd.Timestamp(date.fromisoformat(text))
    except (TypeError, ValueError):
        raise ConfigError(f"{name} '{value}' is not a date.",
                          fix="write it as YYYY-MM-DD, for example 2018-12-31.") from None


def prepare(data_path: str | Path | None = None, as_of: DateLike | None = None,
            previous: DateLike | None = None,
            data: LabData | None = None, city: str | None = None) -> DirectoryReport:
    """Read the data and list the network's partners.

    Parameters
    ----------
    data_path
        A raw or processed data folder; None for the bundled sample. Ignored when ``data``
        is given.
    as_of
        The day of the directory (ISO date); None: the end of the data.
    previous
        The earlier day to show who joined and who left since; None: a year before.
    data
        Data already loaded (tests, notebooks).
    city
        The city pack (id or folder) the data is placed in; None: the one a processed
        folder was built for (else the default pack).

    Raises
    ------
    ConfigError
        A date that is not one, or ``previous`` after ``as_of``.
    """
    day, before = _day(as_of, "as_of"), _day(previous, "previous")
    if data is None:
        from labmetrics.dataset import load

        data = load(data_path, city=city)
    return DirectoryReport(data=data, directory=directory(data, day, before))
