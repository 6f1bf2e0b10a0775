"""A client's statement (relevé de compte) from a ledger with many clients: linear in the ledger.

    python benchmarks/bench_statement.py --quick     # smoke: 2 500 and 10 000 clients
    python benchmarks/bench_statement.py             # full: 10 000, 20 000 and 40 000 clients

Each ledger has one invoice per client (the worst case of 0.2's list of the other clients'
names, O(invoices × clients): 20 s at 40 000 clients). For each size, in this process: the
statement of one client (``tools.letters.statement`` over the ledger's invoices, as ``lexom-terms
statement`` does), against the honest floor, reading the same ledger with ``read_ledger`` and
keeping that client's invoices (what any statement must do). The statement's time over the
floor's must stay flat as the ledger grows (linear), and the time per invoice must not grow.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from lexom_terms.ledgers.spreadsheet import read_ledger
from lexom_terms.tools.letters import statement

AS_OF = date(2026, 6, 30)
HEADER = "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n"


def generate(path: Path, clients: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(clients):
            issued = date(2025, 1, 1) + timedelta(days=i % 300)
            out.write(
                f"F-{i},legacy-15,Client {i},legal_person,{issued},"
                f"{issued + timedelta(days=30)},{1000 + i % 900}.00\n"
            )


def best(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small ledgers, loose check")
    args = parser.parse_args()
    sizes = [2_500, 10_000] if args.quick else [10_000, 20_000, 40_000]
    repeat = 1 if args.quick else 3
    print("clients | statement | floor (read + filter) | ratio | µs per invoice")
    per_invoice = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            ledger = Path(tmp) / f"ledger_{n}.csv"
            generate(ledger, n)
            name = f"Client {n // 2}"

            def ours(ledger: Path = ledger, name: str = name) -> None:
                account = statement(read_ledger(str(ledger)), AS_OF, client=name)
                assert len(account.lines) == 1

            def floor(ledger: Path = ledger, name: str = name) -> None:
                kept = [i for i in read_ledger(str(ledger)) if i.client.name == name]
                assert len(kept) == 1

            ours_s, floor_s = best(ours, repeat), best(floor, repeat)
            per_invoice.append(ours_s / n * 1e6)
            print(
                f"{n:,} | {ours_s:.3f} s | {floor_s:.3f} s | {ours_s / floor_s:.2f}"
                f" | {per_invoice[-1]:.1f}",
                flush=True,
            )
    growth = per_invoice[-1] / per_invoice[0]
    # linear: the cost per invoice stays flat (loosely: neighbours share the machine)
    limit = 3.0 if args.quick else 1.5
    print(f"cost per invoice, largest / smallest ledger: {growth:.2f} (linear: ≤ {limit})")
    return 0 if growth <= limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
