"""``read_ledger``: the audit's invoice ledger, as a spreadsheet saves it.

Columns (header row required, any order, names case-insensitive):

=================  ========  ==============================================================
column             required  meaning
=================  ========  ==============================================================
number             yes       invoice number (unique in the ledger)
cgv                yes       ``legacy-15`` or ``new-30``
client_name        yes       the client's name
client_kind        yes       ``legal_person`` or ``natural_person``
professional       no        ``true`` / ``false``; empty: by ``client_kind`` (RULEBOOK §0)
country            no        ISO 3166-1 alpha-2, default ``FR``
subdivision        no        French holiday subdivision (``57``, ``974``...)
public_buyer       no        ``state``, ``health`` or ``public_undertaking`` (RULEBOOK §11)
issued_on          yes       issue date
due_on             yes       due date
amount_incl_tax    yes       amount incl. VAT
payments           no        0.1 form: ``YYYY-MM-DD:amount`` items separated by ``;``
=================  ========  ==============================================================

Payments are best given in a **second file**, one row per payment (``number``, ``paid_on``,
``amount``): a long format that cannot collide with any separator, read with the same rules.

The file may start with a UTF-8 byte-order mark; its separator (``,``, ``;`` or tab) is read
from the header line. Two dialects: ``"iso"`` (amounts ``1234.56``, dates ``YYYY-MM-DD``) and
``"fr"`` (amounts ``1 234,56`` or ``1234,56``, dates ``JJ/MM/AAAA`` or ISO). Without an explicit
dialect, a ``;``-separated file is French (French Excel's list separator, the one case that
is not ambiguous) and any other is ``iso``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from ..calendar import MAX_DATE as _MAX_DAY
from ..calendar import MIN_DATE as _MIN_DAY
from ..enums import CgvVersion
from ..errors import InvalidInputError, error_text
from ..models import Client, Invoice, Payment
from ..money import CENT, MAX_AMOUNT
from ..results import trusted
from ._text import (
    Dialect,
    LedgerError,
    Source,
    amount,
    day,
    header_cells,
    header_record,
    one_line,
    rows,
    sniff,
    source_name,
    text_lines,
    visible,
)
from ._unique import UniqueNumbers

REQUIRED = ("number", "cgv", "client_name", "client_kind", "issued_on", "due_on", "amount_incl_tax")
OPTIONAL = ("professional", "country", "subdivision", "public_buyer", "payments")
PAYMENT_COLUMNS = ("number", "paid_on", "amount")
_CLIENT_FIELDS = {
    "name": "client_name",
    "kind": "client_kind",
    "professional": "professional",
    "country": "country",
    "subdivision": "subdivision",
    "public_buyer": "public_buyer",
}

#: the model's reading of a CGV cell (the plain value; anything else goes through validation)
_CGV = {str(v): v for v in CgvVersion}

#: a record handed to a worker process: (line, cells, payments as (date, amount) pairs)
Record = tuple[int, tuple[str, ...], tuple[tuple[date, Decimal], ...] | None]


def _choose(dialect: Dialect | None, delimiter: str) -> Dialect:
    if dialect is not None:
        if dialect not in ("iso", "fr"):
            raise LedgerError(1, None, f"dialect {dialect!r}: use 'iso' or 'fr'", code="dialect")
        return dialect
    return "fr" if delimiter == ";" else "iso"


@dataclass(frozen=True)
class Layout:
    """What a worker needs to turn a record into an :class:`Invoice` (picklable)."""

    columns: dict[str, int]
    dialect: Dialect
    width: int
    _clients: dict[tuple[str, ...], Client] = field(default_factory=dict, compare=False)

    @property
    def _client_at(self) -> tuple[int, ...]:
        """The indexes of the client's columns present in the header (cached)."""
        found: tuple[int, ...] | None = self.__dict__.get("_client_at_cache")
        if found is None:
            found = tuple(self.columns[c] for c in _CLIENT_FIELDS.values() if c in self.columns)
            self.__dict__["_client_at_cache"] = found
        return found

    @property
    def _invoice_at(self) -> tuple[int, int, int, int, int, int]:
        """The indexes of number, cgv, issued_on, due_on, amount_incl_tax and payments (-1:
        no such column), cached."""
        found: tuple[int, int, int, int, int, int] | None = self.__dict__.get("_invoice_at_cache")
        if found is None:
            at = self.columns
            found = (
                at["number"],
                at["cgv"],
                at["issued_on"],
                at["due_on"],
                at["amount_incl_tax"],
                at.get("payments", -1),
            )
            self.__dict__["_invoice_at_cache"] = found
        return found

    def cell(self, cells: tuple[str, ...], name: str) -> str:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def invoice(self, record: Record) -> Invoice:
        """The record's invoice. The reader's own strict parsing (:func:`day`, :func:`amount`)
        has read every cell; what the model's validation would still check (the supported
        dates, an amount to the cent and at most ``MAX_AMOUNT``, a known CGV, a number that is
        not blank, due on or after issue) is checked here, and the invoice is then built without
        validating it a second time. Any cell outside that plain case (a check failing, spaces
        around a text) goes through the model's validation, which gives its usual error:
        ``tests/test_ledger_trusted.py`` checks both builds agree on fuzzed rows."""
        line, cells, paid = record
        if len(cells) != self.width:
            self._check_width(line, cells)
            cells = cells[: self.width]  # the empty trailing cells a spreadsheet adds
        number_at, cgv_at, issued_at, due_at, amount_at, payments_at = self._invoice_at
        dialect = self.dialect
        client = self._client(cells, line)
        if paid is not None:
            # read and validated by read_payments already
            payments = tuple(_trusted_payment(on, amt) for on, amt in paid)
        elif payments_at >= 0:
            payments = _payment_items(cells[payments_at], dialect, line)
        else:
            payments = ()
        issued_on = day(cells[issued_at], dialect, line, "issued_on")
        due_on = day(cells[due_at], dialect, line, "due_on")
        total = amount(cells[amount_at], dialect, line, "amount_incl_tax")
        number = cells[number_at]
        cgv = _CGV.get(cells[cgv_at].strip())
        money = _money(total)
        if (
            cgv is not None
            and money is not None
            and number
            and not number[0].isspace()
            and not number[-1].isspace()
            and _MIN_DAY <= issued_on <= due_on <= _MAX_DAY
        ):
            return trusted(
                Invoice,
                {
                    "number": number,
                    "cgv": cgv,
                    "client": client,
                    "issued_on": issued_on,
                    "due_on": due_on,
                    "amount_incl_tax": money,
                    "payments": payments,
                },
            )
        return self._validated(line, cells, client, payments, issued_on, due_on, total)

    def _validated(
        self,
        line: int,
        cells: tuple[str, ...],
        client: Client,
        payments: tuple[Payment, ...],
        issued_on: date,
        due_on: date,
        total: Decimal,
    ) -> Invoice:
        """The invoice through the model's validation (the rows the trusted build leaves)."""
        at = self.columns
        try:
            return Invoice(
                number=cells[at["number"]],
                cgv=cells[at["cgv"]].strip(),
                client=client,
                payments=payments,
                issued_on=issued_on,
                due_on=due_on,
                amount_incl_tax=total,
            )
        except ValidationError as error:
            loc = error.errors()[0]["loc"]
            name = str(loc[0]) if loc else ""
            column = name if name in REQUIRED else "due_on"
            raise LedgerError(line, column, _first(error)) from None

    def _check_width(self, line: int, cells: tuple[str, ...]) -> None:
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            raise LedgerError(
                line,
                None,
                f"{len(cells)} cells for a header of {self.width} columns: an unquoted separator"
                " inside a cell? (payments belong in the payments file)",
                code="extra_cells",
            )
        if len(cells) < self.width:
            raise LedgerError(
                line,
                None,
                f"{len(cells)} cells for a header of {self.width} columns",
                code="missing_cells",
            )

    def _client(self, cells: tuple[str, ...], line: int) -> Client:
        key_of = self.__dict__.get("_client_key")
        if key_of is None:
            # the client's cells as one tuple, in one call (client_name and client_kind are
            # required: at least two indexes, so itemgetter gives a tuple)
            key_of = self.__dict__["_client_key"] = itemgetter(*self._client_at)
        key = key_of(cells)
        client = self._clients.get(key)
        if client is not None:
            return client
        data: dict[str, Any] = {
            "name": self.cell(cells, "client_name"),
            "kind": self.cell(cells, "client_kind").strip(),
            "professional": _professional(self.cell(cells, "professional"), line),
        }
        for name in ("country", "subdivision", "public_buyer"):
            text = self.cell(cells, name).strip()
            if text:
                data[name] = text
        try:
            client = self._clients[key] = Client.model_validate(data)
        except ValidationError as error:
            loc = error.errors()[0]["loc"]
            column = _CLIENT_FIELDS.get(str(loc[0]) if loc else "", "client_name")
            raise LedgerError(line, column, _first(error)) from None
        return client


