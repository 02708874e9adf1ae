"""The assumptions register: one value per constant, its words in both languages, the
generated record equal to the committed one, and each report's method listing its own."""

from __future__ import annotations

import pytest

from labmetrics import assumptions, config, evidence, geo, i18n, network
from labmetrics.report.blocks import section_text
from labmetrics.report.shared_sections import build_assumptions


def test_docs_assumptions_is_the_generated_register() -> None:
    committed = (config.DOCS_DIR / "assumptions.md").read_text(encoding="utf-8")
    assert committed == assumptions.render_markdown()
    assert "python -m labmetrics.assumptions > docs/assumptions.md" in committed


def test_the_modules_use_the_registered_values() -> None:
    assert geo.BORDER_TOLERANCE_M is assumptions.BORDER_TOLERANCE_M
    assert geo.FUZZY_CUTOFF is assumptions.FUZZY_CUTOFF
    assert evidence.LITTLE_USED_FRACTION is assumptions.LITTLE_USED_FRACTION
    assert network.spaces.BETWEENNESS_BUDGET is assumptions.BETWEENNESS_BUDGET
    values = {a.name: a.value for a in assumptions.REGISTER}
    assert values["MAX_USAGE_HOURS"] == config.MAX_USAGE_HOURS
    assert values["BRIDGE_MIN_SPACES"] == network.activity.BRIDGE_MIN_SPACES
    assert len(values) == len(assumptions.REGISTER)  # each constant registered once


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_every_assumption_says_what_it_decides_and_why(lang: str) -> None:
    for a in assumptions.REGISTER:
        assert a.meaning(lang).strip() and a.why(lang).strip()
        assert a.reports and set(a.reports) <= {"progress", "network"}


def test_each_report_lists_the_assumptions_it_used() -> None:
    progress = section_text(build_assumptions("progress", "en"))
    network_text = section_text(build_assumptions("network", "en", estimates=("Estimated.",)))
    assert "LITTLE_USED_FRACTION = 0.25 (fraction of the median)" in progress
    assert "BETWEENNESS_BUDGET" not in progress and "BETWEENNESS_BUDGET" in network_text
    assert "BORDER_TOLERANCE_M = 150 m" in network_text and "Estimated." in network_text
    assert i18n.t("assumptions.heading", "pt-BR") in section_text(
        build_assumptions("progress", "pt-BR"))


def test_betweenness_says_when_it_was_estimated() -> None:
    import networkx as nx

    from labmetrics.network.spaces import betweenness_sources

    assert betweenness_sources(nx.path_graph(50)) is None  # 50 × 49 steps: exact
    # 200 nodes × 19 900 links is beyond the budget: 2 000 000 // 19 900 = 100 sources.
    assert betweenness_sources(nx.complete_graph(200)) == 100
    # 300 nodes × 44 850 links would allow 44 sources: never fewer than the minimum.
    assert betweenness_sources(nx.complete_graph(300)) == assumptions.BETWEENNESS_MIN_SAMPLE
