"""The shape of the agent's catalogue: one typed field per sentence the person reads.

A missing or misspelt key is an error for mypy and at import; a test checks
that both languages use the same ``{placeholders}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The strings of one language. ``{name}`` marks a value filled in by the functions below."""

    # Durations in a sentence.
    break_length: str
    break_length_one: str

    # Reminders: (title, body) per kind and reason.
    break_title: str
    break_body: str
    disconnect_title: str
    disconnect_time: str
    disconnect_early: str
    disconnect_evening: str
    disconnect_between_windows: str
    disconnect_non_working_day: str
    disconnect_outside_hours: str
    short_rest_title: str
    short_rest_body: str
    short_rest_body_unknown: str
    daily_limit_title: str
    daily_limit_body: str

    # Answers to a reminder: notification actions, and the same in the tray menu.
    action_break: str
    action_snooze: str
    action_meeting: str

    # Tray menu.
    menu_today: str
    menu_pause: str
    menu_paused: str
    menu_meeting: str
    menu_pause_tomorrow: str
    menu_resume: str
    menu_participation: str
    menu_mode: str
    menu_report: str
    menu_privacy: str
    menu_export: str
    menu_erase: str
    menu_quit: str
    today_title: str

    # Choosing share: what is sent, to whom (tray and command line).
    share_question: str
    share_what: str
    share_values: str
    share_to: str
    share_destination: str
    share_not_enrolled: str
    share_not_enrolled_then: str
    share_nothing_sent: str
    share_pending: str
    share_pending_then: str
    share_nothing_sent_pending: str
    share_yes: str
    share_no: str

    # Erasing one's data (tray and command line).
    erase_what: str
    erase_what_then: str
    erase_stops: str
    erase_yes: str
    erase_no: str
    erased_title: str
    erased_body: str
    exported_title: str
    exported_body: str

    # Times of day: "22 h 03", "demain à 8 h 00".
    time_of_day: str
    until_today: str
    until_tomorrow: str
    until_day: str

    # Tooltip and today's figures.
    tooltip: str
    tooltip_no_break: str
    tooltip_not_recording: str
    summary_screen_time: str
    summary_since_break: str
    summary_nothing: str
    summary_not_chosen: str
    summary_off: str
    summary_span: str
    summary_breaks: str
    summary_longest_stretch: str
    summary_after_hours: str
    summary_reminders: str

    # Icon states.
    state_not_chosen: str
    state_off: str
    state_paused: str
    state_break_due: str
    state_recording: str

    # First start: the choice of participation.
    consent_title: str
    consent_body: str

    # Participation modes.
    mode_off: str
    mode_reminders: str
    mode_share: str
    mode_not_chosen: str
    mode_off_detail: str
    mode_reminders_detail: str
    mode_share_detail: str

    # Pausing reminders (confirmation).
    resumed: str

    # Status (repit-agent status).
    status_mode: str
    status_today: str
    status_since_break: str
    status_next_reminder: str
    status_team: str
    status_last_upload: str
    status_never: str
    status_none: str
    status_not_enrolled: str
    status_paused_until: str
    status_reminders: str
    status_share_not_enrolled: str
    status_share_pending: str
    status_next_break: str
    status_agent: str
    status_agent_running: str
    status_agent_stopped: str
    status_policy: str
    status_policy_central: str
    status_policy_kept: str

    # The command line's own messages and questions.
    answer_hint: str
    answer_yes: str
    cli_participation: str
    cli_unchanged: str
    cli_running: str
    cli_already_running: str
    cli_forget_question: str
    cli_forget_nothing: str
    cli_forgot_one: str
    cli_forgot_many: str
    cli_exported: str
