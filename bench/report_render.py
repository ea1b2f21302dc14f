"""Benchmark: rendering a department's report page, 50 teams × 12 months of data.

Seeds an in-memory aggregator database with one department of 50 teams (8 to
30 devices each, so that some are held back and complementary suppression
runs) and 12 months of batch sums, written straight into the sums tables (the
ingest path has its own benchmark). Then renders the department page exactly
as ``GET /groups/{id}`` does (``build_report`` through ``released_stats``,
then ``render_html``) N times and prints the median and the worst, against
the 300 ms target. The CSV and the PDF are timed once each, for information.

    .venv/bin/python bench/report_render.py [--teams 50] [--runs 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aggregator.reports import build_report, render_csv, render_html, render_pdf  # noqa: E402
from aggregator.reports.content import shift_month  # noqa: E402
from aggregator.reports.render import Links  # noqa: E402
from aggregator.storage import Storage, sums_table  # noqa: E402
from contract.contribution import FIELDS, Kind  # noqa: E402
from contract.policy.loader import load_policy_folder  # noqa: E402

TARGET_MS = 300.0
MONTH = "2026-02"
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def write_policies(folder: Path, teams: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default.toml").write_text((ROOT / "policies" / "default.toml").read_text())
    lines = [
        "[policy]",
        'id = "bench"',
        'name = "Direction du banc d\'essai"',
        'extends = "default"',
        "",
    ]
    for index in range(teams):
        lines += ["[[teams]]", f'id = "bench-{index:02d}"', f'name = "Équipe {index:02d}"', ""]
    (folder / "bench.toml").write_text("\n".join(lines))
    return folder


def seed(storage: Storage, teams: int, months: list[str], rng: random.Random) -> None:
    """Plausible monthly batch sums for every team and month."""
    day_rows, week_rows = [], []
    for index in range(teams):
        devices = rng.randint(8, 30)
        for month in months:
            days = devices * rng.randint(15, 21)
            day = {f.name: 0 for f in FIELDS[Kind.DAY]}
            day.update(
                reports=devices * 28,
                active_day=days,
                working_day=devices * 20,
                active_minutes=days * rng.randint(300, 480),
                after_hours_minutes=days * rng.randint(5, 60),
                breaks=days * rng.randint(2, 6),
            )
            for bucket in range(4, 12):
                day[f"hours_{bucket}"] = days // 8
            for name in (
                "after_hours_active",
                "night_active",
                "non_working_day_active",
                "active_over_10h",
                "amplitude_over_12h",
                "rest_under_11h",
                "no_break_6h",
                "long_stretch",
            ):
                day[name] = rng.randint(0, days // 3)
            day["reminders_break"] = days * 2
            day["breaks_after_reminder"] = days
            day["reminders_disconnect"] = rng.randint(0, days)
            weeks = devices * 4
            week = {f.name: 0 for f in FIELDS[Kind.WEEK]}
            week.update(
                reports=weeks,
                active_week=weeks,
                active_minutes=weeks * 2200,
                over_48h=rng.randint(0, weeks // 5),
                rest_under_35h=rng.randint(0, weeks // 5),
                avg_12w_over_44h=rng.randint(0, weeks // 8),
            )
            team = f"bench-{index:02d}"
            day_rows.append({"team": team, "month": month, "devices": devices, **day})
            week_rows.append({"team": team, "month": month, "devices": devices, **week})
    with storage.transaction() as db:
        db.table(sums_table(Kind.DAY)).insert_all(day_rows)
        db.table(sums_table(Kind.WEEK)).insert_all(week_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        policies = load_policy_folder(write_policies(Path(folder) / "policies", args.teams))
    storage = Storage.in_memory()
    months = [shift_month(MONTH, offset) for offset in range(-11, 1)]
    seed(storage, args.teams, months, random.Random(7))
    links = Links(
        home="/?lang=fr",
        switch=f"/groups/bench?month={MONTH}&lang=en",
        csv=f"/groups/bench.csv?month={MONTH}&lang=fr",
        pdf=f"/groups/bench.pdf?month={MONTH}&lang=fr",
        compare=f"/groups/bench/compare?around={MONTH}&months=3&lang=fr",
        previous="/groups/bench?month=2026-01&lang=fr",
        next="/groups/bench?month=2026-03&lang=fr",
        previous_name="janvier 2026",
        next_name="mars 2026",
        csrf="x" * 43,
    )

    render_html(build_report(storage, policies, "bench", MONTH, NOW), "fr", links)  # warm-up
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        report = build_report(storage, policies, "bench", MONTH, NOW)
        page = render_html(report, "fr", links)
        timings.append((time.perf_counter() - start) * 1000)
    held = sum(not team.released for team in report.teams)

    start = time.perf_counter()
    render_csv(build_report(storage, policies, "bench", MONTH, NOW), "fr")
    csv_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    pdf = render_pdf(build_report(storage, policies, "bench", MONTH, NOW), "fr")
    pdf_ms = (time.perf_counter() - start) * 1000

    median = statistics.median(timings)
    print(f"department page, {args.teams} teams x {len(months)} months ({held} teams held back)")
    print(f"  page size           {len(page) / 1024:.0f} KiB")
    print(f"  median of {args.runs} renders {median:.1f} ms (target <= {TARGET_MS:.0f} ms)")
    print(f"  worst               {max(timings):.1f} ms")
    print(f"  CSV (once)          {csv_ms:.1f} ms")
    print(f"  PDF (once)          {pdf_ms:.0f} ms, {len(pdf) / 1024:.0f} KiB")
    print("PASS" if median <= TARGET_MS else "FAIL")


if __name__ == "__main__":
    main()
