"""Every path and default of labmetrics, in one place.

Paths resolve against the project root (the folder holding pyproject.toml) when labmetrics
runs from a checkout; ``LABMETRICS_ROOT`` overrides it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    env = os.environ.get("LABMETRICS_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


ROOT = _find_root()
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
SAMPLE_DIR = RAW_DIR / "sample"
GEO_DIR = RAW_DIR / "geo"
COMMITMENTS_DIR = RAW_DIR / "commitments"
REPORTS_DIR = ROOT / "reports"
FAILED_DIR = REPORTS_DIR / "_failed"
NOTEBOOKS_DIR = ROOT / "notebooks"
DOCS_DIR = ROOT / "docs"

DISTRICTS_FILE = GEO_DIR / "sp_distritos.geojson"
SUBPREFEITURAS_FILE = GEO_DIR / "sp_subprefeituras.geojson"
GEO_CREDIT = "Fonte: GeoSampa – Prefeitura de São Paulo; Fundação SEADE"

LOCALES_DIR = PACKAGE_DIR / "locales"
TEMPLATES_DIR = PACKAGE_DIR / "report" / "templates"

# The four data sets of a data folder, in the order they are validated: later ones
# reference earlier ones (usage -> spaces, groups; projects -> spaces, groups).
DATASETS = ("spaces", "groups", "usage", "projects")
DATA_EXTENSIONS = (".csv", ".xlsx", ".geojson", ".parquet")

LANGUAGES = ("pt-BR", "en")
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
