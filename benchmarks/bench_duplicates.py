"""The duplicate-invoice check's memory: bounded at any ledger size (issue 17).

    python benchmarks/bench_duplicates.py --quick     # smoke: 100 000 invoices, 20 000 in memory
    python benchmarks/bench_duplicates.py             # full: 1 000 000 and 10 000 000 invoices

For each size, a ledger (one invoice a row, unique numbers: the check's worst case, nothing is
refused early) is read to its end in a fresh process, by the same loop as the audit's parent
(``Ledger.records()``: decode, CSV, the duplicate check), and its peak resident memory and wall
time are measured; side by side, the honest baseline: the same loop keeping every number in one
set, as 0.2 did (924 MB at 10 000 000). Target: ≤ 300 MB at any size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n"

READ = """
import sys, resource
from lexom_terms.ledgers import _unique
from lexom_terms.ledgers.spreadsheet import read_ledger
if len(sys.argv) > 2:
    _unique.LIMIT = int(sys.argv[2])
count = sum(1 for _ in read_ledger(sys.argv[1]).records())
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""

BASELINE = """
import sys, resource
from lexom_terms.ledgers.spreadsheet import read_ledger
ledger = read_ledger(sys.argv[1])
# 0.2's check: every number in one set
ledger._unique.limit = 1 << 62
seen = set()
count = 0
for line, cells, _ in ledger.records():
    seen.add(cells[0])
    count += 1
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def generate(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        block = []
        for i in range(n):
            block.append(f"F-2025-{i:08d},legacy-15,C,legal_person,2025-01-02,2025-02-01,10.00\n")
            if len(block) == 100_000:
                out.writelines(block)
                block.clear()
        out.writelines(block)


def measure(script: str, *args: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    count, peak = done.stdout.split()
    return time.perf_counter() - started, int(count), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 000 invoices, small runs")
    args = parser.parse_args()
    sizes = [100_000] if args.quick else [1_000_000, 10_000_000]
    limit = ["20000"] if args.quick else []
    target = 300
    ok = True
    print("invoices | bounded check: wall / peak RSS | one set (0.2): wall / peak RSS")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            ledger = Path(tmp) / f"ledger_{n}.csv"
            generate(ledger, n)
            wall, count, peak = measure(READ, str(ledger), *limit)
            base_wall, base_count, base_peak = measure(BASELINE, str(ledger))
            assert count == base_count == n
            print(
                f"{n:,} | {wall:.1f} s / {peak} MB | {base_wall:.1f} s / {base_peak} MB",
                flush=True,
            )
            ok = ok and peak <= target
            ledger.unlink()
    print(f"peak RSS ≤ {target} MB at every size: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
