"""The light tray's menus without a display: rows read from the menu model, keyboard steps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agent.participation import Mode
from agent.tray.menu_rows import first, rows_of, step
from agent.tray.pystray_model import pystray_module
from agent.tray.tray import Tray
from tests.tray.test_tray_menu import FakeController

selectables = st.lists(st.booleans(), min_size=1, max_size=12)


@given(selectables, st.data())
def test_a_step_lands_on_a_selectable_row_or_on_none_when_there_is_none(
    selectable: list[bool], data: st.DataObject
) -> None:
    current = data.draw(st.none() | st.integers(0, len(selectable) - 1))
    direction = data.draw(st.sampled_from([1, -1]))
    landed = step(selectable, current, direction)
    if any(selectable):
        assert landed is not None and selectable[landed]
    else:
        assert landed is None


@given(selectables, st.data())
def test_down_then_up_comes_back_to_a_selectable_row(
    selectable: list[bool], data: st.DataObject
) -> None:
    chosen = [i for i, ok in enumerate(selectable) if ok]
    if not chosen:
        return
    current = data.draw(st.sampled_from(chosen))
    down = step(selectable, current, 1)
    assert down is not None
    assert step(selectable, down, -1) == current


@given(selectables)
def test_steps_skip_exactly_the_rows_that_cannot_be_selected(selectable: list[bool]) -> None:
    """Down from the first selectable row visits every selectable row once, in order."""
    start = first(selectable)
    if start is None:
        return
    visited = [start]
    while (following := step(selectable, visited[-1], 1)) != start:
        assert following is not None
        visited.append(following)
    assert visited == [i for i, ok in enumerate(selectable) if ok]


def test_rows_follow_the_trays_menu_with_its_checks_and_disabled_rows() -> None:
    pystray = pystray_module()
    tray = Tray(FakeController(mode=None, language="fr"), backend="dummy")
    rows = rows_of(tray.icon.menu, pystray.Menu.SEPARATOR)
    texts = [row.text for row in rows]
    assert texts[0] == "Mes chiffres du jour" and rows[0].default
    assert "Je fais une pause" not in texts  # hidden by the model until a mode is chosen
    pause = rows[texts.index("Suspendre les rappels")]
    assert not pause.selectable and pause.submenu is not None  # no mode chosen: no pause
    assert [row.separator for row in rows].count(True) == 2
    participation = rows_of(rows[texts.index("Participation")].submenu, pystray.Menu.SEPARATOR)
    # Off and reminders are radio rows, unchecked; share opens its confirmation first.
    assert [row.checked for row in participation[:2]] == [False, False]
    assert all(row.radio for row in participation[:2])
    assert participation[2].submenu is not None and not participation[2].checked

    chosen = Tray(FakeController(mode=Mode.SHARE, language="fr"), backend="dummy")
    chosen_rows = rows_of(chosen.icon.menu, pystray.Menu.SEPARATOR)
    chosen_texts = [row.text for row in chosen_rows]
    participation = rows_of(
        chosen_rows[chosen_texts.index("Participation")].submenu, pystray.Menu.SEPARATOR
    )
    assert [row.checked for row in participation] == [False, False, True]
    assert all(row.radio for row in participation)
    assert chosen_rows[chosen_texts.index("Suspendre les rappels")].selectable
    assert chosen_rows[chosen_texts.index("Je fais une pause")].selectable
