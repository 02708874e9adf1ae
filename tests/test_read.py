"""Reading files into raw tables of strings with their source lines."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from labmetrics import read
from labmetrics.errors import InputError
from labmetrics.read import delimited

USAGE_HEADER = "data;espaço;grupo;formato;horas;participantes"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_fold_header():
    assert read.fold_header("Data de mapeamento ") == "data_mapeamento"
    assert read.fold_header("E-mail") == "e_mail"
    assert read.fold_header("ESPAÇOS PARCEIROS") == "espacos_parceiros"
    assert read.fold_header("Situação") == "situacao"


def test_header_aliases():
    assert read.header_aliases("spaces")["id"] == "space_id"
    assert read.header_aliases("groups")["id"] == "group_id"
    assert read.header_aliases("groups")["e_mail"] == "contact_email"
    assert read.header_aliases("groups")["data_entrada_rede"] == "network_joined_on"
    assert read.header_aliases("usage")["espaco"] == "space_id"
    assert read.header_aliases("projects")["participantes_alcancados"] == (
        "participants_reached")


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
     ("cp1252", b"", "cp1252")],
)
def test_semicolon_csv_in_each_encoding(tmp_path, encoding, prefix, detected):
    text = f"{USAGE_HEADER}\n03/04/2017;LABP;G001;formação;2,5;3\n"
    path = tmp_path / "uso.csv"
    path.write_bytes(prefix + text.encode(encoding))
    table = read.read_file(path, "usage")
    assert table.delimiter == ";"
    assert table.encoding == detected
    assert table.frame.to_dict("records") == [{
        "date": "03/04/2017", "space_id": "LABP", "group_id": "G001", "format": "formação",
        "hours": "2,5", "participants": "3", "_line": 2,
    }]


def test_cp1252_is_detected_not_guessed_as_utf8():
    text = "nome;órgão\nPátio Digital;Secretaria de Educação\n"
    decoded, encoding = read.decode(text.encode("cp1252"))
    assert encoding == "cp1252"
    assert decoded == text


def test_comma_csv_with_quoted_commas(tmp_path):
    path = _write(tmp_path, "usage.csv",
                  'date,space_id,group_id,format,hours,participants\n'
                  '2017-04-03,LAB,"G1",event,"2,5",3\n')
    table = read.read_file(path, "usage")
    assert table.delimiter == ","
    assert table.frame.loc[0, "hours"] == "2,5"


def test_semicolon_inside_quotes_and_line_numbers_after_quoted_newlines(tmp_path):
    path = _write(tmp_path, "grupos.csv",
                  "id;nome;tipo;temas;data_mapeamento\r\n"
                  'G1;"Casa; Hacker";coletivo;"educação\r\ncultura\r\nsaúde";10/05/2017\r\n'
                  "G2;Coletivo;coletivo;;11/05/2017\r\n"
                  "\r\n"
                  'G3;"Aspas ""duplas""";OSC;;12/05/2017\r\n')
    table = read.read_file(path, "groups")
    frame = table.frame
    assert frame["_line"].tolist() == [2, 5, 7]
    assert frame["name"].tolist() == ["Casa; Hacker", "Coletivo", 'Aspas "duplas"']
    assert frame.loc[0, "themes"] == "educação\ncultura\nsaúde"


def test_quote_inside_unquoted_value_uses_the_careful_reader(tmp_path, monkeypatch):
    calls = []
    original = delimited._read_csv_slowly
    monkeypatch.setattr(delimited, "_read_csv_slowly",
                        lambda *a: calls.append(1) or original(*a))
    path = _write(tmp_path, "groups.csv",
                  "group_id;name;kind;mapped_on\n"
                  'G1;Grupo 5" polegadas;collective;2017-05-10\n'
                  "G2;Outro;collective;2017-05-11\n")
    table = read.read_file(path, "groups")
    assert calls == [1]
    assert table.frame["name"].tolist() == ['Grupo 5" polegadas', "Outro"]
    assert table.frame["_line"].tolist() == [2, 3]


