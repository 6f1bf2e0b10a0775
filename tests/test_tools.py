"""fee_schedule, compare_regimes, check_invoice (issue: using it)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexom_terms import (
    Claimed,
    InvalidInputError,
    Invoice,
    Notice,
    Payment,
    cancel,
    check_invoice,
    compare_regimes,
    fee_schedule,
)

from .conftest import COMPANY, CONSUMER, make_order
from .strategies import orders

PAID = (("2026-01-05", "540.00"),)
legacy = make_order("legacy-15", paid=PAID)


def test_fee_schedule_of_a_legacy_company_order() -> None:
    schedule = fee_schedule(legacy)
    assert [(s.first_day, s.last_day, s.owed) for s in schedule.steps] == [
        (date(2026, 1, 5), date(2026, 3, 1), Decimal("540.00")),
        (date(2026, 3, 2), None, Decimal("1800.00")),
    ]
    assert schedule.owed_on(date(2026, 3, 1)) == Decimal("540.00")
    assert schedule.owed_on(date(2027, 1, 1)) == Decimal("1800.00")
    assert "à partir du 2 mars 2026 : 1 800,00 €" in schedule.explain()
    assert "<table" in schedule._repr_html_()


def test_fee_schedule_minds_a_window_that_closes_after_the_end() -> None:
    # consumer, session 9–10 March inside a window that closes 16 March, no early start request
    order = make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-03-09")
    steps = fee_schedule(order).steps
    assert [(s.first_day, s.owed, s.status) for s in steps] == [
        (date(2026, 3, 2), Decimal("0.00"), "retracted"),
        (date(2026, 3, 17), Decimal("1800.00"), "cancelled"),
    ]
    assert steps[-1].last_day is None


@given(st.data())
def test_fee_schedule_matches_cancel_every_day(data: st.DataObject) -> None:
    order = data.draw(orders(with_funding=False))
    schedule = fee_schedule(order)
    steps = schedule.steps
    assert steps[0].first_day == order.signed_on
    assert steps[-1].last_day is None
    for a, b in pairwise(steps):
        assert a.last_day is not None and a.last_day + timedelta(days=1) == b.first_day
        assert (a.owed, a.status) != (b.owed, b.status)
    day = order.signed_on + timedelta(days=data.draw(st.integers(0, 500)))
    assert schedule.owed_on(day) == cancel(order, Notice(received_on=day)).owed


def test_plot_draws_a_step_chart(tmp_path: object) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = fee_schedule(legacy).plot(legacy)
    assert ax.get_title().startswith("Frais d'annulation")
    assert ax.lines  # the step line and the milestones


def test_compare_regimes() -> None:
    comparison = compare_regimes(legacy, Notice(received_on="2026-02-20"))
    assert (comparison.legacy.owed, comparison.new.owed) == (Decimal("540.00"), Decimal("1800.00"))
    assert comparison.difference == Decimal("1260.00")
    assert comparison.differing == ("legacy-15 §3.5", "new-30 §3.6")
    assert comparison.legacy == cancel(legacy, Notice(received_on="2026-02-20"))
    assert "écart (new − legacy) 1 260,00 €" in comparison.explain()


def test_compare_regimes_for_a_postponement() -> None:
    comparison = compare_regimes(
        legacy, Notice(received_on="2026-02-01"), new_start=date(2026, 9, 1)
    )
    assert (comparison.legacy.owed, comparison.new.owed) == (Decimal("1800.00"), Decimal("540.00"))
    assert comparison.difference == Decimal("-1260.00")


def test_compare_leaves_out_statutes_cited_by_both() -> None:
    consumer = make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-04-20")
    comparison = compare_regimes(consumer, Notice(received_on="2026-03-10"))
    assert "Code de la consommation L221-21" not in comparison.differing
    assert "new-30 §2.1" in comparison.differing


def test_check_invoice_fee_and_refund() -> None:
    check = check_invoice(
        legacy, claimed=Claimed(fee="1800.00", refund="0"), notice=Notice(received_on="2026-02-24")
    )
    assert not check.ok
    fee, refund = check.lines
    assert (fee.item, fee.claimed, fee.computed, fee.difference) == (
        "fee",
        Decimal("1800.00"),
        Decimal("540.00"),
        Decimal("1260.00"),
    )
    assert fee.source == "legacy-15 §3.5"
    assert refund.difference == Decimal("0.00")
    assert "écart de 1 260,00 €" in check.explain()
    assert check_invoice(
        legacy, claimed=Claimed(fee="540.00"), notice=Notice(received_on="2026-02-24")
    ).ok


def test_check_invoice_postponement() -> None:
    check = check_invoice(
        legacy,
        claimed=Claimed(event="postponement", fee="540.00"),
        notice=Notice(received_on="2026-02-24"),
        new_start=date(2026, 5, 4),
    )
    assert check.ok


def test_check_invoice_interest_and_indemnity() -> None:
    invoice = Invoice(
        number="F-2025-118",
        cgv="legacy-15",
        client=COMPANY,
        issued_on="2025-05-20",
        due_on="2025-06-10",
        amount_incl_tax="1800.00",
        payments=(Payment(on="2025-08-01", amount="600"), Payment(on="2025-10-15", amount="600")),
    )
    check = check_invoice(
        invoice,
        claimed=Claimed(interest="80.00", recovery_indemnity="40.00"),
        as_of=date(2025, 12, 31),
    )
    assert [(line.item, line.difference) for line in check.lines] == [
        ("interest", Decimal("2.52")),
        ("recovery_indemnity", Decimal("0.00")),
    ]
    assert not check.ok
    assert "13.15 % × 20" in check.lines[0].text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subject": "order", "claimed": Claimed(interest="1")}, "an Order cannot answer interest"),
        ({"subject": "order", "claimed": Claimed(fee="1")}, "needs the notice"),
        ({"subject": "invoice", "claimed": Claimed(fee="1")}, "an Invoice cannot answer a fee"),
        ({"subject": "invoice", "claimed": Claimed(interest="1")}, "as_of"),
        ({"subject": "order", "claimed": Claimed()}, "at least one"),
        (
            {
                "subject": "order",
                "claimed": Claimed(event="postponement", refund="1"),
                "notice": Notice(received_on="2026-02-01"),
            },
            "refunds nothing",
        ),
        (
            {
                "subject": "order",
                "claimed": Claimed(fee="1"),
                "notice": Notice(received_on="2026-02-01"),
                "new_start": date(2026, 5, 4),
            },
            "only a postponement",
        ),
    ],
)
def test_check_invoice_lines_the_subject_cannot_answer(kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    invoice = Invoice(
        number="F-1",
        cgv="legacy-15",
        client=COMPANY,
        issued_on="2025-05-20",
        due_on="2025-06-10",
        amount_incl_tax="100.00",
    )
    kwargs = dict(kwargs)  # the parameter is shared between runs: never mutate it
    subject = legacy if kwargs.pop("subject") == "order" else invoice
    with pytest.raises(InvalidInputError, match=message):
        check_invoice(subject, **kwargs)


def test_claimed_rejects_floats() -> None:
    with pytest.raises(ValueError, match="not a float"):
        Claimed(fee=1800.0)  # type: ignore[arg-type]
