"""Interest already claimed (``claimed_through``), capitalisation (Code civil 1343-2), the
statute's wording toward each kind of client and the time bar (RULEBOOK §9, issue 10 item 10).
Every expected figure is computed by hand in the comment above it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexom_terms import (
    Client,
    InterestPolicy,
    InvalidInputError,
    Invoice,
    Payment,
    late_interest,
)
from lexom_terms.calendar import add_years
from lexom_terms.money import ZERO

from .conftest import COMPANY, CONSUMER, SOLE_TRADER
from .rules.support import covers
from .strategies import invoices

ASSOCIATION = Client(
    name="Association des amis du Vivarais", kind="legal_person", professional=False
)
LAST_RATE_DAY = date(2026, 12, 31)
CENT = Decimal("0.01")


def invoice(amount: str, due: str, *payments: tuple[str, str], client: Client = COMPANY) -> Invoice:
    return Invoice(
        number="F-2025-118",
        cgv="legacy-15",
        client=client,
        issued_on=due,
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=a) for on, a in payments),
    )


F118 = invoice("1800.00", "2025-06-10", ("2025-08-01", "600.00"), ("2025-10-15", "600.00"))

# --- interest already claimed ----------------------------------------------------------------


@covers("§9 interest already claimed", "§9 periods")
def test_second_reminder_claims_only_what_accrued_after_the_first() -> None:
    # The first reminder claimed through 31 August 2025; the second is drawn up on 31 December.
    claim = late_interest(F118, date(2025, 12, 31), claimed_through=date(2025, 8, 31))
    # 2 Aug – 15 Oct on 1200 at 12.15 is split at 31 August: 1 Sep – 15 Oct = 45 days,
    # 1200 × 12.15 × 45 / 36500 = 17.9753 → 17.98; 16 Oct – 31 Dec on 600: 15.38 (as before)
    assert [(p.start, p.end, p.days, p.interest) for p in claim.periods] == [
        (date(2025, 9, 1), date(2025, 10, 15), 45, Decimal("17.98")),
        (date(2025, 10, 16), date(2025, 12, 31), 77, Decimal("15.38")),
    ]
    assert claim.interest == Decimal("33.36")
    # The 40.00 was part of the first claim (the invoice was late on 31 August): not again.
    assert claim.recovery_indemnity == ZERO
    assert claim.total == Decimal("33.36")
    assert claim.claimed_through == date(2025, 8, 31)
    assert claim.days_late == 204  # the whole delay, as before
    first = late_interest(F118, date(2025, 8, 31))
    # 12.97 + 19.17 + (2 Aug – 31 Aug: 1200 × 12.15 × 30 / 36500 = 11.9836 → 11.98)
    assert first.interest == Decimal("44.12")
    # 44.12 + 33.36 = 77.48, the claim of 31 December without claimed_through
    assert first.interest + claim.interest == late_interest(F118, date(2025, 12, 31)).interest
    text = claim.explain()
    assert "Intérêts déjà réclamés jusqu'au 31 août 2025 inclus" in text
    assert "à partir du 1er septembre 2025" in text
    assert "claimed earlier" in claim.explain("en")
    assert "legacy-15 §3.4" in [c.source for c in claim.citations]


@covers("§9 interest already claimed", boundary=True)
def test_claimed_through_on_the_due_date_changes_nothing_but_says_so() -> None:
    plain = late_interest(F118, date(2025, 12, 31))
    same = late_interest(F118, date(2025, 12, 31), claimed_through="2025-06-10")
    assert (same.periods, same.total) == (plain.periods, plain.total)
    assert same.recovery_indemnity == Decimal("40.00")  # nothing late was claimed yet
    # Claimed through the first late day: that day's interest and the indemnity were claimed.
    next_day = late_interest(F118, date(2025, 12, 31), claimed_through=date(2025, 6, 11))
    assert next_day.periods[0].start == date(2025, 6, 12)
    assert next_day.recovery_indemnity == ZERO


def test_everything_claimed_leaves_nothing() -> None:
    claim = late_interest(F118, date(2025, 12, 31), claimed_through=date(2025, 12, 31))
    assert (claim.periods, claim.interest, claim.total) == ((), ZERO, ZERO)


def test_claimed_through_after_as_of_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="claimed_through 2026-01-01 is after as_of") as e:
        late_interest(F118, date(2025, 12, 31), claimed_through=date(2026, 1, 1))
    assert (e.value.field, e.value.code) == ("claimed_through", "claimed_after_as_of")
    with pytest.raises(InvalidInputError, match="claimed_through") as bad:
        late_interest(F118, date(2025, 12, 31), claimed_through="31/08/2025")  # type: ignore[arg-type]
    assert bad.value.code == "invalid_date"


def test_interest_first_payments_settle_the_interest_claimed_earlier_first() -> None:
    policy = InterestPolicy(allocation="interest_first")
    full = late_interest(F118, date(2025, 12, 31), policy=policy)
    after = late_interest(F118, date(2025, 12, 31), policy=policy, claimed_through="2025-08-01")
    # Through 1 August: 12.97 + 19.17 = 32.14, settled by the 600.00 of 1 August; what accrued
    # after (30.76 + 16.99, as in the full claim) was settled by the 15 October payment for
    # 30.76 only.
    assert [p.interest for p in after.periods] == [Decimal("30.76"), Decimal("16.99")]
    assert after.interest_settled == full.interest_settled - Decimal("32.14") == Decimal("30.76")
    assert after.interest_outstanding == full.interest_outstanding == Decimal("16.99")


policies = st.builds(
    InterestPolicy,
    ecb_reference=st.sampled_from(["semester", "january"]),
    day_count=st.sampled_from(["act/365", "act/act"]),
    allocation=st.sampled_from(["principal_first", "interest_first"]),
)


@given(invoices(), st.integers(0, 500), st.integers(-20, 500), policies)
def test_claimed_through_splits_the_claim(
    invoice: Invoice, days: int, cut: int, policy: InterestPolicy
) -> None:
    """claim(through X) + claim(after X) == the full claim, up to per-period rounding: X splits at
    most one period in two, each rounded to the cent, so the interest differs by at most 0.01.
    Under interest_first a payment after X settles interest accrued up to its date, a sum of
    rounded periods that the split may move by a cent: the principal, and so each later period,
    may move too, by at most 0.01 more per payment after X."""
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)
    through = min(invoice.due_on + timedelta(days=cut), as_of)
    full = late_interest(invoice, as_of, policy=policy)
    before = late_interest(invoice, through, policy=policy)
    after = late_interest(invoice, as_of, policy=policy, claimed_through=through)
    later_payments = sum(1 for p in invoice.payments if through < p.on <= as_of)
    tolerance = CENT if policy.allocation == "principal_first" else CENT * (1 + later_payments)
    assert abs(before.interest + after.interest - full.interest) <= tolerance
    # The indemnity is claimed once, by the claim that covers the first late day.
    assert before.recovery_indemnity + after.recovery_indemnity == full.recovery_indemnity
    assert all(p.start > through for p in after.periods)
    # under principal_first the totals split too (interest_first moves settled interest, and so
    # does a payment above the principal, which settles interest then the indemnity: RULEBOOK §9)
    paid = sum((p.amount for p in invoice.payments if p.on <= as_of), Decimal(0))
    principal_first = policy.allocation == "principal_first"
    splits = principal_first and paid <= invoice.amount_incl_tax
    assert not splits or abs(before.total + after.total - full.total) <= CENT
    assert not principal_first or after.principal_outstanding == full.principal_outstanding


# --- capitalisation (Code civil 1343-2) ------------------------------------------------------

UNPAID_2024 = invoice("1000.00", "2024-01-31")


@covers("§9 capitalisation", "§9 periods", boundary=True)
def test_capitalisation_from_a_court_demand_and_its_anniversary() -> None:
    claim = late_interest(UNPAID_2024, date(2026, 6, 30), capitalise_from=date(2025, 3, 1))
    assert [(p.start, p.end, p.principal, p.annual_rate, p.interest) for p in claim.periods] == [
        # 1000 × 15.21 × 151 / 36500 = 62.9227 → 62.92 (3 × legal 5.07 wins in 2024 S1)
        (
            date(2024, 2, 1),
            date(2024, 6, 30),
            Decimal("1000.00"),
            Decimal("15.21"),
            Decimal("62.92"),
        ),
        # 1000 × 14.76 × 184 / 36500 = 74.4066 → 74.41
        (
            date(2024, 7, 1),
            date(2024, 12, 31),
            Decimal("1000.00"),
            Decimal("14.76"),
            Decimal("74.41"),
        ),
        # 1000 × 13.15 × 60 / 36500 = 21.6164 → 21.62; the period stops at the demand
        (
            date(2025, 1, 1),
            date(2025, 3, 1),
            Decimal("1000.00"),
            Decimal("13.15"),
            Decimal("21.62"),
        ),
        # 62.92 + 74.41 + 21.62 = 158.95, due for more than a year, bears interest from 2 March:
        # 1158.95 × 13.15 × 121 / 36500 = 50.5215 → 50.52
        (
            date(2025, 3, 2),
            date(2025, 6, 30),
            Decimal("1158.95"),
            Decimal("13.15"),
            Decimal("50.52"),
        ),
        # 1158.95 × 12.15 × 244 / 36500 = 94.1320 → 94.13
        (
            date(2025, 7, 1),
            date(2026, 3, 1),
            Decimal("1158.95"),
            Decimal("12.15"),
            Decimal("94.13"),
        ),
        # first anniversary: 50.52 + 94.13 = 144.65 covers exactly a year (2 Mar 2025 – 1 Mar
        # 2026): 1303.60 × 12.15 × 121 / 36500 = 52.5053 → 52.51
        (
            date(2026, 3, 2),
            date(2026, 6, 30),
            Decimal("1303.60"),
            Decimal("12.15"),
            Decimal("52.51"),
        ),
    ]
    assert [(c.on, c.amount) for c in claim.capitalised] == [
        (date(2025, 3, 1), Decimal("158.95")),
        (date(2026, 3, 1), Decimal("144.65")),
    ]
    assert claim.capitalise_from == date(2025, 3, 1)
    assert claim.interest == Decimal("356.11")  # every period, capitalised ones included
    assert claim.principal_outstanding == Decimal("1000.00")  # the invoice's own principal
    assert claim.total == Decimal("396.11")
    assert "Code civil 1343-2" in [c.source for c in claim.citations]
    assert "158,95\u00a0€ le 1er mars 2025 ; 144,65\u00a0€ le 1er mars 2026" in claim.explain()


@covers("§9 capitalisation", boundary=True)
def test_interest_due_for_less_than_a_year_is_not_capitalised() -> None:
    # Demand on 30 January 2025: interest has run from 1 February 2024, 365 days, one day short
    # of a whole year (2024 is a leap year: the year ends on 31 January 2025).
    early = late_interest(UNPAID_2024, date(2025, 3, 31), capitalise_from=date(2025, 1, 30))
    assert early.capitalised == ()
    assert {p.principal for p in early.periods} == {Decimal("1000.00")}
    # On 31 January 2025 the year is whole: capitalised, and interest on it from 1 February.
    whole = late_interest(UNPAID_2024, date(2025, 3, 31), capitalise_from=date(2025, 1, 31))
    assert [c.on for c in whole.capitalised] == [date(2025, 1, 31)]
    assert whole.periods[-1].principal == Decimal("1000.00") + whole.capitalised[0].amount


def test_capitalisation_is_off_by_default_and_recorded_when_on() -> None:
    plain = late_interest(UNPAID_2024, date(2026, 6, 30))
    assert (plain.capitalise_from, plain.capitalised) == (None, ())
    assert "1343-2" not in plain.explain()
    # nothing due yet on the demand day: capitalisation asked, none made
    none = late_interest(UNPAID_2024, date(2024, 6, 30), capitalise_from=date(2024, 2, 15))
    assert none.capitalised == ()
    assert "aucune à ce jour" in none.explain()


# --- wording, indemnity and caveats by kind of client ----------------------------------------


@covers("§9 recovery indemnity", "§9 consumer caveat")
def test_a_professional_claim_names_l441_10_and_its_former_number_once() -> None:
    claim = late_interest(F118, date(2025, 12, 31))
    sources = [c.source for c in claim.citations]
    assert sources == ["legacy-15 §3.4", "Code de commerce L441-10", "Code de commerce D441-5"]
    text = claim.explain()
    assert text.count("anciennement L441-6, cité par les CGV") == 1
    assert "13,15\u00a0%" in text
    assert "1\u202f800,00\u00a0€ × 13,15\u00a0% × 20 / 36\u202f500 = 12,97\u00a0€" in text
    assert "11 juin 2025" in text and "2025-06-11" not in text
    assert "jours exacts / 365" in text and "act/365" not in text
    assert "paiements imputés d'abord sur le principal" in text
    assert claim.caveats == ()


@covers("§9 recovery indemnity", "§9 consumer caveat")
def test_a_consumer_claim_does_not_say_l441_10_governs_it() -> None:
    claim = late_interest(invoice("1000.00", "2025-01-31", client=CONSUMER), date(2025, 3, 31))
    sources = [c.source for c in claim.citations]
    assert "Code de commerce L441-10" not in sources
    assert "Code de commerce D441-5" not in sources
    clause = claim.citations[0]
    assert clause.source == "legacy-15 §3.4"
    assert "clause pénale" in clause.text_fr
    assert "ne fonde pas cette réclamation" in clause.text_fr
    assert claim.recovery_indemnity == ZERO
    assert [c.source for c in claim.caveats] == ["Code civil 1231-5", "Code civil 1231-6"]


@covers("§9 recovery indemnity", boundary=True)
def test_a_non_professional_legal_person_owes_no_indemnity() -> None:
    bill = invoice("1000.00", "2025-01-31", ("2025-02-01", "1000.00"), client=ASSOCIATION)
    claim = late_interest(bill, date(2025, 3, 31))
    # one day: 1000 × 13.15 / 36500 = 0.3603 → 0.36
    assert (claim.interest, claim.recovery_indemnity) == (Decimal("0.36"), ZERO)
    assert "Code de commerce L441-10" not in [c.source for c in claim.citations]
    assert "non professionnelle" in claim.citations[-1].text_fr
    assert "un non-professionnel" in claim.caveats[0].text_fr
    # A sole trader is a professional: the indemnity is owed.
    trader = late_interest(bill.model_copy(update={"client": SOLE_TRADER}), date(2025, 3, 31))
    assert trader.recovery_indemnity == Decimal("40.00")


@covers("§9 time bar", "§9 consumer caveat", boundary=True)
def test_time_bar_two_years_for_a_consumer() -> None:
    bill = invoice("1000.00", "2024-01-31", client=CONSUMER)
    on_the_day = late_interest(bill, date(2026, 1, 31))  # due + 2 years: not yet barred
    assert "Code de la consommation L218-2" not in [c.source for c in on_the_day.caveats]
    barred = late_interest(bill, date(2026, 2, 1))
    assert [c.source for c in barred.caveats][-1] == "Code de la consommation L218-2"
    assert "31 janvier 2026" in barred.caveats[-1].text_fr
    assert barred.interest > ZERO  # the figures stay as computed


@covers("§9 time bar", boundary=True)
def test_time_bar_five_years_otherwise() -> None:
    bill = invoice("1000.00", "2019-06-28")
    assert late_interest(bill, date(2024, 6, 28)).caveats == ()
    barred = late_interest(bill, date(2024, 6, 29))
    assert [c.source for c in barred.caveats] == ["Code de commerce L110-4", "Code civil 2224"]
    # never on a claim that was not late
    paid = invoice("1000.00", "2019-06-28", ("2019-06-28", "1000.00"))
    assert late_interest(paid, date(2026, 1, 1)).caveats == ()


def test_as_of_accepts_an_iso_string_and_refuses_anything_else() -> None:
    assert late_interest(F118, "2025-12-31") == late_interest(F118, date(2025, 12, 31))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="as_of") as error:
        late_interest(F118, 20251231)  # type: ignore[arg-type]
    assert error.value.field == "as_of"


@given(invoices(), st.integers(0, 900), st.integers(-30, 600), policies)
def test_capitalisation_never_lowers_the_interest_by_more_than_its_cuts(
    invoice: Invoice, days: int, demand: int, policy: InterestPolicy
) -> None:
    """Capitalised interest only adds to the base; each capitalisation day also cuts a period,
    and each cut may round one cent away."""
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)
    asked = invoice.due_on + timedelta(days=demand)
    plain = late_interest(invoice, as_of, policy=policy)
    capitalised = late_interest(invoice, as_of, policy=policy, capitalise_from=asked)
    anniversaries = sum(1 for year in range(4) if add_years(asked, year) <= as_of)
    assert capitalised.interest >= plain.interest - CENT * anniversaries
    assert capitalised.capitalise_from == asked
    for made in capitalised.capitalised:
        assert made.amount > 0 and asked <= made.on <= as_of
