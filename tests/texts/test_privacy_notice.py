"""The privacy notice pages: both languages, the same sections, the facts that matter."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agent.privacy import PLACEHOLDERS, notice_path, render_notice

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.h2: list[str] = []
        self.resources: list[str] = []
        self.text: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action"}:
                self.resources.append(f"{tag} {name}={value}")
        if tag in {"script", "link", "iframe", "img", "object", "embed"}:
            self.resources.append(tag)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.h2[-1] += data


def parse(language: str) -> tuple[Page, str]:
    source = notice_path(language).read_text(encoding="utf-8")
    page = Page()
    page.feed(source)
    page.close()
    return page, " ".join(" ".join(page.text).split())


NEVER_RECORDED = {
    "fr": [
        "les touches frappées",
        "les boutons de souris",
        "la position du pointeur",
        "le contenu de l’écran",
        "les titres des fenêtres",
        "les noms des applications",
        "les noms des fichiers",
        "l’activité réseau",
        "la localisation",
    ],
    "en": [
        "the keys you type",
        "the mouse buttons",
        "the position of the pointer",
        "what is on the screen",
        "window titles",
        "application names",
        "file names",
        "network activity",
        "location",
    ],
}

KEY_FACTS = {
    "fr": [
        "35 jours",
        "400 jours",
        "au moins 11 postes",
        "suppression complémentaire",
        "Aucun identifiant de personne, aucune heure de la journée",
        "repit-agent forget",
        "repit-agent consent off",
        "Mon rapport",
        "facultative",
        "rien ne quitte votre poste",
    ],
    "en": [
        "35 days",
        "400 days",
        "at least 11 computers",
        "complementary suppression",
        "No personal identifier, no time of day",
        "repit-agent forget",
        "repit-agent consent off",
        "My report",
        "optional",
        "nothing leaves your computer",
    ],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_exists_and_is_well_formed(language: str) -> None:
    path = notice_path(language)
    assert path.name == f"notice.{language}.html" and path.is_file()
    page, _ = parse(language)
    assert page.problems == [] and page.stack == []
    assert f'<html lang="{language}">' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_is_self_contained(language: str) -> None:
    page, _ = parse(language)
    assert page.resources == []
    source = notice_path(language).read_text(encoding="utf-8")
    assert "url(" not in source and "@import" not in source and "<script" not in source


def test_both_languages_have_the_same_sections() -> None:
    french, _ = parse("fr")
    english, _ = parse("en")
    assert len(french.h2) == len(english.h2) == 9
    ids = [
        re.findall(r'<h2 id="([^"]+)"', notice_path(lang).read_text("utf-8"))
        for lang in ("fr", "en")
    ]
    assert len(ids[0]) == len(ids[1]) == 9


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_never_recorded_list_is_complete(language: str) -> None:
    _, text = parse(language)
    for thing in NEVER_RECORDED[language]:
        assert thing in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_key_facts_are_stated(language: str) -> None:
    _, text = parse(language)
    for fact in KEY_FACTS[language]:
        assert fact in text, fact


def test_unknown_languages_get_french() -> None:
    assert notice_path("de") == notice_path("fr")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_contacts_are_placeholders_a_deployment_fills(language: str) -> None:
    source = notice_path(language).read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        assert "{{" + name + "}}" in source
    filled = render_notice(
        language,
        prevention_contact="prevention@region.example <bureau 12>",
        dpo_contact="dpo@region.example",
    )
    assert "{{" not in filled
    assert "prevention@region.example &lt;bureau 12&gt;" in filled
    assert "dpo@region.example" in filled


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_notice_opened_from_the_tray_names_the_deployments_contacts(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.privacy import write_notice

    config = tmp_path / "agent.toml"
    config.write_text(
        '[contacts]\nprevention = "prevention@region.example"\ndpo = "dpo@region.example"\n'
    )
    monkeypatch.setenv("REPIT_CONFIG", str(config))
    page = write_notice(language, tmp_path / "data").read_text(encoding="utf-8")
    assert "prevention@region.example" in page
    assert "dpo@region.example" in page
    assert "{{" not in page


def test_without_configured_contacts_the_notice_says_whom_to_ask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.privacy import write_notice

    monkeypatch.setenv("REPIT_CONFIG", str(tmp_path / "absent.toml"))
    page = write_notice("fr", tmp_path).read_text(encoding="utf-8")
    assert "le délégué à la protection des données de votre collectivité" in page
    assert "{{" not in page
