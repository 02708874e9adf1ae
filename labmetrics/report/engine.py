"""Render one report: execute a notebook with papermill, export it with our nbconvert template.

The page is self-contained (CSS inline, figures embedded, no external request), carries its
provenance in the footer, and is written atomically: everything is rendered into a hidden
folder beside the target and moved into place only when the whole run succeeded. A failed
run leaves the previous report untouched and keeps the executed notebook under
``<out>/_failed/<report>.ipynb``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from labmetrics import config, i18n
from labmetrics.config import VERSION as __version__
from labmetrics.errors import ConfigError, ReportError
from labmetrics.provenance import (
    InputFile,
    describe_inputs,
    display_path,
    now,
    versions,
)
from labmetrics.provenance import record as provenance_record
from labmetrics.report import opendata
from labmetrics.report.kernel import (
    Kernel,
    cell_tags,
    kernel_manager_class,
    start_kernel,
    wait_until_ready,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

TEMPLATE_NAME = "labmetrics"
DATA_PARAMETER = "data_dir"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MAX_ERROR_CHARS = 600


@dataclass(frozen=True)
class RenderResult:
    """What one successful render wrote."""

    report: str
    html: Path
    sidecar: Path
    data_dir: Path | None
    datapackage: Path | None
    inputs: tuple[InputFile, ...]
    seconds: float

    def describe(self) -> str:
        """One line for the command line."""
        data = f" + {self.data_dir.name}/" if self.data_dir else ""
        return f"{self.html}{data} ({self.seconds:.1f} s)"


# ---------------------------------------------------------------------------- parameters

def _check_value(name: str, value: Any) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if math.isfinite(value):
            return
        raise ConfigError(f"parameter '{name}' is {value}, which a notebook cannot receive.",
                          fix="pass a finite number or None.")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(f"{name}[{i}]", item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigError(f"parameter '{name}' has the key {key!r}, not a string.",
                                  fix="use text keys in dictionaries passed to notebooks.")
            _check_value(f"{name}[{key!r}]", item)
        return
    raise ConfigError(
        f"parameter '{name}' is a {type(value).__name__}; notebooks receive only plain "
        "values (text, numbers, true/false, None, lists and dictionaries of those).",
        fix="convert it first, for example a path with str(path) or a date with "
        "date.isoformat().")


def check_parameters(parameters: Mapping[str, object]) -> dict[str, object]:
    """Return ``parameters`` as a dict after checking every value is plain JSON data.

    Papermill writes parameters into the notebook as literals, so anything else (paths,
    dates, frames, objects) is refused with a ConfigError rather than passed as a repr.
    """
    for name, value in parameters.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ConfigError(f"parameter name {name!r} is not a Python identifier.",
                              fix="name parameters like variables: letters, digits, '_'.")
        _check_value(name, value)
    return dict(parameters)


def declared_parameters(notebook: Path) -> set[str]:
    """Return the names assigned in the notebook's cell tagged ``parameters``."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


# ---------------------------------------------------------------------------- papermill

def _quiet_papermill() -> None:
    # A library logs to handlers the application configures; without any, Python prints
    # warnings to stderr ("Timeout waiting for execute reply"), which ReportError already says.
    import logging

    logger = logging.getLogger("papermill")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


