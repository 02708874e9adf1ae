"""Write tests/data/bad/: one hostile or broken input file per case.

Each file is named ``<dataset>__<case>.<ext>``: the test copies it into a data folder as
``<dataset>.<ext>`` beside good companions of the three other data sets, validates the
folder and checks the outcome written for the case in tests/test_bad_inputs.py.

Good rows refer to the companions' spaces ``LAB`` and ``MOB`` and groups ``G1`` and
``G2``, so that a bad file's valid rows stay valid. The files are deterministic: running
this script again rewrites the same bytes (the XLSX zip entries carry a fixed time).

Run from the project root: ``python tests/data/bad/make_corpus.py``.
"""
# The rows below are file contents, kept one record per line so that line numbers read true.
# ruff: noqa: E501

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent
FIXED_TIME = datetime(2017, 4, 3, 0, 0, 0)

SPACES_HEADER = "space_id,name,host,kind,district,latitude,longitude,seats,formats,opened_on,closed_on\n"
SPACE_OK = "LAB,LabProdam,PRODAM,innovation_lab,Sé,-23.5503,-46.6339,20,coworking,2017-04-03,\n"
GROUPS_HEADER = "group_id,name,kind,open_tech,district,latitude,longitude,contact_name,contact_email,contact_phone,mapped_on,network_joined_on,partner_space_ids,status\n"
GROUP_OK = "G1,Casa Hacker,hacker_maker_space,free_software,Sé,,,Ana Souza,ana@example.org,(11) 90000-0001,2017-05-10,2017-06-01,LAB,active\n"
USAGE_HEADER = "date,space_id,group_id,format,hours,participants\n"
USAGE_OK = "2017-06-01,LAB,G1,coworking,2.5,3\n"
PROJECTS_HEADER = "project_id,title,space_ids,partner_group_ids,started_on,ended_on,status,aims,licence,open_data_used,participants_reached\n"
PROJECT_OK = "P1,Painel de Obras,LAB,G1;G2,2017-07-01,,active,transparency,MIT,yes,300\n"

# --- encodings and separators ---------------------------------------------------------------

LATIN1 = """\
id;nome;órgão;tipo;distrito;latitude;longitude;vagas;inaugurado_em
LAB;LabProdam;PRODAM;laboratório de inovação;Sé;-23,5503;-46,6339;20;03/04/2017
PAT;Pátio Digital;SME;pólo;São Miguel;;;;03/04/2017
FAB;Fab Lab Butantã;SMIT;fab lab;Butantã;;;8;01/12/2015
"""

CP1252 = """\
código;nome;tipo;distrito;data_mapeamento;situação
G1;“Coletivo” Ação – Jovem;coletivo;Sé;10/05/2017;ativo
G2;Grupo € do Código;coletivo;Cangaíba;11/05/2017;ativo
"""

UTF16_TAB = """\
date\tspace_id\tgroup_id\tformat\thours\tparticipants
2017-06-01\tLAB\tG1\tcoworking\t2,5\t3
2017-06-02\tMOB\tG2\tevento\t3\t40
"""

TAB = """\
project_id\ttitle\tspace_ids\tpartner_group_ids\tstarted_on\tstatus
P1\tPainel, de Obras\tLAB\tG1|G2\t2017-07-01\tactive
P2\tÔnibus; Aberto\tMOB\tG2\t2017-08-01\tem andamento
"""

MIXED = """\
date;space_id;group_id;format;hours;participants
2017-06-01;LAB;G1;coworking;2,5;3
2017-06-02,MOB,G2,event,3,40
2017-06-03;MOB;G2;event;3;40
"""

# --- truncated, empty ------------------------------------------------------------------------

TRUNCATED = USAGE_HEADER + USAGE_OK + "2017-06-02,MOB,G2,event,3,40\n2017-06-03,LAB,G1,cowo"

UNTERMINATED = GROUPS_HEADER + GROUP_OK + 'G2,"Coletivo Digital,collective,,,,,,,,2017-05-11,,,active\n' + "G3,Grupo Três,collective,,,,,,,,2017-05-12,,,active\n"

