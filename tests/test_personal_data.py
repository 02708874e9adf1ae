"""Personal data stays internal: contact fields never reach a public output.

The sample's contact names, e-mails and phones (read from data/raw/sample/groups.csv with
the project's reader) are searched for in every file a public build writes, and in a
rendered network report with its data files and the index page. An internal build with
``--include-contacts`` holds them, and says so.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pyarrow.parquet as pq
import pytest

from labmetrics import config, read, store
from labmetrics.cli import main
from labmetrics.schema import DATASETS

PERSONAL = DATASETS["groups"].personal
# The public build is shared by the module's tests: keep them on one xdist worker.
pytestmark = pytest.mark.xdist_group("personal-data")
_DATA_URI = re.compile(r"data:image/svg\+xml;(base64,[A-Za-z0-9+/=]+|charset=utf-8,[^\"')\s]+)")


@dataclass(frozen=True)
class Leak:
    """One piece of personal data found in a file."""

    path: Path
    needle: str


def _variants(needle: str) -> set[str]:
    """The ways a value may be written: as is, HTML-escaped, JSON-escaped."""
    return {needle, html.escape(needle), html.escape(needle, quote=False),
            json.dumps(needle)[1:-1]}


def _file_text(path: Path) -> str:
    """The text of a file as a reader would see it: Parquet decoded to its values, the
    SVG figures embedded in a page decoded from their ``data:`` addresses."""
    if path.suffix == ".parquet":
        frame = pq.read_table(path).to_pandas()
        geometry = [c for c in frame.columns if c == "geometry"]
        values = frame.drop(columns=geometry).to_numpy(dtype=object).ravel()
        return "\n".join([*map(str, frame.columns), *map(str, values)])
    text = path.read_bytes().decode("utf-8", errors="replace")
    figures = []
    for uri in _DATA_URI.findall(text):
        if uri.startswith("base64,"):
            figures.append(base64.b64decode(uri.removeprefix("base64,")).decode(
                "utf-8", errors="replace"))
        else:
            figures.append(unquote(uri.removeprefix("charset=utf-8,")))
    return "\n".join([text, *figures])


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        out += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return out


def find_personal_data(paths: Iterable[Path], needles: Iterable[str]) -> list[Leak]:
    """Return every ``needle`` (or its HTML or JSON escape) found in the files under
    ``paths`` (files or folders, searched recursively), one :class:`Leak` per file and
    needle."""
    wanted = {n: _variants(n) for n in needles if n}
    leaks = []
    for path in _files(paths):
        text = _file_text(path)
        leaks += [Leak(path, needle) for needle, forms in wanted.items()
                  if any(form in text for form in forms)]
    return leaks


@cache
def sample_contacts() -> tuple[str, ...]:
    """The sample's contact values distinctive enough to search for: every e-mail, every
    phone (as written and as bare digits) and every contact name of two words or more."""
    frame = read.read_dataset(config.SAMPLE_DIR, "groups").frame
    emails = frame["contact_email"].str.strip()
    phones = frame["contact_phone"].str.strip()
    digits = phones.str.replace(r"\D", "", regex=True)
    names = frame["contact_name"].str.strip()
    needles = pd.concat([emails[emails.str.contains("@")], phones[digits.str.len() >= 8],
                         digits[digits.str.len() >= 10],
                         names[names.str.split().str.len() >= 2]])
    return tuple(sorted(set(needles)))


def test_the_sample_has_contacts_to_search_for():
    needles = sample_contacts()
    assert sum("@" in n for n in needles) >= 50
    assert sum(n.startswith("+55") for n in needles) >= 50
    assert sum(" " in n and "@" not in n and not n.startswith("+") for n in needles) >= 50


def test_finder_sees_values_however_they_are_written(tmp_path):
    page = tmp_path / "page.html"
    svg = '<svg><text>Diego Souza</text></svg>'
    page.write_text('<p>D&#x27;Ávila</p><img src="data:image/svg+xml;base64,'
                    + base64.b64encode(svg.encode()).decode() + '">', encoding="utf-8")
    record = tmp_path / "record.json"
    record.write_text(json.dumps({"who": "Zoë Lima"}), encoding="utf-8")
    table = tmp_path / "t.parquet"
    pd.DataFrame({"contact": ["ana@example.org"]}).to_parquet(table, compression="zstd")
    leaks = find_personal_data([tmp_path], ["D'Ávila", "Diego Souza", "Zoë Lima",
                                            "ana@example.org", "nobody@example.org"])
    assert sorted((leak.path.name, leak.needle) for leak in leaks) == [
        ("page.html", "D'Ávila"), ("page.html", "Diego Souza"),
        ("record.json", "Zoë Lima"), ("t.parquet", "ana@example.org")]


@pytest.fixture(scope="module")
def public_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "processed"
    assert main(["build", str(config.SAMPLE_DIR), "--out", str(out)]) == 0
    return out


def test_public_build_holds_no_contact(public_build):
    assert find_personal_data([public_build], sample_contacts()) == []
    for name in ("groups", "spaces", "usage", "projects"):
        columns = pq.read_schema(public_build / f"{name}.parquet").names
        assert not set(PERSONAL) & set(columns), name
    manifest = json.loads((public_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["personal_data"] is False
    assert not (public_build / store.PERSONAL_NOTICE).exists()


def test_internal_build_holds_contacts_and_says_so(tmp_path, capsys):
    out = tmp_path / "internal"
    assert main(["build", str(config.SAMPLE_DIR), "--out", str(out), "--include-contacts"]) == 0
    assert "personal data" in capsys.readouterr().out
    notice = (out / store.PERSONAL_NOTICE).read_text(encoding="utf-8")
    assert "personal data" in notice and "do not publish" in notice
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["personal_data"] is True
    assert store.PERSONAL_NOTICE in {o["file"] for o in manifest["outputs"]}
    found = {leak.needle for leak in find_personal_data([out / "groups.parquet"],
                                                        sample_contacts())}
    valid = pd.read_parquet(out / "groups.parquet")
    kept = set(valid["contact_email"].dropna())
    assert kept and kept <= found


def test_shared_quarantine_of_the_sample_holds_no_contact(tmp_path, capsys):
    quarantine = tmp_path / "quarantine.csv"
    assert main(["validate", str(config.SAMPLE_DIR), "--quarantine", str(quarantine)]) == 0
    capsys.readouterr()
    assert find_personal_data([quarantine], sample_contacts()) == []


@pytest.mark.e2e
def test_a_rendered_report_holds_no_contact(tmp_path_factory):
    """A network report and the index, rendered from an internal build that holds every
    contact: the page, its CSV files, its sidecar and the index show none of them."""
    from labmetrics.report import jobs
    from labmetrics.report.index import write_index

    root = tmp_path_factory.mktemp("report")
    processed = root / "internal"
    store.build(config.SAMPLE_DIR, processed, include_contacts=True)
    reports = root / "reports"
    job = jobs.network_job(data_path=processed, period=jobs.NETWORK_PERIOD, lang="pt-BR",
                           out_dir=reports, inputs=(processed / "manifest.json",))
    [outcome] = jobs.run_jobs([job], n_jobs=1)
    assert outcome.ok, outcome.error
    write_index(reports)
    written = _files([reports])
    assert {p.suffix for p in written} >= {".html", ".csv", ".json"}
    assert find_personal_data([reports], sample_contacts()) == []
    # The search sees the report's text: the groups' (public) names are there.
    names = read.read_dataset(config.SAMPLE_DIR, "groups").frame["name"].str.strip()
    assert len(find_personal_data([reports], names.head(60))) >= 5
