"""Idle time from pynput keyboard and mouse listeners: the fallback where the OS has no
idle counter we can read directly.

The listeners' callbacks store one float, ``time.monotonic()``; they never look at, keep
or pass on the key, the button or the position pynput hands them (AGENT.md: input
exists only as "some input happened at time t").
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

from agent.sensing.base import SensingUnavailable

READY_TIMEOUT_SECONDS = 5.0
JOIN_TIMEOUT_SECONDS = 2.0


class PynputIdle:
    """``IdleSource`` built on pynput listeners (any platform pynput supports)."""

    name = "pynput"

    def __init__(self, env: Mapping[str, str] | None = None, platform: str | None = None) -> None:
        environment = os.environ if env is None else env
        self._on_x11 = (platform or sys.platform).startswith("linux")
        if self._on_x11 and not environment.get("DISPLAY"):
            raise SensingUnavailable("DISPLAY is not set (pynput needs an X display on Linux)")
        try:
            # Imported here: pynput connects to the display when imported on Linux.
            from pynput import keyboard, mouse
        except Exception as error:  # ImportError, or Xlib's display errors
            raise SensingUnavailable(f"pynput cannot start here: {error}") from error
        self._keyboard_module: Any = keyboard
        self._mouse_module: Any = mouse
        self._listeners: list[Any] = []
        self._last_input: float | None = None
        self._stopped = False

    def _note_input(self, *_ignored: object) -> None:
        # Runs on pynput's threads for every event: store the time, nothing else.
        # The arguments (key, position, button) are deliberately dropped unread.
        self._last_input = time.monotonic()

    def start(self) -> None:
        if self._stopped:
            raise SensingUnavailable("this source was stopped; create a new one")
        if self._listeners:
            return
        note = self._note_input
        self._listeners = [
            self._keyboard_module.Listener(on_press=note, on_release=note),
            self._mouse_module.Listener(on_move=note, on_click=note, on_scroll=note),
        ]
        for listener in self._listeners:
            listener.start()
        for listener in self._listeners:
            if not _wait_ready(listener, READY_TIMEOUT_SECONDS):
                self.stop()
                raise SensingUnavailable("pynput's listeners did not become ready")

    def seconds_since_input(self) -> float:
        if not self._listeners or self._stopped:
            raise SensingUnavailable("pynput source is not started")
        if not all(listener.is_alive() for listener in self._listeners):
            raise SensingUnavailable("pynput's listener thread ended")
        last = self._last_input  # one read: the listener thread may replace it meanwhile
        if last is None:
            return math.inf
        return max(0.0, time.monotonic() - last)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener.stop()
        if self._on_x11 and any(listener.is_alive() for listener in listeners):
            _wake_x11_listeners()
        for listener in listeners:
            listener.join(JOIN_TIMEOUT_SECONDS)

    def threads(self) -> list[threading.Thread]:
        """The listener threads (for tests and diagnostics)."""
        return list(self._listeners)


def _wait_ready(listener: Any, timeout: float) -> bool:
    # pynput's own ``wait()`` blocks forever if the listener dies before it is ready
    # (e.g. no RECORD extension), so poll its ready flag with a deadline instead.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if getattr(listener, "_ready", True):
            return True
        if not listener.is_alive():
            return False
        time.sleep(0.01)
    return False


def _wake_x11_listeners() -> None:
    """Send one pointer motion (there and back) and a Shift press/release through XTEST.

    pynput's X11 ``stop()`` only takes effect when the RECORD context delivers its next
    event (pynput PR #583), so without input the listener threads never end.
    """
    try:
        from Xlib import XK, X
        from Xlib.display import Display
        from Xlib.ext import xtest
    except ImportError:
        return
    try:
        display: Any = Display()
    except Exception:  # the display is gone: the listener threads will end with it
        return
    try:
        pointer = display.screen().root.query_pointer()
        width = display.screen().width_in_pixels
        nudge_x = pointer.root_x + 1 if pointer.root_x + 1 < width else pointer.root_x - 1
        xtest.fake_input(display, X.MotionNotify, x=nudge_x, y=pointer.root_y)
        xtest.fake_input(display, X.MotionNotify, x=pointer.root_x, y=pointer.root_y)
        shift = display.keysym_to_keycode(XK.XK_Shift_L)
        if shift:
            xtest.fake_input(display, X.KeyPress, shift)
            xtest.fake_input(display, X.KeyRelease, shift)
        display.sync()
    except Exception:  # best effort: stop() must never raise because of the wake-up
        pass
    finally:
        display.close()