HEADER_ONLY = USAGE_HEADER

BLANK_LINES = "\n\n   \n;;;\n"

# --- headers ---------------------------------------------------------------------------------

DUPLICATED_HEADER = "group_id,name,nome,kind,mapped_on\nG1,Casa Hacker,Casa Hacker,collective,2017-05-10\n"

UNKNOWN_HEADERS = """\
space_id,name,host,kind,opened_on,observações,,cor favorita
LAB,LabProdam,PRODAM,innovation_lab,2017-04-03,aberto às 9h,x,azul
MOB,MobiLab,SMT,innovation_lab,2014-07-01,,,
"""

MISSING_REQUIRED = "project_id,title,space_ids,started_on\nP1,Painel,LAB,2017-07-01\n"

NO_HEADER = "LAB,LabProdam,PRODAM,innovation_lab,2017-04-03\nMOB,MobiLab,SMT,innovation_lab,2014-07-01\n"

# --- wrong type in each column -----------------------------------------------------------------

SPACES_WRONG = SPACES_HEADER + SPACE_OK + """\
S2,Lab Dois,SMIT,innovation_lab,Sé,abc,-46.63,20,coworking,2017-04-03,
S3,Lab Três,SMIT,innovation_lab,Sé,,,vinte,coworking,2017-04-03,
S4,Lab Quatro,SMIT,castelo,Sé,,,,coworking,2017-04-03,
S5,Lab Cinco,SMIT,hub,Sé,,,,piquenique,2017-04-03,
S6,Lab Seis,SMIT,hub,Sé,,,,,abril de 2017,
S7,Lab Sete,SMIT,hub,Sé,,,,,2017-04-03,ontem
S8,Lab Oito,SMIT,hub,Sé,,,12.5,,2017-04-03,
"""

GROUPS_WRONG = GROUPS_HEADER + GROUP_OK + """\
G3,Grupo Três,banana,,Sé,,,,,,2017-05-12,,,active
G4,Grupo Quatro,collective,blockchain,Sé,,,,,,2017-05-12,,,active
G5,Grupo Cinco,collective,,Sé,-23.55,leste,,,,2017-05-12,,,active
G6,Grupo Seis,collective,,Sé,,,,,,maio/2017,,,active
G7,Grupo Sete,collective,,Sé,,,,,,2017-05-12,sim,,active
G8,Grupo Oito,collective,,Sé,,,,,,2017-05-12,,,talvez
"""

USAGE_WRONG = USAGE_HEADER + USAGE_OK + """\
hoje,LAB,G1,coworking,2,3
2017-06-02,LAB,G1,hackathon,2,3
2017-06-03,LAB,G1,coworking,quatro,3
2017-06-04,LAB,G1,coworking,2,2.5
2017-06-05,LAB,G1,coworking,2,muitos
"""

PROJECTS_WRONG = PROJECTS_HEADER + PROJECT_OK + """\
P2,Projeto Dois,LAB,G1,x,,active,,,,
P3,Projeto Três,LAB,G1,2017-07-01,depois,active,,,,
P4,Projeto Quatro,LAB,G1,2017-07-01,,pronto,,,,
P5,Projeto Cinco,LAB,G1,2017-07-01,,active,lucro,,,
P6,Projeto Seis,LAB,G1,2017-07-01,,active,,licença livre,,
P7,Projeto Sete,LAB,G1,2017-07-01,,active,,,talvez,
P8,Projeto Oito,LAB,G1,2017-07-01,,active,,,,mil e quinhentos
"""

# --- dates -------------------------------------------------------------------------------------

IMPOSSIBLE_DATES = USAGE_HEADER + USAGE_OK + """\
31/02/2017,LAB,G1,coworking,2,3
2017-13-01,LAB,G1,coworking,2,3
00/01/2017,LAB,G1,coworking,2,3
31/12/1999,LAB,G1,coworking,2,3
01/01/2031,LAB,G1,coworking,2,3
29/02/2016,LAB,G1,coworking,2,3
"""

