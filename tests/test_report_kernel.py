"""The report kernel: started first, reused between notebooks as a fresh one, stopped."""

from __future__ import annotations

import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from labmetrics import config
from labmetrics.errors import ReportError
from labmetrics.report import engine
from labmetrics.report import kernel as report_kernel

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
T = TypeVar("T")

pytestmark = pytest.mark.xdist_group("report-engine")


def test_kernel_runs_this_interpreter() -> None:
    spec = report_kernel._kernel_spec()
    assert spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert spec.env["MPLBACKEND"] == "Agg"
    assert str(config.PACKAGE_DIR.parent) in spec.env["PYTHONPATH"].split(":")


def test_kernel_imports_ahead_only_the_labmetrics_modules_the_cells_import() -> None:
    assert report_kernel.preloaded_modules(NOTEBOOKS / "display_report.ipynb") == [
        "labmetrics.report", "labmetrics.report.display"]
    assert report_kernel.preloaded_modules(NOTEBOOKS / "failing_report.ipynb") == []
    (argument,) = report_kernel._preload_arguments(["labmetrics.report.display"])
    assert argument.startswith("--IPKernelApp.exec_lines=")
    assert "del _labmetrics_preload" in argument  # no name is left in the namespace


def _first_heading(path: Path) -> str:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", path.read_text(encoding="utf-8"))[0]


def test_one_kernel_renders_notebooks_one_after_another_as_fresh_ones_would(
        tmp_path: Path) -> None:
    notebook = NOTEBOOKS / "display_report.ipynb"
    with report_kernel.start_kernel(notebook) as kernel:
        first = engine.render_notebook(notebook, {"hostile": "primeiro"}, tmp_path / "a.html",
                                       report_name="a", lang="pt-BR", title="A",
                                       kernel=kernel)
        process = kernel.manager.provisioner.process.pid
        # A failing cell leaves the kernel usable; its names are gone for the next notebook.
        with pytest.raises(ReportError, match="indicator needs the groups table"):
            engine.render_notebook(NOTEBOOKS / "failing_report.ipynb", {},
                                   tmp_path / "failing.html", report_name="failing",
                                   lang="en", title="Failing", kernel=kernel)
        assert kernel.alive and kernel.manager.provisioner.process.pid == process
        second = engine.render_notebook(notebook, {"hostile": "segundo"}, tmp_path / "b.html",
                                        report_name="b", lang="pt-BR", title="B",
                                        kernel=kernel)
        assert kernel.manager.provisioner.process.pid == process
        # A timeout kills the kernel: the next notebook gets a new one.
        with pytest.raises(ReportError, match="longer than the limit of 1 s"):
            engine.render_notebook(NOTEBOOKS / "slow_report.ipynb", {"seconds": 30},
                                   tmp_path / "slow.html", report_name="slow", lang="en",
                                   title="Slow", timeout=1, kernel=kernel)
        assert not kernel.alive
        third = engine.render_notebook(notebook, {"hostile": "terceiro"}, tmp_path / "c.html",
                                       report_name="c", lang="pt-BR", title="C",
                                       kernel=kernel)
        assert kernel.alive and kernel.manager.provisioner.process.pid != process
    assert not kernel.alive and not kernel.log.exists()
    assert [_first_heading(r.html) for r in (first, second, third)] == [
        "primeiro", "segundo", "terceiro"]
    fresh = engine.render_notebook(notebook, {"hostile": "segundo"},
                                   tmp_path / "fresh" / "b.html", report_name="b",
                                   lang="pt-BR", title="B")
    # The same page as in a kernel of its own, but for the moment it was generated.
    moment = re.compile(r"<time datetime=[^<]*</time>")
    assert moment.sub("", second.html.read_text(encoding="utf-8")) == moment.sub(
        "", fresh.html.read_text(encoding="utf-8"))
    assert (tmp_path / "b.data" / "groups.csv").read_bytes() == (
        tmp_path / "fresh" / "b.data" / "groups.csv").read_bytes()


