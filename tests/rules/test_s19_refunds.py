"""RULEBOOK §19 — refunds LEXOM owes: the L242-4 increase of a consumer's withdrawal refund paid
late, and the L214-2 interest on a consumer's advances.

Facts of the L242-4 table: a consumer, new-30, session 15–16 June 2026, 1 800.00 TTC, 540.00 paid
on signature (26 February 2026); the withdrawal is received on 2 March 2026, inside the window:
540.00 is refunded, due by 16 March 2026 (L221-24)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lexom_terms import (
    Client,
    InvalidInputError,
    Notice,
    RefundSurcharge,
    balance,
    cancel,
    payment_due,
    refund_surcharge,
)

from ..conftest import CONSUMER, make_order
from .support import covers

D = date.fromisoformat
ORDER = make_order(
    "new-30",
    client=CONSUMER,
    signed="2026-02-26",
    start="2026-06-15",
    paid=(("2026-02-26", "540.00"),),
)
WITHDRAWAL = cancel(ORDER, Notice(received_on="2026-03-02"))
DUE = D("2026-03-16")


def test_the_withdrawal_refunds_540_by_16_march() -> None:
    assert (WITHDRAWAL.status, WITHDRAWAL.to_refund, WITHDRAWAL.refund_due_on) == (
        "retracted",
        Decimal("540.00"),
        DUE,
    )


@covers("§19 L242-4 increase")
@pytest.mark.parametrize(
    ("refunded", "late", "amount"),
    [
        ("2026-03-24", 8, "0.79"),  # 540.00 × 6.67 × 8 / 36 500
        ("2026-04-03", 18, "27.00"),  # 5 %
        ("2026-04-12", 27, "54.00"),  # 10 %
        ("2026-05-05", 50, "108.00"),  # 20 %
        ("2026-05-30", 75, "270.00"),  # 50 %
        ("2026-06-20", 96, "297.00"),  # 55 %: one month begun after the 90th day
    ],
)
def test_the_rulebook_table(refunded: str, late: int, amount: str) -> None:
    found = refund_surcharge(ORDER, WITHDRAWAL, refunded)
    assert (found.days_late, found.amount) == (late, Decimal(amount))
    assert found.due_on == DUE and found.refund == Decimal("540.00")
    assert [c.source for c in found.citations] == [
        "Code de la consommation L242-4",
        "Code de la consommation L221-24",
    ]


@covers("§19 L242-4 increase", boundary=True)
@pytest.mark.parametrize(
    ("late", "percent", "amount", "next_step"),
    [
        (-3, "0", "0.00", "2026-03-17"),  # refunded before the due date: days_late 0
        (0, "0", "0.00", "2026-03-17"),  # on the due date
        (1, None, "0.10", "2026-03-27"),  # legal interest, one day
        (10, None, "0.99", "2026-03-27"),
        (11, "5", "27.00", "2026-04-06"),
        (20, "5", "27.00", "2026-04-06"),
        (21, "10", "54.00", "2026-04-16"),
        (30, "10", "54.00", "2026-04-16"),
        (31, "20", "108.00", "2026-05-16"),
        (60, "20", "108.00", "2026-05-16"),
        (61, "50", "270.00", "2026-06-15"),
        (90, "50", "270.00", "2026-06-15"),  # D90 = 14 June
        (91, "55", "297.00", "2026-07-15"),  # 15 June ≤ 14 June + 1 month
        (120, "55", "297.00", "2026-07-15"),  # 14 July: still the first month begun
        (121, "60", "324.00", "2026-08-15"),
    ],
)
def test_every_tier_boundary(late: int, percent: str | None, amount: str, next_step: str) -> None:
    found = refund_surcharge(ORDER, WITHDRAWAL, DUE + timedelta(days=late))
    assert found.days_late == max(0, late)
    assert found.percent == (None if percent is None else Decimal(percent))
    assert (found.amount, found.next_step_on, found.capped) == (
        Decimal(amount),
        D(next_step),
        False,
    )


@covers("§19 L242-4 increase", boundary=True)
def test_the_cap_then_legal_interest() -> None:
    """A 450.00 HT order (540.00 TTC) fully prepaid and withdrawn: 540.00 refunded, due 16 March.
    50 + 5n reaches 100 % (540.00, the order total) with n = 10: on D90 + 9 months + 1 day =
    15 March 2027 (D90 = 14 June 2026). The day before: 95 % = 513.00. From the cap, no next
    step; then legal interest on the refund from the next day ("puis du taux d'intérêt
    légal"); n = 11 (105 %) is reduced by the cap."""
    small = make_order(
        "new-30",
        client=CONSUMER,
        signed="2026-02-26",
        start="2026-06-15",
        price="450.00",
        paid=(("2026-02-26", "540.00"),),
    )
    withdrawal = cancel(small, Notice(received_on="2026-03-02"))
    assert withdrawal.to_refund == small.total == Decimal("540.00")
    before = refund_surcharge(small, withdrawal, "2027-03-14")
    assert (before.percent, before.amount, before.next_step_on) == (
        Decimal("95"),
        Decimal("513.00"),
        D("2027-03-15"),
    )
    reached = refund_surcharge(small, withdrawal, "2027-03-15")
    assert (reached.percent, reached.amount, reached.capped) == (
        Decimal("100"),
        Decimal("540.00"),
        False,  # exactly the cap: the cap reduced nothing
    )
    assert (reached.next_step_on, reached.cap_reached_on) == (None, D("2027-03-15"))
    rates = _rates_2027()
    later = refund_surcharge(small, withdrawal, "2027-04-15", rates=rates)
    # 16 March – 15 April 2027: 31 days at 6.67 % (the 2027 rate given below)
    interest = (Decimal("540.00") * Decimal("6.67") * 31 / 36500).quantize(Decimal("0.01"))
    assert (later.percent, later.capped, later.next_step_on) == (Decimal("105"), True, None)
    assert later.amount == Decimal("540.00") + interest == Decimal("543.06")


def _rates_2027():  # type: ignore[no-untyped-def]
    from lexom_terms import default_rates

    return default_rates().with_legal(date(2027, 1, 1), natural="6.67", other="2.62")


@pytest.mark.parametrize(
    ("client", "received"),
    [
        (Client(name="Julien Roux EI", kind="natural_person", professional=True), "2026-03-02"),
        (CONSUMER, "2026-04-01"),  # after the window: an ordinary cancellation
    ],
)
def test_not_a_consumer_withdrawal_is_refused(client: Client, received: str) -> None:
    """A sole trader's training-contract withdrawal (Code du travail L6353-5: refunded on
    receipt, no L242-4) and a consumer's cancellation after the window."""
    order = ORDER.model_copy(update={"client": client})
    settlement = cancel(order, Notice(received_on=received))
    with pytest.raises(InvalidInputError) as error:
        refund_surcharge(order, settlement, "2026-06-01")
    assert (error.value.field, error.value.code) == ("settlement", "not_a_consumer_refund")


def test_a_surcharge_explains_itself_and_round_trips() -> None:
    found = refund_surcharge(ORDER, WITHDRAWAL, "2026-04-03")
    text = found.explain("fr")
    assert "27,00" in text and "18 jours de retard" in text and "6 avril 2026" in text
    assert "steps up on 2026-04-06" in found.explain("en")
    assert RefundSurcharge.model_validate_json(found.model_dump_json()) == found
    assert refund_surcharge(ORDER, WITHDRAWAL, date(2026, 4, 3)) == found


def test_refunded_on_is_read_like_any_date_argument() -> None:
    with pytest.raises(InvalidInputError) as error:
        refund_surcharge(ORDER, WITHDRAWAL, "03/04/2026")
    assert error.value.field == "refunded_on"


# --- L214-2: a consumer's advance payments -------------------------------------------------


ADVANCE = make_order(
    "new-30",
    client=CONSUMER,
    signed="2026-03-02",
    start="2026-09-14",
    paid=(("2026-03-02", "540.00"),),
)


@covers("§19 L214-2 advance interest", boundary=True)
@pytest.mark.parametrize(
    ("as_of", "interest"),
    [
        ("2026-06-02", "0.00"),  # payment + 3 months: not yet
        ("2026-06-03", "0.10"),  # the first day: 540 × 6.67 / 36 500
        ("2026-06-30", "2.76"),  # 28 days of 2026 S1
        ("2026-09-13", "10.35"),  # + 75 days at 6.84 % (7.59): the day before the start
        ("2026-09-20", "10.35"),  # never past the day before the start
    ],
)
def test_advance_interest_accrues_from_three_months_to_the_day_before_the_start(
    as_of: str, interest: str
) -> None:
    found = balance(ADVANCE, as_of)
    assert found.advance_interest == Decimal(interest)
    paid = Decimal("540.00") if D(as_of) >= D("2026-03-02") else Decimal(0)
    assert found.client_outstanding == Decimal("1800.00") - paid - Decimal(interest)


@covers("§19 L214-2 advance interest")
def test_payment_due_is_net_of_the_whole_advance_interest() -> None:
    due = payment_due(ADVANCE)
    assert (due.on, due.amount) == (D("2026-09-15"), Decimal("1249.65"))
    assert "Code de la consommation L214-2" in [c.source for c in due.citations]


@pytest.mark.parametrize(
    ("client", "paid_on", "interest"),
    [
        (
            Client(name="Paul Durand EI", kind="natural_person", professional=True),
            "2026-03-02",
            "0.00",
        ),
        (Client(name="ACME SAS", kind="legal_person"), "2026-03-02", "0.00"),
        (Client(name="Association", kind="legal_person", professional=False), "2026-03-02", "0.00"),
        (CONSUMER, "2026-06-14", "0.00"),  # + 3 months = 14 September, the start
        (CONSUMER, "2026-06-12", "0.34"),  # 13 September only: 1 800 × 6.84 / 36 500
    ],
)
def test_only_a_consumers_advance_bears_interest(
    client: Client, paid_on: str, interest: str
) -> None:
    order = make_order(
        "new-30",
        client=client,
        signed="2026-03-02",
        start="2026-09-14",
        paid=((paid_on, "1800.00"),),
    )
    assert balance(order, "2026-09-20").advance_interest == Decimal(interest)


def test_month_end_payments_follow_relativedelta() -> None:
    """30 November 2025 + 3 months = 28 February 2026: interest 1–15 March (15 days, 4.93);
    1 December + 3 months = 1 March: 2–15 March (14 days, 4.61)."""
    for paid_on, interest in (("2025-11-30", "4.93"), ("2025-12-01", "4.61")):
        order = make_order(
            "new-30",
            client=CONSUMER,
            signed="2025-11-28",
            start="2026-03-16",
            paid=((paid_on, "1800.00"),),
        )
        assert balance(order, "2026-03-20").advance_interest == Decimal(interest)


def test_unknown_legal_rates_are_left_out_and_said() -> None:
    """A session in 2027: the days of 2027 have no legal rate in the shipped table; they are not
    counted, and the citation says from which day and how to add the rate."""
    order = make_order(
        "new-30",
        client=CONSUMER,
        signed="2026-08-03",
        start="2027-01-18",
        paid=(("2026-08-03", "540.00"),),
    )
    found = balance(order, "2027-01-20")
    # 4 November – 31 December 2026: 58 days at 6.84 % = 5.87; January 2027 unknown
    assert found.advance_interest == Decimal("5.87")
    l214 = next(c for c in found.citations if c.source == "Code de la consommation L214-2")
    assert "2027-01-01" in l214.text and "rates.with_legal" in l214.text


@pytest.mark.parametrize(
    ("refunded", "today", "tomorrow"),
    [
        ("2026-03-16", "0.00", "0.10"),  # on the due date: a day later, legal interest
        ("2026-03-26", "0.99", "27.00"),  # the 10th day late: tomorrow 5 %
        ("2026-04-03", "27.00", "27.00"),
    ],
)
def test_what_refunding_today_and_tomorrow_costs(refunded: str, today: str, tomorrow: str) -> None:
    found = refund_surcharge(ORDER, WITHDRAWAL, refunded)
    assert (found.amount, found.amount_tomorrow) == (Decimal(today), Decimal(tomorrow))
