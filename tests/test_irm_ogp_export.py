"""Tests of labmetrics.irm.ogp_export and labmetrics.irm.ogp_columns: the OGP export reader,
and the star of its rows (compute_stars, explain_commitment).

Two inputs (tests/data/ogp/SOURCES.md): OGP's real export open_parliament_0703.csv, checked
against OGP's own star columns, and commitments.csv, written by hand in OGP's layout with
invented commitments for the cases the real export lacks (hand-edited spellings, unreadable
and blank ratings, No Evidence Available, tag columns); its "Starred" columns were filled in by
hand with the current formula, never by calling labmetrics.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from labmetrics.errors import InputError
from labmetrics.irm import (
    STATUS_CATEGORIES,
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    IRMError,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    StarCriterion,
    compute_stars,
    explain_commitment,
    read_ogp_commitments,
)

FIXTURE = Path(__file__).parent / "data" / "ogp" / "commitments.csv"
REAL = Path(__file__).parent / "data" / "ogp" / "open_parliament_0703.csv"
REAL_SHA256 = "bc20a49fa3b49ee89ae922978ef428843171c5a64149577678b58c9f1127049e"

# ---------------------------------------------------------------------------------------------
# The OGP export

# Stars under the 2014 formula, worked out by hand from the fixture's ratings.
STARS_2014 = {
    "EXN0001": (True, True), "EXN0002": (True, True), "EXN0003": (False, False),
    "EXN0004": (False, False), "EXN0005": (False, True), "EXN0006": (False, False),
    "EXN0007": (False, False), "EXN0008": (False, False), "EXN0009": (None, None),
    "EXL0001": (True, None), "EXL0002": (True, None), "EXL0003": (None, None),
    "EXL0004": (None, None), "EXL0005": (None, None), "EXL0006": (False, False),
    "EXL0007": (None, None), "EXL0008": (True, True), "EXL0009": (None, None),
    "EXL0010": (None, None), "EXL0011": (None, None),
}


def _values(series: pd.Series) -> list[Any]:
    """Cells as plain Python values, None for missing (numpy booleans become bool)."""
    return [None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in series]


@pytest.fixture(scope="module")
def commitments() -> pd.DataFrame:
    return read_ogp_commitments(FIXTURE)


def _write_xlsx(source: Path, target: Path) -> None:
    """The fixture as OGP's XLSX would hold it: numbers as numbers, empty cells empty."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        cells: list[Any] = []
        for text in row:
            if text.isdigit():
                cells.append(int(text))
            elif text in ("TRUE", "true", "false"):
                cells.append(text.lower() == "true")
            else:
                cells.append(text or None)
        sheet.append(cells)
    book.save(target)


