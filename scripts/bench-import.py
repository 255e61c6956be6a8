#!/usr/bin/env python3
"""Import speed of `waymark import` beside the sqlite3 shell and DuckDB, on generated events.

For each size (1,000,000 and 10,000,000 rows unless --rows says otherwise) the script writes an
events CSV from a seeded generator, then loads that same file with each tool, end to end, into a
fresh file on disk:

- waymark: `waymark import DOC FILE --kind events --json` into a document just made by
  `waymark new DOC --template blank`; the rows it reports taken must equal the rows written.
- sqlite3: `.import --csv --skip 1 FILE events` into a table created with the file's columns.
- DuckDB: `CREATE TABLE events AS SELECT * FROM read_csv(FILE, header = true)`, then close.

Waymark and sqlite3 are timed from starting the process to its exit. DuckDB runs in a child
Python process and is timed from connect to close, so neither the interpreter's start nor the
import of the duckdb module counts against it. Peak memory is the child process's maximum
resident set size (for DuckDB it includes the Python interpreter, about 10 MB). Generating the
files is timed and printed but is not part of any comparison.

It prints a table of seconds, rows per second and peak memory, the ratios of Waymark's speed to
the others' (above 1 means Waymark is faster), and whether the spec's targets are met: at least
1,000,000 rows/s end to end, faster than sqlite3, and within 2x of DuckDB.

Run it from anywhere in the repository:

    cargo build --release -p waymark-cli     # or pass --build
    python3 scripts/bench-import.py [--rows 1000000,10000000] [--repeat 3] [--dir DIR]

It needs Python 3.11, the sqlite3 shell, and DuckDB's Python package
(`python3 -m pip install duckdb`). A 10,000,000-row file is about 550 MB, and while a tool runs
its database takes up to as much again. The files go to a temporary folder that is removed
afterwards unless --dir names a folder to keep them in (kept files are reused by the next run).
The databases are written beside the CSV files; where /tmp is a tmpfs, pass --dir on a real
disk (or set TMPDIR) to measure writes to disk.
"""

import argparse
import datetime
import importlib.util
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from measure import last_line, run_measured

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROWS = "1000000,10000000"
CHUNK_ROWS = 100_000

HEADER = "user_id,event,timestamp,channel,platform,revenue\n"

# Event names and their relative frequency: browsing dominates, buying is rare.
EVENTS = {
    "page_view": 300,
    "product_view": 150,
    "session_start": 100,
    "app_open": 80,
    "search": 80,
    "login": 60,
    "ad_click": 50,
    "email_open": 50,
    "add_to_cart": 40,
    "begin_checkout": 20,
    "signup": 15,
    "purchase": 10,
    "remove_from_cart": 10,
    "newsletter_signup": 6,
    "support_contact": 6,
    "review_submitted": 3,
}

# Channel and platform drawn together, so that app events come from the apps and most e-mail,
# ad and social traffic from phones.
CHANNEL_PLATFORMS = {
    "web,desktop_web": 150,
    "web,mobile_web": 120,
    "app,ios_app": 180,
    "app,android_app": 140,
    "email,desktop_web": 40,
    "email,mobile_web": 60,
    "ad,mobile_web": 70,
    "ad,ios_app": 30,
    "ad,android_app": 30,
    "social,mobile_web": 40,
    "social,ios_app": 30,
    "social,android_app": 20,
}

SQLITE_TABLE = (
    "CREATE TABLE events (user_id TEXT, event TEXT, timestamp TEXT, channel TEXT, "
    "platform TEXT, revenue REAL)"
)

DUCKDB_LOAD = """
import json, sys, time
import duckdb

database, csv = sys.argv[1], sys.argv[2]
start = time.perf_counter()
con = duckdb.connect(database)
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, header = true)", [csv])
con.close()
seconds = time.perf_counter() - start

con = duckdb.connect(database, read_only=True)
rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
con.close()
print(json.dumps({"seconds": seconds, "rows": rows}))
"""


@dataclass
class Outcome:
    """One tool's load of one file: its time and memory, or why there is none."""

    rows: int
    tool: str
    seconds: float | None = None
    peak_bytes: int | None = None
    problem: str | None = None
    skipped: bool = False

    @property
    def rows_per_second(self) -> float | None:
        if self.seconds is None or self.problem:
            return None
        return self.rows / self.seconds


