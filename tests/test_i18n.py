"""The message catalogues: both languages complete, keys used in code all present, formats."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from labmetrics import config, i18n, schema
from labmetrics.errors import ConfigError

# A literal key passed to t(...) or i18n.t(...) anywhere in the library or the notebooks.
_KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_\-]+)+)["']""")


def _sources() -> list[tuple[str, str]]:
    files = [(str(p), p.read_text(encoding="utf-8"))
             for p in (config.PACKAGE_DIR).rglob("*.py")]
    for nb in config.NOTEBOOKS_DIR.glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        files.append((str(nb), "\n".join("".join(c["source"]) for c in cells)))
    return files


def test_every_language_has_the_same_keys() -> None:
    pt = set(i18n.catalogue("pt-BR"))
    assert pt, "the pt-BR catalogue is empty"
    for lang in config.LANGUAGES:
        keys = set(i18n.catalogue(lang))
        assert sorted(pt - keys) == [], f"keys missing in {lang}"
        assert sorted(keys - pt) == [], f"keys missing in pt-BR (found in {lang})"


def test_spanish_names_every_irm_level_itself() -> None:
    import yaml

    from labmetrics.irm import catalogue_entries

    own: dict[str, str] = {}
    data = yaml.safe_load((config.LOCALES_DIR / "es" / "irm.yaml").read_text(encoding="utf-8"))
    i18n._flatten("irm", data, own)
    assert set(own) == set(catalogue_entries("en"))
    assert i18n.t("irm.completion.substantial", "es") == "Sustancial"


def test_every_key_used_in_code_exists_in_both_languages() -> None:
    used = {(path, key) for path, text in _sources() for key in _KEY_CALL.findall(text)}
    assert used, "no literal message key found in the sources"
    missing = sorted((path, key, lang) for path, key in used for lang in config.LANGUAGES
                     if not i18n.has(key, lang))
    assert missing == []


def test_placeholders_agree_between_languages() -> None:
    field = re.compile(r"{(\w+)")
    pt = i18n.catalogue("pt-BR")
    for lang in config.LANGUAGES:
        other = i18n.catalogue(lang)
        differing = {k for k in pt if k in other
                     and set(field.findall(pt[k])) != set(field.findall(other[k]))}
        assert differing == set(), lang


def test_translate_fills_placeholders_and_refuses_unknown_keys() -> None:
    assert i18n.t("common.period", "pt-BR") == "Período"
    assert i18n.t("common.period", "en") == "Period"
    with pytest.raises(ConfigError, match=r"common\.nope"):
        i18n.t("common.nope", "en")


def test_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match="pt-BR, en"):
        i18n.t("common.period", "fr")


@pytest.mark.parametrize(
    ("lang", "number", "decimals", "expected"),
    [("pt-BR", 1234.5, 1, "1.234,5"), ("en", 1234.5, 1, "1,234.5"), ("es", 1234.5, 1, "1.234,5"),
     ("pt-BR", 1234567, 0, "1.234.567"), ("en", 0.25, 2, "0.25")],
)
def test_numbers_are_formatted_for_the_language(lang, number, decimals, expected) -> None:
    assert i18n.format_number(number, lang, decimals) == expected


def test_missing_numbers_show_a_dash() -> None:
    assert i18n.format_number(float("nan"), "pt-BR") == "–"
    assert i18n.format_percent(None, "en") == "–"


def test_percentages_and_dates_follow_the_language() -> None:
    assert i18n.format_percent(0.256, "pt-BR", 1) == "25,6%"
    assert i18n.format_percent(0.256, "en", 1) == "25.6%"
    assert i18n.format_date(dt.date(2017, 4, 3), "pt-BR") == "03/04/2017"
    assert i18n.format_date("2017-04-03", "en") == "3 Apr 2017"
    assert i18n.format_date("2017-04-03", "es") == "03/04/2017"
    assert i18n.format_period("2017-01-01", "2017-12-31", "pt-BR") == "01/01/2017 – 31/12/2017"


def test_label_codes_names_each_column_of_codes_beside_it() -> None:
    import pandas as pd

    groups = pd.DataFrame({"group_id": ["G1", "G2"], "kind": ["civil_society_org", "startup"],
                           "status": ["active", "inactive"],
                           "open_tech": [["free_software", "open_data"], []]})
    pt = i18n.label_codes(groups, "pt-BR")
    assert list(pt.columns) == ["group_id", "kind", "kind_label", "status", "status_label",
                                "open_tech", "open_tech_label"]
    assert pt["kind_label"].tolist() == ["Organização da sociedade civil", "Startup"]
    assert pt["status_label"].tolist() == ["Ativo", "Inativo"]
    assert pt["open_tech_label"].tolist() == ["Software livre; Dados abertos", ""]
    assert i18n.label_codes(groups, "en")["kind_label"].tolist() == [
        "Civil society organisation", "Startup"]
    assert list(groups.columns) == ["group_id", "kind", "status", "open_tech"]