def test_reads_one_typed_row_per_commitment(commitments: pd.DataFrame) -> None:
    df = commitments
    assert len(df) == 20  # the trailing empty row is not a commitment
    assert df["commitment_id"].is_unique
    assert list(df.columns[:7]) == [
        "commitment_id", "source_row", "country_locality", "national_or_local",
        "legacy_local", "action_plan_end_year", "specificity",
    ]
    assert df["source_row"].tolist() == list(range(2, 22))
    assert df["action_plan_end_year"].dtype == "Int64"
    assert df["action_plan_end_year"].min() == 2016 and df["action_plan_end_year"].max() == 2024
    for column, scale in [
        ("specificity", Specificity), ("potential_impact", PotentialImpact),
        ("completion_progress_report", Completion), ("completion_end_of_term", Completion),
        ("did_it_open_government_overall", DidItOpenGovernment),
        ("did_it_open_government_access_to_information", DidItOpenGovernment),
        ("potential_for_results", PotentialForResults), ("early_results", EarlyResults),
    ]:
        assert df[column].dtype == scale.dtype(), column
    for column in ["ogp_value_access_to_information", "ogp_value_civic_participation",
                   "ogp_value_public_accountability", "ogp_value_technology", "verifiable",
                   "open_government_lens", "ogp_starred_progress", "ogp_starred_end_of_term",
                   "starred_progress", "starred_end_of_term", "policy_area_open_data",
                   "policy_area_public_service_delivery"]:
        assert df[column].dtype == "boolean", column
    assert df["tags"].dtype == "string"
    assert df["commitment_title"].dtype == "string"
    assert "action_plan_start_year" not in df
    assert not df["legacy_local"].any()

    by_id = df.set_index("commitment_id")
    assert by_id.loc["EXL0001", "country_locality"] == "São Exemplo, Brazil"
    assert by_id["national_or_local"].value_counts().to_dict() == {
        "Local": 11, "National": 9, "Other": 0}
    assert by_id.loc["EXL0008", "national_or_local"] == "Local"  # written "local"
    assert by_id.loc["EXL0008", "specificity"] == "Medium"  # written "  medium "
    assert by_id.loc["EXL0008", "completion_end_of_term"] == "Complete"
    assert by_id.loc["EXL0008", "did_it_open_government_overall"] == "Did Not Change"
    assert _values(by_id.loc["EXL0008", [
        "ogp_value_access_to_information", "ogp_value_civic_participation",
        "ogp_value_public_accountability", "ogp_value_technology",
        "policy_area_open_data", "policy_area_public_service_delivery",
    ]]) == [True, False, False, True, True, False]
    assert _values(by_id.loc["EXL0003", [
        "ogp_value_access_to_information", "ogp_value_civic_participation",
        "ogp_value_public_accountability",
    ]]) == [True, True, False]
    assert by_id.loc["EXN0001", "tags"] == "open data; fiscal openness"
    assert pd.isna(by_id.loc["EXN0003", "tags"])
    assert pd.isna(by_id.loc["EXL0006", "policy_area_public_service_delivery"])  # ND
    assert by_id.loc["EXN0009", "potential_for_results"] == "Substantial"
    assert by_id.loc["EXL0010", "early_results"] == "No notable results"
    assert _values(by_id["verifiable"]).count(True) == 2

    # Ordered categoricals compare as the IRM orders them.
    done = df.loc[df["completion_end_of_term"] >= "Substantial", "commitment_id"]
    assert set(done) == {"EXN0001", "EXN0002", "EXN0003", "EXN0004", "EXN0005", "EXN0006",
                         "EXN0009", "EXL0003", "EXL0004", "EXL0005", "EXL0007", "EXL0008",
                         "EXL0011"}
    assert df["did_it_open_government_overall"].max() == "Outstanding"
    assert df["did_it_open_government_overall"].min() == "Worsened"


def test_computed_stars_agree_with_the_exports_own_star_columns(
    commitments: pd.DataFrame,
) -> None:
    df = commitments
    assert _values(df["starred_progress"]) == _values(df["ogp_starred_progress"])
    assert _values(df["starred_end_of_term"]) == _values(df["ogp_starred_end_of_term"])
    # The fixture exercises every outcome, including open stars, at both stages.
    for column in ("starred_progress", "starred_end_of_term"):
        assert set(_values(df[column])) == {True, False, None}


def test_stars_under_the_2014_formula(commitments: pd.DataFrame) -> None:
    progress = compute_stars(commitments, completion="completion_progress_report",
                             formula="2014")
    end = compute_stars(commitments, formula="2014")
    got = dict(zip(commitments["commitment_id"],
                   zip(_values(progress), _values(end), strict=True), strict=True))
    assert got == STARS_2014


@pytest.mark.parametrize("stage", ["progress_report", "end_of_term"])
@pytest.mark.parametrize("formula", ["current", "2014"])
def test_explain_commitment_matches_the_vectorised_star(
    commitments: pd.DataFrame, stage: Any, formula: Any
) -> None:
    stars = compute_stars(commitments, completion=f"completion_{stage}", formula=formula)
    for (_, row), star in zip(commitments.iterrows(), _values(stars), strict=True):
        assert explain_commitment(row, stage=stage, formula=formula).starred is star


def test_explain_commitment_reports_withdrawn_and_codes(commitments: pd.DataFrame) -> None:
    by_id = commitments.set_index("commitment_id", drop=False)
    withdrawn = explain_commitment(by_id.loc["EXN0007"])
    assert withdrawn.failed == (StarCriterion.COMPLETION,)
    assert withdrawn.reasons == ("Completion is Withdrawn; a star needs Substantial or Complete.",)
    not_reviewed = explain_commitment(by_id.loc["EXL0004"], stage="progress_report")
    assert not_reviewed.starred is None
    assert not_reviewed.reasons == ("Potential impact is not known (NR).",)
    technology = explain_commitment(by_id.loc["EXN0004"])
    assert technology.failed == (StarCriterion.RELEVANCE,)
    assert "alone does not count" in technology.reasons[0]
    with pytest.raises(IRMError):
        explain_commitment(by_id.loc["EXN0004"], stage="midterm")  # type: ignore[arg-type]


