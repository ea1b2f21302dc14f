"""The helper's key file: created once, rotated and retired atomically, owner-only.

The ring's rules are properties (any sequence of rotations and retirements
keeps ids unique, the current key in front, the document round-trips); the
file's are tried on disk, a crash in the middle of a write included.
"""

from __future__ import annotations

import json
import os
import random
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.cli import cli
from aggregator.cli_language import speaking
from aggregator.cli_split import kept_key_lines
from aggregator.helper_keys import (
    HelperKey,
    KeyFileError,
    KeyRing,
    create_key_file,
    from_document,
    new_key,
    read_key_ring,
    retire_key,
    rotate_key_file,
    to_document,
)
from aggregator.roles import HelperRole, RoleError, read_helper_key, read_helper_keys
from contract.split.codec import b64encode
from contract.split.hpke import generate_keypair
from contract.wording import NBSP as N

TODAY = date(2026, 12, 2)


def seeded(seed: int) -> random.Random:
    return random.Random(seed)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_writes_one_current_key_owner_only_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "helper-key.json"
    ring = create_key_file(path, TODAY)
    assert mode_of(path) == 0o600
    assert read_key_ring(path) == ring and ring.retired == ()
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="never overwritten"):
        create_key_file(path, TODAY)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["helper-key.json"]  # no temporary left


def test_rotate_adds_a_fresh_current_key_and_keeps_the_old_one_for_opening(
    tmp_path: Path,
) -> None:
    path = tmp_path / "helper-key.json"
    first = create_key_file(path, date(2026, 1, 5)).current
    rotated = rotate_key_file(path, TODAY)
    assert rotated.current.id != first.id and rotated.current.created == TODAY.isoformat()
    assert rotated.retired == (first,)
    assert read_key_ring(path) == rotated and mode_of(path) == 0o600
    # The running helper's view: the current key published, the old one still opens.
    role = HelperRole.of_ring("t" * 40, read_helper_keys(path))
    assert role.hpke_config == rotated.current.config
    assert role.opening_key(first.id) == (first.config, first.private_key)
    assert role.opening_key(rotated.current.id) == (
        rotated.current.config,
        rotated.current.private_key,
    )
    assert read_helper_key(path) == (rotated.current.config, rotated.current.private_key)


def test_retire_drops_a_retired_key_but_never_the_current_one(tmp_path: Path) -> None:
    path = tmp_path / "helper-key.json"
    first = create_key_file(path, TODAY).current
    current = rotate_key_file(path, TODAY).current
    with pytest.raises(KeyFileError, match="current one: rotate first"):
        retire_key(path, current.id)
    unknown = next(i for i in range(256) if i not in (first.id, current.id))
    with pytest.raises(KeyFileError, match=f"no key {unknown} in this file"):
        retire_key(path, unknown)
    left = retire_key(path, first.id)
    assert left == KeyRing(current) == read_key_ring(path)
    role = HelperRole.of_ring("t" * 40, left)
    assert role.opening_key(first.id) is None
    assert mode_of(path) == 0o600


