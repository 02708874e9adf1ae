"""The sample's quirks: export quirks, bad rows injected on purpose, CSV and Parquet writers.

In CSV the sample looks like what the city's teams exported (headers, code words and the
rest from the sample spec, :mod:`labmetrics.sample.spec`); in Parquet it holds the same rows
as text in the canonical columns. Both carry the same kinds of bad rows, at about 0.5–1 % of
each file (spaces excepted: a rejected space would take its thousands of uses with it).
Every bad row is an extra row, so validation should keep exactly the clean tables and
quarantine exactly the bad rows.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labmetrics import geo
from labmetrics.sample.spec import SampleSpec
from labmetrics.sample.world import END, draw_groups, make_ids, to_dates

# How each file is written in CSV: separator, encoding, line ends.
CSV_DIALECTS: dict[str, dict[str, str]] = {
    "spaces": {"sep": ",", "encoding": "utf-8", "lineterminator": "\n"},
    "groups": {"sep": ";", "encoding": "utf-8-sig", "lineterminator": "\n"},
    "usage": {"sep": ";", "encoding": "cp1252", "lineterminator": "\r\n"},
    "projects": {"sep": ",", "encoding": "utf-8", "lineterminator": "\n"},
}
BAD_KINDS: dict[str, tuple[str, ...]] = {
    "spaces": (),
    "groups": ("impossible_date", "swapped_coordinates", "duplicate_id", "unknown_district"),
    "usage": ("impossible_date", "unknown_group", "negative_hours"),
    "projects": ("end_before_start",),
}
_BAD_SHARE = {"groups": 0.01, "usage": 0.005, "projects": 0.01}
_IMPOSSIBLE = ((31, 2, 2017), (30, 2, 2018), (31, 4, 2017), (31, 6, 2018), (29, 2, 2017),
               (31, 9, 2016), (31, 11, 2018))


@dataclass(frozen=True)
class ExportedTable:
    """One file's rows as text, in file order, and the file lines of the bad rows."""

    frame: pd.DataFrame
    bad_lines: tuple[int, ...]


