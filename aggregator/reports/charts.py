"""The 12-month trend charts: one horizontal bar a month, its value written beside it.

Pure: months in, one self-contained ``<svg>`` out (no script, no external
resource). A month is in one of four states, each drawn differently so that
no state can be read as another, in colour or in grey:

- a published share above 0: a solid bar, the value written at its end;
- a published 0: a thick mark on the axis and "0 %" written beside it, so
  that a zero is never mistaken for a missing month;
- not yet published (before its public release date): diagonal hatching
  across the row and the words "pas encore publié";
- held back (too few devices, or hidden to protect a neighbour): dots across
  the row and the words "pas assez de participants".

Each month is one ``<g class="month-…">`` (``shown``, ``zero``, ``not-yet``,
``held``): prefixed, so that the page's own classes never style a chart.
Horizontal bars keep the month labels horizontal and the text at a size
that stays readable when the page is 400 px wide. Colours keep at least 3:1
against white (WCAG 1.4.11). Every text from the caller is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape

WIDTH = 440
LABEL_WIDTH = 66
VALUE_WIDTH = 64
ROW = 24
BAR = 15
MIN_BAR = 2.0
TOP = 34
BOTTOM = 22
FONT_SIZE = 13
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

BAR_COLOUR = "#1d5fa8"  # 6.4:1 on white
ZERO_COLOUR = "#222222"
HATCH_COLOUR = "#6b6b6b"  # 5.3:1 on white
DOT_COLOUR = "#7a5c00"  # 5.9:1 on white
GRID_COLOUR = "#949494"  # 3:1 on white: the grid is read, not only seen
TEXT_COLOUR = "#222222"


class State(StrEnum):
    SHOWN = "shown"
    NOT_YET = "not-yet"
    HELD = "held"


@dataclass(frozen=True, slots=True)
class ChartMonth:
    label: str
    """The month as written beside its row ("févr. 26")."""
    state: State
    value: float | None = None
    """The share in percent, for a shown month."""


@dataclass(frozen=True, slots=True)
class Words:
    """What the chart writes, in the page's language."""

    caption: str
    axis: str
    """The value axis's title, with its unit."""
    months: str
    """The month axis's title."""
    not_yet: str
    held: str


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def scale_top(values: Sequence[float]) -> float:
    """The axis's end: the largest value rounded up to a tick, at least one tick."""
    step = tick_step(values)
    return max(math.ceil(max([0.0, *values]) / step), 1) * step


def tick_step(values: Sequence[float]) -> float:
    highest = max([0.0, *values])
    return 25.0 if highest > 50 else 10.0


def _patterns(key: str) -> str:
    return (
        "<defs>"
        f'<pattern id="hatch-{key}" width="8" height="8" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{HATCH_COLOUR}" stroke-width="2"/></pattern>'
        f'<pattern id="dots-{key}" width="7" height="7" patternUnits="userSpaceOnUse">'
        f'<rect width="7" height="7" fill="#ffffff"/>'
        f'<circle cx="3.5" cy="3.5" r="1.4" fill="{DOT_COLOUR}"/></pattern>'
        "</defs>"
    )


def trend_chart(
    months: Sequence[ChartMonth],
    words: Words,
    *,
    key: str,
    format_value: Callable[[float], str],
    format_tick: Callable[[float], str],
) -> str:
    """The chart of ``months`` (oldest first) as SVG markup; ``key`` keeps its pattern ids apart."""
    shown = [m.value or 0.0 for m in months if m.state is State.SHOWN]
    top = scale_top(shown)
    step = tick_step(shown)
    plot_left = float(LABEL_WIDTH)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    plot_bottom = TOP + ROW * len(months)
    height = plot_bottom + BOTTOM

    def x_of(value: float) -> float:
        return plot_left + min(max(value, 0.0), top) / top * plot_width

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' role="img" aria-label="{escape(words.caption, quote=True)}"'
        f' font-family="{escape(FONT, quote=True)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f"<title>{escape(words.caption)}</title>",
        _patterns(key),
        f'<text class="axis-title" x="0" y="14" font-weight="600">{escape(words.months)}</text>',
        f'<text class="axis-title" x="{_num(plot_left)}" y="14"'
        f' font-weight="600">{escape(words.axis)}</text>',
    ]
    ticks = round(top / step)
    for index in range(ticks + 1):
        value = index * step
        x = _num(x_of(value))
        parts.append(
            f'<line class="grid" x1="{x}" x2="{x}" y1="{TOP - 4}" y2="{plot_bottom}"'
            f' stroke="{GRID_COLOUR}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        parts.append(
            f'<text class="tick" x="{x}" y="{plot_bottom + 16}" text-anchor="middle">'
            f"{escape(format_tick(value))}</text>"
        )
    for index, month in enumerate(months):
        row_top = TOP + index * ROW
        bar_top = row_top + (ROW - BAR) / 2
        middle = _num(row_top + ROW / 2 + FONT_SIZE * 0.35)
        parts.append(
            f'<text class="label" x="{_num(plot_left - 6)}" y="{middle}"'
            f' text-anchor="end">{escape(month.label)}</text>'
        )
        parts.append(
            _row(month, words, key, plot_left, plot_width, bar_top, middle, x_of, format_value)
        )
    parts.append(
        f'<line class="axis" x1="{_num(plot_left)}" x2="{_num(plot_left)}" y1="{TOP - 4}"'
        f' y2="{plot_bottom}" stroke="{ZERO_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _row(
    month: ChartMonth,
    words: Words,
    key: str,
    plot_left: float,
    plot_width: float,
    bar_top: float,
    middle: str,
    x_of: Callable[[float], float],
    format_value: Callable[[float], str],
) -> str:
    label = escape(month.label)
    if month.state is not State.SHOWN:
        pattern, text = (
            (f"hatch-{key}", words.not_yet)
            if month.state is State.NOT_YET
            else (f"dots-{key}", words.held)
        )
        return (
            f'<g class="month-{month.state.value}">'
            f'<rect x="{_num(plot_left + 1)}" y="{_num(bar_top)}"'
            f' width="{_num(plot_width)}" height="{BAR}" fill="url(#{pattern})"'
            f' stroke="{HATCH_COLOUR}" stroke-width="1"/>'
            f'<text x="{_num(plot_left + 8)}" y="{middle}" stroke="#ffffff" stroke-width="4"'
            f' paint-order="stroke" font-style="italic">{escape(text)}</text>'
            f"<title>{label} — {escape(text)}</title></g>"
        )
    value = month.value or 0.0
    written = escape(format_value(value))
    if value <= 0:
        # A published zero: a mark you can see, and its value.
        return (
            f'<g class="month-zero"><rect class="bar bar-zero" x="{_num(plot_left)}"'
            f' y="{_num(bar_top - 2)}" width="4" height="{BAR + 4}" fill="{ZERO_COLOUR}"/>'
            f'<text class="value" x="{_num(plot_left + 9)}" y="{middle}">{written}</text>'
            f"<title>{label} — {written}</title></g>"
        )
    # A positive share, however small, keeps a bar you can see.
    end = max(x_of(value), plot_left + MIN_BAR)
    return (
        f'<g class="month-shown"><rect class="bar" x="{_num(plot_left)}" y="{_num(bar_top)}"'
        f' width="{_num(end - plot_left)}" height="{BAR}" fill="{BAR_COLOUR}"/>'
        f'<text class="value" x="{_num(end + 5)}" y="{middle}">{written}</text>'
        f"<title>{label} — {written}</title></g>"
    )
