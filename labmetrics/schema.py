"""The data model of labmetrics: columns, types, codes and their aliases (pt, en, es).

This module is the data dictionary. ``python -m labmetrics.schema`` renders it to
docs/data-dictionary.md, and :func:`pandera_schema` turns it into the pandera schema that
every validated table must satisfy.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from labmetrics import config

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

Kind = Literal["id", "str", "code", "codes", "ids", "date", "float", "int", "bool", "url", "spdx"]


@dataclass(frozen=True)
class Column:
    """One column of a data set.

    ``kind`` decides how a raw cell is parsed: ``codes`` and ``ids`` are multi-valued cells
    (split on ``;`` or ``|``), ``code`` takes one value of ``codes``.
    """

    name: str
    kind: Kind
    description: str
    description_pt: str
    required: bool = False
    codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    references: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    personal: bool = False

    @property
    def multi(self) -> bool:
        """Whether a cell holds several values."""
        return self.kind in ("codes", "ids")


@dataclass(frozen=True)
class Dataset:
    """One of the four data sets of a data folder."""

    name: str
    description: str
    description_pt: str
    columns: tuple[Column, ...]
    id_column: str | None
    file_aliases: tuple[str, ...] = ()
    geo: bool = False

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Canonical column names in order."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        """Columns that must be present and filled in every row."""
        return [c.name for c in self.columns if c.required]

    @property
    def personal(self) -> list[str]:
        """Columns holding personal data: never in a public output."""
        return [c.name for c in self.columns if c.personal]


GROUP_KINDS = (
    "youth_group",
    "startup",
    "collective",
    "civil_society_org",
    "hacker_maker_space",
    "research_group",
    "other",
)
OPEN_TECH = ("free_software", "open_data", "open_standards", "open_hardware")
GROUP_STATUS = ("active", "inactive")
SPACE_KINDS = ("innovation_lab", "coworking", "fab_lab", "hub")
FORMATS = ("coworking", "residency", "visiting_programme", "event", "open_challenge", "training")
PROJECT_STATUS = ("proposed", "active", "delivered", "discontinued")
AIMS = ("civic_participation", "transparency", "integrity")

_SPACES = re.compile(r"\s+")

# Words a header is read without (Portuguese, English and Spanish articles, prepositions and
# contractions), so that "Data de entrada na rede", "data_entrada_rede" and "Fecha de
# ingreso a la red" are compared by the words that carry their meaning.
HEADER_SMALL_WORDS = frozenset({
    "de", "da", "do", "das", "dos", "na", "no", "nas", "nos", "em", "a", "o", "as", "os",
    "of", "the", "el", "la", "los", "las", "del", "al",
})


def fold(text: str) -> str:
    """Fold ``text`` for comparison: no accents, lower case, single spaces, trimmed.

    ``fold("  Vila  Nóva ")`` is ``"vila nova"``. Header names and code values are
    compared folded.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def fold_series(texts: pd.Series) -> pd.Series:
    """Vectorised :func:`fold` over a Series of strings (missing values stay missing)."""
    decomposed = texts.astype("string").str.normalize("NFKD")
    stripped = decomposed.str.replace(r"[\u0300-\u036f]", "", regex=True)
    return stripped.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()


