"""Browser-test support, loaded as a pytest plugin: the rendered reports, Chromium, and
report pages opened offline, as a reader opens them from a folder.

The reports are rendered once per test process, by the command a user runs
(``labmetrics build`` into a temporary folder, then ``labmetrics report all``). Set
``LABMETRICS_REPORTS_DIR`` to a folder already rendered that way to skip the render.
Chromium is Debian's (``/usr/bin/chromium``): a missing browser fails the tests, it never
skips them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from labmetrics import config
from labmetrics.report import jobs
from labmetrics.report.index import INDEX_NAME, read_sidecars

REPORTS_ENV = "LABMETRICS_REPORTS_DIR"
SCREENSHOTS_ENV = "LABMETRICS_SCREENSHOTS"
SCREENSHOTS_DIR = config.DOCS_DIR / "screenshots"
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)
PHONE = (375, 812)
DESKTOP = (1280, 900)
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
REPORT_JOBS = "2"


@dataclass(frozen=True)
class ReportPage:
    """One page of the reports folder: a report (``kind`` of ``jobs.KINDS``) in one
    language, or the index. Its file is found in the rendered folder (see :class:`Site`)."""

    key: str
    kind: str
    lang: str


# What `labmetrics report all` writes: every kind in both languages, and the index (pt-BR
# with English beside).
REPORT_PAGES = tuple(ReportPage(f"{kind}.{lang}", kind, lang) for kind in jobs.KINDS
                     for lang in config.LANGUAGES)
INDEX_PAGE = ReportPage("index", "index", config.DEFAULT_LANG)
PAGES = (*REPORT_PAGES, INDEX_PAGE)
PAGE_KEYS = tuple(page.key for page in PAGES)


@dataclass(frozen=True)
class Site:
    """A rendered reports folder: the file of each page, and each report's sidecar."""

    folder: Path
    sidecars: Mapping[str, Mapping[str, Any]]

    def name(self, page: ReportPage) -> str:
        """The file name of ``page``."""
        return INDEX_NAME if page.kind == "index" else str(self.sidecars[page.key]["html"])

    def path(self, page: ReportPage) -> Path:
        """The file of ``page``."""
        return self.folder / self.name(page)

    def data_dir(self, page: ReportPage) -> Path:
        """The open-data folder of report ``page``."""
        return self.folder / str(self.sidecars[page.key]["data"])


def read_site(folder: Path) -> Site:
    """Find every page of ``folder`` through the reports' sidecars (as the index does);
    fail naming what is missing or doubled."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in read_sidecars(folder):
        found.setdefault(f"{record.get('kind')}.{record['lang']}", []).append(record)
    problems = [f"{len(found.get(p.key, []))} {p.key} reports" for p in REPORT_PAGES
                if len(found.get(p.key, [])) != 1]
    if not (folder / INDEX_NAME).is_file():
        problems.append(f"no {INDEX_NAME}")
    if problems:
        pytest.fail(f"the reports folder {folder} has {', '.join(problems)} (expected one "
                    "of each, as `labmetrics report all` writes)", pytrace=False)
    return Site(folder, {key: records[0] for key, records in found.items()})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a browser test taking ``site_page`` on every page (the reports and the index),
    one taking ``report_page`` on every report."""
    if metafunc.definition.get_closest_marker("browser") is None:
        return
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", PAGES, ids=PAGE_KEYS)
    if "report_page" in metafunc.fixturenames:
        metafunc.parametrize("report_page", REPORT_PAGES, ids=[p.key for p in REPORT_PAGES])


# ---------------------------------------------------------------------------- rendering

def run_command(argv: list[str]) -> None:
    """Run ``labmetrics <argv>`` in this process; fail the test when it does not exit 0."""
    from labmetrics.cli import main

    code = main(argv)
    if code != 0:
        pytest.fail(f"`labmetrics {' '.join(argv)}` exited with {code} (its messages are "
                    "in the captured output above)", pytrace=False)


def render_reports(out: Path) -> Path:
    """Render every report of the bundled sample into ``out`` and return it.

    The sample is built into ``out/processed`` first, so that the repository's
    ``data/processed`` is neither written nor shared with other test processes.
    """
    processed = out / "processed"
    reports = out / "reports"
    run_command(["build", str(config.SAMPLE_DIR), "--out", str(processed)])
    run_command(["report", "all", "--data", str(processed), "--out", str(reports),
                 "--jobs", REPORT_JOBS])
    return reports


