"""Issue 21 items 2, 3 and 13 (RULEBOOK §9, §11, §20): payments above the principal, a public
buyer's principal first, capitalisation ordered by a court, the time bar's last day.

Facts unless a test says otherwise: invoice F-1, 1 800.00 TTC due Friday 17 April 2026; a
company pays 1 800.00 on 2 June 2026: 46 days at 12.15 % (ECB 2.15 + 10) = 27.56 of interest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import Client, InterestPolicy, Invoice, Payment, late_interest

D = date.fromisoformat
COMPANY = Client(name="ACME SAS", kind="legal_person")
CONSUMER = Client(name="Jeanne Martin", kind="natural_person")
ASSOCIATION = Client(name="Association", kind="legal_person", professional=False)
STATE = Client(name="Ville de Privas", kind="legal_person", public_buyer="state")
HEALTH = Client(name="CHU", kind="legal_person", public_buyer="health")
UNDERTAKING = Client(name="RATP", kind="legal_person", public_buyer="public_undertaking")
INTEREST_FIRST = InterestPolicy(allocation="interest_first")


def invoice(
    *payments: tuple[str, str], client: Client = COMPANY, due: str = "2026-04-17"
) -> Invoice:
    return Invoice(
        number="F-1",
        cgv="new-30",
        client=client,
        issued_on=due,
        due_on=due,
        amount_incl_tax="1800.00",
        payments=tuple(Payment(on=on, amount=amount) for on, amount in payments),
    )


# --- item 2: principal_first, a payment above the unpaid principal (RULEBOOK §9) ----------------


def test_the_issues_example_the_excess_settles_the_interest() -> None:
    """1 827.56 paid on 1 800.00: the 27.56 above the principal settles the 27.56 of interest
    accrued to its date; only the indemnity remains (was: 27.56 of interest and 67.56 claimed)."""
    claim = late_interest(invoice(("2026-06-02", "1827.56")), "2026-07-31")
    assert (claim.interest, claim.interest_settled, claim.interest_outstanding) == (
        Decimal("27.56"),
        Decimal("27.56"),
        Decimal("0.00"),
    )
    assert (claim.principal_outstanding, claim.recovery_indemnity, claim.total) == (
        Decimal("0.00"),
        Decimal("40.00"),
        Decimal("40.00"),
    )


@pytest.mark.parametrize(
    ("paid", "settled", "total"),
    [
        ("1800.00", "0.00", "67.56"),  # exactly the principal: nothing above it
        ("1800.01", "0.01", "67.55"),  # one cent above
        ("1827.55", "27.55", "40.01"),  # one cent short of the interest
        ("1867.55", "27.56", "0.01"),  # one cent short of the indemnity
        ("1867.56", "27.56", "0.00"),  # everything
        ("1900.00", "27.56", "0.00"),  # the rest is overpaid, never counted
    ],
)
def test_the_excess_settles_interest_then_the_indemnity(
    paid: str, settled: str, total: str
) -> None:
    claim = late_interest(invoice(("2026-06-02", paid)), "2026-07-31")
    assert claim.interest == Decimal("27.56")
    assert (claim.interest_settled, claim.total) == (Decimal(settled), Decimal(total))
    assert claim.interest_outstanding == claim.interest - claim.interest_settled
    assert claim.recovery_indemnity == Decimal("40.00")


def test_the_accessories_paid_after_the_principal_settle_them() -> None:
    """The principal on 2 June, the accessories on 20 June: interest stopped on 2 June."""
    claim = late_interest(invoice(("2026-06-02", "1800.00"), ("2026-06-20", "67.56")), "2026-07-31")
    assert (claim.interest_settled, claim.total) == (Decimal("27.56"), Decimal("0.00"))
    # paid after as_of: not yet
    before = late_interest(
        invoice(("2026-06-02", "1800.00"), ("2026-06-20", "67.56")), "2026-06-19"
    )
    assert (before.interest_settled, before.total) == (Decimal("0.00"), Decimal("67.56"))


def test_a_consumers_excess_settles_interest_and_there_is_no_indemnity() -> None:
    claim = late_interest(invoice(("2026-06-02", "1900.00"), client=CONSUMER), "2026-07-31")
    assert (claim.interest_settled, claim.recovery_indemnity, claim.total) == (
        Decimal("27.56"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_a_payment_above_the_invoice_before_the_due_date_settles_nothing() -> None:
    claim = late_interest(invoice(("2026-04-17", "1900.00")), "2026-07-31")
    assert (claim.days_late, claim.interest, claim.total) == (0, Decimal("0.00"), Decimal("0.00"))


def test_with_claimed_through_the_excess_settles_the_oldest_interest_first() -> None:
    """Interest through 30 April claimed earlier (13 days: 1 800 × 12.15 % × 13 / 36 500 = 7.79;
    then 33 days, 19.77); the excess of 10.00 settles those 7.79 first, then 2.21 of the
    interest after it."""
    claim = late_interest(
        invoice(("2026-06-02", "1810.00")), "2026-07-31", claimed_through="2026-04-30"
    )
    assert claim.interest == Decimal("19.77")
    assert claim.interest_settled == Decimal("2.21")
    assert claim.recovery_indemnity == Decimal("0.00")  # asked with the first claim


# --- item 3: a public buyer's principal is always paid first (RULEBOOK §11) -------------------


@pytest.mark.parametrize("policy", [None, INTEREST_FIRST])
def test_a_public_buyers_payment_goes_to_the_principal_whatever_the_policy(
    policy: InterestPolicy | None,
) -> None:
    """RULEBOOK §11's worked example: principal paid 2 June 2026, 46 days at 10.15 % = 23.03,
    accessories due 17 July 2026. Under interest_first the payment used to settle 23.03 of
    interest first, leaving 23.03 of principal unpaid for ever and no accessories date."""
    claim = late_interest(
        invoice(("2026-06-02", "1800.00"), client=STATE), "2026-07-31", policy=policy
    )
    assert (claim.interest, claim.principal_outstanding) == (Decimal("23.03"), Decimal("0.00"))
    assert (claim.interest_settled, claim.total) == (Decimal("0.00"), Decimal("63.03"))
    assert claim.accessories_due_on == D("2026-07-17")
    assert claim.days_late == 46


def test_a_public_buyers_excess_settles_interest_then_the_indemnity() -> None:
    claim = late_interest(
        invoice(("2026-06-02", "1830.00"), client=STATE), "2026-07-31", policy=INTEREST_FIRST
    )
    assert (claim.interest_settled, claim.total) == (Decimal("23.03"), Decimal("33.03"))


# --- item 13: capitalisation only when a court orders it; the time bar's last day --------------


def test_capitalisation_is_said_to_be_ordered_by_a_court() -> None:
    late = invoice(due="2025-01-17")
    claim = late_interest(late, "2026-10-28", capitalise_from="2025-06-01")
    note = next(c for c in claim.citations if c.source == "Code civil 1343-2")
    assert "ordered by a court" in note.text and "ordonnée par le juge" in note.text_fr
    # 1 June 2025: less than a year behind it; 1 June 2026: a whole year (from 18 January 2025)
    assert [c.on for c in claim.capitalised] == [D("2026-06-01")]
    assert not any(c.source == "Code civil 1343-2" for c in claim.caveats)
    public = late_interest(invoice(client=STATE), "2026-10-28", capitalise_from="2027-04-18")
    assert [c.source for c in public.caveats if c.source == "Code civil 1343-2"] == [
        "Code civil 1343-2"
    ]
    # never by default
    assert late_interest(late, "2026-10-28").capitalised == ()


@pytest.mark.parametrize(
    ("client", "due", "lapses"),
    [
        (CONSUMER, "2026-03-15", "2028-03-15"),  # L218-2: two years
        (CONSUMER, "2024-02-29", "2026-02-28"),
        (COMPANY, "2026-03-15", "2031-03-15"),  # L110-4, 2224: five years
        (ASSOCIATION, "2026-03-15", "2031-03-15"),  # a non-professional: not L218-2
        (STATE, "2026-03-15", "2030-12-31"),  # RULEBOOK §20's example
        (STATE, "2026-01-01", "2030-12-31"),
        (STATE, "2026-12-31", "2030-12-31"),
        (HEALTH, "2027-01-01", "2031-12-31"),
        (UNDERTAKING, "2026-03-15", "2031-03-15"),  # keeps the five years
    ],
)
def test_lapses_after_is_the_last_day_before_the_time_bar(
    client: Client, due: str, lapses: str
) -> None:
    claim = late_interest(invoice(client=client, due=due), due)  # not late yet: still stated
    assert claim.lapses_after == D(lapses)


@pytest.mark.parametrize("client", [CONSUMER, COMPANY, STATE])
def test_the_time_bar_caveat_appears_the_day_after_lapses_after(client: Client) -> None:
    late = invoice(client=client, due="2019-03-15")
    last = late_interest(late, "2019-03-16").lapses_after
    assert last is not None
    bars = {"Code de la consommation L218-2", "Code de commerce L110-4", "Loi 68-1250 article 1"}
    on_last = late_interest(late, last)
    after = late_interest(late, last.fromordinal(last.toordinal() + 1))
    assert not bars & {c.source for c in on_last.caveats}
    assert bars & {c.source for c in after.caveats}


def test_a_claim_round_trips_with_its_lapse_date() -> None:
    from lexom_terms import InterestClaim

    claim = late_interest(invoice(("2026-06-02", "1827.56")), "2026-07-31")
    assert InterestClaim.model_validate_json(claim.model_dump_json()) == claim
