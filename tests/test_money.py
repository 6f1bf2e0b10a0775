"""money.py: cents, the one amount parser and its codes (RULEBOOK §0 "Money", "Input
strictness"). Written to pin what the mutation run of money.py and calendar.py found untested
(docs/performance.md, "Mutation score"): the ceiling boundary, pro_rata's zero-days guard, the
field and code every refusal carries, the messages that name the argument."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from lexom_terms import InvalidInputError
from lexom_terms.calendar import as_date, read_date, statutory_deadline, subdivision_for_country
from lexom_terms.money import (
    MAX_AMOUNT,
    Money,
    Rate,
    format_eur,
    parse_amount,
    parse_money,
    parse_rate,
    percent_of,
    pro_rata,
    round_cents,
    thirty_percent,
    to_decimal,
)


def refusal(call: Any, *args: Any, **kwargs: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        call(*args, **kwargs)
    return caught.value


class TestCents:
    def test_round_half_up(self) -> None:
        assert round_cents(Decimal("0.125")) == Decimal("0.13")
        assert round_cents(Decimal("-0.125")) == Decimal("-0.13")
        assert round_cents(Decimal("0.124999")) == Decimal("0.12")
        assert percent_of(Decimal("1800.00"), Decimal("0.30")) == Decimal("540.00")
        assert thirty_percent(Decimal("0.05")) == Decimal("0.02")  # 0.015 → 0.02

    def test_pro_rata(self) -> None:
        assert pro_rata(Decimal("1800.00"), 1, 3) == Decimal("600.00")
        assert pro_rata(Decimal("100.00"), 1, 3) == Decimal("33.33")
        assert pro_rata(Decimal("100.00"), 2, 3) == Decimal("66.67")
        assert pro_rata(Decimal("100.00"), 0, 1) == Decimal("0.00")
        assert pro_rata(Decimal("100.00"), 1, 1) == Decimal("100.00")

    @pytest.mark.parametrize("whole", [0, -1])
    def test_pro_rata_needs_training_days(self, whole: int) -> None:
        error = refusal(pro_rata, Decimal("100.00"), 0, whole)
        assert (error.field, error.code) == ("whole", "no_training_days")
        assert str(error) == f"pro_rata needs a positive number of training days, got {whole}"


class TestParseAmount:
    def test_the_ceiling_is_inclusive(self) -> None:
        assert parse_money("999999999999.99") == MAX_AMOUNT
        assert parse_money(MAX_AMOUNT) == MAX_AMOUNT
        error = refusal(parse_money, "1000000000000.00", "price")
        assert (error.field, error.code) == ("price", "money_too_large")
        assert str(error) == "price 1000000000000.00 is too large: at most 999999999999.99"
        error = refusal(parse_money, MAX_AMOUNT + Decimal("0.01"))
        assert error.code == "money_too_large"

    def test_returns_cents(self) -> None:
        assert str(parse_money("1500")) == "1500.00"
        assert str(parse_money(7)) == "7.00"
        assert str(parse_money(" 0.5 ")) == "0.50"
        assert str(parse_amount("0.5")) == "0.5"  # unquantized

    def test_default_field_names(self) -> None:
        assert refusal(parse_amount, "x").field == "amount"
        assert refusal(parse_money, "x").field == "amount"
        assert refusal(parse_rate, "x").field == "rate"
        assert refusal(to_decimal, "x").field == "amount"
        assert refusal(to_decimal, "x", what="percent").field == "percent"

    @pytest.mark.parametrize(
        ("value", "code", "message"),
        [
            (True, "money_type", "fee must be a number, not a boolean: pass a string such as"),
            (1.5, "money_float", "float 1.5 is not accepted for fee: pass a string such as"),
            (Decimal("NaN"), "money_not_finite", "fee must be a finite number, got Decimal('NaN')"),
            (
                "1e3",
                "money_format",
                "'1e3' is not a number written as ASCII digits with an optional '.' (such as"
                " '1200.50'): no sign, exponent, '_' or space",
            ),
            ([1], "money_type", "fee must be a string or Decimal, got list"),
            (-3, "money_negative", "fee must not be negative, got -3"),
            (Decimal("-0"), "money_negative", "fee must not be negative, got Decimal('-0')"),
            ("0.001", "money_precision", "fee 0.001 has more than two decimal places: give it"),
        ],
    )
    def test_each_refusal_names_the_field_with_its_code(
        self, value: object, code: str, message: str
    ) -> None:
        error = refusal(parse_money, value, "fee")
        assert (error.field, error.code) == ("fee", code)
        assert str(error).startswith(message), str(error)

    def test_signed_numbers_for_function_arguments(self) -> None:
        assert to_decimal("-0.50") == Decimal("-0.50")
        assert to_decimal("2.155") == Decimal("2.155")  # any number of decimals
        assert to_decimal(Decimal("1E+30")) == Decimal("1E+30")  # no ceiling: the caller's
        error = refusal(to_decimal, "+5", what="percent")
        assert (error.field, error.code) == ("percent", "number_format")
        assert "is not a number written as an optional '-', ASCII digits" in str(error)

    def test_rates(self) -> None:
        assert parse_rate("0.055") == Decimal("0.055")
        assert parse_rate(0) == Decimal(0)
        error = refusal(parse_rate, "1", "vat_rate")
        assert (error.field, error.code) == ("vat_rate", "rate_out_of_range")
        assert (
            str(error) == "vat_rate must be a fraction in [0, 1), such as '0.20' or '0.055'; got 1"
        )
        # far above any amount: still a rate out of range, not an amount too large
        assert refusal(parse_rate, "10000000000000000").code == "rate_out_of_range"
        assert refusal(parse_rate, "0.2.0", "vat_rate").field == "vat_rate"


class _Priced(BaseModel):
    price: Money
    vat: Rate


class TestModelTypes:
    def test_money_and_rate_report_the_code_as_the_error_type(self) -> None:
        with pytest.raises(ValidationError) as caught:
            _Priced(price="1e3", vat="1")  # type: ignore[arg-type]
        errors = {(e["loc"], e["type"], e["msg"]) for e in caught.value.errors()}
        assert errors == {
            (
                ("price",),
                "money_format",
                "'1e3' is not a number written as ASCII digits with an optional '.' (such as"
                " '1200.50'): no sign, exponent, '_' or space",
            ),
            (
                ("vat",),
                "rate_out_of_range",
                "vat must be a fraction in [0, 1), such as '0.20' or '0.055'; got 1",
            ),
        }

    def test_messages_name_the_model_field(self) -> None:
        with pytest.raises(ValidationError) as caught:
            _Priced(price=True, vat=0.2)  # type: ignore[arg-type]
        messages = [e["msg"] for e in caught.value.errors()]
        assert messages[0].startswith("price must be a number, not a boolean")
        assert messages[1].startswith("float 0.2 is not accepted for vat:")

    def test_valid_values(self) -> None:
        priced = _Priced(price="12.5", vat="0.2")  # type: ignore[arg-type]
        assert (str(priced.price), priced.vat) == ("12.50", Decimal("0.2"))
        assert priced.model_dump_json() == '{"price":"12.50","vat":"0.2"}'


def test_format_eur() -> None:
    assert format_eur(Decimal("1800.00")) == "1 800,00 €"
    assert format_eur(Decimal("1234567.5"), "fr") == "1 234 567,50 €"
    assert format_eur(Decimal("1800.00"), "en") == "EUR 1,800.00"


# --- calendar: what the mutation run found untested -------------------------------------------


def test_read_date_names_its_field() -> None:
    assert read_date("2026-03-02", "x") == date(2026, 3, 2)
    for value, code in [
        ("2026-13-01", "invalid_date"),
        (20260302, "invalid_date"),
        ("2200-01-01", "date_out_of_range"),
    ]:
        error = refusal(read_date, value, "due_on")
        assert (error.field, error.code) == ("due_on", code)
    assert str(refusal(read_date, 20260302, "due_on")) == (
        "expected a date as 'YYYY-MM-DD', got int 20260302"
    )
    assert str(refusal(as_date, 20260302, "as_of")) == (
        "as_of: expected a date as 'YYYY-MM-DD', got int 20260302"
    )
    assert refusal(as_date, "2026-02-30", "as_of").field == "as_of"


def test_subdivision_for_country_names_the_field() -> None:
    assert subdivision_for_country("FR", "974") == "974"
    assert subdivision_for_country("MQ", "972") == "972"
    for country in ("MQ", "BE"):
        error = refusal(subdivision_for_country, country, "57")
        assert (error.field, error.code) == ("subdivision", "subdivision_outside_country")


def test_statutory_days_message_names_the_type() -> None:
    error = refusal(statutory_deadline, date(2026, 1, 10), "14")
    assert str(error) == "days must be a whole number of days, got str '14'"
    error = refusal(statutory_deadline, date(2026, 1, 10), 0)
    assert str(error) == "days must be at least 1 and at most 366 for a statutory period, got 0"


def test_calendar_overflow_messages_say_which_way() -> None:
    from lexom_terms.calendar import add_days, add_months

    assert str(refusal(add_days, date(9999, 12, 31), 1)).startswith(
        "9999-12-31 +1 days is outside the calendar; the supported dates are 1900-01-01 to"
        " 2199-12-31"
    )
    assert str(refusal(add_days, date(1, 1, 1), -1)).startswith("0001-01-01 -1 days is outside")
    assert str(refusal(add_months, date(1, 1, 1), -1)).startswith("0001-01-01 -1 months is outside")