# Portuguese, Spanish (and common English) spellings of code values, folded (lower case, no
# accents, single spaces) before lookup. Canonical codes always match themselves.
VALUE_ALIASES: dict[str, str] = {
    # group kinds
    "grupo de jovens": "youth_group",
    "coletivo de jovens": "youth_group",
    "juventude": "youth_group",
    "youth group": "youth_group",
    "startup": "startup",
    "start-up": "startup",
    "coletivo": "collective",
    "collective": "collective",
    "osc": "civil_society_org",
    "ong": "civil_society_org",
    "organizacao da sociedade civil": "civil_society_org",
    "civil society organisation": "civil_society_org",
    "civil society organization": "civil_society_org",
    "hackerspace": "hacker_maker_space",
    "hacker space": "hacker_maker_space",
    "makerspace": "hacker_maker_space",
    "maker space": "hacker_maker_space",
    "hackerspace/makerspace": "hacker_maker_space",
    "grupo de pesquisa": "research_group",
    "research group": "research_group",
    "outro": "other",
    "outros": "other",
    "grupo de jovenes": "youth_group",
    "colectivo": "collective",
    "organizacion de la sociedad civil": "civil_society_org",
    "grupo de investigacion": "research_group",
    "otro": "other",
    # open technology
    "software livre": "free_software",
    "free software": "free_software",
    "open source": "free_software",
    "codigo aberto": "free_software",
    "dados abertos": "open_data",
    "open data": "open_data",
    "padroes abertos": "open_standards",
    "padroes web": "open_standards",
    "open standards": "open_standards",
    "hardware livre": "open_hardware",
    "hardware aberto": "open_hardware",
    "open hardware": "open_hardware",
    "software libre": "free_software",
    "datos abiertos": "open_data",
    "estandares abiertos": "open_standards",
    "hardware libre": "open_hardware",
    # status
    "ativo": "active",
    "ativa": "active",
    "inativo": "inactive",
    "inativa": "inactive",
    "activo": "active",
    "activa": "active",
    "inactivo": "inactive",
    "inactiva": "inactive",
    # space kinds
    "laboratorio de inovacao": "innovation_lab",
    "laboratorio": "innovation_lab",
    "innovation lab": "innovation_lab",
    "espaco de coworking": "coworking",
    "fab lab": "fab_lab",
    "fablab": "fab_lab",
    "polo": "hub",
    "hub de inovacao": "hub",
    # formats
    "residencia": "residency",
    "programa de visitas": "visiting_programme",
    "programa de visita": "visiting_programme",
    "visiting program": "visiting_programme",
    "evento": "event",
    "desafio aberto": "open_challenge",
    "open challenge": "open_challenge",
    "formacao": "training",
    "capacitacao": "training",
    "oficina": "training",
    "desafio abierto": "open_challenge",
    "formacion": "training",
    "capacitacion": "training",
    # project status
    "proposto": "proposed",
    "em andamento": "active",
    "entregue": "delivered",
    "concluido": "delivered",
    "descontinuado": "discontinued",
    "interrompido": "discontinued",
    # aims
    "participacao social": "civic_participation",
    "participacao civica": "civic_participation",
    "civic participation": "civic_participation",
    "transparencia": "transparency",
    "integridade": "integrity",
}

TRUE_VALUES = ("true", "yes", "sim", "si", "s", "y", "1", "verdadeiro", "verdadero", "x")
FALSE_VALUES = ("false", "no", "nao", "n", "0", "falso")


