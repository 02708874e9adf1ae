"""The bundled commitments rendered once per test run, through a report plan.

``labmetrics report all --plan`` renders SAO0005 (into the reports folder itself, from its
sample built aside, so that the repository's data/processed is neither written nor shared)
and MVD-EJEMPLO (into ``MVD-EJEMPLO/``, from its raw sample), every report in every
language. The end-to-end tests of the pages and the leak tests read the same render; under
pytest-xdist a lock in the run's temporary folder lets the first worker render while the
others wait and reuse it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import render_once

from labmetrics import cli, config

OTHER = "MVD-EJEMPLO"


def write_test_plan(root: Path) -> Path:
    """Build SAO0005's sample into ``root/processed`` and write ``root/plan.yaml``."""
    from labmetrics.store import build

    build(config.SAMPLE_DIR, root / "processed", include_contacts=False, progress=False)
    other = config.RAW_DIR / f"sample-{OTHER}"
    plan = root / "plan.yaml"
    plan.write_text(f"""reports:
  - commitment: SAO0005
    data: processed
    out: "."
    progress: ["2017-01-01:2017-12-31"]
    network: ["2016-01-01:2018-12-31"]
  - commitment: {OTHER}
    data: {other}
    progress: ["2017-07-01:2018-06-30"]
    network: ["2016-01-01:2018-12-31"]
""", encoding="utf-8")
    return plan


def _render(root: Path) -> None:
    write_test_plan(root)
    # Relative folders, as `make reports` passes them: the notebooks run elsewhere.
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        code = cli.main(["report", "all", "--plan", "plan.yaml", "--jobs", "2",
                         "--out", "reports"])
    assert code == 0, "report all --plan failed: its messages are in the captured output"


_RENDERED: dict[Path, Path] = {}


def render_plan_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports folder of the test plan, rendered once per test run."""
    base = tmp_path_factory.getbasetemp()
    if base not in _RENDERED:
        _RENDERED[base] = render_once(tmp_path_factory, "plan", _render)
    return _RENDERED[base]