SPACES_END_BEFORE_START = SPACES_HEADER + SPACE_OK + """\
OLD,Lab Fechado,SMIT,hub,Sé,,,,,2017-04-03,2016-04-03
SAME,Lab de Um Dia,SMIT,hub,Sé,,,,,2017-04-03,2017-04-03
"""

PROJECTS_END_BEFORE_START = PROJECTS_HEADER + PROJECT_OK + """\
P2,Projeto ao Contrário,LAB,G1,01/10/2017,01/09/2017,delivered,,,,
P3,Projeto de Um Dia,LAB,G1,01/10/2017,01/10/2017,delivered,,,,
"""

# --- numbers ---------------------------------------------------------------------------------

USAGE_ABSURD = USAGE_HEADER + USAGE_OK + """\
2017-06-02,LAB,G1,coworking,-1,3
2017-06-03,LAB,G1,coworking,25,3
2017-06-04,LAB,G1,coworking,1e9,3
2017-06-05,LAB,G1,coworking,inf,3
2017-06-06,LAB,G1,event,2,-5
2017-06-07,LAB,G1,event,2,9999999
2017-06-08,LAB,G1,coworking,24,5000
2017-06-09,LAB,G1,coworking,0,0
"""

SPACES_ABSURD = SPACES_HEADER + SPACE_OK + """\
NEG,Lab Negativo,SMIT,hub,Sé,,,-3,,2017-04-03,
BIG,Lab Gigante,SMIT,hub,Sé,,,100000,,2017-04-03,
HUGE,Lab Sem Fim,SMIT,hub,Sé,,,99999999999999999999999,,2017-04-03,
TOP,Lab Lotado,SMIT,hub,Sé,,,2000,,2017-04-03,
"""

SPACES_CALENDAR_EDGES = SPACES_HEADER + SPACE_OK + """\
ZERO,Lab do Ano Zero,SMIT,hub,Sé,,,,,0000-01-01,
FAR,Lab do Futuro,SMIT,hub,Sé,,,,,9999-12-31,
FIVE,Lab de Cinco Dígitos,SMIT,hub,Sé,,,,,99999-01-01,
LEAP,Lab Bissexto,SMIT,hub,Sé,,,,,2016-02-29,
"""

PROJECTS_ABSURD = PROJECTS_HEADER + PROJECT_OK + """\
P2,Projeto Negativo,LAB,G1,2017-07-01,,active,,,,-1
P3,Projeto Planetário,LAB,G1,2017-07-01,,active,,,,8000000000
"""

# --- ids and references ----------------------------------------------------------------------

GROUPS_DUPLICATE_IDS = GROUPS_HEADER + GROUP_OK + """\
G2,Coletivo Digital,collective,,,,,,,,2017-05-11,,,active
G1,Casa Hacker de Novo,hacker_maker_space,,,,,,,,2017-05-12,,,active
 G2 ,Coletivo Digital Outra Vez,collective,,,,,,,,2017-05-13,,,active
g1,Grupo em Minúsculas,collective,,,,,,,,2017-05-14,,,active
"""

SPACES_DUPLICATE_IDS = SPACES_HEADER + SPACE_OK + """\
MOB,MobiLab,SMT,innovation_lab,Butantã,,,15,,2014-07-01,
LAB,LabProdam Repetido,PRODAM,innovation_lab,Sé,,,,,2017-04-03,
"""

USAGE_UNKNOWN_REFERENCES = USAGE_HEADER + USAGE_OK + """\
2017-06-02,ZZZ,G1,coworking,2,3
2017-06-03,LAB,G99,coworking,2,3
2017-06-04,MOB,,event,3,40
"""

PROJECTS_UNKNOWN_REFERENCES = PROJECTS_HEADER + PROJECT_OK + """\
P2,Projeto Fantasma,LAB;ZZZ,G1,2017-07-01,,active,,,,
P3,Parceiro Fantasma,MOB,G404,2017-07-01,,active,,,,
"""

