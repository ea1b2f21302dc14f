"""The command line's words: French by default, no click English, what ``share`` sends."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from agent.cli import cli
from agent.store import Store
from contract.wording import NBSP

N = NBSP


def run(data_dir: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], input=stdin)


def test_choosing_share_says_what_is_sent_and_that_this_device_is_enrolled_nowhere(
    tmp_path: Path,
) -> None:
    refused = run(tmp_path, "consent", "share", stdin="n\n")
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        f"Seront envoyés, par jour et par semaine, des nombres entiers{N}:",
        f"durées d’écran, pauses, rappels{N}; jamais une heure, un nom ou un texte.",
        f"Cet ordinateur n’est inscrit dans aucune équipe{N}:",
        "rien ne sera envoyé tant que votre administrateur ne l’aura pas inscrit.",
        f"Partager des sommes anonymes avec votre équipe{N}? [o/N] n",
        f"Rien n’a changé{N}: la participation reste «{N}Pas encore choisie{N}».",
    ]
    assert Store.open(tmp_path / "repit.db").mode() is None


def test_share_is_chosen_on_a_yes_in_the_language_of_the_person(tmp_path: Path) -> None:
    accepted = run(tmp_path, "consent", "share", stdin="oui\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert accepted.stderr.splitlines()[-1] == (
        f"Participation{N}: Rappels et partage anonyme — "
        "des rappels, et des sommes anonymes pour votre équipe."
    )
    english = run(tmp_path, "consent", "reminders", "--language", "en")
    assert english.stderr == (
        "Participation: Reminders only — reminders; everything stays on this computer.\n"
    )


def test_no_answer_at_all_is_a_no_without_aborted(tmp_path: Path) -> None:
    result = run(tmp_path, "consent", "share")  # end of input at once
    assert result.exit_code == 2
    assert "Aborted" not in result.output + result.stderr
    assert "[y/N]" not in result.stderr


def test_forget_asks_in_french_and_counts_in_french(tmp_path: Path) -> None:
    run(tmp_path, "consent", "reminders")
    result = run(tmp_path, "forget", stdin="o\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Efface de cet ordinateur{N}: activité")
    assert lines[1] == f"Effacer toutes les données de Répit dans {tmp_path}{N}? [o/N] o"
    assert lines[2] == f"1 fichier effacé dans {tmp_path}."


def test_status_says_until_when_reminders_are_paused_in_words(tmp_path: Path) -> None:
    run(tmp_path, "consent", "reminders")
    store = Store.open(tmp_path / "repit.db")
    store.set_setting("paused_until", str(2_000_000_000))  # 2033-05-18, 05:33 in Paris
    store.close()
    result = run(tmp_path, "status")
    assert f"Rappels{N}: suspendus jusqu’au 18 mai, 5{N}h{N}33" in result.stdout.splitlines()
    assert f"Équipe{N}: aucune, cet ordinateur n’est inscrit dans aucune équipe" in result.stdout


def test_the_readable_export_has_french_headers_and_local_times(tmp_path: Path) -> None:
    run(tmp_path, "consent", "reminders")
    store = Store.open(tmp_path / "repit.db")
    store.add_snooze(1_772_437_380)  # 2026-03-02 08:43 in Paris
    store.close()
    page = tmp_path / "mes-donnees.html"
    result = run(tmp_path, "export", "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Données exportées dans {page}.\n"
    text = page.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text
    assert "<h2>Rappels reportés ou suspendus</h2>" in text
    assert f"<td>2026-03-02 8{N}h{N}43</td>" in text
    assert (
        "<h2>Réglages</h2>" in text and "<td>Participation</td><td>Rappels seulement</td>" in text
    )
    assert json.loads(run(tmp_path, "export").stdout)["snoozes"] == [{"time": 1_772_437_380}]
