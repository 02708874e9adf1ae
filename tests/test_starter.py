"""labmetrics init: the templates of a new commitment, valid as they stand."""

from __future__ import annotations

from pathlib import Path

import pytest

from labmetrics.cli import main
from labmetrics.commitment import read_pair
from labmetrics.dataset import read_folder
from labmetrics.errors import ConfigError
from labmetrics.schema import DATASETS
from labmetrics.starter import write_starter


@pytest.mark.parametrize("city", ["sao-paulo", "montevideo"])
def test_init_writes_files_that_check_and_validate_as_they_stand(tmp_path: Path, city: str,
                                                                 capsys) -> None:
    folder = tmp_path / "new"
    assert main(["init", str(folder), "--city", city]) == 0
    assert "labmetrics check" in capsys.readouterr().out
    commitment, assessment = read_pair(folder / "commitment.yaml", folder / "assessment.yaml")
    assert commitment.id == assessment.commitment_id == "NEW0001"
    assert commitment.city == city
    # The template shows a per-month, per-lab condition.
    assert any(c.per == "month" and c.each == "labs"
               for m in commitment.milestones for cs in m.rules.values() for c in cs)
    assert main(["check", str(folder / "commitment.yaml"), str(folder / "assessment.yaml")]) == 0
    assert main(["validate", str(folder / "data"), "--city", city]) == 0
    data = read_folder(folder / "data", city=city)
    assert [a.read for a in data.accounting] == [0, 0, 0, 0]
    header = (folder / "data" / "groups.csv").read_text(encoding="utf-8").strip().split(",")
    assert "contact_email" not in header
    assert set(header) >= {c.name for c in DATASETS["groups"].columns if c.required}


def test_init_never_overwrites(tmp_path: Path) -> None:
    write_starter(tmp_path / "a")
    with pytest.raises(ConfigError, match="not empty"):
        write_starter(tmp_path / "a")
    assert main(["init", str(tmp_path / "a")]) == 2
