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
from lexom_terms.calendar import validate_subdivision

from .conftest import COMPANY, make_order
from .conftest import CONSUMER as CONSUMER_CLIENT

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
    loc, _code, msg = coded_error_of(model, data)
    return loc, msg


def coded_error_of(model: type, data: dict[str, Any]) -> tuple[str, str, str]:
    """The first error's location, its stable code (pydantic's ``type``) and its message."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    first = caught.value.errors()[0]
    return ".".join(str(p) for p in first["loc"]), first["type"], str(first["msg"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"price_excl_tax": 1500.5}, "price_excl_tax", "not a float", id="float price"),
        pytest.param({"price_excl_tax": "-1"}, "price_excl_tax", "no sign", id="negative"),
        pytest.param(
            {"price_excl_tax": "1500.005"}, "price_excl_tax", "more than two decimal", id="3 places"
        ),
        pytest.param({"price_excl_tax": "abc"}, "price_excl_tax", "is not a number", id="junk"),
        pytest.param({"price_excl_tax": "NaN"}, "price_excl_tax", "ASCII digits", id="nan"),
        pytest.param({"price_excl_tax": True}, "price_excl_tax", "must be a number", id="bool"),
        pytest.param({"price_excl_tax": "1E100"}, "price_excl_tax", "no sign, exponent", id="huge"),
        pytest.param({"vat_rate": "1"}, "vat_rate", "[0, 1)", id="vat 100%"),
        pytest.param({"vat_rate": "-0.1"}, "vat_rate", "no sign", id="vat negative"),
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
    changes: dict[str, Any], field: str, message: str, request: pytest.FixtureRequest
) -> None:
    loc, code, msg = coded_error_of(Order, order_with(**changes))
    assert loc == field
    assert message in msg
    # callers match the stable code, never the message (docs/errors.md)
    assert code == CODES[request.node.callspec.id]


CODES = {
    "float price": "money_float",
    "negative": "money_format",
    "3 places": "money_precision",
    "junk": "money_format",
    "nan": "money_format",
    "bool": "money_type",
    "huge": "money_format",
    "vat 100%": "rate_out_of_range",
    "vat negative": "rate_format",
    "vat float": "rate_float",
    "signed after start": "signed_after_start",
    "quote expired": "quote_expired",
    "signed before quote": "signed_before_quote",
    "date format": "invalid_date",
    "date as int": "invalid_date",
    "unknown cgv": "enum",
    "extra field": "extra_forbidden",
    "end<start": "session_end_before_start",
    "training day outside": "training_day_outside_session",
    "training day twice": "training_day_repeated",
    "weekend session without days": "no_training_days",
    "zero payment": "amount_not_positive",
    "float payment": "money_float",
    "alpha-3 country": "unknown_country",
    "unknown country": "unknown_country",
    "unknown subdivision": "unknown_subdivision",
    "subdivision abroad": "subdivision_outside_country",
    "empty name": "string_too_short",
    "approval before request": "approval_before_request",
    "amount without approval": "approved_amount_without_date",
}


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
        # RULEBOOK §0: a legal person is never a consumer, a non-professional one included
        (Client(name="A", kind="legal_person", professional=False), False, False),
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


# --- RULEBOOK §0 "Supported dates" and "Input strictness" (issue 10) ---------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_on": "1899-12-31"}, "signed_on"),
        ({"session": {**SESSION, "start": "9999-12-30", "end": "9999-12-31"}}, "session.start"),
        ({"session": {**SESSION, "end": "2200-01-01"}}, "session.end"),
        ({"quote_issued_on": "0001-01-01"}, "quote_issued_on"),
        ({"payments": [{"on": "2200-01-01", "amount": "1"}]}, "payments.0.on"),
        (
            {"funding": {"opco": "Atlas", "requested_on": "1899-12-31"}},
            "funding.requested_on",
        ),
        (
            {"session": {**SESSION, "training_days": [date(2200, 1, 1)]}},
            "session.training_days.0",
        ),
    ],
)
def test_dates_outside_the_supported_range_are_refused(changes: dict[str, Any], field: str) -> None:
    loc, code, msg = coded_error_of(Order, order_with(**changes))
    assert (loc, code) == (field, "date_out_of_range")
    assert "outside the supported dates 1900-01-01 to 2199-12-31" in msg


def test_range_ends_are_accepted_and_a_session_ending_on_the_last_day_computes() -> None:
    from lexom_terms import cancel, deposit_due, payment_due, retraction_window, timeline

    first = make_order(signed="1900-01-01", start="1900-01-02", end="1900-01-03")
    assert first.signed_on == date(1900, 1, 1)
    last = make_order(
        "new-30", client=CONSUMER_CLIENT, signed="2199-12-01", start="2199-12-30", end="2199-12-31"
    )
    window = retraction_window(last)
    assert window is not None and window.last_day > date(2199, 12, 15)
    assert timeline(last).milestones[-1].on >= date(2199, 12, 31)
    assert deposit_due(last).on >= last.signed_on
    assert payment_due(last).on >= last.signed_on
    late = cancel(last, Notice(received_on="2199-12-31"))
    assert late.owed == last.total
    assert late.boundaries  # the scan runs past 2199-12-31 without overflowing


def test_iso_week_and_other_date_forms_are_refused() -> None:
    for text in ("2026-W10-1", "2026-061", "20260302", "2026-3-2", "２０２６-03-02", "2026/03/02"):
        loc, code, msg = coded_error_of(Order, order_with(signed_on=text))
        assert (loc, code) == ("signed_on", "invalid_date"), text
        assert "YYYY-MM-DD" in msg
    # surrounding spaces are not part of the date and are ignored, as for every string field
    assert Order.model_validate(order_with(signed_on=" 2026-01-05 ")).signed_on == date(2026, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "-0",
        "-0.00",
        "1e3",
        "1E3",
        "1_000",
        "+5",
        "1 000",
        "1\u202f000",
        "١٢٣",  # Arabic-Indic digits
        "１２３",  # full-width digits
        ".5",
        "5.",
        "0x10",
        "Infinity",
        "",
    ],
)
def test_money_strings_are_plain_ascii_decimals(text: str) -> None:
    loc, code, _msg = coded_error_of(Order, order_with(price_excl_tax=text))
    assert (loc, code) == ("price_excl_tax", "money_format")


def test_money_other_refusals_have_their_own_codes() -> None:
    cases: list[tuple[Any, str]] = [
        (Decimal("-0"), "money_negative"),
        (-1, "money_negative"),
        (Decimal("NaN"), "money_not_finite"),
        (Decimal("Infinity"), "money_not_finite"),
        ("1000000000000.00", "money_too_large"),
        (Decimal("1E+100"), "money_too_large"),
        ("0.001", "money_precision"),
        ([1], "money_type"),
        (None, "money_type"),
    ]
    for value, expected in cases:
        loc, code, _msg = coded_error_of(Order, order_with(price_excl_tax=value))
        assert (loc, code) == ("price_excl_tax", expected), value


def test_money_ceiling_is_inclusive_and_ints_stay_accepted() -> None:
    order = Order.model_validate(order_with(price_excl_tax="999999999999.99", vat_rate="0"))
    assert order.total == Decimal("999999999999.99")
    assert Order.model_validate(order_with(price_excl_tax=0, vat_rate=0)).total == Decimal("0.00")
    assert Payment(on="2026-01-05", amount="007.5").amount == Decimal("7.50")


def test_an_order_whose_total_exceeds_the_ceiling_is_refused_when_built() -> None:
    # 999 999 999 999.99 is a valid price, but with 20 % VAT the total is not a valid amount
    loc, code, msg = coded_error_of(Order, order_with(price_excl_tax="999999999999.99"))
    assert (loc, code) == ("", "total_too_large")
    assert "at most 999999999999.99" in msg
    # the largest price whose total still fits: 833 333 333 333.32 × 1.2 = 999 999 999 999.984
    assert Order.model_validate(order_with(price_excl_tax="833333333333.32")).total == Decimal(
        "999999999999.98"
    )
    loc, code, _ = coded_error_of(Order, order_with(price_excl_tax="833333333333.33"))
    assert code == "total_too_large"  # 999 999 999 999.996 rounds to 1 000 000 000 000.00


def test_minus_zero_never_reaches_json() -> None:
    # "-0" was accepted and dumped as "-0.00", which failed the library's own JSON Schema
    with pytest.raises(ValidationError):
        Payment(on="2026-01-05", amount="-0")
    text = make_order(price="0", vat="0").model_dump_json()
    assert '"price_excl_tax":"0.00"' in text


@pytest.mark.parametrize(
    ("country", "subdivision"),
    [
        ("MQ", "972"),
        ("MQ", "Martinique"),  # an alias of 972
        ("RE", "974"),
        ("FR", "974"),  # FR is the whole Republic
        ("FR", "57"),
        ("NC", "NC"),
    ],
)
def test_a_subdivision_of_the_country_is_accepted(country: str, subdivision: str) -> None:
    client = Client(name="A", kind="legal_person", country=country, subdivision=subdivision)
    assert client.holiday_subdivision == validate_subdivision(subdivision)


@pytest.mark.parametrize(
    ("country", "subdivision"),
    [("MQ", "57"), ("RE", "971"), ("GP", "6AE"), ("NC", "PF"), ("BE", "57")],
)
def test_a_subdivision_of_another_territory_is_refused(country: str, subdivision: str) -> None:
    data = {"name": "A", "kind": "legal_person", "country": country, "subdivision": subdivision}
    loc, code, msg = coded_error_of(Client, data)
    assert (loc, code) == ("", "subdivision_outside_country")
    assert "leave subdivision empty" in msg


def test_martinique_takes_its_own_holidays_never_moselle() -> None:
    _loc, code, msg = coded_error_of(
        Client, {"name": "A", "kind": "natural_person", "country": "MQ", "subdivision": "57"}
    )
    assert code == "subdivision_outside_country"
    assert "give '972'" in msg
    assert Client(name="A", kind="natural_person", country="MQ").holiday_subdivision == "972"


def test_unknown_subdivision_lists_the_valid_codes_with_its_code() -> None:
    loc, code, msg = coded_error_of(
        Client, {"name": "A", "kind": "legal_person", "subdivision": "75"}
    )
    assert (loc, code) == ("subdivision", "unknown_subdivision")
    assert "valid codes: 57, 6AE, 971, 972, 973, 974, 976" in msg


def test_public_buyer_natural_person_has_its_code() -> None:
    _loc, code, _msg = coded_error_of(
        Client, {"name": "A", "kind": "natural_person", "public_buyer": "state"}
    )
    assert code == "public_buyer_natural_person"


def test_validation_messages_carry_no_pydantic_prefix() -> None:
    # PydanticCustomError: the message is ours, so no "Value error, " to strip
    with pytest.raises(ValidationError) as caught:
        Order.model_validate(order_with(signed_on="2026-03-17"))
    assert not str(caught.value.errors()[0]["msg"]).startswith("Value error")


def test_parse_date_is_a_value_error_with_a_code() -> None:
    from pydantic_core import PydanticCustomError

    from lexom_terms.models import parse_date

    assert parse_date("2026-03-02") == date(2026, 3, 2)
    with pytest.raises(PydanticCustomError) as caught:
        parse_date("2026-W10-1")
    assert isinstance(caught.value, ValueError)
    assert caught.value.type == "invalid_date"


def test_every_error_code_is_documented() -> None:
    """docs/errors.md lists every stable code a validator or a function of the input layer
    (models, money, calendar, errors) raises: a new code without its row fails here."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "errors.md").read_text(encoding="utf-8")
    found: set[str] = set()
    for name in ("models", "money", "calendar", "errors", "enums", "_countries"):
        source = (root / "src" / "lexom_terms" / f"{name}.py").read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:code=|default_code = |refuse\(\s*)"([a-z_]+)"', source))
    suffixes = {"type", "float", "not_finite", "format", "negative", "precision", "too_large"}
    codes = (found - suffixes) | {f"money_{s}" for s in suffixes} | {"rate_format", "rate_float"}
    assert {"date_out_of_range", "subdivision_outside_country", "total_too_large"} <= codes
    missing = sorted(code for code in codes if f"`{code}`" not in text)
    assert not missing, missing
