"""labmetrics as an installed package: the wheel carries what the reports need.

The wheel is built from this checkout and installed into a fresh venv, and the installed
command renders reports from an empty folder outside the repository: no checkout, no
``LABMETRICS_ROOT``, nothing on ``PYTHONPATH``.

To stay fast, the fresh venv gets the wheel alone (``--no-deps``) and finds the
dependencies in the test venv's site-packages, added to its path by a ``.pth`` line. A
``.pth`` line only appends the folder: the ``.pth`` files in it (the checkout's editable
install) are not run, so ``import labmetrics`` can only find the installed wheel. What this
does not check is that pip resolves the dependencies; the test venv was installed from the
same ``pyproject.toml``. The dependencies' Jupyter data files (nbconvert's templates) are
found through ``JUPYTER_PATH``, as they lie under the test venv's prefix.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from labmetrics import config
from labmetrics.report import jobs

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("wheel")]

SHIPPED = f"labmetrics/{config.PACKAGED}"


def _run(argv: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, argv))} exited with {done.returncode}:\n"
                    f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}", pytrace=False)
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built as the README says (with the test venv's
    hatchling rather than a build environment of its own, which pip would install first)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--quiet", "-w", out, config.ROOT], cwd=config.ROOT, env=dict(os.environ))
    (built,) = out.glob("labmetrics-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, dict[str, str]]:
    """A fresh venv holding the wheel, and the environment to run it in (no checkout)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent,
         env=dict(os.environ))
    purelib = Path(_run([venv / "bin" / "python", "-c",
                         "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=venv.parent, env=dict(os.environ)).strip())
    deps = [p for p in (*site.getsitepackages(), sysconfig.get_path("purelib"))
            if Path(p).is_dir()]
    (purelib / "test-venv-dependencies.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("LABMETRICS_ROOT", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # The dependencies' data files (nbconvert's base templates) lie under the prefix they
    # were installed into, which pip would have made the fresh venv's own.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
          "--quiet", "--no-deps", "--no-index", wheel], cwd=venv.parent, env=env)
    return venv, env


def test_the_wheel_carries_notebooks_catalogues_templates_geography_and_sample(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    checkout = config.CHECKOUT
    assert checkout is not None
    expected = {f"{SHIPPED}/{p.relative_to(checkout).as_posix()}"
                for folder in (checkout / "notebooks", checkout / "data" / "raw")
                for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts}
    assert expected and expected <= names
    assert {f"labmetrics/{p.relative_to(config.PACKAGE_DIR).as_posix()}"
            for p in (config.LOCALES_DIR.rglob("*.yaml"))} <= names
    assert any(n.startswith("labmetrics/report/templates/") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "data/", "notebooks/"))]


def test_the_installed_command_renders_reports_from_an_empty_folder(installed, tmp_path):
    venv, env = installed
    empty = tmp_path / "anywhere"
    empty.mkdir()
    where = json.loads(_run([venv / "bin" / "python", "-c",
                             "import json, labmetrics; from labmetrics import config; "
                             "print(json.dumps([labmetrics.__file__, str(config.CHECKOUT), "
                             "str(config.NOTEBOOKS_DIR), str(config.SAMPLE_DIR)]))"],
                            cwd=empty, env=env))
    package = Path(where[0]).parent
    assert package.is_relative_to(venv) and where[1] == "None"
    assert Path(where[2]) == package / config.PACKAGED / "notebooks"
    assert Path(where[3]).is_dir() and Path(where[3]).is_relative_to(venv)

    # The bundled plan (both bundled commitments on their samples, every kind of report in
    # every language) into ./reports, a folder per commitment.
    _run(["labmetrics", "report", "all", "--jobs", "2"], cwd=empty, env=env)
    reports = empty / "reports"
    assert sorted(p.name for p in reports.glob("*.html")) == ["index.html"]
    for commitment in ("SAO0005", "MVD-EJEMPLO"):
        pages = sorted(p.name for p in (reports / commitment).glob("*.html"))
        assert len(pages) == len(jobs.KINDS) * len(config.LANGUAGES), pages
    # Nothing else is written in the user's folder (the sample is built aside).
    assert sorted(p.name for p in empty.iterdir()) == ["reports"]

    # A data folder given to it: a sample the installed command writes, then reports on.
    _run(["labmetrics", "sample", "--scale", "0.2", "--out", "my-data"], cwd=empty, env=env)
    _run(["labmetrics", "report", "progress", "--data", "my-data", "--out", "mine",
          "--lang", "en"], cwd=empty, env=env)
    (page,) = (p for p in (empty / "mine").glob("*.html") if p.name != "index.html")
    assert page.name.startswith("progress-SAO0005")
    assert "SAO0005" in page.read_text(encoding="utf-8")
