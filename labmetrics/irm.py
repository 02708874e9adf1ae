"""The IRM's vocabulary: the rating scales of both methods, the star rule, the OGP export reader.

The Independent Reporting Mechanism (IRM) of the Open Government Partnership rates every
commitment of an action plan. Two methods have been used:

* the classic method (action plans up to 2019–2020): specificity, relevance to the four OGP
  values, potential impact, completion (at the progress report and at the end of term) and
  "Did it open government?"; a commitment that does well on all of them is *starred*;
* the refresh method (action plans from 2021): verifiable, open-government lens, potential
  for results and early results.

Each scale is an enum whose members carry the IRM's exact English ``label``, a ``rank`` in
the scale's order, a translation ``key`` for the report catalogues and a ``label_pt_br``.
Some scales also have states outside the order (Completion's *Withdrawn*, *Unclear* and
*No Evidence Available*; Did it open government's *Not Applicable*): ordering them raises
:class:`UnorderedLevelError`, and ``member.is_ordered()`` says which ones they are.

:func:`read_ogp_commitments` reads OGP's public commitment export (CSV or XLSX) into one
typed row per commitment, and computes the star with three-valued logic.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Self, TypeVar

import numpy as np
import pandas as pd

from labmetrics.errors import InputError, LabmetricsError

__all__ = [
    "LABELS_PT_BR",
    "MISSING_CODES",
    "SCALES",
    "STATUS_CATEGORIES",
    "CellWarning",
    "Completion",
    "DidItOpenGovernment",
    "EarlyResults",
    "IRMError",
    "IRMScale",
    "IRMTerm",
    "OGPValue",
    "OpenGovernmentLens",
    "PotentialForResults",
    "PotentialImpact",
    "Specificity",
    "StarCheck",
    "StarCriterion",
    "StarFormula",
    "StarResult",
    "UnknownLevelError",
    "UnorderedLevelError",
    "Verifiable",
    "catalogue_entries",
    "compute_stars",
    "explain_commitment",
    "explain_star",
    "is_starred",
    "parse_yes_no",
    "read_ogp_commitments",
    "status_key",
    "to_categorical",
]


class IRMError(LabmetricsError, ValueError):
    """A value that is not part of the IRM's vocabulary."""


class UnknownLevelError(IRMError):
    """Text that is not a level of the scale it was read as."""


class UnorderedLevelError(LabmetricsError, TypeError):
    """An ordering was asked of a state outside a scale's order (e.g. Completion 'Withdrawn')."""


_SPACES = re.compile(r"[\s_]+")


def _normalise(text: str) -> str:
    # One spelling for matching: IRM documents and OGP exports vary in case, spacing and '&'.
    return _SPACES.sub(" ", text.replace("&", " and ")).strip().casefold()


