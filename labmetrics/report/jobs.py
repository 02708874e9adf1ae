"""``labmetrics report progress|network|directory|all``: reports as jobs, rendered side by side.

A :class:`ReportJob` holds everything one render needs, as plain values, so that it can be
sent to another process or to a Dask cluster. The data folder is validated once, into a
processed folder (``data/processed`` for the bundled sample, a temporary folder otherwise)
that every notebook then loads quickly with ``labmetrics.load``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from labmetrics import config, i18n
from labmetrics.city import city_pack, pack_ref
from labmetrics.errors import ConfigError, InputError, LabmetricsError, ReportError
from labmetrics.period import Period
from labmetrics.report.engine import RenderResult, render_notebook
from labmetrics.report.index import INDEX_NAME, write_index
from labmetrics.report.index import warm_up as warm_up_index
from labmetrics.report.kernel import Kernel, free_cores, start_kernel
from labmetrics.report.plan import Plan, read_plan, single_entry_plan

KINDS = ("progress", "network", "directory")
PROGRESS_NOTEBOOK = config.REPORT_NOTEBOOKS["progress"]
NETWORK_NOTEBOOK = config.REPORT_NOTEBOOKS["network"]
DIRECTORY_NOTEBOOK = config.REPORT_NOTEBOOKS["directory"]
PROGRESS_PERIOD = config.PROGRESS_PERIOD
NETWORK_PERIOD = config.NETWORK_PERIOD
STAGES = ("midterm", "end_of_term")


@dataclass(frozen=True)
class ReportJob:
    """One report to render: a notebook, its parameters and where the page goes."""

    kind: str
    notebook: Path
    parameters: Mapping[str, Any]
    out_html: Path
    lang: str
    title: str
    report_name: str
    inputs: tuple[Path, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    alternates: Mapping[str, str] = field(default_factory=dict)
    home: str | None = INDEX_NAME
    timeout: int = config.CELL_TIMEOUT_S
    credits: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobOutcome:
    """What became of one job: its render, or the message saying why it failed."""

    job: ReportJob
    result: RenderResult | None = None
    error: LabmetricsError | None = None

    @property
    def ok(self) -> bool:
        """Whether the report was written."""
        return self.result is not None

    @property
    def message(self) -> str | None:
        """Why the report failed, naming the report (and the cell and fix when known)."""
        if self.error is None:
            return None
        if isinstance(self.error, ReportError):
            return self.error.describe()
        return f"Report '{self.job.report_name}': {self.error.describe()}"

    def describe(self) -> str:
        """One line for the command line."""
        if self.result is not None:
            return f"wrote {self.result.describe()}"
        return f"failed: {self.message}"


# ---------------------------------------------------------------------------- builders

def _check_period(start: str, end: str) -> tuple[str, str]:
    return Period.of(start, end).iso()


def _check_notebook(path: Path) -> Path:
    if not Path(path).is_file():
        raise ConfigError(f"the report notebook {path} is missing.", file=path,
                          fix="restore it from git (git checkout -- notebooks/).")
    return Path(path)


def _slug(text: str) -> str:
    # "+" joins space ids (network-lab-a+lab-b-...), so it is kept.
    return re.sub(r"[^A-Za-z0-9_+-]+", "-", text).strip("-") or "report"


def report_stem(kind: str, scope: str, start: str, end: str, lang: str) -> str:
    """``<kind>-<scope>-<start>_<end>.<lang>``: the name of a report's files."""
    return f"{kind}-{_slug(scope)}-{start}_{end}.{lang}"


def _titles(key: str, start: str, end: str, **values: object) -> dict[str, str]:
    return {lang: i18n.t(key, lang, period=i18n.format_period(start, end, lang), **values)
            for lang in config.LANGUAGES}


def _alternates(out_dir: Path, stem_of: Mapping[str, str], lang: str,
                rendered: Sequence[str]) -> dict[str, str]:
    """Links to the other languages of a report rendered now or already on disk."""
    return {other: f"{stem}.html" for other, stem in stem_of.items()
            if other != lang and (other in rendered or (out_dir / f"{stem}.html").is_file())}


