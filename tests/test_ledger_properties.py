"""Properties of the ledger readers' number and date rules, over wide strategies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexom_terms.ledgers._text import GROUP_SPACES, LedgerError, amount, day
from lexom_terms.tools.audit import neutralise

cents = st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1)


def french(value: int, space: str, grouped: bool) -> str:
    sign = "-" if value < 0 else ""
    units, rest = divmod(abs(value), 100)
    digits = str(units)
    if grouped:
        groups = []
        while len(digits) > 3:
            digits, tail = digits[:-3], digits[-3:]
            groups.insert(0, tail)
        digits = space.join([digits, *groups])
    return f"{sign}{digits},{rest:02d}"


@given(cents, st.sampled_from(GROUP_SPACES), st.booleans())
def test_french_amounts_read_back_exactly(value: int, space: str, grouped: bool) -> None:
    text = french(value, space, grouped)
    assert amount(text, "fr", 2, "amount") == Decimal(value) / 100


@given(cents)
def test_iso_amounts_read_back_exactly(value: int) -> None:
    text = f"{Decimal(value) / 100:.2f}"
    assert amount(text, "iso", 2, "amount") == Decimal(value) / 100


@given(cents, st.sampled_from(GROUP_SPACES), st.booleans())
def test_a_french_amount_is_never_read_as_iso(value: int, space: str, grouped: bool) -> None:
    with pytest.raises(LedgerError):
        amount(french(value, space, grouped), "iso", 2, "amount")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_dates_read_back_in_both_forms(value: date) -> None:
    assert day(value.isoformat(), "iso", 2, "d") == value
    assert day(value.isoformat(), "fr", 2, "d") == value
    assert day(value.strftime("%d/%m/%Y"), "fr", 2, "d") == value


@given(st.text(max_size=30))
def test_neutralised_cells_never_start_a_formula(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)
