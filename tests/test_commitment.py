"""The commitment and assessment files: the bundled SAO0005 files, and broken files refused."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from labmetrics import config
from labmetrics.commitment import (
    Condition,
    Counting,
    SpaceFilter,
    check_assessment,
    find_commitment_files,
    read_assessment,
    read_commitment,
)
from labmetrics.errors import ConfigError
from labmetrics.indicators import INDICATORS
from labmetrics.irm import (
    Ambition,
    Completion,
    DidItOpenGovernment,
    OGPValue,
    PotentialImpact,
    Specificity,
    Verifiable,
)

COMMITMENT = config.COMMITMENTS_DIR / "SAO0005.yaml"
ASSESSMENT = config.COMMITMENTS_DIR / "SAO0005-assessment.yaml"
OGP_URL = "https://www.opengovpartnership.org/members/sao-paulo-brazil/commitments/SAO0005/"
IRM_URL = "https://docslib.org/doc/4724198/irm-s%C3%A3o-paulo-brazil-progress-report-2017"


def _variant(tmp_path: Path, source: Path, old: str, new: str, name: str | None = None) -> Path:
    """A copy of a bundled file with ``old`` replaced by ``new`` (which must be there once)."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {source.name}"
    path = tmp_path / (name or source.name)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


# --- the bundled files -----------------------------------------------------------------------


def test_bundled_commitment_holds_sao0005_with_three_milestones() -> None:
    c = read_commitment(COMMITMENT)
    assert c.id == "SAO0005"
    assert [m.number for m in c.milestones] == [1, 2, 3]
    assert c.title.text("en").startswith("Innovation: strengthen the network")
    assert "rede de laboratórios" in c.text.text("pt-BR")
    assert c.sources["ogp_page"].url == OGP_URL
    assert "IRM" in c.sources["irm_2017"].title.text("en")
    assert [i.name.split(" – ")[0] for i in c.lead] == ["LabProdam", "SMIT"]
    assert [i.name.split(" – ")[0] for i in c.supporting] == [
        "MobiLab", "Fórum de Gestão Compartilhada (OGP São Paulo)"]
    # The bodies the IRM names beside those of OGP's page, each citing the IRM's report.
    assert [i.name.split(" – ")[0] for i in c.involved] == ["SMRI", "SME", "CGM"]
    assert "São Paulo Aberta" in c.involved[0].name
    assert "marco 1" in c.involved[0].role.text("pt-BR")
    assert all("irm_2017" in i.sources for i in c.involved)
    assert c.lead[0].sources == ("ogp_page", "irm_2017")
    assert c.sources["irm_2017"].url == IRM_URL
    assert c.action_plan.adopted == 2016
    assert str(c.action_plan.reformulated) == "2017-06-08"
    assert dict(c.labs) == {"LabProdam": "labprodam", "MobiLab": "mobilab",
                            "Pátio Digital": "patio-digital"}


def test_bundled_milestones_use_registered_indicators_and_every_level() -> None:
    c = read_commitment(COMMITMENT)
    for m in c.milestones:
        assert set(m.indicators) <= set(INDICATORS)
        assert list(m.rules) == [Completion.COMPLETE, Completion.SUBSTANTIAL,
                                 Completion.LIMITED]
    complete_1 = c.milestone(1).rules[Completion.COMPLETE]
    assert Condition("groups_mapped", ">=", 100.0) in complete_1
    assert Condition("network_partners", ">=", 30.0) in complete_1
    assert Condition("mapping_contributors", ">=", 3.0) in complete_1
    assert c.milestone(2).rules[Completion.LIMITED] == (Condition("coworking_hours", ">", 0.0),)