def _snake(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", _normalise(text)).strip("_")


def _class_snake(name: str) -> str:
    # "OGPValue" -> "ogp_value", "DidItOpenGovernment" -> "did_it_open_government"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


_LOOKUPS: dict[type, dict[str, Any]] = {}

# Scale titles, keyed by scale name: (English, pt-BR).
_TITLES: dict[str, tuple[str, str]] = {
    "specificity": ("Specificity", "Especificidade"),
    "ogp_value": ("Relevance to OGP values", "Relevância para os valores da OGP"),
    "potential_impact": ("Potential impact", "Impacto potencial"),
    "completion": ("Completion", "Conclusão"),
    "did_it_open_government": ("Did it open government?", "Contribuiu para abrir o governo?"),
    "verifiable": ("Verifiable", "Verificável"),
    "open_government_lens": ("Open government lens", "Lente de governo aberto"),
    "potential_for_results": ("Potential for results", "Potencial de resultados"),
    "early_results": ("Early results", "Resultados iniciais"),
    "star_criterion": ("Star criterion", "Critério de estrela"),
}


class IRMTerm(Enum):
    """A term of the IRM's vocabulary: its exact English label, a key, and its pt-BR name.

    Members are declared as ``NAME = (label, label_pt_br)`` or, for ordered scales,
    ``NAME = (label, label_pt_br, rank)`` with ``rank=None`` for states outside the order.
    """

    _rank: int | None
    _pt_br: str

    def __new__(cls, label: str, pt_br: str, rank: int | None = None) -> Self:
        member = object.__new__(cls)
        member._value_ = label
        member._rank = rank
        member._pt_br = pt_br
        return member

    def __str__(self) -> str:
        return self.label

    def __format__(self, spec: str) -> str:
        return format(self.label, spec)

    @property
    def label(self) -> str:
        """The IRM's exact English name, e.g. ``"Not Started"``."""
        return str(self.value)

    @property
    def label_pt_br(self) -> str:
        """The name used in the IRM's Portuguese reports."""
        return self._pt_br

    @property
    def key(self) -> str:
        """Translation key for the report catalogues, e.g. ``"irm.completion.substantial"``."""
        return f"irm.{self.scale_name()}.{self.name.lower()}"

    @classmethod
    def scale_name(cls) -> str:
        """Snake-case name of the vocabulary, e.g. ``"did_it_open_government"``."""
        return _class_snake(cls.__name__)

    @classmethod
    def title_key(cls) -> str:
        """Translation key of the vocabulary's title, e.g. ``"irm.scale.completion"``."""
        return f"irm.scale.{cls.scale_name()}"

    @classmethod
    def title(cls, lang: Literal["en", "pt-BR"] = "en") -> str:
        """The vocabulary's title in ``lang``."""
        en, pt = _TITLES[cls.scale_name()]
        return pt if lang == "pt-BR" else en

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        table = _LOOKUPS.get(cls)
        if table is None:
            table = {}
            for member in cls:
                table[_normalise(member.label)] = member
                table.setdefault(_normalise(member.name), member)
            _LOOKUPS[cls] = table
        return table

    @classmethod
    def get(cls, text: str) -> Self | None:
        """Like :meth:`parse`, but return None for text that is not a term of this vocabulary."""
        return cls._lookup().get(_normalise(text))

    @classmethod
    def parse(cls, text: str | Self) -> Self:
        """Read a term from text, tolerant of case, spacing and '&' versus 'and'.

        Parameters
        ----------
        text
            An exact IRM label in any case (``"not  started"``, ``"NOT STARTED"``), the
            member's name (``"NOT_STARTED"``), or a member, returned as is.

        Raises
        ------
        UnknownLevelError
            When the text is none of the vocabulary's labels.
        """
        if isinstance(text, cls):
            return text
        member = cls.get(text) if isinstance(text, str) else None
        if member is None:
            accepted = ", ".join(f"'{m.label}'" for m in cls)
            raise UnknownLevelError(
                f"'{text}' is not a level of the IRM's {cls.title()}.",
                fix=f"use one of {accepted}.",
            )
        return member


S = TypeVar("S", bound="IRMScale")


class IRMScale(IRMTerm):
    """An ordered IRM scale: members compare by rank; states outside the order refuse to."""

    @property
    def rank(self) -> int | None:
        """Position in the scale's order from 0, or None for a state outside the order."""
        return self._rank

    def is_ordered(self) -> bool:
        """Whether this member has a place in the scale's order."""
        return self._rank is not None

    def _ranks(self, other: object) -> tuple[int, int] | None:
        if type(other) is not type(self):
            return None
        assert isinstance(other, IRMScale)
        if self._rank is None or other._rank is None:
            outside = self if self._rank is None else other
            raise UnorderedLevelError(
                f"'{outside.label}' is outside the order of the IRM's {self.title()}; "
                "it cannot be compared.",
                fix="test member.is_ordered() before comparing.",
            )
        return self._rank, other._rank

    def __lt__(self, other: object) -> bool:
        ranks = self._ranks(other)
        return NotImplemented if ranks is None else ranks[0] < ranks[1]

    def __le__(self, other: object) -> bool:
        ranks = self._ranks(other)
        return NotImplemented if ranks is None else ranks[0] <= ranks[1]

    def __gt__(self, other: object) -> bool:
        ranks = self._ranks(other)
        return NotImplemented if ranks is None else ranks[0] > ranks[1]

    def __ge__(self, other: object) -> bool:
        ranks = self._ranks(other)
        return NotImplemented if ranks is None else ranks[0] >= ranks[1]

    @classmethod
    def levels(cls) -> tuple[Self, ...]:
        """The ordered members, lowest first."""
        ordered = [m for m in cls if m._rank is not None]
        return tuple(sorted(ordered, key=lambda m: m._rank or 0))

    @classmethod
    def states(cls) -> tuple[Self, ...]:
        """The members outside the order (may be empty)."""
        return tuple(m for m in cls if m._rank is None)

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """Exact labels of the ordered members, lowest first."""
        return tuple(m.label for m in cls.levels())

    @classmethod
    def dtype(cls) -> pd.CategoricalDtype:
        """The pandas ordered categorical dtype of the scale's levels."""
        return pd.CategoricalDtype(list(cls.labels()), ordered=True)


# ---------------------------------------------------------------------------------------------
# Classic method (action plans up to 2019–2020)


class Specificity(IRMScale):
    """How precisely a commitment's activities and deliverables are stated."""

    NONE = ("None", "Nenhuma", 0)
    LOW = ("Low", "Baixa", 1)
    MEDIUM = ("Medium", "Média", 2)
    HIGH = ("High", "Alta", 3)


class OGPValue(IRMTerm):
    """The four OGP values a commitment can be relevant to (a set, not a scale)."""

    ACCESS_TO_INFORMATION = ("Access to Information", "Acesso à informação")
    CIVIC_PARTICIPATION = ("Civic Participation", "Participação cívica")
    PUBLIC_ACCOUNTABILITY = ("Public Accountability", "Prestação de contas públicas")
    TECHNOLOGY_AND_INNOVATION = (
        "Technology & Innovation for Transparency & Accountability",
        "Tecnologia e inovação para transparência e prestação de contas",
    )

    @property
    def counts_for_star(self) -> bool:
        """Whether relevance to this value can make a commitment relevant on its own.

        Technology & Innovation only counts together with one of the other three values.
        """
        return self is not OGPValue.TECHNOLOGY_AND_INNOVATION


class PotentialImpact(IRMScale):
    """What the commitment could change if fully implemented."""

    NONE = ("None", "Nenhum", 0)
    MINOR = ("Minor", "Menor", 1)
    MODERATE = ("Moderate", "Moderado", 2)
    TRANSFORMATIVE = ("Transformative", "Transformador", 3)


class Completion(IRMScale):
    """How much of the commitment was implemented; three states lie outside the order."""

    NOT_STARTED = ("Not Started", "Não iniciada", 0)
    LIMITED = ("Limited", "Limitada", 1)
    SUBSTANTIAL = ("Substantial", "Substancial", 2)
    COMPLETE = ("Complete", "Completa", 3)
    WITHDRAWN = ("Withdrawn", "Retirada", None)
    UNCLEAR = ("Unclear", "Pouco clara", None)
    NO_EVIDENCE_AVAILABLE = ("No Evidence Available", "Sem evidências disponíveis", None)


class DidItOpenGovernment(IRMScale):
    """Change in government practice, overall or per OGP value; Not Applicable is outside."""

    WORSENED = ("Worsened", "Piorou", 0)
    DID_NOT_CHANGE = ("Did Not Change", "Não mudou", 1)
    MARGINAL = ("Marginal", "Marginal", 2)
    MAJOR = ("Major", "Significativo", 3)
    OUTSTANDING = ("Outstanding", "Excepcional", 4)
    NOT_APPLICABLE = ("Not Applicable", "Não se aplica", None)


# ---------------------------------------------------------------------------------------------
# Refresh method (action plans from 2021)


class Verifiable(IRMScale):
    """Whether the commitment's objectives and actions can be verified."""

    NO = ("No", "Não", 0)
    YES = ("Yes", "Sim", 1)


class OpenGovernmentLens(IRMScale):
    """Whether the commitment is relevant through the open-government lens."""

    NO = ("No", "Não", 0)
    YES = ("Yes", "Sim", 1)


class PotentialForResults(IRMScale):
    """The refresh method's ex-ante judgement of ambition."""

    UNCLEAR = ("Unclear", "Pouco claro", 0)
    MODEST = ("Modest", "Modesto", 1)
    SUBSTANTIAL = ("Substantial", "Substancial", 2)


class EarlyResults(IRMScale):
    """The refresh method's judgement of results at the end of the action plan."""

    NO_NOTABLE_RESULTS = ("No notable results", "Sem resultados notáveis", 0)
    MODERATE = ("Moderate", "Moderados", 1)
    SIGNIFICANT = ("Significant", "Significativos", 2)


class StarCriterion(IRMTerm):
    """The four tests a classic-method commitment must pass to be starred."""

    SPECIFICITY = ("Specificity", "Especificidade")
    RELEVANCE = ("Relevance", "Relevância")
    POTENTIAL_IMPACT = ("Potential impact", "Impacto potencial")
    COMPLETION = ("Completion", "Conclusão")


SCALES: tuple[type[IRMScale], ...] = (
    Specificity,
    PotentialImpact,
    Completion,
    DidItOpenGovernment,
    Verifiable,
    OpenGovernmentLens,
    PotentialForResults,
    EarlyResults,
)
"""Every ordered IRM scale, classic method first."""

# ---------------------------------------------------------------------------------------------
# Missing values and their reasons

MISSING_CODES: dict[str, str] = {"ND": "No data", "NR": "Not reviewed", "NA": "Not applicable"}
"""The codes OGP exports write instead of a rating, with their meaning."""

_CODE_SPELLINGS = {"nd": "ND", "nr": "NR", "na": "NA", "n/a": "NA"}

# Status of a cell without a value, beyond the export's own codes.
_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "ND": ("No data", "Sem dados"),
    "NR": ("Not reviewed", "Não revisado"),
    "NA": ("Not applicable", "Não se aplica"),
    "blank": ("Not rated", "Sem avaliação"),
    "invalid": ("Unreadable rating", "Avaliação ilegível"),
}