GROUPS = Dataset(
    name="groups",
    description="The collaborative mapping of groups working on open technology, and which of "
    "them joined the public network of partners (milestone 1).",
    description_pt="O mapeamento colaborativo de grupos que trabalham com tecnologia aberta, e "
    "quais deles entraram na rede pública de parceiros (marco 1).",
    id_column="group_id",
    file_aliases=("grupos", "mapeamento", "mapping"),
    geo=True,
    columns=(
        Column("group_id", "id", "Unique id of the group.", "Identificador único do grupo.",
               required=True, aliases=("id", "id_grupo", "codigo", "código", "group id",
                                       "código del grupo")),
        Column("name", "str", "Name of the group.", "Nome do grupo.", required=True,
               aliases=("nome", "nome_grupo", "grupo", "group name", "group", "nombre",
                        "nombre del grupo")),
        Column("kind", "code", "Kind of group.", "Tipo de grupo.", required=True,
               codes=GROUP_KINDS, aliases=("tipo", "categoria", "type", "category",
                                           "tipo de grupo", "group type")),
        Column("open_tech", "codes", "Open technologies the group works with (several).",
               "Tecnologias abertas com que o grupo trabalha (várias).", codes=OPEN_TECH,
               aliases=("tecnologia_aberta", "tecnologias_abertas", "tecnologia",
                        "open technology", "open technologies", "technology",
                        "tecnología abierta", "tecnologías abiertas", "tecnología")),
        Column("themes", "codes", "Themes the group works on (free text, several).",
               "Temas de atuação (texto livre, vários).", aliases=("temas", "tema", "theme",
                                                                   "topics")),
        Column("district", "str", "District: name or code of one of the city pack's areas.",
               "Distrito: nome ou código de uma das áreas do pacote da cidade.",
               aliases=("distrito", "bairro_distrito", "bairro", "barrio")),
        Column("latitude", "float", "Latitude, WGS 84.", "Latitude, WGS 84.",
               aliases=("lat", "latitud"), minimum=-90.0, maximum=90.0),
        Column("longitude", "float", "Longitude, WGS 84.", "Longitude, WGS 84.",
               aliases=("lon", "lng", "long", "longitud"), minimum=-180.0, maximum=180.0),
        Column("website", "url", "Website or social page.", "Site ou página em rede social.",
               aliases=("site", "sitio", "pagina", "url", "web site", "web", "sitio web",
                        "página web")),
        Column("contact_name", "str", "Contact person (personal data).",
               "Pessoa de contato (dado pessoal).", personal=True,
               aliases=("contato", "nome_contato", "responsavel", "contact", "contact person",
                        "contacto", "nombre de contacto", "persona de contacto",
                        "responsable")),
        Column("contact_email", "str", "Contact e-mail (personal data).",
               "E-mail de contato (dado pessoal).", personal=True,
               aliases=("email", "e-mail", "email_contato", "contact e-mail", "correo",
                        "correo electrónico", "correo de contacto")),
        Column("contact_phone", "str", "Contact phone (personal data).",
               "Telefone de contato (dado pessoal).", personal=True,
               aliases=("telefone", "fone", "celular", "whatsapp", "phone", "telephone",
                        "teléfono", "teléfono de contacto")),
        Column("mapped_on", "date", "Date the group was mapped.", "Data do mapeamento.",
               required=True, aliases=("data_mapeamento", "mapeado_em", "data",
                                       "mapping date", "date mapped", "mapped", "date",
                                       "fecha de mapeo", "fecha de mapeamiento", "mapeado el",
                                       "fecha")),
        Column("mapped_by", "str", "Who contributed the row (the mapping is collaborative).",
               "Quem contribuiu a linha (o mapeamento é colaborativo).",
               aliases=("mapeado_por", "contribuidor", "fonte", "contributor", "source",
                        "contribuyente", "fuente")),
        Column("network_joined_on", "date",
               "Date the group joined the network of partners; empty = mapped only.",
               "Data de entrada na rede de parceiros; vazio = apenas mapeado.",
               aliases=("data_entrada_rede", "entrada_rede", "adesao_rede",
                        "data de adesão à rede", "joined network", "date joined the network",
                        "network join date", "network joined", "joined the network on",
                        "fecha de ingreso a la red", "ingreso a la red",
                        "fecha de entrada a la red", "fecha de adhesión a la red")),
        Column("partner_space_ids", "ids", "Spaces the group is a network partner of (several).",
               "Espaços dos quais o grupo é parceiro (vários).", references="spaces",
               aliases=("espacos_parceiros", "espacos", "partner spaces", "spaces",
                        "espacios socios", "espacios aliados", "espacios")),
        Column("status", "code", "Whether the group is still active.",
               "Se o grupo ainda está ativo.", codes=GROUP_STATUS,
               aliases=("situacao", "situação", "situation", "estado", "situación")),
        Column("network_left_on", "date",
               "Date the group left the network of partners; empty = still a partner "
               "(or never joined).",
               "Data de saída da rede de parceiros; vazio = ainda parceiro (ou nunca entrou).",
               aliases=("data_saida_rede", "saida_rede", "desligamento_rede",
                        "date left the network", "left the network on", "left network",
                        "fecha de salida de la red", "salida de la red",
                        "fecha de baja de la red")),
        Column("listing_opt_out", "bool",
               "Whether the group asked not to be named in the public directory of partners "
               "(it is still counted); empty = listed.",
               "Se o grupo pediu para não ser nomeado no diretório público de parceiros (ele "
               "continua contado); vazio = listado.",
               aliases=("nao_listar", "optou_por_nao_ser_listado", "opt_out",
                        "fora_do_diretorio", "do not list", "not listed",
                        "listing opt-out", "no listar", "fuera del directorio",
                        "excluido del directorio")),
    ),
)

