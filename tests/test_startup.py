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
