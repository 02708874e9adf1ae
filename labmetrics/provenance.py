"""Where an output came from: file digests, the git commit (and whether the working tree
differed from it), the versions of labmetrics and of the libraries that shape its numbers,
and the time. ``manifest.json`` (:mod:`labmetrics.store`) and the report footer
(:mod:`labmetrics.report.engine`) both take them from here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from labmetrics import config

_CHUNK = 1 << 20


@lru_cache(maxsize=1024)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    # Keyed on size and mtime so that a file rewritten in place is hashed again.
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 digest of the file at ``path``."""
    st = os.stat(path)
    return _digest(str(Path(path).resolve()), st.st_size, st.st_mtime_ns)


MANIFEST = "manifest.json"


@dataclass(frozen=True)
class InputFile:
    """One input of a report: where it is (as shown to readers), its sha256 and size (None
    when the digest comes from a build manifest rather than the file itself)."""

    path: str
    sha256: str
    bytes: int | None


def display_path(path: str | Path) -> str:
    """Return ``path`` as shown in a public page: relative to the project root when inside
    it, else only its name, so that a report never reveals a reader's home folder."""
    p = Path(path).resolve()
    try:
        return p.relative_to(config.ROOT).as_posix()
    except ValueError:
        return p.name


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and not any(part.startswith(".")
                                                           for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
    return files


def manifest_inputs(manifest: Path) -> list[InputFile]:
    """The raw files a build manifest (``labmetrics build``) records, with their sha256."""
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    inputs = record.get("inputs") if isinstance(record, dict) else None
    if not isinstance(inputs, list):
        return []
    source = record.get("source")
    out = []
    for item in inputs:
        if isinstance(item, dict) and item.get("file") and item.get("sha256"):
            where = Path(source) / item["file"] if source else Path(item["file"])
            shown = display_path(where) if where.is_absolute() else where.as_posix()
            out.append(InputFile(shown, str(item["sha256"]), None))
    return out


def describe_inputs(paths: Iterable[str | Path]) -> list[InputFile]:
    """Digest every input: files as given, folders as the (non-hidden) files inside them.

    A build manifest (``manifest.json``) also brings the raw files it records, with the
    digests taken when they were validated. Paths that do not exist are left out: an
    optional input (an OGP export, an assessment) that is absent was not used.
    """
    seen: set[str] = set()
    out: list[InputFile] = []
    for f in _expand(paths):
        entries = [InputFile(display_path(f), sha256_file(f), f.stat().st_size)]
        if f.name == MANIFEST:
            entries += manifest_inputs(f)
        for entry in entries:
            if entry.path not in seen:
                seen.add(entry.path)
                out.append(entry)
    return out


@dataclass(frozen=True)
class Commit:
    """The git commit an output was made from, and whether tracked files differed from it."""

    sha: str
    dirty: bool

    def __str__(self) -> str:
        return f"{self.sha}+changes" if self.dirty else self.sha


@lru_cache(maxsize=4)
def git_commit(root: Path = config.ROOT) -> Commit | None:
    """Return the commit of ``root`` with its dirty flag, or None when git or the
    repository is missing."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10,
                               check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return Commit(sha=head, dirty=bool(dirty))


# The libraries whose versions can change a published number or page.
LIBRARIES = ("pandas", "numpy", "pyarrow", "geopandas", "shapely", "networkx", "matplotlib")


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """The versions of Python, labmetrics and :data:`LIBRARIES` (those installed)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "labmetrics": config.VERSION}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def record() -> dict[str, object]:
    """The provenance keys of a manifest or a report's record: ``git_commit`` (with
    ``+changes`` when dirty), ``git_dirty`` and ``versions``."""
    commit = git_commit()
    return {"git_commit": str(commit) if commit else None,
            "git_dirty": commit.dirty if commit else None,
            "versions": versions()}


def now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)
