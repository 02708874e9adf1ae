"""Work done by a forked copy of the kernel: the same result as done in the kernel, and
done in the kernel whenever the copy fails."""

from __future__ import annotations

import os
import time
from functools import partial

import pandas as pd
import pytest

from labmetrics import config
from labmetrics.errors import InputError
from labmetrics.irm import read_ogp_commitments
from labmetrics.report import cores


def _pid_and_value(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def test_a_copy_does_the_work_and_returns_its_result() -> None:
    pending = cores.start(partial(_pid_and_value, 21), processes=2)
    pid, value = pending.result()
    assert value == 42
    assert pid != os.getpid()  # done in the copy


def test_without_a_free_core_the_work_is_done_when_asked() -> None:
    pending = cores.start(partial(_pid_and_value, 21), processes=1)
    assert pending.result() == (os.getpid(), 42)


def test_the_real_ogp_export_comes_back_identical() -> None:
    # A table of categoricals, arrow strings and nullable numbers travels through the pipe.
    here = read_ogp_commitments(config.OGP_DATA_FILE)
    there = cores.start(partial(read_ogp_commitments, config.OGP_DATA_FILE), 2).result()
    pd.testing.assert_frame_equal(there, here, check_exact=True)
    assert len(there) == 558


def test_a_failing_copy_leaves_the_work_to_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "_run_in_child", lambda work, write_end: os._exit(3))
    assert cores.start(partial(_pid_and_value, 1), processes=2).result() == (os.getpid(), 2)


def test_an_error_is_raised_in_the_kernel_as_without_a_copy(tmp_path) -> None:
    missing = tmp_path / "no-such-export.csv"
    for processes in (1, 2):
        with pytest.raises(InputError) as raised:
            cores.start(partial(read_ogp_commitments, missing), processes).result()
        assert raised.value.file is not None and "no-such-export.csv" in str(raised.value.file)


def test_a_discarded_copy_is_stopped() -> None:
    pending = cores.start(partial(time.sleep, 60), processes=2)
    pid = pending._pid
    assert pid is not None
    started = time.monotonic()
    with pending:
        pass  # the work that needed the result failed: the copy is killed and reaped
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize(("value", "processes"), [
    (None, 1), ("1", 1), ("2", 2), ("8", 2), ("0", 1), ("two", 1)])
def test_the_kernel_works_with_at_most_two_processes(value: str | None, processes: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv(config.DRAW_PROCESSES_ENV, raising=False)
    else:
        monkeypatch.setenv(config.DRAW_PROCESSES_ENV, value)
    assert cores.free_processes() == processes
