"""The directory of partners on a day, against the mapping worked out by hand in
tests/directory_city.py."""

from __future__ import annotations

import pandas as pd
import pytest
from directory_city import AS_OF, HIDDEN, NAMED, make_frames

from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.network.directory import (
    LISTED_COLUMNS,
    directory,
    opted_out,
    partners_on,
)


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(**make_frames())


def test_listed_are_exactly_the_partners_of_the_day_who_did_not_opt_out(data) -> None:
    d = directory(data, AS_OF)
    assert d.partners["name"].tolist() == list(NAMED)
    assert d.partners["group_id"].tolist() == ["G1", "G6"]
    assert d.opted_out == 1  # G2
    assert d.total == 3
    assert list(d.partners.columns) == list(LISTED_COLUMNS)


def test_who_joined_and_who_left_since_the_end_of_the_year_before(data) -> None:
    d = directory(data, AS_OF)
    assert d.since == pd.Timestamp("2017-12-31")
    assert d.joined["name"].tolist() == ["Laboratório Ótimo"]
    assert d.joined_opted_out == 1  # G2
    assert d.left["name"].tolist() == ["Rede Que Saiu"]
    assert d.left_opted_out == 1  # G7
    hidden = {*d.joined["name"], *d.left["name"], *d.partners["name"]} & set(HIDDEN)
    assert hidden == set()


def test_an_earlier_day_keeps_those_who_had_not_left_yet(data) -> None:
    d = directory(data, "2018-04-01")
    assert d.partners["name"].tolist() == list(NAMED)
    assert d.opted_out == 1  # G7 leaves in May; G2 joins in June
    assert d.since == pd.Timestamp("2017-12-31")


def test_spaces_and_projects_up_to_the_day(data) -> None:
    rows = directory(data, AS_OF).partners.set_index("group_id")
    assert rows.at["G1", "spaces"] == ["LabProdam"]
    assert rows.at["G1", "projects"] == ["Mapa Colaborativo"]
    assert rows.at["G6", "spaces"] == []  # its only use is in 2019
    assert rows.at["G6", "projects"] == ["Mapa Colaborativo"]
    assert rows.at["G1", "region"] == "Centro"
    assert pd.isna(rows.at["G6", "district_name"])


def test_no_contact_column_is_listed(data) -> None:
    d = directory(data, AS_OF)
    for frame in (d.partners, d.joined, d.left):
        assert not {"contact_name", "contact_email", "contact_phone"} & set(frame.columns)


def test_masks_on_the_day(data) -> None:
    groups = data.groups.set_index("group_id")
    on = partners_on(groups, "2018-03-01")
    # G5 left on 03-01: not a partner that day; G7 leaves later.
    assert on[on].index.tolist() == ["G1", "G6", "G7"]
    assert opted_out(groups)[lambda s: s].index.tolist() == ["G2", "G7"]


def test_a_later_previous_day_is_refused(data) -> None:
    with pytest.raises(ConfigError, match="later day"):
        directory(data, "2018-01-01", "2018-06-01")


def test_the_default_day_is_the_end_of_the_data(data) -> None:
    d = directory(data)
    assert d.as_of == pd.Timestamp("2019-03-01")  # P2's start, the last date of the data
    assert d.since == pd.Timestamp("2018-12-31")
    assert d.partners["name"].tolist() == [*NAMED[:1], "Startup Água Futura", NAMED[1]]
