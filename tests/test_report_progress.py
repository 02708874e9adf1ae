"""The progress report's sections on a small city whose every figure is worked out by hand.

The city of 2017 (previous period: 2016), with the bundled SAO0005 files:

spaces  labprodam (events only), mobilab (coworking, 20 seats), patio-digital (coworking,
        30 seats, opened 2017-04-20)
groups  G1 youth_group  mapped 2016-05-01 by Equipe MobiLab, partner of mobilab since 2017-03
        G2 startup      mapped 2017-02-01 by Equipe MobiLab, partner of mobilab and
                        patio-digital since 2017-06
        G3 collective   mapped 2017-08-01 by Equipe Pátio, no partner
usage   2016-06-01 mobilab G1 coworking 4 h | 2017-03-10 mobilab G1 coworking 10 h |
        2017-05-10 patio-digital G2 coworking 6 h | 2017-09-10 labprodam G3 event 2 h
projects P1 mobilab, G1 G2, 2017-04-01 to 11-30, delivered, MIT, open data used and published,
         100 people | P2 patio-digital, G3, from 2017-09-01, active, no licence, 50 people

2017: groups mapped 3 (2 in the period), 2 contributors, 2 partners, 2 spaces with partners;
2 coworking spaces with 50 seats, 18 h of use of which 16 h coworking, 3 groups using; 2 joint
projects, 1 delivered, 3 partner groups, open-source / open data used / published 50 % each,
150 people. Every milestone reaches Limited and none Substantial (50 groups mapped, 2,000 h
of coworking and 5 joint projects are asked), so the commitment is Limited, as the IRM says.
2016: milestone 1 Limited (G1), 2 Limited (4 h), 3 Not Started (no project).
"""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from labmetrics import config
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.irm import (
    Completion,
    OGPValue,
    PotentialImpact,
    Specificity,
    explain_star,
    read_ogp_commitments,
)
from labmetrics.report import display, progress
from labmetrics.report.blocks import (
    Data,
    Definitions,
    Heading,
    Items,
    KeyFigures,
    Paragraph,
    charts,
    render,
    section_text,
    tables,
)

PREVIOUS = {"previous_period_start": "2016-01-01", "previous_period_end": "2016-12-31"}
CONTACTS = ("Ana Souza", "ana@example.org", "+55 11 90000-0001")


def make_frames() -> dict[str, pd.DataFrame]:
    spaces = pd.DataFrame({
        "space_id": ["labprodam", "mobilab", "patio-digital"],
        "name": ["LabProdam", "MobiLab", "Pátio Digital"],
        "host": ["PRODAM", "SMT", "SME"],
        "kind": ["innovation_lab", "innovation_lab", "hub"],
        "district": ["Barra Funda", "Sé", "Vila Mariana"],
        "seats": [None, 20, 30],
        "formats": ["event", "coworking;event", "coworking"],
        "opened_on": ["2014-09-15", "2014-06-02", "2017-04-20"],
    })
    groups = pd.DataFrame({
        "group_id": ["G1", "G2", "G3"],
        "name": ["Jovens Hackers", "Dados Já", "Coletivo Leste"],
        "kind": ["youth_group", "startup", "collective"],
        "district": ["Sé", "Pinheiros", "Itaim Paulista"],
        "contact_name": ["Ana Souza", "Bruno Lima", "Carla Dias"],
        "contact_email": ["ana@example.org", "bruno@example.org", "carla@example.org"],
        "contact_phone": ["+55 11 90000-0001", "+55 11 90000-0002", "+55 11 90000-0003"],
        "mapped_on": ["2016-05-01", "2017-02-01", "2017-08-01"],
        "mapped_by": ["Equipe MobiLab", "Equipe MobiLab", "Equipe Pátio"],
        "network_joined_on": ["2017-03-01", "2017-06-01", None],
        "partner_space_ids": ["mobilab", "mobilab;patio-digital", ""],
    })
    usage = pd.DataFrame.from_records([
        ("2016-06-01", "mobilab", "G1", "coworking", 4.0),
        ("2017-03-10", "mobilab", "G1", "coworking", 10.0),
        ("2017-05-10", "patio-digital", "G2", "coworking", 6.0),
        ("2017-09-10", "labprodam", "G3", "event", 2.0),
    ], columns=["date", "space_id", "group_id", "format", "hours"])
    projects = pd.DataFrame({
        "project_id": ["P1", "P2"],
        "title": ["Painel aberto", "Mapa leste"],
        "space_ids": ["mobilab", "patio-digital"],
        "partner_group_ids": ["G1;G2", "G3"],
        "started_on": ["2017-04-01", "2017-09-01"],
        "ended_on": ["2017-11-30", None],
        "status": ["delivered", "active"],
        "licence": ["MIT", None],
        "open_data_used": [True, False],
        "open_data_published": [True, False],
        "participants_reached": [100, 50],
    })
    return {"spaces": spaces, "groups": groups, "usage": usage, "projects": projects}


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(**make_frames())