def test_missing_values_keep_their_reason(commitments: pd.DataFrame) -> None:
    df = commitments
    status_columns = [c for c in df.columns if c.endswith("_status")]
    assert "commitment_id_status" not in status_columns
    assert "tags_status" not in status_columns
    for column in status_columns:
        value = df[column.removesuffix("_status")]
        assert df[column].dtype == pd.CategoricalDtype(list(STATUS_CATEGORIES))
        # The status says why exactly where the value is missing.
        assert (value.isna() == df[column].notna()).all(), column

    by_id = df.set_index("commitment_id")
    assert by_id.loc["EXL0003", "specificity_status"] == "ND"
    assert by_id.loc["EXL0004", "potential_impact_status"] == "NR"
    assert by_id.loc["EXN0009", "specificity_status"] == "NA"
    assert by_id.loc["EXL0006", "completion_end_of_term_status"] == "NR"
    assert by_id.loc["EXL0001", "completion_end_of_term_status"] == "blank"
    assert by_id.loc["EXL0002", "completion_end_of_term_status"] == "ND"
    assert by_id.loc["EXL0005", "ogp_value_access_to_information_status"] == "NA"
    assert by_id.loc["EXL0006", "ogp_value_civic_participation_status"] == "ND"
    assert by_id.loc["EXN0007", "completion_end_of_term_status"] == "Withdrawn"
    assert by_id.loc["EXN0008", "completion_progress_report_status"] == "No Evidence Available"
    assert by_id.loc["EXN0008", "completion_end_of_term_status"] == "Unclear"
    assert by_id.loc["EXN0007", "did_it_open_government_overall_status"] == "Not Applicable"
    assert by_id.loc["EXL0007", "specificity_status"] == "invalid"
    assert pd.isna(by_id.loc["EXN0001", "specificity_status"])


def test_unknown_cells_become_missing_with_a_warning(commitments: pd.DataFrame) -> None:
    warnings = commitments.attrs["warnings"]
    assert len(warnings) == 1
    (warning,) = warnings
    assert (warning.row, warning.commitment_id, warning.column, warning.value) == (
        17, "EXL0007", "Specificity", "Very High",
    )
    assert "Specificity" in warning.message
    assert commitments.attrs["source"] == str(FIXTURE)
    assert commitments.attrs["headers"]["completion_end_of_term"] == "Completion (End Of Term)"


def test_xlsx_export_reads_like_the_csv(tmp_path: Path, commitments: pd.DataFrame) -> None:
    target = tmp_path / "commitments.xlsx"
    _write_xlsx(FIXTURE, target)
    from_xlsx = read_ogp_commitments(target)
    pd.testing.assert_frame_equal(from_xlsx, commitments)
    assert from_xlsx.attrs["warnings"] == commitments.attrs["warnings"]
    assert from_xlsx.attrs["source"] == str(target)


def _rewrite(tmp_path: Path, edit: Any, name: str = "export.csv") -> Path:
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    frame = edit(frame)
    target = tmp_path / name
    frame.to_csv(target, index=False)
    return target


def test_headers_match_whatever_their_case_and_spacing(tmp_path: Path,
                                                       commitments: pd.DataFrame) -> None:
    target = _rewrite(tmp_path, lambda f: f.rename(columns=lambda h: f"  {h.upper()} "))
    renamed = read_ogp_commitments(target)
    assert list(renamed.columns) == list(commitments.columns)
    assert _values(renamed["starred_end_of_term"]) == _values(commitments["starred_end_of_term"])


def test_a_missing_column_names_the_file_the_column_and_the_fix(tmp_path: Path) -> None:
    target = _rewrite(tmp_path, lambda f: f.drop(columns=["Completion (End Of Term)"]))
    with pytest.raises(InputError) as info:
        read_ogp_commitments(target)
    error = info.value
    assert error.file == str(target) and error.line == 1
    assert "'Completion (End Of Term)'" in error.message
    assert error.fix is not None and "rename" in error.fix
    assert "Completion (End Of Term)" in error.fix
    assert str(target) in str(error)

    target = _rewrite(
        tmp_path,
        lambda f: f.drop(columns=["Commitment Unique Identifier", "OGP Value Technology"]),
    )
    with pytest.raises(InputError, match="columns 'Commitment Unique Identifier', 'OGP Value"):
        read_ogp_commitments(target)


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    optional = ["Verifiable", "Open Government Lens", "Starred (Progress Report)",
                "Starred (End Of Term)", "Did It Open Government (Access To Information)",
                "Policy Area: Open Data", "Policy Area: Public Service Delivery", "Tags"]
    df = read_ogp_commitments(_rewrite(tmp_path, lambda f: f.drop(columns=optional)))
    assert not {"verifiable", "ogp_starred_progress", "tags", "policy_area_open_data"} & set(
        df.columns
    )
    assert df["starred_progress"].notna().sum() == 12