GROUPS_UNKNOWN_PARTNER = GROUPS_HEADER + GROUP_OK + """\
G2,Coletivo Digital,collective,,,,,,,,2017-05-11,2017-06-01,MOB|NOWHERE,active
"""

# --- places ------------------------------------------------------------------------------------

SPACES_OUTSIDE = SPACES_HEADER + SPACE_OK + """\
RIO,Lab Carioca,SMIT,hub,,-22.9068,-43.1729,,,2017-04-03,
NUL,Lab Null Island,SMIT,hub,,0,0,,,2017-04-03,
SWP,Lab Trocado,SMIT,hub,,-46.6339,-23.5503,,,2017-04-03,
FAR,Lab Polar,SMIT,hub,,-95,-46.63,,,2017-04-03,
ONE,Lab Meio Ponto,SMIT,hub,,-23.55,,,,2017-04-03,
"""

GROUPS_UNKNOWN_DISTRICTS = GROUPS_HEADER + GROUP_OK + """\
G2,Coletivo Atlântida,collective,,Atlântida,,,,,,2017-05-11,,,active
G3,Grupo M'Boi,collective,,M'Boi Mirim,,,,,,2017-05-11,,,active
G4,Grupo Noventa e Sete,collective,,97,,,,,,2017-05-11,,,active
G5,Grupo Itaim,collective,,Itaim,,,,,,2017-05-11,,,active
G6,Grupo Cangaiba,collective,,CANGAIBA,,,,,,2017-05-11,,,active
"""

# --- hostile text ------------------------------------------------------------------------------

LONG = "x" * 100_000
GROUPS_LONG = GROUPS_HEADER + GROUP_OK + (
    f"G2,{LONG},collective,,,,,,,,2017-05-11,,,active\n"
    f"G3,Grupo Data Longa,collective,,,,,,,,{LONG},,,active\n"
)

USAGE_NUL = USAGE_HEADER + USAGE_OK + "2017-06-02,MOB,G2,event,3\x00,40\n2017-06-03,MOB,G2,event,3,40\n"
SPACES_NUL_NAME = SPACES_HEADER + SPACE_OK + "MOB,Mobi\x00Lab,SMT,innovation_lab,,,,,,2014-07-01,\n"

GROUPS_FORMULAS = GROUPS_HEADER + GROUP_OK + """\
G2,"=HYPERLINK(""http://x"",""y"")",collective,,,,,,,,2017-05-11,,,active
G3,+55 Coletivo,collective,,,,,,,,2017-05-11,,,active
G4,-Coletivo Menos,collective,,,,,,,,2017-05-11,,,active
G5,@grupo,collective,,,,,,,,2017-05-11,,,active
G6,Grupo Fórmula,=1+1,,,,,,,,2017-05-11,,,active
"""

PROJECTS_FORMULAS = PROJECTS_HEADER + PROJECT_OK + """\
P2,"=HYPERLINK(""http://x"",""y"")",LAB,G1,2017-07-01,,active,,,,
P3,@SUM(A1:A9),LAB,G1,2017-07-01,,active,,,,
P4,=cmd|' /C calc'!A0,LAB,G1,2017-07-01,,-feito,,,,
"""

GROUPS_HTML = GROUPS_HEADER + GROUP_OK + """\
G2,<script>alert(1)</script>,collective,,,,,,,,2017-05-11,,,active
G3,<img src=x onerror=alert(1)>,collective,,,,,,,,2017-05-11,,,active
G4,"<a href=""javascript:alert(1)"">x</a>",collective,,<b>Sé</b>,,,,,,2017-05-11,,,active
"""

GROUPS_ESCAPES = GROUPS_HEADER + GROUP_OK + """\
G2,\x1b[31mVermelho\x1b[0m,collective,,,,,,,,2017-05-11,,,active
G3,Grupo Limpa Tela,collective,,,,,,,,\x1b[2J2017-05-11,,,active
"""