@pytest.fixture(scope="module")
def report(data: LabData) -> progress.ProgressReport:
    return progress.prepare(data=data, **PREVIOUS)


@pytest.fixture(scope="module")
def alone(data: LabData) -> progress.ProgressReport:
    """The same period without previous period, assessment or OGP data."""
    from labmetrics import config

    return progress.prepare(data=data, commitment_path=config.COMMITMENTS_DIR / "SAO0005.yaml")


def _blocks(section, kind):
    return [b for b in section if isinstance(b, kind)]


# --- inputs ---------------------------------------------------------------------------

def test_prepare_computes_both_periods(report: progress.ProgressReport) -> None:
    assert [m.level for m in report.evidence.milestones] == [Completion.LIMITED] * 3
    assert report.evidence.computed is Completion.LIMITED
    assert [m.level for m in report.previous.milestones] == [
        Completion.LIMITED, Completion.LIMITED, Completion.NOT_STARTED]
    assert report.assessment.commitment_id == "SAO0005"
    assert report.ogp is not None and len(report.ogp) == 558  # the bundled OGP export


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"stage": "final"}, "stage 'final'"),
    ({"previous_period_start": "2016-01-01"}, "only one of its two dates"),
    ({"commitment": "SAO0001"}, "no commitment file for 'SAO0001'"),
])
def test_prepare_refuses_wrong_settings(data: LabData, kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        progress.prepare(data=data, **kwargs)


def test_prepare_refuses_the_file_of_another_commitment(data: LabData, tmp_path: Path) -> None:
    from labmetrics import config

    other = tmp_path / "SAO0009.yaml"
    other.write_text((config.COMMITMENTS_DIR / "SAO0005.yaml").read_text(encoding="utf-8"),
                     encoding="utf-8")
    with pytest.raises(ConfigError, match="holds commitment SAO0005, not SAO0009"):
        progress.prepare(data=data, commitment="SAO0009", commitment_path=other)


def test_save_evidence_writes_one_csv_per_indicator(report, tmp_path: Path) -> None:
    assert progress.save_evidence(report, None) == []
    written = progress.save_evidence(report, tmp_path / "data")
    assert len(written) == 17
    assert (tmp_path / "data" / "m1-groups_mapped.csv").is_file()
    text = "".join(p.read_text(encoding="utf-8") for p in written)
    assert not any(c in text for c in CONTACTS)


def test_save_evidence_on_two_cores_writes_the_same_files(report, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    # A forked copy writes about half of the rows: the same files, byte for byte, in the
    # same order, as written by the kernel alone; and the same again when the copy dies.
    from labmetrics.report import cores

    alone = progress.save_evidence(report, tmp_path / "alone", "pt-BR")
    monkeypatch.setenv(config.DRAW_PROCESSES_ENV, "2")
    shared = progress.save_evidence(report, tmp_path / "shared", "pt-BR")
    monkeypatch.setattr(cores, "_run_in_child", lambda work, write_end: os._exit(3))
    fallen = progress.save_evidence(report, tmp_path / "fallen", "pt-BR")
    assert [p.name for p in shared] == [p.name for p in fallen] == [p.name for p in alone]
    for a, b, c in zip(alone, shared, fallen, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == sorted(
        p.name for p in alone)  # no file left half written


# --- at a glance ----------------------------------------------------------------------

def test_ratings_table_in_english(report: progress.ProgressReport) -> None:
    table = progress.ratings_table(report, "en")
    assert list(table.columns) == ["Criterion", "Rating"]
    assert dict(zip(table["Criterion"], table["Rating"], strict=True)) == {
        "Verifiable (OGP page)": "Yes",
        "Specificity": "Medium",
        "Relevance: Access to Information": "No",
        "Relevance: Civic Participation": "Yes",
        "Relevance: Public Accountability": "No",
        "Relevance: Technology & Innovation for Transparency & Accountability": "Yes",
        "Potential impact": "Minor",
        "Ambition (OGP page)": "Low",
        "Completion computed from the evidence": "Limited",
        "Completion stated by the assessment (end of term)": "Limited",
        "Did it open government?": "Marginal",
        "Starred commitment": "No",
    }


def test_ratings_table_in_portuguese(report: progress.ProgressReport) -> None:
    table = progress.ratings_table(report, "pt-BR")
    ratings = dict(zip(table["Critério"], table["Avaliação"], strict=True))
    assert ratings["Especificidade"] == "Média"
    assert ratings["Impacto potencial"] == "Menor"
    assert ratings["Conclusão calculada a partir das evidências"] == "Limitada"
    assert ratings["Conclusão declarada pela avaliação (Relatório Final do Período)"] == "Limitada"
    assert ratings["Verificável (página da OGP)"] == "Sim"
    assert ratings["Ambição (página da OGP)"] == "Baixa"
    assert ratings["Contribuiu para abrir o governo?"] == "Marginal"
    assert ratings["Compromisso estrelado"] == "Não"


def test_at_a_glance_shows_both_completions_and_the_star(report) -> None:
    section = progress.build_at_a_glance(report, "en")
    levels = dict(_blocks(section, Definitions)[0].items)
    assert "Limited" in levels["Completion computed from the evidence"]
    assert "0 of 3 milestones complete" in levels["Completion computed from the evidence"]
    assert "end of term" in levels["Completion stated by the assessment"]
    text = section_text(section)
    # Both levels agree: no paragraph on a difference.
    assert "while the assessment states" not in text
    assert "With the completion stated by the assessment (Limited): not starred." in text
    assert "✗ Potential impact: Minor; a star needs Transformative." in text
    assert "✗ Completion: Limited; a star needs Substantial or Complete." in text
    assert "✓ Relevance: Civic Participation." in text
    assert "✓ Specificity: Medium." in text
    # The stated level's reason is the IRM's, marked and cited as such.
    reason = next(str(b.text) for b in _blocks(section, Paragraph)
                  if "The level the IRM published" in str(b.text))
    assert "attribution-assessor" in reason and "docslib.org/doc/4724198" in reason


def test_a_stated_level_unlike_the_computed_one_is_explained(report) -> None:
    a = report.assessment
    stated = dataclasses.replace(a, completion_override=dataclasses.replace(
        a.completion_override, value=Completion.SUBSTANTIAL, stage="midterm"))
    other = dataclasses.replace(report, assessment=stated, evidence=dataclasses.replace(
        report.evidence, assessment=stated))
    text = section_text(progress.build_at_a_glance(other, "pt-BR"))
    assert "As evidências situam a conclusão em Limitada, enquanto a avaliação declara " \
           "Substancial." in text
    assert "A conclusão da avaliação foi declarada na etapa Relatório Intermediário; este " \
           "relatório é da etapa Relatório Final do Período." in text
    assert "Com a conclusão declarada pela avaliação (Substancial): não estrelado." in text
    assert "✓ Conclusão: Substancial." in text
    assert "✗ Impacto potencial: Menor; a estrela exige Transformador." in text


def test_star_reasons_for_missing_ratings() -> None:
    result = explain_star(None, None, "ND", None)
    assert progress.star_reasons(result, "en") == [
        "? Specificity: not rated; a star needs Medium or High.",
        "? Relevance: not rated; a star needs Access to Information or Civic Participation "
        "or Public Accountability.",
        "? Potential impact: not rated; a star needs Transformative.",
        "? Completion: not rated; a star needs Substantial or Complete.",
    ]


def test_without_assessment_ratings_say_not_assessed(alone) -> None:
    assert alone.assessment is None
    table = progress.ratings_table(alone, "en")
    ratings = dict(zip(table["Criterion"], table["Rating"], strict=True))
    assert ratings["Specificity"] == "Not assessed"
    assert ratings["Relevance: Civic Participation"] == "Not known"
    assert ratings["Completion computed from the evidence"] == "Limited"
    assert ratings["Starred commitment"] == "Undecided"
    assert "No assessment was given" in section_text(progress.build_at_a_glance(alone, "en"))


# --- commitment and milestones --------------------------------------------------------

def test_commitment_lists_the_three_milestones(report) -> None:
    section = progress.build_commitment(report, "en")
    milestones = dict(_blocks(section, Definitions)[-1].items)
    assert list(milestones) == [
        "Milestone 1: Collaborative mapping and a public network of partners",
        "Milestone 2: Coworking spaces for the groups",
        "Milestone 3: Open-government projects with the groups, using open tools",
    ]


def test_commitment_names_the_institutions_as_the_irm_does(report) -> None:
    section = progress.build_commitment(report, "en")
    names = [name for b in _blocks(section, Definitions) for name, _ in b.items]
    for short in ("LabProdam – PRODAM", "SMIT", "MobiLab", "Fórum de Gestão Compartilhada",
                  "SMRI – Secretaria Municipal de Relações Internacionais / São Paulo Aberta",
                  "SME", "CGM – Controladoria Geral do Município"):
        assert any(n.startswith(short) for n in names), short
    roles = dict(_blocks(section, Definitions)[3].items)
    smri = next(v for k, v in roles.items() if k.startswith("SMRI"))
    assert "carried out milestone 1" in smri and "IRM report, São Paulo 2017" in smri


def test_commitment_shows_the_irm_review_of_its_design(report) -> None:
    text = html.unescape(section_text(progress.build_commitment(report, "en")))
    assert "The commitment's design, as the assessment reviewed it" in text
    assert "The value OGP's commitment page shows:" in text
    assert "Verifiable: Yes." in text and "Ambition: Low." in text
    assert "Specificity: Medium. The commitment describes activities that can be verified" \
        in text
    assert "Potential impact: Minor. Fully implemented as written" in text
    pt = section_text(progress.build_commitment(report, "pt-BR"))
    assert "Verificável: Sim." in pt and "Ambição: Baixa." in pt
    assert "A avaliação, em paráfrase:" in pt


def test_three_milestones_each_with_evidence(report) -> None:
    section = progress.build_milestones(report, "pt-BR")
    titles = [b.text for b in _blocks(section, Heading) if b.level == 3]
    assert titles == [
        "Marco 1: Mapeamento colaborativo e rede pública de parceiros",
        "Marco 2: Espaços de coworking para os grupos",
        "Marco 3: Projetos de governo aberto com os grupos, com ferramentas abertas",
    ]
    assert [c.name for c in charts(section)] == [
        "m1-progress", "m1-groups-by-kind", "m1-partners-per-space",
        "m2-progress", "m2-hours-per-space",
        "m3-progress", "m3-projects-by-status", "m3-projects-per-space"]
    assert [b.name for b in _blocks(section, Data)] == [
        "m1-conditions", "m2-conditions", "m3-conditions"]


def test_milestone_key_figures_and_change(report) -> None:
    figures = {k.label: (k.value, k.detail)
               for b in _blocks(progress.build_milestone(report, 2, "pt-BR"), KeyFigures)
               for k in b.items}
    assert figures["Horas de coworking"] == ("16 h", "+12 h desde o período anterior")
    assert figures["Espaços com coworking"] == ("2", "+1 desde o período anterior")
    # 2016 had no joint project: its shares have no change to state.
    figures = {k.label: (k.value, k.detail)
               for b in _blocks(progress.build_milestone(report, 3, "en"), KeyFigures)
               for k in b.items}
    assert figures["Joint projects under an open-source licence"] == ("50%", None)
    assert figures["People reached by joint projects"] == ("150", "+150 since the previous "
                                                                   "period")


def test_the_milestone_on_the_network_links_the_partner_directory(report) -> None:
    linked = dataclasses.replace(report, directory_href="directory-partners.en.html")
    links = [str(b.text) for number in (1, 2, 3)
             for b in _blocks(progress.build_milestone(linked, number, "en"), Paragraph)
             if "directory-partners" in str(b.text)]
    assert links == ['<a href="directory-partners.en.html">Who the partners are: the public '
                     'directory of the network, with search and filters</a>']
    # Without a directory page, no link.
    assert "directory-partners" not in section_text(progress.build_milestone(report, 1, "en"))


def test_milestone_says_what_is_met_and_missing(report) -> None:
    section = progress.build_milestone(report, 3, "en")
    text = section_text(section)
    badge = _blocks(section, Paragraph)[0].text
    assert 'class="badge badge-warning">Limited<' in badge
    assert "To reach Substantial, these conditions are still missing:\nJoint projects ≥ 5 " \
           "(2 as of 31 Dec 2017)" in text
    assert "✓ Joint projects publishing open data ≥ 50% (50% as of 31 Dec 2017)" in text
    assert "✗ Joint projects using open data ≥ 70% (50% as of 31 Dec 2017)" in text
    assert "✓ Joint projects ≥ 1 (2 as of 31 Dec 2017)" in text
    pt = section_text(progress.build_milestone(report, 3, "pt-BR"))
    assert "Para chegar a Substancial, ainda faltam estas condições:\nProjetos conjuntos ≥ 5 " \
           "(2 em 31/12/2017)" in pt
    assert "agora" not in pt and "hoje" not in pt


def test_thresholds_frame_writes_shares_in_percent(report) -> None:
    frame = progress.thresholds_frame(report.evidence.milestone(3), "en")
    osi = frame.set_index("indicator").loc["Joint projects under an open-source licence (%)"]
    assert osi["value"] == 50.0
    assert (osi["complete"], osi["substantial"]) == (80.0, 50.0)
    assert np.isnan(osi["limited"])
    # Every indicator of milestone 3 has a threshold, participants reached has none.
    assert len(frame) == 6


# --- open government, change, comparison, recommendations -----------------------------

def test_open_government_per_value(report) -> None:
    section = progress.build_open_government(report, "en")
    text = section_text(section)
    assert "Rating of the change – Independent Reporting Mechanism (IRM) of the Open " \
           "Government Partnership (OGP): Marginal." in text
    headings = [b.text for b in _blocks(section, Heading) if b.level == 3]
    assert headings == [v.label for v in OGPValue]
    assert "The indicators of this report that speak to it:\nNetwork partners: 2\nGroups " \
           "that used the spaces: 3\nGroups in joint projects: 3\nPeople reached by joint " \
           "projects: 150" in text
    assert "No indicator of this report measures this value." in text
    # Indicators stand under the values the IRM rated relevant; the others are "also measured".
    ati = text.split("Access to Information\n", 1)[1].split("Civic Participation\n", 1)[0]
    assert "Also measured by this report, although the assessment did not rate the commitment " \
           "relevant to this value:\nJoint projects publishing open data" in ati
    assert "speak to it" not in ati
    # Whose words: the IRM's rationale with its citation, labmetrics' inference apart.
    assert html.unescape(text).count("The assessment, paraphrased:") == 6
    inferences = [str(b.text) for b in _blocks(section, Paragraph)
                  if "attribution-inference" in str(b.text)]
    assert len(inferences) == 2
    assert "No milestone asks the government to open or publish information" in inferences[0]
    assert "href" not in inferences[0]
    irm = [str(b.text) for b in _blocks(section, Paragraph)
           if "attribution-assessor" in str(b.text)]
    assert all("docslib.org/doc/4724198" in p for p in irm)
    table = progress.open_government_table(report)
    civic = table.loc[table["ogp_value"] == "Civic Participation"]
    assert civic["relevant"].tolist() == [True] * 4
    assert civic["did_it_open_government"].tolist() == ["Marginal"] * 4
    assert table.loc[table["ogp_value"] == "Public Accountability", "indicator"].isna().all()


def test_change_since_the_previous_period(report) -> None:
    section = progress.build_change(report, "en")
    levels, change = (b.frame for b in tables(section))
    assert levels.values.tolist() == [["Milestone 1", "Limited", "Limited"],
                                      ["Milestone 2", "Limited", "Limited"],
                                      ["Milestone 3", "Not Started", "Limited"]]
    rows = dict(change.values.tolist())
    assert rows["Groups mapped"] == "1 → 3 (+2)"
    assert rows["Hours of coworking"] == "4 h → 16 h (+12 h)"
    assert rows["Joint projects using open data"] == "– → 50% (–)"
    assert "went from Limited to Limited" in section_text(section)


def test_without_previous_period_a_sentence_says_so(alone) -> None:
    section = progress.build_change(alone, "pt-BR")
    assert section_text(section).endswith("Nenhum período anterior foi informado; por isso a "
                                          "mudança não aparece. Gere o relatório com um "
                                          "período anterior para vê-la.")


OGP_CSV = (
    "Commitment Unique Identifier,Country/Locality,National Or Local,Action Plan End Year,"
    "Specificity,OGP Value Access To Information,OGP Value Civic Participation,"
    "OGP Value Public Accountability,OGP Value Technology,Potential Impact,"
    "Completion (Progress Report),Completion (End Of Term),Did It Open Government (Overall),"
    "Potential for Results,Early Results,Starred (End Of Term)\n"
    "SAO0005,São Paulo,Local,2017,Medium,No,Yes,No,Yes,Minor,Limited,Limited,Marginal,NA,NA,No\n"
    "L1,A,Local,2017,High,No,Yes,No,No,Transformative,Limited,Complete,Major,NA,NA,Yes\n"
    "L2,B,Local,2017,Medium,No,No,No,Yes,Moderate,Limited,Limited,Marginal,NA,NA,No\n"
    "L3,C,Local,2017,Medium,No,Yes,No,No,Minor,Not Started,Withdrawn,NA,NA,NA,No\n"
    "L4,D,Local,2017,Low,Yes,No,No,No,Minor,Limited,Substantial,Marginal,NA,NA,No\n"
    "N1,E,National,2017,High,No,Yes,No,No,Minor,Complete,Complete,Major,NA,NA,No\n"
)


@pytest.fixture
def ogp(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "ogp.csv"
    path.write_text(OGP_CSV, encoding="utf-8")
    return read_ogp_commitments(path)


def test_comparison_counts_commitments_of_its_kind(ogp: pd.DataFrame) -> None:
    # Local (its own row says so), relevant to civic participation or technology:
    # L1 Complete, L2 Limited, L3 Withdrawn; L4 (access to information) and N1 are not.
    result = progress.compare_with_ogp(ogp, "SAO0005", "end_of_term", Completion.LIMITED,
                                       (OGPValue.CIVIC_PARTICIPATION,
                                        OGPValue.TECHNOLOGY_AND_INNOVATION))
    assert result.levels.set_index("level")["commitments"].to_dict() == {
        "no_evidence": 0, "not_started": 0, "limited": 1, "substantial": 0, "complete": 1}
    assert (result.total, result.unrated, result.starred) == (2, 1, 1)
    assert result.government == "Local"
    assert result.at_or_above == 1.0
    midterm = progress.compare_with_ogp(ogp, "SAO0005", "midterm", Completion.SUBSTANTIAL)
    # Values from its own row: the same three peers, at midterm Limited, Limited, Not Started.
    assert midterm.levels.set_index("level")["commitments"].to_dict()["limited"] == 2
    assert midterm.at_or_above == 0.0


def test_comparison_section_with_and_without_ogp_data(report, alone, ogp) -> None:
    with_data = dataclasses.replace(report, ogp=ogp)
    section = progress.build_comparison(with_data, "en")
    assert [c.name for c in charts(section)] == ["ogp-comparison"]
    text = section_text(section)
    assert "relevant to Civic Participation and Technology & Innovation for Transparency & " \
           "Accountability. 3 of them belong to local action plans" in text
    assert "and 1 to national action plans" in text
    assert "SAO0005 itself is not in the export" not in text  # its row is in this one
    assert "Among 2 comparable commitments with a completion rating, 100% reached Limited " \
           "or more (the assessment's rating of this commitment)" in text
    assert "1 comparable commitment(s) have no completion rating" in text
    assert "No OGP commitment data was given" in section_text(
        progress.build_comparison(dataclasses.replace(alone, ogp=None), "en"))


# --- the comparison on OGP's real export (data/raw/ogp, bundled) -------------------------
# The local commitments of the export relevant to civic participation or technology (SAO0005's
# values in the assessment): every "Legacy Local" one but KAD0004 (access to information only).
# At the end of term: specificity Low 2, Medium 1, not rated 6; potential impact Minor 1,
# Moderate 7, Transformative 1; completion Limited 3, Substantial 3, Complete 3; starred only
# BUE0009 (specificity not rated but verifiable, Transformative, Substantial).

def test_reports_compare_with_the_bundled_export_by_default(alone) -> None:
    from labmetrics import config

    assert alone.ogp is not None
    assert alone.ogp.attrs["source"] == str(config.OGP_DATA_FILE)
    tests_copy = Path(__file__).parent / "data" / "ogp" / "open_parliament_0703.csv"
    assert config.OGP_DATA_FILE.read_bytes() == tests_copy.read_bytes()


def test_own_ratings_are_the_irms(report) -> None:
    assert progress.own_ratings(report) == {
        "specificity": Specificity.MEDIUM, "potential_impact": PotentialImpact.MINOR,
        "completion": Completion.LIMITED, "starred": False, "completion_source": "stated"}
    midterm = dataclasses.replace(report, stage="midterm")
    assert progress.own_ratings(midterm)["completion_source"] == "computed"


def test_peers_of_its_kind_in_the_real_export(report) -> None:
    values = report.assessment.relevant_values
    groups = progress.peer_groups(report.ogp, "SAO0005", values)
    assert sorted(groups["local"]["commitment_id"]) == [
        "BUE0009", "COT0001", "COT0005", "JAL0008", "MAD0005", "SCO0001", "SCO0005",
        "SCO0006", "TBI0008"]
    assert len(groups["national"]) == 193
    assert not set(groups["national"]["country_locality"]) & {"Kosovo"}

    dist = progress.distribution(groups, "end_of_term").set_index(["rating", "level"])
    local = dist["local"].to_dict()
    assert [local[("specificity", lv)] for lv in ("Low", "Medium", "High", "not_rated")] == \
        [2, 1, 0, 6]
    assert [local[("potential_impact", lv)] for lv in ("Minor", "Moderate", "Transformative")] \
        == [1, 7, 1]
    assert [local[("completion", lv)] for lv in ("Limited", "Substantial", "Complete")] == \
        [3, 3, 3]
    assert (local[("starred", "yes")], local[("starred", "no")]) == (1, 8)
    assert dist.loc[("specificity", "Medium"), "local_share"] == pytest.approx(1 / 3)

    stand = progress.standing(groups, progress.own_ratings(report), "end_of_term")
    stand = stand.set_index("rating")
    assert stand.loc["specificity", ["own", "local_at_or_above", "local_rated"]].tolist() == \
        ["Medium", 1, 3]
    assert stand.loc["completion", ["local_at_or_above", "local_rated"]].tolist() == [9, 9]
    assert stand.loc["starred", ["own", "local_at_or_above", "local_rated"]].tolist() == \
        ["no", 1, 9]
    national = groups["national"]
    rated = national["specificity"].notna()
    assert stand.loc["specificity", "national_rated"] == rated.sum()
    assert stand.loc["specificity", "national_at_or_above"] == \
        (national.loc[rated, "specificity"] >= "Medium").sum()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"Specificity": ("Medium", "1 of 3 (33%)"),
            "Completion (end of term)": ("Limited", "9 of 9 (100%)"),
            "Starred": ("No", "1 of 9 (11%)")}),
    ("pt-BR", {"Especificidade": ("Média", "1 de 3 (33%)"),
               "Estrelado": ("Não", "1 de 9 (11%)")}),
])
def test_comparison_section_on_the_real_export(report, lang, expected) -> None:
    section = progress.build_comparison(report, lang)
    standing, ratings, local = tables(section)
    rows = {r[0]: (r[1], r[2]) for r in standing.frame.itertuples(index=False)}
    for rating, cells in expected.items():
        assert rows[rating] == cells
    assert ratings.name == "ogp-comparison-ratings" and len(ratings.frame) == 18
    assert list(ratings.frame.columns[2:]) == (
        ["Local commitments (9)", "National commitments (193)", "SAO0005"] if lang == "en"
        else ["Compromissos locais (9)", "Compromissos nacionais (193)", "SAO0005"])
    assert local.name == "ogp-local-commitments" and len(local.frame) == 10
    assert local.frame.iloc[0, :2].tolist() == ["BUE0009", "Buenos Aires, Argentina"]
    text = section_text(section)
    assert "open_parliament_0703.csv (558" in text
    assert "SAO0005" in text and "Legacy Local" in text


