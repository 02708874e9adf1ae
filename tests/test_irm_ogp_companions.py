"""Tests of labmetrics.irm.ogp_companions: the numbers OGP's export writes beside its labels,
checked on the real export (tests/data/ogp/open_parliament_0703.csv, see its SOURCES.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from labmetrics.irm.ogp_companions import (
    COMPANIONS,
    RELEVANCE_COMPANION,
    disagreements,
    read_number,
    relevance_disagreements,
)
from labmetrics.irm.ogp_export import read_ogp_commitments

REAL = Path(__file__).parent / "data" / "ogp" / "open_parliament_0703.csv"


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    with REAL.open(encoding="utf-8", newline="") as fh:
        return pd.DataFrame(list(csv.DictReader(fh)))


def test_read_number_reads_whole_numbers_and_nothing_else() -> None:
    assert [read_number(t) for t in ["2", " 3 ", "4.0", "-1", "ND", "NA", "", "two", "2.5"]] \
        == [2, 3, 4, -1, None, None, None, None, None]


def test_every_companion_of_the_real_export_agrees_with_its_label_but_three(
    cells: pd.DataFrame,
) -> None:
    headers = read_ogp_commitments(REAL).attrs["headers"]
    found = {}
    for name, companion in COMPANIONS.items():
        reasons = disagreements(cells[headers[name]], cells[companion.header], companion)
        found |= {(cells.at[i, "Commitment Unique Identifier"], companion.header): reason
                  for i, reason in reasons.dropna().items()}
        # The numbers were checked label by label, not merely not contradicted.
        labels = cells[headers[name]]
        known = labels.map(lambda t, c=companion: (m := c.scale.get(t)) is not None
                           and m.label in c.numbers)
        assert known.sum() > 0, name
    assert found == {
        ("JO0048", "_DIOGCP"): "the label 'Marginal' means 3 but '_DIOGCP' holds 0 (which "
                               "means 'Not Applicable')",
        ("JO0050", "_DIOGATI"): "the label 'Not Applicable' means 0 but '_DIOGATI' holds 2 "
                                "(which means 'Did Not Change')",
        ("JO0050", "_DIOGCP"): "the label 'Marginal' means 3 but '_DIOGCP' holds 0 (which "
                               "means 'Not Applicable')",
    }


def test_a_number_meaning_two_labels_names_both() -> None:
    overall = COMPANIONS["did_it_open_government_overall"]
    assert overall.meaning(1) == "'Did Not Change' or 'No early results to report yet'"
    assert overall.meaning(9) == "no label"
    labels = pd.Series(["Worsens", "Major", "ND", "Very High", "Major"])
    numbers = pd.Series(["0", "3", "2", "1", "NR"])
    assert disagreements(labels, numbers, overall).isna().all()


def test_relevant_is_checked_against_the_three_values_a_star_counts() -> None:
    flags = [pd.array(v, dtype="boolean") for v in (
        [False, True, None, False], [False, False, None, False], [False, False, None, False])]
    said = pd.Series(["1", "1", "1", "0"])
    reasons = relevance_disagreements([pd.Series(f) for f in flags], said)
    assert reasons.notna().tolist() == [True, False, False, False]
    assert reasons[0].startswith(f"'{RELEVANCE_COMPANION}' holds 1 (relevant) but")
