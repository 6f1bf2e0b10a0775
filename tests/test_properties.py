"""Hypothesis properties: the invariants every answer keeps, whatever the facts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from lexom_terms import (
    InterestPolicy,
    InvalidInputError,
    Invoice,
    Notice,
    Order,
    Payment,
    balance,
    cancel,
    default_rates,
    late_interest,
    postpone,
    retraction_window,
)
from lexom_terms.calendar import semester_start
from lexom_terms.interest import LEGAL_MULTIPLE, reference_date
from lexom_terms.money import pro_rata

from .rules.support import assert_arithmetic, covers
from .strategies import PROFESSIONALS, cents, clients, invoices, notices, orders

ZERO = Decimal("0.00")
SOLE_TRADERS = clients(professional_only=True).filter(lambda c: c.kind == "natural_person")
LAST_RATE_DAY = date(2026, 12, 31)


@given(st.data())
def test_cancellation_arithmetic_and_bounds(data: st.DataObject) -> None:
    order = data.draw(orders())
    settlement = cancel(order, data.draw(notices(order)))
    assert_arithmetic(order, settlement)


POSTPONED = ("postponed", "pending_reschedule", "postponed_by_provider")


def _new_start(data: st.DataObject, notice: Notice) -> date | None:
    return data.draw(
        st.one_of(
            st.none(), st.integers(1, 400).map(lambda k: notice.received_on + timedelta(days=k))
        )
    )


@given(st.data())
def test_postponement_arithmetic_and_never_paying_twice(data: st.DataObject) -> None:
    order = data.draw(orders())
    notice = data.draw(notices(order))
    new_start = _new_start(data, notice)
    settlement = postpone(order, notice, new_start, waive_fee=data.draw(st.booleans()))
    assert_arithmetic(order, settlement)
    # API.md: new_session_owed is given for a postponement, None for any other outcome
    nso = settlement.new_session_owed
    assert (nso is not None) == (settlement.status in POSTPONED)
    assert ZERO <= (nso or ZERO) <= order.total


@given(st.data())
def test_a_postponement_that_owes_the_whole_price_leaves_nothing_for_the_new_session(
    data: st.DataObject,
) -> None:
    order = data.draw(orders())
    notice = data.draw(notices(order)).model_copy(update={"by": "client"})
    settlement = postpone(order, notice, _new_start(data, notice))
    # the whole price owed now: the rescheduled training is paid for (RULEBOOK §5)
    assume(settlement.status in POSTPONED and settlement.owed == order.total)
    assert settlement.new_session_owed == ZERO


@given(st.data())
def test_a_provider_postponement_splits_the_price_between_now_and_the_new_session(
    data: st.DataObject,
) -> None:
    order = data.draw(orders())
    notice = data.draw(notices(order)).model_copy(update={"by": "provider"})
    assume(notice.received_on < order.session.start)
    settlement = postpone(order, notice, _new_start(data, notice))
    assert settlement.status == "postponed_by_provider"
    assert settlement.new_session_owed is not None
    assert settlement.owed + settlement.new_session_owed == order.total


@given(st.data())
def test_fees_never_decrease_as_the_notice_comes_later(data: st.DataObject) -> None:
    order = data.draw(orders())
    first = data.draw(notices(order, plain=True))
    later = first.received_on + timedelta(days=data.draw(st.integers(0, 120)))
    earlier_fee = cancel(order, first).owed
    later_fee = cancel(order, Notice(received_on=later)).owed
    assert earlier_fee <= later_fee


@given(st.data())
def test_new_30_postponement_never_costs_more_than_cancellation(data: st.DataObject) -> None:
    order = data.draw(orders(cgv=st.just("new-30")))
    notice = data.draw(notices(order)).model_copy(update={"by": "client"})
    assert postpone(order, notice).owed <= cancel(order, notice).owed


@given(st.data())
def test_new_30_never_kinder_to_a_professional_who_paid_the_deposit(data: st.DataObject) -> None:
    legacy = data.draw(orders(cgv=st.just("legacy-15"), clients=PROFESSIONALS))
    assume(legacy.deposit_amount > 0)
    legacy = legacy.model_copy(
        update={"payments": (Payment(on=legacy.signed_on, amount=legacy.deposit_amount),)}
    )
    new = legacy.model_copy(update={"cgv": "new-30"})
    notice = data.draw(notices(legacy)).model_copy(update={"by": "client"})
    # An INTRA cancellation for absent trainees is refused under legacy-15 (the training is held
    # and owed) but settled by date under new-30 (RULEBOOK §4): not a fee to compare.
    assume(notice.reason != "trainee_absence")
    assert cancel(new, notice).owed >= cancel(legacy, notice).owed


@given(st.data())
def test_provider_cancellation_before_the_start_refunds_everything(data: st.DataObject) -> None:
    order = data.draw(orders())
    notice = data.draw(notices(order)).model_copy(update={"by": "provider"})
    assume(notice.received_on < order.session.start)
    settlement = cancel(order, notice)
    assert (settlement.owed, settlement.to_refund, settlement.to_pay) == (ZERO, order.paid, ZERO)


@given(st.data())
def test_the_reported_window_is_the_consumer_window_whenever_one_applies(
    data: st.DataObject,
) -> None:
    order = data.draw(orders())
    window = retraction_window(order)
    # RULEBOOK §3: 14 days for a consumer (a natural person, §0) who has the consumer window;
    # otherwise 10 days for a natural person paying for their own training; otherwise none.
    expected = (
        14 if _has_consumer_window(order) else 10 if order.self_funded_natural_person else None
    )
    assert (None if window is None else window.days) == expected


@given(st.data())
def test_retraction_inside_the_window_without_early_start_costs_nothing(
    data: st.DataObject,
) -> None:
    order = data.draw(orders()).model_copy(update={"early_start_requested": False})
    assume(_has_consumer_window(order))
    window = retraction_window(order)
    assert window is not None and window.days == 14
    sent = order.signed_on + timedelta(
        days=data.draw(st.integers(0, (window.last_day - order.signed_on).days))
    )
    notice = Notice(received_on=sent + timedelta(days=data.draw(st.integers(0, 5))), sent_on=sent)
    settlement = cancel(order, notice)
    assert (settlement.status, settlement.owed) == ("retracted", ZERO)


@given(st.data())
def test_a_training_contract_withdrawal_owes_the_days_delivered_pro_rata(
    data: st.DataObject,
) -> None:
    # a sole trader paying for their own course: the training-contract window only
    order = data.draw(orders(clients=SOLE_TRADERS, with_funding=False))
    window = retraction_window(order)
    assert window is not None and window.days == 10
    sent = order.signed_on + timedelta(
        days=data.draw(st.integers(0, (window.last_day - order.signed_on).days))
    )
    days = order.session.days
    delivered = sum(1 for day in days if day < sent)
    # a training fully given can no longer be withdrawn from (RULEBOOK §3)
    assume(delivered < len(days))
    notice = Notice(received_on=sent + timedelta(days=data.draw(st.integers(0, 5))), sent_on=sent)
    settlement = cancel(order, notice)
    # only the training actually given is due (L6354-1), early start asked or not
    assert (settlement.status, settlement.owed) == (
        "retracted",
        pro_rata(order.total, delivered, len(days)),
    )


@covers(
    "§3 window reported",
    "§4 legacy-15 15 days or more",
    "§4 new-30 30 days or more",
    "§5 legacy-15 within six months",
    boundary=True,
)
@given(st.data())
def test_each_boundary_really_flips_the_outcome(data: st.DataObject) -> None:
    order = data.draw(orders(with_funding=False))
    notice = data.draw(notices(order))
    if data.draw(st.booleans()):
        settlement = cancel(order, notice)
        rerun = lambda day: cancel(order, _moved(notice, day))  # noqa: E731
        reruns = {"received_on": rerun}
    else:
        new_start = notice.received_on + timedelta(days=data.draw(st.integers(1, 300)))
        settlement = postpone(order, notice, new_start)
        reruns = {
            "received_on": lambda day: postpone(order, _moved(notice, day), new_start),
            "new_start": lambda day: postpone(order, notice, day),
        }
    here = notice.received_on
    for boundary in settlement.boundaries:
        other = reruns[boundary.varies](boundary.on)
        assert (other.owed, other.status) == (boundary.owed, boundary.status)
        assert (other.owed, other.status) != (settlement.owed, settlement.status)
        origin = here if boundary.varies == "received_on" else new_start  # type: ignore[possibly-undefined]
        step = 1 if boundary.on > origin else -1
        day = origin + timedelta(days=step)
        while day != boundary.on:  # every date strictly between gives the request's own answer
            between = reruns[boundary.varies](day)
            assert (between.owed, between.status) == (settlement.owed, settlement.status)
            day += timedelta(days=step)


#: API.md "Boundaries": the scan runs from the signature to 400 days after the session's end.
SCAN_DAYS_AFTER_END = 400


def _nearest_different_day(order: Order, notice: Notice, step: int) -> date | None:
    here = cancel(order, notice)
    low, high = order.signed_on, order.session.end + timedelta(days=SCAN_DAYS_AFTER_END)
    day = notice.received_on + timedelta(days=step)
    while low <= day <= high:
        try:
            other = cancel(order, _moved(notice, day))
        except InvalidInputError:  # moved out of the rule's domain (sent before the signature)
            return None
        if (other.owed, other.status) != (here.owed, here.status):
            return day
        day += timedelta(days=step)
    return None


@given(st.data())
def test_boundaries_are_the_nearest_differing_dates_on_each_side(data: st.DataObject) -> None:
    """Not only does each boundary flip the answer: none is missing. The nearest date on each
    side where a notice would be settled differently is reported, and nothing else."""
    order = data.draw(orders(with_funding=False))
    notice = data.draw(notices(order))
    settlement = cancel(order, notice)
    reported = sorted(b.on for b in settlement.boundaries if b.varies == "received_on")
    expected = [
        day
        for day in (
            _nearest_different_day(order, notice, -1),
            _nearest_different_day(order, notice, +1),
        )
        if day is not None
    ]
    assert reported == expected


_CLAIM = re.compile(
    r"(?P<form>on or before|on or after|from|on) (?P<first>\d{4}-\d{2}-\d{2})"
    r"(?: to (?P<last>\d{4}-\d{2}-\d{2}))? would have cost"
)


def _days_claimed(text: str, low: date, high: date) -> list[date]:
    """The dates a boundary's sentence makes a claim about, one day further out included:
    "on or before D" claims D and D - 1 (and every earlier day), "on or after D" D and D + 1,
    "from D1 to D2" every day between, "on D" D alone."""
    found = _CLAIM.search(text)
    assert found is not None, text
    first = date.fromisoformat(found["first"])
    if found["form"] == "on or before":
        days = [first, first - timedelta(days=1)]
    elif found["form"] == "on or after":
        days = [first, first + timedelta(days=1)]
    elif found["form"] == "from":
        last = date.fromisoformat(found["last"])
        days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    else:
        days = [first]
    return [day for day in days if low <= day <= high]


@given(st.data())
def test_every_boundary_sentence_is_true_one_day_further_out(data: st.DataObject) -> None:
    order = data.draw(orders(with_funding=False))
    notice = data.draw(notices(order))
    settlement = cancel(order, notice)
    # the notice moves with its sending date, which may not precede the signature
    low = order.signed_on + (notice.received_on - notice.sent)
    high = order.session.end + timedelta(days=SCAN_DAYS_AFTER_END)
    for boundary in settlement.boundaries:
        for day in _days_claimed(boundary.text, low, high):
            other = cancel(order, _moved(notice, day))
            assert (other.owed, other.status) == (boundary.owed, boundary.status), (
                boundary.text,
                day,
            )


@given(st.data())
def test_owed_splits_into_price_and_vat(data: st.DataObject) -> None:
    order = data.draw(orders())
    settlement = cancel(order, data.draw(notices(order)))
    parts = (settlement.owed_excl_tax, settlement.owed_vat)  # type: ignore[attr-defined]
    assert parts[0] + parts[1] == settlement.owed
    assert ZERO <= parts[1] <= settlement.owed


def _has_consumer_window(order: Order) -> bool:
    """RULEBOOK §0, §3: a consumer is a natural person not acting professionally (a legal person
    never is); new-30 gives every consumer the window, legacy-15 every consumer order not signed
    on LEXOM's premises."""
    client = order.client
    consumer = client.kind == "natural_person" and client.is_consumer
    return consumer and (order.cgv == "new-30" or order.channel != "on_premises")


