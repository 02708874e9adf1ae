"""A YAML file read with the line of every key, and typed getters that check each value.

Every problem raises a :class:`~labmetrics.errors.ConfigError` naming the file, the line,
the key path (``milestones[0].completion``) and the fix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from labmetrics import config
from labmetrics.commitment.model import S, Source, Text
from labmetrics.errors import ConfigError
from labmetrics.irm import UnknownLevelError

# A BCP 47 language tag as files write them: en, es, pt-BR, zh-Hant...
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

KeyPath = tuple[str | int, ...]
"""Where a value is in the file: the keys and list positions leading to it."""


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class YamlFile:
    """A parsed YAML file that can say on which line a key path is."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        if not path.is_file():
            raise ConfigError(f"the {what} file does not exist.", file=path,
                              fix="check the path or the commitment id.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"the {what} file is not UTF-8 text.", file=path,
                              fix="save the file as UTF-8.") from exc
        try:
            self.node = yaml.compose(text, Loader=config.yaml_loader())
            self.data = yaml.load(text, Loader=config.yaml_loader())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise ConfigError(
                f"the {what} file is not valid YAML: {exc.problem or exc.context}.",
                file=path, line=mark.line + 1 if mark else None,
                fix="correct the YAML syntax at that line (indentation, a missing ':' or "
                "quotes around text holding ': ' or '#').",
            ) from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"the {what} file is not valid YAML: {exc}.", file=path,
                              fix="correct the YAML syntax.") from exc
        if self.data is None:
            raise ConfigError(f"the {what} file is empty.", file=path,
                              fix=f"write the {what} as a YAML mapping; docs/commitment-format.md "
                              "lists the keys, and labmetrics init writes a template.")
        self._check_duplicates(self.node, ())

    @staticmethod
    def _child(node: yaml.Node | None, part: str | int
               ) -> tuple[yaml.Node, yaml.Node] | None:
        """The (where it is written, its value) nodes of ``part`` under ``node``."""
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    return key, value
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            return node.value[part], node.value[part]
        return None

    def line(self, path: KeyPath) -> int | None:
        """1-based line where the deepest existing key or item of ``path`` is written."""
        node, found = self.node, self.node
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            found, node = child
        return found.start_mark.line + 1 if found is not None else None

    def _check_duplicates(self, node: yaml.Node | None, path: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if key.value in seen:
                    raise ConfigError(
                        f"{_dotted((*path, key.value))}: the key is written twice.",
                        file=self.path, line=key.start_mark.line + 1,
                        fix="keep one of the two; the second would silently replace the first.",
                    )
                seen.add(key.value)
                self._check_duplicates(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._check_duplicates(item, (*path, i))

    def fail(self, path: KeyPath, message: str, fix: str) -> NoReturn:
        raise ConfigError(f"{_dotted(path)}: {message}", file=self.path,
                          line=self.line(path), fix=fix)

    # Typed getters ---------------------------------------------------------------------------

    def mapping(self, value: object, path: KeyPath, required: tuple[str, ...],
                optional: tuple[str, ...] = (), *, free: bool = False) -> dict[str, Any]:
        # free: the keys are names chosen by the author (source ids, lab names, OGP values).
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping of keys, found {_kind(value)}.",
                      fix=f"write the keys {', '.join(required + optional) or 'name: value'} "
                      "under it, one per line.")
        for key in value:
            if not free and key not in required and key not in optional:
                self.fail((*path, key), f"unknown key '{key}'.",
                          fix=f"use only {', '.join(required + optional)} here "
                          "(check the spelling).")
        for key in required:
            if key not in value or value[key] is None:
                self.fail(path, f"the key '{key}' is missing.",
                          fix=f"add '{key}:' under {_dotted(path)}.")
        return value

    def sequence(self, value: object, path: KeyPath, *, non_empty: bool = True) -> list[object]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {_kind(value)}.",
                      fix="write one '- item' per line under the key.")
        if non_empty and not value:
            self.fail(path, "the list is empty.", fix="give at least one item.")
        return value

    def string(self, value: object, path: KeyPath) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) \
                or not str(value).strip():
            self.fail(path, f"expected text, found {_kind(value)}.",
                      fix="write the text after the key, in quotes if it holds ': '.")
        return str(value).strip()

    def text(self, value: object, path: KeyPath) -> Text:
        # Any language may be written; reports in another one fall back to the first.
        fix = ("give the text under a language tag, one per line, e.g. '"
               + "', '".join(f"{lang}: ..." for lang in config.LANGUAGES) + "'.")
        if not isinstance(value, dict) or not value:
            self.fail(path, f"expected a text per language, found {_kind(value)}.", fix=fix)
        for lang, text in value.items():
            if not isinstance(lang, str) or not _LANG_TAG.match(lang):
                self.fail((*path, str(lang)), f"'{lang}' is not a language tag.",
                          fix="use a tag such as pt-BR, en, es or fr.")
            if not isinstance(text, str) or not text.strip():
                self.fail((*path, lang), f"the text in '{lang}' is missing.", fix=fix)
        return Text(MappingProxyType({lang: " ".join(text.split())
                                      for lang, text in value.items()}))

    def names(self, value: object, path: KeyPath) -> Text:
        """A name per language, or one proper name written the same in every language."""
        if isinstance(value, dict):
            return self.text(value, path)
        name = self.string(value, path)
        return Text(MappingProxyType(dict.fromkeys(config.LANGUAGES, name)))

    def date(self, value: object, path: KeyPath) -> date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, f"'{value}' is not a date.", fix="write the date as YYYY-MM-DD.")

    def integer(self, value: object, path: KeyPath) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"'{value}' is not a whole number.", fix="write digits only.")
        return value

    def number(self, value: object, path: KeyPath) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.fail(path, f"the threshold {value!r} is not a number.",
                      fix="write a number without quotes or units, e.g. 100 or 0.5 "
                      "(shares are fractions: 0.5 for 50%).")
        return float(value)

    def boolean(self, value: object, path: KeyPath) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, found {value!r}.",
                      fix="write true or false.")
        return value

    def level(self, scale: type[S], value: object, path: KeyPath) -> S:
        try:
            return scale.parse(str(value))
        except UnknownLevelError as exc:
            self.fail(path, exc.message, fix=exc.fix or "use a level of the scale.")

    def sources(self, value: object, path: KeyPath) -> dict[str, Source]:
        value = self.mapping(value, path, required=(), free=True)
        if not value:
            self.fail(path, "no source is listed.", fix="cite at least one source.")
        out = {}
        for key, item in value.items():
            p = (*path, key)
            item = self.mapping(item, p, required=("title",),
                                optional=("url", "publisher", "short"))
            out[str(key)] = Source(
                id=str(key), title=self.text(item["title"], (*p, "title")),
                short=self.text(item["short"], (*p, "short")) if "short" in item else None,
                url=self.string(item["url"], (*p, "url")) if item.get("url") else None,
                publisher=self.names(item["publisher"], (*p, "publisher"))
                if item.get("publisher") else None,
            )
        return out

    def citations(self, value: object, path: KeyPath,
                  known: Mapping[str, Source]) -> tuple[str, ...]:
        items = self.sequence(value, path)
        for i, item in enumerate(items):
            if item not in known:
                self.fail((*path, i), f"the source '{item}' is not listed under 'sources'.",
                          fix=f"cite one of {', '.join(known)}, or add it under 'sources'.")
        return tuple(str(i) for i in items)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}",
            bool: f"{value}"}.get(type(value), repr(value))

