"""The "Mon avis sur les outils" window (TOOLS.md), in tkinter.

tkinter ships with Python on Linux, Windows and macOS, and this window runs
in a process of its own (``agent.tools.run``), so that it never shares a
thread with the tray's GUI loop. It is keyboard-usable: the list of tools
takes Up and Down, Tab walks through every choice, Space picks one, Escape
closes without saving.

Nothing leaves the window on its own: answers are handed to ``on_save`` only
when the person saves, a proposal to ``on_propose`` only after it was read
back and confirmed, and closing the window hands nothing to anybody.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Mapping, Sequence
from tkinter import ttk

from agent.core.tool_answers import NOT_USED, Answer, Rating, ToolChange, Workload
from agent.tools.storage import PROPOSAL_MAX_CHARACTERS
from agent.tools.wording import ToolWords, tool_words
from contract.policy.model import Tool

WRAP = 520  # pixels: the warning and the read-back stay readable at any font size


SaveAnswers = Callable[[dict[str, Answer]], None]
Propose = Callable[[str, str], bool]
"""Hands a confirmed proposal over; True when it was sent, False when kept for later."""


class _ToolPane:
    """One tool's choices and its proposal box."""

    def __init__(self, window: ToolWindow, parent: ttk.Frame, tool: Tool) -> None:
        self.window = window
        self.tool = tool
        words = window.words
        self.frame = ttk.Frame(parent, padding=8)
        ttk.Label(self.frame, text=tool.name, font=("TkDefaultFont", 12, "bold")).pack(anchor="w")

        self.satisfaction = tk.StringVar(self.frame, "")
        self.workload = tk.StringVar(self.frame, "")
        rating = ttk.LabelFrame(self.frame, text=words.satisfaction, padding=4)
        rating.pack(fill="x", pady=(6, 0))
        self.satisfaction_buttons = [
            ttk.Radiobutton(
                rating,
                text=label,
                value=str(level),
                variable=self.satisfaction,
                command=self._satisfaction_changed,
            )
            for level, label in enumerate(words.levels, start=1)
        ]
        self.satisfaction_buttons.append(
            ttk.Radiobutton(
                rating,
                text=words.not_used,
                value=NOT_USED,
                variable=self.satisfaction,
                command=self._satisfaction_changed,
            )
        )
        for button in self.satisfaction_buttons:
            button.pack(anchor="w")

        effect = ttk.LabelFrame(self.frame, text=words.workload, padding=4)
        effect.pack(fill="x", pady=(6, 0))
        self.workload_buttons = [
            ttk.Radiobutton(effect, text=label, value=workload.value, variable=self.workload)
            for workload, label in (
                (Workload.LIGHTER, words.lighter),
                (Workload.SAME, words.same),
                (Workload.HEAVIER, words.heavier),
            )
        ]
        for button in self.workload_buttons:
            button.pack(anchor="w")

        proposal = ttk.LabelFrame(self.frame, text=words.proposal, padding=4)
        proposal.pack(fill="both", expand=True, pady=(6, 0))
        # The warning sits above the box whatever the state of the box: TOOLS.md.
        self.warning = ttk.Label(proposal, text=words.proposal_warning, wraplength=WRAP)
        self.warning.pack(anchor="w", fill="x")
        self.editor = ttk.Frame(proposal)
        self.editor.pack(fill="both", expand=True)
        self.text = tk.Text(self.editor, height=4, width=60, wrap="word", undo=True)
        self.text.pack(fill="both", expand=True, pady=(4, 0))
        # Tab leaves the box rather than typing a tab: the window stays keyboard-usable.
        self.text.bind("<Tab>", _focus_next)
        self.text.bind("<Shift-Tab>", _focus_previous)
        self.read_back_button = ttk.Button(
            self.editor, text=words.read_back, command=self.read_back
        )
        self.read_back_button.pack(anchor="e", pady=(4, 0))
        _enter_presses(self.read_back_button)

        self.checking = ttk.Frame(proposal)
        ttk.Label(self.checking, text=words.read_back_title).pack(anchor="w", pady=(4, 0))
        self.read_back_text = ttk.Label(
            self.checking, text="", wraplength=WRAP, relief="sunken", padding=6
        )
        self.read_back_text.pack(anchor="w", fill="x")
        buttons = ttk.Frame(self.checking)
        buttons.pack(anchor="e", pady=(4, 0))
        self.confirm_button = ttk.Button(buttons, text=words.confirm, command=self.confirm)
        self.edit_button = ttk.Button(buttons, text=words.edit, command=self.back_to_editing)
        self.edit_button.pack(side="left", padx=(0, 6))
        self.confirm_button.pack(side="left")
        for choice in (self.confirm_button, self.edit_button):
            _enter_presses(choice)

        self.proposal_status = ttk.Label(proposal, text="", wraplength=WRAP)
        self.proposal_status.pack(anchor="w")

    # Choices.

    def set_answer(self, answer: Answer | None) -> None:
        if isinstance(answer, Rating):
            self.satisfaction.set(str(answer.satisfaction))
            self.workload.set(answer.workload.value)
        elif answer == NOT_USED:
            self.satisfaction.set(NOT_USED)
        self._satisfaction_changed()

    def _satisfaction_changed(self) -> None:
        not_used = self.satisfaction.get() == NOT_USED
        if not_used:
            self.workload.set("")
        for button in self.workload_buttons:
            button.state(["disabled"] if not_used else ["!disabled"])

    def answer(self) -> Answer | None:
        """The answer chosen, None when nothing is; ValueError naming what is missing."""
        satisfaction, workload = self.satisfaction.get(), self.workload.get()
        if satisfaction == NOT_USED:
            return NOT_USED
        if not satisfaction and not workload:
            return None
        words = self.window.words
        if not workload:
            raise ValueError(words.workload_missing.format(tool=self.tool.name))
        if not satisfaction:
            raise ValueError(words.satisfaction_missing.format(tool=self.tool.name))
        return Rating(int(satisfaction), Workload(workload))

    # The proposal: write, read back, confirm.

    def draft(self) -> str:
        return self.text.get("1.0", "end-1c").strip()

    def read_back(self) -> None:
        words = self.window.words
        draft = self.draft()
        if not draft:
            self.proposal_status.configure(text=words.proposal_empty)
            return
        if len(draft) > PROPOSAL_MAX_CHARACTERS:
            self.proposal_status.configure(text=words.proposal_too_long.format(length=len(draft)))
            return
        self.proposal_status.configure(text="")
        self.read_back_text.configure(text=draft)
        self.editor.pack_forget()
        self.checking.pack(fill="x", before=self.proposal_status)
        self.confirm_button.focus_set()

    def back_to_editing(self) -> None:
        self.checking.pack_forget()
        self.editor.pack(fill="both", expand=True, before=self.proposal_status)
        self.text.focus_set()

    def confirm(self) -> None:
        words = self.window.words
        sent = self.window.on_propose(self.tool.id, str(self.read_back_text.cget("text")))
        self.text.delete("1.0", "end")
        self.back_to_editing()
        self.proposal_status.configure(text=words.proposal_sent if sent else words.proposal_queued)


