"""The sentences the agent shows, filled in with the figure that prompted them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Final

from babel import Locale
from babel.dates import format_date

from agent.core.days import MIN_DAILY_REST_MINUTES, DayFigures
from agent.core.reminders import DisconnectReason, ReminderKind
from agent.participation import IconState, Mode, PendingTeam, ShareDestination
from agent.texts.catalogue import Catalogue
from agent.texts.english import EN
from agent.texts.enrollment import enrollment_text
from agent.texts.french import FR
from contract import wording
from contract.wording import NBSP, Language, language_of

RECOMMENDED_REST_HOURS: Final = MIN_DAILY_REST_MINUTES // 60
"""The daily rest of the working-time rules (11 consecutive hours): the core's, not a copy."""

CATALOGUES: Final[dict[Language, Catalogue]] = {"fr": FR, "en": EN}


def texts(language: str) -> Catalogue:
    """The catalogue of ``language``; anything but English gets French."""
    return CATALOGUES[language_of(language)]


def format_duration(minutes: int, language: str) -> str:
    """45 -> "45 min"; 65 -> "1 h 05" in French, "1 h 05 min" in English; 420 -> "7 h".

    The one format of ``contract.wording``, its spaces non-breaking.
    """
    return wording.format_duration(minutes, language_of(language))


def format_count(count: int, language: str) -> str:
    """1234 -> "1 234" (a non-breaking space) / "1,234"."""
    return wording.format_number(count, language_of(language))


def is_singular(count: int, language: str) -> bool:
    """Whether ``count`` takes the singular: 0 and 1 in French ("0 fichier"), 1 in English."""
    locale = Locale.parse("fr_FR" if language_of(language) == "fr" else "en_GB")
    return bool(locale.plural_form(count) == "one")


def time_of_day(moment: datetime, language: str) -> str:
    """22:03 -> "22 h 03" in French, "22:03" in English."""
    return texts(language).time_of_day.format(hour=moment.hour, minute=moment.minute)


def until_words(moment: datetime, today: date, language: str) -> str:
    """Until when, in words: "jusqu'à 22 h 03", "jusqu'à demain, 8 h 00", "jusqu'au 3 mars, 8 h 00".

    ``today`` is the person's local date, ``moment`` a local time (pure: no clock read here).
    """
    catalogue = texts(language)
    shown = time_of_day(moment, language)
    if moment.date() == today:
        return catalogue.until_today.format(time=shown)
    if moment.date() == today + timedelta(days=1):
        return catalogue.until_tomorrow.format(time=shown)
    locale = "fr_FR" if language_of(language) == "fr" else "en_GB"
    day = format_date(moment.date(), "d MMMM", locale=locale)
    return catalogue.until_day.format(day=day, time=shown)


def week_name(iso_week: str, language: str) -> str:
    """ "2026-W10" -> "semaine 10 de 2026" / "week 10 of 2026"."""
    year, week = iso_week.split("-W")
    if language_of(language) == "en":
        return f"week {int(week)} of {year}"
    return f"semaine {int(week)} de {year}"


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


def mode_detail(mode: Mode, language: str) -> str:
    """What a mode does, in a few words: "des rappels ; tout reste sur cet ordinateur"."""
    catalogue = texts(language)
    return {
        Mode.OFF: catalogue.mode_off_detail,
        Mode.REMINDERS: catalogue.mode_reminders_detail,
        Mode.SHARE: catalogue.mode_share_detail,
    }[mode]


def mode_with_detail(mode: Mode, language: str) -> str:
    """A mode and what it does, on one line, as in the tray's "Participation" menu."""
    return texts(language).menu_mode.format(
        mode=mode_name(mode, language), detail=mode_detail(mode, language)
    )


def share_explanation(destination: ShareDestination, language: str) -> list[str]:
    """What choosing ``share`` sends and to whom, one short line each (a menu shows lines).

    ``destination`` is the enrolled aggregator's (url, team); when this device
    is enrolled in no team, or only at the leader (``PendingTeam``, worded as
    ``repit-agent status`` words it), it says that nothing will be sent yet.
    """
    catalogue = texts(language)
    lines = [catalogue.share_question, catalogue.share_what, catalogue.share_values]
    if destination is None:
        return [*lines, catalogue.share_not_enrolled, catalogue.share_not_enrolled_then]
    if isinstance(destination, PendingTeam):
        team = catalogue.share_pending.format(team=pending_team_words(destination, language))
        return [*lines, team, catalogue.share_pending_then]
    url, team = destination
    where = catalogue.share_destination.format(url=url, team=team)
    return [*lines, catalogue.share_to.format(destination=where)]


def nothing_sent_note(destination: ShareDestination, language: str) -> str | None:
    """The line under a chosen ``share`` that sends nothing yet; None when it sends."""
    catalogue = texts(language)
    if destination is None:
        return catalogue.share_nothing_sent
    if isinstance(destination, PendingTeam):
        team = pending_team_words(destination, language)
        return catalogue.share_nothing_sent_pending.format(team=team)
    return None


