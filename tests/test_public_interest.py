"""RULEBOOK §11 — a public buyer's late-payment interest (Code de la commande publique L2192-13,
R2192-31, D2192-35, R2192-36). Every expected figure is computed by hand in the comment above
it: principal × rate × days / 36 500, rounded half-up to the cent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexom_terms import (
    Client,
    InterestPolicy,
    Invoice,
    MissingRateError,
    Order,
    Payment,
    Session,
    default_rates,
    late_interest,
    payment_due,
)
from lexom_terms.calendar import semester_start
from lexom_terms.statute.public_procurement import PERIOD_DAYS
from lexom_terms.statute.public_procurement import due_on as public_due_on

from .rules.support import covers
from .strategies import invoices
from .test_interest_claims import policies

STATE = Client(name="Rectorat de l'académie de Lyon", kind="legal_person", public_buyer="state")
HEALTH = Client(name="CHU de Saint-Étienne", kind="legal_person", public_buyer="health")
UNDERTAKING = Client(name="SNCF Réseau", kind="legal_person", public_buyer="public_undertaking")


def invoice(
    due: str, *payments: tuple[str, str], client: Client = STATE, amount: str = "1800.00"
) -> Invoice:
    return Invoice(
        number="F-2026-041",
        cgv="new-30",
        client=client,
        issued_on=due,
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=a) for on, a in payments),
    )


@covers("§11 public buyer interest", "§11 accessories due", "§9 periods")
def test_worked_example_of_section_11_paid_2_june() -> None:
    # Training 16–17 March 2026, request received 18 March, state buyer: due 17 April 2026.
    claim = late_interest(invoice("2026-04-17", ("2026-06-02", "1800.00")), date(2026, 7, 31))
    # 18 April – 2 June = 46 days at ECB of 1 January 2026 (2.15) + 8 = 10.15 %
    # 1800 × 10.15 × 46 / 36500 = 23.0252 → 23.03
    assert [(p.days, p.annual_rate, p.basis, p.interest) for p in claim.periods] == [
        (46, Decimal("10.15"), "ECB+8", Decimal("23.03"))
    ]
    assert (claim.days_late, claim.interest, claim.recovery_indemnity, claim.total) == (
        46,
        Decimal("23.03"),
        Decimal("40.00"),
        Decimal("63.03"),
    )
    # R2192-36: 2 June + 45 days
    assert claim.accessories_due_on == date(2026, 7, 17)
    sources = [c.source for c in claim.citations]
    for article in ("L2192-13", "R2192-31", "D2192-35", "R2192-36"):
        assert f"Code de la commande publique {article}" in sources
    assert "Code de commerce L441-10" not in sources
    assert claim.stamp.provisional is False  # the ECB rate of 1 January 2026 is confirmed


def test_worked_example_from_the_order_to_the_claim() -> None:
    """RULEBOOK §11 end to end: the order's payment date (engine), then the claim on it."""
    order = Order(
        cgv="new-30",
        client=STATE,
        session=Session(reference="RCL-12", start="2026-03-16", end="2026-03-17"),
        price_excl_tax="1500.00",
        signed_on="2026-01-05",
    )
    due = payment_due(order, date(2026, 3, 18))  # request received Wednesday 18 March
    assert (due.on, due.amount) == (date(2026, 4, 17), Decimal("1800.00"))
    bill = invoice(due.on.isoformat(), ("2026-06-02", str(due.amount)))
    claim = late_interest(bill, date(2026, 7, 31))
    assert (claim.interest, claim.recovery_indemnity) == (Decimal("23.03"), Decimal("40.00"))
    assert claim.accessories_due_on == date(2026, 7, 17)


@covers("§11 public buyer interest", "§9 periods", boundary=True)
def test_worked_example_paid_15_july_keeps_the_rate_across_1_july() -> None:
    claim = late_interest(invoice("2026-04-17", ("2026-07-15", "1800.00")), date(2026, 7, 31))
    # 18 April – 15 July = 89 days, still 10.15 % (the CGV rate would move on 1 July):
    # 1800 × 10.15 × 89 / 36500 = 44.5492 → 44.55
    assert [(p.start, p.end, p.days, p.annual_rate, p.interest) for p in claim.periods] == [
        (date(2026, 4, 18), date(2026, 7, 15), 89, Decimal("10.15"), Decimal("44.55"))
    ]
    assert claim.total == Decimal("84.55")
    assert claim.accessories_due_on == date(2026, 8, 29)  # 15 July + 45
    # The ECB rate of 1 July 2026 (unconfirmed) was never looked up: not provisional.
    assert claim.stamp.provisional is False