def _first(error: ValidationError) -> str:
    return error_text(error.errors()[0]["msg"])


def _professional(text: str, line: int) -> bool | None:
    value = text.strip().lower()
    if value == "":
        return None
    if value in ("true", "1", "yes", "oui", "vrai"):
        return True
    if value in ("false", "0", "no", "non", "faux"):
        return False
    raise LedgerError(line, "professional", f"{text!r}: use true, false or leave it empty")


def _payment_items(text: str, dialect: Dialect, line: int) -> tuple[Payment, ...]:
    if not text:  # most rows: no payment
        return ()
    found = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        on, sep, value = item.partition(":")
        if not sep:
            raise LedgerError(line, "payments", f"{item!r} is not 'YYYY-MM-DD:amount'")
        found.append(
            _payment(
                day(on, dialect, line, "payments"), amount(value, dialect, line, "payments"), line
            )
        )
    return tuple(found)


def _money(value: Decimal) -> Decimal | None:
    """``value`` as the model's money (:func:`~lexom_terms.money.parse_money`: not negative,
    ``-0`` included, at most two decimals and ``MAX_AMOUNT``, quantized to the cent), or None
    when the model would refuse it (the caller then lets the model say why)."""
    if value.is_signed() or value > MAX_AMOUNT:
        return None
    cents = value.quantize(CENT)
    return cents if cents == value else None


def _trusted_payment(on: date, value: Decimal) -> Payment:
    """A payment read and checked by the reader (a date in range, money above zero), built
    without a second validation."""
    return trusted(Payment, {"on": on, "amount": value})


def _payment(on: date, value: Decimal, line: int, column: str = "payments") -> Payment:
    money = _money(value)
    if money is not None and money and _MIN_DAY <= on <= _MAX_DAY:
        return _trusted_payment(on, money)
    try:
        return Payment(on=on, amount=value)
    except ValidationError as error:
        raise LedgerError(line, column, _first(error)) from None


class Ledger:
    """The invoices of a ledger file, read lazily (iterate once). Iterating yields
    :class:`Invoice` objects; :meth:`records` gives the raw records to a process pool, which
    builds them with :attr:`layout`."""

    def __init__(
        self,
        source: Source,
        *,
        dialect: Dialect | None = None,
        encoding: str | None = None,
        payments: Source | None = None,
        payments_encoding: str | None = None,
    ) -> None:
        self._lines, dialect = source_lines(source, encoding, dialect, "ledger")
        try:
            first = next(self._lines)
        except StopIteration:
            raise LedgerError(1, None, "the file is empty: a header row is needed") from None
        first_line_kind(first, "ledger")
        delimiter = sniff(first, ("number", "issued_on"))
        self._records = rows(_chain(first, self._lines), delimiter)
        header = header_record(self._records, "ledger")
        names = header_cells(header, 1)
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise LedgerError(
                1,
                missing[0],
                f"missing column; the header needs {', '.join(REQUIRED)}",
                code="missing_column",
            )
        unknown = [c for c in names if c not in REQUIRED + OPTIONAL]
        if unknown:
            raise LedgerError(
                1, unknown[0], "unknown column; optional columns are " + ", ".join(OPTIONAL)
            )
        if payments is not None and "payments" in names:
            raise LedgerError(
                1, "payments", "give payments either in this column or in a payments file"
            )
        self._used = False
        self._unique = UniqueNumbers()
        self._names = names
        self.delimiter = delimiter
        self.layout = Layout(
            columns={n: i for i, n in enumerate(names)},
            dialect=_choose(dialect, delimiter),
            width=len(names),
        )
        self._paid = (
            None
            if payments is None
            else read_payments(payments, dialect=dialect, encoding=payments_encoding)
        )

    def records(self) -> Iterator[Record]:
        """``(line, cells, payments)`` per row; refuses a duplicate invoice number here, in
        ledger order, and a payment for an invoice the ledger does not hold at the end."""
        if self._used:
            raise InvalidInputError(
                "a Ledger is read once, as it streams: call read_ledger again (or keep"
                " list(ledger))",
                code="ledger_read_twice",
            )
        self._used = True
        unique = self._unique
        number_at = self.layout.columns["number"]
        paid = self._paid
        names = self._names
        try:
            for line, cells in self._records:
                visible(cells, line, names)
                number = cells[number_at].strip() if number_at < len(cells) else ""
                one_line(number, line, "number")
                if unique.add(number, line) is not None:
                    raise _duplicate(number, line)
                yield line, tuple(cells), None if paid is None else paid.pop(number, ())
            if unique.spilled:
                found = unique.first_duplicate()
                if found is not None:
                    raise _duplicate(found.number, found.second[1])
        except LedgerError as error:
            earlier = self.earliest(error)
            if earlier is error:
                raise
            raise earlier from None
        if paid:
            orphans = sorted(paid)
            raise LedgerError(
                1,
                None,
                "the payments file pays invoices the ledger does not hold: "
                + ", ".join(orphans[:10])
                + ("…" if len(orphans) > 10 else ""),
                code="orphan_payment",
            )

    def earliest(self, error: LedgerError) -> LedgerError:
        """``error``, or the duplicate invoice number found on an earlier line: the first error in
        ledger order, whatever found it first (the duplicate check keeps bounded memory, so a
        duplicate whose occurrences are far apart is found by a merge, later)."""
        if not self._unique.spilled or error.source is not None:
            return error
        found = self._unique.first_duplicate(before=(0, error.line))
        return error if found is None else _duplicate(found.number, found.second[1])

    def __iter__(self) -> Iterator[Invoice]:
        invoice = self.layout.invoice
        for record in self.records():
            yield invoice(record)


def _duplicate(number: str, line: int) -> LedgerError:
    return LedgerError(
        line, "number", f"invoice {number!r} appears twice", code="duplicate_invoice"
    )


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def source_lines(
    source: Source, encoding: str | None, dialect: Dialect | None, what: str
) -> tuple[Iterator[str], Dialect | None]:
    """The source's text lines, and its dialect: a workbook (``.xlsx``, ``.xls``, ``.ods``, by
    its first bytes) is read through :mod:`.workbook`, French unless ``dialect`` says otherwise;
    a PDF or another archive is refused by its kind."""
    from .workbook import WORKBOOKS, file_kind, workbook_lines, wrong_kind

    if isinstance(source, str | os.PathLike):
        kind = file_kind(source)
        if kind in WORKBOOKS:
            chosen: Dialect = dialect or "fr"
            return workbook_lines(source, str(kind), chosen, what), chosen
        if kind is not None:
            raise wrong_kind(kind, what)
    elif isinstance(source, bytes | bytearray):
        if bytes(source[:4]) == b"%PDF":
            raise wrong_kind("pdf", what)
        if bytes(source[:4]) == b"PK\x03\x04":
            raise wrong_kind("extra" if b"xl/" in source[:4096] else "zip", what)
    return text_lines(source, encoding), dialect


def first_line_kind(first: str, what: str) -> None:
    """A FEC or an XML file given as a ledger is named by its kind (not "cannot tell the
    separator")."""
    from .workbook import wrong_kind

    head = first.lstrip("\ufeff \t").lower()
    if head.startswith("journalcode"):
        raise wrong_kind("fec", what)
    if head.startswith("<?xml") or head.startswith("<"):
        raise wrong_kind("xml", what)


def read_ledger(
    path_or_file: Source,
    *,
    dialect: Dialect | None = None,
    encoding: str | None = None,
    payments: Source | None = None,
    payments_encoding: str | None = None,
) -> Ledger:
    """The invoices of a ledger (a path, a binary or text file, or lines of text), validated
    row by row as they are read: a bad row raises :class:`LedgerError` naming its line and
    column. ``payments``: the long-format payments file (see the module's text)."""
    return Ledger(
        path_or_file,
        dialect=dialect,
        encoding=encoding,
        payments=payments,
        payments_encoding=payments_encoding,
    )


def read_payments(
    source: Source, *, dialect: Dialect | None = None, encoding: str | None = None
) -> dict[str, tuple[tuple[date, Decimal], ...]]:
    """The payments file: ``number``, ``paid_on``, ``amount``, one row per payment, read whole
    (it is needed before the first invoice). Its errors name it (``LedgerError.source``)."""
    try:
        return _read_payments(source, dialect, encoding)
    except LedgerError as error:
        error.source = source_name(source)
        raise


def _read_payments(
    source: Source, dialect: Dialect | None, encoding: str | None
) -> dict[str, tuple[tuple[date, Decimal], ...]]:
    lines, dialect = source_lines(source, encoding, dialect, "payments file")
    try:
        first = next(lines)
    except StopIteration:
        raise LedgerError(1, None, "the payments file is empty: a header row is needed") from None
    first_line_kind(first, "payments file")
    delimiter = sniff(first, PAYMENT_COLUMNS)
    records = rows(_chain(first, lines), delimiter)
    header = header_record(records, "payments file")
    names = header_cells(header, 1)
    unknown = [c for c in names if c not in PAYMENT_COLUMNS]
    if unknown:
        raise LedgerError(
            1, unknown[0], "unknown column; a payments file has number, paid_on, amount"
        )
    missing = [c for c in PAYMENT_COLUMNS if c not in names]
    if missing:
        raise LedgerError(
            1,
            missing[0],
            "missing column; a payments file has number, paid_on, amount",
            code="missing_column",
        )
    chosen = _choose(dialect, delimiter)
    at = {n: i for i, n in enumerate(names)}
    found: dict[str, list[tuple[date, Decimal]]] = {}
    for line, cells in records:
        visible(cells, line, names)
        if len(cells) != len(names) and any(c.strip() for c in cells[len(names) :]):
            raise LedgerError(
                line, None, f"{len(cells)} cells for a header of {len(names)}", code="extra_cells"
            )
        if len(cells) < len(names):
            raise LedgerError(
                line, None, f"{len(cells)} cells for a header of {len(names)}", code="missing_cells"
            )
        number = cells[at["number"]].strip()
        one_line(number, line, "number")
        if not number:
            raise LedgerError(line, "number", "the invoice number is empty")
        on = day(cells[at["paid_on"]], chosen, line, "paid_on")
        value = amount(cells[at["amount"]], chosen, line, "amount")
        checked = _payment(on, value, line, "amount")
        found.setdefault(number, []).append((checked.on, checked.amount))
    return {number: tuple(items) for number, items in found.items()}
