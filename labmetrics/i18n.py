"""User-facing text in pt-BR (the default for reports) and en, and number and date formats.

Messages live in ``labmetrics/locales/<lang>/<section>.yaml``; a key is the section (the
file's stem) followed by the nested keys, joined by dots: ``figures.growth.title``. The IRM's
level names (``irm.*``) come from :mod:`labmetrics.irm`, where the scales are defined.
Numbers and dates are formatted with Babel: pt-BR writes 1.234,5 and dd/mm/aaaa.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from labmetrics import config
from labmetrics.errors import ConfigError

BABEL_LOCALES = {"pt-BR": "pt_BR", "en": "en_GB"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if labmetrics speaks it, else raise a ConfigError saying which do."""
    if lang not in config.LANGUAGES:
        raise ConfigError(
            f"language '{lang}' is not available.",
            fix=f"use one of {', '.join(config.LANGUAGES)}.",
        )
    return lang


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}", value, out)
    else:
        out[prefix] = str(node)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang``, keyed ``section.key``."""
    import yaml

    from labmetrics.irm import catalogue_entries

    check_lang(lang)
    # IRM level names live with their scales in labmetrics.irm, the one place that parses them.
    messages: dict[str, str] = dict(catalogue_entries(lang))
    for path in sorted((config.LOCALES_DIR / lang).glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        _flatten(path.stem, data, messages)
    return messages


def t(key: str, lang: str = config.DEFAULT_LANG, **values: Any) -> str:
    """Translate ``key`` into ``lang``, filling ``{placeholders}`` from ``values``.

    A missing key raises a ConfigError: a report must never show a raw key to a reader.
    """
    messages = catalogue(lang)
    try:
        text = messages[key]
    except KeyError:
        raise ConfigError(
            f"no message '{key}' in the {lang} catalogue.",
            file=config.LOCALES_DIR / lang,
            fix=f"add '{key}' to labmetrics/locales/{lang}/{key.split('.')[0]}.yaml.",
        ) from None
    return text.format(**values) if values else text


def has(key: str, lang: str = config.DEFAULT_LANG) -> bool:
    """Whether ``key`` exists in the ``lang`` catalogue."""
    return key in catalogue(lang)


def format_number(value: float | int | None, lang: str = config.DEFAULT_LANG,
                  decimals: int = 0) -> str:
    """Format a number for ``lang``: ``1.234,5`` in pt-BR, ``1,234.5`` in en."""
    from babel.numbers import format_decimal

    if value is None or value != value:  # NaN is the only value unequal to itself
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[check_lang(lang)])


def format_percent(share: float | None, lang: str = config.DEFAULT_LANG,
                   decimals: int = 0) -> str:
    """Format a share between 0 and 1 as a percentage for ``lang``."""
    from babel.numbers import format_percent as _fmt

    if share is None or share != share:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return _fmt(share, format=pattern, locale=BABEL_LOCALES[check_lang(lang)])


def format_date(value: date | datetime | Any, lang: str = config.DEFAULT_LANG) -> str:
    """Format a date for ``lang``: ``dd/mm/aaaa`` in pt-BR, ``d Mon yyyy`` in en."""
    import pandas as pd

    if value is None or pd.isna(value):
        return "–"
    d = pd.Timestamp(value).date()
    if check_lang(lang) == "pt-BR":
        return d.strftime("%d/%m/%Y")
    return f"{d.day} {d.strftime('%b %Y')}"


def format_period(start: Any, end: Any, lang: str = config.DEFAULT_LANG) -> str:
    """Format a period as ``start – end`` for ``lang``."""
    return f"{format_date(start, lang)} – {format_date(end, lang)}"
