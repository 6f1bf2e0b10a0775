"""RULEBOOK §18: one payment for several invoices, allocated by Code civil 1342-10."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lexom_terms as lt
from lexom_terms import Invoice, Payment, Receipt

from ..conftest import COMPANY

D = Decimal


def invoice(number: str, due: str, amount: str, paid: tuple[tuple[str, str], ...] = ()) -> Invoice:
    return Invoice(
        number=number,
        cgv="new-30",
        client=COMPANY,
        issued_on=due,
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=a) for on, a in paid),
    )


def parts(allocation: lt.ReceiptAllocation) -> list[tuple[int, str, str]]:
    return [(p.receipt, p.invoice, str(p.amount)) for p in allocation.parts]


def test_due_invoices_first_oldest_first() -> None:
    invoices = [
        invoice("F-3", "2026-05-01", "300.00"),  # not yet due on 1 March
        invoice("F-1", "2026-01-10", "100.00"),
        invoice("F-2", "2026-02-10", "100.00"),
    ]
    allocation = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="250.00")])
    # in the order the rule allocated them
    assert parts(allocation) == [(0, "F-1", "100.00"), (0, "F-2", "100.00"), (0, "F-3", "50.00")]
    assert allocation.unallocated == 0
    # the invoices come back in the given order, each with its part appended to its payments
    assert [i.number for i in allocation.invoices] == ["F-3", "F-1", "F-2"]
    assert allocation.invoices[0].payments == (Payment(on="2026-03-01", amount="50.00"),)


def test_an_invoice_due_on_the_receipts_date_is_already_due() -> None:
    invoices = [invoice("LATER", "2026-03-02", "100.00"), invoice("TODAY", "2026-03-01", "100.00")]
    allocation = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="100.00")])
    assert parts(allocation) == [(0, "TODAY", "100.00")]


def test_equal_due_dates_share_proportionally_the_last_taking_the_cent() -> None:
    invoices = [
        invoice("A", "2026-02-10", "100.00"),
        invoice("B", "2026-02-10", "100.00"),
        invoice("C", "2026-02-10", "100.00"),
    ]
    allocation = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="100.00")])
    assert parts(allocation) == [(0, "A", "33.33"), (0, "B", "33.33"), (0, "C", "33.34")]


def test_invoices_bearing_interest_come_before_a_legacy_deposit_invoice() -> None:
    invoices = [
        invoice("ACOMPTE", "2026-01-05", "540.00"),
        invoice("SOLDE", "2026-02-10", "1260.00"),
    ]
    allocation = lt.allocate(
        invoices,
        [Receipt(on="2026-03-01", amount="1300.00")],
        bearing_no_interest=("ACOMPTE",),
    )
    assert parts(allocation) == [(0, "SOLDE", "1260.00"), (0, "ACOMPTE", "40.00")]
    assert "legacy-15 §2.2" in [c.source for c in allocation.citations]
    plain = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="1300.00")])
    assert parts(plain) == [(0, "ACOMPTE", "540.00"), (0, "SOLDE", "760.00")]


def test_not_yet_due_invoices_oldest_first_then_proportionally() -> None:
    invoices = [
        invoice("X", "2026-06-01", "100.00"),
        invoice("Y", "2026-05-01", "100.00"),
        invoice("Z", "2026-06-01", "300.00"),
    ]
    allocation = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="200.00")])
    assert parts(allocation) == [(0, "Y", "100.00"), (0, "X", "25.00"), (0, "Z", "75.00")]


def test_a_receipt_naming_its_invoice_goes_to_it_then_the_rest_by_the_rule() -> None:
    invoices = [invoice("OLD", "2026-01-10", "100.00"), invoice("NEW", "2026-02-10", "100.00")]
    allocation = lt.allocate(invoices, [Receipt(on="2026-03-01", amount="150.00", invoice="NEW")])
    assert parts(allocation) == [(0, "NEW", "100.00"), (0, "OLD", "50.00")]


def test_what_exceeds_every_invoice_is_unallocated() -> None:
    allocation = lt.allocate(
        [invoice("A", "2026-01-10", "100.00", paid=(("2026-01-10", "30.00"),))],
        [Receipt(on="2026-03-01", amount="100.00")],
    )
    assert parts(allocation) == [(0, "A", "70.00")]
    assert allocation.unallocated == D("30.00")
    assert allocation.invoices[0].paid == D("100.00")
    assert "Code civil 1302-1" in [c.source for c in allocation.citations]


def test_receipts_are_allocated_in_date_order() -> None:
    invoices = [invoice("A", "2026-01-10", "100.00"), invoice("B", "2026-04-10", "100.00")]
    receipts = [
        Receipt(on="2026-05-01", amount="100.00"),
        Receipt(on="2026-02-01", amount="100.00"),
    ]
    allocation = lt.allocate(invoices, receipts)
    # the February receipt pays A (the only one due); May's pays B
    assert sorted(parts(allocation)) == [(0, "B", "100.00"), (1, "A", "100.00")]


def test_unknown_and_repeated_invoice_numbers_are_refused() -> None:
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.allocate(
            [invoice("A", "2026-01-10", "1")], [Receipt(on="2026-03-01", amount="1", invoice="Z")]
        )
    assert (caught.value.field, caught.value.code) == ("receipts[0].invoice", "unknown_invoice")
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.allocate([invoice("A", "2026-01-10", "1"), invoice("A", "2026-01-11", "1")], [])
    assert caught.value.code == "duplicate_invoice_number"


def test_invoice_numbers_are_kept_exactly_as_given() -> None:
    allocation = lt.allocate(
        [invoice(" F 2026/001 ", "2026-01-10", "10")],
        [Receipt(on="2026-03-01", amount="10", invoice=" F 2026/001 ")],
    )
    assert allocation.parts[0].invoice == allocation.invoices[0].number


def test_an_allocation_round_trips_and_explains_itself() -> None:
    allocation = lt.allocate(
        [invoice("A", "2026-01-10", "100.00"), invoice("B", "2026-01-10", "50.00")],
        [Receipt(on="2026-03-01", amount="120.00")],
    )
    assert lt.ReceiptAllocation.model_validate_json(allocation.model_dump_json()) == allocation
    assert "Code civil 1342-10" in allocation.explain()
    assert "invoice A" in allocation.explain("en")
    assert (
        "Imputation des paiements" in allocation._repr_html_()
        and "<table" in allocation._repr_html_()
    )


_DAY = date(2026, 1, 1)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(1, 50000), st.booleans(), st.integers(0, 3)),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.tuples(st.integers(0, 90), st.integers(1, 60000), st.integers(-1, 8)), max_size=8),
)
def test_never_more_than_a_receipt_nor_more_than_an_invoice_owes(
    specs: list[tuple[int, int, bool, int]], paid: list[tuple[int, int, int]]
) -> None:
    invoices = [
        invoice(f"I{i}", (_DAY + timedelta(days=due)).isoformat(), str(D(cents) / 100))
        for i, (due, cents, _, _) in enumerate(specs)
    ]
    silent = [f"I{i}" for i, spec in enumerate(specs) if spec[2]]
    receipts = [
        Receipt(
            on=_DAY + timedelta(days=on),
            amount=D(cents) / 100,
            invoice=f"I{names}" if 0 <= names < len(specs) else None,
        )
        for on, cents, names in paid
    ]
    allocation = lt.allocate(invoices, receipts, bearing_no_interest=silent)
    for r, receipt in enumerate(receipts):
        given_out = sum((p.amount for p in allocation.parts if p.receipt == r), D(0))
        assert 0 <= given_out <= receipt.amount
    for before, after in zip(invoices, allocation.invoices, strict=True):
        assert after.paid <= max(before.amount_incl_tax, before.paid)
        assert all(p.amount > 0 for p in after.payments)
    allocated = sum((p.amount for p in allocation.parts), D(0))
    assert allocated + allocation.unallocated == sum((r.amount for r in receipts), D(0))
    owed = sum((i.amount_incl_tax for i in invoices), D(0))
    # nothing is left unallocated while an invoice still owes
    assert allocation.unallocated == 0 or allocated == owed
