"""LabData: one data folder, read, validated and placed in the city.

``labmetrics.load(path)`` returns a :class:`LabData`. It accepts a raw data folder (read and
validated on the way) or a processed folder written by ``labmetrics build`` (read back as is).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from labmetrics import __version__, config
from labmetrics.errors import InputError
from labmetrics.read import printable
from labmetrics.schema import DATASETS, PANDAS_DTYPES, PLACE_COLUMNS, QUARANTINE_COLUMNS
from labmetrics.validate import FileAccount, empty_quarantine

__all__ = ["FileAccount", "LabData", "coerce_frame", "empty_quarantine", "load", "read_folder",
           "restore_formulas", "spreadsheet_safe"]

MANIFEST = "manifest.json"
VALIDATION = "validation.json"
QUARANTINE = "quarantine.csv"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, as OWASP
# lists it); leading quotes count so that neutralising stays reversible.
_FORMULA_START = r"'*[=+\-@\t\r]"


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
    ignored_columns
        Headers of the input files that match no column, each a dict ``dataset, file,
        header, did_you_mean`` (the column it probably means, or None) and ``message``.
    mapped_columns
        Headers read through the data folder's columns.yaml: ``dataset, file, header,
        column, line`` (the line of columns.yaml).
    columns_read
        The canonical columns each data set's file held (the others are absent, which is
        not the same as empty); empty when unknown (tables built in code).
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
    ignored_columns: list[dict[str, Any]] = field(default_factory=list)
    mapped_columns: list[dict[str, Any]] = field(default_factory=list)
    columns_read: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def absent_columns(self, name: str) -> tuple[str, ...]:
        """The columns of data set ``name`` its file did not have (none when unknown)."""
        if name not in self.columns_read:
            return ()
        present = set(self.columns_read[name])
        return tuple(c for c in DATASETS[name].names if c not in present)

    @property
    def totals(self) -> FileAccount:
        """Rows read, valid and quarantined over every input file."""
        return FileAccount(
            dataset="all", file="",
            read=sum(a.read for a in self.accounting),
            valid=sum(a.valid for a in self.accounting),
            quarantined=sum(a.quarantined for a in self.accounting),
        )

    def describe_validation(self, max_rows: int = 20) -> str:
        """Describe the validation in plain text: per file read = valid + quarantined,
        the totals, the warnings and the first ``max_rows`` quarantine lines.
        """
        where = self.source if self.source is not None else "tables built in code"
        out = [f"Validation of {where} (labmetrics {__version__})", ""]
        rows = [(a.dataset, a.file, a.read, a.valid, a.quarantined) for a in self.accounting]
        total = self.totals
        rows.append(("total", "", total.read, total.valid, total.quarantined))
        table = pd.DataFrame(rows, columns=["dataset", "file", "read", "valid", "quarantined"])
        out += [table.to_string(index=False), ""]
        unbalanced = [a.file for a in self.accounting if not a.balanced]
        if unbalanced:
            out += ["Rows not accounted for in: " + ", ".join(unbalanced), ""]
        if self.mapped_columns:
            out.append(f"Columns mapped by columns.yaml ({len(self.mapped_columns)}):")
            out += [printable(f"- {m['file']}: '{m['header']}' read as {m['column']} "
                              f"(columns.yaml, line {m['line']})") for m in self.mapped_columns]
            out.append("")
        if self.ignored_columns:
            out.append(f"Ignored columns ({len(self.ignored_columns)}):")
            out += [printable(f"- {c['file']}: {c['message']}") for c in self.ignored_columns]
            out.append("")
        if self.warnings:
            out.append(f"Warnings ({len(self.warnings)}):")
            out += [f"- {printable(w)}" for w in self.warnings]
            out.append("")
        problems = len(self.quarantine)
        if not problems:
            out.append("Quarantine: empty; every row read is valid.")
            return "\n".join(out)
        out.append(f"Quarantine: {problems} problem(s) in {total.quarantined} row(s)"
                   + (f"; the first {max_rows}:" if problems > max_rows else ":"))
        shown = self.quarantine.head(max(max_rows, 0))
        # Reasons quote what was typed: control characters are shown, never sent to the
        # terminal.
        out += [printable(f"- {r.file}, line {r.line}, {r.column or 'whole row'}: {r.reason}")
                for r in shown.itertuples(index=False)]
        return "\n".join(out)

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


def read_folder(path: str | Path | None = None, *, progress: bool = False,
                today: date | None = None) -> LabData:
    """Read, validate and place in the city the four data sets of a raw data folder.

    Parameters
    ----------
    path
        Folder with the spaces, groups, usage and projects files (default: the sample).
    progress
        Show a progress bar on stderr.
    today
        Dates after this day are "in the future" (default: today).

    Returns
    -------
    LabData
        Valid rows, the quarantine, the accounting per file, warnings and the manifest.

    Raises
    ------
    InputError
        When a file is missing or cannot be used at all.
    """
    from tqdm import tqdm

    from labmetrics import geo, read, validate

    folder = Path(path) if path is not None else config.SAMPLE_DIR
    bar = tqdm(total=2 * len(config.DATASETS) + 1, desc="labmetrics", unit="step",
               disable=not progress, leave=False)
    column_map = read.read_column_map(folder) if folder.is_dir() else None
    raws = {}
    for name in config.DATASETS:
        bar.set_postfix_str(f"reading {name}")
        raws[name] = read.read_dataset(folder, name, column_map)
        bar.update()

    def validated(name: str) -> None:
        bar.set_postfix_str(f"validated {name}")
        bar.update()

    results = validate.validate_all(raws, today=today, on_done=validated)
    bar.set_postfix_str("placing groups and spaces")
    districts = geo.load_districts()
    tables = {name: results[name].valid for name in config.DATASETS}
    for name in ("groups", "spaces"):
        tables[name] = geo.place_table(tables[name], districts)
    bar.update()
    bar.close()
    quarantine = pd.concat([results[n].quarantine for n in config.DATASETS], ignore_index=True)
    manifest = {
        "labmetrics_version": __version__,
        "created_utc": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "source": str(folder),
        "inputs": [
            {"dataset": n, "file": raws[n].file.name, "sha256": raws[n].sha256,
             "rows": raws[n].rows, "valid": results[n].account.valid,
             "quarantined": results[n].account.quarantined,
             "columns": columns_of(raws[n]),
             **{k: v for k in ("sheet", "encoding", "delimiter")
                if (v := getattr(raws[n], k)) is not None}}
            for n in config.DATASETS
        ],
    }
    if column_map is not None and column_map.path is not None:
        manifest["column_map"] = column_map.path.name
    return LabData(
        **tables,
        districts=districts,
        subprefeituras=geo.load_subprefeituras(),
        quarantine=quarantine,
        manifest=manifest,
        accounting=[results[n].account for n in config.DATASETS],
        warnings=[w for n in config.DATASETS for w in results[n].warnings],
        source=folder,
        ignored_columns=[
            {"dataset": n, "file": raws[n].file.name, "header": c.header,
             "did_you_mean": c.suggestion, "message": c.describe(n)}
            for n in config.DATASETS for c in raws[n].ignored],
        mapped_columns=[
            {"dataset": n, "file": raws[n].file.name, "header": m.header, "column": m.column,
             "line": m.line} for n in config.DATASETS for m in raws[n].mapped],
        columns_read={n: tuple(columns_of(raws[n])) for n in config.DATASETS},
    )


def columns_of(raw: Any) -> list[str]:
    """The canonical columns a raw table holds, in the data model's order."""
    present = set(raw.frame.columns)
    return [c for c in DATASETS[raw.dataset].names if c in present]


