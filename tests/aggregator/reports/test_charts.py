"""The trend chart: bars for released months, labelled gaps (never zeros) for held-back ones."""

from __future__ import annotations

import re

from aggregator.reports.charts import trend_chart


def test_held_back_months_are_labelled_gaps() -> None:
    svg = trend_chart(
        [12.5, None, 30.0, 0.0],
        ["janv. 26", "févr. 26", "mars 26", "avr. 26"],
        caption="Jours actifs <7 h>",
        gap_label="pas assez de participants",
        format_value=lambda value: f"{value:.1f} %",
        format_tick=lambda value: f"{value:.0f} %",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<g class="gap">') == 1
    assert svg.count(">pas assez de participants</text>") == 1
    assert "févr. 26 : pas assez de participants" in svg  # the gap's tooltip, not "0"
    assert "mars 26 : 30.0 %" in svg
    assert "avr. 26 : 0.0 %" in svg  # a released zero stays a zero
    assert "&lt;7 h&gt;" in svg  # the caller's text is escaped
    heights = re.findall(
        r'<rect class="bar[^"]*" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg
    )
    assert len(heights) == 4
    assert float(heights[1]) == 0.0


def test_no_gap_no_band() -> None:
    svg = trend_chart(
        [10.0, 20.0],
        ["a", "b"],
        caption="c",
        gap_label="not enough participants",
        format_value=str,
        format_tick=str,
    )
    assert 'class="gap"' not in svg
