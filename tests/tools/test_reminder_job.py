"""The monthly tool reminder as the agent's tick runs it: once a month, never while paused."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.core.tool_answers import NOT_USED, ToolAnswer
from agent.participation import Mode
from agent.store import Store
from agent.tools.reminder_job import offer_if_due
from agent.tools.storage import save_answer
from agent.tools.wording import FRENCH
from contract.policy.model import Policy, Tool

POLICY = Policy(tools=(Tool("visio", "Visioconférence"),))
PARIS = ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int) -> int:
    return int(datetime(year, month, day, hour, tzinfo=PARIS).timestamp())


class Shown:
    def __init__(self) -> None:
        self.notifications: list[tuple[str, str]] = []

    def __call__(self, title: str, body: str) -> bool:
        self.notifications.append((title, body))
        return True


def sharing_store() -> Store:
    store = Store.in_memory()
    store.set_mode(Mode.SHARE)
    return store


def test_offered_once_a_month_inside_working_hours() -> None:
    store, shown = sharing_store(), Shown()
    assert not offer_if_due(store, POLICY, at(2026, 12, 2, 6), shown, can_show=True)  # 06:00
    assert offer_if_due(store, POLICY, at(2026, 12, 2, 10), shown, can_show=True)
    assert not offer_if_due(store, POLICY, at(2026, 12, 3, 10), shown, can_show=True)
    assert shown.notifications == [(FRENCH.reminder_title, FRENCH.reminder_body)]
    assert offer_if_due(store, POLICY, at(2027, 1, 4, 10), shown, can_show=True)  # a Monday


def test_never_while_paused_on_a_weekend_or_after_answering() -> None:
    store, shown = sharing_store(), Shown()
    assert not offer_if_due(store, POLICY, at(2026, 12, 2, 10), shown, can_show=False)
    assert not offer_if_due(store, POLICY, at(2026, 12, 5, 10), shown, can_show=True)  # Saturday
    save_answer(store, ToolAnswer("2026-12", "visio", NOT_USED))
    assert not offer_if_due(store, POLICY, at(2026, 12, 7, 10), shown, can_show=True)
    assert shown.notifications == []


def test_never_outside_share_mode() -> None:
    store, shown = Store.in_memory(), Shown()
    store.set_mode(Mode.REMINDERS)
    assert not offer_if_due(store, POLICY, at(2026, 12, 2, 10), shown, can_show=True)
    assert shown.notifications == []
