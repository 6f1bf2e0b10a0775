"""RULEBOOK §9 — late-payment interest and the recovery indemnity. Every expected figure is
computed by hand in the comment above it: principal × annual rate × days / (denominator × 100),
rounded half-up to the cent per period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import (
    Client,
    InterestPolicy,
    Invoice,
    MissingRateError,
    Payment,
    default_rates,
    late_interest,
)
from lexom_terms.interest import daily_rate, denominator, reference_date

from .conftest import COMPANY, CONSUMER
from .rules.support import covers


def invoice(
    amount: str,
    due: str,
    *payments: tuple[str, str],
    client: Client = COMPANY,
    cgv: str = "legacy-15",
) -> Invoice:
    return Invoice(
        number="F-2025-118",
        cgv=cgv,
        client=client,
        issued_on=due,
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=a) for on, a in payments),
    )


def rows(claim: object) -> list[tuple[str, str, int, str, str, str, str]]:
    return [
        (
            p.start.isoformat(),
            p.end.isoformat(),
            p.days,
            str(p.principal),
            str(p.annual_rate),
            p.basis,
            str(p.interest),
        )
        for p in claim.periods  # type: ignore[attr-defined]
    ]


F118 = invoice("1800.00", "2025-06-10", ("2025-08-01", "600.00"), ("2025-10-15", "600.00"))


@covers("§9 periods", "§9 partial payments", "§9 rate", boundary=True)
def test_semester_boundary_and_two_partial_payments() -> None:
    claim = late_interest(F118, date(2025, 12, 31))
    assert rows(claim) == [
        # 2025 S1: ECB on 1 Jan 2025 = 3.15 → 13.15 > 3 × 3.71 = 11.13
        # 1800 × 13.15 × 20 / 36500 = 12.9699 → 12.97
        ("2025-06-11", "2025-06-30", 20, "1800.00", "13.15", "ECB+10", "12.97"),
        # 2025 S2: ECB on 1 Jul 2025 = 2.15 → 12.15 > 3 × 2.76 = 8.28; the sum paid on 1 August
        # bears interest up to and including that day: 1800 × 12.15 × 32 / 36500 = 19.1737
        ("2025-07-01", "2025-08-01", 32, "1800.00", "12.15", "ECB+10", "19.17"),
        # 1200 × 12.15 × 75 / 36500 = 29.9589
        ("2025-08-02", "2025-10-15", 75, "1200.00", "12.15", "ECB+10", "29.96"),
        # 600 × 12.15 × 77 / 36500 = 15.3789
        ("2025-10-16", "2025-12-31", 77, "600.00", "12.15", "ECB+10", "15.38"),
    ]
    assert claim.interest == Decimal("77.48")  # 12.97 + 19.17 + 29.96 + 15.38
    assert claim.interest_settled == Decimal("0.00")
    assert claim.principal_outstanding == Decimal("600.00")
    assert claim.days_late == 204  # 10 June → 31 December
    assert claim.recovery_indemnity == Decimal("40.00")
    assert claim.total == Decimal("117.48")
    assert claim.stamp.provisional is False


@covers("§9 rate", boundary=True)
def test_three_times_legal_wins_in_2024_leap_year() -> None:
    claim = late_interest(invoice("1000.00", "2024-01-31"), date(2024, 3, 1))
    # 2024 S1: ECB on 1 Jan 2024 = 4.50 → 14.50 < 3 × 5.07 = 15.21; 1 Feb – 1 Mar 2024 = 30 days
    # 1000 × 15.21 × 30 / 36500 = 12.5014 → 12.50
    assert rows(claim) == [
        ("2024-02-01", "2024-03-01", 30, "1000.00", "15.21", "3x legal", "12.50")
    ]


@covers("§9 day count", boundary=True)
def test_act_act_in_a_leap_year() -> None:
    claim = late_interest(
        invoice("1000.00", "2024-01-31"),
        date(2024, 3, 1),
        policy=InterestPolicy(day_count="act/act"),
    )
    # 1000 × 15.21 × 30 / 36600 = 12.4672 → 12.47
    assert claim.interest == Decimal("12.47")
    assert claim.periods[0].denominator == 366
    assert claim.policy.day_count == "act/act"


@covers("§9 day count", "§9 periods", boundary=True)
def test_across_a_year_boundary_into_a_leap_year() -> None:
    bill = invoice("1000.00", "2023-12-21")
    default = late_interest(bill, date(2024, 1, 10))
    # 2023 S2: ECB on 1 Jul 2023 = 4.00 → 14.00 > 3 × 4.22 = 12.66
    # 1000 × 14 × 10 / 36500 = 3.8356 → 3.84 ; 2024 S1: 1000 × 15.21 × 10 / 36500 = 4.1671 → 4.17
    assert [p.interest for p in default.periods] == [Decimal("3.84"), Decimal("4.17")]
    actact = late_interest(bill, date(2024, 1, 10), policy=InterestPolicy(day_count="act/act"))
    # 2024 days are 1/366: 1000 × 15.21 × 10 / 36600 = 4.1557 → 4.16
    assert [(p.denominator, p.interest) for p in actact.periods] == [
        (365, Decimal("3.84")),
        (366, Decimal("4.16")),
    ]


@covers("§9 rate", "§9 periods")
def test_ecb_wins_in_2025_and_periods_merge_within_a_year() -> None:
    claim = late_interest(invoice("1000.00", "2025-01-31"), date(2025, 3, 31))
    # 1 Feb – 31 Mar 2025 = 59 days at 13.15: 1000 × 13.15 × 59 / 36500 = 21.2562 → 21.26
    assert rows(claim) == [("2025-02-01", "2025-03-31", 59, "1000.00", "13.15", "ECB+10", "21.26")]


@covers("§9 reference date", boundary=True)
def test_january_policy_uses_the_rate_of_1_january_all_year() -> None:
    claim = late_interest(F118, date(2025, 8, 1), policy=InterestPolicy(ecb_reference="january"))
    # ECB on 1 Jan 2025 = 3.15 → 13.15 for July too, so 11 June – 1 August is one period:
    # 52 days, 1800 × 13.15 × 52 / 36500 = 33.7216 → 33.72
    assert rows(claim) == [("2025-06-11", "2025-08-01", 52, "1800.00", "13.15", "ECB+10", "33.72")]
    assert reference_date(date(2025, 8, 1), claim.policy.ecb_reference) == date(2025, 1, 1)
    assert reference_date(date(2025, 7, 1), InterestPolicy().ecb_reference) == date(2025, 7, 1)
    assert reference_date(date(2025, 6, 30), InterestPolicy().ecb_reference) == date(2025, 1, 1)


@covers("§9 partial payments", boundary=True)
def test_interest_first_allocation() -> None:
    claim = late_interest(
        F118, date(2025, 12, 31), policy=InterestPolicy(allocation="interest_first")
    )
    # 1 August: accrued 12.97 + 19.17 = 32.14 settled first; 600 − 32.14 = 567.86 to principal:
    # 1800 − 567.86 = 1232.14; 1232.14 × 12.15 × 75 / 36500 = 30.7611 → 30.76
    # 15 October: accrued unpaid 30.76; 600 − 30.76 = 569.24 → principal 662.90
    # 662.90 × 12.15 × 77 / 36500 = 16.9911 → 16.99
    assert [p.interest for p in claim.periods] == [
        Decimal("12.97"),
        Decimal("19.17"),
        Decimal("30.76"),
        Decimal("16.99"),
    ]
    assert claim.interest == Decimal("79.89")
    assert claim.interest_settled == Decimal("62.90")
    assert claim.interest_outstanding == Decimal("16.99")
    assert claim.principal_outstanding == Decimal("662.90")
    assert claim.total == Decimal("56.99")


@covers("§9 partial payments", boundary=True)
def test_interest_first_periods_never_cross_a_payment_that_only_paid_interest() -> None:
    # A 5.00 payment on 20 June settles interest only: the principal stays 1800, yet the period
    # stops on 20 June so that "the interest accrued up to its date" is a sum of rounded periods.
    bill = invoice("1800.00", "2025-06-10", ("2025-06-20", "5.00"))
    claim = late_interest(
        bill, date(2025, 6, 30), policy=InterestPolicy(allocation="interest_first")
    )
    # 1800 × 13.15 × 10 / 36500 = 6.4849 → 6.48 (11–20 June); payment 5.00 all to interest
    assert [(p.start.day, p.end.day, str(p.principal), str(p.interest)) for p in claim.periods] == [
        (11, 20, "1800.00", "6.48"),
        (21, 30, "1800.00", "6.48"),
    ]
    assert claim.interest_settled == Decimal("5.00")
    principal_first = late_interest(bill, date(2025, 6, 30))
    assert principal_first.periods[1].principal == Decimal("1795.00")


@covers("§9 recovery indemnity", "§9 periods", boundary=True)
def test_paid_on_the_due_date_owes_nothing() -> None:
    claim = late_interest(
        invoice("1000.00", "2025-03-10", ("2025-03-10", "1000.00")), date(2025, 6, 1)
    )
    assert (claim.interest, claim.days_late, claim.recovery_indemnity, claim.total) == (
        Decimal("0.00"),
        0,
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert claim.periods == ()


@covers("§9 recovery indemnity", boundary=True)
def test_paid_one_day_late() -> None:
    claim = late_interest(
        invoice("1000.00", "2025-03-10", ("2025-03-11", "1000.00")), date(2025, 6, 1)
    )
    # 1000 × 13.15 × 1 / 36500 = 0.3603 → 0.36
    assert (claim.interest, claim.days_late, claim.recovery_indemnity) == (
        Decimal("0.36"),
        1,
        Decimal("40.00"),
    )
    assert claim.principal_outstanding == Decimal("0.00")


@covers("§9 recovery indemnity")
def test_not_yet_late_on_the_due_date() -> None:
    claim = late_interest(invoice("1000.00", "2025-03-10"), date(2025, 3, 10))
    assert (claim.days_late, claim.total) == (0, Decimal("0.00"))
    assert claim.principal_outstanding == Decimal("1000.00")


@covers("§9 recovery indemnity", "§9 consumer caveat")
def test_consumer_owes_interest_but_no_indemnity_and_gets_a_caveat() -> None:
    claim = late_interest(invoice("1000.00", "2025-01-31", client=CONSUMER), date(2025, 3, 31))
    assert claim.interest == Decimal("21.26")
    assert claim.recovery_indemnity == Decimal("0.00")
    assert [c.source for c in claim.caveats] == ["Code civil 1231-5", "Code civil 1231-6"]
    company = late_interest(invoice("1000.00", "2025-01-31"), date(2025, 3, 31))
    assert company.caveats == ()


@covers("§9 provisional and missing rates", boundary=True)
def test_unconfirmed_rate_makes_the_claim_provisional() -> None:
    # 2026 S1 uses confirmed values; 2026 S2 uses the ECB rate of 1 July 2026 (2.40, unconfirmed)
    s1 = late_interest(invoice("1000.00", "2026-05-31"), date(2026, 6, 30))
    s2 = late_interest(invoice("1000.00", "2026-05-31"), date(2026, 7, 1))
    assert s1.stamp.provisional is False
    assert s2.stamp.provisional is True
    assert "provisoire" in s2.explain()
    assert "provisional" in s2.explain("en")
    # 2026 S2: ECB 2.40 + 10 = 12.40 > 3 × 2.75 = 8.25
    assert s2.periods[-1].annual_rate == Decimal("12.40")


@covers("§9 provisional and missing rates", boundary=True)
def test_missing_rate_is_an_error_that_says_how_to_add_it() -> None:
    bill = invoice("1000.00", "2026-12-15")
    late_interest(bill, date(2026, 12, 31))  # last day the shipped table covers
    with pytest.raises(MissingRateError, match=r"ECB main refinancing rate known for 2027-01-01"):
        late_interest(bill, date(2027, 1, 1))
    rates = default_rates().with_ecb(date(2027, 1, 1), "2.65")
    with pytest.raises(
        MissingRateError, match=r"French legal interest .*with_legal\(date\(2027, 1, 1\)"
    ):
        late_interest(bill, date(2027, 1, 1), rates=rates)
    rates = rates.with_legal(date(2027, 1, 1), natural="6.90", other="2.80")
    claim = late_interest(bill, date(2027, 1, 1), rates=rates)
    assert claim.periods[-1].annual_rate == Decimal("12.65")
    assert claim.stamp.rates_id == rates.digest != default_rates().digest


@covers("§9 provisional and missing rates")
def test_rate_table_is_immutable_and_extensions_are_recorded() -> None:
    table = default_rates()
    extended = table.with_ecb_known_through(date(2027, 3, 1))
    assert table.ecb_known_through == date(2026, 10, 28)
    assert extended.ecb_known_through == date(2027, 3, 1)
    assert extended.digest != table.digest
    unconfirmed = table.with_ecb(date(2026, 12, 17), "2.90", confirmed=False)
    assert unconfirmed.ecb_rate(date(2026, 12, 17)).confirmed is False
    with pytest.raises(ValueError, match="1 January or 1 July"):
        table.with_legal(date(2027, 2, 1), natural="1", other="1")
    with pytest.raises(ValueError, match="float"):
        table.with_ecb(date(2027, 1, 1), 2.5)  # type: ignore[arg-type]
    with pytest.raises(MissingRateError, match="starts on 1999-01-01"):
        table.ecb_rate(date(1998, 12, 31))
    with pytest.raises(MissingRateError, match="French legal interest"):
        table.legal_rate(date(2007, 12, 31))


@covers("§9 rate")
def test_legal_rate_before_2015_is_the_annual_rate() -> None:
    rate = daily_rate(date(2012, 3, 1), default_rates(), InterestPolicy())
    # ECB on 1 Jan 2012 = 1.00 → 11.00 > 3 × 0.71 = 2.13
    assert (rate.percent, rate.basis) == (Decimal("11.00"), "ECB+10")
    assert denominator(date(2012, 3, 1), InterestPolicy(day_count="act/act").day_count) == 366


def test_claim_explains_every_period_so_it_can_be_rechecked() -> None:
    text = late_interest(F118, date(2025, 12, 31)).explain("en")
    assert "1800.00 × 13.15 % × 20 / (365 × 100) = 12.97" in text
    assert "Code de commerce D441-5" in text
    html = late_interest(F118, date(2025, 12, 31))._repr_html_()
    assert ">11/06/2025</td>" in html


def test_payments_after_as_of_are_ignored() -> None:
    claim = late_interest(F118, date(2025, 7, 31))
    assert claim.principal_outstanding == Decimal("1800.00")


def test_version_module_checks_the_invoice_version() -> None:
    from lexom_terms import InvalidInputError
    from lexom_terms.cgv import new_30

    with pytest.raises(InvalidInputError, match="this is the new-30 module"):
        new_30.late_interest(F118, date(2025, 12, 31))
    assert new_30.late_interest(invoice("1000.00", "2025-01-31", cgv="new-30"), date(2025, 3, 31))


def test_a_january_reference_july_with_june_s_rate_is_one_period() -> None:
    """RULEBOOK §9: consecutive days with the same principal, rate, basis and denominator form
    one period. Under the "january" reference, July 2026 uses the ECB rate of 1 January (2.15 +
    10 = 12.15 %), as June does; the provisional legal rate of the second semester looked up for
    the floor must not split the period (it did: 8.99 + 8.99 instead of one 17.98 line)."""
    invoice = Invoice(
        number="F-2026-102",
        cgv="new-30",
        client=Client(name="ACME SAS", kind="legal_person"),
        issued_on="2026-06-01",
        due_on="2026-06-15",
        amount_incl_tax="1800.00",
    )
    claim = late_interest(
        invoice, date(2026, 7, 15), policy=InterestPolicy(ecb_reference="january")
    )
    assert [(p.start, p.end, p.annual_rate, p.interest) for p in claim.periods] == [
        (date(2026, 6, 16), date(2026, 7, 15), Decimal("12.15"), Decimal("17.98"))
    ]
    assert claim.stamp.provisional is True
