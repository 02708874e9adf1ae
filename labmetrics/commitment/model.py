"""What a commitment file and an assessment file hold, as frozen dataclasses.

:mod:`labmetrics.commitment.read` builds them from the YAML files; the evidence engine and
the progress report read them.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Generic, Protocol, TypeVar

from markupsafe import Markup

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.irm import (
    Ambition,
    Completion,
    DidItOpenGovernment,
    IRMScale,
    OGPValue,
    PotentialImpact,
    Specificity,
    Verifiable,
)

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
"""The IRM stages a stated completion may be of."""


class Numbered(Protocol):
    """Anything with a milestone number: a milestone, or the evidence of one."""

    @property
    def number(self) -> int: ...


N = TypeVar("N", bound=Numbered)


def by_number(items: Iterable[N], number: int) -> N:
    """The item of ``items`` numbered ``number``; KeyError when there is none."""
    for item in items:
        if item.number == number:
            return item
    raise KeyError(number)


def _figure(actual: float | None) -> float | None:
    """``actual`` as a float; None when it is missing (None or NaN)."""
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return None
    return float(actual)


@dataclass(frozen=True)
class Text:
    """A text in one or more languages: ``{lang: text}``, the first language first.

    A file may write its texts in any language; a report in a language the text is not
    written in shows it in the file's first language, marked with that language.
    """

    by_lang: Mapping[str, str]

    def lang(self, lang: str = config.DEFAULT_LANG) -> str:
        """The language the text is shown in for a reader of ``lang``."""
        if not self.by_lang:
            raise ConfigError("a text has no language.", fix="write it in one language at least.")
        return lang if lang in self.by_lang else next(iter(self.by_lang))

    def text(self, lang: str = config.DEFAULT_LANG) -> str:
        """The text in ``lang``, else in the first language it is written in."""
        return self.by_lang[self.lang(lang)]

    def html(self, lang: str = config.DEFAULT_LANG) -> Markup:
        """The text for a page in ``lang``, escaped; a fallback is marked with its language."""
        shown = self.lang(lang)
        if shown == lang:
            return Markup.escape(self.by_lang[shown])
        return Markup('<span lang="{}">{}</span>').format(shown, self.by_lang[shown])

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Source:
    """A document the file cites: an id used in ``sources`` lists, a title, a URL, its
    publisher, and a ``short`` name for citing it inline (the title when there is none)."""

    id: str
    title: Text
    url: str | None = None
    publisher: Text | None = None
    short: Text | None = None

    def cite(self, lang: str = config.DEFAULT_LANG) -> str:
        """The name to cite the source by, in ``lang``."""
        return (self.short or self.title).text(lang)


@dataclass(frozen=True)
class Institution:
    """An institution (lead, supporting, or involved as the IRM names it), its role, and
    the ids of the sources that name it."""

    name: str
    role: Text | None = None
    sources: tuple[str, ...] = ()


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
    """One threshold of a completion level, e.g. ``groups_mapped >= 100``.

    ``per`` (month or quarter) divides the period's figure by the number of calendar months
    or quarters the period touches; ``each`` asks the figure of every space it names (the
    commitment's ``labs``, every open space ``spaces``, or space ids): the condition holds
    when it holds for the least of them.
    """

    indicator: str
    op: str
    value: float
    per: str | None = None
    each: str | tuple[str, ...] | None = None

    @property
    def plain(self) -> bool:
        """Whether the condition asks the indicator's own figure (no ``per``, no ``each``)."""
        return self.per is None and self.each is None

    def holds(self, actual: float | None) -> bool:
        """Whether ``actual`` meets the threshold; a missing figure (None, NaN) never does."""
        figure = _figure(actual)
        return figure is not None and OPERATORS[self.op](figure, self.value)

    def gap(self, actual: float | None) -> float | None:
        """How far ``actual`` is from the threshold (0 when met, None when unknown)."""
        figure = _figure(actual)
        if figure is None:
            return None
        return 0.0 if self.holds(figure) else abs(self.value - figure)


SPACE_SCOPES = ("all", "labs")
"""Which spaces an indicator counts, in words: every space of the data, or only the
commitment's labs (a list of space ids names them one by one, a :class:`SpaceFilter` by
their kind or host)."""

SPACE_FILTER_FIELDS = ("kind", "host")
"""The columns of the spaces' data set that ``counting: {spaces: {...}}`` may choose by."""


@dataclass(frozen=True)
class SpaceFilter:
    """Spaces chosen by a column of the spaces' data set: ``kind`` (codes of the data
    model) or ``host`` (the body that runs the space; compared without case or outer
    spaces)."""

    field: str
    values: tuple[str, ...]

    def chooses(self, value: object) -> bool:
        """Whether a space whose ``field`` holds ``value`` is counted."""
        if not isinstance(value, str):
            return False
        return value.strip().casefold() in {v.strip().casefold() for v in self.values}


@dataclass(frozen=True)
class Counting:
    """What one indicator counts, as the commitment file says (``counting:``).

    ``spaces`` is ``all`` (every space in the data), ``labs`` (only the spaces the
    commitment names, its ``labs``), a tuple of space ids or a :class:`SpaceFilter` (the
    spaces of some kinds, or run by some hosts); ``inactive_partners`` False
    leaves out network partners marked inactive, or who left the network, by the end of the
    period. For an indicator counted from the uses of the spaces
    (:data:`labmetrics.indicators.USE_INDICATORS`), ``formats`` keeps only the uses in those
    formats (None: every format) and ``open_events`` False only the uses by a group.
    """

    spaces: str | tuple[str, ...] | SpaceFilter = "all"
    inactive_partners: bool = True
    formats: tuple[str, ...] | None = None
    open_events: bool = True

    @property
    def is_default(self) -> bool:
        """Whether it counts everything, as an indicator the file does not list."""
        return (self.spaces == "all" and self.inactive_partners and self.formats is None
                and self.open_events)

    def space_ids(self, labs: Mapping[str, str],
                  spaces: Mapping[str, Mapping[str, object]] | None = None
                  ) -> list[str] | None:
        """The space ids counted, or None for every space.

        ``labs`` maps the commitment's lab names to space ids; ``spaces`` maps each space id
        of the data to its columns (``kind``, ``host``), which a :class:`SpaceFilter` reads.
        """
        if isinstance(self.spaces, SpaceFilter):
            chosen = self.spaces
            return [i for i, row in (spaces or {}).items() if chosen.chooses(row.get(chosen.field))]
        if self.spaces == "all":
            return None
        return list(labs.values()) if self.spaces == "labs" else list(self.spaces)


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
    """A commitment of an OGP action plan, as read from its YAML file.

    ``city`` names the city pack its data is placed in (None: ``config.DEFAULT_CITY``).
    """

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
    involved: tuple[Institution, ...] = ()
    city: str | None = None
    path: Path | None = None
    counting: Mapping[str, Counting] = field(default_factory=lambda: MappingProxyType({}))

    def counts(self, indicator: str) -> Counting:
        """What ``indicator`` counts: as the file says, or everything when it is not listed."""
        return self.counting.get(indicator, Counting())

    def milestone(self, number: int) -> Milestone:
        """The milestone numbered ``number``."""
        return by_number(self.milestones, number)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator the commitment uses, milestone by milestone."""
        return tuple(i for m in self.milestones for i in m.indicators)


@dataclass(frozen=True)
class Judgment(Generic[S]):
    """An evaluator's rating on one IRM scale, with its rationale and cited sources.

    ``rationale`` is the evaluator's reasoning (paraphrased); ``inference``, when given, is
    labmetrics' own reading added to it, shown apart and marked as such.
    """

    value: S
    rationale: Text
    sources: tuple[str, ...]
    inference: Text | None = None


@dataclass(frozen=True)
class Relevance:
    """Whether the commitment is relevant to one OGP value, and why (``inference`` as in
    :class:`Judgment`)."""

    value: OGPValue
    relevant: bool
    rationale: Text
    sources: tuple[str, ...]
    inference: Text | None = None


@dataclass(frozen=True)
class Rating(Generic[S]):
    """A value a source shows without reasoning of its own (OGP's page: Verifiable, Ambition)."""

    value: S
    sources: tuple[str, ...]
    rationale: Text | None = None


@dataclass(frozen=True)
class Recommendation:
    """A recommendation of the evaluator, as published, with its number and sources.

    ``model_lab`` names the lab of the commitment the recommendation holds up as the model
    (a key of :attr:`Commitment.labs`); ``line`` is where it is written in its file (the
    ``model_lab`` key when there is one).
    """

    number: int
    text: Text
    sources: tuple[str, ...]
    model_lab: str | None = None
    line: int | None = None


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
    assessor: Text
    sources: Mapping[str, Source]
    specificity: Judgment[Specificity]
    relevance: Mapping[OGPValue, Relevance]
    potential_impact: Judgment[PotentialImpact]
    did_it_open_government: Judgment[DidItOpenGovernment] | None = None
    did_it_open_government_by_value: Mapping[OGPValue, Judgment[DidItOpenGovernment]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    completion_override: CompletionOverride | None = None
    verifiable: Rating[Verifiable] | None = None
    ambition: Rating[Ambition] | None = None
    recommendations: tuple[Recommendation, ...] = ()
    path: Path | None = None

    @property
    def model_recommendation(self) -> Recommendation | None:
        """The first recommendation that names a lab as the model to follow, if any."""
        return next((r for r in self.recommendations if r.model_lab), None)

    @property
    def relevant_values(self) -> tuple[OGPValue, ...]:
        """The OGP values the commitment is relevant to, in OGP's order."""
        return tuple(v for v in OGPValue if v in self.relevance and self.relevance[v].relevant)


@dataclass(frozen=True)
class CommitmentFiles:
    """Where a commitment's files are; ``assessment`` is None when there is none."""

    commitment: Path
    assessment: Path | None

