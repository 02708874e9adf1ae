"""Validation: typed rows, every quarantine rule, the accounting, idempotence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TODAY

from labmetrics import validate
from labmetrics.read import LINE, RawTable
from labmetrics.schema import DATASETS, QUARANTINE_COLUMNS, QUARANTINE_RULES, pandera_schema

# Every bad row of tests/data/messy: (dataset, line, column, rule), in quarantine order.
MESSY_PROBLEMS = [
    ("spaces", 6, "latitude/longitude", "outside_city"),
    ("spaces", 7, "district", "unknown_district"),
    ("spaces", 8, "space_id", "duplicate_id"),
    ("spaces", 9, "kind", "not_allowed"),
    ("spaces", 9, "seats", "wrong_type"),
    ("spaces", 9, "opened_on", "impossible_date"),
    ("spaces", 10, "closed_on", "end_before_start"),
    ("groups", 8, "mapped_on", "missing"),
    ("groups", 9, "mapped_on", "future_date"),
    ("groups", 10, "kind", "not_allowed"),
    ("groups", 10, "open_tech", "not_allowed"),
    ("groups", 11, "partner_space_ids", "unknown_reference"),
    ("groups", 13, "district", "unknown_district"),
    ("groups", 15, "", "malformed_row"),
    ("usage", 6, "space_id", "unknown_reference"),
    ("usage", 7, "group_id", "unknown_reference"),
    ("usage", 8, "hours", "out_of_range"),
    ("usage", 9, "hours", "out_of_range"),
    ("usage", 10, "participants", "out_of_range"),
    ("usage", 11, "date", "impossible_date"),
    ("usage", 12, "hours", "wrong_type"),
    ("usage", 13, "date", "missing"),
    ("usage", 14, "format", "not_allowed"),
    ("projects", 5, "ended_on", "end_before_start"),
    ("projects", 6, "licence", "not_allowed"),
    ("projects", 6, "open_data_used", "wrong_type"),
    ("projects", 7, "partner_group_ids", "unknown_reference"),
    ("projects", 8, "project_id", "duplicate_id"),
    ("projects", 9, "title", "missing"),
]


def _raw(dataset: str, rows: dict[str, list[str]]) -> RawTable:
    frame = pd.DataFrame(rows, dtype=str)
    frame[LINE] = np.arange(2, len(frame) + 2, dtype="int64")
    return RawTable(dataset=dataset, file=Path("test.csv"), frame=frame)


def _problems(result: validate.Validation) -> list[tuple[int, str, str]]:
    q = result.quarantine
    return list(zip(q["line"].tolist(), q["column"].tolist(), q["rule"].tolist(), strict=True))


# --- the messy folder -----------------------------------------------------------------------


def test_messy_accounting_adds_up(messy):
    accounts = {a.dataset: (a.file, a.read, a.valid, a.quarantined) for a in messy.accounting}
    assert accounts == {
        "spaces": ("espacos.csv", 9, 4, 5),
        "groups": ("grupos.csv", 13, 7, 6),
        "usage": ("uso.csv", 13, 4, 9),
        "projects": ("projetos.csv", 8, 3, 5),
    }
    assert all(a.balanced for a in messy.accounting)
    for a in messy.accounting:
        quarantined_lines = messy.quarantine.loc[messy.quarantine["dataset"] == a.dataset, "line"]
        assert quarantined_lines.nunique() == a.quarantined


def test_messy_every_bad_row_is_quarantined_with_line_and_rule(messy):
    q = messy.quarantine
    assert list(q.columns) == list(QUARANTINE_COLUMNS)
    found = list(zip(q["dataset"], q["line"], q["column"], q["rule"], strict=True))
    assert found == MESSY_PROBLEMS
    assert set(q["rule"]) == set(QUARANTINE_RULES)  # the messy folder exercises every rule


def test_messy_every_good_row_is_kept(messy):
    assert messy.spaces["space_id"].tolist() == ["LABP", "MOBI", "PATD", "FAB1"]
    assert messy.groups["group_id"].tolist() == ["G001", "G002", "G003", "G004", "G005",
                                                 "G010", "G012"]
    assert messy.usage["date"].dt.day.tolist() == [3, 4, 5, 6]
    assert messy.projects["project_id"].tolist() == ["P01", "P02", "P03"]


def test_messy_values_are_parsed(messy):
    spaces = messy.spaces.set_index("space_id")
    assert spaces.loc["LABP", "kind"] == "innovation_lab"
    assert spaces.loc["LABP", "formats"] == ["coworking", "residency"]
    assert spaces.loc["PATD", "formats"] == ["event", "training"]
    assert spaces.loc["LABP", "latitude"] == pytest.approx(-23.5503)
    assert spaces["district_code"].tolist() == [78, 12, 74, 25]  # FAB1 placed by its point
    assert spaces.loc["FAB1", "closed_on"] == pd.Timestamp("2017-12-31")
    groups = messy.groups.set_index("group_id")
    assert groups.loc["G001", "themes"] == ["educação", "cultura"]
    assert groups.loc["G005", "themes"] == ["transparência", "orçamento"]
    assert groups.loc["G003", "open_tech"] == ["free_software", "open_hardware"]
    assert groups.loc["G004", "mapped_on"] == pd.Timestamp("2017-05-16")  # 16/05/17
    assert groups.loc["G001", "kind"] == "youth_group"
    assert groups.loc["G005", "status"] == "inactive"
    assert groups["district_code"].tolist() == [18, 24, 62, 74, 12, 59, 78]
    usage = messy.usage
    assert usage["hours"].tolist() == [4.0, 2.5, 3.0, 8.0]
    assert usage["participants"].tolist() == [3, 40, 1200, 2]
    assert usage["group_id"].isna().tolist() == [False, True, False, False]
    projects = messy.projects.set_index("project_id")
    assert projects.loc["P01", "licence"] == "AGPL-3.0-or-later"
    assert projects.loc["P01", "participants_reached"] == 1500
    assert projects.loc["P02", "aims"] == ["civic_participation", "transparency"]
    assert projects.loc["P02", "open_data_published"] is np.False_ or (
        projects.loc["P02", "open_data_published"] is False)


def test_messy_reasons_are_sentences(messy):
    q = messy.quarantine
    reasons = dict(zip(zip(q["dataset"], q["line"], q["column"], strict=True), q["reason"],
                       strict=True))
    assert reasons["usage", 11, "date"] == "date '31/04/2017' does not exist"
    assert reasons["spaces", 6, "latitude/longitude"] == (
        "coordinates (-46,75, -23,40) fall outside the municipality of São Paulo; latitude "
        "and longitude look swapped")
    assert reasons["spaces", 8, "space_id"] == (
        "space_id 'LABP' already appears on line 2; later rows with the same id are set aside")
    assert reasons["usage", 8, "hours"] == "hours '-2' is negative"
    assert reasons["usage", 9, "hours"] == "hours '36' is above the limit of 24 (a typing slip?)"
    assert reasons["groups", 9, "mapped_on"] == (
        "date '01/01/2031' is in the future (today is 01/01/2019)")
    assert reasons["usage", 6, "space_id"] == (
        "space_id 'FAB2' names no valid space (unknown, or itself in the quarantine)")
    assert reasons["projects", 5, "ended_on"] == (
        "ended_on '01/09/2017' is before started_on '01/10/2017'")
    assert reasons["groups", 13, "district"] == (
        "district 'M'Boi Mirim' names a subprefeitura of 2 districts; write one of them "
        "(Jardim Ângela, Jardim São Luís)")
    assert reasons["spaces", 7, "district"] == (
        "district 'Vila Nova Cachoeirinha' is not one of São Paulo's 96 districts (a "
        "misspelling?)")
    values = dict(zip(zip(q["dataset"], q["line"], q["column"], strict=True), q["value"],
                      strict=True))
    assert values["groups", 13, "district"] == "M'Boi Mirim"
    assert values["groups", 15, ""].startswith("G013;Grupo Partido;OSC")


def test_messy_warnings(messy):
    assert messy.warnings == [
        "grupos.csv: probable duplicate groups: 'Casa dos Meninos' (G001, line 2), "
        "'CASA DOS MENINOS' (G010, line 12) have the same name once accents, case and "
        "punctuation are ignored."
    ]


def test_valid_tables_satisfy_pandera(messy):
    # The contacts are validated like every column, then kept apart by LabData.
    for name in DATASETS:
        pandera_schema(name).validate(messy.table(name, contacts=True))


def test_validating_valid_output_again_changes_nothing(messy):
    references: dict[str, pd.Index] = {}
    for name in ("spaces", "groups", "usage", "projects"):
        valid = pd.DataFrame(messy.table(name, contacts=True))[DATASETS[name].names]
        again = validate.validate_frame(name, valid, references, today=TODAY)
        assert len(again.quarantine) == 0
        pd.testing.assert_frame_equal(again.valid, valid)
        id_col = DATASETS[name].id_column
        if id_col:
            references[name] = pd.Index(valid[id_col])


# --- parsers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("03/04/2017", date(2017, 4, 3), None),
        ("3/4/2017", date(2017, 4, 3), None),
        ("03-04-2017", date(2017, 4, 3), None),
        ("03.04.2017", date(2017, 4, 3), None),
        ("03/04/17", date(2017, 4, 3), None),
        ("2017-04-03", date(2017, 4, 3), None),
        ("2017-04-03 14:30:00", date(2017, 4, 3), None),
        ("2017-04-03T14:30", date(2017, 4, 3), None),
        ("29/02/2016", date(2016, 2, 29), None),
        ("29/02/2017", None, "impossible_date"),
        ("31/02/2017", None, "impossible_date"),
        ("04/13/2017", None, "impossible_date"),
        ("01/01/2917", None, "future_date"),
        ("abril de 2017", None, "wrong_type"),
        ("2017", None, "wrong_type"),
    ],
)
def test_parse_dates(text, expected, rule):
    col = DATASETS["usage"].column("date")
    values, reasons, rules = validate.parse_dates(pd.Series([text], dtype=str), col)
    if expected is None:
        assert pd.isna(values.iloc[0])
        assert rules.iloc[0] == rule
    else:
        assert values.iloc[0] == pd.Timestamp(expected)
        assert reasons.iloc[0] is None


def test_month_first_dates_get_a_hint():
    col = DATASETS["usage"].column("date")
    _, reasons, _ = validate.parse_dates(pd.Series(["12/31/2017"], dtype=str), col)
    assert reasons.iloc[0] == ("date '12/31/2017' does not exist (dates are read day first: "
                               "dd/mm/yyyy)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2,5", 2.5), ("2.5", 2.5), ("-23,5505", -23.5505), ("1.234,5", 1234.5),
     ("1,234.5", 1234.5), (" 3 ", 3.0), ("1 234,5", 1234.5), ("abc", None), ("2,5,1", None)],
)
def test_parse_decimal_numbers(text, expected):
    col = DATASETS["usage"].column("hours")
    values, _, rules = validate.parse_numbers(pd.Series([text], dtype=str), col)
    if expected is None:
        assert np.isnan(values.iloc[0])
        assert rules.iloc[0] == "wrong_type"
    else:
        assert values.iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("1.500", 1500), ("12,0", 12), ("1.500.000", 1500000), ("2,5", None),
     ("1.5", None)],
)
def test_parse_whole_numbers(text, expected):
    col = DATASETS["usage"].column("participants")
    values, reasons, _ = validate.parse_numbers(pd.Series([text], dtype=str), col)
    if expected is None:
        assert reasons.iloc[0] == f"participants '{text}' is not a whole number"
    else:
        assert values.iloc[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sim", True), ("NÃO", False), ("x", True), ("true", True), ("0", False), ("talvez", None)],
)
def test_parse_bools(text, expected):
    col = DATASETS["projects"].column("open_data_used")
    values, _, rules = validate.parse_bools(pd.Series([text], dtype=str), col)
    if expected is None:
        assert rules.iloc[0] == "wrong_type"
    else:
        assert values.iloc[0] is expected or values.iloc[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Grupo de Jovens", "youth_group"), ("youth_group", "youth_group"),
     ("youth group", "youth_group"), ("Start-up", "startup"), ("ONG", "civil_society_org"),
     ("  hackerspace ", "hacker_maker_space"), ("Organização da Sociedade Civil",
                                                "civil_society_org"), ("associação", None)],
)
def test_parse_code_through_portuguese_aliases(text, expected):
    col = DATASETS["groups"].column("kind")
    values, _, rules = validate.parse_code(pd.Series([text.strip()], dtype=str), col)
    if expected is None:
        assert rules.iloc[0] == "not_allowed"
    else:
        assert values.iloc[0] == expected


def test_parse_multi_codes_split_and_dedupe():
    col = DATASETS["groups"].column("open_tech")
    values, reasons, _ = validate.parse_multi(
        pd.Series(["software livre; dados abertos | open source", "dados abertos\nblockchain"],
                  dtype=str), col)
    assert values.iloc[0] == ["free_software", "open_data"]
    assert reasons.iloc[0] is None
    assert reasons.iloc[1] == ("open_tech 'blockchain' is not among the allowed codes "
                               "(free_software, open_data, open_standards, open_hardware)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("mit", "MIT"), ("gpl-3.0-or-later", "GPL-3.0-or-later"), ("CC-BY-4.0", "CC-BY-4.0"),
     ("Apache License 2.0", "Apache-2.0"), ("MIT or Apache-2.0", "MIT OR Apache-2.0"),
     ("GPL v3", None), ("livre", None)],
)
def test_parse_spdx(text, expected):
    col = DATASETS["projects"].column("licence")
    values, _, rules = validate.parse_spdx(pd.Series([text], dtype=str), col)
    if expected is None:
        assert rules.iloc[0] == "not_allowed"
    else:
        assert values.iloc[0] == expected


# --- rules on small tables ------------------------------------------------------------------

SPACE_ROW = {"space_id": "LAB", "name": "Lab", "host": "SMIT", "kind": "hub",
             "opened_on": "01/01/2017"}


def test_a_row_with_several_problems_counts_once():
    raw = _raw("usage", {"date": ["31/02/2017", "01/03/2017"], "space_id": ["", "LAB"],
                         "format": ["hackathon", "evento"], "hours": ["-1", "2"]})
    result = validate.validate_table(raw, today=TODAY)
    assert _problems(result) == [(2, "date", "impossible_date"), (2, "space_id", "missing"),
                                 (2, "format", "not_allowed"), (2, "hours", "out_of_range")]
    assert (result.account.read, result.account.valid, result.account.quarantined) == (2, 1, 1)


def test_empty_looking_cells_count_as_empty_except_in_free_text():
    raw = _raw("spaces", {**{k: [v, v] for k, v in SPACE_ROW.items()},
                          "space_id": ["A", "B"], "name": ["-", "Lab"],
                          "seats": ["-", "#N/D"], "closed_on": ["n/a", ""]})
    result = validate.validate_table(raw, today=TODAY)
    assert len(result.quarantine) == 0
    assert result.valid["name"].tolist() == ["-", "Lab"]
    assert result.valid["seats"].isna().all()
    assert result.valid["closed_on"].isna().all()


def test_empty_looking_required_values_are_missing_not_wrong():
    raw = _raw("usage", {"date": ["01/03/2017"] * 3, "space_id": ["LAB"] * 3,
                         "format": ["evento"] * 3, "hours": ["N/A", " nan ", "2"]})
    result = validate.validate_table(raw, today=TODAY)
    assert _problems(result) == [(2, "hours", "missing"), (3, "hours", "missing")]
    assert result.valid["hours"].tolist() == [2.0]


def test_coordinates_rules():
    rows = {k: [v] * 4 for k, v in SPACE_ROW.items()}
    rows["space_id"] = ["A", "B", "C", "D"]
    rows["latitude"] = ["-22,9068", "-23,55", "", "95"]
    rows["longitude"] = ["-43,1729", "", "-46,63", "-46,63"]
    result = validate.validate_table(_raw("spaces", rows), today=TODAY)
    assert _problems(result) == [
        (2, "latitude/longitude", "outside_city"),
        (3, "latitude/longitude", "missing"),
        (4, "latitude/longitude", "missing"),
        (5, "latitude", "out_of_range"),
        (5, "latitude/longitude", "outside_city"),
    ]
    # Rio de Janeiro is outside the city, and not because of a swap.
    assert result.quarantine["reason"].iloc[0] == (
        "coordinates (-22,9068, -43,1729) fall outside the municipality of São Paulo")


def test_dates_before_2000_are_impossible():
    raw = _raw("spaces", {**{k: [v] for k, v in SPACE_ROW.items()}, "opened_on": ["01/01/1917"]})
    result = validate.validate_table(raw, today=TODAY)
    assert _problems(result) == [(2, "opened_on", "impossible_date")]
    assert "before 01/01/2000" in result.quarantine["reason"].iloc[0]


def test_references_see_only_valid_rows_of_earlier_data_sets():
    spaces = _raw("spaces", {"space_id": ["LAB", "BAD"], "name": ["Lab", "Bad"],
                             "host": ["SMIT", "SMIT"], "kind": ["hub", "castelo"],
                             "opened_on": ["01/01/2017", "01/01/2017"]})
    groups = _raw("groups", {"group_id": ["G1", "G2"], "name": ["Um", "Dois"],
                             "kind": ["coletivo", "coletivo"],
                             "mapped_on": ["01/02/2017", "01/02/2017"],
                             "partner_space_ids": ["LAB", "LAB|BAD"]})
    usage = _raw("usage", {"date": ["01/03/2017"] * 3, "space_id": ["LAB", "BAD", "LAB"],
                           "group_id": ["G1", "G1", "G2"], "format": ["evento"] * 3,
                           "hours": ["1"] * 3})
    projects = _raw("projects", {"project_id": ["P1"], "title": ["T"],
                                 "space_ids": ["LAB;BAD"], "partner_group_ids": ["G1"],
                                 "started_on": ["01/04/2017"], "status": ["proposto"]})
    results = validate.validate_all({"projects": projects, "usage": usage, "groups": groups,
                                     "spaces": spaces}, today=TODAY)
    assert _problems(results["groups"]) == [(3, "partner_space_ids", "unknown_reference")]
    assert results["groups"].quarantine["reason"].iloc[0] == (
        "partner_space_ids 'BAD' names no valid space (unknown, or itself in the quarantine)")
    assert _problems(results["usage"]) == [(3, "space_id", "unknown_reference"),
                                           (4, "group_id", "unknown_reference")]
    assert _problems(results["projects"]) == [(2, "space_ids", "unknown_reference")]


def test_reading_and_validating_on_threads_gives_the_same_tables_as_in_order():
    folder = Path(__file__).parent.parent / "data" / "raw" / "sample"
    from labmetrics import read

    def one(name: str) -> RawTable:
        return read.read_dataset(folder, name)

    results = [validate.read_and_validate(one, list(DATASETS), today=TODAY, threads=n)
               for n in (1, 2)]
    (raws_1, by_1), (raws_2, by_2) = results
    assert list(raws_1) == list(raws_2) == list(by_1) == list(by_2) == list(DATASETS)
    for name in DATASETS:
        pd.testing.assert_frame_equal(by_1[name].valid, by_2[name].valid)
        pd.testing.assert_frame_equal(by_1[name].quarantine, by_2[name].quarantine)
        assert by_1[name].account == by_2[name].account
        assert by_1[name].warnings == by_2[name].warnings
    assert sum(len(v.quarantine) for v in by_2.values()) > 0


def test_the_first_error_in_the_order_of_the_data_sets_is_raised_on_threads():
    from labmetrics.errors import InputError

    calls = []

    def failing(name: str) -> RawTable:
        calls.append(name)
        raise InputError(f"{name} cannot be read.", file=Path(f"{name}.csv"))

    with pytest.raises(InputError, match="spaces cannot be read"):
        validate.read_and_validate(failing, list(DATASETS), today=TODAY, threads=2,
                                   sizes={"usage": 3, "groups": 2})


def _real_tables() -> list[RawTable]:
    """Every table of the bundled samples, tests/data/messy and the bad-input corpus that
    reads (the corpus holds files that must not)."""
    from labmetrics import read
    from labmetrics.errors import LabmetricsError

    root = Path(__file__).parent
    tables = [read.read_dataset(folder, name) for folder in (
        root.parent / "data" / "raw" / "sample", root.parent / "data" / "raw" /
        "sample-MVD-EJEMPLO", root / "data" / "messy") for name in DATASETS]
    for path in sorted((root / "data" / "bad").glob("*__*.*")):
        try:
            tables.append(read.read_file(path, path.name.split("__")[0]))
        except LabmetricsError:
            continue
    return tables


def test_distinct_trimmed_texts_are_those_of_the_trimmed_cells():
    tables = _real_tables()
    assert len(tables) > 50
    for raw in tables:
        frame = raw.frame.reset_index(drop=True)
        for col in DATASETS[raw.dataset].columns:
            if col.name not in frame:
                continue
            cells = frame[col.name].astype(str)
            distinct, text = validate._Distinct.trimmed(cells)
            reference = validate._Distinct.of(cells.str.strip())
            assert np.array_equal(distinct.codes, reference.codes), (raw.file, col.name)
            pd.testing.assert_series_equal(distinct.texts, reference.texts)
            pd.testing.assert_series_equal(text, cells.str.strip())


def test_parsing_distinct_texts_gives_what_parsing_every_row_gives(monkeypatch):
    def parse(raw: RawTable) -> tuple[dict[str, pd.Series], pd.DataFrame]:
        frame = raw.frame.reset_index(drop=True)
        problems = validate._Problems(len(frame))
        parsed = validate._parse_columns(frame, raw.dataset, problems, TODAY)
        return parsed, problems.table()

    tables = _real_tables()
    by_distinct = [parse(raw) for raw in tables]

    def every_row(cells: pd.Series) -> tuple[validate._Distinct, pd.Series]:
        text = cells.str.strip()
        return validate._Distinct(np.arange(len(text)), text.rename(None)), text

    # Each row its own text: parsed, checked and typed where it stands.
    monkeypatch.setattr(validate._Distinct, "trimmed", staticmethod(every_row))
    checked = 0
    for raw, (parsed, problems) in zip(tables, by_distinct, strict=True):
        rows, row_problems = parse(raw)
        assert list(parsed) == list(rows)
        for name, values in parsed.items():
            pd.testing.assert_series_equal(values, rows[name], check_exact=True)
            pd.testing.assert_series_equal(values.attrs["text"], rows[name].attrs["text"])
        pd.testing.assert_frame_equal(problems, row_problems, check_exact=True)
        checked += len(problems)
    assert checked > 100


def test_kept_rows_drop_the_rows_set_aside_and_keep_types():
    columns = {"a": pd.Series(["x", None, "z"], dtype="string"),
               "b": pd.Series([1.0, 2.0, 3.0]),
               "c": pd.Series(pd.to_datetime(["2017-01-01", None, "2017-01-03"]))}
    every = validate._kept_rows(columns, np.ones(3, dtype=bool))
    pd.testing.assert_frame_equal(every, pd.DataFrame(columns))
    some = validate._kept_rows(columns, np.array([True, False, True]))
    pd.testing.assert_frame_equal(some, pd.DataFrame(columns)[[True, False, True]]
                                  .reset_index(drop=True))


def test_group_joining_before_mapping_is_a_warning():
    raw = _raw("groups", {"group_id": ["G1"], "name": ["Um"], "kind": ["coletivo"],
                          "mapped_on": ["01/06/2017"], "network_joined_on": ["01/05/2017"]})
    result = validate.validate_table(raw, today=TODAY)
    assert result.account.valid == 1
    assert result.warnings == (
        "test.csv: 1 group(s) joined the network before they were mapped (lines 2); check "
        "network_joined_on and mapped_on.",)


def test_validation_is_fast_on_many_usage_rows():
    n = 200_000
    rng = np.random.default_rng(1)
    raw = _raw("usage", {
        "date": pd.Series(rng.integers(1, 28, n)).astype(str).str.zfill(2) + "/05/2017",
        "space_id": np.where(rng.random(n) < 0.5, "LAB", "MOB"),
        "group_id": "G" + pd.Series(rng.integers(1, 50, n)).astype(str),
        "format": "coworking", "hours": "2,5", "participants": "3",
    })
    raw.frame.loc[7, "hours"] = "30"
    refs = {"spaces": pd.Index(["LAB", "MOB"]), "groups": pd.Index([f"G{i}" for i in range(50)])}
    result = validate.validate_table(raw, refs, today=TODAY)
    assert result.account.read == n
    assert _problems(result) == [(9, "hours", "out_of_range")]