def main() -> int:
    args = parse_args()
    require_duckdb()
    waymark, waymark_missing = find_waymark(args)
    sqlite3, sqlite3_missing = find_sqlite3(args)

    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="waymark-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        outcomes = []
        for rows in args.rows:
            csv = events_file(folder, rows, args.seed)
            outcomes.append(bench_waymark(waymark, waymark_missing, csv, rows, args.repeat))
            outcomes.append(bench_sqlite3(sqlite3, sqlite3_missing, csv, rows, args.repeat))
            outcomes.append(bench_duckdb(csv, rows, args.repeat))
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)

    print_table(outcomes)
    print_targets(outcomes, args.rows)
    return 1 if any(o.problem and not o.skipped for o in outcomes) else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `waymark import` against the sqlite3 shell and DuckDB.",
        epilog="See the docstring at the top of this file for what is measured.",
    )
    parser.add_argument(
        "--rows",
        metavar="N,N",
        default=DEFAULT_ROWS,
        type=row_counts,
        help=f"comma-separated file sizes in rows (default {DEFAULT_ROWS})",
    )
    parser.add_argument(
        "--repeat",
        metavar="N",
        type=int,
        default=1,
        help="runs per tool and file, of which the fastest counts (default 1)",
    )
    parser.add_argument(
        "--seed", metavar="N", type=int, default=1, help="the generator's seed (default 1)"
    )
    parser.add_argument(
        "--dir",
        "--keep",
        metavar="DIR",
        help="write and keep the CSV files in DIR, reusing ones already there "
        "(default: a temporary folder, removed afterwards)",
    )
    parser.add_argument(
        "--build",
        action="store_true",
        help="run `cargo build --release -p waymark-cli` first",
    )
    parser.add_argument(
        "--waymark",
        metavar="PATH",
        default=str(REPO / "target" / "release" / "waymark"),
        help="the waymark binary (default target/release/waymark)",
    )
    parser.add_argument(
        "--sqlite3", metavar="PATH", default="sqlite3", help="the sqlite3 shell (default: on PATH)"
    )

    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def row_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of row counts: {text!r}")
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"row counts must be positive: {text!r}")
    return counts


def require_duckdb() -> None:
    if importlib.util.find_spec("duckdb") is None:
        sys.exit(
            "error: DuckDB's Python package is missing; install it with\n"
            "    python3 -m pip install duckdb\n"
            "and run this again."
        )


