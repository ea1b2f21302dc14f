"""Notifications through plyer, behind one small interface.

A notification that cannot be shown (no notification daemon, no backend) is
logged once, with the reason, and not retried: later failures of the same
kind are silent until a notification gets through again. A missing daemon
must not fill the log with one warning a minute.

Nothing here logs a notification's title or text: a reminder's text carries
figures and sometimes the time of day, which logs must never hold (AGENT.md).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Protocol

from agent.notify.answers import Answer
from agent.texts import APP_NAME

log = logging.getLogger("repit.notify")

DEFAULT_TIMEOUT_SECONDS: Final = 15


class Notifier(Protocol):
    """Shows a notification to the person at the workstation.

    ``notify`` may be called from any thread; it never raises, and returns
    True when the notification was handed to the desktop, False otherwise.
    """

    def notify(self, title: str, message: str) -> bool: ...


class AnsweringNotifier(Protocol):
    """A ``Notifier`` whose notifications may carry answers (``agent.notify.answers``).

    ``answers`` become the notification's buttons where the desktop has them;
    elsewhere they are left out, and the tray menu offers the same.
    """

    def notify(self, title: str, message: str, answers: Sequence[Answer] = ()) -> bool: ...


class PlyerCall(Protocol):
    """``plyer.notification.notify``, or a fake of it in tests."""

    def __call__(
        self, *, title: str, message: str, app_name: str, app_icon: str, timeout: int
    ) -> object: ...


def plyer_notify(*, title: str, message: str, app_name: str, app_icon: str, timeout: int) -> object:
    """plyer's platform call, imported at first use (plyer picks its backend lazily)."""
    from plyer import notification

    return notification.notify(
        title=title, message=message, app_name=app_name, app_icon=app_icon, timeout=timeout
    )


def failure_kind(error: BaseException) -> str:
    """What kind of failure ``error`` is: a D-Bus error's name, else the exception's class."""
    get_dbus_name = getattr(error, "get_dbus_name", None)
    if callable(get_dbus_name):
        name = get_dbus_name()
        if isinstance(name, str) and name:
            return name
    return type(error).__name__


class PlyerNotifier:
    """A ``Notifier`` that hands notifications to plyer (one subclass per OS adapts the call).

    ``app_icon`` is a PNG (``agent.tray.icons.write_icon``); ``timeout`` is in
    seconds (honoured by D-Bus daemons and Windows, ignored elsewhere).
    """

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        timeout: int = DEFAULT_TIMEOUT_SECONDS,
        app_icon: Path | None = None,
        call: PlyerCall | None = None,
    ) -> None:
        self.app_name = app_name
        self.timeout = timeout
        self.app_icon = app_icon
        self._call: PlyerCall = call if call is not None else plyer_notify
        self._lock = threading.Lock()
        self._failures_logged: set[str] = set()

    def notify(self, title: str, message: str, answers: Sequence[Answer] = ()) -> bool:
        with self._lock:
            try:
                self._send(title, message, answers)
            except Exception as error:  # never raises: a reminder lost is better than a crash
                kind = failure_kind(error)
                if kind not in self._failures_logged:
                    self._failures_logged.add(kind)
                    log.warning(
                        "a notification could not be shown (%s: %s); further failures of this "
                        "kind are not logged until one is shown again",
                        kind,
                        _reason(error),
                    )
                return False
            if self._failures_logged:
                self._failures_logged.clear()
                log.info("notifications are shown again")
            return True

    def _send(self, title: str, message: str, answers: Sequence[Answer] = ()) -> None:
        """Hands the notification to plyer, which has no buttons: ``answers`` are left out."""
        self._call(
            title=title,
            message=message,
            app_name=self.app_name,
            app_icon=self._icon_argument(),
            timeout=self.timeout,
        )

    def _icon_argument(self) -> str:
        return str(self.app_icon) if self.app_icon is not None else ""


def _reason(error: BaseException) -> str:
    """The error's own message, on one line and short."""
    text = " ".join(str(error).split())
    return text[:300] if text else type(error).__name__
