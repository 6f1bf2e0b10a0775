"""RULEBOOK §20 — public buyers on Chorus Pro: the period interrupted once (R2192-27 to R2192-29),
the quadrennial lapse, the public contract's own terms.

Facts: training 16–17 March 2026, 1 800.00 TTC; the payment request is notified on Chorus Pro on
Wednesday 18 March 2026 (state: due 17 April; health: 7 May; public undertaking: 17 May)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import Client, InvalidInputError, late_interest, payment_due

from ..conftest import make_order
from .support import covers

D = date.fromisoformat
RECEIVED = D("2026-03-18")


def buyer(kind: str) -> Client:
    return Client(name="Préfecture de l'Ardèche", kind="legal_person", public_buyer=kind)


@covers("§20 interruption of the period", boundary=True)
@pytest.mark.parametrize(
    ("kind", "interrupted", "completed", "due"),
    [
        ("state", None, None, "2026-04-17"),
        ("state", "2026-03-30", "2026-04-07", "2026-05-07"),  # RULEBOOK: 18 days left → 30
        ("health", "2026-03-30", "2026-04-07", "2026-05-15"),  # RULEBOOK: 38 days left
        ("public_undertaking", "2026-03-30", "2026-04-07", "2026-05-25"),  # 48 days left
        ("state", "2026-03-18", "2026-04-07", "2026-05-07"),  # on the receipt day: 30 left
        ("state", "2026-04-17", "2026-04-20", "2026-05-20"),  # the period's last day: 0 left
        ("health", "2026-05-01", "2026-05-04", "2026-06-03"),  # 6 days left: 30, not 50
        ("state", "2026-04-01", "2026-04-01", "2026-05-01"),  # completed the same day
    ],
)
def test_the_period_interrupted_once(
    kind: str, interrupted: str | None, completed: str | None, due: str
) -> None:
    order = make_order("new-30", client=buyer(kind))
    found = payment_due(order, RECEIVED, interrupted_on=interrupted, completed_on=completed)
    assert (found.on, found.amount) == (D(due), Decimal("1800.00"))
    sources = [c.source for c in found.citations]
    assert ("Code de la commande publique R2192-29" in sources) is (interrupted is not None)
    assert found.caveats == ()


@covers("§20 interruption of the period", boundary=True)
@pytest.mark.parametrize(
    ("interrupted", "completed", "field", "code"),
    [
        ("2026-03-17", "2026-04-07", "interrupted_on", "interruption_out_of_period"),
        ("2026-04-18", "2026-04-20", "interrupted_on", "interruption_out_of_period"),
        ("2026-03-30", None, "completed_on", "interruption_not_completed"),
        (None, "2026-04-07", "interrupted_on", "completion_without_interruption"),
        ("2026-03-30", "2026-03-29", "completed_on", "completed_before_interruption"),
    ],
)
def test_an_interruption_outside_the_period_or_incomplete_is_refused(
    interrupted: str | None, completed: str | None, field: str, code: str
) -> None:
    order = make_order("new-30", client=buyer("state"))
    with pytest.raises(InvalidInputError) as error:
        payment_due(order, RECEIVED, interrupted_on=interrupted, completed_on=completed)
    assert (error.value.field, error.value.code) == (field, code)


def test_a_deemed_receipt_is_the_start_of_the_period_an_interruption_may_follow() -> None:
    """Sent 16 March: deemed received 18 March (R2192-14); interrupted that day."""
    order = make_order("new-30", client=buyer("state"))
    found = payment_due(
        order, invoice_sent_on="2026-03-16", interrupted_on="2026-03-18", completed_on="2026-03-20"
    )
    assert found.on == D("2026-04-19")


@pytest.mark.parametrize(
    ("interrupted", "completed"), [("2026-03-30", "2026-04-07"), ("2026-03-30", None)]
)
def test_a_private_client_ignores_an_interruption_and_says_so(
    interrupted: str, completed: str | None
) -> None:
    order = make_order("new-30")
    found = payment_due(order, RECEIVED, interrupted_on=interrupted, completed_on=completed)
    assert found.on == RECEIVED  # RULEBOOK §7: max(end, receipt)
    assert [c.source for c in found.caveats] == ["Code de la commande publique R2192-27"]
    assert "ignorées" in found.explain("fr")
    assert payment_due(order, RECEIVED).caveats == ()


@pytest.mark.parametrize(
    ("kind", "due", "lapses"),
    [
        ("state", "2026-03-15", "2030-12-31"),  # RULEBOOK §20's example
        ("health", "2026-12-31", "2030-12-31"),
        ("public_undertaking", "2026-03-15", "2031-03-15"),
    ],
)
def test_the_quadrennial_lapse_date_of_a_public_claim(kind: str, due: str, lapses: str) -> None:
    from lexom_terms import Invoice

    invoice = Invoice(
        number="F-1",
        cgv="new-30",
        client=buyer(kind),
        issued_on=due,
        due_on=due,
        amount_incl_tax="1800.00",
    )
    assert late_interest(invoice, due).lapses_after == D(lapses)