def test_bundled_assessment_holds_the_irm_ratings() -> None:
    a = read_assessment(ASSESSMENT)
    assert a.commitment_id == "SAO0005"
    assert a.specificity.value is Specificity.MEDIUM
    assert a.relevant_values == (OGPValue.CIVIC_PARTICIPATION, OGPValue.TECHNOLOGY_AND_INNOVATION)
    assert a.relevance[OGPValue.ACCESS_TO_INFORMATION].relevant is False
    assert a.potential_impact.value is PotentialImpact.MINOR
    assert a.did_it_open_government.value is DidItOpenGovernment.MARGINAL
    assert dict(a.did_it_open_government_by_value).keys() == {OGPValue.CIVIC_PARTICIPATION}
    assert a.did_it_open_government_by_value[OGPValue.CIVIC_PARTICIPATION].value \
        is DidItOpenGovernment.MARGINAL
    override = a.completion_override
    assert override.value is Completion.LIMITED
    assert override.stage == "end_of_term"
    assert "IRM" in override.reason.text("en") and "IRM" in override.reason.text("pt-BR")
    assert override.sources == ("irm_2017", "ogp_page")
    assert a.sources["irm_2017"].url == IRM_URL
    assert a.sources["ogp_page"].url == OGP_URL
    assert a.sources["irm_2017"].cite("en") == "IRM report, São Paulo 2017"
    assert a.specificity.sources == ("irm_2017",)
    assert a.assessor.text("pt-BR").startswith("Mecanismo Independente de Avaliação (IRM)")
    assert a.assessor.text("en").startswith("Independent Reporting Mechanism (IRM)")
    assert (a.verifiable.value, a.verifiable.sources) == (Verifiable.YES, ("ogp_page",))
    assert (a.ambition.value, a.ambition.sources) == (Ambition.LOW, ("ogp_page",))
    # What the IRM did not say is labmetrics' inference, kept apart from its rationale.
    ati = a.relevance[OGPValue.ACCESS_TO_INFORMATION]
    assert "neither open nor publish" not in ati.rationale.text("en")
    assert "open or publish information" in ati.inference.text("en")
    assert a.relevance[OGPValue.CIVIC_PARTICIPATION].inference is None


def test_bundled_assessment_holds_the_irm_recommendations() -> None:
    a = read_assessment(ASSESSMENT)
    assert [r.number for r in a.recommendations] == [1, 2, 3]
    first, second, third = a.recommendations
    assert "Open INFO" in first.text.text("en") and "Open INFO" in first.text.text("pt-BR")
    assert "Pátio Digital" in first.text.text("pt-BR")
    assert first.model_lab == "Pátio Digital" and a.model_recommendation is first
    assert "São Paulo Aberta" in second.text.text("en") and "SMIT" in second.text.text("en")
    assert "Fórum de Gestão Compartilhada" in second.text.text("pt-BR")
    assert "OGP" in third.text.text("pt-BR") and "subnational" in third.text.text("en")
    assert all(r.sources == ("irm_2017", "ogp_page") for r in a.recommendations)
    assert first.line == _line_of(ASSESSMENT, "model_lab: Pátio Digital")
    check_assessment(read_commitment(COMMITMENT), a)


def test_a_proper_name_serves_as_the_assessor_in_every_language(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    start, end = text.index("assessor:\n"), text.index("\nsources:\n")
    path = tmp_path / "a.yaml"
    path.write_text(text[:start] + 'assessor: "Fórum de Gestão Compartilhada"\n' + text[end:],
                    encoding="utf-8")
    a = read_assessment(path)
    assert a.assessor.text("pt-BR") == a.assessor.text("en") == "Fórum de Gestão Compartilhada"


def test_texts_answer_in_each_language_and_fall_back_to_the_first() -> None:
    a = read_assessment(ASSESSMENT)
    rationale = a.specificity.rationale
    assert rationale.text("pt-BR").startswith("O compromisso descreve")
    assert rationale.text("en").startswith("The commitment describes")
    assert str(rationale) == rationale.text(config.DEFAULT_LANG)
    # Not written in Spanish: the file's first language, marked as such on a page.
    assert rationale.lang("es") == "pt-BR"
    assert rationale.text("es") == rationale.text("pt-BR")
    assert str(rationale.html("es")).startswith('<span lang="pt-BR">O compromisso descreve')
    assert "<span" not in str(rationale.html("en"))


@pytest.mark.parametrize(
    ("op", "threshold", "actual", "holds"),
    [(">=", 100, 100, True), (">=", 100, 99, False), (">", 0, 0, False), (">", 0, 0.5, True),
     ("<=", 3, 3, True), ("<", 3, 3, False), ("==", 2, 2, True), (">=", 0.5, math.nan, False),
     (">=", 1, None, False)],
)
def test_a_condition_holds_on_its_boundary_and_never_without_data(op, threshold, actual,
                                                                  holds) -> None:
    assert Condition("groups_mapped", op, float(threshold)).holds(actual) is holds


def test_the_gap_is_the_distance_to_the_threshold() -> None:
    c = Condition("groups_mapped", ">=", 100.0)
    assert c.gap(60) == 40.0
    assert c.gap(120) == 0.0
    assert c.gap(math.nan) is None


# --- finding the files -----------------------------------------------------------------------


def test_find_commitment_files_finds_both_bundled_files() -> None:
    files = find_commitment_files("SAO0005")
    assert files.commitment == COMMITMENT
    assert files.assessment == ASSESSMENT


def test_find_commitment_files_without_assessment_and_unknown_ids(tmp_path: Path) -> None:
    (tmp_path / "SAO0001.yaml").write_text("id: SAO0001\n", encoding="utf-8")
    files = find_commitment_files("SAO0001", tmp_path)
    assert files.assessment is None
    with pytest.raises(ConfigError, match=r"no commitment file for 'SAO0009'.*use one of SAO0001"):
        find_commitment_files("SAO0009", tmp_path)
    with pytest.raises(ConfigError, match="not a commitment id"):
        find_commitment_files("../SAO0005", tmp_path)


# --- broken commitment files -----------------------------------------------------------------


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "id: SAO0005\n", "id: SAO0005\ntitle: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML") as err:
        read_commitment(path)
    assert err.value.file == str(path)
    assert err.value.line is not None and err.value.line > _line_of(path, "title: [unclosed")


