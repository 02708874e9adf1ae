"""The data flows one way, as docs/architecture.md says: its table of layers is read here.

A module imports from the layers below its own, from its own layer only the modules its row
names, never from a higher layer. A package is one concern: its modules import each other
freely. Every import is seen: absolute (``from labmetrics.report import display``), from
the package root (``from labmetrics import load``, ``import labmetrics``), relative
(``from . import x``) and by a constant name (``importlib.import_module("labmetrics.x")``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from labmetrics import config

PACKAGE = "labmetrics"
DOC = config.DOCS_DIR / "architecture.md"
DYNAMIC = "?"
"""What an import whose module name is computed at run time imports: it cannot be placed."""


@dataclass(frozen=True)
class Layering:
    """The table of docs/architecture.md: each module's or package's layer, and the modules
    of its own layer it may import. Keys are paths under labmetrics/ without ``.py``; a
    package's key (``irm``) covers every module inside it unless a longer key names one."""

    layers: dict[str, int]
    allowed: dict[str, frozenset[str]]

    def unit(self, module: str) -> str | None:
        """The key that places ``module``: its own, else its nearest package's."""
        parts = module.split("/")
        for n in range(len(parts), 0, -1):
            key = "/".join(parts[:n])
            if key in self.layers:
                return key
        return None


def _key(cell: str) -> str:
    """``report/engine.py`` → ``report/engine``; ``irm/`` → ``irm``."""
    return cell.strip().strip("`").removesuffix(".py").removesuffix("/")


def read_layering(doc: str) -> Layering:
    """The layers table of the section ``## Layers`` of ``doc``."""
    match = re.search(r"^## Layers\n(.*?)(?=^## |\Z)", doc, re.M | re.S)
    if match is None:
        raise AssertionError("docs/architecture.md has no section '## Layers'")
    layers: dict[str, int] = {}
    allowed: dict[str, frozenset[str]] = {}
    for line in match.group(1).splitlines():
        if not line.startswith("| `"):
            continue
        module, layer, same = (cell.strip() for cell in line.strip().strip("|").split("|"))
        key = _key(module)
        if key in layers:
            raise AssertionError(f"docs/architecture.md places {module} twice")
        layers[key] = int(layer.split()[0])
        allowed[key] = frozenset(_key(m) for m in re.findall(r"`[^`]+`", same))
    return Layering(layers, allowed)


def modules(package_dir: Path) -> list[str]:
    """Every module of the package, as a path without ``.py`` (``report/display``)."""
    return sorted(str(p.relative_to(package_dir).with_suffix(""))
                  for p in package_dir.rglob("*.py"))


def _target(package_dir: Path, name: str) -> str | None:
    """``labmetrics.a.b`` as ``a/b`` when it names a module, ``a/b/__init__`` when it names a
    package; None when it is not ours or names no module (a name inside one)."""
    if name == PACKAGE:
        return "__init__"
    if not name.startswith(f"{PACKAGE}."):
        return None
    path = name.removeprefix(f"{PACKAGE}.").replace(".", "/")
    if (package_dir / f"{path}.py").exists():
        return path
    if (package_dir / path / "__init__.py").exists():
        return f"{path}/__init__"
    return None


def _base(module: str, level: int) -> str:
    """The package a relative import of ``level`` dots starts from, in ``module``."""
    package = [PACKAGE, *module.split("/")[:-1]]
    return ".".join(package[:len(package) - (level - 1)])


