"""User-facing text in pt-BR (the default for reports), en and es, and number and date formats.

Messages live in ``labmetrics/locales/<lang>/<section>.yaml``; a key is the section (the
file's stem) followed by the nested keys, joined by dots: ``figures.growth.title``. The IRM's
level names (``irm.*``) come from :mod:`labmetrics.irm`, where the scales are defined, in en
and pt-BR; other languages give them in their ``irm.yaml``.
Numbers and dates are formatted with Babel: pt-BR writes 1.234,5 and dd/mm/aaaa.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.period import DateLike

if TYPE_CHECKING:
    import pandas as pd

BABEL_LOCALES = {"pt-BR": "pt_BR", "en": "en_GB", "es": "es"}


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
            data = yaml.load(fh, Loader=config.yaml_loader()) or {}
        _flatten(path.stem, data, messages)
    return messages


def t(key: str, lang: str = config.DEFAULT_LANG, **values: object) -> str:
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


def format_date(value: DateLike | None, lang: str = config.DEFAULT_LANG) -> str:
    """Format a date for ``lang``: ``dd/mm/aaaa`` in pt-BR and es, ``d Mon yyyy`` in en."""
    import pandas as pd

    if value is None or pd.isna(value):
        return "–"
    d = pd.Timestamp(value).date()
    if check_lang(lang) in ("pt-BR", "es"):
        return d.strftime("%d/%m/%Y")
    return f"{d.day} {d.strftime('%b %Y')}"


def format_period(start: DateLike, end: DateLike, lang: str = config.DEFAULT_LANG) -> str:
    """Format a period as ``start – end`` for ``lang``."""
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


# ---------------------------------------------------------------------------------------------
# Codes named beside themselves in open-data CSVs

LABEL_SUFFIX = "_label"
# Between the names of a list of codes in one cell.
_NAMES_SEPARATOR = "; "
"""The suffix of the column that names a column's codes: ``kind`` -> ``kind_label``."""

# Where each vocabulary of codes is named: (catalogue section, the schema's codes).
_CODE_SECTIONS = {
    "group_kinds": ("figures.kinds", "GROUP_KINDS"),
    "space_kinds": ("figures.space_kinds", "SPACE_KINDS"),
    "project_status": ("figures.status", "PROJECT_STATUS"),
    "group_status": ("codes.group_status", "GROUP_STATUS"),
    "open_tech": ("codes.open_tech", "OPEN_TECH"),
    "formats": ("codes.formats", "FORMATS"),
    "aims": ("codes.aims", "AIMS"),
}
# The vocabularies a column of that name may hold, tried in order; a column holding a code
# outside all of them is left unnamed.
_COLUMN_VOCABULARIES = {
    "kind": ("group_kinds", "space_kinds"), "status": ("project_status", "group_status"),
    "format": ("formats",), "formats": ("formats",), "open_tech": ("open_tech",),
    "aims": ("aims",), "level": ("completion",), "ogp_value": ("ogp_value",),
    "did_it_open_government": ("did_it_open_government",),
}


def _code_names(vocabulary: str, lang: str) -> dict[str, str]:
    """Every code of ``vocabulary`` with its name in ``lang``."""
    if vocabulary in _CODE_SECTIONS:
        from labmetrics import schema

        section, codes = _CODE_SECTIONS[vocabulary]
        return {code: t(f"{section}.{code}", lang) for code in getattr(schema, codes)}
    from labmetrics import irm

    scale = {"completion": irm.Completion, "ogp_value": irm.OGPValue,
             "did_it_open_government": irm.DidItOpenGovernment}[vocabulary]
    return {m.label: t(m.key, lang) for m in scale}