def _moved(notice: Notice, day: date) -> Notice:
    shift = day - notice.received_on
    sent = None if notice.sent_on is None else notice.sent_on + shift
    return notice.model_copy(update={"received_on": day, "sent_on": sent})


# --- interest ------------------------------------------------------------------------------


policies = st.builds(
    InterestPolicy,
    ecb_reference=st.sampled_from(["semester", "january"]),
    day_count=st.sampled_from(["act/365", "act/act"]),
    allocation=st.sampled_from(["principal_first", "interest_first"]),
)


@given(invoices(), st.integers(0, 500), policies)
def test_interest_breakdown_adds_up_and_respects_both_floors(
    invoice: object, days: int, policy: InterestPolicy
) -> None:
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)  # type: ignore[attr-defined]
    claim = late_interest(invoice, as_of, policy=policy)  # type: ignore[arg-type]
    assert claim.interest == sum((p.interest for p in claim.periods), ZERO)
    assert claim.interest >= ZERO
    assert claim.interest_outstanding == claim.interest - claim.interest_settled >= ZERO
    # a payment above the principal may settle part of the indemnity (RULEBOOK §9)
    assert claim.total <= claim.interest_outstanding + claim.recovery_indemnity
    paid = sum((p.amount for p in invoice.payments if p.on <= as_of), ZERO)  # type: ignore[attr-defined]
    overpaid = paid > invoice.amount_incl_tax  # type: ignore[attr-defined]
    assert overpaid or claim.total == claim.interest_outstanding + claim.recovery_indemnity
    assert claim.recovery_indemnity in (ZERO, Decimal("40.00"))
    rates = default_rates()
    public = invoice.client.public_buyer is not None  # type: ignore[attr-defined]
    first_late_day = invoice.due_on + timedelta(days=1)  # type: ignore[attr-defined]
    assert all(p.days == (p.end - p.start).days + 1 > 0 for p in claim.periods)
    # RULEBOOK §11 (R2192-31): a public buyer's one rate for the whole delay, no legal floor
    fixed = rates.ecb_rate(semester_start(first_late_day)).percent + 8
    public_periods = claim.periods if public else ()
    assert all((p.annual_rate, p.basis) == (fixed, "ECB+8") for p in public_periods)
    # RULEBOOK §9: anyone else's rate is at least ECB + 10 and 3 × the legal rate, every day
    for p in () if public else claim.periods:
        for day in (p.start, p.end):
            ecb = rates.ecb_rate(reference_date(day, policy.ecb_reference)).percent
            legal = rates.legal_rate(day).other_percent
            assert p.annual_rate >= ecb + 10
            assert p.annual_rate >= LEGAL_MULTIPLE * legal
    for a, b in zip(claim.periods, claim.periods[1:], strict=False):
        assert a.end + timedelta(days=1) == b.start


