"""City packs: São Paulo and Montevideo read from their folders, and data placed only in the
city it is read for."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY, TODAY, write_folder

from labmetrics import config, geo
from labmetrics.city import city_pack, known_packs, read_pack
from labmetrics.cli import main
from labmetrics.dataset import LabData, read_folder
from labmetrics.errors import ConfigError, InputError


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_both_packs_are_bundled_and_read() -> None:
    assert set(known_packs()) >= {"sao-paulo", "montevideo"}
    sp, mvd = city_pack("sao-paulo"), city_pack("montevideo")
    assert city_pack() is sp  # the default pack, read once
    assert sp.city_name("en") == "São Paulo" and mvd.city_name("pt-BR") == "Montevidéu"
    assert sp.area_label("en") == "districts" and mvd.area_label("es", one=True) == "barrio"
    assert sp.regions == ("Centro", "Leste", "Norte", "Oeste", "Sul") and mvd.regions == ()
    assert mvd.upper is None and sp.upper is not None
    assert all(path.is_file() for pack in (sp, mvd) for path in pack.files)


def test_sao_paulo_pack_holds_the_published_boundaries_unchanged() -> None:
    folder = config.CITIES_DIR / "sao-paulo"
    note = (folder / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("sp_distritos.geojson", "sp_subprefeituras.geojson"):
        assert _sha256(folder / name) in note
    assert len(geo.load_districts()) == 96 and len(geo.load_subprefeituras()) == 32


def test_montevideo_sources_note_states_the_file_as_it_is() -> None:
    folder = config.CITIES_DIR / "montevideo"
    note = (folder / "SOURCES.md").read_text(encoding="utf-8")
    shipped = folder / "mvd_barrios.geojson"
    assert _sha256(shipped) in note
    assert f"{shipped.stat().st_size:,}".replace(",", " ") in note
    assert re.search(r"commit `[0-9a-f]{40}`", note)
    barrios = geo.load_districts("montevideo")
    assert barrios["district_code"].tolist() == list(range(1, 64))
    assert barrios["subprefeitura"].isna().all() and barrios["region"].isna().all()
    assert round(float(barrios["area_km2"].sum()), 1) == 525.6


@pytest.mark.parametrize(("value", "code"), [
    ("Peñarol", 34), ("PENAROL LAVALLEJA", 34), ("Unión", 23), ("Cordón", 4), ("12", 12),
    ("Villa Dolores", 10), (34, 34),
])
def test_montevideo_names_and_codes_match_its_barrios(value, code) -> None:
    assert geo.match_district(value, "montevideo") == code


@pytest.mark.parametrize("value", ["64", "Sé", "Cidade Tiradentes", "M'Boi Mirim"])
def test_another_city_s_names_and_codes_match_nothing(value) -> None:
    assert geo.match_district(value, "montevideo") is None


def test_sao_paulo_codes_stay_sao_paulo_s() -> None:
    assert geo.match_district("1") == 1  # Água Rasa, in São Paulo only
    assert geo.match_district("97") is None
    assert geo.match_district("Peñarol") is None


def test_points_are_placed_in_the_city_of_the_pack() -> None:
    lon, lat = [-56.1645, -46.6339], [-34.9011, -23.5503]  # Montevideo, then São Paulo
    assert geo.inside_municipality(lon, lat, "montevideo").tolist() == [True, False]
    assert geo.inside_municipality(lon, lat).tolist() == [False, True]
    placed = LabData.from_frames(groups=pd.DataFrame({
        "group_id": ["G1", "G2"], "name": ["A", "B"], "kind": ["collective"] * 2,
        "district": ["Peñarol", None], "longitude": [None, -56.1645],
        "latitude": [None, -34.9011]}), city="montevideo")
    assert placed.groups["district_code"].tolist() == [34, 50]
    assert placed.groups["district_name"].tolist() == ["Penarol Lavalleja", "Tres Cruces"]
    assert placed.groups["region"].isna().all()
    assert placed.city is city_pack("montevideo") and placed.has_geography


def test_data_of_another_city_is_refused_with_the_most_common_reason(tmp_path) -> None:
    folder = write_folder(tmp_path / "tiny", TINY)
    with pytest.raises(InputError) as info:
        read_folder(folder, today=TODAY, city="montevideo")
    text = info.value.describe()
    assert "every one of the 2 row(s) of the spaces data set is quarantined" in text
    assert "is not one of Montevideo's 63 barrios" in text
    assert info.value.line == 2
    assert "--city" in text
    # The same folder is São Paulo's: read for it, every data set keeps rows.
    assert read_folder(folder, today=TODAY).totals.valid > 0


def test_validate_lists_the_quarantine_then_exits_2(capsys, tmp_path) -> None:
    folder = write_folder(tmp_path / "tiny", TINY)
    assert main(["validate", str(folder), "--city", "montevideo"]) == 2
    captured = capsys.readouterr()
    assert "Quarantine:" in captured.out
    assert "fall outside the municipality of Montevideo" in captured.out
    err = captured.err.strip()
    assert err.startswith("labmetrics: ") and "\n" not in err and "Fix: " in err


def test_a_processed_folder_is_read_only_for_its_city(tmp_path) -> None:
    folder = write_folder(tmp_path / "tiny", TINY)
    out = tmp_path / "processed"
    assert main(["build", str(folder), "--out", str(out)]) == 0
    from labmetrics.dataset import load

    assert load(out).city is city_pack("sao-paulo")
    with pytest.raises(InputError, match="built for the city pack 'sao-paulo', not "
                       "'montevideo'"):
        load(out, city="montevideo")


def test_a_pack_with_a_wrong_key_or_file_is_refused(tmp_path) -> None:
    source = (config.CITIES_DIR / "montevideo" / "city.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "city.yaml").write_text(source, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mvd_barrios\.geojson is not in the pack"):
        read_pack(folder)
    (folder / "city.yaml").write_text(source + "\nmayor: nobody\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mayor: unknown key"):
        read_pack(folder)
    with pytest.raises(ConfigError, match="there is no city pack 'atlantis'"):
        city_pack("atlantis")
