"""The sections every report shows alike: the notice that the data is invented, the data
sources (inputs, sha256, validation accounting, quarantine reasons) and the assumptions of
the method that changed its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from labmetrics import assumptions, i18n
from labmetrics.dataset import LabData
from labmetrics.report.blocks import (
    Block,
    Data,
    Definitions,
    Heading,
    Items,
    Note,
    Paragraph,
    Section,
)

__all__ = ["build_assumptions", "build_data_sources", "build_sample_notice", "is_sample"]


def is_sample(data: LabData) -> bool:
    """Whether ``data`` is invented (see :attr:`labmetrics.dataset.LabData.is_sample`)."""
    return data.is_sample


def build_sample_notice(data: LabData, lang: str) -> Section:
    """The notice that the figures are invented, when the data is the bundled sample."""
    return (Note(i18n.t("common.sample_notice", lang), tone="warning"),) if is_sample(data) \
        else ()


def _dataset_name(dataset: Any, lang: str) -> str:
    key = f"sections.datasets.{dataset}"
    return i18n.t(key, lang) if i18n.has(key, lang) else str(dataset)


def _rule_name(rule: Any, lang: str) -> str:
    key = f"sections.rules.{rule}"
    return i18n.t(key, lang) if i18n.has(key, lang) else str(rule)


def _inputs_frame(data: LabData) -> pd.DataFrame:
    """One row per input file: data set, file, read, valid, quarantined, sha256."""
    sha = {(i.get("dataset"), i.get("file")): i.get("sha256")
           for i in data.manifest.get("inputs", [])}
    rows = [{"dataset": a.dataset, "file": a.file, "read": a.read, "valid": a.valid,
             "quarantined": a.quarantined, "sha256": sha.get((a.dataset, a.file))}
            for a in data.accounting]
    frame = pd.DataFrame(rows, columns=["dataset", "file", "read", "valid", "quarantined",
                                        "sha256"])
    return frame.astype({"read": "int64", "valid": "int64", "quarantined": "int64"})


def _reasons_frame(data: LabData) -> pd.DataFrame:
    """Quarantine lines counted by data set and rule."""
    q = data.quarantine
    if not len(q):
        return pd.DataFrame({"dataset": pd.Series(dtype="string"),
                             "rule": pd.Series(dtype="string"),
                             "problems": pd.Series(dtype="int64")})
    rule = q["rule"] if "rule" in q.columns else pd.Series("", index=q.index)
    counts = (pd.DataFrame({"dataset": q["dataset"], "rule": rule.fillna("")})
              .value_counts(sort=False).rename("problems").reset_index())
    return counts.sort_values(["dataset", "problems", "rule"], ascending=[True, False, True],
                              ignore_index=True)


def build_data_sources(data: LabData, lang: str, *, level: int = 3) -> Section:
    """The data behind the report: each input file with its accounting (rows read = valid
    + quarantined) and its sha256, the quarantine reasons counted, and the warnings.

    Lists rather than tables: each line reads whole on a phone; the numbers are in the
    CSV files ``validation-accounting`` and ``quarantine-reasons``.
    """
    heading = Heading(i18n.t("sections.data.heading", lang), level)
    if not data.accounting:
        return (heading, Paragraph(i18n.t("sections.data.in_code", lang)))
    inputs = _inputs_frame(data)
    total = data.totals
    number = i18n.format_number
    blocks: list[Block] = [
        heading,
        Paragraph(i18n.t("sections.data.accounting", lang, read=number(total.read, lang),
                         valid=number(total.valid, lang),
                         quarantined=number(total.quarantined, lang))),
        Items(tuple(i18n.t("sections.data.file_accounting", lang, file=r.file,
                           read=number(r.read, lang), valid=number(r.valid, lang),
                           quarantined=number(r.quarantined, lang))
                    for r in inputs.itertuples(index=False))),
        Data(inputs, "validation-accounting"),
    ]
    if not all(a.balanced for a in data.accounting):
        blocks.append(Note(i18n.t("sections.data.unbalanced", lang), tone="warning"))
    # A long hash may wrap in a definition list, not in a table cell.
    hashes = tuple((str(f), str(h)) for f, h in zip(inputs["file"], inputs["sha256"],
                                                    strict=True) if isinstance(h, str))
    if hashes:
        blocks += [Paragraph(i18n.t("sections.data.sha256", lang)), Definitions(hashes)]
    reasons = _reasons_frame(data)
    if len(reasons):
        blocks += [
            Paragraph(i18n.t("sections.data.reasons", lang)),
            Items(tuple(i18n.t("sections.data.reason", lang,
                               dataset=_dataset_name(r.dataset, lang),
                               rule=_rule_name(r.rule, lang), n=number(r.problems, lang))
                        for r in reasons.itertuples(index=False))),
            Data(reasons, "quarantine-reasons"),
            Paragraph(i18n.t("sections.data.reasons_note", lang)),
        ]
    else:
        blocks.append(Paragraph(i18n.t("sections.data.no_quarantine", lang)))
    if data.warnings:
        blocks.append(Paragraph(i18n.t("sections.data.warnings", lang,
                                       n=number(len(data.warnings), lang))))
    return tuple(blocks)


def build_assumptions(kind: str, lang: str, *, level: int = 3,
                      estimates: Sequence[str] = ()) -> Section:
    """The assumptions of the method (:mod:`labmetrics.assumptions`) that changed the numbers
    of the report ``kind``, each with its value and meaning, and the figures of this report
    that were estimated rather than computed exactly (``estimates``, already in words)."""
    items = tuple(i18n.t("assumptions.item", lang, name=a.name, value=a.value_text(lang),
                         meaning=a.meaning(lang)) for a in assumptions.for_report(kind))
    return (Heading(i18n.t("assumptions.heading", lang), level),
            Paragraph(i18n.t("assumptions.lead", lang)), Items(items),
            *(Paragraph(text) for text in estimates))
