"""The bad-input corpus (tests/data/bad/): every hostile or broken file has a known outcome.

Each file goes into a data folder as ``<dataset>.<ext>`` beside good companions of the three
other data sets, and ``labmetrics validate`` runs on the folder. Either the command exits 0
and the file's rows are accounted for exactly (which lines are quarantined, by which rule and
why; which rows stay valid, with their values), or it exits 2 with one paragraph naming the
file. Never a traceback, and the companions' rows all stay valid.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import TODAY, write_folder

from labmetrics import dataset, read
from labmetrics.cli import main

BAD_DIR = Path(__file__).resolve().parent / "data" / "bad"
FORMULA_START = re.compile(r"[=+\-@\t\r]")

# Good companions: the bad files' valid rows refer only to LAB and G1, which these hold.
COMPANIONS = {
    "spaces": "space_id,name,host,kind,district,latitude,longitude,opened_on\n"
              "LAB,LabProdam,PRODAM,innovation_lab,Sé,-23.5503,-46.6339,2017-04-03\n"
              "MOB,MobiLab,SMT,innovation_lab,Butantã,,,2014-07-01\n",
    "groups": "group_id,name,kind,district,contact_name,contact_email,contact_phone,mapped_on,"
              "partner_space_ids\n"
              "G1,Casa Hacker,hacker_maker_space,Sé,Ana Souza,ana@example.org,"
              "(11) 90000-0001,2017-05-10,LAB\n"
              "G2,Coletivo Digital,collective,,Bruno Lima,bruno@example.org,,2017-05-11,\n",
    "usage": "date,space_id,group_id,format,hours,participants\n"
             "2017-06-01,LAB,G1,coworking,2.5,3\n"
             "2017-06-02,LAB,,event,3,40\n",
    "projects": "project_id,title,space_ids,partner_group_ids,started_on,status\n"
                "P1,Painel,LAB,G1,2017-07-01,active\n",
}


@dataclass(frozen=True)
class Problem:
    """One expected quarantine line: where, which rule, and words of its reason."""

    line: int
    rule: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    """What validating a corpus file gives.

    ``valid`` rows of the file stay valid (``kept``: their values, column by column, in file
    order) and exactly the lines of ``problems`` are quarantined; or, with ``error``, the
    command exits 2 with that message.
    """

    valid: int = 0
    problems: tuple[Problem, ...] = ()
    kept: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    warning: str | None = None
    error: str | None = None
    ignored: tuple[str, ...] = ()


P = Problem
NOT_A_DATE = "is not a date (write dd/mm/yyyy or yyyy-mm-dd)"
UNCLOSED = "a quote opened on line 3 is never closed, so lines 3–4 cannot be split"

CASES: dict[str, Outcome] = {
    # --- encodings and separators
    "spaces__latin1_accents.csv": Outcome(
        3, kept={"name": ("LabProdam", "Pátio Digital", "Fab Lab Butantã"),
                 "kind": ("innovation_lab", "hub", "fab_lab"),
                 "district": ("Sé", "São Miguel", "Butantã")}),
    "groups__cp1252_quotes.csv": Outcome(
        2, kept={"name": ("“Coletivo” Ação – Jovem", "Grupo € do Código")}),
    "usage__utf16_tab.csv": Outcome(
        2, kept={"hours": (2.5, 3.0), "format": ("coworking", "event")}),
    "usage__utf16_without_bom.csv": Outcome(2, kept={"hours": (2.5, 3.0)}),
    "projects__tab_separated.csv": Outcome(
        2, kept={"title": ("Painel, de Obras", "Ônibus; Aberto"),
                 "partner_group_ids": (["G1", "G2"], ["G2"])}),
    "usage__mixed_separators.csv": Outcome(2, (
        P(3, "wrong_type", f"date '2017-06-02,MOB,G2,event,3,40' {NOT_A_DATE}"),
        P(3, "missing", "required value 'space_id' is missing"),
        P(3, "missing", "required value 'format' is missing"),
        P(3, "missing", "required value 'hours' is missing"))),
    "usage__old_mac_line_ends.csv": Outcome(1, kept={"hours": (2.5,)}),
    # --- truncated and empty
    "usage__truncated_mid_row.csv": Outcome(2, (
        P(4, "not_allowed", "format 'cowo' is not one of the allowed codes"),
        P(4, "missing", "required value 'hours' is missing"))),
    "groups__unterminated_quote.csv": Outcome(1, (
        P(3, "malformed_row", UNCLOSED), P(4, "malformed_row", UNCLOSED))),
    "projects__empty.csv": Outcome(error="projects.csv: the file is empty."),
    "usage__header_only.csv": Outcome(0, warning="the file has a header but no rows"),
    "spaces__blank_lines_only.csv": Outcome(error="spaces.csv: the file holds no header and "
                                                  "no rows."),
    # --- headers
    "groups__duplicated_header.csv": Outcome(
        error="groups.csv: the columns 'name' and 'nome' (column 3) both mean 'name'."),
    "spaces__unknown_headers.csv": Outcome(
        2, ignored=("observações", "(column 7 without a header)", "cor favorita")),
    "projects__missing_required.csv": Outcome(
        error="projects.csv: the required column(s) status of the data set 'projects' are "
              "missing"),
    "spaces__no_header.csv": Outcome(
        error="spaces.csv: the required column(s) space_id, name, host, kind, opened_on"),
    # --- a wrong type in each column
    "spaces__wrong_types.csv": Outcome(1, (
        P(3, "wrong_type", "latitude 'abc' is not a number"),
        P(4, "wrong_type", "seats 'vinte' is not a number"),
        P(5, "not_allowed", "kind 'castelo' is not one of the allowed codes"),
        P(6, "not_allowed", "formats 'piquenique' is not among the allowed codes"),
        P(7, "wrong_type", f"opened_on 'abril de 2017' {NOT_A_DATE}"),
        P(8, "wrong_type", f"closed_on 'ontem' {NOT_A_DATE}"),
        P(9, "wrong_type", "seats '12.5' is not a whole number"))),
    "groups__wrong_types.csv": Outcome(1, (
        P(3, "not_allowed", "kind 'banana' is not one of the allowed codes"),
        P(4, "not_allowed", "open_tech 'blockchain' is not among the allowed codes"),
        P(5, "wrong_type", "longitude 'leste' is not a number"),
        P(6, "wrong_type", f"mapped_on 'maio/2017' {NOT_A_DATE}"),
        P(7, "wrong_type", f"network_joined_on 'sim' {NOT_A_DATE}"),
        P(8, "not_allowed", "status 'talvez' is not one of the allowed codes (active, "
                            "inactive)"))),
    "usage__wrong_types.csv": Outcome(1, (
        P(3, "wrong_type", f"date 'hoje' {NOT_A_DATE}"),
        P(4, "not_allowed", "format 'hackathon' is not one of the allowed codes"),
        P(5, "wrong_type", "hours 'quatro' is not a number"),
        P(6, "wrong_type", "participants '2.5' is not a whole number"),
        P(7, "wrong_type", "participants 'muitos' is not a number"))),
    "projects__wrong_types.csv": Outcome(1, (
        P(3, "wrong_type", f"started_on 'x' {NOT_A_DATE}"),
        P(4, "wrong_type", f"ended_on 'depois' {NOT_A_DATE}"),
        P(5, "not_allowed", "status 'pronto' is not one of the allowed codes"),
        P(6, "not_allowed", "aims 'lucro' is not among the allowed codes"),
        P(7, "not_allowed", "licence 'licença livre' is not an SPDX licence id"),
        P(8, "wrong_type", "open_data_used 'talvez' is not yes or no"),
        P(9, "wrong_type", "participants_reached 'mil e quinhentos' is not a number"))),
    # --- dates
    "usage__impossible_dates.csv": Outcome(2, (
        P(3, "impossible_date", "date '31/02/2017' does not exist"),
        P(4, "impossible_date", "date '2017-13-01' does not exist (dates are read day first"),
        P(5, "impossible_date", "date '00/01/2017' does not exist"),
        P(6, "impossible_date", "date '31/12/1999' is before 01/01/2000"),
        P(7, "future_date", "date '01/01/2031' is in the future (today is 01/01/2019)")),
        kept={"date": (pd.Timestamp("2017-06-01"), pd.Timestamp("2016-02-29"))}),
    "spaces__calendar_edges.csv": Outcome(2, (
        P(3, "impossible_date", "date '0000-01-01' is before 01/01/2000"),
        P(4, "future_date", "date '9999-12-31' is in the future"),
        P(5, "wrong_type", f"opened_on '99999-01-01' {NOT_A_DATE}")),
        kept={"space_id": ("LAB", "LEAP")}),
    "spaces__end_before_start.csv": Outcome(2, (
        P(3, "end_before_start", "closed_on '2016-04-03' is before opened_on '2017-04-03'"),),
        kept={"space_id": ("LAB", "SAME")}),
    "projects__end_before_start.csv": Outcome(2, (
        P(3, "end_before_start", "ended_on '01/09/2017' is before started_on '01/10/2017'"),),
        kept={"project_id": ("P1", "P3")}),
    # --- negative or absurd numbers
    "usage__absurd_numbers.csv": Outcome(3, (
        P(3, "out_of_range", "hours '-1' is negative"),
        P(4, "out_of_range", "hours '25' is above the limit of 24"),
        P(5, "out_of_range", "hours '1e9' is above the limit of 24"),
        P(6, "out_of_range", "hours 'inf' is above the limit of 24"),
        P(7, "out_of_range", "participants '-5' is negative"),
        P(8, "out_of_range", "participants '9999999' is above the limit of 5000")),
        kept={"hours": (2.5, 24.0, 0.0), "participants": (3, 5000, 0)}),
    "spaces__absurd_seats.csv": Outcome(2, (
        P(3, "out_of_range", "seats '-3' is negative"),
        P(4, "out_of_range", "seats '100000' is above the limit of 2000"),
        P(5, "out_of_range", "seats '99999999999999999999999' is above the limit of 2000")),
        kept={"seats": (20, 2000)}),
    "projects__absurd_participants.csv": Outcome(1, (
        P(3, "out_of_range", "participants_reached '-1' is negative"),
        P(4, "out_of_range", "participants_reached '8000000000' is above the limit"))),
    # --- ids and references
    "groups__duplicate_ids.csv": Outcome(3, (
        P(4, "duplicate_id", "group_id 'G1' already appears on line 2"),
        P(5, "duplicate_id", "group_id 'G2' already appears on line 3")),
        kept={"group_id": ("G1", "G2", "g1"),
              "name": ("Casa Hacker", "Coletivo Digital", "Grupo em Minúsculas")}),
    "spaces__duplicate_ids.csv": Outcome(2, (
        P(4, "duplicate_id", "space_id 'LAB' already appears on line 2"),),
        kept={"name": ("LabProdam", "MobiLab")}),
    "usage__unknown_references.csv": Outcome(2, (
        P(3, "unknown_reference", "space_id 'ZZZ' names no valid space"),
        P(4, "unknown_reference", "group_id 'G99' names no valid group"))),
    "projects__unknown_references.csv": Outcome(1, (
        P(3, "unknown_reference", "space_ids 'ZZZ' names no valid space"),
        P(4, "unknown_reference", "partner_group_ids 'G404' names no valid group"))),
    "groups__unknown_partner_space.csv": Outcome(1, (
        P(3, "unknown_reference", "partner_space_ids 'NOWHERE' names no valid space"),)),
    # --- places
    "spaces__outside_sao_paulo.csv": Outcome(1, (
        P(3, "outside_city", "coordinates (-22.9068, -43.1729) fall outside the "
                             "municipality of São Paulo"),
        P(4, "outside_city", "coordinates (0, 0) fall outside"),
        P(5, "outside_city", "latitude and longitude look swapped"),
        P(6, "out_of_range", "latitude '-95' is below -90"),
        P(6, "outside_city", "coordinates (-95, -46.63) fall outside"),
        P(7, "missing", "latitude and longitude must be given together"))),
    "groups__unknown_districts.csv": Outcome(2, (
        P(3, "unknown_district", "district 'Atlântida' is not one of São Paulo's 96 districts"),
        P(4, "unknown_district", "district 'M'Boi Mirim' names a subprefeitura of 2 districts"),
        P(5, "unknown_district", "district '97' is not one of São Paulo's 96 districts"),
        P(6, "unknown_district", "district 'Itaim' is not one of")),
        kept={"group_id": ("G1", "G6"), "district_name": ("Sé", "Cangaíba")}),
    # --- hostile text: kept as written, since a name is a name
    "groups__very_long_fields.csv": Outcome(2, (
        P(4, "wrong_type", "mapped_on '" + "x" * 60 + "… (100,000 characters)' is not a date"),),
        kept={"name": ("Casa Hacker", "x" * 100_000)}),
    "usage__nul_bytes.csv": Outcome(
        3, kept={"hours": (2.5, 3.0, 3.0)},
        warning="NUL characters (a damaged export?) were removed from line(s) 3."),
    "spaces__nul_in_name.csv": Outcome(2, kept={"name": ("LabProdam", "MobiLab")},
                                       warning="were removed from line(s) 3."),
    "usage__malformed_row.csv": Outcome(2, (
        P(3, "malformed_row", "the row has 8 cells but the header has 6 columns"),)),
    "groups__formulas.csv": Outcome(5, (
        P(7, "not_allowed", "kind '=1+1' is not one of the allowed codes"),),
        kept={"name": ("Casa Hacker", '=HYPERLINK("http://x","y")', "+55 Coletivo",
                       "-Coletivo Menos", "@grupo")}),
    "projects__formulas.csv": Outcome(3, (
        P(5, "not_allowed", "status '-feito' is not one of the allowed codes"),),
        kept={"title": ("Painel de Obras", '=HYPERLINK("http://x","y")', "@SUM(A1:A9)")}),
    "groups__html_names.csv": Outcome(3, (
        P(5, "unknown_district", "district '<b>Sé</b>' is not one of"),),
        kept={"name": ("Casa Hacker", "<script>alert(1)</script>",
                       "<img src=x onerror=alert(1)>")}),
    "spaces__html_names.csv": Outcome(
        2, kept={"name": ("LabProdam", "<script>alert(1)</script>"),
                 "host": ("PRODAM", "<img src=x onerror=alert(1)>")}),
    "groups__terminal_escapes.csv": Outcome(2, (
        P(4, "wrong_type", f"mapped_on '\x1b[2J2017-05-11' {NOT_A_DATE}"),),
        kept={"name": ("Casa Hacker", "\x1b[31mVermelho\x1b[0m")}),
    # --- spreadsheets and Parquet
    "groups__several_sheets.xlsx": Outcome(2, (
        P(4, "missing", "required value 'mapped_on' is missing"),),
        kept={"mapped_on": (pd.Timestamp("2017-05-10"), pd.Timestamp("2017-05-11"))}),
    "spaces__data_on_second_sheet.xlsx": Outcome(2, kept={"space_id": ("LAB", "MOB")}),
    "spaces__merged_cells.xlsx": Outcome(3, (
        P(5, "missing", "required value 'host' is missing"),),
        kept={"space_id": ("LAB", "FAB1", "MOB")},
        warning="1 row(s) above the header (line 2) were skipped."),
    "usage__wrong_types.xlsx": Outcome(1, (
        P(3, "wrong_type", f"date 'ontem' {NOT_A_DATE}"),
        P(4, "wrong_type", "hours 'true' is not a number"),
        P(5, "wrong_type", "participants '2017-01-01' is not a number"))),
    "spaces__not_a_workbook.xlsx": Outcome(
        error="spaces.xlsx: the file cannot be read as an Excel workbook"),
    "spaces__zip_named_csv.csv": Outcome(
        error="spaces.csv: the file is a zip archive (an Excel workbook?) named as CSV."),
    "projects__odd_types.parquet": Outcome(1, (
        P(2, "not_allowed", "licence '{'id': 'MIT'}' is not an SPDX licence id"),
        P(3, "out_of_range", "participants_reached '1e+23' is above the limit")),
        kept={"aims": (["transparency"],)}),
    # --- GeoJSON
    "spaces__self_intersecting.geojson": Outcome(2, kept={"space_id": ("LAB", "BOW")}),
    "spaces__null_geometry.geojson": Outcome(2, kept={"space_id": ("LAB", "MOB")}),
    "spaces__non_point.geojson": Outcome(3, (
        P(4, "malformed_row", "the feature's geometry cannot be read (Unknown geometry type: "
                              "'triangle')"),),
        kept={"space_id": ("LAB", "LIN", "EMP")}),
    "spaces__out_of_range.geojson": Outcome(2, (
        P(2, "out_of_range", "latitude '-95' is below -90"),
        P(2, "outside_city", "coordinates (-95, -200) fall outside"),
        P(2, "out_of_range", "longitude '-200' is below -180"),
        P(4, "malformed_row", "the coordinates 'leste', 'sul' are not numbers")),
        kept={"space_id": ("LAB", "EMP")}),
    "spaces__broken_json.geojson": Outcome(
        error="spaces.geojson, line 8: the file is not valid JSON"),
    "spaces__not_features.geojson": Outcome(1, (
        P(2, "malformed_row", "the feature is not a GeoJSON object"),
        P(3, "malformed_row", "the feature is not a GeoJSON object"),
        P(4, "malformed_row", "the feature's properties are not an object"))),
    "spaces__not_a_collection.geojson": Outcome(
        error="spaces.geojson: the file is not a GeoJSON FeatureCollection."),
    "spaces__too_deep.geojson": Outcome(
        error="spaces.geojson: the file nests lists or objects too deeply"),
}


def _corpus_files() -> list[str]:
    return sorted(p.name for p in BAD_DIR.glob("*__*.*"))


def test_the_corpus_is_complete_and_reproducible():
    """Every committed file has an outcome, and make_corpus.py writes exactly these bytes."""
    import importlib.util

    assert _corpus_files() == sorted(CASES)
    assert len(CASES) >= 40
    spec = importlib.util.spec_from_file_location("make_corpus", BAD_DIR / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.corpus()
    assert sorted(generated) == sorted(CASES)
    for name, data in generated.items():
        assert _content(name, (BAD_DIR / name).read_bytes()) == _content(name, data), name


def _content(name: str, data: bytes) -> object:
    """What a file holds: its bytes, or for a workbook or a Parquet file (whose bytes
    carry the writer's version) its sheets, cells and merged ranges, or its table."""
    import io
    import zipfile

    suffix = Path(name).suffix
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(io.BytesIO(data)).to_pylist()
    if suffix == ".xlsx" and zipfile.is_zipfile(io.BytesIO(data)):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        return [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)],
                 sorted(str(r) for r in sheet.merged_cells.ranges)) for sheet in book]
    return data


