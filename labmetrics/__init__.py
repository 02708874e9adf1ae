"""labmetrics: evidence for São Paulo's OGP commitment SAO0005 on innovation labs and spaces.

The pipeline reads, validates and stores the three data sets of the commitment (the mapping
of groups and the network of partners, the use of the spaces, the joint projects), computes
milestone indicators and network metrics, and renders IRM-style reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["LabData", "__version__", "load"]

if TYPE_CHECKING:
    from labmetrics.dataset import LabData


def load(path: Any = None, **kwargs: Any) -> LabData:
    """Read, validate and place in the city one data folder.

    Parameters
    ----------
    path
        A raw data folder (groups, spaces, usage, projects as CSV, XLSX, GeoJSON or Parquet)
        or a processed folder written by ``labmetrics build``. Defaults to the bundled sample.

    Returns
    -------
    LabData
        ``.groups .spaces .usage .projects .districts .subprefeituras .quarantine .manifest``.
    """
    # Imported here so that `import labmetrics` stays cheap for the command line.
    from labmetrics.dataset import load as _load

    return _load(path, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "LabData":
        from labmetrics.dataset import LabData

        return LabData
    raise AttributeError(name)
