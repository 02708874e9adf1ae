"""Headers matched by their words in Portuguese, English and Spanish, and near misses named."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TODAY

from labmetrics import config, read
from labmetrics.dataset import read_folder
from labmetrics.errors import InputError
from labmetrics.read import headers
from labmetrics.schema import DATASETS, Column, Dataset

# The bundled groups' columns as a city team would head them, in each language.
GROUP_HEADERS = {
    "pt": {"group_id": "Código", "name": "Nome", "kind": "Tipo",
           "open_tech": "Tecnologias abertas", "themes": "Temas", "district": "Distrito",
           "latitude": "Latitude", "longitude": "Longitude", "website": "Site",
           "contact_name": "Contato", "contact_email": "E-mail", "contact_phone": "Telefone",
           "mapped_on": "Data de mapeamento", "mapped_by": "Mapeado por",
           "network_joined_on": "Data de entrada na rede",
           "partner_space_ids": "Espaços parceiros", "status": "Situação",
           "network_left_on": "Data de saída da rede", "listing_opt_out": "Não listar"},
    "en": {"group_id": "Group ID", "name": "Name", "kind": "Type",
           "open_tech": "Open technologies", "themes": "Themes", "district": "District",
           "latitude": "Latitude", "longitude": "Longitude", "website": "Website",
           "contact_name": "Contact person", "contact_email": "Contact e-mail",
           "contact_phone": "Phone", "mapped_on": "Mapping date", "mapped_by": "Mapped by",
           "network_joined_on": "Date joined the network",
           "partner_space_ids": "Partner spaces", "status": "Status",
           "network_left_on": "Date left the network", "listing_opt_out": "Do not list"},
    "es": {"group_id": "Código del grupo", "name": "Nombre", "kind": "Tipo",
           "open_tech": "Tecnologías abiertas", "themes": "Temas", "district": "Distrito",
           "latitude": "Latitud", "longitude": "Longitud", "website": "Sitio web",
           "contact_name": "Persona de contacto", "contact_email": "Correo electrónico",
           "contact_phone": "Teléfono", "mapped_on": "Fecha de mapeo",
           "mapped_by": "Mapeado por", "network_joined_on": "Fecha de ingreso a la red",
           "partner_space_ids": "Espacios socios", "status": "Situación",
           "network_left_on": "Fecha de salida de la red", "listing_opt_out": "No listar"},
}

# One Spanish header for every column of the other data sets.
SPANISH = {
    "spaces": {"space_id": "Id del espacio", "name": "Nombre", "host": "Organismo",
               "kind": "Tipo de espacio", "district": "Distrito", "latitude": "Latitud",
               "longitude": "Longitud", "seats": "Puestos de trabajo", "formats": "Formatos",
               "opened_on": "Fecha de apertura", "closed_on": "Fecha de cierre"},
    "usage": {"date": "Fecha", "space_id": "Espacio", "group_id": "Id del grupo",
              "format": "Formato", "hours": "Horas de uso", "participants": "Personas"},
    "projects": {"project_id": "Id del proyecto", "title": "Nombre",
                 "space_ids": "Espacios", "partner_group_ids": "Grupos socios",
                 "started_on": "Fecha de inicio", "ended_on": "Fecha de fin",
                 "status": "Estado", "aims": "Objetivos", "licence": "Licencia",
                 "open_data_used": "Usa datos abiertos",
                 "open_data_published": "Publica datos abiertos",
                 "repository_url": "URL del repositorio",
                 "participants_reached": "Personas alcanzadas"},
}


def _column_of(dataset: str, header: str) -> str | None:
    return read.header_aliases(dataset).get(read.fold_header(header))


def test_header_words_drop_case_accents_punctuation_and_small_words():
    assert read.header_words("Fecha de ingreso a la red") == ("fecha", "ingreso", "red")
    assert read.header_words("  DATA-de-Entrada (na) Rede ") == ("data", "entrada", "rede")
    assert read.header_words("Date joined the network") == ("date", "joined", "network")
    assert read.fold_header("data_de_entrada_na_rede") == "data_entrada_rede"


@pytest.mark.parametrize("header", ["Data de entrada na rede", "Data entrada rede",
                                    "data_de_entrada_na_rede", "Fecha de ingreso a la red",
                                    "DATA DE ENTRADA NA REDE", "Date joined the network"])
def test_every_way_of_writing_the_join_date_finds_it(header):
    assert _column_of("groups", header) == "network_joined_on"


@pytest.mark.parametrize("lang", sorted(GROUP_HEADERS))
def test_group_headers_in_each_language(lang):
    assert set(GROUP_HEADERS[lang]) == set(DATASETS["groups"].names)
    for column, header in GROUP_HEADERS[lang].items():
        assert _column_of("groups", header) == column, header


@pytest.mark.parametrize("dataset", sorted(SPANISH))
def test_every_column_has_a_spanish_header(dataset):
    assert set(SPANISH[dataset]) == set(DATASETS[dataset].names)
    for column, header in SPANISH[dataset].items():
        assert _column_of(dataset, header) == column, header


def test_the_schema_gives_no_two_columns_the_same_words(monkeypatch):
    for name in DATASETS:
        aliases = read.header_aliases(name)
        assert {aliases[read.fold_header(c)] for c in DATASETS[name].names} == \
            set(DATASETS[name].names)
    clash = Dataset("clash", "", "", (Column("a_on", "date", "", "", aliases=("Data da rede",)),
                                      Column("b_on", "date", "", "", aliases=("data_rede",))),
                    None)
    monkeypatch.setitem(headers.DATASETS, "clash", clash)
    with pytest.raises(ValueError, match="'data_rede' of 'b_on' and 'Data da rede' of 'a_on'"):
        read.header_aliases("clash")


def test_two_headers_with_the_same_words_are_named(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("id;nome;tipo;data;Data de entrada na rede;data_entrada_rede\n"
                    "G1;A;startup;2017-01-01;2017-02-01;2017-02-01\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read.read_file(path, "groups")
    message = err.value.describe()
    assert "'Data de entrada na rede' and 'data_entrada_rede' (column 6) both mean " \
           "'network_joined_on'" in message
    assert str(path) in message and "Fix: " in message


@pytest.mark.parametrize(("header", "column"), [
    ("Data de adesão", "network_joined_on"), ("Dt entrada rede", "network_joined_on"),
    ("Espaço parceiro", "partner_space_ids"), ("Lattitude", "latitude"),
])
def test_a_near_miss_names_the_column_it_probably_means(tmp_path, header, column):
    path = tmp_path / "groups.csv"
    path.write_text(f"id;nome;tipo;data;{header};Observação\nG1;A;startup;2017-01-01;x;y\n",
                    encoding="utf-8")
    table = read.read_file(path, "groups")
    assert table.ignored == (read.IgnoredColumn(header, column), read.IgnoredColumn("Observação"))
    message = table.ignored[0].describe("groups")
    assert f"did you mean '{column}'?" in message
    assert f"'{header}'" in message and "columns.yaml" in message
    assert table.ignored[1].describe("groups") == "'Observação' is not a column of 'groups'."


def test_a_column_already_read_is_not_suggested_again():
    assert headers.near_miss("Data de entrada", "groups") == "network_joined_on"
    assert headers.near_miss("Data de entrada", "groups", taken=("network_joined_on",)) is None


def _groups_workbook(path: Path, lang: str) -> None:
    """The bundled groups as a city team keeps them: a title row, its headers in ``lang``,
    dates as Excel date cells and coordinates as numbers."""
    from openpyxl import Workbook

    raw = read.read_file(config.SAMPLE_DIR / "groups.csv", "groups").frame
    columns = list(GROUP_HEADERS[lang])
    book = Workbook()
    sheet = book.active
    sheet.title = {"pt": "Grupos", "en": "Groups", "es": "Grupos"}[lang]
    sheet.append([{"pt": "Mapeamento de grupos – São Paulo", "en": "Groups mapped",
                   "es": "Mapeo de grupos"}[lang]])
    sheet.append([GROUP_HEADERS[lang][c] for c in columns])
    for row in raw[columns].itertuples(index=False):
        sheet.append([_cell(column, value) for column, value in zip(columns, row, strict=True)])
    book.save(path)


def _cell(column: str, value: str) -> object:
    if column in ("mapped_on", "network_joined_on", "network_left_on"):
        try:
            return datetime.strptime(value.strip(), "%d/%m/%Y")
        except ValueError:
            return value
    if column in ("latitude", "longitude"):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


@pytest.fixture(scope="module")
def bundled():
    return read_folder(config.SAMPLE_DIR, today=TODAY)


@pytest.mark.parametrize("lang", sorted(GROUP_HEADERS))
def test_a_workbook_headed_in_each_language_reads_like_the_bundled_csv(tmp_path, bundled,
                                                                        lang):
    folder = tmp_path / lang
    folder.mkdir()
    for name in ("spaces", "usage", "projects"):
        shutil.copy(config.SAMPLE_DIR / f"{name}.csv", folder)
    _groups_workbook(folder / "grupos.xlsx", lang)
    data = read_folder(folder, today=TODAY)
    assert data.ignored_columns == []
    assert data.columns_read["groups"] == tuple(DATASETS["groups"].names)
    assert data.absent_columns("groups") == ()
    assert any("1 row(s) above the header" in w for w in data.warnings)
    mine, theirs = data.groups.set_index("group_id"), bundled.groups.set_index("group_id")
    assert mine.index.tolist() == theirs.index.tolist()
    assert mine["network_joined_on"].notna().sum() > 0
    assert mine["network_joined_on"].equals(theirs["network_joined_on"])
    assert mine["mapped_on"].equals(theirs["mapped_on"])
    assert mine["network_left_on"].equals(theirs["network_left_on"])
    assert mine["partner_space_ids"].tolist() == theirs["partner_space_ids"].tolist()
    assert [(a.dataset, a.valid, a.quarantined) for a in data.accounting] == \
        [(a.dataset, a.valid, a.quarantined) for a in bundled.accounting]
