"""Tests of what the sample says about itself (labmetrics.sample.notice): README and marker."""

from __future__ import annotations

import json

import pytest

from labmetrics import config
from labmetrics.sample import SampleSummary, write_sample

LABS = ("labprodam", "mobilab", "patio-digital")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> SampleSummary:
    return write_sample(tmp_path_factory.mktemp("sample"))


def test_readme_says_the_data_is_invented(written):
    readme = (written.out / "README.md").read_text(encoding="utf-8")
    assert "Estes dados são inventados" in readme
    assert "This data is invented" in readme
    assert "labmetrics sample --scale 1 --seed 2017 --format csv" in readme
    assert "| usage.csv | 10050 | 50 |" in readme


def test_the_marker_says_the_data_is_invented_and_the_bundled_sample_has_it(written):
    marker = json.loads((written.out / config.SAMPLE_MARKER).read_text(encoding="utf-8"))
    assert marker["kind"] == "labmetrics sample" and marker["invented"] is True
    assert (marker["scale"], marker["seed"], marker["format"]) == (1.0, 2017, "csv")
    assert marker["bad_rows"]["usage"] == 50
    bundled = config.SAMPLE_DIR / config.SAMPLE_MARKER
    assert bundled.read_bytes() == (written.out / config.SAMPLE_MARKER).read_bytes()
