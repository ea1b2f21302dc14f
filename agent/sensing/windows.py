"""Windows: idle time from ``GetLastInputInfo``; lock/unlock and suspend/resume from the
messages a hidden window receives (``WM_WTSSESSION_CHANGE``, ``WM_POWERBROADCAST``).

The arithmetic and the message decoding are pure functions; the ctypes wiring behind
them loads ``user32``/``kernel32``/``wtsapi32`` only when a source is created on Windows.
Tests pass fake DLL objects instead.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
from typing import Any

from agent.core.events import EventKind
from agent.sensing.base import EventCallback, SensingUnavailable

log = logging.getLogger(__name__)

TICKS_MODULUS = 2**32

WM_CLOSE = 0x0010
WM_DESTROY = 0x0002
WM_POWERBROADCAST = 0x0218
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
PBT_APMSUSPEND = 0x4
PBT_APMRESUMEAUTOMATIC = 0x12  # always sent on resume (PBT_APMRESUMESUSPEND only after user input)
NOTIFY_FOR_THIS_SESSION = 0


class LASTINPUTINFO(ctypes.Structure):
    _fields_ = (("cbSize", ctypes.c_uint32), ("dwTime", ctypes.c_uint32))


def idle_milliseconds(last_input_tick: int, now_tick64: int) -> int:
    """Milliseconds between two tick counts, safe across the 49.7-day wrap.

    ``LASTINPUTINFO.dwTime`` is a 32-bit tick count; ``GetTickCount64`` is not. Both are
    compared in 32 bits, modulo 2**32, so a last input just before the wrap and a "now"
    just after it still give a small, positive difference.
    """
    return ((now_tick64 % TICKS_MODULUS) - (last_input_tick % TICKS_MODULUS)) % TICKS_MODULUS


def decode_window_message(message: int, wparam: int) -> EventKind | None:
    """The event a window message stands for, or None (logon, remote connect...)."""
    if message == WM_WTSSESSION_CHANGE:
        return {WTS_SESSION_LOCK: EventKind.LOCK, WTS_SESSION_UNLOCK: EventKind.UNLOCK}.get(wparam)
    if message == WM_POWERBROADCAST:
        return {PBT_APMSUSPEND: EventKind.SUSPEND, PBT_APMRESUMEAUTOMATIC: EventKind.RESUME}.get(
            wparam
        )
    return None


def _load_dll(name: str) -> Any:
    if sys.platform != "win32":
        raise SensingUnavailable(f"{name}.dll exists only on Windows")
    return ctypes.WinDLL(name, use_last_error=True)


class WindowsLastInputIdle:
    """``IdleSource`` from ``GetLastInputInfo`` and ``GetTickCount64``."""

    name = "windows-getlastinputinfo"

    def __init__(self, user32: Any = None, kernel32: Any = None) -> None:
        """Pass ``user32``/``kernel32`` to use fakes; by default the real DLLs are loaded."""
        self._user32 = user32 if user32 is not None else _load_dll("user32")
        self._kernel32 = kernel32 if kernel32 is not None else _load_dll("kernel32")
        if user32 is None or kernel32 is None:
            # Without restype, ctypes would truncate GetTickCount64's result to a C int.
            self._kernel32.GetTickCount64.restype = ctypes.c_uint64
            self._user32.GetLastInputInfo.argtypes = (ctypes.POINTER(LASTINPUTINFO),)
        self._started = False

    def start(self) -> None:
        self._started = True

    def seconds_since_input(self) -> float:
        if not self._started:
            raise SensingUnavailable("windows-getlastinputinfo source is not started")
        info = LASTINPUTINFO(cbSize=ctypes.sizeof(LASTINPUTINFO), dwTime=0)
        if not self._user32.GetLastInputInfo(ctypes.pointer(info)):
            raise SensingUnavailable("GetLastInputInfo failed")
        now = int(self._kernel32.GetTickCount64())
        return idle_milliseconds(info.dwTime, now) / 1000.0

    def stop(self) -> None:
        self._started = False


class WindowsSessionEvents:
    """``SessionEvents`` from a hidden window on its own thread.

    A hidden top-level window, not a message-only one: message-only windows do not
    receive broadcasts, and ``WM_POWERBROADCAST`` is one.

    The window registers for session notifications (``WTSRegisterSessionNotification``)
    and receives power broadcasts; its window procedure decodes each message with
    :func:`decode_window_message` and passes the event to ``on_event``.
    """

    name = "windows-session-notifications"

    def __init__(self, user32: Any = None, kernel32: Any = None, wtsapi32: Any = None) -> None:
        self._user32 = user32 if user32 is not None else _load_dll("user32")
        self._kernel32 = kernel32 if kernel32 is not None else _load_dll("kernel32")
        self._wtsapi32 = wtsapi32 if wtsapi32 is not None else _load_dll("wtsapi32")
        self._on_event: EventCallback | None = None
        self._thread: threading.Thread | None = None
        self._hwnd: int | None = None
        self._ready = threading.Event()
        self._failure: str | None = None

    def handle_message(self, message: int, wparam: int) -> None:
        """What the window procedure does with a message before ``DefWindowProc``."""
        kind = decode_window_message(message, wparam)
        if kind is None or self._on_event is None:
            return
        try:
            self._on_event(kind, time.time())
        except Exception:  # never let a callback error unwind through the OS
            log.exception("session event callback failed")

    def start(self, on_event: EventCallback) -> None:
        if self._thread is not None:
            return
        self._on_event = on_event
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="repit-windows-session", daemon=True)
        self._thread.start()
        self._ready.wait(5.0)
        if self._failure is not None or self._hwnd is None:
            self.stop()
            raise SensingUnavailable(self._failure or "the hidden window did not start")

    def _run(self) -> None:  # pragma: no cover - needs Windows
        if sys.platform != "win32":  # also tells mypy the rest is Windows-only code
            self._failure = "a hidden window exists only on Windows"
            self._ready.set()
            return
        from ctypes import wintypes

        user32, kernel32 = self._user32, self._kernel32
        wndproc_type = ctypes.WINFUNCTYPE(
            ctypes.c_ssize_t, wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM
        )

        def window_procedure(hwnd: int, message: int, wparam: int, lparam: int) -> int:
            self.handle_message(message, wparam)
            if message == WM_CLOSE:
                self._wtsapi32.WTSUnRegisterSessionNotification(hwnd)
                user32.DestroyWindow(hwnd)
                return 0
            if message == WM_DESTROY:
                user32.PostQuitMessage(0)
                return 0
            return int(user32.DefWindowProcW(hwnd, message, wparam, lparam))

        class WNDCLASSW(ctypes.Structure):
            _fields_ = (
                ("style", wintypes.UINT),
                ("lpfnWndProc", wndproc_type),
                ("cbClsExtra", ctypes.c_int),
                ("cbWndExtra", ctypes.c_int),
                ("hInstance", wintypes.HINSTANCE),
                ("hIcon", wintypes.HICON),
                ("hCursor", wintypes.HANDLE),
                ("hbrBackground", wintypes.HBRUSH),
                ("lpszMenuName", wintypes.LPCWSTR),
                ("lpszClassName", wintypes.LPCWSTR),
            )

        # Explicit prototypes: without them ctypes passes handles as 32-bit C ints.
        hwnd_t, uint_t = wintypes.HWND, wintypes.UINT
        user32.DefWindowProcW.argtypes = (hwnd_t, uint_t, wintypes.WPARAM, wintypes.LPARAM)
        user32.DefWindowProcW.restype = ctypes.c_ssize_t
        user32.RegisterClassW.argtypes = (ctypes.c_void_p,)
        user32.RegisterClassW.restype = wintypes.ATOM
        user32.UnregisterClassW.argtypes = (wintypes.LPCWSTR, wintypes.HINSTANCE)
        user32.CreateWindowExW.argtypes = (
            wintypes.DWORD, wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD,
            ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
            hwnd_t, wintypes.HMENU, wintypes.HINSTANCE, wintypes.LPVOID,
        )  # fmt: skip
        user32.CreateWindowExW.restype = hwnd_t
        user32.DestroyWindow.argtypes = (hwnd_t,)
        user32.PostMessageW.argtypes = (hwnd_t, uint_t, wintypes.WPARAM, wintypes.LPARAM)
        user32.GetMessageW.argtypes = (ctypes.c_void_p, hwnd_t, uint_t, uint_t)
        user32.GetMessageW.restype = wintypes.BOOL
        user32.TranslateMessage.argtypes = (ctypes.c_void_p,)
        user32.DispatchMessageW.argtypes = (ctypes.c_void_p,)
        self._wtsapi32.WTSRegisterSessionNotification.argtypes = (hwnd_t, wintypes.DWORD)
        self._wtsapi32.WTSUnRegisterSessionNotification.argtypes = (hwnd_t,)
        kernel32.GetModuleHandleW.argtypes = (wintypes.LPCWSTR,)
        kernel32.GetModuleHandleW.restype = wintypes.HMODULE
        procedure = wndproc_type(window_procedure)  # kept alive by this frame until the loop ends
        instance = kernel32.GetModuleHandleW(None)
        class_name = f"RepitSessionWatcher{id(self)}"
        window_class = WNDCLASSW(
            lpfnWndProc=procedure, hInstance=instance, lpszClassName=class_name
        )
        if not user32.RegisterClassW(ctypes.byref(window_class)):
            self._failure = f"RegisterClassW failed ({ctypes.get_last_error()})"
            self._ready.set()
            return
        hwnd = user32.CreateWindowExW(
            0, class_name, class_name, 0, 0, 0, 0, 0, None, None, instance, None
        )
        if not hwnd:
            self._failure = f"CreateWindowExW failed ({ctypes.get_last_error()})"
            self._ready.set()
            return
        if not self._wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
            self._failure = f"WTSRegisterSessionNotification failed ({ctypes.get_last_error()})"
            user32.DestroyWindow(hwnd)
            self._ready.set()
            return
        self._hwnd = hwnd
        self._ready.set()
        message = wintypes.MSG()
        while user32.GetMessageW(ctypes.byref(message), None, 0, 0) > 0:
            user32.TranslateMessage(ctypes.byref(message))
            user32.DispatchMessageW(ctypes.byref(message))
        user32.UnregisterClassW(class_name, instance)

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if self._hwnd is not None:
            # WM_CLOSE from this thread: the window thread unregisters and quits its loop.
            self._user32.PostMessageW(self._hwnd, WM_CLOSE, 0, 0)
            self._hwnd = None
        if thread is not None and thread.is_alive():
            thread.join(2.0)
        self._on_event = None
