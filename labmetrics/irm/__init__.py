"""The IRM's vocabulary: the rating scales of both methods, the star rule, the OGP export reader.

The Independent Reporting Mechanism (IRM) of the Open Government Partnership rates every
commitment of an action plan. Two methods have been used:

* the classic method (action plans up to 2019–2020): specificity, relevance to the four OGP
  values, potential impact, completion (at the progress report and at the end of term) and
  "Did it open government?"; a commitment that does well on all of them is *starred*;
* the refresh method (action plans from 2021): verifiable, open-government lens, potential
  for results and early results.

Each scale is an enum whose members carry the IRM's exact English ``label``, a ``rank`` in
the scale's order, a translation ``key`` for the report catalogues and a ``label_pt_br``.
Some scales also have states outside the order (Completion's *Withdrawn*, *Unclear* and
*No Evidence Available*; Did it open government's *Not Applicable*): ordering them raises
:class:`UnorderedLevelError`, and ``member.is_ordered()`` says which ones they are.

:func:`read_ogp_commitments` reads OGP's public commitment export (CSV or XLSX) into one
typed row per commitment, and computes the star with three-valued logic.

Modules, lowest first: ``terms`` (the base vocabulary and its errors), ``scales`` (the scales,
the OGP values, reading ratings), ``stars`` (the star rule for one commitment), ``statuses``
(why a rating is missing), ``term_names`` (the terms' Portuguese names and catalogue entries),
``export_stars`` (the star of export rows), ``ogp_columns`` and ``ogp_export`` (reading the export).
"""

from __future__ import annotations

from labmetrics.irm.export_stars import compute_stars, explain_commitment
from labmetrics.irm.ogp_export import CellWarning, read_ogp_commitments
from labmetrics.irm.scales import (
    SCALES,
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
    parse_yes_no,
    to_categorical,
)
from labmetrics.irm.stars import (
    StarCheck,
    StarCriterion,
    StarFormula,
    StarResult,
    explain_star,
    is_starred,
)
from labmetrics.irm.statuses import MISSING_CODES, STATUS_CATEGORIES, status_key
from labmetrics.irm.term_names import LABELS_PT_BR, catalogue_entries
from labmetrics.irm.terms import (
    IRMError,
    IRMScale,
    IRMTerm,
    UnknownLevelError,
    UnorderedLevelError,
)

__all__ = [
    "LABELS_PT_BR",
    "MISSING_CODES",
    "SCALES",
    "STATUS_CATEGORIES",
    "Ambition",
    "CellWarning",
    "Completion",
    "DidItOpenGovernment",
    "EarlyResults",
    "IRMError",
    "IRMScale",
    "IRMTerm",
    "OGPValue",
    "OpenGovernmentLens",
    "PotentialForResults",
    "PotentialImpact",
    "Specificity",
    "StarCheck",
    "StarCriterion",
    "StarFormula",
    "StarResult",
    "UnknownLevelError",
    "UnorderedLevelError",
    "Verifiable",
    "catalogue_entries",
    "compute_stars",
    "explain_commitment",
    "explain_star",
    "is_starred",
    "parse_yes_no",
    "read_ogp_commitments",
    "status_key",
    "to_categorical",
]
