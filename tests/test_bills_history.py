"""RULEBOOK §17 with §15 and §16: fee bills and credit notes from a history, the indemnity for
hours not attended from an attendance split, at their boundary dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lexom_terms as lt
from lexom_terms import Bill, BillKind, bills
from lexom_terms.errors import InvalidInputError

from .conftest import make_order

D = Decimal
COMPANY = lt.Client(name="ACME SAS", kind="legal_person")
STATE = lt.Client(name="Ville de Privas", kind="legal_person", public_buyer="state")


def cancel(on: str, **notice: object) -> lt.Cancel:
    return lt.Cancel(notice=lt.Notice(received_on=on, **notice))


def summary(found: tuple[Bill, ...]) -> list[tuple[str, str, Decimal]]:
    return [(str(b.kind), b.issued_on.isoformat(), b.amount_incl_tax) for b in found]


def test_legacy_cancellation_15_days_before_keeps_the_deposit_14_days_before_the_total() -> None:
    order = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
    kept = bills(order, "2026-06-30", history=lt.history(order, [cancel("2026-03-01")]))
    assert summary(kept) == [
        ("deposit", "2026-01-05", D("540.00")),
        ("credit_note", "2026-03-01", D("540.00")),
        ("fee", "2026-03-01", D("540.00")),
    ]
    whole = bills(order, "2026-06-30", history=lt.history(order, [cancel("2026-03-02")]))
    assert summary(whole)[1:] == [
        ("credit_note", "2026-03-02", D("540.00")),
        ("fee", "2026-03-02", D("1800.00")),
    ]
    fee = whole[2]
    assert fee.due_on == date(2026, 3, 2) and fee.clause == "legacy-15 §3.5"
    assert (fee.amount_excl_tax, fee.vat, fee.vat_category) == (D("1500.00"), D("300.00"), "S")
    note = whole[1]
    assert note.corrects == BillKind.DEPOSIT and note.corrects_issued_on == date(2026, 1, 5)
    # the fee bears interest from the day after the notice; the deposit payment goes to it
    invoice = fee.to_invoice("F-1", client=COMPANY).model_copy(
        update={"payments": (lt.Payment(on="2026-01-05", amount="540.00"),)}
    )
    claim = lt.late_interest(invoice, "2026-04-01")
    assert claim.periods[0].start == date(2026, 3, 3)
    assert claim.periods[0].principal == D("1260.00")


def test_new30_fee_outside_the_scope_of_vat_is_category_o() -> None:
    order = make_order("new-30")
    life = lt.history(order, [cancel("2026-02-01")], fee_vat=lt.FeeVat.OUTSIDE_SCOPE)
    found = bills(order, "2026-06-30", history=life)
    fee = found[-1]
    assert (fee.kind, fee.vat_category, fee.vat, fee.amount_incl_tax) == (
        "fee",
        "O",
        D("0"),
        D("540.00"),
    )
    assert fee.amount_excl_tax == D("540.00") and fee.vat_rate == 0
    assert "Hors champ de la TVA (indemnité)" in fee.explain()
    assert any(c.source == "Conseil d'État 472257" for c in fee.caveats)


def test_provider_cancellation_credits_the_deposit_and_bills_nothing() -> None:
    order = make_order("new-30", paid=(("2026-01-05", "540.00"),))
    life = lt.history(order, [cancel("2026-03-02", by="provider", reason="trainer_absence")])
    assert summary(bills(order, "2026-06-30", history=life)) == [
        ("deposit", "2026-01-05", D("540.00")),
        ("credit_note", "2026-03-02", D("540.00")),
    ]


def test_postponed_then_held_bills_the_fee_then_the_whole_new_session() -> None:
    order = make_order("new-30")
    life = lt.history(
        order,
        [lt.Postpone(notice=lt.Notice(received_on="2026-02-04"), new_start="2026-05-04")],
    )
    found = bills(order, "2026-06-30", history=life)
    assert summary(found) == [
        ("deposit", "2026-01-05", D("540.00")),
        ("credit_note", "2026-02-04", D("540.00")),
        ("fee", "2026-02-04", D("540.00")),
        ("balance", "2026-05-05", D("1800.00")),
    ]
    balance = found[-1]
    assert balance.amount_excl_tax == D("1500.00") and balance.due_on == date(2026, 5, 5)
    assert summary(bills(order, "2026-05-04", history=life))[-1][0] == "fee"


def test_a_fee_bill_names_the_session_the_notice_concerned_after_a_move() -> None:
    """RULEBOOK §15: after a postponement the next notice counts from the new start; its fee
    bill names that session (description and billing period), not the order's first dates
    (found by reading the bills of examples/life as a client would)."""
    order = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
    life = lt.history(
        order,
        [
            lt.Postpone(notice=lt.Notice(received_on="2026-02-20"), new_start="2026-05-04"),
            cancel("2026-04-24"),
        ],
    )
    fees = [b for b in bills(order, "2026-06-30", history=life) if b.kind == BillKind.FEE]
    assert [(b.issued_on, b.service_start, b.service_end) for b in fees] == [
        (date(2026, 2, 20), date(2026, 3, 16), date(2026, 3, 17)),
        (date(2026, 4, 24), date(2026, 5, 4), date(2026, 5, 5)),
    ]
    assert "session du 16 mars 2026 au 17 mars 2026" in fees[0].description
    assert "session du 4 mai 2026 au 5 mai 2026" in fees[1].description


def test_new30_netting_bills_each_step_and_lexoms_cancellation_credits_the_fees() -> None:
    # RULEBOOK §15: 1 200.00 postponed 40 days before (360.00), then cancelled 10 days before
    # its new start (840.00 more).
    order = make_order("new-30", price="1000.00")
    steps = [
        lt.Postpone(notice=lt.Notice(received_on="2026-02-04"), new_start="2026-05-04"),
        cancel("2026-04-24"),
    ]
    found = bills(order, "2026-06-30", history=lt.history(order, steps))
    assert [(k, a) for k, _, a in summary(found) if k == "fee"] == [
        ("fee", D("360.00")),
        ("fee", D("840.00")),
    ]
    provider = [
        lt.Postpone(notice=lt.Notice(received_on="2026-02-04"), new_start="2026-05-04"),
        cancel("2026-04-24", by="provider", reason="venue_unavailable"),
    ]
    found = bills(order, "2026-06-30", history=lt.history(order, provider))
    notes = [b for b in found if b.kind == "credit_note"]
    assert [(n.corrects, n.amount_incl_tax) for n in notes] == [
        (BillKind.DEPOSIT, D("360.00")),
        (BillKind.FEE, D("360.00")),
    ]
    assert notes[1].corrects_issued_on == date(2026, 2, 4)


def test_public_buyer_fee_runs_its_period_from_the_receipt() -> None:
    # §11 example: legacy, notice received 2 March 2026 for a 16 March start, state buyer
    order = make_order("legacy-15", client=STATE)
    found = bills(order, "2026-06-30", history=lt.history(order, [cancel("2026-03-02")]))
    (fee,) = found
    assert fee.amount_incl_tax == D("1800.00") and fee.due_on is None
    assert fee.to_invoice("F-1", client=STATE, received_on="2026-03-02").due_on == date(2026, 4, 1)
    with pytest.raises(InvalidInputError):
        fee.to_invoice("F-1", client=STATE)


def hours_order(**extra: object) -> lt.Order:
    funding = lt.OpcoFunding(
        opco="AKTO", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount="1200.00"
    )
    return lt.Order(
        cgv="new-30",
        client=COMPANY,
        session=lt.Session(reference="RCL-12", start="2026-03-16", end="2026-03-17", hours="14"),
        price_excl_tax="1500.00",
        vat_rate="0",
        signed_on="2026-01-05",
        funding=funding,
        **extra,
    )


def test_hours_not_attended_worked_example() -> None:
    # RULEBOOK §16: 1 500.00 exempt, OPCO 1 200.00, 10.5 of 14 h → OPCO 900.00, client 225.00,
    # indemnity 375.00; the deposit invoiced (450.00) exceeds the client's training: credited.
    order = hours_order()
    split = lt.attendance_split(order, [lt.Attendance(line="1", hours="10.5")])
    found = bills(order, "2026-03-17", attendance=split)
    assert summary(found) == [
        ("deposit", "2026-01-05", D("450.00")),
        ("funder", "2026-03-17", D("900.00")),
        ("indemnity", "2026-03-17", D("375.00")),
        ("credit_note", "2026-03-17", D("225.00")),
    ]
    indemnity = found[2]
    assert indemnity.vat_category == "E" and indemnity.due_on == date(2026, 3, 17)
    assert indemnity.clause == "new-30 §3.5"
    signs = {"credit_note": -1}
    assert sum(b.amount_incl_tax * signs.get(b.kind, 1) for b in found) == order.total


def test_hours_indemnity_outside_the_scope_of_vat() -> None:
    order = hours_order().model_copy(update={"vat_rate": D("0.20")})
    split = lt.attendance_split(
        order, [lt.Attendance(line="1", hours="10.5")], fee_vat=lt.FeeVat.OUTSIDE_SCOPE
    )
    indemnity = next(
        b for b in bills(order, "2026-03-17", attendance=split) if b.kind == "indemnity"
    )
    assert (indemnity.vat_category, indemnity.vat, indemnity.amount_incl_tax) == (
        "O",
        D("0"),
        D("450.00"),
    )


def test_full_attendance_gives_the_0_2_bills() -> None:
    order = hours_order()
    split = lt.attendance_split(order, [lt.Attendance(line="1", hours="14")])

    def figures(found: tuple[Bill, ...]) -> list[tuple[object, ...]]:
        return [
            (b.kind, b.issued_on, b.due_on, b.amount_excl_tax, b.vat, b.amount_incl_tax)
            for b in found
        ]

    assert figures(bills(order, "2026-06-30", attendance=split)) == figures(
        bills(order, "2026-06-30")
    )


@settings(max_examples=40, deadline=None)
@given(
    cgv=st.sampled_from(["legacy-15", "new-30"]),
    received=st.dates(min_value=date(2026, 1, 5), max_value=date(2026, 3, 20)),
    by=st.sampled_from(["client", "provider"]),
    postpone_first=st.booleans(),
    outside=st.booleans(),
)
def test_the_bills_of_a_history_add_up_to_what_it_owes(
    cgv: str, received: date, by: str, postpone_first: bool, outside: bool
) -> None:
    order = make_order(cgv, paid=(("2026-01-05", "540.00"),))
    steps: list[lt.Cancel | lt.Postpone] = []
    if postpone_first and received < date(2026, 3, 10):
        steps.append(lt.Postpone(notice=lt.Notice(received_on=received), new_start="2026-05-04"))
    steps.append(
        lt.Cancel(
            notice=lt.Notice(
                received_on=max(received, date(2026, 3, 10)) if steps else received,
                by=by,
                reason="trainer_absence" if by == "provider" else "none",
            )
        )
    )
    fee_vat = lt.FeeVat.OUTSIDE_SCOPE if outside else lt.FeeVat.AS_SERVICE
    life = lt.history(order, steps, fee_vat=fee_vat)
    found = bills(order, "2027-12-31", history=life)
    signs = {"credit_note": -1}
    assert sum(b.amount_incl_tax * signs.get(b.kind, 1) for b in found) == life.owed
    for bill in found:
        assert bill.amount_incl_tax > 0 and bill.amount_excl_tax + bill.vat == bill.amount_incl_tax


def test_a_funded_order_postponed_then_held_bills_the_opco_its_share() -> None:
    funding = lt.OpcoFunding(
        opco="AKTO", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount="1000.00"
    )
    order = make_order("new-30", funding=funding)
    step = lt.Postpone(notice=lt.Notice(received_on="2026-02-04"), new_start="2026-05-04")
    life = lt.history(order, [step])
    found = bills(order, "2026-05-05", history=life)
    assert summary(found) == [
        ("deposit", "2026-01-05", D("540.00")),
        ("credit_note", "2026-02-04", D("540.00")),
        ("fee", "2026-02-04", D("540.00")),
        ("funder", "2026-05-05", D("1000.00")),
        ("balance", "2026-05-05", D("800.00")),
    ]
    assert sum(b.amount_excl_tax for b in found[3:]) == order.price_excl_tax
    # the OPCO's default: re-invoiced to the client the day after end + 1 month
    later = bills(order, "2026-06-06", history=life)
    assert [str(b.kind) for b in later[5:]] == ["credit_note", "reinvoice"]
    assert later[-1].issued_on == date(2026, 6, 6)


def test_a_third_version_declared_in_a_few_lines_bills_under_its_own_name() -> None:
    from dataclasses import replace

    from lexom_terms.cgv import registry
    from lexom_terms.cgv.new_30 import NEW_30
    from lexom_terms.tools.einvoice import notes

    new_45 = replace(NEW_30, name="new-45", cancellation_days=45, reduced_fee_rate=D("0.40"))
    with registry.register(new_45):
        order = make_order("new-45")
        life = lt.history(order, [cancel("2026-01-30")])  # 45 days before: 40 %
        found = bills(order, "2026-03-31", history=life)
        assert [(str(b.kind), b.clause, b.amount_incl_tax) for b in found] == [
            ("deposit", "new-45 §2.2", D("540.00")),
            ("credit_note", "new-45 §3.6", D("540.00")),
            ("fee", "new-45 §3.6", D("720.00")),
        ]
        assert "CGV new-45 §3.4" in dict(notes(found[-1]))["PMD"]
        claim = lt.late_interest(found[0].to_invoice("A-1", client=COMPANY), "2026-02-10")
        assert claim.citations[0].source == "new-45 §3.4"
