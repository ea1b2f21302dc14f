"""Every sentence the agent shows a person, in French (the default) and English.

One typed catalogue per language: a missing or misspelt key is an error for
mypy and at import, and a test checks that both languages use the same
``{placeholders}``. The tone is the product's: specific (the figure that
triggered a reminder), kind, never guilt-tripping; a reminder suggests, it
never blames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from agent.core.days import DayFigures
from agent.core.reminders import DisconnectReason, ReminderKind
from agent.participation import IconState, Mode

Language = Literal["fr", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("fr", "en")
DEFAULT_LANGUAGE: Final[Language] = "fr"

APP_NAME: Final = "Répit"

RECOMMENDED_REST_HOURS: Final = 11
"""The daily rest of the working-time rules (11 consecutive hours), as in MEASURES.md."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The strings of one language. ``{name}`` marks a value filled in by the functions below."""

    # Durations (format_duration).
    duration_minutes: str
    duration_hours: str
    duration_hours_minutes: str
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
    mode_off_description: str
    mode_reminders_description: str
    mode_share_description: str
    mode_not_chosen: str

    # Pausing reminders (confirmation).
    paused_hour: str
    paused_tomorrow: str
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


FR: Final = Catalogue(
    duration_minutes="{minutes} min",
    duration_hours="{hours} h",
    duration_hours_minutes="{hours} h {minutes:02d}",
    break_length="{minutes} minutes",
    break_length_one="1 minute",
    break_title="Un moment pour souffler ?",
    break_body=(
        "Vous êtes devant l'écran depuis {stretch} sans pause de {min_break}. "
        "Quelques minutes debout, loin de l'écran, reposent les yeux et le dos ; "
        "le travail vous attendra."
    ),
    disconnect_title="Droit à la déconnexion",
    disconnect_time="Il est {time}. ",
    disconnect_early=(
        "Votre journée de travail n'a pas encore commencé. "
        "Si rien ne presse, cela peut attendre l'heure habituelle."
    ),
    disconnect_evening=(
        "Votre journée de travail est terminée. "
        "Ce qui reste peut sans doute attendre demain : bonne soirée !"
    ),
    disconnect_between_windows=(
        "C'est la pause prévue dans votre horaire, celle du déjeuner par exemple. "
        "Profitez-en pour vous éloigner de l'écran."
    ),
    disconnect_non_working_day=(
        "C'est le week-end, un jour férié ou un jour non travaillé pour vous. "
        "Rien ne vous oblige à travailler aujourd'hui : reposez-vous."
    ),
    disconnect_outside_hours=(
        "Vous êtes en dehors de vos horaires de travail. Si rien ne presse, cela peut attendre."
    ),
    short_rest_title="Une nuit un peu courte",
    short_rest_body=(
        "Votre repos avant cette journée a duré {rest}, moins que les {recommended} h "
        "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
    ),
    short_rest_body_unknown=(
        "Votre repos avant cette journée a été plus court que les {recommended} h "
        "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
    ),
    daily_limit_title="Une longue journée d'écran",
    daily_limit_body=(
        "Vous avez passé {active} devant l'écran aujourd'hui. "
        "C'est déjà beaucoup : si vous le pouvez, gardez la suite pour demain."
    ),
    menu_today="Mes chiffres du jour",
    menu_pause="Suspendre les rappels",
    menu_paused="Rappels suspendus",
    menu_pause_hour="Pendant 1 heure",
    menu_pause_tomorrow="Jusqu'à demain",
    menu_participation="Participation",
    menu_report="Mon rapport",
    menu_privacy="Confidentialité",
    menu_quit="Quitter",
    today_title="Répit : aujourd'hui",
    tooltip="Écran aujourd'hui : {today} · depuis la dernière pause : {since_break}",
    tooltip_no_break="Écran aujourd'hui : {today}",
    tooltip_not_recording="Répit : {state}",
    summary_screen_time="Écran aujourd'hui : {today}",
    summary_since_break="Depuis la dernière pause : {since_break}",
    summary_nothing="Rien n'est encore enregistré aujourd'hui.",
    summary_span="Première et dernière activité : {first} – {last}",
    summary_breaks="Pauses : {breaks}",
    summary_longest_stretch="Plus longue période sans pause : {longest}",
    summary_after_hours="Hors de vos horaires : {after_hours}",
    summary_reminders="Rappels affichés : {reminders}",
    state_not_chosen="participation à choisir",
    state_off="désactivé, rien n'est enregistré",
    state_paused="rappels suspendus",
    state_break_due="une pause vous ferait du bien",
    state_recording="actif",
    consent_title="Répit : choisissez votre participation",
    consent_body=(
        "Rien n'est enregistré tant que vous n'avez pas choisi. "
        "Dans le menu de l'icône Répit, « Participation » : {off}, {reminders} ou {share}. "
        "Vous pouvez changer d'avis à tout moment ; « Confidentialité » explique tout."
    ),
    mode_off="Désactivé",
    mode_reminders="Rappels seulement",
    mode_share="Rappels et partage anonyme",
    mode_off_description="Rien n'est enregistré, aucun rappel, rien n'est envoyé.",
    mode_reminders_description=(
        "Vos temps d'écran restent sur ce poste et vous recevez des rappels ; rien n'est envoyé."
    ),
    mode_share_description=(
        "Comme « Rappels seulement », et des chiffres sans nom s'ajoutent à ceux de votre "
        "équipe (au moins 11 postes) pour le service Prévention."
    ),
    mode_not_chosen="Pas encore choisie",
    paused_hour="Rappels suspendus pendant 1 heure.",
    paused_tomorrow="Rappels suspendus jusqu'à demain.",
    resumed="Les rappels reprennent.",
    status_mode="Participation",
    status_today="Écran aujourd'hui",
    status_since_break="Depuis la dernière pause",
    status_next_reminder="Prochain rappel",
    status_team="Équipe",
    status_last_upload="Dernier envoi",
    status_never="jamais",
    status_none="aucun",
    status_not_enrolled="pas d'équipe",
    status_paused_until="Rappels suspendus jusqu'à",
    status_next_break="pause suggérée dans {duration}",
    status_agent="Agent",
    status_agent_running=(
        "en marche (pid {pid}, source {source}, processeur {cpu} %, mémoire {rss} Mo)"
    ),
    status_agent_stopped="arrêté",
    status_policy="Politique",
    status_policy_central="reçue de l'agrégateur le {day}",
    status_policy_kept="la nouvelle a été refusée ({reason}), la précédente reste en vigueur",
)

