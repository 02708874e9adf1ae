"""``build``: validate a data folder and write the processed files, all or nothing.

The processed folder holds ``groups.parquet`` and ``spaces.parquet`` (GeoParquet),
``usage.parquet``, ``projects.parquet``, ``quarantine.csv`` (for people) and
``quarantine.parquet`` (for programs), ``validation.json`` and ``manifest.json``. Files are
written into a temporary sibling folder that then replaces the output folder, so an
interrupted build leaves the previous output in place. Two builds of the same inputs give
byte-identical data files; only the manifest's time differs.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from labmetrics import config, provenance
from labmetrics.city import CityPack
from labmetrics.dataset import (
    MANIFEST,
    QUARANTINE,
    QUARANTINE_PARQUET,
    VALIDATION,
    FileAccount,
    LabData,
    data_folder,
    read_folder,
)
from labmetrics.errors import ConfigError
from labmetrics.publish import write_csv, write_parquet
from labmetrics.read import printable
from labmetrics.schema import DATASETS

WITHHELD = "[personal data withheld]"
PERSONAL_NOTICE = "PERSONAL_DATA.txt"
KEEP = (".gitkeep",)
# Threads writing the files of a build (two cores at least on the machines it runs on).
WRITE_THREADS = 2


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote.

    Attributes
    ----------
    out_dir
        The processed folder.
    files
        Names of the files written, sorted.
    accounting
        Rows read, valid and quarantined per input file.
    problems
        Lines in quarantine.csv (a row with several problems has several lines).
    warnings
        Warnings raised while validating.
    ignored, mapped
        Ignored headers and headers mapped by columns.yaml, as in
        :attr:`labmetrics.dataset.LabData.ignored_columns` and ``mapped_columns``.
    include_contacts
        Whether the output holds personal data (internal use only).
    """

    out_dir: Path
    files: tuple[str, ...]
    accounting: tuple[FileAccount, ...]
    problems: int
    warnings: tuple[str, ...]
    include_contacts: bool = False
    ignored: tuple[dict[str, Any], ...] = ()
    mapped: tuple[dict[str, Any], ...] = ()

    def describe(self) -> str:
        """Summarise the build in a few lines for the command line."""
        read = sum(a.read for a in self.accounting)
        valid = sum(a.valid for a in self.accounting)
        quarantined = sum(a.quarantined for a in self.accounting)
        lines = [f"Wrote {self.out_dir}: {', '.join(self.files)}."]
        for a in self.accounting:
            lines.append(f"  {a.dataset:<9} {a.file:<24} read {a.read:>8,}  valid "
                         f"{a.valid:>8,}  quarantined {a.quarantined:>6,}")
        lines.append(f"  {'total':<34} read {read:>8,}  valid {valid:>8,}  quarantined "
                     f"{quarantined:>6,}")
        if quarantined:
            lines.append(f"{self.problems} problem(s) listed in {QUARANTINE}; run "
                         "`labmetrics validate` to read them.")
        if self.mapped:
            lines.append(f"Columns mapped by columns.yaml ({len(self.mapped)}):")
            lines += [printable(f"  {m['file']}: '{m['header']}' read as {m['column']} "
                                f"(columns.yaml, line {m['line']})") for m in self.mapped]
        if self.ignored:
            lines.append(f"Ignored columns ({len(self.ignored)}), also in {VALIDATION}:")
            lines += [printable(f"  {c['file']}: {c['message']}") for c in self.ignored]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s) in {VALIDATION}.")
        if self.include_contacts:
            lines.append("This output holds personal data (contact fields): internal use "
                         "only; never publish it.")
        return "\n".join(lines)


def _check_out_dir(data_dir: Path, out_dir: Path) -> None:
    out = out_dir.resolve()
    for forbidden in (config.RAW_DIR.resolve(), data_dir.resolve()):
        if out == forbidden or forbidden in out.parents or out in forbidden.parents:
            raise ConfigError(
                f"the output folder {out_dir} would overwrite input data ({forbidden}).",
                fix="write the build elsewhere, for example data/processed (the default).",
            )


def public_quarantine(quarantine: pd.DataFrame) -> pd.DataFrame:
    """The quarantine as it may be shared: values of personal columns (and whole rejected
    rows of data sets with personal columns) replaced by ``[personal data withheld]``.
    :func:`labmetrics.publish.write_csv` then writes it safe for a spreadsheet."""
    out = quarantine.copy()
    personal = pd.Series(False, index=out.index)
    for name, ds in DATASETS.items():
        in_ds = out["dataset"] == name
        personal |= in_ds & out["column"].isin(ds.personal)
        if ds.personal:
            # A row that could not be split into cells is kept whole, contacts included.
            personal |= in_ds & (out["column"].fillna("") == "")
    out["value"] = out["value"].astype("string").mask(personal.to_numpy(), WITHHELD)
    return out


def _write_table(data: LabData, name: str, tmp: Path, include_contacts: bool) -> None:
    frame = data.table(name, contacts=include_contacts)
    path = tmp / f"{name}.parquet"
    if DATASETS[name].geo:
        # Bounding boxes would be recomputed identically; leaving them out keeps the
        # files small and the writer's output stable across geopandas versions.
        frame.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
    else:
        frame.to_parquet(path, index=False, compression="zstd")


def _write_tables(data: LabData, tmp: Path, include_contacts: bool) -> None:
    """Write the four tables on two threads, the largest first: pyarrow encodes and
    compresses Parquet without the interpreter lock."""
    with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
        largest = sorted(DATASETS, key=lambda n: -len(data.table(n)))
        written = [pool.submit(_write_table, data, name, tmp, include_contacts)
                   for name in largest]
        for future in written:
            future.result()


