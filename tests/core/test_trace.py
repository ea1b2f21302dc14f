"""The trace format of MEASURES.md §2: strict, with the line number of every error."""

from __future__ import annotations

import pytest

from agent.core.events import Event, EventKind
from agent.core.trace import TraceError, parse_trace

PARIS_8AM_UTC = 1774850400  # 2026-03-30T08:00:00+02:00


def parse(text: str) -> list[Event]:
    return list(parse_trace(text.splitlines(keepends=True), "day.csv"))


def error_of(text: str) -> TraceError:
    with pytest.raises(TraceError) as caught:
        parse(text)
    return caught.value


def test_events_are_utc_seconds_with_their_kind() -> None:
    events = parse(
        "time,event\n"
        "2026-03-30T08:00:00+02:00,input\n"
        "2026-03-30T06:00:05Z,lock\n"
        "2026-03-30T08:00:05+02:00,unlock\n"
    )
    assert events == [
        Event(PARIS_8AM_UTC, EventKind.INPUT),
        Event(PARIS_8AM_UTC + 5, EventKind.LOCK),
        Event(PARIS_8AM_UTC + 5, EventKind.UNLOCK),
    ]


def test_fractions_of_a_second_are_floored() -> None:
    assert parse("time,event\n2026-03-30T08:00:00.999+02:00,input\n")[0].time == PARIS_8AM_UTC


def test_blank_lines_and_crlf_are_accepted() -> None:
    events = parse("time,event\r\n\r\n2026-03-30T08:00:00+02:00,suspend\r\n\r\n")
    assert events == [Event(PARIS_8AM_UTC, EventKind.SUSPEND)]


def test_equal_times_are_in_order() -> None:
    assert (
        len(parse("time,event\n2026-03-30T08:00:00+02:00,input\n2026-03-30T06:00:00Z,lock\n")) == 2
    )


def test_missing_header_names_line_1() -> None:
    error = error_of("2026-03-30T08:00:00+02:00,input\n")
    assert (error.source, error.line) == ("day.csv", 1)
    assert "expected the header `time,event`" in str(error)
    assert str(error).startswith("day.csv:1: ")


def test_empty_file_is_an_error() -> None:
    assert "empty trace" in str(error_of(""))


def test_unknown_event_names_its_line_and_the_known_kinds() -> None:
    error = error_of(
        "time,event\n2026-03-30T08:00:00+02:00,input\n2026-03-30T08:00:01+02:00,keypress\n"
    )
    assert error.line == 3
    assert "unknown event `keypress`" in error.message
    assert "input, lock, unlock, suspend, resume" in error.message


def test_unsorted_line_names_its_line() -> None:
    error = error_of(
        "time,event\n2026-03-30T08:00:10+02:00,input\n2026-03-30T08:00:09+02:00,input\n"
    )
    assert error.line == 3
    assert "out of order" in error.message
    assert "2026-03-30T08:00:09+02:00" in error.message


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("yesterday", "bad time `yesterday`"),
        ("2026-02-30T08:00:00+01:00", "bad time"),
        ("2026-03-30T08:00:00", "has no UTC offset"),
    ],
)
def test_bad_time_names_its_line(time: str, expected: str) -> None:
    error = error_of(f"time,event\n{time},input\n")
    assert error.line == 2
    assert expected in error.message


def test_wrong_number_of_fields_names_its_line() -> None:
    error = error_of("time,event\n2026-03-30T08:00:00+02:00,input,extra\n")
    assert error.line == 2
    assert "expected two fields" in error.message


def test_nothing_is_yielded_past_an_error() -> None:
    events = parse_trace(["time,event\n", "2026-03-30T08:00:00+02:00,input\n", "bad,input\n"], "x")
    assert next(events).time == PARIS_8AM_UTC
    with pytest.raises(TraceError):
        next(events)
