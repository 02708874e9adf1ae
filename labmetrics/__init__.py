"""labmetrics: evidence for OGP commitments on a city's innovation labs and spaces.

The pipeline reads, validates and stores the three data sets of the commitment (the mapping
of groups and the network of partners, the use of the spaces, the joint projects), computes
milestone indicators and network metrics, and renders IRM-style reports.

Start with ``data = labmetrics.load("data/raw/sample")``; then ``labmetrics.network``,
``labmetrics.evidence`` and ``labmetrics.figures`` compute and draw what the reports show.
Every name listed by ``dir(labmetrics)`` is imported on first use, so that the command line
starts without loading the data libraries.
"""

import importlib
import typing

from labmetrics import config as _config

__version__ = _config.VERSION

# The public modules, each imported on first use.
_MODULES = ("commitment", "config", "errors", "evidence", "figures", "geo", "i18n",
            "indicators", "irm", "network", "read", "report", "sample", "schema", "store",
            "validate")
# The public names defined in a module, each imported with it on first use.
_NAMES = {
    "LabData": "labmetrics.dataset",
    "LabmetricsError": "labmetrics.errors",
    "InputError": "labmetrics.errors",
    "ConfigError": "labmetrics.errors",
    "ReportError": "labmetrics.errors",
    "build": "labmetrics.store",
}

__all__ = sorted(["__version__", "load", *_MODULES, *_NAMES])

if typing.TYPE_CHECKING:
    from labmetrics.dataset import LabData


def load(path: typing.Any = None, **kwargs: typing.Any) -> "LabData":
    """Read, validate and place in the city one data folder.

    Parameters
    ----------
    path
        A raw data folder (groups, spaces, usage, projects as CSV, XLSX, GeoJSON or Parquet)
        or a processed folder written by ``labmetrics build``. Defaults to the bundled sample.
        A relative path that does not exist from the current folder is read from the
        project root, so ``load("data/raw/sample")`` works from notebooks/ too.

    Returns
    -------
    LabData
        ``.groups .spaces .usage .projects .districts .subprefeituras .quarantine .manifest``.
    """
    # Imported here so that `import labmetrics` stays cheap for the command line.
    from labmetrics.dataset import load as _load

    return _load(path, **kwargs)


def __getattr__(name: str) -> typing.Any:
    if name in _MODULES:
        return importlib.import_module(f"labmetrics.{name}")
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'labmetrics' has no attribute {name!r}; its public names "
                         f"are {', '.join(__all__)}")


def __dir__() -> list[str]:
    return list(__all__)
