"""RULEBOOK §19 as properties: the L242-4 increase never decreases as the refund is paid later,
changes only on the day its result announced (`next_step_on`), and never exceeds the order
total before the cap's legal interest; the L214-2 interest never decreases with `as_of` and is
what the balance deducts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms import Client, Notice, balance, cancel, refund_surcharge

from .conftest import CONSUMER, make_order
from .strategies import orders

ZERO = Decimal(0)


def test_the_increase_steps_only_on_the_announced_day_and_never_falls() -> None:
    order = make_order(
        "new-30",
        client=CONSUMER,
        signed="2026-02-26",
        start="2026-06-15",
        paid=(("2026-02-26", "540.00"),),
    )
    withdrawal = cancel(order, Notice(received_on="2026-03-02"))
    due = date(2026, 3, 16)
    found = [
        refund_surcharge(order, withdrawal, due + timedelta(days=offset))
        for offset in range(-3, 700)
    ]
    for offset, one in zip(range(-3, 700), found, strict=True):
        assert one.days_late == max(0, offset)
        assert one.next_step_on is None or one.next_step_on > one.refunded_on
        plain = one.percent is not None and one.cap_reached_on is None
        assert not plain or one.amount == (one.refund * (one.percent or 0) / 100).quantize(
            Decimal("0.01")
        )
        assert not plain or one.amount <= order.total
    for previous, one in pairwise(found):
        assert one.amount >= previous.amount
        in_legal_tier = previous.percent is None and previous.days_late > 0
        assert (
            one.amount == previous.amount
            or in_legal_tier
            or one.refunded_on == previous.next_step_on
        )


@settings(max_examples=40, deadline=None)
@given(orders(clients=st.just(CONSUMER), with_funding=False), st.integers(0, 500))
def test_advance_interest_never_falls_and_is_what_the_balance_deducts(order, days) -> None:  # type: ignore[no-untyped-def]
    as_of = order.signed_on + timedelta(days=days)
    later = as_of + timedelta(days=30)
    first, second = balance(order, as_of), balance(order, later)
    assert ZERO <= first.advance_interest <= second.advance_interest
    paid = sum((p.amount for p in order.payments if p.on <= as_of), ZERO)
    assert first.client_outstanding == max(ZERO, first.client_share - paid - first.advance_interest)


@settings(max_examples=30, deadline=None)
@given(orders(with_funding=False))
def test_only_a_consumer_bears_advance_interest(order) -> None:  # type: ignore[no-untyped-def]
    found = balance(order, order.session.end)
    client: Client = order.client
    assert client.is_consumer or found.advance_interest == ZERO
