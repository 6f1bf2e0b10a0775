"""Table-driven rule tests a lawyer can read: each case names its RULEBOOK row, the facts, and
the expected answer written as a formula of the total (``T``, ``30% T``, ``1/2 T``, ``0``).

Every case registers the row it covers, and whether it sits on a boundary day; the registry test
checks that each RULEBOOK row has an example and, where it has a threshold, a boundary case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import pytest

from lexom_terms import Order, Settlement
from lexom_terms.money import pro_rata, round_cents, thirty_percent

COVERAGE: dict[str, set[str]] = defaultdict(set)

F = TypeVar("F", bound=Callable[..., Any])


def covers(*rows: str, boundary: bool = False) -> Callable[[F], F]:
    """Mark a test as covering RULEBOOK rows (and, with ``boundary``, their threshold day)."""
    for row in rows:
        COVERAGE[row].add("example")
        if boundary:
            COVERAGE[row].add("boundary")

    def mark(test: F) -> F:
        return test

    return mark


def money(formula: str, order: Order) -> Decimal:
    """``T`` (total), ``30% T``, ``a/b T`` (pro rata), ``0``, or a literal amount."""
    text = formula.replace(" ", "")
    total = order.total
    if text == "T":
        return total
    if text == "0":
        return Decimal("0.00")
    if text == "30%T":
        return thirty_percent(total)
    if text.startswith("T-"):
        return total - money(text[2:], order)
    if text.endswith("T"):
        fraction = Fraction(text[:-1])
        return pro_rata(total, fraction.numerator, fraction.denominator)
    return round_cents(Decimal(text))


@dataclass
class Case:
    id: str
    row: str
    order: Order
    run: Callable[[Order], Settlement]
    status: str
    owed: str
    boundary: bool = False
    more: dict[str, Any] = field(default_factory=dict)
    """Other expected fields: a formula string for money, a date, None, or a callable check."""

    def __post_init__(self) -> None:
        covers(self.row, boundary=self.boundary)

    def param(self) -> Any:
        return pytest.param(self, id=self.id)


def check(case: Case) -> Settlement:
    settlement = case.run(case.order)
    assert settlement.status == case.status, settlement.explain("en")
    assert settlement.owed == money(case.owed, case.order), settlement.explain("en")
    for name, expected in case.more.items():
        actual = getattr(settlement, name)
        holds = expected(actual) if callable(expected) else actual == _value(expected, case.order)
        assert holds, f"{name}={actual!r}, expected {expected!r}"
    assert_arithmetic(case.order, settlement)
    return settlement


def _value(expected: object, order: Order) -> object:
    """A case's expected value as the settlement holds it: money, a date, or as written."""
    if isinstance(expected, str):
        return date.fromisoformat(expected) if _is_date(expected) else money(expected, order)
    return expected


def _is_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-"


def assert_arithmetic(order: Order, s: Settlement) -> None:
    """API.md's settlement arithmetic, always."""
    zero = Decimal("0.00")
    assert s.paid == order.paid
    assert zero <= s.owed <= order.total
    assert s.to_pay == max(zero, s.owed - s.paid)
    postponement = s.status in ("postponed", "pending_reschedule", "postponed_by_provider")
    surplus = max(zero, s.paid - s.owed)
    # a postponement credits the surplus to the new session; anything else refunds it
    expected = (zero, surplus) if postponement else (surplus, zero)
    assert (s.to_refund, s.credited) == expected
    # money is conserved: what was paid and what is still to pay cover what is owed, and the
    # rest goes back to the client or to the new session
    assert s.paid + s.to_pay - s.to_refund - s.credited == s.owed
    assert s.citations, "every settlement cites its clause"
