"""The change of every indicator since a previous period, on the hand-built city."""

from __future__ import annotations

import pytest
from evidence_city import END, START, city, sao0005

from labmetrics import evidence
from labmetrics.dataset import LabData


@pytest.fixture(scope="module")
def data() -> LabData:
    return city()


@pytest.fixture(scope="module")
def commitment():
    return sao0005()


@pytest.fixture(scope="module")
def ev(data, commitment) -> evidence.CommitmentEvidence:
    return evidence.assess(data, commitment, START, END)


def test_compare_periods_gives_the_change_of_each_indicator(data, commitment, ev) -> None:
    before = evidence.assess(data, commitment, "2016-01-01", "2016-12-31")
    change = evidence.compare_periods(ev, before).set_index("indicator")
    assert list(change.columns) == ["milestone", "unit", "previous", "current", "change"]
    assert change.loc["groups_mapped", ["previous", "current", "change"]].tolist() == [1, 4, 3]
    assert change.loc["usage_hours", ["previous", "current", "change"]].tolist() == [8, 25, 17]
    assert change.loc["osi_licence_share", "previous"] == 1.0  # P2 (MIT) and P5 (GPL)
    assert change.loc["osi_licence_share", "change"] == -0.5
    assert len(change) == len(ev.commitment.indicator_ids)
