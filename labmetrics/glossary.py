"""The glossary: one term per concept, in English and in the IRM's Portuguese, with sources.

The terms live in ``labmetrics/locales/glossary.yaml`` (the file's header says what each key
means); :func:`render_glossary` writes them as the Markdown of ``docs/glossary.md``::

    python -m labmetrics.glossary > docs/glossary.md

and the tests hold the message catalogues and the IRM's level names to them
(:func:`catalogue_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from labmetrics import config
from labmetrics.errors import ConfigError

GLOSSARY_FILE = config.LOCALES_DIR / "glossary.yaml"
COMMAND = "python -m labmetrics.glossary > docs/glossary.md"
"""The command that writes docs/glossary.md (named in the file's header)."""

# Placeholders and quoted titles are not the catalogue's own words.
_NOT_WORDS = re.compile(r"\{[^{}]*\}|\"[^\"]*\"|“[^”]*”")


@dataclass(frozen=True)
class GlossarySource:
    """Where a Portuguese term is written: a title and, when there is one, its address."""

    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Term:
    """A concept's words in English and pt-BR, the source of the pt-BR word, and the checks
    the catalogues must pass (see the header of ``glossary.yaml``)."""

    en: str
    pt_br: str
    source: str
    note: str | None = None
    avoid: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    paired: bool = False
    pt_forms: tuple[str, ...] = ()
    irm: str | None = None


@dataclass(frozen=True)
class Glossary:
    """Every term, in the file's order, and the sources they cite."""

    terms: tuple[Term, ...]
    sources: Mapping[str, GlossarySource]


def _fail(path: Path, message: str, fix: str) -> ConfigError:
    return ConfigError(message, file=path, fix=fix)


def read_glossary(path: str | Path = GLOSSARY_FILE) -> Glossary:
    """Read and check the glossary file.

    Raises
    ------
    ConfigError
        For a missing key, a source that is not listed, or an ``avoid`` in a language
        labmetrics does not speak (with the term's position).
    """
    import yaml

    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sources = {key: GlossarySource(key, str(item["title"]), item.get("url"))
               for key, item in (data.get("sources") or {}).items()}
    terms = []
    for i, item in enumerate(data.get("terms") or []):
        missing = [k for k in ("en", "pt-BR", "source") if not item.get(k)]
        if missing:
            raise _fail(path, f"terms[{i}]: the key '{missing[0]}' is missing.",
                        fix="give every term en, pt-BR and the source of the pt-BR term.")
        if item["source"] not in sources:
            raise _fail(path, f"terms[{i}].source: '{item['source']}' is not listed under "
                        "'sources'.", fix=f"use one of {', '.join(sources)}.")
        avoid = {lang: tuple(words) for lang, words in (item.get("avoid") or {}).items()}
        for lang in avoid:
            if lang not in config.LANGUAGES:
                raise _fail(path, f"terms[{i}].avoid: '{lang}' is not a language.",
                            fix=f"use {', '.join(config.LANGUAGES)}.")
        terms.append(Term(en=str(item["en"]), pt_br=str(item["pt-BR"]),
                          source=str(item["source"]), note=item.get("note"), avoid=avoid,
                          paired=bool(item.get("paired", False)),
                          pt_forms=tuple(item.get("pt_forms") or ()), irm=item.get("irm")))
    return Glossary(tuple(terms), sources)


@cache
def glossary() -> Glossary:
    """The bundled glossary."""
    return read_glossary()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_glossary(g: Glossary | None = None) -> str:
    """The Markdown of docs/glossary.md: one row per term (term, pt-BR, en, source)."""
    g = g or glossary()
    lines = [
        "# Glossary",
        "",
        f"Generated from `labmetrics/locales/glossary.yaml` by `{COMMAND}`; do not edit by "
        "hand. Tests check that this file is up to date and that the message catalogues "
        "(`labmetrics/locales/*/*.yaml`), the IRM's level names and the texts of the "
        "commitment and assessment files use these terms.",
        "",
        "| term | pt-BR | en | source of the pt-BR term |",
        "|---|---|---|---|",
    ]
    for t in g.terms:
        source = g.sources[t.source]
        cited = f"[{_cell(source.title)}]({source.url})" if source.url else _cell(source.title)
        notes = [t.note.rstrip(".")] if t.note else []
        if t.avoid.get("pt-BR"):
            notes.append("not: " + ", ".join(f"“{w}”" for w in t.avoid["pt-BR"]))
        term = _cell(t.en.split(" (")[0] if t.en[0].isalpha() else t.en)
        extra = f" ({_cell('; '.join(notes))})" if notes else ""
        lines.append(f"| {term} | {_cell(t.pt_br)}{extra} | {_cell(t.en)} | {cited} |")
    return "\n".join(lines) + "\n"


def _words(text: str) -> str:
    """A message without its placeholders and quoted titles: ``{now}`` is not the word
    "now", and a quoted English title may name the IRM in a Portuguese sentence."""
    return _NOT_WORDS.sub(" ", text)


def _holds(text: str, word: str, *, ignore_case: bool) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", _words(text), flags) is not None


def catalogue_problems(catalogues: Mapping[str, Mapping[str, str]],
                       g: Glossary | None = None) -> list[str]:
    """Every place a catalogue strays from the glossary, as ``lang key: problem`` lines.

    ``catalogues`` maps a language to its messages (``i18n.catalogue(lang)``): a word of a
    term's ``avoid`` used as a whole word, or, for a ``paired`` term, an English message
    holding the term whose Portuguese does not. Placeholders and quoted titles are skipped.
    """
    g = g or glossary()
    problems = []
    for t in g.terms:
        for lang, words in t.avoid.items():
            says = t.pt_br if lang == "pt-BR" else t.en
            for key, text in catalogues.get(lang, {}).items():
                problems += [f"{lang} {key}: “{w}” (the glossary says “{says}”)"
                             for w in words if _holds(text, w, ignore_case=False)]
        if not t.paired:
            continue
        en, pt = catalogues.get("en", {}), catalogues.get("pt-BR", {})
        forms = (t.pt_br, *t.pt_forms)
        for key, text in en.items():
            if _holds(text, t.en, ignore_case=True) and key in pt and not any(
                    _holds(pt[key], f, ignore_case=True) for f in forms):
                problems.append(f"pt-BR {key}: no “{t.pt_br}” where en says “{t.en}”")
    return problems


if __name__ == "__main__":  # pragma: no cover - the command named in docs/glossary.md
    print(render_glossary(), end="")
