"""macOS: idle time from CoreGraphics,
``CGEventSourceSecondsSinceLastEventType(kCGEventSourceStateCombinedSessionState,
kCGAnyInputEventType)``, through ctypes (no PyObjC needed).

The window server keeps the count; this process never sees the input itself.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from agent.sensing.base import SensingUnavailable

CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
APPLICATION_SERVICES = (
    "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
)
K_CG_EVENT_SOURCE_STATE_COMBINED_SESSION_STATE = 0
K_CG_ANY_INPUT_EVENT_TYPE = 0xFFFFFFFF  # (CGEventType)~0


def _load_core_graphics() -> Any:
    if sys.platform != "darwin":
        raise SensingUnavailable("CoreGraphics exists only on macOS")
    problems = []
    for path in (CORE_GRAPHICS, APPLICATION_SERVICES):
        try:
            library = ctypes.CDLL(path)
        except OSError as error:
            problems.append(str(error))
            continue
        function = library.CGEventSourceSecondsSinceLastEventType
        function.argtypes = (ctypes.c_int32, ctypes.c_uint32)
        function.restype = ctypes.c_double
        return library
    raise SensingUnavailable(f"cannot load CoreGraphics: {'; '.join(problems)}")


class MacOSEventSourceIdle:
    """``IdleSource`` calling CoreGraphics once per tick."""

    name = "macos-cgeventsource"

    def __init__(self, core_graphics: Any = None) -> None:
        """Pass ``core_graphics`` to use a fake; by default the framework is loaded."""
        self._core_graphics = core_graphics if core_graphics is not None else _load_core_graphics()
        self._started = False

    def start(self) -> None:
        self._started = True

    def seconds_since_input(self) -> float:
        if not self._started:
            raise SensingUnavailable("macos-cgeventsource source is not started")
        seconds = float(
            self._core_graphics.CGEventSourceSecondsSinceLastEventType(
                K_CG_EVENT_SOURCE_STATE_COMBINED_SESSION_STATE, K_CG_ANY_INPUT_EVENT_TYPE
            )
        )
        if seconds != seconds:  # NaN: the call failed in a way ctypes cannot report
            raise SensingUnavailable("CGEventSourceSecondsSinceLastEventType returned NaN")
        return max(0.0, seconds)

    def stop(self) -> None:
        self._started = False
