"""Every labmetrics error pickles with its data, so that it travels from worker processes."""

from __future__ import annotations

import pickle

import pytest

import labmetrics.irm  # noqa: F401  (defines the IRM's error classes)
from labmetrics.errors import LabmetricsError, ReportError


def _error_classes(root: type[LabmetricsError] = LabmetricsError) -> list[type]:
    found = [root]
    for child in root.__subclasses__():
        found += _error_classes(child)
    return found


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_pickles_with_its_file_line_and_fix(cls: type[LabmetricsError]) -> None:
    if issubclass(cls, ReportError):
        error = cls("the cell failed.", report="progress-SAO0005", cell=12, file="kept.ipynb",
                    fix="render again.")
    else:
        error = cls("the column is missing.", file="groups.csv", line=4, fix="add it.")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert copy.__dict__ == error.__dict__
    assert copy.describe() == error.describe() and str(copy) == str(error)
    assert copy.args == error.args


def test_a_report_error_keeps_its_cell_through_pickling() -> None:
    error = ReportError("ValueError: no groups.", report="network-all", cell=5, fix="add them.")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.report, copy.cell, copy.fix) == ("network-all", 5, "add them.")
    assert copy.describe() == "Report 'network-all', cell 5: ValueError: no groups. Fix: add them."
