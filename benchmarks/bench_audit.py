"""The ledger audit, end to end on the command line, side by side with a plain polars script.

    python benchmarks/bench_audit.py --quick     # smoke: 20 000 invoices, 1 and 2 workers
    python benchmarks/bench_audit.py             # full: 100 000 and 1 000 000 invoices

The full run takes a few minutes on the project's 2-core machine; run it once, on a quiet
machine. For each size it generates a ledger (fixed seed: one payment on 60 % of the invoices,
legal and natural persons, both CGV versions), then measures, each in a fresh process:

- ``lexom-terms audit LEDGER --as-of 2026-06-30 -o REPORT -q --workers W`` for W = 1 and 2:
  wall time and the peak resident memory of the process tree (sampled every 20 ms from /proc);
- the baseline: what a user would write instead, a polars script computing the same late
  interest (periods split at payments and semesters, rate = max(ECB + 10, 3 × legal), each
  period rounded half-up to the cent in integer cents), checked figure for figure against the
  report's ``interest`` column.

The same ledger is also split into 4 files (a group's books: one file per company and year) and
audited as one report (``lexom-terms audit PART0 PART1 PART2 PART3``), each worker reading its own
files; every report (1 or 2 workers, one file or four) must be byte-identical.

Targets (issues 12 and 17): 1 000 000 invoices ≤ 15 s with 2 workers and ≤ 300 MB; 100 000 ≤
2.5 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

AS_OF = date(2026, 6, 30)
HEADER = "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax,payments\n"


def generate(path: Path, n: int, seed: int = 12) -> None:
    pick = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(n):
            issued = date(2023, 1, 1) + timedelta(days=pick.randrange(1200))
            due = issued + timedelta(days=pick.choice((0, 15, 30)))
            cents = pick.randrange(10_000, 500_000)
            paid = ""
            if pick.random() < 0.6:
                on = due + timedelta(days=pick.randrange(-5, 300))
                if on <= AS_OF:
                    paid = f"{on.isoformat()}:{pick.randrange(100, cents + 1) / 100:.2f}"
            kind = "natural_person" if i % 5 == 0 else "legal_person"
            cgv = "new-30" if i % 2 else "legacy-15"
            out.write(
                f"F-{i},{cgv},Client {i % 500},{kind},{issued},{due},{cents / 100:.2f},{paid}\n"
            )


#: the files of the partitioned run (a group: one file per company and year)
FILES = 4


def split(ledger: Path, parts: int) -> list[Path]:
    """The ledger's rows in ``parts`` files, in order, each with the header."""
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    size = -(-len(rows) // parts)
    paths = []
    for index in range(parts):
        path = ledger.with_name(f"{ledger.stem}_part{index}.csv")
        path.write_text("".join([header, *rows[index * size : (index + 1) * size]]))
        paths.append(path)
    return paths


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the whole tree) and peak RSS (MB, the whole
    process tree) of a command. On a shared machine the wall time depends on the neighbours;
    the CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak / 1024


BASELINE = r"""
import sys
from datetime import date
from decimal import Decimal
import polars as pl
from lexom_terms import default_rates

ledger, as_of = sys.argv[1], date.fromisoformat(sys.argv[2])
rates = default_rates()
starts = [date(y, m, 1) for y in range(2022, as_of.year + 1) for m in (1, 7)]
semesters = pl.DataFrame({
    "s_start": starts,
    "s_end": [date(s.year, 6, 30) if s.month == 1 else date(s.year, 12, 31) for s in starts],
    "rate_bp": [int(max(rates.ecb_rate(s).percent + 10, 3 * rates.legal_rate(s).other_percent) * 100) for s in starts],
}).filter(pl.col("s_start") <= as_of)

frame = pl.read_csv(ledger, schema_overrides={"payments": pl.String, "amount_incl_tax": pl.String})
frame = frame.with_columns(
    pl.col("due_on").str.to_date(),
    (pl.col("amount_incl_tax").str.replace(".", "", literal=True).cast(pl.Int64)).alias("cents"),
    pl.col("payments").fill_null("").str.split_exact(":", 1).struct.rename_fields(["on", "paid"]).alias("p"),
).unnest("p").with_columns(
    pl.col("on").str.to_date(strict=False),
    pl.col("paid").str.replace(".", "", literal=True).cast(pl.Int64, strict=False).fill_null(0),
)
start = pl.col("due_on") + pl.duration(days=1)
before = frame.filter(pl.col("on").is_not_null() & (pl.col("on") > pl.col("due_on"))).select(
    "number", start.alias("start"), pl.col("on").alias("end"), pl.col("cents").alias("principal"),
)
after_start = pl.when(pl.col("on").is_not_null() & (pl.col("on") > pl.col("due_on"))).then(pl.col("on") + pl.duration(days=1)).otherwise(start)
after = frame.select(
    "number", after_start.alias("start"), pl.lit(as_of).alias("end"),
    (pl.col("cents") - pl.col("paid")).clip(lower_bound=0).alias("principal"),
)
segments = pl.concat([before, after]).filter((pl.col("principal") > 0) & (pl.col("start") <= pl.col("end")))
pieces = segments.join(semesters, how="cross").with_columns(
    pl.max_horizontal("start", "s_start").alias("a"), pl.min_horizontal("end", "s_end").alias("b"),
).filter(pl.col("a") <= pl.col("b")).with_columns(
    ((pl.col("b") - pl.col("a")).dt.total_days() + 1).alias("days"),
).sort("number", "a")
# consecutive pieces with one principal and one rate form one period (rounded once)
key = (pl.col("number") != pl.col("number").shift()) | (pl.col("principal") != pl.col("principal").shift()) | (pl.col("rate_bp") != pl.col("rate_bp").shift())
periods = pieces.with_columns(key.fill_null(True).cum_sum().alias("period")).group_by("number", "period").agg(
    pl.col("principal").first(), pl.col("rate_bp").first(), pl.col("days").sum(),
)
den = 3_650_000
periods = periods.with_columns(((pl.col("principal") * pl.col("rate_bp") * pl.col("days") * 2 + den) // (2 * den)).alias("interest"))
result = periods.group_by("number").agg(pl.col("interest").sum())
result.write_csv(sys.argv[3])
"""