def _check_day(text: str | None, name: str) -> str | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(str(text)).isoformat()
    except ValueError:
        raise ConfigError(f"{name} '{text}' is not an ISO date.",
                          fix="write it as YYYY-MM-DD, for example 2018-12-31.") from None


def directory_stem(lang: str, as_of: str | None = None, previous: str | None = None) -> str:
    """``directory-partners[-<as_of>][-since-<previous>].<lang>``: the name of a partner
    directory's files (without dates, it is the directory at the end of the data)."""
    parts = ["directory-partners", *([as_of] if as_of else []),
             *([f"since-{previous}"] if previous else [])]
    return f"{'-'.join(parts)}.{lang}"


def directory_job(*, data_path: Path, lang: str, out_dir: Path, as_of: str | None = None,
                  previous: str | None = None, commitment: str = config.DEFAULT_COMMITMENT,
                  inputs: Sequence[Path] = (), languages: Sequence[str] = (),
                  notebook: Path | None = None, timeout: int = config.CELL_TIMEOUT_S,
                  city: str | None = None) -> ReportJob:
    """Return the job of the public directory of the network's partners on ``as_of`` (None:
    the end of the data), with who joined and who left since ``previous``.

    ``city`` names the city pack of the data (default: the one the processed folder was
    built for); its files are inputs and its credit a source.
    """
    i18n.check_lang(lang)
    day, before = _check_day(as_of, "--as-of"), _check_day(previous, "--previous")
    if day and before and before > day:
        raise ConfigError(f"--previous {before} is after --as-of {day}.",
                          fix="give --previous a date before --as-of.")
    out_dir = Path(out_dir).resolve()  # papermill runs the notebook in notebooks/
    stems = {other: directory_stem(other, day, before) for other in config.LANGUAGES}
    titles = {other: i18n.t("report.titles.directory", other, commitment=commitment)
              for other in config.LANGUAGES}
    parameters = {"data_path": str(Path(data_path).resolve()), "as_of": day,
                  "previous": before, "lang": lang,
                  "data_dir": str(out_dir / f"{stems[lang]}.data"),
                  **({"city": city} if city else {})}
    pack = city_pack(city or _built_for(Path(data_path)))
    return ReportJob(
        kind="directory", notebook=_check_notebook(notebook or DIRECTORY_NOTEBOOK),
        parameters=parameters, out_html=out_dir / f"{stems[lang]}.html", lang=lang,
        title=titles[lang], report_name=stems[lang],
        inputs=tuple(Path(p) for p in (*inputs, *pack.files)),
        meta={"kind": "directory", "commitment": commitment, "city": pack.id,
              "city_name": dict(pack.name),
              "period": {"start": before or "", "end": day or ""}, "titles": titles},
        alternates=_alternates(out_dir, stems, lang, languages), timeout=timeout,
        credits=(pack.credit,),
    )


