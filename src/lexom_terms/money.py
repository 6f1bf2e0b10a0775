"""Cents and rounding (RULEBOOK §0).

Money is :class:`decimal.Decimal` in euros with two places, rounded half-up to the cent, and only
where the rulebook says. A ``float`` never enters: binary floating point cannot hold 0.10 exactly,
and an accountant's figure must be exact to the cent.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from .errors import InvalidInputError

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
        raise InvalidInputError(
            f"pro_rata needs a positive number of training days, got {whole}",
            field="whole",
            code="no_training_days",
        )
    return round_cents(total * part / whole)


# RULEBOOK §0 "Input strictness": ASCII digits with an optional "." and decimals. ``Decimal()``
# alone would also take "-0", "1e3", "1_000", "+5", "١٢" (Arabic-Indic) and "１２" (full width).
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_SIGNED_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_amount(
    value: Any,
    *,
    field: str = "amount",
    kind: str = "money",
    to_the_cent: bool = True,
    signed: bool = False,
    maximum: Decimal | None = MAX_AMOUNT,
) -> Decimal:
    """The one reading of a caller's number (models' money and rates, function arguments).

    Accepts a ``Decimal``, an ``int`` (not a ``bool``) or a string of ASCII digits with an
    optional "." (a leading "-" only when ``signed``); surrounding spaces are ignored. Refuses a
    float (binary, inexact), an exponent, a sign, an underscore, an inner space, non-ASCII
    digits, NaN and infinities, a negative value unless ``signed`` (``Decimal("-0")`` too), more
    than two decimals when ``to_the_cent``, and more than ``maximum``. Returns the value
    unquantized.

    Raises :class:`InvalidInputError` naming ``field`` with a stable ``code`` prefixed by
    ``kind`` (``money_format``, ``money_float``, ``money_negative``, ``money_precision``,
    ``money_too_large``...; docs/errors.md). The message does not repeat ``field``.
    """

    def refuse(code: str, message: str) -> InvalidInputError:
        return InvalidInputError(message, field=field, code=f"{kind}_{code}")

    if isinstance(value, bool):
        raise refuse("type", f"{field} must be a number, not a boolean: {_FLOAT_HINT}")
    if isinstance(value, float):
        raise refuse("float", f"float {value!r} is not accepted for {field}: {_FLOAT_HINT}")
    if isinstance(value, Decimal):
        result = value
        if not result.is_finite():
            raise refuse("not_finite", f"{field} must be a finite number, got {value!r}")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not (_SIGNED_NUMBER if signed else _PLAIN_NUMBER).fullmatch(text):
            shape = "an optional '-', " if signed else ""
            raise refuse(
                "format",
                f"{value!r} is not a number written as {shape}ASCII digits with an optional"
                f" '.' (such as '1200.50'): no sign, exponent, '_' or space",
            )
        result = Decimal(text)
    else:
        raise refuse("type", f"{field} must be a string or Decimal, got {type(value).__name__}")
    if not signed and result.is_signed():
        raise refuse("negative", f"{field} must not be negative, got {value!r}")
    # The ceiling first: quantizing 1E+100 would exceed Decimal's precision.
    if maximum is not None and result > maximum:
        raise refuse("too_large", f"{field} {result} is too large: at most {maximum}")
    if to_the_cent and result != result.quantize(CENT):
        raise refuse(
            "precision", f"{field} {value} has more than two decimal places: give it to the cent"
        )
    return result


def to_decimal(value: Any, *, what: str = "amount") -> Decimal:
    """A signed decimal, read strictly as :func:`parse_amount` reads it (no float, exponent,
    "+", "_", inner space or non-ASCII digit); the caller checks its sign and bounds.

    Raises :class:`InvalidInputError` (a ``ValueError``) naming ``what``."""
    return parse_amount(
        value, field=what, kind="number", to_the_cent=False, signed=True, maximum=None
    )


def parse_money(value: Any, field: str = "amount") -> Decimal:
    """A money amount (RULEBOOK §0): non-negative, at most two decimals, at most
    :data:`MAX_AMOUNT`, quantized to the cent."""
    return parse_amount(value, field=field).quantize(CENT)


#: A VAT rate is a fraction below 1: 1 would be a 100 % VAT.
RATE_CEILING = Decimal(1)


def parse_rate(value: Any, field: str = "rate") -> Decimal:
    """A VAT rate as a fraction in [0, 1): '0.20', '0.055', '0'."""
    rate = parse_amount(value, field=field, kind="rate", to_the_cent=False, maximum=None)
    if rate >= RATE_CEILING:
        raise InvalidInputError(
            f"{field} must be a fraction in [0, 1), such as '0.20' or '0.055'; got {rate}",
            field=field,
            code="rate_out_of_range",
        )
    return rate


def as_pydantic_error(error: InvalidInputError) -> PydanticCustomError:
    """The same refusal for a model's validator: pydantic's own error, with the stable code as
    its ``type``, reported at the field's location (docs/errors.md)."""
    return PydanticCustomError(error.code, str(error))


# Module-level validators (not closures built at import), so that each call runs the current
# code: a mutation test of the parsing reaches the models too. A field validator always has its
# field's name.
def _validate_money(value: Any, info: ValidationInfo) -> Decimal:
    try:
        return parse_money(value, f"{info.field_name}")
    except InvalidInputError as error:
        raise as_pydantic_error(error) from None


def _validate_rate(value: Any, info: ValidationInfo) -> Decimal:
    try:
        return parse_rate(value, f"{info.field_name}")
    except InvalidInputError as error:
        raise as_pydantic_error(error) from None


_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]{1,2})?$"},
        {"type": "integer", "minimum": 0},
    ],
    "description": "euros, at most two decimals, as a string (e.g. '1200.50') or an integer",
}

Money = Annotated[
    Decimal,
    BeforeValidator(_validate_money),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(_MONEY_SCHEMA),
]
"""A non-negative amount in euros with at most two decimals; JSON form is a string."""

Rate = Annotated[
    Decimal,
    BeforeValidator(_validate_rate),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^0(\.[0-9]+)?$", "description": "a fraction in [0, 1)"}
    ),
]
"""A VAT rate as a fraction in [0, 1): '0.20', '0.055', '0'."""


def format_eur(amount: Decimal, lang: str = "fr") -> str:
    """``1 800,00 €`` in French, ``EUR 1,800.00`` in English."""
    text = f"{amount:,.2f}"
    if lang == "fr":
        return text.replace(",", " ").replace(".", ",") + " €"
    return f"EUR {text}"
