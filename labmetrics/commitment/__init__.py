"""The commitment and assessment files: read, checked, and returned as frozen dataclasses.

A commitment file (``data/raw/commitments/<ID>.yaml``) holds the commitment as data: its
texts in every language, institutions, sources, the labs it names, and per milestone the
indicators that evidence it with the thresholds of each completion level. An assessment file
(``<ID>-assessment.yaml``) holds an evaluator's judgments: specificity, relevance to each
OGP value, potential impact, "did it open government?" and an optional completion stated
beside the computed one. The header comment of each bundled file documents its keys.

Both are checked strictly; every problem raises a :class:`~labmetrics.errors.ConfigError`
naming the file, the line, the key path and the fix.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, NoReturn, TypeVar

import yaml

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.indicators import INDICATORS
from labmetrics.irm import (
    Completion,
    DidItOpenGovernment,
    IRMScale,
    OGPValue,
    PotentialImpact,
    Specificity,
    UnknownLevelError,
)

KeyPath = tuple[str | int, ...]
S = TypeVar("S", bound=IRMScale)

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
}
"""The comparison operators a completion condition may use."""

RULE_LEVELS: tuple[Completion, ...] = (
    Completion.COMPLETE, Completion.SUBSTANTIAL, Completion.LIMITED,
)
"""Levels that take conditions, in the order they are checked. Not Started is the rest."""

STAGES = ("midterm", "end_of_term")
_ID = re.compile(r"^[A-Za-z0-9_-]+$")


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Text:
    """A text in every language labmetrics speaks: ``{lang: text}``."""

    by_lang: Mapping[str, str]

    def text(self, lang: str = config.DEFAULT_LANG) -> str:
        """The text in ``lang``."""
        try:
            return self.by_lang[lang]
        except KeyError:
            raise ConfigError(
                f"no text in '{lang}'.", fix=f"use one of {', '.join(self.by_lang)}."
            ) from None

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Source:
    """A document the file cites: an id used in ``sources`` lists, a title, a URL."""

    id: str
    title: Text
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Institution:
    """A lead or supporting institution and its role."""

    name: str
    role: Text | None = None


@dataclass(frozen=True)
class ActionPlan:
    """The action plan the commitment belongs to."""

    member: str
    cycle: str
    adopted: int
    start: date
    end: date
    reformulated: date | None = None


@dataclass(frozen=True)
class Condition:
    """One threshold of a completion level, e.g. ``groups_mapped >= 100``."""

    indicator: str
    op: str
    value: float

    def holds(self, actual: float | None) -> bool:
        """Whether ``actual`` meets the threshold; a missing figure (None, NaN) never does."""
        if actual is None or (isinstance(actual, float) and math.isnan(actual)):
            return False
        return OPERATORS[self.op](float(actual), self.value)

    def gap(self, actual: float | None) -> float | None:
        """How far ``actual`` is from the threshold (0 when met, None when unknown)."""
        if actual is None or (isinstance(actual, float) and math.isnan(actual)):
            return None
        return 0.0 if self.holds(actual) else abs(self.value - float(actual))


@dataclass(frozen=True)
class Milestone:
    """A milestone: its texts, its indicators, and the conditions of each completion level.

    ``rules`` maps Complete, Substantial and Limited (in that order) to their conditions.
    """

    number: int
    title: Text
    text: Text
    indicators: tuple[str, ...]
    rules: Mapping[Completion, tuple[Condition, ...]]


@dataclass(frozen=True)
class Commitment:
    """A commitment of an OGP action plan, as read from its YAML file."""

    id: str
    title: Text
    text: Text
    action_plan: ActionPlan
    lead: tuple[Institution, ...]
    supporting: tuple[Institution, ...]
    labs: Mapping[str, str]
    sources: Mapping[str, Source]
    milestones: tuple[Milestone, ...]
    problem: Text | None = None
    objective: Text | None = None
    history: Text | None = None
    path: Path | None = None

    def milestone(self, number: int) -> Milestone:
        """The milestone numbered ``number``."""
        for m in self.milestones:
            if m.number == number:
                return m
        raise KeyError(number)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator the commitment uses, milestone by milestone."""
        return tuple(i for m in self.milestones for i in m.indicators)


