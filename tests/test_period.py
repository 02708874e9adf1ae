"""The one period type: every way a period comes in is checked by Period.of, one message."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from labmetrics import evidence, network
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.period import Period
from labmetrics.report import jobs


@pytest.mark.parametrize("start", ["2017-01-01", date(2017, 1, 1), datetime(2017, 1, 1, 15),
                                   pd.Timestamp("2017-01-01 08:00")])
def test_dates_of_every_kind_become_days(start) -> None:
    period = Period.of(start, "2017-12-31")
    assert period == Period(pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))
    assert period.iso() == ("2017-01-01", "2017-12-31") and str(period) == "2017-01-01:2017-12-31"
    assert Period.parse("2017-01-01:2017-12-31") == period


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2017-13-01", "2017-12-31", "period 2017-13-01:2017-12-31 is not two ISO dates."),
    ("01/02/2017", "2017-12-31", "period 01/02/2017:2017-12-31 is not two ISO dates."),
    (pd.NaT, "2017-12-31", "period NaT:2017-12-31 is not two ISO dates."),
    ("2018-01-01", "2017-01-01", "period 2018-01-01:2017-01-01 ends before it starts."),
])
def test_one_message_wherever_the_period_comes_in(start, end, message) -> None:
    data = LabData.from_frames()
    calls = [lambda: Period.of(start, end), lambda: evidence.period_bounds(start, end),
             lambda: network.window(data, start, end)]
    if isinstance(start, str):
        calls.append(lambda: jobs.network_job(data_path=".", period=(start, end), lang="en",
                                              out_dir="."))
    for call in calls:
        with pytest.raises(ConfigError) as caught:
            call()
        assert caught.value.message == message


def test_text_without_a_colon_is_refused() -> None:
    with pytest.raises(ConfigError, match="is not two ISO dates"):
        Period.parse("2017")
