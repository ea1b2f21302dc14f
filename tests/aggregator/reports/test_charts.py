"""The trend chart: four states a month can be in, four marks nobody can confuse (finding 1)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from aggregator.reports.charts import (
    BAR_COLOUR,
    DOT_COLOUR,
    GRID_COLOUR,
    HATCH_COLOUR,
    ChartMonth,
    State,
    Words,
    scale_top,
    trend_chart,
)

WORDS = Words(
    caption="Jours actifs <7 h>",
    axis="Part des jours actifs (en\u00a0%)",
    months="Mois",
    not_yet="pas encore publié",
    held="pas assez de participants",
)


def chart(months: list[ChartMonth]) -> str:
    return trend_chart(
        months,
        WORDS,
        key="k",
        format_value=lambda value: f"{value:.1f}\u00a0%".replace(".", ","),
        format_tick=lambda value: f"{value:.0f}\u00a0%",
    )


def test_zero_unpublished_and_held_back_months_draw_three_distinct_marks() -> None:
    svg = chart(
        [
            ChartMonth("janv. 26", State.SHOWN, 12.5),
            ChartMonth("févr. 26", State.SHOWN, 0.0),
            ChartMonth("mars 26", State.HELD),
            ChartMonth("avr. 26", State.NOT_YET),
        ]
    )
    assert svg.count('<g class="month-shown">') == 1
    assert svg.count('<g class="month-zero">') == 1
    assert svg.count('<g class="month-held">') == 1
    assert svg.count('<g class="month-not-yet">') == 1
    # Each with its own words and its own pattern; the zero's mark has a width.
    assert ">0,0\u00a0%</text>" in svg and ">12,5\u00a0%</text>" in svg
    assert ">pas assez de participants</text>" in svg and ">pas encore publié</text>" in svg
    zero = re.search(r'<g class="month-zero"><rect class="bar bar-zero"[^>]* width="([^"]+)"', svg)
    assert zero and float(zero[1]) >= 3
    held = re.search(r'<g class="month-held"><rect[^>]* fill="url\(#([^)]+)\)"', svg)
    not_yet = re.search(r'<g class="month-not-yet"><rect[^>]* fill="url\(#([^)]+)\)"', svg)
    assert held and not_yet and held[1] != not_yet[1]
    assert f'id="{held[1]}"' in svg and f'id="{not_yet[1]}"' in svg
    # Axis titles with their unit; the caller's text escaped.
    assert ">Part des jours actifs (en\u00a0%)</text>" in svg and ">Mois</text>" in svg
    assert "&lt;7 h&gt;" in svg and "<7 h>" not in svg


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_mark_keeps_three_to_one_against_white() -> None:
    for colour in (BAR_COLOUR, HATCH_COLOUR, DOT_COLOUR, GRID_COLOUR):
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, colour


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=12))
def test_every_shown_value_is_written_and_fits_the_scale(values: list[float]) -> None:
    months = [ChartMonth(f"m{index}", State.SHOWN, value) for index, value in enumerate(values)]
    svg = chart(months)
    assert svg.count('class="value"') == len(values)
    top = scale_top(values)
    assert all(value <= top for value in values) and top > 0
    widths = [float(w) for w in re.findall(r'<rect class="bar" [^>]*width="([^"]+)"', svg)]
    assert all(0 < width <= 440 for width in widths)
