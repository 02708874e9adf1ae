"""What an evaluator fills in to start a new commitment: ``labmetrics init FOLDER``.

Writes a commented commitment file and assessment file (from ``data/raw/templates/``, with
the chosen city pack), a data folder with one CSV per data set holding only its header, and
a folder holding one workbook with a sheet per data set: headers in the chosen language,
drop-down lists for the coded columns (the schema's codes, the city pack's areas, yes and
no, the ids of the spaces and groups sheets) and a read-me sheet saying what each column
takes. Each is valid as it stands: ``labmetrics check`` accepts the YAML files and
``labmetrics validate`` both data folders, so that every change the evaluator makes is
checked on its own. The workbook's words are in ``locales/<lang>/starter.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from labmetrics import config
from labmetrics.city import CityPack, city_pack, pack_ref
from labmetrics.errors import ConfigError
from labmetrics.i18n import check_lang, code_names, t
from labmetrics.schema import DATASETS, Column

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TEMPLATES_DIR = config.RAW_DIR / "templates"
DATA_FOLDER = "data"
WORKBOOK_FOLDER = "workbook"
WORKBOOK_NAME = "data.xlsx"
WORKBOOK_ROWS = 5000
"""The rows of each data sheet (below its header) that carry the drop-down lists."""


@dataclass(frozen=True)
class StarterFiles:
    """The files :func:`write_starter` wrote."""

    commitment: Path
    assessment: Path
    data: Path
    data_files: tuple[Path, ...]
    workbook: Path

    def describe(self) -> str:
        """What was written and what to run next, for the command line."""
        return "\n".join([
            f"Wrote {self.commitment}, {self.assessment}, {self.data}/ "
            f"({', '.join(p.name for p in self.data_files)}) and {self.workbook} (a sheet "
            "per data set; fill in either the CSV files or the workbook).",
            f"Next: fill them in, then run `labmetrics check {self.commitment} "
            f"{self.assessment}` and `labmetrics validate {self.data}` "
            f"(or `labmetrics validate {self.workbook.parent}`).",
        ])


def write_starter(folder: str | Path, city: CityPack | str | None = None,
                  lang: str = config.DEFAULT_LANG) -> StarterFiles:
    """Write the commitment and assessment templates and the data templates into ``folder``.

    Parameters
    ----------
    folder
        A new or empty folder.
    city
        The city pack the commitment names (default ``config.DEFAULT_CITY``).
    lang
        The language of the workbook's sheets, headers and read-me.

    Raises
    ------
    ConfigError
        When ``folder`` already holds files (nothing is overwritten), the pack is unknown or
        labmetrics does not speak ``lang``.
    """
    check_lang(lang)
    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError("this folder is not empty; init writes into a new or empty folder.",
                          file=out, fix="name a new folder, e.g. labmetrics init my-commitment.")
    pack = city_pack(city)
    values = {"city": pack_ref(pack), "city_name": pack.city_name("en")}
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in ("commitment", "assessment"):
        text = (TEMPLATES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        path = out / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        written[name] = path
    data = out / DATA_FOLDER
    data.mkdir()
    files = []
    for name in config.DATASETS:
        path = data / f"{name}.csv"
        path.write_text(",".join(c.name for c in template_columns(name)) + "\n",
                        encoding="utf-8")
        files.append(path)
    book = out / WORKBOOK_FOLDER
    book.mkdir()
    workbook = write_workbook(book / WORKBOOK_NAME, pack, lang)
    return StarterFiles(commitment=written["commitment"], assessment=written["assessment"],
                        data=data, data_files=tuple(files), workbook=workbook)


def template_columns(dataset: str) -> tuple[Column, ...]:
    """The columns of a data template: every column but the contacts, which are added
    only when they are needed."""
    return tuple(c for c in DATASETS[dataset].columns if not c.personal)


def header(dataset: str, column: str, lang: str) -> str:
    """The workbook's header of ``column`` in ``lang`` (one the reader accepts for it)."""
    return t(f"starter.headers.{dataset}.{column}", lang)


def yes_no(lang: str) -> tuple[str, str]:
    """The words for yes and no in ``lang``, as the reader accepts them."""
    return t("starter.yes", lang), t("starter.no", lang)


@dataclass(frozen=True)
class DropDown:
    """A drop-down list of a workbook column: its values, and whether a value outside it is
    refused (a code) or only warned about (an area may also be given by code, a multi-valued
    cell takes several values)."""

    values: tuple[str, ...]
    strict: bool


def drop_downs(dataset: str, pack: CityPack, lang: str) -> dict[str, DropDown]:
    """The drop-down list of each coded column of ``dataset``: the schema's codes, the
    city pack's areas (by name, in code order), yes and no in ``lang``."""
    from labmetrics.geo import load_districts

    out: dict[str, DropDown] = {}
    for col in template_columns(dataset):
        if col.codes:
            out[col.name] = DropDown(col.codes, strict=not col.multi)
        elif col.kind == "bool":
            out[col.name] = DropDown(yes_no(lang), strict=True)
        elif col.name == "district":
            names = load_districts(pack)["district_name"].dropna().astype(str)
            out[col.name] = DropDown(tuple(names), strict=False)
    return out