SPACES_HTML = SPACES_HEADER + SPACE_OK + """\
MOB,<script>alert(1)</script>,<img src=x onerror=alert(1)>,innovation_lab,,,,,,2014-07-01,
"""

MALFORMED_ROW = USAGE_HEADER + USAGE_OK + "2017-06-02,MOB,G2,event,3,40,extra,cells\n2017-06-03,MOB,G2,event,3,40\n"

# --- GeoJSON -----------------------------------------------------------------------------------


def _feature(props: dict[str, Any], geometry: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _space(space_id: str, name: str) -> dict[str, Any]:
    return {"space_id": space_id, "name": name, "host": "SMIT", "kind": "hub",
            "opened_on": "2017-04-03"}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _collection(*features: Any) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)},
                      ensure_ascii=False, indent=1) + "\n"


BOWTIE = {"type": "Polygon", "coordinates": [[[-46.70, -23.60], [-46.60, -23.50],
                                               [-46.60, -23.60], [-46.70, -23.50],
                                               [-46.70, -23.60]]]}

GEO_SELF_INTERSECTING = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)),
    _feature(_space("BOW", "Lab Gravata"), BOWTIE),
)

GEO_NULL_GEOMETRY = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)),
    _feature(_space("MOB", "MobiLab"), None),
)

GEO_NON_POINT = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)),
    _feature(_space("LIN", "Lab Linha"), {"type": "LineString",
                                          "coordinates": [[-46.64, -23.55], [-46.62, -23.55]]}),
    _feature(_space("EMP", "Lab Vazio"), {"type": "GeometryCollection", "geometries": []}),
    _feature(_space("BAD", "Lab Sem Forma"), {"type": "Triangle", "coordinates": [1, 2, 3]}),
)

GEO_OUT_OF_RANGE = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)),
    _feature(_space("FAR", "Lab Fora do Mapa"), _point(-200.0, -95.0)),
    _feature(_space("EMP", "Lab Sem Coordenadas"), {"type": "Point", "coordinates": []}),
    _feature(_space("TXT", "Lab Texto"), {"type": "Point", "coordinates": ["leste", "sul"]}),
)

GEO_BROKEN = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)))[:120]

GEO_NOT_FEATURES = _collection(
    _feature(_space("LAB", "LabProdam"), _point(-46.6339, -23.5503)),
    "not a feature",
    7,
    {"type": "Feature", "properties": ["MOB", "MobiLab"], "geometry": None},
)

GEO_NOT_COLLECTION = json.dumps(_point(-46.6339, -23.5503)) + "\n"

GEO_TOO_DEEP = '{"type": "FeatureCollection", "features": ' + "[" * 5000 + "\n"

# --- XLSX --------------------------------------------------------------------------------------


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with a fixed time on every entry, so the file is reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving; the corpus keeps a fixed one.
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(entry, content)
    return out.getvalue()


def _workbook_bytes(book: Any) -> bytes:
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def xlsx_several_sheets() -> bytes:
    """A read-me sheet first, a pivot-like summary, then the data on a sheet named 'grupos'."""
    import openpyxl

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "Leia-me"
    readme["A1"] = "Mapeamento colaborativo de grupos: preencha a aba grupos."
    summary = book.create_sheet("Resumo")
    summary.append(["tipo", "total"])
    summary.append(["coletivo", 2])
    data = book.create_sheet("grupos")
    data.append(["código", "nome", "tipo", "data_mapeamento", "espaços_parceiros"])
    data.append(["G1", "Casa Hacker", "hackerspace", date(2017, 5, 10), "LAB"])
    data.append(["G2", "Coletivo Digital", "coletivo", datetime(2017, 5, 11), None])
    data.append(["G3", "Grupo Sem Data", "coletivo", None, None])
    return _workbook_bytes(book)


