"""Which projects count, and each project's status on a given day: one rule for the evidence
and the network alike.

A project counts from the day it starts unless it is only a proposal: a proposal has not
been built with anyone yet, so it links no group to a space and is no joint project. The
status in the data is the status when the file was written; a period's figures read the
status on the period's last day instead: a project delivered or discontinued after that day
was still active on it.
"""

from __future__ import annotations

import pandas as pd

COUNTED_STATUS = ("active", "delivered", "discontinued")
"""The statuses of the projects that count; ``proposed`` does not (see the module)."""

ENDED_STATUS = ("delivered", "discontinued")
"""Statuses that end a project, from its ``ended_on`` day (or from an unknown day)."""

_DAY = pd.Timedelta(days=1)


def status_on(projects: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Each project's status on ``day``: ``delivered`` or ``discontinued`` only once ended.

    A project delivered or discontinued with an ``ended_on`` after ``day`` was ``active`` on
    it; one with no end date keeps its recorded status. Proposals stay proposals. A project
    not started by ``day`` keeps its recorded status (callers keep running projects only).
    """
    status = projects["status"].astype("string")
    ended_after = projects["ended_on"].notna() & (projects["ended_on"] >= day + _DAY)
    still_running = status.isin(list(ENDED_STATUS)).fillna(False) & ended_after
    return status.mask(still_running.astype(bool), "active")


def counted(status: pd.Series) -> pd.Series:
    """Whether each status counts (True for active, delivered, discontinued; an unknown
    status counts, as validation lets none through)."""
    return (status.isin(list(COUNTED_STATUS)) | status.isna()).fillna(True).astype(bool)