def _cwd_of(kernel: report_kernel.Kernel) -> str:
    """The current folder of the kernel's process."""
    import os

    return os.readlink(f"/proc/{kernel.manager.provisioner.process.pid}/cwd")


def test_a_kernel_started_for_another_folder_moves_to_the_notebooks_folder(
        tmp_path: Path) -> None:
    # The command line starts the kernel of a bundled report before it knows the job; a
    # notebook given elsewhere must still run in its own folder, as papermill runs it.
    with report_kernel.start_kernel(config.REPORT_NOTEBOOKS["network"]) as kernel:
        assert _cwd_of(kernel) == str(config.NOTEBOOKS_DIR.resolve())
        result = engine.render_notebook(NOTEBOOKS / "display_report.ipynb",
                                        {"hostile": "aqui"}, tmp_path / "a.html",
                                        report_name="a", lang="pt-BR", title="A",
                                        kernel=kernel)
        assert _cwd_of(kernel) == str(NOTEBOOKS)
        assert _first_heading(result.html) == "aqui"


def test_a_single_use_kernel_exits_once_its_notebook_ran(tmp_path: Path) -> None:
    notebook = NOTEBOOKS / "display_report.ipynb"
    with report_kernel.start_kernel(notebook, single_use=True) as kernel:
        process = kernel.manager.provisioner.process
        first = engine.render_notebook(notebook, {"hostile": "um"}, tmp_path / "a.html",
                                       report_name="a", lang="pt-BR", title="A",
                                       kernel=kernel)
        # Killed as soon as the notebook ran (a live kernel would make wait() time out).
        assert kernel.released and process.wait(timeout=10) is not None
        # Asked for another notebook all the same, it starts anew rather than waiting on
        # the dead one.
        second = engine.render_notebook(notebook, {"hostile": "dois"}, tmp_path / "b.html",
                                        report_name="b", lang="pt-BR", title="B",
                                        kernel=kernel)
        assert kernel.manager.provisioner.process.pid != process.pid
    assert not kernel.alive and not kernel.log.exists()
    assert [_first_heading(r.html) for r in (first, second)] == ["um", "dois"]


