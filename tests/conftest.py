"""Shared fixtures: the messy folder, a tiny clean folder, and a fixed "today"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

MESSY_DIR = Path(__file__).resolve().parent / "data" / "messy"
# Dates after this day are "in the future" in tests, whatever the clock says.
TODAY = date(2019, 1, 1)

TINY = {
    "spaces.csv": "space_id,name,host,kind,district,latitude,longitude,opened_on\n"
                  "LAB,LabProdam,PRODAM,innovation_lab,Sé,-23.5503,-46.6339,2017-04-03\n"
                  "MOB,MobiLab,SMT,innovation_lab,Butantã,,,2014-07-01\n",
    "groups.csv": "group_id,name,kind,district,contact_name,contact_email,mapped_on,"
                  "network_joined_on,partner_space_ids\n"
                  "G1,Casa Hacker,hacker_maker_space,São Miguel,Ana,ana@example.org,"
                  "2017-05-10,2017-06-01,LAB\n"
                  "G2,Coletivo,collective,,Bruno,bruno@example.org,2017-05-11,,\n",
    "usage.csv": "date,space_id,group_id,format,hours,participants\n"
                 "2017-06-01,LAB,G1,coworking,2.5,3\n"
                 "2017-06-02,MOB,G2,event,3,40\n"
                 "2017-06-03,LAB,G9,event,3,40\n",
    "projects.csv": "project_id,title,space_ids,partner_group_ids,started_on,status\n"
                    "P1,Painel,LAB,G1;G2,2017-07-01,active\n",
}


def previous_report(out: Path, stem: str) -> dict[Path, bytes]:
    """Write a stand-in "previous good report" (page, sidecar, data) and return its bytes."""
    files = {out / f"{stem}.html": b"<html>previous good report</html>",
             out / f"{stem}.json": b'{"html": "previous"}',
             out / f"{stem}.data" / "table.csv": b"a,b\n1,2\n"}
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (name to text or bytes) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A small clean data folder (UTF-8, comma-separated); usage line 4 names no group."""
    return write_folder(tmp_path / "tiny", TINY)


@pytest.fixture(scope="session")
def messy():
    """The messy folder read and validated, with ``TODAY`` as today."""
    from labmetrics.dataset import read_folder

    return read_folder(MESSY_DIR, today=TODAY)


@pytest.fixture(scope="session")
def sample_data():
    """The bundled sample read and validated, as ``labmetrics.load()`` gives it."""
    from labmetrics.dataset import load

    return load()
