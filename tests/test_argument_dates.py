"""RULEBOOK §0 "Input strictness": every public function that takes a date also takes its
``YYYY-MM-DD`` string, as the models do; any other type, form or a date outside 1900-01-01 …
2199-12-31 is an ``InvalidInputError`` naming the argument (``code`` ``"invalid_date"`` or
``"date_out_of_range"``), never a ``TypeError`` or ``OverflowError`` from inside (issue 10).

The calendar helpers are strict's own and pass on this branch. The others live in the engine's
and the public-buyers' files and call ``lexom_terms.calendar.as_date`` once merged: they are
marked ``xfail(strict=False)`` so that the lead sees which still fail before the merge, and
removes the marks after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

import lexom_terms as lt
from lexom_terms import InvalidInputError

from .conftest import make_order

ENGINE = pytest.mark.skipif(False, reason="merged")
PUBLIC = pytest.mark.skipif(False, reason="merged")

ORDER = make_order(paid=(("2026-01-05", "540.00"),))
NOTICE = lt.Notice(received_on="2026-02-20")
INVOICE = lt.Invoice(
    number="F-2025-118",
    cgv="new-30",
    client=lt.Client(name="ACME SAS", kind="legal_person"),
    issued_on="2025-06-10",
    due_on="2025-07-10",
    amount_incl_tax="1800.00",
)

#: (argument name, the call with that argument set to ``value``, a valid ISO string for it)
CALLS: list[Any] = [
    pytest.param("day", lambda v: lt.public_holiday(v), "2026-05-01", id="public_holiday"),
    pytest.param(
        "event_on", lambda v: lt.statutory_deadline(v, 14), "2026-01-10", id="statutory_deadline"
    ),
    pytest.param("as_of", lambda v: lt.balance(ORDER, v), "2026-09-30", id="balance", marks=ENGINE),
    pytest.param(
        "invoice_received_on",
        lambda v: lt.payment_due(ORDER, v),
        "2026-03-20",
        id="payment_due",
        marks=ENGINE,
    ),
    pytest.param(
        "issued_on",
        lambda v: lt.quote_expires_on(v),
        "2026-01-05",
        id="quote_expires_on",
        marks=ENGINE,
    ),
    pytest.param(
        "formal_notice_received_on",
        lambda v: lt.resolution_opens_on(v),
        "2026-04-01",
        id="resolution_opens_on",
        marks=ENGINE,
    ),
    pytest.param(
        "relationship_ended_on",
        lambda v: lt.data_retention_until("legacy-15", v),
        "2026-04-01",
        id="data_retention_until",
        marks=ENGINE,
    ),
    pytest.param(
        "new_start",
        lambda v: lt.postpone(ORDER, NOTICE, v),
        "2026-06-01",
        id="postpone",
        marks=ENGINE,
    ),
    pytest.param(
        "new_start",
        lambda v: lt.compare_regimes(ORDER, NOTICE, new_start=v),
        "2026-06-01",
        id="compare_regimes",
        marks=ENGINE,
    ),
    pytest.param(
        "as_of",
        lambda v: lt.check_invoice(INVOICE, claimed=lt.Claimed(interest="0"), as_of=v),
        "2025-12-31",
        id="check_invoice",
        marks=ENGINE,
    ),
    pytest.param(
        "as_of",
        lambda v: lt.late_interest(INVOICE, v),
        "2025-12-31",
        id="late_interest",
        marks=PUBLIC,
    ),
]
#: Arguments whose documented default is None: None is valid there.
OPTIONAL = {"payment_due", "postpone", "compare_regimes", "check_invoice"}
REQUIRED = [call for call in CALLS if call.id not in OPTIONAL]


@pytest.mark.parametrize(("field", "call", "text"), CALLS)
def test_a_date_string_is_accepted_as_its_date(
    field: str, call: Callable[[Any], Any], text: str
) -> None:
    assert call(text) == call(date.fromisoformat(text))


@pytest.mark.parametrize(("field", "call", "text"), CALLS)
@pytest.mark.parametrize(
    "bad",
    [20260302, 1.5, ["2026-03-02"], datetime(2026, 3, 2, 9, 0), "2026-W10-1", "02/03/2026"],
    ids=["int", "float", "list", "datetime", "week date", "french form"],
)
def test_any_other_type_or_form_is_an_error_naming_the_argument(
    field: str, call: Callable[[Any], Any], text: str, bad: object
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call(bad)
    assert (caught.value.field, caught.value.code) == (field, "invalid_date")
    assert str(caught.value).startswith(f"{field}: ")


@pytest.mark.parametrize(("field", "call", "text"), REQUIRED)
def test_none_is_refused_where_a_date_is_required(
    field: str, call: Callable[[Any], Any], text: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call(None)
    assert (caught.value.field, caught.value.code) == (field, "invalid_date")
    assert field in str(caught.value)


@pytest.mark.parametrize(("field", "call", "text"), CALLS)
@pytest.mark.parametrize("bad", ["1899-12-31", "2200-01-01", date(9999, 12, 31), date.min])
def test_a_date_outside_the_supported_range_is_refused(
    field: str, call: Callable[[Any], Any], text: str, bad: object
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call(bad)
    assert (caught.value.field, caught.value.code) == (field, "date_out_of_range")
    assert "1900-01-01 to 2199-12-31" in str(caught.value)


@ENGINE
def test_balance_as_of_a_string_was_a_type_error_from_inside() -> None:
    # issue 10: `balance(order, "2026-09-30")` raised a TypeError comparing str and date
    assert lt.balance(ORDER, "2026-09-30").paid_by_client == ORDER.paid


def test_late_interest_near_the_end_of_the_range_is_a_documented_error() -> None:
    # issue 10: an invoice due 9999-12-31 overflowed; now the invoice is refused when built, and
    # one due in the last month of the range needs a rate no table holds: MissingRateError.
    invoice = INVOICE.model_copy(
        update={"issued_on": date(2199, 11, 1), "due_on": date(2199, 12, 1)}
    )
    with pytest.raises(lt.MissingRateError):
        lt.late_interest(invoice, date(2199, 12, 31))