def test_large_file_takes_the_vectorised_path(tmp_path, monkeypatch):
    monkeypatch.setattr(delimited, "_read_csv_slowly", lambda *a: pytest.fail("slow path used"))
    n = 50_000
    frame = pd.DataFrame({
        "date": "12/03/2017", "space_id": np.where(np.arange(n) % 2, "LAB", "MOB"),
        "group_id": "G1", "format": "coworking", "hours": "2,5", "participants": "3",
    })
    path = tmp_path / "usage.csv"
    frame.to_csv(path, sep=";", index=False)
    table = read.read_file(path, "usage")
    assert table.rows == n
    assert table.frame["_line"].iloc[[0, -1]].tolist() == [2, n + 1]
    assert table.frame["space_id"].iloc[:2].tolist() == ["MOB", "LAB"]


def test_title_rows_blank_rows_and_ragged_rows(tmp_path):
    path = _write(tmp_path, "uso.csv",
                  "Uso dos espaços – 2017;;;;;\n"
                  ";;;;;\n"
                  f"{USAGE_HEADER}\n"
                  "03/04/2017;LAB;G1;evento;2;10\n"
                  ";;;;;\n"
                  "04/04/2017;LAB;G1;evento;2;10;extra\n"
                  "05/04/2017;LAB;G1;evento;2;10;;\n")
    table = read.read_file(path, "usage")
    assert table.frame["_line"].tolist() == [4, 7]
    assert table.rejects[read.LINE].tolist() == [6]
    assert table.rejects["reason"].iloc[0].startswith("the row has 7 cells but the header has 6")
    assert table.rows == 3
    assert any("above the header" in w for w in table.warnings)


def test_unknown_headers_are_reported(tmp_path):
    path = _write(tmp_path, "usage.csv",
                  "date,space_id,format,hours,observação\n2017-01-01,LAB,event,1,x\n")
    table = read.read_file(path, "usage")
    assert table.unknown_columns == ("observação",)
    assert "observação" not in table.frame
    assert table.ignored == (read.IgnoredColumn("observação"),)
    # An ignored column is listed apart, never as one of the warnings.
    assert not any("observação" in w for w in table.warnings)


def test_header_only_file_has_no_rows(tmp_path):
    path = _write(tmp_path, "projects.csv", "project_id;title;started_on;status\n")
    table = read.read_file(path, "projects")
    assert table.rows == 0
    assert "the file has a header but no rows." in table.warnings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (b"id;nome;Nome;tipo;data_mapeamento\nG1;a;b;coletivo;01/01/2017\n",
         "both mean 'name'"),
        (b"id;nome\nG1;a\n", "required column(s) kind, mapped_on"),
    ],
)
def test_unusable_files_raise_one_clear_error(tmp_path, content, message):
    path = tmp_path / "grupos.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read.read_file(path, "groups")
    text = info.value.describe()
    assert message in text
    assert str(path) in text
    assert "Fix:" in text
    assert "\n" not in text


def test_find_file_by_portuguese_name_and_extension(tmp_path):
    (tmp_path / "Espaços.CSV").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    assert read.find_file(tmp_path, "spaces").name == "Espaços.CSV"
    with pytest.raises(InputError, match="no file for the data set 'groups'"):
        read.find_file(tmp_path, "groups")
    (tmp_path / "spaces.xlsx").write_text("x")
    with pytest.raises(InputError, match="several files hold the data set 'spaces'"):
        read.find_file(tmp_path, "spaces")
    with pytest.raises(InputError, match="does not exist"):
        read.find_file(tmp_path / "nowhere", "spaces")


