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


# --- interest edges --------------------------------------------------------------------------


def _invoice(
    amount: str, due: str, *payments: tuple[str, str], client: object = COMPANY
) -> Invoice:
    return Invoice(
        number="F-9",
        cgv="legacy-15",
        client=client,
        issued_on=due,
        due_on=due,  # type: ignore[arg-type]
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=value) for on, value in payments),
    )


def test_payment_on_the_day_considered_counts() -> None:
    from lexom_terms import late_interest

    claim = late_interest(
        _invoice("1000.00", "2025-03-10", ("2025-04-10", "1000.00")), date(2025, 4, 10)
    )
    assert claim.principal_outstanding == Decimal("0.00")


def test_two_payments_on_one_day_and_an_overpayment() -> None:
    from lexom_terms import late_interest

    same_day = _invoice("1000.00", "2025-03-10", ("2025-04-10", "300.00"), ("2025-04-10", "200.00"))
    claim = late_interest(same_day, date(2025, 5, 10))
    assert [p.principal for p in claim.periods] == [Decimal("1000.00"), Decimal("500.00")]
    over = _invoice("1000.00", "2025-03-10", ("2025-03-20", "1000.00"), ("2025-03-30", "50.00"))
    assert late_interest(over, date(2025, 5, 10)).principal_outstanding == Decimal("0.00")


def test_a_few_cents_still_bear_interest_and_empty_sums_are_decimal_cents() -> None:
    from lexom_terms import late_interest

    small = late_interest(
        _invoice("1000.00", "2025-01-31", ("2025-01-31", "999.10")), date(2026, 1, 31)
    )
    assert small.interest > 0  # 0.90 unpaid for a year
    paid = late_interest(
        _invoice("1000.00", "2025-01-31", ("2025-01-31", "1000.00")), date(2025, 6, 1)
    )
    assert str(paid.interest) == "0.00" and str(paid.interest_outstanding) == "0.00"
    assert paid.citations[0].text.startswith("invoice F-9 was not late on the day considered")


def test_interest_first_merges_semesters_with_the_same_rate() -> None:
    from lexom_terms import late_interest

    policy = InterestPolicy(allocation="interest_first", ecb_reference="january")
    claim = late_interest(_invoice("1000.00", "2025-06-10"), date(2025, 8, 1), policy=policy)
    assert len(claim.periods) == 1  # 13.15 % all year under "january"


def test_consumer_interest_caveat_only_when_interest_accrued() -> None:
    from lexom_terms import late_interest

    on_time = late_interest(
        _invoice("100.00", "2025-03-10", ("2025-03-10", "100.00"), client=CONSUMER),
        date(2025, 6, 1),
    )
    assert on_time.caveats == ()
    few_days = late_interest(_invoice("100.00", "2025-03-10", client=CONSUMER), date(2025, 3, 20))
    assert Decimal(0) < few_days.interest < 1 and few_days.caveats


def test_provisional_when_only_one_of_the_two_rates_is_unconfirmed() -> None:
    from lexom_terms import late_interest

    # january policy in 2026 S2: the ECB rate of 1 January 2026 is confirmed, the legal rate of
    # 2026 S2 is not
    claim = late_interest(
        _invoice("1000.00", "2026-07-10"),
        date(2026, 7, 20),
        policy=InterestPolicy(ecb_reference="january"),
    )
    assert claim.stamp.provisional is True


def test_tie_goes_to_ecb_and_an_unconfirmed_floor_is_provisional() -> None:
    from lexom_terms import default_rates, late_interest

    tie = (
        default_rates()
        .with_ecb(date(2027, 1, 1), "5.00")
        .with_legal(date(2027, 1, 1), natural="8", other="5.00")
    )
    claim = late_interest(_invoice("1000.00", "2027-01-10"), date(2027, 1, 20), rates=tie)
    assert (claim.periods[0].annual_rate, claim.periods[0].basis) == (Decimal("15.00"), "ECB+10")
    floor = (
        default_rates()
        .with_ecb(date(2027, 1, 1), "2.00")
        .with_legal(date(2027, 1, 1), natural="8", other="5.00", confirmed=False)
    )
    claim = late_interest(_invoice("1000.00", "2027-01-10"), date(2027, 1, 20), rates=floor)
    assert claim.periods[0].basis == "3x legal" and claim.stamp.provisional is True


# --- settlement edges ------------------------------------------------------------------------


def test_caveats_and_opco_note_follow_the_amount_owed() -> None:
    from lexom_terms import OpcoFunding, cancel

    funding = OpcoFunding(opco="Atlas", requested_on="2026-01-10")
    # legacy consumer on premises with OPCO funding: no window, deposit unpaid, not concluded
    unconcluded = make_order("legacy-15", client=CONSUMER, channel="on_premises", funding=funding)
    nothing = cancel(unconcluded, Notice(received_on="2026-02-01"))
    assert nothing.owed == 0 and nothing.caveats == ()
    assert [c.source for c in nothing.citations] == ["legacy-15 §2.2"]
    tiny = make_order(
        "legacy-15",
        client=CONSUMER,
        channel="on_premises",
        funding=funding,
        price="1.00",
        paid=(("2026-01-05", "0.36"),),
    )
    fee = cancel(tiny, Notice(received_on="2026-02-01"))
    assert fee.owed == Decimal("0.36")
    assert fee.caveats and "legacy-15 §3.6" in [c.source for c in fee.citations]


