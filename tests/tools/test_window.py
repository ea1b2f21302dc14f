"""The "Mon avis sur les outils" window under Xvfb, driven with the keyboard (xdotool).

Keys go through the X server (XTEST) to the window that has the input focus,
as a person's would; the test pumps Tk's events until what it waits for shows.
"""

from __future__ import annotations

import gc
import subprocess
import time
import tkinter as tk
from collections.abc import Callable, Iterator

import pytest

from agent.core.tool_answers import NOT_USED, Answer, Rating, ToolAnswer, ToolChange, Workload
from agent.store import Store
from agent.tools.storage import answers, save_answer
from agent.tools.window import ToolWindow
from agent.tools.wording import ENGLISH, FRENCH
from contract.policy.model import Tool

WAIT_SECONDS = 20.0
TOOLS = (Tool("parapheur", "Parapheur électronique"), Tool("visio", "Visioconférence"))


class Harness:
    def __init__(self, root: tk.Tk, display: str) -> None:
        self.root = root
        self.display = display
        self.saved: list[dict[str, Answer]] = []
        self.proposed: list[tuple[str, str]] = []
        self.window: ToolWindow | None = None

    def open(self, language: str = "fr", earlier: dict[str, Answer] | None = None) -> ToolWindow:
        self.window = ToolWindow(
            self.root,
            TOOLS,
            language=language,
            earlier=earlier or {},
            changes=[ToolChange("visio", "Un bouton pour couper le micro", "Fait en novembre")],
            on_save=self.saved.append,
            on_propose=self.propose,
        )
        self.root.update()
        self.root.focus_force()
        self.wait_until(lambda: self.root.focus_get() is not None)
        return self.window

    def propose(self, tool: str, text: str) -> bool:
        self.proposed.append((tool, text))
        return True

    def alive(self) -> bool:
        try:
            return bool(self.root.winfo_exists())
        except tk.TclError:
            return False

    def pump(self) -> None:
        if self.alive():
            self.root.update()

    def wait_until(self, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail("the window did not get there in time")
            self.pump()
            time.sleep(0.01)

    def keys(self, *keys: str) -> None:
        for key in keys:
            before = self.focused()
            subprocess.run(
                ["xdotool", "key", "--delay", "1", key],
                env={"DISPLAY": self.display},
                check=True,
                timeout=WAIT_SECONDS,
            )
            self._settle(before, key)

    def _settle(self, before: object, key: str) -> None:
        # Wait until Tk has taken the key from the server: XSync through an idle update.
        deadline = time.monotonic() + 0.2
        while time.monotonic() < deadline and self.alive():
            self.root.update()
            if key in ("Tab", "shift+Tab") and self.focused() is not before:
                return

    def type(self, text: str) -> None:
        subprocess.run(
            ["xdotool", "type", "--delay", "1", text],
            env={"DISPLAY": self.display},
            check=True,
            timeout=WAIT_SECONDS,
        )
        assert self.window is not None
        pane = self.window.panes["parapheur"]
        self.wait_until(lambda: pane.draft() == text)

    def focused(self) -> object:
        return self.root.focus_get() if self.alive() else None

    def tab_to(self, widget: tk.Misc) -> None:
        """Tab until ``widget`` has the focus, as a keyboard user would."""
        for _ in range(60):
            if self.focused() is widget:
                return
            self.keys("Tab")
        pytest.fail(f"Tab never reached {widget}")


@pytest.fixture
def harness(x_display: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    monkeypatch.setenv("DISPLAY", x_display)
    root = tk.Tk()
    here = Harness(root, x_display)
    yield here
    if here.alive():
        root.destroy()
    # Tk variables must die in this thread: collected later from a server's
    # thread, their __del__ would call into Tk from outside its loop.
    here.window = None
    del root, here
    gc.collect()


def test_rating_with_the_keyboard_only(harness: Harness) -> None:
    window = harness.open()
    pane = window.panes["parapheur"]
    harness.tab_to(pane.satisfaction_buttons[1])  # "2 insatisfait"
    harness.keys("space")
    harness.tab_to(pane.workload_buttons[2])  # "L'alourdit"
    harness.keys("space")
    # The second tool: back to the list, Down, then "je ne l'utilise pas".
    harness.tab_to(window.tool_list)
    harness.keys("Down")
    harness.wait_until(lambda: window.panes["visio"].frame.winfo_ismapped())
    harness.tab_to(window.panes["visio"].satisfaction_buttons[5])
    harness.keys("space")
    harness.tab_to(window.save_button)
    harness.keys("Return")
    harness.wait_until(lambda: not harness.alive())
    assert harness.saved == [{"parapheur": Rating(2, Workload.HEAVIER), "visio": NOT_USED}]
    assert harness.proposed == []


def test_closing_sends_and_saves_nothing(harness: Harness) -> None:
    window = harness.open()
    pane = window.panes["parapheur"]
    harness.tab_to(pane.satisfaction_buttons[4])
    harness.keys("space")
    harness.tab_to(pane.text)
    harness.type("Pouvoir signer par lot")
    harness.keys("Escape")
    harness.wait_until(lambda: not harness.alive())
    assert harness.saved == []
    assert harness.proposed == []


def test_a_half_answer_is_named_and_not_saved(harness: Harness) -> None:
    window = harness.open()
    harness.tab_to(window.panes["parapheur"].satisfaction_buttons[3])
    harness.keys("space")
    harness.tab_to(window.save_button)
    harness.keys("Return")
    harness.wait_until(lambda: bool(window.status.cget("text")))
    assert window.status.cget("text") == FRENCH.workload_missing.format(
        tool="Parapheur électronique"
    )
    assert harness.saved == []


def test_a_proposal_is_read_back_then_sent_only_on_confirmation(harness: Harness) -> None:
    window = harness.open()
    pane = window.panes["parapheur"]
    assert pane.warning.winfo_ismapped()
    assert pane.warning.cget("text") == FRENCH.proposal_warning
    assert "peut révéler qui l'a écrit" in FRENCH.proposal_warning
    harness.tab_to(pane.text)
    harness.type("Pouvoir signer par lot")
    harness.tab_to(pane.read_back_button)
    harness.keys("Return")
    harness.wait_until(lambda: pane.checking.winfo_ismapped())
    assert pane.read_back_text.cget("text") == "Pouvoir signer par lot"
    assert pane.warning.winfo_ismapped()  # still above, while reading back
    assert harness.proposed == []
    assert harness.focused() is pane.confirm_button
    harness.keys("Return")
    harness.wait_until(lambda: bool(harness.proposed))
    assert harness.proposed == [("parapheur", "Pouvoir signer par lot")]
    assert pane.proposal_status.cget("text") == FRENCH.proposal_sent
    assert pane.draft() == ""


def test_editing_after_the_read_back_sends_nothing(harness: Harness) -> None:
    window = harness.open()
    pane = window.panes["parapheur"]
    harness.tab_to(pane.text)
    harness.type("Un texte")
    harness.tab_to(pane.read_back_button)
    harness.keys("Return")
    harness.wait_until(lambda: pane.checking.winfo_ismapped())
    harness.tab_to(pane.edit_button)
    harness.keys("Return")
    harness.wait_until(lambda: pane.editor.winfo_ismapped())
    harness.keys("Escape")
    harness.wait_until(lambda: not harness.alive())
    assert harness.proposed == []


def test_an_overlong_proposal_is_refused_with_its_length(harness: Harness) -> None:
    window = harness.open()
    pane = window.panes["parapheur"]
    pane.text.insert("1.0", "x" * 1001)
    pane.read_back()
    harness.pump()
    assert pane.proposal_status.cget("text") == FRENCH.proposal_too_long.format(length=1001)
    assert not pane.checking.winfo_ismapped()
    assert window.panes["visio"] is not None


def test_english_and_earlier_answers_and_what_changed(harness: Harness) -> None:
    window = harness.open("en", {"visio": Rating(4, Workload.LIGHTER)})
    assert window.save_button.cget("text") == ENGLISH.save
    assert window.panes["visio"].answer() == Rating(4, Workload.LIGHTER)
    assert "Un bouton pour couper le micro" in window.changes.cget("text")
    assert "Visioconférence" in window.changes.cget("text")


def test_french_words_use_non_breaking_spaces() -> None:
    for value in vars(FRENCH).values():
        for text in value if isinstance(value, tuple) else (value,):
            for mark in ":;?!»":
                assert f" {mark}" not in text, text
            assert "« " not in text, text


def test_answers_are_replaced_within_a_month() -> None:
    store = Store.in_memory()
    save_answer(store, ToolAnswer("2026-12", "visio", Rating(2, Workload.HEAVIER)))
    save_answer(store, ToolAnswer("2026-12", "visio", Rating(5, Workload.LIGHTER)))
    save_answer(store, ToolAnswer("2026-11", "visio", NOT_USED))
    assert answers(store) == [
        ToolAnswer("2026-11", "visio", NOT_USED),
        ToolAnswer("2026-12", "visio", Rating(5, Workload.LIGHTER)),
    ]
    assert answers(store, "2026-12") == [
        ToolAnswer("2026-12", "visio", Rating(5, Workload.LIGHTER))
    ]
