"""RULEBOOK §17: the invoices of an order, one test per row at its boundary dates."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lexom_terms as lt
from lexom_terms import Bill, BillKind, bills, late_interest
from lexom_terms.errors import InvalidInputError, OutsideCgvError

from .conftest import COMPANY, CONSUMER, FOREIGN_COMPANY, make_order

D = Decimal
STATE = lt.Client(name="Ville de Privas", kind="legal_person", public_buyer="state")


def funded(
    approved: str = "1000.00",
    *,
    paid: tuple[tuple[str, str], ...] = (),
    requested: str = "2026-01-10",
    approved_on: str | None = "2026-02-01",
) -> lt.OpcoFunding:
    return lt.OpcoFunding(
        opco="AKTO",
        requested_on=requested,
        approved_on=approved_on,
        approved_amount=approved if approved_on else "0",
        payments=tuple(lt.Payment(on=on, amount=a) for on, a in paid),
    )


def kinds(found: tuple[Bill, ...]) -> list[str]:
    return [str(b.kind) for b in found]


def one(found: tuple[Bill, ...], kind: str) -> Bill:
    (bill,) = [b for b in found if b.kind == kind]
    return bill


# --- deposit (§2): issued and due on the deposit's due date -------------------------------------


def test_deposit_invoice_issued_and_due_with_the_signature() -> None:
    order = make_order("new-30")
    assert bills(order, "2026-01-04") == ()
    (deposit,) = bills(order, "2026-01-05")
    assert deposit.kind == BillKind.DEPOSIT and deposit.to == "client"
    assert deposit.issued_on == deposit.due_on == date(2026, 1, 5)
    assert (deposit.amount_excl_tax, deposit.vat, deposit.amount_incl_tax) == (
        D("450.00"),
        D("90.00"),
        D("540.00"),
    )
    assert deposit.vat_category == "S" and deposit.clause == "new-30 §2.2"
    assert deposit.type_code == "386"


def test_new30_deposit_paid_late_bears_interest_and_40_eur_from_the_next_day() -> None:
    order = make_order("new-30")
    deposit = one(bills(order, "2026-03-01"), "deposit")
    invoice = deposit.to_invoice("A-1", client=order.client)
    assert invoice.due_on == date(2026, 1, 5) and invoice.amount_incl_tax == D("540.00")
    on_time = late_interest(
        invoice.model_copy(update={"payments": (pay("2026-01-05", "540"),)}), "2026-03-01"
    )
    assert on_time.days_late == 0 and on_time.total == 0
    late = late_interest(
        invoice.model_copy(update={"payments": (pay("2026-01-06", "540"),)}), "2026-03-01"
    )
    assert late.days_late == 1
    assert late.periods[0].start == date(2026, 1, 6)
    assert late.recovery_indemnity == D("40.00")


def test_legacy_deposit_paid_late_bears_nothing() -> None:
    order = make_order("legacy-15")
    deposit = one(bills(order, "2026-03-01"), "deposit")
    assert deposit.due_on == date(2026, 1, 5) and not deposit.bears_interest
    with pytest.raises(InvalidInputError) as raised:
        deposit.to_invoice("A-1", client=order.client)
    assert raised.value.code == "bill_bears_no_interest" and raised.value.field == "bill.kind"
    assert "legacy-15 §2.2" in {c.source for c in deposit.citations}


def test_deposit_of_a_self_funded_trainee_waits_for_the_labour_code_window() -> None:
    # L6353-6: signed 2 February 2026, 10-day window to 12 February: deposit due 13 February.
    order = make_order("new-30", client=CONSUMER, signed="2026-02-02", start="2026-04-20")
    assert bills(order, "2026-02-12") == ()
    (deposit,) = bills(order, "2026-02-13")
    assert deposit.issued_on == deposit.due_on == date(2026, 2, 13)
    assert deposit.clause == "Code du travail L6353-6"


def test_public_buyer_has_no_deposit_invoice() -> None:
    order = make_order("new-30", client=STATE)
    assert kinds(bills(order, "2026-03-16")) == []


# --- balance (§7): the client's share less the deposit invoiced, at the end ---------------------


def test_balance_at_the_session_end_less_the_deposit() -> None:
    order = make_order("new-30")
    assert kinds(bills(order, "2026-03-16")) == ["deposit"]
    found = bills(order, "2026-03-17")
    assert kinds(found) == ["deposit", "balance"]
    balance = found[1]
    assert balance.issued_on == balance.due_on == date(2026, 3, 17)
    assert (balance.amount_excl_tax, balance.vat, balance.amount_incl_tax) == (
        D("1050.00"),
        D("210.00"),
        D("1260.00"),
    )
    assert balance.clause == "new-30 §3.2"
    assert sum(b.amount_excl_tax for b in found) == order.price_excl_tax
    assert sum(b.amount_incl_tax for b in found) == order.total


def test_balance_received_later_is_due_on_receipt() -> None:
    order = make_order("legacy-15")
    balance = one(bills(order, "2026-04-30"), "balance")
    assert balance.to_invoice("F-2", client=COMPANY).due_on == date(2026, 3, 17)
    invoice = balance.to_invoice("F-2", client=COMPANY, received_on="2026-03-20")
    assert invoice.due_on == date(2026, 3, 20)
    with pytest.raises(InvalidInputError) as raised:
        balance.to_invoice("F-2", client=COMPANY, received_on="2026-03-16")
    assert raised.value.code == "received_before_issue"


def test_public_buyer_balance_is_due_after_its_period_from_receipt() -> None:
    # §11 worked example: 16–17 March 2026, request received 18 March, state → due 17 April.
    order = make_order("new-30", client=STATE)
    (balance,) = bills(order, "2026-03-17")
    assert balance.due_on is None and balance.amount_incl_tax == D("1800.00")
    assert balance.period_days == 30
    with pytest.raises(InvalidInputError) as raised:
        balance.to_invoice("F-3", client=STATE)
    assert raised.value.code == "receipt_date_required"
    invoice = balance.to_invoice("F-3", client=STATE, received_on="2026-03-18")
    assert invoice.due_on == date(2026, 4, 17)
    # received on the last training day (issued that day): the period runs from the end
    assert balance.to_invoice("F-3", client=STATE, received_on="2026-03-17").due_on == date(
        2026, 4, 16
    )


def test_foreign_new30_client_is_invoiced_the_balance_before_the_start() -> None:
    order = make_order("new-30", client=FOREIGN_COMPANY)
    found = bills(order, "2026-01-05")
    assert kinds(found) == ["deposit", "balance"]
    assert found[1].due_on == date(2026, 3, 15)


def test_exempt_training_is_category_e_with_no_vat() -> None:
    order = make_order("new-30", vat="0")
    found = bills(order, "2026-04-01")
    assert {b.vat_category for b in found} == {"E"}
    assert all(b.vat == 0 and b.amount_excl_tax == b.amount_incl_tax for b in found)
    assert "Exonération de TVA — article 261-4-4° a du CGI" in found[0].explain()


# --- funder (§8): the OPCO's share, at the end, payable on receipt, never any interest ------------


def test_funder_invoice_at_the_end_and_no_interest_from_an_opco() -> None:
    order = make_order("new-30", funding=funded("1000.00"))
    found = bills(order, "2026-03-17")
    assert kinds(found) == ["deposit", "balance", "funder"]
    funder = one(found, "funder")
    assert funder.to == "funder" and funder.issued_on == funder.due_on == date(2026, 3, 17)
    assert funder.amount_incl_tax == D("1000.00") and funder.amount_excl_tax == D("833.33")
    balance = one(found, "balance")
    assert balance.amount_incl_tax == D("1800.00") - D("1000.00") - D("540.00")
    assert sum(b.amount_excl_tax for b in found) == order.price_excl_tax
    with pytest.raises(InvalidInputError) as raised:
        funder.to_invoice("O-1", client=lt.Client(name="AKTO", kind="legal_person"))
    assert raised.value.code == "bill_bears_no_interest"


def test_funding_requested_after_the_start_is_not_invoiced_to_the_opco() -> None:
    order = make_order("new-30", funding=funded(requested="2026-03-17", approved_on="2026-03-17"))
    assert kinds(bills(order, "2026-05-01")) == ["deposit", "balance"]


def test_opco_above_70_percent_turns_the_balance_into_a_credit_note() -> None:
    order = make_order("new-30", funding=funded("1400.00"))
    found = bills(order, "2026-03-17")
    assert kinds(found) == ["deposit", "funder", "credit_note"]
    note = one(found, "credit_note")
    assert note.corrects == BillKind.DEPOSIT and note.corrects_issued_on == date(2026, 1, 5)
    assert note.amount_incl_tax == D("140.00") and note.amount_excl_tax > 0
    assert note.type_code == "381"
    with pytest.raises(InvalidInputError):
        note.to_invoice("AV-1", client=COMPANY)


# --- re-invoice after the OPCO's default (§8): end + 1 month + 1 day, due on its own receipt ------


def test_reinvoice_not_before_the_day_after_the_opco_deadline() -> None:
    order = make_order("new-30", funding=funded("1000.00"))
    # deadline: 17 March + 1 month = 17 April 2026
    assert "reinvoice" not in kinds(bills(order, "2026-04-17"))
    found = bills(order, "2026-04-18")
    reinvoice = one(found, "reinvoice")
    assert reinvoice.to == "client" and reinvoice.issued_on == date(2026, 4, 18)
    assert reinvoice.amount_incl_tax == D("1000.00")
    note = next(b for b in found if b.kind == "credit_note")
    assert note.to == "funder" and note.corrects == BillKind.FUNDER
    assert note.amount_incl_tax == reinvoice.amount_incl_tax


def test_opco_paying_on_its_deadline_day_means_no_reinvoice_the_day_after_does() -> None:
    on_time = make_order("new-30", funding=funded("1000.00", paid=(("2026-04-17", "1000.00"),)))
    assert "reinvoice" not in kinds(bills(on_time, "2026-06-01"))
    late = make_order("new-30", funding=funded("1000.00", paid=(("2026-04-18", "1000.00"),)))
    assert one(bills(late, "2026-06-01"), "reinvoice").amount_incl_tax == D("1000.00")
    partly = make_order("new-30", funding=funded("1000.00", paid=(("2026-04-10", "600.00"),)))
    assert one(bills(partly, "2026-06-01"), "reinvoice").amount_incl_tax == D("400.00")


def test_reinvoice_bears_interest_from_the_day_after_its_own_receipt() -> None:
    order = make_order("legacy-15", funding=funded("1000.00"))
    reinvoice = one(bills(order, "2026-06-01"), "reinvoice")
    invoice = reinvoice.to_invoice("F-9", client=COMPANY, received_on="2026-04-21")
    assert invoice.due_on == date(2026, 4, 21)
    claim = late_interest(invoice, "2026-06-01")
    assert claim.periods[0].start == date(2026, 4, 22)  # never from the session end
    assert claim.recovery_indemnity == D("40.00")
    assert reinvoice.to_invoice("F-9", client=COMPANY).due_on == date(2026, 4, 18)


def test_consumer_owes_interest_but_no_40_eur_on_a_bill() -> None:
    order = make_order("new-30", client=CONSUMER, signed="2026-01-05", start="2026-03-16")
    balance = one(bills(order, "2026-04-01"), "balance")
    claim = late_interest(balance.to_invoice("F-4", client=CONSUMER), "2026-04-01")
    assert claim.days_late > 0 and claim.recovery_indemnity == 0


# --- the result contract ------------------------------------------------------------------------


def test_bill_round_trips_pickles_and_explains_in_both_languages() -> None:
    order = make_order("new-30", funding=funded("1000.00"))
    for bill in bills(order, "2026-06-01"):
        assert Bill.model_validate_json(bill.model_dump_json()) == bill
        assert pickle.loads(pickle.dumps(bill)) == bill
        assert "€" in bill.explain() and "EUR" in bill.explain("en")
        assert bill.citations and bill.clause
        assert "<table" in bill._repr_html_()


def test_cpf_order_has_no_bills_under_the_cgv() -> None:
    order = make_order("new-30", channel="cpf")
    with pytest.raises(OutsideCgvError):
        bills(order, "2026-06-01")


def test_as_of_is_a_checked_date() -> None:
    with pytest.raises(InvalidInputError) as raised:
        bills(make_order(), "2026-13-01")
    assert raised.value.field == "as_of"


@settings(max_examples=60, deadline=None)
@given(
    price=st.decimals(min_value=D("1.00"), max_value=D("99999.99"), places=2),
    vat=st.sampled_from(["0", "0.20", "0.055", "0.10"]),
    approved=st.one_of(
        st.none(), st.decimals(min_value=D("0.01"), max_value=D("120000"), places=2)
    ),
    cgv=st.sampled_from(["legacy-15", "new-30"]),
)
def test_bills_add_up_to_the_order(
    price: Decimal, vat: str, approved: Decimal | None, cgv: str
) -> None:
    funding = funded(str(approved)) if approved is not None else None
    order = make_order(cgv, price=str(price), vat=vat, funding=funding)
    found = bills(order, "2026-03-17")
    signed = {"credit_note": -1}
    ttc = sum(b.amount_incl_tax * signed.get(b.kind, 1) for b in found)
    ht = sum(b.amount_excl_tax * signed.get(b.kind, 1) for b in found)
    assert ttc == order.total
    assert ht == order.price_excl_tax
    for bill in found:
        assert bill.amount_excl_tax + bill.vat == bill.amount_incl_tax
        assert bill.amount_incl_tax > 0 and bill.vat >= 0


def pay(on: str, amount: str) -> lt.Payment:
    return lt.Payment(on=on, amount=amount)


def test_modules_are_invoiced_as_each_ends_the_deposit_deducted_in_line_order() -> None:
    # RULEBOOK §14: the balance is invoiced line by line as each line's training ends
    def module(ident: str, price: str, start: str, end: str) -> lt.Line:
        session = lt.Session(reference=f"RCL-{ident}", start=start, end=end)
        return lt.Line(id=ident, price_excl_tax=price, session=session)

    order = lt.Order(
        cgv="new-30",
        client=COMPANY,
        session=lt.Session(reference="RCL-CYCLE", start="2026-03-16", end="2026-04-21"),
        price_excl_tax="1500.00",
        signed_on="2026-01-05",
        lines=(
            module("M1", "600.00", "2026-03-16", "2026-03-17"),
            module("M2", "900.00", "2026-04-20", "2026-04-21"),
        ),
    )
    found = bills(order, "2026-04-30")
    assert [(str(b.kind), b.issued_on, b.amount_incl_tax) for b in found] == [
        ("deposit", date(2026, 1, 5), D("540.00")),
        ("balance", date(2026, 3, 17), D("180.00")),
        ("balance", date(2026, 4, 21), D("1080.00")),
    ]
    assert [(b.amount_excl_tax, b.vat, b.due_on) for b in found[1:]] == [
        (D("150.00"), D("30.00"), date(2026, 3, 17)),
        (D("900.00"), D("180.00"), date(2026, 4, 21)),
    ]
    assert sum(b.amount_excl_tax for b in found) == order.price_excl_tax
    assert [b.kind for b in bills(order, "2026-04-20")] == ["deposit", "balance"]