def test_proposal_cost_may_equal_the_total() -> None:
    order = make_order("legacy-15")
    assert (
        legacy_15.cancel(order, Notice(received_on="2026-02-01"), proposal_cost=order.total).owed
        == order.total
    )


def test_penalty_at_the_largest_amount() -> None:
    from lexom_terms.money import MAX_AMOUNT

    assert new_30.non_solicitation_penalty(subcontracted_revenue=MAX_AMOUNT).amount == MAX_AMOUNT


def test_training_window_takes_the_subdivision() -> None:
    from lexom_terms import Client, retraction_window

    trader = Client(
        name="Paul Durand EI", kind="natural_person", professional=True, subdivision="57"
    )
    window = retraction_window(
        make_order("new-30", client=trader, signed="2026-03-24", start="2026-06-15")
    )
    assert window is not None and (window.days, window.last_day) == (10, date(2026, 4, 7))


def test_new_start_boundary_on_the_day_after_the_request() -> None:
    order = make_order("legacy-15", paid=PAID, start="2026-09-01")
    moved = legacy_15.postpone(order, Notice(received_on="2026-07-04"), date(2026, 7, 10))
    assert [(b.varies, b.on) for b in moved.boundaries if b.varies == "new_start"] == [
        ("new_start", date(2026, 7, 5))
    ]


def test_legacy_waiver_and_postponement_inside_windows() -> None:
    from ..conftest import SOLE_TRADER

    early = make_order(
        "legacy-15", client=CONSUMER, signed="2026-03-02", start="2026-03-09", early_start=True
    )
    inside = legacy_15.postpone(early, Notice(received_on="2026-03-10"), date(2026, 6, 1))
    assert (inside.status, inside.owed, inside.due_on) == (
        "postponed",
        Decimal("900.00"),
        date(2026, 3, 10),
    )
    waived = legacy_15.postpone(
        early, Notice(received_on="2026-03-10"), date(2026, 6, 1), waive_fee=True
    )
    assert (waived.status, waived.owed) == ("postponed", Decimal("0.00"))
    trader = make_order("legacy-15", client=SOLE_TRADER, signed="2026-03-02", start="2026-04-20")
    moved = legacy_15.postpone(trader, Notice(received_on="2026-03-10"), date(2026, 6, 1))
    assert (moved.status, moved.owed) == ("postponed", Decimal("0.00"))


def test_inter_session_absence_is_not_refused() -> None:
    order = make_order("legacy-15", paid=PAID)
    moved = legacy_15.postpone(
        order, Notice(received_on="2026-02-20", reason="trainee_absence"), date(2026, 5, 4)
    )
    assert moved.status == "postponed"


def test_messages_say_what_to_do() -> None:
    order = make_order("new-30")
    with pytest.raises(InvalidInputError, match=r"call lexom_terms\.cancel \(which dispatches\)"):
        legacy_15.cancel(order, Notice(received_on="2026-02-01"))
    with pytest.raises(
        InvalidInputError, match=r"^invoice\.cgv is .* but this is the legacy-15 module"
    ):
        legacy_15.late_interest(
            Invoice(
                number="F",
                cgv="new-30",
                client=COMPANY,
                issued_on="2025-01-01",
                due_on="2025-01-31",
                amount_incl_tax="1",
            ),
            date(2025, 3, 1),
        )
    with pytest.raises(
        InvalidInputError, match=r"a notice must be sent on or after the signature$"
    ):
        legacy_15.cancel(make_order(), Notice(received_on="2026-01-06", sent_on="2026-01-04"))
    with pytest.raises(ValueError, match=r"aliases such as Moselle, Alsace, GP, GUA are accepted"):
        from lexom_terms.calendar import validate_subdivision

        validate_subdivision("75")


def test_payments_before_the_due_date_all_count() -> None:
    from lexom_terms import late_interest

    early = _invoice("1000.00", "2025-03-10", ("2025-03-01", "300.00"), ("2025-03-05", "200.00"))
    claim = late_interest(early, date(2025, 4, 10))
    assert claim.periods[0].principal == Decimal("500.00")


def test_stamp_and_citations_of_claims_on_time_and_one_day_late() -> None:
    from lexom_terms import late_interest

    on_time = late_interest(
        _invoice("1000.00", "2025-03-10", ("2025-03-10", "1000.00")), date(2025, 6, 1)
    )
    assert on_time.stamp.provisional is False
    assert on_time.citations[0].source == "legacy-15 §3.4"
    assert on_time.citations[0].text_fr.startswith("la facture F-9 n'était pas en retard")
    one_day = late_interest(
        _invoice("1000.00", "2025-03-10", ("2025-03-11", "1000.00")), date(2025, 6, 1)
    )
    assert one_day.citations[0].text.startswith("interest runs from the day after the due date")


def test_float_proposal_cost_message_names_it() -> None:
    with pytest.raises(InvalidInputError, match=r"not accepted for proposal_cost"):
        legacy_15.cancel(make_order(), Notice(received_on="2026-02-01"), proposal_cost=1.5)  # type: ignore[arg-type]
