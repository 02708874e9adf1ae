"""The researchers' notebooks in a real JupyterLab, driven by Chromium as a person would.

JupyterLab runs headless from its own venv (``.venv-lab``, with the ``[lab]`` extra; ``make
.venv-lab/.installed`` creates it once and this test asks make for it), so that no other
test pays its import time. Its kernel imports this checkout (an editable install). Every
cell of notebooks/explore.ipynb is run from the Run menu; then the README's researcher
snippet is typed into a new notebook in notebooks/ and run, cell by cell. Any error output
fails the test. Autosave is off: the committed notebook is never written.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labmetrics import config

pytest_plugins = ["browser_support"]
pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.xdist_group("jupyterlab")]

LAB_VENV = config.ROOT / ".venv-lab"
EXPLORE = "notebooks/explore.ipynb"
README = config.ROOT / "README.md"
START_TIMEOUT_S = 180
RUN_TIMEOUT_S = 420
# What JupyterLab would otherwise do on its own: save the notebook, fetch news, check for
# updates, and render only the cells in view.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def readme_snippet() -> list[str]:
    """The Python lines of the README's researcher section, as a researcher types them."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## For researchers", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def lab_bin() -> Path:
    """The bin folder of the JupyterLab venv, created (once) through the Makefile."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is missing: it creates the JupyterLab venv (.venv-lab) for this "
                    "test; install it (`sudo apt-get install make`).", pytrace=False)
    done = subprocess.run([make, "--no-print-directory", ".venv-lab/.installed"],
                          cwd=config.ROOT, capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        pytest.fail(f"`make .venv-lab/.installed` failed:\n{done.stdout}\n{done.stderr}",
                    pytrace=False)
    return LAB_VENV / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write_settings(folder: Path) -> None:
    for plugin, values in USER_SETTINGS.items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


class Lab:
    """A running JupyterLab: its address, token and folder (settings, log), and its
    contents API."""

    def __init__(self, base: str, token: str, home: Path) -> None:
        self.base = base
        self.token = token
        self.home = home

    def url(self, path: str) -> str:
        """The address of ``path`` (a notebook of the checkout) in JupyterLab."""
        return f"{self.base}/lab/tree/{path}?token={self.token}&reset"

    def contents(self, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        """Call the contents API on ``path``: ``PUT`` a notebook or ``DELETE`` it."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.base}/api/contents/{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


@pytest.fixture(scope="module")
def lab(lab_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab started headless on the checkout, stopped when the module ends."""
    home = tmp_path_factory.mktemp("jupyterlab")
    _write_settings(home / "settings")
    token, port = secrets.token_hex(16), _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LABMETRICS_ROOT")}
    env.update({
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "PATH": f"{lab_bin}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    log = (home / "jupyterlab.log").open("wb")
    server = subprocess.Popen(
        [str(lab_bin / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={config.ROOT}",
         "--allow-root", "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
         "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=config.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n"
                            + (home / "jupyterlab.log").read_text(errors="replace")[-3000:],
                            pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within "
                                f"{START_TIMEOUT_S} s", pytrace=False)
                time.sleep(0.5)
        yield Lab(base, token, home)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# Read in the page through JupyterLab's own objects (exposed by --expose-app-in-browser):
# the open notebook, its kernel, and every code cell's execution count and outputs.
_NOTEBOOK_STATE = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = widget && widget.sessionContext && widget.sessionContext.session;
  if (!session || !session.kernel || !widget.content) { return null; }
  const cells = widget.content.widgets.filter(c => c.model.type === 'code');
  return {
    kernel: session.kernel.status,
    counts: cells.map(c => c.model.executionCount),
    errors: cells.flatMap(c => c.model.outputs.toJSON()
      .filter(o => o.output_type === 'error')
      .map(o => `${o.ename}: ${o.evalue}`)),
  };
}"""


def notebook_state(page: Any) -> dict[str, Any] | None:
    """The kernel's status, the code cells' execution counts and the errors they show."""
    return page.evaluate(_NOTEBOOK_STATE)


def run_all_cells(browser: Any, lab: Lab, path: str) -> tuple[Any, dict[str, Any]]:
    """Open ``path`` in JupyterLab once its kernel is ready, run every cell (what Run > Run
    All Cells does), and return the page and the notebook's state once every code cell has
    run or one failed. Only JupyterLab's own address is reachable, as on a machine with no
    internet."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(lab.base) else route.abort())
    page = context.new_page()
    page.goto(lab.url(path))
    ready = f"() => {{ const s = ({_NOTEBOOK_STATE})(); return !!s && s.kernel === 'idle'; }}"
    page.wait_for_function(ready, timeout=START_TIMEOUT_S * 1000, polling=500)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        state = notebook_state(page)
        done = state is not None and state["kernel"] == "idle" and \
            all(n is not None for n in state["counts"])
        if done or (state is not None and state["errors"]):
            return page, state
        if time.monotonic() > deadline:
            shot = lab.home / "timeout.png"
            page.screenshot(path=str(shot))
            pytest.fail(f"{path} did not finish within {RUN_TIMEOUT_S} s (state: {state}; "
                        f"the page as it stood: {shot})", pytrace=False)
        page.wait_for_timeout(500)


def test_explore_runs_every_cell_without_error_in_jupyterlab(browser, lab) -> None:
    page, state = run_all_cells(browser, lab, EXPLORE)
    try:
        assert state["errors"] == []
        assert len(state["counts"]) > 15
        # The LabData summary, the tables, and the map (an iframe) are shown.
        assert page.locator(".labmetrics-labdata").count() == 1
        assert page.locator(".jp-OutputArea-output iframe").count() >= 1
        assert "district_name" in page.locator(".jp-Notebook").inner_text()
    finally:
        page.context.close()


def test_the_readme_snippet_runs_as_typed_in_a_notebook_in_notebooks(browser, lab) -> None:
    lines = readme_snippet()
    assert lines[0] == "import labmetrics"
    assert any("labmetrics.network.growth(data)" in line for line in lines)
    name = f"notebooks/readme-snippet-{secrets.token_hex(4)}.ipynb"
    cells = [{"cell_type": "code", "metadata": {}, "source": line, "outputs": [],
              "execution_count": None} for line in lines]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}}}
    lab.contents("PUT", name, {"type": "notebook", "format": "json", "content": notebook})
    try:
        page, state = run_all_cells(browser, lab, name)
        try:
            assert state["errors"] == []
            assert len(state["counts"]) == len(lines)
            summary = page.locator(".labmetrics-labdata")
            assert summary.count() == 1
            assert "sample data" in summary.inner_text()
            text = page.locator(".jp-Notebook").inner_text()
            assert "2016-01-01" in text  # growth's first quarter starts on the 1st
        finally:
            page.context.close()
    finally:
        lab.contents("DELETE", name)
