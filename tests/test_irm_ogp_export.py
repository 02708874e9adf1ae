"""Tests of labmetrics.irm.ogp_export and labmetrics.irm.ogp_columns: the OGP export reader,
and the star of its rows (compute_stars, explain_commitment).

The fixture tests/data/ogp/commitments.csv is written by hand in OGP's export layout with
invented commitments; its "Starred" columns were filled in by hand with the current formula
(every plan in it was assessed after 2015), never by calling labmetrics.
"""

from __future__ import annotations

import csv
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
    assert list(df.columns[:6]) == [
        "commitment_id", "source_row", "country_locality", "national_or_local",
        "action_plan_end_year", "specificity",
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
    assert "commitment_title" not in df and "action_plan_start_year" not in df

    by_id = df.set_index("commitment_id")
    assert by_id.loc["EXL0001", "country_locality"] == "São Exemplo, Brazil"
    assert by_id["national_or_local"].value_counts().to_dict() == {"Local": 11, "National": 9}
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