def _what_to_write(dataset: str, col: Column, pack: CityPack, lang: str) -> str:
    """The read-me's line on what a column takes."""
    def say(key: str, **values: object) -> str:
        return t(f"starter.readme.kinds.{key}", lang, **values)

    def sheet(name: str) -> str:
        return t(f"starter.sheets.{name}", lang)

    if col.name == "district":
        from labmetrics.geo import load_districts

        return t("starter.readme.area", lang, n=len(load_districts(pack)),
                 areas=pack.area_label(lang), city=pack.city_name(lang))
    if col.codes:
        names = code_names(col.codes, lang)
        listed = ", ".join(f"{c} ({names[c]})" if names[c] != c else c for c in col.codes)
        return say("codes" if col.multi else "code", codes=listed)
    if col.references:
        return say("ids" if col.multi else "ref", sheet=sheet(col.references))
    if col.kind == "bool":
        yes, no = yes_no(lang)
        return say("bool", yes=yes, no=no)
    if col.kind == "codes":
        return say("free")
    return say(col.kind)


def write_workbook(path: Path, city: CityPack | str | None = None,
                   lang: str = config.DEFAULT_LANG) -> Path:
    """Write the data workbook: a read-me sheet, a sheet per data set (headers in ``lang``,
    drop-down lists on the coded columns) and a hidden sheet holding the lists.

    ``labmetrics validate`` reads a folder holding it alone as a data folder, each data set
    from the sheet named for it; as written (headers only) it validates.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    pack = city_pack(city)
    check_lang(lang)
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = t("starter.sheets.readme", lang)
    sheets: dict[str, Worksheet] = {
        name: book.create_sheet(t(f"starter.sheets.{name}", lang)) for name in config.DATASETS}
    lists = book.create_sheet(t("starter.sheets.lists", lang))
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    list_column = 0
    for name, sheet in sheets.items():
        columns = template_columns(name)
        for i, col in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=i, value=header(name, col.name, lang))
            cell.font = bold
            sheet.column_dimensions[get_column_letter(i)].width = max(
                14, len(str(cell.value)) + 4)
        sheet.freeze_panes = "A2"
        rows = {col.name: f"{get_column_letter(i)}2:{get_column_letter(i)}{WORKBOOK_ROWS + 1}"
                for i, col in enumerate(columns, start=1)}

        for column, drop in drop_downs(name, pack, lang).items():
            list_column += 1
            letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=f"{name}.{column}")
            for r, value in enumerate(drop.values, start=2):
                lists.cell(row=r, column=list_column, value=value)
            source = (f"{quote_sheetname(lists.title)}!${letter}$2:"
                      f"${letter}${len(drop.values) + 1}")
            _add_list(sheet, DataValidation, source, rows[column], drop.strict)
        for col in columns:
            if col.references and not col.multi:
                # A use names a space and a group of their own sheets.
                target = sheets[col.references]
                id_column = DATASETS[col.references].id_column
                assert id_column is not None
                letter = get_column_letter(
                    [c.name for c in template_columns(col.references)].index(id_column) + 1)
                source = (f"{quote_sheetname(target.title)}!${letter}$2:"
                          f"${letter}${WORKBOOK_ROWS + 1}")
                _add_list(sheet, DataValidation, source, rows[col.name], strict=False)

    readme.append([t("starter.readme.title", lang)])
    readme["A1"].font = Font(bold=True, size=14)
    readme.append([t("starter.readme.intro", lang)])
    readme.merge_cells("A2:E2")
    readme["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    readme.row_dimensions[2].height = 75
    readme.append([t("starter.readme.personal", lang)])
    readme.append([])
    titles = [t(f"starter.readme.columns.{k}", lang)
              for k in ("sheet", "header", "column", "required", "what")]
    readme.append(titles)
    for cell in readme[readme.max_row]:
        cell.font = bold
    required, optional = t("starter.readme.required", lang), t("starter.readme.optional", lang)
    for name, sheet in sheets.items():
        for col in template_columns(name):
            readme.append([sheet.title, header(name, col.name, lang), col.name,
                           required if col.required else optional,
                           _what_to_write(name, col, pack, lang)])
    for letter, width in zip("ABCDE", (14, 28, 22, 12, 90), strict=True):
        readme.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _add_list(sheet: Worksheet, validation: type, source: str, cells: str,
              strict: bool) -> None:
    """A drop-down list on ``cells`` taking its values from ``source``; a value outside it
    is refused when ``strict``, else accepted after a warning."""
    dv = validation(type="list", formula1=f"={source}", allow_blank=True,
                    errorStyle="stop" if strict else "warning", showErrorMessage=True)
    sheet.add_data_validation(dv)
    dv.add(cells)

