"""The numeric companions of OGP's export: which label each number stands for, and the cells
where a label and its number disagree.

OGP's sheet writes most ratings twice: a label ("Specificity": "Medium") and, in a column whose
header starts with "_", a number ("_Specificity": 2). The numbers follow each column's own code,
read off the real export (tests/data/ogp/SOURCES.md): the rank of the level for specificity,
potential impact, potential for results and early results; for completion, Withdrawn 0,
Unclear 1, then Not Started 2 to Complete 5; for "Did it open government?" overall, the rank
(No early results to report yet counts 1); per value, Not Applicable 0, then Worsened 1 to
Outstanding 5. "_Relevant" is 1 when the commitment is relevant to at least one of the three
values a star counts. A label its number contradicts is not guessed at: it is read as missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from labmetrics.irm._cells import map_values, missing_code
from labmetrics.irm.scales import (
    Completion,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
)
from labmetrics.irm.terms import IRMScale

__all__ = [
    "COMPANIONS",
    "RELEVANCE_COMPANION",
    "Companion",
    "disagreements",
    "read_number",
    "relevance_disagreements",
]

_NUMBER = re.compile(r"^(-?\d+)(\.0+)?$")


def _ranks(scale: type[IRMScale]) -> dict[str, int]:
    return {m.label: int(m.rank) for m in scale.levels() if m.rank is not None}


_COMPLETION = {"Withdrawn": 0, "Unclear": 1, **{k: v + 2 for k, v in _ranks(Completion).items()}}
_DIOG_OVERALL = {**_ranks(DidItOpenGovernment), "No early results to report yet": 1}
_DIOG_PER_VALUE = {
    "Not Applicable": 0, **{k: v + 1 for k, v in _ranks(DidItOpenGovernment).items()}
}


@dataclass(frozen=True)
class Companion:
    """The numeric column beside a labelled one: its header and the number of each label."""

    header: str
    numbers: Mapping[str, int]
    scale: type[IRMScale]

    def meaning(self, number: int) -> str:
        """The label(s) ``number`` stands for, e.g. "Did Not Change or No early results..."."""
        labels = [label for label, n in self.numbers.items() if n == number]
        return " or ".join(f"'{label}'" for label in labels) or "no label"


COMPANIONS: dict[str, Companion] = {
    "specificity": Companion("_Specificity", _ranks(Specificity), Specificity),
    "potential_impact": Companion("_Potential Impact", _ranks(PotentialImpact), PotentialImpact),
    "completion_progress_report": Companion("_CompletionProgress", _COMPLETION, Completion),
    "completion_end_of_term": Companion("_CompletionEndTerm", _COMPLETION, Completion),
    "did_it_open_government_overall": Companion(
        "_OpenGovernment", _DIOG_OVERALL, DidItOpenGovernment
    ),
    "did_it_open_government_access_to_information": Companion(
        "_DIOGATI", _DIOG_PER_VALUE, DidItOpenGovernment
    ),
    "did_it_open_government_civic_participation": Companion(
        "_DIOGCP", _DIOG_PER_VALUE, DidItOpenGovernment
    ),
    "did_it_open_government_public_accountability": Companion(
        "_DIOGPA", _DIOG_PER_VALUE, DidItOpenGovernment
    ),
    "potential_for_results": Companion(
        "_Potential for Results", _ranks(PotentialForResults), PotentialForResults
    ),
    "early_results": Companion("_Early Results", _ranks(EarlyResults), EarlyResults),
}
"""The numeric companion of each value column the reader makes, by output column name."""

RELEVANCE_COMPANION = "_Relevant"
"""1 when relevant to Access to Information, Civic Participation or Public Accountability."""


def read_number(text: str) -> int | None:
    """A companion cell as a whole number; None when blank, a code (ND...) or not a number."""
    match = _NUMBER.match(text.strip())
    if not match or missing_code(text):
        return None
    return int(match.group(1))


def disagreements(labels: pd.Series, numbers: pd.Series, companion: Companion) -> pd.Series:
    """Why each label disagrees with its number (text), or None where they agree.

    Only cells that both carry a meaning are compared: a blank cell, a code (ND, NR, NA),
    an unreadable label or a label without a number of its own (No Evidence Available) is
    no disagreement.
    """
    pairs = labels.astype(str) + "\x00" + numbers.astype(str)

    def check(pair: str | None) -> str | None:
        label_text, _, number_text = (pair or "\x00").partition("\x00")
        member = companion.scale.get(label_text) if label_text else None
        number = read_number(number_text)
        if member is None or number is None or member.label not in companion.numbers:
            return None
        expected = companion.numbers[member.label]
        if number == expected:
            return None
        return (
            f"the label '{label_text}' means {expected} but '{companion.header}' holds "
            f"{number_text} (which means {companion.meaning(number)})"
        )

    return pd.Series(map_values(pairs, check), index=labels.index, dtype=object)


def relevance_disagreements(flags: Sequence[pd.Series], numbers: pd.Series) -> pd.Series:
    """Where "_Relevant" contradicts the value flags a star counts (text), else None.

    ``flags`` are the three ``boolean`` columns; their Kleene "or" is compared with the
    number when both are known.
    """
    relevant = flags[0]
    for flag in flags[1:]:
        relevant = relevant | flag
    said = pd.Series(map_values(numbers, lambda t: read_number(t or "")), index=numbers.index)
    known = relevant.notna() & said.isin([0, 1])
    wrong = known & (relevant.fillna(False).astype(bool) != (said == 1))

    def why(number: object) -> str:
        if number == 1:
            return (f"'{RELEVANCE_COMPANION}' holds 1 (relevant) but the commitment is "
                    "relevant to none of Access to Information, Civic Participation and "
                    "Public Accountability")
        return (f"'{RELEVANCE_COMPANION}' holds {number} (not relevant) but a value "
                "column says the commitment is relevant")

    return pd.Series([why(n) if w else None for n, w in zip(said, wrong, strict=True)],
                     index=numbers.index, dtype=object)