STATUS_CATEGORIES: tuple[str, ...] = (
    *_STATUS_WORDS,
    *dict.fromkeys(m.label for scale in SCALES for m in scale.states()),
)
"""Values of the ``<column>_status`` columns: why the value column is missing there.

``ND``/``NR``/``NA`` are the export's codes, ``blank`` an empty cell, ``invalid`` text that
is no level of the scale (see ``df.attrs["warnings"]``), and the others the exact labels of
states outside a scale's order (``Withdrawn``, ``Unclear``, ``No Evidence Available``,
``Not Applicable``).
"""

_STATUS_DTYPE = pd.CategoricalDtype(list(STATUS_CATEGORIES), ordered=False)


def status_key(status: str) -> str:
    """Translation key of a ``_status`` value, e.g. ``"irm.status.nd"``.

    States outside a scale's order share their key across scales (``irm.status.withdrawn``).
    """
    if status not in STATUS_CATEGORIES:
        raise IRMError(
            f"'{status}' is not a status of an OGP export cell.",
            fix=f"use one of {', '.join(STATUS_CATEGORIES)}.",
        )
    return f"irm.status.{_snake(status)}"


def _status_labels() -> dict[str, tuple[str, str]]:
    words = dict(_STATUS_WORDS)
    for scale in SCALES:
        for member in scale.states():
            words.setdefault(member.label, (member.label, member.label_pt_br))
    return words


LABELS_PT_BR: dict[str, dict[str, str]] = {
    **{
        vocab.scale_name(): {m.label: m.label_pt_br for m in vocab}
        for vocab in (Specificity, OGPValue, PotentialImpact, Completion, DidItOpenGovernment,
                      Verifiable, OpenGovernmentLens, PotentialForResults, EarlyResults,
                      StarCriterion)
    },
    "status": {status: words[1] for status, words in _status_labels().items()},
}
"""Portuguese names of every level, by scale then exact English label.

Keyed by scale because one English label can need two Portuguese names: Specificity "None"
is "Nenhuma", Potential impact "None" is "Nenhum". ``"status"`` holds the missing-value
reasons of the ``_status`` columns.
"""


def catalogue_entries(lang: Literal["en", "pt-BR"]) -> dict[str, str]:
    """Every IRM message of ``lang`` keyed by translation key, ready for the YAML catalogue.

    Covers each level's ``key``, each scale's ``title_key()`` and each :func:`status_key`.
    """
    pt = lang == "pt-BR"
    entries: dict[str, str] = {}
    for vocab in (Specificity, OGPValue, PotentialImpact, Completion, DidItOpenGovernment,
                  Verifiable, OpenGovernmentLens, PotentialForResults, EarlyResults,
                  StarCriterion):
        entries[vocab.title_key()] = vocab.title(lang)
        for member in vocab:
            entries[member.key] = member.label_pt_br if pt else member.label
    for status, (en, pt_name) in _status_labels().items():
        entries[status_key(status)] = pt_name if pt else en
    return entries


# ---------------------------------------------------------------------------------------------
# Vectorised helpers