def progress_job(*, commitment: str, data_path: Path, period: tuple[str, str], lang: str,
                 out_dir: Path, stage: str = "end_of_term", assessment: Path | None = None,
                 commitment_file: Path | None = None, ogp_data: Path | None = None,
                 previous_period: tuple[str, str] | None = None,
                 inputs: Sequence[Path] = (), languages: Sequence[str] = (),
                 notebook: Path | None = None, directory: bool = False,
                 timeout: int = config.CELL_TIMEOUT_S, city: str | None = None) -> ReportJob:
    """Return the job of an IRM-style progress report on ``commitment``.

    ``data_path`` is a processed folder; ``languages`` are the languages rendered in the
    same run (their pages are linked from this one). The milestone on the network of
    partners links the partner directory of the same language when ``directory`` (it is
    rendered in the same run) or when it is already in ``out_dir``. Without
    ``commitment_file``, the commitment and assessment files are
    ``data/raw/commitments/<ID>.yaml`` and ``<ID>-assessment.yaml`` (when present); without
    ``ogp_data``, the commitment is compared with its kind in the bundled OGP export
    (:data:`labmetrics.config.OGP_DATA_FILE`). ``city`` names the city pack of the data
    (default: the commitment's); its files are inputs and its credit a source.
    """
    from labmetrics.commitment import find_commitment_files

    i18n.check_lang(lang)
    if stage not in STAGES:
        raise ConfigError(f"stage '{stage}' is unknown.", fix=f"use one of {STAGES}.")
    start, end = _check_period(*period)
    previous = _check_period(*previous_period) if previous_period else (None, None)
    if commitment_file is None:
        found = find_commitment_files(commitment)
        commitment_file = found.commitment
        assessment = assessment or found.assessment
    pack = city_pack(city or _commitment_city(Path(commitment_file)))
    if ogp_data is None and config.OGP_DATA_FILE.is_file():
        ogp_data = config.OGP_DATA_FILE
    out_dir = Path(out_dir).resolve()  # papermill runs the notebook in notebooks/
    stems = {other: report_stem("progress", commitment, start, end, other)
             for other in config.LANGUAGES}
    titles = _titles("report.titles.progress", start, end, commitment=commitment)
    # Absolute paths: the notebook runs in notebooks/, not where the command was typed.
    parameters = {
        "commitment": commitment, "data_path": str(Path(data_path).resolve()),
        "period_start": start, "period_end": end, "stage": stage, "lang": lang,
        "assessment_path": str(Path(assessment).resolve()) if assessment else None,
        "commitment_path": str(Path(commitment_file).resolve()),
        "ogp_data_path": str(Path(ogp_data).resolve()) if ogp_data else None,
        "previous_period_start": previous[0], "previous_period_end": previous[1],
        "data_dir": str(out_dir / f"{stems[lang]}.data"),
        # Only an override is passed: the notebook otherwise takes the commitment's city.
        **({"city": pack_ref(pack)} if city else {}),
    }
    partners = f"{directory_stem(lang)}.html"
    if directory or (out_dir / partners).is_file():
        parameters["directory_href"] = partners
    return ReportJob(
        kind="progress", notebook=_check_notebook(notebook or PROGRESS_NOTEBOOK),
        parameters=parameters,
        out_html=out_dir / f"{stems[lang]}.html", lang=lang, title=titles[lang],
        report_name=stems[lang],
        inputs=tuple(Path(p) for p in (*inputs, *pack.files, commitment_file, assessment,
                                         ogp_data) if p),
        meta={"kind": "progress", "commitment": commitment, "stage": stage,
              "city": pack.id, "city_name": dict(pack.name),
              "period": {"start": start, "end": end}, "titles": titles},
        alternates=_alternates(out_dir, stems, lang, languages), timeout=timeout,
        credits=(pack.credit,),
    )


def network_job(*, data_path: Path, period: tuple[str, str], lang: str, out_dir: Path,
                freq: str = config.DEFAULT_FREQ, spaces: Sequence[str] | None = None,
                inputs: Sequence[Path] = (), languages: Sequence[str] = (),
                notebook: Path | None = None,
                timeout: int = config.CELL_TIMEOUT_S, city: str | None = None) -> ReportJob:
    """Return the job of a network-growth report (every space, or only ``spaces``).

    ``city`` names the city pack of the data (default: the one the processed folder was
    built for); its files are inputs and its credit a source.
    """
    i18n.check_lang(lang)
    if freq not in config.FREQUENCIES:
        raise ConfigError(f"frequency '{freq}' is unknown.",
                          fix=f"use one of {', '.join(config.FREQUENCIES)}.")
    start, end = _check_period(*period)
    space_ids = sorted({s.strip() for s in spaces or () if s.strip()}) or None
    scope = "+".join(space_ids) if space_ids else "all-spaces"
    out_dir = Path(out_dir).resolve()  # papermill runs the notebook in notebooks/
    stems = {other: report_stem("network", scope, start, end, other)
             for other in config.LANGUAGES}
    titles = _titles("report.titles.network", start, end)
    parameters = {
        "data_path": str(Path(data_path).resolve()), "period_start": start, "period_end": end,
        "freq": freq,
        "spaces": space_ids, "lang": lang, "data_dir": str(out_dir / f"{stems[lang]}.data"),
        **({"city": city} if city else {}),
    }
    pack = city_pack(city or _built_for(Path(data_path)))
    return ReportJob(
        kind="network", notebook=_check_notebook(notebook or NETWORK_NOTEBOOK),
        parameters=parameters,
        out_html=out_dir / f"{stems[lang]}.html", lang=lang, title=titles[lang],
        report_name=stems[lang], inputs=tuple(Path(p) for p in (*inputs, *pack.files)),
        meta={"kind": "network", "commitment": None, "freq": freq, "spaces": space_ids,
              "city": pack.id, "city_name": dict(pack.name),
              "period": {"start": start, "end": end}, "titles": titles},
        alternates=_alternates(out_dir, stems, lang, languages), timeout=timeout,
        credits=(pack.credit,),
    )


