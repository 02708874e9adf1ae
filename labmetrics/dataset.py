"""LabData: one data folder, read, validated and placed in the city.

``labmetrics.load(path)`` returns a :class:`LabData`. It accepts a raw data folder (read and
validated on the way) or a processed folder written by ``labmetrics build`` (read back as is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from labmetrics import config
from labmetrics.schema import DATASETS, PANDAS_DTYPES, QUARANTINE_COLUMNS


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


def empty_quarantine() -> pd.DataFrame:
    """Return an empty quarantine table with its columns."""
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "line" else "string")
                         for c in QUARANTINE_COLUMNS})


@dataclass
class LabData:
    """The four validated data sets of a folder, with the city's geography.

    Attributes
    ----------
    groups, spaces
        GeoDataFrames (EPSG:4326, Point geometry, empty where no coordinates), with the place
        columns ``district_code, district_name, subprefeitura_code, subprefeitura, region``.
    usage, projects
        DataFrames in the canonical columns of :mod:`labmetrics.schema`.
    districts, subprefeituras
        The city's 96 districts and 32 subprefeituras.
    quarantine
        Rejected rows: ``dataset, file, line, column, value, reason``.
    manifest
        Provenance: inputs with sha256 and row counts, labmetrics version, time.
    accounting
        One :class:`FileAccount` per input file.
    warnings
        Findings that do not reject a row (for example probable duplicate groups).
    """

    groups: pd.DataFrame
    spaces: pd.DataFrame
    usage: pd.DataFrame
    projects: pd.DataFrame
    districts: pd.DataFrame
    subprefeituras: pd.DataFrame
    quarantine: pd.DataFrame = field(default_factory=empty_quarantine)
    manifest: dict[str, Any] = field(default_factory=dict)
    accounting: list[FileAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: Path | None = None

    def table(self, name: str) -> pd.DataFrame:
        """Return the data set called ``name`` (groups, spaces, usage or projects)."""
        if name not in DATASETS:
            raise KeyError(f"unknown data set {name!r}; expected one of {list(DATASETS)}")
        return getattr(self, name)

    @classmethod
    def from_frames(
        cls,
        *,
        groups: pd.DataFrame | None = None,
        spaces: pd.DataFrame | None = None,
        usage: pd.DataFrame | None = None,
        projects: pd.DataFrame | None = None,
    ) -> LabData:
        """Build a LabData from tables already in canonical columns (tests, notebooks).

        Missing optional columns are added empty, types are coerced to the data model and
        groups and spaces are placed in the city. No row is validated or dropped.
        """
        from labmetrics import geo

        tables = {
            "groups": groups, "spaces": spaces, "usage": usage, "projects": projects,
        }
        coerced = {name: coerce_frame(name, frame) for name, frame in tables.items()}
        districts = geo.load_districts()
        for name in ("groups", "spaces"):
            coerced[name] = geo.place_table(coerced[name], districts)
        return cls(
            **coerced,
            districts=districts,
            subprefeituras=geo.load_subprefeituras(),
        )


def coerce_frame(dataset: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """Give ``frame`` every column of ``dataset`` with the data model's types.

    Multi-valued columns become lists of strings (a ``;`` or ``|`` separated string is split).
    """
    ds = DATASETS[dataset]
    frame = pd.DataFrame() if frame is None else frame.copy()
    n = len(frame)
    out = {}
    for col in ds.columns:
        if col.multi:
            values = frame[col.name] if col.name in frame else [None] * n
            out[col.name] = pd.Series(
                [_as_list(v) for v in values], index=frame.index, dtype=object
            )
            continue
        series = frame[col.name] if col.name in frame else pd.Series([None] * n,
                                                                     index=frame.index)
        dtype = PANDAS_DTYPES[col.kind]
        if dtype.startswith("datetime"):
            out[col.name] = pd.to_datetime(series).astype("datetime64[ns]")
        else:
            out[col.name] = series.astype(dtype)
    extra = [c for c in frame.columns if c not in out]
    result = pd.DataFrame(out, index=frame.index)
    for c in extra:
        result[c] = frame[c]
    return result.reset_index(drop=True)


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        parts = value.replace("|", ";").split(";")
        return [p.strip() for p in parts if p.strip()]
    return [str(v) for v in value]


def default_data_dir() -> Path:
    """The bundled sample folder."""
    return config.SAMPLE_DIR
