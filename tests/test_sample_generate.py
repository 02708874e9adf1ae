"""Tests of making and writing the sample (labmetrics.sample.generate): same seed, same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.sample import SampleSummary, write_sample
from labmetrics.sample.spec import known_specs, sample_spec

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


def test_the_bundled_sao0005_sample_is_what_its_spec_draws(written):
    # data/raw/sample is written by `labmetrics sample` from SAO0005-sample.yaml, byte for byte.
    assert _bytes(written.out) == _bytes(config.SAMPLE_DIR)


def test_every_bundled_spec_draws_its_bundled_folder(tmp_path):
    assert set(known_specs()) >= {"SAO0005", "MVD-EJEMPLO"}
    spec = sample_spec("MVD-EJEMPLO")
    summary = write_sample(tmp_path / "mvd", spec=spec)
    assert _bytes(summary.out) == _bytes(config.RAW_DIR / spec.folder)
    readme = (summary.out / "README.md").read_text(encoding="utf-8")
    assert "labmetrics sample --commitment MVD-EJEMPLO --scale 1 --seed 2017" in readme
