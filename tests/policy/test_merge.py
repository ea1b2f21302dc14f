"""extends: a child overrides only the keys it writes (POLICY.md)."""

from __future__ import annotations

from datetime import date

from contract.policy.loader import load_policy
from contract.policy.model import Breaks, Policy, Window
from tests.policy.conftest import WritePolicy, department


def test_child_overrides_one_key_of_a_table_and_inherits_the_others(
    write_policy: WritePolicy,
) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes = 30\n"))
    policy = load_policy(path)
    assert policy.breaks == Breaks(
        enabled=True, min_break_minutes=5, every_minutes=30, repeat_minutes=15, max_repeats=3
    )


def test_tables_the_child_omits_are_inherited_whole(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes = 30\n"))
    policy = load_policy(path)
    default = Policy()
    assert policy.calendar == default.calendar
    assert policy.privacy == default.privacy
    assert policy.daily_limit == default.daily_limit
    assert policy.timezone == "Europe/Paris"
    assert policy.language == "fr"


def test_a_weekday_list_overrides_only_that_day(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[hours]\nfri = ["08:00-12:00"]\n'))
    hours = load_policy(path).hours
    assert hours.windows(4) == (Window(480, 720),)
    assert all(hours.windows(day) == (Window(450, 1140),) for day in (0, 1, 2, 3, 5, 6))
    assert hours.night == Window(1320, 300)


def test_windows_are_stored_in_time_order(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", '[hours]\nmon = ["13:30-17:00", "08:00-12:00"]\n')
    )
    assert load_policy(path).hours.windows(0) == (Window(480, 720), Window(810, 1020))


def test_id_name_extends_and_teams_are_never_inherited(write_policy: WritePolicy) -> None:
    write_policy(
        "parent", department("parent", '[[teams]]\nid = "parent-team"\nname = "Équipe du parent"\n')
    )
    child = write_policy("child", department("child", extends="parent"))
    policy = load_policy(child)
    assert policy.id == "child"
    assert policy.name == "Service child"
    assert policy.extends == "parent"
    assert policy.teams == ()


def test_timezone_and_language_are_inherited_key_by_key(write_policy: WritePolicy) -> None:
    parent_text = department("parent").replace(
        'extends = "default"\n',
        'extends = "default"\nlanguage = "en"\ntimezone = "America/Cayenne"\n',
    )
    write_policy("parent", parent_text)
    child_text = department("child", extends="parent").replace(
        'extends = "parent"\n', 'extends = "parent"\ntimezone = "Europe/Paris"\n'
    )
    policy = load_policy(write_policy("child", child_text))
    assert policy.language == "en"
    assert policy.timezone == "Europe/Paris"


def test_three_levels_merge_from_the_nearest_file_that_writes_the_key(
    write_policy: WritePolicy,
) -> None:
    write_policy("middle", department("middle", "[breaks]\nevery_minutes = 45\nmax_repeats = 1\n"))
    leaf = write_policy("leaf", department("leaf", "[breaks]\nmax_repeats = 5\n", extends="middle"))
    breaks = load_policy(leaf).breaks
    assert (breaks.every_minutes, breaks.max_repeats, breaks.repeat_minutes) == (45, 5, 15)


def test_a_child_default_list_keeps_the_parents_weekday_lists(write_policy: WritePolicy) -> None:
    # Key by key: the parent's fri still applies when the child writes only default.
    write_policy("parent", department("parent", '[hours]\nfri = ["08:00-12:00"]\n'))
    child = write_policy(
        "child", department("child", '[hours]\ndefault = ["09:00-18:00"]\n', extends="parent")
    )
    hours = load_policy(child).hours
    assert hours.windows(0) == (Window(540, 1080),)
    assert hours.windows(4) == (Window(480, 720),)


def test_a_child_list_replaces_the_parents_list(write_policy: WritePolicy) -> None:
    write_policy("parent", department("parent", '[calendar]\nclosed_dates = ["2026-05-15"]\n'))
    child = write_policy(
        "child",
        department("child", "[calendar]\nclosed_dates = [2026-12-24]\n", extends="parent"),
    )
    assert load_policy(child).calendar.closed_dates == frozenset({date(2026, 12, 24)})


def test_calendar_values_are_converted_for_the_core(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept",
        department(
            "dept",
            """
            [calendar]
            subdivision = "57"
            working_days = ["sat", "mon"]
            closed_dates = ["2026-05-15", 2026-12-24]
            """,
        ),
    )
    calendar = load_policy(path).calendar
    assert calendar.country == "FR"
    assert calendar.subdivision == "57"
    assert calendar.working_days == frozenset({0, 5})
    assert len(calendar.closed_dates) == 2
