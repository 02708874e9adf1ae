"""Tests of labmetrics.irm.terms and labmetrics.irm.scales: the IRM scales of both methods,
their order and exact labels, tolerant parsing, to_categorical and yes/no cells.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd
import pytest

from labmetrics.errors import LabmetricsError
from labmetrics.irm import (
    SCALES,
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    IRMScale,
    OGPValue,
    OpenGovernmentLens,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    UnknownLevelError,
    UnorderedLevelError,
    Verifiable,
    parse_yes_no,
    to_categorical,
)

PA = OGPValue.PUBLIC_ACCOUNTABILITY
TECH = OGPValue.TECHNOLOGY_AND_INNOVATION

# ---------------------------------------------------------------------------------------------
# Scales

SCALE_TABLE: list[tuple[type[IRMScale], tuple[str, ...], tuple[str, ...]]] = [
    (Specificity, ("None", "Low", "Medium", "High"), ()),
    (PotentialImpact, ("None", "Minor", "Moderate", "Transformative"), ()),
    (
        Completion,
        ("Not Started", "Limited", "Substantial", "Complete"),
        ("Withdrawn", "Unclear", "No Evidence Available"),
    ),
    (
        DidItOpenGovernment,
        ("Worsened", "Did Not Change", "Marginal", "Major", "Outstanding"),
        ("Not Applicable", "No early results to report yet"),
    ),
    (Verifiable, ("No", "Yes"), ()),
    (OpenGovernmentLens, ("No", "Yes"), ()),
    (PotentialForResults, ("Unclear", "Modest", "Substantial"), ()),
    (EarlyResults, ("No notable results", "Moderate", "Significant"), ()),
]


def test_every_scale_is_tested_and_listed() -> None:
    assert {s for s, _, _ in SCALE_TABLE} == set(SCALES)


@pytest.mark.parametrize(("scale", "labels", "states"), SCALE_TABLE)
def test_scale_order_and_exact_labels(
    scale: type[IRMScale], labels: tuple[str, ...], states: tuple[str, ...]
) -> None:
    assert scale.labels() == labels
    assert tuple(m.label for m in scale.states()) == states
    levels = scale.levels()
    assert [m.rank for m in levels] == list(range(len(labels)))
    for low, high in itertools.pairwise(levels):
        assert low < high and high > low
        assert low <= high and high >= low
        assert not high < low and not low > high
    for member in levels:
        assert member <= member and member >= member and not member < member
        assert member.is_ordered()
    assert sorted(reversed(levels)) == list(levels)
    assert max(levels) is levels[-1] and min(levels) is levels[0]
    assert str(levels[0]) == labels[0] and f"{levels[-1]}" == labels[-1]
    assert scale.dtype() == pd.CategoricalDtype(list(labels), ordered=True)


def test_ogp_values_are_exact_and_technology_alone_does_not_count() -> None:
    assert [v.label for v in OGPValue] == [
        "Access to Information",
        "Civic Participation",
        "Public Accountability",
        "Technology & Innovation for Transparency & Accountability",
    ]
    assert [v.counts_for_star for v in OGPValue] == [True, True, True, False]


@pytest.mark.parametrize(
    ("scale", "text", "expected"),
    [
        (Completion, "  not   STARTED ", Completion.NOT_STARTED),
        (Completion, "no evidence available", Completion.NO_EVIDENCE_AVAILABLE),
        (Completion, "NO_EVIDENCE_AVAILABLE", Completion.NO_EVIDENCE_AVAILABLE),
        (Completion, "withdrawn\n", Completion.WITHDRAWN),
        (Specificity, "none", Specificity.NONE),
        (Specificity, "\tHIGH", Specificity.HIGH),
        (PotentialImpact, "Transformative ", PotentialImpact.TRANSFORMATIVE),
        (DidItOpenGovernment, "did not change", DidItOpenGovernment.DID_NOT_CHANGE),
        (DidItOpenGovernment, "not applicable", DidItOpenGovernment.NOT_APPLICABLE),
        (EarlyResults, "No Notable Results", EarlyResults.NO_NOTABLE_RESULTS),
        (PotentialForResults, "modest", PotentialForResults.MODEST),
        (Verifiable, "YES", Verifiable.YES),
        (OGPValue, "technology and innovation for transparency and accountability", TECH),
        (OGPValue, "Technology  &  Innovation for Transparency & Accountability", TECH),
        (OGPValue, "public accountability", PA),
    ],
)
def test_parse_is_tolerant_of_case_space_and_ampersand(
    scale: type[Any], text: str, expected: Any
) -> None:
    assert scale.parse(text) is expected
    assert scale.parse(expected) is expected


@pytest.mark.parametrize(
    ("scale", "text"),
    [
        (Specificity, "None/Low"),
        (Specificity, "Very High"),
        (Completion, "Substantially"),
        (Completion, ""),
        (PotentialImpact, "Major"),
        (DidItOpenGovernment, "Transformative"),
        (EarlyResults, "Outstanding"),
        (OGPValue, "Technology"),
    ],
)
def test_parse_rejects_names_that_are_not_exact_levels(scale: type[Any], text: str) -> None:
    with pytest.raises(UnknownLevelError) as info:
        scale.parse(text)
    error = info.value
    assert isinstance(error, LabmetricsError) and isinstance(error, ValueError)
    assert repr(text) in str(error) or f"'{text}'" in str(error)
    assert error.fix is not None and f"'{next(iter(scale)).label}'" in error.fix
    assert scale.get(text) is None


@pytest.mark.parametrize(
    "state",
    [*Completion.states(), *DidItOpenGovernment.states()],
)
def test_states_outside_the_order_refuse_comparison(state: IRMScale) -> None:
    scale = type(state)
    level = scale.levels()[1]
    assert not state.is_ordered() and state.rank is None
    assert state not in scale.levels() and state in scale.states()
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        with pytest.raises(UnorderedLevelError):
            getattr(state, op)(level)
        with pytest.raises(UnorderedLevelError):
            getattr(level, op)(state)
    with pytest.raises(TypeError, match="outside the order"):
        _ = state < level
    with pytest.raises(TypeError):
        sorted([*scale.levels(), state])
    # Equality stays defined: a state is itself and nothing else.
    assert state == scale.parse(state.label) and state != level


def test_comparisons_across_scales_and_with_text_are_type_errors() -> None:
    with pytest.raises(TypeError):
        _ = Completion.LIMITED < Specificity.HIGH  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Specificity.LOW < "High"  # type: ignore[operator]
    assert Completion.SUBSTANTIAL != PotentialForResults.SUBSTANTIAL
    assert Completion.LIMITED.__lt__(Specificity.HIGH) is NotImplemented


# ---------------------------------------------------------------------------------------------
# to_categorical and yes/no


def test_to_categorical_gives_ordered_exact_labels_and_drops_states() -> None:
    raw = pd.Series(
        ["complete", " Limited", Completion.SUBSTANTIAL, "Withdrawn", "ND", None, "", "Unclear"],
        index=list("abcdefgh"),
        name="completion_end_of_term",
    )
    result = to_categorical(raw, Completion)
    assert result.dtype == Completion.dtype()
    assert list(result.cat.categories) == list(Completion.labels())
    assert result.index.equals(raw.index) and result.name == raw.name
    assert result.tolist()[:3] == ["Complete", "Limited", "Substantial"]
    assert result.iloc[3:].isna().all()
    assert (result >= "Substantial").tolist() == [True, False, True] + [False] * 5
    assert result.max() == "Complete"
    assert to_categorical(["Very High", "medium"], Specificity).isna().tolist() == [True, False]
    with pytest.raises(UnknownLevelError, match="Very High"):
        to_categorical(["Very High"], Specificity, errors="raise")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Yes", True), ("y", True), (" TRUE ", True), ("1", True), (1, True), (True, True),
     (1.0, True), ("No", False), ("N", False), ("false", False), ("0", False), (0, False),
     (False, False), ("", None), (None, None), ("ND", None), ("nr", None), ("NA", None),
     (float("nan"), None), (pd.NA, None)],
)
def test_parse_yes_no(value: Any, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


def test_parse_yes_no_rejects_other_text() -> None:
    with pytest.raises(UnknownLevelError, match="Maybe"):
        parse_yes_no("Maybe")
