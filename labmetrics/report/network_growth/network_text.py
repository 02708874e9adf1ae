"""The words every section of the network report writes: its messages, the measures' names,
values and changes, the names of spaces, periods and kinds of group."""

from __future__ import annotations

import numpy as np

from labmetrics import figures, i18n
from labmetrics.evidence import no_data_reason
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.shared_text import signed

SHARE_METRICS = ("density", "largest_component_share")
"""The measures that are shares: written in percent, their changes in percentage points."""
MEAN_METRICS = ("spaces_per_group", "groups_per_space")
"""The measures that are means: written with one decimal."""


def say(key: str, lang: str, **values: object) -> str:
    """The network report's message ``key`` in ``lang``."""
    return i18n.t(f"network_report.{key}", lang, **values)


def label(metric: str, lang: str) -> str:
    """A measure's name."""
    return i18n.t(f"network.labels.{metric}", lang)


def partners_note(report: NetworkReport, lang: str) -> str | None:
    """Why partners cannot be counted (:attr:`NetworkReport.no_partners`), or None."""
    if not report.no_partners:
        return None
    return say("partners.cannot", lang, reason=no_data_reason(report.no_partners, lang))


def value_text(metric: str, value: float, lang: str) -> str:
    """A measure's value: shares in percent; one without data says so."""
    if np.isnan(value):
        return i18n.t("evidence.no_data.value", lang)
    if metric in SHARE_METRICS:
        return i18n.format_percent(value, lang)
    return i18n.format_number(value, lang, 1 if metric in MEAN_METRICS else 0)


def change_text(metric: str, value: float, lang: str) -> str:
    """A change written with its sign; shares in percentage points, means to one decimal."""
    if np.isnan(value):
        return i18n.t("evidence.no_data.value", lang)
    decimals = 1 if metric in MEAN_METRICS else 0
    return signed(value, lang, lambda size: i18n.format_number(size, lang, decimals),
                  share=metric in SHARE_METRICS)


def space_names(report: NetworkReport) -> dict[str, str]:
    """Each space's name by its id."""
    spaces = report.data.spaces
    return dict(zip(spaces["space_id"].astype(str), spaces["name"].astype(str), strict=True))


def period_names(report: NetworkReport, lang: str) -> list[str]:
    """The name of each period of the growth table, for readers."""
    return figures.period_labels(report.growth["period"], lang, report.freq)


def category_name(dimension: str, category: str, lang: str) -> str:
    """A kind of group in words (``dimension="kind"``); a region as it is."""
    if dimension == "kind":
        key = f"figures.kinds.{category}"
        return i18n.t(key, lang) if i18n.has(key, lang) else category
    return category