@cache
def _engine_name() -> str:
    """A papermill engine that saves the notebook only when the run fails.

    Papermill writes the whole notebook after every cell; nothing reads it during a render, so
    the executed notebook is written once: kept under ``_failed/`` when the run failed (with
    the cells run so far, a timeout or dead kernel included), never otherwise.
    """
    from nbclient.util import ensure_async, run_hook, run_sync
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger, papermill_engines
    from papermill.execute import raise_for_execution_errors
    from papermill.iorw import write_ipynb

    class ReadyClient(PapermillNotebookClient):
        """Papermill's client, whose kernel client is ready as soon as the kernel answers
        (see :func:`labmetrics.report.kernel.wait_until_ready`)."""

        async def async_start_new_kernel_client(self) -> Any:
            assert self.km is not None
            self.kc = self.km.client()
            try:
                await ensure_async(self.kc.start_channels())
                await wait_until_ready(self.kc, self.startup_timeout)
            except Exception:
                await self._async_cleanup_kernel()
                raise
            self.kc.allow_stdin = False
            await run_hook(self.on_notebook_start, notebook=self.nb)
            return self.kc

        # papermill's client sets its kernel up through nbclient's synchronous wrapper,
        # which nbclient binds to its own coroutine when its class is made: bound again
        # here, or the override above would never run.
        start_new_kernel_client = run_sync(async_start_new_kernel_client)

    class SaveOnFailure(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, *,
                                     start_timeout: int, execution_timeout: int,
                                     km: Any, **kwargs: Any) -> Any:
            # As NBClientEngine, in the kernel of ``km``, whose client is closed after.
            kwargs.pop("input_path", None)
            client = ReadyClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, **kwargs)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None,
                             failure_path: str | None = None, **kwargs: Any) -> Any:
            try:
                nb = super().execute_notebook(nb, kernel_name, output_path=output_path,
                                              **kwargs)
            except BaseException:  # a timeout or a dead kernel: the cells run so far
                if failure_path:
                    write_ipynb(nb, failure_path)
                raise
            if failure_path:
                # A failed cell: written with papermill's markers, then raised.
                raise_for_execution_errors(nb, failure_path)
            return nb

    papermill_engines.register("labmetrics", SaveOnFailure)
    return "labmetrics"


# ---------------------------------------------------------------------------- failures

def _executed_cells(path: Path) -> list[Any] | None:
    """The cells of an executed notebook as papermill ran them (its error markers removed),
    or None when the file cannot be read."""
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # a half-written notebook still names the report
        return None
    return [cell for cell in nb.cells if ERROR_MARKER_TAG not in cell_tags(cell)]


def _source_cell_number(cells: Sequence[Any], index: int) -> int:
    """1-based position of executed cell ``index`` in the author's notebook (the cell
    papermill injected does not count)."""
    injected = sum(1 for cell in cells[:index] if "injected-parameters" in cell_tags(cell))
    return index - injected + 1