SPACES = Dataset(
    name="spaces",
    description="The city's innovation labs and spaces.",
    description_pt="Os laboratórios e espaços de inovação da Prefeitura.",
    id_column="space_id",
    file_aliases=("espacos", "espaços", "espacios", "labs"),
    geo=True,
    columns=(
        Column("space_id", "id", "Unique id of the space.", "Identificador único do espaço.",
               required=True, aliases=("id", "id_espaco", "codigo", "space id", "código",
                                       "id del espacio")),
        Column("name", "str", "Name of the space.", "Nome do espaço.", required=True,
               aliases=("nome", "space name", "nombre")),
        Column("host", "str", "The body that runs it (a secretariat, a public company...).",
               "Órgão responsável (uma secretaria, uma empresa pública...).", required=True,
               aliases=("orgao", "órgão", "responsavel", "secretaria", "run by", "body",
                        "organismo", "responsable", "secretaría")),
        Column("kind", "code", "Kind of space.", "Tipo de espaço.", required=True,
               codes=SPACE_KINDS, aliases=("tipo", "type", "tipo de espacio",
                                           "tipo de espaço", "space type")),
        Column("district", "str", "District: name or code of one of the city pack's areas.",
               "Distrito: nome ou código de uma das áreas do pacote da cidade.",
               aliases=("distrito",)),
        Column("latitude", "float", "Latitude, WGS 84.", "Latitude, WGS 84.",
               aliases=("lat", "latitud"), minimum=-90.0, maximum=90.0),
        Column("longitude", "float", "Longitude, WGS 84.", "Longitude, WGS 84.",
               aliases=("lon", "lng", "long", "longitud"), minimum=-180.0, maximum=180.0),
        Column("seats", "int", "Coworking seats.", "Posições de trabalho (coworking).",
               aliases=("lugares", "vagas", "posicoes", "posições de trabalho",
                        "coworking seats", "puestos", "plazas", "puestos de trabajo"),
               minimum=0, maximum=config.MAX_SEATS),
        Column("formats", "codes", "Formats offered (several).", "Formatos oferecidos (vários).",
               codes=FORMATS, aliases=("formatos", "format", "formato")),
        Column("opened_on", "date", "Opening date.", "Data de abertura.", required=True,
               aliases=("inaugurado_em", "data_abertura", "abertura", "opening date",
                        "opened", "date opened", "fecha de apertura", "apertura",
                        "inaugurado el")),
        Column("closed_on", "date", "Closing date; empty = open.",
               "Data de encerramento; vazio = aberto.",
               aliases=("encerrado_em", "data_encerramento", "encerramento", "closing date",
                        "closed", "date closed", "fecha de cierre", "cierre", "cerrado el")),
    ),
)

USAGE = Dataset(
    name="usage",
    description="One row per use of a space: coworking, residency, visit, event...",
    description_pt="Uma linha por uso de um espaço: coworking, residência, visita, evento...",
    id_column=None,
    file_aliases=("uso", "usos", "utilizacao"),
    columns=(
        Column("date", "date", "Date of the use.", "Data do uso.", required=True,
               aliases=("data", "fecha", "date of use", "data do uso", "fecha de uso")),
        Column("space_id", "id", "Space used.", "Espaço utilizado.", required=True,
               references="spaces", aliases=("id_espaco", "espaco", "espaço", "space",
                                             "espacio", "id del espacio")),
        Column("group_id", "id", "Group that used it; empty for an open event.",
               "Grupo que usou; vazio para evento aberto.", references="groups",
               aliases=("id_grupo", "grupo", "group", "id del grupo")),
        Column("format", "code", "Format of the use.", "Formato do uso.", required=True,
               codes=FORMATS, aliases=("formato", "format of use")),
        Column("hours", "float", "Hours used.", "Horas de uso.", required=True,
               aliases=("horas", "hours used", "horas de uso"), minimum=0,
               maximum=config.MAX_USAGE_HOURS),
        Column("participants", "int", "People taking part.", "Participantes.",
               aliases=("participantes", "pessoas", "people", "personas"), minimum=0,
               maximum=config.MAX_PARTICIPANTS),
    ),
)

