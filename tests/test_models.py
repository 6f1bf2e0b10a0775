"""Every validation rule of the input models: the bad value, and the message that names the
field and says what would be valid (issue: foundation, API.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from lexom_terms import (
    Client,
    Invoice,
    Notice,
    OpcoFunding,
    Order,
    Payment,
    PersonKind,
    Session,
)

from .conftest import COMPANY, make_order

SESSION = {"reference": "R-1", "start": "2026-03-16", "end": "2026-03-17"}
ORDER: dict[str, Any] = {
    "cgv": "legacy-15",
    "client": {"name": "ACME", "kind": "legal_person"},
    "session": SESSION,
    "price_excl_tax": "1500.00",
    "signed_on": "2026-01-05",
}


def order_with(**changes: Any) -> dict[str, Any]:
    return {**ORDER, **changes}


def error_of(model: type, data: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    first = caught.value.errors()[0]
    return ".".join(str(p) for p in first["loc"]), str(first["msg"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"price_excl_tax": 1500.5}, "price_excl_tax", "not a float", id="float price"),
        pytest.param(
            {"price_excl_tax": "-1"}, "price_excl_tax", "must not be negative", id="negative"
        ),
        pytest.param(
            {"price_excl_tax": "1500.005"}, "price_excl_tax", "more than two decimal", id="3 places"
        ),
        pytest.param({"price_excl_tax": "abc"}, "price_excl_tax", "is not a number", id="junk"),
        pytest.param({"price_excl_tax": "NaN"}, "price_excl_tax", "finite", id="nan"),
        pytest.param({"price_excl_tax": True}, "price_excl_tax", "must be a number", id="bool"),
        pytest.param({"price_excl_tax": "1E100"}, "price_excl_tax", "too large", id="huge"),
        pytest.param({"vat_rate": "1"}, "vat_rate", "[0, 1)", id="vat 100%"),
        pytest.param({"vat_rate": "-0.1"}, "vat_rate", "[0, 1)", id="vat negative"),
        pytest.param({"vat_rate": 0.2}, "vat_rate", "not a float", id="vat float"),
        pytest.param(
            {"signed_on": "2026-03-17"}, "", "after the session start", id="signed after start"
        ),
        pytest.param(
            {"quote_issued_on": "2025-12-01"}, "", "after the quote's validity", id="quote expired"
        ),
        pytest.param(
            {"quote_issued_on": "2026-01-06"},
            "",
            "before quote_issued_on",
            id="signed before quote",
        ),
        pytest.param({"signed_on": "05/01/2026"}, "signed_on", "YYYY-MM-DD", id="date format"),
        pytest.param({"signed_on": 20260105}, "signed_on", "YYYY-MM-DD", id="date as int"),
        pytest.param({"cgv": "legacy-16"}, "cgv", "legacy-15", id="unknown cgv"),
        pytest.param({"colour": "red"}, "colour", "Extra inputs", id="extra field"),
        pytest.param(
            {"session": {**SESSION, "end": "2026-03-15"}}, "session", "before start", id="end<start"
        ),
        pytest.param(
            {"session": {**SESSION, "training_days": ["2026-03-20"]}},
            "session",
            "outside the session",
            id="training day outside",
        ),
        pytest.param(
            {"session": {**SESSION, "training_days": ["2026-03-16", "2026-03-16"]}},
            "session",
            "listed once",
            id="training day twice",
        ),
        pytest.param(
            {"session": {**SESSION, "start": "2026-03-14", "end": "2026-03-15"}},
            "session",
            "no Monday-to-Friday",
            id="weekend session without days",
        ),
        pytest.param(
            {"payments": [{"on": "2026-01-05", "amount": "0"}]},
            "payments.0.amount",
            "greater than 0",
            id="zero payment",
        ),
        pytest.param(
            {"payments": [{"on": "2026-01-05", "amount": 540.0}]},
            "payments.0.amount",
            "not a float",
            id="float payment",
        ),
        pytest.param(
            {"client": {"name": "ACME", "kind": "legal_person", "country": "FRA"}},
            "client.country",
            "ISO 3166-1 alpha-2",
            id="alpha-3 country",
        ),
        pytest.param(
            {"client": {"name": "ACME", "kind": "legal_person", "country": "XX"}},
            "client.country",
            "ISO 3166-1 alpha-2",
            id="unknown country",
        ),
        pytest.param(
            {"client": {"name": "ACME", "kind": "legal_person", "subdivision": "99"}},
            "client.subdivision",
            "valid codes: 57, 6AE",
            id="unknown subdivision",
        ),
        pytest.param(
            {
                "client": {
                    "name": "ACME",
                    "kind": "legal_person",
                    "country": "DE",
                    "subdivision": "57",
                }
            },
            "client",
            "outside France",
            id="subdivision abroad",
        ),
        pytest.param(
            {"client": {"name": "", "kind": "legal_person"}},
            "client.name",
            "at least 1",
            id="empty name",
        ),
        pytest.param(
            {
                "funding": {
                    "opco": "Atlas",
                    "requested_on": "2026-01-10",
                    "approved_on": "2026-01-09",
                }
            },
            "funding",
            "before requested_on",
            id="approval before request",
        ),
        pytest.param(
            {"funding": {"opco": "Atlas", "requested_on": "2026-01-10", "approved_amount": "100"}},
            "funding",
            "approval date",
            id="amount without approval",
        ),
    ],
)
def test_order_validation_names_the_field(
    changes: dict[str, Any], field: str, message: str
) -> None:
    loc, msg = error_of(Order, order_with(**changes))
    assert loc == field
    assert message in msg


def test_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(ValidationError, match=r"datetime .* pass value.date\(\)"):
        Payment(on=datetime(2026, 1, 5, 10, 30), amount=Decimal("10"))


def test_notice_sent_after_received_is_refused() -> None:
    loc, msg = error_of(Notice, {"received_on": "2026-02-01", "sent_on": "2026-02-02"})
    assert loc == ""
    assert "sent_on 2026-02-02 is after received_on" in msg


def test_invoice_due_before_issue_is_refused() -> None:
    _loc, msg = error_of(
        Invoice,
        {
            "number": "F-1",
            "cgv": "new-30",
            "client": {"name": "A", "kind": "legal_person"},
            "issued_on": "2026-02-01",
            "due_on": "2026-01-31",
            "amount_incl_tax": "100",
        },
    )
    assert "before issued_on" in msg


def test_quote_accepted_on_its_last_day_is_valid() -> None:
    order = Order.model_validate(order_with(quote_issued_on="2025-12-06"))  # + 30 days = 5 Jan
    assert order.quote_issued_on == date(2025, 12, 6)


def test_money_accepts_strings_ints_and_decimals_and_keeps_cents() -> None:
    for value in ("1500", 1500, Decimal("1500.0"), "1500.00", " 1500.00 "):
        order = Order.model_validate(order_with(price_excl_tax=value))
        assert order.price_excl_tax == Decimal("1500.00")
        assert str(order.price_excl_tax) == "1500.00"


def test_json_round_trips_exactly_with_money_as_strings() -> None:
    order = make_order(
        paid=(("2026-01-05", "540.00"),),
        funding=OpcoFunding(
            opco="Atlas",
            requested_on="2026-01-10",
            approved_on="2026-01-20",
            approved_amount="1000.00",
            payments=(Payment(on="2026-04-01", amount="1000.00"),),
        ),
        vat="0.055",
    )
    text = order.model_dump_json()
    assert '"price_excl_tax":"1500.00"' in text
    assert '"vat_rate":"0.055"' in text
    assert '"amount":"540.00"' in text
    again = Order.model_validate_json(text)
    assert again == order
    assert again.model_dump_json() == text


def test_json_number_with_a_fraction_is_a_float_and_refused() -> None:
    text = order_with(price_excl_tax=None)
    raw = '{"cgv":"legacy-15","client":{"name":"A","kind":"legal_person"},' + (
        '"session":{"reference":"R","start":"2026-03-16","end":"2026-03-17"},'
        '"price_excl_tax":1500.5,"signed_on":"2026-01-05"}'
    )
    assert text["price_excl_tax"] is None
    with pytest.raises(ValidationError, match="not a float"):
        Order.model_validate_json(raw)


def test_models_are_frozen() -> None:
    order = make_order()
    with pytest.raises(ValidationError):
        order.signed_on = date(2026, 1, 6)  # type: ignore[misc]


def test_order_properties() -> None:
    order = make_order(
        price="1234.56", vat="0.20", paid=(("2026-01-05", "100"), ("2026-01-09", "50"))
    )
    assert order.total == Decimal("1481.47")  # 1234.56 × 1.2 = 1481.472
    assert order.deposit_amount == Decimal("444.44")  # 1481.47 × 0.3 = 444.441
    assert order.paid == Decimal("150.00")
    assert order.paid_by(date(2026, 1, 8)) == Decimal("100.00")


def test_total_rounds_half_up() -> None:
    # 0.125 → 0.13 half-up (banker's rounding would give 0.12)
    assert make_order(price="0.25", vat="0.5").total == Decimal("0.38")
    assert make_order(price="0.10", vat="0.25").total == Decimal("0.13")
    assert make_order(price="1000", vat="0").total == Decimal("1000.00")


@pytest.mark.parametrize(
    ("client", "consumer", "foreign"),
    [
        (Client(name="A", kind="legal_person"), False, False),
        (Client(name="A", kind="natural_person"), True, False),
        (Client(name="A", kind="natural_person", professional=True), False, False),
        (Client(name="A", kind="legal_person", professional=False), True, False),
        (Client(name="A", kind="legal_person", country="be"), False, True),
        (Client(name="A", kind="legal_person", country="RE"), False, False),
        (Client(name="A", kind="legal_person", country="NC"), False, False),
        (Client(name="A", kind="legal_person", country="CH"), False, True),
    ],
)
def test_client_consumer_and_foreign(client: Client, consumer: bool, foreign: bool) -> None:
    assert client.is_consumer is consumer
    assert client.is_foreign is foreign


def test_country_is_normalised_and_overseas_takes_its_department_holidays() -> None:
    client = Client(name="A", kind=PersonKind.LEGAL, country="gp")
    assert client.country == "GP"
    assert client.holiday_subdivision == "971"
    assert Client(name="A", kind="legal_person", country="RE").holiday_subdivision == "974"
    assert COMPANY.holiday_subdivision is None


def test_subdivision_alias_is_canonicalised() -> None:
    assert Client(name="A", kind="legal_person", subdivision="Moselle").subdivision == "57"


def test_session_default_training_days_are_weekdays() -> None:
    session = Session(reference="R", start="2026-03-13", end="2026-03-17")  # Fri → Tue
    assert [day.isoformat() for day in session.days] == ["2026-03-13", "2026-03-16", "2026-03-17"]
    explicit = Session(
        reference="R",
        start="2026-03-14",
        end="2026-03-15",
        training_days=["2026-03-15", "2026-03-14"],
    )
    assert explicit.days == (date(2026, 3, 14), date(2026, 3, 15))
