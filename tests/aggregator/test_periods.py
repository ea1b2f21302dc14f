"""Periods: parsing, batch month (a week goes with its Thursday), completeness, age."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    PeriodError,
    acceptable_period,
    canonical_label,
    is_complete,
    is_too_old,
    parse_month,
    parse_period,
)
from contract.contribution import Kind


@pytest.mark.parametrize(
    ("label", "monday", "month"),
    [
        ("2026-W01", date(2025, 12, 29), "2026-01"),  # Thursday 1 January 2026
        ("2025-W01", date(2024, 12, 30), "2025-01"),  # Thursday 2 January 2025
        ("2020-W53", date(2020, 12, 28), "2020-12"),  # Thursday 31 December 2020
        ("2026-W27", date(2026, 6, 29), "2026-07"),  # Thursday 2 July: July, not June
        ("2024-W09", date(2024, 2, 26), "2024-02"),  # Thursday 29 February
    ],
)
def test_a_week_belongs_to_the_month_of_its_thursday(label: str, monday: date, month: str) -> None:
    week = parse_period(Kind.WEEK, label)
    assert (week.first, week.last) == (monday, monday + timedelta(days=6))
    assert week.month == month


def test_a_day_belongs_to_its_own_month() -> None:
    assert parse_period(Kind.DAY, "2026-02-28").month == "2026-02"
    assert parse_period(Kind.DAY, "2026-03-01").month == "2026-03"


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.DAY, "2026-02-30"),
        (Kind.DAY, "2026-2-01"),
        (Kind.DAY, "2026-W05"),
        (Kind.DAY, " 2026-02-01"),
        (Kind.WEEK, "2026-W54"),
        (Kind.WEEK, "2026-W1"),
        (Kind.WEEK, "2026-W00"),
        (Kind.WEEK, "2026-02-02"),
        (Kind.WEEK, "2025-W53"),  # 2025 has 52 weeks
    ],
)
def test_bad_periods_are_refused_with_the_expected_form(kind: Kind, text: str) -> None:
    with pytest.raises(PeriodError, match="expected"):
        parse_period(kind, text)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01"])
def test_bad_months_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_month(text)


def test_a_day_is_complete_at_local_midnight_in_the_team_zone() -> None:
    day = parse_period(Kind.DAY, "2026-03-09")
    paris_midnight = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)  # UTC+1 in March
    assert not is_complete(day, "Europe/Paris", paris_midnight - timedelta(seconds=1))
    assert is_complete(day, "Europe/Paris", paris_midnight)
    # Auckland is UTC+13 in March: the same day ended twelve hours earlier there.
    auckland_midnight = datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
    assert not is_complete(day, "Pacific/Auckland", auckland_midnight - timedelta(seconds=1))
    assert is_complete(day, "Pacific/Auckland", auckland_midnight)
    assert not is_complete(day, "Europe/Paris", auckland_midnight)


def test_a_week_is_complete_once_its_sunday_is() -> None:
    week = parse_period(Kind.WEEK, "2026-W10")  # Monday 2 March .. Sunday 8 March
    sunday_end = datetime(2026, 3, 8, 23, 0, tzinfo=UTC)
    assert not is_complete(week, "Europe/Paris", sunday_end - timedelta(seconds=1))
    assert is_complete(week, "Europe/Paris", sunday_end)


def test_completeness_compares_instants_whatever_the_zone_of_now() -> None:
    day = parse_period(Kind.DAY, "2026-03-09")
    from zoneinfo import ZoneInfo

    in_paris = datetime(2026, 3, 10, 0, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert is_complete(day, "Europe/Paris", in_paris)
    assert not is_complete(day, "Europe/Paris", in_paris - timedelta(microseconds=1))


def test_too_old_counts_from_the_end_of_the_period() -> None:
    day = parse_period(Kind.DAY, "2026-01-01")
    end = datetime(2026, 1, 1, 23, 0, tzinfo=UTC)  # Paris midnight, 2 January
    assert not is_too_old(day, "Europe/Paris", end + timedelta(days=62), 62)
    assert is_too_old(day, "Europe/Paris", end + timedelta(days=62, seconds=1), 62)


def test_acceptable_period_says_why_not() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert acceptable_period(Kind.DAY, "2026-03-09", "Europe/Paris", now, 62).month == "2026-03"
    with pytest.raises(PeriodError, match="not complete"):
        acceptable_period(Kind.DAY, "2026-03-10", "Europe/Paris", now, 62)
    with pytest.raises(PeriodError, match="not complete"):
        acceptable_period(Kind.WEEK, "2026-W11", "Europe/Paris", now, 62)
    with pytest.raises(PeriodError, match="more than 62 days"):
        acceptable_period(Kind.DAY, "2026-01-06", "Europe/Paris", now, 62)


# -- canonical ASCII periods (AGGREGATOR.md "Periods are canonical ASCII only") ----------

# Inside the window, whole ISO weeks included (an ISO year may start in December).
WINDOW = st.dates(date(FIRST_YEAR, 1, 8), date(LAST_YEAR, 12, 24))
NON_ASCII_DIGITS = "０١٢३४৫๖٧８९"  # fullwidth, Arabic-Indic, Devanagari, Bengali, Thai...


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.WEEK, "２０２６-W４７"),
        (Kind.WEEK, "٢٠٢٦-W٤٧"),
        (Kind.WEEK, "२०२६-W४७"),
        (Kind.WEEK, "2026-W٤٧"),
        (Kind.WEEK, "2026-W7"),
        (Kind.WEEK, "2026-w07"),
        (Kind.WEEK, "2026W07"),
        (Kind.WEEK, "2026-W07-1"),
        (Kind.WEEK, "2026-W007"),
        (Kind.WEEK, "+2026-W07"),
        (Kind.WEEK, "2026-W07\n"),
        (Kind.DAY, "2026-0２-01"),
        (Kind.DAY, "20260201"),
        (Kind.DAY, "2026-02-01T00:00"),
        (Kind.DAY, "2026-2-1"),
        (Kind.DAY, "2026-02-01 "),
        (Kind.DAY, "2026-02-1"),
        (Kind.DAY, "2026-W05-1"),
        (Kind.DAY, "2026-032"),  # an ordinal date, which date.fromisoformat accepts
        (Kind.WEEK, "9999-W52"),
        (Kind.WEEK, "0001-W01"),
        (Kind.DAY, "9999-12-31"),
        (Kind.DAY, "0001-01-01"),
        (Kind.DAY, "0000-01-01"),
    ],
)
def test_non_canonical_and_non_ascii_periods_are_refused(kind: Kind, text: str) -> None:
    with pytest.raises(PeriodError, match="expected"):
        parse_period(kind, text)


@given(WINDOW)
def test_the_canonical_text_of_any_day_and_week_is_accepted_as_itself(day: date) -> None:
    assert parse_period(Kind.DAY, day.isoformat()).label == day.isoformat()
    label = canonical_label(Kind.WEEK, day)
    week = parse_period(Kind.WEEK, label)
    assert week.label == label and week.first <= day <= week.last


@given(
    WINDOW,
    st.sampled_from(NON_ASCII_DIGITS),
    st.data(),
)
def test_one_non_ascii_digit_anywhere_is_refused(
    day: date, digit: str, data: st.DataObject
) -> None:
    for kind, text in ((Kind.DAY, day.isoformat()), (Kind.WEEK, canonical_label(Kind.WEEK, day))):
        places = [i for i, char in enumerate(text) if char.isascii() and char.isdigit()]
        place = data.draw(st.sampled_from(places))
        with pytest.raises(PeriodError):
            parse_period(kind, text[:place] + digit + text[place + 1 :])


@pytest.mark.parametrize("text", ["２０２６-02", "2026-٠٢", "9999-12", "0001-01", "2026-02 "])
def test_non_canonical_months_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_month(text)