@dataclass(frozen=True)
class Judgment(Generic[S]):
    """An evaluator's rating on one IRM scale, with its rationale and cited sources."""

    value: S
    rationale: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Relevance:
    """Whether the commitment is relevant to one OGP value, and why."""

    value: OGPValue
    relevant: bool
    rationale: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CompletionOverride:
    """A completion level stated by the evaluator (the IRM's), kept beside the computed one."""

    value: Completion
    reason: Text
    sources: tuple[str, ...]
    stage: str | None = None


@dataclass(frozen=True)
class Assessment:
    """An evaluator's judgments on a commitment."""

    commitment_id: str
    assessor: str
    sources: Mapping[str, Source]
    specificity: Judgment[Specificity]
    relevance: Mapping[OGPValue, Relevance]
    potential_impact: Judgment[PotentialImpact]
    did_it_open_government: Judgment[DidItOpenGovernment] | None = None
    did_it_open_government_by_value: Mapping[OGPValue, Judgment[DidItOpenGovernment]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    completion_override: CompletionOverride | None = None
    path: Path | None = None

    @property
    def relevant_values(self) -> tuple[OGPValue, ...]:
        """The OGP values the commitment is relevant to, in OGP's order."""
        return tuple(v for v in OGPValue if v in self.relevance and self.relevance[v].relevant)


@dataclass(frozen=True)
class CommitmentFiles:
    """Where a commitment's files are; ``assessment`` is None when there is none."""

    commitment: Path
    assessment: Path | None


# ---------------------------------------------------------------------------------------------
# Reading YAML with the line of every key


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class _File:
    """A parsed YAML file that can say on which line a key path is."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        if not path.is_file():
            raise ConfigError(f"the {what} file does not exist.", file=path,
                              fix="check the path or the commitment id.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"the {what} file is not UTF-8 text.", file=path,
                              fix="save the file as UTF-8.") from exc
        try:
            self.node = yaml.compose(text, Loader=yaml.SafeLoader)
            self.data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise ConfigError(
                f"the {what} file is not valid YAML: {exc.problem or exc.context}.",
                file=path, line=mark.line + 1 if mark else None,
                fix="correct the YAML syntax at that line (indentation, a missing ':' or "
                "quotes around text holding ': ' or '#').",
            ) from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"the {what} file is not valid YAML: {exc}.", file=path,
                              fix="correct the YAML syntax.") from exc
        if self.data is None:
            raise ConfigError(f"the {what} file is empty.", file=path,
                              fix=f"write the {what} as a YAML mapping; see the bundled "
                              "SAO0005 files for the keys.")
        self._check_duplicates(self.node, ())

    @staticmethod
    def _child(node: yaml.Node | None, part: str | int
               ) -> tuple[yaml.Node, yaml.Node] | None:
        """The (where it is written, its value) nodes of ``part`` under ``node``."""
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    return key, value
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            return node.value[part], node.value[part]
        return None

    def line(self, path: KeyPath) -> int | None:
        """1-based line where the deepest existing key or item of ``path`` is written."""
        node, found = self.node, self.node
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            found, node = child
        return found.start_mark.line + 1 if found is not None else None

    def _check_duplicates(self, node: yaml.Node | None, path: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if key.value in seen:
                    raise ConfigError(
                        f"{_dotted((*path, key.value))}: the key is written twice.",
                        file=self.path, line=key.start_mark.line + 1,
                        fix="keep one of the two; the second would silently replace the first.",
                    )
                seen.add(key.value)
                self._check_duplicates(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._check_duplicates(item, (*path, i))

    def fail(self, path: KeyPath, message: str, fix: str) -> NoReturn:
        raise ConfigError(f"{_dotted(path)}: {message}", file=self.path,
                          line=self.line(path), fix=fix)

    # Typed getters ---------------------------------------------------------------------------

    def mapping(self, value: Any, path: KeyPath, required: tuple[str, ...],
                optional: tuple[str, ...] = (), *, free: bool = False) -> dict[str, Any]:
        # free: the keys are names chosen by the author (source ids, lab names, OGP values).
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping of keys, found {_kind(value)}.",
                      fix=f"write the keys {', '.join(required + optional) or 'name: value'} "
                      "under it, one per line.")
        for key in value:
            if not free and key not in required and key not in optional:
                self.fail((*path, key), f"unknown key '{key}'.",
                          fix=f"use only {', '.join(required + optional)} here "
                          "(check the spelling).")
        for key in required:
            if key not in value or value[key] is None:
                self.fail(path, f"the key '{key}' is missing.",
                          fix=f"add '{key}:' under {_dotted(path)}.")
        return value

    def sequence(self, value: Any, path: KeyPath, *, non_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {_kind(value)}.",
                      fix="write one '- item' per line under the key.")
        if non_empty and not value:
            self.fail(path, "the list is empty.", fix="give at least one item.")
        return value

    def string(self, value: Any, path: KeyPath) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) \
                or not str(value).strip():
            self.fail(path, f"expected text, found {_kind(value)}.",
                      fix="write the text after the key, in quotes if it holds ': '.")
        return str(value).strip()

    def text(self, value: Any, path: KeyPath) -> Text:
        fix = "give the text in every language: " + ", ".join(
            f"'{lang}: ...'" for lang in config.LANGUAGES) + "."
        if not isinstance(value, dict):
            self.fail(path, f"expected a text per language, found {_kind(value)}.", fix=fix)
        for lang in value:
            if lang not in config.LANGUAGES:
                self.fail((*path, lang), f"'{lang}' is not a language labmetrics speaks.",
                          fix=f"use {', '.join(config.LANGUAGES)}.")
        for lang in config.LANGUAGES:
            if lang not in value or not isinstance(value[lang], str) or not value[lang].strip():
                self.fail(path, f"the text in '{lang}' is missing.", fix=fix)
        return Text(MappingProxyType({lang: " ".join(value[lang].split())
                                      for lang in config.LANGUAGES}))

    def date(self, value: Any, path: KeyPath) -> date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, f"'{value}' is not a date.", fix="write the date as YYYY-MM-DD.")

    def integer(self, value: Any, path: KeyPath) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"'{value}' is not a whole number.", fix="write digits only.")
        return value

    def number(self, value: Any, path: KeyPath) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.fail(path, f"the threshold {value!r} is not a number.",
                      fix="write a number without quotes or units, e.g. 100 or 0.5 "
                      "(shares are fractions: 0.5 for 50%).")
        return float(value)

    def boolean(self, value: Any, path: KeyPath) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, found {value!r}.",
                      fix="write true or false.")
        return value

    def level(self, scale: type[S], value: Any, path: KeyPath) -> S:
        try:
            return scale.parse(str(value))
        except UnknownLevelError as exc:
            self.fail(path, exc.message, fix=exc.fix or "use a level of the scale.")

    def sources(self, value: Any, path: KeyPath) -> dict[str, Source]:
        value = self.mapping(value, path, required=(), free=True)
        if not value:
            self.fail(path, "no source is listed.", fix="cite at least one source.")
        out = {}
        for key, item in value.items():
            p = (*path, key)
            item = self.mapping(item, p, required=("title",), optional=("url", "publisher"))
            out[str(key)] = Source(
                id=str(key), title=self.text(item["title"], (*p, "title")),
                url=self.string(item["url"], (*p, "url")) if item.get("url") else None,
                publisher=self.string(item["publisher"], (*p, "publisher"))
                if item.get("publisher") else None,
            )
        return out

    def citations(self, value: Any, path: KeyPath, known: Mapping[str, Source]) -> tuple[str, ...]:
        items = self.sequence(value, path)
        for i, item in enumerate(items):
            if item not in known:
                self.fail((*path, i), f"the source '{item}' is not listed under 'sources'.",
                          fix=f"cite one of {', '.join(known)}, or add it under 'sources'.")
        return tuple(str(i) for i in items)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}",
            bool: f"{value}"}.get(type(value), repr(value))


# ---------------------------------------------------------------------------------------------
# Commitment


def read_commitment(path: str | Path) -> Commitment:
    """Read and check a commitment file.

    Parameters
    ----------
    path
        The commitment's YAML file, e.g. ``data/raw/commitments/SAO0005.yaml``.

    Returns
    -------
    Commitment

    Raises
    ------
    ConfigError
        For a missing file, a YAML syntax error (with its line), an unknown or missing key, a
        missing language, an unknown indicator or level, or a threshold that is not a number.
    """
    f = _File(Path(path), "commitment")
    top = f.mapping(
        f.data, (),
        required=("id", "title", "text", "action_plan", "institutions", "sources", "milestones"),
        optional=("problem", "objective", "history", "labs"),
    )
    cid = f.string(top["id"], ("id",))
    if not _ID.match(cid):
        f.fail(("id",), f"'{cid}' is not a commitment id.",
               fix="use letters, digits, '-' and '_' only, e.g. SAO0005.")
    sources = f.sources(top["sources"], ("sources",))
    milestones = _milestones(f, top["milestones"])
    return Commitment(
        id=cid,
        title=f.text(top["title"], ("title",)),
        text=f.text(top["text"], ("text",)),
        action_plan=_action_plan(f, top["action_plan"]),
        lead=_institutions(f, top["institutions"], "lead"),
        supporting=_institutions(f, top["institutions"], "supporting"),
        labs=_labs(f, top.get("labs") or {}),
        sources=MappingProxyType(sources),
        milestones=milestones,
        problem=f.text(top["problem"], ("problem",)) if "problem" in top else None,
        objective=f.text(top["objective"], ("objective",)) if "objective" in top else None,
        history=f.text(top["history"], ("history",)) if "history" in top else None,
        path=f.path,
    )


def _action_plan(f: _File, value: Any) -> ActionPlan:
    p: KeyPath = ("action_plan",)
    value = f.mapping(value, p, required=("member", "cycle", "adopted", "start", "end"),
                      optional=("reformulated",))
    start, end = f.date(value["start"], (*p, "start")), f.date(value["end"], (*p, "end"))
    if end < start:
        f.fail((*p, "end"), f"the action plan ends ({end}) before it starts ({start}).",
               fix="swap the dates or correct one of them.")
    return ActionPlan(
        member=f.string(value["member"], (*p, "member")),
        cycle=f.string(value["cycle"], (*p, "cycle")),
        adopted=f.integer(value["adopted"], (*p, "adopted")),
        start=start, end=end,
        reformulated=f.date(value["reformulated"], (*p, "reformulated"))
        if value.get("reformulated") else None,
    )


def _institutions(f: _File, value: Any, which: str) -> tuple[Institution, ...]:
    value = f.mapping(value, ("institutions",), required=("lead",), optional=("supporting",))
    p: KeyPath = ("institutions", which)
    items = f.sequence(value[which], p) if which in value else []
    out = []
    for i, item in enumerate(items):
        item = f.mapping(item, (*p, i), required=("name",), optional=("role",))
        out.append(Institution(
            name=f.string(item["name"], (*p, i, "name")),
            role=f.text(item["role"], (*p, i, "role")) if "role" in item else None,
        ))
    return tuple(out)


def _labs(f: _File, value: Any) -> Mapping[str, str]:
    value = f.mapping(value, ("labs",), required=(), free=True)
    return MappingProxyType({str(name): f.string(space, ("labs", name))
                             for name, space in value.items()})


def _milestones(f: _File, value: Any) -> tuple[Milestone, ...]:
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
        indicators = _indicator_ids(f, item["indicators"], (*p, "indicators"), number)
        out.append(Milestone(
            number=number,
            title=f.text(item["title"], (*p, "title")),
            text=f.text(item["text"], (*p, "text")),
            indicators=indicators,
            rules=_rules(f, item["completion"], (*p, "completion"), indicators),
        ))
    return tuple(out)


def _indicator_ids(f: _File, value: Any, path: KeyPath, milestone: int) -> tuple[str, ...]:
    items = f.sequence(value, path)
    for i, ind in enumerate(items):
        spec = INDICATORS.get(ind) if isinstance(ind, str) else None
        if spec is None:
            f.fail((*path, i), f"unknown indicator '{ind}'.",
                   fix="use an indicator id of labmetrics/indicators.py: "
                   + ", ".join(INDICATORS) + ".")
        if spec.milestone != milestone:
            f.fail((*path, i), f"the indicator '{ind}' evidences milestone {spec.milestone}, "
                   f"not milestone {milestone}.",
                   fix=f"list it under milestone {spec.milestone}.")
    if len(set(items)) != len(items):
        f.fail(path, "an indicator is listed twice.", fix="list each indicator once.")
    return tuple(items)


def _rules(f: _File, value: Any, path: KeyPath,
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


def _conditions(f: _File, value: Any, path: KeyPath,
                indicators: tuple[str, ...]) -> tuple[Condition, ...]:
    out = []
    for i, item in enumerate(f.sequence(value, path)):
        p = (*path, i)
        item = f.mapping(item, p, required=("indicator", "op", "value"))
        ind = item["indicator"]
        if ind not in INDICATORS:
            f.fail((*p, "indicator"), f"unknown indicator '{ind}'.",
                   fix="use an indicator id of labmetrics/indicators.py: "
                   + ", ".join(INDICATORS) + ".")
        if ind not in indicators:
            f.fail((*p, "indicator"), f"the indicator '{ind}' is not among this "
                   "milestone's indicators.",
                   fix=f"add '{ind}' to the milestone's 'indicators' list.")
        op = item["op"]
        if op not in OPERATORS:
            f.fail((*p, "op"), f"'{op}' is not a comparison.",
                   fix=f"use one of {', '.join(OPERATORS)} (in quotes).")
        threshold = f.number(item["value"], (*p, "value"))
        if INDICATORS[ind].unit == "share" and not 0 <= threshold <= 1:
            f.fail((*p, "value"), f"'{ind}' is a share, but the threshold is {threshold:g}.",
                   fix="write shares as fractions between 0 and 1 (0.5 for 50%).")
        out.append(Condition(indicator=ind, op=op, value=threshold))
    return tuple(out)


def _check_monotonic(f: _File, rules: Mapping[Completion, tuple[Condition, ...]],
                     path: KeyPath) -> None:
    # A higher level asking less than a lower one is almost always a typo in a threshold.
    lower_first = sorted(rules, key=lambda level: level.rank or 0)
    for low, high in itertools.pairwise(lower_first):
        for c_low in rules[low]:
            for i, c_high in enumerate(rules[high]):
                if c_high.indicator != c_low.indicator or c_high.op != c_low.op:
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


# ---------------------------------------------------------------------------------------------
# Assessment


def read_assessment(path: str | Path) -> Assessment:
    """Read and check an assessment file.

    Parameters
    ----------
    path
        The assessment's YAML file, e.g. ``data/raw/commitments/SAO0005-assessment.yaml``.

    Returns
    -------
    Assessment

    Raises
    ------
    ConfigError
        For a missing file, a YAML syntax error, an unknown key, a missing language, a level
        that is not on its IRM scale, an uncited or unknown source, or a completion override
        without a reason.
    """
    f = _File(Path(path), "assessment")
    top = f.mapping(
        f.data, (),
        required=("commitment", "assessor", "sources", "specificity", "relevance",
                  "potential_impact"),
        optional=("did_it_open_government", "completion"),
    )
    sources = f.sources(top["sources"], ("sources",))
    relevance = _relevance(f, top["relevance"], sources)
    diog, by_value = None, {}
    if "did_it_open_government" in top:
        diog, by_value = _did_it_open_government(f, top["did_it_open_government"], sources,
                                                 relevance)
    override = None
    if "completion" in top:
        override = _completion(f, top["completion"], sources)
    return Assessment(
        commitment_id=f.string(top["commitment"], ("commitment",)),
        assessor=f.string(top["assessor"], ("assessor",)),
        sources=MappingProxyType(sources),
        specificity=_judgment(f, Specificity, top["specificity"], ("specificity",), sources),
        relevance=MappingProxyType(relevance),
        potential_impact=_judgment(f, PotentialImpact, top["potential_impact"],
                                   ("potential_impact",), sources),
        did_it_open_government=diog,
        did_it_open_government_by_value=MappingProxyType(by_value),
        completion_override=override,
        path=f.path,
    )


def _judgment(f: _File, scale: type[S], value: Any, path: KeyPath,
              sources: Mapping[str, Source]) -> Judgment[S]:
    value = f.mapping(value, path, required=("value", "rationale", "sources"))
    return Judgment(
        value=f.level(scale, value["value"], (*path, "value")),
        rationale=f.text(value["rationale"], (*path, "rationale")),
        sources=f.citations(value["sources"], (*path, "sources"), sources),
    )


def _ogp_value(f: _File, key: Any, path: KeyPath) -> OGPValue:
    try:
        return OGPValue.parse(str(key))
    except UnknownLevelError:
        f.fail(path, f"'{key}' is not an OGP value.",
               fix="use " + ", ".join(v.name.lower() for v in OGPValue) + ".")


def _relevance(f: _File, value: Any, sources: Mapping[str, Source]) -> dict[OGPValue, Relevance]:
    p: KeyPath = ("relevance",)
    value = f.mapping(value, p, required=(), free=True)
    out: dict[OGPValue, Relevance] = {}
    for key, item in value.items():
        ogp = _ogp_value(f, key, (*p, key))
        item = f.mapping(item, (*p, key), required=("relevant", "rationale", "sources"))
        out[ogp] = Relevance(
            value=ogp,
            relevant=f.boolean(item["relevant"], (*p, key, "relevant")),
            rationale=f.text(item["rationale"], (*p, key, "rationale")),
            sources=f.citations(item["sources"], (*p, key, "sources"), sources),
        )
    for ogp in OGPValue:
        if ogp not in out:
            f.fail(p, f"no judgment on '{ogp.name.lower()}' ({ogp.label}).",
                   fix="judge every OGP value: add it with 'relevant: true' or 'false', a "
                   "rationale and sources.")
    return {v: out[v] for v in OGPValue}


def _did_it_open_government(
    f: _File, value: Any, sources: Mapping[str, Source], relevance: Mapping[OGPValue, Relevance]
) -> tuple[Judgment[DidItOpenGovernment], dict[OGPValue, Judgment[DidItOpenGovernment]]]:
    p: KeyPath = ("did_it_open_government",)
    value = f.mapping(value, p, required=("overall",), optional=("by_value",))
    overall = _judgment(f, DidItOpenGovernment, value["overall"], (*p, "overall"), sources)
    by_value: dict[OGPValue, Judgment[DidItOpenGovernment]] = {}
    for key, item in f.mapping(value.get("by_value") or {}, (*p, "by_value"),
                               required=(), free=True).items():
        kp = (*p, "by_value", key)
        ogp = _ogp_value(f, key, kp)
        if not relevance[ogp].relevant:
            f.fail(kp, f"'{ogp.label}' is judged here but marked not relevant.",
                   fix=f"set relevance.{ogp.name.lower()}.relevant to true, or remove it here.")
        by_value[ogp] = _judgment(f, DidItOpenGovernment, item, kp, sources)
    return overall, by_value


def _completion(f: _File, value: Any, sources: Mapping[str, Source]) -> CompletionOverride:
    p: KeyPath = ("completion",)
    value = f.mapping(value, p, required=("value",), optional=("reason", "sources", "stage"))
    if not value.get("reason"):
        f.fail(p, "a completion stated beside the computed one needs a reason.",
               fix="add 'reason:' in every language, saying whose judgment it is and why it "
               "differs from what the evidence computes.")
    stage = None
    if value.get("stage") is not None:
        stage = f.string(value["stage"], (*p, "stage"))
        if stage not in STAGES:
            f.fail((*p, "stage"), f"'{stage}' is not a stage.", fix=f"use {' or '.join(STAGES)}.")
    if "sources" not in value:
        f.fail(p, "the key 'sources' is missing.", fix="cite the sources of the stated level.")
    return CompletionOverride(
        value=f.level(Completion, value["value"], (*p, "value")),
        reason=f.text(value["reason"], (*p, "reason")),
        sources=f.citations(value["sources"], (*p, "sources"), sources),
        stage=stage,
    )


# ---------------------------------------------------------------------------------------------
# Finding the files


def find_commitment_files(commitment_id: str,
                          commitments_dir: str | Path = config.COMMITMENTS_DIR
                          ) -> CommitmentFiles:
    """Find ``<ID>.yaml`` and, when present, ``<ID>-assessment.yaml`` in ``commitments_dir``.

    Raises
    ------
    ConfigError
        When the id is malformed or the commitment file does not exist (the message lists
        the commitments that do).
    """
    folder = Path(commitments_dir)
    if not _ID.match(commitment_id):
        raise ConfigError(f"'{commitment_id}' is not a commitment id.",
                          fix="use letters, digits, '-' and '_' only, e.g. SAO0005.")
    commitment = folder / f"{commitment_id}.yaml"
    if not commitment.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml")
                       if not p.stem.endswith("-assessment"))
        raise ConfigError(
            f"no commitment file for '{commitment_id}'.", file=commitment,
            fix=f"use one of {', '.join(known)}." if known
            else f"write {commitment.name}, starting from a copy of the bundled SAO0005.yaml.",
        )
    assessment = folder / f"{commitment_id}-assessment.yaml"
    return CommitmentFiles(commitment, assessment if assessment.is_file() else None)