def test_the_irm_recommendations_come_first_with_their_citation(report) -> None:
    section = progress.build_recommendations(report, "pt-BR")
    headings = [b.text for b in _blocks(section, Heading)]
    assert headings == ["Recomendações", "As recomendações da avaliação",
                        "O que as evidências sugerem (leitura do labmetrics, não da avaliação)"]
    irm = _blocks(section, Items)[0]
    assert irm.ordered and len(irm.items) == 3
    assert "Recomendação da avaliação, como publicada:" in irm.items[0]
    assert "rede Open INFO" in irm.items[0] and "Pátio Digital" in irm.items[0]
    assert "São Paulo Aberta e o Fórum de Gestão Compartilhada" in irm.items[1]
    assert all("Relatório do IRM, São Paulo 2017" in item and "docslib.org" in item
               for item in irm.items)


def test_recommendations_follow_from_the_evidence(report) -> None:
    section = progress.build_recommendations(report, "en")
    items = _blocks(section, Items)[1]
    assert items.ordered
    assert len(items.items) == 6
    assert items.items[0] == ("Milestone 1 (Collaborative mapping and a public network of "
                              "partners) stands at Limited. To reach Substantial, Groups "
                              "mapped must be ≥ 50; it is 3, a gap of 47.")
    assert items.items[-1].startswith("LabProdam is the least developed of the commitment's "
                                      "labs in the period (hours of use: 2 h; network "
                                      "partners: 0), against MobiLab (hours of use: 10 h")
    # The figures rank MobiLab first; the IRM names Pátio Digital, and the advice says so.
    assert "The assessment, however, names Pátio Digital, not MobiLab, as the model to follow" \
        in items.items[-1]


