"""The agent's sentences in English."""

from __future__ import annotations

from typing import Final

from agent.texts.catalogue import Catalogue

EN: Final = Catalogue(
    break_length="{minutes} minutes",
    break_length_one="1 minute",
    break_title="Time for a breather?",
    break_body=(
        "You have been at the screen for {stretch} without a {min_break} break. "
        "A few minutes on your feet, away from the screen, rest your eyes and back; "
        "the work will wait for you."
    ),
    disconnect_title="Right to disconnect",
    disconnect_time="It is {time}. ",
    disconnect_early=(
        "Your working day has not started yet. "
        "If nothing is urgent, this can wait until your usual time."
    ),
    disconnect_evening=(
        "Your working day is over. "
        "What is left can probably wait until tomorrow: have a good evening!"
    ),
    disconnect_between_windows=(
        "This is the break in your schedule, lunch for instance. "
        "Make the most of it and step away from the screen."
    ),
    disconnect_non_working_day=(
        "It is the weekend, a public holiday or a day you do not work. "
        "Nothing requires you to work today: get some rest."
    ),
    disconnect_outside_hours=(
        "You are outside your working hours. If nothing is urgent, this can wait."
    ),
    short_rest_title="A rather short night",
    short_rest_body=(
        "Your rest before this day lasted {rest}, less than the recommended {recommended} h. "
        "If you can, take it easy today and finish on time."
    ),
    short_rest_body_unknown=(
        "Your rest before this day was shorter than the recommended {recommended} h. "
        "If you can, take it easy today and finish on time."
    ),
    daily_limit_title="A long day at the screen",
    daily_limit_body=(
        "You have spent {active} at the screen today. "
        "That is already a lot: if you can, keep the rest for tomorrow."
    ),
    menu_today="Today's figures",
    menu_pause="Pause reminders",
    menu_paused="Reminders paused",
    menu_pause_hour="For 1 hour",
    menu_pause_tomorrow="Until tomorrow",
    menu_participation="Participation",
    menu_report="My report",
    menu_privacy="Privacy",
    menu_quit="Quit",
    today_title="Répit: today",
    tooltip="Screen today: {today} · since the last break: {since_break}",
    tooltip_no_break="Screen today: {today}",
    tooltip_not_recording="Répit: {state}",
    summary_screen_time="Screen today: {today}",
    summary_since_break="Since the last break: {since_break}",
    summary_nothing="Nothing recorded today yet.",
    summary_span="First and last activity: {first} – {last}",
    summary_breaks="Breaks: {breaks}",
    summary_longest_stretch="Longest stretch without a break: {longest}",
    summary_after_hours="Outside your working hours: {after_hours}",
    summary_reminders="Reminders shown: {reminders}",
    state_not_chosen="participation to choose",
    state_off="off, nothing is recorded",
    state_paused="reminders paused",
    state_break_due="a break would do you good",
    state_recording="on",
    consent_title="Répit: choose how you take part",
    consent_body=(
        "Nothing is recorded until you choose. "
        "In the Répit icon's menu, “Participation”: {off}, {reminders} or {share}. "
        "You can change your mind at any time; “Privacy” explains everything."
    ),
    mode_off="Off",
    mode_reminders="Reminders only",
    mode_share="Reminders and anonymous sharing",
    mode_not_chosen="Not chosen yet",
    resumed="Reminders are back on.",
    status_mode="Participation",
    status_today="Screen today",
    status_since_break="Since the last break",
    status_next_reminder="Next reminder",
    status_team="Team",
    status_last_upload="Last upload",
    status_never="never",
    status_none="none",
    status_not_enrolled="no team",
    status_paused_until="Reminders paused until",
    status_next_break="break suggested in {duration}",
    status_agent="Agent",
    status_agent_running="running (pid {pid}, source {source}, CPU {cpu} %, memory {rss} MB)",
    status_agent_stopped="stopped",
    status_policy="Policy",
    status_policy_central="received from the aggregator on {day}",
    status_policy_kept="the new one was refused ({reason}); the previous one stays in force",
)
