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
    from labmetrics.sample.spec import SampleSpec


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


# How Parquet files are laid out (CSV files imitate the city's export, as the spec says),
# and what the line of a bad row counts.
_PARQUET_LAYOUT = {
    "pt-BR": "Os arquivos Parquet guardam texto nas colunas canônicas: datas ISO, ponto "
             "decimal, listas separadas por `;`.",
    "en": "The Parquet files hold text in the canonical columns: ISO dates, decimal points, "
          "`;`-separated lists.",
}
_WHERE = {
    "csv": ("linha do arquivo (cabeçalho = linha 1)", "file line (header = line 1)"),
    "parquet": ("linha da tabela (primeira = 1)", "table row (first = 1)"),
}


def render_readme(summary: SampleSummary, spec: SampleSpec) -> str:
    """Return the README.md written next to the sample files of ``spec`` (pt-BR, then en)."""
    layout = spec.readme["layout"] if summary.fmt == "csv" else _PARQUET_LAYOUT
    layout_pt, layout_en = layout["pt-BR"], layout["en"]
    where_pt, where_en = _WHERE[summary.fmt]
    real_pt, real_en = spec.readme["real_names"]["pt-BR"], spec.readme["real_names"]["en"]
    table = "\n".join(
        f"| {name}.{summary.fmt} | {summary.rows[name]} | {summary.bad_rows[name]} | "
        + (", ".join(map(str, summary.bad_lines[name][:12]))
           + (" …" if summary.bad_rows[name] > 12 else "") or "–") + " |"
        for name in config.DATASETS)
    first, last = config.SAMPLE_START.isoformat(), config.SAMPLE_END.isoformat()
    which = ("" if spec.commitment == config.DEFAULT_COMMITMENT
             else f"--commitment {spec.commitment} ")
    command = (f"labmetrics sample {which}--scale {summary.scale:g} --seed {summary.seed} "
               f"--format {summary.fmt} --out")
    return f"""# Dados de exemplo – labmetrics / Sample data – labmetrics

## Português

**Estes dados são inventados.** Os grupos, nomes, contatos, usos e projetos desta pasta não
existem: servem para demonstrar e testar o labmetrics. Os e-mails usam os domínios reservados
example.org, example.com e example.net. {real_pt}

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
reserved domains example.org, example.com and example.net. {real_en}

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