def test_an_unknown_indicator_is_refused_with_key_path_line_and_the_known_ids(
        tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "      - groups_mapped_in_period\n",
                    "      - groups_mapd_in_period\n")
    with pytest.raises(ConfigError) as err:
        read_commitment(path)
    text = str(err.value)
    assert "milestones[0].indicators[1]: unknown indicator 'groups_mapd_in_period'" in text
    assert "groups_mapped_in_period" in err.value.fix
    assert err.value.line == _line_of(path, "groups_mapd_in_period")


def test_an_unknown_level_name_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "      substantial:\n        - {indicator: groups_mapped",
                    "      nearly_there:\n        - {indicator: groups_mapped")
    with pytest.raises(ConfigError, match=r"milestones\[0\]\.completion\.nearly_there: "
                       "'nearly_there' is not a level") as err:
        read_commitment(path)
    assert "'Substantial'" in err.value.fix


def test_not_started_takes_no_conditions(tmp_path: Path) -> None:
    limited = '      limited:\n        - {indicator: groups_mapped, op: ">=", value: 1}'
    path = _variant(tmp_path, COMMITMENT, limited, limited + "\n      not_started:\n"
                    '        - {indicator: groups_mapped, op: "==", value: 0}')
    with pytest.raises(ConfigError, match="'not_started' takes no conditions"):
        read_commitment(path)


def test_a_threshold_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT,
                    "{indicator: groups_mapped, op: \">=\", value: 100}",
                    "{indicator: groups_mapped, op: \">=\", value: \"100 groups\"}")
    with pytest.raises(ConfigError) as err:
        read_commitment(path)
    assert "milestones[0].completion.complete[0].value: the threshold '100 groups' " \
        "is not a number" in str(err.value)
    assert err.value.line == _line_of(path, "100 groups")


def test_a_share_threshold_above_one_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "{indicator: osi_licence_share, op: \">=\", value: 0.8}",
                    "{indicator: osi_licence_share, op: \">=\", value: 80}")
    with pytest.raises(ConfigError, match="is a share, but the threshold is 80") as err:
        read_commitment(path)
    assert "0.5 for 50%" in err.value.fix


def test_a_text_in_any_one_language_is_read_and_an_empty_one_refused(tmp_path: Path) -> None:
    english = ('  en: "Innovation: strengthen the network of São Paulo City Hall\'s '
               'innovation spaces and labs"\n')
    alone = read_commitment(_variant(tmp_path, COMMITMENT, english, "  es: \"Innovación\"\n"))
    assert dict(alone.title.by_lang) == {
        "pt-BR": "Inovação: fortalecer a rede de espaços e laboratórios de inovação da "
                 "Prefeitura de São Paulo", "es": "Innovación"}
    path = _variant(tmp_path, COMMITMENT, english, '  en: " "\n')
    with pytest.raises(ConfigError, match=r"title\.en: the text in 'en' is missing") as err:
        read_commitment(path)
    assert err.value.line == _line_of(path, '  en: " "')
    path = _variant(tmp_path, COMMITMENT, english, '  English: "Innovation"\n')
    with pytest.raises(ConfigError, match="'English' is not a language tag"):
        read_commitment(path)


