"""What the tools transport sends: one ``tools`` contribution per completed month answered.

The split transport (SPLIT.md) calls ``tools_contributions`` and shares each
month's values as one report of kind ``tools``, period ``YYYY-MM``, laid out
by ``contract.prio3.repit.tools_layout`` over the department's tool ids (the
order of the policy). Which months it has already sent is the transport's to
remember (its outbox, as for days and weeks); this only reads the answers.
"""

from __future__ import annotations

from datetime import date

from agent.store import Store
from agent.tools.contribution import completed_month_values
from agent.tools.storage import answers
from contract.policy.model import Policy

KIND = "tools"


def tools_contributions(store: Store, policy: Policy, today: date) -> dict[str, dict[str, int]]:
    """For each completed month with an answer, its values (``completed_month_values``)."""
    return completed_month_values(answers(store), [tool.id for tool in policy.tools], today)
