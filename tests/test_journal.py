"""Journal entries of the bills as FEC lines (A47 A-1), and back through ``read_fec``."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lexom_terms as lt
from lexom_terms import bills
from lexom_terms.errors import InvalidInputError
from lexom_terms.tools.journal import FEC_COLUMNS, Accounts, journal

from .conftest import make_order

D = Decimal
COMPANY = lt.Client(name="ACME SAS", kind="legal_person")
OPCO_CLIENT = lt.Client(name="AKTO", kind="legal_person")


def funded(approved: str) -> lt.OpcoFunding:
    return lt.OpcoFunding(
        opco="AKTO", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount=approved
    )


def rows(text: str) -> list[dict[str, str]]:
    lines = text.split("\r\n")
    assert lines[-1] == ""
    header = lines[0].split("\t")
    assert tuple(header) == FEC_COLUMNS
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:-1]]


def number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", "."))


def test_each_entry_balances_with_a_decimal_comma_and_compact_dates() -> None:
    order = make_order("new-30", funding=funded("1000.00"))
    found = bills(order, "2026-06-30")
    numbers = [f"F-{i}" for i in range(1, len(found) + 1)]
    lines = rows(journal(found, numbers, client=("C-ACME", "ACME SAS"), funder=("C-AKTO", "AKTO")))
    entries: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in lines:
        entries[line["EcritureNum"]].append(line)
        assert len(line["EcritureDate"]) == 8 and line["EcritureDate"].isdigit()
        assert "," in line["Debit"] and "," in line["Credit"] and "." not in line["Debit"]
    assert len(entries) == len(found)
    for entry in entries.values():
        assert sum(number(x["Debit"]) for x in entry) == sum(number(x["Credit"]) for x in entry)
    deposit = entries["1"]
    assert [(x["CompteNum"], x["Debit"], x["Credit"]) for x in deposit] == [
        ("411000", "540,00", "0,00"),
        ("706000", "0,00", "450,00"),
        ("445710", "0,00", "90,00"),
    ]
    assert deposit[0]["CompAuxNum"] == "C-ACME" and deposit[0]["PieceRef"] == "F-1"
    assert deposit[0]["EcritureDate"] == deposit[0]["PieceDate"] == "20260105"


def test_the_fec_reads_back_into_the_same_invoices() -> None:
    order = make_order("new-30", funding=funded("1000.00"))
    found = bills(order, "2026-06-30")
    numbers = [f"F-2026-{i:03d}" for i in range(1, len(found) + 1)]
    text = journal(found, numbers, client=("C-ACME", "ACME SAS"), funder=("C-AKTO", "AKTO"))
    ledger = lt.read_fec(
        text.encode("iso-8859-15"),
        cgv="new-30",
        clients={"C-ACME": COMPANY, "C-AKTO": OPCO_CLIENT},
    )
    invoices = {i.number: i for i in ledger}
    by_number = dict(zip(numbers, found, strict=True))
    # the OPCO's invoice is cancelled whole by its credit note when re-invoiced to the client
    expected = {n: b for n, b in by_number.items() if b.kind not in ("credit_note", "funder")}
    assert set(invoices) == set(expected)
    for n, bill in expected.items():
        invoice = invoices[n]
        assert invoice.issued_on == bill.issued_on
        assert invoice.due_on == bill.due_on
        assert invoice.amount_incl_tax == bill.amount_incl_tax
        assert ledger.splits[n] == (bill.amount_excl_tax, bill.vat)


def test_a_credit_note_is_lettered_with_the_deposit_it_reduces() -> None:
    order = make_order("new-30", funding=funded("1400.00"))
    found = bills(order, "2026-03-17")
    assert [str(b.kind) for b in found] == ["deposit", "funder", "credit_note"]
    text = journal(found, ["A-1", "O-1", "AV-1"])
    lines = rows(text)
    assert {
        x["EcritureLet"]
        for x in lines
        if x["CompteNum"] == "411000" and x["PieceRef"] in ("A-1", "AV-1")
    } == {"A"}
    ledger = lt.read_fec(
        text.encode("iso-8859-15"), cgv="new-30", clients={"CLIENT": COMPANY, "OPCO": OPCO_CLIENT}
    )
    deposit = next(i for i in ledger if i.number == "A-1")
    assert deposit.amount_incl_tax == D("540.00") - D("140.00")
    assert ledger.credit_notes["A-1"] == D("140.00")


def test_outside_scope_and_interest_go_to_their_own_accounts() -> None:
    order = make_order("new-30")
    deposit = bills(order, "2026-03-01")[0]
    claim = lt.late_interest(deposit.to_invoice("A-1", client=COMPANY), "2026-03-01")
    accounts = Accounts(revenue="706100", vat="445711", interest="763000")
    lines = rows(journal([deposit], ["A-1"], accounts, claims=[(claim, deposit.issued_on)]))
    interest = [x for x in lines if x["EcritureNum"] == "2"]
    assert [x["CompteNum"] for x in interest] == ["411000", "763000", "758000"]
    assert number(interest[0]["Debit"]) == claim.total
    assert number(interest[1]["Credit"]) == claim.interest_outstanding
    assert number(interest[2]["Credit"]) == D("40.00")
    assert {x["CompteNum"] for x in lines if x["EcritureNum"] == "1"} == {
        "411000",
        "706100",
        "445711",
    }


def test_numbers_must_match_the_bills() -> None:
    found = bills(make_order("new-30"), "2026-06-30")
    with pytest.raises(InvalidInputError) as raised:
        journal(found, ["F-1"])
    assert raised.value.code == "numbers_mismatch"
    with pytest.raises(InvalidInputError) as raised:
        journal(found, ["F-1", "F-1"])
    assert raised.value.code == "duplicate_number"
    note = bills(make_order("new-30", funding=funded("1400.00")), "2026-03-17")[-1]
    with pytest.raises(InvalidInputError) as raised:
        journal([note], ["AV-1"])
    assert raised.value.code == "corrected_bill_missing"


@settings(max_examples=30, deadline=None)
@given(
    price=st.decimals(min_value=D("10.00"), max_value=D("50000.00"), places=2),
    vat=st.sampled_from(["0", "0.20", "0.055"]),
    approved=st.one_of(st.none(), st.decimals(min_value=D("1.00"), max_value=D("60000"), places=2)),
)
def test_every_journal_balances_and_reads_back(
    price: Decimal, vat: str, approved: Decimal | None
) -> None:
    order = make_order(
        "legacy-15", price=str(price), vat=vat, funding=funded(str(approved)) if approved else None
    )
    found = bills(order, "2026-06-30")
    numbers = [f"F-{i}" for i in range(len(found))]
    text = journal(found, numbers)
    debit = sum(number(x["Debit"]) for x in rows(text))
    credit = sum(number(x["Credit"]) for x in rows(text))
    assert debit == credit
    ledger = lt.read_fec(
        text.encode("iso-8859-15"),
        cgv="legacy-15",
        clients={"CLIENT": COMPANY, "OPCO": OPCO_CLIENT},
    )
    net = sum((i.amount_incl_tax for i in ledger), D("0"))
    signs = {"credit_note": -1}
    assert net == sum(b.amount_incl_tax * signs.get(b.kind, 1) for b in found)
