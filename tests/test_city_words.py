"""No city, lab or assessor in the package's own words: every word about them comes from the
commitment, the assessment or the city pack.

The names are gathered from the bundled data (each commitment's id and labs, each city
pack's name, areas and upper level, the sample's spaces and hosts, the credit lines' own
names), then searched for in every module, template and message catalogue of the package
and in the templates `labmetrics init` writes. Data files are not searched: they are where
the names belong.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from labmetrics import config
from labmetrics.city import city_pack, known_packs
from labmetrics.geo import load_districts, load_subprefeituras

# Where names are data, not the package's words: the sample's invented world draws the
# bundled commitment's labs and districts, and the glossary cites the documents (named after
# their city) each Portuguese term comes from.
DATA_IN_PACKAGE = ("sample/", "locales/glossary.yaml")

# Names of bodies in the credit lines and the sample's hosts that the data does not split
# into names of their own.
CREDIT_NAMES = ("GeoSampa", "PRODAM", "SMIT", "SEADE", "Intendencia")

# The bundled defaults, which name a bundled commitment and pack by their ids.
DEFAULTS = {"config.py": ("DEFAULT_COMMITMENT", "DEFAULT_CITY")}


@cache
def bundled_names() -> frozenset[str]:
    """Every name of a bundled commitment, lab, city, area, upper level or body."""
    names: set[str] = set(CREDIT_NAMES)
    for path in sorted(config.COMMITMENTS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "labs" in data or "milestones" in data:
            names.add(data["id"])
            for lab, space in (data.get("labs") or {}).items():
                names |= {lab, space}
    for pack_id in known_packs():
        pack = city_pack(pack_id)
        names |= set(pack.name.values()) | set(pack.aliases)
        names |= set(load_districts(pack)["district_name"].dropna())
        names |= set(load_subprefeituras(pack)["subprefeitura"].dropna())
    with (config.RAW_DIR / "sample" / "spaces.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names |= {row["name"], row["host"]}
    # A compound name's distinctive words alone ("Paulo", "Pátio") is searched for too.
    names |= {word for name in list(names) for word in name.split()
              if len(word) >= 5 and word[0].isupper() and word not in COMMON_WORDS}
    return frozenset(n for n in names if n)


# Capitalised words of the bundled names that are also ordinary words of the package's
# texts (a sentence may start with them) or of OGP's terms: searched only as part of the
# whole name.
COMMON_WORDS = frozenset({
    "Digital", "Parque", "Jardim", "Vila", "Cidade", "Santa", "Santo", "Ponta", "Punta",
    "Barra", "Campo", "Ciudad", "Nuevo", "Nueva", "Villa", "Prefeitura", "Secretaria",
    "Livre", "Maker", "Residência", "Centro", "Mercado", "Bella", "Perez", "Paso",
    "Sayago", "Laboratorio", "Abierto", "Taller", "Nodo",
})


def _pattern() -> re.Pattern[str]:
    names = sorted(bundled_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _package_files() -> list[Path]:
    root = config.PACKAGE_DIR
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (
        ".py", ".yaml", ".j2", ".css", ".js", ".json")]
    files += sorted((config.RAW_DIR / "templates").glob("*.yaml"))
    return sorted(p for p in files if "__pycache__" not in p.parts
                  and not str(p.relative_to(root) if p.is_relative_to(root) else p)
                  .startswith(DATA_IN_PACKAGE))


def _text(path: Path) -> str:
    """The file's text, lines joined so that a name broken across lines is found; the
    bundled defaults' lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    skip = DEFAULTS.get(path.name, ())
    kept = [line for line in lines if not line.lstrip().startswith(skip)] if skip else lines
    # YAML folded text and docstrings wrap lines: join them, dropping comment marks.
    return " ".join(re.sub(r"^\s*#\s?", "", line).strip() for line in kept)


def test_the_bundled_names_are_gathered() -> None:
    names = bundled_names()
    assert {"SAO0005", "LabProdam", "MobiLab", "Pátio Digital", "labprodam", "São Paulo",
            "Paulo", "Montevideo", "Sé", "Butantã", "M'Boi Mirim", "Cordon", "Peñarol",
            "GeoSampa"} <= names
    assert len(names) > 250


@pytest.mark.parametrize("path", _package_files(),
                         ids=lambda p: str(p.relative_to(config.ROOT))
                         if p.is_relative_to(config.ROOT) else p.name)
def test_no_bundled_city_lab_or_commitment_is_named_in_the_package(path: Path) -> None:
    found = sorted(set(_pattern().findall(_text(path))))
    assert found == [], f"{path.name} names {', '.join(found)}: take the words from the " \
        "commitment, the assessment or the city pack."


def test_the_search_finds_a_name_wherever_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("intro: >-\n  the labs of São\n  Paulo, like\n  # MobiLab\n", "utf-8")
    assert sorted(set(_pattern().findall(_text(path)))) == ["MobiLab", "São Paulo"]
    path.write_text("note: the participation of São-Paulistas in the mobilabs\n", "utf-8")
    assert _pattern().findall(_text(path)) == []