def pending_team_words(pending: PendingTeam, language: str) -> str:
    """A half-done enrollment's team and how it resumes: "dnum-infra, inscription au second
    serveur en attente (…)"."""
    return enrollment_text(f"pending_{pending.resumes}", language, team=pending.team)


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
    mode: Mode | None = Mode.REMINDERS,
) -> str:
    """Today's figures, one a line, for the tray's "today's figures" item.

    ``today`` None: nothing recorded today yet; when nothing can be, because
    no ``mode`` is chosen or it is off, it says what to do instead. The times
    of day shown are the person's own, on their own screen; never sent.
    """
    catalogue = texts(language)
    if mode is None:
        return catalogue.summary_not_chosen
    if not mode.records:
        return catalogue.summary_off
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


def status_lines(status: Mapping[str, Any], language: str, today: date | None = None) -> list[str]:
    """``repit-agent status`` for a person: one labelled line per item of ``commands.status``.

    ``today`` is the local date, to say "jusqu'à 22 h 03" rather than a full date
    when reminders are paused until later today.
    """
    catalogue = texts(language)
    mode = Mode(status["mode"]) if status.get("mode") else None
    figures = status.get("today")
    since_break = status.get("minutes_since_last_break")
    next_break = status.get("next_break_reminder_in_minutes")
    agent = status.get("agent") or {}
    rows: list[tuple[str, str]] = [(catalogue.status_mode, mode_name(mode, language))]
    if figures is not None:
        rows.append((catalogue.status_today, format_duration(figures["active_minutes"], language)))
    rows.append(
        (
            catalogue.status_since_break,
            format_duration(since_break, language)
            if since_break is not None
            else catalogue.status_none,
        )
    )
    if next_break is not None:
        next_one = catalogue.status_next_break.format(
            duration=format_duration(next_break, language)
        )
        rows.append((catalogue.status_next_reminder, next_one))
    if status.get("reminders_paused_until"):
        until = datetime.fromisoformat(status["reminders_paused_until"])
        when = until_words(until, today or until.date(), language)
        rows.append((catalogue.status_reminders, catalogue.status_paused_until.format(until=when)))
    team = status.get("team")
    rows.append((catalogue.status_team, team or _pending_team(status, language)))
    rows.append((catalogue.status_policy, _policy_line(status, language)))
    if mode is Mode.SHARE and not team:
        waits = isinstance(status.get("enrollment_pending"), dict)
        last_upload = (
            catalogue.status_share_pending if waits else catalogue.status_share_not_enrolled
        )
    else:
        last_upload = _day_or_as_is(status.get("last_upload"), language) or catalogue.status_never
    rows.append((catalogue.status_last_upload, last_upload))
    if agent.get("running"):
        running = catalogue.status_agent_running.format(
            pid=agent.get("pid"),
            source=agent.get("source") or "?",
            cpu=_figure(agent.get("cpu_percent"), language),
            rss=_figure(agent.get("rss_mb"), language),
        )
        rows.append((catalogue.status_agent, running))
    else:
        rows.append((catalogue.status_agent, catalogue.status_agent_stopped))
    separator = f"{NBSP}: " if language_of(language) == "fr" else ": "
    return [f"{label}{separator}{value}" for label, value in rows]


def _pending_team(status: Mapping[str, Any], language: str) -> str:
    """The team of a half-done enrollment (the leader's, not yet the helper's), in words."""
    pending = status.get("enrollment_pending")
    if not isinstance(pending, dict):
        return texts(language).status_not_enrolled
    return pending_team_words(PendingTeam(pending["team"], pending["resumes"]), language)


def _figure(value: object, language: str) -> str:
    """A process figure (CPU %, MB) with the language's decimal sign; "?" when unknown."""
    if isinstance(value, int | float):
        return wording.format_decimal(value, language_of(language), 1)
    return "?"


def _policy_line(status: Mapping[str, Any], language: str) -> str:
    catalogue = texts(language)
    synced = status.get("policy_from_aggregator")
    if not synced:
        return str(status.get("policy"))
    if synced["ok"]:
        day = _day_or_as_is(synced["fetched_on"], language)
        return f"{status.get('policy')}, {catalogue.status_policy_central.format(day=day)}"
    semicolon = f"{NBSP};" if language_of(language) == "fr" else ";"
    kept = catalogue.status_policy_kept.format(reason=synced["message"])
    return f"{status.get('policy')}{semicolon} {kept}"


def _day_or_as_is(value: str | None, language: str) -> str | None:
    """An ISO date ("2026-03-02") as a person writes it ("2 mars 2026"); anything else unchanged."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10]) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return value
    locale = "fr_FR" if language_of(language) == "fr" else "en_GB"
    return format_date(day, "d MMMM y", locale=locale)
