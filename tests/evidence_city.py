"""A small hand-built city for the evidence engine's tests, every figure worked out by hand.

The data (period 2017-01-01 – 2017-12-31 unless said otherwise):

spaces   labprodam (events, open 2014), mobilab (coworking, 30 seats), patio-digital (opens
         2017-04-20), teia (coworking, 40 seats, closes 2017-06-30), old (coworking, closed
         2016), future (coworking, opens 2018).
groups   G1 youth (mapped 2016, partner of labprodam and mobilab since 2016-09),
         G2 startup (mapped 2017-02, partner of mobilab and patio-digital since 2017-03),
         G3 collective (mapped 2017-05), G4 collective (mapped 2017-12-31 with no contributor,
         partner from 2018), G5 startup (mapped 2018). Everyone has contact details.
usage    eight uses in 2017 plus one on each side of the period.
projects P1 active, P2 delivered in Feb 2017, P3 without partners, P4 proposed, P5 over in
         2016, P6 discontinued, P7 delivered after the period.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labmetrics import config
from labmetrics.commitment import Assessment, Commitment, read_assessment, read_commitment
from labmetrics.dataset import LabData

START, END = "2017-01-01", "2017-12-31"
PERSONAL = {"contact_name", "contact_email", "contact_phone"}


def _spaces() -> pd.DataFrame:
    return pd.DataFrame({
        "space_id": ["labprodam", "mobilab", "patio-digital", "teia", "old", "future"],
        "name": ["LabProdam", "MobiLab", "Pátio Digital", "Teia Mooca", "Old hub", "Future hub"],
        "host": ["PRODAM", "SMT", "SME", "SMTE", "SMIT", "SMIT"],
        "kind": ["innovation_lab", "innovation_lab", "hub", "coworking", "hub", "hub"],
        "district": ["Barra Funda", "Sé", "Vila Mariana", "Mooca", "Sé", "Bom Retiro"],
        "seats": [12, 30, None, 40, 10, 16],
        "formats": ["event;training", "coworking;event", "event;open_challenge", "coworking",
                    "coworking", "coworking"],
        "opened_on": ["2014-09-15", "2014-06-02", "2017-04-20", "2016-03-07", "2015-01-01",
                      "2018-03-05"],
        "closed_on": [None, None, None, "2017-06-30", "2016-12-31", None],
    })


def _groups() -> pd.DataFrame:
    return pd.DataFrame({
        "group_id": ["G1", "G2", "G3", "G4", "G5"],
        "name": ["Jovens Hackers", "=1+1", "@coletivo", "Coletivo Leste", "Startup Sul"],
        "kind": ["youth_group", "startup", "collective", "collective", "startup"],
        "open_tech": ["free_software;open_data", "open_data", None, None, "open_hardware"],
        "district": ["Sé", "Mooca", "Capão Redondo", "Itaquera", "Santo Amaro"],
        "contact_name": [f"Pessoa de Contato {i}" for i in range(1, 6)],
        "contact_email": ["contato@example.org"] * 5,
        "contact_phone": ["+55 11 90000-0000"] * 5,
        "mapped_on": ["2016-06-01", "2017-02-10", "2017-05-05", "2017-12-31", "2018-01-01"],
        "mapped_by": ["Equipe LabProdam", "São Paulo Aberta", "São Paulo Aberta", "  ",
                      "Autocadastro"],
        "network_joined_on": ["2016-09-01", "2017-03-01", None, "2018-01-10", None],
        "partner_space_ids": ["labprodam;mobilab", "mobilab;patio-digital", None, "mobilab",
                              None],
        "status": ["active"] * 5,
    })


def _usage() -> pd.DataFrame:
    rows = [  # date, space, group, format, hours
        ("2016-12-31", "mobilab", "G1", "coworking", 8.0),
        ("2017-01-01", "mobilab", "G1", "coworking", 4.0),
        ("2017-03-15", "mobilab", "G2", "coworking", 6.0),
        ("2017-05-10", "teia", "G2", "coworking", 3.5),
        ("2017-06-01", "patio-digital", "G3", "event", 2.0),
        ("2017-06-01", "patio-digital", None, "event", 3.0),
        ("2017-08-01", "labprodam", "G1", "training", 1.5),
        ("2017-12-31", "patio-digital", "G3", "open_challenge", 5.0),
        ("2018-01-01", "mobilab", "G2", "coworking", 7.0),
    ]
    return pd.DataFrame(rows, columns=["date", "space_id", "group_id", "format", "hours"])


def _projects() -> pd.DataFrame:
    return pd.DataFrame({
        "project_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7"],
        "title": ["Café Hacker", "-10% de evasão", "Portal", "Ideia", "Mapa 2016",
                  "Merenda aberta", "Mapatona"],
        "space_ids": ["patio-digital", "mobilab;patio-digital", "labprodam", "mobilab",
                      "mobilab", "mobilab", "patio-digital"],
        "partner_group_ids": ["G2;G3", "G2", None, "G1", "G1", "G1", "G3"],
        "started_on": ["2017-05-01", "2016-10-01", "2017-03-01", "2017-09-01", "2016-01-01",
                       "2017-11-01", "2017-06-01"],
        "ended_on": [None, "2017-02-28", None, None, "2016-12-31", "2017-12-15", "2018-02-01"],
        "status": ["active", "delivered", "active", "proposed", "delivered", "discontinued",
                   "delivered"],
        "licence": ["AGPL-3.0-or-later", "MIT", "MIT", None, "GPL-3.0-only", "CC-BY-4.0", None],
        "open_data_used": [True, True, True, None, True, None, False],
        "open_data_published": [True, False, True, None, True, None, False],
        "participants_reached": [120, 50, 999, 0, 10, None, 30],
    })


def city() -> LabData:
    """The city described above, as :class:`LabData` (types coerced, places added)."""
    return LabData.from_frames(groups=_groups(), spaces=_spaces(), usage=_usage(),
                               projects=_projects())


def write_folder(folder: Path) -> Path:
    """The city described above as a data folder (one CSV per data set, as typed), for the
    command line and the notebooks to read."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in (("spaces", _spaces()), ("groups", _groups()), ("usage", _usage()),
                        ("projects", _projects())):
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def sao0005() -> Commitment:
    """The bundled commitment SAO0005."""
    return read_commitment(config.COMMITMENTS_DIR / "SAO0005.yaml")


def sao0005_assessment() -> Assessment:
    """The bundled assessment of SAO0005."""
    return read_assessment(config.COMMITMENTS_DIR / "SAO0005-assessment.yaml")