def test_bad_identifiers_and_cells_are_reported_not_fatal(tmp_path: Path) -> None:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[1, "Commitment Unique Identifier"] = ""
        frame.loc[3, "Commitment Unique Identifier"] = "EXN0001"
        frame.loc[4, "OGP Value Civic Participation"] = "Maybe"
        frame.loc[5, "Action Plan End Year"] = "2016/17"
        frame.loc[6, "National Or Local"] = "Regional"
        return frame

    df = read_ogp_commitments(_rewrite(tmp_path, edit))
    assert len(df) == 19
    found = [(w.row, w.commitment_id, w.column, w.value) for w in df.attrs["warnings"]]
    assert found == [
        (3, None, "Commitment Unique Identifier", ""),
        (5, "EXN0001", "Commitment Unique Identifier", "EXN0001"),
        (6, "EXN0005", "OGP Value Civic Participation", "Maybe"),
        (7, "EXN0006", "Action Plan End Year", "2016/17"),
        (8, "EXN0007", "National Or Local", "Regional"),
        (17, "EXL0007", "Specificity", "Very High"),
    ]
    row = df.set_index("source_row").loc[6]
    assert pd.isna(row["ogp_value_civic_participation"])
    assert row["ogp_value_civic_participation_status"] == "invalid"
    # EXN0005's star rested on civic participation alone: now it is open.
    assert pd.isna(row["starred_end_of_term"])


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("missing.csv", None, "does not exist"),
        ("export.json", "{}", "'.json' files"),
        ("empty.csv", "", "empty"),
        ("broken.xlsx", "not a zip file", "cannot be read"),
    ],
)
def test_unusable_files_raise_input_errors(
    tmp_path: Path, name: str, content: str | None, match: str
) -> None:
    target = tmp_path / name
    if content is not None:
        target.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match) as info:
        read_ogp_commitments(target)
    assert info.value.file == str(target) and info.value.fix


def test_a_large_export_is_read_quickly(tmp_path: Path) -> None:
    def repeat(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame["Commitment Unique Identifier"] != ""]
        big = pd.concat([frame] * 250, ignore_index=True)
        big["Commitment Unique Identifier"] = [f"X{i:05d}" for i in range(len(big))]
        return big

    import time

    target = _rewrite(tmp_path, repeat)
    start = time.perf_counter()
    df = read_ogp_commitments(target)
    elapsed = time.perf_counter() - start
    assert len(df) == 5000
    assert df["starred_end_of_term"].sum() == 3 * 250
    assert elapsed < 10  # a row loop with per-cell parsing takes far longer at this size


# ---------------------------------------------------------------------------------------------
# OGP's real export


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return read_ogp_commitments(REAL)


def _labels(column: str) -> pd.Series:
    """The export's own cells of ``column``, read without labmetrics."""
    with REAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return pd.Series([r[column] for r in rows])


def test_the_real_export_is_the_one_its_sources_note_names() -> None:
    assert hashlib.sha256(REAL.read_bytes()).hexdigest() == REAL_SHA256
    assert REAL_SHA256 in (REAL.parent / "SOURCES.md").read_text(encoding="utf-8")