def _map_unique(values: pd.Series, func: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
    """Apply ``func`` once per distinct value; return the codes and the mapped uniques.

    Code -1 (missing) indexes the last mapped entry, which is ``func(None)``.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    mapped = [func(u) for u in uniques]
    mapped.append(func(None))
    return codes, mapped


def _take(mapped: list[Any], codes: np.ndarray) -> np.ndarray:
    table = np.empty(len(mapped), dtype=object)
    for i, item in enumerate(mapped):
        table[i] = item
    return table[codes]


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | Enum) and bool(pd.isna(value)))


def to_categorical(
    values: pd.Series | Iterable[Any],
    scale: type[S],
    *,
    errors: Literal["coerce", "raise"] = "coerce",
) -> pd.Series:
    """Convert ratings to a pandas ordered categorical of the scale's exact labels.

    Parameters
    ----------
    values
        Members of ``scale`` or text (parsed tolerantly); missing values stay missing.
    scale
        The IRM scale, e.g. :class:`Completion`.
    errors
        ``"coerce"`` turns text that is no level into a missing value; ``"raise"`` raises
        :class:`UnknownLevelError`. States outside the order (``Withdrawn``) and the export's
        ND/NR/NA codes always become missing values.

    Returns
    -------
    pandas.Series
        Dtype ``scale.dtype()``; index and name kept from a Series input.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)

    def level(value: Any) -> str | None:
        if _is_missing(value):
            return None
        if isinstance(value, scale):
            return value.label if value.is_ordered() else None
        text = str(value).strip()
        if not text or _normalise(text) in _CODE_SPELLINGS:
            return None
        member = scale.get(text)
        if member is None:
            if errors == "raise":
                scale.parse(text)
            return None
        return member.label if member.is_ordered() else None

    codes, mapped = _map_unique(series, level)
    labels = _take(mapped, codes)
    return pd.Series(
        pd.Categorical(labels, dtype=scale.dtype()), index=series.index, name=series.name
    )


_YES = frozenset({"yes", "y", "true", "1", "1.0", "sim", "s"})
_NO = frozenset({"no", "n", "false", "0", "0.0", "não", "nao"})


