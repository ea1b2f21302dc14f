"""Picking the best source that works here, and saying why the others did not."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping

from agent.sensing.base import IdleSource, SensingUnavailable, SessionEvents

log = logging.getLogger(__name__)

IdleFactory = Callable[[Mapping[str, str]], IdleSource]


def _x11(env: Mapping[str, str]) -> IdleSource:
    from agent.sensing.x11 import X11ScreenSaverIdle

    return X11ScreenSaverIdle(env=env)


def _mutter(env: Mapping[str, str]) -> IdleSource:
    from agent.sensing.mutter import MutterIdleMonitor

    return MutterIdleMonitor(env=env)


def _pynput(env: Mapping[str, str]) -> IdleSource:
    from agent.sensing.pynput_input import PynputIdle

    return PynputIdle(env=env)


def _windows(env: Mapping[str, str]) -> IdleSource:
    from agent.sensing.windows import WindowsLastInputIdle

    return WindowsLastInputIdle()


def _macos(env: Mapping[str, str]) -> IdleSource:
    from agent.sensing.macos import MacOSEventSourceIdle

    return MacOSEventSourceIdle()


def idle_candidates(env: Mapping[str, str], platform: str) -> list[tuple[str, IdleFactory]]:
    """The idle sources to try, best first."""
    if platform == "win32":
        return [("windows-getlastinputinfo", _windows)]
    if platform == "darwin":
        return [("macos-cgeventsource", _macos)]
    x11: list[tuple[str, IdleFactory]] = [("x11-screensaver", _x11)]
    mutter: list[tuple[str, IdleFactory]] = [("mutter-idle-monitor", _mutter)]
    pynput: list[tuple[str, IdleFactory]] = [("pynput", _pynput)]
    if env.get("WAYLAND_DISPLAY"):
        # Under Wayland, DISPLAY points at XWayland, whose counters only see input sent
        # to X11 windows: the compositor's monitor goes first, X11 is a last resort.
        return mutter + x11 + pynput
    if env.get("DISPLAY"):
        # Mutter (GNOME on X11) still answers correctly when the X server cannot.
        return x11 + mutter + pynput
    return mutter + x11 + pynput  # x11 and pynput then fail with "DISPLAY is not set"


def choose_idle_source(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> IdleSource:
    """The best idle source available here, created but not started.

    Raises :class:`SensingUnavailable` listing why each candidate failed.
    """
    environment = os.environ if env is None else env
    failures: list[str] = []
    for name, create in idle_candidates(environment, platform or sys.platform):
        try:
            source = create(environment)
        except SensingUnavailable as error:
            failures.append(f"{name}: {error}")
            continue
        log.info("idle source: %s", source.name)
        return source
    raise SensingUnavailable("no idle source works here (" + "; ".join(failures) + ")")


def choose_session_events(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> SessionEvents | None:
    """The lock/suspend notifier for this platform, created but not started, or None.

    None on macOS (no notifier without PyObjC) and where neither bus address is usable:
    suspend is then still detected by ``clock.ClockJumpDetector``. On Linux the buses
    are only contacted by ``start()``, which raises if neither answers.
    """
    environment = os.environ if env is None else env
    platform = platform or sys.platform
    try:
        if platform == "win32":
            from agent.sensing.windows import WindowsSessionEvents

            return WindowsSessionEvents()
        if platform.startswith("linux") or "bsd" in platform:
            from agent.sensing.logind import LogindSessionEvents

            return LogindSessionEvents(env=environment)
    except SensingUnavailable as error:
        log.info("no session events: %s", error)
    return None