# --- method and the whole page --------------------------------------------------------

def test_method_defines_every_indicator_and_cites_sources(report) -> None:
    section = progress.build_method(report, "pt-BR")
    terms = dict(_blocks(section, Definitions)[0].items)
    assert len(terms) == 17
    assert terms["Grupos mapeados"].startswith("Grupos do mapeamento colaborativo")
    text = section_text(section)
    assert "SAO0005-assessment.yaml" in text and "SAO0005.yaml" in text
    # Tables built in code have no files to account for.
    assert "Os dados foram montados em código" in text
    links = [str(i) for b in _blocks(section, Items) for i in b.items]
    # The ratings' source links to the IRM's report; the commitment's text to OGP's page.
    assert sum('href="https://www.opengovpartnership.org/' in link for link in links) == 2
    assert sum('href="https://docslib.org/doc/4724198/' in link for link in links) == 2


@pytest.mark.parametrize("lang", ["pt-BR", "en"])
def test_whole_report_keeps_contacts_out(report, lang, tmp_path) -> None:
    page = display.Page(lang, tmp_path / "data")
    html = "\n".join(str(h) for s in progress.sections(report, lang) for h in render(s, page))
    csv = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "data").glob("*.csv"))
    assert not any(c in html or c in csv for c in CONTACTS)
    assert html.count("<figure") == 9  # with the comparison on the bundled OGP export
    assert {"m1-conditions.csv", "open-government.csv", "change.csv", "m2-progress.csv",
            "ogp-comparison-ratings.csv", "ogp-local-commitments.csv"} <= {
        p.name for p in (tmp_path / "data").glob("*.csv")}