def test_an_unknown_key_is_refused_with_the_allowed_ones(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "\nlabs:\n", "\nlabz:\n")
    with pytest.raises(ConfigError, match="unknown key 'labz'") as err:
        read_commitment(path)
    assert "labs" in err.value.fix


def test_a_condition_on_an_indicator_outside_the_milestone_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "{indicator: groups_mapped, op: \">=\", value: 1}",
                    "{indicator: usage_hours, op: \">=\", value: 1}")
    with pytest.raises(ConfigError, match="'usage_hours' is not among this milestone's"):
        read_commitment(path)


@pytest.mark.parametrize(
    ("condition", "message"),
    [('{indicator: [groups_mapped], op: ">=", value: 1}',
      r"limited\[0\]\.indicator: unknown indicator '\['groups_mapped'\]'"),
     ("{indicator: groups_mapped, op: [gt], value: 1}",
      r"limited\[0\]\.op: '\['gt'\]' is not a comparison")],
)
def test_a_condition_written_as_a_list_is_refused_with_its_line(tmp_path: Path, condition: str,
                                                                message: str) -> None:
    path = _variant(tmp_path, COMMITMENT, "{indicator: groups_mapped, op: \">=\", value: 1}",
                    condition)
    with pytest.raises(ConfigError, match=message) as err:
        read_commitment(path)
    assert err.value.line == _line_of(path, condition)


def test_any_milestone_may_use_any_indicator(tmp_path: Path) -> None:
    # network_partners also evidences milestone 1: the registry binds no milestone.
    path = _variant(tmp_path, COMMITMENT, "      - coworking_seats\n",
                    "      - coworking_seats\n      - network_partners\n")
    c = read_commitment(path)
    assert "network_partners" in c.milestone(1).indicators
    assert "network_partners" in c.milestone(2).indicators


def test_a_higher_level_asking_less_than_a_lower_one_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "{indicator: groups_mapped, op: \">=\", value: 50}",
                    "{indicator: groups_mapped, op: \">=\", value: 500}")
    with pytest.raises(ConfigError, match="'Complete' asks groups_mapped >= 100, less than "
                       "'Substantial'"):
        read_commitment(path)


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "id: SAO0005\n", "id: SAO0005\nid: SAO0006\n")
    with pytest.raises(ConfigError, match="id: the key is written twice") as err:
        read_commitment(path)
    assert err.value.line == _line_of(path, "SAO0006")


def test_empty_and_missing_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="the commitment file is empty"):
        read_commitment(empty)
    with pytest.raises(ConfigError, match="the assessment file does not exist"):
        read_assessment(tmp_path / "absent.yaml")


# --- broken assessment files -----------------------------------------------------------------


def test_an_override_without_a_reason_is_refused(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    head, _, _ = text.partition("\ncompletion:\n")
    path = tmp_path / "a.yaml"
    path.write_text(head + "\ncompletion:\n  value: limited\n  sources: [irm_2017]\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="completion: a completion stated beside the computed "
                       "one needs a reason") as err:
        read_assessment(path)
    assert err.value.line == _line_of(path, "completion:")


def test_a_rating_off_its_scale_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, ASSESSMENT, "specificity:\n  value: medium",
                    "specificity:\n  value: moderate")
    with pytest.raises(ConfigError, match=r"specificity\.value: 'moderate' is not a level") as err:
        read_assessment(path)
    assert "'Medium'" in err.value.fix


def test_an_unknown_source_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, ASSESSMENT, "  sources: [irm_2017]\n\nrelevance:",
                    "  sources: [irm_2019]\n\nrelevance:")
    with pytest.raises(ConfigError, match=r"specificity\.sources\[0\]: the source 'irm_2019'"):
        read_assessment(path)


