"""A report plan: what ``labmetrics report all`` renders, as a YAML file.

A plan lists commitments, each with its data folder, the periods of its progress and
network reports, whether its partner directory is rendered, and the languages; ``report
all`` renders every report of every entry, each entry into its own folder of the reports
folder, and the index groups them by city and commitment. The bundled plan
(``data/raw/plan.yaml``) renders the bundled commitments on their samples. Paths in a plan
are read from the plan's folder. docs/report-plan.md describes the format; its JSON Schema
is ``docs/schemas/plan.schema.json``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labmetrics import config
from labmetrics.commitment import find_commitment_files, read_commitment
from labmetrics.commitment.schema import ID_PATTERN, SCHEMA_URI
from labmetrics.commitment.yaml_io import KeyPath, YamlFile
from labmetrics.errors import ConfigError
from labmetrics.period import Period

STAGES = ("midterm", "end_of_term")
_ENTRY_KEYS = ("commitment", "data", "out", "progress", "network", "directory", "languages",
               "stage", "freq", "assessment")
_PERIOD = re.compile(r"^\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2}$")
_FOLDER = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class PlanEntry:
    """One commitment of a plan and the reports it asks for.

    Attributes
    ----------
    commitment, commitment_file, assessment
        The commitment's id, its file and its assessment file (None when it has none).
    city
        The city pack the commitment names (its data is built for it).
    data
        The data folder (absolute).
    out
        The folder of the reports folder its reports go to (empty: the reports folder).
    progress, network
        The periods of its progress and network reports, as ISO (start, end) pairs.
    directory
        Whether the public directory of its network's partners is rendered.
    languages, stage, freq
        The reports' languages, the progress reports' stage and the network reports'
        frequency.
    """

    commitment: str
    commitment_file: Path
    assessment: Path | None
    city: str | None
    data: Path
    out: str
    progress: tuple[tuple[str, str], ...]
    network: tuple[tuple[str, str], ...]
    directory: bool
    languages: tuple[str, ...]
    stage: str = "end_of_term"
    freq: str = config.DEFAULT_FREQ


@dataclass(frozen=True)
class Plan:
    """A report plan: its file (None for a plan made in code) and its entries."""

    path: Path | None
    entries: tuple[PlanEntry, ...]

    @property
    def jobs(self) -> int:
        """How many reports the plan renders."""
        return sum(len(e.languages) * (len(e.progress) + len(e.network) + e.directory)
                   for e in self.entries)


def _periods(file: YamlFile, value: Any, path: KeyPath) -> tuple[tuple[str, str], ...]:
    out = []
    for i, item in enumerate(file.sequence(value, path, non_empty=False)):
        text = str(item).strip()
        if not _PERIOD.match(text):
            file.fail((*path, i), f"'{text}' is not a period.",
                      fix="write it as START:END in ISO dates, e.g. \"2017-01-01:2017-12-31\" "
                      "(in quotes).")
        start, end = text.split(":")
        try:
            out.append(Period.of(start, end).iso())
        except ConfigError as exc:  # Period says what is wrong; the plan says where
            file.fail((*path, i), exc.message, fix=exc.fix or "give real days, in order.")
    return tuple(out)


def _languages(file: YamlFile, value: Any, path: KeyPath) -> tuple[str, ...]:
    langs = tuple(str(v) for v in file.sequence(value, path))
    for i, lang in enumerate(langs):
        if lang not in config.LANGUAGES:
            file.fail((*path, i), f"'{lang}' is not a language of the reports.",
                      fix=f"use {', '.join(config.LANGUAGES)}.")
    return langs


def _path(base: Path, text: str) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def _entry(file: YamlFile, value: Any, path: KeyPath, languages: tuple[str, ...]
           ) -> PlanEntry:
    item = file.mapping(value, path, required=("commitment", "data"),
                        optional=tuple(k for k in _ENTRY_KEYS if k not in ("commitment",
                                                                            "data")))
    base = file.path.parent
    named = file.string(item["commitment"], (*path, "commitment"))
    assessment: Path | None
    if named.endswith((".yaml", ".yml")):
        commitment_file = _path(base, named)
        if not commitment_file.is_file():
            file.fail((*path, "commitment"), f"the commitment file {named} does not exist.",
                      fix="give a commitment file's path (from the plan's folder) or a "
                      "bundled commitment's id.")
        assessment = None
    else:
        if not re.match(ID_PATTERN, named):
            file.fail((*path, "commitment"), f"'{named}' is not a commitment id.",
                      fix="use letters, digits, '-' and '_' only.")
        try:
            found = find_commitment_files(named)
        except ConfigError as exc:
            file.fail((*path, "commitment"), exc.message,
                      fix=exc.fix or "name a bundled commitment.")
        commitment_file, assessment = found.commitment, found.assessment
    if item.get("assessment"):
        assessment = _path(base, file.string(item["assessment"], (*path, "assessment")))
        if not assessment.is_file():
            file.fail((*path, "assessment"), "the assessment file does not exist.",
                      fix="give its path from the plan's folder.")
    data = _path(base, file.string(item["data"], (*path, "data")))
    if not data.is_dir():
        file.fail((*path, "data"), f"the data folder {data} does not exist.",
                  fix="give a data folder's path, from the plan's folder.")
    commitment = read_commitment(commitment_file)
    out = str(item.get("out", commitment.id))
    if out not in ("", ".") and not _FOLDER.match(out):
        file.fail((*path, "out"), f"'{out}' is not a folder name.",
                  fix="use letters, digits, '.', '-' and '_' (one folder, no '/').")
    stage = str(item.get("stage", "end_of_term"))
    if stage not in STAGES:
        file.fail((*path, "stage"), f"stage '{stage}' is unknown.",
                  fix=f"use {', '.join(STAGES)}.")
    freq = str(item.get("freq", config.DEFAULT_FREQ))
    if freq not in config.FREQUENCIES:
        file.fail((*path, "freq"), f"frequency '{freq}' is unknown.",
                  fix=f"use {', '.join(config.FREQUENCIES)}.")
    directory = item.get("directory", True)
    if not isinstance(directory, bool):
        file.fail((*path, "directory"), f"expected true or false, found {directory!r}.",
                  fix="write true or false.")
    entry = PlanEntry(
        commitment=commitment.id, commitment_file=commitment_file, assessment=assessment,
        city=commitment.city, data=data, out="" if out == "." else out,
        progress=_periods(file, item.get("progress") or [], (*path, "progress")),
        network=_periods(file, item.get("network") or [], (*path, "network")),
        directory=directory,
        languages=_languages(file, item["languages"], (*path, "languages"))
        if item.get("languages") else languages, stage=stage, freq=freq)
    if not (entry.progress or entry.network or entry.directory):
        file.fail(path, "the entry asks for no report.",
                  fix="give progress or network periods, or directory: true.")
    return entry


def read_plan(path: str | Path) -> Plan:
    """Read and check the plan in ``path``.

    Raises
    ------
    ConfigError
        Naming the file, the line, the key and the fix: an unknown key, a commitment or data
        folder that does not exist, a malformed period, an unknown language, two entries
        writing into the same folder.
    """
    file = YamlFile(Path(path), "report plan")
    top = file.mapping(file.data, (), required=("reports",), optional=("languages",))
    languages = (_languages(file, top["languages"], ("languages",)) if top.get("languages")
                 else config.LANGUAGES)
    entries = tuple(_entry(file, item, ("reports", i), languages)
                    for i, item in enumerate(file.sequence(top["reports"], ("reports",))))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.out in seen:
            file.fail(("reports", i, "out"), f"entries {seen[entry.out] + 1} and {i + 1} both "
                      f"write into '{entry.out or '.'}'.",
                      fix="give each entry its own 'out:' folder.")
        seen[entry.out] = i
    return Plan(path=Path(path), entries=entries)


def plan_schema() -> dict[str, object]:
    """The JSON Schema of a report plan (``docs/schemas/plan.schema.json``)."""
    period = {"type": "string", "pattern": _PERIOD.pattern,
              "description": "START:END, ISO dates, inclusive"}
    languages = {"type": "array", "minItems": 1,
                 "items": {"enum": list(config.LANGUAGES)}}
    entry = {
        "type": "object", "additionalProperties": False, "required": ["commitment", "data"],
        "properties": {
            "commitment": {"type": "string", "description": "a bundled commitment's id, or "
                           "the path of a commitment file (.yaml), from the plan's folder"},
            "assessment": {"type": "string", "description": "the assessment file (default: "
                           "the bundled <ID>-assessment.yaml)"},
            "data": {"type": "string", "description": "the data folder, from the plan's "
                     "folder"},
            "out": {"type": "string", "pattern": r"^([A-Za-z0-9_.-]+)?$",
                    "description": "the folder of the reports folder the entry's reports go "
                    "to (default: the commitment id; '.' for the reports folder itself)"},
            "progress": {"type": "array", "items": period,
                         "description": "periods of the progress reports"},
            "network": {"type": "array", "items": period,
                        "description": "periods of the network-growth reports"},
            "directory": {"type": "boolean", "default": True,
                          "description": "render the public directory of partners"},
            "languages": languages,
            "stage": {"enum": list(STAGES), "default": "end_of_term"},
            "freq": {"enum": list(config.FREQUENCIES), "default": config.DEFAULT_FREQ},
        },
    }
    return {
        "$schema": SCHEMA_URI, "title": "labmetrics report plan", "type": "object",
        "additionalProperties": False, "required": ["reports"],
        "properties": {"languages": languages,
                       "reports": {"type": "array", "minItems": 1, "items": entry}},
    }


def write_plan_schema(folder: Path) -> Path:
    """Write ``plan.schema.json`` into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.schema.json"
    path.write_text(json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def single_entry_plan(*, data: Path, commitment: str = config.DEFAULT_COMMITMENT,
                      progress: tuple[str, str] = config.PROGRESS_PERIOD,
                      network: tuple[str, str] = config.NETWORK_PERIOD) -> Plan:
    """The plan of ``report all --data DIR``: every report of one commitment on that folder,
    into the reports folder itself (the city is the one the data was built for)."""
    found = find_commitment_files(commitment)
    return Plan(path=None, entries=(PlanEntry(
        commitment=commitment, commitment_file=found.commitment, assessment=found.assessment,
        city=None, data=Path(data), out="", progress=(Period.of(*progress).iso(),),
        network=(Period.of(*network).iso(),), directory=True, languages=config.LANGUAGES),))


if __name__ == "__main__":
    print(write_plan_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/schemas")))
