"""São Paulo's districts, subprefeituras, name matching and point-in-polygon."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labmetrics import geo

# Points well inside a district, read off the GeoSampa polygons.
PRACA_DA_SE = (-46.6339, -23.5503)  # Sé (78)
BUTANTA = (-46.73, -23.57)  # Butantã (12)


def test_load_districts_has_96_districts_in_canonical_columns():
    districts = geo.load_districts()
    assert list(districts.columns) == [*geo.DISTRICT_COLUMNS, "geometry"]
    assert districts["district_code"].tolist() == list(range(1, 97))
    assert str(districts.crs) == "EPSG:4326"
    row = districts.set_index("district_code").loc[18]
    assert row["district_name"] == "Cangaíba"
    assert row["district_ascii"] == "Cangaiba"
    assert row["district_abbr"] == "CNG"
    assert row["subprefeitura"] == "Penha"
    assert row["subprefeitura_code"] == 21
    assert row["region"] == "Leste"
    assert set(districts["region"]) == set(geo.regions())


def test_load_returns_copies():
    first = geo.load_districts()
    first.loc[0, "district_name"] = "changed"
    assert geo.load_districts().loc[0, "district_name"] == "Água Rasa"


def test_load_subprefeituras():
    subs = geo.load_subprefeituras()
    assert list(subs.columns) == [*geo.SUBPREFEITURA_COLUMNS, "geometry"]
    assert len(subs) == 32
    assert subs["n_districts"].sum() == 96
    mboi = subs.set_index("subprefeitura_code").loc[18]
    assert (mboi["subprefeitura"], mboi["subprefeitura_abbr"], mboi["region"]) == (
        "M'Boi Mirim", "MB", "Sul")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("SAO MIGUEL", 74),
        ("São Miguel ", 74),
        ("  sao   miguel", 74),
        ("S. Miguel", 74),
        ("Cangaiba", 18),
        ("CANGAÍBA", 18),
        ("Cidade Lider", 24),
        ("Freguesia do O", 29),
        ("Jd. Ângela", 43),
        ("Vl Mariana", 90),
        ("Vila Maria", 89),
        ("Sé", 78),
        ("se", 78),
        ("Cangaiva", 18),  # one wrong letter
        ("Itaim Paulist", 36),
        ("12", 12),
        ("012", 12),
        ("12.0", 12),
        ("12 - Butantã", 12),
        (12, 12),
        (np.int64(96), 96),
    ],
)
def test_match_district_variants(value, code):
    assert geo.match_district(value) == code


@pytest.mark.parametrize(
    "value",
    [
        "M'Boi Mirim",  # a subprefeitura of two districts
        "MBoi Mirim",
        "M BOI MIRIM",
        "Pirituba/Jaraguá",
        "PIRITUBA-JARAGUA",
        "Itaim",  # Itaim Bibi or Itaim Paulista
        "Vila Marian",  # Vila Maria or Vila Mariana
        "Jaguari",  # Jaguara or Jaguaré
        "Paris",  # too short to guess
        "Lapa de Baixo",
        "Guarulhos",
        "97",
        "0",
        "",
        "   ",
        None,
        float("nan"),
        pd.NA,
    ],
)
def test_match_district_refuses_unknown_or_ambiguous(value):
    assert geo.match_district(value) is None


def test_code_wins_over_name():
    # "12" is Butantã's code even though the text also names another district.
    assert geo.match_district("12 - Sé") == 12


def test_match_districts_is_vectorised_and_keeps_index():
    values = pd.Series(["SAO MIGUEL", None, "xx", "SAO MIGUEL", "78"], index=[10, 11, 12, 13, 14])
    codes = geo.match_districts(values)
    assert str(codes.dtype) == "Int64"
    assert codes.index.tolist() == [10, 11, 12, 13, 14]
    assert codes.tolist() == [74, pd.NA, pd.NA, 74, 78]


def test_locate_points_by_point_in_polygon():
    lon = pd.Series([PRACA_DA_SE[0], BUTANTA[0], np.nan, -46.53], index=[3, 4, 5, 6])
    lat = pd.Series([PRACA_DA_SE[1], BUTANTA[1], np.nan, -23.46], index=[3, 4, 5, 6])
    codes = geo.locate_points(lon, lat)
    # The last point is in Guarulhos, outside the city.
    assert codes.tolist() == [78, 12, pd.NA, pd.NA]
    assert codes.index.tolist() == [3, 4, 5, 6]


def test_inside_municipality_and_swapped_coordinates():
    lon = [PRACA_DA_SE[0], PRACA_DA_SE[1], None, -46.53]
    lat = [PRACA_DA_SE[1], PRACA_DA_SE[0], -23.5, -23.46]
    assert geo.inside_municipality(lon, lat).tolist() == [True, False, False, False]
    min_lon, min_lat, max_lon, max_lat = geo.municipality_bounds()
    assert min_lon < PRACA_DA_SE[0] < max_lon
    assert min_lat < PRACA_DA_SE[1] < max_lat


def test_districts_of_subprefeitura():
    assert geo.districts_of_subprefeitura("MBoi Mirim") == ("Jardim Ângela", "Jardim São Luís")
    assert geo.districts_of_subprefeitura("PIRITUBA-JARAGUA") == (
        "Jaraguá", "Pirituba", "São Domingos")
    assert geo.districts_of_subprefeitura("Granja Viana") == ()
    assert geo.districts_of_subprefeitura(None) == ()


def test_region_and_subprefeitura_of():
    assert geo.region_of(78) == "Centro"
    assert geo.region_of("Cangaiba") == "Leste"
    assert geo.subprefeitura_of("Jardim Ângela") == "M'Boi Mirim"
    assert geo.region_of("nowhere") is None


def test_place_table_district_wins_then_point():
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            # Row a names São Miguel but its point is at the Sé: the district wins.
            "district": ["SAO MIGUEL", None, "not a district", None],
            "latitude": [PRACA_DA_SE[1], BUTANTA[1], PRACA_DA_SE[1], np.nan],
            "longitude": [PRACA_DA_SE[0], BUTANTA[0], PRACA_DA_SE[0], np.nan],
        },
        index=[7, 8, 9, 10],
    )
    placed = geo.place_table(frame)
    assert placed.crs == "EPSG:4326"
    assert placed.index.tolist() == [7, 8, 9, 10]
    assert placed["district_code"].tolist() == [74, 12, 78, pd.NA]
    assert placed["district_name"].tolist() == ["São Miguel", "Butantã", "Sé", pd.NA]
    assert placed["subprefeitura"].tolist() == ["São Miguel", "Butantã", "Sé", pd.NA]
    assert placed["subprefeitura_code"].tolist() == [23, 10, 9, pd.NA]
    assert placed["region"].tolist() == ["Leste", "Oeste", "Centro", pd.NA]
    assert placed.geometry.iloc[0].x == pytest.approx(PRACA_DA_SE[0])
    assert placed.geometry.iloc[3] is None
    assert str(placed["district_code"].dtype) == "Int64"


def test_place_table_without_place_columns_and_replacing_old_ones():
    empty = geo.place_table(pd.DataFrame({"name": pd.Series([], dtype="string")}))
    assert len(empty) == 0
    assert set(geo.PLACE_COLUMNS) <= set(empty.columns)
    once = geo.place_table(pd.DataFrame({"district": ["Sé"]}))
    twice = geo.place_table(once.assign(district="Butantã"))
    assert twice["district_code"].tolist() == [12]
    assert list(twice.columns).count("district_code") == 1


def test_a_crs_is_parsed_once_and_is_the_crs_it_names():
    import pyproj

    assert geo.crs_of(geo.CRS) is geo.crs_of(geo.CRS)
    assert geo.crs_of(geo.CRS) == pyproj.CRS.from_user_input("EPSG:4326")
    assert geo.load_districts().crs == pyproj.CRS.from_user_input("EPSG:4326")
    assert geo.points([-46.63], [-23.55]).crs == geo.crs_of(geo.CRS)