def test_every_ogp_value_must_be_judged(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    start = text.index("  public_accountability:")
    end = text.index("  technology_and_innovation:")
    path = tmp_path / "a.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError, match="relevance: no judgment on 'public_accountability'"):
        read_assessment(path)


def test_did_it_open_government_only_for_relevant_values(tmp_path: Path) -> None:
    path = _variant(tmp_path, ASSESSMENT, "  by_value:\n    civic_participation:",
                    "  by_value:\n    public_accountability:")
    with pytest.raises(ConfigError, match="'Public Accountability' is judged here but marked "
                       "not relevant"):
        read_assessment(path)


def test_the_labs_of_sao0005_are_spaces_of_the_bundled_sample() -> None:
    import csv

    with (config.SAMPLE_DIR / "spaces.csv").open(encoding="utf-8-sig", newline="") as fh:
        sample_spaces = {row["space_id"] for row in csv.DictReader(fh)}
    assert set(read_commitment(COMMITMENT).labs.values()) <= sample_spaces


def test_recommendations_out_of_order_are_refused_with_their_line(tmp_path: Path) -> None:
    path = _variant(tmp_path, ASSESSMENT, "  - number: 2\n", "  - number: 3\n")
    with pytest.raises(ConfigError, match=r"recommendations\[1\]\.number: recommendation 3 "
                       "is out of order") as err:
        read_assessment(path)
    assert err.value.line == _line_of(path, "  - number: 3")
    assert "number 2" in err.value.fix


def test_a_recommendation_with_an_empty_text_is_refused(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    start = text.index("      en: >-\n        Create more opportunities")
    end = text.index("    sources: [irm_2017, ogp_page]\n  - number: 2")
    path = tmp_path / "a.yaml"
    path.write_text(text[:start] + '      en: ""\n' + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError, match=r"recommendations\[0\]\.text\.en: the text in 'en' "
                       "is missing") as err:
        read_assessment(path)
    assert err.value.line == _line_of(path, '      en: ""')


def test_a_model_lab_the_commitment_does_not_name_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, ASSESSMENT, "model_lab: Pátio Digital", "model_lab: Patio")
    a = read_assessment(path)
    with pytest.raises(ConfigError, match=r"recommendations\[0\]\.model_lab: 'Patio' is not "
                       "a lab of commitment SAO0005") as err:
        check_assessment(read_commitment(COMMITMENT), a)
    assert str(err.value.file) == str(path) and err.value.line == _line_of(path, "model_lab:")
    assert "Pátio Digital" in err.value.fix


@pytest.mark.parametrize(("old", "new", "message"), [
    ("ambition:\n  value: low", "ambition:\n  value: middling",
     r"ambition\.value: 'middling' is not a level"),
    ('verifiable:\n  value: "yes"\n  sources: [ogp_page]',
     'verifiable:\n  value: "yes"\n  sources: [ogp_site]',
     r"verifiable\.sources\[0\]: the source 'ogp_site' is not listed"),
    ("    inference:\n      pt-BR: >-\n        Nenhum marco", "    inferred:\n      pt-BR: >-\n"
     "        Nenhum marco", r"relevance\.access_to_information\.inferred: unknown key"),
])
def test_broken_new_assessment_keys_are_refused_with_key_and_line(tmp_path: Path, old: str,
                                                                  new: str, message: str) -> None:
    path = _variant(tmp_path, ASSESSMENT, old, new)
    with pytest.raises(ConfigError, match=message) as err:
        read_assessment(path)
    assert str(err.value.file) == str(path) and err.value.line is not None


def test_an_institution_citing_an_unknown_source_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "      sources: [irm_2017]\n    - name: \"SME",
                    "      sources: [irm_2018]\n    - name: \"SME")
    with pytest.raises(ConfigError, match=r"institutions\.involved\[0\]\.sources\[0\]: the "
                       "source 'irm_2018'") as err:
        read_commitment(path)
    assert err.value.line == _line_of(path, "irm_2018")


def test_bundled_counting_says_which_spaces_and_partners_count() -> None:
    c = read_commitment(COMMITMENT)
    assert c.counts("network_partners") == Counting(spaces="all", inactive_partners=False)
    assert c.counts("spaces_with_partners") == Counting(spaces="labs", inactive_partners=False)
    for indicator in ("coworking_spaces", "coworking_seats", "coworking_hours",
                      "groups_using_spaces"):
        assert c.counts(indicator) == Counting(spaces="labs"), indicator
    # Not listed: every space and every partner.
    assert c.counts("joint_projects").is_default and c.counts("usage_hours").is_default


