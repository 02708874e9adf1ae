"""environment.yml (for conda users) lists the same dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from labmetrics import config

_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$")


def _parse(spec: str) -> tuple[str, str]:
    match = _NAME.match(spec)
    assert match, spec
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["lab"]
    return dict(_parse(d) for d in deps)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs: dict[str, str] = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            for pip_spec in item["pip"]:
                if not pip_spec.startswith("-"):
                    name, rng = _parse(pip_spec)
                    specs[name] = rng
        else:
            name, rng = _parse(item)
            if name not in ("python", "pip"):
                specs[name] = rng
    return specs


def test_environment_lists_every_dependency_of_pyproject() -> None:
    assert set(_environment()) == set(_pyproject())


def test_environment_pins_the_same_ranges_as_pyproject() -> None:
    pyproject, environment = _pyproject(), _environment()
    differing = {n: (pyproject[n], environment[n]) for n in pyproject
                 if pyproject[n] != environment.get(n)}
    assert differing == {}


def test_environment_uses_conda_forge_and_installs_the_checkout() -> None:
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    pip_section = next(i["pip"] for i in env["dependencies"] if isinstance(i, dict))
    assert "-e ." in pip_section


def test_jupyterlab_is_only_in_the_lab_extra() -> None:
    data = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    core = {_parse(d)[0] for d in data["project"]["dependencies"]}
    test_extra = {_parse(d)[0] for d in data["project"]["optional-dependencies"]["test"]}
    assert "jupyterlab" not in core | test_extra
    assert "jupyterlab" in {_parse(d)[0] for d in data["project"]["optional-dependencies"]["lab"]}
