"""The raw table every reader returns, and the grids of text cells they build it from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

LINE = "_line"
REJECT_COLUMNS = (LINE, "value", "reason")


@dataclass(frozen=True)
class IgnoredColumn:
    """A header that matches no column of its data set, and the column it probably means."""

    header: str
    suggestion: str | None = None

    def describe(self, dataset: str) -> str:
        """One sentence: the header, that it was ignored, and how to map it when it is a
        near miss (see :func:`labmetrics.read.headers.near_miss`)."""
        if self.suggestion is None:
            return f"'{self.header}' is not a column of '{dataset}'."
        return (f"'{self.header}' is not a column of '{dataset}': did you mean "
                f"'{self.suggestion}'? Rename the header to '{self.suggestion}', or map it "
                f"in columns.yaml in the data folder ({dataset}: "
                f"{{\"{self.header}\": {self.suggestion}}}).")


@dataclass(frozen=True)
class MappedColumn:
    """A header read as a column because the data folder's columns.yaml says so.

    ``header`` is the header as written in the data file (in columns.yaml before it is
    matched), ``line`` the line of columns.yaml that maps it.
    """

    header: str
    column: str
    line: int


@dataclass(frozen=True)
class RawTable:
    """One input file read as text.

    Attributes
    ----------
    dataset, file
        The data set and the file it was read from.
    frame
        The canonical columns present in the file, as strings (``""`` when empty), plus
        ``_line``: the source line (CSV), sheet row (XLSX), feature index + 1 (GeoJSON) or
        row index + 1 (Parquet).
    rejects
        Records that could not be split into the header's columns: ``_line, value, reason``.
        They count as read and go to the quarantine.
    unknown_columns
        Headers that match no column of the data set (ignored).
    ignored
        The same headers, each with the column it probably means, if any.
    mapped
        Headers read through the data folder's columns.yaml.
    """

    dataset: str
    file: Path
    frame: pd.DataFrame
    rejects: pd.DataFrame = field(default_factory=lambda: empty_rejects())
    unknown_columns: tuple[str, ...] = ()
    ignored: tuple[IgnoredColumn, ...] = ()
    mapped: tuple[MappedColumn, ...] = ()
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sha256: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        """Rows read: those split into cells plus the rejected records."""
        return len(self.frame) + len(self.rejects)


def empty_rejects() -> pd.DataFrame:
    """Return an empty table of rejected records."""
    return pd.DataFrame({LINE: pd.Series(dtype="int64"), "value": pd.Series(dtype="str"),
                         "reason": pd.Series(dtype="str")})


def rejects_frame(lines: Sequence[int] | np.ndarray, values: Iterable[str],
                  reasons: Iterable[str] | str) -> pd.DataFrame:
    """A table of rejected records: each one's line, its text and why it was set aside
    (one reason for all of them, or one each)."""
    lines = np.asarray(lines, dtype=np.int64)
    if not len(lines):
        return empty_rejects()
    reasons = [reasons] * len(lines) if isinstance(reasons, str) else list(reasons)
    return pd.DataFrame({LINE: lines, "value": pd.Series(list(values), dtype="str"),
                         "reason": pd.Series(reasons, dtype="str")})


def grid_of(rows: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Rows of cells as a grid of strings, short rows padded with ``""``."""
    width = max((len(r) for r in rows), default=1)
    return pd.DataFrame([[*r, *[""] * (width - len(r))] for r in rows], dtype=str)


def blank_rows(grid: pd.DataFrame) -> np.ndarray:
    """Which rows of a grid of strings hold nothing but spaces."""
    blank = np.ones(len(grid), dtype=bool)
    for col in grid.columns:
        # Only the rows still blank are looked at: most rows are settled by their first cell.
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        cells = grid[col] if len(rows) == len(grid) else grid[col].iloc[rows]
        blank[rows] = (cells.str.strip() == "").to_numpy()
    return blank
