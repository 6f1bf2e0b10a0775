"""Edge cases found by mutation testing (docs/performance.md): each test pins a behaviour the
other tests did not, so that changing it is seen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import InterestPolicy, InvalidInputError, Invoice, Notice, Payment, timeline
from lexom_terms.calendar import is_working_day, statutory_deadline
from lexom_terms.cgv import legacy_15, new_30

from ..conftest import COMPANY, CONSUMER, make_order
from .support import covers

PAID = (("2026-01-05", "540.00"),)


def test_working_day_takes_the_subdivision() -> None:
    good_friday = date(2026, 4, 3)
    assert is_working_day(good_friday)
    assert not is_working_day(good_friday, "57")


def test_deadline_prints_without_extension() -> None:
    assert (
        str(statutory_deadline(date(2026, 3, 2), 14))
        == "14 days from 2026-03-02: last day 2026-03-16"
    )


@covers("§5 new-30 fee")
@pytest.mark.parametrize("module", [legacy_15, new_30], ids=["legacy-15", "new-30"])
def test_version_postpone_charges_by_default(module: object) -> None:
    order = make_order(module.VERSION, paid=PAID)  # type: ignore[attr-defined]
    moved = module.postpone(order, Notice(received_on="2026-01-20"), date(2026, 5, 4))  # type: ignore[attr-defined]
    assert moved.owed == Decimal("540.00")


def test_new_30_checks_the_new_start_too() -> None:
    order = make_order("new-30", paid=PAID)
    with pytest.raises(InvalidInputError, match="new_start"):
        new_30.postpone(order, Notice(received_on="2026-02-01"), date(2026, 2, 1))


def test_new_30_boundaries_stop_at_the_new_start() -> None:
    # from 10 February on, a request would come on or after the new start date: not a valid
    # request, so no boundary lies beyond it (the fee would only change on 15 February)
    order = make_order("new-30", paid=PAID)
    moved = new_30.postpone(order, Notice(received_on="2026-02-01"), date(2026, 2, 10))
    assert moved.boundaries == ()
    later = new_30.postpone(order, Notice(received_on="2026-02-01"), date(2026, 2, 20))
    assert [b.on for b in later.boundaries] == [date(2026, 2, 15)]


@covers("§4 consumer caveats")
def test_new_30_postponement_fee_carries_the_consumer_caveat() -> None:
    consumer = make_order("new-30", client=CONSUMER)
    moved = new_30.postpone(consumer, Notice(received_on="2026-02-01"), date(2026, 5, 4))
    assert moved.owed == Decimal("540.00")
    assert [c.source for c in moved.caveats] == ["Code de la consommation R212-2"]
    waived = new_30.postpone(consumer, Notice(received_on="2026-02-01"), waive_fee=True)
    assert waived.caveats == ()


def test_version_late_interest_passes_rates_and_policy() -> None:
    invoice = Invoice(
        number="F-1",
        cgv="new-30",
        client=COMPANY,
        issued_on="2025-05-20",
        due_on="2025-06-10",
        amount_incl_tax="1800.00",
        payments=(Payment(on="2025-08-01", amount="600.00"),),
    )
    plain = new_30.late_interest(invoice, date(2025, 12, 31))
    first = new_30.late_interest(
        invoice, date(2025, 12, 31), policy=InterestPolicy(allocation="interest_first")
    )
    assert first.interest_settled > 0 == plain.interest_settled
    from lexom_terms import default_rates

    rates = (
        default_rates()
        .with_ecb(date(2025, 6, 11), "5.00")
        .with_ecb_known_through(date(2026, 10, 28))
    )
    higher = new_30.late_interest(invoice, date(2025, 12, 31), rates=rates)
    assert higher.interest > plain.interest
    assert higher.stamp.rates_id != plain.stamp.rates_id


@covers("§10 non-solicitation")
def test_non_solicitation_amount_checks() -> None:
    assert legacy_15.non_solicitation_penalty(Decimal("0")).amount == Decimal("0.00")
    assert legacy_15.non_solicitation_penalty(Decimal("0.50")).amount == Decimal("6.00")
    with pytest.raises(InvalidInputError, match=r"^last_monthly_cost must not be negative"):
        legacy_15.non_solicitation_penalty(Decimal("-1"))
    with pytest.raises(InvalidInputError, match=r"^last_monthly_cost: .*'abc' is not a number"):
        legacy_15.non_solicitation_penalty("abc")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^subcontracted_revenue must not be negative"):
        new_30.non_solicitation_penalty(subcontracted_revenue=Decimal("-5"))
    with pytest.raises(
        InvalidInputError,
        match=r"^give exactly one of last_monthly_cost \(an employee: last monthly gross salary"
        r" plus employer charges\) or subcontracted_revenue \(a subcontractor\)$",
    ):
        new_30.non_solicitation_penalty(Decimal("1"), subcontracted_revenue=Decimal("1"))


def test_reduced_fee_milestone_on_the_signature_day_is_kept() -> None:
    # signed 14 February 2026, start 16 March: 30 days before the start is the signature day
    order = make_order("new-30", signed="2026-02-14")
    assert any(m.on == date(2026, 2, 14) and "30 %" in m.label for m in timeline(order).milestones)
    later = make_order("new-30", signed="2026-02-15")
    assert not any("30 %" in m.label for m in timeline(later).milestones)


def test_new_30_checks_the_proposal_cost_too() -> None:
    order = make_order("new-30", paid=PAID)
    with pytest.raises(InvalidInputError, match=r"^proposal_cost must be a non-negative amount"):
        new_30.cancel(order, Notice(received_on="2026-02-01"), proposal_cost=Decimal("-1"))


def test_penalty_float_message_names_the_argument() -> None:
    with pytest.raises(InvalidInputError, match=r"not accepted for last_monthly_cost"):
        legacy_15.non_solicitation_penalty(4250.5)  # type: ignore[arg-type]


@covers("§5 inside a window", boundary=True)
def test_postponement_inside_the_window_after_an_early_start_is_due_at_once() -> None:
    # consumer, session 9-10 March inside the window, early start asked: day 1 is owed
    order = make_order(
        "new-30", client=CONSUMER, signed="2026-03-02", start="2026-03-09", early_start=True
    )
    moved = new_30.postpone(order, Notice(received_on="2026-03-10"), date(2026, 6, 1))
    assert (moved.owed, moved.due_on) == (Decimal("900.00"), date(2026, 3, 10))


def test_one_day_statutory_period() -> None:
    assert statutory_deadline(date(2026, 3, 2), 1).last_day == date(2026, 3, 3)


def test_huge_policy_amounts_are_errors_not_crashes() -> None:
    order = make_order("legacy-15")
    with pytest.raises(InvalidInputError, match="exceeds the order's total"):
        legacy_15.cancel(order, Notice(received_on="2026-02-01"), proposal_cost=Decimal("1E100"))
    with pytest.raises(InvalidInputError, match="too large"):
        legacy_15.non_solicitation_penalty(Decimal("1E30"))
