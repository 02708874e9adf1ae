"""City packs: a city's geography as an input, in a folder of its own.

A city pack is a folder (``data/raw/cities/<id>/``) holding the boundaries of the city's
areas (districts, barrios, neighbourhoods...) as GeoJSON, optionally those of an upper level
(subprefeituras, boroughs, municipios), a ``SOURCES.md`` note, and ``city.yaml`` saying
which column holds what, the city's name in each language, the words for its areas, name
aliases, whether numbers in the data are area codes, and the credit line and licence of the
boundaries. Nothing about a particular city is written in the code: :mod:`labmetrics.geo`
reads what the pack says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from labmetrics import config
from labmetrics.errors import ConfigError

PACK_FILE = "city.yaml"
SOURCES_FILE = "SOURCES.md"

_TOP_KEYS = ("id", "name", "areas", "upper", "regions", "numeric_codes", "aliases",
             "metric_crs", "credit", "licence")
_REQUIRED = ("id", "name", "areas", "credit", "licence")
_AREA_KEYS = ("file", "code", "name", "other_names", "abbr", "area_km2", "upper", "label",
              "label_one")
_UPPER_KEYS = ("file", "code", "name", "other_names", "abbr", "area_km2", "label",
               "label_one")


@dataclass(frozen=True)
class Level:
    """One level of a city's areas: its file and which property holds what.

    ``other_names`` are properties holding other spellings of a unit's name (matched too).
    """

    file: Path
    code: str
    name: str
    label: Mapping[str, str]
    abbr: str | None = None
    area_km2: str | None = None
    label_one: Mapping[str, str] | None = None
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class CityPack:
    """A city pack, read from its ``city.yaml``.

    Attributes
    ----------
    id
        The pack's id (its folder's name), e.g. ``sao-paulo``.
    folder
        The pack's folder.
    name
        The city's name per language.
    areas
        The areas data is placed in (the ``district_*`` columns of the data model).
    upper
        The level above the areas (the ``subprefeitura*`` columns), or None.
    upper_column
        The property of the areas file holding the upper level's code, or None.
    region_column, regions
        The property of the areas file holding the region, and the regions in the order
        they are shown (both empty when the city has no regions).
    numeric_codes
        Whether a number written in a place column is an area code.
    aliases
        Other names of areas (folded when matched) to their area codes.
    metric_crs
        A projected CRS in metres for the city (distances, buffers).
    credit, licence
        The credit line shown wherever a map of the boundaries is drawn, and their licence.

    Packs compare and hash by identity: :func:`city_pack` reads each folder once.
    """

    id: str
    folder: Path
    name: Mapping[str, str]
    areas: Level
    upper: Level | None
    upper_column: str | None
    region_column: str | None
    regions: tuple[str, ...]
    numeric_codes: bool
    aliases: Mapping[str, int]
    metric_crs: str
    credit: str
    licence: str

    def city_name(self, lang: str = config.DEFAULT_LANG) -> str:
        """The city's name in ``lang`` (its first name when the pack has none in ``lang``)."""
        return self.name.get(lang) or next(iter(self.name.values()))

    def area_label(self, lang: str = config.DEFAULT_LANG, *, one: bool = False) -> str:
        """The word for the city's areas in ``lang`` (``one`` for the singular)."""
        words = (self.areas.label_one if one and self.areas.label_one else self.areas.label)
        return words.get(lang) or next(iter(words.values()))

    @property
    def files(self) -> tuple[Path, ...]:
        """The pack's files: city.yaml, the boundaries and SOURCES.md."""
        files = [self.folder / PACK_FILE, self.areas.file]
        if self.upper is not None:
            files.append(self.upper.file)
        sources = self.folder / SOURCES_FILE
        if sources.is_file():
            files.append(sources)
        return tuple(files)


def _fail(path: Path, key: str, message: str, fix: str) -> ConfigError:
    return ConfigError(f"{key}: {message}", file=path, fix=fix)


def _words(path: Path, key: str, value: Any) -> Mapping[str, str]:
    if isinstance(value, str):
        return {config.DEFAULT_LANG: value}
    if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        raise _fail(path, key, "expected a text per language.",
                    fix=f"write {key}: with one line per language, e.g. 'en: ...'.")
    return dict(value)


