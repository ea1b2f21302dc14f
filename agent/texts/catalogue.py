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

    # Tray menu.
    menu_today: str
    menu_pause: str
    menu_paused: str
    menu_pause_hour: str
    menu_pause_tomorrow: str
    menu_participation: str
    menu_report: str
    menu_privacy: str
    menu_quit: str
    today_title: str

    # Tooltip and today's figures.
    tooltip: str
    tooltip_no_break: str
    tooltip_not_recording: str
    summary_screen_time: str
    summary_since_break: str
    summary_nothing: str
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
    status_next_break: str
    status_agent: str
    status_agent_running: str
    status_agent_stopped: str
    status_policy: str
    status_policy_central: str
    status_policy_kept: str