def test_show_publishes_html_only(report, monkeypatch) -> None:
    published = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False: published.append((obj, raw)))
    progress.show_recommendations(report, display.Page("en"))
    # Two headings, an intro and a list for the IRM's, for the evidence's, one block each.
    assert [raw for _, raw in published] == [True] * 7
    assert all(list(obj) == ["text/html"] for obj, _ in published)
    assert published[0][0]["text/html"].startswith('<h2 id="recommendations')
    assert published[3][0]["text/html"].startswith('<ol><li><span class="attribution')
    assert published[6][0]["text/html"].startswith("<ol><li>Milestone 1 (")


# --- the evaluator's reading ----------------------------------------------------------


def _paragraphs(section) -> list[str]:
    return [str(b.text) for b in section if type(b).__name__ == "Paragraph"]


def test_the_page_says_the_thresholds_are_provisional_and_where_they_are(report) -> None:
    texts = _paragraphs(progress.build_at_a_glance(report, "en"))
    assert any("provisional until the Forum agrees them" in t
               and "data/raw/commitments/SAO0005.yaml" in t for t in texts)
    pt = _paragraphs(progress.build_at_a_glance(report, "pt-BR"))
    assert any("provisórios até que o Fórum os aprove" in t for t in pt)


def test_a_computed_level_that_differs_says_why_in_one_sentence(report) -> None:
    from labmetrics.report.progress import reading

    e = report.evidence
    higher = [dataclasses.replace(m, level=Completion.SUBSTANTIAL) for m in e.milestones]
    above = dataclasses.replace(report, evidence=dataclasses.replace(
        e, milestones=tuple(higher), computed=Completion.SUBSTANTIAL))
    (why,) = reading.why_it_differs(above, "en")
    assert why.text.startswith("The computed level (Substantial) is above the assessment's "
                               "(Limited) because it reads only the recorded figures")
    assert "milestone 1 at Substantial, milestone 2 at Substantial and milestone 3 at " \
        "Substantial" in why.text
    assert why.text.count(". ") == 0  # one sentence
    assert why.text in _paragraphs(progress.build_at_a_glance(above, "en"))
    lower = dataclasses.replace(report, evidence=dataclasses.replace(
        e, computed=Completion.NOT_STARTED,
        milestones=tuple(dataclasses.replace(m, level=Completion.NOT_STARTED)
                         for m in e.milestones)))
    (why,) = reading.why_it_differs(lower, "pt-BR")
    assert why.text.startswith("O nível calculado (Não iniciada) fica abaixo")
    same = dataclasses.replace(report, evidence=dataclasses.replace(
        e, computed=e.override.value))
    assert reading.why_it_differs(same, "en") == []


