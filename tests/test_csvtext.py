"""labmetrics.csvtext gives the bytes pandas' ``to_csv`` gives, or leaves the table to pandas.

pandas is the oracle: every table here is written both ways and compared byte for byte, the
evidence tables of real reports (the bundled sample, the messy folder) as well as cells
made of the characters that change how a CSV file is quoted.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labmetrics import config, csvtext, publish
from labmetrics.evidence.export import plan_evidence_csv
from labmetrics.i18n import label_codes
from labmetrics.report import progress

LINE_END, DATE_FORMAT = publish.LINE_END, publish.DATE_FORMAT
MESSY = Path(__file__).parent / "data" / "messy"


def pandas_bytes(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_csv(out, index=False, encoding="utf-8", lineterminator=LINE_END,
                 date_format=DATE_FORMAT)
    return out.getvalue()


def encoded(frame: pd.DataFrame) -> bytes | None:
    return csvtext.encode_csv(frame, line_end=LINE_END, date_format=DATE_FORMAT)


@pytest.mark.parametrize("data", [config.SAMPLE_DIR, MESSY], ids=["sample", "messy"])
@pytest.mark.parametrize("lang", [None, "pt-BR"])
def test_every_evidence_table_of_a_real_report_is_written_as_pandas_writes_it(
        data: Path, lang: str | None) -> None:
    report = progress.prepare(commitment="SAO0005", data_path=str(data))
    tables = [publish.public_frame(label_codes(f.rows, lang) if lang else f.rows)
              for f in plan_evidence_csv(report.evidence, "unused") if f.twin_of is None]
    written = [t for t in tables if len(t)]
    assert len(written) >= 8
    for table in written:
        assert encoded(table) == pandas_bytes(table)


TEXTS = ["plain", "", "a,b", 'say "hi"', "line\r\nend", "cr\ronly", "lf\nonly", " pad ",
         "'=1", "x\x00y", "😀 Ç שלום", '"', ",", None]


def test_texts_are_quoted_where_the_csv_writer_quotes_them() -> None:
    frame = pd.DataFrame({"text": pd.array(TEXTS, dtype="str"),
                          "object": pd.Series(TEXTS, dtype=object),
                          "string": pd.array(TEXTS, dtype="string")})
    assert encoded(frame) == pandas_bytes(frame)
    assert b'"say ""hi"""' in (encoded(frame) or b"")


def test_a_lone_column_writes_an_empty_cell_as_two_quotes() -> None:
    frame = pd.DataFrame({"only": ["a", "", None, "b"]})
    assert encoded(frame) == pandas_bytes(frame)
    assert (encoded(frame) or b"").count(b'""\r\n') == 2


def test_numbers_flags_and_dates_read_as_pandas_writes_them() -> None:
    floats = [0.0, -0.0, 0.1, 1 / 3, 1e-05, 1e16, 123456789.125, -2.5, float("inf"),
              float("nan"), 7.0, 0.1]
    n = len(floats)
    frame = pd.DataFrame({
        "float": floats,
        "float32": np.array(floats, dtype="float32"),
        "int": range(-5, n - 5),
        "Int64": pd.array([None if i % 4 == 0 else i * 1000 for i in range(n)], dtype="Int64"),
        "bool": [i % 2 == 0 for i in range(n)],
        "boolean": pd.array([None if i % 3 == 0 else i % 2 == 0 for i in range(n)],
                            dtype="boolean"),
        "date": pd.to_datetime(["2017-01-01", None, "0999-12-31", "2017-06-30"] * 3,
                               format="ISO8601"),
        "date_s": pd.to_datetime(["2018-02-03"] * n).astype("datetime64[s]"),
    })
    assert encoded(frame) == pandas_bytes(frame)
    assert b"-0.0," in (encoded(frame) or b"")


def test_column_names_that_need_quotes_are_quoted_in_the_header() -> None:
    frame = pd.DataFrame({"a,b": ["1"], 'say "x"': ["2"], "line\nend": ["3"]})
    assert encoded(frame) == pandas_bytes(frame)


@pytest.mark.parametrize("column", [
    pd.Series(pd.Categorical(["a", "b", "a"])),
    pd.Series(pd.to_datetime(["2017-01-01"] * 3).tz_localize("UTC")),
    pd.Series(pd.to_timedelta([1, 2, 3], unit="D")),
    pd.Series(pd.array([0.5, None, 1.5], dtype="Float64")),
    pd.Series(["a", 1, None], dtype=object),
    pd.Series([[1], [2], [3]], dtype=object),
], ids=["category", "tz-aware", "timedelta", "Float64", "mixed", "lists"])
def test_a_type_it_does_not_format_is_left_to_pandas(column: pd.Series) -> None:
    frame = pd.DataFrame({"kept": ["x", "y", "z"], "other": column})
    assert encoded(frame) is None


def test_write_csv_writes_the_same_bytes_on_either_side_of_the_smallest_size(
        tmp_path: Path) -> None:
    rows = csvtext.SMALLEST // 2 + 1
    large = pd.DataFrame({"name": [f"g{i}, \"q\"" for i in range(rows)],
                          "hours": np.arange(rows) / 8})
    for frame in (large.head(3), large):
        written = publish.write_csv(frame, tmp_path / "t.csv")
        assert written.path.read_bytes() == pandas_bytes(publish.public_frame(frame))
    assert large.size >= csvtext.SMALLEST > large.head(3).size


cells = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list('ab ,"\r\n\'=Ç😀\x00')),
                                     max_size=5))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cells, cells, st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**12, 10**12)), min_size=1, max_size=20))
def test_any_table_of_texts_and_numbers_is_written_as_pandas_writes_it(
        rows: list[tuple[str | None, str | None, float, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["a", "b", "x", "n"])
    frame["a"] = frame["a"].astype("str")
    assert encoded(frame) == pandas_bytes(frame)
    assert encoded(frame[["b"]]) == pandas_bytes(frame[["b"]])
