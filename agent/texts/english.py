"""The agent's sentences in English."""

from __future__ import annotations

from typing import Final

from agent.texts.catalogue import Catalogue

EN: Final = Catalogue(
    break_length="{minutes} minutes",
    break_length_one="1 minute",
    break_title="Répit: time for a breather?",
    break_body=(
        "You have been at the screen for {stretch} without a {min_break} break. "
        "A few minutes on your feet, away from the screen, rest your eyes and back; "
        "the work will wait for you."
    ),
    disconnect_title="Répit: right to disconnect",
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
    short_rest_title="Répit: a rather short night",
    short_rest_body=(
        "Your rest before this day lasted {rest}, less than the recommended {recommended}\u00a0h. "
        "If you can, take it easy today and finish on time."
    ),
    short_rest_body_unknown=(
        "Your rest before this day was shorter than the recommended {recommended}\u00a0h. "
        "If you can, take it easy today and finish on time."
    ),
    daily_limit_title="Répit: a long day at the screen",
    daily_limit_body=(
        "You have spent {active} at the screen today. "
        "That is already a lot: if you can, keep the rest for tomorrow."
    ),
    action_break="I'm taking a break",
    action_snooze="In 10 minutes",
    action_meeting="In a meeting",
    menu_today="Today's figures",
    menu_pause="Pause reminders",
    menu_paused="Reminders paused {until}",
    menu_meeting="In a meeting (1 hour)",
    menu_pause_tomorrow="Until tomorrow",
    menu_resume="Resume reminders",
    menu_participation="Participation",
    menu_mode="{mode} — {detail}",
    menu_report="My report",
    menu_privacy="Privacy",
    menu_export="Export my data",
    menu_erase="Erase my data…",
    menu_quit="Quit",
    today_title="Répit: today",
    share_question="Share anonymous sums with your team?",
    share_what="Sent, per day and per week, whole numbers only:",
    share_values="screen time, breaks, reminders; never a time of day, a name or a text.",
    share_to="Recipient: {destination}, which publishes group totals only.",
    share_destination="the aggregator {url}, team {team}",
    share_not_enrolled="This computer is not enrolled in any team:",
    share_not_enrolled_then="nothing will be sent until your administrator enrolls it.",
    share_nothing_sent="Nothing is sent: this computer is not enrolled in any team.",
    share_pending="Team: {team}",
    share_pending_then="nothing will be sent until the enrollment is complete.",
    share_nothing_sent_pending="Nothing is sent yet. Team: {team}.",
    share_yes="Yes, share",
    share_no="No, change nothing",
    erase_what="Erases from this computer: activity, figures, settings, report",
    erase_what_then="and team enrollment.",
    erase_stops="Répit then stops.",
    erase_yes="Yes, erase everything",
    erase_no="No, keep my data",
    erased_title="Répit: your data is erased",
    erased_body=(
        "Nothing of Répit is left on this computer, and Répit has stopped. "
        "At its next start, it will ask you to choose how you take part."
    ),
    exported_title="Répit: your data exported",
    exported_body="The file {name} is in the folder that just opened: {folder}",
    time_of_day="{hour:02d}:{minute:02d}",
    until_today="until {time}",
    until_tomorrow="until tomorrow, {time}",
    until_day="until {day}, {time}",
    tooltip="Screen today: {today} · since the last break: {since_break}",
    tooltip_no_break="Screen today: {today}",
    tooltip_not_recording="Répit: {state}",
    summary_screen_time="Screen today: {today}",
    summary_since_break="Since the last break: {since_break}",
    summary_nothing="Nothing recorded today yet.",
    summary_not_chosen=(
        "First choose how you take part: in this menu, “Participation”. "
        "Nothing is recorded before you choose."
    ),
    summary_off=(
        "Your participation is off: nothing is recorded. "
        "To see your figures, choose “Reminders only” in “Participation”."
    ),
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
    mode_off_detail="nothing recorded, no reminders",
    mode_reminders_detail="reminders; everything stays on this computer",
    mode_share_detail="reminders, and anonymous sums for your team",
    resumed="Reminders are back on.",
    status_mode="Participation",
    status_today="Screen today",
    status_since_break="Since the last break",
    status_next_reminder="Next reminder",
    status_team="Team",
    status_last_upload="Last upload",
    status_never="never",
    status_none="none",
    status_not_enrolled="none, this computer is not enrolled in any team",
    status_paused_until="paused {until}",
    status_reminders="Reminders",
    status_share_not_enrolled="nothing is sent until this computer is enrolled in a team",
    status_share_pending="nothing is sent until the enrollment at the helper server is complete",
    status_next_break="break suggested in {duration}",
    status_agent="Agent",
    status_agent_running="running (pid {pid}, source {source}, CPU {cpu} %, memory {rss} MB)",
    status_agent_stopped="stopped",
    status_policy="Policy",
    status_policy_central="received from the aggregator on {day}",
    status_policy_kept="the new one was refused ({reason}); the previous one stays in force",
    answer_hint="[y/N]",
    answer_yes="y yes",
    cli_participation="Participation: {mode}.",
    cli_unchanged="Nothing changed: participation stays “{mode}”.",
    cli_running=(
        "the agent is running (pid {pid}): quit it from its icon, or stop it, then try again"
    ),
    cli_already_running="Répit is already running (pid {pid}): nothing to do.",
    cli_forget_question="Erase all Répit data in {folder}?",
    cli_forget_nothing="Nothing was erased.",
    cli_forgot_one="{count} file erased in {folder}.",
    cli_forgot_many="{count} files erased in {folder}.",
    cli_exported="Data exported to {path}.",
)