def _write_quarantine(data: LabData, tmp: Path, include_contacts: bool) -> None:
    quarantine = data.quarantine if include_contacts else public_quarantine(data.quarantine)
    write_csv(quarantine, tmp / QUARANTINE)
    write_parquet(quarantine, tmp / QUARANTINE_PARQUET)


def _validation_report(data: LabData) -> dict[str, Any]:
    rules: dict[str, dict[str, int]] = {}
    if len(data.quarantine):
        counts = data.quarantine.groupby(["dataset", "rule"]).size()
        for (dataset, rule), n in counts.items():
            rules.setdefault(str(dataset), {})[str(rule)] = int(n)
    totals = data.totals
    return {
        "accounting": [
            {"dataset": a.dataset, "file": a.file, "read": a.read, "valid": a.valid,
             "quarantined": a.quarantined} for a in data.accounting
        ],
        "totals": {"read": totals.read, "valid": totals.valid,
                   "quarantined": totals.quarantined, "problems": len(data.quarantine)},
        "rules": rules,
        "warnings": list(data.warnings),
        "ignored_columns": list(data.ignored_columns),
        "mapped_columns": list(data.mapped_columns),
    }


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")


def _swap(tmp: Path, out_dir: Path) -> None:
    """Put ``tmp`` in the place of ``out_dir``; the old folder is removed only afterwards.

    Stopped between its two moves (an error, Ctrl-C), the old folder is put back.
    """
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    moved = False
    try:
        if out_dir.exists():
            for name in KEEP:
                if (out_dir / name).exists():
                    shutil.copy2(out_dir / name, tmp / name)
            os.replace(out_dir, old)
            moved = True
        os.replace(tmp, out_dir)
    except BaseException:
        if moved and not out_dir.exists():
            os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build(data_dir: str | Path | None, out_dir: str | Path | None = None, *,
          include_contacts: bool = False, progress: bool = False,
          city: CityPack | str | None = None) -> BuildResult:
    """Validate ``data_dir`` and write the processed files into ``out_dir``.

    Parameters
    ----------
    data_dir
        The raw data folder (default: the bundled sample). Never written to.
    out_dir
        The processed folder (default ``data/processed``); replaced as a whole.
    include_contacts
        Keep the personal contact columns (internal export only): the output then carries a
        PERSONAL_DATA.txt notice and the manifest says so.
    progress
        Show a progress bar on stderr.
    city
        The city pack (or its id) the rows are placed in (default ``config.DEFAULT_CITY``);
        the manifest names it.

    Returns
    -------
    BuildResult

    Raises
    ------
    InputError
        When an input file cannot be used; ``out_dir`` is then left as it was.
    ConfigError
        When ``out_dir`` would overwrite the raw data.
    """
    data_dir = data_folder(data_dir)
    out_dir = Path(out_dir) if out_dir is not None else config.PROCESSED_DIR
    _check_out_dir(data_dir, out_dir)
    with arrow_memory_pool():
        return write_processed(read_folder(data_dir, progress=progress, city=city), out_dir,
                               include_contacts=include_contacts)


@contextmanager
def arrow_memory_pool() -> Iterator[None]:
    """Allocate pyarrow's memory from :data:`labmetrics.config.ARROW_MEMORY_POOL` (jemalloc;
    the system's allocator where pyarrow has none) while inside.

    A build makes and drops many buffers of a column's size. pyarrow's default allocator,
    mimalloc, hands such memory back to the system and takes it again, page by page: on
    Linux that doubled the CPU seconds of a large build, most of them in the kernel. The
    pool in use before is restored on leaving; buffers keep the pool that made them. (A
    report's kernel uses the same pool, set in its environment by report/kernel.py.)
    """
    import pyarrow as pa

    before = pa.default_memory_pool()
    try:
        pool = getattr(pa, f"{config.ARROW_MEMORY_POOL}_memory_pool")()
    except NotImplementedError:  # a pyarrow built without it
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def write_processed(data: LabData, out_dir: str | Path, *,
                    include_contacts: bool = False) -> BuildResult:
    """Write validated ``data`` as a processed folder (see :func:`build`), replacing
    ``out_dir`` as a whole."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _write_tables(data, tmp, include_contacts)
        _write_quarantine(data, tmp, include_contacts)
        _write_json(tmp / VALIDATION, _validation_report(data))
        if include_contacts:
            (tmp / PERSONAL_NOTICE).write_text(
                "This folder holds personal data (contact names, e-mails and phones of the "
                "mapped groups), protected by the LGPD. Internal use only: do not publish it, "
                "do not commit it, delete it when done. Run `labmetrics build` without "
                "--include-contacts for a public output.\n", encoding="utf-8")
        outputs = sorted(p.name for p in tmp.iterdir())
        with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
            digests = list(pool.map(provenance.sha256_file, (tmp / name for name in outputs)))
        manifest = dict(data.manifest)
        manifest.update({
            "kind": "labmetrics processed data",
            **provenance.record(),
            "personal_data": include_contacts,
            "outputs": [{"file": name, "sha256": digest}
                        for name, digest in zip(outputs, digests, strict=True)],
        })
        _write_json(tmp / MANIFEST, manifest)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(
        out_dir=out_dir,
        files=tuple(sorted(p.name for p in out_dir.iterdir() if p.name not in KEEP)),
        accounting=tuple(data.accounting),
        problems=len(data.quarantine),
        warnings=tuple(data.warnings),
        include_contacts=include_contacts,
        ignored=tuple(data.ignored_columns),
        mapped=tuple(data.mapped_columns),
    )
