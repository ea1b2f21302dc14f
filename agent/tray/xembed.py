"""The light tray backend: an XEmbed tray icon with menus of its own, on python-xlib.

GTK and its AppIndicator cost the running agent some 100 MiB (GTK maps Mesa
and LLVM for its GL support); this backend docks the same icon in any XEmbed
tray (the freedesktop system tray protocol: trayer, stalonetray, XFCE, MATE,
LXQt, KDE's xembed-sni-proxy...) with a pystray-compatible ``Icon`` (it
subclasses pystray's ``_base.Icon``, so ``agent.tray.tray`` drives it exactly
like pystray's own backends) and draws its menus itself (Pillow, loaded when a
menu first opens).

What it keeps of a real menu: right click opens it below the icon, left click
runs the default item; the pointer highlights, a click selects; the keyboard
works (Up / Down skip disabled rows, Right or Return open a submenu, Left and
Escape close, Return selects); check marks and radio dots; a click elsewhere
closes. What pystray's own ``xorg`` backend lacks, fixed here
(shared/TESTING.md): the icon window asks for button presses, and docks once
per tray manager (no second dock request racing the first); a tray that starts
later (or restarts) is found through its MANAGER announcement.

Threads: every X request is made by the loop thread (the thread in ``run()``);
other threads post their calls to a queue and wake the loop through a pipe.
Idle, the loop sleeps in ``select`` on the X socket: no timer, no wake-up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from Xlib import XK, X, Xatom, Xutil
from Xlib.display import Display
from Xlib.error import XError
from Xlib.protocol import event as xevent

from agent.participation import IconState
from agent.tray.icon_cache import IconCache, over_background
from agent.tray.menu_rows import Row, first, rows_of, step
from agent.tray.pystray_model import pystray_module

log = logging.getLogger("repit.tray")

_pystray = pystray_module()

# Fail at import, like pystray's backends, when there is no X display: the
# tray then tries its next backend.
Display().close()

SYSTEM_TRAY_REQUEST_DOCK: Final = 0
XEMBED_MAPPED: Final = 1
XEMBED_VERSION: Final = 0
MENU_EVENTS: Final = (
    X.ExposureMask
    | X.ButtonPressMask
    | X.ButtonReleaseMask
    | X.PointerMotionMask
    | X.KeyPressMask
    | X.StructureNotifyMask
)
ICON_EVENTS: Final = X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
GRAB_EVENTS: Final = X.ButtonPressMask | X.ButtonReleaseMask | X.PointerMotionMask
ICON_MIN_SIZE: Final = 24
LEFT_BUTTON: Final = 1
RIGHT_BUTTON: Final = 3
ATOMS: Final = (
    "MANAGER",
    "UTF8_STRING",
    "_NET_WM_NAME",
    "_NET_WM_WINDOW_TYPE",
    "_NET_WM_WINDOW_TYPE_POPUP_MENU",
    "_NET_SYSTEM_TRAY_OPCODE",
    "_XEMBED_INFO",
)


@dataclass
class _OpenMenu:
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


class Icon(_pystray._base.Icon):  # type: ignore[misc,name-defined]
    """pystray's ``Icon`` interface, on an XEmbed window and menus of our own."""

    HAS_NOTIFICATION = False  # notifications go through agent.notify

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._display = Display()
        self._display.set_error_handler(self._on_x_error)
        self._screen = self._display.screen()
        self._root = self._screen.root
        self._atoms = {name: self._display.intern_atom(name) for name in ATOMS}
        number = self._display.get_default_screen()
        self._selection = self._display.intern_atom(f"_NET_SYSTEM_TRAY_S{number}")
        self._window = self._root.create_window(
            0, 0, ICON_MIN_SIZE, ICON_MIN_SIZE, 0, self._screen.root_depth,
            X.InputOutput, X.CopyFromParent,
            background_pixel=self._screen.black_pixel,
            event_mask=ICON_EVENTS,
        )  # fmt: skip
        self._window.set_wm_class(str(self.name), "Repit")
        # The size a tray gives its icons comes from these hints (GtkSocket
        # reads them): without them, a 1-pixel-wide icon.
        self._window.set_wm_normal_hints(
            flags=Xutil.PPosition | Xutil.PSize | Xutil.PMinSize,
            min_width=ICON_MIN_SIZE,
            min_height=ICON_MIN_SIZE,
        )
        self._gc = self._window.create_gc()
        self._root.change_attributes(event_mask=X.StructureNotifyMask)  # MANAGER messages
        self._manager: int | None = None
        """The tray manager we asked to dock us: we ask each one once."""
        self._wanted = False
        self._mapped = False
        self._picture: tuple[int, int, bytes] | None = None
        """The icon as shown: width, height and X's BGRX pixels."""
        self._icon_cache = IconCache()
        self._menus: list[_OpenMenu] = []
        self._pressed_in_menu = False
        self._calls: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake_read, self._wake_write = os.pipe()
        self._loop_thread: threading.Thread | None = None
        self._stopping = False
        self._set_names()
        self._display.flush()

    def __del__(self) -> None:
        # pystray's hides a visible icon here; ours is gone with its connection.
        return None

    # -- pystray's backend interface (any thread) --------------------------------

    def _show(self) -> None:
        self._in_loop(self._dock)

    def _hide(self) -> None:
        self._in_loop(self._undock)

    def _update_icon(self) -> None:
        self._icon_valid = True
        self._in_loop(self._new_picture)

    def _update_title(self) -> None:
        self._in_loop(self._set_names)

    def _update_menu(self) -> None:
        self._in_loop(self._reread_open_menus)

    def _run(self) -> None:
        self._loop_thread = threading.current_thread()
        self._mark_ready()
        try:
            self._loop()
        finally:
            self._close()

    def _run_detached(self) -> None:
        raise NotImplementedError("the XEmbed tray runs its own loop: call run()")

    def _stop(self) -> None:
        self._in_loop(self._end)

    # -- the loop ----------------------------------------------------------------

    def _in_loop(self, call: Callable[[], None]) -> None:
        """Runs ``call`` in the loop thread: now when already there (or before the
        loop starts, when only the constructing thread exists), else at its next turn."""
        if self._loop_thread is None or self._loop_thread is threading.current_thread():
            call()
            self._display.flush()
            return
        self._calls.put(call)
        with contextlib.suppress(OSError):  # the loop ended and closed its pipe: nothing to do
            os.write(self._wake_write, b"\0")

    def _loop(self) -> None:
        display = self._display
        while not self._stopping:
            self._run_posted()
            while not self._stopping and display.pending_events():
                self._handle(display.next_event())
            if self._stopping:
                break
            display.flush()
            readable, _, _ = select.select([display, self._wake_read], [], [])
            if self._wake_read in readable:
                os.read(self._wake_read, 4096)

    def _run_posted(self) -> None:
        while True:
            try:
                call = self._calls.get_nowait()
            except queue.Empty:
                return
            try:
                call()
            except Exception:  # one bad call must not end the tray
                log.exception("the tray's call %s failed", getattr(call, "__name__", call))

    def _end(self) -> None:
        self._stopping = True
        self._undock()
        # From a signal handler, the loop's select() resumes once the handler
        # returns (PEP 475): wake it, or it would wait for the next X event.
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"\0")

    def _close(self) -> None:
        self._close_menus()
        try:
            self._window.destroy()
            self._display.close()
        except (XError, OSError):  # the X server went away first
            pass
        for end in (self._wake_read, self._wake_write):
            os.close(end)

    def _on_x_error(self, error: XError, request: object) -> None:
        # Asynchronous errors are expected in a tray: the manager or a window
        # may be gone by the time a request reaches the server.
        log.debug("X error in the tray: %s", error)

    def _handle(self, event: Any) -> None:
        kind = event.type
        window = getattr(event, "window", None)
        if kind == X.ClientMessage:
            self._on_client_message(event)
        elif kind == X.DestroyNotify and window is not None and window.id == self._manager:
            self._on_manager_gone()
        elif kind in (X.ButtonPress, X.ButtonRelease, X.MotionNotify, X.KeyPress):
            self._on_input(event)
        elif window is None:
            return
        elif window.id == self._window.id:
            self._on_icon_event(event)
        elif kind == X.Expose and event.count == 0:
            for opened in self._menus:
                if opened.window.id == window.id:
                    self._paint_menu(opened)

    # -- docking -----------------------------------------------------------------

    def _dock(self) -> None:
        self._wanted = True
        self._set_xembed_info(mapped=True)
        owner = self._display.get_selection_owner(self._selection)
        if owner == X.NONE:
            log.info("no system tray yet: the icon docks when one starts")
            return
        if owner.id == self._manager:
            return  # asked already: a second request races the first (shared/TESTING.md)
        self._manager = owner.id
        owner.change_attributes(event_mask=X.StructureNotifyMask)  # to see it go
        self._send(owner, self._atoms["_NET_SYSTEM_TRAY_OPCODE"], SYSTEM_TRAY_REQUEST_DOCK)

    def _undock(self) -> None:
        self._wanted = False
        self._close_menus()
        self._set_xembed_info(mapped=False)
        self._window.unmap()
        if self._manager is not None:
            self._window.reparent(self._root, 0, 0)
            self._manager = None

    def _on_manager_gone(self) -> None:
        # The server gave our window back to the root (the tray's save-set):
        # keep it out of sight until the next tray takes it.
        self._manager = None
        self._window.unmap()
        if self._wanted:
            self._dock()

    def _on_client_message(self, event: Any) -> None:
        manager = event.client_type == self._atoms["MANAGER"]
        if manager and event.data[1][1] == self._selection and self._wanted:
            self._dock()  # a (new) tray announced itself

    def _send(self, window: Any, kind: int, *data: int) -> None:
        words = [X.CurrentTime, *data, self._window.id][:5]
        words += [0] * (5 - len(words))
        message = xevent.ClientMessage(window=window, client_type=kind, data=(32, words))
        window.send_event(message, event_mask=X.NoEventMask)

    def _set_xembed_info(self, *, mapped: bool) -> None:
        flags = XEMBED_MAPPED if mapped else 0
        info = self._atoms["_XEMBED_INFO"]
        self._window.change_property(info, info, 32, [XEMBED_VERSION, flags])

    def _set_names(self) -> None:
        """The tooltip as the window's name (what tray hosts and tools show)."""
        title = str(self.title)
        self._window.change_property(
            Xatom.WM_NAME, Xatom.STRING, 8, title.encode("latin-1", "replace")
        )
        self._window.change_property(
            self._atoms["_NET_WM_NAME"], self._atoms["UTF8_STRING"], 8, title.encode("utf-8")
        )

    # -- the icon ----------------------------------------------------------------

    def _on_icon_event(self, event: Any) -> None:
        kind = event.type
        if kind == X.ReparentNotify:
            self._on_reparented(event)
        elif kind == X.MapNotify:
            self._mapped = True
        elif kind == X.UnmapNotify:
            self._mapped = False
        elif kind == X.ConfigureNotify:
            self._picture = None
            self._paint_icon()
        elif kind == X.Expose and event.count == 0:
            self._paint_icon()

    def _on_reparented(self, event: Any) -> None:
        """Inside a tray whose window has our depth, the tray's background shows
        through the icon's transparent corners; elsewhere, a plain one."""
        if event.parent.id == self._root.id:
            return
        try:
            same_depth = event.parent.get_geometry().depth == self._screen.root_depth
        except XError:
            return
        if same_depth:
            self._window.change_attributes(background_pixmap=X.ParentRelative)
        self._picture = None

    def _new_picture(self) -> None:
        self._picture = None
        self._paint_icon()

    def _paint_icon(self) -> None:
        if not self._mapped or self._icon is None:
            return
        try:
            geometry = self._window.get_geometry()
            if geometry.width < 2 or geometry.height < 2:
                return
            width, height = geometry.width, geometry.height
            if self._picture is None or self._picture[:2] != (width, height):
                self._picture = (width, height, self._compose(width, height))
            depth = self._screen.root_depth
            pixels = self._picture[2]
            self._window.put_image(self._gc, 0, 0, width, height, X.ZPixmap, depth, 0, pixels)
        except XError:  # unmapped or destroyed meanwhile: the next Expose paints
            self._picture = None

    def _compose(self, width: int, height: int) -> bytes:
        """The icon at the window's size over what the tray shows behind it, as BGRX."""
        self._window.clear_area(0, 0, width, height)
        background = self._window.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data
        if len(background) != width * height * 4:
            raise XError(None)  # not 32 bits a pixel: the next Expose tries again
        side = min(width, height)
        icon = self._icon_rgba(side)
        left, top = (width - side) // 2, (height - side) // 2
        placed = bytearray(width * height * 4)  # transparent around a square icon
        for row in range(side):
            start = ((top + row) * width + left) * 4
            placed[start : start + side * 4] = icon[row * side * 4 : (row + 1) * side * 4]
        return over_background(bytes(placed), bytes(background))

    def _icon_rgba(self, side: int) -> bytes:
        if isinstance(self._icon, IconState):
            return self._icon_cache.rgba(self._icon, side)
        from PIL import Image  # an image given by the caller, as to pystray's backends

        image = self._icon.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
        return bytes(image.tobytes())

    # -- menus -------------------------------------------------------------------

    def _on_input(self, event: Any) -> None:
        kind = event.type
        if kind == X.KeyPress:
            if self._menus:
                self._on_key(self._display.keycode_to_keysym(event.detail, 0))
            return
        x, y = event.root_x, event.root_y
        on_icon = event.window.id == self._window.id and not self._menus_at(x, y)
        if kind == X.ButtonPress:
            self._on_press(event.detail, x, y, on_icon)
        elif kind == X.ButtonRelease:
            self._on_release(x, y)
        elif kind == X.MotionNotify:
            self._on_motion(x, y)

    def _menus_at(self, x: int, y: int) -> list[_OpenMenu]:
        return [opened for opened in self._menus if opened.contains(x, y)]

    def _on_press(self, button: int, x: int, y: int, on_icon: bool) -> None:
        self._pressed_in_menu = bool(self._menus_at(x, y))
        if self._pressed_in_menu:
            return
        if self._menus:  # a click outside the menus closes them, the icon's included
            self._close_menus()
            return
        if not on_icon:
            return
        if button == LEFT_BUTTON:
            self._activate_default()
        elif button == RIGHT_BUTTON and self._menu is not None:
            self._open_top_menu(x)

    def _on_release(self, x: int, y: int) -> None:
        if not self._pressed_in_menu:
            return  # the release of the click that opened the menu
        self._pressed_in_menu = False
        for depth, opened in enumerate(self._menus):
            index = opened.row_at(x, y)
            if index is not None:
                self._choose(depth, index)
                return

    def _on_motion(self, x: int, y: int) -> None:
        for depth, opened in enumerate(self._menus):
            index = opened.row_at(x, y)
            if index is None or index == opened.selected:
                continue
            opened.selected = index if opened.selectable[index] else None
            self._paint_menu(opened)
            if opened.opened_row != index:
                self._close_menus(below=depth)
                if opened.selected is not None and opened.rows[index].submenu is not None:
                    self._open_submenu(depth, index, select_first=False)
            return

    def _on_key(self, keysym: int) -> None:
        depth = len(self._menus) - 1
        deepest = self._menus[depth]
        if keysym in (XK.XK_Down, XK.XK_Up):
            deepest.selected = step(
                deepest.selectable, deepest.selected, 1 if keysym == XK.XK_Down else -1
            )
            self._paint_menu(deepest)
        elif keysym == XK.XK_Right:
            index = deepest.selected
            if index is not None and deepest.rows[index].submenu is not None:
                self._open_submenu(depth, index, select_first=True)
        elif keysym == XK.XK_Left and depth > 0:
            self._close_menus(below=depth - 1)
        elif keysym == XK.XK_Escape:
            self._close_menus(below=depth - 1 if depth > 0 else None)
        elif keysym in (XK.XK_Return, XK.XK_KP_Enter, XK.XK_space) and deepest.selected is not None:
            self._choose(depth, deepest.selected)

    def _choose(self, depth: int, index: int) -> None:
        """The row was clicked or entered: open its submenu, or run its action."""
        row = self._menus[depth].rows[index]
        if not row.selectable:
            return
        if row.submenu is not None:
            if self._menus[depth].opened_row != index:
                self._open_submenu(depth, index, select_first=True)
            return
        self._close_menus()
        self._display.flush()
        self._run_action(row.item)

    def _activate_default(self) -> None:
        default = next((item for item in self._menu.items if item.default), None)
        if default is not None and default.enabled:
            self._run_action(default)

    def _run_action(self, item: Any) -> None:
        try:
            item(self)
        except Exception:  # an action's error must not end the tray
            log.exception("a tray menu action failed")
        self.update_menu()

    def _open_top_menu(self, pointer_x: int) -> None:
        origin = self._window.translate_coords(self._root, 0, 0)
        geometry = self._window.get_geometry()
        top, bottom = -origin.y, -origin.y + geometry.height
        # Below the icon (above it when the tray is at the bottom): never under
        # the pointer, so the release of the opening click selects nothing.
        self._open(self._menu, pointer_x, bottom, above=top, select_first=False)

    def _open_submenu(self, depth: int, index: int, *, select_first: bool) -> None:
        self._close_menus(below=depth)
        parent = self._menus[depth]
        parent.opened_row = index
        top = parent.y + parent.shape.tops[index]
        self._open(
            parent.rows[index].submenu,
            parent.x + parent.shape.width - 2,
            top,
            left_of=parent.x + 2,
            select_first=select_first,
        )

    def _open(
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

        rows = rows_of(menu, _pystray.Menu.SEPARATOR)
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
        window.set_wm_class(str(self.name), "Repit")
        window.change_property(
            self._atoms["_NET_WM_WINDOW_TYPE"],
            Xatom.ATOM,
            32,
            [self._atoms["_NET_WM_WINDOW_TYPE_POPUP_MENU"]],
        )
        selectable = [row.selectable for row in rows]
        opened = _OpenMenu(
            menu, window, window.create_gc(), rows, shape, x, y,
            selected=first(selectable) if select_first else None,
            selectable=selectable,
        )  # fmt: skip
        self._menus.append(opened)
        window.map()
        if len(self._menus) == 1:
            self._grab(window)
        self._paint_menu(opened)

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

    def _paint_menu(self, opened: _OpenMenu) -> None:
        from agent.tray import menu_drawing

        picture = menu_drawing.draw_menu(opened.rows, opened.shape, opened.selected)
        with contextlib.suppress(XError):  # closed meanwhile
            opened.window.put_pil_image(opened.gc, 0, 0, picture)

    def _close_menus(self, below: int | None = None) -> None:
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

    def _reread_open_menus(self) -> None:
        """Labels and check marks changed while a menu is open: show the new ones."""
        for opened in self._menus:
            rows = rows_of(opened.menu, _pystray.Menu.SEPARATOR)
            if len(rows) != len(opened.rows):
                self._close_menus()
                return
            opened.rows = rows
            opened.selectable = [row.selectable for row in rows]
            self._paint_menu(opened)