def test_the_real_export_reads_each_label_from_its_own_column(real: pd.DataFrame) -> None:
    assert len(real) == 558 and real["commitment_id"].is_unique
    headers = real.attrs["headers"]
    # The numeric companions ("_Specificity" holding 2) never replace the labels.
    assert headers["specificity"] == "Specificity"
    assert headers["potential_impact"] == "Potential Impact"
    assert headers["potential_for_results"] == "Potential for Results"
    assert headers["early_results"] == "Early Results"
    assert headers["did_it_open_government_public_accountability"] == (
        "Did It Open Government: Public Accountability")
    assert headers["ogp_starred_2015_only"] == "Starred (2015 Only)"
    assert not any(h.startswith("_") for h in headers.values())
    for column, header in [("specificity", "Specificity"),
                           ("potential_impact", "Potential Impact"),
                           ("completion_progress_report", "Completion (Progress Report)"),
                           ("completion_end_of_term", "Completion (End Of Term)")]:
        texts = _labels(header)
        rated = texts[real[column].notna()]
        assert rated.tolist() == real[column].dropna().astype(str).tolist(), column
    assert real["specificity"].value_counts().to_dict() == {
        "None": 2, "Low": 28, "Medium": 81, "High": 101}
    assert real["specificity_status"].value_counts()[["ND", "NR"]].tolist() == [288, 58]
    assert real["potential_impact"].value_counts()["Transformative"] == 77
    # Every cell is read: the only warnings are the four label/number disagreements.
    assert [(w.commitment_id, w.column) for w in real.attrs["warnings"]] == [
        ("JO0048", "Did It Open Government (Civic Participation)"),
        ("JO0050", "Did It Open Government (Access To Information)"),
        ("JO0050", "Did It Open Government (Civic Participation)"),
        ("SK0116", "_Relevant"),
    ]


def test_the_real_exports_levels_of_government_and_other_spellings(real: pd.DataFrame) -> None:
    assert real["national_or_local"].value_counts().to_dict() == {
        "National": 546, "Local": 10, "Other": 2}
    legacy = real.loc[real["legacy_local"].astype(bool), "commitment_id"]
    assert sorted(legacy) == ["BUE0009", "COT0001", "COT0005", "JAL0008", "KAD0004",
                              "MAD0005", "SCO0001", "SCO0005", "SCO0006", "TBI0008"]
    by_id = real.set_index("commitment_id")
    assert by_id.loc["XK0011", "national_or_local"] == "Other"  # Kosovo
    overall = real["did_it_open_government_overall"]
    assert overall.value_counts()["Worsened"] == 1  # written "Worsens"
    assert (real["did_it_open_government_overall_status"]
            == "No early results to report yet").sum() == 22
    assert by_id.loc["BUE0009", "commitment_title"] == (
        "Open data and participation in the Legislature.")
    assert by_id.loc["BUE0009", "url"].endswith("/buenos-aires-argentina/commitments/bue0009")


@pytest.mark.parametrize(("computed", "ogp"), [
    ("starred_progress", "ogp_starred_progress"),
    ("starred_end_of_term", "ogp_starred_end_of_term"),
])
def test_stars_on_the_real_export_agree_with_ogps_own(
    real: pd.DataFrame, computed: str, ogp: str
) -> None:
    rated = real[real[ogp].notna()]
    assert len(rated) == {"ogp_starred_progress": 213, "ogp_starred_end_of_term": 170}[ogp]
    known = rated[rated[computed].notna()]
    assert len(known) / len(rated) >= 0.99
    assert (known[computed] == known[ogp]).all()
    assert known[computed].sum() == {"starred_progress": 32, "starred_end_of_term": 24}[computed]


def test_the_only_open_star_of_a_rated_row_has_no_completion(real: pd.DataFrame) -> None:
    # BUE0009 passes every other criterion at the progress report, whose completion is ND.
    # OGP's column writes 0 there; labmetrics leaves a star it cannot decide open.
    rated = real[real["ogp_starred_progress"].notna()]
    open_ = rated[rated["starred_progress"].isna()]
    assert open_["commitment_id"].tolist() == ["BUE0009"]
    row = open_.iloc[0]
    assert row["completion_progress_report_status"] == "ND"
    assert not row["ogp_starred_progress"]
    result = explain_commitment(row, stage="progress_report")
    assert result.unknown == (StarCriterion.COMPLETION,) and not result.failed


def test_verifiable_stands_in_for_a_specificity_the_irm_did_not_give(real: pd.DataFrame) -> None:
    by_id = real.set_index("commitment_id", drop=False)
    row = by_id.loc["AR0045"]  # specificity ND, verifiable Yes, starred by OGP at end of term
    assert row["specificity_status"] == "ND" and row["verifiable"]
    assert row["ogp_starred_end_of_term"] and row["starred_end_of_term"]
    assert explain_commitment(row).checks[0].reason == (
        "Specificity is not rated; the IRM found the design verifiable.")
    # Wherever both are given, Verifiable is Yes exactly for Medium and High specificity.
    both = real[real["specificity"].notna() & real["verifiable"].notna()]
    assert len(both) == 212
    assert ((both["specificity"] >= "Medium") == both["verifiable"]).all()


