"""What an evaluator fills in to start a new commitment: ``labmetrics init FOLDER``.

Writes a commented commitment file and assessment file (from ``data/raw/templates/``, with
the chosen city pack) and a data folder with one CSV per data set holding only its header.
Each is valid as it stands: ``labmetrics check`` accepts the YAML files and ``labmetrics
validate`` the data folder, so that every change the evaluator makes is checked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labmetrics import config
from labmetrics.city import CityPack, city_pack, pack_ref
from labmetrics.errors import ConfigError
from labmetrics.schema import DATASETS

TEMPLATES_DIR = config.RAW_DIR / "templates"
DATA_FOLDER = "data"


@dataclass(frozen=True)
class StarterFiles:
    """The files :func:`write_starter` wrote."""

    commitment: Path
    assessment: Path
    data: Path
    data_files: tuple[Path, ...]

    def describe(self) -> str:
        """What was written and what to run next, for the command line."""
        return "\n".join([
            f"Wrote {self.commitment}, {self.assessment} and {self.data}/ "
            f"({', '.join(p.name for p in self.data_files)}).",
            f"Next: fill them in, then run `labmetrics check {self.commitment} "
            f"{self.assessment}` and `labmetrics validate {self.data}`.",
        ])


def write_starter(folder: str | Path, city: CityPack | str | None = None) -> StarterFiles:
    """Write the commitment and assessment templates and the data templates into ``folder``.

    Parameters
    ----------
    folder
        A new or empty folder.
    city
        The city pack the commitment names (default ``config.DEFAULT_CITY``).

    Raises
    ------
    ConfigError
        When ``folder`` already holds files (nothing is overwritten) or the pack is unknown.
    """
    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError("this folder is not empty; init writes into a new or empty folder.",
                          file=out, fix="name a new folder, e.g. labmetrics init my-commitment.")
    pack = city_pack(city)
    values = {"city": pack_ref(pack), "city_name": pack.city_name("en")}
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in ("commitment", "assessment"):
        text = (TEMPLATES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        path = out / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        written[name] = path
    data = out / DATA_FOLDER
    data.mkdir()
    files = []
    for name in config.DATASETS:
        # Contacts stay out of the template: a column is added only when it is needed.
        header = [c.name for c in DATASETS[name].columns if not c.personal]
        path = data / f"{name}.csv"
        path.write_text(",".join(header) + "\n", encoding="utf-8")
        files.append(path)
    return StarterFiles(commitment=written["commitment"], assessment=written["assessment"],
                        data=data, data_files=tuple(files))