PROJECTS = Dataset(
    name="projects",
    description="Projects developed with the groups for civic participation, transparency or "
    "integrity (milestone 3).",
    description_pt="Projetos desenvolvidos com os grupos para participação social, "
    "transparência ou integridade (marco 3).",
    id_column="project_id",
    file_aliases=("projetos", "proyectos"),
    columns=(
        Column("project_id", "id", "Unique id of the project.",
               "Identificador único do projeto.", required=True,
               aliases=("id", "id_projeto", "codigo", "project id", "código",
                        "id del proyecto")),
        Column("title", "str", "Title of the project.", "Título do projeto.", required=True,
               aliases=("titulo", "título", "nome", "name", "nombre")),
        Column("space_ids", "ids", "Spaces involved (several).", "Espaços envolvidos (vários).",
               references="spaces", aliases=("espacos", "espaços", "ids_espacos", "spaces",
                                             "espacios")),
        Column("partner_group_ids", "ids", "Partner groups (several).",
               "Grupos parceiros (vários).", references="groups",
               aliases=("grupos_parceiros", "grupos", "parceiros", "partner groups", "groups",
                        "partners", "grupos socios", "grupos aliados", "socios")),
        Column("started_on", "date", "Start date.", "Data de início.", required=True,
               aliases=("inicio", "início", "data_inicio", "start", "start date", "started",
                        "fecha de inicio")),
        Column("ended_on", "date", "End date; empty = still running.",
               "Data de término; vazio = em andamento.",
               aliases=("fim", "termino", "término", "data_fim", "end", "end date", "ended",
                        "fecha de fin", "fecha de término", "finalizado el")),
        Column("status", "code", "Status of the project.", "Situação do projeto.",
               required=True, codes=PROJECT_STATUS, aliases=("situacao", "situação", "estado",
                                                             "situación")),
        Column("aims", "codes", "Aims (several).", "Objetivos (vários).", codes=AIMS,
               aliases=("objetivos", "objetivo", "aim", "goals", "purpose")),
        Column("licence", "spdx", "Licence of the project's code or content, as an SPDX id.",
               "Licença do código ou conteúdo, como identificador SPDX.",
               aliases=("licenca", "licença", "license", "licencia")),
        Column("open_data_used", "bool", "Whether the project uses open data.",
               "Se o projeto usa dados abertos.",
               aliases=("usa_dados_abertos", "dados_abertos_usados", "uses open data",
                        "open data used", "usa datos abiertos", "datos abiertos usados")),
        Column("open_data_published", "bool", "Whether the project publishes open data.",
               "Se o projeto publica dados abertos.",
               aliases=("publica_dados_abertos", "dados_abertos_publicados",
                        "publishes open data", "open data published",
                        "publica datos abiertos", "datos abiertos publicados")),
        Column("repository_url", "url", "Public code repository.", "Repositório público.",
               aliases=("repositorio", "repositório", "url_repositorio", "repository",
                        "code repository", "url del repositorio")),
        Column("participants_reached", "int", "People reached.", "Pessoas alcançadas.",
               aliases=("participantes_alcancados", "alcance", "pessoas_alcancadas",
                        "people reached", "reach", "participantes alcanzados",
                        "personas alcanzadas"),
               minimum=0, maximum=config.MAX_PROJECT_PARTICIPANTS),
    ),
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (SPACES, GROUPS, USAGE, PROJECTS)}