def render_once(tmp_path_factory: pytest.TempPathFactory, name: str = "rendered",
                render: Callable[[Path], object] = render_reports) -> Path:
    """``render`` into a folder once per test run, whichever process asks first; return the
    ``reports`` folder inside it.

    Under pytest-xdist every worker has its own session; they share the run's temporary
    folder, and a lock there lets the first one render while the others wait and reuse
    it (the xdist_group marks should already send the browser tests to one worker, but
    they do not when pytest-xdist and pytest disagree about node ids).
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        root = tmp_path_factory.mktemp(name)
        render(root)
        return root / "reports"
    import fcntl  # POSIX: the end-to-end and browser tests run on Linux.

    shared = tmp_path_factory.getbasetemp().parent / f"labmetrics-{name}"
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / ".done"
        if not done.exists():
            render(shared)
            done.touch()
    return shared / "reports"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Every rendered report and the index (rendered once per test run, or the folder
    ``LABMETRICS_REPORTS_DIR`` names)."""
    given = os.environ.get(REPORTS_ENV)
    return read_site(Path(given) if given else render_once(tmp_path_factory))


# ---------------------------------------------------------------------------- browser

def chromium_executable() -> str:
    """Return the path of Debian's Chromium, or fail saying how to install it."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("Chromium is not installed, and the browser tests need it: install it "
                    "with `sudo apt-get install chromium` (.ci/run and `make test` do).",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright, for the whole test process."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page opened offline, and everything it tried or said while it loaded."""

    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Close the page and its browser context."""
        self.page.context.close()


def open_offline(browser: Any, path: Path, viewport: tuple[int, int] = DESKTOP,
                 device_scale_factor: float = 1, javascript: bool = True) -> Visit:
    """Open ``path`` in a fresh context of ``viewport`` (scripts off unless
    ``javascript``), everything outside ``file://`` blocked, and return the visit once the
    page has loaded."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=device_scale_factor,
                                  service_workers="block", java_script_enabled=javascript)
    visit = Visit(page=context.new_page())

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            visit.blocked.append(url)
            request_route.abort()

    def dialog(d: Any) -> None:
        visit.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    def console(message: Any) -> None:
        if message.type == "error":
            visit.console_errors.append(message.text)

    context.route("**/*", route)
    visit.page.on("request", lambda r: visit.requests.append(r.url))
    visit.page.on("requestfailed", lambda r: visit.failed.append(f"{r.url}: {r.failure}"))
    visit.page.on("console", console)
    visit.page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    visit.page.on("dialog", dialog)
    visit.page.goto(path.resolve().as_uri(), wait_until="load")
    return visit


class Visits:
    """The report pages opened once per viewport and kept open for every test to read."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.browser = browser
        self.site = site
        self._open: dict[tuple[str, str], Visit] = {}

    def get(self, page: ReportPage, viewport: str = "desktop") -> Visit:
        """Return the visit of ``page`` at ``viewport`` (``desktop`` or ``phone``)."""
        if (page.key, viewport) not in self._open:
            self._open[page.key, viewport] = open_offline(
                self.browser, self.site.path(page), VIEWPORTS[viewport])
        return self._open[page.key, viewport]

    def close(self) -> None:
        """Close every page opened."""
        for visit in self._open.values():
            visit.close()
        self._open.clear()


@pytest.fixture(scope="session")
def visits(browser: Any, site: Site) -> Iterator[Visits]:
    """The rendered pages, each opened once per viewport."""
    opened = Visits(browser, site)
    yield opened
    opened.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Visit]]:
    """Open a file offline for one test: ``open_page(path, viewport="phone",
    device_scale_factor=2, javascript=False)``; closed when the test ends."""
    opened: list[Visit] = []

    def open_file(path: Path, viewport: str = "desktop",
                  device_scale_factor: float = 1, javascript: bool = True) -> Visit:
        visit = open_offline(browser, path, VIEWPORTS[viewport], device_scale_factor,
                             javascript)
        opened.append(visit)
        return visit

    yield open_file
    for visit in opened:
        visit.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``docs/screenshots/`` when ``LABMETRICS_SCREENSHOTS=1`` (to
    refresh the README's pictures), else a temporary folder (CI leaves the tree clean)."""
    folder = SCREENSHOTS_DIR if os.environ.get(SCREENSHOTS_ENV) == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def index_page() -> ReportPage:
    """The landing page of the reports folder."""
    return INDEX_PAGE


@pytest.fixture(scope="session")
def report_pages() -> tuple[ReportPage, ...]:
    """Every report page ``labmetrics report all`` writes."""
    return REPORT_PAGES
