"""The person's own report page: complete, accessible, self-contained, in French or English."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from agent.core.contribution import DayReminders
from agent.core.reminders import ReminderKind
from agent.report import ReportData, format_duration, render_report
from tests.report.htmltree import parse, words
from tests.report.sample import DEFAULT_POLICY, day, realistic_month, week

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def month() -> ReportData:
    return realistic_month()


@pytest.fixture(scope="module")
def page_fr(month: ReportData) -> str:
    return render_report(month)


@pytest.fixture(scope="module")
def page_en(month: ReportData) -> str:
    return render_report(month, language="en")


def small(**changes: object) -> ReportData:
    """Three completed days and one week, for checks by hand."""
    data = ReportData(
        generated_at="2026-03-12T18:30:00",
        policy_name="Politique de test",
        days=[
            day("2026-03-09", 480, first="08:00", last="17:30", breaks=5, stretch=50),
            day(
                "2026-03-10",
                615,
                first="07:45",
                last="21:05",
                breaks=2,
                stretch=380,
                after_hours=125,
                night=0,
                rest_before=780,
                no_break_6h=True,
            ),
            day("2026-03-11", 0),
        ],
        weeks=[week("2026-W11", 1095)],
        reminders={
            "2026-03-09": DayReminders({ReminderKind.BREAK: 2}, breaks_after_reminder=1),
            "2026-03-10": DayReminders(
                {ReminderKind.BREAK: 3, ReminderKind.DISCONNECT: 2, ReminderKind.DAILY_LIMIT: 1},
                breaks_after_reminder=1,
                snoozed=1,
            ),
        },
        daily_limit_minutes=DEFAULT_POLICY.daily_limit.minutes,
        every_minutes=DEFAULT_POLICY.breaks.every_minutes,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def curly(text: str) -> str:
    """A French text as the page prints it: curly apostrophes (``words`` folds the spaces)."""
    return text.replace("'", "\u2019")


def summary(root: ET.Element) -> dict[str, str]:
    (dl,) = root.iter("dl")
    return {
        words(item.find("dt")): words(item.find("dd"))  # type: ignore[arg-type]
        for item in dl.iter("div")
    }


def rows(root: ET.Element, table_class: str) -> list[list[str]]:
    (table,) = [t for t in root.iter("table") if t.get("class") == table_class]
    body = table.find("tbody")
    assert body is not None
    return [[words(cell) for cell in row] for row in body.iter("tr")]


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(markup) for markup in re.findall(r"<svg\b.*?</svg>", page, re.S)]


def d(minutes: int) -> str:
    return words(format_duration(minutes))


# --------------------------------------------------------------------------- structure


def test_page_is_well_formed_and_accessible(page_fr: str) -> None:
    root = parse(page_fr)
    assert root.get("lang") == "fr"
    title = root.find("head/title")
    assert title is not None and "Répit" in words(title)
    assert root.find("head/meta[@charset='utf-8']") is not None
    figures = list(root.iter("figure"))
    assert len(figures) == 2
    for figure in figures:
        chart = figure.find("svg")
        caption = figure.find("figcaption")
        assert chart is not None and caption is not None and words(caption)
        assert chart.get("role") == "img"
        assert chart.get("aria-label")
    for table in root.iter("table"):
        assert table.find("caption") is not None
        headers = table.findall("thead/tr/th")
        assert headers and all(h.get("scope") == "col" and words(h) for h in headers)
        assert all(row.find("th[@scope='row']") is not None for row in table.iterfind("tbody/tr"))
    assert len(svgs(page_fr)) == 2  # the SVG parts are well-formed XML on their own


def test_page_is_self_contained(page_fr: str, page_en: str) -> None:
    for page in (page_fr, page_en):
        lowered = page.lower()
        assert "<script" not in lowered
        assert "http://" not in lowered and "https://" not in lowered
        assert "<link" not in lowered and "<img" not in lowered and "<iframe" not in lowered
        assert "src=" not in lowered and "href=" not in lowered and "url(" not in lowered
        assert "@import" not in lowered
        assert " on" + "load=" not in lowered and "onclick" not in lowered


# --------------------------------------------------------------------------- content


def test_french_by_default_with_the_privacy_promise_at_the_top(page_fr: str) -> None:
    root = parse(page_fr)
    header = root.find("body/header")
    assert header is not None
    assert "Ce rapport ne quitte pas votre poste" in words(header)
    assert "Établi le 30/03/2026 à 12:15" in words(header)
    assert "Région — Direction des finances" in words(header)
    headings = [words(h) for h in root.iter("h2")]
    assert "Résumé de la période" in headings
    assert "Les jours en détail" in headings
    assert curly("activité à l'écran, pas votre temps de travail") in words(root)


def test_every_day_is_in_the_table_with_its_formatted_values(month: ReportData) -> None:
    root = parse(render_report(month))
    table = rows(root, "days")
    assert len(table) == len(month.days) == 30
    weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    for row, figures in zip(table, month.days, strict=True):
        year, mon, dd = figures.date.split("-")
        assert row[0] == f"{dd}/{mon}/{year}"
        assert row[1] in weekdays
        assert row[2] == d(figures.active_minutes)
        if figures.first_activity is None:
            assert row[3] == "—"
        else:
            assert row[3] == f"{figures.first_activity} – {figures.last_activity}"
            assert row[4] == d(figures.amplitude_minutes)
        assert row[5] == str(figures.breaks)
        assert row[6] == d(figures.longest_stretch_minutes)
        assert row[7] == d(figures.after_hours_minutes)
        assert row[8] == d(figures.night_minutes)
        if figures.rest_before_minutes is not None:
            assert row[9] == d(figures.rest_before_minutes)
    monday = next(r for r in table if r[0] == "30/03/2026")
    assert monday[1] == "lundi"
    assert "journée en cours" in monday[10]


def test_day_values_are_formatted_in_hours_and_minutes() -> None:
    root = parse(render_report(small()))
    table = rows(root, "days")
    assert table[0][:7] == [
        "09/03/2026",
        "lundi",
        "8 h",
        "08:00 – 17:30",
        "9 h 30",
        "5",
        "50 min",
    ]
    long_day = table[1]
    assert long_day[2] == "10 h 15"
    assert long_day[7] == "2 h 05"
    assert long_day[9] == "13 h"
    for flag in ("au-delà de 10 h", "6 h sans pause de 20 min", "séance ≥ 1 h"):
        assert flag in long_day[10]
    assert table[2][2:4] == ["0 min", "—"]


def test_every_week_is_in_the_table(month: ReportData) -> None:
    root = parse(render_report(month))
    table = rows(root, "weeks")
    assert [r[0] for r in table] == [
        f"semaine {int(w.week[-2:])} de {w.week[:4]}" for w in month.weeks
    ]  # "semaine 10 de 2026", not "2026-W10"
    assert [r[2] for r in table] == [d(w.active_minutes) for w in month.weeks]
    assert table[-1][1] == "30/03 – 05/04"
    assert "semaine en cours" in table[-1][3]
    heavy = next(r for r, w in zip(table, month.weeks, strict=True) if w.over_48h)
    assert "au-delà de 48 h" in heavy[3] and "repos hebdomadaire < 35 h" in heavy[3]


def test_summary_of_the_period() -> None:
    found = summary(parse(render_report(small())))
    assert found[curly("Jours avec de l'activité à l'écran")] == "2 sur 3"
    assert found[curly("Temps d'écran moyen par jour actif")] == "9 h 07"  # (480 + 615) // 2
    assert found["Jours au-delà de 7 h"] == "2 sur 2"
    assert found["Jours au-delà de 10 h"] == "1 sur 2"
    assert found[curly("Jours avec de l'activité hors de vos horaires")] == "1 sur 2"
    assert found[curly("Jours avec de l'activité le soir ou la nuit")] == "0 sur 2"
    assert found[curly("Jours non travaillés avec de l'activité")] == "0"
    assert found["Repos de moins de 11 h avant la journée"] == "0"
    assert found[curly("Jours avec 6 h d'écran sans pause de 20 min")] == "1 sur 2"
    assert found["Pauses par jour actif"] == "3,5"
    assert found["Rappels affichés"] == "8 (pause 5, déconnexion 2, repère quotidien 1)"
    assert found[curly("Rappels de pause suivis d'une pause dans les 10 min")] == "2 sur 5"
    assert found["Rappels reportés ou mis en pause"] == "1"


def test_the_current_day_is_shown_but_left_out_of_the_summary() -> None:
    data = small(
        days=[*small().days, day("2026-03-12", 700, first="07:00", last="19:00")],
        reminders={**small().reminders, "2026-03-12": DayReminders({ReminderKind.BREAK: 4})},
        today="2026-03-12",
    )
    root = parse(render_report(data))
    found = summary(root)
    assert found[curly("Jours avec de l'activité à l'écran")] == "2 sur 3"
    assert found["Jours au-delà de 10 h"] == "1 sur 2"
    assert found["Rappels affichés"].startswith("8 ")
    today_row = rows(root, "days")[-1]
    assert today_row[2] == "11 h 40" and "journée en cours" in today_row[10]
    assert "La journée en cours (12/03/2026)" in words(root)
    (day_chart, _) = svgs(render_report(data))
    last_bar = [r for r in day_chart.iter("rect") if "bar" in r.get("class", "").split()][-1]
    assert "bar-muted" in last_bar.get("class", "")


def test_charts_have_one_bar_per_period_and_the_limit_marks(month: ReportData) -> None:
    page = render_report(month)
    day_chart, week_chart = svgs(page)

    def bar_count(chart: ET.Element) -> int:
        return sum("bar" in r.get("class", "").split() for r in chart.iter("rect"))

    def mark_labels(chart: ET.Element) -> list[str]:
        return [words(t) for t in chart.iter("text") if t.get("class") == "mark-label"]

    assert bar_count(day_chart) == 30
    assert bar_count(week_chart) == 12
    assert mark_labels(day_chart) == ["repère 7 h", "maximum 10 h"]
    assert mark_labels(week_chart) == ["48 h", "44 h (moy.)"]
    parts = [r for r in day_chart.iter("rect") if r.get("class") == "bar-part"]
    assert len(parts) == sum(1 for x in month.days if x.after_hours_minutes > 0)
    tooltips = [words(t) for t in day_chart.iter("title")]
    assert "30/03 : 3 h 10 (hors horaires : 0 min)" in tooltips


def test_reminders_per_kind_per_week() -> None:
    root = parse(render_report(small()))
    (headers,) = [t for t in root.iter("table") if t.get("class") == "reminders"]
    assert [words(h) for h in headers.findall("thead/tr/th")] == [
        "Semaine",
        "Pause",
        "Déconnexion",
        "Repos court",
        "Repère quotidien",
        "Total",
        "Pauses prises après un rappel",
        "Reportés",
    ]
    assert rows(root, "reminders") == [["semaine 11 de 2026", "5", "2", "0", "1", "8", "2", "1"]]
    quiet = parse(render_report(small(reminders={})))
    assert "Aucun rappel enregistré sur la période." in words(quiet)


def test_daily_limit_and_break_interval_come_from_the_data() -> None:
    page = render_report(small(daily_limit_minutes=450, every_minutes=90))
    root = parse(page)
    assert "Jours au-delà de 7 h 30" in summary(root)
    day_chart, _ = svgs(page)
    assert "repère 7 h 30" in [words(t) for t in day_chart.iter("text")]
    assert "séance ≥ 1 h 30" in rows(root, "days")[1][10]


# --------------------------------------------------------------------------- English


def test_english_on_request(page_en: str) -> None:
    root = parse(page_en)
    assert root.get("lang") == "en"
    assert "This report never leaves your computer" in words(root)
    main_text = [
        words(e)
        for tag in ("title", "h1", "h2", "caption", "figcaption", "th", "dt")
        for e in root.iter(tag)
    ]
    french = re.compile(
        r"[éèêàùçô]|\b(jours?|semaines?|votre|vos|rappels?|pauses?|repos|résumé|"
        r"lundi|mardi|samedi|dimanche|heures?)\b",
        re.IGNORECASE,
    )
    leftovers = [t for t in main_text if french.search(t.replace("Répit", ""))]
    assert leftovers == []
    # Nothing French anywhere but the product's and the policy's names.
    body = words(root).replace("Répit", "").replace("Région — Direction des finances", "")
    assert not re.search(r"[éèêàùçô]", body), re.findall(r"\S*[éèêàùçô]\S*", body)
    assert "Summary of the period" in main_text
    assert "Generated on 2026-03-30 at 12:15" in words(root)
    assert rows(root, "days")[-1][:2] == ["2026-03-30", "Monday"]


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize(
    ("language", "wording"),
    [("fr", "Pas encore de données"), ("en", "No data yet")],
)
def test_no_days_gives_a_friendly_page(language: str, wording: str) -> None:
    data = ReportData(
        generated_at="2026-03-30T09:00:00",
        policy_name="P",
        days=[],
        weeks=[],
        reminders={},
        daily_limit_minutes=DEFAULT_POLICY.daily_limit.minutes,
        every_minutes=DEFAULT_POLICY.breaks.every_minutes,
    )
    page = render_report(data, language)  # type: ignore[arg-type]
    root = parse(page)
    assert root.get("lang") == language
    assert wording in [words(h) for h in root.iter("h2")]
    assert "<svg" not in page and "<table" not in page and "<script" not in page.lower()


def test_values_are_escaped() -> None:
    page = render_report(small(policy_name='<b>Région</b> & "co"'))
    assert "<b>" not in page
    assert "&lt;b&gt;Région&lt;/b&gt; &amp;" in page
    root = parse(page)
    assert 'Règles appliquées : <b>Région</b> & "co"' in words(root)


def test_weeks_without_days_and_an_odd_generated_at_still_render() -> None:
    page = render_report(small(weeks=[], generated_at="not a date"))
    root = parse(page)
    assert "Établi le not a date" in words(root)
    assert len(svgs(page)) == 1
    assert not [t for t in root.iter("table") if t.get("class") == "weeks"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        render_report(small(), "de")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- artifact


def test_realistic_report_file_and_screenshot(month: ReportData, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_report(month), encoding="utf-8")
    parse(report.read_text(encoding="utf-8"))
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed: the report was written, not screenshot")
    screenshot = tmp_path / "report.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            f"--screenshot={screenshot}",
            "--window-size=1280,4200",
            report.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert screenshot.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        (None, curly("Choisissez d'abord votre participation")),
        ("off", "Votre participation est désactivée"),
        ("reminders", "dès votre première activité"),
    ],
)
def test_an_empty_report_says_what_to_do(mode: str | None, says: str) -> None:
    data = ReportData(
        generated_at="2026-03-30T09:00:00",
        policy_name="P",
        days=[],
        weeks=[],
        reminders={},
        daily_limit_minutes=DEFAULT_POLICY.daily_limit.minutes,
        every_minutes=DEFAULT_POLICY.breaks.every_minutes,
        mode=mode,
    )
    page = render_report(data, "fr")
    assert says in " ".join(words(p) for p in parse(page).iter("p"))
    assert "revenez dans quelque temps" not in page