# Columns added by validation when a table is placed in the city (groups and spaces).
PLACE_COLUMNS = ("district_code", "district_name", "subprefeitura_code", "subprefeitura",
                 "region")

# ``rule`` names the check that failed (one of QUARANTINE_RULES), for counting.
QUARANTINE_COLUMNS = ("dataset", "file", "line", "column", "value", "reason", "rule")

# The checks validation makes; a row failing any of them goes to the quarantine.
QUARANTINE_RULES: dict[str, str] = {
    "malformed_row": "a record that cannot be split into the header's columns (an unquoted "
    "separator, a quote never closed) or a GeoJSON feature that cannot be read",
    "missing": "a required value is missing (or only one of latitude and longitude is given)",
    "wrong_type": "not a date, a number, a whole number or yes/no",
    "not_allowed": "a value outside the allowed codes (including an unknown SPDX licence id)",
    "duplicate_id": "an id already seen on an earlier line",
    "unknown_reference": "an id of a space or group that is not a valid row",
    "impossible_date": "a date that does not exist, or before 01/01/2000",
    "end_before_start": "closed_on before opened_on, or ended_on before started_on",
    "future_date": "a date after today",
    "out_of_range": "a negative or absurd number of hours, participants or seats, or a "
    "latitude/longitude beyond ±90/±180",
    "outside_city": "coordinates outside the city's boundaries (its city pack)",
    "unknown_district": "an area (district) that is not one of the city pack's",
}

# What to do about the rows a rule rejects; said when every row of a data set is rejected.
QUARANTINE_FIXES: dict[str, str] = {
    "malformed_row": "open the file in a spreadsheet and save it again as CSV (UTF-8), so that "
    "every value with a separator or a line break is quoted.",
    "missing": "fill in the required columns (docs/data-dictionary.md lists them).",
    "wrong_type": "write dates as dd/mm/yyyy or yyyy-mm-dd and numbers with digits only.",
    "not_allowed": "use the codes listed for the column in docs/data-dictionary.md.",
    "duplicate_id": "give every row an id of its own.",
    "unknown_reference": "use ids of spaces and groups that exist in their own files and are "
    "valid there.",
    "impossible_date": "check the dates: day first, then month, then year.",
    "end_before_start": "swap the two dates, or correct one of them.",
    "future_date": "check the year of the dates.",
    "out_of_range": "check the numbers: hours of one use, people, seats, latitude and "
    "longitude in degrees.",
    "outside_city": "check that the data is of the commitment's city (--city names another "
    "city pack) and that latitude and longitude are not swapped.",
    "unknown_district": "write the names or codes of the city pack's areas, or run with "
    "--city naming the pack of the data's city.",
}

