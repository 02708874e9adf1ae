"""Every public table goes through labmetrics.publish: what is written reads back unchanged.

The awkward characters are those that broke CSV files before: carriage returns, line feeds
and CRLF inside a cell, quotes, delimiters, NUL, text a spreadsheet runs as a formula,
emoji and right-to-left text. Each public path writes them and its file is read back.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY, write_folder
from evidence_city import END, START, city, sao0005
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labmetrics import evidence, publish, store
from labmetrics.dataset import read_processed
from labmetrics.schema import DATASETS, QUARANTINE_COLUMNS

AWKWARD = ("\r", "\n", "\r\n", '"', "'", ",", ";", "|", "\t", "\x00", "=", "+", "-", "@",
           "😀", "👩🏽‍💻", "שלום", "مرحبا", "\u202e", "\u200f", " ", "a", "Ç", "\\")
# Text made of awkward pieces, never empty (an empty cell reads back as missing).
awkward_text = st.lists(st.sampled_from(AWKWARD), min_size=1, max_size=6).map("".join)
# Every awkward piece at the start, alone, and between letters: the fixed corpus.
CORPUS = tuple(dict.fromkeys([*AWKWARD, *(f"x{c}y" for c in AWKWARD),
                              *(f"{c}SUM(A1){c}" for c in AWKWARD), "\r\n\r\n", '""', "'''=1"]))
PERSONAL = DATASETS["groups"].personal


def _read_back(path: Path) -> pd.DataFrame:
    return publish.read_csv(path)


@settings(max_examples=200, deadline=None)
@given(st.lists(awkward_text, min_size=1, max_size=12), awkward_text)
def test_write_csv_gives_back_every_awkward_cell_and_column_name(cells: list[str],
                                                                 column: str) -> None:
    import tempfile

    frame = pd.DataFrame({column: cells, "n": range(len(cells))})
    with tempfile.TemporaryDirectory() as tmp:
        written = publish.write_csv(frame, Path(tmp) / "t.csv")
        back = _read_back(written.path)
        assert written.rows == len(cells)
        assert written.sha256 == publish.sha256_file(written.path)
        assert not list(Path(tmp).glob("*.part"))
    assert back.columns.tolist() == [column, "n"]
    assert back[column].tolist() == cells
    assert back["n"].tolist() == [str(i) for i in range(len(cells))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(awkward_text.filter(lambda t: "; " not in t), max_size=3),
                min_size=1, max_size=6))
def test_multi_valued_cells_are_joined_one_way(values: list[list[str]]) -> None:
    frame = publish.public_frame(pd.DataFrame({"themes": values}))
    expected = [publish.SEPARATOR.join(v) for v in values]
    assert publish.restore_formulas(frame)["themes"].tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(awkward_text, min_size=1, max_size=8), st.data())
def test_a_column_is_published_as_its_cells_one_by_one(cells: list[str], data) -> None:
    # Columns of text and of lists are guarded and joined as a whole: the cells come out
    # as the rule for one cell gives them, whatever the column's type, missing ones too.
    n = len(cells)
    missing = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    texts = [None if gone else c for c, gone in zip(cells, missing, strict=True)]
    lists = [[c, "=x"] if gone else [c] for c, gone in zip(cells, missing, strict=True)]
    frame = pd.DataFrame({
        "string": pd.Series(texts, dtype="string"), "str": pd.Series(texts, dtype="str"),
        "object": pd.Series(texts, dtype=object),
        "mixed": pd.Series([*texts[:-1], 1.5], dtype=object),
        "lists": pd.Series(lists, dtype=object),
        "empty_lists": pd.Series([[] for _ in cells], dtype=object),
        "tuples": pd.Series([tuple(v) for v in lists], dtype=object),
        "numbers": pd.Series([[i, "a"] for i in range(n)], dtype=object),
    })
    out = publish.public_frame(frame)

    def one_by_one(value: object) -> object:
        if not isinstance(value, list | tuple) and pd.isna(value):
            return value
        return publish._guard(publish._joined(value))

    for column in frame.columns:
        expected = [one_by_one(v) for v in frame[column]]
        got = out[column].tolist()
        assert [None if pd.isna(v) else v for v in got] == [
            None if pd.isna(v) else v for v in expected], column
    back = publish.restore_formulas(out)
    assert [None if pd.isna(v) else v for v in back["string"]] == texts
    assert [None if pd.isna(v) else v for v in back["object"]] == texts


def test_public_frame_drops_personal_columns_and_neutralises_formulas() -> None:
    frame = pd.DataFrame({"name": ["+cmd", "ok", None, "\tx"], "contact_email": ["a@b"] * 4,
                          "hours": [-1.0, 2.0, 3.0, 4.0], "themes": [["a", "b"], [], ["=c"], []]})
    out = publish.public_frame(frame)
    assert list(out.columns) == ["name", "hours", "themes"]
    assert out["name"].tolist()[:2] == ["'+cmd", "ok"] and pd.isna(out["name"][2])
    assert out["name"][3] == "'\tx"
    assert out["hours"].tolist() == [-1.0, 2.0, 3.0, 4.0]  # numbers are not text
    assert out["themes"].tolist() == ["a; b", "", "'=c", ""]
    assert set(PERSONAL) <= publish.PERSONAL_COLUMNS


def test_a_failed_write_leaves_no_part_file_and_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    publish.write_csv(pd.DataFrame({"a": ["old"]}), path)

    class Boom:
        def __str__(self) -> str:
            raise RuntimeError("cannot be written")

    with pytest.raises(RuntimeError):
        publish.write_csv(pd.DataFrame({"a": [Boom()]}), path)
    assert _read_back(path)["a"].tolist() == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


# ---------------------------------------------------------------------------- public paths

def _quarantine(values: tuple[str, ...]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({
        "dataset": pd.Series(["projects"] * n, dtype="string"),
        "file": pd.Series(["projects.csv"] * n, dtype="string"),
        "line": pd.Series(range(2, n + 2), dtype="Int64"),
        "column": pd.Series(["title"] * n, dtype="string"),
        "value": pd.Series(values, dtype="string"),
        "reason": pd.Series(values, dtype="string"),
        "rule": pd.Series(["wrong_type"] * n, dtype="string"),
    })[list(QUARANTINE_COLUMNS)]


@pytest.fixture(scope="module")
def awkward_city():
    data = city()
    groups = data.groups.copy()
    names = [CORPUS[i % len(CORPUS)] for i in range(len(groups))]
    groups["name"] = pd.Series(names, index=groups.index, dtype="string")
    return dataclasses.replace(data, groups=groups, quarantine=_quarantine(CORPUS))


def test_the_processed_quarantine_reads_back_unchanged(awkward_city, tmp_path: Path) -> None:
    store.write_processed(awkward_city, tmp_path / "processed")
    csv = _read_back(tmp_path / "processed" / "quarantine.csv")
    assert csv["value"].tolist() == list(CORPUS) and csv["reason"].tolist() == list(CORPUS)
    assert csv["line"].tolist() == [str(i) for i in range(2, len(CORPUS) + 2)]
    back = read_processed(tmp_path / "processed")
    pd.testing.assert_frame_equal(back.quarantine, awkward_city.quarantine)
    assert back.groups["name"].tolist() == awkward_city.groups["name"].tolist()


def test_evidence_csv_reads_back_unchanged(awkward_city, tmp_path: Path) -> None:
    result = evidence.assess(awkward_city, sao0005(), START, END)
    paths = {p.stem: p for p in evidence.write_evidence_csv(result, tmp_path)}
    back = _read_back(paths["m1-groups_mapped"])
    rows = result.indicators["groups_mapped"].rows
    assert len(back) == len(rows)
    assert back["name"].tolist() == rows["name"].astype(str).tolist()
    assert not set(PERSONAL) & set(back.columns)


def test_the_command_line_quarantine_reads_back_unchanged(tmp_path: Path) -> None:
    from labmetrics.cli import main
    from labmetrics.dataset import read_folder

    folder = write_folder(tmp_path / "raw", TINY)
    # Every awkward text as a number of participants: each row goes to the quarantine.
    usage = pd.DataFrame({"date": "2017-06-01", "space_id": "LAB", "group_id": "G1",
                          "format": "event", "hours": "2", "participants": list(CORPUS)})
    usage.to_csv(folder / "usage.csv", index=False, lineterminator="\r\n")
    assert main(["validate", str(folder), "--quarantine", str(tmp_path / "q.csv")]) == 0
    expected = store.public_quarantine(read_folder(folder).quarantine)
    back = _read_back(tmp_path / "q.csv")
    assert back["value"].tolist() == expected["value"].fillna("").tolist()
    # The reader turns line breaks inside a cell into "\n"; the rest is kept as typed.
    assert {"x\ny", '"', "x\ty", "x\u202ey", "x😀y", "=SUM(A1)="} <= set(back["value"])


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(awkward_text, min_size=1, max_size=8))
def test_the_processed_quarantine_round_trips_any_awkward_text(tmp_path_factory,
                                                               values: list[str]) -> None:
    from labmetrics.dataset import LabData

    data = dataclasses.replace(LabData.from_frames(), quarantine=_quarantine(tuple(values)))
    out = tmp_path_factory.mktemp("processed")
    store.write_processed(data, out)
    assert _read_back(out / "quarantine.csv")["value"].tolist() == values
    assert read_processed(out).quarantine["value"].tolist() == values


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_formulas_are_guarded_and_restored_as_cell_by_cell_whatever_cells_start_with(
        dtype: str | type) -> None:
    # The columns change only where a cell starts with a character a formula starts with:
    # without one, with one only in the last cell, and with every piece of the corpus.
    for cells in (["plain", "x=1", "a+b"], ["plain", "x=1", "=SUM(A1)"], list(CORPUS)):
        frame = pd.DataFrame({"t": pd.Series(cells, dtype=dtype)})
        guarded = publish.spreadsheet_safe(frame)["t"].tolist()
        assert guarded == [publish._guard(c) for c in cells]
        assert publish.restore_formulas(pd.DataFrame({"t": pd.Series(
            guarded, dtype=dtype)}))["t"].tolist() == cells
