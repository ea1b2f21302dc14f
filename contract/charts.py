"""Inline SVG charts for the personal report: small pure functions, no JavaScript.

Every chart is a self-contained ``<svg>`` element (no external resource, no
namespace URL: inline SVG in HTML needs none) that reads well on screen and on
paper: plain fills with distinct lightness, dashed limit lines labelled in
text, and a ``<title>`` on every bar for the exact value. Every piece of text
that comes from the caller is escaped here.

Each value is drawn as exactly one ``<rect class="bar">``; the optional stacked
part of a bar is one more ``<rect class="bar-part">`` drawn over its top.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

BAR_COLOUR = "#7ea6d8"  # light blue: the main quantity
PART_COLOUR = "#8c3b00"  # dark brown-orange: the stacked part, darker so it stays distinct in grey
MUTED_COLOUR = "#c9d7ea"  # an incomplete period (the current day or week)
AXIS_COLOUR = "#444444"
GRID_COLOUR = "#dddddd"
TEXT_COLOUR = "#222222"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

MARGIN_LEFT = 52
MARGIN_RIGHT = 112
MARGIN_TOP = 14
LEGEND_HEIGHT = 22
LABEL_HEIGHT = 20
ROTATED_LABEL_HEIGHT = 46
CHAR_WIDTH = 6.2  # approximate width of one label character at 11 px


@dataclass(frozen=True, slots=True)
class Mark:
    """A horizontal reference line across the plot (a limit), labelled at its right end."""

    value: float
    label: str
    colour: str = "#b00020"
    dash: str = "6 4"


def _num(value: float) -> str:
    """A compact SVG coordinate."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _scale_top(values: Sequence[float], marks: Sequence[Mark], tick_step: float | None) -> float:
    top = max([0.0, *values, *(mark.value for mark in marks)])
    if tick_step is not None and tick_step > 0:
        top = max(math.ceil(top / tick_step), 1) * tick_step
    return top if top > 0 else 1.0


