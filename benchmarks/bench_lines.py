"""Benchmarks of an order's life (issue 18), each next to what it is compared with, measured
in the same run, interleaved (best of several rounds, so that a loaded machine slows both):

- ``cancel`` on an order of 20 lines naming 5, against one ``cancel`` of a one-line order
  (target ≤ 3×);
- ``history`` of 10 steps on 20 lines, against the sum of its 10 settlements computed alone
  (each step's ``cancel``/``postpone`` on the order as the earlier steps left it; ≤ 1.5×);
- ``allocate`` of 10 000 receipts over 10 000 invoices of one client (≤ 1 s), and of 20 000 ×
  20 000 to show it linear.

    python benchmarks/bench_lines.py          # prints the Markdown table of docs/performance.md
    python benchmarks/bench_lines.py --quick  # CI smoke run: smaller, loose targets
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import lexom_terms as lt

COMPANY = lt.Client(name="ACME SAS", kind="legal_person")
SIGNED = date(2026, 1, 5)


def best(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def side_by_side(
    a: Callable[[], object], b: Callable[[], object], number: int, rounds: int = 7
) -> tuple[float, float]:
    """Best per-call time of ``a`` and of ``b``, measured in alternating rounds."""
    best_a = best_b = float("inf")
    for _ in range(rounds):
        best_a = min(best_a, timeit.timeit(a, number=number) / number)
        best_b = min(best_b, timeit.timeit(b, number=number) / number)
    return best_a, best_b


def one_line_order() -> lt.Order:
    return lt.Order(
        cgv="new-30",
        client=COMPANY,
        session=lt.Session(reference="S", start="2026-03-16", end="2026-03-17"),
        price_excl_tax="100.00",
        signed_on=SIGNED,
    )


def twenty_lines(modules: bool = False) -> lt.Order:
    """20 seats of one INTER session, or (``modules``) 20 modules a week apart."""
    lines = []
    for i in range(20):
        session = None
        if modules:
            start = date(2026, 3, 16) + timedelta(days=7 * i)
            session = lt.Session(reference=f"M{i}", start=start, end=start + timedelta(days=1))
        lines.append(lt.Line(id=f"L{i}", price_excl_tax="100.00", session=session, trainee=f"T{i}"))
    end = date(2026, 3, 17) + timedelta(days=7 * 19 if modules else 0)
    return lt.Order(
        cgv="new-30",
        client=COMPANY,
        session=lt.Session(reference="S", start="2026-03-16", end=end),
        price_excl_tax="2000.00",
        signed_on=SIGNED,
        lines=tuple(lines),
    )


def ten_steps() -> list[lt.Cancel | lt.Postpone]:
    steps: list[lt.Cancel | lt.Postpone] = []
    for k in range(10):
        notice = lt.Notice(received_on=date(2026, 1, 20) + timedelta(days=3 * k), lines=(f"L{k}",))
        if k % 2:
            steps.append(lt.Cancel(notice=notice))
        else:
            steps.append(lt.Postpone(notice=notice, new_start=date(2026, 9, 1) + timedelta(days=k)))
    return steps


def alone(order: lt.Order, steps: list[lt.Cancel | lt.Postpone]) -> list[Callable[[], object]]:
    """Each step as a single call on the order as the earlier steps left it (its moved lines,
    without its cancelled ones): what a caller without ``history`` would compute."""
    calls: list[Callable[[], object]] = []
    current = order
    for step in steps:
        notice = step.notice
        if isinstance(step, lt.Postpone):
            calls.append(lambda o=current, n=notice, d=step.new_start: lt.postpone(o, n, d))
            moved = []
            for line in current.lines:
                if line.id in notice.lines:
                    session = line.session or current.session
                    shift = step.new_start - session.start  # type: ignore[operator]
                    line = line.model_copy(
                        update={
                            "session": session.model_copy(
                                update={"start": session.start + shift, "end": session.end + shift}
                            )
                        }
                    )
                moved.append(line)
            starts = [(x.session or current.session) for x in moved]
            current = current.model_copy(
                update={
                    "lines": tuple(moved),
                    "session": current.session.model_copy(
                        update={
                            "start": min(s.start for s in starts),
                            "end": max(s.end for s in starts),
                        }
                    ),
                }
            )
        else:
            calls.append(lambda o=current, n=notice: lt.cancel(o, n))
    return calls


def allocation_case(n: int) -> tuple[list[lt.Invoice], list[lt.Receipt]]:
    base = date(2000, 1, 1)
    invoices = [
        lt.Invoice(
            number=f"F-{i:06d}",
            cgv="new-30",
            client=COMPANY,
            issued_on=base + timedelta(days=i // 3),
            due_on=base + timedelta(days=i // 3),
            amount_incl_tax=Decimal("120.00") + i % 7,
        )
        for i in range(n)
    ]
    receipts = [
        lt.Receipt(on=base + timedelta(days=i // 3 + 10), amount=Decimal("119.50") + i % 5)
        for i in range(n)
    ]
    return invoices, receipts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    rows: list[tuple[str, str, str, str, str, bool]] = []

    one, twenty = one_line_order(), twenty_lines()
    single = lt.Notice(received_on="2026-02-01")
    five = lt.Notice(received_on="2026-02-01", lines=("L1", "L3", "L5", "L7", "L9"))
    lt.cancel(twenty, five)
    a, b = side_by_side(lambda: lt.cancel(twenty, five), lambda: lt.cancel(one, single), 2000)
    ratio = a / b
    rows.append(
        (
            "cancel, 20 seats naming 5",
            f"{a * 1e6:.1f} µs",
            f"{b * 1e6:.1f} µs (one-line cancel)",
            f"{ratio:.1f}×",
            "≤ 3×",
            ratio <= (10 if quick else 3),
        )
    )
    modules = twenty_lines(modules=True)
    lt.cancel(modules, five)
    a, b = side_by_side(lambda: lt.cancel(modules, five), lambda: lt.cancel(one, single), 1000)
    ratio = a / b
    rows.append(
        (
            "cancel, 20 modules naming 5 (5 different starts)",
            f"{a * 1e6:.1f} µs",
            f"{b * 1e6:.1f} µs (one-line cancel)",
            f"{ratio:.1f}×",
            "(reported)",
            True,
        )
    )

    for name, order in (("seats", twenty), ("modules", modules)):
        steps = ten_steps()
        calls = alone(order, steps)
        h = lt.history(order, steps)
        assert len(h.settlements) == 10
        a, b = side_by_side(
            lambda o=order, s=steps: lt.history(o, s), lambda c=calls: [f() for f in c], 200
        )
        ratio = a / b
        rows.append(
            (
                f"history, 10 steps on 20 {name}",
                f"{a * 1e6:.0f} µs",
                f"{b * 1e6:.0f} µs (its 10 settlements alone)",
                f"{ratio:.2f}×",
                "≤ 1.5×",
                ratio <= (4 if quick else 1.5),
            )
        )

    sizes = (2_000, 4_000) if quick else (10_000, 20_000)
    seconds = []
    for n in sizes:
        invoices, receipts = allocation_case(n)
        best_s = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            result = lt.allocate(invoices, receipts)
            best_s = min(best_s, time.perf_counter() - t)
        seconds.append(best_s)
        assert result.unallocated >= 0
    limit = 1.0 * sizes[0] / 10_000
    rows.append(
        (
            f"allocate, {sizes[0]:,} receipts × {sizes[0]:,} invoices",
            f"{seconds[0]:.2f} s",
            "-",
            "-",
            f"≤ {limit:g} s",
            seconds[0] <= limit * (3 if quick else 1),
        )
    )
    growth = seconds[1] / seconds[0]
    rows.append(
        (
            f"allocate, {sizes[1]:,} × {sizes[1]:,} (twice as many)",
            f"{seconds[1]:.2f} s",
            f"{seconds[0]:.2f} s ({sizes[0]:,})",
            f"{growth:.1f}×",
            "linear (≈ 2×, < 3×)",
            growth < 3,
        )
    )

    print("| case | library | compared with | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for case, lib, other, ratio_text, target, met in rows:
        print(f"| {case} | {lib} | {other} | {ratio_text} | {target} | {'yes' if met else 'no'} |")
    return 0 if all(r[-1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
