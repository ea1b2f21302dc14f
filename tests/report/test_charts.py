"""The inline SVG bar charts: one bar per value, heights in proportion, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from contract.charts import Mark, bar_chart


def svg(markup: str) -> ET.Element:
    """Parse the chart as XML: it must be well formed on its own."""
    return ET.fromstring(markup)


def bars(root: ET.Element, css: str = "bar") -> list[ET.Element]:
    return [r for r in root.iter("rect") if css in r.get("class", "").split()]


def test_one_rect_per_value() -> None:
    values = [30, 0, 420, 615, 90]
    root = svg(bar_chart(values, ["a", "b", "c", "d", "e"], caption="Minutes"))
    assert len(root.findall(".//rect")) == len(values)
    assert len(bars(root)) == len(values)


def test_bar_heights_are_proportional_to_values() -> None:
    root = svg(bar_chart([120, 360, 0], ["x", "y", "z"], caption="c", height=300))
    heights = [float(r.get("height", "nan")) for r in bars(root)]
    assert heights[1] == pytest.approx(3 * heights[0], rel=1e-3)
    assert heights[2] == 0
    # All bars stand on the same baseline.
    bottoms = {round(float(r.get("y", "0")) + float(r.get("height", "0")), 2) for r in bars(root)}
    assert len(bottoms) == 1


def test_a_mark_above_the_values_sets_the_scale_and_is_labelled() -> None:
    root = svg(
        bar_chart(
            [100, 200],
            ["x", "y"],
            marks=[Mark(400, "limit <400>")],
            caption="c",
        )
    )
    heights = [float(r.get("height", "nan")) for r in bars(root)]
    assert heights[1] == pytest.approx(2 * heights[0], rel=1e-3)
    (line,) = [e for e in root.iter("line") if e.get("class") == "mark"]
    baseline = float(next(e for e in root.iter("line") if e.get("class") == "axis").get("y1", ""))
    mark_height = baseline - float(line.get("y1", ""))
    assert mark_height == pytest.approx(4 * heights[0], rel=1e-3)
    labels = ["".join(t.itertext()) for t in root.iter("text") if t.get("class") == "mark-label"]
    assert labels == ["limit <400>"]


def test_stacked_parts_are_extra_rects_over_the_bars() -> None:
    root = svg(
        bar_chart(
            [300, 600, 0],
            ["a", "b", "c"],
            stacked=[0, 150, 0],
            caption="c",
            series=("screen", "after hours"),
        )
    )
    assert len(bars(root)) == 3
    parts = bars(root, "bar-part")
    assert len(parts) == 1
    bar_b = bars(root)[1]
    assert float(parts[0].get("height", "")) == pytest.approx(
        float(bar_b.get("height", "")) / 4, rel=1e-3
    )
    assert parts[0].get("y") == bar_b.get("y")  # drawn over the top of its bar


def test_every_label_and_the_caption_are_escaped() -> None:
    nasty = '<script>alert("x")</script> & co'
    markup = bar_chart([1, 2], [nasty, "ok"], caption=f"caption {nasty}", marks=[Mark(1, nasty)])
    assert "<script" not in markup
    root = svg(markup)  # still well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"caption {nasty}"
    texts = ["".join(t.itertext()) for t in root.iter("text")]
    assert nasty in texts
    assert f"{nasty} : 1" in ["".join(t.itertext()) for t in root.iter("title")]


def test_empty_and_all_zero_data_render() -> None:
    empty = svg(bar_chart([], [], caption="nothing"))
    assert empty.findall(".//rect") == []
    zeros = svg(bar_chart([0, 0], ["a", "b"], caption="zeros", tick_step=60))
    assert [r.get("height") for r in bars(zeros)] == ["0", "0"]


def test_muted_bars_are_marked() -> None:
    root = svg(bar_chart([1, 2], ["a", "b"], muted=[False, True], caption="c"))
    assert [r.get("class") for r in bars(root)] == ["bar", "bar bar-muted"]


@pytest.mark.parametrize(
    ("labels", "stacked", "muted"),
    [(["a"], None, None), (["a", "b"], [1], None), (["a", "b"], None, [True])],
)
def test_mismatched_lengths_are_refused(
    labels: list[str], stacked: list[float] | None, muted: list[bool] | None
) -> None:
    with pytest.raises(ValueError):
        bar_chart([1, 2], labels, stacked=stacked, muted=muted, caption="c")


def test_no_external_reference() -> None:
    markup = bar_chart(
        [1, 2], ["a", "b"], stacked=[1, 0], series=("s", "t"), marks=[Mark(2, "m")], caption="c"
    )
    assert "http" not in markup
    assert "href" not in markup
