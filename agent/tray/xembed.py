"""The light tray backend: an XEmbed tray icon with menus of its own, on python-xlib.

GTK and its AppIndicator cost the running agent some 100 MiB (GTK maps Mesa
and LLVM for its GL support); this backend docks the same icon in any XEmbed
tray (the freedesktop system tray protocol: trayer, stalonetray, XFCE, MATE,
LXQt, KDE's xembed-sni-proxy...) with a pystray-compatible ``Icon`` (it
subclasses pystray's ``_base.Icon``, so ``agent.tray.tray`` drives it exactly
like pystray's own backends) and draws its menus itself (Pillow, loaded when a
menu first opens).

Right click opens the menu below the icon (``xembed_menus``: what it keeps of
a real menu), left click runs the default item. What pystray's own ``xorg``
backend lacks, fixed here
(shared/TESTING.md): the icon window asks for button presses, and docks once
per tray manager (no second dock request racing the first); a tray that starts
later (or restarts) is found through its MANAGER announcement.

Threads: every X request is made by the loop thread (the thread in ``run()``);
other threads post their calls to a queue and wake the loop through a pipe.
Idle, the loop sleeps in ``select`` on the X socket: no timer, no wake-up (only
while a paint of the icon failed does it wake to try again).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import threading
from collections.abc import Callable
from typing import Any, Final

from Xlib import X, Xatom, Xutil
from Xlib.display import Display
from Xlib.error import XError
from Xlib.protocol import event as xevent

from agent.tray.pystray_model import pystray_module
from agent.tray.xembed_menus import MenuStack
from agent.tray.xembed_picture import IconPicture

log = logging.getLogger("repit.tray")

_pystray = pystray_module()

# Fail at import, like pystray's backends, when there is no X display: the
# tray then tries its next backend.
Display().close()

SYSTEM_TRAY_REQUEST_DOCK: Final = 0
XEMBED_MAPPED: Final = 1
XEMBED_VERSION: Final = 0
ICON_EVENTS: Final = X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
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
        self._root.change_attributes(event_mask=X.StructureNotifyMask)  # MANAGER messages
        self._manager: int | None = None
        """The tray manager we asked to dock us: we ask each one once."""
        self._wanted = False
        self._painter = IconPicture(self._window, self._screen)
        self._menus = MenuStack(
            self._display, self._screen, self._atoms, str(self.name), self._run_action
        )
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
        self._in_loop(self._menus.reread)

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
            retry = self._painter.retry_delay()
            readable, _, _ = select.select([display, self._wake_read], [], [], retry)
            if self._wake_read in readable:
                os.read(self._wake_read, 4096)
            if not readable and retry is not None:
                self._painter.paint(self._icon)

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
        self._menus.close()
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
            self._menus.expose(window.id)

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
        self._menus.close()
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
        self._painter.on_event(event, self._icon)

    def _new_picture(self) -> None:
        self._painter.renew(self._icon)

    # -- menus -------------------------------------------------------------------

    def _on_input(self, event: Any) -> None:
        kind = event.type
        if kind == X.KeyPress:
            if self._menus.is_open:
                self._menus.key(self._display.keycode_to_keysym(event.detail, 0))
            return
        x, y = event.root_x, event.root_y
        on_icon = event.window.id == self._window.id and not self._menus.at(x, y)
        if kind == X.ButtonPress:
            self._on_press(event.detail, x, y, on_icon)
        elif kind == X.ButtonRelease:
            self._menus.release(x, y)
        elif kind == X.MotionNotify:
            self._menus.motion(x, y)

    def _on_press(self, button: int, x: int, y: int, on_icon: bool) -> None:
        if self._menus.press(x, y):
            return
        if self._menus.is_open:  # a click outside the menus closes them, the icon's included
            self._menus.close()
            return
        if not on_icon:
            return
        if button == LEFT_BUTTON:
            self._activate_default()
        elif button == RIGHT_BUTTON and self._menu is not None:
            self._open_top_menu(x)

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
        self._menus.open(self._menu, pointer_x, bottom, above=top, select_first=False)
