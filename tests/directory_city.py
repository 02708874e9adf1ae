"""A small mapping whose directory of partners is worked out by hand, shared by the directory
tests.

spaces  S1 LabProdam, S2 MobiLab (both in Sé, open since 2016).
groups  id  name                      joined      left        opt out  district   contacts
        G1  Coletivo Ação Periférica  2017-03-01  -           -        Sé         yes
        G2  Casa Hacker Secreta       2018-06-01  -           yes      Pinheiros  yes
        G3  Startup Água Futura       2019-02-01  -           -        Sé         -
        G4  Grupo Só Mapeado          -           -           -        Grajaú     -
        G5  Rede Que Saiu             2016-05-01  2018-03-01  -        Penha      -
        G6  Laboratório Ótimo         2018-01-15  -           no       (none)     yes
        G7  Saída Silenciosa          2016-01-01  2018-05-01  yes      Sé         -
usage    G1 at S1 on 2017-04-01; G6 at S2 on 2019-01-10 (after the day)
projects P1 "Mapa Colaborativo" (S1; partners G1, G6), from 2018-02-01
         P2 "Projeto Futuro" (S2; partner G1), from 2019-03-01

The directory on 2018-12-31, compared with 2017-12-31 (the default):
  partners on the day  G1, G2, G6          (G3 not yet, G4 never, G5 and G7 left)
  named                G1, G6              (G2 opted out: counted, not named) -> total 3
  joined since         G6 named, G2 counted (1 not named)
  left since           G5 named, G7 counted (1 not named)
  G1: spaces LabProdam (used) -> [LabProdam]; projects [Mapa Colaborativo] (P2 starts later)
  G6: spaces [] (its use is after the day); projects [Mapa Colaborativo]
On 2018-04-01: partners G1, G6, G7 (G5 left on 03-01, G7 leaves on 05-01, G2 joins in June):
  named G1, G6; 1 not named.
"""

from __future__ import annotations

import pandas as pd

AS_OF = "2018-12-31"
NAMED = ("Coletivo Ação Periférica", "Laboratório Ótimo")
HIDDEN = ("Casa Hacker Secreta", "Saída Silenciosa")
CONTACTS = ("Maria Contato", "maria@example.org", "+55 11 91234-5678", "joao@example.net")


def make_frames() -> dict[str, pd.DataFrame]:
    spaces = pd.DataFrame({
        "space_id": ["S1", "S2"], "name": ["LabProdam", "MobiLab"],
        "host": ["PRODAM", "SMT"], "kind": ["innovation_lab", "innovation_lab"],
        "district": ["Sé", "Sé"], "opened_on": ["2016-01-01", "2016-01-01"],
    })
    groups = pd.DataFrame({
        "group_id": ["G1", "G2", "G3", "G4", "G5", "G6", "G7"],
        "name": ["Coletivo Ação Periférica", "Casa Hacker Secreta", "Startup Água Futura",
                 "Grupo Só Mapeado", "Rede Que Saiu", "Laboratório Ótimo", "Saída Silenciosa"],
        "kind": ["collective", "hacker_maker_space", "startup", "youth_group",
                 "civil_society_org", "research_group", "collective"],
        "open_tech": ["open_data;free_software", "open_hardware", "", "", "open_data",
                      "open_standards", ""],
        "themes": ["cultura", "", "", "", "", "saúde", ""],
        "district": ["Sé", "Pinheiros", "Sé", "Grajaú", "Penha", None, "Sé"],
        "website": ["https://acao.example.org", None, None, None, None,
                    "https://otimo.example.org", None],
        "contact_name": ["Maria Contato", "Maria Contato", None, None, None, None, None],
        "contact_email": ["maria@example.org", "joao@example.net", None, None, None,
                          "maria@example.org", None],
        "contact_phone": ["+55 11 91234-5678", None, None, None, None, None, None],
        "mapped_on": ["2016-01-01"] * 7,
        "network_joined_on": ["2017-03-01", "2018-06-01", "2019-02-01", None, "2016-05-01",
                              "2018-01-15", "2016-01-01"],
        "network_left_on": [None, None, None, None, "2018-03-01", None, "2018-05-01"],
        "listing_opt_out": [None, True, None, None, None, False, True],
        "partner_space_ids": ["", "S1", "", "", "S2", "", "S1"],
    })
    usage = pd.DataFrame({
        "date": ["2017-04-01", "2019-01-10"], "space_id": ["S1", "S2"],
        "group_id": ["G1", "G6"], "hours": [2.0, 3.0], "format": ["coworking", "coworking"],
    })
    projects = pd.DataFrame({
        "project_id": ["P1", "P2"], "title": ["Mapa Colaborativo", "Projeto Futuro"],
        "space_ids": ["S1", "S2"], "partner_group_ids": ["G1;G6", "G1"],
        "started_on": ["2018-02-01", "2019-03-01"], "status": ["active", "proposed"],
    })
    return {"groups": groups, "spaces": spaces, "usage": usage, "projects": projects}
