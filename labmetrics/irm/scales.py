"""The IRM's scales of both methods, the OGP values, and reading ratings from cells.

* Classic method (action plans up to 2019–2020): specificity, relevance to the four OGP
  values, potential impact, completion (at the progress report and at the end of term) and
  "Did it open government?".
* Refresh method (action plans from 2021): verifiable, open-government lens, potential for
  results and early results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from labmetrics.irm._cells import is_missing, map_values, missing_code, normalise
from labmetrics.irm.terms import IRMScale, IRMTerm, UnknownLevelError, add_spellings

__all__ = [
    "SCALES",
    "Ambition",
    "Completion",
    "DidItOpenGovernment",
    "EarlyResults",
    "OGPValue",
    "OpenGovernmentLens",
    "PotentialForResults",
    "PotentialImpact",
    "Specificity",
    "Verifiable",
    "parse_yes_no",
    "to_categorical",
]

S = TypeVar("S", bound=IRMScale)

# ---------------------------------------------------------------------------------------------
# Classic method (action plans up to 2019–2020)


class Specificity(IRMScale):
    """How precisely a commitment's activities and deliverables are stated."""

    NONE = ("None", "Nenhuma", 0)
    LOW = ("Low", "Baixa", 1)
    MEDIUM = ("Medium", "Média", 2)
    HIGH = ("High", "Alta", 3)


class OGPValue(IRMTerm):
    """The four OGP values a commitment can be relevant to (a set, not a scale)."""

    ACCESS_TO_INFORMATION = ("Access to Information", "Acesso à informação")
    CIVIC_PARTICIPATION = ("Civic Participation", "Participação cívica")
    PUBLIC_ACCOUNTABILITY = ("Public Accountability", "Prestação de contas públicas")
    TECHNOLOGY_AND_INNOVATION = (
        "Technology & Innovation for Transparency & Accountability",
        "Tecnologia e inovação para transparência e prestação de contas",
    )

    @property
    def counts_for_star(self) -> bool:
        """Whether relevance to this value can make a commitment relevant on its own.

        Technology & Innovation only counts together with one of the other three values.
        """
        return self is not OGPValue.TECHNOLOGY_AND_INNOVATION


class PotentialImpact(IRMScale):
    """What the commitment could change if fully implemented."""

    NONE = ("None", "Nenhum", 0)
    MINOR = ("Minor", "Menor", 1)
    MODERATE = ("Moderate", "Moderado", 2)
    TRANSFORMATIVE = ("Transformative", "Transformador", 3)


class Completion(IRMScale):
    """How much of the commitment was implemented; three states lie outside the order."""

    NOT_STARTED = ("Not Started", "Não iniciada", 0)
    LIMITED = ("Limited", "Limitada", 1)
    SUBSTANTIAL = ("Substantial", "Substancial", 2)
    COMPLETE = ("Complete", "Completa", 3)
    WITHDRAWN = ("Withdrawn", "Retirada", None)
    UNCLEAR = ("Unclear", "Pouco clara", None)
    NO_EVIDENCE_AVAILABLE = ("No Evidence Available", "Sem evidências disponíveis", None)


class DidItOpenGovernment(IRMScale):
    """Change in government practice, overall or per OGP value; Not Applicable and "No early
    results to report yet" are outside the order."""

    WORSENED = ("Worsened", "Piorou", 0)
    DID_NOT_CHANGE = ("Did Not Change", "Não mudou", 1)
    MARGINAL = ("Marginal", "Marginal", 2)
    MAJOR = ("Major", "Significativo", 3)
    OUTSTANDING = ("Outstanding", "Excepcional", 4)
    NOT_APPLICABLE = ("Not Applicable", "Não se aplica", None)
    # OGP's export writes it where a results report found nothing to assess yet.
    NO_EARLY_RESULTS_YET = (
        "No early results to report yet", "Ainda sem resultados iniciais a relatar", None
    )


