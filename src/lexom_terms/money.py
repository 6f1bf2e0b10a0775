"""Cents and rounding (RULEBOOK §0).

Money is :class:`decimal.Decimal` in euros with two places, rounded half-up to the cent, and only
where the rulebook says. A ``float`` never enters: binary floating point cannot hold 0.10 exactly,
and an accountant's figure must be exact to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
THIRTY_PERCENT = Decimal("0.30")
#: The largest amount accepted: far above any training price, and small enough that every
#: product the rules form stays exact within Decimal's 28 significant digits.
MAX_AMOUNT = Decimal("999999999999.99")

_FLOAT_HINT = "pass a string such as '1200.50' or a Decimal, not a float"


def round_cents(value: Decimal) -> Decimal:
    """Round half-up to the cent (RULEBOOK §0: ``ROUND_HALF_UP``)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(total: Decimal, rate: Decimal) -> Decimal:
    """``rate`` (a fraction, 0.30 for 30 %) of ``total``, rounded to the cent."""
    return round_cents(total * rate)


def thirty_percent(total: Decimal) -> Decimal:
    """30 % of the total (legacy §2.1 "30 % du prix TTC", new §2.2), rounded to the cent."""
    return percent_of(total, THIRTY_PERCENT)


def pro_rata(total: Decimal, part: int, whole: int) -> Decimal:
    """``total × part / whole`` rounded to the cent (L221-25, L6353-7: days delivered)."""
    if whole <= 0:
        raise ValueError("pro_rata needs a positive number of training days")
    return round_cents(total * part / whole)


def to_decimal(value: Any, *, what: str = "amount") -> Decimal:
    """Convert a str, int or Decimal to Decimal; refuse floats and junk with a useful message."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number: {_FLOAT_HINT}")
    if isinstance(value, float):
        raise ValueError(f"float {value!r} is not accepted for {what}: {_FLOAT_HINT}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number: {_FLOAT_HINT}") from None
    else:
        raise ValueError(f"{what} must be a string or Decimal, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return result


def _parse_money(value: Any) -> Decimal:
    amount = to_decimal(value)
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    if amount > MAX_AMOUNT:
        raise ValueError(f"amount {amount} is too large: at most {MAX_AMOUNT}")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"amount {amount} has more than two decimal places: give it to the cent")
    return amount.quantize(CENT)


def _parse_rate(value: Any) -> Decimal:
    rate = to_decimal(value, what="rate")
    if not (Decimal(0) <= rate < 1):
        raise ValueError(
            f"rate must be a fraction in [0, 1), such as '0.20' or '0.055'; got {rate}"
        )
    return rate


_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
        {"type": "integer", "minimum": 0},
    ],
    "description": "euros, at most two decimals, as a string (e.g. '1200.50') or an integer",
}

Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(_MONEY_SCHEMA),
]
"""A non-negative amount in euros with at most two decimals; JSON form is a string."""

Rate = Annotated[
    Decimal,
    BeforeValidator(_parse_rate),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^0(\.\d+)?$", "description": "a fraction in [0, 1)"}
    ),
]
"""A VAT rate as a fraction in [0, 1): '0.20', '0.055', '0'."""


def format_eur(amount: Decimal, lang: str = "fr") -> str:
    """``1 800,00 €`` in French, ``EUR 1,800.00`` in English."""
    text = f"{amount:,.2f}"
    if lang == "fr":
        return text.replace(",", " ").replace(".", ",") + " €"
    return f"EUR {text}"