def parse_yes_no(value: Any) -> bool | None:
    """Read a yes/no cell: Yes/Y/True/1 and No/N/False/0, in any case.

    Returns None for a blank cell and for the export's ND/NR/NA codes; raises
    :class:`UnknownLevelError` for anything else.
    """
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = _normalise(str(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    if not text or text in _CODE_SPELLINGS:
        return None
    raise UnknownLevelError(
        f"'{value}' is not a yes/no value.", fix="write Yes or No (or Y/N, True/False, 1/0)."
    )


# ---------------------------------------------------------------------------------------------
# The star

StarFormula = Literal["current", "2014"]
"""``"current"``: potential impact Transformative (since 2015); ``"2014"``: Moderate or
Transformative (the original formula)."""

_STAR_SPECIFICITY = (Specificity.MEDIUM, Specificity.HIGH)
_STAR_COMPLETION = (Completion.SUBSTANTIAL, Completion.COMPLETE)
_STAR_IMPACT: dict[str, tuple[PotentialImpact, ...]] = {
    "current": (PotentialImpact.TRANSFORMATIVE,),
    "2014": (PotentialImpact.MODERATE, PotentialImpact.TRANSFORMATIVE),
}
_STAR_VALUES = tuple(v for v in OGPValue if v.counts_for_star)


def _check_formula(formula: str) -> tuple[PotentialImpact, ...]:
    try:
        return _STAR_IMPACT[formula]
    except KeyError:
        raise IRMError(
            f"'{formula}' is not a star formula.",
            fix="use formula='current' (since 2015) or formula='2014'.",
        ) from None


@dataclass(frozen=True)
class StarCheck:
    """One criterion of the star for one commitment.

    ``met`` is True or False when the rating decides it, None when the rating is unknown.
    ``found`` is the rating as read (a label, a code such as ``"ND"``, or ``""`` when not
    rated); ``required`` lists the labels that pass.
    """

    criterion: StarCriterion
    met: bool | None
    found: str
    required: tuple[str, ...]

    @property
    def reason(self) -> str:
        """One English sentence saying how the criterion stands."""
        name = self.criterion.label
        if self.criterion is StarCriterion.RELEVANCE:
            needed = "Access to Information, Civic Participation or Public Accountability"
            if self.met is True:
                return f"Relevant to {self.found}."
            if self.met is False:
                extra = (
                    f" ({OGPValue.TECHNOLOGY_AND_INNOVATION.label} alone does not count)"
                    if self.found == OGPValue.TECHNOLOGY_AND_INNOVATION.label
                    else ""
                )
                return f"Not relevant to {needed}{extra}."
            return f"Relevance to {needed} is not known."
        if self.met is None:
            if self.found:
                return f"{name} is not known ({self.found})."
            return f"{name} is not rated."
        if self.met:
            return f"{name} is {self.found}."
        return f"{name} is {self.found}; a star needs {' or '.join(self.required)}."


@dataclass(frozen=True)
class StarResult:
    """Whether a commitment is starred, and why.

    ``starred`` is False as soon as one known rating rules the star out, None when only
    unknown ratings leave it open, True when all four criteria are met.
    """

    starred: bool | None
    formula: StarFormula
    checks: tuple[StarCheck, ...]

    @property
    def failed(self) -> tuple[StarCriterion, ...]:
        """The criteria a known rating fails."""
        return tuple(c.criterion for c in self.checks if c.met is False)

    @property
    def unknown(self) -> tuple[StarCriterion, ...]:
        """The criteria whose rating is missing."""
        return tuple(c.criterion for c in self.checks if c.met is None)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Sentences for the failed criteria, then for the unknown ones."""
        failed = [c.reason for c in self.checks if c.met is False]
        unknown = [c.reason for c in self.checks if c.met is None]
        return tuple(failed + unknown)


RatingInput = IRMScale | str | None
RelevanceInput = Mapping[OGPValue | str, bool | str | None] | Iterable[OGPValue | str] | None


def _coerce_rating(value: Any, scale: type[S]) -> tuple[S | None, str]:
    """A member (or None when missing) and the text to show for it."""
    if _is_missing(value):
        return None, ""
    if isinstance(value, scale):
        return value, value.label
    text = str(value).strip()
    code = _CODE_SPELLINGS.get(_normalise(text))
    if not text or code:
        return None, code or ""
    member = scale.parse(text)
    return member, member.label


def _check_level(
    criterion: StarCriterion, value: Any, scale: type[S], required: tuple[S, ...]
) -> StarCheck:
    member, found = _coerce_rating(value, scale)
    # States outside the order (Withdrawn, Unclear...) are known ratings that fail.
    met = None if member is None else member in required
    return StarCheck(criterion, met, found, tuple(r.label for r in required))


def _relevance_flags(relevance: RelevanceInput) -> dict[OGPValue, bool | None]:
    if relevance is None:
        return dict.fromkeys(OGPValue)
    if isinstance(relevance, Mapping):
        flags: dict[OGPValue, bool | None] = dict.fromkeys(OGPValue)
        for value, flag in relevance.items():
            flags[OGPValue.parse(value)] = parse_yes_no(flag)
        return flags
    items = [relevance] if isinstance(relevance, str | OGPValue) else list(relevance)
    listed = {OGPValue.parse(v) for v in items}
    return {v: v in listed for v in OGPValue}


def _check_relevance(relevance: RelevanceInput) -> StarCheck:
    flags = _relevance_flags(relevance)
    star_flags = [flags[v] for v in _STAR_VALUES]
    relevant = [v.label for v in _STAR_VALUES if flags[v] is True]
    met: bool | None
    if relevant:
        met, found = True, ", ".join(relevant)
    elif all(f is False for f in star_flags):
        met = False
        found = (
            OGPValue.TECHNOLOGY_AND_INNOVATION.label
            if flags[OGPValue.TECHNOLOGY_AND_INNOVATION]
            else "none"
        )
    else:
        met, found = None, ""
    return StarCheck(StarCriterion.RELEVANCE, met, found, tuple(v.label for v in _STAR_VALUES))


def explain_star(
    specificity: RatingInput,
    relevance: RelevanceInput,
    potential_impact: RatingInput,
    completion: RatingInput,
    formula: StarFormula = "current",
) -> StarResult:
    """Decide the star with three-valued logic and say which criteria fail or are open.

    Parameters
    ----------
    specificity, potential_impact, completion
        A member, its label as text, or None/""/"ND"/"NR"/"NA" when unknown. Completion's
        states outside the order (Withdrawn, Unclear, No Evidence Available) fail.
    relevance
        Either a mapping from OGP value (member or label) to True/False/None ("Yes"/"No"
        text accepted; absent values are unknown), or an iterable of the values the
        commitment is relevant to (all others are then known not to be), or None.
    formula
        ``"current"`` (potential impact Transformative, used since 2015) or ``"2014"``
        (Moderate or Transformative).
    """
    impact_required = _check_formula(formula)
    checks = (
        _check_level(StarCriterion.SPECIFICITY, specificity, Specificity, _STAR_SPECIFICITY),
        _check_relevance(relevance),
        _check_level(
            StarCriterion.POTENTIAL_IMPACT, potential_impact, PotentialImpact, impact_required
        ),
        _check_level(StarCriterion.COMPLETION, completion, Completion, _STAR_COMPLETION),
    )
    starred: bool | None
    if any(c.met is False for c in checks):
        starred = False
    elif any(c.met is None for c in checks):
        starred = None
    else:
        starred = True
    return StarResult(starred, formula, checks)


def is_starred(
    specificity: RatingInput,
    relevance: RelevanceInput,
    potential_impact: RatingInput,
    completion: RatingInput,
    formula: StarFormula = "current",
) -> bool | None:
    """Whether a commitment is starred: True, False, or None when missing ratings leave it open.

    Takes the same arguments as :func:`explain_star`.
    """
    return explain_star(specificity, relevance, potential_impact, completion, formula).starred


_STAGES = {
    "progress_report": "completion_progress_report",
    "end_of_term": "completion_end_of_term",
}
_VALUE_COLUMNS: dict[OGPValue, str] = {
    OGPValue.ACCESS_TO_INFORMATION: "ogp_value_access_to_information",
    OGPValue.CIVIC_PARTICIPATION: "ogp_value_civic_participation",
    OGPValue.PUBLIC_ACCOUNTABILITY: "ogp_value_public_accountability",
    OGPValue.TECHNOLOGY_AND_INNOVATION: "ogp_value_technology",
}


def _cell_rating(row: Mapping[str, Any], column: str) -> Any:
    """A row's rating, or its status (a state label or an ND/NR/NA code) when missing."""
    value = row.get(column)
    if not _is_missing(value):
        return value
    status = row.get(f"{column}_status")
    if _is_missing(status) or status in ("blank", "invalid"):
        return None
    return status


def explain_commitment(
    row: Mapping[str, Any] | pd.Series,
    *,
    stage: Literal["progress_report", "end_of_term"] = "end_of_term",
    formula: StarFormula = "current",
) -> StarResult:
    """Explain the star of one row of :func:`read_ogp_commitments`.

    Uses completion at ``stage``; status columns supply Withdrawn and the ND/NR/NA codes.
    """
    record: Mapping[str, Any] = row.to_dict() if isinstance(row, pd.Series) else row
    if stage not in _STAGES:
        raise IRMError(f"'{stage}' is not a stage.", fix="use 'progress_report' or 'end_of_term'.")
    relevance = {v: _cell_rating(record, col) for v, col in _VALUE_COLUMNS.items()}
    return explain_star(
        _cell_rating(record, "specificity"),
        relevance,
        _cell_rating(record, "potential_impact"),
        _cell_rating(record, _STAGES[stage]),
        formula,
    )


def _criterion_series(
    df: pd.DataFrame, column: str, scale: type[S], required: tuple[S, ...]
) -> pd.Series:
    """Three-valued test of one rating column, reading states from its status column."""
    values = df[column].astype(object)
    status_column = f"{column}_status"
    if status_column in df:
        # Where the value is missing, its status may be a known state such as Withdrawn.
        values = values.where(values.notna(), df[status_column].astype(object))

    def met(value: Any) -> bool | None:
        if _is_missing(value):
            return None
        member = value if isinstance(value, scale) else scale.get(str(value))
        return None if member is None else member in required

    codes, mapped = _map_unique(values, met)
    return pd.Series(pd.array(_take(mapped, codes), dtype="boolean"), index=df.index)


def _flag_series(df: pd.DataFrame, column: str) -> pd.Series:
    values = df[column]
    if isinstance(values.dtype, pd.BooleanDtype):
        return values
    codes, mapped = _map_unique(values, parse_yes_no)
    return pd.Series(pd.array(_take(mapped, codes), dtype="boolean"), index=df.index)


def compute_stars(
    df: pd.DataFrame,
    *,
    completion: str = "completion_end_of_term",
    formula: StarFormula = "current",
) -> pd.Series:
    """The star of every row, vectorised, with three-valued logic (pandas ``boolean``).

    Parameters
    ----------
    df
        A frame with the columns of :func:`read_ogp_commitments` (``specificity``, the
        three ``ogp_value_*`` flags that count, ``potential_impact``, and ``completion``);
        ratings may be categoricals, members or text. ``<column>_status`` columns, when
        present, supply the states outside the order such as Withdrawn.
    completion
        The completion column: ``completion_end_of_term`` or ``completion_progress_report``.
    formula
        ``"current"`` or ``"2014"``.

    Returns
    -------
    pandas.Series
        ``boolean`` dtype: True starred, False ruled out, <NA> left open by missing ratings.
    """
    impact_required = _check_formula(formula)
    needed = ["specificity", "potential_impact", completion,
              *(_VALUE_COLUMNS[v] for v in _STAR_VALUES)]
    missing = [c for c in needed if c not in df]
    if missing:
        raise IRMError(
            f"cannot compute stars: missing column(s) {', '.join(missing)}.",
            fix="pass a frame from read_ogp_commitments or add those columns.",
        )
    relevance = _flag_series(df, _VALUE_COLUMNS[_STAR_VALUES[0]])
    for value in _STAR_VALUES[1:]:
        relevance = relevance | _flag_series(df, _VALUE_COLUMNS[value])  # Kleene or
    stars = (
        _criterion_series(df, "specificity", Specificity, _STAR_SPECIFICITY)
        & relevance
        & _criterion_series(df, "potential_impact", PotentialImpact, impact_required)
        & _criterion_series(df, completion, Completion, _STAR_COMPLETION)
    )
    return stars.rename(None)


# ---------------------------------------------------------------------------------------------
# The OGP commitment export


@dataclass(frozen=True)
class CellWarning:
    """A cell of the export that could not be read; its value was treated as missing.

    ``row`` is the 1-based row in the sheet (the header is row 1).
    """

    row: int
    commitment_id: str | None
    column: str
    value: str
    message: str


ColumnKind = Literal["text", "national_or_local", "year", "flag", "scale"]


@dataclass(frozen=True)
class _Column:
    header: str
    name: str
    kind: ColumnKind
    scale: type[IRMScale] | None = None


ID_HEADER = "Commitment Unique Identifier"

_REQUIRED: tuple[_Column, ...] = (
    _Column("Country/Locality", "country_locality", "text"),
    _Column("National Or Local", "national_or_local", "national_or_local"),
    _Column("Action Plan End Year", "action_plan_end_year", "year"),
    _Column("Specificity", "specificity", "scale", Specificity),
    _Column("OGP Value Access To Information", "ogp_value_access_to_information", "flag"),
    _Column("OGP Value Civic Participation", "ogp_value_civic_participation", "flag"),
    _Column("OGP Value Public Accountability", "ogp_value_public_accountability", "flag"),
    _Column("OGP Value Technology", "ogp_value_technology", "flag"),
    _Column("Potential Impact", "potential_impact", "scale", PotentialImpact),
    _Column("Completion (Progress Report)", "completion_progress_report", "scale", Completion),
    _Column("Completion (End Of Term)", "completion_end_of_term", "scale", Completion),
    _Column(
        "Did It Open Government (Overall)",
        "did_it_open_government_overall",
        "scale",
        DidItOpenGovernment,
    ),
    _Column("Potential for Results", "potential_for_results", "scale", PotentialForResults),
    _Column("Early Results", "early_results", "scale", EarlyResults),
)

_OPTIONAL: tuple[_Column, ...] = (
    _Column("Verifiable", "verifiable", "flag"),
    _Column("Open Government Lens", "open_government_lens", "flag"),
)

_DIOG_PER_VALUE = re.compile(r"^did it open government \((?!overall\))(.+)\)$")
_STARRED = re.compile(r"^starred\b")
_TAG = re.compile(r"^(policy areas?|tags?)\b")
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
_NATIONAL_OR_LOCAL = {"national": "National", "local": "Local"}


def _cell_text(value: Any) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        # XLSX stores years and 1/0 flags as floats.
        return str(int(value))
    return str(value).strip()


def _read_raw(path: Path, sheet: str | int) -> pd.DataFrame:
    fix_format = "export the OGP commitment data as .csv (UTF-8) or .xlsx."
    if not path.is_file():
        raise InputError(
            "the OGP commitment export does not exist.",
            file=path,
            fix="check the path, or download the commitment data from the OGP website.",
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            raw = pd.read_excel(
                path, sheet_name=sheet, dtype=object, keep_default_na=False, engine="openpyxl"
            )
        else:
            raise InputError(
                f"'{path.suffix}' files are not read as an OGP export.", file=path, fix=fix_format
            )
    except InputError:
        raise
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text ({exc.reason}).", file=path, fix=fix_format
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError("the file is empty.", file=path, fix=fix_format) from exc
    except (pd.errors.ParserError, zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise InputError(f"the file cannot be read: {exc}", file=path, fix=fix_format) from exc
    raw.columns = [str(c).strip() for c in raw.columns]
    for column in raw.columns:
        codes, mapped = _map_unique(raw[column], _cell_text)
        raw[column] = _take(mapped, codes)
    return raw


def _classify_scale(scale: type[IRMScale]) -> Callable[[str], tuple[Any, str | None]]:
    def classify(text: str) -> tuple[Any, str | None]:
        if not text:
            return None, "blank"
        if code := _CODE_SPELLINGS.get(_normalise(text)):
            return None, code
        member = scale.get(text)
        if member is None:
            return None, "invalid"
        return (member.label, None) if member.is_ordered() else (None, member.label)

    return classify


def _classify_flag(text: str) -> tuple[Any, str | None]:
    if not text:
        return None, "blank"
    if code := _CODE_SPELLINGS.get(_normalise(text)):
        return None, code
    try:
        return parse_yes_no(text), None
    except UnknownLevelError:
        return None, "invalid"


def _classify_year(text: str) -> tuple[Any, str | None]:
    if not text:
        return None, "blank"
    if code := _CODE_SPELLINGS.get(_normalise(text)):
        return None, code
    match = _YEAR.match(text)
    return (int(match.group(1)), None) if match else (None, "invalid")


def _classify_national(text: str) -> tuple[Any, str | None]:
    if not text:
        return None, "blank"
    if code := _CODE_SPELLINGS.get(_normalise(text)):
        return None, code
    value = _NATIONAL_OR_LOCAL.get(_normalise(text))
    return (value, None) if value else (None, "invalid")


def _classify_text(text: str) -> tuple[Any, str | None]:
    if not text:
        return None, "blank"
    if code := _CODE_SPELLINGS.get(_normalise(text)):
        return None, code
    return text, None


def _parse_column(
    texts: pd.Series, spec: _Column
) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Typed values, statuses, and a mask of invalid cells."""
    classify: Callable[[str], tuple[Any, str | None]]
    if spec.kind == "scale":
        assert spec.scale is not None
        classify = _classify_scale(spec.scale)
    else:
        classify = {
            "flag": _classify_flag,
            "year": _classify_year,
            "national_or_local": _classify_national,
            "text": _classify_text,
        }[spec.kind]
    codes, mapped = _map_unique(texts, lambda t: classify(t or ""))
    values = _take([m[0] for m in mapped], codes)
    statuses = _take([m[1] for m in mapped], codes)
    index = texts.index
    if spec.kind == "scale":
        assert spec.scale is not None
        typed = pd.Series(pd.Categorical(values, dtype=spec.scale.dtype()), index=index)
    elif spec.kind == "flag":
        typed = pd.Series(pd.array(values, dtype="boolean"), index=index)
    elif spec.kind == "year":
        typed = pd.Series(pd.array(values, dtype="Int64"), index=index)
    elif spec.kind == "national_or_local":
        dtype = pd.CategoricalDtype(["National", "Local"], ordered=False)
        typed = pd.Series(pd.Categorical(values, dtype=dtype), index=index)
    else:
        typed = pd.Series(pd.array(values, dtype="string"), index=index)
    status = pd.Series(pd.Categorical(statuses, dtype=_STATUS_DTYPE), index=index)
    return typed, status, statuses == "invalid"


def _parse_tag(texts: pd.Series) -> pd.Series:
    """A policy-area or tag column: boolean when every cell is yes/no, else text."""

    def flag(text: str | None) -> Any:
        try:
            return parse_yes_no(text or "")
        except UnknownLevelError:
            return _parse_tag  # a marker no cell can equal

    codes, mapped = _map_unique(texts, flag)
    if all(m is not _parse_tag for m in mapped):
        return pd.Series(pd.array(_take(mapped, codes), dtype="boolean"), index=texts.index)
    codes, mapped = _map_unique(texts, lambda t: _classify_text(t or "")[0])
    return pd.Series(pd.array(_take(mapped, codes), dtype="string"), index=texts.index)


_INVALID: dict[str, str] = {
    "flag": "not a yes/no value",
    "year": "not a four-digit year",
    "national_or_local": "neither National nor Local",
    "text": "not readable",
}


def _invalid_level(scale: type[IRMScale]) -> str:
    return f"not a level of the IRM's {scale.title()} ({', '.join(m.label for m in scale)})"


def _missing_header_error(path: Path, missing: list[str], found: list[str]) -> InputError:
    quoted = ", ".join(f"'{h}'" for h in missing)
    plural = "s" if len(missing) > 1 else ""
    return InputError(
        f"the OGP commitment export lacks the column{plural} {quoted} "
        f"(found: {', '.join(found) or 'no columns'}).",
        file=path,
        line=1,
        fix=(
            f"use OGP's full commitment data export, or rename the header{plural} in row 1 "
            f"to {quoted} (case, spacing and '&'/'and' do not matter)."
        ),
    )


def read_ogp_commitments(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """Read OGP's public commitment export into one typed row per commitment.

    Parameters
    ----------
    path
        The export as ``.csv`` (UTF-8) or ``.xlsx``. Headers match case-insensitively.
    sheet
        The XLSX sheet, by name or position.

    Returns
    -------
    pandas.DataFrame
        In this order:

        * ``commitment_id`` (string), ``source_row`` (Int64, 1-based sheet row, header = 1);
        * ``country_locality`` (string), ``national_or_local`` (categorical National/Local),
          ``action_plan_end_year`` (Int64);
        * ``specificity``, ``potential_impact``, ``completion_progress_report``,
          ``completion_end_of_term``, ``did_it_open_government_overall`` (and
          ``did_it_open_government_<value>`` when the export has them),
          ``potential_for_results``, ``early_results``: ordered categoricals of the exact
          IRM labels, so ``df.specificity >= "Medium"`` works;
        * ``ogp_value_access_to_information``, ``ogp_value_civic_participation``,
          ``ogp_value_public_accountability``, ``ogp_value_technology`` (and ``verifiable``,
          ``open_government_lens`` when present): ``boolean``;
        * ``ogp_starred_progress``, ``ogp_starred_end_of_term`` (``boolean``): OGP's own star
          columns, when present;
        * ``starred_progress``, ``starred_end_of_term`` (``boolean``): the star computed with
          the current formula from completion at each stage; <NA> where missing ratings
          leave it open. Use :func:`compute_stars` with ``formula="2014"`` for plans
          assessed before 2015;
        * policy-area and tag columns (headers starting "Policy Area" or "Tag"), snake-cased:
          ``boolean`` when every cell is yes/no, else ``string``;
        * ``<column>_status`` for every value column above that was read from the export
          (not tags, not the id): <NA> where the value is present, else why it is missing
          (see :data:`STATUS_CATEGORIES`): the export's ``ND``/``NR``/``NA``, ``blank``,
          ``invalid``, or a state outside the scale's order such as ``Withdrawn``.

        ``df.attrs`` holds ``source`` (the path), ``headers`` (output column -> export
        header) and ``warnings``: a tuple of :class:`CellWarning` for unreadable cells,
        blank identifiers and duplicate identifiers.

    Raises
    ------
    InputError
        When the file is missing, unreadable, or lacks a required column.
    """
    path = Path(path)
    raw = _read_raw(path, sheet)
    by_header = {_normalise(h): h for h in raw.columns}

    required = (_Column(ID_HEADER, "commitment_id", "text"), *_REQUIRED)
    missing = [c.header for c in required if _normalise(c.header) not in by_header]
    if missing:
        raise _missing_header_error(path, missing, list(raw.columns))

    specs: list[_Column] = list(_REQUIRED)
    for column in _OPTIONAL:
        if _normalise(column.header) in by_header:
            specs.append(column)
    stars: list[_Column] = []
    per_value: list[_Column] = []
    tags: list[tuple[str, str]] = []
    known = {_normalise(c.header) for c in (*required, *_OPTIONAL)}
    for norm, header in by_header.items():
        if norm in known:
            continue
        if match := _DIOG_PER_VALUE.match(norm):
            name = f"did_it_open_government_{_snake(match.group(1))}"
            per_value.append(_Column(header, name, "scale", DidItOpenGovernment))
        elif _STARRED.match(norm):
            stage = "_progress" if "progress" in norm else ""
            stage = "_end_of_term" if "end of term" in norm else stage
            stars.append(_Column(header, f"ogp_starred{stage}", "flag"))
        elif _TAG.match(norm):
            tags.append((header, _snake(header)))
    # Per-value "Did it open government?" right after the overall one; OGP's stars last.
    after_overall = 1 + next(
        i for i, c in enumerate(specs) if c.name == "did_it_open_government_overall"
    )
    specs[after_overall:after_overall] = per_value
    specs.extend(stars)

    rows = pd.Series(raw.index + 2, index=raw.index)
    raw = raw[(raw != "").any(axis=1)]
    rows = rows[raw.index]
    warnings: list[CellWarning] = []
    ids = raw[by_header[_normalise(ID_HEADER)]]
    for i in ids.index[ids == ""]:
        warnings.append(CellWarning(int(rows[i]), None, ID_HEADER, "",
                                    "blank commitment identifier; row skipped."))
    raw = raw[ids != ""]
    rows = rows[raw.index]
    ids = ids[raw.index]
    for i in ids.index[ids.duplicated(keep="first")]:
        warnings.append(CellWarning(int(rows[i]), str(ids[i]), ID_HEADER, str(ids[i]),
                                    "duplicate commitment identifier; both rows kept."))

    out: dict[str, pd.Series] = {
        "commitment_id": ids.astype("string"),
        "source_row": rows.astype("Int64"),
    }
    statuses: dict[str, pd.Series] = {}
    headers: dict[str, str] = {"commitment_id": by_header[_normalise(ID_HEADER)]}
    for spec in specs:
        header = by_header[_normalise(spec.header)]
        typed, status, invalid = _parse_column(raw[header], spec)
        out[spec.name] = typed
        statuses[f"{spec.name}_status"] = status
        headers[spec.name] = header
        for i in raw.index[invalid]:
            warnings.append(CellWarning(
                int(rows[i]), str(ids[i]), header, str(raw.at[i, header]),
                f"{_INVALID[spec.kind] if spec.scale is None else _invalid_level(spec.scale)}; "
                "read as missing.",
            ))

    frame = pd.DataFrame(out)
    frame["starred_progress"] = compute_stars(
        pd.concat([frame, pd.DataFrame(statuses)], axis=1),
        completion="completion_progress_report",
    )
    frame["starred_end_of_term"] = compute_stars(
        pd.concat([frame, pd.DataFrame(statuses)], axis=1), completion="completion_end_of_term"
    )
    for header, name in tags:
        if name in frame or f"{name}_status" in statuses:
            name = f"tag_{name}"  # never overwrite a rating with a free-form tag column
        frame[name] = _parse_tag(raw[header])
        headers[name] = header
    frame = pd.concat([frame, pd.DataFrame(statuses, index=frame.index)], axis=1)
    frame = frame.reset_index(drop=True)
    warnings.sort(key=lambda w: (w.row, w.column))
    frame.attrs = {"source": str(path), "headers": headers, "warnings": tuple(warnings)}
    return frame
