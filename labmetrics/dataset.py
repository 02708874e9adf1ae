"""LabData: one data folder, read, validated and placed in the city.

``labmetrics.load(path)`` returns a :class:`LabData`. It accepts a raw data folder (read and
validated on the way) or a processed folder written by ``labmetrics build`` (read back as is).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from labmetrics import config
from labmetrics.city import CityPack, city_pack, pack_ref
from labmetrics.config import VERSION as __version__
from labmetrics.errors import InputError
from labmetrics.read import printable
from labmetrics.read.table import RawTable
from labmetrics.schema import DATASETS, PANDAS_DTYPES, PLACE_COLUMNS, QUARANTINE_COLUMNS
from labmetrics.validate import FileAccount, empty_quarantine

if TYPE_CHECKING:
    import folium

__all__ = ["FileAccount", "LabData", "PersonalDataWarning", "coerce_frame", "data_folder",
           "empty_quarantine", "is_sample_folder", "load", "read_folder"]

MANIFEST = "manifest.json"
VALIDATION = "validation.json"
# The quarantine for people (CSV, safe in a spreadsheet) and for programs (Parquet, the
# values as they are): read_processed reads the Parquet.
QUARANTINE = "quarantine.csv"
QUARANTINE_PARQUET = "quarantine.parquet"
# The columns of the data sets that hold several values each (Python lists of strings).
MULTI_COLUMNS = {name: tuple(c.name for c in ds.columns if c.multi)
                 for name, ds in DATASETS.items()}


T = TypeVar("T")


class PersonalDataWarning(UserWarning):
    """Personal data (the groups' contacts) was asked for: keep it out of anything shared."""


@dataclass(repr=False)
class LabData:
    """The four validated data sets of a folder, with the city's geography.

    In a notebook it shows as a summary (rows per table, period, quarantine, sources);
    ``data.map()`` draws groups and spaces over the districts; ``data.contacts()`` is the
    only way to the groups' contacts (personal data).

    Attributes
    ----------
    groups, spaces
        GeoDataFrames (EPSG:4326, Point geometry, empty where no coordinates), with the place
        columns ``district_code, district_name, subprefeitura_code, subprefeitura, region``;
        ``district_name`` (the district worked out) stands beside ``district`` (as typed).
        The groups' contact columns are kept apart (see :meth:`contacts`).
    usage, projects
        DataFrames in the canonical columns of :mod:`labmetrics.schema`.
    districts, subprefeituras
        The city's areas and their upper level (districts and subprefeituras, barrios...),
        from its city pack, read when first asked for (a report that draws no map never
        reads them).
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
    city
        The city pack the data was placed in (:mod:`labmetrics.city`).
    """

    groups: pd.DataFrame
    spaces: pd.DataFrame
    usage: pd.DataFrame
    projects: pd.DataFrame
    quarantine: pd.DataFrame = field(default_factory=empty_quarantine)
    manifest: dict[str, Any] = field(default_factory=dict)
    accounting: list[FileAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: Path | None = None
    ignored_columns: list[dict[str, Any]] = field(default_factory=list)
    mapped_columns: list[dict[str, Any]] = field(default_factory=list)
    columns_read: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _contacts: pd.DataFrame = field(init=False, repr=False, compare=False)
    _derived: dict[Hashable, tuple[tuple[Any, ...], Any]] = field(init=False, repr=False,
                                                                   compare=False)
    _areas: dict[str, pd.DataFrame] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Contacts are personal data: kept apart so that no table shown by default holds
        # them (contacts() and table(..., contacts=True) give them back on request).
        personal = DATASETS["groups"].personal
        present = [c for c in personal if c in self.groups.columns]
        contacts = pd.DataFrame(self.groups[present]).reindex(columns=personal)
        self._contacts = contacts.astype("string")
        self._derived = {}
        self._areas = {}
        self.groups = _district_beside(self.groups.drop(columns=present))
        self.spaces = _district_beside(self.spaces)

    @property
    def districts(self) -> pd.DataFrame:
        """The city's areas (a GeoDataFrame, see :func:`labmetrics.geo.load_districts`)."""
        if "districts" not in self._areas:
            from labmetrics import geo

            self._areas["districts"] = geo.load_districts(self.city)
        return self._areas["districts"]

    @property
    def subprefeituras(self) -> pd.DataFrame:
        """The upper level of the city's areas (see
        :func:`labmetrics.geo.load_subprefeituras`)."""
        if "subprefeituras" not in self._areas:
            from labmetrics import geo

            self._areas["subprefeituras"] = geo.load_subprefeituras(self.city)
        return self._areas["subprefeituras"]

    # ------------------------------------------------------------------ notebook summary

    @property
    def period(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day the data speaks of (mapping, joining, use, projects)."""
        dates = [frame[c] for frame, cols in ((self.groups, ("mapped_on", "network_joined_on")),
                                              (self.usage, ("date",)),
                                              (self.projects, ("started_on", "ended_on")))
                 for c in cols if c in frame and frame[c].notna().any()]
        if not dates:
            return None
        return (pd.Timestamp(min(d.min() for d in dates)).normalize(),
                pd.Timestamp(max(d.max() for d in dates)).normalize())

    @property
    def is_sample(self) -> bool:
        """Whether the data is invented: read (directly or through a build) from a folder
        where ``labmetrics sample`` left its marker (``sample.json``), as the manifest
        records it."""
        return isinstance(self.manifest.get("sample"), dict)

    def summary(self) -> pd.DataFrame:
        """One row per table: rows, and the rows set aside by validation."""
        set_aside = {a.dataset: a.quarantined for a in self.accounting}
        rows = {name: [len(self.table(name)), set_aside.get(name, 0)] for name in DATASETS}
        return pd.DataFrame.from_dict(rows, orient="index", columns=["rows", "quarantined"],
                                      dtype="Int64")

    def _summary_lines(self) -> list[tuple[str, str]]:
        period = self.period
        where = str(self.source) if self.source is not None else "tables built in code"
        files = ", ".join(a.file for a in self.accounting) or "none (tables built in code)"
        return [
            ("source", where + (" (sample data: invented figures)" if self.is_sample else "")),
            ("period", f"{period[0].date()} – {period[1].date()}" if period else "no date"),
            ("quarantine", f"{self.totals.quarantined} row(s) set aside, "
                           f"{len(self.quarantine)} problem(s): .quarantine, "
                           ".describe_validation()"),
            ("files", files),
        ]

    def __repr__(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.summary()["rows"].items())
        lines = [f"<LabData: {counts}>"]
        lines += [f"  {key:<10} {value}" for key, value in self._summary_lines()]
        lines.append("  use .groups .spaces .usage .projects, .map(), .explode(name, column); "
                     ".contacts() holds personal data")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        table = self.summary().to_html(classes="labmetrics-summary", border=0)
        items = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th>"
                        f"<td style='text-align:left'>{escape(v)}</td></tr>"
                        for k, v in self._summary_lines())
        return ("<div class='labmetrics-labdata'><strong>LabData</strong>"
                + (" <em>(sample data: invented figures)</em>" if self.is_sample else "")
                + table + f"<table>{items}</table>"
                "<p>Tables: <code>.groups</code> <code>.spaces</code> <code>.usage</code> "
                "<code>.projects</code> <code>.quarantine</code>; a map: <code>.map()</code>; "
                "one row per value of a multi-valued column: <code>.explode(name, column)"
                "</code>. Contacts are personal data: only through <code>.contacts()</code>."
                "</p></div>")

    def derived(self, key: Hashable, tables: tuple[str, ...], compute: Callable[[], T]) -> T:
        """``compute()``, worked out from the tables named in ``tables`` once: a later call
        with the same ``key`` gives the same object back while those tables are the ones it
        was worked out from. What it gives is shared: never change it in place.

        The measures of a report read the same derived rows several times (who was active
        when, for growth, bridging and integration alike).
        """
        frames = tuple(getattr(self, name) for name in tables)
        known = self._derived.get(key)
        if known is not None and all(a is b for a, b in zip(known[0], frames, strict=True)):
            return known[1]
        value = compute()
        self._derived[key] = (frames, value)
        return value

    # ------------------------------------------------------------------ tables

    def contacts(self) -> pd.DataFrame:
        """Return the groups' contacts: ``group_id, name`` and the contact columns.

        These are personal data (protected by the LGPD): a
        :class:`PersonalDataWarning` says so. Never publish or share them.
        """
        warnings.warn("data.contacts() returns personal data (names, e-mails and phones of "
                      "the groups' contacts): keep it out of anything published or shared.",
                      PersonalDataWarning, stacklevel=2)
        ids = pd.DataFrame(self.groups[["group_id", "name"]])
        return pd.concat([ids, self._contacts], axis=1)

    def map(self, lang: str = "en", tiles: str | folium.TileLayer | None = None
            ) -> folium.Map:
        """Draw the groups and spaces over the city's districts as an interactive map.

        Parameters
        ----------
        lang
            Language of the layer names (``"en"`` or ``"pt-BR"``).
        tiles
            A folium tile layer under the districts (for example ``"OpenStreetMap"``);
            none by default, so the map needs no tile server.

        Returns
        -------
        folium.Map
            Needs folium (``pip install "labmetrics[lab]"``).
        """
        from labmetrics.figures.explore import explore_map

        return explore_map(self.groups, self.spaces, self.districts, lang, tiles)

    def explode(self, name: str, column: str) -> pd.DataFrame:
        """Return data set ``name`` with one row per value of its multi-valued ``column``
        (``themes``, ``open_tech``, ``partner_space_ids``...); rows with no value are left
        out. Other columns are repeated; the index keeps the row each value came from."""
        multi = MULTI_COLUMNS.get(name, ())
        if column not in multi:
            raise KeyError(f"{column!r} is not a multi-valued column of {name!r}; those are "
                           f"{list(multi)}")
        frame = pd.DataFrame(self.table(name)).drop(columns="geometry", errors="ignore")
        out = frame.explode(column).dropna(subset=[column])
        return out.astype({column: "string"})

    def absent_columns(self, name: str) -> tuple[str, ...]:
        """The columns of data set ``name`` its file did not have (none when unknown)."""
        if name not in self.columns_read:
            return ()
        present = set(self.columns_read[name])
        return tuple(c for c in DATASETS[name].names if c not in present)
    city: CityPack = field(default_factory=city_pack)

    @property
    def has_geography(self) -> bool:
        """Whether any group or space is placed in one of the city's areas."""
        return bool(self.groups["district_code"].notna().any()
                    or self.spaces["district_code"].notna().any())

    @property
    def totals(self) -> FileAccount:
        """Rows read, valid and quarantined over every input file."""
        return FileAccount(
            dataset="all", file="",
            read=sum(a.read for a in self.accounting),
            valid=sum(a.valid for a in self.accounting),
            quarantined=sum(a.quarantined for a in self.accounting),
        )

    def check_usable(self) -> None:
        """Refuse data in which a data set lost every row it had to the quarantine.

        Such data would be reported as zeros. The error names the data set's file, the most
        common reason with an example line, and its fix.

        Raises
        ------
        InputError
            When a file had rows and none of them is valid.
        """
        from labmetrics.schema import QUARANTINE_FIXES

        for account in self.accounting:
            if account.read == 0 or account.valid > 0:
                continue
            mine = self.quarantine.loc[(self.quarantine["dataset"] == account.dataset)
                                       & (self.quarantine["file"] == account.file)]
            rules = mine["rule"].value_counts()
            rule = str(rules.index[0]) if len(rules) else "malformed_row"
            example = mine.loc[mine["rule"] == rule].head(1)
            line = (int(example["line"].iloc[0])
                    if len(example) and pd.notna(example["line"].iloc[0]) else None)
            reason = printable(str(example["reason"].iloc[0])) if len(example) else rule
            where = Path(self.source) / account.file if self.source else account.file
            raise InputError(
                f"every one of the {account.read} row(s) of the {account.dataset} data set is "
                f"quarantined, so the data set cannot be used; the most common problem "
                f"({int(rules.iloc[0]) if len(rules) else account.read} row(s)) is: {reason}.",
                file=where, line=line,
                fix=QUARANTINE_FIXES.get(rule, "correct the rows listed by `labmetrics "
                                         "validate`."))

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

    def table(self, name: str, *, contacts: bool = False) -> pd.DataFrame:
        """Return the data set called ``name`` (groups, spaces, usage or projects).

        ``contacts=True`` gives the groups with their contact columns, in the canonical
        order of :mod:`labmetrics.schema`: personal data, for an internal export only.
        """
        if name not in DATASETS:
            raise KeyError(f"unknown data set {name!r}; expected one of {list(DATASETS)}")
        frame = getattr(self, name)
        if not contacts or not DATASETS[name].personal:
            return frame
        whole = pd.concat([frame, self._contacts.set_axis(frame.index)], axis=1)
        first = list(DATASETS[name].names)
        return whole[[*first, *(c for c in whole.columns if c not in first)]]

    @classmethod
    def from_frames(
        cls,
        *,
        groups: pd.DataFrame | None = None,
        spaces: pd.DataFrame | None = None,
        usage: pd.DataFrame | None = None,
        projects: pd.DataFrame | None = None,
        city: CityPack | str | None = None,
    ) -> LabData:
        """Build a LabData from tables already in canonical columns (tests, notebooks).

        Missing optional columns are added empty, types are coerced to the data model and
        groups and spaces are placed in the city (``city``, a city pack or its id; default
        ``config.DEFAULT_CITY``). No row is validated or dropped.
        """
        from labmetrics import geo

        pack = city_pack(city)
        tables = {
            "groups": groups, "spaces": spaces, "usage": usage, "projects": projects,
        }
        coerced = {name: coerce_frame(name, frame) for name, frame in tables.items()}
        districts = geo.load_districts(pack)
        for name in ("groups", "spaces"):
            coerced[name] = geo.place_table(coerced[name], districts, pack)
        return cls(**coerced, city=pack)


def _district_beside(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``district_name`` (worked out) right after ``district`` (as typed)."""
    if "district" not in frame.columns or "district_name" not in frame.columns:
        return frame
    order = [c for c in frame.columns if c != "district_name"]
    at = order.index("district") + 1
    return frame[[*order[:at], "district_name", *order[at:]]]


def _folders(source: Any) -> list[Path]:
    """Where a recorded source folder may be: as written when absolute; else (a relative
    path, as ``make`` passes them) from the project root or the current folder."""
    if source is None or source == "":
        return []
    path = Path(source)
    return [path] if path.is_absolute() else [config.ROOT / path, Path.cwd() / path]


def is_sample_folder(source: str | Path | None) -> bool:
    """Whether the folder ``source`` (a path, possibly relative, or None) holds the marker
    ``labmetrics sample`` writes beside invented data (the bundled sample has it too)."""
    return any((f / config.SAMPLE_MARKER).is_file() for f in _folders(source))


def _sample_marker(folder: Path) -> dict[str, Any] | None:
    """What ``labmetrics sample`` recorded beside invented data, or None for real data."""
    path = folder / config.SAMPLE_MARKER
    if not path.is_file():
        return None
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"the sample marker cannot be read ({exc}).", file=path,
                         fix="write the sample again with `labmetrics sample`, or delete "
                         f"{config.SAMPLE_MARKER} if the data is real.") from exc
    if not isinstance(marker, dict):
        raise InputError("the sample marker is not a JSON object.", file=path,
                         fix="write the sample again with `labmetrics sample`.")
    return marker


def coerce_frame(dataset: str, frame: pd.DataFrame | None,
                 lists: Mapping[str, list[list[str]]] | None = None) -> pd.DataFrame:
    """Give ``frame`` every column of ``dataset`` with the data model's types.

    Multi-valued columns become lists of strings (a ``;`` or ``|`` separated string is split);
    ``lists`` gives some of them already as lists of strings, one per row.
    """
    ds = DATASETS[dataset]
    frame = pd.DataFrame() if frame is None else frame.copy()
    n = len(frame)
    out = {}
    for col in ds.columns:
        if lists and col.name in lists:
            out[col.name] = pd.Series(lists[col.name], index=frame.index, dtype=object)
            continue
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


def data_folder(path: str | Path | None) -> Path:
    """Return the data folder ``path`` names, wherever the call is made from.

    A relative path that does not exist from the current folder is tried from the project
    root (and from what labmetrics ships): ``data/raw/sample`` works from notebooks/.
    ``None`` is the bundled sample.

    Raises
    ------
    InputError
        When no such folder exists (the message names every absolute path looked in), or
        when it is a processed folder that ``labmetrics build`` never wrote.
    """
    if path is None:
        return config.SAMPLE_DIR
    tried = config.candidates(path)
    folder = next((p for p in tried if p.is_dir()), None)
    if folder is None:
        looked = "; ".join(str(p) for p in tried)
        sample = config.SAMPLE_DIR.resolve()
        example = ("" if sample in {p.resolve() for p in tried}
                   else f" The bundled sample is {sample}.")
        raise InputError(
            f"this data folder does not exist (looked in: {looked}).", file=path,
            fix="give the path of the folder that holds the spaces, groups, usage and "
            "projects files, absolute or relative to the current folder "
            f"({Path.cwd()}).{example}",
        )
    if not is_processed(folder) and _unbuilt_processed(folder):
        raise InputError(
            f"this processed folder ({folder}) has not been built yet: it holds no "
            "manifest.json and no data file.", file=path,
            fix="build it from a raw data folder first, from a terminal: `labmetrics build "
            f"{config.SAMPLE_DIR} --out {folder}` (or `make processed` in the repository), "
            "or load the raw folder directly (for example labmetrics.load() for the "
            "bundled sample).",
        )
    return folder


def _unbuilt_processed(folder: Path) -> bool:
    """Whether ``folder`` is meant to be written by ``labmetrics build`` but holds nothing
    it could read instead."""
    meant = folder.name == config.PROCESSED_DIR.name or \
        folder.resolve() == config.PROCESSED_DIR.resolve()
    return meant and not any(p.suffix.lower() in config.DATA_EXTENSIONS
                             for p in folder.iterdir() if p.is_file())


class _NoBar:
    """The calls :func:`read_folder` makes on a progress bar, doing nothing: without a bar
    to show, tqdm is not imported (a tenth of a second)."""

    def update(self, n: int = 1) -> None:
        """Advance the bar by ``n`` steps."""

    def set_postfix_str(self, text: str) -> None:
        """Say what is under way."""

    def close(self) -> None:
        """Take the bar away."""


def _progress_bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc="labmetrics", unit="step", leave=False)


def read_folder(path: str | Path | None = None, *, progress: bool = False,
                today: date | None = None, check_usable: bool = True,
                city: CityPack | str | None = None) -> LabData:
    """Read, validate and place in the city the four data sets of a raw data folder.

    Parameters
    ----------
    path
        Folder with the spaces, groups, usage and projects files (default: the sample).
    progress
        Show a progress bar on stderr.
    today
        Dates after this day are "in the future" (default: today).
    check_usable
        Refuse a data set whose every row is quarantined (:meth:`LabData.check_usable`);
        ``labmetrics validate`` lists the quarantine first, then refuses.
    city
        The city pack (or its id) rows are matched and placed against (default
        ``config.DEFAULT_CITY``).

    Returns
    -------
    LabData
        Valid rows, the quarantine, the accounting per file, warnings and the manifest.

    Raises
    ------
    InputError
        When a file is missing or cannot be used at all, or every row of a data set is
        quarantined.
    """
    from labmetrics import geo, read, validate

    folder = data_folder(path)
    bar = _progress_bar(2 * len(config.DATASETS) + 1) if progress else _NoBar()
    column_map = read.read_column_map(folder) if folder.is_dir() else None

    def reading(name: str) -> None:
        bar.set_postfix_str(f"read {name}")
        bar.update()

    pack = city_pack(city)
    placed: dict[str, pd.DataFrame] = {}
    placing: Future[pd.DataFrame] | None = None
    # The groups are placed on a thread of their own while usage and projects, which the
    # city's geography has no part in, are checked.
    pool = ThreadPoolExecutor(max_workers=1)

    def validated(name: str, result: validate.Validation) -> None:
        nonlocal placing
        bar.set_postfix_str(f"validated {name}")
        bar.update()
        # Placed as soon as they are valid, while the larger tables are still parsed.
        if name == "spaces":
            placed[name] = geo.place_table(result.valid, city=pack)
        elif name == "groups":
            placing = pool.submit(geo.place_table, result.valid, city=pack)

    try:
        raws, results = validate.read_and_validate(
            lambda name: read.read_dataset(folder, name, column_map), config.DATASETS,
            today=today, on_read=reading, on_done=validated, city=pack,
            sizes={name: read.file_size(folder, name) for name in config.DATASETS})
        if placing is not None:
            placed["groups"] = placing.result()
    finally:
        pool.shutdown(wait=True)
    bar.set_postfix_str("placed groups and spaces")
    tables = {name: placed.get(name, results[name].valid) for name in config.DATASETS}
    bar.update()
    bar.close()
    quarantine = pd.concat([results[n].quarantine for n in config.DATASETS], ignore_index=True)
    manifest: dict[str, Any] = {
        "labmetrics_version": __version__,
        "created_utc": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "source": str(folder),
        "city": pack_ref(pack),
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
    sample = _sample_marker(folder)
    if sample is not None:
        manifest["sample"] = sample
    data = LabData(
        **tables,
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
        city=pack,
    )
    if check_usable:
        data.check_usable()
    return data


def columns_of(raw: RawTable) -> list[str]:
    """The canonical columns a raw table holds, in the data model's order."""
    present = set(raw.frame.columns)
    return [c for c in DATASETS[raw.dataset].names if c in present]


def is_processed(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``labmetrics build``."""
    return (Path(path) / MANIFEST).is_file()


def load(path: str | Path | None = None, *, city: CityPack | str | None = None,
         progress: bool = False, today: date | None = None) -> LabData:
    """Load a raw data folder (read and validated) or a processed folder (read back).

    Parameters
    ----------
    path
        A raw data folder, a folder written by ``labmetrics build`` (it holds
        manifest.json), or None for the bundled sample. A relative path that does not exist
        from the current folder is read from the project root (see :func:`data_folder`).
    city
        The city pack (or its id) of the data; a processed folder must have been built for
        it. Default: the processed folder's, else ``config.DEFAULT_CITY``.
    progress, today
        Passed to :func:`read_folder` for a raw folder.

    Returns
    -------
    LabData
    """
    folder = data_folder(path)
    if is_processed(folder):
        return read_processed(folder, city=city)
    return read_folder(folder, city=city, progress=progress, today=today)


def read_processed(folder: str | Path, city: CityPack | str | None = None) -> LabData:
    """Read back a folder written by ``labmetrics build``, in the types of the data model.

    Personal columns left out of a public build come back empty. The city is the one the
    folder was built for (its manifest says which).

    Raises
    ------
    InputError
        When the folder is damaged, or ``city`` is not the city it was built for.
    """
    import geopandas as gpd
    import pyarrow.parquet as pq
    import shapely

    from labmetrics import geo

    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        report = json.loads((folder / VALIDATION).read_text(encoding="utf-8"))
        tables: dict[str, pd.DataFrame] = {}
        listed: dict[str, dict[str, list[list[str]]]] = {}
        for name in config.DATASETS:
            file = folder / f"{name}.parquet"
            parquet = pq.ParquetFile(file)
            listed[name] = _read_lists(parquet, name)
            others = ([c for c in parquet.schema_arrow.names if c not in listed[name]]
                      if listed[name] else None)
            if DATASETS[name].geo and _wkb_geometry(parquet):
                # The geometry is placed in geo.CRS below, whatever the file says: its
                # points are decoded here rather than by geopandas, which would first parse
                # the CRS the file records.
                frame = pd.read_parquet(file, columns=others)
                frame["geometry"] = shapely.from_wkb(frame["geometry"].to_numpy())
            elif DATASETS[name].geo:
                frame = gpd.read_parquet(file, columns=others)
            else:
                frame = pd.read_parquet(file, columns=others)
            tables[name] = frame
        quarantine = pd.read_parquet(folder / QUARANTINE_PARQUET)
    except (OSError, ValueError, KeyError, shapely.errors.ShapelyError) as exc:
        raise InputError(
            f"this processed folder is incomplete or damaged ({exc}).", file=folder,
            fix="run `labmetrics build` again to rewrite it.",
        ) from exc
    pack = city_pack(manifest.get("city"))
    if city is not None and city_pack(city) is not pack:
        wanted = city_pack(city)
        raise InputError(
            f"this processed folder was built for the city pack '{pack.id}', not "
            f"'{wanted.id}'.", file=folder,
            fix=f"build the raw data again with `labmetrics build DATA --city {wanted.id}`, "
            "or name the data's own city.")
    for name in config.DATASETS:
        frame = tables[name]
        typed = coerce_frame(name, pd.DataFrame(frame.drop(columns="geometry", errors="ignore")),
                             listed[name])
        if DATASETS[name].geo:
            for col in PLACE_COLUMNS:
                typed[col] = typed[col].astype("Int64" if col.endswith("_code") else "string")
            typed = gpd.GeoDataFrame(typed, geometry=frame["geometry"].to_numpy(),
                                     crs=geo.crs_of(geo.CRS))
            typed = typed[[*DATASETS[name].names, *PLACE_COLUMNS, "geometry"]]
        tables[name] = typed
    return LabData(
        **tables,
        quarantine=_typed_quarantine(quarantine),
        manifest=manifest,
        accounting=[FileAccount(**a) for a in report["accounting"]],
        warnings=list(report["warnings"]),
        source=folder,
        ignored_columns=list(report.get("ignored_columns", [])),
        mapped_columns=list(report.get("mapped_columns", [])),
        columns_read={i["dataset"]: tuple(i["columns"]) for i in manifest.get("inputs", [])
                      if "columns" in i},
        city=pack,
    )


def _wkb_geometry(file: Any) -> bool:
    """Whether the geometry of a processed file (a ``pyarrow.parquet.ParquetFile``) is its
    column ``geometry``, stored as WKB, as ``labmetrics build`` writes it."""
    try:
        geo_meta = json.loads((file.schema_arrow.metadata or {})[b"geo"])
        column = geo_meta["columns"]["geometry"]
    except (KeyError, TypeError, ValueError):
        return False
    return bool(geo_meta.get("primary_column") == "geometry"
                and str(column.get("encoding", "")).upper() == "WKB")


# From how many rows _read_lists reads a file's lists itself (below it, a second read of the
# file costs more than it saves; the two meet at about a thousand rows on the bundled sample).
_LISTS_FROM_ROWS = 2_000


def _read_lists(file: Any, dataset: str) -> dict[str, list[list[str]]]:
    """The multi-valued columns of a processed file (a ``pyarrow.parquet.ParquetFile``)
    stored as lists of texts with no missing text, each as a list of Python lists (an empty
    one for a missing cell): pyarrow makes them in one pass, where pandas would make an
    array per cell to be turned into a list. Nothing for a small file, which pandas reads
    as soon."""
    import pyarrow as pa

    if file.metadata.num_rows < _LISTS_FROM_ROWS:
        return {}
    schema = file.schema_arrow
    wanted = [c.name for c in DATASETS[dataset].columns if c.multi and c.name in schema.names
              and pa.types.is_list(schema.field(c.name).type)
              and pa.types.is_string(schema.field(c.name).type.value_type)]
    if not wanted:
        return {}
    table = file.read(columns=wanted)
    out: dict[str, list[list[str]]] = {}
    for name in wanted:
        column = table.column(name)
        if column.combine_chunks().flatten().null_count:
            continue  # a missing text inside a list: left to coerce_frame's own rule
        out[name] = [cell if cell is not None else [] for cell in column.to_pylist()]
    return out


def _typed_quarantine(frame: pd.DataFrame) -> pd.DataFrame:
    out = empty_quarantine()
    if not len(frame):
        return out
    return pd.DataFrame({c: frame[c].astype("Int64" if c == "line" else "string")
                         for c in QUARANTINE_COLUMNS})
