"""What the agent keeps between starts so that it runs without pydantic, holidays and Pillow
(issue 16): the validated policy, the year's public holidays, the icon's pixels."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.core import localdays
from agent.holiday_cache import CACHE_NAME as HOLIDAYS_NAME
from agent.holiday_cache import keep_known_holidays, load_known_holidays
from agent.participation import IconState
from agent.policy_cache import CACHE_NAME, cached_policy, decode, encode, keep_policy
from agent.tray.icon_cache import IconCache, over_background
from agent.tray.icons import draw_icon
from contract.policy.loader import bundled_policies_dir, load_policy
from contract.policy.model import Policy

BUNDLED = sorted(bundled_policies_dir().glob("*.toml"))
REQUEST = {"policy": None, "configured": None}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_bundled_policy_reads_back_equal(path: Path) -> None:
    policy = load_policy(path)
    again = decode(Policy, json.loads(json.dumps(encode(policy))))
    assert again == policy
    assert again.source == policy.source


def test_a_kept_policy_is_used_while_its_files_are_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in ("default.toml", "rh.toml"):
        (folder / name).write_text((bundled_policies_dir() / name).read_text(encoding="utf-8"))
    policy = load_policy(folder / "rh.toml")
    data = tmp_path / "data"
    data.mkdir()
    assert cached_policy(data, REQUEST) is None
    keep_policy(data, REQUEST, policy)
    assert cached_policy(data, REQUEST) == policy
    assert cached_policy(data, {"policy": "other.toml", "configured": None}) is None
    parent = folder / "default.toml"
    parent.write_text(parent.read_text(encoding="utf-8").replace("180", "240"), encoding="utf-8")
    assert cached_policy(data, REQUEST) is None  # the policy it extends changed


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    policy = load_policy(bundled_policies_dir() / "default.toml")
    keep_policy(tmp_path, REQUEST, policy)
    kept = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    kept["policy"]["breaks"]["every_minutes"] = "soixante"
    (tmp_path / CACHE_NAME).write_text(json.dumps(kept), encoding="utf-8")
    assert cached_policy(tmp_path, REQUEST) is None
    (tmp_path / CACHE_NAME).write_text("{", encoding="utf-8")
    assert cached_policy(tmp_path, REQUEST) is None


@pytest.mark.parametrize(("country", "subdivision"), [("FR", ""), ("FR", "57"), ("DE", "BY")])
def test_public_holidays_are_the_packages(country: str, subdivision: str) -> None:
    expected = holidays.country_holidays(country, subdiv=subdivision or None, years=2027)
    assert localdays.public_holidays(country, subdivision, 2027) == frozenset(expected)


def test_known_holidays_are_kept_and_given_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(localdays, "_public_holidays_known", {})  # other tests' years untouched
    localdays.public_holidays("FR", "", 2031)
    keep_known_holidays(tmp_path)
    kept = json.loads((tmp_path / HOLIDAYS_NAME).read_text(encoding="utf-8"))
    assert [
        "FR",
        "",
        2031,
        sorted(d.isoformat() for d in localdays.public_holidays("FR", "", 2031)),
    ] in kept["years"]
    # A year given from the file is used as given: no computing.
    kept["years"] = [["FR", "", 2032, ["2032-02-29"]]]
    (tmp_path / HOLIDAYS_NAME).write_text(json.dumps(kept), encoding="utf-8")
    assert load_known_holidays(tmp_path) == 1
    assert localdays.public_holidays("FR", "", 2032) == frozenset({date(2032, 2, 29)})
    kept["package"] = "another version"
    (tmp_path / HOLIDAYS_NAME).write_text(json.dumps(kept), encoding="utf-8")
    assert load_known_holidays(tmp_path) == 0


def test_icon_pixels_are_the_drawing_and_are_kept(tmp_path: Path) -> None:
    cache = IconCache(tmp_path / "icons.json")
    pixels = cache.rgba(IconState.BREAK_DUE, 24)
    assert pixels == draw_icon(IconState.BREAK_DUE, 24).convert("RGBA").tobytes()
    assert IconCache(tmp_path / "icons.json").rgba(IconState.BREAK_DUE, 24) == pixels


pixels = st.lists(st.tuples(*[st.integers(0, 255)] * 4), min_size=1, max_size=40)


@given(pixels, st.data())
def test_blending_keeps_the_background_under_transparency_and_the_icon_where_opaque(
    icon: list[tuple[int, int, int, int]], data: st.DataObject
) -> None:
    background = data.draw(
        st.lists(st.tuples(*[st.integers(0, 255)] * 3), min_size=len(icon), max_size=len(icon))
    )
    rgba = bytes(value for pixel in icon for value in pixel)
    bgrx = bytes(value for (r, g, b) in background for value in (b, g, r, 0))
    out = over_background(rgba, bgrx)
    for (r, g, b, alpha), (br, bg, bb), i in zip(
        icon, background, range(0, len(out), 4), strict=True
    ):
        blue, green, red = out[i], out[i + 1], out[i + 2]
        for shown, top, under in ((red, r, br), (green, g, bg), (blue, b, bb)):
            assert min(top, under) <= shown <= max(top, under)
            if alpha == 255:
                assert shown == top
            if alpha == 0:
                assert shown == under
