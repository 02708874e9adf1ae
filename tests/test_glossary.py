"""The glossary: docs/glossary.md is generated from it, and the catalogues speak its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from labmetrics import config, glossary, i18n
from labmetrics.errors import ConfigError
from labmetrics.irm.term_names import _VOCABULARIES

DOC = config.ROOT / "docs" / "glossary.md"


def _catalogues() -> dict[str, dict[str, str]]:
    return {lang: i18n.catalogue(lang) for lang in config.LANGUAGES}


def test_docs_glossary_is_generated_from_the_glossary_file() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text == glossary.render_glossary(), (
        f"docs/glossary.md is out of date: run `{glossary.COMMAND}`")
    assert glossary.COMMAND in text.splitlines()[2]
    assert "| Independent Reporting Mechanism | Mecanismo Independente de Avaliação (IRM)" in text


def test_every_term_has_both_languages_and_a_listed_source() -> None:
    g = glossary.glossary()
    assert len(g.terms) >= 40
    assert all(t.en and t.pt_br and t.source in g.sources for t in g.terms)
    cited = {t.source for t in g.terms}
    assert cited == set(g.sources), "a source no term cites"
    names = {t.en: t.pt_br for t in g.terms}
    assert names["Independent Reporting Mechanism (IRM)"] == \
        "Mecanismo Independente de Avaliação (IRM)"
    assert names["end-of-term report"] == "Relatório Final do Período"
    assert names["midterm report (progress report)"] == "Relatório Intermediário"


def test_the_catalogues_use_the_glossarys_terms() -> None:
    problems = glossary.catalogue_problems(_catalogues())
    assert problems == [], "\n".join(problems)


def test_the_irm_level_names_are_the_glossarys() -> None:
    scales = {v.scale_name(): v for v in _VOCABULARIES}
    checked = 0
    for term in glossary.glossary().terms:
        if term.irm is None:
            continue
        scale_name, _, member = term.irm.partition(".")
        scale = scales[scale_name]
        if member:
            level = scale[member.upper()]
            assert (level.label, level.label_pt_br) == (term.en.split(" (")[0], term.pt_br)
        else:
            assert (scale.title("en"), scale.title("pt-BR")) == (term.en, term.pt_br)
        checked += 1
    assert checked >= 20


def test_completion_levels_agree_in_gender_wherever_they_are_named() -> None:
    pt = i18n.catalogue("pt-BR")
    # The charts' level names are the IRM's, feminine like "conclusão".
    for code in ("not_started", "limited", "complete"):
        assert pt[f"figures.levels.{code}"] == pt[f"irm.completion.{code}"]
    assert pt["figures.metrics.returning"] == pt["network.labels.returning"] == "Retornaram"
    assert pt["figures.metrics.lapsed"] == pt["network.labels.lapsed"] == \
        "Deixaram de participar"


@pytest.mark.parametrize(("lang", "key", "text", "found"), [
    ("pt-BR", "progress.stages.end_of_term", "fim do mandato", "“mandato”"),
    ("pt-BR", "evidence.explain.met", "✓ {indicator} (agora {value})", "“agora”"),
    ("pt-BR", "progress.intro.assessor", "Mecanismo de Revisão Independente (IRM)",
     "“Mecanismo de Revisão Independente”"),
    ("pt-BR", "network.labels.returning", "Retornantes", "“Retornantes”"),
    ("pt-BR", "figures.levels.complete", "Completo", "“Completo”"),
    ("en", "progress.milestone.gap", "{condition} (now {value})", "“now”"),
])
def test_a_catalogue_straying_from_the_glossary_is_named(lang, key, text, found) -> None:
    catalogues = _catalogues()
    catalogues[lang] = {**catalogues[lang], key: text}
    problems = glossary.catalogue_problems(catalogues)
    assert len(problems) == 1 and problems[0].startswith(f"{lang} {key}: {found}")


def test_a_paired_term_missing_in_portuguese_is_named() -> None:
    catalogues = _catalogues()
    catalogues["pt-BR"] = {**catalogues["pt-BR"], "evidence.columns.threshold": "Limite"}
    problems = glossary.catalogue_problems(catalogues)
    assert "pt-BR evidence.columns.threshold: no “limiar” where en says “threshold”" in problems
    # A placeholder is not a word: "{now}" in an English message is fine.
    assert "{now}" in i18n.catalogue("en")["progress.change.intro"]


def test_a_term_citing_an_unlisted_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("sources:\n  a: {title: A}\nterms:\n  - {en: x, pt-BR: y, source: b}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"terms\[0\]\.source: 'b' is not listed"):
        glossary.read_glossary(path)
    path.write_text("sources:\n  a: {title: A}\nterms:\n  - {en: x, source: a}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"terms\[0\]: the key 'pt-BR' is missing"):
        glossary.read_glossary(path)


# The languages the glossary holds terms in; the bundled commitment is written in both.
GLOSSARY_LANGUAGES = ("pt-BR", "en")


def _texts(node: object, path: str, out: dict[str, dict[str, str]]) -> None:
    """Every text given per language in a YAML tree, keyed by where it is."""
    if isinstance(node, dict):
        if set(GLOSSARY_LANGUAGES) <= set(node):
            for lang in GLOSSARY_LANGUAGES:
                out[lang][path] = " ".join(str(node[lang]).split())
            return
        for key, value in node.items():
            _texts(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _texts(value, f"{path}[{i}]", out)


def test_the_commitment_and_assessment_texts_use_the_glossarys_terms() -> None:
    import yaml

    texts: dict[str, dict[str, str]] = {lang: {} for lang in GLOSSARY_LANGUAGES}
    for name in ("SAO0005.yaml", "SAO0005-assessment.yaml"):
        data = yaml.safe_load((config.COMMITMENTS_DIR / name).read_text(encoding="utf-8"))
        _texts(data, name, texts)
    assert len(texts["pt-BR"]) > 30
    problems = glossary.catalogue_problems(texts)
    assert problems == [], "\n".join(problems)
