"""The README's worked example, on the data bundled in examples/: a disputed invoice.

ACME SAS cancelled its training by a letter sent on 23 February 2026 and received on the 24th,
20 days before the start. LEXOM invoiced the whole price, 1 800.00. The client disputes it: what
do they owe, and why? Then: may LEXOM claim 77.48 of interest and the 40 EUR indemnity on
invoice F-2025-118 on 31 December 2025?

Run it with:  python examples/worked_example.py
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lexom_terms as lt
from lexom_terms import fmt

HERE = Path(__file__).parent


def load(model: type, name: str):  # type: ignore[no-untyped-def]
    return model.model_validate_json((HERE / name).read_text(encoding="utf-8"))


def main() -> None:
    order = load(lt.Order, "company_order.json")
    notice = load(lt.Notice, "notice_2026-02-24.json")
    claimed = load(lt.Claimed, "claimed_fee.json")

    assert claimed.fee is not None
    print(
        f"1. Le litige : LEXOM a facturé {fmt.money(claimed.fee)} pour une annulation reçue"
        f" le {fmt.day(notice.received_on)}"
    )
    check = lt.check_invoice(order, claimed=claimed, notice=notice)
    print(check.explain())
    print()
    print("2. Ce que dit la règle, en détail :")
    print(lt.cancel(order, notice).explain())
    print()
    print("3. La même annulation selon les deux versions des CGV :")
    print(lt.compare_regimes(order, notice).explain().split("\n\n")[0])
    print()
    print("4. Les intérêts de retard de la facture F-2025-118 au 31 décembre 2025 :")
    invoice = load(lt.Invoice, "invoice_F-2025-118.json")
    interest = lt.check_invoice(
        invoice, claimed=load(lt.Claimed, "claimed_interest.json"), as_of=date(2025, 12, 31)
    )
    print(interest.explain())
    print()
    print(lt.late_interest(invoice, date(2025, 12, 31)).explain())


if __name__ == "__main__":
    main()
