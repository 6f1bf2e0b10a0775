"""RULEBOOK §1 quote validity, §2 deposit, §7 payment terms, §8 OPCO, §10 other clauses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import (
    Client,
    InvalidInputError,
    Notice,
    OpcoFunding,
    Payment,
    balance,
    cancel,
    data_retention_until,
    deposit_due,
    dispute_forum,
    liability_cap,
    payment_due,
    postpone,
    quote_expires_on,
    resolution_opens_on,
    timeline,
)
from lexom_terms.cgv import legacy_15, new_30

from ..conftest import COMPANY, CONSUMER, FOREIGN_COMPANY, SOLE_TRADER, make_order
from .support import covers

T = Decimal("1800.00")


@covers("§1 quote validity", boundary=True)
def test_quote_validity_is_30_days() -> None:
    assert quote_expires_on(date(2026, 1, 1)) == date(2026, 1, 31)
    assert quote_expires_on(date(2026, 2, 1)) == date(2026, 3, 3)
    assert legacy_15.quote_expires_on is new_30.quote_expires_on


@covers("§1 acceptance after expiry", boundary=True)
def test_acceptance_on_day_31_is_refused() -> None:
    make_order(quote_issued_on="2025-12-06")  # + 30 = 5 January: accepted
    with pytest.raises(ValueError, match="after the quote's validity"):
        make_order(quote_issued_on="2025-12-05")


# --- §2 deposit --------------------------------------------------------------------------------


@covers("§2 deposit due", "§2 deposit amount")
@pytest.mark.parametrize(
    ("cgv", "source"), [("legacy-15", "legacy-15 §2.1"), ("new-30", "new-30 §2.2")]
)
def test_deposit_due_with_the_signature(cgv: str, source: str) -> None:
    due = deposit_due(make_order(cgv))
    assert (due.amount, due.on) == (Decimal("540.00"), date(2026, 1, 5))
    assert due.citations[0].source == source


@covers("§2 deposit deferred by a window", boundary=True)
@pytest.mark.parametrize(
    ("cgv", "client", "on"),
    [
        # Issue 10 item 1: L6353-6 defers only until the 10-day window closes (last day 12
        # March), not the 14-day consumer window (16 March) of a distance order.
        ("new-30", CONSUMER, date(2026, 3, 13)),
        ("legacy-15", CONSUMER, date(2026, 3, 13)),
        ("legacy-15", SOLE_TRADER, date(2026, 3, 13)),  # 10 days: last day 12 March
    ],
)
def test_deposit_due_the_day_after_the_window(cgv: str, client: Client, on: date) -> None:
    due = deposit_due(make_order(cgv, client=client, signed="2026-03-02", start="2026-04-20"))
    assert (due.amount, due.on) == (Decimal("540.00"), on)
    assert due.citations[0].source == "Code du travail L6353-6"


@covers("§2 deposit deferred by a window", boundary=True)
def test_deposit_l6353_6_case_of_issue_10() -> None:
    """Signed Monday 5 January 2026 at a distance: the 10-day window ends Thursday 15 January,
    so the deposit falls due Friday 16 January (not 20 January, after the 14-day window)."""
    due = deposit_due(make_order("new-30", client=CONSUMER, signed="2026-01-05"))
    assert due.on == date(2026, 1, 16)


@covers("§2 deposit deferred by a window", boundary=True)
def test_legacy_website_order_keeps_its_14_days() -> None:
    """legacy §2.1: "aucune somme ne peut être exigée" during the 14 days of a website order:
    the later of that and the L6353-6 date."""
    order = make_order(
        "legacy-15", client=CONSUMER, signed="2026-03-02", start="2026-04-20", channel="website"
    )
    due = deposit_due(order)
    assert due.on == date(2026, 3, 17)
    assert due.citations[0].source == "legacy-15 §2.1"


@covers("§2 deposit due", "§2 deposit deferred by a window")
def test_opco_funded_consumer_gets_no_l6353_6_deferral() -> None:
    """No L6353-3 training contract when an OPCO pays: the deposit is due at signature."""
    funding = OpcoFunding(opco="Atlas", requested_on="2026-01-05")
    for cgv in ("legacy-15", "new-30"):
        due = deposit_due(make_order(cgv, client=CONSUMER, funding=funding))
        assert due.on == date(2026, 1, 5)
        assert all(c.source != "Code du travail L6353-6" for c in due.citations)


@covers("§2 deposit amount")
def test_deposit_rounds_half_up() -> None:
    order = make_order(price="1234.55", vat="0")  # 30 % = 370.365 → 370.37
    assert order.deposit_amount == Decimal("370.37")


# --- §7 payment terms --------------------------------------------------------------------------


@covers("§7 payment due", boundary=True)
@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_payment_due_at_the_end_on_receipt(cgv: str) -> None:
    order = make_order(cgv, paid=(("2026-01-05", "540.00"),))
    assert payment_due(order).on == date(2026, 3, 17)
    assert payment_due(order).amount == T - Decimal("540.00")
    assert payment_due(order, date(2026, 3, 20)).on == date(2026, 3, 20)
    assert payment_due(order, date(2026, 3, 10)).on == date(2026, 3, 17)


@covers("§7 foreign prepayment", boundary=True)
def test_new_30_foreign_client_prepays() -> None:
    order = make_order("new-30", client=FOREIGN_COMPANY)
    due = payment_due(order)
    assert (due.on, due.amount) == (date(2026, 3, 15), T)
    assert new_30.foreign_prepayment_check(order) == (date(2026, 2, 16), date(2026, 2, 17))
    labels = [m.source for m in timeline(order).milestones]
    assert labels.count("new-30 §3.2") >= 3


@covers("§7 foreign prepayment", boundary=True)
def test_prepayment_check_clips_to_month_end() -> None:
    order = make_order("new-30", client=FOREIGN_COMPANY, signed="2026-01-05", start="2026-03-31")
    assert new_30.foreign_prepayment_check(order) == (date(2026, 2, 28), date(2026, 3, 1))


@covers("§7 foreign prepayment")
def test_legacy_foreign_client_pays_at_the_end() -> None:
    order = make_order("legacy-15", client=FOREIGN_COMPANY)
    assert payment_due(order).on == date(2026, 3, 17)


@covers("§7 foreign self-funded natural person")
def test_foreign_self_funded_trainee_is_protected() -> None:
    trainee = Client(name="Hans Maier", kind="natural_person", country="DE")
    order = make_order("new-30", client=trainee)
    assert payment_due(order).on == date(2026, 3, 17)
    assert new_30.foreign_prepayment_check(order) is None


# --- §8 OPCO -----------------------------------------------------------------------------------


def funded(**kw: object) -> object:
    base: dict[str, object] = {"opco": "Atlas", "requested_on": "2026-01-10"}
    base.update(kw)
    return make_order("legacy-15", funding=OpcoFunding.model_validate(base))


@covers("§8 request after the start", boundary=True)
def test_request_after_the_start_is_ignored() -> None:
    late = funded(requested_on="2026-03-17", approved_on="2026-03-18", approved_amount="1000")
    on_time = funded(requested_on="2026-03-16", approved_on="2026-03-18", approved_amount="1000")
    assert balance(late, date(2026, 3, 20)).funder_share == Decimal("0.00")  # type: ignore[arg-type]
    assert balance(on_time, date(2026, 3, 20)).funder_share == Decimal("1000.00")  # type: ignore[arg-type]


@covers("§8 before approval", boundary=True)
def test_no_share_before_approval() -> None:
    order = funded(approved_on="2026-02-01", approved_amount="1000")
    before = balance(order, date(2026, 1, 31))  # type: ignore[arg-type]
    after = balance(order, date(2026, 2, 1))  # type: ignore[arg-type]
    assert (before.funder_share, before.client_share) == (Decimal("0.00"), T)
    assert (after.funder_share, after.client_share) == (Decimal("1000.00"), Decimal("800.00"))


@covers("§8 approved share", boundary=True)
@pytest.mark.parametrize(
    ("approved", "share"),
    [
        ("2500.00", "1800.00"),
        ("1800.01", "1800.00"),
        ("1800.00", "1800.00"),
        ("1799.99", "1799.99"),
    ],
)
def test_share_capped_at_the_total(approved: str, share: str) -> None:
    order = funded(approved_on="2026-02-01", approved_amount=approved)
    split = balance(order, date(2026, 3, 1))  # type: ignore[arg-type]
    assert split.funder_share == Decimal(share)
    assert split.client_share == T - Decimal(share)


@covers("§8 OPCO deadline", boundary=True)
def test_after_the_deadline_the_client_owes_what_the_opco_did_not_pay() -> None:
    order = funded(
        approved_on="2026-02-01",
        approved_amount="1000",
        payments=[{"on": "2026-04-01", "amount": "400"}],
    )
    on_deadline = balance(order, date(2026, 4, 17))  # type: ignore[arg-type]
    after = balance(order, date(2026, 4, 18))  # type: ignore[arg-type]
    assert on_deadline.opco_deadline == date(2026, 4, 17)
    assert (on_deadline.funder_share, on_deadline.funder_outstanding) == (
        Decimal("1000.00"),
        Decimal("600.00"),
    )
    assert (after.funder_share, after.client_share) == (Decimal("400.00"), Decimal("1400.00"))
    assert after.funder_outstanding == Decimal("0.00")


@covers("§8 OPCO deadline", boundary=True)
def test_deadline_clips_to_month_end() -> None:
    order = make_order(
        "new-30",
        start="2026-01-29",
        end="2026-01-30",
        signed="2026-01-05",
        funding=OpcoFunding(opco="Atlas", requested_on="2026-01-10"),
    )
    assert balance(order, date(2026, 2, 1)).opco_deadline == date(2026, 2, 28)
    order31 = make_order(
        "new-30",
        start="2026-01-30",
        end="2026-02-02",
        signed="2026-01-05",
        funding=OpcoFunding(opco="Atlas", requested_on="2026-01-10"),
    )
    assert balance(order31, date(2026, 2, 1)).opco_deadline == date(2026, 3, 2)


@covers("§8 approved share")
def test_client_payments_and_shares_add_up() -> None:
    order = make_order(
        "legacy-15",
        paid=(("2026-03-17", "800"),),
        funding=OpcoFunding(
            opco="Atlas",
            requested_on="2026-01-10",
            approved_on="2026-02-01",
            approved_amount="1000",
            payments=(Payment(on="2026-04-02", amount="1000"),),
        ),
    )
    split = balance(order, date(2026, 5, 1))
    assert split.funder_share + split.client_share == split.total
    assert (split.client_outstanding, split.funder_outstanding) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert payment_due(order).amount == Decimal("0.00")


@covers("§8 fees are the client's")
def test_fees_are_the_clients_even_with_an_opco() -> None:
    order = make_order(
        "new-30",
        funding=OpcoFunding(
            opco="Atlas",
            requested_on="2026-01-10",
            approved_on="2026-02-01",
            approved_amount="1800",
        ),
    )
    settlement = cancel(order, Notice(received_on="2026-02-01"))
    assert settlement.to_pay == Decimal("540.00")
    assert "new-30 §3.3" in [c.source for c in settlement.citations]
    legacy = make_order("legacy-15", paid=(("2026-01-05", "540"),), funding=order.funding)
    moved = postpone(legacy, Notice(received_on="2026-02-01"), date(2026, 5, 4))
    # each source is cited once (issue 21 item 10): the OPCO note joins the §3.6 citation
    opco = [c for c in moved.citations if c.source == "legacy-15 §3.6"]
    assert len(opco) == 1 and "OPCO" in opco[0].text and "OPCO" in opco[0].text_fr


# --- §10 ---------------------------------------------------------------------------------------


@covers("§10 resolution", boundary=True)
def test_resolution_opens_nine_days_after_the_formal_notice() -> None:
    assert resolution_opens_on(date(2026, 2, 20)) == date(2026, 3, 1)
    assert resolution_opens_on(date(2024, 2, 21)) == date(2024, 3, 1)


@covers("§10 liability cap")
def test_liability_cap() -> None:
    assert liability_cap(make_order("legacy-15")).amount == T
    assert liability_cap(make_order("new-30", client=COMPANY)).amount == T
    consumer = liability_cap(make_order("new-30", client=CONSUMER))
    assert consumer.amount is None
    assert "aucun montant contractuel" in consumer.explain()


@covers("§10 non-solicitation")
def test_non_solicitation_penalty() -> None:
    assert legacy_15.non_solicitation_penalty(Decimal("4250.50")).amount == Decimal("51006.00")
    assert new_30.non_solicitation_penalty(
        subcontracted_revenue=Decimal("12000")
    ).amount == Decimal("12000.00")
    with pytest.raises(InvalidInputError, match="exactly one"):
        legacy_15.non_solicitation_penalty()
    with pytest.raises(InvalidInputError, match="float"):
        legacy_15.non_solicitation_penalty(4250.5)  # type: ignore[arg-type]


@covers("§10 data retention", boundary=True)
def test_data_retention() -> None:
    assert data_retention_until("legacy-15", date(2024, 2, 29)) == date(2029, 2, 28)
    assert data_retention_until("legacy-15", date(2026, 3, 17)) == date(2031, 3, 17)
    assert data_retention_until("new-30", date(2026, 3, 17)) is None


@covers("§10 forum")
def test_dispute_forum() -> None:
    assert "Tribunal de commerce d'Aubenas" in dispute_forum(make_order("legacy-15")).text
    assert "CNPM" in dispute_forum(make_order("legacy-15", client=CONSUMER)).text
    assert dispute_forum(make_order("new-30")).source == "new-30 §5.3"
    assert "MED CONSO DEV" in dispute_forum(make_order("new-30", client=CONSUMER)).text


def test_timeline_is_sorted_and_cites_each_milestone() -> None:
    order = make_order(
        "legacy-15",
        client=CONSUMER,
        quote_issued_on="2025-12-20",
        funding=OpcoFunding(opco="Atlas", requested_on="2026-01-10"),
    )
    milestones = timeline(order).milestones
    assert [m.on for m in milestones] == sorted(m.on for m in milestones)
    assert all(m.source for m in milestones)
    labels = {m.label for m in milestones}
    assert {"signature", "session start", "session end", "last day to accept the quote"} <= labels
    assert any("six-month horizon" in label for label in labels)
    assert any("OPCO" in label for label in labels)


def test_reduced_fee_milestone_omitted_when_before_signature() -> None:
    order = make_order("new-30", signed="2026-03-01")  # start − 30 days = 14 February
    assert not any("30 %" in m.label for m in timeline(order).milestones)
