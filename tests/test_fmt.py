"""Our French formatting equals CLDR's fr_FR (through Babel) for every kind of value we print."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal, format_percent

from lexom_terms import fmt

AMOUNTS = ["0.00", "0.01", "1.00", "999.99", "1000.00", "1800.00", "12345.67", "999999999999.99"]


@pytest.mark.parametrize("text", AMOUNTS)
def test_money_is_cldr_fr(text: str) -> None:
    amount = Decimal(text)
    assert fmt.money(amount, "fr") == format_currency(amount, "EUR", locale="fr_FR")


def test_money_keeps_thousands_together() -> None:
    assert fmt.money(Decimal("1800.00")) == "1\u202f800,00\u00a0€"
    assert fmt.money(Decimal("1800.00"), "en") == "EUR 1,800.00"


@pytest.mark.parametrize("text", ["13.15", "20", "5.5", "10.15", "2.1", "0", "100"])
def test_percent_is_cldr_fr(text: str) -> None:
    points = Decimal(text)
    expected = format_percent(points / 100, locale="fr_FR", decimal_quantization=False)
    assert fmt.percent(points, "fr") == expected


@pytest.mark.parametrize(("fraction", "printed"), [("0.20", "20\u00a0%"), ("0.055", "5,5\u00a0%")])
def test_vat_rate(fraction: str, printed: str) -> None:
    assert fmt.rate(Decimal(fraction)) == printed


@pytest.mark.parametrize("value", [Decimal("1234567.5"), Decimal("36500"), 365, 1800])
def test_number_is_cldr_fr(value: Decimal | int) -> None:
    assert fmt.number(value, "fr") == format_decimal(value, locale="fr_FR")


def test_dates() -> None:
    assert fmt.day(date(2026, 3, 16)) == "16 mars 2026"
    assert fmt.day(date(2026, 7, 1)) == "1er juillet 2026"
    assert fmt.day(date(2026, 8, 2)) == "2 août 2026"
    assert fmt.day(date(2026, 7, 1), "en") == "1 July 2026"
    assert fmt.short_day(date(2026, 3, 5)) == "05/03/2026"
    assert fmt.short_day(date(2026, 3, 5), "en") == "2026-03-05"


def test_interest_rates_keep_two_places() -> None:
    assert fmt.percent(Decimal("12.4"), places=2) == "12,40\u00a0%"
    assert fmt.percent(Decimal("12.15"), "en", places=2) == "12.15 %"
