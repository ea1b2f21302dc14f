"""The release rules: hand-worked departments, and properties over any department."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from aggregator.release import (
    MonthRelease,
    Release,
    decide,
    decide_devices,
    decide_month,
    release_date,
)
from contract.contribution import Kind

K = 11


def test_all_teams_big_enough_are_all_released() -> None:
    assert decide({"a": 12, "b": 15, "c": 40}, K) == Release(frozenset({"a", "b", "c"}), True)


def test_one_small_team_holds_back_the_next_smallest_too() -> None:
    # a (3) is held back; shown alone beside the department's total, b and c
    # would give away a's sum, so the smallest released team (b) goes too.
    assert decide({"a": 3, "b": 12, "c": 20}, K) == Release(frozenset({"c"}), True)


def test_ties_are_broken_by_team_id() -> None:
    assert decide({"a": 3, "c": 12, "b": 12}, K) == Release(frozenset({"c"}), True)


def test_small_teams_that_together_reach_the_threshold_hold_back_no_one_else() -> None:
    assert decide({"a": 5, "b": 6, "c": 20}, K) == Release(frozenset({"c"}), True)


def test_a_department_below_the_threshold_shows_nothing() -> None:
    assert decide({"a": 3, "b": 4, "c": 2}, K) == Release(frozenset(), False)


def test_every_team_held_back_but_the_department_total_shown() -> None:
    # No team is shown, so the total gives none of them away.
    assert decide({"a": 6, "b": 7}, K) == Release(frozenset(), True)


def test_one_small_team_beside_one_big_team_holds_back_both() -> None:
    assert decide({"a": 2, "b": 30}, K) == Release(frozenset(), True)


def test_a_team_without_devices_has_nothing_to_protect() -> None:
    assert decide({"a": 0, "b": 12, "c": 20}, K) == Release(frozenset({"b", "c"}), True)


def test_the_release_date_is_the_delay_after_the_month() -> None:
    assert release_date("2026-02", 5) == date(2026, 3, 6)
    assert release_date("2026-12", 0) == date(2027, 1, 1)


def test_teams_without_any_batch_count_as_zero() -> None:
    decision = decide_month({Kind.DAY: {"a": 20}, Kind.WEEK: {"a": 20}}, ("a", "b"), K)
    only_a = Release(frozenset({"a"}), True)
    assert decision == MonthRelease(only_a, only_a)


def test_day_and_week_batches_are_judged_each_on_their_own_devices() -> None:
    # Finding 1: team "new" sent day reports (one person, enrolled in the
    # month's last days) and no week report. Judged on min(day, week) = 0 it
    # escaped suppression and the department's day total minus "a" and "b"
    # was that person's days. Kind by kind, its day batch has 1 device and
    # holds back the smallest released team's day batch too.
    devices = {Kind.DAY: {"a": 12, "b": 20, "new": 1}, Kind.WEEK: {"a": 12, "b": 20}}
    decision = decide_month(devices, ("a", "b", "new"), K)
    assert decision.day == Release(frozenset({"b"}), True)
    # "new" took part in the month (days), so it takes part in the week rule
    # too: a held team with no week device still has the others protect it.
    assert decision.week == Release(frozenset({"b"}), True)


def test_a_team_nobody_contributed_to_hides_no_sibling() -> None:
    devices = {Kind.DAY: {"a": 12, "b": 20}, Kind.WEEK: {"a": 12, "b": 20}}
    decision = decide_month(devices, ("a", "b", "empty"), K)
    assert decision.day == decision.week == Release(frozenset({"a", "b"}), True)


departments = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 40), min_size=1, max_size=8
)


@given(departments, st.integers(5, 20))
def test_no_release_lets_one_compute_a_held_back_team(counts: dict[str, int], k: int) -> None:
    decision = decide(counts, k)
    held = {team: n for team, n in counts.items() if team not in decision.teams}
    # Rule 1: every team shown stands for at least k devices.
    assert all(counts[team] >= k for team in decision.teams)
    # Department shown => it stands for at least k devices.
    if decision.department:
        assert sum(counts.values()) >= k
    # What the shown figures let one compute about the held-back teams is
    # their total (department minus the teams shown): it must cover at least
    # k devices, unless none of them has any device at all.
    if decision.department and decision.teams and any(held.values()):
        assert sum(held.values()) >= k
    # Without the department total, the teams shown reveal nothing else; and
    # a team is shown only if the total could be (it is then at least k).
    if decision.teams:
        assert decision.department


@given(departments, st.integers(5, 20))
def test_suppression_holds_back_as_few_teams_as_it_must(counts: dict[str, int], k: int) -> None:
    decision = decide(counts, k)
    big = {team for team, n in counts.items() if n >= k}
    small_total = sum(n for n in counts.values() if n < k)
    if small_total == 0 or small_total >= k:
        assert decision.teams == big
    else:
        # Exactly one team of the big ones (the smallest) is held back beside the small ones.
        assert len(big) - len(decision.teams) == min(1, len(big))


def test_a_device_in_two_teams_counts_once_in_every_union() -> None:
    # x moved from a to b in the month: a = {x, y, z}, b = {x}. The held teams
    # a and b together hold 3 distinct devices, not 4.
    teams = {"a": {"x", "y", "z"}, "b": {"x"}, "c": {f"c{n}" for n in range(6)}}
    # min 4: a and b held (3 distinct), so c is held too; the total, 9 distinct, is shown.
    assert decide_devices(teams, 4) == Release(frozenset(), True)
    assert decide_devices(teams, 10) == Release(frozenset(), False)  # 9 distinct, not 10