def xlsx_data_not_first() -> bytes:
    """The data on the second sheet, with no sheet named like the data set."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notas"
    notes["A1"] = "Planilha exportada do sistema"
    notes["A2"] = "Atualizada em 2017"
    data = book.create_sheet("Planilha2")
    data.append(["space_id", "name", "host", "kind", "opened_on"])
    data.append(["LAB", "LabProdam", "PRODAM", "innovation_lab", date(2017, 4, 3)])
    data.append(["MOB", "MobiLab", "SMT", "innovation_lab", date(2014, 7, 1)])
    return _workbook_bytes(book)


def xlsx_merged_cells() -> bytes:
    """A merged title over the header, and a host cell merged down over two rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "espaços"
    sheet["A1"] = "Espaços de inovação da Prefeitura"
    sheet.merge_cells("A1:E1")
    sheet.append(["id", "nome", "órgão", "tipo", "inaugurado_em"])
    sheet.append(["LAB", "LabProdam", "PRODAM", "laboratório", date(2017, 4, 3)])
    sheet.append(["FAB1", "Fab Lab Cidade Tiradentes", "SMIT", "fab lab", date(2015, 12, 1)])
    sheet.append(["FAB2", "Fab Lab Perus", None, "fab lab", date(2015, 12, 1)])
    sheet.merge_cells("C4:C5")
    sheet.append(["MOB", "MobiLab", "SMT", "laboratório", date(2014, 7, 1)])
    return _workbook_bytes(book)


def xlsx_wrong_types() -> bytes:
    """Typed cells where text is expected and text where numbers are expected."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "uso"
    sheet.append(["data", "espaço", "grupo", "formato", "horas", "participantes"])
    sheet.append([date(2017, 6, 1), "LAB", "G1", "coworking", 2.5, 3])
    sheet.append(["ontem", "LAB", "G1", "coworking", 2, 3])
    sheet.append([date(2017, 6, 2), "LAB", "G1", "coworking", True, 3])
    sheet.append([date(2017, 6, 3), "LAB", "G1", "coworking", 2, date(2017, 1, 1)])
    return _workbook_bytes(book)


def parquet_odd_types() -> bytes:
    """Arrow types a spreadsheet never writes: a struct, a list of numbers, a huge float."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "project_id": ["P1", "P2", "P3"],
        "title": ["Painel de Obras", "Projeto Estruturado", "Projeto Enorme"],
        "space_ids": [["LAB"], ["LAB"], ["LAB"]],
        "partner_group_ids": [["G1"], [], ["G1"]],
        "started_on": pa.array([date(2017, 7, 1)] * 3),
        "status": ["active", "active", "active"],
        "aims": [["transparency"], ["transparency", "integrity"], ["transparency"]],
        "participants_reached": pa.array([300.0, 5.0, 1e23]),
        "licence": pa.array([None, {"id": "MIT"}, None],
                            pa.struct([("id", pa.string())])),
    })
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none")
    return buffer.getvalue()


# --- the corpus ----------------------------------------------------------------------------------


