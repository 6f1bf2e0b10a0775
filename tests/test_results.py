"""Result types: trusted construction equals validation, JSON form, stamp, explain in both
languages, notebook display."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel

import lexom_terms as lt
from lexom_terms.results import cite

from .conftest import CONSUMER, make_order

ORDER = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
INVOICE = lt.Invoice(
    number="F-2025-118",
    cgv="legacy-15",
    client=lt.Client(name="ACME", kind="legal_person"),
    issued_on="2025-05-20",
    due_on="2025-06-10",
    amount_incl_tax="1800.00",
    payments=(lt.Payment(on="2025-08-01", amount="600.00"),),
)


@pytest.mark.parametrize(
    "result",
    [
        lt.cancel(ORDER, lt.Notice(received_on="2026-03-02")),
        lt.postpone(ORDER, lt.Notice(received_on="2026-02-20"), date(2026, 5, 4)),
        lt.late_interest(INVOICE, date(2025, 12, 31)),
        cite("legacy-15 §3.5", "why", "pourquoi"),
    ],
    ids=["cancel", "postpone", "interest", "citation"],
)
def test_trusted_equals_validated(result: lt.Settlement) -> None:
    """Results built without validation (results.trusted) are what validation would build."""
    computed = {"boundaries", "stamp"}
    data = result.model_dump(exclude=computed & set(type(result).model_computed_fields))
    again = type(result).model_validate(data)
    assert again == result
    assert again.model_dump_json(exclude=computed) == result.model_dump_json(exclude=computed)
    for name in type(result).model_fields:
        assert type(getattr(again, name)) is type(getattr(result, name)), name


def test_json_form_has_money_as_strings_boundaries_and_stamp() -> None:
    settlement = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))
    data = settlement.model_dump(mode="json")
    assert data["owed"] == "1800.00"
    assert data["boundaries"][0] == {
        "varies": "received_on",
        "on": "2026-03-01",
        "owed": "540.00",
        "status": "cancelled",
        "source": "legacy-15 §3.5",
        "text": "a notice received on or before 2026-03-01 would have cost 540.00 instead of 1800.00",
        "side": "earlier",
        "through": None,
    }
    stamp = data["stamp"]
    assert stamp["library_version"] == lt.__version__
    assert stamp["rates_id"] == "none" and stamp["provisional"] is False
    assert stamp["format_version"] == 1
    assert stamp["holidays_version"]


def test_boundaries_are_computed_on_first_access_only() -> None:
    settlement = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))
    assert "boundaries" not in settlement.__dict__
    first = settlement.boundaries
    assert settlement.__dict__["boundaries"] is first


def test_equality_ignores_the_rule_closure() -> None:
    notice = lt.Notice(received_on="2026-03-02")
    a, b = lt.cancel(ORDER, notice), lt.cancel(ORDER, notice)
    assert a == b and hash(a) == hash(b)
    assert a != lt.cancel(ORDER, lt.Notice(received_on="2026-02-20"))


def test_explain_in_both_languages_says_the_same_things() -> None:
    settlement = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))
    fr, en = settlement.explain(), settlement.explain("en")
    assert "1 800,00 €" in fr and "2 mars 2026" in fr and "Seuils les plus proches" in fr
    assert "EUR 1,800.00" in en and "2026-03-02" in en and "Nearest boundaries" in en
    assert fr.count("legacy-15 §3.5") == en.count("legacy-15 §3.5")
    assert str(settlement) == fr
    with pytest.raises(ValueError, match="'fr' or 'en'"):
        settlement.explain("de")


def test_notebook_display_is_the_text_with_a_table() -> None:
    html = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))._repr_html_()
    assert html.startswith("<div class='lexom-terms'>")
    assert "<table>" in html and "1 800,00 €" in html
    for result in (
        lt.retraction_window(
            make_order("new-30", client=lt.Client(name="J", kind="natural_person"))
        ),
        lt.deposit_due(ORDER),
        lt.balance(ORDER, date(2026, 3, 17)),
        lt.late_interest(INVOICE, date(2025, 12, 31)),
        lt.timeline(ORDER),
        lt.liability_cap(ORDER),
    ):
        assert result is not None
        assert "<t" in result._repr_html_()
        assert result.explain() and result.explain("en")


def test_settlement_explain_mentions_escalation_and_new_session() -> None:
    pending = lt.postpone(ORDER, lt.Notice(received_on="2026-02-20"))
    assert "passera à 1 800,00 € le 6 juillet 2026" in pending.explain()
    assert "becomes EUR 1,800.00 on 2026-07-06" in pending.explain("en")
    assert "La session reportée coûtera encore 1 800,00 €" in pending.explain()


def test_consumer_caveats_are_explained() -> None:
    consumer = make_order("new-30", client=lt.Client(name="J", kind="natural_person"))
    text = lt.cancel(consumer, lt.Notice(received_on="2026-03-01")).explain()
    assert "Réserves :" in text and "Code civil 1231-5" in text


def test_refund_and_credit_lines() -> None:
    full = make_order("legacy-15", paid=(("2026-01-05", "1800.00"),))
    refund = lt.cancel(full, lt.Notice(received_on="2026-02-20", by="provider")).explain()
    assert "à rembourser : 1 800,00 €" in refund
    credit = lt.postpone(full, lt.Notice(received_on="2026-02-20"), date(2026, 5, 4)).explain("en")
    assert "credited to the new session: EUR 1,260.00" in credit


def test_decimal_types_survive() -> None:
    claim = lt.late_interest(INVOICE, date(2025, 12, 31))
    assert isinstance(claim.interest, Decimal)
    assert all(isinstance(p.annual_rate, Decimal) for p in claim.periods)


def test_public_names_load_lazily_and_all_is_complete() -> None:
    import lexom_terms

    assert set(lexom_terms.__all__) == set(lexom_terms._WHERE) | {"__version__"}
    for name in lexom_terms.__all__:
        assert getattr(lexom_terms, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        lexom_terms.nope  # noqa: B018


def _every_result() -> list[object]:
    from lexom_terms import Claimed, check_invoice, compare_regimes, fee_schedule

    order = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
    consumer = make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-04-20")
    invoice = lt.Invoice(
        number="2025-13-45",
        cgv="legacy-15",
        client=order.client,
        issued_on="2025-05-10",
        due_on="2025-06-10",
        amount_incl_tax="1800.00",
    )
    notice = lt.Notice(received_on="2026-03-02")
    return [
        lt.cancel(order, notice),
        lt.postpone(order, lt.Notice(received_on="2026-02-20"), date(2026, 6, 1)),
        lt.postpone(order, lt.Notice(received_on="2026-02-20")),
        lt.cancel(consumer, lt.Notice(received_on="2026-03-05"), fee_vat="outside_scope"),
        lt.retraction_window(consumer),
        lt.deposit_due(consumer),
        lt.payment_due(order),
        lt.balance(order, date(2026, 3, 20)),
        lt.late_interest(invoice, date(2025, 12, 31)),
        lt.timeline(order),
        lt.liability_cap(order),
        fee_schedule(order),
        compare_regimes(order, notice),
        check_invoice(order, claimed=Claimed(fee=Decimal("1800.00")), notice=notice),
    ]


def test_every_result_round_trips_through_json_and_pickle() -> None:
    """API.md 0.2: ``Model.model_validate_json(r.model_dump_json()) == r`` for every result,
    derived fields (stamp, boundaries, citations) accepted back; results pickle, so a process
    pool can return them."""
    import pickle

    for result in _every_result():
        assert isinstance(result, BaseModel)
        model = type(result)
        dumped = result.model_dump_json()  # type: ignore[attr-defined]
        back = model.model_validate_json(dumped)  # type: ignore[attr-defined]
        assert back == result, model.__name__
        assert back.model_dump_json() == dumped, model.__name__
        assert back.explain("fr") == result.explain("fr")  # type: ignore[attr-defined]
        copied = pickle.loads(pickle.dumps(result))
        assert copied == result, model.__name__
        assert copied.explain("en") == result.explain("en")  # type: ignore[attr-defined]


def test_trusted_settlement_equals_a_validated_one() -> None:
    """The one trusted constructor gives what validation gives (figures, prose, JSON)."""
    settlement = lt.cancel(make_order("new-30"), lt.Notice(received_on="2026-02-01"))
    validated = lt.Settlement.model_validate(settlement.model_dump())
    assert validated == settlement
    assert validated.model_dump() == settlement.model_dump()