@pytest.mark.parametrize(("new", "message", "fix"), [
    ("  coworking_seats: {spaces: named}\n", "'named' is not a scope of spaces",
     "write labs"),
    ("  coworking_seatz: {spaces: labs}\n", "'coworking_seatz' is not an indicator",
     "coworking_seats"),
    ("  coworking_seats: {inactive_partners: no_way}\n", "expected true or false",
     "true or false"),
    ("  coworking_seats: {rooms: labs}\n", "unknown key 'rooms'", "spaces"),
    ("  coworking_seats: {spaces: []}\n", "the list of spaces is empty", "space ids"),
    ("  coworking_seats: {formats: [coworking]}\n", "not counted from the uses",
     "usage_hours, coworking_hours"),
    ("  usage_hours: {formats: [coworking, dancing]}\n", "'dancing' is not a format",
     "residency"),
    ("  usage_hours: {formats: [coworking, coworking]}\n", "listed twice", "once"),
    ("  usage_hours: {open_events: sometimes}\n", "expected true or false",
     "true or false"),
    ("  coworking_seats: {spaces: {kind: [maker_space]}}\n", "'maker_space' is not a kind",
     "innovation_lab"),
    ("  coworking_seats: {spaces: {kind: [hub], host: [SMT]}}\n", "by kind or by host",
     "{host: [...]}"),
    ("  coworking_seats: {spaces: {host: []}}\n", "list of hosts is empty", "each host"),
    ("  coworking_seats: {spaces: {district: [Sé]}}\n", "unknown key 'district'", "kind"),
])
def test_counting_is_checked_with_its_line_and_fix(tmp_path: Path, new: str, message: str,
                                                   fix: str) -> None:
    path = _variant(tmp_path, COMMITMENT, "  coworking_seats: {spaces: labs}\n", new)
    with pytest.raises(ConfigError, match=message) as err:
        read_commitment(path)
    assert err.value.line == _line_of(path, new.strip())
    assert fix in err.value.fix


def test_counting_names_spaces_formats_and_open_events(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "  coworking_hours: {spaces: labs}\n",
                    "  coworking_hours: {spaces: [mobilab, teia-mooca], formats: [coworking, "
                    "residency], open_events: false}\n")
    counts = read_commitment(path).counts("coworking_hours")
    assert counts == Counting(spaces=("mobilab", "teia-mooca"), formats=("coworking",
                              "residency"), open_events=False)
    assert not counts.is_default
    assert counts.space_ids({"MobiLab": "mobilab"}) == ["mobilab", "teia-mooca"]
    assert Counting(spaces="labs").space_ids({"MobiLab": "mobilab"}) == ["mobilab"]
    assert Counting().space_ids({"MobiLab": "mobilab"}) is None


def test_counting_chooses_spaces_by_kind_or_host(tmp_path: Path) -> None:
    path = _variant(tmp_path, COMMITMENT, "  coworking_hours: {spaces: labs}\n",
                    "  coworking_hours: {spaces: {host: [PRODAM, smt]}}\n")
    counts = read_commitment(path).counts("coworking_hours")
    assert counts == Counting(spaces=SpaceFilter("host", ("PRODAM", "smt")))
    table = {"labprodam": {"host": "PRODAM", "kind": "innovation_lab"},
             "mobilab": {"host": "SMT ", "kind": "innovation_lab"},
             "teia": {"host": "SMTE", "kind": "coworking"}, "x": {"host": None, "kind": "hub"}}
    assert counts.space_ids({}, table) == ["labprodam", "mobilab"]
    kinds = Counting(spaces=SpaceFilter("kind", ("coworking", "hub")))
    assert kinds.space_ids({}, table) == ["teia", "x"]
    assert kinds.space_ids({}, {}) == []


def test_counting_labs_needs_labs(tmp_path: Path) -> None:
    text = COMMITMENT.read_text(encoding="utf-8")
    labs = "labs:\n  LabProdam: labprodam\n  MobiLab: mobilab\n  Pátio Digital: patio-digital\n"
    assert text.count(labs) == 1
    path = tmp_path / "SAO0005.yaml"
    path.write_text(text.replace(labs, ""), encoding="utf-8")
    with pytest.raises(ConfigError, match="names none"):
        read_commitment(path)
