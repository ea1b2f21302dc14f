"""``python -m agent.tools.run DATA_DIR``: the tool window as a process of its own.

The agent starts it from the tray and writes on its standard input what the
window needs and the process cannot know: ``{"language": "fr", "tools":
[{"id": …, "name": …}]}`` (the department's tools of the effective policy).
The process opens the person's database itself: answers are saved there, and
proposals queued there and sent to the leader at once when it answers.
"""

from __future__ import annotations

import json
import logging
import queue
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from agent.core.localdays import local_date, zone
from agent.core.tool_answers import Answer, ToolAnswer, ToolChange, month_of
from agent.participation import Mode
from agent.store import DATABASE_NAME, Store, StoreError
from agent.tools.proposals import fetch_changes, send_pending_proposals
from agent.tools.storage import answers, queue_proposal, save_answer
from agent.tools.wording import tool_words
from contract.policy.model import Tool

MAX_INPUT_BYTES = 64 * 1024
log = logging.getLogger("repit.tools")


@dataclass(frozen=True)
class Request:
    language: str
    tools: list[Tool]
    timezone: str = "Europe/Paris"
    """The policy's: the month of an answer is the person's local month."""


def read_request(text: str) -> Request:
    data = json.loads(text)
    language = "en" if data.get("language") == "en" else "fr"
    tools = [Tool(str(tool["id"]), str(tool["name"])) for tool in data["tools"]]
    timezone = str(data.get("timezone", "Europe/Paris"))
    zone(timezone)  # a ValueError (unknown zone) now rather than later
    return Request(language, tools, timezone)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m agent.tools.run DATA_DIR", file=sys.stderr)
        return 2
    try:
        request = read_request(sys.stdin.read(MAX_INPUT_BYTES))
    except (ValueError, TypeError, KeyError, AttributeError, LookupError):
        print(
            'expected on standard input: {"language": …, "timezone": …, '
            '"tools": [{"id": …, "name": …}]}',
            file=sys.stderr,
        )
        return 2
    path = Path(args[0]) / DATABASE_NAME
    try:
        store = Store.open(path)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        if store.mode() is not Mode.SHARE:
            print(tool_words(request.language).only_in_share, file=sys.stderr)
            return 1
        month = month_of(local_date(int(time.time()), request.timezone))
        return show(store, path, request.language, request.tools, month)
    finally:
        store.close()


class Network:
    """The leader's side of the window, in a thread of its own: the window never waits.

    Each round sends the proposals waiting (an earlier window's too) and reads
    what changed, on its own connection to the database; the window picks the
    results up with ``poll`` from its own loop.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wanted = threading.Event()
        self._results: queue.SimpleQueue[tuple[int, list[ToolChange]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="repit-tools-network", daemon=True)

    def start(self) -> None:
        self._wanted.set()
        self._thread.start()

    def send_soon(self) -> None:
        self._wanted.set()

    def poll(self) -> tuple[int, list[ToolChange]] | None:
        try:
            return self._results.get_nowait()
        except queue.Empty:
            return None

    def _run(self) -> None:
        store = Store.open(self._path)
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                try:
                    self._results.put((send_pending_proposals(store), fetch_changes(store)))
                except Exception:  # the window must outlive any network trouble
                    log.exception("the tool window's network round failed")
        finally:
            store.close()


POLL_MILLISECONDS = 200


def show(store: Store, path: Path, language: str, tools: list[Tool], month: str) -> int:
    import tkinter as tk

    from agent.tools.window import ToolWindow

    earlier = {answer.tool: answer.answer for answer in answers(store, month)}
    network = Network(path)

    def save(given: dict[str, Answer]) -> None:
        for tool, answer in given.items():
            save_answer(store, ToolAnswer(month, tool, answer))

    def propose(tool: str, text: str) -> bool:
        queue_proposal(store, month, tool, text)
        network.send_soon()
        return False  # kept: the status says "sent" once the leader took it

    root = tk.Tk()
    window = ToolWindow(
        root,
        tools,
        language=language,
        earlier=earlier,
        changes=[],
        on_save=save,
        on_propose=propose,
    )

    def poll() -> None:
        found = network.poll()
        if found is not None:
            sent, changes = found
            window.show_changes(changes)
            if sent:
                window.proposals_sent()
        root.after(POLL_MILLISECONDS, poll)

    network.start()
    root.after(POLL_MILLISECONDS, poll)
    root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
