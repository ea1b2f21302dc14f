"""``python -m agent.tools.run DATA_DIR``: the tool window as a process of its own.

The agent starts it from the tray and writes on its standard input what the
window needs and the process cannot know: ``{"language": "fr", "tools":
[{"id": …, "name": …}]}`` (the department's tools of the effective policy).
The process opens the person's database itself: answers are saved there, and
proposals queued there and sent to the leader at once when it answers.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from agent.core.tool_answers import Answer, ToolAnswer, month_of
from agent.participation import Mode
from agent.store import DATABASE_NAME, Store
from agent.tools.proposals import fetch_changes, send_pending_proposals
from agent.tools.storage import answers, queue_proposal, save_answer
from agent.tools.wording import tool_words
from contract.policy.model import Tool

MAX_INPUT_BYTES = 64 * 1024


def read_request(text: str) -> tuple[str, list[Tool]]:
    data = json.loads(text)
    language = "en" if data.get("language") == "en" else "fr"
    tools = [Tool(str(tool["id"]), str(tool["name"])) for tool in data["tools"]]
    return language, tools


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m agent.tools.run DATA_DIR", file=sys.stderr)
        return 2
    try:
        language, tools = read_request(sys.stdin.read(MAX_INPUT_BYTES))
    except (ValueError, TypeError, KeyError, AttributeError):
        print(
            'expected on standard input: {"language": …, "tools": [{"id", "name"}]}',
            file=sys.stderr,
        )
        return 2
    store = Store.open(Path(args[0]) / DATABASE_NAME)
    try:
        if store.mode() is not Mode.SHARE:
            print(tool_words(language).only_in_share, file=sys.stderr)
            return 1
        send_pending_proposals(store)  # what an earlier window kept for later
        return show(store, language, tools)
    finally:
        store.close()


def show(store: Store, language: str, tools: list[Tool]) -> int:
    import tkinter as tk

    from agent.tools.window import ToolWindow

    month = month_of(date.today())
    earlier = {answer.tool: answer.answer for answer in answers(store, month)}

    def save(given: dict[str, Answer]) -> None:
        for tool, answer in given.items():
            save_answer(store, ToolAnswer(month, tool, answer))

    def propose(tool: str, text: str) -> bool:
        queue_proposal(store, month, tool, text)
        return send_pending_proposals(store) > 0

    root = tk.Tk()
    ToolWindow(
        root,
        tools,
        language=language,
        earlier=earlier,
        changes=fetch_changes(store),
        on_save=save,
        on_propose=propose,
    )
    root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
