"""What the sample says about itself: the README.md and the ``sample.json`` marker written
beside its files.

The README tells people, in pt-BR and en, that the data is invented, how to write it again
byte for byte, and where the rows made bad on purpose are; ``sample.json`` tells programs the
same (the manifest's ``sample`` key, which the reports' sample notice reads).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from labmetrics import config

if TYPE_CHECKING:
    from labmetrics.sample.generate import SampleSummary


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 with LF line ends, aside and then moved in place."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def render_marker(summary: SampleSummary) -> str:
    """Return ``sample.json``: the machine-readable statement that the folder's data is
    invented, with what regenerates it."""
    marker = {
        "kind": "labmetrics sample", "invented": True, "scale": summary.scale,
        "seed": summary.seed, "format": summary.fmt,
        "period": {"start": config.SAMPLE_START.isoformat(),
                   "end": config.SAMPLE_END.isoformat()},
        "bad_rows": summary.bad_rows,
    }
    return json.dumps(marker, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_LAYOUT = {
    "csv": (
        "Os arquivos imitam uma exportação da Prefeitura: groups.csv separado por `;`, UTF-8 "
        "com BOM, cabeçalhos e códigos em português, datas dd/mm/aaaa misturadas com ISO, "
        "variantes de nomes de distrito e vírgula decimal; spaces.csv em UTF-8 com `,`; "
        "usage.csv em Windows-1252 com `;` e vírgula decimal; projects.csv com listas "
        "separadas por `|`.",
        "The files imitate an export of the city: groups.csv `;`-separated, UTF-8 with BOM, "
        "Portuguese headers and codes, dd/mm/yyyy dates mixed with ISO, district name "
        "variants and decimal commas; spaces.csv UTF-8 with `,`; usage.csv Windows-1252 with "
        "`;` and decimal commas; projects.csv with `|`-separated lists.",
        "linha do arquivo (cabeçalho = linha 1)", "file line (header = line 1)"),
    "parquet": (
        "Os arquivos Parquet guardam texto nas colunas canônicas: datas ISO, ponto decimal, "
        "listas separadas por `;`.",
        "The Parquet files hold text in the canonical columns: ISO dates, decimal points, "
        "`;`-separated lists.",
        "linha da tabela (primeira = 1)", "table row (first = 1)"),
}


def render_readme(summary: SampleSummary) -> str:
    """Return the README.md written next to the sample files (pt-BR, then en)."""
    layout_pt, layout_en, where_pt, where_en = _LAYOUT[summary.fmt]
    table = "\n".join(
        f"| {name}.{summary.fmt} | {summary.rows[name]} | {summary.bad_rows[name]} | "
        + (", ".join(map(str, summary.bad_lines[name][:12]))
           + (" …" if summary.bad_rows[name] > 12 else "") or "–") + " |"
        for name in config.DATASETS)
    first, last = config.SAMPLE_START.isoformat(), config.SAMPLE_END.isoformat()
    command = (f"labmetrics sample --scale {summary.scale:g} --seed {summary.seed} "
               f"--format {summary.fmt} --out")
    return f"""# Dados de exemplo – labmetrics / Sample data – labmetrics

## Português

**Estes dados são inventados.** Os grupos, nomes, contatos, usos e projetos desta pasta não
existem: servem para demonstrar e testar o labmetrics. Os e-mails usam os domínios reservados
example.org, example.com e example.net. Só os espaços (LabProdam, MobiLab, Pátio Digital e
outros espaços municipais) têm nomes reais, com números inventados.

Período: {first} a {last}. Escala {summary.scale:g}, semente {summary.seed}. Para gerar de
novo, idêntico byte a byte:

    {command} <pasta>

{layout_pt}

Algumas linhas estão erradas de propósito (data impossível, grupo desconhecido, horas
negativas, latitude e longitude trocadas, identificador repetido, grupo fora do município,
término antes do início). A validação deve colocá-las em quarentena, e só elas.

| arquivo | linhas | erradas de propósito | {where_pt} |
|---|---|---|---|
{table}

## English

**This data is invented.** The groups, names, contacts, uses and projects in this folder do
not exist: they are here to demonstrate and test labmetrics. E-mail addresses use the
reserved domains example.org, example.com and example.net. Only the spaces (LabProdam,
MobiLab, Pátio Digital and other municipal spaces) carry real names, with invented figures.

Period: {first} to {last}. Scale {summary.scale:g}, seed {summary.seed}. To generate it
again, byte for byte:

    {command} <folder>

{layout_en}

Some rows are wrong on purpose (impossible date, unknown group, negative hours, latitude and
longitude swapped, repeated id, group outside the city, end before start). Validation should
quarantine them, and only them.

| file | rows | wrong on purpose | {where_en} |
|---|---|---|---|
{table}
"""
