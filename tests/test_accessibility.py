"""Accessibility of the rendered reports: axe-core finds nothing on any page, at desktop or
phone width, and the charts' colours are the colour-blind-safe Okabe–Ito set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from labmetrics import figures

if TYPE_CHECKING:
    from browser_support import ReportPage, Visits

pytest_plugins = ["browser_support"]

# Okabe & Ito (2008), "Color Universal Design", fig. 16: the eight colours as published.
OKABE_ITO_PUBLISHED = {
    "black": (0, 0, 0), "orange": (230, 159, 0), "sky_blue": (86, 180, 233),
    "bluish_green": (0, 158, 115), "yellow": (240, 228, 66), "blue": (0, 114, 178),
    "vermillion": (213, 94, 0), "reddish_purple": (204, 121, 167),
}
WHITE = "#FFFFFF"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    # WCAG 2.x relative luminance of an sRGB colour.
    channels = [c / 255 for c in _rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(node["target"]) for node in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} "
                     f"element(s): {targets}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_violation(visits: Visits, site_page: ReportPage, viewport: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    visit = visits.get(site_page, viewport)
    # Every rule axe-core runs by default (WCAG 2.x A and AA, best practices), every impact.
    results = Axe().run(visit.page)
    violations = results.response["violations"]
    assert [v["id"] for v in violations] == [], _describe(violations)
    # axe is injected from the package's own axe.min.js: nothing was fetched for it.
    assert visit.blocked == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_axe_runs_offline_and_finds_what_is_wrong(browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    context.route("**/*", lambda route: route.abort())
    tab = context.new_page()
    tab.set_content('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#777777;background:#ffffff">faint</p></body></html>')
    found = {v["id"] for v in Axe().run(tab).response["violations"]}
    context.close()
    # No lang, no title, no alt, #777 on white (4.48:1, worked out below), no main.
    assert {"html-has-lang", "document-title", "image-alt", "color-contrast",
            "landmark-one-main"} <= found


def test_contrast_ratio_worked_by_hand() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    # #777777: luminance ((0x77/255 + 0.055) / 1.055) ** 2.4 = 0.1845 -> 1.05 / 0.2345.
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)


def test_palette_is_okabe_ito() -> None:
    assert {name: _rgb(hex_) for name, hex_ in figures.OKABE_ITO.items()} == OKABE_ITO_PUBLISHED
    allowed = {*OKABE_ITO_PUBLISHED.values(), _rgb(WHITE)}
    used = {(group, key, colour) for group, colours in figures.PALETTE.items()
            for key, colour in colours.items()} | {
        ("labs", str(i), colour) for i, colour in enumerate(figures.LAB_COLOURS)}
    assert used
    assert [u for u in used if _rgb(u[2]) not in allowed] == []


def test_growth_lines_stand_out_from_white() -> None:
    # WCAG 1.4.11: graphical objects need 3:1 against their background.
    weak = {key: round(contrast(colour, WHITE), 2)
            for key, colour in figures.PALETTE["series"].items()
            if contrast(colour, WHITE) < 3.0}
    assert weak == {}


def test_chart_text_meets_aa() -> None:
    from labmetrics.figures import style

    assert contrast(style.TEXT, WHITE) >= 7.0
    assert contrast(style.TEXT_MUTED, WHITE) >= 4.5
