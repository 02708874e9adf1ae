"""columns.yaml: the headers of a data folder that no alias can guess, mapped by hand.

A data folder may hold a ``columns.yaml`` beside its data files. Each top-level key is a data
set (``groups``) or a file name (``grupos_2018.xlsx``); under it, each header as written in
the file is mapped to a canonical column of that data set::

    groups:
      "Quando entrou na rede": network_joined_on

Headers are compared by their folded words (:func:`labmetrics.read.headers.fold_header`),
so case, accents and spacing do not matter. Every problem in the file is a
:class:`~labmetrics.errors.ConfigError` naming its line and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from labmetrics.errors import ConfigError
from labmetrics.read.headers import file_names, fold_header
from labmetrics.read.table import MappedColumn
from labmetrics.schema import DATASETS

COLUMN_MAP = "columns.yaml"

TEMPLATE = """\
# columns.yaml: headers of this data folder that labmetrics does not recognise by itself.
#
# labmetrics reads a header when its words (whatever their case, accents and punctuation,
# and without small words such as de, da, na, of, the, la) are those of a column or of one
# of its aliases in Portuguese, English or Spanish: docs/data-dictionary.md lists them all.
# `labmetrics validate` names every header it ignored, and the column it probably means.
#
# Map any other header here. Each key is a data set (spaces, groups, usage, projects) or a
# file name of this folder (for example grupos_2018.xlsx); under it, write the header as
# it appears in the file, a colon, and the column it holds:
#
# groups:
#   "Quando entrou na rede": network_joined_on
#   "Espaços onde atua": partner_space_ids
# usage.csv:
#   "Horas utilizadas": hours
#
# `labmetrics validate` and `labmetrics build` list the headers this file mapped.
"""


@dataclass(frozen=True)
class ColumnMap:
    """The headers a data folder's columns.yaml maps, per data set or per file.

    Attributes
    ----------
    path
        The columns.yaml file (None when the folder has none).
    by_target
        For each data set name or folded file name, the mapped headers by their folded words.
    """

    path: Path | None = None
    by_target: Mapping[str, Mapping[str, MappedColumn]] = field(default_factory=dict)

    def for_file(self, dataset: str, file: Path) -> dict[str, MappedColumn]:
        """The headers mapped for ``file`` of ``dataset``: those under its data set, then
        those under its file name (which win)."""
        return {**self.by_target.get(dataset, {}),
                **self.by_target.get(_file_key(file.name), {})}


def _file_key(name: str) -> str:
    return f"file:{name.casefold()}"


def write_template(folder: str | Path) -> Path:
    """Write an empty, commented columns.yaml into ``folder``; an existing one is kept.

    Parameters
    ----------
    folder
        A data folder.

    Returns
    -------
    Path
        The columns.yaml of the folder.
    """
    path = Path(folder) / COLUMN_MAP
    if not path.exists():
        path.write_text(TEMPLATE, encoding="utf-8")
    return path


def read_column_map(folder: str | Path) -> ColumnMap:
    """Read the columns.yaml of a data folder (an empty map when there is none).

    Raises
    ------
    ConfigError
        When the file is not valid YAML, names a data set or file that does not exist, maps
        a header to a column its data set does not have, or maps one header twice.
    """
    folder = Path(folder)
    path = folder / COLUMN_MAP
    if not path.is_file():
        return ColumnMap()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise ConfigError("the column map is not UTF-8 text.", file=path,
                          fix="save columns.yaml as UTF-8.") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            f"the column map is not valid YAML: {exc.problem or exc.context}.", file=path,
            line=mark.line + 1 if mark else None,
            fix="correct the YAML at that line (indentation, a missing ':', or quotes around "
            "a header holding ': ' or '#').") from exc
    if node is None:
        return ColumnMap(path=path)
    _expect_mapping(node, path, "the column map", "write one key per data set or file name, "
                    "each holding `header as written: column` lines (see the comments of "
                    "an empty columns.yaml).")
    files = {p.name.casefold(): p for p in folder.iterdir() if p.is_file()}
    by_target: dict[str, dict[str, MappedColumn]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        target = str(key_node.value)
        if target in DATASETS:
            dataset, key = target, target
        elif target.casefold() in files:
            dataset = _dataset_of(files[target.casefold()], path, line)
            key = _file_key(target)
        else:
            raise ConfigError(
                f"'{target}' is neither a data set nor a file of this folder.", file=path,
                line=line, fix=f"write one of {', '.join(DATASETS)}, or the name of a data "
                "file in the folder (with its extension).")
        _expect_mapping(value_node, path, f"'{target}'",
                        "under it, write one `header as written: column` per line.")
        columns = DATASETS[dataset].names
        mapped = by_target.setdefault(key, {})
        for header_node, column_node in value_node.value:
            where = header_node.start_mark.line + 1
            header, column = str(header_node.value), str(column_node.value)
            if not isinstance(column_node, yaml.ScalarNode) or column not in columns:
                column = column if isinstance(column_node, yaml.ScalarNode) else "a list"
                raise ConfigError(
                    f"'{header}' is mapped to '{column}', which is not a column of "
                    f"'{dataset}'.", file=path, line=where,
                    fix=f"write one of the columns of {dataset}: {', '.join(columns)}.")
            folded = fold_header(header)
            if not folded:
                raise ConfigError(f"the header '{header}' has no letters or digits.",
                                  file=path, line=where,
                                  fix="write the header as it appears in the data file.")
            if folded in mapped:
                raise ConfigError(
                    f"the header '{header}' is mapped twice (also on line "
                    f"{mapped[folded].line}).", file=path, line=where,
                    fix="keep one of the two lines.")
            mapped[folded] = MappedColumn(header=header, column=column, line=where)
    return ColumnMap(path=path, by_target=by_target)


def _expect_mapping(node: yaml.Node, path: Path, what: str, fix: str) -> None:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{what} should be a list of `key: value` lines.", file=path,
                          line=node.start_mark.line + 1, fix=fix)


def _dataset_of(file: Path, path: Path, line: int) -> str:
    """The data set a file of the folder holds, from its name."""
    stem = fold_header(file.stem)
    for name, ds in DATASETS.items():
        if stem in file_names(ds):
            return name
    raise ConfigError(
        f"the file '{file.name}' is not named like any data set, so labmetrics does not "
        "read it.", file=path, line=line,
        fix="rename the file after its data set (groups, spaces, usage, projects or their "
        "Portuguese names), then write its data set as the key, or that new name.")