def imports(package_dir: Path, module: str) -> set[str]:
    """The modules of the package that ``module`` imports (:data:`DYNAMIC` for a module
    name computed at run time)."""
    tree = ast.parse((package_dir / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {t for a in node.names if (t := _target(package_dir, a.name))}
        elif isinstance(node, ast.ImportFrom):
            where = node.module or ""
            if node.level:
                where = ".".join(filter(None, (_base(module, node.level), node.module)))
            if where != PACKAGE and not where.startswith(f"{PACKAGE}."):
                continue
            for alias in node.names:
                # `from labmetrics.report import display` imports report/display; a name of
                # a module (`from labmetrics import load`) comes from that module.
                target = _target(package_dir, f"{where}.{alias.name}") or \
                    _target(package_dir, where)
                if target:
                    found.add(target)
        elif isinstance(node, ast.Call) and _calls_import(node.func) and node.args:
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                if target := _target(package_dir, name.value):
                    found.add(target)
            else:
                found.add(DYNAMIC)
    return found


def _calls_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__")


def violations(package_dir: Path, layering: Layering) -> list[str]:
    """Every way the package and the table disagree, one sentence each."""
    problems: list[str] = []
    found = modules(package_dir)
    for key in sorted(layering.layers):
        if not ((package_dir / f"{key}.py").exists() or (package_dir / key).is_dir()):
            problems.append(f"the table places {key}, which is no module or package")
    used: set[tuple[str, str]] = set()
    for module in found:
        unit = layering.unit(module)
        if unit is None:
            problems.append(f"{module} has no layer in the table")
            continue
        own = layering.layers[unit]
        for target in sorted(imports(package_dir, module)):
            if target == DYNAMIC:
                if own < max(layering.layers.values()):
                    problems.append(f"{module} imports a module whose name it computes")
                continue
            other = layering.unit(target)
            if other is None or other == unit:
                continue
            theirs = layering.layers[other]
            if theirs > own:
                problems.append(f"{module} (layer {own}) imports {target} (layer {theirs})")
            elif theirs == own:
                if other in layering.allowed[unit]:
                    used.add((unit, other))
                else:
                    problems.append(f"{module} imports {target} of its own layer ({own}), "
                                    f"which the row of {unit} does not name")
    for unit, others in sorted(layering.allowed.items()):
        for other in sorted(others):
            if layering.layers.get(other) != layering.layers[unit]:
                problems.append(f"the row of {unit} names {other}, not of its layer")
            elif (unit, other) not in used:
                problems.append(f"the row of {unit} names {other}, which it does not import")
    problems += [f"the same-layer imports go round: {' → '.join(c)}"
                 for c in _cycles(layering.allowed)]
    return problems


def _cycles(allowed: dict[str, frozenset[str]]) -> list[list[str]]:
    """One cycle per start found in the graph of same-layer imports the table allows."""
    cycles: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(allowed.get(path[-1], ())):
            if nxt == path[0]:
                cycles.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk([*path, nxt])

    for start in sorted(allowed):
        walk([start])
    return cycles


# ---------------------------------------------------------------------------- the package

def test_the_package_keeps_the_layers_of_the_architecture() -> None:
    layering = read_layering(DOC.read_text(encoding="utf-8"))
    assert violations(config.PACKAGE_DIR, layering) == []


def test_the_table_places_every_layer_from_the_ground_up() -> None:
    layering = read_layering(DOC.read_text(encoding="utf-8"))
    assert sorted(set(layering.layers.values())) == list(range(7))
    assert layering.layers["config"] == layering.layers["errors"] == 0
    assert layering.layers["__init__"] == layering.layers["cli"] == 6


# ---------------------------------------------------------------------------- the checker

TABLE = """# Architecture

## Layers

| module | layer | imports from its own layer |
|---|---|---|
| `__init__.py` | 2 top | |
| `top.py` | 2 top | |
| `mid/` | 1 middle | `side.py` |
| `side.py` | 1 middle | |
| `ground.py` | 0 ground | |

## Contracts

| `ignored.py` | 9 | |
"""


def _tree(tmp_path: Path, **files: str) -> Path:
    """A package ``labmetrics`` under ``tmp_path`` whose modules are the table's, with
    ``files`` (``mid__inner="..."`` is mid/inner.py) replacing their text."""
    root = tmp_path / PACKAGE
    texts = {"__init__": "", "top": "", "mid/__init__": "", "mid/inner": "", "side": "",
             "ground": ""}
    texts |= {name.replace("__", "/") if name != "__init__" else name: text
              for name, text in files.items()}
    for name, text in texts.items():
        path = root / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _check(tmp_path: Path, table: str = TABLE, **files: str) -> list[str]:
    return violations(_tree(tmp_path, **files), read_layering(table))


# The tree every case below changes one thing in: each import the table allows, used.
ALLOWED = {"top": "from labmetrics import mid, side, ground\nimport labmetrics.mid.inner\n",
           "mid__inner": "from . import helper\nfrom labmetrics.side import x\n"
                         "from labmetrics import ground\n",
           "side": "import labmetrics.ground as g\nimport importlib\n"
                   "importlib.import_module('labmetrics.ground')\n",
           "__init__": "import importlib\n"
                       "def __getattr__(name):\n"
                       "    return importlib.import_module(f'labmetrics.{name}')\n"}


def test_the_checker_reads_only_the_layers_section() -> None:
    layering = read_layering(TABLE)
    assert layering.layers == {"__init__": 2, "top": 2, "mid": 1, "side": 1, "ground": 0}
    assert layering.allowed["mid"] == {"side"}
    assert layering.unit("mid/inner") == "mid" and layering.unit("other") is None


def test_the_checker_accepts_what_the_table_allows(tmp_path: Path) -> None:
    assert _check(tmp_path, **ALLOWED) == []


@pytest.mark.parametrize(("module", "code", "problem"), [
    ("ground", "from labmetrics.side import x\n", "ground (layer 0) imports side (layer 1)"),
    ("ground", "from labmetrics import load\n", "ground (layer 0) imports __init__ (layer 2)"),
    ("ground", "import labmetrics\n", "ground (layer 0) imports __init__ (layer 2)"),
    ("mid__inner", "from .. import top\n", "mid/inner (layer 1) imports top (layer 2)"),
    ("mid__inner", "from ..top import x\n", "mid/inner (layer 1) imports top (layer 2)"),
    ("ground", "import importlib\nimportlib.import_module('labmetrics.top')\n",
     "ground (layer 0) imports top (layer 2)"),
    ("ground", "from importlib import import_module\nimport_module('labmetrics.' + n)\n",
     "ground imports a module whose name it computes"),
    ("side", "from labmetrics.mid import inner\n",
     "side imports mid/inner of its own layer (1), which the row of side does not name"),
])
def test_the_checker_finds_a_planted_violation(tmp_path: Path, module: str, code: str,
                                               problem: str) -> None:
    assert problem in _check(tmp_path, **(ALLOWED | {module: code}))


def test_the_checker_holds_the_table_to_the_code(tmp_path: Path) -> None:
    # A same-layer import the table allows but no module makes is a stale row.
    unused = _check(tmp_path, **(ALLOWED | {"mid__inner": ""}))
    assert "the row of mid names side, which it does not import" in unused
    # A module the table does not place, and a row that places no module.
    extra = _tree(tmp_path, **ALLOWED)
    (extra / "stray.py").write_text("", encoding="utf-8")
    (extra / "ground.py").unlink()
    problems = violations(extra, read_layering(TABLE))
    assert "stray has no layer in the table" in problems
    assert "the table places ground, which is no module or package" in problems


def test_the_checker_refuses_allowances_across_layers_and_in_a_circle() -> None:
    table = TABLE.replace("| `side.py` | 1 middle | |", "| `side.py` | 1 middle | `mid/` |") \
        .replace("| `top.py` | 2 top | |", "| `top.py` | 2 top | `ground.py` |")
    problems = violations(Path("/nonexistent"), read_layering(table))
    assert "the row of top names ground, not of its layer" in problems
    assert "the same-layer imports go round: mid → side → mid" in problems
