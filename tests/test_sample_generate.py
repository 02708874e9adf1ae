"""Tests of making and writing the sample (labmetrics.sample.generate): same seed, same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from labmetrics.errors import ConfigError
from labmetrics.sample import SampleSummary, write_sample

LABS = ("labprodam", "mobilab", "patio-digital")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> SampleSummary:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_scale_and_seed_give_identical_files(written, tmp_path):
    again = write_sample(tmp_path / "again")
    assert _bytes(again.out) == _bytes(written.out)


def test_another_seed_gives_other_data(written, tmp_path):
    other = _bytes(write_sample(tmp_path / "other", seed=1).out)
    first = _bytes(written.out)
    for name in ("groups.csv", "usage.csv", "projects.csv"):
        assert other[name] != first[name]


def test_describe_lists_rows_and_bad_rows(written):
    text = written.describe()
    assert "scale 1, seed 2017, csv" in text
    assert "10,050 rows (50 bad on purpose)" in text
    assert "spaces.csv" in text


def test_a_folder_never_holds_two_formats_of_one_data_set(tmp_path):
    write_sample(tmp_path, scale=0.1)
    with pytest.raises(ConfigError, match="another format"):
        write_sample(tmp_path, scale=0.1, fmt="parquet")