def find_waymark(args: argparse.Namespace) -> tuple[Path, str | None]:
    """The waymark binary, and why it cannot be benchmarked (None when it can)."""
    if args.build:
        say("Building waymark-cli (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "waymark-cli"], cwd=REPO, check=True)

    binary = Path(args.waymark)
    if not binary.exists():
        return binary, f"{binary} does not exist; run `cargo build --release -p waymark-cli`"

    usage = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    if not any(line.split()[:1] == ["import"] for line in usage.splitlines()):
        return binary, "this waymark has no `import` command yet"
    return binary, None


def find_sqlite3(args: argparse.Namespace) -> tuple[str, str | None]:
    found = shutil.which(args.sqlite3)
    if found is None:
        return args.sqlite3, f"no sqlite3 shell at {args.sqlite3!r}; install sqlite3"
    return found, None


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def events_file(folder: Path, rows: int, seed: int) -> Path:
    """The CSV of `rows` events for `seed` in `folder`, written unless it is already there."""
    path = folder / f"events-{rows}-seed{seed}.csv"
    if path.exists():
        say(f"Reusing {path} ({path.stat().st_size / 1e6:,.1f} MB)")
        return path

    say(f"Generating {rows:,} events")
    partial = path.with_suffix(".partial")
    start = time.perf_counter()
    write_events(partial, rows, seed)
    seconds = time.perf_counter() - start
    partial.rename(path)

    size = path.stat().st_size
    print(
        f"    {path.name}: {size / 1e6:,.1f} MB, {size / rows:.0f} bytes a row, "
        f"generated in {seconds:.1f} s (not timed)"
    )
    return path


def write_events(path: Path, rows: int, seed: int) -> None:
    """Writes `rows` events drawn by random.Random(seed), a chunk of rows per write."""
    rng = random.Random(seed)
    users = user_ids(max(1, rows // 10))
    days = day_prefixes(datetime.date(2024, 1, 1), 366)
    clock = times_of_day()
    events, event_weights = names_and_cumulative_weights(EVENTS)
    channels, channel_weights = names_and_cumulative_weights(CHANNEL_PLATFORMS)

    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for start in range(0, rows, CHUNK_ROWS):
            k = min(CHUNK_ROWS, rows - start)
            columns = zip(
                rng.choices(users, k=k),
                rng.choices(events, cum_weights=event_weights, k=k),
                rng.choices(days, k=k),
                rng.choices(clock, k=k),
                rng.choices(channels, cum_weights=channel_weights, k=k),
            )
            out.write(
                "".join(
                    f"{user},{event},{day}{time_of_day},{channel},{revenue(rng, event)}\n"
                    for user, event, day, time_of_day, channel in columns
                )
            )


def user_ids(count: int) -> list[str]:
    width = max(6, len(str(count - 1)))
    return [f"u{i:0{width}d}" for i in range(count)]


def day_prefixes(first: datetime.date, days: int) -> list[str]:
    return [f"{first + datetime.timedelta(days=d)} " for d in range(days)]


def times_of_day() -> list[str]:
    return [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


def names_and_cumulative_weights(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    return list(weights), list(itertools.accumulate(weights.values()))


def revenue(rng: random.Random, event: str) -> str:
    """An order value on purchases (most between 10 and 100, a few far above); empty otherwise."""
    if event != "purchase":
        return ""
    return f"{rng.lognormvariate(3.5, 0.8):.2f}"


def bench_waymark(
    binary: Path, missing: str | None, csv: Path, rows: int, repeat: int
) -> Outcome:
    if missing:
        say(f"Skipping waymark: {missing}")
        return Outcome(rows, "waymark", problem=f"skipped: {missing}", skipped=True)
    say(f"waymark import, {rows:,} rows")
    return best_of(repeat, lambda scratch: load_waymark(binary, csv, rows, scratch), csv)


def load_waymark(binary: Path, csv: Path, rows: int, scratch: Path) -> Outcome:
    doc = scratch / "bench.waymark"
    made = subprocess.run(
        [binary, "new", doc, "--template", "blank"], capture_output=True, text=True
    )
    if made.returncode != 0:
        return Outcome(rows, "waymark", problem=f"`waymark new` failed: {last_line(made.stderr)}")

    run = run_measured([binary, "import", doc, csv, "--kind", "events", "--json"])
    outcome = Outcome(rows, "waymark", run.seconds, run.peak_bytes)
    if run.exit_code != 0:
        outcome.problem = f"exit code {run.exit_code}: {last_line(run.stderr)}"
        return outcome

    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        outcome.problem = f"output is not JSON: {run.stdout[:200]!r}"
        return outcome
    if report.get("rows_taken") != rows:
        outcome.problem = (
            f"took {report.get('rows_taken')} of {rows} rows, "
            f"refused {report.get('rows_refused')}: {report.get('refused', [])[:3]}"
        )
    return outcome


def bench_sqlite3(shell: str, missing: str | None, csv: Path, rows: int, repeat: int) -> Outcome:
    if missing:
        say(f"Skipping sqlite3: {missing}")
        return Outcome(rows, "sqlite3", problem=f"skipped: {missing}", skipped=True)
    say(f"sqlite3 .import, {rows:,} rows")
    return best_of(repeat, lambda scratch: load_sqlite3(shell, csv, rows, scratch), csv)


def load_sqlite3(shell: str, csv: Path, rows: int, scratch: Path) -> Outcome:
    database = scratch / "bench.sqlite"
    load = f'.import --csv --skip 1 "{csv}" events'
    run = run_measured([shell, "-bail", database, SQLITE_TABLE, load])
    outcome = Outcome(rows, "sqlite3", run.seconds, run.peak_bytes)
    if run.exit_code != 0 or run.stderr.strip():
        outcome.problem = f"exit code {run.exit_code}: {last_line(run.stderr)}"
        return outcome

    counted = subprocess.run(
        [shell, database, "SELECT count(*) FROM events"], capture_output=True, text=True
    )
    check_count(outcome, counted.stdout)
    return outcome


def bench_duckdb(csv: Path, rows: int, repeat: int) -> Outcome:
    say(f"DuckDB read_csv, {rows:,} rows")
    return best_of(repeat, lambda scratch: load_duckdb(csv, rows, scratch), csv)


def load_duckdb(csv: Path, rows: int, scratch: Path) -> Outcome:
    database = scratch / "bench.duckdb"
    run = run_measured([sys.executable, "-c", DUCKDB_LOAD, database, csv])
    outcome = Outcome(rows, "duckdb", peak_bytes=run.peak_bytes)
    if run.exit_code != 0:
        outcome.problem = f"exit code {run.exit_code}: {last_line(run.stderr)}"
        return outcome

    report = json.loads(run.stdout)
    outcome.seconds = report["seconds"]
    check_count(outcome, str(report["rows"]))
    return outcome


def check_count(outcome: Outcome, counted: str) -> None:
    if counted.strip() != str(outcome.rows):
        outcome.problem = f"counted {counted.strip() or 'nothing'} rows, not {outcome.rows}"


def best_of(repeat: int, load, csv: Path) -> Outcome:
    """The fastest of `repeat` loads, each into a fresh scratch folder beside the CSV."""
    best = None
    for _ in range(repeat):
        scratch = Path(tempfile.mkdtemp(prefix="load-", dir=csv.parent))
        try:
            outcome = load(scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if outcome.problem:
            print(f"    {outcome.tool}: {outcome.problem}")
            return outcome
        print(f"    {outcome.seconds:.2f} s")
        if best is None or outcome.seconds < best.seconds:
            best = outcome
    return best


def print_table(outcomes: list[Outcome]) -> None:
    print()
    print(f"{'rows':>12}  {'tool':<8} {'seconds':>9} {'rows/s':>12} {'peak memory':>12}  check")
    for o in outcomes:
        seconds = f"{o.seconds:.2f}" if o.seconds is not None and not o.problem else "-"
        speed = f"{o.rows_per_second:,.0f}" if o.rows_per_second else "-"
        memory = f"{o.peak_bytes / 2**20:,.0f} MiB" if o.peak_bytes and not o.problem else "-"
        check = o.problem or "ok"
        print(f"{o.rows:>12,}  {o.tool:<8} {seconds:>9} {speed:>12} {memory:>12}  {check}")


def print_targets(outcomes: list[Outcome], sizes: list[int]) -> None:
    speeds = {(o.rows, o.tool): o.rows_per_second for o in outcomes}
    for rows in sizes:
        waymark = speeds.get((rows, "waymark"))
        sqlite3 = speeds.get((rows, "sqlite3"))
        duckdb = speeds.get((rows, "duckdb"))
        print(f"\nTargets at {rows:,} rows (a ratio is Waymark's rows/s over the other's;")
        print("above 1 means Waymark is faster):")
        target(
            "Waymark >= 1,000,000 rows/s end to end",
            f"{waymark:,.0f} rows/s" if waymark else None,
            waymark and waymark >= 1_000_000,
        )
        vs_sqlite3 = waymark / sqlite3 if waymark and sqlite3 else None
        target(
            "faster than sqlite3 .import (ratio > 1)",
            f"{vs_sqlite3:.2f}" if vs_sqlite3 else None,
            vs_sqlite3 and vs_sqlite3 > 1,
        )
        vs_duckdb = waymark / duckdb if waymark and duckdb else None
        target(
            "within 2x of DuckDB (ratio >= 0.5)",
            f"{vs_duckdb:.2f}" if vs_duckdb else None,
            vs_duckdb and vs_duckdb >= 0.5,
        )


def target(name: str, measured: str | None, met: bool | None) -> None:
    if measured is None:
        print(f"  {name:<42} {'-':>18}  not measured")
    else:
        print(f"  {name:<42} {measured:>18}  {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    sys.exit(main())
