"""Why a rating is missing: the values of the export's ``<column>_status`` columns.

A cell without a rating carries the export's own code (ND, NR, NA), ``blank``, ``invalid``,
``disagrees`` or the exact label of a state outside its scale's order (Withdrawn, Not
Applicable...).
"""

from __future__ import annotations

import pandas as pd

from labmetrics.irm._cells import MISSING_CODES, snake
from labmetrics.irm.scales import SCALES
from labmetrics.irm.terms import IRMError

__all__ = ["MISSING_CODES", "STATUS_CATEGORIES", "status_key"]

# Status of a cell without a value, beyond the export's own codes: (English, pt-BR).
_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "ND": ("No data", "Sem dados"),
    "NR": ("Not reviewed", "Não revisado"),
    "NA": ("Not applicable", "Não se aplica"),
    "blank": ("Not rated", "Sem avaliação"),
    "invalid": ("Unreadable rating", "Avaliação ilegível"),
    "disagrees": ("Label and number disagree", "Rótulo e número divergem"),
}

STATUS_CATEGORIES: tuple[str, ...] = (
    *_STATUS_WORDS,
    *dict.fromkeys(m.label for scale in SCALES for m in scale.states()),
)
"""Values of the ``<column>_status`` columns: why the value column is missing there.

``ND``/``NR``/``NA`` are the export's codes, ``blank`` an empty cell, ``invalid`` text that
is no level of the scale (see ``df.attrs["warnings"]``), ``disagrees`` a label its numeric
companion contradicts (also warned), and the others the exact labels of
states outside a scale's order (``Withdrawn``, ``Unclear``, ``No Evidence Available``,
``Not Applicable``).
"""

STATUS_DTYPE = pd.CategoricalDtype(list(STATUS_CATEGORIES), ordered=False)
"""The unordered categorical dtype of the ``<column>_status`` columns."""


def status_key(status: str) -> str:
    """Translation key of a ``_status`` value, e.g. ``"irm.status.nd"``.

    States outside a scale's order share their key across scales (``irm.status.withdrawn``).
    """
    if status not in STATUS_CATEGORIES:
        raise IRMError(
            f"'{status}' is not a status of an OGP export cell.",
            fix=f"use one of {', '.join(STATUS_CATEGORIES)}.",
        )
    return f"irm.status.{snake(status)}"


def status_labels() -> dict[str, tuple[str, str]]:
    """Every status with its English and pt-BR words, in :data:`STATUS_CATEGORIES` order."""
    words = dict(_STATUS_WORDS)
    for scale in SCALES:
        for member in scale.states():
            words.setdefault(member.label, (member.label, member.label_pt_br))
    return words
