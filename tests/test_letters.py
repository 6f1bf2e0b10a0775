"""Reminder letters and the client statement (issue 14, item 4).

The golden letters in ``tests/letters/`` are read by a person before they are committed: a
changed letter is a finding to explain, never a file to regenerate (``LEXOM_UPDATE_LETTERS=1``
rewrites them, for a reviewed change only)."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest

import lexom_terms as lt
from lexom_terms.fmt import NBSP, NNBSP
from lexom_terms.results import InterestClaim, InterestPeriod, cite
from lexom_terms.tools.audit import read_ledger
from lexom_terms.tools.letters import Creditor, reminder, statement

from .conftest import COMPANY, CONSUMER

ROOT = Path(__file__).resolve().parents[1]
LETTERS = Path(__file__).parent / "letters"
UPDATE = os.environ.get("LEXOM_UPDATE_LETTERS") == "1"

CREDITOR = Creditor(
    name="LEXOM",
    address=("12 rue des Écoles", "07200 Aubenas"),
    city="Aubenas",
    contact="comptabilite@lexom.example, 04 75 00 00 00",
    signatory="Le service comptable",
)
F118 = lt.Invoice(
    number="F-2025-118",
    cgv="legacy-15",
    client=COMPANY,
    issued_on="2025-05-20",
    due_on="2025-06-10",
    amount_incl_tax="1800.00",
    payments=[
        lt.Payment(on="2025-08-01", amount="600.00"),
        lt.Payment(on="2025-10-15", amount="600.00"),
    ],
)
F140 = lt.Invoice(
    number="F-2025-140",
    cgv="legacy-15",
    client=COMPANY,
    issued_on="2025-09-01",
    due_on="2025-10-01",
    amount_incl_tax="960.00",
)
CONSUMER_INVOICE = lt.Invoice(
    number="F-2025-131",
    cgv="new-30",
    client=CONSUMER,
    issued_on="2025-06-02",
    due_on="2025-06-30",
    amount_incl_tax="960.00",
)
STATE = lt.Client(name="Commune de Privas", kind="legal_person", public_buyer="state")


def public_claim() -> InterestClaim:
    """RULEBOOK §11's worked example, by hand (the public-buyer interest is another branch's):
    1 800.00 TTC due 17 April 2026, paid 2 June 2026: 46 days at 2.15 + 8 = 10.15 %
    → 1 800.00 × 10.15 × 46 / 36 500 = 23.03; indemnity 40.00."""
    return InterestClaim(
        invoice_number="F-2026-031",
        days_late=46,
        periods=(
            InterestPeriod(
                start=date(2026, 4, 18),
                end=date(2026, 6, 2),
                days=46,
                principal=Decimal("1800.00"),
                annual_rate=Decimal("10.15"),
                basis="ECB+8",
                denominator=365,
                interest=Decimal("23.03"),
            ),
        ),
        interest=Decimal("23.03"),
        interest_settled=Decimal("0.00"),
        interest_outstanding=Decimal("23.03"),
        principal_outstanding=Decimal("0.00"),
        recovery_indemnity=Decimal("40.00"),
        total=Decimal("63.03"),
        policy=lt.InterestPolicy(),
        citations=(
            cite("Code de la commande publique L2192-13", "interest and indemnity by right"),
            cite("Code de la commande publique R2192-31", "ECB + 8 points, fixed"),
            cite("Code de la commande publique D2192-35", "40 EUR per late invoice"),
        ),
    )


def letters() -> dict[str, lt.Letter]:
    as_of = date(2025, 12, 31)
    company = [lt.late_interest(F118, as_of), lt.late_interest(F140, as_of)]
    consumer = lt.late_interest(CONSUMER_INVOICE, as_of)
    return {
        "company_level1": reminder(company, 1, CREDITOR, client=COMPANY, dated=date(2026, 1, 5)),
        "company_level2": reminder(company, 2, CREDITOR, client=COMPANY, dated=date(2026, 1, 20)),
        "company_level3": reminder(
            company,
            3,
            CREDITOR,
            client=COMPANY,
            dated=date(2026, 2, 2),
            received_on=date(2026, 2, 4),
        ),
        "consumer_level3": reminder(consumer, 3, CREDITOR, client=CONSUMER, dated=date(2026, 1, 5)),
        "public_level2": reminder(
            public_claim(), 2, CREDITOR, client=STATE, dated=date(2026, 6, 15)
        ),
    }


LETTER_CASES = letters()


@pytest.mark.parametrize("name", sorted(LETTER_CASES))
def test_letters_match_their_golden_files(name: str) -> None:
    letter = LETTER_CASES[name]
    for suffix, text in ((".md", letter.markdown), (".html", letter.html)):
        path = LETTERS / f"{name}{suffix}"
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review the diff"
    if UPDATE:
        pytest.skip("golden letters rewritten: review them before committing")


@pytest.mark.parametrize("name", sorted(LETTER_CASES))
def test_letters_are_well_formed_html_and_never_break_an_amount(name: str) -> None:
    letter = LETTER_CASES[name]
    html5lib.HTMLParser(strict=True).parse(letter.html)
    assert f"{NBSP}€" in letter.markdown and " €" not in letter.markdown
    assert not re.search(r"\d \d{3},\d{2}", letter.markdown), "thousands never a plain space"
    for token in ("2025-", "2026-"):
        assert token not in letter.markdown.replace("F-2025-", "").replace("F-2026-", "")


def test_company_letter_states_invoices_rate_clauses_and_total() -> None:
    letter = LETTER_CASES["company_level1"]
    text = letter.markdown
    assert "| F-2025-118 | 10/06/2025 | 204 |" in text
    assert f"13,15{NBSP}% (BCE + 10 points) sur 1{NNBSP}800,00{NBSP}€ : 12,97{NBSP}€" in text
    assert "L441-10" in text and "D441-5" in text and "legacy-15 §3.4" in text
    assert letter.total == Decimal("117.48") + lt.late_interest(F140, date(2025, 12, 31)).total
    assert f"Total réclamable (intérêts et indemnité) : {lt.fmt.money(letter.total)}" in text
    assert "legacy-15 §4.7" in LETTER_CASES["company_level2"].markdown


def test_formal_notice_opens_the_eight_days_of_4_7() -> None:
    letter = LETTER_CASES["company_level3"]
    # received 4 February 2026: the eight days end on the 12th; LEXOM may resolve from the 13th
    assert letter.resolution_opens_on == date(2026, 2, 13)
    assert letter.resolution_opens_on == lt.resolution_opens_on(date(2026, 2, 4))
    assert "le 4 février 2026, soit au plus tard le 12 février 2026" in letter.markdown
    assert "à compter du 13 février 2026" in letter.markdown
    assert "Mise en demeure" in letter.subject
    assert "Lettre recommandée avec demande d'avis de réception" in letter.markdown


def test_formal_notice_without_receipt_date_gives_the_earliest_day() -> None:
    letter = LETTER_CASES["consumer_level3"]
    assert letter.resolution_opens_on is None
    assert "au plus tôt le 14 janvier 2026" in letter.markdown  # 5 January + 9


def test_consumer_letter_has_caveats_mediator_and_no_indemnity() -> None:
    letter = LETTER_CASES["consumer_level3"]
    assert letter.recovery_indemnity == Decimal("0.00")
    assert "D441-5" not in letter.markdown and "L441-10" not in letter.markdown
    assert "MED CONSO DEV" in letter.markdown  # new-30 §5.4
    assert "Code civil 1231-5" in letter.markdown
    legacy = CONSUMER_INVOICE.model_copy(update={"cgv": "legacy-15"})
    old = reminder(
        lt.late_interest(legacy, date(2025, 12, 31)), 1, client=CONSUMER, dated=date(2026, 1, 5)
    )
    assert "CNPM" in old.markdown and "MED CONSO DEV" not in old.markdown


def test_public_buyer_letter_cites_the_public_procurement_code() -> None:
    letter = LETTER_CASES["public_level2"]
    for article in ("L2192-13", "R2192-31", "D2192-35"):
        assert article in letter.markdown
    assert "L441-10" not in letter.markdown and "MED CONSO" not in letter.markdown
    assert f"10,15{NBSP}% (BCE + 8 points)" in letter.markdown
    assert letter.total == Decimal("63.03")


def test_english_on_request() -> None:
    claim = lt.late_interest(F118, date(2025, 12, 31))
    letter = reminder(claim, 2, client=COMPANY, dated=date(2026, 1, 5), lang="en")
    assert "Dear Sir or Madam" in letter.markdown and "EUR 117.48" in letter.markdown


def test_names_and_numbers_are_kept_and_escaped() -> None:
    client = lt.Client(name="Dupont & Fils <SARL> | Lyon", kind="legal_person")
    invoice = F118.model_copy(update={"client": client, "number": "F|<1>"})
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 1, client=client, dated=date(2026, 1, 5)
    )
    assert "Dupont & Fils <SARL> | Lyon" in letter.markdown
    assert "| F\\|<1> |" in letter.markdown  # the table's separator escaped
    assert "<SARL>" not in letter.html and "Dupont &amp; Fils &lt;SARL&gt;" in letter.html
    html5lib.HTMLParser(strict=True).parse(letter.html)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"level": 4}, "invalid_level"),
        ({"claims": []}, "no_claims"),
        ({"received_on": date(2026, 1, 6)}, "received_on_needs_level_3"),
        ({"level": 3, "received_on": date(2026, 1, 4)}, "received_before_sent"),
    ],
)
def test_bad_requests_are_refused_with_a_code(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {
        "claims": [lt.late_interest(F118, date(2025, 12, 31))],
        "level": 1,
        "client": COMPANY,
        "dated": date(2026, 1, 5),
    }
    arguments.update(kwargs)
    with pytest.raises(lt.InvalidInputError) as error:
        reminder(**arguments)  # type: ignore[arg-type]
    assert error.value.code == code


def test_a_claim_not_late_or_twice_is_refused() -> None:
    on_time = lt.late_interest(F118, date(2025, 6, 10))
    with pytest.raises(lt.InvalidInputError, match="not late"):
        reminder(on_time, client=COMPANY, dated=date(2026, 1, 5))
    claim = lt.late_interest(F118, date(2025, 12, 31))
    with pytest.raises(lt.InvalidInputError, match="twice"):
        reminder([claim, claim], client=COMPANY, dated=date(2026, 1, 5))


def test_statement_of_a_client_from_a_ledger() -> None:
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        account = statement(read_ledger(handle), date(2025, 12, 31), client="ACME SAS")
    numbers = [line.invoice.number for line in account.lines]
    assert "F-2025-118" in numbers
    claim = lt.late_interest(F118, date(2025, 12, 31))
    line = account.lines[numbers.index("F-2025-118")]
    assert line.claim == claim and line.paid == Decimal("1200.00")
    assert line.total_due == Decimal("600.00") + Decimal("117.48")
    rows = list(csv.DictReader(io.StringIO(account.to_csv())))
    assert rows[-1]["number"] == "TOTAL"
    assert Decimal(rows[-1]["total_due"]) == sum(Decimal(r["total_due"]) for r in rows[:-1])
    assert rows[numbers.index("F-2025-118")]["payments"] == "2025-08-01:600.00;2025-10-15:600.00"
    html5lib.HTMLParser(strict=True).parse(account.html)
    assert "Relevé de compte — ACME SAS" in account.html
    assert "Paiements reçus" in account.html


def test_statement_of_an_unknown_client_names_the_known_ones() -> None:
    with (
        (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle,
        pytest.raises(lt.InvalidInputError, match="'ACME SAS'") as error,
    ):
        statement(read_ledger(handle), date(2025, 12, 31), client="ACME")
    assert error.value.code == "unknown_client"
