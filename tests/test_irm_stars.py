"""Tests of labmetrics.irm.stars and labmetrics.irm.export_stars: the star rule for one
commitment (both formulas, three-valued logic) and vectorised over a frame.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labmetrics.irm import (
    Completion,
    IRMError,
    IRMScale,
    OGPValue,
    PotentialImpact,
    Specificity,
    StarCriterion,
    UnknownLevelError,
    compute_stars,
    explain_star,
    is_starred,
    to_categorical,
)

ATI = OGPValue.ACCESS_TO_INFORMATION
CP = OGPValue.CIVIC_PARTICIPATION
PA = OGPValue.PUBLIC_ACCOUNTABILITY
TECH = OGPValue.TECHNOLOGY_AND_INNOVATION

# ---------------------------------------------------------------------------------------------
# The star, one commitment at a time

STAR_CASES = [
    # specificity, relevance, impact, completion, current, 2014
    ("High", [ATI], "Transformative", "Complete", True, True),
    ("Medium", {CP: True}, "Transformative", "Substantial", True, True),
    ("Medium", [PA, TECH], "Moderate", "Complete", False, True),
    ("High", [ATI], "Minor", "Complete", False, False),
    ("Low", [ATI], "Transformative", "Complete", False, False),
    ("None", [ATI], "Transformative", "Complete", False, False),
    ("High", [TECH], "Transformative", "Complete", False, False),
    ("High", [], "Transformative", "Complete", False, False),
    ("High", [ATI], "Transformative", "Limited", False, False),
    ("High", [ATI], "Transformative", "Not Started", False, False),
    ("High", [ATI], "Transformative", "Withdrawn", False, False),
    ("High", [ATI], "Transformative", "Unclear", False, False),
    ("High", [ATI], "Transformative", "No Evidence Available", False, False),
    # Unknown ratings leave the star open only when no known rating rules it out.
    ("High", [ATI], "Transformative", None, None, None),
    ("High", [ATI], "Transformative", "ND", None, None),
    ("NR", [ATI], "Transformative", "Complete", None, None),
    ("High", [ATI], "NA", "Complete", None, None),
    ("High", None, "Transformative", "Complete", None, None),
    ("High", {ATI: None, CP: "No", PA: False}, "Transformative", "Complete", None, None),
    ("High", {TECH: True, ATI: None}, "Transformative", "Complete", None, None),
    ("High", [ATI], "Moderate", None, False, None),
    ("Low", None, None, None, False, False),
    (None, {ATI: "Yes"}, "Minor", None, False, False),
    (None, None, "Transformative", "Withdrawn", False, False),
    ("", {ATI: "No", CP: "No", PA: "No", TECH: "Yes"}, None, "", False, False),
]


@pytest.mark.parametrize(
    ("specificity", "relevance", "impact", "completion", "current", "original"), STAR_CASES
)
def test_is_starred_both_formulas(
    specificity: Any, relevance: Any, impact: Any, completion: Any,
    current: bool | None, original: bool | None,
) -> None:
    assert is_starred(specificity, relevance, impact, completion) is current
    assert is_starred(specificity, relevance, impact, completion, formula="current") is current
    assert is_starred(specificity, relevance, impact, completion, formula="2014") is original


def test_star_explanation_names_each_failed_and_open_criterion() -> None:
    result = explain_star("Low", [TECH], "Moderate", "Withdrawn")
    assert result.starred is False and result.formula == "current"
    assert result.failed == (
        StarCriterion.SPECIFICITY, StarCriterion.RELEVANCE,
        StarCriterion.POTENTIAL_IMPACT, StarCriterion.COMPLETION,
    )
    assert result.unknown == ()
    assert result.reasons == (
        "Specificity is Low; a star needs Medium or High.",
        "Not relevant to Access to Information, Civic Participation or Public Accountability "
        "(Technology & Innovation for Transparency & Accountability alone does not count).",
        "Potential impact is Moderate; a star needs Transformative.",
        "Completion is Withdrawn; a star needs Substantial or Complete.",
    )
    assert explain_star("Low", [TECH], "Moderate", "Withdrawn", "2014").failed == (
        StarCriterion.SPECIFICITY, StarCriterion.RELEVANCE, StarCriterion.COMPLETION,
    )

    open_ = explain_star("High", {ATI: True}, "Transformative", "ND")
    assert open_.starred is None
    assert open_.failed == () and open_.unknown == (StarCriterion.COMPLETION,)
    assert open_.reasons == ("Completion is not known (ND).",)

    ruled_out = explain_star(None, [CP], "Minor", None)
    assert ruled_out.starred is False
    assert ruled_out.failed == (StarCriterion.POTENTIAL_IMPACT,)
    assert ruled_out.unknown == (StarCriterion.SPECIFICITY, StarCriterion.COMPLETION)
    assert ruled_out.reasons[0] == "Potential impact is Minor; a star needs Transformative."
    assert "Specificity is not rated." in ruled_out.reasons

    starred = explain_star(Specificity.HIGH, [ATI, PA], PotentialImpact.TRANSFORMATIVE,
                           Completion.COMPLETE)
    assert starred.starred is True and starred.reasons == ()
    assert [c.met for c in starred.checks] == [True] * 4
    assert starred.checks[1].found == "Access to Information, Public Accountability"


def test_verifiable_decides_specificity_only_where_the_irm_gave_none() -> None:
    passing = ({ATI: True}, "Transformative", "Complete")
    assert explain_star("ND", *passing, verifiable="Yes").starred is True
    assert explain_star(None, *passing, verifiable=True).starred is True
    not_verifiable = explain_star("ND", *passing, verifiable="No")
    assert not_verifiable.failed == (StarCriterion.SPECIFICITY,)
    assert not_verifiable.reasons == (
        "Specificity is not rated and the IRM found the design not verifiable; a star needs "
        "Medium or High specificity or a verifiable design.",)
    # A specificity the IRM gave is never overridden.
    assert explain_star("Low", *passing, verifiable="Yes").starred is False
    assert explain_star("ND", *passing, verifiable="NR").starred is None
    assert is_starred("ND", *passing, verifiable="Yes") is True

    frame = pd.DataFrame({
        "specificity": to_categorical(["ND", "ND", "Low", "ND"], Specificity),
        "specificity_status": ["ND", "NA", None, "ND"],
        "verifiable": pd.array([True, True, True, False], dtype="boolean"),
        "ogp_value_access_to_information": [True] * 4,
        "ogp_value_civic_participation": [False] * 4,
        "ogp_value_public_accountability": [False] * 4,
        "potential_impact": ["Transformative"] * 4,
        "completion_end_of_term": ["Complete"] * 4,
    })
    # NA: the refresh method, which gives no star; verifiable does not stand in there.
    assert compute_stars(frame).tolist() == [True, pd.NA, False, False]


def test_star_rejects_unknown_text_and_formula() -> None:
    with pytest.raises(UnknownLevelError):
        is_starred("Very High", [ATI], "Transformative", "Complete")
    with pytest.raises(UnknownLevelError):
        is_starred("High", {"Transparency": True}, "Transformative", "Complete")
    with pytest.raises(IRMError, match="2015"):
        is_starred("High", [ATI], "Transformative", "Complete", formula="2015")  # type: ignore[arg-type]


RATING_CHOICES = {
    "specificity": [*Specificity, None],
    "impact": [*PotentialImpact, None],
    "completion": [*Completion, None],
}
relevance_flags = st.fixed_dictionaries(
    {v: st.sampled_from([True, False, None]) for v in OGPValue}
)


def _fillings(value: Any, scale: type[IRMScale]) -> list[Any]:
    return list(scale) if value is None else [value]


@settings(max_examples=150, deadline=None)
@given(
    specificity=st.sampled_from(RATING_CHOICES["specificity"]),
    impact=st.sampled_from(RATING_CHOICES["impact"]),
    completion=st.sampled_from(RATING_CHOICES["completion"]),
    relevance=relevance_flags,
    formula=st.sampled_from(["current", "2014"]),
)
def test_three_valued_star_is_none_exactly_when_unknowns_could_go_either_way(
    specificity: Any, impact: Any, completion: Any, relevance: dict[OGPValue, bool | None],
    formula: Any,
) -> None:
    outcomes = set()
    flag_choices = [[True, False] if f is None else [f] for f in relevance.values()]
    for spec, imp, comp, flags in itertools.product(
        _fillings(specificity, Specificity),
        _fillings(impact, PotentialImpact),
        _fillings(completion, Completion),
        itertools.product(*flag_choices),
    ):
        outcome = is_starred(spec, dict(zip(relevance, flags, strict=True)), imp, comp, formula)
        assert outcome is not None
        outcomes.add(outcome)
    expected = outcomes.pop() if len(outcomes) == 1 else None
    assert is_starred(specificity, relevance, impact, completion, formula) is expected


# ---------------------------------------------------------------------------------------------
# The star, vectorised

commitment_rows = st.lists(
    st.tuples(
        st.sampled_from(RATING_CHOICES["specificity"]),
        st.sampled_from(RATING_CHOICES["impact"]),
        st.sampled_from(RATING_CHOICES["completion"]),
        relevance_flags,
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows=commitment_rows, formula=st.sampled_from(["current", "2014"]))
def test_compute_stars_agrees_with_is_starred(rows: list[Any], formula: Any) -> None:
    def label(member: IRMScale | None) -> str | None:
        return member.label if member is not None and member.is_ordered() else None

    def status(member: IRMScale | None) -> str:
        return "ND" if member is None else member.label

    frame = pd.DataFrame({
        "specificity": to_categorical([label(r[0]) for r in rows], Specificity),
        "potential_impact": to_categorical([label(r[1]) for r in rows], PotentialImpact),
        "completion_end_of_term": to_categorical([label(r[2]) for r in rows], Completion),
        "completion_end_of_term_status": [
            None if label(r[2]) else status(r[2]) for r in rows
        ],
        **{
            col: pd.array([r[3][v] for r in rows], dtype="boolean")
            for v, col in [(ATI, "ogp_value_access_to_information"),
                           (CP, "ogp_value_civic_participation"),
                           (PA, "ogp_value_public_accountability"),
                           (TECH, "ogp_value_technology")]
        },
    })
    stars = compute_stars(frame, formula=formula)
    assert stars.dtype == "boolean"
    expected = [is_starred(r[0], r[3], r[1], r[2], formula) for r in rows]
    assert [None if pd.isna(s) else bool(s) for s in stars] == expected

    # Plain text columns (states written in the rating column itself) give the same stars.
    text = frame.assign(
        specificity=[None if r[0] is None else r[0].label.upper() for r in rows],
        completion_end_of_term=[None if r[2] is None else r[2].label for r in rows],
    ).drop(columns="completion_end_of_term_status")
    assert compute_stars(text, formula=formula).equals(stars)


def test_compute_stars_names_missing_columns() -> None:
    with pytest.raises(IRMError, match="potential_impact"):
        compute_stars(pd.DataFrame({"specificity": ["High"]}))