@pytest.fixture
def validate_folder(tmp_path, monkeypatch, capsys):
    """Run ``labmetrics validate`` on a folder holding one corpus file and good companions.

    Returns (exit code, stdout, stderr, the LabData the command built or None, the public
    quarantine CSV it wrote). "Today" is fixed so that future dates do not drift.
    """
    built: list[dataset.LabData] = []
    original = dataset.read_folder

    def read_folder(path, **kwargs):
        data = original(path, **{**kwargs, "today": TODAY})
        built.append(data)
        return data

    monkeypatch.setattr(dataset, "read_folder", read_folder)

    def run(name: str):
        name_of, suffix = name.split("__")[0], Path(name).suffix
        folder = write_folder(tmp_path / "data", {f"{n}.csv": text for n, text
                                                  in COMPANIONS.items() if n != name_of})
        shutil.copyfile(BAD_DIR / name, folder / f"{name_of}{suffix}")
        quarantine = tmp_path / "quarantine.csv"
        code = main(["validate", str(folder), "--max-rows", "50",
                     "--quarantine", str(quarantine)])
        out, err = capsys.readouterr()
        return code, out, err, (built[-1] if built else None), quarantine

    return run


def _frame_values(frame: pd.DataFrame, column: str) -> tuple[Any, ...]:
    values = frame[column]
    if values.dtype == object:
        return tuple(values.tolist())
    return tuple(values.astype(object).tolist())


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_has_its_outcome(name, validate_folder):
    expected = CASES[name]
    name_of = name.split("__")[0]
    file = f"{name_of}{Path(name).suffix}"
    code, out, err, data, quarantine_csv = validate_folder(name)
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err  # a cell never drives the terminal

    if expected.error is not None:
        assert code == 2
        assert out == ""
        message = err.strip()
        assert message.startswith("labmetrics: ") and "\n" not in message
        assert file in message
        assert expected.error in message
        assert "Fix: " in message
        return

    assert code == 0, err
    assert data is not None
    accounts = {a.dataset: a for a in data.accounting}
    assert all(a.balanced for a in accounts.values())
    # The companions lose nothing: every one of their rows stays valid.
    for other, account in accounts.items():
        if other != name_of:
            assert account.valid == account.read, other
    account = accounts[name_of]
    assert account.file == file
    lines = {p.line for p in expected.problems}
    assert (account.valid, account.quarantined) == (expected.valid, len(lines))

    found = data.quarantine[data.quarantine["dataset"] == name_of]
    assert set(found["file"]) <= {file}
    got = sorted(zip(found["line"].astype(int), found["rule"], found["reason"], strict=True))
    want = sorted((p.line, p.rule) for p in expected.problems)
    assert [(line, rule) for line, rule, _ in got] == want
    for problem in expected.problems:
        assert any(line == problem.line and rule == problem.rule and problem.reason in reason
                   for line, rule, reason in got), problem

    valid = data.table(name_of)
    assert len(valid) == expected.valid
    for column, values in expected.kept.items():
        assert _frame_values(valid, column) == values, column
    if expected.warning is not None:
        assert any(expected.warning in w for w in data.warnings), data.warnings
        assert expected.warning in out
    assert tuple(c["header"] for c in data.ignored_columns) == expected.ignored
    if expected.ignored:
        block = out[out.index(f"Ignored columns ({len(expected.ignored)}):"):]
        for header in expected.ignored:
            assert f"{file}: '{header}' is not a column of '{name_of}'" in block

    # The printed summary accounts for the file, and the shared quarantine is safe to open.
    assert any(line.split()[:2] == [name_of, file] for line in out.splitlines())
    public = pd.read_csv(quarantine_csv, dtype=str, keep_default_na=False)
    assert len(public) == len(data.quarantine)
    for cell in public[["value", "reason"]].to_numpy().ravel():
        assert not FORMULA_START.match(cell), cell
    assert "ana@example.org" not in quarantine_csv.read_text(encoding="utf-8")


def test_a_self_intersecting_footprint_stands_for_a_point_inside_it():
    table = read.read_file(BAD_DIR / "spaces__self_intersecting.geojson", "spaces")
    bow = table.frame.set_index("space_id").loc["BOW"]
    # The bow tie spans 46.70-46.60 W, 23.60-23.50 S; its repaired halves meet at the centre.
    assert -46.70 <= float(bow["longitude"]) <= -46.60
    assert -23.60 <= float(bow["latitude"]) <= -23.50


def test_formula_and_escape_cells_are_neutralised_in_the_shared_quarantine(validate_folder):
    _, out, _, _, quarantine_csv = validate_folder("groups__formulas.csv")
    public = pd.read_csv(quarantine_csv, dtype=str, keep_default_na=False)
    assert public["value"].tolist() == ["'=1+1"]
    assert "kind '=1+1' is not one of" in out
    _, out, _, _, _ = validate_folder("groups__terminal_escapes.csv")
    assert "mapped_on '\\x1b[2J2017-05-11' is not a date" in out
