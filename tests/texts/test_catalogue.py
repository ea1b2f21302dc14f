"""The user-facing texts: both languages complete, and the sentences the person reads."""

from __future__ import annotations

import dataclasses
import string
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.core.days import DayFigures
from agent.core.reminders import DisconnectReason, ReminderKind
from agent.participation import IconState, Mode
from agent.texts import (
    CATALOGUES,
    EN,
    FR,
    consent_prompt,
    format_duration,
    icon_state_label,
    language_of,
    mode_name,
    reminder_message,
    texts,
    today_summary,
    tooltip,
)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_french_and_english_have_exactly_the_same_keys() -> None:
    assert dataclasses.asdict(FR).keys() == dataclasses.asdict(EN).keys()
    assert set(CATALOGUES) == {"fr", "en"}


@pytest.mark.parametrize("key", [field.name for field in dataclasses.fields(FR)])
def test_french_and_english_use_the_same_placeholders(key: str) -> None:
    french, english = getattr(FR, key), getattr(EN, key)
    assert french.strip() and english.strip()
    assert placeholders(french) == placeholders(english)


def test_french_is_the_default_and_english_on_request() -> None:
    assert language_of(None) == "fr"
    assert language_of("fr_FR.UTF-8") == "fr"
    assert language_of("de") == "fr"
    assert language_of("en") == "en"
    assert language_of("en_GB.UTF-8") == "en"
    assert texts("en") is EN and texts("xx") is FR


@pytest.mark.parametrize(
    ("minutes", "french", "english"),
    [
        (0, "0\u00a0min", "0\u00a0min"),
        (5, "5\u00a0min", "5\u00a0min"),
        (45, "45\u00a0min", "45\u00a0min"),
        (60, "1\u00a0h", "1\u00a0h"),
        (65, "1\u00a0h\u00a005", "1\u00a0h\u00a005\u00a0min"),
        (192, "3\u00a0h\u00a012", "3\u00a0h\u00a012\u00a0min"),
        (420, "7\u00a0h", "7\u00a0h"),
        (470, "7\u00a0h\u00a050", "7\u00a0h\u00a050\u00a0min"),
        (-3, "0\u00a0min", "0\u00a0min"),
    ],
)
def test_durations(minutes: int, french: str, english: str) -> None:
    assert format_duration(minutes, "fr") == french
    assert format_duration(minutes, "en") == english


def test_break_reminder_says_how_long_without_a_break() -> None:
    title, body = reminder_message(
        ReminderKind.BREAK, "fr", stretch_minutes=65, min_break_minutes=5
    )
    assert title == "Répit\u00a0: un moment pour souffler\u00a0?"  # who speaks, in the title
    assert body.startswith(
        "Vous êtes devant l’écran depuis 1\u00a0h\u00a005 sans pause de 5 minutes. "
    )
    _, body = reminder_message(ReminderKind.BREAK, "en", stretch_minutes=65, min_break_minutes=5)
    assert body.startswith(
        "You have been at the screen for 1\u00a0h\u00a005\u00a0min without a 5 minutes break. "
    )


def test_disconnect_reminders_say_why() -> None:
    def body(reason: DisconnectReason | None, local_time: str | None = None) -> str:
        return reminder_message(
            ReminderKind.DISCONNECT, "fr", reason=reason, local_time=local_time
        )[1]

    assert body(DisconnectReason.EVENING).startswith("Votre journée de travail est terminée.")
    assert body(DisconnectReason.EARLY).startswith(
        "Votre journée de travail n’a pas encore commencé."
    )
    assert body(DisconnectReason.BETWEEN_WINDOWS).startswith(
        "C’est la pause prévue dans votre horaire"
    )
    assert body(DisconnectReason.NON_WORKING_DAY).startswith("C’est le week-end")
    assert body(None).startswith("Vous êtes en dehors de vos horaires")
    assert body(DisconnectReason.EVENING, local_time="21:10").startswith(
        "Il est 21:10. Votre journée de travail est terminée."
    )


def test_short_rest_reminder_gives_the_rest_and_the_recommendation() -> None:
    _, body = reminder_message(ReminderKind.SHORT_REST, "fr", rest_minutes=470)
    assert body.startswith(
        "Votre repos avant cette journée a duré 7\u00a0h\u00a050, "
        "moins que les 11\u00a0h recommandées."
    )
    _, body = reminder_message(ReminderKind.SHORT_REST, "en", rest_minutes=470)
    assert body.startswith(
        "Your rest before this day lasted 7\u00a0h\u00a050\u00a0min, "
        "less than the recommended 11\u00a0h."
    )
    _, body = reminder_message(ReminderKind.SHORT_REST, "fr")
    assert "11\u00a0h" in body and "{" not in body


def test_daily_limit_reminder_gives_the_days_screen_time() -> None:
    _, body = reminder_message(ReminderKind.DAILY_LIMIT, "fr", active_minutes=420)
    assert body.startswith("Vous avez passé 7\u00a0h devant l’écran aujourd’hui.")