@covers("§11 public buyer interest", boundary=True)
def test_delay_starting_30_june_vs_1_july() -> None:
    # Due 29 June: interest starts 30 June, in 2026 S1 → ECB of 1 January 2026 (2.15) + 8, kept
    # in July. 30 June – 10 July = 11 days: 1800 × 10.15 × 11 / 36500 = 5.5060 → 5.51
    june = late_interest(invoice("2026-06-29", ("2026-07-10", "1800.00")), date(2026, 7, 31))
    assert [(p.days, p.annual_rate, p.interest) for p in june.periods] == [
        (11, Decimal("10.15"), Decimal("5.51"))
    ]
    assert june.stamp.provisional is False
    # Due 30 June: interest starts 1 July, in 2026 S2 → ECB of 1 July 2026 (2.40, changed
    # 17 June, unconfirmed) + 8 = 10.40. 1 – 10 July = 10 days: 1800 × 10.40 × 10 / 36500
    # = 5.1287 → 5.13
    july = late_interest(invoice("2026-06-30", ("2026-07-10", "1800.00")), date(2026, 7, 31))
    assert [(p.days, p.annual_rate, p.interest) for p in july.periods] == [
        (10, Decimal("10.40"), Decimal("5.13"))
    ]
    assert july.stamp.provisional is True


@covers("§11 accessories due", "§9 periods", boundary=True)
def test_paid_on_the_due_date_owes_nothing_and_has_no_accessories_date() -> None:
    claim = late_interest(invoice("2026-04-17", ("2026-04-17", "1800.00")), date(2026, 9, 1))
    assert (claim.days_late, claim.interest, claim.recovery_indemnity, claim.total) == (
        0,
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert claim.accessories_due_on is None
    assert claim.periods == ()


@covers("§11 public buyer payment due", "§11 public buyer interest", boundary=True)
@pytest.mark.parametrize("client", [STATE, HEALTH, UNDERTAKING], ids=lambda c: c.public_buyer)
def test_paid_on_the_last_day_of_the_period_or_the_day_after(client: Client) -> None:
    # Request received 18 March 2026, training ended 17 March: the period (30, 50 or 60 days,
    # the engine's due-date side of RULEBOOK §11) ends on day N.
    assert client.public_buyer is not None
    received = date(2026, 3, 18)
    due = public_due_on(client.public_buyer, date(2026, 3, 17), received)
    assert (due - received).days == PERIOD_DAYS[client.public_buyer]
    on_time = late_interest(
        invoice(due.isoformat(), (due.isoformat(), "1800.00"), client=client),
        due + timedelta(days=100),
    )
    assert (on_time.total, on_time.accessories_due_on) == (Decimal("0.00"), None)
    day_after = due + timedelta(days=1)
    late = late_interest(
        invoice(due.isoformat(), (day_after.isoformat(), "1800.00"), client=client),
        due + timedelta(days=100),
    )
    # One day at 10.15 % (every N keeps the delay in 2026 S1): 1800 × 10.15 / 36500 = 0.5005
    # → 0.50; 40.00 whatever the buyer
    assert (late.days_late, late.interest, late.recovery_indemnity) == (
        1,
        Decimal("0.50"),
        Decimal("40.00"),
    )
    assert late.accessories_due_on == day_after + timedelta(days=45)


def test_still_unpaid_has_no_accessories_date_yet() -> None:
    claim = late_interest(invoice("2026-04-17"), date(2026, 5, 17))
    # 18 April – 17 May = 30 days: 1800 × 10.15 × 30 / 36500 = 15.0164 → 15.02
    assert (claim.interest, claim.principal_outstanding) == (Decimal("15.02"), Decimal("1800.00"))
    assert claim.accessories_due_on is None


def test_partial_payment_cuts_the_period_and_the_accessories_wait_for_the_last_one() -> None:
    bill = invoice("2026-04-17", ("2026-05-07", "800.00"), ("2026-06-06", "1000.00"))
    claim = late_interest(bill, date(2026, 7, 31))
    # 18 April – 7 May = 20 days on 1800: 1800 × 10.15 × 20 / 36500 = 10.0110 → 10.01
    # 8 May – 6 June = 30 days on 1000: 1000 × 10.15 × 30 / 36500 = 8.3425 → 8.34
    assert [(p.days, p.principal, p.interest) for p in claim.periods] == [
        (20, Decimal("1800.00"), Decimal("10.01")),
        (30, Decimal("1000.00"), Decimal("8.34")),
    ]
    assert claim.accessories_due_on == date(2026, 7, 21)  # 6 June + 45


def test_caller_reference_policy_is_ignored_but_day_count_is_followed() -> None:
    # Interest starts 18 December 2023 and runs into leap-year 2024: the rate stays ECB of
    # 1 July 2023 (4.00) + 8 = 12.00 whatever ecb_reference says (R2192-31).
    bill = invoice("2023-12-17", ("2024-01-16", "1000.00"), amount="1000.00")
    january = late_interest(bill, date(2024, 2, 1), policy=InterestPolicy(ecb_reference="january"))
    # 18 Dec 2023 – 16 Jan 2024 = 30 days, one period: 1000 × 12 × 30 / 36500 = 9.8630 → 9.86
    assert [(p.days, p.annual_rate, p.interest) for p in january.periods] == [
        (30, Decimal("12.00"), Decimal("9.86"))
    ]
    actact = late_interest(bill, date(2024, 2, 1), policy=InterestPolicy(day_count="act/act"))
    # 14 days of 2023 /365: 1000 × 12 × 14 / 36500 = 4.6027 → 4.60;
    # 16 days of 2024 /366: 1000 × 12 × 16 / 36600 = 5.2459 → 5.25
    assert [(p.denominator, p.interest) for p in actact.periods] == [
        (365, Decimal("4.60")),
        (366, Decimal("5.25")),
    ]


def test_no_three_times_legal_floor() -> None:
    # 2024 S1: the CGV rate is 3 × 5.07 = 15.21 (the floor wins); a public buyer pays ECB of
    # 1 January 2024 (4.50) + 8 = 12.50.
    bill = invoice("2024-01-31", ("2024-03-01", "1000.00"), amount="1000.00")
    claim = late_interest(bill, date(2024, 3, 31))
    # 1 Feb – 1 Mar 2024 = 30 days: 1000 × 12.5 × 30 / 36500 = 10.2740 → 10.27
    assert [(p.annual_rate, p.basis, p.interest) for p in claim.periods] == [
        (Decimal("12.50"), "ECB+8", Decimal("10.27"))
    ]


def test_a_missing_ecb_rate_is_an_error() -> None:
    with pytest.raises(MissingRateError, match="ECB main refinancing rate known for 2027-01-01"):
        late_interest(invoice("2026-12-31"), date(2027, 1, 5))


def test_explanation_in_french_uses_french_notation() -> None:
    claim = late_interest(invoice("2026-04-17", ("2026-06-02", "1800.00")), date(2026, 7, 31))
    text = claim.explain()
    assert (
        "du 18 avril 2026 au 2 juin 2026 : 1\u202f800,00\u00a0€ × 10,15\u00a0% × 46 / 36\u202f500 = 23,03\u00a0€"
        in text
    )
    assert "au plus tard le 17 juillet 2026" in text
    assert "1er janvier 2026" in text
    assert "Facture F-2026-041 : 46 jours de retard" in text
    english = claim.explain("en")
    assert "1800.00 × 10.15 % × 46 / (365 × 100) = 23.03" in english
    assert "by 17 July 2026" in english


PUBLIC_BUYERS = st.sampled_from([STATE, HEALTH, UNDERTAKING])
LAST_RATE_DAY = date(2026, 10, 28)  # the ECB series' known_through


@given(invoices(PUBLIC_BUYERS), st.integers(0, 600), policies)
def test_public_rate_is_one_fixed_rate_from_the_semester_interest_started(
    invoice: Invoice, days: int, policy: InterestPolicy
) -> None:
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)
    claim = late_interest(invoice, as_of, policy=policy)
    first_late_day = invoice.due_on + timedelta(days=1)
    ecb = default_rates().ecb_rate(semester_start(first_late_day)).percent
    assert {(p.annual_rate, p.basis) for p in claim.periods} <= {(ecb + 8, "ECB+8")}
    assert claim.interest == sum((p.interest for p in claim.periods), Decimal("0.00"))
    assert claim.recovery_indemnity == (Decimal("40.00") if claim.days_late else Decimal("0.00"))
    assert claim.caveats == () or claim.caveats[0].source == "Code de commerce L110-4"
    # R2192-36: an accessories date exactly when the principal is paid in full after the due
    # date, within 45 days of the last payment
    paid_late = claim.principal_outstanding == 0 and claim.days_late > 0
    assert (claim.accessories_due_on is not None) == paid_late
    payments = [p.on for p in invoice.payments if p.on <= as_of]
    assert claim.accessories_due_on is None or claim.accessories_due_on <= max(
        payments
    ) + timedelta(days=45)


