"""Every indicator of the registry for a period, and the table of the spaces open in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.evidence.milestone1 import compute_milestone_1
from labmetrics.evidence.milestone2 import compute_milestone_2
from labmetrics.evidence.milestone3 import compute_milestone_3
from labmetrics.evidence.results import Indicator
from labmetrics.evidence.window import open_spaces, period_bounds, period_window
from labmetrics.indicators import INDICATORS


def compute_indicators(data: LabData, start: Any, end: Any) -> dict[str, Indicator]:
    """Compute every indicator of the registry for the period ``start``–``end`` (inclusive).

    Parameters
    ----------
    data
        The validated data, loaded once.
    start, end
        Anything :class:`pandas.Timestamp` accepts.

    Returns
    -------
    dict[str, Indicator]
        By indicator id, in registry order.
    """
    w = period_window(data, *period_bounds(start, end))
    computed = {ind.id: ind for ind in (*compute_milestone_1(w), *compute_milestone_2(w),
                                        *compute_milestone_3(w))}
    return {i: computed[i] for i in INDICATORS}


def space_table(data: LabData, start: Any, end: Any, labs: Mapping[str, str] | None = None,
                indicators: Mapping[str, Indicator] | None = None) -> pd.DataFrame:
    """One row per space open in the period, with what happened there.

    Columns: ``space_id, name, host, lab`` (the name ``labs``, the commitment's lab name ->
    space id mapping, gives it; empty for other spaces), ``usage_hours, coworking_hours,
    groups_using, network_partners, joint_projects, participants_reached``. Pass
    ``indicators`` from :func:`compute_indicators` to reuse them.
    """
    s, e = period_bounds(start, end)
    ind = indicators if indicators is not None else compute_indicators(data, s, e)
    open_ = open_spaces(data.spaces, s, e)
    table = pd.DataFrame(open_[["space_id", "name", "host"]]).reset_index(drop=True)
    usage = ind["usage_hours"].breakdown.set_index("space_id")
    coworking = ind["coworking_hours"].breakdown.set_index("space_id")
    partners = ind["spaces_with_partners"].rows.set_index("space_id")["network_partners"]
    projects = ind["participants_reached"].breakdown.set_index("space_id")
    ids = table["space_id"]
    lab_of = {space: name for name, space in (labs or {}).items()}
    return table.assign(
        lab=ids.map(lab_of).astype("string"),
        usage_hours=ids.map(usage["hours"]).fillna(0.0).astype("float64"),
        coworking_hours=ids.map(coworking["hours"]).fillna(0.0).astype("float64"),
        groups_using=ids.map(usage["groups"]).fillna(0).astype("int64"),
        network_partners=ids.map(partners).fillna(0).astype("int64"),
        joint_projects=ids.map(projects["projects"]).fillna(0).astype("int64"),
        participants_reached=ids.map(projects["participants_reached"]).fillna(0)
        .astype("int64"),
    )

