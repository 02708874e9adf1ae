"""Properties of reading and validation, on tables hypothesis makes up.

Each generated table mixes valid and invalid cells in every column of a data set and is
written as CSV in a random encoding, separator and line end. Whatever the cells:

- reading and validating raise nothing but labmetrics' own errors;
- every row read is either valid or quarantined (read = valid + quarantined), and the
  quarantine points at lines the file has;
- validating the valid output again, written as CSV or Parquet, gives the same frame and
  quarantines nothing.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labmetrics import read, validate
from labmetrics.errors import LabmetricsError
from labmetrics.schema import DATASETS, TRUE_VALUES, VALUE_ALIASES, Column

# Validating even a small table costs a tenth of a second: 50 tables per property keeps
# the file within half a minute.
SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# Characters every encoding below can write: accents, Windows-1252 punctuation, the CSV
# separators and quotes, formula and markup starters, and line breaks inside values.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
            "áéíóúâêôãõçÁÉÓÇ–“”€;,\t|\"'=+-@<>/&.:\n")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")
SEPARATORS = (";", ",", "\t")
IDS = ("LAB", "MOB", "PAT", "G1", "G2", "G3", "P1", "P2")
DISTRICTS = ("Sé", "Butantã", "SAO MIGUEL", "Cangaiba", "12", "Pinheiros", "Jd. Ângela")
LICENCES = ("MIT", "mit", "GPL-3.0-or-later", "Apache-2.0", "CC-BY-4.0", "MIT OR Apache-2.0")

junk = st.text(alphabet=ALPHABET, max_size=12)


def _valid_cells(col: Column) -> st.SearchStrategy[str]:
    """Cells that a person could type validly in ``col``."""
    if col.kind == "id":
        return st.sampled_from(IDS)
    if col.kind == "ids":
        return st.lists(st.sampled_from(IDS), max_size=3).map("|".join)
    if col.kind in ("code", "codes"):
        if not col.codes:  # free-text themes
            return st.lists(st.sampled_from(("saúde", "cultura", "educação")), max_size=3
                            ).map(";".join)
        spellings = [*col.codes, *(k for k, v in VALUE_ALIASES.items() if v in col.codes)]
        one = st.sampled_from(spellings)
        return one if col.kind == "code" else st.lists(one, max_size=3).map(";".join)
    if col.kind == "date":
        day = st.dates(date(2000, 1, 1), date(2018, 12, 31))
        return st.one_of(day.map(date.isoformat), day.map(lambda d: d.strftime("%d/%m/%Y")))
    if col.kind in ("float", "int"):
        top = col.maximum if col.maximum is not None else 1000
        if col.name == "latitude":
            return st.floats(-23.60, -23.50).map(lambda v: f"{v:.5f}".replace(".", ","))
        if col.name == "longitude":
            return st.floats(-46.70, -46.55).map(lambda v: f"{v:.5f}")
        if col.kind == "int":
            return st.integers(0, int(top)).map(str)
        return st.floats(0, top).map(lambda v: f"{v:.2f}".replace(".", ","))
    if col.kind == "bool":
        return st.sampled_from((*TRUE_VALUES, "não", "false", "Sim"))
    if col.kind == "spdx":
        return st.sampled_from(LICENCES)
    if col.name == "district":
        return st.sampled_from(DISTRICTS)
    return junk  # names, hosts, urls, contacts: any text is a valid value


def _invalid_cells(col: Column) -> st.SearchStrategy[str]:
    """Cells that are wrong for ``col`` (or merely unusual), mixed with junk."""
    wrong = {
        "date": st.sampled_from(("31/02/2017", "2017-13-01", "01/01/2031", "ontem", "1999-12-31",
                                 "0000-01-01", "99/99/99")),
        "float": st.sampled_from(("-1", "1e9", "inf", "abc", "1,2,3", "NaN", "-0,5")),
        "int": st.sampled_from(("-3", "2.5", "1e30", "muitos", "1.500", "99999999999999999999")),
        "bool": st.sampled_from(("talvez", "2", "?")),
        "code": st.sampled_from(("banana", "=1+1", "<b>x</b>")),
        "codes": st.sampled_from(("blockchain", "open_data;banana")),
        "ids": st.sampled_from(("ZZZ", "LAB;G404")),
        "spdx": st.sampled_from(("GPL v3", "licença livre")),
    }
    return st.one_of(wrong.get(col.kind, st.just("")), junk, st.just(""), st.just("-"))


def _cell(col: Column) -> st.SearchStrategy[str]:
    return st.one_of(_valid_cells(col), _valid_cells(col), _invalid_cells(col))


@st.composite
def tables(draw: st.DrawFn, name: str) -> tuple[list[str], list[list[str]]]:
    """A header (canonical names or aliases; every required column, some optional ones)
    and rows of cells."""
    ds = DATASETS[name]
    columns = [c for c in ds.columns if c.required or draw(st.booleans())]
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from((c.name, *c.aliases))) for c in columns]
    rows = draw(st.lists(st.tuples(*(_cell(c) for c in columns)).map(list), max_size=8))
    return header, rows


def _csv_bytes(header: list[str], rows: list[list[str]], sep: str, encoding: str,
               newline: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _read_and_validate(path: Path, name: str) -> tuple[read.RawTable, validate.Validation]:
    raw = read.read_file(path, name)
    return raw, validate.validate_table(raw, {}, today=TODAY)


def _blank(row: list[str]) -> bool:
    return all(not cell.strip() for cell in row)


@SETTINGS
@given(data=st.data())
def test_every_row_read_is_valid_or_quarantined(data, tmp_path_factory):
    name = data.draw(st.sampled_from(list(DATASETS)))
    header, rows = data.draw(tables(name))
    sep = data.draw(st.sampled_from(SEPARATORS))
    encoding = data.draw(st.sampled_from(ENCODINGS))
    newline = data.draw(st.sampled_from(("\n", "\r\n")))
    path = tmp_path_factory.mktemp("prop") / f"{name}.csv"
    path.write_bytes(_csv_bytes(header, rows, sep, encoding, newline))
    try:
        raw, result = _read_and_validate(path, name)
    except LabmetricsError:
        # A file without data rows and without a separator can be unreadable as a table
        # (a one-column header); anything with rows must be read.
        assert not [r for r in rows if not _blank(r)] or len(header) == 1
        return
    assert raw.delimiter == sep or len(header) == 1 or not rows
    account = result.account
    assert account.balanced
    assert account.read == sum(not _blank(r) for r in rows)
    assert len(result.valid) == account.valid
    assert set(result.quarantine["line"].astype(int)) <= set(raw.frame[read.LINE]) | set(
        raw.rejects[read.LINE])
    assert result.quarantine["line"].astype(int).nunique() == account.quarantined
    id_col = DATASETS[name].id_column
    if id_col is not None:
        assert result.valid[id_col].is_unique


def _valid_output(name: str, header: list[str], rows: list[list[str]], folder: Path
                  ) -> pd.DataFrame:
    first = folder / f"{name}.csv"
    first.write_bytes(_csv_bytes(header, rows, ";", "utf-8", "\n"))
    return _read_and_validate(first, name)[1].valid


@SETTINGS
@given(data=st.data())
def test_validating_valid_output_again_changes_nothing(data, tmp_path_factory):
    name = data.draw(st.sampled_from(list(DATASETS)))
    header, rows = data.draw(tables(name))
    folder = tmp_path_factory.mktemp("again")
    valid = _valid_output(name, header, rows, folder)
    again_dir = folder / "again"
    again_dir.mkdir()
    if data.draw(st.booleans(), label="as Parquet"):
        path = again_dir / f"{name}.parquet"
        valid.to_parquet(path, index=False)
    else:
        path = again_dir / f"{name}.csv"
        text = read.frame_to_text(valid).to_csv(sep=";", index=False, lineterminator="\r\n")
        path.write_bytes(text.encode("utf-8"))
    _, again = _read_and_validate(path, name)
    assert len(again.quarantine) == 0, again.quarantine.to_dict("records")
    pd.testing.assert_frame_equal(again.valid, valid)


@settings(SETTINGS, max_examples=30)
@given(cells=st.lists(st.text(max_size=30), min_size=1, max_size=20))
def test_any_text_in_a_free_text_column_is_kept_as_typed(cells):
    """Titles are titles: any text a person types (markup, formulas, accents, symbols)
    stays valid, only trimmed; a cell with nothing but spaces is a missing title."""
    frame = pd.DataFrame({"project_id": [f"P{i}" for i in range(len(cells))],
                          "title": cells, "started_on": "2017-04-03", "status": "active",
                          read.LINE: np.arange(2, len(cells) + 2)})
    raw = read.RawTable(dataset="projects", file=Path("projects.csv"), frame=frame)
    result = validate.validate_table(raw, {}, today=TODAY)
    kept = [c.strip() for c in cells if c.strip()]
    assert result.valid["title"].tolist() == kept
    missing = result.quarantine
    assert set(missing["rule"]) <= {"missing"}
    assert len(missing) == len(cells) - len(kept)