def bar_chart(
    values: Sequence[float],
    labels: Sequence[str],
    *,
    marks: Sequence[Mark] = (),
    stacked: Sequence[float] | None = None,
    muted: Sequence[bool] | None = None,
    width: int = 720,
    height: int = 260,
    caption: str,
    tick_step: float | None = None,
    format_value: Callable[[float], str] = lambda value: _num(value),
    format_tick: Callable[[float], str] | None = None,
    series: tuple[str, str] | None = None,
) -> str:
    """A vertical bar chart as SVG markup.

    ``values`` and ``labels`` go together, one bar each. ``stacked`` (same
    length) is the part of each bar drawn over its top in another colour,
    clipped to the bar. ``muted`` marks bars of an incomplete period, drawn
    paler. ``marks`` are limit lines. The vertical scale starts at 0 and goes
    up to the largest value or mark, rounded up to ``tick_step`` when given
    (with a labelled grid line at each step). ``format_value`` writes a value
    in the bars' tooltips, ``format_tick`` (default ``format_value``) on the
    axis. ``series`` names the main quantity and the stacked part in a legend.
    ``caption`` is the chart's accessible name.
    """
    if len(labels) != len(values):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")
    if stacked is not None and len(stacked) != len(values):
        raise ValueError(f"{len(values)} values but {len(stacked)} stacked values")
    if muted is not None and len(muted) != len(values):
        raise ValueError(f"{len(values)} values but {len(muted)} muted flags")
    tick_text = format_tick or format_value

    count = len(values)
    plot_left: float = MARGIN_LEFT
    plot_width = width - MARGIN_LEFT - MARGIN_RIGHT
    slot = plot_width / count if count else plot_width
    longest_label = max((len(label) for label in labels), default=0)
    rotate = longest_label * CHAR_WIDTH > slot * 0.95
    legend = series is not None and stacked is not None
    plot_top = MARGIN_TOP + (LEGEND_HEIGHT if legend else 0)
    plot_bottom = height - (ROTATED_LABEL_HEIGHT if rotate else LABEL_HEIGHT)
    plot_height = plot_bottom - plot_top
    top = _scale_top(values, marks, tick_step)

    def y_of(value: float) -> float:
        return plot_bottom - max(value, 0.0) / top * plot_height

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{_attr(caption)}" font-family="{_attr(FONT)}"'
        f' font-size="11" fill="{TEXT_COLOUR}">',
        f"<title>{escape(caption)}</title>",
    ]

    if legend and series is not None:
        main_name, part_name = series
        x: float = plot_left
        for colour, name in ((BAR_COLOUR, main_name), (PART_COLOUR, part_name)):
            parts.append(
                f'<path class="legend-key" d="M{_num(x)} {MARGIN_TOP}h10v10h-10z" fill="{colour}"/>'
            )
            parts.append(f'<text x="{_num(x + 14)}" y="{MARGIN_TOP + 9}">{escape(name)}</text>')
            x += 14 + len(name) * CHAR_WIDTH + 24

    # Grid lines and the vertical axis labels.
    if tick_step is not None and tick_step > 0:
        steps = round(top / tick_step)
        for step in range(steps + 1):
            value = step * tick_step
            y = y_of(value)
            parts.append(
                f'<line class="grid" x1="{plot_left}" x2="{plot_left + plot_width}"'
                f' y1="{_num(y)}" y2="{_num(y)}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
            parts.append(
                f'<text class="tick" x="{plot_left - 6}" y="{_num(y + 4)}"'
                f' text-anchor="end">{escape(tick_text(value))}</text>'
            )

    # Bars, their stacked parts, and the labels under them.
    bar_width = min(slot * 0.72, 48.0)
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = plot_left + index * slot + (slot - bar_width) / 2
        y = y_of(value)
        bar_height = plot_bottom - y
        is_muted = muted is not None and muted[index]
        fill = MUTED_COLOUR if is_muted else BAR_COLOUR
        extra = f' stroke="{BAR_COLOUR}" stroke-dasharray="3 2"' if is_muted else ""
        css = "bar bar-muted" if is_muted else "bar"
        tooltip = f"{label} : {format_value(value)}"
        if stacked is not None:
            part = min(max(stacked[index], 0.0), max(value, 0.0))
            if series is not None:
                tooltip += f" ({series[1]} : {format_value(part)})"
        parts.append(
            f'<rect class="{css}" x="{_num(x)}" y="{_num(y)}" width="{_num(bar_width)}"'
            f' height="{_num(bar_height)}" fill="{fill}"{extra}>'
            f"<title>{escape(tooltip)}</title></rect>"
        )
        if stacked is not None:
            part = min(max(stacked[index], 0.0), max(value, 0.0))
            if part > 0:
                part_height = part / top * plot_height
                parts.append(
                    f'<rect class="bar-part" x="{_num(x)}" y="{_num(y)}"'
                    f' width="{_num(bar_width)}" height="{_num(part_height)}"'
                    f' fill="{PART_COLOUR}"/>'
                )
        centre = plot_left + index * slot + slot / 2
        if rotate:
            label_y = plot_bottom + 12
            parts.append(
                f'<text class="label" x="{_num(centre)}" y="{_num(label_y)}" text-anchor="end"'
                f' transform="rotate(-45 {_num(centre)} {_num(label_y)})">{escape(label)}</text>'
            )
        else:
            parts.append(
                f'<text class="label" x="{_num(centre)}" y="{_num(plot_bottom + 14)}"'
                f' text-anchor="middle">{escape(label)}</text>'
            )

    # The baseline, then the limit lines over the bars.
    parts.append(
        f'<line class="axis" x1="{plot_left}" x2="{plot_left + plot_width}"'
        f' y1="{_num(plot_bottom)}" y2="{_num(plot_bottom)}" stroke="{AXIS_COLOUR}"'
        f' stroke-width="1"/>'
    )
    for mark in marks:
        y = y_of(mark.value)
        parts.append(
            f'<line class="mark" x1="{plot_left}" x2="{plot_left + plot_width}"'
            f' y1="{_num(y)}" y2="{_num(y)}" stroke="{_attr(mark.colour)}" stroke-width="1.5"'
            f' stroke-dasharray="{_attr(mark.dash)}"/>'
        )
        parts.append(
            f'<text class="mark-label" x="{plot_left + plot_width + 6}" y="{_num(y + 4)}"'
            f' fill="{_attr(mark.colour)}">{escape(mark.label)}</text>'
        )

    parts.append("</svg>")
    return "".join(parts)
