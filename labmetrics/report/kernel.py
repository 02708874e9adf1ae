"""The notebook kernel of a report: started first, reused, reset, stopped.

A kernel is started before anything else a report needs (the command line starts it as soon
as it knows which report runs), so that it imports the report's modules on one core while
the command checks the data and prepares the run on the other. It imports only the
standard library and jupyter_client, never the data libraries, so that it can start before
them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labmetrics import config

if TYPE_CHECKING:
    from jupyter_client.asynchronous.client import AsyncKernelClient


def _kernel_spec() -> Any:
    """A python3 kernel spec that runs this interpreter and imports this labmetrics."""
    from jupyter_client.kernelspec import KernelSpec

    package_parent = str(config.PACKAGE_DIR.parent)
    path = os.environ.get("PYTHONPATH", "")
    return KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="Python 3 (labmetrics)",
        language="python",
        # Agg: no figure is shown by the inline backend; every output comes from display.
        env={"PYTHONPATH": os.pathsep.join(p for p in (package_parent, path) if p),
             "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        resource_dir="",
        metadata={"supported_encryption": ["curve"]},
    )


@cache
def kernel_manager_class() -> type:
    """The kernel manager class that runs this interpreter, built on first use (importing
    jupyter_client only then)."""
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    # Recent jupyter_client can give the kernel CurveZMQ keys (and recent ipykernel warns
    # on stderr when it has none); older versions have neither.
    encrypt = ("transport_encryption" in AsyncKernelManager.class_trait_names()
               and zmq.has("curve"))

    class SameEnvironmentSpecs(KernelSpecManager):
        """Resolves every kernel name to the current interpreter, ignoring the user's
        installed kernel specs (which may point at another environment)."""

        def find_kernel_specs(self) -> dict[str, str]:
            return {config.KERNEL_NAME: ""}

        def get_kernel_spec(self, kernel_name: str) -> Any:
            return _kernel_spec()

    class SameEnvironmentKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self) -> KernelSpecManager:
            return SameEnvironmentSpecs(parent=self)

        if encrypt:
            @default("transport_encryption")
            def _transport_encryption_default(self) -> str:
                return "auto"

        # Set per render (see _kernel_manager): the kernel's own stderr goes to this file,
        # not to the terminal of the person rendering.
        kernel_log: str | None = None

        # jupyter_client's stubs declare it synchronous; the async manager awaits it.
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            if not self.kernel_log or "stderr" in kw:
                return await super().start_kernel(**kw)
            with open(self.kernel_log, "ab") as log:
                kw["stderr"] = log
                return await super().start_kernel(**kw)

    return SameEnvironmentKernelManager


def _kernel_manager(kernel_log: Path) -> type:
    """The kernel manager class of one render, writing the kernel's stderr to
    ``kernel_log``."""
    return type("RenderKernelManager", (kernel_manager_class(),),
                {"kernel_log": str(kernel_log)})


def cell_tags(cell: Mapping[str, object]) -> list[str]:
    """The tags of a notebook cell (a dict or a NotebookNode)."""
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, Mapping) else None
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def preloaded_modules(notebook: Path) -> list[str]:
    """The labmetrics modules that the code cells of ``notebook`` import at their top level.

    A kernel started for the notebook imports them while the engine prepares the run: the
    cells' own import statements then find them loaded. Only labmetrics is imported ahead (the
    notebooks call nothing else), and a name that is not a module is left to the cell.
    """
    import ast

    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []
    names: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code" or "parameters" in cell_tags(cell):
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse(source if isinstance(source, str) else "".join(source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    wanted = [n for n in names if n == "labmetrics" or n.startswith("labmetrics.")]
    return list(dict.fromkeys(wanted))


def _preload_arguments(modules: Sequence[str]) -> list[str]:
    """Kernel arguments that import ``modules`` when it starts, leaving no name behind, then
    set everything loaded so far aside from garbage collection, and what each cell leaves
    behind once it ran.

    Modules, classes and functions live as long as the kernel, and a report's data as long
    as its notebook: left to the collector, every full collection while a report runs would
    walk them all again (a tenth of a second or more per section once the report's tables
    are loaded). ``gc.freeze`` keeps them out of its walks; it frees nothing and changes
    nothing the notebook computes. Cycles a later cell lets go of are freed when the kernel
    is reset for the next notebook (:data:`_RESET`) or exits.
    """
    code = ("def _labmetrics_preload(names):\n"
            "    import gc\n"
            "    import importlib\n"
            "    for name in names:\n"
            "        try:\n"
            "            importlib.import_module(name)\n"
            "        except Exception:\n"  # the cell's own import says what is wrong
            "            pass\n"
            "    gc.freeze()\n"
            "    def freeze(*result):\n"
            "        gc.freeze()\n"
            "    get_ipython().events.register('post_run_cell', freeze)\n"
            f"_labmetrics_preload({list(modules)!r})\n"
            "del _labmetrics_preload\n")
    return [f"--IPKernelApp.exec_lines={code}"]


async def wait_until_ready(client: AsyncKernelClient, timeout: float) -> None:
    """Wait until the kernel of ``client`` (a started AsyncKernelClient) answers, and its
    outputs reach the client.

    As jupyter_client's ``wait_for_ready``, which then waits for a fifth of a second of
    silence on the output channel: here the wait ends at the output channel's report that
    the kernel is idle again after the request, which also proves that channel connected.

    Raises
    ------
    RuntimeError
        The kernel died, or did not answer within ``timeout`` seconds.
    """
    import time
    from queue import Empty

    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer within {timeout} s.")
        msg_id = client.kernel_info()
        try:
            while True:  # earlier requests' replies come first
                reply = await client.get_shell_msg(timeout=1)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            while True:
                message = await client.get_iopub_msg(timeout=0.2)
                if (message["parent_header"].get("msg_id") == msg_id
                        and message["msg_type"] == "status"
                        and message["content"].get("execution_state") == "idle"):
                    return
        except Empty:  # busy, or the output channel not yet connected: ask again
            if not await client.is_alive():
                raise RuntimeError("the kernel died while starting.") from None


# Run in a kernel between two notebooks: a fresh namespace, history and execution count (as in
# a new kernel), in the folder of the next notebook; the cycles the last notebook let go of
# (set aside from collection after its cells, see _preload_arguments) freed.
_RESET = ("get_ipython().reset(new_session=True)\n__import__('gc').unfreeze()\n"
          "__import__('gc').collect()\n__import__('gc').freeze()\n"
          "__import__('os').chdir({folder!r})\n")


@dataclass
class Kernel:
    """A notebook kernel, started by :func:`start_kernel`, that runs one notebook after
    another: its manager, the file its stderr goes to, and the notebook it was started for.

    Between two notebooks it is reset (a fresh namespace, history and execution count, as a
    new kernel has); the modules it imported stay imported, which is what makes the second
    report cheaper. A kernel whose notebook timed out or died is started anew. A
    ``single_use`` kernel (one report per command) is killed as soon as its notebook ran, so
    that it exits while the page is exported.
    """

    manager: Any
    log: Path
    notebook: Path
    used: bool = False
    single_use: bool = False
    released: bool = False
    draw_processes: int = 1

    @property
    def alive(self) -> bool:
        """Whether its process runs."""
        return bool(self.manager.has_kernel)

    def ready_for(self, notebook: Path) -> None:
        """Make the kernel ready to run ``notebook``: started anew when it no longer runs,
        reset when it ran another notebook or runs in another folder."""
        from jupyter_core.utils import run_sync

        if not self.alive or self.released:
            self.stop()
            fresh = start_kernel(notebook, single_use=self.single_use,
                                 draw_processes=self.draw_processes)
            self.manager, self.log, self.notebook, self.used, self.released = (
                fresh.manager, fresh.log, fresh.notebook, False, False)
            return
        # A kernel started for a notebook in another folder runs in the wrong folder.
        if self.used or Path(notebook).resolve().parent != self.notebook.parent:
            if not run_sync(self._reset)(Path(notebook).resolve().parent):
                self.stop()
                self.ready_for(notebook)
                return
            self.used = False
            self.notebook = Path(notebook).resolve()

    async def _reset(self, folder: Path) -> bool:
        client = self.manager.client()
        client.start_channels()
        try:
            await wait_until_ready(client, config.KERNEL_START_TIMEOUT_S)
            msg_id = client.execute(_RESET.format(folder=str(folder)), silent=True,
                                    store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=config.KERNEL_START_TIMEOUT_S)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return bool(reply["content"]["status"] == "ok")
        except Exception:  # no answer: the caller starts a new kernel
            return False
        finally:
            client.stop_channels()

    def release(self) -> None:
        """Kill a single-use kernel once its notebook ran (a kernel kept for more notebooks
        is left running); :meth:`stop` then only reaps it."""
        from jupyter_core.utils import run_sync

        if self.single_use and self.alive and not self.released:
            run_sync(self.manager.provisioner.kill)()
            self.released = True

    def stop(self) -> None:
        """Kill the kernel (nothing it holds is needed once its notebooks ran) and remove
        its log; stopping twice does nothing."""
        from jupyter_core.utils import run_sync

        try:
            if self.alive:
                run_sync(self.manager.shutdown_kernel)(now=True)
        finally:
            self.log.unlink(missing_ok=True)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_cores(kernels: int) -> int:
    """How many processes may draw the charts of each of ``kernels`` kernels running at once
    (at least 1, at most 2): the cores shared among them."""
    return max(1, min(2, (os.cpu_count() or 1) // max(1, kernels)))


def start_kernel(notebook: Path, *, single_use: bool = False,
                 draw_processes: int = 1) -> Kernel:
    """Start a kernel in the folder of ``notebook`` and return at once.

    The kernel imports the notebook's labmetrics modules while the caller goes on preparing
    the run (on another core): :func:`render_notebook` then only waits for what is left.
    A ``single_use`` kernel runs one notebook and is killed as soon as it ran. Its charts
    are drawn by ``draw_processes`` processes (see :mod:`labmetrics.report.drawing`): more
    than 1 only when a core is free while it runs.
    """
    from jupyter_core.utils import run_sync

    notebook = Path(notebook).resolve()
    fd, name = tempfile.mkstemp(prefix="labmetrics-kernel-", suffix=".log")
    os.close(fd)
    log = Path(name)
    manager = _kernel_manager(log)(kernel_name=config.KERNEL_NAME)
    try:
        # The history in memory, as nbclient starts its kernels: no sqlite file shared with
        # the kernels of other reports rendered at the same time.
        run_sync(manager.start_kernel)(
            cwd=str(notebook.parent),
            env={"ARROW_DEFAULT_MEMORY_POOL": config.ARROW_MEMORY_POOL, **os.environ,
                 config.DRAW_PROCESSES_ENV: str(draw_processes)},
            extra_arguments=["--HistoryManager.hist_file=:memory:",
                             *_preload_arguments(preloaded_modules(notebook))])
    except BaseException:
        log.unlink(missing_ok=True)
        raise
    return Kernel(manager, log, notebook, single_use=single_use,
                  draw_processes=draw_processes)
