"""RULEBOOK 0.2 rows: §0 who is a consumer, the corrections of issue 10 (items 1–8) at the
boundary days that failed before, §11 public buyers (settlement side), §12 VAT on fees and §13
CPF orders. Each test names its row and the day it sits on."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms import (
    Client,
    InvalidInputError,
    Notice,
    OpcoFunding,
    OutsideCgvError,
    Payment,
    balance,
    cancel,
    deposit_due,
    dispute_forum,
    fee_schedule,
    fmt,
    liability_cap,
    payment_due,
    postpone,
    retraction_window,
    timeline,
)
from lexom_terms.cgv import legacy_15

from ..conftest import COMPANY, CONSUMER, SOLE_TRADER, make_order
from .support import covers

ASSOCIATION = Client(name="Les Amis du Vivarais", kind="legal_person", professional=False)
STATE = Client(name="Rectorat de Lyon", kind="legal_person", public_buyer="state")
HEALTH = Client(name="CHU de Saint-Étienne", kind="legal_person", public_buyer="health")
UNDERTAKING = Client(name="RATP", kind="legal_person", public_buyer="public_undertaking")


# --- §0: a legal person is never a consumer (issue 10 item 2) -----------------------------------


@covers("§0 legal person never a consumer")
@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_non_professional_legal_person_has_no_window(cgv: str) -> None:
    order = make_order(
        cgv,
        client=ASSOCIATION,
        signed="2026-03-02",
        start="2026-04-20",
        paid=(("2026-03-02", "540.00"),),
    )
    assert retraction_window(order) is None
    # the day after signing: before, a "withdrawal" cost nothing; it is an ordinary cancellation
    settlement = cancel(order, Notice(received_on="2026-03-03"))
    assert settlement.status == "cancelled"
    assert settlement.owed > 0
    # the abusive-clause caveats apply to a non-professional as to a consumer (L212-2)
    assert "Code de la consommation R212-2" in {c.source for c in settlement.caveats}


# --- §3: a sole trader's withdrawal cites the Code du travail (issue 10 item 6) -----------------


@covers("§3 training window delivered days", "§3 citations follow the window", boundary=True)
def test_sole_trader_withdrawal_cites_the_labour_code_and_refunds_on_receipt() -> None:
    order = make_order(
        "legacy-15", client=SOLE_TRADER, signed="2026-03-02", paid=(("2026-03-02", "540.00"),)
    )
    settlement = cancel(order, Notice(received_on="2026-03-12"))  # the 10th day, the last
    assert settlement.status == "retracted"
    assert settlement.refund_due_on == date(2026, 3, 12)  # on receipt, not + 14 days
    sources = {c.source for c in settlement.citations}
    assert {"Code du travail L6353-5", "Code du travail L6353-6", "Code du travail L6354-1"} <= (
        sources
    )
    assert not any(s.startswith("Code de la consommation") for s in sources)
    assert settlement.decided_by == "Code du travail L6353-5"
    # one day later the window is closed: an ordinary cancellation
    assert cancel(order, Notice(received_on="2026-03-13")).status == "cancelled"


# --- §5: legacy postponement after the horizon, no new date (issue 10 item 3) ------------------


@covers("§5 legacy-15 request after the horizon", boundary=True)
def test_legacy_postponement_after_the_horizon_without_a_date_owes_the_total() -> None:
    # the deposit paid: with it unpaid, RULEBOOK §5 step 3 owes the proposal cost instead
    order = make_order(
        "legacy-15", signed="2026-01-05", start="2026-09-14", paid=(("2026-01-05", "540.00"),)
    )
    horizon = legacy_15.postponement_horizon(order)
    assert horizon == date(2026, 7, 5)
    on_horizon = postpone(order, Notice(received_on="2026-07-05"))
    assert (on_horizon.status, on_horizon.owed) == ("pending_reschedule", order.deposit_amount)
    assert on_horizon.escalates_on is not None
    assert on_horizon.escalates_on > on_horizon.received_on  # type: ignore[operator]
    after = postpone(order, Notice(received_on="2026-07-06"))
    assert (after.status, after.owed) == ("postponed", order.total)
    assert after.escalates_on is None
    assert after.due_on == date(2026, 7, 6)
    assert after.decided_by == "legacy-15 §3.6"


# --- §4: legacy unpaid deposit, any client (issue 10 item 7) -----------------------------------


@covers("§2 unpaid deposit legacy-15", boundary=True)
def test_consumer_who_never_paid_owes_the_proposal_cost() -> None:
    order = make_order("legacy-15", client=CONSUMER, signed="2026-01-05")
    window = retraction_window(order)
    assert window is not None
    day_after = date.fromordinal(window.last_day.toordinal() + 1)
    settlement = cancel(order, Notice(received_on=day_after), proposal_cost=Decimal("150.00"))
    assert (settlement.owed, settlement.decided_by) == (Decimal("150.00"), "legacy-15 §2.2")
    assert cancel(order, Notice(received_on=window.last_day)).status == "retracted"


# --- §7: no milestone before the signature (issue 10 item 5) ------------------------------------


@covers("§7 no milestone before the signature", boundary=True)
def test_foreign_client_signing_ten_days_before_has_no_milestone_before_signing() -> None:
    foreign = Client(name="ACME SPRL", kind="legal_person", country="BE")
    order = make_order("new-30", client=foreign, signed="2026-03-06", start="2026-03-16")
    milestones = timeline(order).milestones
    assert all(m.on >= order.signed_on for m in milestones)
    labels = " ".join(m.label for m in milestones)
    assert "payment in full expected by now" not in labels
    assert "no prepayment check" in labels
    # signed on the check day itself (16 February): the check exists
    on_check = make_order("new-30", client=foreign, signed="2026-02-16", start="2026-03-16")
    assert any("expected by now" in m.label for m in timeline(on_check).milestones)


# --- §8: OPCO paid more than approved (issue 10 item 8) -----------------------------------------


@covers("§8 OPCO overpaid", boundary=True)
def test_opco_paid_more_than_approved() -> None:
    funding = OpcoFunding(
        opco="Atlas",
        requested_on="2026-01-10",
        approved_on="2026-02-01",
        approved_amount="1000.00",
        payments=(Payment(on="2026-03-20", amount="1500.00"),),
    )
    order = make_order("new-30", funding=funding, paid=(("2026-01-05", "540.00"),))
    split = balance(order, date(2026, 3, 20))
    assert split.client_outstanding == Decimal("0.00")
    assert split.overpaid == Decimal("240.00")
    assert split.client_share == Decimal("300.00")
    # the day before the OPCO paid: nothing overpaid, the client owes its share
    before = balance(order, date(2026, 3, 19))
    assert (before.overpaid, before.client_outstanding) == (Decimal("0.00"), Decimal("260.00"))


# --- decided_by (issue 10 item 4) ---------------------------------------------------------------


def test_decided_by_names_the_deciding_step() -> None:
    new = make_order("new-30", paid=(("2026-01-05", "540.00"),))
    assert cancel(new, Notice(received_on="2026-02-01")).decided_by == "new-30 §3.6"
    assert cancel(new, Notice(received_on="2026-03-16")).decided_by == "new-30 §3.5"
    legacy = make_order("legacy-15")
    assert cancel(legacy, Notice(received_on="2026-02-01")).decided_by == "legacy-15 §2.2"
    provider = Notice(received_on="2026-03-17", by="provider", reason="force_majeure")
    assert cancel(legacy, provider).decided_by == "Code du travail L6354-1"


# --- §11 public buyers --------------------------------------------------------------------------


@covers("§11 public buyer deposit")
@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_public_buyer_owes_no_deposit(cgv: str) -> None:
    due = deposit_due(make_order(cgv, client=STATE))
    assert (due.amount, due.on) == (Decimal("0.00"), date(2026, 1, 5))
    assert due.citations[0].source == "Code de la commande publique R2191-3"


@covers("§11 public buyer payment due", boundary=True)
@pytest.mark.parametrize(
    ("client", "days", "article"),
    [
        (STATE, 30, "Code de la commande publique R2192-10"),
        (HEALTH, 50, "Code de la commande publique R2192-11"),
        (UNDERTAKING, 60, "Code de la commande publique R2192-11"),
    ],
)
def test_public_payment_period_runs_from_receipt_or_end(
    client: Client, days: int, article: str
) -> None:
    order = make_order("new-30", client=client)  # 16–17 March 2026, 1 800.00
    due = payment_due(order, date(2026, 3, 18))
    assert due.on == date.fromordinal(date(2026, 3, 18).toordinal() + days)
    assert due.amount == Decimal("1800.00")
    sources = [c.source for c in due.citations]
    assert sources[:2] == [article, "Code de la commande publique R2192-12"]
    # a request received before the end: the period runs from the end (17 March)
    early = payment_due(order, date(2026, 3, 10))
    assert early.on == date.fromordinal(date(2026, 3, 17).toordinal() + days)


@covers("§11 public buyer payment due", boundary=True)
def test_worked_example_and_deemed_receipt() -> None:
    order = make_order("legacy-15", client=STATE)
    assert payment_due(order, date(2026, 3, 18)).on == date(2026, 4, 17)  # Friday
    deemed = payment_due(order, invoice_sent_on=date(2026, 3, 16))  # received 18 March
    assert deemed.on == date(2026, 4, 17)
    assert "Code de la commande publique R2192-14" in {c.source for c in deemed.citations}
    with pytest.raises(InvalidInputError) as error:
        payment_due(order)
    assert error.value.code == "receipt_date_required"
    assert error.value.field == "invoice_received_on"


@covers("§11 public buyer fees", boundary=True)
def test_public_buyer_fees_are_the_cgv_without_legacy_step_4() -> None:
    order = make_order("legacy-15", client=STATE)  # nothing paid: no deposit was ever due
    fee = cancel(order, Notice(received_on="2026-03-01"))  # 15 days before: 30 % (step 5)
    assert fee.owed == order.deposit_amount
    # a public buyer never owed a deposit: the 30 % is an indemnity, not a deposit "kept"
    reason = fee.citations[0].text_fr
    assert "à titre d'indemnité" in reason and "reste acquis" not in reason
    assert cancel(order, Notice(received_on="2026-03-02")).owed == order.total  # 14 days
    oral = cancel(order, Notice(received_on="2026-03-01", written=False))
    assert (oral.status, oral.due_on) == ("not_receivable", date(2026, 4, 16))  # end + 30
    new = make_order("new-30", client=STATE)
    assert cancel(new, Notice(received_on="2026-02-14")).owed == Decimal("540.00")
    steps = fee_schedule(new).steps
    assert steps == fee_schedule(make_order("new-30")).steps  # the CGV's fees, unchanged


@pytest.mark.parametrize(
    ("client", "days"), [(STATE, 30), (HEALTH, 50), (UNDERTAKING, 60)], ids=["30", "50", "60"]
)
def test_public_buyer_fee_is_payable_within_its_period(client: Client, days: int) -> None:
    """RULEBOOK §11 and docs/decisions.md: the CGV's fee "dès l'annulation" gives way to the public
    payment period (L2192-14, public order): a fee is payable at the earliest N days after the
    notice is received (the request cannot precede it); a company pays on receipt."""
    notice = Notice(received_on="2026-03-02")  # legacy-15, 14 days before: the total
    fee = cancel(make_order("legacy-15", client=client), notice)
    assert (fee.owed, fee.due_on) == (Decimal("1800.00"), date(2026, 3, 2) + timedelta(days=days))
    assert any(c.source.startswith("Code de la commande publique R2192-1") for c in fee.citations)
    company = cancel(make_order("legacy-15", paid=(("2026-01-05", "540.00"),)), notice)
    assert company.due_on == date(2026, 3, 2)
    provider = cancel(
        make_order("legacy-15", client=client), notice.model_copy(update={"by": "provider"})
    )
    assert provider.owed == 0 and provider.due_on is None


@covers("§11 public buyer deposit")
def test_public_timeline_has_earliest_payment_and_no_deposit() -> None:
    milestones = timeline(make_order("new-30", client=STATE)).milestones
    labels = [m.label for m in milestones]
    assert not any(label.startswith("deposit due") for label in labels)
    earliest = [m for m in milestones if m.label.startswith("payment due at the earliest")]
    assert [m.on for m in earliest] == [date(2026, 4, 16)]


# --- §12 VAT on fees ----------------------------------------------------------------------------


@covers("§12 VAT split")
def test_fee_is_split_at_the_training_rate() -> None:
    order = make_order("new-30")  # 1 500.00 HT, 1 800.00 TTC
    settlement = cancel(order, Notice(received_on="2026-02-01"))  # 30 %: 540.00
    assert (settlement.owed_excl_tax, settlement.owed_vat) == (
        Decimal("450.00"),
        Decimal("90.00"),
    )
    text = settlement.explain("fr")
    assert f"TVA {fmt.rate(Decimal('0.20'))}" in text
    assert fmt.money(Decimal("450.00")) in text


@covers("§12 VAT split")
def test_exempt_training_prints_the_exemption() -> None:
    settlement = cancel(make_order("new-30", vat="0"), Notice(received_on="2026-02-01"))
    assert settlement.owed_vat == Decimal("0.00")
    assert "Exonération de TVA — article 261-4-4° a du CGI" in settlement.explain("fr")


@covers("§12 fee outside the scope of VAT")
def test_outside_scope_only_for_client_fees() -> None:
    order = make_order("new-30", client=CONSUMER, early_start=True, signed="2026-03-09")
    fee = cancel(make_order("new-30"), Notice(received_on="2026-02-01"), fee_vat="outside_scope")
    assert (fee.owed_excl_tax, fee.owed_vat, fee.fee_vat) == (
        Decimal("540.00"),
        Decimal("0.00"),
        "outside_scope",
    )
    assert "Conseil d'État 472257" in {c.source for c in fee.caveats}
    # a retraction's delivered share keeps its VAT (not a fee)
    retracted = cancel(order, Notice(received_on="2026-03-17"), fee_vat="outside_scope")
    assert retracted.status == "retracted" and retracted.owed > 0
    assert retracted.owed_vat > 0
    with pytest.raises(InvalidInputError) as error:
        cancel(order, Notice(received_on="2026-03-17"), fee_vat="exempt")  # type: ignore[arg-type]
    assert error.value.field == "fee_vat"


@settings(max_examples=200, deadline=None)
@given(
    price=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
    vat=st.sampled_from(["0", "0.021", "0.055", "0.085", "0.10", "0.20", "0.999"]),
    day=st.integers(min_value=0, max_value=120),
    postponement=st.booleans(),
)
def test_vat_split_always_adds_up(price: Decimal, vat: str, day: int, postponement: bool) -> None:
    order = make_order("legacy-15", price=str(price), vat=vat, paid=(("2026-01-05", "1.00"),))
    notice = Notice(received_on=date.fromordinal(date(2026, 1, 5).toordinal() + day))
    settlement = postpone(order, notice) if postponement else cancel(order, notice)
    assert settlement.owed_excl_tax + settlement.owed_vat == settlement.owed
    assert settlement.owed_vat >= 0


# --- §13 CPF ------------------------------------------------------------------------------------


@covers("§13 CPF orders")
@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_cpf_orders_are_outside_the_cgv(cgv: str) -> None:
    order = make_order(cgv, client=CONSUMER, channel="cpf")
    calls = [
        lambda: cancel(order, Notice(received_on="2026-02-01")),
        lambda: postpone(order, Notice(received_on="2026-02-01")),
        lambda: retraction_window(order),
        lambda: deposit_due(order),
        lambda: payment_due(order),
        # paid through the platform, whose conditions also set liability and forum (decisions)
        lambda: balance(order, "2026-03-01"),
        lambda: liability_cap(order),
        lambda: dispute_forum(order),
    ]
    for call in calls:
        with pytest.raises(OutsideCgvError) as error:
            call()
        assert error.value.code == "outside_cgv"
        assert "Mon Compte Formation (CPF)" in str(error.value)
        assert "general conditions" in str(error.value)
    milestones = timeline(order).milestones
    assert [m.on for m in milestones] == [date(2026, 1, 5), date(2026, 3, 16), date(2026, 3, 17)]


def test_free_text_is_never_rewritten() -> None:
    """Issue 10 item 9: names and invoice numbers appear exactly as given; only the library's
    own figures and dates are formatted, where they are produced."""
    from lexom_terms import Invoice, late_interest

    for number in ("2025-13-45", "2025-06-10", "FAC-1800.00"):
        invoice = Invoice(
            number=number,
            cgv="legacy-15",
            client=COMPANY,
            issued_on="2025-05-10",
            due_on="2025-06-10",
            amount_incl_tax="1800.00",
        )
        for lang in ("fr", "en"):
            text = late_interest(invoice, date(2025, 6, 9)).explain(lang)
            assert number in text
    fr = late_interest(invoice, date(2025, 6, 9)).explain("fr")
    assert fmt.day(date(2025, 6, 10)) in fr


def test_company_is_not_affected_by_the_new_rows() -> None:
    order = make_order("new-30", client=COMPANY)
    assert deposit_due(order).on == order.signed_on


@covers("§13 CPF orders")
def test_cli_shows_a_cpf_order_as_a_message_and_exits_2(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from lexom_terms.cli import main

    order = make_order("new-30", client=CONSUMER, channel="cpf")
    path = Path(str(tmp_path)) / "order.json"
    path.write_text(order.model_dump_json(), encoding="utf-8")
    assert main(["cancel", str(path), "--received", "2026-02-01"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Mon Compte Formation (CPF)" in captured.err
    assert "Traceback" not in captured.err


@covers("§6 provider notice after start", boundary=True)
def test_boundary_sentences_are_true_for_every_date_they_name() -> None:
    """Issue 10 item 4: with pro-rata steps (a provider stopping the training), "a notice
    received on or after 17 March would have cost 900.00" is false for 18 March and later (the
    whole training given, another figure): the sentence names 17 March only."""
    order = make_order("legacy-15", paid=(("2026-01-05", "1800.00"),))
    notice = Notice(received_on="2026-03-10", by="provider", reason="force_majeure")
    settlement = cancel(order, notice)
    (boundary,) = settlement.boundaries
    assert (boundary.on, boundary.through, boundary.owed) == (
        date(2026, 3, 17),
        date(2026, 3, 17),
        Decimal("900.00"),
    )
    assert boundary.source == "Code du travail L6354-1"
    assert "on 2026-03-17 would have cost 900.00" in boundary.text
    assert "une demande reçue le 17 mars 2026 aurait donné" in settlement.explain("fr")
    later = cancel(order, notice.model_copy(update={"received_on": date(2026, 3, 18)}))
    assert later.owed != boundary.owed  # the day after the date named: another answer


@covers("§11 public buyer fees")
def test_compare_regimes_works_unchanged_for_a_public_buyer() -> None:
    from lexom_terms import compare_regimes

    paid = (("2026-01-05", "540.00"),)
    company = make_order("legacy-15", paid=paid)
    state = make_order("legacy-15", client=STATE, paid=paid)
    for day in ("2026-02-01", "2026-03-02", "2026-03-16"):
        notice = Notice(received_on=day)
        ours, theirs = compare_regimes(state, notice), compare_regimes(company, notice)
        assert (ours.legacy.owed, ours.new.owed) == (theirs.legacy.owed, theirs.new.owed)
    # without any payment, legacy step 4 (deposit not paid) never applies to a public buyer
    unpaid = compare_regimes(
        make_order("legacy-15", client=STATE), Notice(received_on="2026-03-01")
    )
    assert unpaid.legacy.owed == Decimal("540.00")
