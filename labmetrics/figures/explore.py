"""The interactive map for notebooks: groups and spaces over the city's districts (folium).

Drawn with ``GeoDataFrame.explore`` (the ``[lab]`` extra installs folium). The districts
are the base layer, so the map reads with no tile server at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd

from labmetrics.errors import ConfigError
from labmetrics.figures.style import EDGE, NONE_FILL, OKABE_ITO, TEXT, header
from labmetrics.i18n import check_lang, t

if TYPE_CHECKING:
    import folium

GROUP_COLUMNS = ("group_id", "name", "kind", "district_name", "status")
SPACE_COLUMNS = ("space_id", "name", "host", "kind", "district_name")
DISTRICT_COLUMNS = ("district_name", "subprefeitura", "region")


def _placed(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The rows of ``frame`` with a point, only ``columns`` (so no personal data)."""
    keep = [c for c in columns if c in frame.columns]
    placed = frame.loc[frame.geometry.notna() & ~frame.geometry.is_empty, [*keep, "geometry"]]
    return gpd.GeoDataFrame(placed, geometry="geometry", crs=frame.crs)


def explore_map(groups: gpd.GeoDataFrame, spaces: gpd.GeoDataFrame,
                districts: gpd.GeoDataFrame, lang: str = "en",
                tiles: str | folium.TileLayer | None = None) -> folium.Map:
    """Draw groups and spaces over the districts as an interactive folium map.

    Parameters
    ----------
    groups, spaces
        Placed tables of :class:`labmetrics.dataset.LabData` (rows without a point are
        left out); only the id, name, kind and place columns reach the map.
    districts
        The city's districts: the base layer, drawn in grey.
    lang
        Language of the layer names.
    tiles
        A folium tile layer to draw under the districts; ``None`` (the default) draws none,
        so that nothing is fetched from a tile server.

    Returns
    -------
    folium.Map
        Shown by JupyterLab as it is; ``.save(path)`` writes it as an HTML page.

    Raises
    ------
    ConfigError
        When folium or mapclassify is not installed.
    """
    check_lang(lang)
    try:
        import folium
        import mapclassify  # noqa: F401  (GeoDataFrame.explore needs it)
    except ImportError:
        raise ConfigError("drawing an interactive map needs folium and mapclassify, which "
                          "are not installed.",
                          fix='install the lab extra: pip install "labmetrics[lab]".') from None
    fmap = _placed(districts, DISTRICT_COLUMNS).explore(
        tiles=tiles, name=header("district_name", lang), tooltip=list(DISTRICT_COLUMNS),
        style_kwds={"fillColor": NONE_FILL, "color": EDGE, "weight": 1, "fillOpacity": 1.0},
        highlight=False)
    layers = (
        (groups, GROUP_COLUMNS, t("figures.node_types.group", lang), OKABE_ITO["blue"], 4),
        (spaces, SPACE_COLUMNS, t("figures.node_types.space", lang), OKABE_ITO["vermillion"], 8),
    )
    for frame, columns, name, colour, radius in layers:
        if "listing_opt_out" in frame.columns:
            # A group that asked not to be listed is drawn, but not named.
            frame = frame.assign(name=frame["name"].mask(
                frame["listing_opt_out"].fillna(False).astype(bool)))
        placed = _placed(frame, columns)
        if not len(placed):
            continue
        placed.explore(
            m=fmap, name=name, color=colour, tooltip=[c for c in columns if c in placed],
            marker_type="circle_marker",
            marker_kwds={"radius": radius, "fill": True, "fill_opacity": 0.85},
            style_kwds={"color": TEXT, "weight": 1, "fillColor": colour})
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap
