"""The ledger builds its invoices without validating them a second time (``Layout.invoice``):
on fuzzed rows, what it builds equals ``Invoice.model_validate`` of the cells the reader parsed,
and what it refuses, it refuses with the validated build's error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lexom_terms import Invoice, Payment
from lexom_terms.ledgers._text import LedgerError, amount, day
from lexom_terms.ledgers.spreadsheet import Layout, _payment_items

NAMES = ("number", "cgv", "client_name", "client_kind", "issued_on", "due_on")
NAMES += ("amount_incl_tax", "payments")
ISO = Layout(columns={n: i for i, n in enumerate(NAMES)}, dialect="iso", width=len(NAMES))
FR = Layout(columns={n: i for i, n in enumerate(NAMES)}, dialect="fr", width=len(NAMES))

spaces = st.sampled_from(["", " ", "\t", "\u00a0", "\x1c", "\u2003", "\u3000"])
numbers = st.one_of(
    st.sampled_from(["F-1", "=SUM(A1)", "", "F 1", "Facture n° 7"]),
    st.text(max_size=8),
    st.tuples(spaces, st.sampled_from(["F-2", ""]), spaces).map("".join),
)
cgvs = st.one_of(
    st.sampled_from(["legacy-15", "new-30", "LEGACY-15", "legacy15", "", "new-30 "]),
    st.tuples(spaces, st.sampled_from(["legacy-15", "new-30"]), spaces).map("".join),
)
iso_days = st.dates(date(1890, 1, 1), date(2210, 12, 31)).map(date.isoformat)
days = st.one_of(
    iso_days,
    st.dates(date(1890, 1, 1), date(2210, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["2025-02-30", "", "2025-1-5", " 2025-01-05 "]),
)
amounts = st.one_of(
    st.integers(0, 10**15).map(lambda c: f"{c // 100}.{c % 100:02d}"),
    st.integers(0, 10**6).map(str),
    st.decimals(min_value=-10, max_value=10**13, places=3, allow_nan=False).map(str),
    st.sampled_from(
        ["-0", "-0.00", "0", "0.00", "12.5", "12.345", "999999999999.99", "1000000000000.00"]
    ),
    st.sampled_from(["1 234,56", "1234,5", "1\u202f234,00", "-0,00", "12,345"]),
)


@st.composite
def payment_cells(draw: st.DrawFn) -> str:
    items = [f"{draw(days)}:{draw(amounts)}" for _ in range(draw(st.integers(0, 3)))]
    return "; ".join(items)


@st.composite
def records(draw: st.DrawFn) -> tuple[int, tuple[str, ...], None]:
    cells = (
        draw(numbers),
        draw(cgvs),
        "ACME",
        "legal_person",
        draw(days),
        draw(days),
        draw(amounts),
        draw(payment_cells()),
    )
    return (2, cells, None)


def validated(layout: Layout, record: tuple[int, tuple[str, ...], None]) -> Invoice:
    """The build without shortcuts: the reader parses each cell, the model validates all."""
    line, cells, _ = record
    at = layout.columns
    client = layout._client(cells, line)
    payments = [
        {"on": p.on, "amount": p.amount}
        for p in _payment_items(cells[at["payments"]], layout.dialect, line)
    ]
    data: dict[str, Any] = {
        "number": cells[at["number"]],
        "cgv": cells[at["cgv"]].strip(),
        "client": client,
        "payments": payments,
        "issued_on": day(cells[at["issued_on"]], layout.dialect, line, "issued_on"),
        "due_on": day(cells[at["due_on"]], layout.dialect, line, "due_on"),
        "amount_incl_tax": amount(
            cells[at["amount_incl_tax"]], layout.dialect, line, "amount_incl_tax"
        ),
    }
    try:
        return Invoice.model_validate(data)
    except Exception:  # the ledger's own error, as the validated path words it
        return layout._validated(
            line,
            cells,
            client,
            tuple(Payment.model_validate(p) for p in payments),
            data["issued_on"],
            data["due_on"],
            data["amount_incl_tax"],
        )


def outcome(build: Any, layout: Layout, record: Any) -> tuple[str, Any]:
    try:
        invoice = build(layout, record)
    except LedgerError as error:
        return ("error", (str(error), error.code, error.line, error.column))
    return ("invoice", invoice)


def _same_invoice(fast: Invoice, slow: Invoice) -> None:
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    for name in Invoice.model_fields:
        ours, theirs = getattr(fast, name), getattr(slow, name)
        assert type(ours) is type(theirs), name
        assert repr(ours) == repr(theirs), name  # 12.50, not 12.5
    assert fast.model_dump_json() == slow.model_dump_json()


@settings(max_examples=1500, deadline=None)
@given(records(), st.sampled_from([ISO, FR]))
@example(
    (
        2,
        (
            "F-1",
            "legacy-15",
            "ACME",
            "legal_person",
            "2025-01-01",
            "2025-01-31",
            "12.5",
            "2025-02-01:5; 2025-03-01:7.5",
        ),
        None,
    ),
    ISO,
)
@example(
    (
        2,
        (" F-1", "legacy-15", "ACME", "legal_person", "2025-01-01", "2025-01-31", "12.50", ""),
        None,
    ),
    ISO,
)
@example(
    (
        2,
        ("F-1\x1c", "legacy-15", "ACME", "legal_person", "2025-01-01", "2025-01-31", "12.50", ""),
        None,
    ),
    ISO,
)
@example(
    (
        2,
        ("F-1", "legacy-15", "ACME", "legal_person", "2025-01-31", "2025-01-01", "12.50", ""),
        None,
    ),
    ISO,
)
@example(
    (
        2,
        (
            "F-1",
            "legacy-15",
            "ACME",
            "legal_person",
            "1899-12-31",
            "2025-01-01",
            "-0",
            "2025-02-01:0",
        ),
        None,
    ),
    ISO,
)
def test_trusted_build_equals_validation(record: Any, layout: Layout) -> None:
    def fast(lay: Layout, rec: Any) -> Invoice:
        return lay.invoice(rec)

    ours, theirs = outcome(fast, layout, record), outcome(validated, layout, record)
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "error":
        assert ours == theirs
    else:
        _same_invoice(ours[1], theirs[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(iso_days, amounts), max_size=3), st.sampled_from([ISO, FR]))
def test_payments_file_rows_build_as_validated(items: Any, layout: Layout) -> None:
    """Payments read from a payments file (read and checked before) build as validated."""
    cells = ("F-1", "new-30", "ACME", "legal_person", "2025-01-01", "2025-01-31", "10.00", "")
    paid = []
    for on, value in items:
        try:
            checked = Payment(on=day(on, "iso", 2, "paid_on"), amount=amount(value, "iso", 2, "a"))
        except Exception:
            continue
        paid.append((checked.on, checked.amount))
    width = len(NAMES) - 1
    short = Layout(columns={n: i for i, n in enumerate(NAMES[:-1])}, dialect="iso", width=width)
    fast = short.invoice((2, cells[:-1], tuple(paid)))
    slow = Invoice(
        number="F-1",
        cgv="new-30",
        client=fast.client,
        issued_on="2025-01-01",
        due_on="2025-01-31",
        amount_incl_tax=Decimal("10.00"),
        payments=tuple(Payment(on=on, amount=value) for on, value in paid),
    )
    _same_invoice(fast, slow)