def _level(path: Path, key: str, value: Any, keys: tuple[str, ...]) -> Level:
    if not isinstance(value, dict):
        raise _fail(path, key, "expected a mapping.", fix=f"write {', '.join(keys)} under it.")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise _fail(path, f"{key}.{unknown[0]}", "unknown key.",
                    fix=f"use only {', '.join(keys)} here.")
    for required in ("file", "code", "name", "label"):
        if not value.get(required):
            raise _fail(path, key, f"the key '{required}' is missing.",
                        fix=f"add '{required}:' under {key}.")
    file = path.parent / str(value["file"])
    if not file.is_file():
        raise ConfigError(f"{key}.file: the boundaries file {file.name} is not in the pack.",
                          file=path, fix="put the GeoJSON file in the pack's folder or "
                          "correct its name.")
    return Level(file=file, code=str(value["code"]), name=str(value["name"]),
                 label=_words(path, f"{key}.label", value["label"]),
                 abbr=str(value["abbr"]) if value.get("abbr") else None,
                 area_km2=str(value["area_km2"]) if value.get("area_km2") else None,
                 label_one=_words(path, f"{key}.label_one", value["label_one"])
                 if value.get("label_one") else None,
                 other_names=tuple(str(n) for n in value.get("other_names") or ()))


def read_pack(folder: str | Path) -> CityPack:
    """Read and check the city pack in ``folder``.

    Raises
    ------
    ConfigError
        When the folder or its city.yaml is missing, a key is unknown or missing, or a file
        it names is not in the folder.
    """
    folder = Path(folder)
    path = folder / PACK_FILE
    if not path.is_file():
        raise ConfigError("this folder is not a city pack (it has no city.yaml).", file=folder,
                          fix=f"name a pack of {config.CITIES_DIR} ("
                          + ", ".join(known_packs()) + ") or a folder holding a city.yaml.")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=config.yaml_loader())
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"city.yaml is not valid UTF-8 YAML ({exc}).", file=path,
                          fix="correct the YAML syntax.") from exc
    if not isinstance(data, dict):
        raise ConfigError("city.yaml holds no mapping.", file=path,
                          fix="write the pack's keys: " + ", ".join(_REQUIRED) + ".")
    for key in data:
        if key not in _TOP_KEYS:
            raise _fail(path, str(key), "unknown key.", fix=f"use only {', '.join(_TOP_KEYS)}.")
    for key in _REQUIRED:
        if data.get(key) in (None, ""):
            raise _fail(path, key, "the key is missing.", fix=f"add '{key}:' to city.yaml.")
    areas_raw = data["areas"]
    areas = _level(path, "areas", areas_raw, _AREA_KEYS)
    upper = (_level(path, "upper", data["upper"], _UPPER_KEYS) if data.get("upper") else None)
    upper_column = str(areas_raw.get("upper")) if areas_raw.get("upper") else None
    if (upper is None) != (upper_column is None):
        raise _fail(path, "areas.upper", "an upper level needs both its file (upper:) and the "
                    "areas' column holding its code (areas.upper:).",
                    fix="give both, or neither.")
    regions = data.get("regions") or {}
    if regions and not (isinstance(regions, dict) and regions.get("column")):
        raise _fail(path, "regions", "expected 'column:' and 'order:'.",
                    fix="name the areas' property holding the region, and list the regions.")
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict) or not all(isinstance(v, int) for v in aliases.values()):
        raise _fail(path, "aliases", "expected names mapped to area codes.",
                    fix="write one 'Other name: <area code>' per line.")
    return CityPack(
        id=str(data["id"]), folder=folder, name=_words(path, "name", data["name"]),
        areas=areas, upper=upper, upper_column=upper_column,
        region_column=str(regions["column"]) if regions else None,
        regions=tuple(str(r) for r in regions.get("order") or ()) if regions else (),
        numeric_codes=bool(data.get("numeric_codes", False)),
        aliases={str(k): int(v) for k, v in aliases.items()},
        metric_crs=str(data.get("metric_crs") or "EPSG:3857"),
        credit=str(data["credit"]), licence=str(data["licence"]),
    )


def known_packs() -> tuple[str, ...]:
    """The ids of the bundled city packs."""
    if not config.CITIES_DIR.is_dir():
        return ()
    return tuple(sorted(p.parent.name for p in config.CITIES_DIR.glob(f"*/{PACK_FILE}")))


@cache
def _read_cached(folder: Path) -> CityPack:
    return read_pack(folder)


def city_pack(city: CityPack | str | Path | None = None) -> CityPack:
    """The city pack ``city`` names: a pack, a bundled pack's id, or a pack's folder.

    None gives the default pack (``config.DEFAULT_CITY``). Packs are read once.
    """
    if isinstance(city, CityPack):
        return city
    name = config.DEFAULT_CITY if city is None else city
    folder = Path(name)
    if not folder.is_dir() or not (folder / PACK_FILE).is_file():
        bundled = config.CITIES_DIR / str(name)
        if not bundled.is_dir():
            raise ConfigError(f"there is no city pack '{name}'.",
                              fix="use one of " + ", ".join(known_packs())
                              + ", or the path of a folder holding a city.yaml.")
        folder = bundled
    return _read_cached(folder.resolve())


def pack_ref(pack: CityPack) -> str:
    """How a manifest names ``pack``: its id when it is bundled, else its folder."""
    bundled = (config.CITIES_DIR / pack.id).resolve()
    return pack.id if bundled == pack.folder.resolve() else str(pack.folder)
