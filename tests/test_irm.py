"""Tests of labmetrics.irm: the IRM scales, the star rule and the OGP export reader.

The fixture tests/data/ogp/commitments.csv is written by hand in OGP's export layout with
invented commitments; its "Starred" columns were filled in by hand with the current formula
(every plan in it was assessed after 2015), never by calling labmetrics.
"""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labmetrics.errors import InputError, LabmetricsError
from labmetrics.irm import (
    LABELS_PT_BR,
    SCALES,
    STATUS_CATEGORIES,
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    IRMError,
    IRMScale,
    OGPValue,
    OpenGovernmentLens,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    StarCriterion,
    UnknownLevelError,
    UnorderedLevelError,
    Verifiable,
    catalogue_entries,
    compute_stars,
    explain_commitment,
    explain_star,
    is_starred,
    parse_yes_no,
    read_ogp_commitments,
    status_key,
    to_categorical,
)

FIXTURE = Path(__file__).parent / "data" / "ogp" / "commitments.csv"

ATI = OGPValue.ACCESS_TO_INFORMATION
CP = OGPValue.CIVIC_PARTICIPATION
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
        ("Not Applicable",),
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


def test_translation_keys_are_unique_and_nest_in_yaml() -> None:
    assert Completion.SUBSTANTIAL.key == "irm.completion.substantial"
    assert Completion.NOT_STARTED.key == "irm.completion.not_started"
    assert DidItOpenGovernment.DID_NOT_CHANGE.key == "irm.did_it_open_government.did_not_change"
    assert ATI.key == "irm.ogp_value.access_to_information"
    assert EarlyResults.NO_NOTABLE_RESULTS.key == "irm.early_results.no_notable_results"
    assert Completion.title_key() == "irm.scale.completion"
    assert status_key("ND") == "irm.status.nd"
    assert status_key("No Evidence Available") == "irm.status.no_evidence_available"
    with pytest.raises(IRMError):
        status_key("Maybe")

    en, pt = catalogue_entries("en"), catalogue_entries("pt-BR")
    assert en.keys() == pt.keys()
    # A YAML catalogue cannot hold "a.b" as a message and "a.b.c" as another.
    keys = sorted(en)
    for key in keys:
        assert all(re.fullmatch(r"[a-z0-9_]+", part) for part in key.split("."))
        assert not any(other.startswith(key + ".") for other in keys)
    assert en[Completion.NO_EVIDENCE_AVAILABLE.key] == "No Evidence Available"
    assert pt[DidItOpenGovernment.MAJOR.key] == "Significativo"
    assert pt["irm.status.nr"] == "Não revisado"
    assert all(status_key(s) in en for s in STATUS_CATEGORIES)
    members = [m for scale in SCALES for m in scale] + list(OGPValue) + list(StarCriterion)
    assert all(en[m.key] == m.label and pt[m.key] == m.label_pt_br for m in members)


def test_portuguese_labels_match_the_irm_portuguese_reports() -> None:
    assert LABELS_PT_BR["specificity"] == {
        "None": "Nenhuma", "Low": "Baixa", "Medium": "Média", "High": "Alta",
    }
    assert LABELS_PT_BR["potential_impact"] == {
        "None": "Nenhum", "Minor": "Menor", "Moderate": "Moderado",
        "Transformative": "Transformador",
    }
    completion = LABELS_PT_BR["completion"]
    assert [completion[label] for label in Completion.labels()] == [
        "Não iniciada", "Limitada", "Substancial", "Completa",
    ]
    assert [LABELS_PT_BR["did_it_open_government"][label]
            for label in DidItOpenGovernment.labels()] == [
        "Piorou", "Não mudou", "Marginal", "Significativo", "Excepcional",
    ]
    assert LABELS_PT_BR["ogp_value"] == {
        "Access to Information": "Acesso à informação",
        "Civic Participation": "Participação cívica",
        "Public Accountability": "Prestação de contas públicas",
        "Technology & Innovation for Transparency & Accountability":
            "Tecnologia e inovação para transparência e prestação de contas",
    }
    for scale in SCALES:
        names = LABELS_PT_BR[scale.scale_name()]
        assert list(names) == [m.label for m in scale]
        assert all(names.values())
    assert set(LABELS_PT_BR["status"]) == set(STATUS_CATEGORIES)


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


