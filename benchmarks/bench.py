"""Benchmarks: each library call next to a bare baseline measured in the same run.

    python benchmarks/bench.py            # full run: 100 000-invoice audit (about a minute)
    python benchmarks/bench.py --quick    # CI smoke run: small ledger, loose ratio checks

Prints a Markdown table (the one pasted into docs/performance.md) and exits 1 if a target is
missed (``--quick`` uses loose targets, to catch an order-of-magnitude regression, not noise).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402

import lexom_terms as lt  # noqa: E402
from lexom_terms.cli import main as cli_main  # noqa: E402

ROOT = HERE.parent
ORDER_JSON = (ROOT / "examples" / "company_order.json").read_text()


def best_per_call(fn: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Seconds per call, best of ``repeat`` runs of ``number`` calls (the least disturbed)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def ledger_text(n: int) -> str:
    rows = ["number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax,payments"]
    start = date(2025, 1, 15)
    for i in range(n):
        due = start + timedelta(days=i % 300)
        kind = "legal_person" if i % 4 else "natural_person"
        amount = f"{1000 + (i % 97) * 13}.{i % 100:02d}"
        pay = f"{due + timedelta(days=20 + i % 40)}:300.00" if i % 3 == 0 else ""
        if i % 5 == 0:
            pay += f";{due + timedelta(days=90)}:200.00"
        rows.append(
            f"F-{i:06d},legacy-15,Client {i % 500},{kind},{due - timedelta(days=30)},"
            f"{due},{amount},{pay.strip(';')}"
        )
    return "\n".join(rows) + "\n"


def settlement_memory(n: int = 20_000) -> float:
    """Bytes per Settlement kept in a list (figures read, prose and boundaries not built)."""
    import gc
    import tracemalloc

    order = lt.Order.model_validate_json(ORDER_JSON)
    days = [date(2026, 1, 5) + timedelta(days=i % 60) for i in range(n)]
    notices = [lt.Notice(received_on=day) for day in days]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [lt.cancel(order, notice) for notice in notices]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(kept) == n
    return (after - before) / n


def import_time() -> tuple[float, float]:
    code = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"

    def run(module: str) -> float:
        return min(
            float(
                subprocess.run(
                    [sys.executable, "-c", code.format(m=module)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(5)
        )

    return run("lexom_terms"), run("pydantic, dateutil.relativedelta, decimal, datetime")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="CI smoke run, loose targets")
    parser.add_argument("--ledger", type=int, default=None, help="invoices in the audit")
    args = parser.parse_args()
    quick = args.quick
    number = 200 if quick else 2000
    ledger_n = args.ledger or (2_000 if quick else 100_000)
    # targets: (ratio to the bare baseline, absolute seconds)
    ratio_target = 40.0 if quick else 3.0

    order = lt.Order.model_validate_json(ORDER_JSON)
    notice = lt.Notice(received_on="2026-02-20")
    funded = order.model_copy(
        update={
            "funding": lt.OpcoFunding(
                opco="Atlas",
                requested_on="2026-01-10",
                approved_on="2026-02-01",
                approved_amount=Decimal("1000"),
            )
        }
    )
    invoice = lt.Invoice(
        number="F-2025-118",
        cgv="legacy-15",
        client=lt.Client(name="ACME", kind="legal_person"),
        issued_on="2025-05-20",
        due_on="2025-06-10",
        amount_incl_tax="1800.00",
        payments=[
            lt.Payment(on="2025-08-01", amount="600.00"),
            lt.Payment(on="2025-10-15", amount="600.00"),
        ],
    )
    as_of = invoice.due_on + timedelta(days=200)
    table = lt.default_rates()
    rates = baseline.Rates(
        [(r.effective, r.percent) for r in table.ecb],
        {r.semester_start: r.other_percent for r in table.legal},
    )
    pays = [(p.on, p.amount) for p in invoice.payments]
    assert (
        baseline.late_interest(invoice.amount_incl_tax, invoice.due_on, as_of, pays, rates)
        == lt.late_interest(invoice, as_of).interest
    )
    new_start = date(2026, 5, 4)
    # new-30: the same company order under the 30-day regime
    new_order = order.model_copy(update={"cgv": lt.CgvVersion.NEW_30})
    # a one-year session (every weekday from March 2026 to February 2027), a company's
    year_start, year_end = date(2026, 3, 2), date(2027, 2, 26)
    long_order = lt.Order(
        cgv="legacy-15",
        client=order.client,
        session=lt.Session(reference="Y-1", start=year_start, end=year_end),
        price_excl_tax="15000.00",
        signed_on="2026-01-05",
        payments=[lt.Payment(on="2026-01-05", amount="5400.00")],
    )
    long_new = long_order.model_copy(update={"cgv": lt.CgvVersion.NEW_30})
    pays_order = [(p.on, p.amount) for p in order.payments]
    consumer_json = ORDER_JSON.replace('"legal_person"', '"natural_person"')

    def fresh_consumer() -> lt.Order:
        return lt.Order.model_validate_json(consumer_json)

    def first_read(attribute: str) -> Callable[[], object]:
        # a settlement computed again each time, so the lazy value is built, not reused
        def run() -> object:
            settlement = lt.cancel(order, notice)
            return settlement.boundaries if attribute == "boundaries" else settlement.explain()

        return run

    # (name, library, bare, absolute target in seconds or None for a ratio to the baseline)
    cases: list[tuple[str, Callable[[], object], Callable[[], object], float | None]] = [
        (
            "cancel",
            lambda: lt.cancel(order, notice),
            lambda: baseline.cancel_legacy(
                order.total,
                pays_order,
                order.signed_on,
                order.session.start,
                notice.received_on,
            ),
            None,
        ),
        (
            "postpone",
            lambda: lt.postpone(order, notice, new_start),
            lambda: baseline.postpone_legacy(
                order.total,
                order.paid,
                order.signed_on,
                order.session.start,
                notice.received_on,
                new_start,
            ),
            None,
        ),
        (
            "postpone (new-30: the cancellation of the same date)",
            lambda: lt.postpone(new_order, notice),
            lambda: baseline.postpone_new(
                new_order.total,
                pays_order,
                new_order.signed_on,
                new_order.session.start,
                notice.received_on,
            ),
            None,
        ),
        (
            "balance",
            lambda: lt.balance(funded, date(2026, 3, 20)),
            lambda: baseline.balance(
                funded.total,
                date(2026, 1, 10),
                date(2026, 2, 1),
                Decimal("1000"),
                funded.session.start,
                funded.session.end,
                date(2026, 3, 20),
                Decimal(0),
                funded.paid,
            ),
            None,
        ),
        (
            "payment_due",
            lambda: lt.payment_due(order, date(2026, 3, 20)),
            lambda: baseline.payment_due(
                order.total, order.session.end, date(2026, 3, 20), pays_order
            ),
            None,
        ),
        (
            "retraction_window (fresh consumer order)",
            lambda: lt.retraction_window(fresh_consumer()),
            lambda: (
                baseline.parse_order(consumer_json),
                baseline.retraction_window(order.signed_on, 14),
                baseline.retraction_window(order.signed_on, 10),
            ),
            None,
        ),
        (
            "late_interest (200 days, 2 semesters, 2 payments)",
            lambda: lt.late_interest(invoice, as_of),
            lambda: baseline.late_interest(
                invoice.amount_incl_tax, invoice.due_on, as_of, pays, rates
            ),
            None,
        ),
        (
            "Order.model_validate_json",
            lambda: lt.Order.model_validate_json(ORDER_JSON),
            lambda: baseline.parse_order(ORDER_JSON),
            None,
        ),
        (
            "cancel + first read of boundaries",
            first_read("boundaries"),
            lambda: lt.cancel(order, notice),
            250e-6,
        ),
        (
            "cancel + first read of explain()",
            first_read("explain"),
            lambda: lt.cancel(order, notice),
            250e-6,
        ),
        (
            "fee_schedule",
            lambda: lt.fee_schedule(order),
            lambda: lt.cancel(order, notice),
            300e-6,
        ),
        (
            "fee_schedule, one-year session (legacy-15)",
            lambda: lt.fee_schedule(long_order),
            lambda: lt.cancel(long_order, notice),
            300e-6,
        ),
        (
            "fee_schedule, one-year session (new-30)",
            lambda: lt.fee_schedule(long_new),
            lambda: lt.cancel(long_new, notice),
            300e-6,
        ),
        (
            "cancel + first read of boundaries, one-year session",
            lambda: lt.cancel(long_order, notice).boundaries,
            lambda: lt.cancel(long_order, notice),
            300e-6,
        ),
    ]
    targets = {
        "postpone (new-30: the cancellation of the same date)": 4.0,
        "cancel": 4.0,
        "postpone": 4.0,
        "balance": 4.0,
        "payment_due": 4.0,
        "retraction_window (fresh consumer order)": 4.0,
        "late_interest (200 days, 2 semesters, 2 payments)": 2.5,
        "Order.model_validate_json": 3.0,
    }
    rows = []
    failures = []
    for name, library, bare, absolute in cases:
        lib_s = best_per_call(library, number if absolute is None else max(20, number // 10))
        bare_s = best_per_call(bare, number)
        ratio = lib_s / bare_s
        wanted = ratio_target if quick else targets.get(name, ratio_target)
        ok = ratio <= wanted if absolute is None else lib_s <= (absolute * (4 if quick else 1))
        target = f"≤ {wanted:g}× bare" if absolute is None else f"≤ {absolute * 1e6:.0f} µs"
        rows.append(
            (
                name,
                f"{lib_s * 1e6:.1f} µs",
                f"{bare_s * 1e6:.1f} µs",
                f"{ratio:.1f}×",
                target,
                "yes" if ok else "NO",
            )
        )
        if not ok:
            failures.append(name)

    # compare_regimes against one cancel (the same facts under both versions)
    compare_s = best_per_call(lambda: lt.compare_regimes(order, notice), number // 4)
    cancel_s = best_per_call(lambda: lt.cancel(order, notice), number)
    ok = compare_s <= cancel_s * (2.5 if not quick else 40)
    rows.append(
        (
            "compare_regimes",
            f"{compare_s * 1e6:.1f} µs",
            f"{cancel_s * 1e6:.1f} µs (one cancel)",
            f"{compare_s / cancel_s:.1f}×",
            "≤ 2.5× one cancel",
            "yes" if ok else "NO",
        )
    )
    if not ok:
        failures.append("compare_regimes")
    per_settlement = settlement_memory()
    rows.append(
        (
            "memory per Settlement (figures read, prose not)",
            f"{per_settlement:.0f} B",
            "-",
            "-",
            "(reported; 1.0 KB reachable)",
            "-",
        )
    )

    text = ledger_text(ledger_n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.csv"
        path.write_text(text)
        out = Path(tmp) / "report.csv"
        started = timeit.default_timer()
        status = cli_main(["audit", str(path), "--as-of", "2026-06-30", "-o", str(out), "-q"])
        audit_s = timeit.default_timer() - started
        assert status == 0
        started = timeit.default_timer()
        baseline.audit(text, date(2026, 6, 30), rates)
        bare_audit_s = timeit.default_timer() - started
    audit_target = 10.0 * ledger_n / 100_000 * (4 if quick else 1)
    ok = audit_s < audit_target
    rows.append(
        (
            f"audit, {ledger_n:,} invoices end to end",
            f"{audit_s:.2f} s",
            f"{bare_audit_s:.2f} s",
            f"{audit_s / bare_audit_s:.1f}×",
            f"< {audit_target:g} s",
            "yes" if ok else "NO",
        )
    )
    if not ok:
        failures.append("audit")

    lib_import, deps_import = import_time()
    first_use = min(
        float(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import time; t = time.perf_counter(); import lexom_terms"
                    " as lt; lt.cancel; lt.Order; print(time.perf_counter() - t)",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(5)
    )
    ok = lib_import < (0.3 if not quick else 1.0)
    rows.append(
        (
            "import lexom_terms",
            f"{lib_import:.3f} s",
            f"{deps_import:.3f} s (deps)",
            f"{lib_import / deps_import:.1f}×",
            "< 0.3 s",
            "yes" if ok else "NO",
        )
    )
    if not ok:
        failures.append("import")
    rows.append(
        (
            "first use (import, then the rules and models)",
            f"{first_use:.3f} s",
            f"{deps_import:.3f} s (deps)",
            f"{first_use / deps_import:.1f}×",
            "(reported)",
            "-",
        )
    )

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, lexom_terms {lt.__version__}"
        f"{' (quick)' if quick else ''}\n"
    )
    print("| case | library | bare baseline | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if failures:
        print(f"\nmissed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
