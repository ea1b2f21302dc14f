"""The monthly "votre avis sur les outils ?" notification, from the agent's tick.

The rule is ``agent.core.tool_reminder``'s; this reads its facts from the
store and the clock, shows the notification, and remembers the month it was
offered in, so that it comes at most once a month.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from agent.core.localdays import is_working_day, zone
from agent.core.tool_answers import month_of
from agent.core.tool_reminder import ToolReminderFacts, offer_tool_reminder
from agent.participation import Mode
from agent.tools.storage import answers
from agent.tools.wording import tool_words
from contract.policy.model import Policy

if TYPE_CHECKING:
    from agent.store import Store

OFFERED_SETTING = "tool_reminder_month"


def offer_if_due(
    store: Store,
    policy: Policy,
    now: int,
    notify: Callable[[str, str], bool],
    *,
    can_show: bool,
) -> bool:
    """Show the reminder when the rule says so; True when it was shown."""
    local = datetime.fromtimestamp(now, zone(policy.timezone)).replace(tzinfo=None)
    month = month_of(local.date())
    facts = ToolReminderFacts(
        now=local,
        working_day=is_working_day(policy, local.date()),
        paused=not can_show,
        sharing=store.mode() is Mode.SHARE,
        last_offered_month=store.setting(OFFERED_SETTING),
        answered_this_month=bool(answers(store, month)),
    )
    if not offer_tool_reminder(policy, facts):
        return False
    words = tool_words(policy.language)
    shown = notify(words.reminder_title, words.reminder_body)
    if shown:
        store.set_setting(OFFERED_SETTING, month)
    return shown
