"""``check_invoice`` on a public buyer's invoice (RULEBOOK §11): a claim at the CGV rate is an
overclaim, flagged on its line with R2192-31; and ``claimed_through`` reaches the claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lexom_terms import Claimed, Client, Invoice, Payment, check_invoice

from .conftest import COMPANY

STATE = Client(name="Rectorat de l'académie de Lyon", kind="legal_person", public_buyer="state")


def invoice(client: Client) -> Invoice:
    # RULEBOOK §11's worked example: due 17 April 2026, paid 2 June.
    return Invoice(
        number="F-2026-041",
        cgv="new-30",
        client=client,
        issued_on="2026-03-17",
        due_on="2026-04-17",
        amount_incl_tax="1800.00",
        payments=(Payment(on="2026-06-02", amount="1800.00"),),
    )


def test_cgv_rate_claimed_to_a_public_buyer_is_flagged_as_an_overclaim() -> None:
    # CGV §3.4 on the same 46 days: 2026 S1 ECB + 10 = 12.15 (> 3 × 2.62):
    # 1800 × 12.15 × 46 / 36500 = 27.5622 → 27.56; R2192-31: 23.03 (10.15 %)
    check = check_invoice(
        invoice(STATE),
        claimed=Claimed(interest="27.56", recovery_indemnity="40.00"),
        as_of=date(2026, 7, 31),
    )
    assert not check.ok
    interest, indemnity = check.lines
    assert (interest.claimed, interest.computed, interest.difference) == (
        Decimal("27.56"),
        Decimal("23.03"),
        Decimal("4.53"),
    )
    assert interest.source == "Code de la commande publique R2192-31"
    assert interest.text.startswith("overclaim of EUR 4.53")
    assert "CGV §3.4 figure (EUR 27.56)" in interest.text
    assert "réclamation excessive de 4,53\u00a0€" in interest.text_fr
    assert (
        "1\u202f800,00\u00a0€ × 10,15\u00a0% × 46 / 36\u202f500 = 23,03\u00a0€" in interest.text_fr
    )
    assert (indemnity.difference, indemnity.source) == (
        Decimal("0.00"),
        "Code de la commande publique D2192-35",
    )
    assert "réclamation excessive" in check.explain()


def test_any_claim_above_r2192_31_is_an_overclaim_and_the_right_figure_is_not() -> None:
    above = check_invoice(invoice(STATE), claimed=Claimed(interest="25.00"), as_of="2026-07-31")
    assert above.lines[0].source == "Code de la commande publique R2192-31"
    assert "above what R2192-31 allows" in above.lines[0].text
    right = check_invoice(invoice(STATE), claimed=Claimed(interest="23.03"), as_of="2026-07-31")
    assert right.ok
    assert "overclaim" not in right.lines[0].text
    # The same CGV figure to a company is right.
    company = check_invoice(
        invoice(COMPANY), claimed=Claimed(interest="27.56"), as_of=date(2026, 7, 31)
    )
    assert company.ok


def test_check_invoice_takes_claimed_through() -> None:
    # Claimed through 17 May: 18 May – 2 June = 16 days, 1800 × 10.15 × 16 / 36500 = 8.0088
    # → 8.01, and no second indemnity
    check = check_invoice(
        invoice(STATE),
        claimed=Claimed(interest="8.01", recovery_indemnity="0.00"),
        as_of=date(2026, 7, 31),
        claimed_through=date(2026, 5, 17),
    )
    assert check.ok, check.explain("en")
