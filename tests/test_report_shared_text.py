"""The words every report writes alike: lists joined with "and", changes with their sign,
cited sources."""

from __future__ import annotations

from markupsafe import Markup

from labmetrics import config, i18n
from labmetrics.commitment import Source, Text, read_commitment
from labmetrics.report import shared_text


def test_join_uses_the_language() -> None:
    assert shared_text.join(["A", "B", "C"], "pt-BR") == "A, B e C"
    assert shared_text.join(["A", "B"], "en") == "A and B"
    assert shared_text.join(["A"], "en") == "A"


def test_signed_writes_a_change_with_its_sign() -> None:
    def hours(size: float) -> str:
        return f"{i18n.format_number(size, 'pt-BR')} h"

    assert shared_text.signed(276.0, "pt-BR", hours) == "+276 h"
    assert shared_text.signed(-3951.0, "pt-BR", hours) == "−3.951 h"
    assert shared_text.signed(0.0, "pt-BR", hours) == "±0 h"
    assert shared_text.signed(float("nan"), "pt-BR", hours) == "–"
    assert shared_text.signed(None, "pt-BR", hours) == "–"
    # A share changes in percentage points, in the words of the language.
    assert shared_text.signed(0.29, "pt-BR", hours, share=True) == "+29 p.p."
    assert shared_text.signed(-0.5, "en", hours, share=True) == "−50 pp"


def test_source_items_link_the_title_and_name_the_publisher() -> None:
    commitment = read_commitment(config.COMMITMENTS_DIR / "SAO0005.yaml")
    items = shared_text.source_items(commitment.sources, "en")
    assert len(items) == len(commitment.sources)
    for item, source in zip(items, commitment.sources.values(), strict=True):
        title = str(Markup.escape(source.title.text("en")))
        assert title in item
        assert (f'href="{source.url}"' in item) == bool(source.url)
    hostile = Source("x", Text({"en": "<b>A</b>"}), publisher=Text({"en": "<i>P</i>"}))
    assert shared_text.source_items({"x": hostile}, "en") == (
        Markup("&lt;b&gt;A&lt;/b&gt; – &lt;i&gt;P&lt;/i&gt;"),)
