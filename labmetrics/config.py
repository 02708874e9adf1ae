"""Every path and default of labmetrics, in one place.

Two kinds of paths. What labmetrics ships (notebooks, the geography, the commitment files,
the bundled sample) is found by :func:`resource`: the checkout's copy when labmetrics runs
from one, else the copy installed with the package. What labmetrics writes (data/processed,
reports) goes under :data:`ROOT`: the checkout (the folder holding pyproject.toml and
notebooks/), else the current folder. ``LABMETRICS_ROOT`` overrides the checkout.
"""

from __future__ import annotations

import os
from datetime import date
from importlib import resources
from pathlib import Path

# The package's version, as pyproject.toml gives it; `labmetrics.__version__` is this one.
VERSION = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
# Where a wheel carries the files that live at the top of the repository (see the
# force-include table of pyproject.toml).
PACKAGED = "_shipped"


def _find_checkout() -> Path | None:
    env = os.environ.get("LABMETRICS_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "notebooks").is_dir():
        return candidate
    return None


CHECKOUT = _find_checkout()
ROOT = CHECKOUT if CHECKOUT is not None else Path.cwd()


def resource(*parts: str) -> Path:
    """Return a file or folder labmetrics ships, such as ``resource("notebooks")``.

    The checkout's copy when labmetrics runs from one; else the copy installed with the
    package (read through :mod:`importlib.resources`).
    """
    if CHECKOUT is not None and CHECKOUT.joinpath(*parts).exists():
        return CHECKOUT.joinpath(*parts)
    shipped = resources.files("labmetrics").joinpath(PACKAGED, *parts)
    # An installed wheel is unpacked on disk: its resources are plain files.
    return Path(str(shipped))


def candidates(path: str | Path) -> list[Path]:
    """The absolute paths a data path given by a person may mean, in the order tried: from
    the current folder, then (a relative path) from the project root and from what
    labmetrics ships, so that ``data/raw/sample`` works from notebooks/ or anywhere."""
    path = Path(path).expanduser()
    if path.is_absolute():
        return [path]
    found = [Path.cwd() / path, ROOT / path]
    if CHECKOUT is None and path.parts and ".." not in path.parts:
        found.append(resource(*path.parts))
    unique: list[Path] = []
    for p in (Path(os.path.abspath(p)) for p in found):
        if p not in unique:
            unique.append(p)
    return unique


def locate(path: str | Path) -> Path:
    """The first of :func:`candidates` that exists, or the first of them when none does
    (the caller says it is missing, naming every candidate)."""
    tried = candidates(path)
    return next((p for p in tried if p.exists()), tried[0])


DATA_DIR = ROOT / "data"
RAW_DIR = resource("data", "raw")
PROCESSED_DIR = DATA_DIR / "processed"
SAMPLE_DIR = RAW_DIR / "sample"
# What `labmetrics report all` renders without --plan: the bundled commitments on their samples.
DEFAULT_PLAN = RAW_DIR / "plan.yaml"
CITIES_DIR = RAW_DIR / "cities"
# Written by `labmetrics sample` beside the data it invents; a data folder holding it is a
# sample, and every build and report made from it says so.
SAMPLE_MARKER = "sample.json"
COMMITMENTS_DIR = RAW_DIR / "commitments"
REPORTS_DIR = ROOT / "reports"
FAILED_DIR = REPORTS_DIR / "_failed"
NOTEBOOKS_DIR = resource("notebooks")
# How many processes may do one report's work, its charts among it (read by the kernel, see
# report/cores.py).
DRAW_PROCESSES_ENV = "LABMETRICS_DRAW_PROCESSES"
# pyarrow's allocator for a build (store.arrow_memory_pool) and in a report's kernel (its
# ARROW_DEFAULT_MEMORY_POOL, unless the person rendering set one): jemalloc keeps freed
# buffers of a column's size for the next, where mimalloc, pyarrow's default, gives them
# back to the system and faults them in again page by page, which the system counts as its
# own time.
ARROW_MEMORY_POOL = "jemalloc"
# The notebook of each report kind (``labmetrics report KIND``).
REPORT_NOTEBOOKS = {"progress": NOTEBOOKS_DIR / "irm_progress_report.ipynb",
                    "network": NOTEBOOKS_DIR / "network_growth_report.ipynb",
                    "directory": NOTEBOOKS_DIR / "partner_directory.ipynb"}
DOCS_DIR = ROOT / "docs"

# The city pack (a folder of CITIES_DIR) used when neither a commitment nor --city names one.
DEFAULT_CITY = "sao-paulo"

# OGP's commitment export bundled with labmetrics (source and sha256 in data/raw/ogp/SOURCES.md):
# the progress report compares the commitment with its kind there unless told another file.
OGP_DIR = RAW_DIR / "ogp"
OGP_DATA_FILE = OGP_DIR / "open_parliament_0703.csv"
# The export as published, pinned to the commit that added it.
OGP_SOURCE_URL = (
    "https://github.com/g0v/ogp-commitments/blob/0fbeb4bdfb75567c4a334857d4438c0918232ce5/"
    "open_parliament_0703.csv"
)

LOCALES_DIR = PACKAGE_DIR / "locales"
TEMPLATES_DIR = PACKAGE_DIR / "report" / "templates"

# The four data sets of a data folder, in the order they are validated: later ones
# reference earlier ones (usage -> spaces, groups; projects -> spaces, groups).
DATASETS = ("spaces", "groups", "usage", "projects")
DATA_EXTENSIONS = (".csv", ".xlsx", ".geojson", ".parquet")

LANGUAGES = ("pt-BR", "en", "es")
DEFAULT_LANG = "pt-BR"
DEFAULT_COMMITMENT = "SAO0005"
DEFAULT_FREQ = "quarter"
FREQUENCIES = ("month", "quarter", "year")

# The sample covers the action plan's years; reports default to them.
SAMPLE_START = date(2016, 1, 1)
SAMPLE_END = date(2018, 12, 31)
DEFAULT_SEED = 2017
# The progress report assesses the action plan's year; the network report covers the whole
# sample so that growth before and after the commitment shows.
PROGRESS_PERIOD = ("2017-01-01", "2017-12-31")
NETWORK_PERIOD = (SAMPLE_START.isoformat(), SAMPLE_END.isoformat())

# Validation limits: beyond these a value is "absurd" rather than merely large.
MAX_USAGE_HOURS = 24.0
MAX_PARTICIPANTS = 5_000
MAX_SEATS = 2_000
MAX_PROJECT_PARTICIPANTS = 5_000_000
EARLIEST_DATE = date(2000, 1, 1)

# Notebook execution.
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 600
# How long a kernel may take to start (its imports included) or to answer between notebooks.
KERNEL_START_TIMEOUT_S = 60


def yaml_loader() -> type:
    """PyYAML's safe loader, in C (libyaml, shipped in PyYAML's wheels) when it is there.

    It builds the same values as the pure-Python ``yaml.SafeLoader`` (the same constructor
    and resolver) about ten times faster: every report reads its catalogue and commitment.
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