@given(invoices(), st.integers(0, 300), st.integers(0, 300), policies)
def test_interest_never_decreases_with_as_of(
    invoice: Invoice, a: int, b: int, policy: InterestPolicy
) -> None:
    due = invoice.due_on
    first, second = sorted((a, b))
    early = late_interest(invoice, min(due + timedelta(days=first), LAST_RATE_DAY), policy=policy)
    late = late_interest(invoice, min(due + timedelta(days=second), LAST_RATE_DAY), policy=policy)
    assert early.interest <= late.interest
    assert early.recovery_indemnity <= late.recovery_indemnity
    assert early.days_late <= late.days_late


#: Each period's interest is rounded to the cent on its own (RULEBOOK §9): a payment that splits
#: a period in two may add at most one cent of rounding per period it adds.
CENT = Decimal("0.01")


@given(invoices(), st.integers(0, 500), st.integers(-10, 500), cents, policies)
def test_a_payment_never_raises_interest_beyond_one_cent_per_period_it_adds(
    invoice: Invoice, days: int, paid_after: int, amount: Decimal, policy: InterestPolicy
) -> None:
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)
    payment = Payment(on=invoice.due_on + timedelta(days=paid_after), amount=amount)
    paid = invoice.model_copy(update={"payments": (*invoice.payments, payment)})
    without = late_interest(invoice, as_of, policy=policy)
    with_it = late_interest(paid, as_of, policy=policy)
    added = max(0, len(with_it.periods) - len(without.periods))
    assert with_it.interest <= without.interest + CENT * added
    assert with_it.principal_outstanding <= without.principal_outstanding