def test_each_milestone_says_what_its_figures_count(report) -> None:
    texts = _paragraphs(progress.build_milestone(report, 2, "en"))
    assert ("Counted only at the labs the commitment names (LabProdam, MobiLab and Pátio "
            "Digital): Spaces offering coworking, Coworking seats, Hours of coworking and "
            "Groups that used the spaces.") in " ".join(texts)
    one = " ".join(_paragraphs(progress.build_milestone(report, 1, "en")))
    assert "Not counting the partners inactive, or gone from the network" in one
    assert "Counted only at the labs" in one  # spaces with partners
    three = " ".join(_paragraphs(progress.build_milestone(report, 3, "en")))
    assert "Counted only at the labs" not in three
    method = " ".join(_paragraphs(progress.build_method(report, "en")))
    assert "data/raw/commitments/SAO0005.yaml" in method


def test_the_evidence_files_are_shared_in_two_of_about_the_same_cost(report) -> None:
    from labmetrics.evidence.export import plan_evidence_csv
    from labmetrics.report.progress import inputs

    files = plan_evidence_csv(report.evidence, "unused")
    distinct = [i for i, f in enumerate(files) if f.twin_of is None]
    mine, theirs = inputs._halves(distinct, files)
    assert sorted(mine + theirs) == distinct and not set(mine) & set(theirs)
    costs = [sum(inputs._cost(files[i].rows) for i in share) for share in (mine, theirs)]
    assert abs(costs[0] - costs[1]) <= max(inputs._cost(files[i].rows) for i in distinct)
    # A column of lists weighs more than a column of texts with as many rows.
    texts = pd.DataFrame({"a": ["x"] * 10, "b": pd.array(["y"] * 10, dtype="str")})
    lists = pd.DataFrame({"a": ["x"] * 10, "b": pd.Series([["y"]] * 10, dtype=object)})
    assert inputs._cost(lists) > inputs._cost(texts)