EN: Final = Catalogue(
    duration_minutes="{minutes} min",
    duration_hours="{hours} h",
    duration_hours_minutes="{hours} h {minutes:02d} min",
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
    mode_off_description="Nothing is recorded, no reminders, nothing is sent.",
    mode_reminders_description=(
        "Your screen times stay on this computer and you get reminders; nothing is sent."
    ),
    mode_share_description=(
        "As “Reminders only”, and figures without any name are added to your team's "
        "(at least 11 computers) for the Prévention service."
    ),
    mode_not_chosen="Not chosen yet",
    paused_hour="Reminders paused for 1 hour.",
    paused_tomorrow="Reminders paused until tomorrow.",
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

CATALOGUES: Final[dict[Language, Catalogue]] = {"fr": FR, "en": EN}


def language_of(value: str | None) -> Language:
    """The language for a setting or a locale ("en", "en_GB.UTF-8", None): French unless English."""
    if value and value.strip().lower()[:2] == "en":
        return "en"
    return DEFAULT_LANGUAGE


def texts(language: str) -> Catalogue:
    """The catalogue of ``language``; anything but English gets French."""
    return CATALOGUES[language_of(language)]


def format_duration(minutes: int, language: str) -> str:
    """45 -> "45 min"; 65 -> "1 h 05" in French, "1 h 05 min" in English; 420 -> "7 h"."""
    catalogue = texts(language)
    minutes = max(0, int(minutes))
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return catalogue.duration_minutes.format(minutes=rest)
    if rest == 0:
        return catalogue.duration_hours.format(hours=hours)
    return catalogue.duration_hours_minutes.format(hours=hours, minutes=rest)


def _break_length(minutes: int, language: str) -> str:
    """The minimum break, in words: "5 minutes" reads better than "5 min" in a sentence."""
    catalogue = texts(language)
    if minutes == 1:
        return catalogue.break_length_one
    if minutes < 60:
        return catalogue.break_length.format(minutes=minutes)
    return format_duration(minutes, language)


def reminder_message(
    kind: ReminderKind,
    language: str,
    *,
    reason: DisconnectReason | None = None,
    stretch_minutes: int = 0,
    min_break_minutes: int = 5,
    rest_minutes: int | None = None,
    active_minutes: int = 0,
    local_time: str | None = None,
) -> tuple[str, str]:
    """The (title, body) of a reminder, with the figure that made it due.

    ``stretch_minutes`` is the current stretch (break), ``rest_minutes`` the rest
    before today (short_rest), ``active_minutes`` today's active time (daily_limit),
    ``local_time`` the local "HH:MM" to mention in a disconnect reminder.
    """
    catalogue = texts(language)
    if kind is ReminderKind.BREAK:
        body = catalogue.break_body.format(
            stretch=format_duration(stretch_minutes, language),
            min_break=_break_length(min_break_minutes, language),
        )
        return catalogue.break_title, body
    if kind is ReminderKind.DISCONNECT:
        bodies = {
            DisconnectReason.EARLY: catalogue.disconnect_early,
            DisconnectReason.EVENING: catalogue.disconnect_evening,
            DisconnectReason.BETWEEN_WINDOWS: catalogue.disconnect_between_windows,
            DisconnectReason.NON_WORKING_DAY: catalogue.disconnect_non_working_day,
        }
        body = bodies[reason] if reason is not None else catalogue.disconnect_outside_hours
        if local_time:
            body = catalogue.disconnect_time.format(time=local_time) + body
        return catalogue.disconnect_title, body
    if kind is ReminderKind.SHORT_REST:
        if rest_minutes is None:
            body = catalogue.short_rest_body_unknown.format(recommended=RECOMMENDED_REST_HOURS)
        else:
            body = catalogue.short_rest_body.format(
                rest=format_duration(rest_minutes, language), recommended=RECOMMENDED_REST_HOURS
            )
        return catalogue.short_rest_title, body
    if kind is ReminderKind.DAILY_LIMIT:
        body = catalogue.daily_limit_body.format(active=format_duration(active_minutes, language))
        return catalogue.daily_limit_title, body
    raise ValueError(f"unknown reminder kind: {kind!r}")


def mode_name(mode: Mode | None, language: str) -> str:
    """The short name of a participation mode, as in the tray menu; None: not chosen yet."""
    catalogue = texts(language)
    if mode is None:
        return catalogue.mode_not_chosen
    return {
        Mode.OFF: catalogue.mode_off,
        Mode.REMINDERS: catalogue.mode_reminders,
        Mode.SHARE: catalogue.mode_share,
    }[mode]


def mode_description(mode: Mode, language: str) -> str:
    """One line saying what a mode records, shows and sends."""
    catalogue = texts(language)
    return {
        Mode.OFF: catalogue.mode_off_description,
        Mode.REMINDERS: catalogue.mode_reminders_description,
        Mode.SHARE: catalogue.mode_share_description,
    }[mode]


def icon_state_label(state: IconState, language: str) -> str:
    catalogue = texts(language)
    return {
        IconState.NOT_CHOSEN: catalogue.state_not_chosen,
        IconState.OFF: catalogue.state_off,
        IconState.PAUSED: catalogue.state_paused,
        IconState.BREAK_DUE: catalogue.state_break_due,
        IconState.RECORDING: catalogue.state_recording,
    }[state]


def tooltip(
    language: str,
    *,
    active_minutes: int | None,
    since_break_minutes: int | None,
    mode: Mode | None,
) -> str:
    """The tray tooltip: today's screen time and the time since the last break.

    When nothing is recorded (mode not chosen, or off) it says so instead: there
    is no figure to show. ``active_minutes`` None: no figures today yet;
    ``since_break_minutes`` None: not active now.
    """
    catalogue = texts(language)
    if mode is None or not mode.records:
        state = IconState.NOT_CHOSEN if mode is None else IconState.OFF
        return catalogue.tooltip_not_recording.format(state=icon_state_label(state, language))
    today = format_duration(active_minutes or 0, language)
    if since_break_minutes is None:
        return catalogue.tooltip_no_break.format(today=today)
    return catalogue.tooltip.format(
        today=today, since_break=format_duration(since_break_minutes, language)
    )


def today_summary(
    language: str,
    today: DayFigures | None,
    *,
    since_break_minutes: int | None = None,
    reminders: int | None = None,
) -> str:
    """Today's figures, one a line, for the tray's "today's figures" item.

    ``today`` None: nothing recorded today yet. The times of day shown are the
    person's own, on their own screen; they are never sent.
    """
    catalogue = texts(language)
    if today is None:
        return catalogue.summary_nothing
    lines = [
        catalogue.summary_screen_time.format(today=format_duration(today.active_minutes, language))
    ]
    if since_break_minutes is not None:
        lines.append(
            catalogue.summary_since_break.format(
                since_break=format_duration(since_break_minutes, language)
            )
        )
    if today.first_activity is not None and today.last_activity is not None:
        lines.append(
            catalogue.summary_span.format(first=today.first_activity, last=today.last_activity)
        )
    lines.append(catalogue.summary_breaks.format(breaks=today.breaks))
    lines.append(
        catalogue.summary_longest_stretch.format(
            longest=format_duration(today.longest_stretch_minutes, language)
        )
    )
    if today.after_hours_minutes > 0:
        lines.append(
            catalogue.summary_after_hours.format(
                after_hours=format_duration(today.after_hours_minutes, language)
            )
        )
    if reminders is not None:
        lines.append(catalogue.summary_reminders.format(reminders=reminders))
    return "\n".join(lines)


def consent_prompt(language: str) -> tuple[str, str]:
    """The (title, body) of the first-start notification offering the choice."""
    catalogue = texts(language)
    body = catalogue.consent_body.format(
        off=mode_name(Mode.OFF, language),
        reminders=mode_name(Mode.REMINDERS, language),
        share=mode_name(Mode.SHARE, language),
    )
    return catalogue.consent_title, body


def pause_confirmation(until_tomorrow: bool, language: str) -> str:
    catalogue = texts(language)
    return catalogue.paused_tomorrow if until_tomorrow else catalogue.paused_hour


def status_lines(status: Mapping[str, Any], language: str) -> list[str]:
    """``repit-agent status`` for a person: one labelled line per item of ``commands.status``."""
    catalogue = texts(language)
    mode = Mode(status["mode"]) if status.get("mode") else None
    today = status.get("today")
    since_break = status.get("minutes_since_last_break")
    next_break = status.get("next_break_reminder_in_minutes")
    agent = status.get("agent") or {}
    lines = [f"{catalogue.status_mode} : {mode_name(mode, language)}"]
    if today is not None:
        lines.append(
            f"{catalogue.status_today} : {format_duration(today['active_minutes'], language)}"
        )
    lines.append(
        f"{catalogue.status_since_break} : "
        + (
            format_duration(since_break, language)
            if since_break is not None
            else catalogue.status_none
        )
    )
    if next_break is not None:
        next_one = catalogue.status_next_break.format(
            duration=format_duration(next_break, language)
        )
        lines.append(f"{catalogue.status_next_reminder} : {next_one}")
    if status.get("reminders_paused_until"):
        lines.append(f"{catalogue.status_paused_until} : {status['reminders_paused_until']}")
    lines.append(f"{catalogue.status_team} : {status.get('team') or catalogue.status_not_enrolled}")
    lines.append(f"{catalogue.status_policy} : {_policy_line(status, catalogue)}")
    lines.append(
        f"{catalogue.status_last_upload} : {status.get('last_upload') or catalogue.status_never}"
    )
    if agent.get("running"):
        running = catalogue.status_agent_running.format(
            pid=agent.get("pid"),
            source=agent.get("source") or "?",
            cpu=agent.get("cpu_percent", "?"),
            rss=agent.get("rss_mb", "?"),
        )
        lines.append(f"{catalogue.status_agent} : {running}")
    else:
        lines.append(f"{catalogue.status_agent} : {catalogue.status_agent_stopped}")
    if language == "en":
        lines = [line.replace(" : ", ": ", 1) for line in lines]
    return lines


def _policy_line(status: Mapping[str, Any], catalogue: Catalogue) -> str:
    synced = status.get("policy_from_aggregator")
    if not synced:
        return str(status.get("policy"))
    if synced["ok"]:
        received = catalogue.status_policy_central.format(day=synced["fetched_on"])
        return f"{status.get('policy')}, {received}"
    return (
        f"{status.get('policy')}; {catalogue.status_policy_kept.format(reason=synced['message'])}"
    )