def test_xlsx_sheet_named_like_the_data_set(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notas"
    book.active["A1"] = "Planilha de trabalho"
    sheet = book.create_sheet("Espaços")
    sheet.append(["Mapa dos espaços"])
    sheet.append([])
    sheet.append(["id", "nome", "órgão", "tipo", "lat", "lugares", "inaugurado_em"])
    sheet.append(["LAB", "LabProdam", "PRODAM", "laboratório", -23.5503, 20,
                  datetime(2017, 4, 3)])
    sheet.append(["MOB", "MobiLab", "SMT", "laboratório", None, 15.0, date(2014, 7, 1)])
    path = tmp_path / "espacos.xlsx"
    book.save(path)
    table = read.read_file(path, "spaces")
    assert table.sheet == "Espaços"
    assert table.frame.to_dict("records") == [
        {"space_id": "LAB", "name": "LabProdam", "host": "PRODAM", "kind": "laboratório",
         "latitude": "-23.5503", "seats": "20", "opened_on": "2017-04-03", "_line": 4},
        {"space_id": "MOB", "name": "MobiLab", "host": "SMT", "kind": "laboratório",
         "latitude": "", "seats": "15", "opened_on": "2014-07-01", "_line": 5},
    ]


def test_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "spaces.xlsx"
    path.write_text("not a zip")
    with pytest.raises(InputError, match="cannot be read as an Excel workbook"):
        read.read_file(path, "spaces")


def test_geojson_points_become_latitude_and_longitude(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-46.6339, -23.5503]},
         "properties": {"id": "LAB", "nome": "LabProdam", "orgao": "PRODAM",
                        "tipo": "hub", "formatos": ["coworking", "evento"],
                        "inaugurado_em": "2017-04-03", "lat": 1.0}},
        {"type": "Feature", "geometry": None,
         "properties": {"id": "MOB", "nome": "MobiLab", "orgao": "SMT", "tipo": "hub",
                        "inaugurado_em": "2014-07-01"}},
        {"type": "Feature",
         "geometry": {"type": "Polygon", "coordinates": [[[-46.70, -23.60], [-46.68, -23.60],
                                                          [-46.68, -23.58], [-46.70, -23.58],
                                                          [-46.70, -23.60]]]},
         "properties": {"id": "FAB", "nome": "Fab", "orgao": "SMIT", "tipo": "fab lab",
                        "inaugurado_em": "2015-01-01"}},
    ]}
    path = tmp_path / "spaces.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    table = read.read_file(path, "spaces")
    frame = table.frame
    assert frame["_line"].tolist() == [1, 2, 3]
    assert frame["space_id"].tolist() == ["LAB", "MOB", "FAB"]
    assert frame["latitude"].tolist()[:2] == ["-23.5503", ""]
    assert frame["longitude"].tolist()[:2] == ["-46.6339", ""]
    assert frame.loc[0, "formats"] == "coworking;evento"
    # A polygon stands for a point inside it.
    assert -23.60 < float(frame.loc[2, "latitude"]) < -23.58
    assert any("'lat'" in w for w in table.warnings)


def test_parquet_values_are_rendered_as_text(tmp_path):
    frame = pd.DataFrame({
        "project_id": ["P1", "P2"],
        "title": ["Painel", "App"],
        "space_ids": [["LAB", "MOB"], []],
        "started_on": pd.to_datetime(["2017-07-01", "2017-08-01"]),
        "status": ["active", None],
        "open_data_used": [True, False],
        "participants_reached": [1500.0, np.nan],
    })
    path = tmp_path / "projects.parquet"
    frame.to_parquet(path)
    table = read.read_file(path, "projects")
    assert table.frame.to_dict("records") == [
        {"project_id": "P1", "title": "Painel", "space_ids": "LAB;MOB",
         "started_on": "2017-07-01", "status": "active", "open_data_used": "true",
         "participants_reached": "1500", "_line": 1},
        {"project_id": "P2", "title": "App", "space_ids": "", "started_on": "2017-08-01",
         "status": "", "open_data_used": "false", "participants_reached": "", "_line": 2},
    ]


