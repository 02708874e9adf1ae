"""Tests of the sample specs (labmetrics.sample.spec): a commitment's invented world as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from labmetrics import config
from labmetrics.commitment import find_commitment_files
from labmetrics.errors import ConfigError
from labmetrics.sample import generate_sample
from labmetrics.sample.spec import read_spec, sample_spec, spec_path

SAO = spec_path("SAO0005")


def test_the_bundled_specs_name_their_commitment_city_and_folder() -> None:
    sao, mvd = sample_spec("SAO0005"), sample_spec("MVD-EJEMPLO")
    assert (sao.commitment, sao.city, sao.folder) == ("SAO0005", "sao-paulo", "sample")
    assert (mvd.commitment, mvd.city, mvd.folder) == ("MVD-EJEMPLO", "montevideo",
                                                      "sample-MVD-EJEMPLO")
    assert [s.space_id for s in sao.spaces][:3] == ["labprodam", "mobilab", "patio-digital"]
    assert sample_spec(SAO) is sample_spec(str(SAO))  # read once


def test_a_spec_written_by_yaml_alone_draws_another_city(tmp_path: Path) -> None:
    text = spec_path("MVD-EJEMPLO").read_text(encoding="utf-8")
    text = text.replace("rows: {groups: 220, usage: 7000, projects: 30}",
                        "rows: {groups: 40, usage: 500, projects: 6}")
    spec_file = tmp_path / "MINE-sample.yaml"
    spec_file.write_text(text, encoding="utf-8")
    tables = generate_sample(1.0, 3, spec_file)
    assert tables.rows == {"spaces": 5, "groups": 40, "usage": 500, "projects": 6}
    assert set(tables.spaces["district"]) == {"Cordon", "Cerro", "Piedras Blancas",
                                              "Ciudad Vieja", "Malvin Norte"}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SAO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken-sample.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key"), [
    ("    formats: {event: 0.4, open_challenge: 0.25, training: 0.35}",
     "    formats: {event: 0.4, hackathon: 0.25, training: 0.35}", "spaces[0].formats.hackathon"),
    ("  pull_km: 10.0", "  pull_km: far", "areas.pull_km"),
    ("  until_open: {Equipe Pátio Digital: patio-digital}",
     "  until_open: {Equipe Pátio Digital: patio}", "mapping.until_open.Equipe Pátio Digital"),
    ("season: [0.5, 0.85, 1, 1, 1, 1, 0.75, 1, 1, 1, 1, 0.7]", "season: [1, 1]", "season"),
    ("  inactive: 0.15\n", "  inactive: 0.15\n  colour: blue\n", "groups.colour"),
])
def test_a_wrong_spec_is_refused_with_its_line_key_and_fix(tmp_path, old, new, key) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        read_spec(path)
    error = info.value
    assert error.file == str(path) and error.line is not None and error.fix
    assert key in error.message
    line = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert key.split(".")[-1].split("[")[0] in line


def test_an_unknown_commitment_has_no_spec() -> None:
    with pytest.raises(ConfigError, match="no sample spec") as info:
        sample_spec("XYZ0001")
    assert "SAO0005" in (info.value.fix or "")


def test_specs_are_not_commitments_in_the_list_of_known_commitments() -> None:
    with pytest.raises(ConfigError) as info:
        find_commitment_files("XYZ0001", config.COMMITMENTS_DIR)
    assert "SAO0005-sample" not in (info.value.fix or "")
    assert "MVD-EJEMPLO" in (info.value.fix or "")
