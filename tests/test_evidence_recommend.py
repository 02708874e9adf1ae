"""Recommendations derived from the evidence of the hand-built city."""

from __future__ import annotations

import numpy as np
import pytest
from evidence_city import END, START, city, sao0005, sao0005_assessment

from labmetrics import config, evidence
from labmetrics.commitment import read_assessment
from labmetrics.dataset import LabData
from labmetrics.irm import Completion

N = Completion.NOT_STARTED


@pytest.fixture(scope="module")
def commitment():
    return sao0005()


@pytest.fixture(scope="module")
def ev(commitment) -> evidence.CommitmentEvidence:
    return evidence.assess(city(), commitment, START, END, sao0005_assessment())


def test_recommendations_single_out_labprodam_as_least_used(ev) -> None:
    recs = evidence.recommendations(ev)
    lab = [r for r in recs if "least_developed_lab" in r.key]
    assert len(lab) == 1 and lab[0].space_id == "labprodam"
    v = lab[0].values
    assert (v["lab"], v["hours"].value, v["partners"].value) == ("LabProdam", 1.5, 1)
    assert (v["best_lab"], v["best_hours"].value, v["best_partners"].value) == ("MobiLab", 10, 2)
    assert lab[0].text("en").startswith("LabProdam is the least developed of the commitment's "
                                        "labs in the period (hours of use: 1.5 h; network "
                                        "partners: 1), against MobiLab (hours of use: 10 h;")
    assert "(horas de uso: 1,5 h; parceiros da rede: 1)" in lab[0].text("pt-BR")
    assert "horas de uso: 10 h; parceiros da rede: 2" in lab[0].text("pt-BR")


def test_the_lab_to_follow_is_the_one_the_assessment_names_and_a_difference_is_said(ev) -> None:
    # The city's busiest lab is MobiLab; the IRM's recommendation 1 names Pátio Digital.
    lab = next(r for r in evidence.recommendations(ev) if "least_developed_lab" in r.key)
    assert lab.key == "evidence.recommendations.least_developed_lab_model_differs"
    en, pt = lab.text("en"), lab.text("pt-BR")
    assert "The assessment, however, names Pátio Digital, not MobiLab, as the model to " \
        "follow (its recommendation 1)" in en
    assert en.endswith("bring Pátio Digital's experience to LabProdam and invite the network's "
                       "groups there.")
    assert "Bring MobiLab's experience" not in en
    assert "A avaliação, porém, aponta o Pátio Digital, e não o MobiLab" in pt
    assert "leve a experiência do Pátio Digital ao LabProdam" in pt


def _assessed(assessment) -> evidence.CommitmentEvidence:
    return evidence.assess(city(), sao0005(), START, END, assessment)


def test_when_the_assessment_names_the_busiest_lab_the_advice_cites_it(tmp_path) -> None:
    text = (config.COMMITMENTS_DIR / "SAO0005-assessment.yaml").read_text(encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(text.replace("model_lab: Pátio Digital", "model_lab: MobiLab"),
                    encoding="utf-8")
    lab = next(r for r in evidence.recommendations(_assessed(read_assessment(path)))
               if "least_developed_lab" in r.key)
    assert lab.key == "evidence.recommendations.least_developed_lab_model"
    assert "Bring MobiLab's experience to LabProdam, as the assessment recommends (its " \
        "recommendation 1)" in lab.text("en")


def test_without_an_assessment_the_busiest_lab_is_advised(commitment) -> None:
    lab = next(r for r in evidence.recommendations(evidence.assess(city(), commitment, START,
                                                                   END))
               if "least_developed_lab" in r.key)
    assert lab.key == "evidence.recommendations.least_developed_lab"
    assert "Bring MobiLab's experience to LabProdam" in lab.text("en")


def test_recommendations_name_the_little_used_spaces(ev) -> None:
    little = [r for r in evidence.recommendations(ev) if r.key.endswith("space_little_used")]
    # Median of 1.5, 3.5, 10 and 10 hours is 6.75; a quarter of it is 1.6875.
    assert [r.space_id for r in little] == ["labprodam"]
    assert little[0].values["median"].value == 6.75
    assert "menos de 25% da mediana" in little[0].text("pt-BR")


def test_recommendations_give_each_milestone_gap(ev) -> None:
    gaps = [r for r in evidence.recommendations(ev) if r.key.endswith("milestone_behind")]
    first = [(r.values["indicator"], r.values["gap"].size) for r in gaps if r.milestone == 1]
    assert first == [("groups_mapped", 46.0), ("network_partners", 8.0)]
    text = gaps[0].text("en")
    assert text.startswith("Milestone 1 (Collaborative mapping and a public network of "
                           "partners) stands at Limited. To reach Substantial, Groups mapped")
    assert "a gap of 46" in text


def test_nothing_happened_is_not_started_and_a_strict_threshold_states_no_gap(commitment) -> None:
    empty = evidence.assess(LabData.from_frames(), commitment, START, END)
    assert empty.computed is N and empty.spaces.empty
    recs = {r.milestone: r for r in evidence.recommendations(empty)}
    assert recs[1].text("en").endswith("Groups mapped must be ≥ 1; it is 0, a gap of 1.")
    assert recs[2].key == "evidence.recommendations.milestone_behind_at_threshold"
    assert recs[2].text("en").endswith("Hours of coworking must be > 0 h; it is 0 h.")


def test_a_share_gap_is_in_points_and_adds_up_as_written() -> None:
    # 0.625 shows as 63%; the gap to 70% is written as the difference of what is shown.
    gap = evidence.Gap(0.625, 0.7, "share")
    assert (gap.size, evidence.format_value(0.625, "share", "en")) == (7.0, "63%")
    assert evidence.format_gap(0.625, 0.7, "share", "en") == "7 pp"
    assert evidence.format_gap(0.625, 0.7, "share", "pt-BR") == "7 p.p."
    for value in np.linspace(0.0, 0.7, 141):
        written = int(evidence.format_value(value, "share", "en").rstrip("%"))
        assert written + evidence.Gap(value, 0.7, "share").size == 70