class ToolWindow:
    """The window over ``root``; ``root.mainloop()`` shows it (``agent.tools.run``)."""

    def __init__(
        self,
        root: tk.Tk,
        tools: Sequence[Tool],
        *,
        language: str,
        earlier: Mapping[str, Answer],
        changes: Sequence[ToolChange],
        on_save: SaveAnswers,
        on_propose: Propose,
    ) -> None:
        self.root = root
        self.words: ToolWords = tool_words(language)
        self.on_save = on_save
        self.on_propose = on_propose
        self.saved = False
        words = self.words
        root.title(words.title)
        root.protocol("WM_DELETE_WINDOW", self.close)
        root.bind("<Escape>", lambda _event: self.close())

        outer = ttk.Frame(root, padding=10)
        outer.pack(fill="both", expand=True)
        ttk.Label(outer, text=words.intro, wraplength=WRAP + 200).pack(anchor="w", fill="x")

        middle = ttk.Frame(outer)
        middle.pack(fill="both", expand=True, pady=(8, 0))
        left = ttk.Frame(middle)
        left.pack(side="left", fill="y")
        ttk.Label(left, text=words.tools_label).pack(anchor="w")
        self.tool_list = tk.Listbox(
            left, exportselection=False, height=min(max(len(tools), 4), 16), width=42
        )
        for tool in tools:
            self.tool_list.insert("end", tool.name)
        self.tool_list.pack(fill="y", expand=True)
        self.tool_list.bind("<<ListboxSelect>>", lambda _event: self._show_selected())

        self.detail = ttk.Frame(middle)
        self.detail.pack(side="left", fill="both", expand=True, padx=(10, 0))
        self.panes = {tool.id: _ToolPane(self, self.detail, tool) for tool in tools}
        for tool_id, answer in earlier.items():
            if tool_id in self.panes:
                self.panes[tool_id].set_answer(answer)
        self._shown: _ToolPane | None = None

        ttk.Label(outer, text=words.changes_title, font=("TkDefaultFont", 11, "bold")).pack(
            anchor="w", pady=(10, 0)
        )
        names = {tool.id: tool.name for tool in tools}
        self._names = names
        self.changes = ttk.Label(outer, text="", wraplength=WRAP + 200)
        self.changes.pack(anchor="w", fill="x")
        self.show_changes(changes)

        self.status = ttk.Label(outer, text="", wraplength=WRAP + 200)
        self.status.pack(anchor="w", fill="x", pady=(6, 0))
        bottom = ttk.Frame(outer)
        bottom.pack(anchor="e", pady=(6, 0))
        self.close_button = ttk.Button(bottom, text=words.close, command=self.close)
        self.save_button = ttk.Button(bottom, text=words.save, command=self.save)
        self.close_button.pack(side="left", padx=(0, 6))
        self.save_button.pack(side="left")
        for choice in (self.close_button, self.save_button):
            _enter_presses(choice)

        if tools:
            self.tool_list.selection_set(0)
            self.tool_list.activate(0)
            self._show_selected()
        self.tool_list.focus_set()

    def show_changes(self, changes: Sequence[ToolChange]) -> None:
        """What readers took into account, as the leader said (it may say so late)."""
        words = self.words
        lines = [
            words.change_line.format(
                tool=self._names.get(change.tool, change.tool),
                proposal=change.proposal,
                answer=change.answer,
            )
            for change in changes
        ]
        self.changes.configure(text="\n".join(lines) or words.no_changes)

    def proposals_sent(self) -> None:
        """The leader took the proposals kept: say so where one was confirmed."""
        for pane in self.panes.values():
            if pane.proposal_status.cget("text") == self.words.proposal_queued:
                pane.proposal_status.configure(text=self.words.proposal_sent)

    def _show_selected(self) -> None:
        selection: tuple[int, ...] = self.tool_list.curselection()  # type: ignore[no-untyped-call]
        if not selection:
            return
        pane = list(self.panes.values())[int(selection[0])]
        if pane is self._shown:
            return
        if self._shown is not None:
            self._shown.frame.pack_forget()
        pane.frame.pack(fill="both", expand=True)
        self._shown = pane

    def answers(self) -> dict[str, Answer]:
        """Every tool's complete answer; ValueError on the first half-given one."""
        given: dict[str, Answer] = {}
        for tool_id, pane in self.panes.items():
            answer = pane.answer()
            if answer is not None:
                given[tool_id] = answer
        return given

    def save(self) -> None:
        try:
            given = self.answers()
        except ValueError as missing:
            self.status.configure(text=str(missing))
            return
        self.on_save(given)
        self.saved = True
        self.root.destroy()

    def close(self) -> None:
        """Closing hands nothing over: the choices not saved are dropped."""
        self.root.destroy()


def _enter_presses(button: ttk.Button) -> None:
    button.bind("<Return>", lambda _event: button.invoke())
    button.bind("<KP_Enter>", lambda _event: button.invoke())


def _focus_next(event: tk.Event[tk.Text]) -> str:
    following = event.widget.tk_focusNext()
    if following is not None:
        following.focus_set()
    return "break"


def _focus_previous(event: tk.Event[tk.Text]) -> str:
    preceding = event.widget.tk_focusPrev()
    if preceding is not None:
        preceding.focus_set()
    return "break"