ALL_REMINDERS = [(ReminderKind.DISCONNECT, reason) for reason in [*DisconnectReason, None]] + [
    (kind, None) for kind in ReminderKind if kind is not ReminderKind.DISCONNECT
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("kind", "reason"), ALL_REMINDERS)
def test_every_reminder_is_complete_and_kind(
    language: str, kind: ReminderKind, reason: DisconnectReason | None
) -> None:
    title, body = reminder_message(
        kind, language, reason=reason, stretch_minutes=75, rest_minutes=500, active_minutes=430
    )
    assert title and body
    assert "{" not in title + body and "}" not in title + body
    # Suggestions, never orders or blame.
    for word in ("devez", "il faut", "interdit", "must", "have to", "should not"):
        assert word not in body.lower()


def test_tooltip() -> None:
    assert (
        tooltip("fr", active_minutes=192, since_break_minutes=42, mode=Mode.REMINDERS)
        == "Écran aujourd’hui\u00a0: 3\u00a0h\u00a012 · depuis la dernière pause\u00a0: 42\u00a0min"
    )
    assert (
        tooltip("en", active_minutes=192, since_break_minutes=42, mode=Mode.SHARE)
        == "Screen today: 3\u00a0h\u00a012\u00a0min · since the last break: 42\u00a0min"
    )
    assert (
        tooltip("fr", active_minutes=None, since_break_minutes=None, mode=Mode.SHARE)
        == "Écran aujourd’hui\u00a0: 0\u00a0min"
    )
    assert (
        tooltip("fr", active_minutes=None, since_break_minutes=None, mode=None)
        == "Répit\u00a0: participation à choisir"
    )
    assert tooltip("en", active_minutes=12, since_break_minutes=3, mode=Mode.OFF) == (
        "Répit: off, nothing is recorded"
    )


def a_morning_at_the_screen() -> DayFigures:
    """Today's figures after a morning of work; also shown by the real tray's test app."""
    return DayFigures(
        date="2026-03-02",
        working_day=True,
        active_minutes=192,
        first_activity="08:42",
        last_activity="12:30",
        amplitude_minutes=228,
        breaks=3,
        longest_stretch_minutes=80,
        after_hours_minutes=0,
        night_minutes=0,
        rest_before_minutes=900,
        active_over_10h=False,
        amplitude_over_12h=False,
        rest_under_11h=False,
        no_break_6h=False,
        long_stretch=True,
        after_hours_active=False,
        night_active=False,
        non_working_day_active=False,
    )


def figures(**changes: object) -> DayFigures:
    return dataclasses.replace(a_morning_at_the_screen(), **changes)  # type: ignore[arg-type]


def test_today_summary() -> None:
    assert today_summary("fr", figures(), since_break_minutes=42).splitlines() == [
        "Écran aujourd’hui\u00a0: 3\u00a0h\u00a012",
        "Depuis la dernière pause\u00a0: 42\u00a0min",
        "Première et dernière activité\u00a0: 08:42 – 12:30",
        "Pauses\u00a0: 3",
        "Plus longue période sans pause\u00a0: 1\u00a0h\u00a020",
    ]
    assert (
        "Outside your working hours: 25\u00a0min"
        in today_summary("en", figures(after_hours_minutes=25)).splitlines()
    )
    assert today_summary("fr", None) == "Rien n’est encore enregistré aujourd’hui."


def test_consent_prompt_names_the_three_choices() -> None:
    title, body = consent_prompt("fr")
    assert title == "Répit\u00a0: choisissez votre participation"
    assert body.startswith("Rien n’est enregistré tant que vous n’avez pas choisi.")
    for mode in Mode:
        assert mode_name(mode, "fr") in body
    title, body = consent_prompt("en")
    assert title == "Répit: choose how you take part"
    for mode in Mode:
        assert mode_name(mode, "en") in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_modes_and_states_have_distinct_labels(language: str) -> None:
    assert len({mode_name(mode, language) for mode in [*Mode, None]}) == 4
    assert len({icon_state_label(state, language) for state in IconState}) == len(IconState)


def test_until_when_in_words() -> None:
    from datetime import date

    from agent.texts import until_words

    today = date(2026, 12, 2)
    nb = "\u00a0"
    assert until_words(datetime(2026, 12, 2, 22, 3), today, "fr") == f"jusqu’à 22{nb}h{nb}03"
    assert until_words(datetime(2026, 12, 3, 8, 0), today, "fr") == f"jusqu’à demain, 8{nb}h{nb}00"
    assert (
        until_words(datetime(2026, 12, 9, 8, 0), today, "fr")
        == f"jusqu’au 9 décembre, 8{nb}h{nb}00"
    )
    assert until_words(datetime(2026, 12, 2, 22, 3), today, "en") == "until 22:03"


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from(["fr", "en"]),
)
def test_until_words_always_give_the_time_and_name_tomorrow_only_for_tomorrow(
    moment: datetime, days_before: int, language: str
) -> None:
    from agent.texts import time_of_day, until_words

    today = moment.date() - timedelta(days=days_before)
    said = until_words(moment, today, language)
    assert said.endswith(time_of_day(moment, language))
    assert ("demain" in said or "tomorrow" in said) is (days_before == 1)
    assert "{" not in said