def test_unknown_extension(tmp_path):
    path = tmp_path / "usage.ods"
    path.write_text("x")
    with pytest.raises(InputError, match=r"does not read '\.ods' files"):
        read.read_file(path, "usage")


def test_sniff_delimiter():
    assert read.sniff_delimiter("a;b;c\n1,5;2;3\n") == ";"
    assert read.sniff_delimiter('a,b,c\n"1;5",2,3\n') == ","
    assert read.sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert read.sniff_delimiter("single\nvalue\n") == ","


def test_sniff_delimiter_looks_at_the_first_lines_only():
    # 10 lines of ";" then commas: the commas lie beyond the lines looked at.
    assert read.sniff_delimiter("a;b\n" * 10 + "1,2,3,4,5\n" * 5) == ";"
    # A first line longer than the first slice read is still whole.
    long_line = "x" * 70_000 + ";" + "y" * 10
    assert delimited._head_lines(long_line + "\n1,2,3\n", 2) == [long_line, "1,2,3"]
    text = "a;b\r\nc\x1cd\u2028e\n"
    assert delimited._head_lines(text, 10) == text.splitlines()


def test_unquoted_files_split_by_pyarrow_as_pandas_splits_quoted_ones(tmp_path, monkeypatch):
    rows = ["group_id;name;kind;mapped_on", "G1;Jovens Hackers;youth_group;2017-05-10",
            "G2;;collective;", "G3;São Mateus Livre;startup;11/05/2017"]
    plain = read.read_file(_write(tmp_path, "groups.csv", "\n".join(rows) + "\n"), "groups")
    # A quoted header takes pandas' path; the cells are the same.
    quoted = ['"group_id";name;kind;mapped_on', *rows[1:]]
    monkeypatch.setattr(delimited, "_split_unquoted", lambda *a: pytest.fail("no quotes?"))
    (tmp_path / "q").mkdir()
    other = read.read_file(_write(tmp_path / "q", "groups.csv", "\n".join(quoted) + "\n"),
                           "groups")
    pd.testing.assert_frame_equal(plain.frame, other.frame)
    assert plain.frame["name"].tolist() == ["Jovens Hackers", "", "São Mateus Livre"]


def test_unquoted_ragged_rows_fall_back_to_pandas():
    grid = delimited._split_unquoted(b"a;b;c\n1;2\n", ";", 3)
    assert grid is None
    grid = delimited._split_unquoted(b"a;b;c\n1;;3\n", ";", 3)
    assert grid.to_numpy().tolist() == [["a", "b", "c"], ["1", "", "3"]]
    assert grid.columns.tolist() == [0, 1, 2]


def test_windows_line_ends_without_quotes_are_read_as_they_stand(tmp_path, monkeypatch):
    rows = ["group_id;name;kind;mapped_on", "G1;Jovens Hackers;youth_group;2017-05-10", "",
            "G2; ;collective;", "  ;  ;  ;  ", "G3;São Mateus\tLivre;startup;11/05/2017 "]
    lf = read.read_file(_write(tmp_path, "groups.csv", "\n".join(rows) + "\n"), "groups")
    split = delimited._split_even_lines
    seen: list[bytes] = []
    monkeypatch.setattr(delimited, "_split_even_lines",
                        lambda raw, sep: seen.append(raw) or split(raw, sep))
    (tmp_path / "crlf").mkdir()
    crlf_path = _write(tmp_path / "crlf", "groups.csv", "\r\n".join(rows))
    crlf = read.read_file(crlf_path, "groups")
    pd.testing.assert_frame_equal(lf.frame, crlf.frame)
    assert crlf.frame[read.LINE].tolist() == [2, 4, 6]
    assert [b"\r\n" in raw for raw in seen] == [True]  # split as it stands, not copied
    # A lone CR is a line end of its own: such a file has its line ends replaced first.
    (tmp_path / "cr").mkdir()
    mixed = _write(tmp_path / "cr", "groups.csv",
                   "\r\n".join(rows[:3]) + "\r" + "\n".join(rows[3:]))
    assert not delimited._windows_lines_only(mixed.read_bytes())
    pd.testing.assert_frame_equal(lf.frame, read.read_file(mixed, "groups").frame)
    assert b"\r" not in seen[-1]


