"""``read_fec`` on FEC files written by :mod:`tests.fec_export` (an accounting program's export
per A47 A-1, not our reader's inverse): both separators, pipes inside EcritureLib, the two
encodings, the sign on either side, Montant + Sens; invoices, split, credit notes, lettering,
the Code civil 1342-10 rule for unlettered credits, the due date, the clients file."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexom_terms import Client, Invoice, Payment, audit, late_interest, read_fec
from lexom_terms.cli import main
from lexom_terms.ledgers._text import LedgerError

from .fec_export import credit_note, export, opening, receipt, sale

ACME, MARTIN, MAIRIE = "C001", "C002", "C003"
CLIENTS = (
    "account,kind,country,public_buyer,name\n"
    f"{ACME},legal_person,FR,,ACME SAS\n"
    f"{MARTIN},natural_person,FR,,\n"
    f"{MAIRIE},legal_person,FR,state,Mairie d'Aubenas\n"
)


def entries() -> list:  # type: ignore[type-arg]
    return [
        *sale(1, date(2025, 3, 31), ACME, "ACME SAS", "F-001", "1200.00", lettering="AA"),
        *sale(2, date(2025, 4, 30), ACME, "ACME SAS", "F-002", "2400.00"),
        *sale(3, date(2025, 5, 10), MARTIN, "Jeanne Martin", "F-003", "960.00", lettering="AC"),
        *credit_note(4, date(2025, 5, 20), MARTIN, "Jeanne Martin", "AV-1", "120.00", "AC"),
        *sale(5, date(2025, 6, 1), MAIRIE, "Mairie d'Aubenas", "F-004", "3000.00"),
        *sale(6, date(2025, 6, 5), ACME, "ACME SAS", "F-005", "600.00"),
        *receipt(7, date(2025, 5, 15), ACME, "ACME SAS", "1200.00", lettering="AA"),
        # unlettered: F-002 is due on 20 June, F-005 on 5 June: the oldest due debt first
        *receipt(8, date(2025, 6, 20), ACME, "ACME SAS", "2700.00"),
        *receipt(9, date(2025, 9, 1), MAIRIE, "Mairie d'Aubenas", "3000.00"),
    ]


def expected() -> list[Invoice]:
    acme = Client(name="ACME SAS", kind="legal_person")
    return [
        Invoice(
            number="F-001",
            cgv="legacy-15",
            client=acme,
            issued_on="2025-03-31",
            due_on="2025-03-31",
            amount_incl_tax="1200.00",
            payments=(Payment(on="2025-05-15", amount="1200.00"),),
        ),
        Invoice(
            number="F-002",
            cgv="legacy-15",
            client=acme,
            issued_on="2025-04-30",
            due_on="2025-04-30",
            amount_incl_tax="2400.00",
            payments=(Payment(on="2025-06-20", amount="2400.00"),),
        ),
        Invoice(
            number="F-003",
            cgv="legacy-15",
            client=Client(name="Jeanne Martin", kind="natural_person"),
            issued_on="2025-05-10",
            due_on="2025-05-10",
            amount_incl_tax="840.00",
        ),
        Invoice(
            number="F-004",
            cgv="legacy-15",
            client=Client(name="Mairie d'Aubenas", kind="legal_person", public_buyer="state"),
            issued_on="2025-06-01",
            due_on="2025-07-03",
            amount_incl_tax="3000.00",
            payments=(Payment(on="2025-09-01", amount="3000.00"),),
        ),
        Invoice(
            number="F-005",
            cgv="legacy-15",
            client=acme,
            issued_on="2025-06-05",
            due_on="2025-06-05",
            amount_incl_tax="600.00",
            payments=(Payment(on="2025-06-20", amount="300.00"),),
        ),
    ]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    return write(tmp_path, "clients.csv", CLIENTS.encode())


@pytest.mark.parametrize(
    "options",
    [
        {"separator": "\t"},
        {"separator": "|"},  # with a "|" inside every EcritureLib
        {"separator": "|", "encoding": "iso-8859-15"},
        {"separator": "\t", "montant_sens": True},
        {"separator": "\t", "sign_last": True},
    ],
    ids=["tab", "pipe", "latin9", "montant-sens", "sign-last"],
)
def test_fec_gives_the_invoices_an_accountant_would(
    tmp_path: Path, clients: Path, options: dict[str, object]
) -> None:
    fec = write(tmp_path, "fec.txt", export(entries(), **options))  # type: ignore[arg-type]
    ledger = read_fec(fec, cgv="legacy-15", clients=clients)
    assert list(ledger) == expected()
    assert ledger.splits["F-001"] == (Decimal("1000.00"), Decimal("200.00"))
    assert ledger.credit_notes == {"F-003": Decimal("120.00")}
    assert ledger.encoding == options.get("encoding", "utf-8")
    assert ledger.receipt_delay_days == 0


def test_latin9_is_detected_and_accents_survive(tmp_path: Path) -> None:
    lines = sale(1, date(2025, 3, 31), "C9", "Société Générale €", "F-9", "120.00")
    fec = write(tmp_path, "fec.txt", export(lines, encoding="iso-8859-15"))
    clients = {"C9": Client(name="Société Générale €", kind="legal_person")}
    ledger = read_fec(fec, cgv="new-30", clients=clients)
    assert ledger.encoding == "iso-8859-15" and ledger.invoices[0].client.name.endswith("€")


def test_the_audit_of_a_fec_matches_the_invoices_audited_one_by_one(
    tmp_path: Path, clients: Path
) -> None:
    fec = write(tmp_path, "fec.txt", export(entries(), separator="|"))
    report = audit(read_fec(fec, cgv="legacy-15", clients=clients), date(2025, 12, 31))
    as_of = date(2025, 12, 31)
    assert [row.total for row in report.rows()] == [
        late_interest(invoice, as_of).total for invoice in expected()
    ]


def test_receipt_delay_moves_the_due_date_and_is_recorded(tmp_path: Path, clients: Path) -> None:
    fec = write(tmp_path, "fec.txt", export(entries()))
    ledger = read_fec(fec, cgv="legacy-15", clients=clients, receipt_delay_days=3)
    dues = {i.number: i.due_on for i in ledger}
    assert dues["F-001"] == date(2025, 4, 3)
    assert dues["F-004"] == date(2025, 7, 4)  # public buyer: receipt + 30 days
    assert ledger.receipt_delay_days == 3


def test_blank_lettering_everywhere_follows_code_civil_1342_10(tmp_path: Path) -> None:
    lines = [
        *sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00"),
        *sale(2, date(2025, 1, 20), ACME, "ACME", "F-2", "100.00"),
        *sale(3, date(2025, 2, 25), ACME, "ACME", "F-3", "100.00"),
        # received 20 days after issue: on 1 March F-1 and F-2 are due, F-3 (issued, due on
        # 17 March) is not: F-1, then F-2, then F-3. (An invoice issued after the receipt is
        # not paid by it: test_a_deposit_before_its_invoice_is_reported_not_allocated.)
        *receipt(4, date(2025, 3, 1), ACME, "ACME", "250.00"),
    ]
    fec = write(tmp_path, "fec.txt", export(lines))
    ledger = read_fec(
        fec,
        cgv="new-30",
        clients={ACME: Client(name="ACME", kind="legal_person")},
        receipt_delay_days=20,
    )
    paid = {i.number: i.paid for i in ledger}
    assert paid == {"F-1": Decimal("100.00"), "F-2": Decimal("100.00"), "F-3": Decimal("50.00")}


def test_a_lettered_overpayment_stays_on_its_group_and_is_reported(tmp_path: Path) -> None:
    lines = [
        *sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00", lettering="A"),
        *sale(2, date(2025, 1, 20), ACME, "ACME", "F-2", "100.00"),
        *receipt(3, date(2025, 2, 1), ACME, "ACME", "130.00", lettering="A"),
    ]
    fec = write(tmp_path, "fec.txt", export(lines))
    ledger = read_fec(fec, cgv="new-30", clients={ACME: Client(name="ACME", kind="legal_person")})
    assert [i.paid for i in ledger] == [Decimal("130.00"), Decimal("0")]
    (row, _) = audit(ledger, date(2025, 6, 30)).rows()
    assert "trop-perçu de 30,00" in row.anomalies[0]


def test_missing_clients_are_listed_unless_a_default_is_named(tmp_path: Path) -> None:
    fec = write(tmp_path, "fec.txt", export(entries()))
    partial = write(tmp_path, "c.csv", b"account,kind\nC001,legal_person\n")
    with pytest.raises(ValueError, match=r"2 client account.*C002, C003"):
        read_fec(fec, cgv="legacy-15", clients=partial)
    default = Client(name="(inconnu)", kind="legal_person")
    ledger = read_fec(fec, cgv="legacy-15", clients=partial, default_client=default)
    assert {i.client.name for i in ledger} == {"ACME SAS", "Jeanne Martin", "Mairie d'Aubenas"}


def test_unbalanced_sale_is_refused_with_its_line(tmp_path: Path) -> None:
    lines = sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "120.00")
    lines[2] = lines[2].__class__(**{**lines[2].__dict__, "credit": Decimal("19.00")})
    fec = write(tmp_path, "fec.txt", export(lines))
    with pytest.raises(LedgerError, match="does not add up") as caught:
        read_fec(fec, cgv="new-30", clients={ACME: Client(name="A", kind="legal_person")})
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("20250110", "2025-01-10", 1), "AAAAMMJJ"),
        (lambda t: t.replace("120,00", "1.120,00", 1), "not a FEC amount"),
        (lambda t: t.replace("JournalCode", "Journal", 1), "not the 18 columns"),
        (lambda t: t.replace("Ventes\t", "Ventes\tx\t", 1), "cells for the 18 columns"),
    ],
)
def test_bad_fec_lines_name_their_line(tmp_path: Path, change: object, expected: str) -> None:
    text = export(sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "120.00")).decode()
    fec = write(tmp_path, "fec.txt", change(text).encode())  # type: ignore[operator]
    with pytest.raises(LedgerError, match=expected):
        read_fec(fec, cgv="new-30", clients={ACME: Client(name="A", kind="legal_person")})


def test_cli_audit_fec(tmp_path: Path, clients: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fec = write(tmp_path, "fec.txt", export(entries(), separator="|"))
    report = tmp_path / "r.json"
    argv = ["audit", "--fec", str(fec), "--clients", str(clients), "--cgv", "legacy-15"]
    status = main([*argv, "--as-of", "2025-12-31", "-o", str(report), "--receipt-delay", "2"])
    assert status == 0, capsys.readouterr().err
    import json

    document = json.loads(report.read_text())
    assert document["receipt_delay_days"] == 2 and document["count"] == 5
    status = main(["audit", "--fec", str(fec), "--cgv", "legacy-15", "--as-of", "2025-12-31"])
    assert status == 2 and "--clients" in capsys.readouterr().err
    status = main(
        [
            *argv[:3],
            "--cgv",
            "legacy-15",
            "--clients",
            str(tmp_path / "none.csv"),
            "--as-of",
            "2025-12-31",
        ]
    )
    assert status == 2
    status = main(
        [
            *argv[:3],
            "--clients",
            str(write(tmp_path, "p.csv", b"account,kind\n")),
            "--cgv",
            "legacy-15",
            "--as-of",
            "2025-12-31",
            "--default-client",
            "legal_person:FR",
        ]
    )
    assert status == 0


def test_lettered_credits_come_before_unlettered_ones(tmp_path: Path) -> None:
    lines = [
        *sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00", lettering="B"),
        *sale(2, date(2025, 1, 20), ACME, "ACME", "F-2", "100.00"),
        # the unlettered credit comes first in time but F-1 is lettered with the later one
        *receipt(3, date(2025, 2, 1), ACME, "ACME", "100.00"),
        *receipt(4, date(2025, 3, 1), ACME, "ACME", "100.00", lettering="B"),
    ]
    fec = write(tmp_path, "fec.txt", export(lines))
    ledger = read_fec(fec, cgv="new-30", clients={ACME: Client(name="ACME", kind="legal_person")})
    assert [(i.number, i.payments[0].on) for i in ledger] == [
        ("F-1", date(2025, 3, 1)),
        ("F-2", date(2025, 2, 1)),
    ]


def test_a_negative_debit_is_a_credit(tmp_path: Path) -> None:
    lines = [
        *sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00"),
        *receipt(2, date(2025, 2, 1), ACME, "ACME", "40.00"),
    ]
    text = export(lines).decode()
    # the bank entry written as signed debits: -40,00 on the client, 40,00 on the bank
    text = text.replace("\t0,00\t40,00\t", "\t-40,00\t0,00\t", 1)
    fec = write(tmp_path, "fec.txt", text.encode())
    (invoice,) = read_fec(
        fec, cgv="new-30", clients={ACME: Client(name="ACME", kind="legal_person")}
    )
    assert invoice.paid == Decimal("40.00")


def test_fec_from_bytes_and_text(tmp_path: Path) -> None:
    data = export(sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00"))
    clients = {ACME: Client(name="ACME", kind="legal_person")}
    import io

    assert [i.number for i in read_fec(data, cgv="new-30", clients=clients)] == ["F-1"]
    text = io.StringIO(data.decode())
    assert [i.number for i in read_fec(text, cgv="new-30", clients=clients)] == ["F-1"]


@st.composite
def fec_accounts(draw: st.DrawFn, lettered: bool) -> tuple[list, Decimal, Decimal]:  # type: ignore[type-arg]
    """One client's sales and receipts; with ``lettered``, random letterings (some shared, some
    blank), else every EcritureLet blank."""
    lines: list = []  # type: ignore[type-arg]
    number = 0
    codes = st.sampled_from(["", "", "A", "B", "C"] if lettered else [""])
    invoiced = credited = Decimal(0)
    for index in range(draw(st.integers(1, 5))):
        number += 1
        on = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 200)))
        cents = draw(st.integers(100, 500_000))
        piece = f"F-{index}"
        lines += sale(number, on, ACME, "ACME", piece, f"{cents / 100:.2f}", lettering=draw(codes))
        invoiced += Decimal(cents) / 100
    for _ in range(draw(st.integers(0, 5))):
        number += 1
        on = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
        cents = draw(st.integers(1, 600_000))
        lines += receipt(number, on, ACME, "ACME", f"{cents / 100:.2f}", lettering=draw(codes))
        credited += Decimal(cents) / 100
    return lines, invoiced, credited


CLIENT_TABLE = {ACME: Client(name="ACME", kind="legal_person")}


@given(fec_accounts(lettered=True))
def test_allocation_keeps_every_cent(data: tuple[list, Decimal, Decimal]) -> None:  # type: ignore[type-arg]
    lines, _, credited = data
    ledger = read_fec(export(lines), cgv="new-30", clients=CLIENT_TABLE)
    # a receipt before any invoice it could pay is an advance, kept apart (never allocated)
    advanced = sum(ledger.advances.values(), Decimal(0))
    assert sum((i.paid for i in ledger), Decimal(0)) + advanced == credited


@given(fec_accounts(lettered=False))
def test_unlettered_credits_overpay_only_what_exceeds_every_invoice(
    data: tuple[list, Decimal, Decimal],  # type: ignore[type-arg]
) -> None:
    lines, invoiced, credited = data
    ledger = read_fec(export(lines), cgv="new-30", clients=CLIENT_TABLE)
    overpaid = sum((max(i.paid - i.amount_incl_tax, Decimal(0)) for i in ledger), Decimal(0))
    advanced = sum(ledger.advances.values(), Decimal(0))
    # an advance is set aside, never counted as paid: the overpayment can only be smaller
    assert overpaid <= max(credited - invoiced, Decimal(0)) <= overpaid + advanced


def test_opening_balances_are_paid_first_and_not_audited(tmp_path: Path) -> None:
    lines = [
        *opening(1, date(2025, 1, 1), ACME, "ACME", "F-2024-90", "500.00", lettering="Z"),
        *opening(2, date(2025, 1, 1), ACME, "ACME", "F-2024-95", "200.00"),
        *sale(3, date(2025, 2, 1), ACME, "ACME", "F-1", "300.00"),
        *receipt(4, date(2025, 1, 15), ACME, "ACME", "500.00", lettering="Z"),
        # unlettered: the older debt (the opening balance) first, then F-1
        *receipt(5, date(2025, 2, 15), ACME, "ACME", "300.00"),
    ]
    ledger = read_fec(write(tmp_path, "fec.txt", export(lines)), cgv="new-30", clients=CLIENT_TABLE)
    assert [(i.number, i.paid) for i in ledger] == [("F-1", Decimal("100.00"))]
    assert ledger.opening_balances == {
        f"AN:{ACME}:F-2024-90": Decimal("0.00"),
        f"AN:{ACME}:F-2024-95": Decimal("0.00"),
    }


def test_unlettered_credit_on_invoices_of_one_date_is_shared_pro_rata(tmp_path: Path) -> None:
    """The FEC reader allocates with ``lexom_terms.allocation`` (RULEBOOK §18): at equal due
    dates, proportionally to what each owes, the last in the FEC's order taking the cent."""
    lines = [
        *sale(1, date(2025, 1, 10), ACME, "ACME", "F-1", "100.00"),
        *sale(2, date(2025, 1, 10), ACME, "ACME", "F-2", "200.00"),
        *receipt(3, date(2025, 3, 1), ACME, "ACME", "100.00"),
    ]
    fec = write(tmp_path, "fec.txt", export(lines))
    ledger = read_fec(fec, cgv="new-30", clients={ACME: Client(name="ACME", kind="legal_person")})
    assert {i.number: i.paid for i in ledger} == {
        "F-1": Decimal("33.33"),
        "F-2": Decimal("66.67"),
    }
