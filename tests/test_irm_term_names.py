"""Tests of labmetrics.irm.term_names and labmetrics.irm.statuses: translation keys, the
catalogue entries and the Portuguese names of every level and status.
"""

from __future__ import annotations

import re

import pytest

from labmetrics.irm import (
    LABELS_PT_BR,
    SCALES,
    STATUS_CATEGORIES,
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    IRMError,
    OGPValue,
    StarCriterion,
    catalogue_entries,
    status_key,
)

ATI = OGPValue.ACCESS_TO_INFORMATION

# ---------------------------------------------------------------------------------------------
# Translation keys and Portuguese labels


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
