"""The sample made and written: invented groups, spaces, usage and projects for 2016–2018.

A sample tells one commitment's story, as its sample spec (:mod:`labmetrics.sample.spec`,
``data/raw/commitments/<ID>-sample.yaml``) says; the default commitment's spec tells, for
its action plan's year, what the IRM found, milestone by milestone, so that its completion
computes as the IRM rated it; the spec's comments tell the story.

:func:`generate_sample` returns the clean tables in memory; :func:`write_sample` writes them
as the city's teams would export them (the spec's headers and code words, dd/mm/yyyy dates,
decimal commas, Windows-1252) with a few bad rows injected on purpose, counted in the
:class:`SampleSummary`. The same spec, scale and seed always give byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.sample.notice import render_marker, render_readme, write_text
from labmetrics.sample.quirks import export_tables, write_table
from labmetrics.sample.spec import SampleSpec, sample_spec
from labmetrics.sample.world import draw_tables

SampleFormat = Literal["csv", "parquet"]


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class SampleTables:
    """The four clean tables of a sample, in the canonical columns of :mod:`labmetrics.schema`.

    Ids, names and codes are ``string``, dates ``datetime64[ns]``, hours and coordinates
    ``float64``, counts ``Int64``, flags ``boolean``; multi-valued columns hold lists.
    """

    groups: pd.DataFrame
    spaces: pd.DataFrame
    usage: pd.DataFrame
    projects: pd.DataFrame
    scale: float
    seed: int

    def table(self, name: str) -> pd.DataFrame:
        """Return the table called ``name`` (groups, spaces, usage or projects)."""
        if name not in config.DATASETS:
            raise KeyError(f"unknown data set {name!r}; expected one of {config.DATASETS}")
        return getattr(self, name)

    @property
    def rows(self) -> dict[str, int]:
        """Rows per data set."""
        return {name: len(self.table(name)) for name in config.DATASETS}


@dataclass(frozen=True)
class SampleSummary:
    """What :func:`write_sample` wrote.

    ``rows`` counts the rows written per data set, bad rows included; ``bad_rows`` how many
    of them were made invalid on purpose and ``bad_lines`` where they are (1-based file
    lines, the CSV header being line 1; for Parquet the row index + 1).
    """

    out: Path
    scale: float
    seed: int
    fmt: SampleFormat
    rows: dict[str, int]
    bad_rows: dict[str, int]
    bad_lines: dict[str, tuple[int, ...]]
    files: tuple[Path, ...] = field(default=())

    @property
    def clean_rows(self) -> dict[str, int]:
        """Rows per data set that validation should keep."""
        return {name: self.rows[name] - self.bad_rows[name] for name in self.rows}

    def describe(self) -> str:
        """Return the lines the command prints."""
        lines = [f"Sample written to {self.out} (scale {self.scale:g}, seed {self.seed}, "
                 f"{self.fmt}):"]
        for name in config.DATASETS:
            bad = self.bad_rows[name]
            note = f" ({bad} bad on purpose)" if bad else ""
            lines.append(f"  {name:<9}{self.rows[name]:>10,} rows{note}  {name}.{self.fmt}")
        lines.append("Invented data for demonstration: see README.md in the folder. "
                     "Validation should quarantine exactly the rows made bad on purpose.")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Generation


def generate_sample(scale: float = 1.0, seed: int = config.DEFAULT_SEED,
                    spec: SampleSpec | str | Path = config.DEFAULT_COMMITMENT) -> SampleTables:
    """Generate the clean sample tables in memory.

    Parameters
    ----------
    scale
        Size multiplier: the spec's rows per unit (the default spec's: about 350 groups,
        10,000 uses of spaces and 40 projects); the spaces stay the spec's.
    seed
        Seed of the random generator; the same spec, scale and seed give the same tables.
    spec
        The sample spec: a commitment id (its bundled ``<ID>-sample.yaml``), a spec file or
        a read spec.

    Returns
    -------
    SampleTables
        Clean canonical tables, before any export quirk or bad row.
    """
    return SampleTables(**draw_tables(sample_spec(spec), scale, seed), scale=scale, seed=seed)


# --------------------------------------------------------------------------------------------
# Writing


def write_sample(
    out: Path,
    *,
    scale: float = 1.0,
    seed: int = config.DEFAULT_SEED,
    fmt: SampleFormat = "csv",
    spec: SampleSpec | str | Path = config.DEFAULT_COMMITMENT,
) -> SampleSummary:
    """Generate the sample and write it to ``out`` with a README.md.

    CSV files look like a municipal export: groups.csv ``;``-separated UTF-8 with BOM, the
    spec's headers and code words, dd/mm/yyyy dates mixed with ISO, area name variants and
    decimal commas; spaces.csv plain UTF-8; usage.csv Windows-1252, ``;``, decimal commas;
    projects.csv with ``|``-separated lists. Parquet files hold the same rows as text in the
    canonical columns. Either way a few bad rows are injected on purpose.

    Parameters
    ----------
    out
        Folder to write to (created if needed). Files of the same name are replaced; a data
        file of another format for the same data set is refused, so that a folder never
        holds two versions of one data set.
    scale, seed, spec
        As for :func:`generate_sample`.
    fmt
        ``"csv"`` or ``"parquet"``.

    Returns
    -------
    SampleSummary
        Rows written, bad rows injected and where, files written.
    """
    if fmt not in ("csv", "parquet"):
        raise ConfigError(f"the sample format must be csv or parquet, not {fmt!r}.",
                          fix="use --format csv or --format parquet.")
    out = Path(out)
    _refuse_other_formats(out, fmt)
    spec = sample_spec(spec)
    tables = generate_sample(scale, seed, spec)
    out.mkdir(parents=True, exist_ok=True)
    exported = export_tables(spec, {name: tables.table(name) for name in config.DATASETS},
                             fmt, np.random.default_rng([seed, len(config.DATASETS)]))
    files = []
    for name in config.DATASETS:
        files.append(write_table(exported[name].frame, out / f"{name}.{fmt}", name, fmt))
    summary = SampleSummary(
        out=out, scale=scale, seed=seed, fmt=fmt,
        rows={name: len(exported[name].frame) for name in config.DATASETS},
        bad_rows={name: len(exported[name].bad_lines) for name in config.DATASETS},
        bad_lines={name: exported[name].bad_lines for name in config.DATASETS},
        files=(*files, out / "README.md", out / config.SAMPLE_MARKER),
    )
    write_text(out / "README.md", render_readme(summary, spec))
    write_text(out / config.SAMPLE_MARKER, render_marker(summary))
    return summary


def _refuse_other_formats(out: Path, fmt: str) -> None:
    for name in config.DATASETS:
        for ext in config.DATA_EXTENSIONS:
            other = out / f"{name}{ext}"
            if ext != f".{fmt}" and other.exists():
                raise ConfigError(
                    f"{other} already holds the {name} data set in another format; writing "
                    f"{name}.{fmt} next to it would leave two versions.",
                    file=other,
                    fix="write the sample to an empty folder, or remove that file first.")
