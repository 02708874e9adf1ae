"""The star rule of the classic method, for one commitment, with three-valued logic.

A commitment is *starred* when it is specific (Medium or High), relevant to an OGP value
that counts, of high potential impact and substantially implemented. A missing rating leaves
the star open (None) unless a known rating already rules it out.

Where the IRM gave no specificity (ND) but rated the design *verifiable* (Yes/No), which
replaced specificity in its later reports, "Verifiable: Yes" meets the specificity criterion
and "No" fails it: OGP's own star columns do so (tests/test_irm_ogp_export.py checks them on
the real export, where every row with a specificity has Verifiable Yes exactly for Medium and
High). A specificity that is not applicable (NA: the refresh method, which gives no star)
is not stood in for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from labmetrics.irm._cells import is_missing, missing_code
from labmetrics.irm.scales import (
    Completion,
    OGPValue,
    PotentialImpact,
    Specificity,
    Verifiable,
    parse_yes_no,
)
from labmetrics.irm.terms import IRMError, IRMScale, IRMTerm

__all__ = [
    "StarCheck",
    "StarCriterion",
    "StarFormula",
    "StarResult",
    "explain_star",
    "is_starred",
]

S = TypeVar("S", bound=IRMScale)

StarFormula = Literal["current", "2014"]
"""``"current"``: potential impact Transformative (since 2015); ``"2014"``: Moderate or
Transformative (the original formula)."""


class StarCriterion(IRMTerm):
    """The four tests a classic-method commitment must pass to be starred."""

    SPECIFICITY = ("Specificity", "Especificidade")
    RELEVANCE = ("Relevance", "Relevância")
    POTENTIAL_IMPACT = ("Potential impact", "Impacto potencial")
    COMPLETION = ("Completion", "Conclusão")


STAR_SPECIFICITY: tuple[Specificity, ...] = (Specificity.MEDIUM, Specificity.HIGH)
"""The specificity levels that pass."""

STAR_COMPLETION: tuple[Completion, ...] = (Completion.SUBSTANTIAL, Completion.COMPLETE)
"""The completion levels that pass."""

STAR_VALUES: tuple[OGPValue, ...] = tuple(v for v in OGPValue if v.counts_for_star)
"""The OGP values relevance to which passes."""

_STAR_IMPACT: dict[str, tuple[PotentialImpact, ...]] = {
    "current": (PotentialImpact.TRANSFORMATIVE,),
    "2014": (PotentialImpact.MODERATE, PotentialImpact.TRANSFORMATIVE),
}


def star_impact(formula: str) -> tuple[PotentialImpact, ...]:
    """The potential-impact levels that pass under ``formula``.

    Raises
    ------
    IRMError
        When ``formula`` is neither ``"current"`` nor ``"2014"``.
    """
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
        if self.found.startswith(f"{Verifiable.title()}:"):
            if self.met:
                return f"{name} is not rated; the IRM found the design verifiable."
            return (f"{name} is not rated and the IRM found the design not verifiable; a star "
                    f"needs {' or '.join(self.required)} specificity or a verifiable design.")
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
    if is_missing(value):
        return None, ""
    if isinstance(value, scale):
        return value, value.label
    text = str(value).strip()
    code = missing_code(text)
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


def _check_specificity(specificity: Any, verifiable: Any) -> StarCheck:
    check = _check_level(StarCriterion.SPECIFICITY, specificity, Specificity, STAR_SPECIFICITY)
    if check.met is not None or is_missing(verifiable):
        return check
    said = parse_yes_no(verifiable)
    if said is None:
        return check
    found = f"{Verifiable.title()}: {Verifiable.YES.label if said else Verifiable.NO.label}"
    return StarCheck(check.criterion, said, found, check.required)


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
    star_flags = [flags[v] for v in STAR_VALUES]
    relevant = [v.label for v in STAR_VALUES if flags[v] is True]
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
    return StarCheck(StarCriterion.RELEVANCE, met, found, tuple(v.label for v in STAR_VALUES))


def explain_star(
    specificity: RatingInput,
    relevance: RelevanceInput,
    potential_impact: RatingInput,
    completion: RatingInput,
    formula: StarFormula = "current",
    verifiable: bool | str | None = None,
) -> StarResult:
    """Decide the star with three-valued logic and say which criteria fail or are open.

    Parameters
    ----------
    specificity, potential_impact, completion
        A member, its label as text, or None/""/"ND"/"NR"/"NA" when unknown. Completion's
        states outside the order (Withdrawn, Unclear, No Evidence Available) fail.
    verifiable
        The IRM's "Verifiable" rating (True/False, "Yes"/"No"), which decides the
        specificity criterion when specificity is unknown.
    relevance
        Either a mapping from OGP value (member or label) to True/False/None ("Yes"/"No"
        text accepted; absent values are unknown), or an iterable of the values the
        commitment is relevant to (all others are then known not to be), or None.
    formula
        ``"current"`` (potential impact Transformative, used since 2015) or ``"2014"``
        (Moderate or Transformative).
    """
    impact_required = star_impact(formula)
    checks = (
        _check_specificity(specificity, verifiable),
        _check_relevance(relevance),
        _check_level(
            StarCriterion.POTENTIAL_IMPACT, potential_impact, PotentialImpact, impact_required
        ),
        _check_level(StarCriterion.COMPLETION, completion, Completion, STAR_COMPLETION),
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
    verifiable: bool | str | None = None,
) -> bool | None:
    """Whether a commitment is starred: True, False, or None when missing ratings leave it open.

    Takes the same arguments as :func:`explain_star`.
    """
    return explain_star(
        specificity, relevance, potential_impact, completion, formula, verifiable
    ).starred