def bad_row_count(dataset: str, clean_rows: int) -> int:
    """How many bad rows a file of ``clean_rows`` good rows receives (each kind at least once)."""
    kinds = BAD_KINDS[dataset]
    if not kinds:
        return 0
    return min(max(len(kinds), round(_BAD_SHARE[dataset] * clean_rows)),
               max(1, clean_rows // 3))


def export_tables(spec: SampleSpec, tables: Mapping[str, pd.DataFrame], fmt: str,
                  rng: np.random.Generator) -> dict[str, ExportedTable]:
    """Turn the clean tables into file rows of text, with the bad rows in place.

    Parameters
    ----------
    spec
        The sample spec: the export's headers, code words, yes and no, the day the mapping
        spreadsheet gave way to a form, a place outside the city.
    tables
        The clean tables by data set name.
    fmt
        ``"csv"`` (the export quirks) or ``"parquet"`` (canonical columns, ISO dates).
    rng
        Generator for the quirks and bad rows (the clean tables are not touched).
    """
    quirky = fmt == "csv"
    first_line = 2 if quirky else 1
    groups, usage, projects = tables["groups"], tables["usage"], tables["projects"]
    used = set(usage["group_id"].dropna().unique()) | {
        g for ids in projects["partner_group_ids"] for g in ids}
    n_bad_groups = bad_row_count("groups", len(groups))
    out = {"spaces": ExportedTable(_format_spaces(tables["spaces"], quirky), ())}
    bad, where = _bad_groups(spec, groups, n_bad_groups, used, rng, quirky)
    out["groups"] = _insert(_format_groups(spec, groups, rng, quirky), bad, where, first_line,
                            spec.headers.get("groups", {}) if quirky else {})
    unknown_from = len(groups) + n_bad_groups + 1
    bad, where = _bad_usage(spec, usage, len(groups), unknown_from, rng, quirky)
    out["usage"] = _insert(_format_usage(spec, usage, quirky), bad, where, first_line,
                           spec.headers.get("usage", {}) if quirky else {})
    bad, where = _bad_projects(spec, projects, rng, quirky)
    out["projects"] = _insert(_format_projects(spec, projects, quirky), bad, where, first_line,
                              {})
    return out


def write_table(frame: pd.DataFrame, path: Path, dataset: str, fmt: str) -> Path:
    """Write ``frame`` (text) to ``path`` in the dataset's CSV dialect or as Parquet.

    The file is written aside and moved into place, so a reader never sees half a file.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "csv":
        frame.to_csv(tmp, index=False, quoting=csv.QUOTE_MINIMAL, **CSV_DIALECTS[dataset])
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame.astype(object), preserve_index=False,
                                     schema=pa.schema([(c, pa.string()) for c in frame]))
        pq.write_table(table.replace_schema_metadata(None), tmp)
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------------------------
# Formatting


def _text(series: pd.Series, render: Callable[[Any], str]) -> np.ndarray:
    """Render each distinct value once (a million rows hold a few thousand values)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    rendered = np.array([render(v) for v in uniques] + [""], dtype=object)
    return rendered[codes]


def _iso(day: pd.Timestamp) -> str:
    return day.strftime("%Y-%m-%d")


def _br(day: pd.Timestamp) -> str:
    return day.strftime("%d/%m/%Y")


def _decimal(value: float, quirky: bool) -> str:
    text = f"{value:.6f}"
    return text.replace(".", ",") if quirky else text


def _number(value: float) -> str:
    return f"{value:g}"


def _join(lists: pd.Series, sep: str, words: Mapping[str, str] | None = None) -> np.ndarray:
    if words is None:
        return np.array([sep.join(v) for v in lists], dtype=object)
    return np.array([sep.join(words.get(x, x) for x in v) for v in lists], dtype=object)


def _plain(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=object, na_value="")


def _format_spaces(spaces: pd.DataFrame, quirky: bool) -> pd.DataFrame:
    return pd.DataFrame({
        "space_id": _plain(spaces["space_id"]),
        "name": _plain(spaces["name"]),
        "host": _plain(spaces["host"]),
        "kind": _plain(spaces["kind"]),
        "district": _plain(spaces["district"]),
        "latitude": _text(spaces["latitude"], lambda v: _decimal(v, False)),
        "longitude": _text(spaces["longitude"], lambda v: _decimal(v, False)),
        "seats": _text(spaces["seats"], str),
        "formats": _join(spaces["formats"], ";"),
        "opened_on": _text(spaces["opened_on"], _iso),
        "closed_on": _text(spaces["closed_on"], _iso),
    })


def _format_groups(spec: SampleSpec, groups: pd.DataFrame, rng: np.random.Generator,
                   quirky: bool) -> pd.DataFrame:
    n = len(groups)
    # The mapping spreadsheet ran until the spec's day; later rows came through a form
    # (ISO dates, codes).
    sheet = (groups["mapped_on"] < pd.Timestamp(spec.spreadsheet_until)).to_numpy() & quirky
    words = spec.codes if quirky else None

    def either(column: str, render_sheet: Callable[[Any], str],
               render_form: Callable[[Any], str]) -> np.ndarray:
        return np.where(sheet, _text(groups[column], render_sheet),
                        _text(groups[column], render_form))

    kind = either("kind", spec.codes.__getitem__, str)
    status = either("status", spec.codes.__getitem__, str)
    sep = "|" if quirky else ";"
    tech = np.where(sheet, _join(groups["open_tech"], sep, words),
                    _join(groups["open_tech"], sep))
    return pd.DataFrame({
        "group_id": _plain(groups["group_id"]),
        "name": _plain(groups["name"]),
        "kind": kind,
        "open_tech": tech,
        "themes": _join(groups["themes"], sep),
        "district": _district_variants(groups["district"], rng) if quirky
        else _plain(groups["district"]),
        "latitude": _text(groups["latitude"], lambda v: _decimal(v, quirky)),
        "longitude": _text(groups["longitude"], lambda v: _decimal(v, quirky)),
        "website": _plain(groups["website"]),
        "contact_name": _plain(groups["contact_name"]),
        "contact_email": _plain(groups["contact_email"]),
        "contact_phone": _plain(groups["contact_phone"]),
        "mapped_on": either("mapped_on", _br, _iso),
        "mapped_by": _plain(groups["mapped_by"]),
        "network_joined_on": either("network_joined_on", _br, _iso),
        "partner_space_ids": _join(groups["partner_space_ids"], sep),
        "status": status,
        "network_left_on": either("network_left_on", _br, _iso),
        "listing_opt_out": np.where(groups["listing_opt_out"].fillna(False).to_numpy(dtype=bool),
                                    spec.yes_word if quirky else "true", ""),
    }, index=range(n))


def _district_variants(district: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """District names as people type them: "SAO MIGUEL", "Sao Miguel", "São Miguel "."""
    names = _plain(district)
    ascii_names = pd.Series(names).map(_ascii).to_numpy(dtype=object)
    u = rng.random(len(names))
    variant = np.select([u < 0.12, u < 0.22, u < 0.30],
                        [pd.Series(ascii_names).str.upper().to_numpy(dtype=object),
                         ascii_names, pd.Series(names).add(" ").to_numpy(dtype=object)],
                        names)
    return np.where(names == "", "", variant)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _format_usage(spec: SampleSpec, usage: pd.DataFrame, quirky: bool) -> pd.DataFrame:
    return pd.DataFrame({
        "date": _text(usage["date"], _br if quirky else _iso),
        "space_id": _plain(usage["space_id"]),
        "group_id": _text(usage["group_id"], str),
        "format": _text(usage["format"], spec.codes.__getitem__ if quirky else str),
        "hours": _text(usage["hours"],
                       (lambda v: _number(v).replace(".", ",")) if quirky else _number),
        "participants": _text(usage["participants"], str),
    })


def _format_projects(spec: SampleSpec, projects: pd.DataFrame, quirky: bool) -> pd.DataFrame:
    sep = "|" if quirky else ";"
    yes, no = (spec.yes_word, spec.no_word) if quirky else ("true", "false")
    return pd.DataFrame({
        "project_id": _plain(projects["project_id"]),
        "title": _plain(projects["title"]),
        "space_ids": _join(projects["space_ids"], sep),
        "partner_group_ids": _join(projects["partner_group_ids"], sep),
        "started_on": _text(projects["started_on"], _iso),
        "ended_on": _text(projects["ended_on"], _iso),
        "status": _plain(projects["status"]),
        "aims": _join(projects["aims"], sep),
        "licence": _plain(projects["licence"]),
        "open_data_used": _text(projects["open_data_used"], lambda v: yes if v else no),
        "open_data_published": _text(projects["open_data_published"],
                                     lambda v: yes if v else no),
        "repository_url": _plain(projects["repository_url"]),
        "participants_reached": _text(projects["participants_reached"], str),
    })


# --------------------------------------------------------------------------------------------
# Bad rows


def _impossible(i: int, quirky: bool) -> str:
    day, month, year = _IMPOSSIBLE[i % len(_IMPOSSIBLE)]
    return f"{day:02d}/{month:02d}/{year}" if quirky else f"{year}-{month:02d}-{day:02d}"


def _bad_groups(spec: SampleSpec, groups: pd.DataFrame, k: int, used: set[str],
                rng: np.random.Generator, quirky: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """Bad group rows and where they go; none is a group that usage or projects refer to."""
    n = len(groups)
    kind = np.array(BAD_KINDS["groups"])[np.arange(k) % 4]
    fresh = draw_groups(spec, k, geo.load_districts(spec.city), rng, frozenset(groups["name"]))
    fresh.insert(0, "group_id", pd.array(make_ids("G", np.arange(n + 1, n + k + 1), n),
                                         dtype="string"))
    fresh["mapped_on"] = to_dates(fresh.pop("_day").to_numpy())
    fresh["network_joined_on"] = pd.Series(pd.NaT, index=fresh.index, dtype="datetime64[ns]")
    fresh["partner_space_ids"] = [[] for _ in range(k)]
    fresh["network_left_on"] = pd.Series(pd.NaT, index=fresh.index, dtype="datetime64[ns]")
    fresh["listing_opt_out"] = pd.array([False] * k, dtype="boolean")
    lon, lat = fresh.pop("_lon").to_numpy(), fresh.pop("_lat").to_numpy()
    fresh["latitude"], fresh["longitude"] = lat, lon
    bad = _format_groups(spec, fresh[groups.columns], rng, quirky)
    where = rng.integers(0, n + 1, k)

    rows = np.flatnonzero(kind == "swapped_coordinates")
    bad.loc[rows, "latitude"] = [_decimal(v, quirky) for v in lon[rows]]
    bad.loc[rows, "longitude"] = [_decimal(v, quirky) for v in lat[rows]]

    rows = np.flatnonzero(kind == "unknown_district")
    name, y, x = spec.outside
    bad.loc[rows, "district"] = name
    jitter = np.round(rng.uniform(-0.004, 0.004, (2, len(rows))), 6)
    bad.loc[rows, "latitude"] = [_decimal(v, quirky) for v in np.round(y + jitter[0], 6)]
    bad.loc[rows, "longitude"] = [_decimal(v, quirky) for v in np.round(x + jitter[1], 6)]

    # The same group registered again through the form, months later, after its first row.
    rows = np.flatnonzero(kind == "duplicate_id")
    ids = groups["group_id"].to_numpy(dtype=object)
    unused = np.flatnonzero([g not in used for g in ids])
    originals = np.sort(rng.choice(unused, min(len(unused), len(rows)), replace=False))
    copies = _format_groups(spec, groups.iloc[originals], rng, quirky)
    again = (groups["mapped_on"].iloc[originals] + pd.Timedelta(days=200)).clip(upper=END)
    copies["mapped_on"] = [_iso(d) for d in again]
    copies["mapped_by"] = spec.self_registration
    dup_rows = rows[: len(originals)]
    bad.iloc[dup_rows] = copies.to_numpy()
    where[dup_rows] = rng.integers(originals + 1, n + 1)

    # Impossible dates, also where a tiny sample has no unused group to repeat.
    rows = np.union1d(np.flatnonzero(kind == "impossible_date"), rows[len(originals):])
    bad.loc[rows, "mapped_on"] = [_impossible(j, quirky) for j in range(len(rows))]
    return bad, where


def _bad_usage(spec: SampleSpec, usage: pd.DataFrame, n_groups: int, unknown_from: int,
               rng: np.random.Generator, quirky: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """Copies of uses, each with one thing wrong, placed right after the use they copy."""
    n = len(usage)
    k = bad_row_count("usage", n)
    kind = np.array(BAD_KINDS["usage"])[np.arange(k) % len(BAD_KINDS["usage"])]
    with_group = np.flatnonzero(usage["group_id"].notna().to_numpy())
    templates = np.sort(rng.choice(with_group if len(with_group) >= k else np.arange(n), k,
                                   replace=False))
    bad = _format_usage(spec, usage.iloc[templates], quirky).reset_index(drop=True)
    rows = np.flatnonzero(kind == "impossible_date")
    bad.loc[rows, "date"] = [_impossible(j, quirky) for j in range(len(rows))]
    rows = np.flatnonzero(kind == "unknown_group")
    bad.loc[rows, "group_id"] = make_ids("G", unknown_from + rows, n_groups)
    rows = np.flatnonzero(kind == "negative_hours")
    bad.loc[rows, "hours"] = "-" + bad.loc[rows, "hours"]
    return bad, templates + 1


def _bad_projects(spec: SampleSpec, projects: pd.DataFrame, rng: np.random.Generator,
                  quirky: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """Copies of projects that end before they start, under new ids."""
    n = len(projects)
    k = bad_row_count("projects", n)
    ended = np.flatnonzero(projects["ended_on"].notna().to_numpy())
    pool = ended if len(ended) else np.arange(n)
    templates = np.sort(rng.choice(pool, k, replace=len(pool) < k))
    copies = projects.iloc[templates].reset_index(drop=True).copy()
    copies["project_id"] = pd.array(make_ids("P", np.arange(n + 1, n + k + 1), n),
                                    dtype="string")
    copies["title"] = copies["title"] + " " + spec.pilot
    copies["status"] = "delivered"
    copies["ended_on"] = copies["started_on"] - pd.to_timedelta(rng.integers(10, 90, k),
                                                                unit="D")
    return _format_projects(spec, copies, quirky), rng.integers(0, n + 1, k)


def _insert(frame: pd.DataFrame, bad: pd.DataFrame, where: np.ndarray, first_line: int,
            headers: Mapping[str, str]) -> ExportedTable:
    """Put bad row i before good row ``where[i]``; return the rows and the bad rows' lines.

    ``headers`` renames canonical columns to the file's headers.
    """
    keys = np.concatenate([2 * np.arange(len(frame)) + 1, 2 * np.asarray(where)])
    order = np.argsort(keys, kind="stable")
    rows = pd.concat([frame, bad[frame.columns]], ignore_index=True).iloc[order]
    rows = rows.reset_index(drop=True).rename(columns=dict(headers))
    position = np.empty(len(order), dtype=int)
    position[order] = np.arange(len(order))
    lines = position[len(frame):] + first_line
    return ExportedTable(rows, tuple(int(v) for v in np.sort(lines)))
