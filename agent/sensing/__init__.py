"""Sensing: what the OS says about input, locks and sleep; one module per source.

Importing this package imports no OS library (pynput, Xlib, ctypes DLLs, jeepney): each
source imports its own when it is created, so this works without a display.
"""

from agent.sensing.base import EventCallback, IdleSource, SensingUnavailable, SessionEvents
from agent.sensing.choose import choose_idle_source, choose_session_events
from agent.sensing.clock import ClockJumpDetector, Sleep

__all__ = [
    "ClockJumpDetector",
    "EventCallback",
    "IdleSource",
    "SensingUnavailable",
    "SessionEvents",
    "Sleep",
    "choose_idle_source",
    "choose_session_events",
]
