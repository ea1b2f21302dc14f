"""Reader authentication, written once (``aggregator.identity``) for the API and the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from aggregator import auth
from aggregator.identity import Reader, Refusal, reader_of
from aggregator.storage import Storage

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY = date(2026, 1, 1)


def test_a_token_is_checked_first_and_a_device_never_reads() -> None:
    storage = Storage.in_memory()
    password = auth.create_account(storage, "agnes", auth.Role.READER, DAY)
    api_token = auth.create_api_token(storage, "agnes", DAY)
    (code,) = auth.new_enrollment_codes(storage, "team-a", 1, DAY)
    enrolled = auth.enroll(storage, code, DAY)
    assert enrolled is not None
    who = auth.check_password(storage, "agnes", password)
    assert who is not None
    session = auth.open_session(storage, who, NOW)

    found = reader_of(storage, api_token, None, NOW)
    assert isinstance(found, Reader) and found.account.name == "agnes" and found.csrf is None
    assert reader_of(storage, enrolled[0], session.token, NOW) is Refusal.DEVICE
    # A token, even a wrong one, is what is judged: the session beside it is not used.
    assert reader_of(storage, "made-up", session.token, NOW) is Refusal.UNKNOWN_TOKEN
    by_session = reader_of(storage, None, session.token, NOW)
    assert by_session == Reader(who, session.csrf)
    assert reader_of(storage, None, None, NOW) is Refusal.NOTHING
    assert reader_of(storage, None, "made-up", NOW) is Refusal.NOTHING
    later = NOW + auth.SESSION_LIFETIME + timedelta(seconds=1)
    assert reader_of(storage, None, session.token, later) is Refusal.NOTHING
    storage.close()