def _commitment_city(path: Path) -> str | None:
    """The ``city`` a commitment file names (None when it names none or cannot be read:
    the notebook's own reading of the file then says what is wrong)."""
    import yaml

    try:
        top = yaml.load(path.read_text(encoding="utf-8"), Loader=config.yaml_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    city = top.get("city") if isinstance(top, dict) else None
    return str(city) if city else None


def _built_for(processed: Path) -> str | None:
    """The city pack a processed folder was built for (None when it does not say)."""
    import json

    try:
        return json.loads((processed / "manifest.json").read_text(encoding="utf-8")).get("city")
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------------- running

def render_job(job: ReportJob, kernel: Kernel | None = None) -> JobOutcome:
    """Render one job (in ``kernel`` when given, see :func:`render_notebook`); a labmetrics
    error becomes the outcome's message."""
    try:
        result = render_notebook(
            job.notebook, job.parameters, job.out_html, report_name=job.report_name,
            lang=job.lang, title=job.title, inputs=job.inputs, timeout=job.timeout,
            meta=job.meta, alternates=job.alternates, home=job.home, credits=job.credits,
            kernel=kernel)
    except LabmetricsError as exc:
        # The error itself travels back (it pickles with its data): cell, file and fix.
        return JobOutcome(job, error=exc)
    return JobOutcome(job, result=result)


def _unexpected(job: ReportJob, exc: BaseException) -> JobOutcome:
    return JobOutcome(job, error=ReportError(f"{type(exc).__name__}: {exc}",
                                             report=job.report_name))


def _run_dask(jobs: Sequence[ReportJob], address: str) -> list[JobOutcome]:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("sending reports to a Dask cluster needs dask.distributed, which "
                          "is not installed.", fix='pip install "labmetrics[dask]"') from None
    outcomes: list[JobOutcome] = []
    with Client(address) as client:
        futures = client.map(render_job, list(jobs), pure=False)
        for job, future in zip(jobs, futures, strict=True):
            try:
                outcomes.append(future.result())
            except Exception as exc:  # one broken job must not hide the others
                outcomes.append(_unexpected(job, exc))
    return outcomes


def render_jobs(jobs: Sequence[ReportJob], kernel: Kernel | None = None,
                kernels: int = 1) -> list[JobOutcome]:
    """Render ``jobs`` one after another in one kernel (``kernel``, else one started here and
    stopped at the end), reset between two reports: the report modules are imported once.
    ``kernels`` is how many kernels render at once, this one included: they share the cores
    that draw their charts."""
    if not jobs:
        return []
    own = (start_kernel(jobs[0].notebook, draw_processes=free_cores(kernels))
           if kernel is None else None)
    try:
        used = own or kernel
        return [render_job(job, used) for job in jobs]
    finally:
        if own is not None:
            own.stop()


# Relative cost of each kind of report, to share the reports among processes evenly.
_COST = {"network": 5, "progress": 4, "directory": 3}


def share_jobs(jobs: Sequence[ReportJob], workers: int) -> list[list[int]]:
    """Share the positions of ``jobs`` among at most ``workers`` groups of similar cost,
    the costliest first (each group renders in one process and one kernel)."""
    groups: list[list[int]] = [[] for _ in range(min(workers, len(jobs)))]
    costs = [0] * len(groups)
    order = sorted(range(len(jobs)), key=lambda i: -_COST.get(jobs[i].kind, 4))
    for i in order:
        least = costs.index(min(costs))
        groups[least].append(i)
        costs[least] += _COST.get(jobs[i].kind, 4)
    return [sorted(group) for group in groups if group]


def run_jobs(jobs: Sequence[ReportJob], *, n_jobs: int | None = None,
             dask_scheduler: str | None = None,
             kernel: Kernel | None = None) -> list[JobOutcome]:
    """Render ``jobs`` and return their outcomes, in the order of ``jobs``.

    Independent reports render at once in ``n_jobs`` processes (default: the number of
    cores), each rendering its share in one kernel, or on the Dask cluster whose scheduler
    is at ``dask_scheduler`` (its workers must see the same files). A failed report does not
    stop the others. ``kernel`` (started ahead, and stopped by the caller) renders the jobs
    when they render in this process.
    """
    jobs = list(jobs)
    if not jobs:
        return []
    if dask_scheduler:
        return _run_dask(jobs, dask_scheduler)
    workers = min(n_jobs or os.cpu_count() or 1, len(jobs))
    if workers < 1:
        raise ConfigError(f"--jobs {n_jobs} is not a number of processes.",
                          fix="use 1 or more.")
    if workers == 1:
        return render_jobs(jobs, kernel)
    import multiprocessing

    outcomes: dict[int, JobOutcome] = {}
    groups = share_jobs(jobs, workers)
    # spawn: a fresh interpreter per worker, safe with the threads of a parent process. Each
    # starts its kernel before loading papermill and the template, so that both go on at once.
    with ProcessPoolExecutor(max_workers=len(groups),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(render_jobs, [jobs[i] for i in group], None, len(groups)):
                   group for group in groups}
        for future in as_completed(futures):
            group = futures[future]
            try:
                done = future.result()
            except Exception as exc:  # one broken process must not hide the others
                done = [_unexpected(jobs[i], exc) for i in group]
            outcomes.update(zip(group, done, strict=True))
    return [outcomes[i] for i in range(len(jobs))]


# ---------------------------------------------------------------------------- command

@contextmanager
def processed_data(data: Path | None, city: str | None = None) -> Iterator[Path]:
    """Validate ``data`` once and yield the processed folder the notebooks load.

    The bundled sample is built into ``data/processed``; a folder written by
    ``labmetrics build`` is used as it is (it must have been built for ``city``, when one is
    named); any other folder is built, for ``city``, into a temporary folder removed
    afterwards.

    Raises
    ------
    InputError
        A processed folder built for another city, or unusable data.
    """
    from labmetrics.dataset import data_folder, is_processed
    from labmetrics.store import build

    source = data_folder(data)
    if is_processed(source):
        if city is not None and city_pack(_built_for(source)) is not city_pack(city):
            raise InputError(
                f"this processed folder was built for the city pack "
                f"'{city_pack(_built_for(source)).id}', not '{city_pack(city).id}'.",
                file=source, fix="give the raw data folder, or build it with "
                f"`labmetrics build DATA --city {city_pack(city).id}`.")
        yield source
        return
    # Installed without a checkout, the sample is built aside: the current folder is the
    # user's, not the project's.
    if (config.CHECKOUT is not None and source.resolve() == config.SAMPLE_DIR.resolve()
            and (city is None or city_pack(city) is city_pack(None))):
        build(source, config.PROCESSED_DIR, include_contacts=False, progress=False)
        yield config.PROCESSED_DIR
        return
    with tempfile.TemporaryDirectory(prefix="labmetrics-processed-") as tmp:
        out = Path(tmp) / "processed"
        build(source, out, include_contacts=False, progress=False, city=city)
        yield out


def _inputs(processed: Path) -> tuple[Path, ...]:
    # The manifest brings the sha256 of the raw files it was built from; each job adds the
    # files of its city pack.
    return (processed / "manifest.json",)


def plan_jobs(plan: Plan, processed: Mapping[int, Path], out: Path) -> list[ReportJob]:
    """Return the jobs of ``plan``: for each entry (``processed[i]`` is the processed folder
    of entry ``i``), its progress, network and directory reports in its languages, in its
    folder of ``out``. Pages in a folder link the index above them."""
    jobs: list[ReportJob] = []
    for i, entry in enumerate(plan.entries):
        folder = Path(out) / entry.out if entry.out else Path(out)
        data, inputs, languages = processed[i], _inputs(processed[i]), list(entry.languages)
        mine = [progress_job(
            commitment=entry.commitment, data_path=data, period=period, lang=lang,
            out_dir=folder, stage=entry.stage, assessment=entry.assessment,
            commitment_file=entry.commitment_file, inputs=inputs, languages=languages,
            directory=entry.directory) for period in entry.progress for lang in languages]
        # The network belongs to the commitment's data: the index files it under it.
        mine += [replace(job, meta={**job.meta, "commitment": entry.commitment})
                 for job in (network_job(data_path=data, period=period, lang=lang,
                                         out_dir=folder, freq=entry.freq, inputs=inputs,
                                         languages=languages)
                             for period in entry.network for lang in languages)]
        if entry.directory:
            mine += [directory_job(data_path=data, lang=lang, out_dir=folder, inputs=inputs,
                                   commitment=entry.commitment, languages=languages)
                     for lang in languages]
        jobs += [replace(job, home=f"../{INDEX_NAME}") for job in mine] if entry.out else mine
    return jobs


def plan_of(args: argparse.Namespace) -> Plan:
    """The plan of ``labmetrics report all``: ``--plan FILE``; with ``--data DIR`` alone,
    every report of the default commitment on that folder; else the bundled plan."""
    plan_file = getattr(args, "plan", None)
    if plan_file is not None and getattr(args, "data", None) is not None:
        raise ConfigError("--plan and --data were both given; a plan names its data folders.",
                          fix="drop --data, or write the data folder in the plan.")
    if plan_file is None and getattr(args, "data", None) is not None:
        return single_entry_plan(data=args.data)
    return read_plan(plan_file or config.DEFAULT_PLAN)


def build_jobs(args: argparse.Namespace, processed: Path) -> list[ReportJob]:
    """Return the jobs asked for by ``labmetrics report progress|network|directory``
    (``report all`` runs a plan: :func:`plan_jobs`)."""
    out = Path(args.out)
    inputs = _inputs(processed)
    if args.report == "progress":
        return [progress_job(
            commitment=args.commitment, data_path=processed, period=args.period,
            lang=args.lang, out_dir=out, stage=args.stage, assessment=args.assessment,
            commitment_file=args.commitment_file, ogp_data=args.ogp_data,
            previous_period=args.previous_period, inputs=inputs, languages=[args.lang],
            city=getattr(args, "city", None))]
    if args.report == "network":
        spaces = args.spaces.split(",") if args.spaces else None
        return [network_job(data_path=processed, period=args.period, lang=args.lang,
                            out_dir=out, freq=args.freq, spaces=spaces, inputs=inputs,
                            languages=[args.lang], city=getattr(args, "city", None))]
    if args.report == "directory":
        return [directory_job(data_path=processed, lang=args.lang, out_dir=out,
                              as_of=args.as_of, previous=args.previous,
                              commitment=args.commitment, inputs=inputs,
                              languages=[args.lang], city=getattr(args, "city", None))]
    raise ConfigError("no report named.",
                      fix="run labmetrics report progress, network, directory or all.")


def _city_of(args: argparse.Namespace) -> str | None:
    """The city pack the data of ``labmetrics report ...`` is placed in: ``--city``, else
    the progress report's commitment's city, else None (the default pack, or the one a
    processed folder was built for)."""
    if getattr(args, "city", None):
        return args.city
    if args.report == "progress" and getattr(args, "commitment_file", None):
        from labmetrics.commitment import read_commitment

        return read_commitment(args.commitment_file).city
    return None


def check_commitment_args(args: argparse.Namespace) -> None:
    """Read and check the commitment and assessment of ``report progress`` before any work.

    The commitment id comes from ``--commitment-file`` when given (``--commitment`` may
    then be left out, and must agree when it is not); otherwise the files are
    ``data/raw/commitments/<ID>.yaml`` and ``<ID>-assessment.yaml``. Sets
    ``args.commitment``, ``args.commitment_file`` and ``args.assessment``.

    Raises
    ------
    ConfigError
        Naming the file, the line, the key and the fix.
    """
    from labmetrics.commitment import find_commitment_files, read_commitment, read_pair

    named = getattr(args, "commitment", None)
    if args.commitment_file is not None:
        held = read_commitment(args.commitment_file).id
        if named is not None and named != held:
            raise ConfigError(f"the file {args.commitment_file} holds commitment {held}, not "
                              f"{named}.", file=args.commitment_file,
                              fix=f"drop --commitment (the file names it), or pass {named}'s "
                              "file.")
        args.commitment = held
    else:
        found = find_commitment_files(named or config.DEFAULT_COMMITMENT)
        args.commitment = named or config.DEFAULT_COMMITMENT
        args.commitment_file = found.commitment
        args.assessment = args.assessment or found.assessment
    read_pair(args.commitment_file, args.assessment)


def _run_plan(args: argparse.Namespace) -> list[JobOutcome]:
    """Check every commitment of the plan, build each data folder once, render every job."""
    from labmetrics.commitment import read_pair

    plan = plan_of(args)
    for entry in plan.entries:
        read_pair(entry.commitment_file, entry.assessment)
    with ExitStack() as stack:
        built: dict[tuple[Path, str | None], Path] = {}
        processed: dict[int, Path] = {}
        for i, entry in enumerate(plan.entries):
            key = (entry.data.resolve(), entry.city)
            if key not in built:
                built[key] = stack.enter_context(processed_data(entry.data, entry.city))
            processed[i] = built[key]
        jobs = plan_jobs(plan, processed, Path(args.out))
        return run_jobs(jobs, n_jobs=getattr(args, "jobs", None),
                        dask_scheduler=getattr(args, "dask_scheduler", None))


def run_from_args(args: argparse.Namespace, kernel: Kernel | None = None) -> int:
    """Run ``labmetrics report ...``; return 0, or 1 when a report failed.

    Unusable input (InputError) and wrong settings (ConfigError) are raised for the command
    line to report with exit code 2, before anything is rendered. ``kernel``, started by
    the caller for a single report (see :func:`labmetrics.report.kernel.start_kernel`) and
    stopped by it, renders that report; without it, one is started here.
    """
    if getattr(args, "report", None) not in (*KINDS, "all"):
        raise ConfigError("no report named.",
                          fix="run labmetrics report progress, network, directory or all.")
    # A mistyped period, commitment, assessment or day must fail before the data folder is
    # validated, not after.
    for period in (getattr(args, "period", None), getattr(args, "previous_period", None)):
        if period is not None:
            _check_period(*period)
    for name in ("as_of", "previous"):
        _check_day(getattr(args, name, None), f"--{name.replace('_', '-')}")
    if args.report == "progress":
        check_commitment_args(args)
    if args.report == "all":
        outcomes = _run_plan(args)
    else:
        # One report renders here: its kernel, when not started already, starts now and
        # imports the report's modules while the data folder is checked and the job built.
        own = None if kernel is not None else start_kernel(
            config.REPORT_NOTEBOOKS[args.report], single_use=True, draw_processes=free_cores(1))
        try:
            with processed_data(args.data, _city_of(args)) as processed:
                jobs = build_jobs(args, processed)
                warm_up_index()  # while the kernel still imports, not after the report
                outcomes = run_jobs(jobs, n_jobs=getattr(args, "jobs", None),
                                    dask_scheduler=getattr(args, "dask_scheduler", None),
                                    kernel=kernel or own)
        finally:
            if own is not None:
                own.stop()
    index = write_index(Path(args.out))
    for outcome in outcomes:
        if outcome.ok:
            print(f"labmetrics: {outcome.describe()}")
        else:
            print(f"labmetrics: {outcome.message}", file=sys.stderr)
    failed = sum(not o.ok for o in outcomes)
    print(f"labmetrics: {len(outcomes) - failed} of {len(outcomes)} report(s) written; "
          f"index at {index}.")
    return 1 if failed else 0
