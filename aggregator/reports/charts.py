"""The 12-month trend charts: the agent's ``bar_chart``, with held-back months as labelled gaps.

``bar_chart`` draws one bar per value from 0 up. A held-back month has no
value at all, so it is passed as a negative placeholder (drawn with no height,
ignored by the scale, its tooltip saying "pas assez de participants") and then
marked by a pale band with the words written up it, so that a gap is never
read as a zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from contract.charts import (
    CHAR_WIDTH,
    LABEL_HEIGHT,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    ROTATED_LABEL_HEIGHT,
    bar_chart,
)

WIDTH = 800
HEIGHT = 260
_GAP = -1.0
GAP_FILL = "#f2f2f2"
GAP_TEXT = "#555555"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def trend_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    caption: str,
    gap_label: str,
    format_value: Callable[[float], str],
    format_tick: Callable[[float], str],
) -> str:
    """A bar chart of percentages (0..100), one bar per month; None is a held-back month."""

    def written(value: float) -> str:
        return gap_label if value < 0 else format_value(value)

    highest = max((value for value in values if value is not None), default=0.0)
    svg = bar_chart(
        [_GAP if value is None else value for value in values],
        labels,
        muted=[value is None for value in values],
        width=WIDTH,
        height=HEIGHT,
        caption=caption,
        tick_step=20.0 if highest > 40 else 10.0,
        format_value=written,
        format_tick=format_tick,
    )
    gaps = [index for index, value in enumerate(values) if value is None]
    if not gaps or not values:
        return svg
    # The same geometry as bar_chart's plot, to put each band in its month's slot.
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    slot = plot_width / len(values)
    longest = max((len(label) for label in labels), default=0)
    rotate = longest * CHAR_WIDTH > slot * 0.95
    top = MARGIN_TOP
    bottom = HEIGHT - (ROTATED_LABEL_HEIGHT if rotate else LABEL_HEIGHT)
    middle = (top + bottom) / 2
    bands = []
    for index in gaps:
        left = MARGIN_LEFT + index * slot + slot * 0.1
        centre = MARGIN_LEFT + index * slot + slot / 2
        bands.append(
            f'<g class="gap"><rect x="{_num(left)}" y="{top}" width="{_num(slot * 0.8)}"'
            f' height="{_num(bottom - top)}" fill="{GAP_FILL}"/>'
            f'<text x="{_num(centre)}" y="{_num(middle)}" fill="{GAP_TEXT}"'
            f' text-anchor="middle" dominant-baseline="middle" font-size="10"'
            f' transform="rotate(-90 {_num(centre)} {_num(middle)})">{escape(gap_label)}</text>'
            "</g>"
        )
    end = svg.rindex("</svg>")
    return svg[:end] + "".join(bands) + svg[end:]
