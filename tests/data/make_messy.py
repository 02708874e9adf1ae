"""Write tests/data/messy/: the four data sets as a Brazilian spreadsheet export would be.

Windows-1252, ``;``-separated, CRLF line ends, Portuguese headers and codes, dd/mm/yyyy
dates, decimal commas, variant district names, a value with a line break inside quotes,
blank trailing rows, and a few bad rows of every kind. The expected outcome of each row is
written next to it; tests/test_validate.py checks exactly that.

Run from the project root: ``python tests/data/make_messy.py``.
"""
# The rows below are file contents, kept one record per line so that line numbers read true.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent / "messy"

SPACES = """\
id;nome;órgão;tipo;distrito;latitude;longitude;vagas;formatos;inaugurado_em;encerrado_em
LABP;LabProdam;PRODAM;Laboratório de inovação;Sé;-23,5503;-46,6339;20;coworking|residência;03/04/2017;
MOBI;MobiLab;SMT;laboratório;12;;;15;coworking;01/07/2014;
PATD;Pátio Digital;SME;polo;"São Miguel ";;;;"evento; oficina";03/04/2017;
FAB1;Fab Lab Cidade Tiradentes;SMIT;fab lab;;-23,582;-46,403;10;oficina;01/12/2015;31/12/2017
FAB2;Fab Lab Perus;SMIT;fab lab;Perus;-46,75;-23,40;8;oficina;01/12/2015;
HUB1;Hub Vila Nova;SMIT;hub;Vila Nova Cachoeirinha;;;5;coworking;01/02/2016;
LABP;LabProdam de novo;PRODAM;laboratório;Sé;;;;;01/01/2017;
CO1;Coworking Castelo;SMIT;castelo;;;;abc;coworking;31/02/2017;
CO2;Coworking Relógio;SMIT;espaço de coworking;;;;;coworking;01/03/2017;01/02/2017
;;;;;;;;;;
"""

GROUPS = """\
código;nome;tipo;tecnologia_aberta;temas;distrito;lat;lon;site;contato;e-mail;telefone;data_mapeamento;mapeado_por;data_entrada_rede;espaços_parceiros;situação
G001;Casa dos Meninos;grupo de jovens;software livre;"educação; cultura";Cangaiba;;;;Ana Souza;ana@example.org;(11) 90000-0001;10/05/2017;oficina de mapeamento;01/06/2017;PATD;ativo
G002;Coletivo Digital;coletivo;dados abertos|padrões abertos;;Cidade Lider;;;http://coletivo.example.org;;;;12/05/2017;;;;ativa
G003;Garoa Hacker Clube;hackerspace;"software livre;hardware livre";;Pinheiros;-23,566;-46,691;;;;;15/05/2017;;20/05/2017;LABP|MOBI;ativo
G004;Startup Cívica;startup;dados abertos;;SAO MIGUEL;;;;;;;16/05/17;;;;ativo
G005;OSC Transparência;OSC;dados abertos;"transparência
orçamento";12;;;;Bruno Lima;bruno@example.org;;2017-05-20;;;;inativo
G006;Grupo Sem Data;coletivo;;;Sé;;;;;;;;;;;
G007;Grupo do Futuro;coletivo;;;Sé;;;;;;;01/01/2031;;;;
G008;Grupo Errado;associação;blockchain;;Sé;;;;;;;10/06/2017;;;;
G009;Parceiro Fantasma;coletivo;;;Sé;;;;;;;10/06/2017;;01/07/2017;ZZZ;ativo
G010;CASA DOS MENINOS;grupo de jovens;;;Penha;;;;;;;11/06/2017;;;;
G011;M'Boi em Rede;coletivo;;;M'Boi Mirim;;;;;;;12/06/2017;;;;
G012;Grupo do Centro;coletivo;;;;-23,5503;-46,6339;;;;;13/06/2017;;;;
G013;Grupo Partido;OSC;dados abertos;saúde;educação;Sé;;;;Carla Dias;carla@example.org;;14/06/2017;;;;;x
"""

USAGE = """\
data;espaço;grupo;formato;horas;participantes
03/04/2017;LABP;G001;coworking;4;3
04/04/2017;LABP;;evento;2,5;40
05/04/2017;PATD;G002;oficina;3;1.200
06/04/2017;MOBI;G003;residência;8;2
07/04/2017;FAB2;G001;evento;2;10
08/04/2017;LABP;G008;coworking;4;2
09/04/2017;LABP;G001;coworking;-2;3
10/04/2017;LABP;G001;coworking;36;3
11/04/2017;LABP;G001;evento;2;9000
31/04/2017;LABP;G001;coworking;4;3
12/04/2017;LABP;G001;coworking;quatro;3
;LABP;G001;coworking;4;3
13/04/2017;LABP;G002;hackathon;4;3

"""

PROJECTS = """\
código;título;espaços;grupos_parceiros;início;fim;situação;objetivos;licença;usa_dados_abertos;publica_dados_abertos;repositório;participantes_alcançados
P01;Painel de Obras;LABP;G001|G003;01/06/2017;15/12/2017;entregue;transparência;agpl-3.0-or-later;sim;sim;https://git.example.org/painel;1.500
P02;Ônibus Aberto;MOBI;G002;01/08/2017;;em andamento;participação social|transparência;MIT;sim;não;;300
P03;Orçamento Jovem;PATD;G005;10/09/2017;;proposto;participação social;CC-BY-4.0;não;não;;
P04;Projeto ao Contrário;LABP;G001;01/10/2017;01/09/2017;entregue;integridade;MIT;sim;sim;;
P05;Licença Estranha;LABP;G001;01/10/2017;;em andamento;transparência;GPL v3;talvez;;;
P06;Parceiro Inexistente;LABP;G999;01/10/2017;;em andamento;;;;;;
P01;Painel Duplicado;LABP;G001;01/06/2017;;em andamento;;;;;;
P07;;LABP;G001;01/11/2017;;em andamento;;;;;;
"""

FILES = {"espacos.csv": SPACES, "grupos.csv": GROUPS, "uso.csv": USAGE,
         "projetos.csv": PROJECTS}


def write(out: Path = OUT) -> list[Path]:
    """Write the messy files into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in FILES.items():
        path = out / name
        path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write():
        print(written)
