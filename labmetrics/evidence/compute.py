"""Every indicator of the registry for a period, and the table of the spaces open in it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import pandas as pd

from labmetrics.commitment import Counting
from labmetrics.dataset import LabData
from labmetrics.evidence.indicator_text import missing_column
from labmetrics.evidence.milestone1 import INDICATOR_IDS as MILESTONE_1_IDS
from labmetrics.evidence.milestone1 import compute_milestone_1
from labmetrics.evidence.milestone2 import INDICATOR_IDS as MILESTONE_2_IDS
from labmetrics.evidence.milestone2 import compute_milestone_2
from labmetrics.evidence.milestone3 import INDICATOR_IDS as MILESTONE_3_IDS
from labmetrics.evidence.milestone3 import compute_milestone_3
from labmetrics.evidence.results import Indicator
from labmetrics.evidence.window import (
    Window,
    open_spaces,
    period_bounds,
    period_window,
    restrict,
)
from labmetrics.i18n import t
from labmetrics.indicators import INDICATORS, IndicatorSpec
from labmetrics.period import DateLike

Compute = Callable[[Window], list[Indicator]]
# Each milestone module's indicators, and the function computing them together.
MILESTONE_INDICATORS: tuple[tuple[tuple[str, ...], Compute], ...] = (
    (MILESTONE_1_IDS, compute_milestone_1),
    (MILESTONE_2_IDS, compute_milestone_2),
    (MILESTONE_3_IDS, compute_milestone_3),
)


def window_indicators(w: Window, ids: Collection[str] | None = None) -> dict[str, Indicator]:
    """Every indicator of the registry for the window ``w``, counting everything; with
    ``ids``, only those (each milestone module's indicators are computed together, and only
    when one of them is asked for). In registry order."""
    wanted = set(INDICATORS if ids is None else ids)
    computed: dict[str, Indicator] = {}
    for produced, compute in MILESTONE_INDICATORS:
        if not wanted.isdisjoint(produced):
            computed.update((ind.id, ind) for ind in compute(w))
    return {i: computed[i] for i in INDICATORS if i in wanted}


def narrow_indicators(w: Window, computed: Mapping[str, Indicator],
                      counting: Mapping[str, Counting] | None,
                      labs: Mapping[str, str] | None) -> dict[str, Indicator]:
    """``computed`` with each indicator of ``counting`` counted as it says: only some
    spaces (``labs``, lab name -> space id, the ids it lists, or those of some kinds or
    hosts), no partner inactive by the
    period's end, only some formats of use, or only the uses by groups. Each narrower count
    is computed once."""
    out = dict(computed)
    scopes: dict[Counting, list[str]] = {}
    for indicator, counts in (counting or {}).items():
        if not counts.is_default:
            scopes.setdefault(counts, []).append(indicator)
    columns = [c for c in ("kind", "host") if c in w.all_spaces.columns]
    spaces = w.all_spaces.set_index("space_id")[columns].to_dict("index")
    for counts, ids in scopes.items():
        narrowed = window_indicators(restrict(
            w, counts.space_ids(labs or {}, spaces), counts.inactive_partners,
            counts.formats, counts.open_events), ids)
        out.update({i: narrowed[i] for i in ids})
    return out


def compute_indicators(data: LabData, start: DateLike, end: DateLike,
                       counting: Mapping[str, Counting] | None = None,
                       labs: Mapping[str, str] | None = None) -> dict[str, Indicator]:
    """Compute every indicator of the registry for the period ``start``–``end`` (inclusive).

    Parameters
    ----------
    data
        The validated data, loaded once.
    start, end
        Anything :class:`pandas.Timestamp` accepts.
    counting
        What an indicator counts, when narrower than everything (a commitment's
        ``counting``): only some spaces (of ``labs``, lab name -> space id, or listed), no
        partner inactive by the period's end, some formats of use, or the uses by groups
        only. Each narrower count is computed once.

    Returns
    -------
    dict[str, Indicator]
        By indicator id, in registry order.
    """
    w = period_window(data, *period_bounds(start, end))
    return with_no_data(data, narrow_indicators(w, window_indicators(w), counting, labs))


def with_no_data(data: LabData, computed: Mapping[str, Indicator]) -> dict[str, Indicator]:
    """``computed``, each indicator whose source columns are absent from ``data`` replaced
    by its :func:`no_data` (no figure, never zero)."""
    out: dict[str, Indicator] = {}
    for spec in INDICATORS.values():
        missing = tuple((d, c) for d, c in spec.needs if c in data.absent_columns(d))
        out[spec.id] = no_data(spec, missing) if missing else computed[spec.id]
    return out


def no_data(spec: IndicatorSpec, missing: tuple[tuple[str, str], ...]) -> Indicator:
    """The indicator ``spec`` when columns it needs are absent: no figure (NaN, never zero),
    and one row per absent column saying so, for its CSV."""
    rows = pd.DataFrame({
        "indicator": pd.array([spec.id] * len(missing), dtype="string"),
        "value": pd.array([t("evidence.no_data.value", "en")] * len(missing), dtype="string"),
        "dataset": pd.array([d for d, _ in missing], dtype="string"),
        "column": pd.array([c for _, c in missing], dtype="string"),
        "reason": pd.array([missing_column(d, c, "en") for d, c in missing], dtype="string"),
    })
    return Indicator(id=spec.id, unit=spec.unit, value=float("nan"),
                     rows=rows, breakdown=None, missing=missing)


def space_table(data: LabData, start: DateLike, end: DateLike,
                labs: Mapping[str, str] | None = None,
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
    ids = table["space_id"]

    def per_space(indicator: str, column: str, figure: str) -> pd.Series:
        # A figure without data stays empty for every space, never zero.
        source = ind[indicator]
        if source.no_data:
            return pd.Series(pd.NA, index=ids.index,
                             dtype="Int64" if figure == "Int64" else "Float64")
        frame = (source.rows if indicator == "spaces_with_partners" else source.breakdown)
        values = ids.map(frame.set_index("space_id")[column]).fillna(0)
        return values.astype("int64" if figure == "Int64" else figure)

    lab_of = {space: name for name, space in (labs or {}).items()}
    return table.assign(
        lab=ids.map(lab_of).astype("string"),
        usage_hours=per_space("usage_hours", "hours", "float64"),
        coworking_hours=per_space("coworking_hours", "hours", "float64"),
        groups_using=per_space("usage_hours", "groups", "Int64"),
        network_partners=per_space("spaces_with_partners", "network_partners", "Int64"),
        joint_projects=per_space("participants_reached", "projects", "Int64"),
        participants_reached=per_space("participants_reached", "participants_reached",
                                       "Int64"),
    )
