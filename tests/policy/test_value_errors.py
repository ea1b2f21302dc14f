"""Values with a format: windows, time zone, calendar (POLICY.md)."""

from __future__ import annotations

import pytest

from contract.policy.loader import check_policy_files, load_policy
from tests.policy.conftest import WritePolicy, department, problems_of

WINDOW_SYNTAX = 'expected a window "HH:MM-HH:MM" such as "08:00-12:00"'


def _hours(write_policy: WritePolicy, setting: str) -> list[str]:
    path = write_policy("dept", department("dept", f"[hours]\n{setting}\n"))
    return problems_of(path)


@pytest.mark.parametrize("window", ["8:00-12:00", "08h00-12h00", "08:00 - 12:00", "08:00", ""])
def test_bad_window_syntax(write_policy: WritePolicy, window: str) -> None:
    path = write_policy("dept", department("dept", f'[hours]\nmon = ["{window}"]\n'))
    assert problems_of(path) == [f'{path}:6: hours.mon[0]: {WINDOW_SYNTAX}, found "{window}"']


def test_window_that_is_not_a_string(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\nfri = ["08:00-12:00", 13]\n'))
    assert problems_of(path) == [f"{path}:6: hours.fri[1]: {WINDOW_SYNTAX}, found 13"]


@pytest.mark.parametrize("window", ["08:00-25:00", "08:60-12:00", "08:00-24:30"])
def test_window_with_an_impossible_time(write_policy: WritePolicy, window: str) -> None:
    path = write_policy("dept", department("dept", f'[hours]\ndefault = ["{window}"]\n'))
    assert problems_of(path) == [
        f"{path}:6: hours.default[0]: expected times from 00:00 to 24:00 in the window, "
        f'found "{window}"'
    ]


@pytest.mark.parametrize("window", ["19:00-07:30", "12:00-12:00"])
def test_working_window_start_must_be_before_end(write_policy: WritePolicy, window: str) -> None:
    path = write_policy("dept", department("dept", f'[hours]\ntue = ["{window}"]\n'))
    assert problems_of(path) == [
        f'{path}:6: hours.tue[0]: expected the start before the end, found "{window}" '
        '(a working window cannot cross midnight: split it, e.g. "22:00-24:00" and the next '
        'day\'s "00:00-06:00")'
    ]


def test_24_00_ends_a_window_but_does_not_start_one(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\nsat = ["20:00-24:00"]\n'))
    assert str(load_policy(path).hours.windows(5)[0]) == "20:00-24:00"
    path = write_policy("dept", department("dept", '[hours]\nsat = ["24:00-24:00"]\n'))
    assert problems_of(path) == [
        f'{path}:6: hours.sat[0]: expected 24:00 only as the end of a window, found "24:00-24:00"'
    ]


def test_overlapping_windows(write_policy: WritePolicy) -> None:
    problems = _hours(write_policy, 'fri = ["12:00-17:00", "08:00-12:30"]')
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        'hours.fri: expected windows that do not overlap, found "08:00-12:30" and "12:00-17:00"'
    ]


def test_touching_windows_do_not_overlap(write_policy: WritePolicy) -> None:
    assert _hours(write_policy, 'fri = ["08:00-12:00", "12:00-17:00"]') == []


def test_empty_window_list(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[hours]\nwed = []\n"))
    assert problems_of(path) == [
        f"{path}:6: hours.wed: expected a non-empty list of at most 12 windows "
        '"HH:MM-HH:MM" such as ["08:00-12:00", "13:30-17:00"], found []'
    ]


def test_window_list_written_as_one_string(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\ndefault = "08:00-12:00"\n'))
    (problem,) = check_policy_files([path])
    assert problem.key == "hours.default"
    assert problem.message.endswith('found "08:00-12:00"')


def test_unknown_weekday_key_in_hours(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\nfriday = ["08:00-12:00"]\n'))
    assert problems_of(path) == [
        f"{path}:6: hours.friday: unknown key `friday` in [hours], did you mean `fri`? "
        "(expected one of: default, mon, tue, wed, thu, fri, sat, sun, night)"
    ]


@pytest.mark.parametrize(
    ("night", "message"),
    [
        (
            '"22:00-22:00"',
            'expected a window whose start differs from its end, found "22:00-22:00"',
        ),
        ('"22h-5h"', f'{WINDOW_SYNTAX}, found "22h-5h"'),
        ('["22:00-05:00"]', f'{WINDOW_SYNTAX}, found ["22:00-05:00"]'),
    ],
)
def test_bad_night(write_policy: WritePolicy, night: str, message: str) -> None:
    path = write_policy("dept", department("dept", f"[hours]\nnight = {night}\n"))
    assert problems_of(path) == [f"{path}:6: hours.night: {message}"]


def test_night_may_cross_midnight_or_not(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\nnight = "21:00-06:30"\n'))
    assert load_policy(path).hours.night.crosses_midnight
    path = write_policy("dept", department("dept", '[hours]\nnight = "00:00-05:00"\n'))
    assert not load_policy(path).hours.night.crosses_midnight


@pytest.mark.parametrize("zone", ["Paris", "Europe", "Europe/Pariss", "europe/paris", ""])
def test_bad_timezone(write_policy: WritePolicy, zone: str) -> None:
    text = department("dept").replace(
        'extends = "default"', f'extends = "default"\ntimezone = "{zone}"'
    )
    path = write_policy("dept", text)
    assert problems_of(path) == [
        f'{path}:5: policy.timezone: expected an IANA time zone name such as "Europe/Paris", '
        f'found "{zone}"'
    ]


def test_unknown_country(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[calendar]\ncountry = "XX"\n'))
    assert problems_of(path) == [
        f"{path}:6: calendar.country: expected a country code known to the holidays package, "
        'such as "FR", found "XX"'
    ]


def test_lower_case_country_gets_a_suggestion(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[calendar]\ncountry = "be"\n'))
    (problem,) = check_policy_files([path])
    assert problem.message.endswith('found "be" (did you mean "BE"?)')


def test_unknown_holiday_subdivision(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[calendar]\nsubdivision = "Alsace"\n'))
    (problem,) = check_policy_files([path])
    assert (problem.file, problem.line, problem.key) == (path, 6, "calendar.subdivision")
    assert problem.message.startswith(
        'unknown holiday subdivision "Alsace" for FR, expected "" or one of: "57", "6AE", "971"'
    )


def test_subdivision_of_another_country(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", '[calendar]\ncountry = "BE"\nsubdivision = "57"\n')
    )
    (problem,) = check_policy_files([path])
    assert (problem.line, problem.key) == (7, "calendar.subdivision")
    assert problem.message.startswith('unknown holiday subdivision "57" for BE, expected "" or')


def test_country_changed_under_an_inherited_subdivision(write_policy: WritePolicy) -> None:
    parent = write_policy("parent", department("parent", '[calendar]\nsubdivision = "57"\n'))
    child = write_policy(
        "child", department("child", '[calendar]\ncountry = "BE"\n', extends="parent")
    )
    (problem,) = check_policy_files([child])
    # Reported where the mismatch was introduced: the child, which changed the country.
    assert (problem.file, problem.line, problem.key) == (child, 6, "calendar.country")
    assert problem.message.startswith('unknown holiday subdivision "57" for BE')
    assert problem.message.endswith(
        f"(the subdivision is inherited from {parent}; set calendar.subdivision here too)"
    )
    assert check_policy_files([parent]) == []


def test_a_known_subdivision_loads(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[calendar]\nsubdivision = "57"\n'))
    assert load_policy(path).calendar.subdivision == "57"


def test_bad_weekday_name(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", '[calendar]\nworking_days = ["mon", "Tuesday"]\n')
    )
    assert problems_of(path) == [
        f"{path}:6: calendar.working_days[1]: expected a weekday key (mon, tue, wed, thu, fri, "
        'sat, sun), found "Tuesday"'
    ]


def test_duplicate_weekday(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", '[calendar]\nworking_days = ["mon", "tue", "mon"]\n')
    )
    assert problems_of(path) == [
        f'{path}:6: calendar.working_days: expected distinct weekdays, found "mon" twice'
    ]


def test_no_working_day(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[calendar]\nworking_days = []\n"))
    assert problems_of(path) == [
        f"{path}:6: calendar.working_days: expected a non-empty list of distinct weekday keys "
        "(mon, tue, wed, thu, fri, sat, sun), found []"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"2026-02-30"',
            'expected a real date "YYYY-MM-DD", found "2026-02-30" (day is out of range for month)',
        ),
        ('"15/05/2026"', 'expected a date "YYYY-MM-DD", found "15/05/2026"'),
        ("20260515", 'expected a date "YYYY-MM-DD", found 20260515'),
        ("2026-05-15T08:00:00", 'expected a date "YYYY-MM-DD", found 2026-05-15T08:00:00'),
    ],
)
def test_bad_closed_date(write_policy: WritePolicy, value: str, message: str) -> None:
    path = write_policy(
        "dept", department("dept", f'[calendar]\nclosed_dates = ["2026-05-14", {value}]\n')
    )
    assert problems_of(path) == [f"{path}:6: calendar.closed_dates[1]: {message}"]