def _ask(started: report_kernel.Kernel, asking: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``asking(client)`` with a client of ``started`` that waited until it was ready."""
    from jupyter_core.utils import run_sync

    async def ask() -> T:
        client = started.manager.client()
        client.start_channels()
        try:
            await report_kernel.wait_until_ready(client, 60)
            return await asking(client)
        finally:
            client.stop_channels()

    return run_sync(ask)()


def test_a_kernel_is_ready_as_soon_as_it_answers_and_its_outputs_arrive() -> None:
    async def first_output(client: Any) -> list[str]:
        msg_id = client.execute("print('ready')")
        seen: list[str] = []
        while True:
            message = await client.get_iopub_msg(timeout=30)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                seen.append(message["content"]["text"].strip())
            if message["content"].get("execution_state") == "idle":
                return seen

    # Asked while the kernel still imports the notebook's modules: the first output of the
    # first cell is not lost to a channel still connecting.
    with report_kernel.start_kernel(config.REPORT_NOTEBOOKS["progress"]) as started:
        assert _ask(started, first_output) == ["ready"]


def test_a_render_waits_for_its_kernel_only_until_it_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # papermill's client sets its kernel up through nbclient's synchronous wrapper: a render
    # must reach the engine's wait, not jupyter_client's (which always waits a fifth of a
    # second of silence).
    from jupyter_client.client import KernelClient

    waits: list[float] = []
    waited = engine.wait_until_ready

    async def counted(client: Any, timeout: float) -> None:
        waits.append(timeout)
        await waited(client, timeout)

    async def refused(self: Any, timeout: float | None = None) -> None:
        raise AssertionError("jupyter_client's wait_for_ready was used")

    monkeypatch.setattr(engine, "wait_until_ready", counted)
    monkeypatch.setattr(KernelClient, "_async_wait_for_ready", refused)
    notebook = NOTEBOOKS / "display_report.ipynb"
    result = engine.render_notebook(notebook, {"hostile": "pronto"}, tmp_path / "a.html",
                                    report_name="a", lang="pt-BR", title="A")
    assert _first_heading(result.html) == "pronto"
    assert waits == [config.KERNEL_START_TIMEOUT_S]


def test_a_dead_kernel_is_never_ready() -> None:
    async def nothing(client: Any) -> None:
        return None

    with report_kernel.start_kernel(NOTEBOOKS / "display_report.ipynb") as started:
        started.manager.provisioner.process.kill()
        started.manager.provisioner.process.wait()
        with pytest.raises(RuntimeError, match="died"):
            _ask(started, nothing)


def test_what_the_kernel_loads_first_is_kept_out_of_garbage_collection() -> None:
    async def frozen(client: Any) -> int:
        msg_id = client.execute("", silent=True, user_expressions={
            "frozen": "__import__('gc').get_freeze_count()",
            "loaded": "'labmetrics.report.display' in __import__('sys').modules"})
        while True:
            reply = await client.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                found = reply["content"]["user_expressions"]
                assert found["loaded"]["data"]["text/plain"] == "True"
                return int(found["frozen"]["data"]["text/plain"])

    with report_kernel.start_kernel(NOTEBOOKS / "display_report.ipynb") as started:
        assert _ask(started, frozen) > 10_000


def _arrow_pool(client: Any) -> Awaitable[str]:
    async def ask() -> str:
        msg_id = client.execute("", silent=True, user_expressions={
            "pool": "__import__('pyarrow').default_memory_pool().backend_name"})
        while True:
            reply = await client.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return str(reply["content"]["user_expressions"]["pool"]["data"]["text/plain"])
    return ask()


def test_the_kernel_allocates_arrow_memory_from_the_configured_pool(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # jemalloc unless the person rendering chose a pool; the table's values are the same
    # whichever pool holds them.
    notebook = NOTEBOOKS / "display_report.ipynb"
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    with report_kernel.start_kernel(notebook) as started:
        assert _ask(started, _arrow_pool) == repr(config.ARROW_MEMORY_POOL)
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    with report_kernel.start_kernel(notebook) as started:
        assert _ask(started, _arrow_pool) == "'system'"


def _frozen_after(code: str) -> Callable[[Any], Awaitable[int]]:
    """Run ``code`` as a cell, then return how many objects are set aside from collection."""
    async def ask(client: Any) -> int:
        ran = client.execute(code, store_history=False)
        while (await client.get_shell_msg(timeout=60))["parent_header"].get("msg_id") != ran:
            pass
        msg_id = client.execute("", silent=True, user_expressions={
            "frozen": "__import__('gc').get_freeze_count()"})
        while True:
            reply = await client.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                found = reply["content"]["user_expressions"]
                return int(found["frozen"]["data"]["text/plain"])
    return ask


def test_what_a_cell_leaves_is_set_aside_until_the_kernel_is_reset(tmp_path: Path) -> None:
    notebook = NOTEBOOKS / "display_report.ipynb"
    with report_kernel.start_kernel(notebook) as started:
        before = _ask(started, _frozen_after("pass"))
        # Lists that hold themselves: only the collector could free them.
        cycles = "kept = [[] for _ in range(5000)]\nfor x in kept:\n    x.append(x)\n"
        after = _ask(started, _frozen_after(cycles))
        assert after >= before + 5000
        # Let go of by a later cell, they stay set aside until the kernel is reset.
        assert _ask(started, _frozen_after("del kept, x")) >= before + 5000
        started.used = True
        started.ready_for(notebook)
        assert _ask(started, _frozen_after("pass")) < before + 1000
