"""Issue 21 item 13 and RULEBOOK §5, §20 on the command line: `interest --claimed-through`,
`--capitalise-from`, `postpone --proposal-cost`; the quadrennial lapse date in the audit's caveat
column and in a letter's notes for the sender."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path

from lexom_terms import Client, Invoice, Payment, audit, late_interest
from lexom_terms.cli import main

from .conftest import make_order

ROOT = Path(__file__).resolve().parents[1]
INVOICE = str(ROOT / "examples" / "invoice_F-2025-118.json")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_interest_takes_claimed_through_as_the_function_does() -> None:
    status, out, _ = run(
        "interest", INVOICE, "--as-of", "2025-12-31", "--claimed-through", "2025-09-30", "--json"
    )
    assert status == 0
    claim = json.loads(out)
    invoice = Invoice.model_validate_json(Path(INVOICE).read_text(encoding="utf-8"))
    expected = late_interest(invoice, date(2025, 12, 31), claimed_through=date(2025, 9, 30))
    assert claim["claimed_through"] == "2025-09-30"
    assert claim["interest"] == str(expected.interest)
    assert claim["recovery_indemnity"] == "0.00"  # asked with the first claim


def test_interest_takes_capitalise_from_as_the_function_does() -> None:
    status, out, _ = run(
        "interest", INVOICE, "--as-of", "2025-12-31", "--capitalise-from", "2025-07-01", "--json"
    )
    assert status == 0
    assert json.loads(out)["capitalise_from"] == "2025-07-01"


def test_claimed_through_after_as_of_exits_2_with_its_reason() -> None:
    status, _, err = run(
        "interest", INVOICE, "--as-of", "2025-12-31", "--claimed-through", "2026-01-01"
    )
    assert status == 2 and "claimed_through" in err


def test_postpone_takes_the_proposal_cost(tmp_path: Path) -> None:
    order = make_order("legacy-15")  # nothing paid: RULEBOOK §5 legacy step 3
    path = tmp_path / "order.json"
    path.write_text(order.model_dump_json(), encoding="utf-8")
    status, out, _ = run(
        "postpone",
        str(path),
        "--received",
        "2026-02-01",
        "--new-start",
        "2026-08-03",
        "--proposal-cost",
        "120.00",
        "--json",
    )
    assert status == 0
    settlement = json.loads(out)
    assert (settlement["owed"], settlement["decided_by"]) == ("120.00", "legacy-15 §2.2")


STATE = Client(name="Ville de Privas", kind="legal_person", public_buyer="state")


def test_the_audit_caveat_column_gives_the_quadrennial_lapse_date() -> None:
    late = Invoice(
        number="F-2026-7",
        cgv="new-30",
        client=STATE,
        issued_on="2026-03-17",
        due_on="2026-04-17",
        amount_incl_tax="1800.00",
        payments=(Payment(on="2026-06-02", amount="1800.00"),),
    )
    row = next(audit([late], date(2026, 7, 31)).rows())
    assert any(
        c.startswith("Loi 68-1250 article 1:") and "31 décembre 2030" in c for c in row.caveats
    )
    company = late.model_copy(update={"client": Client(name="ACME", kind="legal_person")})
    assert not any("68-1250" in c for c in next(audit([company], date(2026, 7, 31)).rows()).caveats)


def test_a_letter_to_a_public_buyer_notes_the_lapse_date_for_the_sender() -> None:
    from lexom_terms import reminder

    late = Invoice(
        number="F-2026-7",
        cgv="new-30",
        client=STATE,
        issued_on="2026-03-17",
        due_on="2026-04-17",
        amount_incl_tax="1800.00",
    )
    claim = late_interest(late, date(2026, 7, 31))
    letter = reminder([claim], client=STATE, dated=date(2026, 7, 31))
    assert any(c.source == "Loi 68-1250 article 1" and "2030" in c.text for c in letter.caveats)
    assert "68-1250" not in letter.markdown  # the sender's note, not printed to the debtor
