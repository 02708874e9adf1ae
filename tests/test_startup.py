"""Start-up: the command imports only what each sub-command needs."""

from __future__ import annotations

import json
import subprocess
import sys

from labmetrics import config

REPORT_MACHINERY = ("papermill", "nbconvert", "nbformat", "jupyter_client", "IPython",
                    "matplotlib", "networkx", "dask")


def _modules_after(argv: list[str]) -> set[str]:
    """The modules loaded by running ``labmetrics <argv>`` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from labmetrics import cli\n"
        "try:\n"
        f"    cli.main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=config.ROOT, check=True)
    return set(json.loads(done.stdout.rsplit("\n", 1)[1]))


def test_help_imports_no_data_or_report_library() -> None:
    loaded = _modules_after(["--help"])
    assert {"pandas", "geopandas", "pyarrow", *REPORT_MACHINERY} & loaded == set()


def test_validate_imports_no_report_machinery() -> None:
    loaded = _modules_after(["validate", str(config.SAMPLE_DIR), "--max-rows", "0"])
    assert "pandas" in loaded  # it did read the data
    assert set(REPORT_MACHINERY) & loaded == set()


def test_the_package_lists_its_public_api_and_imports_it_on_first_use() -> None:
    code = (
        "import json, sys\n"
        "import labmetrics\n"
        "before = sorted(sys.modules)\n"
        "names = dir(labmetrics)\n"
        "growth = labmetrics.network.growth\n"
        "out = {'before': before, 'dir': names, 'LabData': labmetrics.LabData.__module__}\n"
        "try:\n"
        "    labmetrics.nothing\n"
        "except AttributeError as exc:\n"
        "    out['missing'] = str(exc)\n"
        "sys.stdout.write(json.dumps(out))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=config.ROOT, check=True)
    out = json.loads(done.stdout)
    assert {"pandas", "labmetrics.network", "labmetrics.dataset"} & set(out["before"]) == set()
    assert {"LabData", "load", "network", "evidence", "figures", "irm", "__version__"} <= \
        set(out["dir"])
    assert not [n for n in out["dir"] if n in ("annotations", "Any", "TYPE_CHECKING",
                                               "importlib", "typing")]
    assert out["LabData"] == "labmetrics.dataset"
    assert "'nothing'" in out["missing"] and "LabData" in out["missing"]