# How validation reads what people type; rendered into docs/data-dictionary.md.
VALIDATION_NOTES = (
    "Text files are read as UTF-8 (with or without BOM), UTF-16, or the Windows-1252 / "
    "Latin-1 code pages of spreadsheets; NUL bytes are removed with a warning naming their "
    "lines, and every kind of line ending (`\\n`, `\\r\\n`, `\\r`) is read as one.",
    "Dates are `dd/mm/yyyy` (also with `-` or `.`), `dd/mm/yy` (read as 20yy: no date "
    "before 2000 is accepted) or ISO `yyyy-mm-dd` (a time part is ignored); never month "
    "first.",
    "Numbers take a decimal comma or point; when both appear, the last one is the decimal "
    "separator. Whole numbers accept a thousands point: `1.500` people is 1500.",
    "Cells holding only `-`, `n/a`, `#N/D`, `null` or `none` count as empty, except in "
    "free-text columns.",
    "Licences are SPDX ids whatever their case (`mit` is `MIT`), or the licence's full "
    "name; `A OR B` expressions are accepted.",
    "A row with several problems counts once as quarantined, with one quarantine line per "
    "problem, so that per file read = valid + quarantined.",
    "When an id appears twice, the first row in the file keeps it; later rows go to the "
    "quarantine.",
    "References (usage to spaces and groups, projects to spaces and groups, groups to "
    "partner spaces) count only valid rows: a row pointing at a quarantined space is "
    "quarantined too. Data sets are validated in the order spaces, groups, usage, projects.",
    "District names match whatever their accents, case, spacing and punctuation "
    "(`VILA NOVA`, `Vila  Nova `, `vila-nova`), with the usual abbreviations (`Jd.`, `Vl.`), "
    "the city pack's aliases and a slip of a letter in longer names; where the pack says "
    "numbers are codes, a number is an area code and wins. A name of the upper level that "
    "spans several areas, or a name that could be two areas, is an unknown district.",
    "Points within 150 m of the city limit count as inside. Coordinates that fall inside "
    "once swapped are reported as swapped.",
    "Warnings, not rejections: groups with the same name once accents, case and "
    "punctuation are ignored (probable duplicates), and groups that joined the network "
    "before they were mapped.",
    "Rows whose every cell is empty are skipped and not counted; rows above the header "
    "(titles) are skipped with a warning; columns that match no column of the data set are "
    "ignored and listed apart, with the column they probably mean.",
    "A column absent from a file (not the same as empty) is remembered: indicators that "
    "need it are shown as *no data* with the reason, never as zero.",
)


# The data folder's columns.yaml (labmetrics.read.column_map), rendered into
# docs/data-dictionary.md.
COLUMN_MAP_NOTES = (
    "A data folder may hold a `columns.yaml` beside its files, for headers that match no "
    "column. Each key is a data set (`groups`) or the name of a file of the folder "
    "(`grupos_2018.xlsx`, whose own lines win over its data set's); under it, each header "
    "as written in the file is mapped to a column of that data set:",
    "",
    "```yaml",
    "groups:",
    '  "Quando entrou na rede": network_joined_on',
    "usage.csv:",
    '  "Horas utilizadas": hours',
    "```",
    "",
    "Headers are compared by their words, like the aliases, and a mapped header wins over "
    "them. `labmetrics validate` and `labmetrics build` list every header the map read, "
    "and validation.json records them (`mapped_columns`). A line naming a data set or file "
    "that does not exist or a column its data set does not have, a header mapped twice or "
    "YAML that cannot be read stops the reading with the file, the line and the fix; a "
    "mapped header the file does not have is a warning. Headers that are neither known nor "
    "mapped are ignored, listed apart from the warnings with the column they probably mean "
    "(`did you mean`), and recorded in validation.json (`ignored_columns`). "
    "`labmetrics.read.column_map.write_template(folder)` writes an empty columns.yaml with "
    "these instructions as comments.",
)


def public_columns(dataset: str) -> list[str]:
    """Columns of ``dataset`` that may appear in a public output (no personal data)."""
    ds = DATASETS[dataset]
    return [c for c in ds.names if c not in ds.personal]


PANDAS_DTYPES: dict[str, str] = {
    "id": "string",
    "str": "string",
    "code": "string",
    "url": "string",
    "spdx": "string",
    "date": "datetime64[ns]",
    "float": "float64",
    "int": "Int64",
    "bool": "boolean",
}


def pandera_schema(dataset: str) -> pa.DataFrameSchema:  # pandera imported lazily
    """Build the pandera schema that a validated ``dataset`` table satisfies.

    Multi-valued columns hold Python lists of strings; dates are timezone-naive datetimes.
    """
    import pandera.pandas as pa

    ds = DATASETS[dataset]
    columns = {}
    for col in ds.columns:
        checks = []
        if col.kind == "code" and col.codes:
            checks.append(pa.Check.isin(col.codes))
        if col.kind == "codes" and col.codes:
            allowed = set(col.codes)
            checks.append(pa.Check(lambda s, a=allowed: s.map(lambda v: set(v) <= a),
                                   name="codes_allowed"))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        dtype = None if col.multi else PANDAS_DTYPES[col.kind]
        columns[col.name] = pa.Column(
            dtype, checks=checks, nullable=not col.required,
            unique=col.name == ds.id_column, required=True,
        )
    return pa.DataFrameSchema(columns, strict=False, name=dataset)


