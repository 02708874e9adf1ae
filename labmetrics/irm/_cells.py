"""Reading IRM text as it comes: one spelling for matching, missing cells, the export's codes.

Also the one vectorised move every reader here makes: apply a function once per distinct value
of a column (ratings repeat a handful of labels over thousands of rows), then spread the results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

MISSING_CODES: dict[str, str] = {"ND": "No data", "NR": "Not reviewed", "NA": "Not applicable"}
"""The codes OGP exports write instead of a rating, with their meaning."""

_CODE_SPELLINGS = {"nd": "ND", "nr": "NR", "na": "NA", "n/a": "NA"}

_SPACES = re.compile(r"[\s_]+")


def normalise(text: str) -> str:
    """One spelling for matching: IRM documents and OGP exports vary in case, spacing and '&'."""
    return _SPACES.sub(" ", text.replace("&", " and ")).strip().casefold()


def snake(text: str) -> str:
    """Snake case of :func:`normalise`, for keys and column names (``"no_evidence_available"``)."""
    return re.sub(r"[^0-9a-z]+", "_", normalise(text)).strip("_")


def is_missing(value: Any) -> bool:
    """Whether a cell holds nothing (None, NaN, NA, NaT); text and IRM members never are."""
    return value is None or (not isinstance(value, str | Enum) and bool(pd.isna(value)))


def missing_code(text: str) -> str | None:
    """The export's code (``ND``, ``NR``, ``NA``) that ``text`` spells, else None."""
    return _CODE_SPELLINGS.get(normalise(text))


def map_unique(values: pd.Series, func: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
    """Apply ``func`` once per distinct value; return the codes and the mapped uniques.

    Code -1 (missing) indexes the last mapped entry, which is ``func(None)``.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    mapped = [func(u) for u in uniques]
    mapped.append(func(None))
    return codes, mapped


def take(mapped: list[Any], codes: np.ndarray) -> np.ndarray:
    """Spread the mapped uniques of :func:`map_unique` back over the rows (object array)."""
    # Filled item by item: numpy would turn a list of tuples into a 2-D array.
    table = np.empty(len(mapped), dtype=object)
    for i, item in enumerate(mapped):
        table[i] = item
    return table[codes]


def map_values(values: pd.Series, func: Callable[[Any], Any]) -> np.ndarray:
    """``func`` of every value, computed once per distinct value (object array)."""
    codes, mapped = map_unique(values, func)
    return take(mapped, codes)


def map_boolean(values: pd.Series, func: Callable[[Any], bool | None]) -> pd.Series:
    """``func`` of every value as a pandas ``boolean`` Series on the same index."""
    return pd.Series(pd.array(map_values(values, func), dtype="boolean"), index=values.index)