def run(n: int, workers_list: tuple[int, ...], folder: Path) -> list[tuple[str, ...]]:
    ledger = folder / f"ledger_{n}.csv"
    generate(ledger, n)
    rows: list[tuple[str, ...]] = []
    reports: dict[int, bytes] = {}
    for workers in workers_list:
        report = folder / f"report_{n}_{workers}.csv"
        argv = [
            sys.executable,
            "-m",
            "lexom_terms",
            "audit",
            str(ledger),
            "--as-of",
            AS_OF.isoformat(),
            "-o",
            str(report),
            "-q",
            "--workers",
            str(workers),
        ]
        wall, cpu, peak = measure(argv)
        reports[workers] = report.read_bytes()
        rows.append(
            (
                f"audit {n:,} invoices, {workers} worker(s)",
                f"{wall:.2f} s",
                f"{cpu:.2f} s",
                f"{peak:.0f} MB",
            )
        )
    # a group's ledger as one file per company and year: each worker reads its own file
    parts = split(ledger, FILES)
    for workers in workers_list:
        report = folder / f"report_{n}_{workers}_files.csv"
        argv = [
            sys.executable,
            "-m",
            "lexom_terms",
            "audit",
            *map(str, parts),
            "--as-of",
            AS_OF.isoformat(),
            "-o",
            str(report),
            "-q",
            "--workers",
            str(workers),
        ]
        wall, cpu, peak = measure(argv)
        reports[-workers] = report.read_bytes()
        rows.append(
            (
                f"audit {n:,} invoices in {FILES} files, {workers} worker(s)",
                f"{wall:.2f} s",
                f"{cpu:.2f} s",
                f"{peak:.0f} MB",
            )
        )
    if len(set(reports.values())) != 1:
        raise SystemExit("the reports of 1 and 2 workers, of one file and of several, differ")
    script = folder / "baseline.py"
    script.write_text(BASELINE)
    out = folder / f"baseline_{n}.csv"
    wall, cpu, peak = measure(
        [sys.executable, str(script), str(ledger), AS_OF.isoformat(), str(out)]
    )
    rows.append(
        (f"polars baseline, {n:,} invoices", f"{wall:.2f} s", f"{cpu:.2f} s", f"{peak:.0f} MB")
    )
    ours = {
        r["number"]: Decimal(r["interest"])
        for r in csv.DictReader(reports[workers_list[0]].decode().splitlines())
    }
    theirs = {r["number"]: Decimal(r["interest"]) / 100 for r in csv.DictReader(out.open())}
    differ = [k for k, v in ours.items() if theirs.get(k, Decimal(0)) != v]
    rows.append(
        (f"figures differing from the baseline ({n:,})", str(len(differ)), ", ".join(differ[:3]))
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 000 invoices only")
    parser.add_argument("--sizes", type=int, nargs="*", help="ledger sizes (overrides)")
    args = parser.parse_args()
    sizes = args.sizes or ([20_000] if args.quick else [100_000, 1_000_000])
    with tempfile.TemporaryDirectory() as tmp:
        print("what | wall | CPU | peak RSS", flush=True)
        for n in sizes:
            for row in run(n, (1, 2), Path(tmp)):
                print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
