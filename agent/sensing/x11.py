"""Idle time from the X server's MIT-SCREEN-SAVER counter (Linux/X11, the best source).

One round-trip per tick and nothing per keystroke: the X server already keeps the
time since the last input of any kind, so this process never sees the input itself.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any

from agent.sensing.base import SensingUnavailable

EXTENSION = "MIT-SCREEN-SAVER"


class X11ScreenSaverIdle:
    """``IdleSource`` reading ``XScreenSaverQueryInfo().idle`` through python-xlib."""

    name = "x11-screensaver"

    def __init__(self, display: str | None = None, env: Mapping[str, str] | None = None) -> None:
        """Connect to ``display`` (default: ``$DISPLAY``) and check the extension answers."""
        environment = os.environ if env is None else env
        self.display_name = display if display is not None else environment.get("DISPLAY", "")
        if not self.display_name:
            raise SensingUnavailable("DISPLAY is not set")
        try:
            # Imported here: python-xlib is only needed (and only importable) on X11.
            from Xlib.display import Display
        except ImportError as error:
            raise SensingUnavailable(f"python-xlib is not installed ({error})") from error
        try:
            self._display: Any = Display(self.display_name)
        except Exception as error:  # Xlib raises several unrelated types here
            raise SensingUnavailable(
                f"cannot open X display {self.display_name}: {error}"
            ) from error
        try:
            if not self._display.has_extension(EXTENSION):
                raise SensingUnavailable(f"the X server has no {EXTENSION} extension")
            self._query_milliseconds()  # the extension must also answer, not just be listed
        except SensingUnavailable:
            self._display.close()
            raise
        except Exception as error:  # Xlib's protocol errors share no base class
            self._display.close()
            raise SensingUnavailable(f"{EXTENSION} does not answer: {error}") from error
        self._started = False
        self._closed = False

    def _query_milliseconds(self) -> int:
        info = self._display.screen().root.screensaver_query_info()
        return int(info.idle)

    def start(self) -> None:
        if self._closed:
            raise SensingUnavailable("this source was stopped; create a new one")
        self._started = True

    def seconds_since_input(self) -> float:
        if not self._started or self._closed:
            raise SensingUnavailable("x11-screensaver source is not started")
        try:
            return self._query_milliseconds() / 1000.0
        except Exception as error:  # connection closed, server gone...
            raise SensingUnavailable(
                f"X display {self.display_name} stopped answering: {error}"
            ) from error

    def stop(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._started = False
        with contextlib.suppress(Exception):  # a dead connection must not prevent shutdown
            self._display.close()
