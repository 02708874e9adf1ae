"""Determinism: the same inputs give the same outputs, byte for byte.

Two builds of the bundled sample, one of them in a fresh interpreter with another hash seed,
write identical processed files; their manifests differ only in the time. Two renders of the
network report, in two processes, embed identical figures and write identical CSV files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from labmetrics import config, store
from labmetrics.dataset import MANIFEST

DATA_FILES = ("groups.parquet", "projects.parquet", "quarantine.csv", "spaces.parquet",
              "usage.parquet", "validation.json")
# The renders are shared by the module's tests: keep them on one xdist worker.
pytestmark = pytest.mark.xdist_group("determinism")
_IMAGE = re.compile(r'<img [^>]*src="(data:image/[^"]+)"')


def _build_in_a_fresh_interpreter(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed,
           "PYTHONPATH": os.pathsep.join(filter(None, (str(config.ROOT),
                                                        os.environ.get("PYTHONPATH"))))}
    done = subprocess.run([sys.executable, "-m", "labmetrics.cli", "build",
                           str(config.SAMPLE_DIR), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_two_builds_of_the_sample_are_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    store.build(config.SAMPLE_DIR, first)
    _build_in_a_fresh_interpreter(second, seed="4242")
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    for name in DATA_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    one = json.loads((first / MANIFEST).read_text(encoding="utf-8"))
    two = json.loads((second / MANIFEST).read_text(encoding="utf-8"))
    assert one.pop("created_utc") and two.pop("created_utc")
    assert one == two


@pytest.fixture(scope="module")
def two_renders(tmp_path_factory) -> tuple[Path, Path]:
    """The network report rendered twice from one processed folder, in two processes."""
    from labmetrics.report import jobs

    root = tmp_path_factory.mktemp("determinism")
    processed = root / "processed"
    store.build(config.SAMPLE_DIR, processed)
    outs = (root / "first", root / "second")
    rendered = [jobs.network_job(data_path=processed, period=jobs.NETWORK_PERIOD,
                                 lang="pt-BR", out_dir=out) for out in outs]
    outcomes = jobs.run_jobs(rendered, n_jobs=2)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return outs


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


@pytest.mark.e2e
def test_two_renders_embed_identical_figures(two_renders):
    first, second = two_renders
    [page_one], [page_two] = _pages(first), _pages(second)
    assert page_one.name == page_two.name
    figures_one = _IMAGE.findall(page_one.read_text(encoding="utf-8"))
    figures_two = _IMAGE.findall(page_two.read_text(encoding="utf-8"))
    assert len(figures_one) >= 3
    assert len(set(figures_one)) == len(figures_one)  # distinct charts, not one repeated
    assert figures_one == figures_two


@pytest.mark.e2e
def test_two_renders_write_identical_data_files(two_renders):
    first, second = two_renders
    files_one = sorted(p.relative_to(first) for p in first.rglob("*.csv"))
    files_two = sorted(p.relative_to(second) for p in second.rglob("*.csv"))
    assert files_one and files_one == files_two
    for name in files_one:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
