"""A small network whose every figure is worked out by hand, shared by the network tests.

The network of 2017 (quarters Q1 Jan–Mar, Q2 Apr–Jun, Q3 Jul–Sep, Q4 Oct–Dec):

spaces  S1 LabProdam (PRODAM), S2 MobiLab (SMT), S3 Pátio Digital (SME); all open.
groups  id  kind         district        region  mapped  joined  partner of
        G1  youth_group  Sé              Centro  01-10   02-01   S1
        G2  startup      Pinheiros       Oeste   01-20   05-10   S1, S2
        G3  collective   Itaim Paulista  Leste   04-05   -
        G4  startup      Pinheiros       Oeste   07-01   08-01   S3
        G5  youth_group  Grajaú          Sul     10-15   -
usage   Q1  01-15 S1 G1 2h | 02-10 S2 G1 3h | 03-05 S1 G2 4h | 03-20 S1 open event 2h
        Q2  04-12 S1 G2 1h | 05-03 S3 G3 2h | 06-30 S2 G2 5h
        Q3  07-07 S3 G4 3h | 08-15 S3 G4 2h | 09-09 S1 G1 1h
        Q4  11-11 S3 G5 4h | 12-01 S2 G1 2h
projects P1 spaces S2, partners G2 G4, 05-15 to 08-31
         P2 spaces S1 S3, partners G3, from 08-01, no end (still running)

Activity (group: spaces) per quarter:
  Q1  G1: S1 S2 | G2: S1
  Q2  G2: S1 S2 (usage, P1) | G3: S3 | G4: S2 (P1)
  Q3  G1: S1 | G2: S2 (P1) | G3: S1 S3 (P2) | G4: S2 S3 (P1, usage)
  Q4  G1: S2 | G3: S1 S3 (P2, open end) | G5: S3
"""

from __future__ import annotations

import pandas as pd


def make_frames() -> dict[str, pd.DataFrame]:
    spaces = pd.DataFrame({
        "space_id": ["S1", "S2", "S3"],
        "name": ["LabProdam", "MobiLab", "Pátio Digital"],
        "host": ["PRODAM", "SMT", "SME"],
        "kind": ["innovation_lab", "innovation_lab", "hub"],
        "district": ["Sé", "Sé", "Sé"],
        "opened_on": ["2016-01-01", "2016-01-01", "2017-01-01"],
    })
    groups = pd.DataFrame({
        "group_id": ["G1", "G2", "G3", "G4", "G5"],
        "name": ["Jovens Hackers", "Dados Já", "Coletivo Leste", "Civic Start", "Sul Livre"],
        "kind": ["youth_group", "startup", "collective", "startup", "youth_group"],
        "district": ["Sé", "Pinheiros", "Itaim Paulista", "Pinheiros", "Grajaú"],
        "mapped_on": ["2017-01-10", "2017-01-20", "2017-04-05", "2017-07-01", "2017-10-15"],
        "network_joined_on": ["2017-02-01", "2017-05-10", None, "2017-08-01", None],
        "partner_space_ids": ["S1", "S1;S2", "", "S3", ""],
    })
    usage = pd.DataFrame.from_records([
        ("2017-01-15", "S1", "G1", 2.0), ("2017-02-10", "S2", "G1", 3.0),
        ("2017-03-05", "S1", "G2", 4.0), ("2017-03-20", "S1", None, 2.0),
        ("2017-04-12", "S1", "G2", 1.0), ("2017-05-03", "S3", "G3", 2.0),
        ("2017-06-30", "S2", "G2", 5.0), ("2017-07-07", "S3", "G4", 3.0),
        ("2017-08-15", "S3", "G4", 2.0), ("2017-09-09", "S1", "G1", 1.0),
        ("2017-11-11", "S3", "G5", 4.0), ("2017-12-01", "S2", "G1", 2.0),
    ], columns=["date", "space_id", "group_id", "hours"]).assign(format="coworking")
    projects = pd.DataFrame({
        "project_id": ["P1", "P2"],
        "title": ["Painel de transparência", "Mapa aberto"],
        "space_ids": ["S2", "S1;S3"],
        "partner_group_ids": ["G2;G4", "G3"],
        "started_on": ["2017-05-15", "2017-08-01"],
        "ended_on": ["2017-08-31", None],
        "status": ["delivered", "active"],
    })
    return {"groups": groups, "spaces": spaces, "usage": usage, "projects": projects}