def _text(text: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return text.replace("\n", newline).encode(encoding)


def corpus() -> dict[str, bytes]:
    """Every file of the corpus: file name to bytes."""
    return {
        "spaces__latin1_accents.csv": _text(LATIN1, "latin-1", "\r\n"),
        "groups__cp1252_quotes.csv": _text(CP1252, "cp1252", "\r\n"),
        "usage__utf16_tab.csv": _text(UTF16_TAB, "utf-16"),
        "usage__utf16_without_bom.csv": _text(UTF16_TAB, "utf-16-le"),
        "projects__tab_separated.csv": _text(TAB),
        "usage__mixed_separators.csv": _text(MIXED),
        "usage__old_mac_line_ends.csv": _text(USAGE_HEADER + USAGE_OK, newline="\r"),
        "usage__truncated_mid_row.csv": _text(TRUNCATED),
        "groups__unterminated_quote.csv": _text(UNTERMINATED),
        "projects__empty.csv": b"",
        "usage__header_only.csv": _text(HEADER_ONLY),
        "spaces__blank_lines_only.csv": _text(BLANK_LINES),
        "groups__duplicated_header.csv": _text(DUPLICATED_HEADER),
        "spaces__unknown_headers.csv": _text(UNKNOWN_HEADERS),
        "projects__missing_required.csv": _text(MISSING_REQUIRED),
        "spaces__no_header.csv": _text(NO_HEADER),
        "spaces__wrong_types.csv": _text(SPACES_WRONG),
        "groups__wrong_types.csv": _text(GROUPS_WRONG),
        "usage__wrong_types.csv": _text(USAGE_WRONG),
        "projects__wrong_types.csv": _text(PROJECTS_WRONG),
        "usage__impossible_dates.csv": _text(IMPOSSIBLE_DATES),
        "spaces__end_before_start.csv": _text(SPACES_END_BEFORE_START),
        "projects__end_before_start.csv": _text(PROJECTS_END_BEFORE_START),
        "usage__absurd_numbers.csv": _text(USAGE_ABSURD),
        "spaces__absurd_seats.csv": _text(SPACES_ABSURD),
        "spaces__calendar_edges.csv": _text(SPACES_CALENDAR_EDGES),
        "projects__absurd_participants.csv": _text(PROJECTS_ABSURD),
        "groups__duplicate_ids.csv": _text(GROUPS_DUPLICATE_IDS),
        "spaces__duplicate_ids.csv": _text(SPACES_DUPLICATE_IDS),
        "usage__unknown_references.csv": _text(USAGE_UNKNOWN_REFERENCES),
        "projects__unknown_references.csv": _text(PROJECTS_UNKNOWN_REFERENCES),
        "groups__unknown_partner_space.csv": _text(GROUPS_UNKNOWN_PARTNER),
        "spaces__outside_sao_paulo.csv": _text(SPACES_OUTSIDE),
        "groups__unknown_districts.csv": _text(GROUPS_UNKNOWN_DISTRICTS),
        "groups__very_long_fields.csv": _text(GROUPS_LONG),
        "usage__nul_bytes.csv": _text(USAGE_NUL),
        "spaces__nul_in_name.csv": _text(SPACES_NUL_NAME),
        "usage__malformed_row.csv": _text(MALFORMED_ROW),
        "groups__formulas.csv": _text(GROUPS_FORMULAS),
        "projects__formulas.csv": _text(PROJECTS_FORMULAS),
        "groups__html_names.csv": _text(GROUPS_HTML),
        "spaces__html_names.csv": _text(SPACES_HTML),
        "groups__terminal_escapes.csv": _text(GROUPS_ESCAPES),
        "spaces__zip_named_csv.csv": xlsx_data_not_first(),
        "projects__odd_types.parquet": parquet_odd_types(),
        "groups__several_sheets.xlsx": xlsx_several_sheets(),
        "spaces__data_on_second_sheet.xlsx": xlsx_data_not_first(),
        "spaces__merged_cells.xlsx": xlsx_merged_cells(),
        "usage__wrong_types.xlsx": xlsx_wrong_types(),
        "spaces__not_a_workbook.xlsx": b"PK\x03\x04 this zip stops here",
        "spaces__self_intersecting.geojson": _text(GEO_SELF_INTERSECTING),
        "spaces__null_geometry.geojson": _text(GEO_NULL_GEOMETRY),
        "spaces__non_point.geojson": _text(GEO_NON_POINT),
        "spaces__out_of_range.geojson": _text(GEO_OUT_OF_RANGE),
        "spaces__broken_json.geojson": _text(GEO_BROKEN),
        "spaces__not_features.geojson": _text(GEO_NOT_FEATURES),
        "spaces__not_a_collection.geojson": _text(GEO_NOT_COLLECTION),
        "spaces__too_deep.geojson": _text(GEO_TOO_DEEP),
    }


def write(out: Path = OUT) -> list[Path]:
    """Write the corpus into ``out`` (stale corpus files removed first); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*__*.*"):
        old.unlink()
    paths = []
    for name, data in corpus().items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write():
        print(written.name)