def test_a_write_that_fails_midway_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "helper-key.json"
    create_key_file(path, TODAY)
    before = path.read_bytes()

    def power_cut(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(KeyFileError, match=r"cannot write .*Input/output error"):
        rotate_key_file(path, TODAY)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["helper-key.json"]


def test_a_file_with_an_id_twice_or_a_current_key_missing_is_refused(tmp_path: Path) -> None:
    _, private = generate_keypair(7)
    entry = {"id": 7, "private_key": b64encode(private), "created": ""}
    path = tmp_path / "helper-key.json"
    path.write_text(json.dumps({"current": 7, "keys": [entry, entry]}))
    with pytest.raises(RoleError, match="key id 7 appears twice"):
        read_helper_keys(path)
    path.write_text(json.dumps({"current": 8, "keys": [entry]}))
    with pytest.raises(RoleError, match="`current` names key 8"):
        read_helper_keys(path)
    path.write_text(json.dumps({"current": 7, "keys": [{**entry, "id": 300}]}))
    with pytest.raises(RoleError, match=r"keys\[0\]: `id` must be an integer 0..255"):
        read_helper_keys(path)
    path.write_text(json.dumps({"current": 7, "keys": [{**entry, "private_key": "AAAA"}]}))
    with pytest.raises(RoleError, match=r"keys\[0\]: HPKE private key: expected 32 bytes"):
        read_helper_keys(path)


def test_a_huge_or_broken_file_is_refused_before_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "helper-key.json"
    path.write_bytes(b"[" * (1024 * 1024))
    with pytest.raises(RoleError, match="over 64 KiB"):
        read_helper_keys(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(RoleError, match="JSON expected"):
        read_helper_keys(path)
    with pytest.raises(RoleError, match="cannot read"):
        read_helper_keys(tmp_path / "missing.json")


def test_a_key_file_of_the_first_layout_reads_as_one_current_key(tmp_path: Path) -> None:
    config, private = generate_keypair(42)
    path = tmp_path / "helper-key.json"
    path.write_text(json.dumps({"id": 42, "private_key": b64encode(private)}))
    ring = read_key_ring(path)
    assert ring.current.config == config and ring.retired == ()
    assert rotate_key_file(path, TODAY).retired[0].config == config  # and it rotates


def test_fresh_ids_avoid_every_kept_one_and_run_out_clearly() -> None:
    ring = KeyRing(new_key(0, TODAY))
    for config_id in range(1, 256):
        ring = ring.rotated(new_key(config_id, TODAY))
    with pytest.raises(KeyFileError, match="all 256 key ids are kept: retire some first"):
        ring.fresh_id()
    assert ring.without(9).fresh_id() == 9


operations = st.lists(st.one_of(st.just("rotate"), st.integers(0, 5)), max_size=12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=operations)
def test_any_rotations_and_retirements_keep_ids_unique_and_the_file_round_trips(
    seed: int, steps: list[str | int]
) -> None:
    rng = seeded(seed)
    rand = rng.randbytes
    ring = KeyRing(new_key(rng.randrange(256), TODAY))
    for step in steps:
        if step == "rotate":
            before = ring
            ring = ring.rotated(new_key(ring.fresh_id(rand), TODAY))
            assert ring.retired[0] == before.current, f"seed {seed}"
        elif ring.retired:
            gone = ring.retired[int(step) % len(ring.retired)]
            ring = ring.without(gone.id)
            assert ring.key_for(gone.id) is None, f"seed {seed}"
        ids = [key.id for key in ring.keys]
        assert len(set(ids)) == len(ids), f"seed {seed}"
        assert from_document(json.loads(json.dumps(to_document(ring))), "f") == ring, f"seed {seed}"


def test_the_commands_rotate_and_retire_say_what_the_file_keeps(tmp_path: Path) -> None:
    path = tmp_path / "helper-key.json"
    first = create_key_file(path, date(2026, 1, 5)).current.id
    runner = CliRunner()
    rotated = runner.invoke(cli, ["helper-key", "rotate", "--key-file", str(path)])
    assert rotated.exit_code == 0, rotated.output
    current = json.loads(rotated.stdout)
    assert current["id"] != first and current == read_key_ring(path).current.config.to_json()
    said = rotated.stderr.splitlines()
    assert said[0] == f"{path} garde{N}:"
    assert said[1].startswith(f"  clé {current['id']}, courante, créée le ")
    assert said[2] == f"  clé {first}, retirée, ouvre encore des rapports, créée le 5 janvier 2026"
    assert said[3] == "Rechargez le second serveur pour l’utiliser (systemctl reload repit-helper)."
    refused = runner.invoke(
        cli, ["helper-key", "retire", "--key-file", str(path), "--id", str(current["id"])]
    )
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert refused.stderr == (
        f"repit-aggregator: la clé {current['id']} est la clé courante{N}: renouvelez d’abord"
        " (helper-key rotate), puis retirez-la une fois arrivés les rapports scellés avec elle\n"
    )
    retired = runner.invoke(
        cli,
        ["--language", "en", "helper-key", "retire", "--key-file", str(path), "--id", str(first)],
    )
    assert retired.exit_code == 0, retired.output
    left = read_key_ring(path)
    assert left.key_for(first) is None
    made = date.fromisoformat(left.current.created)
    assert retired.stderr.splitlines()[1:] == [
        f"  key {current['id']}: current, made {made:%-d %B %Y}",
        "Reload the helper to use it (systemctl reload repit-helper).",
    ]
    again = runner.invoke(cli, ["helper-key", "create", "--key-file", str(path)])
    assert again.exit_code == 2 and f"existe déjà{N}; il n’est jamais écrasé" in again.stderr
    assert read_key_ring(path).current.id == current["id"]


def test_each_kept_key_is_a_line_in_the_language_with_its_day_in_words() -> None:
    unknown_day = HelperKey(new_key(9, TODAY).config, b"", "")
    ring = KeyRing(new_key(17, TODAY), (new_key(3, date(2026, 1, 5)), unknown_day))
    with speaking("fr"):
        assert kept_key_lines(ring) == [
            "clé 17, courante, créée le 2 décembre 2026",
            "clé 3, retirée, ouvre encore des rapports, créée le 5 janvier 2026",
            "clé 9, retirée, ouvre encore des rapports",
        ]
    with speaking("en"):
        assert kept_key_lines(ring)[:2] == [
            "key 17: current, made 2 December 2026",
            "key 3: retired, still opens reports, made 5 January 2026",
        ]
        free_text = KeyRing(HelperKey(ring.current.config, b"", "before the move"))
        assert kept_key_lines(free_text) == ["key 17: current, made before the move"]
