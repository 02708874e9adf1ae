"""The data flows one way: a module imports only from its own layer or the layers below.

The layers are those of docs/architecture.md; a new module must be given a layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from labmetrics import config

# Lower number = lower layer. Keys are module paths relative to labmetrics/, without ".py";
# a package key covers every module inside it.
LAYERS: dict[str, int] = {
    "config": 0, "errors": 0,
    "schema": 1, "city": 1, "geo": 1, "irm": 1, "indicators": 1, "i18n": 1, "glossary": 1,
    "read": 2, "validate": 2, "starter": 2, "sample": 2,
    "commitment": 2, "figures": 2, "projects": 2,
    "report/engine": 2, "report/display": 2, "report/opendata": 2, "report/index": 2,
    "report/blocks": 2, "report/shared_text": 2,
    "provenance": 1, "period": 1, "assumptions": 1, "publish": 2, "report/__init__": 2, "report": 2,
    "dataset": 3,
    "evidence": 4, "network": 4, "store": 4,
    "report/progress": 5, "report/network_growth": 5, "report/directory": 5,
    "report/shared_sections": 5, "report/jobs": 5,
    "cli": 6, "__init__": 6,
}


def _layer(module: str) -> int:
    parts = module.split("/")
    for n in range(len(parts), 0, -1):
        key = "/".join(parts[:n])
        if key in LAYERS:
            return LAYERS[key]
    raise KeyError(f"labmetrics/{module}.py has no layer in tests/test_architecture.py")


def _modules() -> list[str]:
    return sorted(str(p.relative_to(config.PACKAGE_DIR).with_suffix(""))
                  for p in config.PACKAGE_DIR.rglob("*.py"))


def _module_path(name: str) -> str | None:
    """``labmetrics.a.b`` as ``a/b`` when it names a module or package of labmetrics."""
    if not name.startswith("labmetrics."):
        return None
    target = name.removeprefix("labmetrics.").replace(".", "/")
    exists = (config.PACKAGE_DIR / f"{target}.py").exists() or \
        (config.PACKAGE_DIR / target).is_dir()
    return target if exists else None


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {t for a in node.names if (t := _module_path(a.name))}
            found |= {"__init__" for a in node.names if a.name == "labmetrics"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from labmetrics.report import display` imports the module report/display.
            for alias in node.names:
                target = _module_path(f"{node.module}.{alias.name}") or \
                    _module_path(node.module)
                if target:
                    found.add(target)
                elif node.module == "labmetrics":
                    # A name of the package root (`from labmetrics import load`) comes from
                    # labmetrics/__init__.py, the top layer.
                    found.add("__init__")
    return found


def test_imports_from_the_package_root_are_seen() -> None:
    assert _imports_of("from labmetrics import load, config\nimport labmetrics\n") == {
        "__init__", "config"}
    assert _imports_of("from labmetrics.report import display\n") == {"report/display"}


def _imports_of(code: str) -> set[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.py"
        path.write_text(code, encoding="utf-8")
        return _imports(path)


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)


@pytest.mark.parametrize("module", _modules())
def test_imports_only_go_down(module: str) -> None:
    path = config.PACKAGE_DIR / f"{module}.py"
    own = _layer(module)
    upward = sorted(t for t in _imports(path) if _layer(t) > own)
    assert upward == [], f"labmetrics/{module}.py imports from a higher layer"
