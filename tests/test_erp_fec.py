"""Issue 20 §1: FEC files as Odoo and Dolibarr export them (tests/data/fec/README.md says how
each was made from the exporter's source), read as exported and checked against an independent
reading: the invoices below are written by hand from the year's facts, not by the reader."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import Client, Invoice, Payment, audit, late_interest, read_fec
from lexom_terms.cli import main

DATA = Path(__file__).resolve().parent / "data" / "fec"
ODOO = DATA / "odoo_l10n_fr_fec.csv"
DOLIBARR = DATA / "dolibarr_exportFEC.txt"
CLIENTS = DATA / "erp_clients.csv"
AS_OF = date(2025, 12, 31)
D = Decimal


def client(name: str) -> Client:
    return Client(name=name, kind="legal_person", country="FR")


def expected(numbers: list[str], dues: list[date]) -> list[Invoice]:
    """The year's four invoices, by hand: ACME's first 500.00 paid its opening balance, its
    1 000,00 of 10 April went to the invoice; Durand's credit note of 600,00 and payment of
    1 800,00 are reconciled with its invoice; its 300,00 deposit of 2 June came before its
    invoice and is not allocated; Cabinet Martin's opening credit of 150,00 is not either."""
    f1, f2, f3, f4 = numbers
    d1, d2, d3, d4 = dues
    return [
        Invoice(number=f1, cgv="new-30", client=client("ACME SAS"), issued_on=date(2025, 2, 3),
                due_on=d1, amount_incl_tax="1800.00",
                payments=(Payment(on=date(2025, 4, 10), amount="1000.00"),)),
        Invoice(number=f2, cgv="new-30", client=client("Durand SARL"), issued_on=date(2025, 3, 10),
                due_on=d2, amount_incl_tax="1800.00",
                payments=(Payment(on=date(2025, 5, 15), amount="1800.00"),)),
        Invoice(number=f3, cgv="new-30", client=client("Durand SARL"),
                issued_on=date(2025, 6, 16), due_on=d3, amount_incl_tax="1200.00"),
        Invoice(number=f4, cgv="new-30", client=client("Cabinet Martin"),
                issued_on=date(2025, 7, 1), due_on=d4, amount_incl_tax="960.00"),
    ]  # fmt: skip


ODOO_INVOICES = expected(
    ["INV/2025/0001", "INV/2025/0002", "INV/2025/0003", "INV/2025/0004"],
    # no due date in Odoo's FEC: CGV §3.2, payable on receipt (receipt delay 0)
    [date(2025, 2, 3), date(2025, 3, 10), date(2025, 6, 16), date(2025, 7, 1)],
)
DOLIBARR_INVOICES = expected(
    ["FA2502-0001", "FA2503-0002", "FA2506-0003", "FA2507-0004"],
    # Dolibarr's DateLimitReglmt
    [date(2025, 3, 5), date(2025, 4, 9), date(2025, 7, 16), date(2025, 7, 31)],
)


@pytest.mark.parametrize(
    ("path", "invoices", "numbered_by", "separator"),
    [(ODOO, ODOO_INVOICES, "EcritureNum", "|"), (DOLIBARR, DOLIBARR_INVOICES, "PieceRef", "\t")],
    ids=["odoo", "dolibarr"],
)
def test_erp_exports_read_as_exported(
    path: Path, invoices: list[Invoice], numbered_by: str, separator: str
) -> None:
    ledger = read_fec(path, cgv="new-30", clients=CLIENTS)
    assert (ledger.numbered_by, ledger.separator, ledger.encoding) == (
        numbered_by,
        separator,
        "utf-8",
    )
    assert [invoice.model_dump() for invoice in ledger] == [i.model_dump() for i in invoices]
    assert ledger.credit_notes == {invoices[1].number: D("600.00")}
    assert list(ledger.opening_balances.values()) == [D("0.00")]  # ACME's, paid on 20 February
    assert list(ledger.opening_credits.values()) == [D("150.00")]  # Cabinet Martin's
    assert list(ledger.advances.values()) == [D("300.00")]  # Durand's deposit of 2 June
    report = audit(ledger, AS_OF)
    rows = list(report.rows())
    assert [row.total for row in rows] == [late_interest(i, AS_OF).total for i in invoices]
    assert "acompte de 300,00\u00a0€ reçu le 2 juin 2025" in " ".join(rows[2].anomalies)
    assert "solde d'ouverture créditeur de 150,00\u00a0€" in " ".join(rows[3].anomalies)
    assert rows[0].anomalies == ()


def test_odoo_keys_its_openings_with_the_account() -> None:
    ledger = read_fec(ODOO, cgv="new-30", clients=CLIENTS)
    assert set(ledger.opening_balances) == {"OUV:ACME:-"}
    assert set(ledger.opening_credits) == {"OUV:MARTIN:-"}


def test_odoo_numbers_from_piece_ref_are_the_clients_references() -> None:
    """Read by PieceRef, Odoo's first invoice would be numbered by the client's purchase order
    ("PO-4512"; the others, "-", fall back on EcritureNum): why ``auto`` takes EcritureNum."""
    ledger = read_fec(ODOO, cgv="new-30", clients=CLIENTS, invoice_number="PieceRef")
    assert [i.number for i in ledger][:2] == ["PO-4512", "INV/2025/0002"]
    with pytest.raises(ValueError, match="invoice_number") as caught:
        read_fec(ODOO, cgv="new-30", clients=CLIENTS, invoice_number="NumFacture")
    assert getattr(caught.value, "code", None) == "bad_number_source"


def test_dolibarr_cut_to_18_columns_loses_only_its_due_dates(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    lines = DOLIBARR.read_bytes().split(b"\r\n")
    cut.write_bytes(b"\r\n".join(b"\t".join(line.split(b"\t")[:18]) for line in lines))
    ledger = read_fec(cut, cgv="new-30", clients=CLIENTS)
    assert ledger.due_dates_from is None
    assert [i.number for i in ledger] == [i.number for i in DOLIBARR_INVOICES]
    assert read_fec(DOLIBARR, cgv="new-30", clients=CLIENTS).due_dates_from == "DateLimitReglmt"


@pytest.mark.parametrize("path", [ODOO, DOLIBARR], ids=["odoo", "dolibarr"])
def test_erp_exports_through_the_command_line(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    argv = ["audit", "--fec", str(path), "--clients", str(CLIENTS), "--cgv", "new-30"]
    status = main([*argv, "--as-of", "2025-12-31", "-o", str(out), "--quiet"])
    assert status == 0, capsys.readouterr().err
    rows = json.loads(out.read_text())["invoices"]
    invoices = ODOO_INVOICES if path == ODOO else DOLIBARR_INVOICES
    assert [row["number"] for row in rows] == [i.number for i in invoices]
    assert [D(row["total"]) for row in rows] == [late_interest(i, AS_OF).total for i in invoices]