def render_data_dictionary() -> str:
    """Render the data model as the Markdown of docs/data-dictionary.md."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `labmetrics/schema.py` by `make docs`; do not edit by hand.",
        "",
        "A data folder holds four files, each as `.csv`, `.xlsx`, `.geojson` or `.parquet`: "
        + ", ".join(f"`{d}`" for d in DATASETS) + ". "
        "CSV may use `;` or `,`, be UTF-8 (with or without BOM) or Windows-1252, write dates "
        "as `dd/mm/yyyy` or ISO `yyyy-mm-dd` and decimals with a comma. Multi-valued cells "
        "are split on `;`, `|` or line breaks. A header is read as a column when its words "
        "are those of the column's name or of one of its aliases (in Portuguese, English and "
        "Spanish, listed below), compared without case, accents, punctuation or the small "
        "words " + ", ".join(f"*{w}*" for w in sorted(HEADER_SMALL_WORDS)) + ": "
        "`Data de entrada na rede`, `data_entrada_rede` and `Fecha de ingreso a la red` all "
        "are `network_joined_on`. Headers nobody could guess are mapped in the folder's "
        "`columns.yaml` (below). Code values are accepted in Portuguese and Spanish. "
        "Columns marked *personal* are personal data under the LGPD and never reach a "
        "public output.",
        "",
    ]
    for ds in DATASETS.values():
        lines += [f"## {ds.name}", "", ds.description, "", f"*{ds.description_pt}*", ""]
        if ds.file_aliases:
            lines += ["File names accepted: " + ", ".join(
                f"`{n}`" for n in (ds.name, *ds.file_aliases)) + ".", ""]
        lines += ["| column | type | required | codes / range | aliases | description |",
                  "|---|---|---|---|---|---|"]
        for c in ds.columns:
            rng = ", ".join(f"`{v}`" for v in c.codes)
            if c.minimum is not None or c.maximum is not None:
                rng = f"{c.minimum:g} – {c.maximum:g}"
            if c.references:
                rng = f"ids of `{c.references}`"
            desc = c.description + (" **personal**" if c.personal else "")
            lines.append(
                f"| `{c.name}` | {c.kind} | {'yes' if c.required else ''} | {rng} | "
                + ", ".join(f"`{a}`" for a in c.aliases)
                + f" | {desc}<br>*{c.description_pt}* |"
            )
        lines.append("")
    lines += ["## Code values in Portuguese", "",
              "Values are compared without accents, case or extra spaces.", "",
              "| written | code |", "|---|---|"]
    lines += [f"| {k.strip()} | `{v}` |" for k, v in VALUE_ALIASES.items()]
    lines += ["", "## The column map: columns.yaml", "", *COLUMN_MAP_NOTES]
    lines += [
        "",
        "## Added by validation",
        "",
        "Groups and spaces are placed in the city: "
        + ", ".join(f"`{c}`" for c in PLACE_COLUMNS)
        + ". A numeric district code wins over a name; without a district, the point "
        "(latitude, longitude) decides.",
        "",
        "## Quarantine",
        "",
        "Rows that fail validation are kept in `quarantine.csv` with the columns "
        + ", ".join(f"`{c}`" for c in QUARANTINE_COLUMNS) + ". `line` is the line of the "
        "source file (the header is line 1; a record with a line break inside quotes "
        "starts on its first line), the sheet row in XLSX, the feature number in GeoJSON "
        "and the row number in Parquet. In public outputs the values of personal columns "
        "read `[personal data withheld]`.",
        "",
        "| rule | meaning |",
        "|---|---|",
        *[f"| `{rule}` | {meaning} |" for rule, meaning in QUARANTINE_RULES.items()],
        "",
        "## How values are read",
        "",
        *[f"- {note}" for note in VALIDATION_NOTES],
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render_data_dictionary())
