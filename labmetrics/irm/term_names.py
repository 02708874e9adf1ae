"""The IRM's words for the reports: Portuguese labels and the translation catalogue entries."""

from __future__ import annotations

from labmetrics.irm.scales import (
    Ambition,
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    OGPValue,
    OpenGovernmentLens,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    Verifiable,
)
from labmetrics.irm.stars import StarCriterion
from labmetrics.irm.statuses import status_key, status_labels
from labmetrics.irm.terms import IRMTerm

__all__ = ["LABELS_PT_BR", "catalogue_entries"]

# Every vocabulary the reports name, in the order of the catalogues.
_VOCABULARIES: tuple[type[IRMTerm], ...] = (
    Specificity,
    OGPValue,
    PotentialImpact,
    Completion,
    DidItOpenGovernment,
    Verifiable,
    Ambition,
    OpenGovernmentLens,
    PotentialForResults,
    EarlyResults,
    StarCriterion,
)

LABELS_PT_BR: dict[str, dict[str, str]] = {
    **{vocab.scale_name(): {m.label: m.label_pt_br for m in vocab} for vocab in _VOCABULARIES},
    "status": {status: words[1] for status, words in status_labels().items()},
}
"""Portuguese names of every level, by scale then exact English label.

Keyed by scale because one English label can need two Portuguese names: Specificity "None"
is "Nenhuma", Potential impact "None" is "Nenhum". ``"status"`` holds the missing-value
reasons of the ``_status`` columns.
"""


def catalogue_entries(lang: str) -> dict[str, str]:
    """Every IRM message of ``lang`` keyed by translation key, ready for the YAML catalogue.

    Covers each level's ``key``, each scale's ``title_key()`` and each :func:`status_key`.
    """
    pt = lang == "pt-BR"
    entries: dict[str, str] = {}
    for vocab in _VOCABULARIES:
        entries[vocab.title_key()] = vocab.title(lang)
        for member in vocab:
            entries[member.key] = member.label_pt_br if pt else member.label
    for status, (en, pt_name) in status_labels().items():
        entries[status_key(status)] = pt_name if pt else en
    return entries