@given(invoices(PUBLIC_BUYERS), st.integers(0, 300), st.integers(0, 300))
def test_public_interest_never_decreases_with_as_of(invoice: Invoice, a: int, b: int) -> None:
    first, second = sorted((a, b))
    early = late_interest(invoice, min(invoice.due_on + timedelta(days=first), LAST_RATE_DAY))
    late = late_interest(invoice, min(invoice.due_on + timedelta(days=second), LAST_RATE_DAY))
    assert early.interest <= late.interest


@covers("§9 time bar", boundary=True)
@pytest.mark.parametrize(
    ("client", "source"),
    [(STATE, "Loi 68-1250 article 1"), (HEALTH, "Loi 68-1250 article 1"), (UNDERTAKING, None)],
    ids=["state", "health", "undertaking"],
)
def test_quadrennial_lapse_of_a_public_debt(client: Client, source: str | None) -> None:
    """docs/decisions.md: a debt of the State, a local authority or a public establishment
    lapses on 31 December of the fourth year after the one it fell due in (loi 68-1250), before
    the five years of L110-4; a public undertaking keeps the five years."""
    due = "2026-04-17"
    bill = Invoice(
        number="F-2026-090",
        cgv="new-30",
        client=client,
        issued_on="2026-03-18",
        due_on=due,
        amount_incl_tax="1800.00",
    )
    last_day = late_interest(bill, date(2030, 12, 31))
    first_day_barred = late_interest(bill, date(2031, 1, 1))
    assert [c.source for c in last_day.caveats] == []
    sources = [c.source for c in first_day_barred.caveats]
    assert sources == ([source] if source else [])
