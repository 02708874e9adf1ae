"""labmetrics init: the templates of a new commitment, valid as they stand."""

from __future__ import annotations

import json
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


def _lists(path: Path) -> dict[tuple[str, str], list[str]]:
    """The drop-down lists of a workbook: (sheet, cell range) to the values offered, read
    back from the cells each list refers to."""
    import openpyxl
    from openpyxl.utils import range_boundaries

    book = openpyxl.load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        for dv in sheet.data_validations.dataValidation:
            assert dv.type == "list"
            title, cells = dv.formula1.lstrip("=").rsplit("!", 1)
            source = book[title.strip("'").replace("''", "'")]
            col, first, _, last = range_boundaries(cells.replace("$", ""))
            values = [source.cell(row=r, column=col).value for r in range(first, last + 1)]
            out[(sheet.title, str(dv.sqref))] = [str(v) for v in values if v is not None]
    return out


def _headers(path: Path) -> dict[str, list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {s.title: [c.value for c in s[1]] for s in book.worksheets}


@pytest.mark.parametrize(("city", "lang"), [("sao-paulo", "pt-BR"), ("montevideo", "es"),
                                            ("sao-paulo", "en")])
def test_init_writes_a_workbook_that_validates_with_its_drop_down_lists(
        tmp_path: Path, city: str, lang: str) -> None:
    from labmetrics.geo import load_districts
    from labmetrics.i18n import t
    from labmetrics.read import header_aliases
    from labmetrics.read.headers import fold_header

    folder = tmp_path / "new"
    assert main(["init", str(folder), "--city", city, "--lang", lang]) == 0
    book = folder / "workbook" / "data.xlsx"
    assert [p.name for p in book.parent.iterdir()] == ["data.xlsx"]
    # As written, the workbook alone is a data folder that validates: a sheet per data set.
    assert main(["validate", str(book.parent), "--city", city]) == 0
    data = read_folder(book.parent, city=city)
    assert [a.read for a in data.accounting] == [0, 0, 0, 0]
    sheets = {n: t(f"starter.sheets.{n}", lang) for n in ("spaces", "groups", "usage",
                                                          "projects")}
    assert [i["sheet"] for i in data.manifest["inputs"]] == list(sheets.values())
    # Headers in the chosen language, each one read as its column; contacts left out.
    headers = _headers(book)
    assert next(iter(headers)) == t("starter.sheets.readme", lang)
    for name, sheet in sheets.items():
        read = [header_aliases(name)[fold_header(h)] for h in headers[sheet]]
        assert read == [c.name for c in DATASETS[name].columns if not c.personal]
    assert data.columns_read["groups"] == tuple(
        c.name for c in DATASETS["groups"].columns if not c.personal)
    # Drop-down lists hold the schema's codes, the pack's areas and yes/no in the language.
    lists = _lists(book)
    areas = load_districts(city)["district_name"].tolist()
    yes, no = t("starter.yes", lang), t("starter.no", lang)
    assert lists[(sheets["groups"], "C2:C5001")] == list(DATASETS["groups"].column("kind").codes)
    assert lists[(sheets["groups"], "F2:F5001")] == areas
    assert lists[(sheets["spaces"], "E2:E5001")] == areas
    assert lists[(sheets["spaces"], "D2:D5001")] == ["innovation_lab", "coworking", "fab_lab",
                                                     "hub"]
    assert lists[(sheets["usage"], "D2:D5001")] == list(DATASETS["usage"].column("format").codes)
    assert lists[(sheets["projects"], "G2:G5001")] == ["proposed", "active", "delivered",
                                                       "discontinued"]
    assert lists[(sheets["projects"], "J2:J5001")] == [yes, no]
    assert lists[(sheets["groups"], "P2:P5001")] == [yes, no]
    coded = {(name, c.name) for name in sheets for c in DATASETS[name].columns
             if (c.codes or c.kind == "bool" or c.name == "district") and not c.personal}
    references = {("usage", "space_id"), ("usage", "group_id")}
    assert len(lists) == len(coded) + len(references)


def test_a_filled_workbook_validates_row_by_row_and_builds(tmp_path: Path, capsys) -> None:
    import openpyxl

    from labmetrics.store import build

    folder = tmp_path / "new"
    write_starter(folder, city="montevideo", lang="es")
    path = folder / "workbook" / "data.xlsx"
    book = openpyxl.load_workbook(path)
    book["espacios"].append(["lab-1", "Laboratorio", "Intendencia", "innovation_lab",
                             "Cordón", None, None, 10, "coworking; event", "01/03/2020"])
    book["grupos"].append(["g-1", "Colectivo", "collective", "open_data", None, "Cordón",
                           None, None, None, "2020-04-01", None, "2020-05-01", "lab-1",
                           "active", None, "sí"])
    book["usos"].append(["2020-06-01", "lab-1", "g-1", "coworking", "3,5", 4])
    book["usos"].append(["2020-06-02", "lab-9", "g-1", "coworking", "2", 4])
    book.save(path)
    assert main(["validate", str(path.parent), "--city", "montevideo"]) == 0
    assert "data.xlsx (proyectos): the file has a header but no rows" in capsys.readouterr().out
    data = read_folder(path.parent, city="montevideo")
    assert data.groups["listing_opt_out"].tolist() == [True]
    assert data.usage["hours"].tolist() == [3.5]
    [bad] = data.quarantine.itertuples()
    assert (bad.file, bad.line, bad.column) == ("data.xlsx", 3, "space_id")
    build(path.parent, tmp_path / "processed", city="montevideo")
    manifest = json.loads((tmp_path / "processed" / "manifest.json").read_text("utf-8"))
    assert [(i["dataset"], i["sheet"], i["valid"]) for i in manifest["inputs"]] == [
        ("spaces", "espacios", 1), ("groups", "grupos", 1), ("usage", "usos", 1),
        ("projects", "proyectos", 0)]


def test_a_workbook_of_data_sets_names_the_sheet_it_lacks(tmp_path: Path) -> None:
    import openpyxl

    from labmetrics.errors import InputError

    write_starter(tmp_path / "new", lang="en")
    path = tmp_path / "new" / "workbook" / "data.xlsx"
    book = openpyxl.load_workbook(path)
    del book["usage"]
    book.save(path)
    with pytest.raises(InputError, match="no sheet for the data set 'usage'") as info:
        read_folder(path.parent)
    assert "one of usage, uso, usos" in info.value.fix and info.value.file == str(path)
