"""Issue 21, "wrong or inconsistent today": each numbered item, at its boundary days. Every test
here failed before the correction (the figure or the field it asserts was different).

Facts unless a test says otherwise: a company, session 16–17 March 2026, T = 1 800.00, signed
5 January 2026 (legacy six-month horizon: 5 July 2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import (
    Client,
    Notice,
    cancel,
    dispute_forum,
    liability_cap,
    payment_due,
    postpone,
    retraction_window,
)

from ..conftest import CONSUMER, make_order
from .support import assert_arithmetic, covers

D = date.fromisoformat
T = Decimal("1800.00")
NON_PROFESSIONAL = Client(name="Association des Amis", kind="legal_person", professional=False)
STATE = Client(name="Ville de Privas", kind="legal_person", public_buyer="state")


# --- item 1: legacy postponement with an unpaid deposit (RULEBOOK §5 legacy step 3) -------------


@covers("§5 legacy-15 unpaid deposit", boundary=True)
def test_nothing_paid_request_with_a_date_past_the_horizon_owes_nothing() -> None:
    """RULEBOOK §5's example: nothing paid, request 1 February 2026, new start 3 August 2026
    (after the horizon): 0.00 owed (not 1 800.00), the new session owed 1 800.00."""
    order = make_order("legacy-15")
    s = postpone(order, Notice(received_on="2026-02-01"), "2026-08-03")
    assert (s.status, s.owed, s.new_session_owed) == ("postponed", Decimal("0.00"), T)
    assert s.decided_by == "legacy-15 §2.2"
    assert (s.due_on, s.escalates_on, s.owed_after_escalation) == (None, None, None)
    assert s.to_refund == 0 and s.credited == 0
    assert_arithmetic(order, s)


@covers("§5 legacy-15 unpaid deposit")
@pytest.mark.parametrize("new_start", [None, "2026-05-04", "2026-07-05", "2026-07-06"])
def test_unpaid_deposit_owes_the_proposal_cost_whatever_the_new_date(new_start: str | None) -> None:
    """No horizon and no escalation, with or without a new date; the proposal cost is due on
    receipt, VAT included; payments above it are credited."""
    order = make_order("legacy-15", paid=(("2026-01-20", "500.00"),))
    s = postpone(order, Notice(received_on="2026-02-01"), new_start, proposal_cost=Decimal("120"))
    assert (s.status, s.owed, s.due_on) == ("postponed", Decimal("120.00"), D("2026-02-01"))
    assert (s.new_session_owed, s.credited, s.escalates_on) == (T, Decimal("380.00"), None)
    assert (s.owed_excl_tax, s.owed_vat) == (Decimal("100.00"), Decimal("20.00"))
    assert s.decided_by == "legacy-15 §2.2"
    assert_arithmetic(order, s)


@covers("§5 legacy-15 unpaid deposit", "§5 legacy-15 after six months", boundary=True)
def test_the_deposit_reached_on_the_request_day_is_the_boundary() -> None:
    """540.00 received on the request's day: the deposit was paid, §3.6 keeps the total for a date
    past the horizon; 539.99, or 540.00 received the day after: the deposit is unpaid."""
    notice, later = Notice(received_on="2026-02-01"), "2026-08-03"
    paid = make_order("legacy-15", paid=(("2026-02-01", "540.00"),))
    assert postpone(paid, notice, later).owed == T
    short = make_order("legacy-15", paid=(("2026-02-01", "539.99"),))
    assert postpone(short, notice, later).owed == Decimal("0.00")
    late = make_order("legacy-15", paid=(("2026-02-02", "540.00"),))
    assert postpone(late, notice, later).owed == Decimal("0.00")


@covers("§5 legacy-15 unpaid deposit")
def test_unpaid_deposit_waived_and_consumer_caveat_and_public_buyer() -> None:
    order = make_order("legacy-15")
    notice = Notice(received_on="2026-02-01")
    waived = postpone(order, notice, "2026-08-03", waive_fee=True, proposal_cost=Decimal("120"))
    assert (waived.owed, waived.decided_by) == (Decimal("0.00"), "legacy-15 §3.6")
    # a consumer past the windows, with a proposal cost: the R212-2 caveat (RULEBOOK §4)
    consumer = make_order("legacy-15", client=CONSUMER)
    s = postpone(consumer, notice, "2026-08-03", proposal_cost=Decimal("120"))
    assert s.owed == Decimal("120.00")
    assert "Code de la consommation R212-2" in {c.source for c in s.caveats}
    assert not postpone(consumer, notice, "2026-08-03").caveats
    # never for a public buyer, who owed no deposit (RULEBOOK §11): §3.6 applies
    public = make_order("legacy-15", client=STATE)
    assert postpone(public, notice, "2026-08-03").owed == T


def test_the_request_on_the_start_day_still_owes_the_total_deposit_unpaid() -> None:
    """Step 2 comes before step 3: on or after the start the total is kept."""
    s = postpone(make_order("legacy-15"), Notice(received_on="2026-03-16"), "2026-05-04")
    assert (s.owed, s.new_session_owed, s.decided_by) == (T, Decimal("0.00"), "legacy-15 §3.6")


# --- item 4: a legal person is never a consumer (RULEBOOK §0, §10) -------------------------------


def test_a_non_professional_legal_person_is_not_a_consumer() -> None:
    assert NON_PROFESSIONAL.is_consumer is False
    assert NON_PROFESSIONAL.is_professional is False
    assert Client(name="X", kind="legal_person").is_professional is True
    assert CONSUMER.is_consumer is True and CONSUMER.is_professional is False
    sole = Client(name="Y EI", kind="natural_person", professional=True)
    assert (sole.is_consumer, sole.is_professional) == (False, True)


@covers("§10 forum")
@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_a_non_professional_legal_person_has_the_statutory_forum_without_mediator(cgv: str) -> None:
    order = make_order(cgv, client=NON_PROFESSIONAL)
    forum = dispute_forum(order)
    assert forum.source == "Code de procédure civile 48"
    assert "médiateur" not in forum.text_fr.split(";")[0]
    assert "MED CONSO DEV" not in forum.text and "CNPM" not in forum.text
    # still no contractual cap, and no window (RULEBOOK §0)
    assert liability_cap(order).amount is None
    assert retraction_window(order) is None


# --- item 5: refund_due_on outside the withdrawal windows (RULEBOOK §6, §19) --------------------


def test_a_client_cancellation_leaving_a_surplus_refunds_on_receipt() -> None:
    """Full prepayment, legacy cancellation 15 days before: 540.00 kept, 1 260.00 refunded on
    the day the notice is received."""
    order = make_order("legacy-15", paid=(("2026-01-05", "1800.00"),))
    s = cancel(order, Notice(received_on="2026-03-01"))
    assert (s.owed, s.to_refund, s.refund_due_on) == (
        Decimal("540.00"),
        Decimal("1260.00"),
        D("2026-03-01"),
    )
    # nothing refunded: None
    assert cancel(make_order("legacy-15"), Notice(received_on="2026-03-01")).refund_due_on is None


@pytest.mark.parametrize("reason", ["trainer_absence", "other", "force_majeure"])
def test_a_provider_cancellation_refunds_at_once(reason: str) -> None:
    order = make_order("new-30", paid=(("2026-01-05", "540.00"),))
    s = cancel(order, Notice(received_on="2026-03-10", by="provider", reason=reason))
    assert (s.to_refund, s.refund_due_on) == (Decimal("540.00"), D("2026-03-10"))


def test_a_refused_request_refunds_its_surplus_on_receipt_and_a_postponement_credits() -> None:
    order = make_order("legacy-15", paid=(("2026-01-05", "1900.00"),), fmt="intra")
    refused = postpone(order, Notice(received_on="2026-02-20", reason="trainee_absence"))
    assert (refused.status, refused.to_refund, refused.refund_due_on) == (
        "refused",
        Decimal("100.00"),
        D("2026-02-20"),
    )
    moved = postpone(
        make_order("legacy-15", paid=(("2026-01-05", "1800.00"),)),
        Notice(received_on="2026-02-20"),
        "2026-05-04",
    )
    assert (moved.credited, moved.refund_due_on) == (Decimal("1260.00"), None)


# --- item 6: a public buyer's delivered share after LEXOM's interruption (RULEBOOK §11) ---------


@pytest.mark.parametrize(
    ("buyer", "due"),
    [("state", "2026-04-16"), ("health", "2026-05-06"), ("public_undertaking", "2026-05-16")],
)
def test_a_public_buyers_delivered_share_is_due_within_its_period(buyer: str, due: str) -> None:
    """Training 16–17 March, LEXOM interrupts it on 17 March: one day of two given, 900.00,
    payable on 17 March + 30 / 50 / 60 days at the earliest."""
    client = Client(name="Hôpital", kind="legal_person", public_buyer=buyer)
    order = make_order("new-30", client=client)
    s = cancel(order, Notice(received_on="2026-03-17", by="provider", reason="trainer_absence"))
    assert (s.status, s.owed, s.due_on) == ("cancelled_by_provider", Decimal("900.00"), D(due))
    assert s.decided_by == "Code du travail L6354-1"
    assert s.citations[-1].source.startswith("Code de la commande publique R2192-1")
    # a company: on receipt
    company = cancel(make_order("new-30"), Notice(received_on="2026-03-17", by="provider"))
    assert company.due_on == D("2026-03-17")


# --- item 9: invoice_sent_on for a private client (RULEBOOK §7) ---------------------------------


def test_a_private_clients_invoice_is_due_no_earlier_than_it_was_sent() -> None:
    order = make_order("legacy-15")  # session ends 17 March
    assert payment_due(order, invoice_sent_on="2026-03-20").on == D("2026-03-20")
    assert payment_due(order, invoice_sent_on="2026-03-17").on == D("2026-03-17")
    assert payment_due(order, invoice_sent_on="2026-03-10").on == D("2026-03-17")
    # a recorded receipt wins over the sending date (no + 2 days for a private client)
    assert payment_due(order, "2026-03-18", invoice_sent_on="2026-03-25").on == D("2026-03-18")
    # a foreign new-30 client prepays: both dates ignored
    foreign = make_order(
        "new-30", client=Client(name="ACME SPRL", kind="legal_person", country="BE")
    )
    assert payment_due(foreign, invoice_sent_on="2026-03-20").on == D("2026-03-15")


# --- item 7: a Factur-X BT-9 before a public buyer's statutory date (RULEBOOK §21) -------------


@pytest.mark.parametrize(
    ("bt9", "expected", "from_bt9"),
    [
        ("2026-10-15", "2026-11-01", False),  # before issue + 2 + 30: the statutory date
        ("2026-10-31", "2026-11-01", False),  # the day before the statutory date
        ("2026-11-01", "2026-11-01", True),  # the statutory date itself
        ("2026-11-20", "2026-11-20", True),  # later: BT-9
    ],
)
def test_a_public_buyers_bt9_never_precedes_its_statutory_date(
    bt9: str, expected: str, from_bt9: bool
) -> None:
    pytest.importorskip("facturx")
    from lexom_terms import read_invoice_xml
    from tests.test_ledger_facturx import cii

    mairie = Client(name="Mairie", kind="legal_person", public_buyer="state")
    xml = cii("F-1", "380", D("2026-09-30"), "1200.00", due=D(bt9))
    read = read_invoice_xml(xml, cgv="legacy-15", client=mairie)
    assert read.due_on == D(expected)
    assert (read.due_from == "BT-9") is from_bt9
    # a company: BT-9 as written
    company = read_invoice_xml(xml, cgv="legacy-15", client=Client(name="A", kind="legal_person"))
    assert company.due_on == D(bt9)


# --- item 8: no VAT caveat at rate 0 under outside_scope (RULEBOOK §12) ------------------------


def test_an_outside_scope_fee_at_rate_zero_has_no_caveat_and_says_outside_scope() -> None:
    exempt = make_order("new-30", vat="0")
    s = cancel(exempt, Notice(received_on="2026-02-01"), fee_vat="outside_scope")
    assert s.caveats == ()
    assert "Hors champ de la TVA (indemnité)" in s.explain("fr")
    assert "Exonération" not in s.explain("fr")
    plain = cancel(exempt, Notice(received_on="2026-02-01"))
    assert "Exonération de TVA — article 261-4-4° a du CGI." in plain.explain("fr")
    assert (plain.owed_excl_tax, s.owed_excl_tax) == (s.owed, s.owed)  # same figures
    # at 20 % the caveat stays
    taxed = cancel(make_order("new-30"), Notice(received_on="2026-02-01"), fee_vat="outside_scope")
    assert [c.source for c in taxed.caveats] == ["Conseil d'État 472257"]


# --- item 10: citations (RULEBOOK §0, §3, §5, §11) ----------------------------------------------


def _sources(citations: tuple[object, ...]) -> list[str]:
    return [c.source for c in citations]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("received", "second"),
    [
        ("2026-03-16", "Code de la commande publique R2192-13"),  # before the end (17 March)
        ("2026-03-17", "Code de la commande publique R2192-12"),  # on the end day
        ("2026-03-18", "Code de la commande publique R2192-12"),
    ],
)
def test_a_public_buyer_due_cites_r2192_13_when_the_training_ends_later(
    received: str, second: str
) -> None:
    order = make_order("new-30", client=STATE)
    due = payment_due(order, received)
    assert _sources(due.citations)[:2] == ["Code de la commande publique R2192-10", second]
    assert due.on == max(D(received), D("2026-03-17")) + (D("2026-04-16") - D("2026-03-17"))


def test_the_timeline_earliest_public_payment_cites_r2192_13() -> None:
    from lexom_terms import timeline

    order = make_order("new-30", client=STATE)
    earliest = [
        m for m in timeline(order).milestones if m.label.startswith("payment due at the earliest")
    ]
    assert [m.source for m in earliest] == ["Code de la commande publique R2192-13"]


def test_no_settlement_cites_a_source_twice() -> None:
    """The three cases of the issue: a new-30 public postponement (§3.6 and R2192-10), a
    provider interruption for another reason (Code civil 1229), a training withdrawal
    (L6353-5)."""
    public = postpone(
        make_order("new-30", client=STATE), Notice(received_on="2026-02-01"), "2026-05-04"
    )
    interrupted = cancel(
        make_order("legacy-15"), Notice(received_on="2026-03-17", by="provider", reason="other")
    )
    sole = Client(name="Paul Durand EI", kind="natural_person", professional=True)
    withdrawn = cancel(
        make_order("legacy-15", client=sole, signed="2026-03-02"), Notice(received_on="2026-03-05")
    )
    for s in (public, interrupted, withdrawn):
        sources = _sources(s.citations)
        assert len(sources) == len(set(sources)), sources
    assert {"new-30 §3.6", "Code de la commande publique R2192-10"} <= set(
        _sources(public.citations)
    )
    assert "Code civil 1229" in _sources(interrupted.citations)
    assert withdrawn.status == "retracted" and "Code du travail L6353-5" in _sources(
        withdrawn.citations
    )
    # nothing said is lost: the second sentence joins the first
    l6353 = next(c for c in withdrawn.citations if c.source == "Code du travail L6353-5")
    assert "10 days" in l6353.text and "registered letter" in l6353.text


@pytest.mark.parametrize(
    ("client", "channel", "clause"),
    [
        (CONSUMER, "website", "legacy-15 §2.1"),
        (CONSUMER, "direct", "Code de la consommation L221-18"),
        (
            Client(name="Paul Durand EI", kind="natural_person", professional=True),
            "direct",
            "Code du travail L6353-5",
        ),
    ],
)
def test_a_legacy_postponement_inside_a_window_cites_the_windows_clause(
    client: Client, channel: str, clause: str
) -> None:
    order = make_order(
        "legacy-15", client=client, channel=channel, signed="2026-03-02", start="2026-04-20"
    )
    s = postpone(order, Notice(received_on="2026-03-05"), "2026-06-01")
    assert (s.status, s.owed, s.decided_by) == ("postponed", Decimal("0.00"), clause)
    sources = _sources(s.citations)
    assert sources[0] == clause and "legacy-15 §3" not in sources
    assert len(sources) == len(set(sources))


# --- item 12: per-version helpers on a CPF order (RULEBOOK §13) ---------------------------------


def test_the_foreign_prepayment_check_refuses_a_cpf_order() -> None:
    """new-30 §3.2's prepayment check is a CGV payment term: on a CPF order the platform's
    conditions govern (OutsideCgvError, code outside_cgv). The two plain date helpers RULEBOOK
    §13 names (reduced_fee_last_day, legacy postponement_horizon) do not check the channel."""
    from lexom_terms import OutsideCgvError
    from lexom_terms.cgv import legacy_15, new_30

    foreign = Client(name="ACME SPRL", kind="legal_person", country="BE")
    cpf = make_order("new-30", client=foreign, channel="cpf")
    with pytest.raises(OutsideCgvError) as error:
        new_30.foreign_prepayment_check(cpf)
    assert (error.value.field, error.value.code) == ("order.channel", "outside_cgv")
    direct = make_order("new-30", client=foreign)
    assert new_30.foreign_prepayment_check(direct) == (D("2026-02-16"), D("2026-02-17"))
    assert new_30.reduced_fee_last_day(cpf) == D("2026-02-14")
    legacy_cpf = make_order("legacy-15", channel="cpf")
    assert legacy_15.postponement_horizon(legacy_cpf) == D("2026-07-05")


# --- RULEBOOK §20: the public contract's own terms may set the CGV's fees aside ---------------


@pytest.mark.parametrize(
    ("cgv", "run"),
    [
        ("legacy-15", lambda o: cancel(o, Notice(received_on="2026-03-01"))),
        ("new-30", lambda o: cancel(o, Notice(received_on="2026-01-20"))),
        ("new-30", lambda o: postpone(o, Notice(received_on="2026-02-01"), "2026-05-04")),
        ("legacy-15", lambda o: postpone(o, Notice(received_on="2026-02-01"))),
        ("new-30", lambda o: cancel(o, Notice(received_on="2026-03-10", by="provider"))),
        ("legacy-15", lambda o: cancel(o, Notice(received_on="2026-03-01", written=False))),
    ],
)
def test_every_public_settlement_carries_the_contract_terms_caveat(cgv: str, run: object) -> None:
    s = run(make_order(cgv, client=STATE))  # type: ignore[operator]
    terms = [c for c in s.caveats if c.source == "Code de la commande publique R2112-2"]
    assert len(terms) == 1 and "CCAP" in terms[0].text and "CCAG" in terms[0].text_fr
    company = run(make_order(cgv))  # type: ignore[operator]
    assert not any(c.source == "Code de la commande publique R2112-2" for c in company.caveats)
