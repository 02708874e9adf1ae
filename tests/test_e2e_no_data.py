"""No data is not zero: the bundled sample with the groups' join-date column removed, built
with ``labmetrics build`` and rendered by ``labmetrics report``. The progress report shows
"no data" for the partner indicators and says why; the network report says that partners
cannot be counted."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from labmetrics import cli, config

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-no-data")]

PROGRESS = "progress-SAO0005-2017-01-01_2017-12-31.en"
NETWORK = "network-all-spaces-2016-01-01_2018-12-31.pt-BR"
WHY_EN = "the groups file has no column for the date of joining the network"
WHY_PT = "o arquivo de grupos não tem coluna para a data de entrada na rede"


def _without_join_dates(folder: Path) -> Path:
    """The bundled sample, its groups file without the network_joined_on column."""
    folder.mkdir()
    for name in ("spaces", "usage", "projects"):
        shutil.copy(config.SAMPLE_DIR / f"{name}.csv", folder)
    groups = pd.read_csv(config.SAMPLE_DIR / "groups.csv", sep=";", dtype=str,
                         keep_default_na=False, encoding="utf-8-sig")
    groups.drop(columns="network_joined_on").to_csv(folder / "groups.csv", sep=";",
                                                    index=False)
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("no-data")
    raw = _without_join_dates(root / "raw")
    # Built first: which columns the groups file had must survive the processed folder.
    assert cli.main(["build", str(raw), "--out", str(root / "processed")]) == 0
    for report, lang in (("progress", "en"), ("network", "pt-BR")):
        assert cli.main(["report", report, "--data", str(root / "processed"), "--lang", lang,
                         "--out", str(root / "reports")]) == 0
    return root / "reports"


def _text(page: Path) -> str:
    """The words of a page, tags and scripts left out, spaces collapsed."""
    source = page.read_text(encoding="utf-8")
    source = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", source, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def _card(page: Path, label: str) -> str:
    """The value and detail of the key figure ``label``."""
    source = page.read_text(encoding="utf-8")
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", source, flags=re.S)
    assert found, label
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_processed_folder_remembers_the_absent_column(out: Path) -> None:
    manifest = json.loads((out.parent / "processed" / "manifest.json").read_text("utf-8"))
    groups = next(i for i in manifest["inputs"] if i["dataset"] == "groups")
    assert "network_joined_on" not in groups["columns"] and "mapped_on" in groups["columns"]


def test_the_progress_report_shows_no_data_for_partners_and_says_why(out: Path) -> None:
    page = out / f"{PROGRESS}.html"
    for label in ("Network partners", "Spaces with network partners"):
        card = _card(page, label)
        assert card.startswith("no data") and WHY_EN in card, card
    assert _card(page, "Groups mapped").startswith("3")
    text = _text(page)
    assert "This level could not be judged on Network partners (" + WHY_EN in text
    assert "? Network partners ≥ 30: not checked, no data" in text
    gaps = text.split("Gaps in the data", 1)[1]
    assert f"Network partners: {WHY_EN}." in gaps
    assert f"Spaces with network partners: {WHY_EN}." in gaps
    assert "Network partners 0" not in text


def test_the_progress_report_charts_and_csv_say_no_data(out: Path) -> None:
    folder = out / f"{PROGRESS}.data"
    progress = pd.read_csv(folder / "m1-progress.csv").set_index("Indicator")
    assert progress.loc["Network partners", "Level reached"] == "no data"
    assert pd.isna(progress.loc["Network partners", "Value"])
    partners = pd.read_csv(folder / "m1-network_partners.csv")
    assert partners.to_dict("records") == [{
        "indicator": "network_partners", "value": "no data", "dataset": "groups",
        "column": "network_joined_on", "reason": WHY_EN}]
    source = (out / f"{PROGRESS}.html").read_text(encoding="utf-8")
    assert "Network partners: no data, not judged" in source


def test_the_network_report_says_partners_cannot_be_counted(out: Path) -> None:
    page = out / f"{NETWORK}.html"
    text = _text(page)
    assert f"Os parceiros não podem ser contados: {WHY_PT}." in text
    assert _card(page, "Parceiros da rede").startswith("sem dados")
    assert "Lacunas nos dados" in text
    assert "Parceiros da rede: sem dados." in page.read_text(encoding="utf-8")  # chart alt
    growth = pd.read_csv(out / f"{NETWORK}.data" / "growth-per-period.csv")
    assert growth["network_partners"].isna().all()
    assert growth["groups_mapped"].iloc[-1] > 0
