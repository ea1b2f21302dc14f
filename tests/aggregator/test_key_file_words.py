"""The helper's key file's errors in French and in English (issue 14, finding 12).

Every way ``aggregator.helper_keys`` refuses a file or a change is provoked
here, on disk or on the ring: each error carries a reason that the command
line words in French (placeholders all filled, French typography, no English)
while its English message stays the library's. The list of cases is checked
against the reasons the module raises, so that a new one needs its case and
its French. The command line itself is read in both languages, with the
error met directly (``rotate``) and through ``roles.py`` (``serve``).
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aggregator.cli import cli
from aggregator.cli_language import speaking
from aggregator.cli_messages import MESSAGES, error_text
from aggregator.helper_keys import (
    KeyFileError,
    KeyRing,
    create_key_file,
    new_key,
    read_key_ring,
    retire_key,
    rotate_key_file,
)
from aggregator.roles import RoleError, read_helper_keys
from contract.split.codec import b64encode
from contract.split.hpke import generate_keypair
from contract.wording import NBSP as N
from tests.texts.test_typography import english_words, missing_spaces

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 2)
_, PRIVATE = generate_keypair(7)
ENTRY = {"id": 7, "private_key": b64encode(PRIVATE), "created": "2026-12-02"}


def written(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "helper-key.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def reading(content: object) -> Callable[[Path], object]:
    return lambda tmp_path: read_key_ring(written(tmp_path, content))


def full_ring(_tmp_path: Path) -> object:
    ring = KeyRing(new_key(0, TODAY))
    for config_id in range(1, 256):
        ring = ring.rotated(new_key(config_id, TODAY))
    return ring.fresh_id()


def failing_write(tmp_path: Path) -> object:
    in_the_way = tmp_path / "etc"
    in_the_way.write_text("a file where a folder was expected\n")
    return create_key_file(in_the_way / "repit" / "helper-key.json", TODAY)


def current_retired(tmp_path: Path) -> object:
    path = tmp_path / "helper-key.json"
    return retire_key(path, create_key_file(path, TODAY).current.id)


def unknown_retired(tmp_path: Path) -> object:
    path = tmp_path / "helper-key.json"
    current = create_key_file(path, TODAY).current.id
    return retire_key(path, (current + 1) % 256)


def created_twice(tmp_path: Path) -> object:
    create_key_file(tmp_path / "helper-key.json", TODAY)
    return create_key_file(tmp_path / "helper-key.json", TODAY)


CASES: dict[str, Callable[[Path], object]] = {
    "key_unreadable": lambda tmp_path: read_key_ring(tmp_path / "missing" / "helper-key.json"),
    "key_too_large": reading(b" " * (65 * 1024)),
    "key_not_json": reading(b"\xff\xfe"),
    "key_layout": reading([ENTRY]),
    "key_count": reading({"current": 7, "keys": []}),
    "key_fields": reading({"current": 7, "keys": [{"id": 7}]}),
    "key_id_range": reading({"current": 7, "keys": [{**ENTRY, "id": 300}]}),
    "key_created": reading({"current": 7, "keys": [{**ENTRY, "created": 5}]}),
    "key_private": reading({"current": 7, "keys": [{**ENTRY, "private_key": "AAAA"}]}),
    "key_current_missing": reading({"current": 8, "keys": [ENTRY]}),
    "key_id_twice_in": reading({"current": 7, "keys": [ENTRY, ENTRY]}),
    "key_id_twice": lambda _tmp_path: KeyRing(new_key(4, TODAY), (new_key(4, TODAY),)),
    "key_retire_current": current_retired,
    "key_missing": unknown_retired,
    "key_ids_used_up": full_ring,
    "exists": created_twice,
    "unwritable": failing_write,
}


def test_every_reason_the_key_file_raises_has_its_case() -> None:
    module = ast.parse((ROOT / "aggregator/helper_keys.py").read_text(encoding="utf-8"))
    raised = {
        str(node.args[1].value)
        for node in ast.walk(module)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "KeyFileError"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
    }
    assert raised == set(CASES)


@pytest.mark.parametrize("reason", sorted(CASES))
def test_each_key_file_error_is_worded_in_french_and_keeps_its_english(
    reason: str, tmp_path: Path
) -> None:
    with pytest.raises(KeyFileError) as raised:
        CASES[reason](tmp_path)
    error = raised.value
    assert error.reason == reason
    with speaking("fr"):
        french = error_text(error, "role")
    assert french != str(error)
    sentence = french.replace(str(tmp_path), "X").replace("helper-key", "")
    assert english_words(sentence) == [], french
    assert missing_spaces(sentence) == [], french
    assert "'" not in french, french
    with speaking("en"):
        assert error_text(error, "role") == str(error)  # the library's own English
    assert f"role.{reason}" in MESSAGES["en"]


def test_a_write_failure_is_worded_by_errno(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "helper-key.json"
    create_key_file(path, TODAY)

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(KeyFileError) as raised:
        rotate_key_file(path, TODAY)
    assert raised.value.reason == "unwritable"
    with speaking("fr"):
        assert error_text(raised.value, "role") == (
            f"impossible d’écrire {path}{N}: plus de place sur le disque"
        )
    assert str(raised.value) == f"cannot write {path}: No space left on device"


def test_roles_pass_the_reason_and_values_on() -> None:
    with pytest.raises(RoleError) as raised:
        read_helper_keys(Path("/nonexistent/helper-key.json"))
    assert raised.value.reason == "key_unreadable"
    assert raised.value.values["path"] == "/nonexistent/helper-key.json"
    with speaking("fr"):
        assert error_text(raised.value, "role") == (
            f"impossible de lire la clé du second serveur /nonexistent/helper-key.json{N}:"
            " fichier ou dossier introuvable"
        )


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="repit-aggregator")


def test_rotate_says_a_missing_key_file_in_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "x"
    french = run("helper-key", "rotate", "--key-file", str(missing))
    assert french.exit_code == 2 and "Traceback" not in french.output
    assert french.stderr == (
        f"repit-aggregator: impossible de lire la clé du second serveur {missing}{N}:"
        " fichier ou dossier introuvable\n"
    )
    english = run("--language", "en", "helper-key", "rotate", "--key-file", str(missing))
    assert english.stderr == (
        f"repit-aggregator: cannot read the helper key {missing}: No such file or directory\n"
    )


def test_serve_says_a_broken_key_file_in_both_languages(tmp_path: Path) -> None:
    token = tmp_path / "leader-token"
    token.write_text("t" * 40 + "\n")
    key = written(tmp_path, {"current": 7, "keys": [{**ENTRY, "id": 300}]})
    serve = ["serve", "--role", "helper", "--key-file", str(key)]
    serve += ["--leader-token-file", str(token), "--db", str(tmp_path / "helper.db")]
    french = run(*serve)
    assert french.exit_code == 2 and "Traceback" not in french.output
    assert french.stderr == (
        f"repit-aggregator: {key}, keys[0]{N}: «{N}id{N}» doit être un entier de 0 à 255\n"
    )
    english = run("--language", "en", *serve)
    assert english.stderr == (f"repit-aggregator: {key}: keys[0]: `id` must be an integer 0..255\n")
    assert json.loads(key.read_text())["keys"][0]["id"] == 300


def test_a_file_in_the_way_of_the_folder_is_said_not_raised(tmp_path: Path) -> None:
    in_the_way = tmp_path / "etc"
    in_the_way.write_text("a file where a folder was expected\n")
    key, token = in_the_way / "helper-key.json", in_the_way / "leader-token"
    refused = run("helper-key", "create", "--key-file", str(key))
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert refused.stderr == (
        f"repit-aggregator: impossible d’écrire {key}{N}: un fichier de ce nom est dans le chemin\n"
    )
    made = tmp_path / "helper-key.json"
    refused = run("helper-key", "create", "--key-file", str(made), "--token-file", str(token))
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert refused.stderr == (
        f"repit-aggregator: impossible d’écrire {token}{N}:"
        " un fichier de ce nom est dans le chemin\n"
    )
    english = run("--language", "en", "helper-key", "create", "--key-file", str(key))
    assert english.stderr == f"repit-aggregator: cannot write {key}: File exists\n"