def test_label_codes_names_a_column_alike_whatever_its_type() -> None:
    import numpy as np
    import pandas as pd

    codes = ["startup", None, "civil_society_org", "startup"]
    names = ["Startup", None, "Organização da sociedade civil", "Startup"]
    for dtype in ("string", "str", object, "category"):
        kind = pd.Series(codes, dtype=dtype, index=[3, 1, 2, 0])
        named = i18n.label_codes(pd.DataFrame({"kind": kind}), "pt-BR")["kind_label"]
        assert named.dtype == object and named.index.tolist() == [3, 1, 2, 0]
        assert [None if pd.isna(v) else v for v in named] == names
        # A missing code stays missing, as the column's own missing value where it has one.
        assert named[1] is (pd.NA if dtype == "string" else np.nan)
    assert "kind_label" not in i18n.label_codes(
        pd.DataFrame({"kind": pd.Series([None, None], dtype="string")}), "pt-BR")


def test_label_codes_reads_status_by_the_table_and_irm_levels_by_their_labels() -> None:
    import pandas as pd

    projects = pd.DataFrame({"project_id": ["P1"], "status": ["active"]})
    assert i18n.label_codes(projects, "pt-BR")["status_label"].tolist() == ["Em andamento"]
    spaces = pd.DataFrame({"space_id": ["s"], "kind": ["fab_lab"]})
    assert i18n.label_codes(spaces, "pt-BR")["kind_label"].tolist() == ["Fab lab"]
    checks = pd.DataFrame({"level": ["Complete", "Not Started"],
                           "ogp_value": ["Civic Participation", None]})
    named = i18n.label_codes(checks, "pt-BR")
    assert named["level_label"].tolist() == ["Completa", "Não iniciada"]
    assert named["ogp_value_label"].tolist()[0] == "Participação cívica"
    # A code outside every vocabulary leaves the column as it is: nothing is guessed.
    odd = pd.DataFrame({"kind": ["civil_society_org", "guild"], "title": ["a", "b"]})
    assert list(i18n.label_codes(odd, "pt-BR").columns) == ["kind", "title"]


def _named_cell_by_cell(values: pd.Series, names: dict[str, str]) -> list[object]:
    return [("; ".join(names[v] for v in cell) if isinstance(cell, list) else
             names[cell] if isinstance(cell, str) else cell) for cell in values]


@pytest.mark.parametrize("lang", ["pt-BR", "en", "es"])
def test_lists_of_codes_are_named_as_cell_by_cell_on_the_bundled_data(lang: str) -> None:
    from labmetrics import dataset

    data = dataset.load()
    checked = 0
    for frame in (data.groups, data.spaces, data.projects):
        named = i18n.label_codes(frame, lang)
        for column in [c for c in frame.columns if f"{c}_label" in named.columns]:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                names = {code: label for cell, named_cell in zip(
                    frame[column], named[f"{column}_label"], strict=True)
                    if isinstance(cell, list) and cell
                    for code, label in zip(cell, named_cell.split("; "), strict=True)}
                assert named[f"{column}_label"].tolist() == _named_cell_by_cell(
                    frame[column], names)
                checked += 1
    assert checked >= 3


def test_lists_with_missing_cells_empty_lists_and_unknown_codes() -> None:
    lists = pd.Series([["civil_society_org", "startup"], [], None, float("nan"),
                       ["startup"]], dtype=object)
    named = i18n.label_codes(pd.DataFrame({"kind": lists}), "en")["kind_label"].tolist()
    names = i18n.code_names(schema.GROUP_KINDS, "en")
    assert named[:2] == [f"{names['civil_society_org']}; {names['startup']}", ""]
    assert named[2] is None and named[3] != named[3]  # missing cells stay as they were
    assert named[4] == names["startup"]
    unknown = pd.Series([["startup"], ["no_such_kind"]], dtype=object)
    assert "kind_label" not in i18n.label_codes(pd.DataFrame({"kind": unknown}), "en")
    mixed = pd.Series([["startup"], "startup", ("startup",)], dtype=object)
    assert i18n.label_codes(pd.DataFrame({"kind": mixed}), "en")["kind_label"].tolist() == [
        names["startup"]] * 3
