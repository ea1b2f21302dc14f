"""A completed month's tool answers as the ``tools`` contribution (TOOLS.md).

Once the month is over, its answers become one contribution of kind ``tools``,
laid out by ``contract.prio3.repit.tools_layout`` over the department's tools:
one-hot counts per tool, all zeros for a tool not rated. This is the seam the
split transport reads from: ``completed_month_values`` gives, for each
completed month, the values to share; nothing here sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from agent.core.tool_answers import Answer, Rating, ToolAnswer, month_of
from contract.prio3.repit import TOOL_NOT_USED, tool_field, tools_layout


def answer_values(tool_ids: Sequence[str], answers: Mapping[str, Answer]) -> dict[str, int]:
    """One month's contribution: every field of ``tools_layout(tool_ids)``, in order.

    Answers about tools the department no longer lists are left out: the layout
    is the department's, and a field it lacks would be refused.
    """
    values = {field.name: 0 for field in tools_layout(tool_ids).fields}
    for tool in tool_ids:
        answer = answers.get(tool)
        if answer is None:
            continue
        if isinstance(answer, Rating):
            values[tool_field(tool, f"satisfaction_{answer.satisfaction}")] = 1
            values[tool_field(tool, answer.workload.value)] = 1
        else:
            values[tool_field(tool, TOOL_NOT_USED)] = 1
    return values


def completed_month_values(
    answers: Iterable[ToolAnswer], tool_ids: Sequence[str], today: date
) -> dict[str, dict[str, int]]:
    """For each month before ``today``'s with an answer about one of ``tool_ids``, its
    contribution values. The current month is left out: answers may still change."""
    current = month_of(today)
    by_month: dict[str, dict[str, Answer]] = {}
    listed = set(tool_ids)
    for answer in answers:
        if answer.month < current and answer.tool in listed:
            by_month.setdefault(answer.month, {})[answer.tool] = answer.answer
    return {month: answer_values(tool_ids, given) for month, given in sorted(by_month.items())}
