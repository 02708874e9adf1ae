"""The shipped report notebooks show the sections the tests render, in the same order.

Each report package lists its sections once (``SECTIONS``); the whole-report tests render
that list, and here each notebook is held to it: after the cell that prepares the report,
one cell per section calling its ``show_`` function on the page, and nothing else.
"""

from __future__ import annotations

import ast

import nbformat
import pytest

from labmetrics import config
from labmetrics.report import directory, network_growth, progress

NOTEBOOKS = {
    "irm_progress_report.ipynb": ("progress", progress.SECTIONS),
    "network_growth_report.ipynb": ("network_growth", network_growth.SECTIONS),
    "partner_directory.ipynb": ("directory", directory.SECTIONS),
}


def _code_cells(name: str) -> list[str]:
    nb = nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)
    return [cell.source.strip() for cell in nb.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_each_section_of_the_list_is_one_cell_in_order(name: str) -> None:
    module, builders = NOTEBOOKS[name]
    cells = _code_cells(name)
    prepare = next(i for i, source in enumerate(cells) if f"{module}.prepare(" in source)
    expected = [f"{module}.{b.__name__.replace('build_', 'show_', 1)}(report, page)"
                for b in builders]
    assert cells[prepare + 1:] == expected


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_the_page_is_made_once_and_passed_along(name: str) -> None:
    module, builders = NOTEBOOKS[name]
    setup = "\n".join(_code_cells(name)[:2])
    assert "page = display.Page(lang, data_dir)" in setup
    for builder in builders:
        show = getattr(__import__(f"labmetrics.report.{module}", fromlist=["x"]),
                       builder.__name__.replace("build_", "show_", 1))
        assert show.__name__ == builder.__name__.replace("build_", "show_", 1)


def test_no_module_keeps_state_in_a_global() -> None:
    offenders = []
    for path in sorted(config.PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                offenders.append(f"{path.relative_to(config.PACKAGE_DIR)}:{node.lineno}")
    assert offenders == []
