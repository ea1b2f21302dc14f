"""What the tray and ``consent share`` say of a half-done enrollment: what ``status`` says.

A device enrolled at the leader only (the helper's step waits) is in a team,
not in none: the share confirmation names that team and how the enrollment
resumes in the very words of ``repit-agent status``, and says that nothing is
sent yet; so does the line under a chosen ``share``. Pure text functions.
"""

from __future__ import annotations

from typing import Any, Literal

from hypothesis import given
from hypothesis import strategies as st

from agent.participation import PendingTeam
from agent.texts import nothing_sent_note, share_explanation, status_lines, texts

TEAMS = st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True)
RESUMES = st.sampled_from(["at_start", "enroll_again"])
LANGUAGES = st.sampled_from(["fr", "en"])


def half_enrolled_status(team: str, resumes: str, mode: str = "reminders") -> dict[str, Any]:
    pending = {"team": team, "department": "d", "leader_url": "https://l", "resumes": resumes}
    return {"mode": mode, "policy": "p", "team": None, "enrollment_pending": pending}


def status_team_line(status: dict[str, Any], language: str) -> str:
    label = texts(language).status_team
    return next(line for line in status_lines(status, language) if line.startswith(label))


@given(TEAMS, RESUMES, LANGUAGES)
def test_the_share_confirmation_names_the_team_as_status_does(
    team: str, resumes: Literal["at_start", "enroll_again"], language: str
) -> None:
    lines = share_explanation(PendingTeam(team, resumes), language)
    catalogue = texts(language)
    assert lines[:3] == [catalogue.share_question, catalogue.share_what, catalogue.share_values]
    assert lines[3] == status_team_line(half_enrolled_status(team, resumes), language)
    assert lines[4] == catalogue.share_pending_then
    assert catalogue.share_not_enrolled not in lines


@given(TEAMS, RESUMES, LANGUAGES)
def test_the_note_under_share_says_nothing_is_sent_yet_and_names_the_team(
    team: str, resumes: Literal["at_start", "enroll_again"], language: str
) -> None:
    note = nothing_sent_note(PendingTeam(team, resumes), language)
    assert note is not None
    team_line = status_team_line(half_enrolled_status(team, resumes), language)
    assert team_line in note and note != texts(language).share_nothing_sent


def test_the_note_is_there_only_while_nothing_is_sent() -> None:
    assert nothing_sent_note(None, "fr") == texts("fr").share_nothing_sent
    assert nothing_sent_note(("https://repit.example", "team-a"), "fr") is None


@given(TEAMS, RESUMES, LANGUAGES)
def test_status_in_share_mode_says_the_enrollment_is_what_waits(
    team: str, resumes: str, language: str
) -> None:
    lines = status_lines(half_enrolled_status(team, resumes, "share"), language)
    catalogue = texts(language)
    assert any(line.endswith(catalogue.status_share_pending) for line in lines)
    assert not any(line.endswith(catalogue.status_share_not_enrolled) for line in lines)