# ---------------------------------------------------------------------------------------------
# The OGP export

# Stars under the 2014 formula, worked out by hand from the fixture's ratings.
STARS_2014 = {
    "EXN0001": (True, True), "EXN0002": (True, True), "EXN0003": (False, False),
    "EXN0004": (False, False), "EXN0005": (False, True), "EXN0006": (False, False),
    "EXN0007": (False, False), "EXN0008": (False, False), "EXN0009": (None, None),
    "EXL0001": (True, None), "EXL0002": (True, None), "EXL0003": (None, None),
    "EXL0004": (None, None), "EXL0005": (None, None), "EXL0006": (False, False),
    "EXL0007": (None, None), "EXL0008": (True, True), "EXL0009": (None, None),
    "EXL0010": (None, None), "EXL0011": (None, None),
}


def _values(series: pd.Series) -> list[Any]:
    """Cells as plain Python values, None for missing (numpy booleans become bool)."""
    return [None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in series]


@pytest.fixture(scope="module")
def commitments() -> pd.DataFrame:
    return read_ogp_commitments(FIXTURE)


def _write_xlsx(source: Path, target: Path) -> None:
    """The fixture as OGP's XLSX would hold it: numbers as numbers, empty cells empty."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        cells: list[Any] = []
        for text in row:
            if text.isdigit():
                cells.append(int(text))
            elif text in ("TRUE", "true", "false"):
                cells.append(text.lower() == "true")
            else:
                cells.append(text or None)
        sheet.append(cells)
    book.save(target)


def test_reads_one_typed_row_per_commitment(commitments: pd.DataFrame) -> None:
    df = commitments
    assert len(df) == 20  # the trailing empty row is not a commitment
    assert df["commitment_id"].is_unique
    assert list(df.columns[:6]) == [
        "commitment_id", "source_row", "country_locality", "national_or_local",
        "action_plan_end_year", "specificity",
    ]
    assert df["source_row"].tolist() == list(range(2, 22))
    assert df["action_plan_end_year"].dtype == "Int64"
    assert df["action_plan_end_year"].min() == 2016 and df["action_plan_end_year"].max() == 2024
    for column, scale in [
        ("specificity", Specificity), ("potential_impact", PotentialImpact),
        ("completion_progress_report", Completion), ("completion_end_of_term", Completion),
        ("did_it_open_government_overall", DidItOpenGovernment),
        ("did_it_open_government_access_to_information", DidItOpenGovernment),
        ("potential_for_results", PotentialForResults), ("early_results", EarlyResults),
    ]:
        assert df[column].dtype == scale.dtype(), column
    for column in ["ogp_value_access_to_information", "ogp_value_civic_participation",
                   "ogp_value_public_accountability", "ogp_value_technology", "verifiable",
                   "open_government_lens", "ogp_starred_progress", "ogp_starred_end_of_term",
                   "starred_progress", "starred_end_of_term", "policy_area_open_data",
                   "policy_area_public_service_delivery"]:
        assert df[column].dtype == "boolean", column
    assert df["tags"].dtype == "string"
    assert "commitment_title" not in df and "action_plan_start_year" not in df

    by_id = df.set_index("commitment_id")
    assert by_id.loc["EXL0001", "country_locality"] == "São Exemplo, Brazil"
    assert by_id["national_or_local"].value_counts().to_dict() == {"Local": 11, "National": 9}
    assert by_id.loc["EXL0008", "national_or_local"] == "Local"  # written "local"
    assert by_id.loc["EXL0008", "specificity"] == "Medium"  # written "  medium "
    assert by_id.loc["EXL0008", "completion_end_of_term"] == "Complete"
    assert by_id.loc["EXL0008", "did_it_open_government_overall"] == "Did Not Change"
    assert _values(by_id.loc["EXL0008", [
        "ogp_value_access_to_information", "ogp_value_civic_participation",
        "ogp_value_public_accountability", "ogp_value_technology",
        "policy_area_open_data", "policy_area_public_service_delivery",
    ]]) == [True, False, False, True, True, False]
    assert _values(by_id.loc["EXL0003", [
        "ogp_value_access_to_information", "ogp_value_civic_participation",
        "ogp_value_public_accountability",
    ]]) == [True, True, False]
    assert by_id.loc["EXN0001", "tags"] == "open data; fiscal openness"
    assert pd.isna(by_id.loc["EXN0003", "tags"])
    assert pd.isna(by_id.loc["EXL0006", "policy_area_public_service_delivery"])  # ND
    assert by_id.loc["EXN0009", "potential_for_results"] == "Substantial"
    assert by_id.loc["EXL0010", "early_results"] == "No notable results"
    assert _values(by_id["verifiable"]).count(True) == 2

    # Ordered categoricals compare as the IRM orders them.
    done = df.loc[df["completion_end_of_term"] >= "Substantial", "commitment_id"]
    assert set(done) == {"EXN0001", "EXN0002", "EXN0003", "EXN0004", "EXN0005", "EXN0006",
                         "EXN0009", "EXL0003", "EXL0004", "EXL0005", "EXL0007", "EXL0008",
                         "EXL0011"}
    assert df["did_it_open_government_overall"].max() == "Outstanding"
    assert df["did_it_open_government_overall"].min() == "Worsened"


def test_computed_stars_agree_with_the_exports_own_star_columns(
    commitments: pd.DataFrame,
) -> None:
    df = commitments
    assert _values(df["starred_progress"]) == _values(df["ogp_starred_progress"])
    assert _values(df["starred_end_of_term"]) == _values(df["ogp_starred_end_of_term"])
    # The fixture exercises every outcome, including open stars, at both stages.
    for column in ("starred_progress", "starred_end_of_term"):
        assert set(_values(df[column])) == {True, False, None}


def test_stars_under_the_2014_formula(commitments: pd.DataFrame) -> None:
    progress = compute_stars(commitments, completion="completion_progress_report",
                             formula="2014")
    end = compute_stars(commitments, formula="2014")
    got = dict(zip(commitments["commitment_id"],
                   zip(_values(progress), _values(end), strict=True), strict=True))
    assert got == STARS_2014


@pytest.mark.parametrize("stage", ["progress_report", "end_of_term"])
@pytest.mark.parametrize("formula", ["current", "2014"])
def test_explain_commitment_matches_the_vectorised_star(
    commitments: pd.DataFrame, stage: Any, formula: Any
) -> None:
    stars = compute_stars(commitments, completion=f"completion_{stage}", formula=formula)
    for (_, row), star in zip(commitments.iterrows(), _values(stars), strict=True):
        assert explain_commitment(row, stage=stage, formula=formula).starred is star


def test_explain_commitment_reports_withdrawn_and_codes(commitments: pd.DataFrame) -> None:
    by_id = commitments.set_index("commitment_id", drop=False)
    withdrawn = explain_commitment(by_id.loc["EXN0007"])
    assert withdrawn.failed == (StarCriterion.COMPLETION,)
    assert withdrawn.reasons == ("Completion is Withdrawn; a star needs Substantial or Complete.",)
    not_reviewed = explain_commitment(by_id.loc["EXL0004"], stage="progress_report")
    assert not_reviewed.starred is None
    assert not_reviewed.reasons == ("Potential impact is not known (NR).",)
    technology = explain_commitment(by_id.loc["EXN0004"])
    assert technology.failed == (StarCriterion.RELEVANCE,)
    assert "alone does not count" in technology.reasons[0]
    with pytest.raises(IRMError):
        explain_commitment(by_id.loc["EXN0004"], stage="midterm")  # type: ignore[arg-type]


def test_missing_values_keep_their_reason(commitments: pd.DataFrame) -> None:
    df = commitments
    status_columns = [c for c in df.columns if c.endswith("_status")]
    assert "commitment_id_status" not in status_columns
    assert "tags_status" not in status_columns
    for column in status_columns:
        value = df[column.removesuffix("_status")]
        assert df[column].dtype == pd.CategoricalDtype(list(STATUS_CATEGORIES))
        # The status says why exactly where the value is missing.
        assert (value.isna() == df[column].notna()).all(), column

    by_id = df.set_index("commitment_id")
    assert by_id.loc["EXL0003", "specificity_status"] == "ND"
    assert by_id.loc["EXL0004", "potential_impact_status"] == "NR"
    assert by_id.loc["EXN0009", "specificity_status"] == "NA"
    assert by_id.loc["EXL0006", "completion_end_of_term_status"] == "NR"
    assert by_id.loc["EXL0001", "completion_end_of_term_status"] == "blank"
    assert by_id.loc["EXL0002", "completion_end_of_term_status"] == "ND"
    assert by_id.loc["EXL0005", "ogp_value_access_to_information_status"] == "NA"
    assert by_id.loc["EXL0006", "ogp_value_civic_participation_status"] == "ND"
    assert by_id.loc["EXN0007", "completion_end_of_term_status"] == "Withdrawn"
    assert by_id.loc["EXN0008", "completion_progress_report_status"] == "No Evidence Available"
    assert by_id.loc["EXN0008", "completion_end_of_term_status"] == "Unclear"
    assert by_id.loc["EXN0007", "did_it_open_government_overall_status"] == "Not Applicable"
    assert by_id.loc["EXL0007", "specificity_status"] == "invalid"
    assert pd.isna(by_id.loc["EXN0001", "specificity_status"])


def test_unknown_cells_become_missing_with_a_warning(commitments: pd.DataFrame) -> None:
    warnings = commitments.attrs["warnings"]
    assert len(warnings) == 1
    (warning,) = warnings
    assert (warning.row, warning.commitment_id, warning.column, warning.value) == (
        17, "EXL0007", "Specificity", "Very High",
    )
    assert "Specificity" in warning.message
    assert commitments.attrs["source"] == str(FIXTURE)
    assert commitments.attrs["headers"]["completion_end_of_term"] == "Completion (End Of Term)"


def test_xlsx_export_reads_like_the_csv(tmp_path: Path, commitments: pd.DataFrame) -> None:
    target = tmp_path / "commitments.xlsx"
    _write_xlsx(FIXTURE, target)
    from_xlsx = read_ogp_commitments(target)
    pd.testing.assert_frame_equal(from_xlsx, commitments)
    assert from_xlsx.attrs["warnings"] == commitments.attrs["warnings"]
    assert from_xlsx.attrs["source"] == str(target)


def _rewrite(tmp_path: Path, edit: Any, name: str = "export.csv") -> Path:
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    frame = edit(frame)
    target = tmp_path / name
    frame.to_csv(target, index=False)
    return target


def test_headers_match_whatever_their_case_and_spacing(tmp_path: Path,
                                                       commitments: pd.DataFrame) -> None:
    target = _rewrite(tmp_path, lambda f: f.rename(columns=lambda h: f"  {h.upper()} "))
    renamed = read_ogp_commitments(target)
    assert list(renamed.columns) == list(commitments.columns)
    assert _values(renamed["starred_end_of_term"]) == _values(commitments["starred_end_of_term"])


def test_a_missing_column_names_the_file_the_column_and_the_fix(tmp_path: Path) -> None:
    target = _rewrite(tmp_path, lambda f: f.drop(columns=["Completion (End Of Term)"]))
    with pytest.raises(InputError) as info:
        read_ogp_commitments(target)
    error = info.value
    assert error.file == str(target) and error.line == 1
    assert "'Completion (End Of Term)'" in error.message
    assert error.fix is not None and "rename" in error.fix
    assert "Completion (End Of Term)" in error.fix
    assert str(target) in str(error)

    target = _rewrite(
        tmp_path,
        lambda f: f.drop(columns=["Commitment Unique Identifier", "OGP Value Technology"]),
    )
    with pytest.raises(InputError, match="columns 'Commitment Unique Identifier', 'OGP Value"):
        read_ogp_commitments(target)


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    optional = ["Verifiable", "Open Government Lens", "Starred (Progress Report)",
                "Starred (End Of Term)", "Did It Open Government (Access To Information)",
                "Policy Area: Open Data", "Policy Area: Public Service Delivery", "Tags"]
    df = read_ogp_commitments(_rewrite(tmp_path, lambda f: f.drop(columns=optional)))
    assert not {"verifiable", "ogp_starred_progress", "tags", "policy_area_open_data"} & set(
        df.columns
    )
    assert df["starred_progress"].notna().sum() == 12


def test_bad_identifiers_and_cells_are_reported_not_fatal(tmp_path: Path) -> None:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[1, "Commitment Unique Identifier"] = ""
        frame.loc[3, "Commitment Unique Identifier"] = "EXN0001"
        frame.loc[4, "OGP Value Civic Participation"] = "Maybe"
        frame.loc[5, "Action Plan End Year"] = "2016/17"
        frame.loc[6, "National Or Local"] = "Regional"
        return frame

    df = read_ogp_commitments(_rewrite(tmp_path, edit))
    assert len(df) == 19
    found = [(w.row, w.commitment_id, w.column, w.value) for w in df.attrs["warnings"]]
    assert found == [
        (3, None, "Commitment Unique Identifier", ""),
        (5, "EXN0001", "Commitment Unique Identifier", "EXN0001"),
        (6, "EXN0005", "OGP Value Civic Participation", "Maybe"),
        (7, "EXN0006", "Action Plan End Year", "2016/17"),
        (8, "EXN0007", "National Or Local", "Regional"),
        (17, "EXL0007", "Specificity", "Very High"),
    ]
    row = df.set_index("source_row").loc[6]
    assert pd.isna(row["ogp_value_civic_participation"])
    assert row["ogp_value_civic_participation_status"] == "invalid"
    # EXN0005's star rested on civic participation alone: now it is open.
    assert pd.isna(row["starred_end_of_term"])


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("missing.csv", None, "does not exist"),
        ("export.json", "{}", "'.json' files"),
        ("empty.csv", "", "empty"),
        ("broken.xlsx", "not a zip file", "cannot be read"),
    ],
)
def test_unusable_files_raise_input_errors(
    tmp_path: Path, name: str, content: str | None, match: str
) -> None:
    target = tmp_path / name
    if content is not None:
        target.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match) as info:
        read_ogp_commitments(target)
    assert info.value.file == str(target) and info.value.fix


def test_a_large_export_is_read_quickly(tmp_path: Path) -> None:
    def repeat(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame["Commitment Unique Identifier"] != ""]
        big = pd.concat([frame] * 250, ignore_index=True)
        big["Commitment Unique Identifier"] = [f"X{i:05d}" for i in range(len(big))]
        return big

    import time

    target = _rewrite(tmp_path, repeat)
    start = time.perf_counter()
    df = read_ogp_commitments(target)
    elapsed = time.perf_counter() - start
    assert len(df) == 5000
    assert df["starred_end_of_term"].sum() == 3 * 250
    assert elapsed < 10  # a row loop with per-cell parsing takes far longer at this size
