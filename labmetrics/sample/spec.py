"""A sample spec: the invented world of one commitment's sample, as data.

A spec (``data/raw/commitments/<ID>-sample.yaml``, beside the commitment) says which spaces
and labs the city has and how they are used over time, what kinds of groups there are and
where in the city pack's areas they gather, when they were mapped and joined the network,
how projects go, and how the city's teams export their files. :mod:`labmetrics.sample.world`
draws the tables from it and :mod:`labmetrics.sample.quirks` writes them; nothing about a
city or a commitment is written in their code. docs/sample-spec.md describes every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from labmetrics import config
from labmetrics.commitment.yaml_io import KeyPath, YamlFile
from labmetrics.errors import ConfigError
from labmetrics.schema import FORMATS, GROUP_KINDS, OPEN_TECH

SPEC_SUFFIX = "-sample.yaml"

_SPACE_KEYS = ("id", "name", "host", "kind", "area", "formats", "opened", "activity",
               "saturday", "sunday", "crowd", "used_by", "partner_of", "second_space",
               "project_lead", "projects")
_SPACE_OPTIONAL = ("seats", "closed", "projects_stopped", "own_projects", "open_data_used")
_KIND_KEYS = ("share", "open_tech", "uses", "names")


@dataclass(frozen=True)
class SpaceSpec:
    """One space of the sample (see the comments of a spec file for each field)."""

    space_id: str
    name: str
    host: str
    kind: str
    area: str
    seats: int | None
    formats: Mapping[str, float]
    opened_on: str
    closed_on: str | None
    activity: tuple[tuple[str, float], ...]
    saturday: float
    sunday: float
    crowd: float
    used_by: Mapping[str, float]
    partner_of: float
    second_space: float
    project_lead: float
    projects: tuple[str, ...]
    projects_stopped: float | None = None
    own_projects: float | None = None
    open_data_used: float | None = None


@dataclass(frozen=True)
class KindSpec:
    """One kind of group: its share, where it gathers, its technologies, how it is named."""

    share: float
    regions: Mapping[str, float]
    open_tech: tuple[float, ...]
    uses: float
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    joiner: str


@dataclass(frozen=True)
class MappingPeriod:
    """A period of the mapping: its days, its share of groups, who mapped them."""

    start: str
    end: str
    share: float
    mappers: Mapping[str, float]
    peak: str | None = None


@dataclass(frozen=True)
class SampleSpec:
    """A commitment's sample spec, read from its YAML file.

    Attributes
    ----------
    commitment, city
        The commitment the sample is for, and the city pack its places are drawn in.
    folder
        The folder of ``data/raw/`` its bundled sample is written to.
    path
        The spec file.
    """

    commitment: str
    city: str
    folder: str
    path: Path
    rows: Mapping[str, int]
    season: tuple[float, ...]
    spaces: tuple[SpaceSpec, ...]
    region_weights: Mapping[str, float]
    fewer: tuple[float, tuple[str, ...]]
    more: tuple[float, tuple[str, ...]]
    km_per_degree: tuple[float, float]
    pull_km: float
    kinds: Mapping[str, KindSpec]
    themes: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    mail_domains: tuple[str, ...]
    phone_prefix: str
    inactive: float
    mapping: tuple[MappingPeriod, ...]
    until_open: Mapping[str, str]
    instead: str
    self_registration: str
    network: Mapping[str, Any]
    projects: Mapping[str, Any]
    headers: Mapping[str, Mapping[str, str]]
    codes: Mapping[str, str]
    yes_word: str
    no_word: str
    spreadsheet_until: str
    outside: tuple[str, float, float]
    pilot: str
    readme: Mapping[str, Mapping[str, str]]

    def space_index(self, space_id: str) -> int:
        """The position of ``space_id`` among the spaces."""
        return [s.space_id for s in self.spaces].index(space_id)


def _iso(file: YamlFile, value: Any, path: KeyPath) -> str:
    return file.date(value, path).isoformat()


def _numbers(file: YamlFile, value: Any, path: KeyPath) -> tuple[float, ...]:
    return tuple(file.number(v, (*path, i)) for i, v in
                 enumerate(file.sequence(value, path)))


def _strings(file: YamlFile, value: Any, path: KeyPath) -> tuple[str, ...]:
    return tuple(file.string(v, (*path, i)) for i, v in enumerate(file.sequence(value, path)))


def _shares(file: YamlFile, value: Any, path: KeyPath, known: tuple[str, ...] | None = None
            ) -> dict[str, float]:
    items = file.mapping(value, path, required=(), free=True)
    if not items:
        file.fail(path, "no item is listed.", fix="list at least one 'name: share'.")
    for key in items:
        if known is not None and key not in known:
            file.fail((*path, key), f"'{key}' is not one of {', '.join(known)}.",
                      fix="use the codes of the data model (docs/data-dictionary.md).")
    return {str(k): file.number(v, (*path, k)) for k, v in items.items()}


def _space(file: YamlFile, value: Any, path: KeyPath) -> SpaceSpec:
    item = file.mapping(value, path, required=_SPACE_KEYS, optional=_SPACE_OPTIONAL)
    activity = []
    for i, knot in enumerate(file.sequence(item["activity"], (*path, "activity"))):
        if not isinstance(knot, list) or len(knot) != 2:
            file.fail((*path, "activity", i), "expected [date, uses per month].",
                      fix="write each point as [YYYY-MM-DD, number].")
        activity.append((_iso(file, knot[0], (*path, "activity", i)),
                         file.number(knot[1], (*path, "activity", i))))

    def optional(key: str) -> float | None:
        return file.number(item[key], (*path, key)) if item.get(key) is not None else None

    return SpaceSpec(
        space_id=file.string(item["id"], (*path, "id")),
        name=file.string(item["name"], (*path, "name")),
        host=file.string(item["host"], (*path, "host")),
        kind=file.string(item["kind"], (*path, "kind")),
        area=file.string(item["area"], (*path, "area")),
        seats=file.integer(item["seats"], (*path, "seats")) if item.get("seats") else None,
        formats=MappingProxyType(_shares(file, item["formats"], (*path, "formats"), FORMATS)),
        opened_on=_iso(file, item["opened"], (*path, "opened")),
        closed_on=_iso(file, item["closed"], (*path, "closed")) if item.get("closed") else None,
        activity=tuple(activity),
        saturday=file.number(item["saturday"], (*path, "saturday")),
        sunday=file.number(item["sunday"], (*path, "sunday")),
        crowd=file.number(item["crowd"], (*path, "crowd")),
        used_by=MappingProxyType(_shares(file, item["used_by"], (*path, "used_by"),
                                         GROUP_KINDS)),
        partner_of=file.number(item["partner_of"], (*path, "partner_of")),
        second_space=file.number(item["second_space"], (*path, "second_space")),
        project_lead=file.number(item["project_lead"], (*path, "project_lead")),
        projects=_strings(file, item["projects"], (*path, "projects")),
        projects_stopped=optional("projects_stopped"), own_projects=optional("own_projects"),
        open_data_used=optional("open_data_used"),
    )


def _kind(file: YamlFile, value: Any, path: KeyPath) -> KindSpec:
    item = file.mapping(value, path, required=_KIND_KEYS, optional=("regions",))
    names = file.mapping(item["names"], (*path, "names"), required=("heads", "tails"),
                         optional=("joiner",))
    tech = _numbers(file, item["open_tech"], (*path, "open_tech"))
    if len(tech) != len(OPEN_TECH):
        file.fail((*path, "open_tech"), f"expected {len(OPEN_TECH)} numbers.",
                  fix=f"give one chance each for {', '.join(OPEN_TECH)}.")
    return KindSpec(
        share=file.number(item["share"], (*path, "share")),
        regions=MappingProxyType(_shares(file, item["regions"], (*path, "regions"))
                                 if item.get("regions") else {}),
        open_tech=tech, uses=file.number(item["uses"], (*path, "uses")),
        heads=_strings(file, names["heads"], (*path, "names", "heads")),
        tails=_strings(file, names["tails"], (*path, "names", "tails")),
        joiner=str(names.get("joiner", " ")),
    )


def _period(file: YamlFile, value: Any, path: KeyPath) -> MappingPeriod:
    item = file.mapping(value, path, required=("from", "to", "share", "mappers"),
                        optional=("peak",))
    return MappingPeriod(
        start=_iso(file, item["from"], (*path, "from")),
        end=_iso(file, item["to"], (*path, "to")),
        share=file.number(item["share"], (*path, "share")),
        mappers=MappingProxyType(_shares(file, item["mappers"], (*path, "mappers"))),
        peak=_iso(file, item["peak"], (*path, "peak")) if item.get("peak") else None,
    )


_TOP = ("commitment", "city", "folder", "rows", "season", "spaces", "areas", "groups",
        "mapping", "network", "projects", "export", "readme")
_NETWORK = ("opens", "join_after", "join_spread", "users", "others", "lone_partners",
            "inactive_from", "early")
_PROJECTS = ("own_before", "own_after", "stopped", "open_data_used", "edition")


def read_spec(path: str | Path) -> SampleSpec:
    """Read and check the sample spec in ``path``.

    Raises
    ------
    ConfigError
        Naming the file, the line, the key and the fix.
    """
    file = YamlFile(Path(path), "sample spec")
    top = file.mapping(file.data, (), required=_TOP)
    spaces = tuple(_space(file, item, ("spaces", i))
                   for i, item in enumerate(file.sequence(top["spaces"], ("spaces",))))
    ids = [s.space_id for s in spaces]
    areas = file.mapping(top["areas"], ("areas",), required=("km_per_degree", "pull_km"),
                         optional=("regions", "fewer", "more"))
    groups = file.mapping(top["groups"], ("groups",),
                          required=("kinds", "themes", "first_names", "last_names",
                                    "mail_domains", "phone_prefix", "inactive"))
    kinds = file.mapping(groups["kinds"], ("groups", "kinds"), required=GROUP_KINDS)
    mapping = file.mapping(top["mapping"], ("mapping",),
                           required=("periods", "instead", "self_registration"),
                           optional=("until_open",))
    periods = tuple(_period(file, item, ("mapping", "periods", i)) for i, item in
                    enumerate(file.sequence(mapping["periods"], ("mapping", "periods"))))
    if sum(p.peak is not None for p in periods) > 1:
        file.fail(("mapping", "periods"), "more than one period has a peak.",
                  fix="give 'peak:' to one period at most.")
    until_open = file.mapping(mapping.get("until_open") or {}, ("mapping", "until_open"),
                              required=(), free=True)
    for mapper, space in until_open.items():
        if space not in ids:
            file.fail(("mapping", "until_open", mapper), f"'{space}' is not a space above.",
                      fix=f"use one of {', '.join(ids)}.")
    network = file.mapping(top["network"], ("network",), required=_NETWORK)
    lone = _shares(file, network["lone_partners"], ("network", "lone_partners"), tuple(ids))
    projects = file.mapping(top["projects"], ("projects",), required=_PROJECTS)
    export = file.mapping(top["export"], ("export",),
                          required=("headers", "codes", "yes_word", "no_word",
                                    "spreadsheet_until", "outside", "pilot"))
    outside = file.mapping(export["outside"], ("export", "outside"),
                           required=("name", "latitude", "longitude"))
    readme = file.mapping(top["readme"], ("readme",), required=("real_names", "layout"))
    rows = file.mapping(top["rows"], ("rows",), required=("groups", "usage", "projects"))
    season = _numbers(file, top["season"], ("season",))
    if len(season) != 12:
        file.fail(("season",), "expected 12 numbers.", fix="give one weight per month.")

    def listed(key: str) -> tuple[float, tuple[str, ...]]:
        if not areas.get(key):
            return 1.0, ()
        item = file.mapping(areas[key], ("areas", key), required=("weight", "names"))
        return (file.number(item["weight"], ("areas", key, "weight")),
                _strings(file, item["names"], ("areas", key, "names")))

    degree = _numbers(file, areas["km_per_degree"], ("areas", "km_per_degree"))
    return SampleSpec(
        commitment=file.string(top["commitment"], ("commitment",)),
        city=file.string(top["city"], ("city",)),
        folder=file.string(top["folder"], ("folder",)), path=Path(path),
        rows=MappingProxyType({k: file.integer(rows[k], ("rows", k))
                               for k in ("groups", "usage", "projects")}),
        season=season, spaces=spaces,
        region_weights=MappingProxyType(_shares(file, areas["regions"], ("areas", "regions"))
                                        if areas.get("regions") else {}),
        fewer=listed("fewer"), more=listed("more"),
        km_per_degree=(degree[0], degree[1]),
        pull_km=file.number(areas["pull_km"], ("areas", "pull_km")),
        kinds=MappingProxyType({k: _kind(file, kinds[k], ("groups", "kinds", k))
                                for k in GROUP_KINDS}),
        themes=_strings(file, groups["themes"], ("groups", "themes")),
        first_names=_strings(file, groups["first_names"], ("groups", "first_names")),
        last_names=_strings(file, groups["last_names"], ("groups", "last_names")),
        mail_domains=_strings(file, groups["mail_domains"], ("groups", "mail_domains")),
        phone_prefix=file.string(groups["phone_prefix"], ("groups", "phone_prefix")),
        inactive=file.number(groups["inactive"], ("groups", "inactive")),
        mapping=periods, until_open=MappingProxyType(dict(until_open)),
        instead=file.string(mapping["instead"], ("mapping", "instead")),
        self_registration=file.string(mapping["self_registration"],
                                      ("mapping", "self_registration")),
        network=MappingProxyType({
            "opens": _iso(file, network["opens"], ("network", "opens")),
            "inactive_from": _iso(file, network["inactive_from"], ("network", "inactive_from")),
            "join_after": file.integer(network["join_after"], ("network", "join_after")),
            "join_spread": file.number(network["join_spread"], ("network", "join_spread")),
            **{k: file.number(network[k], ("network", k)) for k in ("users", "others",
                                                                     "early")},
            "lone_partners": MappingProxyType(lone)}),
        projects=MappingProxyType({
            **{k: file.number(projects[k], ("projects", k))
               for k in ("own_before", "own_after", "stopped", "open_data_used")},
            "edition": file.string(projects["edition"], ("projects", "edition"))}),
        headers=MappingProxyType({
            str(name): MappingProxyType({str(k): str(v) for k, v in file.mapping(
                cols, ("export", "headers", name), required=(), free=True).items()})
            for name, cols in file.mapping(export["headers"], ("export", "headers"),
                                           required=(), free=True).items()}),
        codes=MappingProxyType({str(k): file.string(v, ("export", "codes", k)) for k, v in
                                file.mapping(export["codes"], ("export", "codes"),
                                             required=(), free=True).items()}),
        yes_word=file.string(export["yes_word"], ("export", "yes_word")),
        no_word=file.string(export["no_word"], ("export", "no_word")),
        spreadsheet_until=_iso(file, export["spreadsheet_until"],
                               ("export", "spreadsheet_until")),
        outside=(file.string(outside["name"], ("export", "outside", "name")),
                 file.number(outside["latitude"], ("export", "outside", "latitude")),
                 file.number(outside["longitude"], ("export", "outside", "longitude"))),
        pilot=file.string(export["pilot"], ("export", "pilot")),
        readme=MappingProxyType({
            key: MappingProxyType({str(lang): str(text) for lang, text in file.mapping(
                readme[key], ("readme", key), required=("pt-BR", "en"), free=True).items()})
            for key in ("real_names", "layout")}),
    )


def spec_path(commitment: str) -> Path:
    """The bundled spec of ``commitment``: ``data/raw/commitments/<ID>-sample.yaml``."""
    return config.COMMITMENTS_DIR / f"{commitment}{SPEC_SUFFIX}"


def known_specs() -> tuple[str, ...]:
    """The commitments with a bundled sample spec."""
    return tuple(sorted(p.name.removesuffix(SPEC_SUFFIX)
                        for p in config.COMMITMENTS_DIR.glob(f"*{SPEC_SUFFIX}")))


@cache
def _bundled(path: Path) -> SampleSpec:
    return read_spec(path)


def sample_spec(commitment: str | Path | SampleSpec = config.DEFAULT_COMMITMENT) -> SampleSpec:
    """The spec ``commitment`` names: a spec, a spec file, or a commitment id (its bundled
    spec). Bundled specs are read once.

    Raises
    ------
    ConfigError
        When no such spec exists.
    """
    if isinstance(commitment, SampleSpec):
        return commitment
    path = Path(commitment)
    if not path.suffix:
        path = spec_path(str(commitment))
        if not path.is_file():
            raise ConfigError(f"commitment {commitment} has no sample spec.", file=path,
                              fix="use one of " + ", ".join(known_specs())
                              + ", or give the path of a spec file.")
    return _bundled(path.resolve())