def _last_started_cell(cells: Sequence[Any]) -> int | None:
    started = [i for i, cell in enumerate(cells)
               if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    return started[-1] if started else None


def _short(text: str) -> str:
    text = _ANSI.sub("", text).strip()
    return text if len(text) <= _MAX_ERROR_CHARS else text[:_MAX_ERROR_CHARS] + "…"


def _first_line(source: str) -> str:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return _short(lines[0])[:80] if lines else ""


def _last_log_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    lines = [line.strip() for line in lines if line.strip()]
    return _short(lines[-1]) if lines else ""


def _failure(exc: BaseException, executed: Path, report: str,
             failed_dir: Path, timeout: int, kernel_log: Path) -> ReportError:
    """Keep the executed notebook under ``failed_dir`` and describe what went wrong."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    kept: Path | None = None
    cells = None
    if executed.exists():
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{report}.ipynb"
        os.replace(executed, kept)
        cells = _executed_cells(kept)
    index = None
    if isinstance(exc, PapermillExecutionError):
        index = exc.cell_index
    elif cells is not None:
        index = _last_started_cell(cells)
    cell, where = None, ""
    if cells is not None and index is not None and index < len(cells):
        cell = _source_cell_number(cells, index)
        first = _first_line(cells[index].source)
        where = f" (in `{first}`)" if first else ""
    if isinstance(exc, PapermillExecutionError):
        message = f"{exc.ename}: {_short(str(exc.evalue))}{where}"
        fix = "open the kept notebook to see the traceback, fix the cause and render again."
    elif isinstance(exc, CellTimeoutError):
        message = f"a cell ran longer than the limit of {timeout} s{where}"
        fix = "make the cell faster, or give the report a longer timeout."
    elif isinstance(exc, DeadKernelError):
        message = f"the notebook's Python process died{where} (out of memory?)"
        fix = "render fewer reports at once (--jobs 1) or use a smaller data folder."
    else:
        message = f"{type(exc).__name__}: {_short(str(exc))}"
        last = _last_log_line(kernel_log)
        if last:
            message += f"; the kernel said: {last}"
        fix = "check that ipykernel is installed in this environment, then render again."
    return ReportError(message, report=report, cell=cell, file=kept, fix=fix)


# ---------------------------------------------------------------------------- page

@cache
def _exporter() -> Any:
    from nbconvert import HTMLExporter

    # The notebook is checked against its schema once, after the preprocessors, not after
    # each of them: they change no output the page shows.
    return HTMLExporter(template_name=TEMPLATE_NAME,
                        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                        optimistic_validation=True)


def warm_up() -> None:
    """Import papermill and nbconvert and load the template: once per process."""
    import papermill  # noqa: F401

    _exporter().template  # noqa: B018 (loads and compiles the template)
    kernel_manager_class()
    _engine_name()


@cache
def _first_export() -> threading.Thread:
    """Export a throwaway page of one cell on a thread, once per process; see
    :func:`_export_first_page`. Started when a notebook starts to run, so that it runs
    while the command waits for the kernel; :func:`export_html` waits for it."""
    thread = threading.Thread(target=_export_first_page, name="labmetrics-first-export",
                              daemon=True)
    thread.start()
    return thread


def _export_first_page() -> None:
    """Export a page of one cell, and throw it away.

    nbconvert and BeautifulSoup build some of their tables at the first export (the CSS
    selectors compiled to regular expressions, the table of HTML entities, the validator of
    the notebook schema), and the page's footer asks git for the commit: a quarter of a
    second that would otherwise come after a single report's notebook ran.
    """
    import nbformat

    output = nbformat.v4.new_output(
        "display_data", data={"text/html": '<p>&amp; <img src="data:," alt=""></p>'})
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[output])])
    # Nothing to report from here: a real export raises the same error where it is reported.
    with contextlib.suppress(Exception):
        page = _page(lang=config.DEFAULT_LANG, title="", subtitle=None, alternates={},
                     home=None, moment=now(), shown=[], input_files=(), data_name="",
                     csv_names=[])
        _exporter().from_notebook_node(notebook, resources={"labmetrics": page})


def page_text(lang: str) -> dict[str, str]:
    """The ``report`` messages of ``lang`` keyed without their section prefix."""
    return {key.removeprefix("report."): value for key, value in i18n.catalogue(lang).items()
            if key.startswith("report.")}


def _shown_value(name: str, value: Any, data_name: str | None) -> str:
    if name == DATA_PARAMETER and data_name:
        return data_name
    if isinstance(value, str):
        return display_path(value) if os.path.isabs(value) else value
    return json.dumps(value, ensure_ascii=False)


def _generated_text(moment: Any, lang: str) -> str:
    return f"{i18n.format_date(moment, lang)} {moment:%H:%M} UTC"


def _page(*, lang: str, title: str, subtitle: str | None, alternates: Mapping[str, str],
          home: str | None, moment: Any, shown: list[tuple[str, str]],
          input_files: Sequence[InputFile], data_name: str,
          csv_names: list[str]) -> dict[str, Any]:
    """What the layout and the provenance footer show (see templates/labmetrics)."""
    text = page_text(lang)
    href = quote(data_name)
    nav = [{"href": home, "text": text["nav.home"], "lang": None}] if home else []
    # The link to the other language is written in that language ("Read in English").
    nav += [{"href": target, "text": i18n.t("report.nav.read_in", other), "lang": other}
            for other, target in alternates.items() if other != lang]
    data = {
        "datapackage": f"{href}/{opendata.DATAPACKAGE}",
        "files": [{"name": n, "href": f"{href}/{quote(n)}"} for n in csv_names],
        "licence": i18n.t("report.footer.licence", lang, licence=opendata.LICENCE["name"]),
    }
    return {
        "lang": lang, "title": title, "subtitle": subtitle, "version": __version__,
        "text": text, "nav": nav,
        "alternates": [{"lang": k, "href": v} for k, v in alternates.items()],
        "footer": {
            "generated_by": i18n.t("report.footer.generated_by", lang, version=__version__),
            "generated_iso": moment.isoformat(),
            "generated_text": _generated_text(moment, lang),
            "commit": provenance_record()["git_commit"],
            "versions": ", ".join(f"{name} {v}" for name, v in versions().items()),
            "parameters": shown,
            "inputs": [{"path": f.path, "sha256": f.sha256,
                        "bytes_text": "–" if f.bytes is None
                        else i18n.format_number(f.bytes, lang)} for f in input_files],
            "data": data if csv_names else None,
        },
    }


def export_html(nb: NotebookNode, page: Mapping[str, object]) -> str:
    """Return the HTML page of the executed notebook ``nb`` with the layout data ``page``."""
    _first_export().join()
    body, _ = _exporter().from_notebook_node(nb, resources={"labmetrics": dict(page)})
    return body


# ---------------------------------------------------------------------------- files

def _replace_dir(src: Path, dst: Path) -> None:
    """Move folder ``src`` to ``dst``, replacing it (the old one is moved aside first)."""
    old = None
    if dst.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{dst.name}.old-", dir=dst.parent))
        os.replace(dst, old / dst.name)
    os.replace(src, dst)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _move_into_place(stage: Path, out_html: Path, final_data: Path, sidecar: Path, *,
                     has_data: bool) -> None:
    """Replace the report's data folder, page and sidecar by their staged versions."""
    # The page is replaced after its data so that it never links to missing files.
    if has_data:
        _replace_dir(stage / final_data.name, final_data)
    elif final_data.exists():
        _remove(final_data)
    os.replace(stage / out_html.name, out_html)
    os.replace(stage / sidecar.name, sidecar)


def failed_dir_for(out_html: Path) -> Path:
    """Where failed notebooks are kept: ``_failed/`` beside the reports."""
    return out_html.parent / config.FAILED_DIR.name


def render_notebook(notebook: Path, parameters: Mapping[str, object], out_html: Path, *,
                    report_name: str, lang: str, title: str,
                    inputs: Sequence[Path] = (), timeout: int = config.CELL_TIMEOUT_S,
                    subtitle: str | None = None, meta: Mapping[str, object] | None = None,
                    alternates: Mapping[str, str] | None = None,
                    home: str | None = None, credits: Sequence[str] = (),
                    kernel: Kernel | None = None) -> RenderResult:
    """Execute ``notebook`` with ``parameters`` and write ``out_html`` with its data.

    Parameters
    ----------
    notebook
        A notebook with a cell tagged ``parameters``. When it declares ``data_dir``, the
        engine passes the report's data folder there (``<out_html stem>.data/``, written
        aside and moved into place): its CSV files get a ``datapackage.json``.
    parameters
        Plain JSON values only (see :func:`check_parameters`); every name must be declared
        in the notebook's parameters cell.
    out_html
        The page to write; its sidecar ``<stem>.json`` (for the index) is written beside it.
    report_name, lang, title
        Name used in errors and for ``_failed/<report_name>.ipynb``; the page's language
        and title.
    inputs
        Files or folders whose sha256 the footer lists.
    timeout
        Seconds one cell may run.
    subtitle, meta, alternates, home
        Line under the title; extra sidecar fields (kind, period...); links to the other
        languages of the report (lang -> href); link to the index page.
    credits
        Credit lines of sources that are not files (the city pack's map credit), listed
        among the sources of the data package.
    kernel
        A kernel from :func:`start_kernel` to run the notebook in (reset first when it ran
        another, started anew when it died); the caller stops it. Without it, a kernel is
        started here and stopped before returning.

    Returns
    -------
    RenderResult

    Raises
    ------
    ConfigError
        A parameter is not plain data or not declared, or the notebook is missing.
    ReportError
        The notebook failed (error, timeout, dead kernel); the previous report is untouched.
    """
    started = time.perf_counter()
    i18n.check_lang(lang)
    # papermill runs the notebook in its own folder: relative paths would point elsewhere.
    notebook, out_html = Path(notebook).resolve(), Path(out_html).resolve()
    if not notebook.is_file():
        raise ConfigError(f"notebook {notebook} does not exist.", file=notebook,
                          fix="check the notebook path, or restore it from git.")
    params = check_parameters(parameters)
    # Started first: the kernel imports the report's modules while papermill and the
    # template load here.
    own = start_kernel(notebook) if kernel is None else None
    try:
        used = own or kernel
        assert used is not None
        used.ready_for(notebook)
        warm_up()
        return _render(notebook, params, out_html, kernel=used, started=started,
                       report_name=report_name, lang=lang, title=title, inputs=inputs,
                       timeout=timeout, subtitle=subtitle, meta=meta, alternates=alternates,
                       home=home, credits=credits)
    finally:
        if own is not None:
            own.stop()


def _render(notebook: Path, params: dict[str, Any], out_html: Path, *, kernel: Kernel,
            started: float, report_name: str, lang: str, title: str, inputs: Sequence[Path],
            timeout: int, subtitle: str | None, meta: Mapping[str, Any] | None,
            alternates: Mapping[str, str] | None, home: str | None,
            credits: Sequence[str]) -> RenderResult:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    declared = declared_parameters(notebook)
    unknown = sorted(set(params) - declared - {DATA_PARAMETER})
    if unknown:
        raise ConfigError(f"the notebook declares no parameter {', '.join(unknown)}.",
                          file=notebook, fix="add them to its cell tagged 'parameters', "
                          "or stop passing them.")
    out_html.parent.mkdir(parents=True, exist_ok=True)
    stem = out_html.name.removesuffix(".html")
    final_data = out_html.with_name(f"{stem}.data")
    sidecar = out_html.with_name(f"{stem}.json")
    stage = Path(tempfile.mkdtemp(prefix=f".{stem}.rendering-", dir=out_html.parent))
    try:
        staged_data = stage / final_data.name
        if DATA_PARAMETER in declared:
            params[DATA_PARAMETER] = str(staged_data)
        else:
            params.pop(DATA_PARAMETER, None)
        executed = stage / "executed.ipynb"
        _quiet_papermill()
        _first_export()
        typing = opendata.TypingAhead(staged_data) if DATA_PARAMETER in declared else None
        try:
            nb = papermill.execute_notebook(
                str(notebook), None, parameters=params, engine_name=_engine_name(),
                request_save_on_cell_execute=False, failure_path=str(executed),
                kernel_name=config.KERNEL_NAME, language="python", progress_bar=False,
                log_output=False, cwd=str(notebook.parent), execution_timeout=timeout,
                start_timeout=config.KERNEL_START_TIMEOUT_S, km=kernel.manager)
        except Exception as exc:  # every failure becomes one ReportError
            error = _failure(exc, executed, report_name, failed_dir_for(out_html),
                             timeout, kernel.log)
            if not isinstance(exc, PapermillExecutionError):
                kernel.stop()  # timed out, died or never answered: the next one starts anew
            raise error from None
        finally:
            kernel.used = True
            kernel.release()  # a single-use kernel exits while the page is exported
            known = typing.stop() if typing is not None else {}

        moment = now()
        input_files = tuple(describe_inputs(inputs))
        csv_names = sorted(p.name for p in staged_data.glob("*.csv"))
        if csv_names:
            opendata.write_datapackage(
                staged_data, name=stem,
                title=i18n.t("report.opendata.title", lang, title=title),
                description=i18n.t("report.opendata.description", lang, version=__version__),
                sources=[{"title": f.path} for f in input_files]
                + [{"title": credit} for credit in credits],
                created=moment.isoformat().replace("+00:00", "Z"), known=known)
        shown = [(k, _shown_value(k, v, final_data.name if csv_names else None))
                 for k, v in params.items() if k != DATA_PARAMETER or csv_names]
        page = _page(lang=lang, title=title, subtitle=subtitle, alternates=alternates or {},
                     home=home, moment=moment, shown=shown, input_files=input_files,
                     data_name=final_data.name, csv_names=csv_names)
        record = {
            "report": report_name, "title": title, "lang": lang,
            "generated_at": moment.isoformat(), "html": out_html.name,
            "data": final_data.name if csv_names else None,
            "datapackage": f"{final_data.name}/{opendata.DATAPACKAGE}" if csv_names else None,
            "csv": csv_names, "labmetrics_version": __version__, **provenance_record(),
            "parameters": dict(shown),
            "inputs": [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes}
                       for f in input_files],
            "alternates": dict(alternates or {}), **dict(meta or {}),
        }
        (stage / out_html.name).write_text(export_html(nb, page), encoding="utf-8")
        (stage / sidecar.name).write_text(json.dumps(record, ensure_ascii=False, indent=2)
                                          + "\n", encoding="utf-8")
        _move_into_place(stage, out_html, final_data, sidecar, has_data=bool(csv_names))
        stale = failed_dir_for(out_html) / f"{report_name}.ipynb"
        if stale.exists():
            stale.unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    has_data = bool(csv_names)
    return RenderResult(report=report_name, html=out_html, sidecar=sidecar,
                        data_dir=final_data if has_data else None,
                        datapackage=final_data / opendata.DATAPACKAGE if has_data else None,
                        inputs=input_files, seconds=time.perf_counter() - started)