def test_the_2015_star_column_is_the_original_formula_at_the_progress_report(
    real: pd.DataFrame,
) -> None:
    original = compute_stars(real, completion="completion_progress_report", formula="2014")
    rated = real["ogp_starred_2015_only"].notna() & original.notna()
    assert rated.sum() >= 0.98 * real["ogp_starred_2015_only"].notna().sum()
    assert (original[rated] == real.loc[rated, "ogp_starred_2015_only"]).all()


def _rewrite_real(tmp_path: Path, edit: Any) -> Path:
    """The real export with its header row and cells edited as raw text."""
    with REAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = edit(rows)
    target = tmp_path / "export.csv"
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return target


def test_headers_in_any_case_and_order_keep_labels_and_numbers_apart(
    tmp_path: Path, real: pd.DataFrame
) -> None:
    def shout_and_reverse(rows: list[list[str]]) -> list[list[str]]:
        rows[0] = [f" {h.upper()}  " for h in rows[0]]
        return [row[::-1] for row in rows]

    again = read_ogp_commitments(_rewrite_real(tmp_path, shout_and_reverse))
    assert again.attrs["headers"]["specificity"] == "SPECIFICITY"
    columns = [c for c in real.columns if c != "source_row"]
    pd.testing.assert_frame_equal(again[columns], real[columns])


def test_unknown_empty_named_and_repeated_extra_columns_are_read_past(
    tmp_path: Path, real: pd.DataFrame
) -> None:
    def add_columns(rows: list[list[str]]) -> list[list[str]]:
        extra = [["", "Notes", "Notes", "Region"], *[["x", "a", "b", "c"]] * (len(rows) - 1)]
        return [row + more for row, more in zip(rows, extra, strict=True)]

    again = read_ogp_commitments(_rewrite_real(tmp_path, add_columns))
    pd.testing.assert_frame_equal(again, real)
    assert again.attrs["warnings"] == real.attrs["warnings"]


@pytest.mark.parametrize(("second", "named"), [
    ("Specificity", "'Specificity' (column 109) and 'Specificity' (column 172)"),
    ("Did It Open Government: Civic Participation",
     "'Did It Open Government (Civic Participation)' (column 138) and "
     "'Did It Open Government: Civic Participation' (column 172)"),
])
def test_two_headers_for_one_column_are_named(tmp_path: Path, second: str, named: str) -> None:
    def add(rows: list[list[str]]) -> list[list[str]]:
        return [[*row, second if i == 0 else ""] for i, row in enumerate(rows)]

    target = _rewrite_real(tmp_path, add)
    with pytest.raises(InputError) as info:
        read_ogp_commitments(target)
    assert named in info.value.message
    assert info.value.line == 1 and info.value.fix and "rename one of" in info.value.fix


def test_a_spelling_shared_by_two_headers_is_not_guessed(tmp_path: Path) -> None:
    def respell(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index("Potential Impact")
        rows[0][at] = "potential impact"
        return [[*row, rows[0][at].upper() if i == 0 else ""] for i, row in enumerate(rows)]

    with pytest.raises(InputError, match=r"'potential impact' .* and 'POTENTIAL IMPACT'"):
        read_ogp_commitments(_rewrite_real(tmp_path, respell))


def test_a_label_its_number_contradicts_is_read_as_missing(tmp_path: Path) -> None:
    def contradict(rows: list[list[str]]) -> list[list[str]]:
        ids = [r[0] for r in rows]
        row = rows[ids.index("AR0045")]
        row[rows[0].index("_Potential Impact")] = "1"  # the label says Transformative (3)
        return rows

    df = read_ogp_commitments(_rewrite_real(tmp_path, contradict))
    row = df.set_index("commitment_id").loc["AR0045"]
    assert pd.isna(row["potential_impact"])
    assert row["potential_impact_status"] == "disagrees"
    assert pd.isna(row["starred_end_of_term"])  # no longer decided, not guessed
    (warning,) = [w for w in df.attrs["warnings"] if w.commitment_id == "AR0045"]
    assert (warning.column, warning.value) == ("Potential Impact", "Transformative")
    assert warning.message == ("the label 'Transformative' means 3 but '_Potential Impact' "
                               "holds 1 (which means 'Minor'); read as missing.")