@given(invoices(), st.integers(0, 400))
def test_paying_on_time_owes_nothing(invoice: object, days: int) -> None:
    due = invoice.due_on  # type: ignore[attr-defined]
    on_time = invoice.model_copy(  # type: ignore[attr-defined]
        update={"payments": (Payment(on=due, amount=invoice.amount_incl_tax),)}  # type: ignore[attr-defined]
    )
    claim = late_interest(on_time, min(due + timedelta(days=days), LAST_RATE_DAY))
    assert (claim.total, claim.days_late, claim.interest) == (ZERO, 0, ZERO)


@given(invoices(), st.integers(1, 300), st.integers(2, 50))
def test_indemnity_does_not_depend_on_the_amount(invoice: object, days: int, factor: int) -> None:
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)  # type: ignore[attr-defined]
    bigger = invoice.model_copy(  # type: ignore[attr-defined]
        update={"amount_incl_tax": invoice.amount_incl_tax * factor, "payments": ()}  # type: ignore[attr-defined]
    )
    plain = invoice.model_copy(update={"payments": ()})  # type: ignore[attr-defined]
    assert (
        late_interest(bigger, as_of).recovery_indemnity
        == late_interest(plain, as_of).recovery_indemnity
    )


@given(st.data())
def test_balance_shares_sum_to_the_total(data: st.DataObject) -> None:
    order: Order = data.draw(orders())
    as_of = order.signed_on + timedelta(days=data.draw(st.integers(0, 400)))
    split = balance(order, as_of)
    assert split.funder_share + split.client_share == split.total == order.total
    assert ZERO <= split.funder_share <= split.total
    assert split.client_outstanding >= ZERO and split.funder_outstanding >= ZERO
