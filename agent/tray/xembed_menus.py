"""The light tray's menus: windows of our own, opened, driven and closed.

``MenuStack`` holds the menus on screen, the top one first, then each open
submenu; it reads the rows from the pystray menu model (``menu_rows``) and
draws them with Pillow (``menu_drawing``, loaded once a menu first opens).
The icon (``agent.tray.xembed.Icon``) opens the top menu and passes on the
pointer and the keyboard; every call comes from its loop thread.

What it keeps of a real menu: the pointer highlights, a click selects; the
keyboard works (Up / Down skip disabled rows, Right or Return open a
submenu, Left and Escape close, Return selects); check marks and radio dots;
a click elsewhere closes (the icon sees that click: ``at``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from Xlib import XK, X, Xatom
from Xlib.error import XError

from agent.tray.menu_rows import Row, first, rows_of, step
from agent.tray.pystray_model import pystray_module

log = logging.getLogger("repit.tray")

_SEPARATOR: Final = pystray_module().Menu.SEPARATOR

MENU_EVENTS: Final = (
    X.ExposureMask
    | X.ButtonPressMask
    | X.ButtonReleaseMask
    | X.PointerMotionMask
    | X.KeyPressMask
    | X.StructureNotifyMask
)
GRAB_EVENTS: Final = X.ButtonPressMask | X.ButtonReleaseMask | X.PointerMotionMask


@dataclass
class OpenMenu:
    """A menu (or submenu) on screen: its window, its rows and where it is."""

    menu: Any
    window: Any
    gc: Any
    rows: list[Row]
    shape: Any
    """``agent.tray.menu_drawing.Layout``."""
    x: int
    y: int
    selected: int | None = None
    opened_row: int | None = None
    """The row of this menu whose submenu is open, if any."""
    selectable: list[bool] = field(default_factory=list)

    def contains(self, x: int, y: int) -> bool:
        inside_x = self.x <= x < self.x + int(self.shape.width)
        return inside_x and self.y <= y < self.y + int(self.shape.height)

    def row_at(self, x: int, y: int) -> int | None:
        return self.shape.row_at(self.rows, y - self.y) if self.contains(x, y) else None


class MenuStack:
    """The menus on screen, the top one first; see the module's notes."""

    def __init__(
        self,
        display: Any,
        screen: Any,
        atoms: dict[str, int],
        name: str,
        run_action: Callable[[Any], None],
    ) -> None:
        self._display = display
        self._screen = screen
        self._root = screen.root
        self._atoms = atoms
        self._name = name
        """The windows' WM_CLASS name, the icon's."""
        self._run_action = run_action
        """Runs a chosen item's action (the icon's, which logs its errors)."""
        self._menus: list[OpenMenu] = []
        self._pressed_in_menu = False

    @property
    def is_open(self) -> bool:
        return bool(self._menus)

    def at(self, x: int, y: int) -> bool:
        """Whether the point (root coordinates) is in one of the open menus."""
        return any(opened.contains(x, y) for opened in self._menus)

    def press(self, x: int, y: int) -> bool:
        """A button went down at (x, y): whether in a menu (its release then chooses)."""
        self._pressed_in_menu = self.at(x, y)
        return self._pressed_in_menu

    def expose(self, window_id: int) -> None:
        """Repaints the menu of that window, if it is one of ours."""
        for opened in self._menus:
            if opened.window.id == window_id:
                self.paint(opened)

    def release(self, x: int, y: int) -> None:
        if not self._pressed_in_menu:
            return  # the release of the click that opened the menu
        self._pressed_in_menu = False
        for depth, opened in self._topmost_first():
            if opened.contains(x, y):
                index = opened.row_at(x, y)
                if index is not None:
                    self.choose(depth, index)
                return

    def motion(self, x: int, y: int) -> None:
        for depth, opened in self._topmost_first():
            if not opened.contains(x, y):
                continue
            index = opened.row_at(x, y)
            if index is None or index == opened.selected:
                return
            opened.selected = index if opened.selectable[index] else None
            self.paint(opened)
            if opened.opened_row != index:
                self.close(below=depth)
                if opened.selected is not None and opened.rows[index].submenu is not None:
                    self.open_submenu(depth, index, select_first=False)
            return

    def _topmost_first(self) -> list[tuple[int, OpenMenu]]:
        """The open menus, the deepest first: a submenu too wide for the screen's right
        side opens over its parent, and the pointer is then on the submenu, not under it."""
        return list(reversed(list(enumerate(self._menus))))

    def key(self, keysym: int) -> None:
        depth = len(self._menus) - 1
        deepest = self._menus[depth]
        if keysym in (XK.XK_Down, XK.XK_Up):
            deepest.selected = step(
                deepest.selectable, deepest.selected, 1 if keysym == XK.XK_Down else -1
            )
            self.paint(deepest)
        elif keysym == XK.XK_Right:
            index = deepest.selected
            if index is not None and deepest.rows[index].submenu is not None:
                self.open_submenu(depth, index, select_first=True)
        elif keysym == XK.XK_Left and depth > 0:
            self.close(below=depth - 1)
        elif keysym == XK.XK_Escape:
            self.close(below=depth - 1 if depth > 0 else None)
        elif keysym in (XK.XK_Return, XK.XK_KP_Enter, XK.XK_space) and deepest.selected is not None:
            self.choose(depth, deepest.selected)

    def choose(self, depth: int, index: int) -> None:
        """The row was clicked or entered: open its submenu, or run its action."""
        row = self._menus[depth].rows[index]
        if not row.selectable:
            return
        if row.submenu is not None:
            if self._menus[depth].opened_row != index:
                self.open_submenu(depth, index, select_first=True)
            return
        self.close()
        self._display.flush()
        self._run_action(row.item)

    def open_submenu(self, depth: int, index: int, *, select_first: bool) -> None:
        self.close(below=depth)
        parent = self._menus[depth]
        parent.opened_row = index
        top = parent.y + parent.shape.tops[index]
        self.open(
            parent.rows[index].submenu,
            parent.x + parent.shape.width - 2,
            top,
            left_of=parent.x + 2,
            select_first=select_first,
        )

    def open(
        self,
        menu: Any,
        x: int,
        y: int,
        *,
        above: int | None = None,
        left_of: int | None = None,
        select_first: bool,
    ) -> None:
        from agent.tray import menu_drawing  # Pillow's fonts, only once a menu opens

        rows = rows_of(menu, _SEPARATOR)
        shape = menu_drawing.layout(rows)
        screen_width, screen_height = self._screen.width_in_pixels, self._screen.height_in_pixels
        if x + shape.width > screen_width:
            x = left_of - shape.width if left_of is not None else screen_width - shape.width
        if y + shape.height > screen_height:
            y = above - shape.height if above is not None else screen_height - shape.height
        x, y = max(0, x), max(0, y)
        window = self._root.create_window(
            x, y, shape.width, shape.height, 0, self._screen.root_depth,
            X.InputOutput, X.CopyFromParent,
            background_pixel=self._screen.white_pixel,
            override_redirect=True,
            save_under=True,
            event_mask=MENU_EVENTS,
        )  # fmt: skip
        window.set_wm_class(self._name, "Repit")
        window.change_property(
            self._atoms["_NET_WM_WINDOW_TYPE"],
            Xatom.ATOM,
            32,
            [self._atoms["_NET_WM_WINDOW_TYPE_POPUP_MENU"]],
        )
        selectable = [row.selectable for row in rows]
        opened = OpenMenu(
            menu, window, window.create_gc(), rows, shape, x, y,
            selected=first(selectable) if select_first else None,
            selectable=selectable,
        )  # fmt: skip
        self._menus.append(opened)
        window.map()
        if len(self._menus) == 1:
            self._grab(window)
        self.paint(opened)

    def _grab(self, window: Any) -> None:
        """Pointer and keyboard to the menus while they are open, as GTK does."""
        # The keyboard first: its request leaves in the same write as the menu's
        # MapWindow, so no key pressed once the menu shows can reach another window.
        keyboard = window.grab_keyboard(True, X.GrabModeAsync, X.GrabModeAsync, X.CurrentTime)
        pointer = window.grab_pointer(
            True, GRAB_EVENTS, X.GrabModeAsync, X.GrabModeAsync, X.NONE, X.NONE, X.CurrentTime
        )
        if pointer != X.GrabSuccess or keyboard != X.GrabSuccess:
            log.info(
                "the tray menu could not grab the pointer (%s) or keyboard (%s)", pointer, keyboard
            )

    def paint(self, opened: OpenMenu) -> None:
        from agent.tray import menu_drawing

        picture = menu_drawing.draw_menu(opened.rows, opened.shape, opened.selected)
        with contextlib.suppress(XError):  # closed meanwhile
            opened.window.put_pil_image(opened.gc, 0, 0, picture)

    def close(self, below: int | None = None) -> None:
        """Closes the menus deeper than ``below`` (all of them when None)."""
        keep = 0 if below is None else below + 1
        closing = len(self._menus) > keep
        while len(self._menus) > keep:
            opened = self._menus.pop()
            opened.gc.free()
            opened.window.destroy()
        if self._menus:
            self._menus[-1].opened_row = None
        elif closing:
            self._display.ungrab_pointer(X.CurrentTime)
            self._display.ungrab_keyboard(X.CurrentTime)

    def reread(self) -> None:
        """Labels and check marks changed while a menu is open: show the new ones."""
        for opened in self._menus:
            rows = rows_of(opened.menu, _SEPARATOR)
            if len(rows) != len(opened.rows):
                self.close()
                return
            opened.rows = rows
            opened.selectable = [row.selectable for row in rows]
            self.paint(opened)
