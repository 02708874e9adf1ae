"""The open data of a report: a Frictionless Data Package describing its CSV files."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from labmetrics.report import opendata

# Data Package v1: names are lowercase alphanumerics with . _ - (and / for resources).
NAME = re.compile(r"^[-a-z0-9._/]+$")
TABLE_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date",
                      "time", "datetime", "year", "yearmonth", "duration", "geopoint",
                      "geojson", "any"}

GROWTH = ("quarter,groups,share,joined_on,active,label\r\n"
          "2017Q1,3,0.25,2017-01-15,true,LabProdam\r\n"
          "2017Q2,5,1e-1,2017-04-02,false,\r\n"
          "2017Q3,,0.5,,TRUE,MobiLab\r\n")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "network-all-spaces-2016-01-01_2018-12-31.pt-BR.data"
    folder.mkdir()
    (folder / "growth.csv").write_bytes(GROWTH.encode("utf-8"))
    (folder / "Espaços Ativos.csv").write_text("space_id,hours\r\nlab,-2.5\r\n",
                                               encoding="utf-8")
    (folder / "notes.txt").write_text("not a table", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("values", "expected"), [
    (["1", "-2", "+30", ""], "integer"),
    (["1", "2.5", "-3e2", ".5"], "number"),
    (["true", "False", "TRUE"], "boolean"),
    (["2017-01-01", "2018-12-31", ""], "date"),
    (["2017-02-30"], "string"),  # looks like a date, is not one
    (["2017-01-01T10:30:00Z", "2017-01-02 08:00"], "datetime"),
    (["1", "x"], "string"),
    (["", ""], "string"),
    (["2017Q1"], "string"),
    (["1", "2", "x"], "string"),  # the first values fit, a later one does not
    (["", "2017-01-01", "2017-13-01"], "string"),
    (["١٢", "7"], "integer"),  # Python's \d takes every Unicode digit
])
@pytest.mark.parametrize("small", [opendata.SMALL_COLUMN, 0])
def test_field_types_are_inferred_from_the_text(values: list[str], expected: str, small: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Small columns are matched in Python, large ones through pandas: the same types.
    monkeypatch.setattr(opendata, "SMALL_COLUMN", small)
    assert opendata.infer_field_type(pd.Series(values, dtype="string")) == expected
    assert opendata.infer_field_type(pd.Series(values, dtype=str)) == expected


def test_descriptor_follows_the_tabular_data_package_spec(data_dir: Path) -> None:
    path = opendata.write_datapackage(
        data_dir, name="network-all-spaces-2016-01-01_2018-12-31.pt-BR", title="Dados",
        description="Tabelas", sources=[{"title": "data/processed/manifest.json"}],
        created="2024-05-01T12:00:00Z")
    assert path == data_dir / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "network-all-spaces-2016-01-01_2018-12-31.pt-br"
    assert NAME.match(package["name"])
    assert package["title"] == "Dados" and package["description"] == "Tabelas"
    assert package["licenses"] == [{
        "name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert package["sources"] == [{"title": "data/processed/manifest.json"}]
    assert datetime.fromisoformat(package["created"]).year == 2024
    assert [r["path"] for r in package["resources"]] == ["Espaços Ativos.csv", "growth.csv"]

    names = [r["name"] for r in package["resources"]]
    assert names == ["espa-os-ativos", "growth"]
    assert len(set(names)) == len(names) and all(NAME.match(n) for n in names)
    for resource in package["resources"]:
        file = data_dir / resource["path"]
        assert resource["profile"] == "tabular-data-resource"
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        assert resource["bytes"] == len(file.read_bytes())
        assert resource["hash"] == "sha256:" + hashlib.sha256(file.read_bytes()).hexdigest()
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == file.read_text(encoding="utf-8").splitlines()[0] \
            .split(",")
        assert {f["type"] for f in fields} <= TABLE_SCHEMA_TYPES

    growth = package["resources"][1]["schema"]["fields"]
    assert [(f["name"], f["type"]) for f in growth] == [
        ("quarter", "string"), ("groups", "integer"), ("share", "number"),
        ("joined_on", "date"), ("active", "boolean"), ("label", "string")]
    spaces = package["resources"][0]["schema"]["fields"]
    assert [f["type"] for f in spaces] == ["string", "number"]


def test_descriptor_is_rewritten_whole(data_dir: Path) -> None:
    opendata.write_datapackage(data_dir, name="a", title="A")
    (data_dir / "growth.csv").unlink()
    opendata.write_datapackage(data_dir, name="a", title="A")
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ["espa-os-ativos"]
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "Espaços Ativos.csv", "datapackage.json", "notes.txt"]


def test_no_csv_no_package(tmp_path: Path) -> None:
    assert opendata.write_datapackage(tmp_path, name="empty", title="Empty") is None
    assert list(tmp_path.iterdir()) == []


def test_names_become_valid_slugs() -> None:
    assert opendata.slug("Progress SAO0005/2017 pt-BR") == "progress-sao0005-2017-pt-br"
    assert opendata.slug("***") == "data"


def test_identical_files_are_read_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    (data_dir / "growth-copy.csv").write_bytes(GROWTH.encode("utf-8"))
    read: list[str] = []
    fields = opendata._fields
    monkeypatch.setattr(opendata, "_fields", lambda path: read.append(path.name)
                        or fields(path))
    package = opendata.build_descriptor(data_dir, name="a", title="A")
    assert read == ["Espaços Ativos.csv", "growth-copy.csv"]
    copy, growth = package["resources"][1:]
    assert (copy["name"], growth["name"]) == ("growth-copy", "growth")
    assert copy["schema"] == growth["schema"] and copy["hash"] == growth["hash"]
    assert [f["type"] for f in growth["schema"]["fields"]] == [
        "string", "integer", "number", "date", "boolean", "string"]


def test_every_reader_types_a_file_as_pandas_types_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Small files are read with the csv module, large ones with pyarrow (pandas when pyarrow
    # cannot): the same fields for what publish writes (quoted separators and line breaks,
    # accents, empty cells, a short row, a blank line) and for a header without rows.
    from labmetrics.publish import write_csv

    frame = pd.DataFrame({
        "espaço": ["Pátio Digital", "MobiLab, SMT", "Lab\r\nnovo", ""],
        "horas": ["1", "2.5", "", "4"],
        "dia": ["2017-01-01", "", "2017-12-31", "2018-02-01"],
        "ativo": ["true", "false", "", "TRUE"]})
    tables = {"written": frame, "header": frame.iloc[0:0]}
    for name, table in tables.items():
        write_csv(table, tmp_path / f"{name}.csv")
    (tmp_path / "short.csv").write_text("a,b,c\r\n1,2\r\n\r\n3,4,2017-01-01\r\n",
                                        encoding="utf-8")
    by_csv = {p.name: opendata._fields(p) for p in sorted(tmp_path.glob("*.csv"))}
    monkeypatch.setattr(opendata, "SMALL_FILE", -1)
    by_pyarrow = {p.name: opendata._fields(p) for p in sorted(tmp_path.glob("*.csv"))}
    monkeypatch.setattr(opendata, "_large_table", lambda path: None)
    by_pandas = {p.name: opendata._fields(p) for p in sorted(tmp_path.glob("*.csv"))}
    assert by_csv == by_pandas
    # pyarrow reads the regular files; a short row is left to pandas, with the same fields.
    assert by_pyarrow == by_pandas
    assert [f["type"] for f in by_csv["written.csv"]] == ["string", "number", "date",
                                                          "boolean"]
    assert [f["type"] for f in by_csv["short.csv"]] == ["integer", "integer", "date"]


def _wait_until(condition, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the typing thread never got there"
        time.sleep(0.01)


def test_files_typed_while_written_give_the_same_package(data_dir: Path) -> None:
    # While a notebook writes the folder: a file typed, then rewritten with other rows; a
    # file read while half written; a file that is not UTF-8 (left to the final pass). The
    # package is the one made from the final files alone.
    typing = opendata.TypingAhead(data_dir, interval=0.01)
    _wait_until(lambda: len(typing._known) == 2)
    (data_dir / "growth.csv").write_text("quarter,groups\r\n2017Q1,x\r\n", encoding="utf-8")
    half = data_dir / "hours.csv"
    half.write_text("space_id,hours\r\nlab,1", encoding="utf-8")
    _wait_until(lambda: any(name == "hours.csv" for name, _, _ in typing._seen))
    half.write_text("space_id,hours\r\nlab,1.5\r\nmob,x\r\n", encoding="utf-8")
    (data_dir / "latin1.csv").write_bytes("espaço\r\nPátio\r\n".encode("latin-1"))
    _wait_until(lambda: any(name == "latin1.csv" for name, _, _ in typing._seen))
    (data_dir / "later.csv").write_text("n\r\n7\r\n", encoding="utf-8")
    _wait_until(lambda: any(name == "later.csv" for name, _, _ in typing._seen))
    known = typing.stop()
    assert not typing._thread.is_alive()
    (data_dir / "latin1.csv").unlink()
    ahead = opendata.build_descriptor(data_dir, name="a", title="A", created="T",
                                      known=known)
    after = opendata.build_descriptor(data_dir, name="a", title="A", created="T")
    assert ahead == after
    types = {r["name"]: [f["type"] for f in r["schema"]["fields"]] for r in after["resources"]}
    assert types["growth"] == ["string", "string"] and types["hours"] == ["string", "string"]


def test_typing_ahead_waits_for_a_folder_not_yet_made(tmp_path: Path) -> None:
    folder = tmp_path / "report.data"
    typing = opendata.TypingAhead(folder, interval=0.01)
    folder.mkdir()
    (folder / "a.csv").write_text("n\r\n1\r\n", encoding="utf-8")
    _wait_until(lambda: len(typing._known) == 1)
    assert list(typing.stop().values()) == [[{"name": "n", "type": "integer"}]]
