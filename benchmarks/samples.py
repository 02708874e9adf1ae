"""The sample at each benchmark scale, generated once and cached under ``benchmarks/.data``.

A scale's folder holds ``raw/`` (what ``labmetrics sample`` writes), ``processed/`` (what the
build writes), ``floor/`` (the I/O floor's Parquet) and ``reports/``. ``key.json`` records the
scale, seed, labmetrics version and a hash of the sample generator: a rerun with the same key
reuses the files, any change regenerates them and drops what was built from the old ones.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import DATA_ROOT

KEY_FILE = "key.json"


@dataclass(frozen=True)
class SampleFolder:
    """Where one scale's sample and its outputs live."""

    scale: float
    seed: int
    root: Path

    @property
    def raw(self) -> Path:
        """The sample as written by ``labmetrics sample`` (CSV)."""
        return self.root / "raw"

    @property
    def processed(self) -> Path:
        """The build's output."""
        return self.root / "processed"

    @property
    def floor(self) -> Path:
        """The I/O floor's Parquet files."""
        return self.root / "floor"

    @property
    def reports(self) -> Path:
        """The rendered reports."""
        return self.root / "reports"

    def paths(self) -> dict[str, str]:
        """The folder's paths as strings, for a child process's arguments."""
        return {
            "scale": str(self.scale), "seed": str(self.seed), "root": str(self.root),
            "raw": str(self.raw), "processed": str(self.processed),
            "floor": str(self.floor), "reports": str(self.reports),
        }

    @classmethod
    def from_paths(cls, paths: dict[str, str]) -> SampleFolder:
        """Inverse of :meth:`paths`."""
        return cls(float(paths["scale"]), int(paths["seed"]), Path(paths["root"]))


@dataclass(frozen=True)
class SampleKey:
    """What a cached sample was generated from."""

    scale: float
    seed: int
    version: str
    generator: str


def scale_label(scale: float) -> str:
    """``1.0`` -> ``"1"``, ``0.05`` -> ``"0.05"``: the scale as people write it."""
    return f"{scale:g}"


def sample_key(scale: float, seed: int) -> SampleKey:
    """The key of the sample labmetrics would generate now at ``scale`` and ``seed``."""
    import labmetrics
    import labmetrics.sample as sample_module
    from labmetrics import config
    from labmetrics.sample.spec import spec_path

    digest = hashlib.sha256()
    # The modules of the sample package and the default commitment's spec decide the bytes
    # written; hash them all.
    for path in sorted(Path(sample_module.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    spec = spec_path(config.DEFAULT_COMMITMENT)
    if spec.is_file():
        digest.update(spec.read_bytes())
    # So does the spec the benchmarks draw (SAO0005's).
    from labmetrics.sample.spec import spec_path

    digest.update(spec_path(labmetrics.config.DEFAULT_COMMITMENT).read_bytes())
    return SampleKey(float(scale), int(seed), labmetrics.__version__, digest.hexdigest()[:16])


def read_key(folder: SampleFolder) -> SampleKey | None:
    """The key recorded in ``folder``, or None when there is none or it is unreadable."""
    try:
        return SampleKey(**json.loads((folder.root / KEY_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def ensure_sample(scale: float, seed: int, root: Path = DATA_ROOT) -> tuple[SampleFolder, bool]:
    """Return the folder holding the sample at ``scale``, generating it when not cached.

    Returns
    -------
    tuple[SampleFolder, bool]
        The folder, and whether the sample was (re)generated.
    """
    from labmetrics.sample import write_sample

    folder = SampleFolder(float(scale), int(seed), Path(root) / f"scale-{scale_label(scale)}")
    key = sample_key(scale, seed)
    if read_key(folder) == key and folder.raw.is_dir():
        return folder, False
    # Everything below the folder was made from the old sample (or a half-written one).
    if folder.root.exists():
        shutil.rmtree(folder.root)
    folder.root.mkdir(parents=True)
    write_sample(folder.raw, scale=float(scale), seed=int(seed), fmt="csv")
    (folder.root / KEY_FILE).write_text(json.dumps(asdict(key), indent=2), encoding="utf-8")
    return folder, True


def data_files(folder: Path) -> list[Path]:
    """The CSV data files of a raw sample folder, by name."""
    return sorted(p for p in Path(folder).glob("*.csv") if p.is_file())