def code_names(codes: tuple[str, ...], lang: str = config.DEFAULT_LANG) -> dict[str, str]:
    """Each code of a column's ``codes`` (a vocabulary of :mod:`labmetrics.schema`, such as
    ``GROUP_KINDS``) with its name in ``lang``; the code itself where it has no name."""
    from labmetrics import schema

    for section, attr in _CODE_SECTIONS.values():
        if getattr(schema, attr) == tuple(codes):
            return {code: t(f"{section}.{code}", lang) for code in codes}
    return {code: code for code in codes}


def _named(values: pd.Series, names: dict[str, str]) -> pd.Series | None:
    """``values`` (codes, or lists of codes) by name; None when one is not in ``names``."""
    def name(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return _NAMES_SEPARATOR.join(names[v] for v in value)
        return names[value] if isinstance(value, str) else value

    import numpy as np
    import pandas as pd

    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) == "string":
        # Single codes: each distinct one is looked up once, the column named by position.
        codes, distinct = pd.factorize(values)
        found = distinct.tolist()
        if not found or not all(isinstance(v, str) and v in names for v in found):
            return None
        # A missing code stays missing, as mapping cell by cell leaves it.
        missing = values.dtype.na_value if isinstance(values.dtype, pd.StringDtype) else np.nan
        named = np.array([*(names[v] for v in found), missing], dtype=object)
        return pd.Series(named[codes], index=values.index, name=values.name, dtype=object)
    lists = _named_lists(values, names)
    if lists is not None:
        return lists
    present = [v for v in values.dropna().tolist()
               for v in (v if isinstance(v, list | tuple) else [v])]
    if not present or not all(isinstance(v, str) and v in names for v in present):
        return None
    return values.map(name).astype("object")


def _named_lists(values: pd.Series, names: dict[str, str]) -> pd.Series | None:
    """:func:`_named` of a column whose every cell is a list of texts or missing, all at
    once with pyarrow: each list's names joined with ``"; "``, a missing cell left as it
    is. None when a cell is anything else, a code has no name or there is no code at all:
    the caller then names cell by cell, or finds the column cannot be named."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = values.to_numpy(dtype=object)
    missing = pd.isna(values).to_numpy()
    if not len(cells) or not all(type(c) is list for c in cells[~missing]):
        return None
    try:
        lists = pa.array(cells, type=pa.list_(pa.large_string()), mask=missing)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    codes = lists.values
    known = pa.array(list(names), type=pa.large_string())
    where = pc.index_in(codes, value_set=known)
    if not len(codes) or where.null_count:
        return None
    named = pa.ListArray.from_arrays(
        lists.offsets, pa.array(list(names.values()), type=pa.large_string()).take(where),
        mask=lists.is_null())
    joined = pc.binary_join(named, pa.scalar(_NAMES_SEPARATOR, pa.large_string()))
    out = np.where(missing, cells, joined.to_numpy(zero_copy_only=False))
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def label_codes(frame: pd.DataFrame, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """``frame`` with, right after each column of codes, a column naming them in ``lang``.

    A column is named when its name says what it may hold (``kind``, ``status``,
    ``formats``, ``level``, ``ogp_value``...) and every value is a code of one of those
    vocabularies: ``kind`` ``civil_society_org`` gets ``kind_label`` "Organização da
    sociedade civil" in pt-BR. Lists of codes are named in order, joined with ``; ``. A
    project's status is read as such when the frame has ``project_id``, else a group's first.
    """
    check_lang(lang)
    out = frame
    for column in [c for c in frame.columns if c in _COLUMN_VOCABULARIES]:
        if f"{column}{LABEL_SUFFIX}" in frame.columns:
            continue
        vocabularies = _COLUMN_VOCABULARIES[column]
        if column == "status" and "project_id" not in frame.columns:
            vocabularies = vocabularies[::-1]
        for vocabulary in vocabularies:
            named = _named(frame[column], _code_names(vocabulary, lang))
            if named is not None:
                if out is frame:
                    out = frame.copy()
                out.insert(out.columns.get_loc(column) + 1, f"{column}{LABEL_SUFFIX}", named)
                break
    return out
