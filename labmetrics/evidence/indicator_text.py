"""The evidence in words: indicator names and explanations, level names, values by unit."""

from __future__ import annotations

import numpy as np

from labmetrics import config
from labmetrics.i18n import format_date, format_number, format_percent, t
from labmetrics.indicators import INDICATORS, Unit
from labmetrics.irm import IRMTerm
from labmetrics.period import DateLike

OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
"""The comparison operators of a completion condition, as the reader writes them."""


def indicator_label(indicator_id: str, lang: str = config.DEFAULT_LANG) -> str:
    """The name of indicator ``indicator_id`` in ``lang``."""
    return t(INDICATORS[indicator_id].label_key, lang)


def indicator_explanation(indicator_id: str, lang: str = config.DEFAULT_LANG) -> str:
    """How indicator ``indicator_id`` is computed, in ``lang``."""
    return t(INDICATORS[indicator_id].explanation_key, lang)


def level_name(level: IRMTerm, lang: str = config.DEFAULT_LANG) -> str:
    """An IRM level's name in ``lang`` (the IRM's own English label in en)."""
    return level.label_pt_br if lang == "pt-BR" else level.label


def shown(value: float, unit: Unit) -> float:
    """``value`` rounded as :func:`format_value` writes it, half away from zero: a share to
    whole percentage points (0.625 -> 63), hours above 100 to the hour, others to one
    decimal. Gaps are differences of shown values, so that value + gap = threshold on the
    page too."""
    if unit == "share":
        scaled, decimals = value * 100, 0
    else:
        scaled, decimals = value, 0 if unit == "count" or abs(value) >= 100 else 1
    factor = 10 ** decimals
    return float(np.sign(scaled) * np.floor(abs(scaled) * factor + 0.5 + 1e-9) / factor)


def format_value(value: float, unit: Unit, lang: str = config.DEFAULT_LANG) -> str:
    """Write an indicator value for ``lang``: counts whole, hours with ``h``, shares in %.

    Hours below 100 keep one decimal when they have one (``1,5 h`` in pt-BR). Rounding is
    :func:`shown`'s.
    """
    if value is None or np.isnan(value):
        return "–"
    if unit == "share":
        return format_percent(shown(value, unit) / 100, lang)
    if unit == "count":
        return format_number(shown(value, unit), lang)
    # Small fractional hours keep a decimal: 1.5 h must not read as 2 h.
    rounded = shown(value, unit)
    decimals = 0 if abs(rounded) >= 100 or float(rounded).is_integer() else 1
    return t("evidence.units.hours_value", lang, value=format_number(rounded, lang, decimals))



def figure_as_of(value: float, unit: Unit, lang: str = config.DEFAULT_LANG,
                 as_of: DateLike | None = None) -> str:
    """A figure with the date it stands at: ``311 em 31/12/2017`` (the figure alone when
    ``as_of`` is None). A period's figure is never written as "now"."""
    written = format_value(value, unit, lang)
    if as_of is None:
        return written
    return t("evidence.explain.as_of", lang, value=written, date=format_date(as_of, lang))


def missing_column(dataset: str, column: str, lang: str = config.DEFAULT_LANG) -> str:
    """Why a figure has no data: ``the groups file has no column for the date of joining the
    network`` in ``lang``."""
    return t("evidence.no_data.reason", lang, file=t(f"evidence.no_data.files.{dataset}", lang),
             column=t(f"evidence.no_data.columns.{dataset}.{column}", lang))


def no_data_reason(missing: tuple[tuple[str, str], ...], lang: str = config.DEFAULT_LANG
                   ) -> str:
    """Every absent column of ``missing`` (data set, column) in words, joined by ``;``."""
    return "; ".join(missing_column(d, c, lang) for d, c in missing)


def format_gap(value: float, threshold: float, unit: Unit,
               lang: str = config.DEFAULT_LANG) -> str:
    """How far ``value`` is from ``threshold``, as the page shows both: the difference of
    their shown values (:func:`shown`), a share's in percentage points (``7 pp``)."""
    if value is None or np.isnan(value):
        return "–"
    gap = abs(shown(threshold, unit) - shown(value, unit))
    if unit == "share":
        return t("sections.words.points", lang, value=format_number(gap, lang))
    return format_value(gap, unit, lang)


def condition_label(indicator_id: str, per: str | None, each: str | tuple[str, ...] | None,
                    lang: str = config.DEFAULT_LANG) -> str:
    """The figure a condition asks, in words: the indicator's name, ``per month`` or ``per
    quarter``, and ``in each lab of the commitment`` / ``in each open space`` / ``in each of
    A, B``."""
    text = indicator_label(indicator_id, lang)
    if per is not None:
        text = t(f"evidence.explain.per_{per}", lang, indicator=text)
    if each is not None:
        key = each if isinstance(each, str) else "listed"
        spaces = ", ".join(each) if isinstance(each, tuple) else ""
        text = t(f"evidence.explain.each_{key}", lang, indicator=text, spaces=spaces)
    return text
