"""The IRM's terms: the base of every vocabulary and of every ordered scale, and their errors.

A term is an enum member carrying the IRM's exact English ``label``, a translation ``key``
for the report catalogues and a ``label_pt_br``; a member of an ordered scale also has a
``rank``. States outside a scale's order (Completion's *Withdrawn*) have no rank, and
ordering them raises :class:`UnorderedLevelError`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, Self

import pandas as pd

from labmetrics.errors import LabmetricsError
from labmetrics.irm._cells import normalise

__all__ = [
    "IRMError",
    "IRMScale",
    "IRMTerm",
    "UnknownLevelError",
    "UnorderedLevelError",
    "add_spellings",
]


class IRMError(LabmetricsError, ValueError):
    """A value that is not part of the IRM's vocabulary."""


class UnknownLevelError(IRMError):
    """Text that is not a level of the scale it was read as."""


class UnorderedLevelError(LabmetricsError, TypeError):
    """An ordering was asked of a state outside a scale's order (e.g. Completion 'Withdrawn')."""


def _class_snake(name: str) -> str:
    # "OGPValue" -> "ogp_value", "DidItOpenGovernment" -> "did_it_open_government"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


_LOOKUPS: dict[type, dict[str, Any]] = {}
# Other spellings of a term found in OGP's own data, by vocabulary: spelling -> member.
_SPELLINGS: dict[type, dict[str, Any]] = {}

# Vocabulary titles, keyed by scale name: (English, pt-BR).
_TITLES: dict[str, tuple[str, str]] = {
    "specificity": ("Specificity", "Especificidade"),
    "ogp_value": ("Relevance to OGP values", "Relevância para os valores da OGP"),
    "potential_impact": ("Potential impact", "Impacto potencial"),
    "completion": ("Completion", "Conclusão"),
    "did_it_open_government": ("Did it open government?", "Contribuiu para abrir o governo?"),
    "verifiable": ("Verifiable", "Verificável"),
    "ambition": ("Ambition", "Ambição"),
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
    def title(cls, lang: str = "en") -> str:
        """The vocabulary's title in ``lang`` (``"pt-BR"``; any other: English)."""
        en, pt = _TITLES[cls.scale_name()]
        return pt if lang == "pt-BR" else en

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        table = _LOOKUPS.get(cls)
        if table is None:
            table = {}
            for member in cls:
                table[normalise(member.label)] = member
                table.setdefault(normalise(member.name), member)
            for spelling, member in _SPELLINGS.get(cls, {}).items():
                table.setdefault(normalise(spelling), member)
            _LOOKUPS[cls] = table
        return table

    @classmethod
    def get(cls, text: str) -> Self | None:
        """Like :meth:`parse`, but return None for text that is not a term of this vocabulary."""
        return cls._lookup().get(normalise(text))

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


def add_spellings(vocabulary: type[IRMTerm], spellings: dict[str, IRMTerm]) -> None:
    """Let ``vocabulary.parse`` read other spellings OGP's data uses for its terms.

    ``spellings`` maps the spelling (e.g. ``"Worsens"``) to the member it means.
    """
    _SPELLINGS.setdefault(vocabulary, {}).update(spellings)
    _LOOKUPS.pop(vocabulary, None)


class IRMScale(IRMTerm):
    """An ordered IRM scale: members compare by rank; states outside the order refuse to."""

    @property
    def rank(self) -> int | None:
        """Position in the scale's order from 0, or None for a state outside the order."""
        return self._rank

    def is_ordered(self) -> bool:
        """Whether this member has a place in the scale's order."""
        return self._rank is not None

    def _compare(self, other: object, op: Callable[[int, int], bool]) -> bool:
        # Another scale, or text, is not comparable: NotImplemented lets Python raise TypeError.
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, IRMScale)
        if self._rank is None or other._rank is None:
            outside = self if self._rank is None else other
            raise UnorderedLevelError(
                f"'{outside.label}' is outside the order of the IRM's {self.title()}; "
                "it cannot be compared.",
                fix="test member.is_ordered() before comparing.",
            )
        return op(self._rank, other._rank)

    def __lt__(self, other: object) -> bool:
        return self._compare(other, operator.lt)

    def __le__(self, other: object) -> bool:
        return self._compare(other, operator.le)

    def __gt__(self, other: object) -> bool:
        return self._compare(other, operator.gt)

    def __ge__(self, other: object) -> bool:
        return self._compare(other, operator.ge)

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