# OGP's commitment export writes "Worsens" (numeric companion 0, like Worsened).
add_spellings(DidItOpenGovernment, {"Worsens": DidItOpenGovernment.WORSENED})


# ---------------------------------------------------------------------------------------------
# Refresh method (action plans from 2021)


class Verifiable(IRMScale):
    """Whether the commitment's objectives and actions can be verified."""

    NO = ("No", "Não", 0)
    YES = ("Yes", "Sim", 1)


class Ambition(IRMScale):
    """The ambition OGP's commitment pages show beside the IRM's ratings (Low or High)."""

    LOW = ("Low", "Baixa", 0)
    HIGH = ("High", "Alta", 1)


class OpenGovernmentLens(IRMScale):
    """Whether the commitment is relevant through the open-government lens."""

    NO = ("No", "Não", 0)
    YES = ("Yes", "Sim", 1)


class PotentialForResults(IRMScale):
    """The refresh method's ex-ante judgement of ambition."""

    UNCLEAR = ("Unclear", "Pouco claro", 0)
    MODEST = ("Modest", "Modesto", 1)
    SUBSTANTIAL = ("Substantial", "Substancial", 2)


class EarlyResults(IRMScale):
    """The refresh method's judgement of results at the end of the action plan."""

    NO_NOTABLE_RESULTS = ("No notable results", "Sem resultados notáveis", 0)
    MODERATE = ("Moderate", "Moderados", 1)
    SIGNIFICANT = ("Significant", "Significativos", 2)


SCALES: tuple[type[IRMScale], ...] = (
    Specificity,
    PotentialImpact,
    Completion,
    DidItOpenGovernment,
    Verifiable,
    OpenGovernmentLens,
    PotentialForResults,
    EarlyResults,
)
"""Every ordered IRM scale, classic method first."""

# ---------------------------------------------------------------------------------------------
# Reading ratings from cells


def to_categorical(
    values: pd.Series | Iterable[object],
    scale: type[S],
    *,
    errors: Literal["coerce", "raise"] = "coerce",
) -> pd.Series:
    """Convert ratings to a pandas ordered categorical of the scale's exact labels.

    Parameters
    ----------
    values
        Members of ``scale`` or text (parsed tolerantly); missing values stay missing.
    scale
        The IRM scale, e.g. :class:`Completion`.
    errors
        ``"coerce"`` turns text that is no level into a missing value; ``"raise"`` raises
        :class:`UnknownLevelError`. States outside the order (``Withdrawn``) and the export's
        ND/NR/NA codes always become missing values.

    Returns
    -------
    pandas.Series
        Dtype ``scale.dtype()``; index and name kept from a Series input.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)

    def level(value: Any) -> str | None:
        if is_missing(value):
            return None
        if isinstance(value, scale):
            return value.label if value.is_ordered() else None
        text = str(value).strip()
        if not text or missing_code(text):
            return None
        member = scale.get(text)
        if member is None:
            if errors == "raise":
                scale.parse(text)
            return None
        return member.label if member.is_ordered() else None

    return pd.Series(
        pd.Categorical(map_values(series, level), dtype=scale.dtype()),
        index=series.index,
        name=series.name,
    )


_YES = frozenset({"yes", "y", "true", "1", "1.0", "sim", "s"})
_NO = frozenset({"no", "n", "false", "0", "0.0", "não", "nao"})


def parse_yes_no(value: object) -> bool | None:
    """Read a yes/no cell: Yes/Y/True/1 and No/N/False/0, in any case.

    Returns None for a blank cell and for the export's ND/NR/NA codes; raises
    :class:`UnknownLevelError` for anything else.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = normalise(str(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    if not text or missing_code(text):
        return None
    raise UnknownLevelError(
        f"'{value}' is not a yes/no value.", fix="write Yes or No (or Y/N, True/False, 1/0)."
    )
