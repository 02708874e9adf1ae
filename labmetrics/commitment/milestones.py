"""A commitment file's milestones: their indicators and the conditions of each level.

Milestones are numbered 1..N, listed in any order; any indicator of the registry
(:data:`labmetrics.indicators.INDICATORS`) may evidence any milestone, and a higher level may
not ask less than a lower one.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from labmetrics.commitment.model import OPERATORS, RULE_LEVELS, Condition, Milestone
from labmetrics.commitment.yaml_io import KeyPath, YamlFile
from labmetrics.indicators import EACH_SPACES, INDICATORS, PER_PERIODS, PER_SPACE, IndicatorSpec
from labmetrics.irm import Completion


def read_milestones(f: YamlFile, value: object) -> tuple[Milestone, ...]:
    """Check the ``milestones`` list of a commitment file and return its milestones."""
    items = f.sequence(value, ("milestones",))
    out: list[Milestone] = []
    for i, item in enumerate(items):
        p: KeyPath = ("milestones", i)
        item = f.mapping(item, p, required=("number", "title", "text", "indicators",
                                            "completion"))
        number = f.integer(item["number"], (*p, "number"))
        if any(m.number == number for m in out):
            f.fail((*p, "number"), f"milestone {number} is listed twice.",
                   fix="number the milestones 1, 2, 3... once each.")
        indicators = _indicator_ids(f, item["indicators"], (*p, "indicators"))
        out.append(Milestone(
            number=number,
            title=f.text(item["title"], (*p, "title")),
            text=f.text(item["text"], (*p, "text")),
            indicators=indicators,
            rules=_rules(f, item["completion"], (*p, "completion"), indicators),
        ))
    numbers = sorted(m.number for m in out)
    if numbers != list(range(1, len(out) + 1)):
        missing = sorted(set(range(1, len(out) + 1)) - set(numbers))
        f.fail(("milestones",), f"the milestones are numbered {', '.join(map(str, numbers))}"
               + (f"; {', '.join(map(str, missing))} is missing." if missing else "."),
               fix=f"number the {len(out)} milestones 1 to {len(out)}, in any order.")
    return tuple(out)


def _indicator_spec(f: YamlFile, value: Any, path: KeyPath) -> IndicatorSpec:
    spec = INDICATORS.get(value) if isinstance(value, str) else None
    if spec is None:
        f.fail(path, f"unknown indicator '{value}'.",
               fix="use an indicator id of labmetrics/indicators.py: "
               + ", ".join(INDICATORS) + ".")
    return spec


def _indicator_ids(f: YamlFile, value: Any, path: KeyPath) -> tuple[str, ...]:
    items = f.sequence(value, path)
    for i, ind in enumerate(items):
        _indicator_spec(f, ind, (*path, i))
    if len(set(items)) != len(items):
        f.fail(path, "an indicator is listed twice.", fix="list each indicator once.")
    # _indicator_spec refused any item that is not an indicator's id.
    return tuple(str(item) for item in items)


def _rules(f: YamlFile, value: Any, path: KeyPath,
           indicators: tuple[str, ...]) -> Mapping[Completion, tuple[Condition, ...]]:
    value = f.mapping(value, path, required=(), free=True)
    rules: dict[Completion, tuple[Condition, ...]] = {}
    names = ", ".join(level.name.lower() for level in RULE_LEVELS)
    for key, conditions in value.items():
        level = f.level(Completion, key, (*path, key))
        if level not in RULE_LEVELS:
            f.fail((*path, key), f"'{key}' takes no conditions.",
                   fix=f"give conditions for {names} only; a milestone is Not Started when "
                   "none of them is reached.")
        if level in rules:
            f.fail((*path, key), f"the level '{level.label}' is given twice.",
                   fix="merge its conditions into one list.")
        rules[level] = _conditions(f, conditions, (*path, key), indicators)
    for level in RULE_LEVELS:
        if level not in rules:
            f.fail(path, f"no conditions for the level '{level.label}'.",
                   fix=f"add '{level.name.lower()}:' with a list of "
                   "{indicator, op, value} conditions.")
    _check_monotonic(f, rules, path)
    return MappingProxyType({level: rules[level] for level in RULE_LEVELS})


def _conditions(f: YamlFile, value: Any, path: KeyPath,
                indicators: tuple[str, ...]) -> tuple[Condition, ...]:
    out = []
    for i, item in enumerate(f.sequence(value, path)):
        p = (*path, i)
        item = f.mapping(item, p, required=("indicator", "op", "value"),
                         optional=("per", "each"))
        ind = item["indicator"]
        spec = _indicator_spec(f, ind, (*p, "indicator"))
        if ind not in indicators:
            f.fail((*p, "indicator"), f"the indicator '{ind}' is not among this "
                   "milestone's indicators.",
                   fix=f"add '{ind}' to the milestone's 'indicators' list.")
        op = item["op"]
        if not isinstance(op, str) or op not in OPERATORS:
            f.fail((*p, "op"), f"'{op}' is not a comparison.",
                   fix=f"use one of {', '.join(OPERATORS)} (in quotes).")
        threshold = f.number(item["value"], (*p, "value"))
        if spec.unit == "share" and not 0 <= threshold <= 1:
            f.fail((*p, "value"), f"'{ind}' is a share, but the threshold is {threshold:g}.",
                   fix="write shares as fractions between 0 and 1 (0.5 for 50%).")
        per = item.get("per")
        if per is not None and per not in PER_PERIODS:
            f.fail((*p, "per"), f"'{per}' is not a period to divide by.",
                   fix=f"use {' or '.join(PER_PERIODS)}.")
        if per is not None and spec.unit == "share":
            f.fail((*p, "per"), f"'{ind}' is a share: it cannot be divided per {per}.",
                   fix="drop 'per', or use a count or hours indicator.")
        each = _each(f, item.get("each"), (*p, "each"), ind)
        out.append(Condition(indicator=ind, op=op, value=threshold, per=per, each=each))
    return tuple(out)


def _each(f: YamlFile, value: Any, path: KeyPath, indicator: str
          ) -> str | tuple[str, ...] | None:
    if value is None:
        return None
    if indicator not in PER_SPACE:
        f.fail(path, f"'{indicator}' has no figure per space.",
               fix="drop 'each', or use one of " + ", ".join(PER_SPACE) + ".")
    if isinstance(value, str) and value in EACH_SPACES:
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    f.fail(path, f"'each' names no spaces ({value!r}).",
           fix="write each: labs (the labs the commitment names), each: spaces (every space "
           "open in the period) or a list of space ids.")


def _check_monotonic(f: YamlFile, rules: Mapping[Completion, tuple[Condition, ...]],
                     path: KeyPath) -> None:
    # A higher level asking less than a lower one is almost always a typo in a threshold.
    lower_first = sorted(rules, key=lambda level: level.rank or 0)
    for low, high in itertools.pairwise(lower_first):
        for c_low in rules[low]:
            for i, c_high in enumerate(rules[high]):
                if (c_high.indicator, c_high.op, c_high.per, c_high.each) != \
                        (c_low.indicator, c_low.op, c_low.per, c_low.each):
                    continue
                easier = (c_high.value < c_low.value if c_low.op in (">=", ">")
                          else c_high.value > c_low.value if c_low.op in ("<=", "<")
                          else False)
                if easier:
                    f.fail((*path, high.name.lower(), i, "value"),
                           f"'{high.label}' asks {c_high.indicator} {c_high.op} "
                           f"{c_high.value:g}, less than '{low.label}' "
                           f"({c_low.op} {c_low.value:g}).",
                           fix="a higher level's threshold must be at least as demanding.")

