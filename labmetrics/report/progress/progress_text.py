"""The words every section of the progress report writes: its messages, periods, stages,
levels as badges, yes and no, ratings, and changes with their sign."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from markupsafe import Markup

from labmetrics import i18n
from labmetrics.commitment import Source, Text
from labmetrics.evidence import format_value, level_name
from labmetrics.indicators import Unit
from labmetrics.irm import Completion, IRMTerm
from labmetrics.period import DateLike
from labmetrics.report import display
from labmetrics.report.shared_text import signed

_LEVEL_TONES = {Completion.COMPLETE: "good", Completion.SUBSTANTIAL: "good",
                Completion.LIMITED: "warning", Completion.NOT_STARTED: "bad"}


class Rated(Protocol):
    """A judgment or rating of the assessment: anything holding an IRM term as ``value``."""

    @property
    def value(self) -> IRMTerm:
        """The term the evaluator gave."""


def say(key: str, lang: str, **values: object) -> str:
    """The progress report's message ``key`` in ``lang``."""
    return i18n.t(f"progress.{key}", lang, **values)


def period_text(start: DateLike, end: DateLike, lang: str) -> str:
    """A period written for readers."""
    return i18n.format_period(start, end, lang)


def stage_name(name: str | None, lang: str) -> str:
    """``midterm`` or ``end_of_term`` in words."""
    return say(f"stages.{name}", lang)


def badge(level: Completion, lang: str) -> Markup:
    """A completion level as a badge, coloured by how far it got."""
    return display.badge_html(level_name(level, lang), _LEVEL_TONES.get(level, "neutral"))


def yes_no(flag: bool | None, lang: str) -> str:
    """Yes, no, or unknown for None."""
    if flag is None:
        return say("words.unknown", lang)
    return say("words.yes" if flag else "words.no", lang)


def rating(judgment: Rated | None, lang: str) -> str:
    """A rating of the assessment, or *not assessed* for None."""
    return level_name(judgment.value, lang) if judgment is not None else \
        say("words.not_assessed", lang)


def change_text(value: float, unit: Unit, lang: str) -> str:
    """``+276``, ``−3.951 h`` or ``+29 p.p.``: a change written with its sign."""
    return signed(value, lang, lambda size: format_value(size, unit, lang),
                  share=unit == "share")


def citation(ids: Sequence[str], sources: Mapping[str, Source], lang: str) -> Markup:
    """The sources ``ids`` cited inline, each linked to its document: ``(the review, …)``."""
    links = [display.link_html(sources[i].cite(lang), sources[i].url) if sources[i].url
             else Markup.escape(sources[i].cite(lang)) for i in ids if i in sources]
    return Markup("({})").format(Markup("; ").join(links)) if links else Markup("")


def attributed(who: str, text: str | Text, ids: Sequence[str], sources: Mapping[str, Source],
               lang: str) -> Markup:
    """``text`` marked with whose it is and its citation.

    ``who`` is ``assessor`` (the evaluator's reasoning, paraphrased), ``published`` (a text
    the evaluator published, rendered in ``lang``), ``ogp_page`` (a value OGP's page shows)
    or ``inference`` (labmetrics' own reading, which cites nothing).
    """
    words = text.html(lang) if isinstance(text, Text) else text
    cited = citation(ids, sources, lang) if who != "inference" else Markup("")
    return Markup('<span class="attribution attribution-{}"><strong>{}</strong></span> {} {}'
                  ).format(who, say(f"attribution.{who}", lang), words, cited).strip()
