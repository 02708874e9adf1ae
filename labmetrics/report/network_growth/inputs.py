"""The inputs of the network-growth report: the data and every network measure, computed
once."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from labmetrics import config, network
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.period import DateLike

SNAPSHOTS = 4
"""How many periods the report draws the network at (fewer when there are fewer periods)."""
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class NetworkReport:
    """Everything the network report shows, computed once.

    Attributes
    ----------
    data
        The validated data.
    start, end, freq
        The report's period and the length of its periods.
    spaces
        The space ids the report keeps, None for every space.
    growth
        :func:`labmetrics.network.growth`, one row per period.
    snapshots
        The periods drawn (evenly spread, first and last included).
    space_metrics, integration, kind_mix, missing, geography
        The network's measures over the whole period.
    bridging
        :func:`labmetrics.network.bridging_groups`: who bridged spaces, in how many periods.
    no_partners
        The columns of :data:`labmetrics.network.PARTNER_COLUMNS` absent from the data:
        then partners cannot be counted, and their figures are empty (NaN), never zero.
    early_uses
        :func:`labmetrics.network.uses_before_mapping`: groups using spaces before their
        mapping date.
    """

    data: LabData
    start: pd.Timestamp
    end: pd.Timestamp
    freq: str
    spaces: tuple[str, ...] | None
    growth: pd.DataFrame
    snapshots: tuple[network.Snapshot, ...]
    space_metrics: pd.DataFrame
    integration: network.Integration
    bridging: pd.DataFrame
    kind_mix: pd.DataFrame
    missing: pd.DataFrame
    geography: network.Geography
    early_uses: pd.DataFrame
    no_partners: tuple[tuple[str, str], ...] = ()


def parse_spaces(spaces: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Space ids from ``"a,b"`` or ``["a", "b"]``, stripped and sorted; None for every
    space."""
    if spaces is None:
        return None
    items = spaces.split(",") if isinstance(spaces, str) else list(spaces)
    kept = sorted({str(s).strip() for s in items if str(s).strip()})
    return tuple(kept) or None


def pick_snapshots(snapshots: Sequence[T], n: int = SNAPSHOTS) -> tuple[T, ...]:
    """``n`` snapshots evenly spread over ``snapshots``, the first and the last included.

    Any sequence will do: ``pick_snapshots(range(12))`` gives the positions to build.
    """
    if not snapshots:
        return ()
    picks = np.unique(np.linspace(0, len(snapshots) - 1, min(n, len(snapshots))).round())
    return tuple(snapshots[int(i)] for i in picks)


def prepare(data_path: str | Path | None = None,
            period_start: DateLike | None = config.SAMPLE_START,
            period_end: DateLike | None = config.SAMPLE_END, freq: str = config.DEFAULT_FREQ,
            spaces: str | Sequence[str] | None = None, data: LabData | None = None,
            n_snapshots: int = SNAPSHOTS, city: str | None = None) -> NetworkReport:
    """Read the data and measure the network for the report.

    Parameters
    ----------
    data_path
        A raw or processed data folder; None for the bundled sample. Ignored when ``data``
        is given.
    period_start, period_end
        The period (inclusive ISO dates).
    freq
        ``month``, ``quarter`` or ``year``.
    spaces
        Space ids to keep (a list or ``"a,b"``); None for every space.
    n_snapshots
        How many periods to draw the network at.
    city
        The city pack (id or folder) of the data; None: the processed folder's, else the
        default pack.

    Raises
    ------
    ConfigError
        An unknown frequency or space id.
    """
    with _collector_paused():
        return _prepare(data_path, period_start, period_end, freq, spaces, data, n_snapshots,
                        city)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, as it was before afterwards.

    Measuring a large network builds millions of small objects that stay alive (graphs,
    their attributes, tables); each full collection on the way walks all of them again,
    and frees nothing (their memory is freed by reference counting).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _prepare(data_path: str | Path | None, period_start: DateLike | None,
             period_end: DateLike | None, freq: str, spaces: str | Sequence[str] | None,
             data: LabData | None, n_snapshots: int, city: str | None) -> NetworkReport:
    if freq not in config.FREQUENCIES:
        raise ConfigError(f"frequency '{freq}' is unknown.",
                          fix=f"use one of {', '.join(config.FREQUENCIES)}.")
    if data is None:
        from labmetrics.dataset import load

        data = load(data_path, city=city)
    kept = parse_spaces(spaces)
    if kept is not None:
        known = set(data.spaces["space_id"].astype(str))
        unknown = [s for s in kept if s not in known]
        if unknown:
            raise ConfigError(f"no space with the id {', '.join(unknown)} in the data.",
                              fix=f"use ids of spaces.csv: {', '.join(sorted(known))}.")
    start, end = network.window(data, period_start, period_end)
    keep = list(kept) if kept else None

    # Only the periods drawn are built: a graph per period costs seconds on a large city.
    drawn = pick_snapshots(range(len(network.period_table(start, end, freq))), n_snapshots)
    # Who was mapped, joined and active: one table for the mix, the gaps and the places.
    flags = network.group_flags(data, start, end)
    return NetworkReport(
        data=data, start=start, end=end, freq=freq, spaces=kept,
        growth=network.growth(data, freq, start, end, spaces=keep),
        snapshots=tuple(network.snapshots(data, freq, start, end, spaces=keep,
                                          periods=drawn)),
        space_metrics=network.space_metrics(data, start, end, spaces=keep, freq=freq),
        integration=network.integration(data, start, end, spaces=keep, freq=freq),
        bridging=network.bridging_groups(data, freq, start, end, spaces=keep),
        kind_mix=network.kind_mix(data, start, end, flags=flags),
        missing=network.missing(data, start, end, flags=flags),
        geography=network.geography(data, start, end, flags=flags),
        no_partners=network.uncounted_partners(data),
        early_uses=network.uses_before_mapping(data, start, end,
                                               set(keep) if keep else None),
    )
