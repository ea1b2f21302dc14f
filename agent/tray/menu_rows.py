"""A pystray menu read into rows, and how the keyboard moves through them.

The light tray backend (``agent.tray.xembed``) draws menus itself. It reads
the menu model (pystray ``Menu`` / ``MenuItem``, built by ``agent.tray.tray``)
into plain ``Row`` values each time a menu opens, so that labels, check marks
and enabled states are those of that moment, exactly as GTK shows them.
Navigation is pure: which row the Down / Up keys select.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    """One line of an open menu."""

    text: str
    enabled: bool
    checked: bool | None
    """None: not checkable; False / True: a check box or radio button, off or on."""
    radio: bool
    default: bool
    separator: bool
    item: Any
    """The pystray ``MenuItem``: called to activate; its ``submenu`` opens."""

    @property
    def selectable(self) -> bool:
        return self.enabled and not self.separator

    @property
    def submenu(self) -> Any:
        return None if self.separator else self.item.submenu


def rows_of(menu: Any, separator: Any) -> list[Row]:
    """The visible items of the pystray ``menu`` as rows; ``separator`` is ``Menu.SEPARATOR``."""
    rows = []
    for item in menu.items:  # every item, hidden ones too: pystray's backends skip those
        if item is separator:
            rows.append(Row("", False, None, False, False, True, item))
            continue
        if not item.visible:
            continue
        checked = item.checked
        rows.append(
            Row(
                text=str(item.text),
                enabled=bool(item.enabled),
                checked=None if checked is None else bool(checked),
                radio=bool(item.radio),
                default=bool(item.default),
                separator=False,
                item=item,
            )
        )
    return rows


def step(selectable: list[bool], current: int | None, direction: int) -> int | None:
    """The row Down (``direction`` 1) or Up (-1) selects from ``current``.

    Rows that cannot be selected (disabled, separators) are skipped; the
    selection wraps around, as in GTK menus. With nothing selected, Down
    selects the first selectable row and Up the last. None when no row can be
    selected.
    """
    count = len(selectable)
    if not any(selectable):
        return None
    position = (-1 if direction > 0 else count) if current is None else current
    for _ in range(count):
        position = (position + direction) % count
        if selectable[position]:
            return position
    return None  # unreachable: some row is selectable


def first(selectable: list[bool]) -> int | None:
    """The row a submenu opened from the keyboard selects: its first selectable one."""
    return step(selectable, None, 1)