def test_utf8_of_a_file_is_its_own_bytes_unless_decoding_changed_the_text():
    from labmetrics.read.text import decode_to_utf8

    plain = "São Paulo;Pátio\n".encode()
    text, encoding, raw = decode_to_utf8(plain)
    assert (text, encoding) == read.decode(plain) and raw is plain
    assert decode_to_utf8(b"\xef\xbb\xbfa;b")[2] == b"a;b"
    # Text that decoding changed (NFC, a second BOM, another code page) is encoded again.
    for data in ("Sa\u0303o;x".encode(), b"\xef\xbb\xbf\xef\xbb\xbfa;b",
                 "Pátio;x".encode("cp1252"), "Pátio;x".encode("utf-16")):
        text, _, raw = decode_to_utf8(data)
        assert raw == text.encode("utf-8") and raw != data


def test_text_of_a_code_page_is_nfc_whatever_its_characters():
    import unicodedata

    from labmetrics.read.text import FALLBACK_ENCODINGS

    # Characters that compose with the one before them: the second of every canonical pair,
    # and the Hangul vowels and final consonants (composed by rule).
    second = {chr(int(d.split()[1], 16)) for d in map(unicodedata.decomposition,
              map(chr, range(0x110000))) if d and not d.startswith("<") and len(d.split()) == 2}
    second |= {chr(c) for c in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for encoding in FALLBACK_ENCODINGS:
        chars = [bytes([b]).decode(encoding, errors="ignore") for b in range(128, 256)]
        chars = [c for c in chars if c]
        assert len(chars) > 120, encoding
        for c in chars:
            assert unicodedata.combining(c) == 0, (encoding, c)
            assert unicodedata.is_normalized("NFC", c), (encoding, c)
            assert c not in second, (encoding, c)
        # Every pair of them, and each beside ASCII, is left as it is.
        text = "".join(a + b for a in chars for b in (*chars, "a", "e", "o", " "))
        assert unicodedata.normalize("NFC", text) == text
        decoded, _ = read.decode(text.encode(encoding))
        assert unicodedata.is_normalized("NFC", decoded)


def test_decoded_text_is_nfc():
    nfd = "Sa\u0303o Paulo;Pa\u0301tio".encode()
    assert read.decode(nfd) == ("São Paulo;Pátio", "utf-8")
    assert read.decode(b"\xef\xbb\xbfplain;ascii") == ("plain;ascii", "utf-8-sig")
    assert read.decode("Pátio".encode("cp1252")) == ("Pátio", "cp1252")


def test_windows_lines_are_each_cr_before_an_lf():
    root = Path(__file__).parent
    files = [*(root.parent / "data" / "raw").glob("*/*.csv"), *(root / "data").glob("*/*.csv")]
    datas = [p.read_bytes() for p in files]
    datas += [d.replace(b"\n", b"\r\n") for d in datas]
    datas += [b"a;b\r\nc;d\r", b"a;b\rc;d\r\n", b"a;b\r\r\n", b"\r\n", b"a\r\n\r\n"]
    assert sum(delimited._windows_lines_only(d) for d in datas) > 10
    for data in datas:
        counted = (b"\r" in data and b'"' not in data and b"\x00" not in data
                   and data.count(b"\r") == data.count(b"\r\n"))
        assert delimited._windows_lines_only(data) == counted


def test_a_file_of_whitespace_is_empty(tmp_path):
    for text in (b"", b" \r\n\t\x0b\x0c\n"):
        (tmp_path / "usage.csv").write_bytes(text)
        with pytest.raises(InputError, match="the file is empty"):
            read.read_file(tmp_path / "usage.csv", "usage")