def is_processed(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``labmetrics build``."""
    return (Path(path) / MANIFEST).is_file()


def load(path: str | Path | None = None, **kwargs: Any) -> LabData:
    """Load a raw data folder (read and validated) or a processed folder (read back).

    Parameters
    ----------
    path
        A raw data folder, a folder written by ``labmetrics build`` (it holds
        manifest.json), or None for the bundled sample.
    **kwargs
        Passed to :func:`read_folder` for a raw folder (``progress``, ``today``).

    Returns
    -------
    LabData
    """
    folder = Path(path) if path is not None else config.SAMPLE_DIR
    if is_processed(folder):
        return read_processed(folder)
    return read_folder(folder, **kwargs)


def read_processed(folder: str | Path) -> LabData:
    """Read back a folder written by ``labmetrics build``, in the types of the data model.

    Personal columns left out of a public build come back empty.
    """
    import geopandas as gpd

    from labmetrics import geo

    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        report = json.loads((folder / VALIDATION).read_text(encoding="utf-8"))
        tables: dict[str, pd.DataFrame] = {}
        for name in config.DATASETS:
            file = folder / f"{name}.parquet"
            frame = (gpd.read_parquet(file) if DATASETS[name].geo else pd.read_parquet(file))
            tables[name] = frame
        quarantine = pd.read_csv(folder / QUARANTINE, dtype=str, keep_default_na=False)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(
            f"this processed folder is incomplete or damaged ({exc}).", file=folder,
            fix="run `labmetrics build` again to rewrite it.",
        ) from exc
    for name in config.DATASETS:
        frame = tables[name]
        typed = coerce_frame(name, pd.DataFrame(frame.drop(columns="geometry", errors="ignore")))
        if DATASETS[name].geo:
            for col in PLACE_COLUMNS:
                typed[col] = typed[col].astype("Int64" if col.endswith("_code") else "string")
            typed = gpd.GeoDataFrame(typed, geometry=frame.geometry.to_numpy(), crs=geo.CRS)
            typed = typed[[*DATASETS[name].names, *PLACE_COLUMNS, "geometry"]]
        tables[name] = typed
    return LabData(
        **tables,
        districts=geo.load_districts(),
        subprefeituras=geo.load_subprefeituras(),
        quarantine=_typed_quarantine(quarantine),
        manifest=manifest,
        accounting=[FileAccount(**a) for a in report["accounting"]],
        warnings=list(report["warnings"]),
        source=folder,
        ignored_columns=list(report.get("ignored_columns", [])),
        mapped_columns=list(report.get("mapped_columns", [])),
        columns_read={i["dataset"]: tuple(i["columns"]) for i in manifest.get("inputs", [])
                      if "columns" in i},
    )


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every text cell that a spreadsheet would run as a formula
    (starting with ``= + - @``, tab or carriage return) prefixed with ``'``.

    Cells already starting with ``'`` before such a character get one more, so that
    :func:`restore_formulas` gives back exactly the original text.
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            text = out[col].astype("string")
            risky = text.str.match(_FORMULA_START, na=False).to_numpy(dtype=bool)
            if risky.any():
                out[col] = text.mask(risky, "'" + text)
    return out


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`spreadsheet_safe` on text read back from a CSV file it wrote."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            text = out[col].astype("string")
            guarded = text.str.match("'" + _FORMULA_START, na=False).to_numpy(dtype=bool)
            if guarded.any():
                out[col] = text.mask(guarded, text.str.slice(1))
    return out


def _typed_quarantine(frame: pd.DataFrame) -> pd.DataFrame:
    out = empty_quarantine()
    if not len(frame):
        return out
    frame = restore_formulas(frame)
    return pd.DataFrame({
        c: frame[c].replace("", None).astype("Int64") if c == "line"
        else frame[c].astype("string") for c in QUARANTINE_COLUMNS
    })
