"""How every indicator of a commitment changed since a previous period."""

from __future__ import annotations

import pandas as pd

from labmetrics.evidence.results import CommitmentEvidence


def compare_periods(current: CommitmentEvidence, previous: CommitmentEvidence) -> pd.DataFrame:
    """The change of every indicator of the commitment since a previous period.

    Returns
    -------
    pandas.DataFrame
        ``indicator, milestone, unit, previous, current, change`` (change = current −
        previous; for shares, in fractions: 0.1 is ten percentage points), in the
        commitment's order.
    """
    rows = []
    for m in current.milestones:
        for ind in m.indicators.values():
            before = previous.indicators[ind.id].value if ind.id in previous.indicators \
                else float("nan")
            rows.append({"indicator": ind.id, "milestone": m.number, "unit": ind.unit,
                         "previous": before, "current": ind.value,
                         "change": ind.value - before})
    return pd.DataFrame(rows, columns=["indicator", "milestone", "unit", "previous", "current",
                                       "change"])

