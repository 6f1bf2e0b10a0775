"""``read_fec``: the invoices and payments of a FEC (fichier des écritures comptables, Livre des
procédures fiscales art. A47 A-1), the export every French accounting program must produce.

The file: a header line, then one line per accounting line, 18 named columns in this order —
JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, CompAuxNum,
CompAuxLib, PieceRef, PieceDate, EcritureLib, Debit, Credit, EcritureLet, DateLet, ValidDate,
Montantdevise, Idevise — or with ``Montant`` and ``Sens`` (``D``/``C``, or ``+1``/``-1``) in the
place of Debit and Credit. Tab or ``|`` separated; dates ``AAAAMMJJ``; amounts with a decimal
comma (a dot is read too), no thousands separator, the sign first or last (``-12,50`` or
``12,50-``). Encoding UTF-8 or ISO-8859-15, the only two the text allows: without ``encoding``,
a file that is not valid UTF-8 is read as ISO-8859-15 (``FecLedger.encoding`` says which).

What the reader takes (each rule stated in docs/ledgers.md and tested):

- an **invoice** is a debit on a client account (``CompteNum`` starting with ``411``): number
  ``PieceRef``, issue date ``PieceDate``, amount incl. VAT the debit; the client is
  ``CompAuxNum`` (or ``CompteNum`` when there is no auxiliary account). The credits of the same
  entry (JournalCode + EcritureNum) on ``70…`` and ``4457…`` accounts are its excl.-VAT / VAT
  split, which must add up to the debit;
- a **payment** is a credit on a client account (its date: ``EcritureDate``); a credit whose
  entry debits a ``70…`` account is a **credit note**, which reduces the invoice it is allocated
  to instead of paying it;
- **allocation**: invoices and credits sharing a lettering code (``EcritureLet``) on one account
  are matched inside their group, oldest invoice first, before any other credit; credits without
  a lettering code (blank ``EcritureLet`` included), or whose code no invoice of the account
  carries, follow Code civil 1342-10: the debts already due on the credit's date
  first, the oldest first, then the others, the oldest first. A credit left over once every
  invoice it may pay is paid stays on the last one (reported as an overpayment);
- an **opening balance** (a 411 debit in the ``AN`` or ``RAN`` journal) is an older debt: credits
  pay it like any debt (lettered with it, or as the oldest due under 1342-10), but it is not
  audited — its invoice is in an earlier year's FEC (``FecLedger.opening_balances``);
- the **due date**: the FEC has none. CGV §3.2 makes the invoice payable on receipt, so
  ``due_on = PieceDate + receipt_delay_days`` (default 0, recorded in the report): the invoice
  is taken as issued at the end of the training. For a public buyer, the statutory period runs
  from the receipt (R2192-10 / R2192-11), and without a stated delay the receipt is the sending
  date + 2 days (R2192-14);
- the **client** is not in the FEC: a clients file maps each account to its kind, country and
  public-buyer status (columns ``account``, ``kind``, and optionally ``name``, ``professional``,
  ``country``, ``subdivision``, ``public_buyer``, ``cgv``). An account missing from it is an error
  listing every missing account, unless ``default_client`` is given.
"""

from __future__ import annotations

import io
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from pydantic import ValidationError

from .. import fmt
from ..allocation import Debt, Paid, allocate_amounts
from ..calendar import MAX_DATE, MIN_DATE
from ..enums import CgvVersion
from ..errors import InvalidInputError, error_text
from ..models import Client, Invoice, Payment
from ..money import ZERO
from ..statute import public_procurement
from ._text import (
    LedgerError,
    header_cells,
    header_record,
    read_bytes,
    rows,
    sniff,
    text_lines,
    visible,
)

COLUMNS = (
    "journalcode",
    "journallib",
    "ecriturenum",
    "ecrituredate",
    "comptenum",
    "comptelib",
    "compauxnum",
    "compauxlib",
    "pieceref",
    "piecedate",
    "ecriturelib",
    "debit",
    "credit",
    "ecriturelet",
    "datelet",
    "validdate",
    "montantdevise",
    "idevise",
)
#: the Montant + Sens variant (A47 A-1, II.1°): the same columns, Montant and Sens in place of
#: Debit and Credit
VARIANT = (*COLUMNS[:11], "montant", "sens", *COLUMNS[13:])
#: the one free-text column whose stray "|" separators are put back (see :func:`_rejoin`)
LIB = COLUMNS.index("ecriturelib")
#: RULEBOOK §11: the statutory payment period of each kind of public buyer, in days
# RULEBOOK §11's periods, from the one table (R2192-10, R2192-11)
PUBLIC_PERIOD_DAYS = public_procurement.PERIOD_DAYS
#: R2192-14: without a recorded receipt date, the sending date + 2 days
PUBLIC_RECEIPT_DAYS = public_procurement.DEFAULT_RECEIPT_DAYS
#: the journals of opening balances ("à-nouveaux", "report à nouveau", Odoo's "OUV"erture), by
#: their usual codes
OPENING_JOURNALS = frozenset({"AN", "RAN", "OUV"})
#: the columns some ERPs add after the 18 (Dolibarr's exportFEC: the due date, the invoice
#: number, the invoice's file), each read or ignored by name
EXTRA_COLUMNS = ("datelimitreglmt", "numfacture", "fichierfacture")
#: a PieceRef that is no reference (Odoo writes "-" when the move has none)
PLACEHOLDERS = frozenset({"", "-", "/", "--"})
#: the invoice number's column: ``auto`` (see :func:`read_fec`), or the one named
NUMBER_SOURCES = ("auto", "PieceRef", "EcritureNum")
#: Odoo's amounts: PostgreSQL's to_char(amount, '000000000000000D99'), fifteen digits before the
#: decimal comma, zero-padded, with the sign's place as a leading space
_ODOO_AMOUNT = re.compile(r"^ ?\d{15},\d{2}$", re.ASCII)
_DIGITS = re.compile(r"^[0-9]+(?:\.[0-9]+)?$", re.ASCII)
_FEC_DAY = re.compile(r"^[0-9]{8}$", re.ASCII)


@dataclass(frozen=True)
class _Line:
    line: int
    entry: tuple[str, str]
    account: str
    client: str
    client_name: str
    piece: str
    piece_date: date | None
    entry_date: date
    debit: Decimal
    credit: Decimal
    lettering: str
    number: str = ""
    """the invoice number (PieceRef, or EcritureNum: see :func:`read_fec`)"""
    due: date | None = None
    """a due date the export states (Dolibarr's DateLimitReglmt)"""
    ecriture_num: str = ""
    padded: bool = False
    """the amounts are Odoo's zero-padded ones"""


@dataclass
class _Open:
    """An invoice being built: its FEC line and what has been allocated to it."""

    line: _Line
    amount: Decimal
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    credited: Decimal = ZERO
    opening: bool = False
    """an opening balance (à-nouveaux): paid like a debt, never audited"""

    @property
    def open(self) -> Decimal:
        return self.amount - self.credited - sum((a for _, a in self.payments), ZERO)


@dataclass(frozen=True)
class FecLedger:
    """The invoices of a FEC, in the FEC's order, with what the reader decided."""

    invoices: tuple[Invoice, ...]
    encoding: str
    separator: str
    receipt_delay_days: int
    splits: dict[str, tuple[Decimal, Decimal]]
    """invoice number → (excl. VAT, VAT), from the 70… and 4457… lines of its entry"""
    credit_notes: dict[str, Decimal]
    """invoice number → the credit notes deducted from its amount"""
    opening_balances: dict[str, Decimal] = field(default_factory=dict)
    """``JournalCode:account:PieceRef`` of each opening-balance debit → what is still open on it
    after allocation (not audited: the invoice behind it is in an earlier year's FEC)"""
    opening_credits: dict[str, Decimal] = field(default_factory=dict)
    """``JournalCode:account:PieceRef`` of each opening credit balance (the client owed money by
    LEXOM at the opening): never allocated by the reader, reported on the account's invoices"""
    advances: dict[str, Decimal] = field(default_factory=dict)
    """``JournalCode:EcritureNum`` of each receipt (or its part) that came before any invoice
    it could pay (a deposit): never allocated by the reader, reported on the account's invoices"""
    anomalies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """invoice number → what the audit reports in its ``anomalies`` column"""
    numbered_by: str = "PieceRef"
    """the column the invoice numbers were taken from (``PieceRef`` or ``EcritureNum``)"""
    due_dates_from: str | None = None
    """the column the due dates were taken from (``DateLimitReglmt``), or None (CGV §3.2)"""

    def __iter__(self) -> Iterator[Invoice]:
        return iter(self.invoices)

    def __len__(self) -> int:
        return len(self.invoices)


# --- reading the lines -------------------------------------------------------------------------


def _decoded(source: Any, encoding: str | None) -> tuple[list[str], str]:
    """The file's lines and the encoding used (UTF-8, else ISO-8859-15 when none is given)."""
    if isinstance(source, str | os.PathLike):
        raw = read_bytes(source)
    elif isinstance(source, bytes):
        raw = source
    elif isinstance(source, io.TextIOBase):
        return list(text_lines(source, None)), "text"
    else:
        raw = source.read()
        if isinstance(raw, str):
            return list(text_lines(io.StringIO(raw), None)), "text"
    if encoding is None:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "iso-8859-15"
    text = list(text_lines(io.BytesIO(raw), encoding))
    return text, encoding


def _amount(text: str, line: int, column: str) -> Decimal:
    value = text.strip().replace(",", ".")
    if value == "":
        return ZERO
    sign = ""
    if value.endswith(("-", "+")):
        value, sign = value[:-1], value[-1]
    elif value.startswith(("-", "+")):
        sign, value = value[0], value[1:]
    if not _DIGITS.match(value):
        raise LedgerError(
            line,
            column,
            f"{text!r} is not a FEC amount (decimal comma, no thousands separator, sign first or"
            " last: 1234,56 / -12,50 / 12,50-)",
            code="bad_amount",
        )
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the test above admits only numbers
        raise LedgerError(line, column, f"{text!r} is not a number", code="bad_amount") from None
    return -number if sign == "-" else number


def _day(text: str, line: int, column: str, *, required: bool = True) -> date | None:
    value = text.strip()
    if not value and not required:
        return None
    if _FEC_DAY.match(value):
        try:
            found = date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as error:
            raise LedgerError(line, column, f"{text!r}: {error}", code="bad_date") from None
        if not MIN_DATE <= found <= MAX_DATE:
            raise LedgerError(
                line,
                column,
                f"{text!r} is outside the supported dates ({MIN_DATE:%Y%m%d} … {MAX_DATE:%Y%m%d})",
                code="date_out_of_range",
            )
        return found
    raise LedgerError(line, column, f"{text!r} is not a date as AAAAMMJJ", code="bad_date")


def _rejoin(cells: list[str], width: int, line: int, separator: str) -> list[str]:
    """A "|" line with too many cells: some programs write a "|" inside EcritureLib unescaped
    (a known defect). The extra cells are joined back into EcritureLib, the only free-text
    column in the middle whose neighbours (PieceDate, then the amounts) can be checked; the
    amounts must then read as amounts, else the line is refused."""
    extra = len(cells) - width
    if extra <= 0 or separator != "|":
        return cells
    joined = [*cells[:LIB], "|".join(cells[LIB : LIB + extra + 1]), *cells[LIB + extra + 1 :]]
    for index in (LIB + 1, LIB + 2):
        text = joined[index].strip()
        numeric = text.replace(",", "").replace(".", "").strip("+-").isdigit()
        if text and not numeric and text.upper() not in ("D", "C", "+1", "-1"):
            raise LedgerError(
                line,
                None,
                f"{len(cells)} cells for the 18 columns, and joining the extra ones back"
                " into EcritureLib does not leave amounts in place",
                code="extra_cells",
            )
    return joined


def _lines(source: Any, encoding: str | None) -> tuple[list[_Line], str, str, list[str]]:
    text, used = _decoded(source, encoding)
    if not text:
        raise LedgerError(1, None, "the file is empty: a FEC starts with its header line")
    separator = sniff(text[0], ("journalcode", "comptenum", "pieceref"), allowed="\t|")
    records = rows(iter(text), separator, quoted=False)
    header = header_record(records, "FEC")
    names = header_cells(header, 1)
    base, extras = names[:18], names[18:]
    if base == list(COLUMNS):
        variant = False
    elif base == list(VARIANT):
        variant = True
    else:
        expected = "\t".join(c for c in COLUMNS)
        raise LedgerError(
            1,
            None,
            "the header is not the 18 columns of A47 A-1 in order (JournalCode … Idevise, or"
            f" with Montant and Sens for Debit and Credit); expected: {expected}",
            code="fec_header",
        )
    unknown = [n for n in extras if n not in EXTRA_COLUMNS]
    if unknown:
        raise LedgerError(
            1,
            unknown[0],
            "a column after the 18 of A47 A-1 that the reader does not know (it reads "
            + ", ".join(EXTRA_COLUMNS)
            + ", as Dolibarr writes them)",
            code="fec_header",
        )
    at = {n: i for i, n in enumerate(names)}
    due_at = at.get("datelimitreglmt")
    facture_at = at.get("numfacture")
    dolibarr = due_at is not None or facture_at is not None
    found: list[_Line] = []
    for line, raw_cells in records:
        cells = _rejoin(raw_cells, len(names), line, separator)
        if len(cells) != len(names):
            raise LedgerError(
                line,
                None,
                f"{len(cells)} cells for the {len(names)} columns of the header",
                code="extra_cells",
            )
        visible(cells, line, header)
        if variant:
            amount = _amount(cells[at["montant"]], line, "Montant")
            padded = bool(_ODOO_AMOUNT.match(cells[at["montant"]]))
            sens = cells[at["sens"]].strip().upper()
            if sens in ("D", "+1"):
                debit, credit = amount, ZERO
            elif sens in ("C", "-1"):
                debit, credit = ZERO, amount
            else:
                raise LedgerError(
                    line, "Sens", f"{sens!r}: use D or C (or +1 / -1)", code="bad_sens"
                )
        else:
            debit = _amount(cells[at["debit"]], line, "Debit")
            credit = _amount(cells[at["credit"]], line, "Credit")
            padded = bool(
                _ODOO_AMOUNT.match(cells[at["debit"]]) or _ODOO_AMOUNT.match(cells[at["credit"]])
            )
        # a negative debit is a credit and the reverse (some exports sign instead of moving)
        if debit < 0:
            debit, credit = ZERO, credit - debit
        if credit < 0:
            debit, credit = debit - credit, ZERO
        account = cells[at["comptenum"]].strip()
        entry = (cells[at["journalcode"]].strip(), cells[at["ecriturenum"]].strip())
        if not account.startswith("411"):
            found.append(
                _Line(
                    line,
                    entry,
                    account,
                    "",
                    "",
                    "",
                    None,
                    date.min,
                    debit,
                    credit,
                    "",
                    padded=padded,
                )
            )
            continue
        piece = cells[at["pieceref"]].strip()
        if piece in PLACEHOLDERS and facture_at is not None:
            piece = cells[facture_at].strip()  # Dolibarr: NumFacture, when PieceRef is blank
        piece_date = _day(cells[at["piecedate"]], line, "PieceDate", required=False)
        entry_date = _day(cells[at["ecrituredate"]], line, "EcritureDate") or date.min
        if dolibarr and piece_date is not None:
            # Dolibarr's exportFEC writes the invoice's date in EcritureDate and the day the
            # entry reached the bookkeeping in PieceDate (its "FEC2" the other way round): the
            # invoice's date is the earlier of the two, in both
            piece_date = min(piece_date, entry_date)
        found.append(
            _Line(
                line,
                entry,
                account,
                cells[at["compauxnum"]].strip() or account,
                cells[at["compauxlib"]].strip() or cells[at["comptelib"]].strip(),
                piece,
                piece_date,
                entry_date,
                debit,
                credit,
                cells[at["ecriturelet"]].strip(),
                due=None
                if due_at is None
                else _day(cells[due_at], line, "DateLimitReglmt", required=False),
                ecriture_num=entry[1],
                padded=padded,
            )
        )
    return found, used, separator, names


# --- the clients file --------------------------------------------------------------------------

CLIENT_COLUMNS = (
    "account",
    "kind",
    "name",
    "professional",
    "country",
    "subdivision",
    "public_buyer",
    "cgv",
)


def read_clients(source: Any, *, encoding: str | None = None) -> dict[str, dict[str, str]]:
    """The clients file: ``account`` → its columns (``kind`` required)."""
    lines = text_lines(source, encoding)
    try:
        first = next(lines)
    except StopIteration:
        raise LedgerError(1, None, "the clients file is empty: a header row is needed") from None
    separator = sniff(first, ("account", "kind"))
    records = rows(_chain(first, lines), separator)
    header = header_record(records, "clients file")
    names = header_cells(header, 1)
    unknown = [n for n in names if n not in CLIENT_COLUMNS]
    if unknown or "account" not in names or "kind" not in names:
        raise LedgerError(
            1,
            unknown[0] if unknown else None,
            "clients file: the columns are account, kind and optionally "
            + ", ".join(CLIENT_COLUMNS[2:]),
            code="missing_column" if not unknown else "unknown_column",
        )
    clients: dict[str, dict[str, str]] = {}
    versions = {str(v) for v in CgvVersion}
    for line, cells in records:
        visible(cells, line, names)
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise LedgerError(line, None, "more cells than the header", code="extra_cells")
        row = {n: c.strip() for n, c in zip(names, cells, strict=False)}
        account = row.get("account", "")
        if account in clients:
            raise LedgerError(
                line,
                "account",
                f"clients file: account {account!r} appears twice",
                code="duplicate_account",
            )
        if row.get("cgv") and row["cgv"] not in versions:
            raise LedgerError(
                line,
                "cgv",
                f"clients file: CGV version {row['cgv']!r}: use "
                + " or ".join(sorted(versions))
                + ", or leave it empty for --cgv",
                code="unknown_cgv",
            )
        row["_line"] = str(line)
        clients[account] = row
    return clients


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _client(row: dict[str, str], fallback_name: str, line: int) -> tuple[Client, str | None]:
    data: dict[str, Any] = {"name": row.get("name") or fallback_name or row["account"]}
    data["kind"] = row["kind"]
    professional = row.get("professional", "").lower()
    if professional:
        if professional not in ("true", "false", "oui", "non", "yes", "no", "1", "0"):
            raise LedgerError(
                line,
                "professional",
                f"clients file: professional {professional!r}: use true or false",
                code="bad_professional",
            )
        data["professional"] = professional in ("true", "oui", "yes", "1")
    for name in ("country", "subdivision", "public_buyer"):
        if row.get(name):
            data[name] = row[name]
    try:
        return Client.model_validate(data), row.get("cgv") or None
    except ValidationError as error:
        item = error.errors()[0]
        column = ".".join(str(p) for p in item["loc"]) or "kind"
        raise LedgerError(
            line, column, f"clients file: {error_text(item['msg'])}", code=str(item["type"])
        ) from None


# --- allocation --------------------------------------------------------------------------------


def _allocate(
    invoices: list[_Open], credits: list[tuple[_Line, bool]], due: dict[str, date]
) -> dict[_Line, Decimal]:
    """Credits of one account onto its invoices: lettered groups first, then the rest by Code
    civil 1342-10 (see the module's text). ``credits``: (line, is a credit note). Returns what
    of each unlettered receipt came before any invoice it could pay (an advance, a deposit
    received before its invoice): it is not allocated (Code civil 1342-10 imputes a payment on
    the debts that exist when it is made), the audit reports it."""
    groups: dict[str, list[_Open]] = defaultdict(list)
    for invoice in invoices:
        groups[invoice.line.lettering].append(invoice)
    advances: dict[_Line, Decimal] = {}

    def order(item: tuple[_Line, bool]) -> tuple[bool, date, int]:
        # the accountant's lettering first: an unlettered credit must not take an invoice
        # that a lettered one was matched with
        credit = item[0]
        lettered = bool(credit.lettering) and bool(groups.get(credit.lettering))
        return (not lettered, credit.entry_date, credit.line)

    for credit, is_note in sorted(credits, key=order):
        later: list[_Open] = []
        if credit.lettering and groups.get(credit.lettering):
            targets = sorted(groups[credit.lettering], key=_age)
        else:
            on = credit.entry_date
            ordered = sorted(invoices, key=lambda i: (due[i.line.number] > on, *_age(i)))
            if is_note:
                targets = ordered
            else:
                # a receipt pays the debts that exist on its date; one issued later is not
                # paid by it silently (a deposit received before its invoice)
                targets = [i for i in ordered if (i.line.piece_date or date.min) <= on]
                later = [i for i in ordered if (i.line.piece_date or date.min) > on]
        if not targets and not later:
            raise LedgerError(
                credit.line,
                "CompteNum",
                f"a credit of {credit.credit} on account {credit.client!r}, which has no invoice"
                " in this FEC",
                code="credit_without_invoice",
            )
        left = credit.credit
        if credit.lettering and groups.get(credit.lettering):
            for target in targets:
                if left <= 0:
                    break
                share = min(left, max(target.open, ZERO))
                if share > 0:
                    _apply(target, credit.entry_date, share, is_note)
                    left -= share
        elif targets:
            # RULEBOOK §18: the one rule of Code civil 1342-10 (lexom_terms.allocation)
            debts = [Debt(due[i.line.number], max(i.open, ZERO)) for i in targets]
            parts, rest = allocate_amounts(debts, [Paid(credit.entry_date, left)])
            for _, index, share in parts:
                _apply(targets[index], credit.entry_date, share, is_note)
            left = rest[0]
        if left > 0 and later:
            advances[credit] = left
        elif left > 0:  # more than every open invoice: kept on the last, reported as overpaid
            _apply(targets[-1], credit.entry_date, left, is_note)
    return advances


def _age(invoice: _Open) -> tuple[date, int]:
    return (invoice.line.piece_date or date.min, invoice.line.line)


def _apply(target: _Open, on: date, amount: Decimal, is_note: bool) -> None:
    if is_note:
        target.credited += amount
    else:
        target.payments.append((on, amount))


# --- the reader --------------------------------------------------------------------------------


def read_fec(
    path_or_file: str | os.PathLike[str] | IO[bytes] | IO[str] | bytes,
    *,
    cgv: CgvVersion | str,
    clients: Any,
    encoding: str | None = None,
    receipt_delay_days: int | None = None,
    default_client: Client | None = None,
    clients_encoding: str | None = None,
    invoice_number: str = "auto",
) -> FecLedger:
    """The invoices of a FEC with their payments allocated (see the module's text for every
    rule). ``clients``: the clients file (a path or a file), or a dict ``account`` → ``Client``.
    ``cgv``: the CGV version of every invoice, unless the clients file names one per account.

    ``invoice_number``: where the invoice number is. ``"auto"``: ``EcritureNum`` in an Odoo
    export (recognised by its zero-padded amounts: Odoo puts the move's name, the invoice number,
    in EcritureNum and the client's reference or "-" in PieceRef), else ``PieceRef`` (Dolibarr
    and most programs), or ``EcritureNum`` for a line whose PieceRef is a placeholder ("-").
    ``"PieceRef"`` or ``"EcritureNum"``: that column for every invoice."""
    version = CgvVersion(cgv)
    if invoice_number not in NUMBER_SOURCES:
        raise InvalidInputError(
            f"invoice_number {invoice_number!r}: use " + ", ".join(NUMBER_SOURCES),
            field="invoice_number",
            code="bad_number_source",
        )
    if receipt_delay_days is not None and (
        not isinstance(receipt_delay_days, int)
        or isinstance(receipt_delay_days, bool)
        or not 0 <= receipt_delay_days <= 366
    ):
        raise InvalidInputError(
            f"receipt_delay_days must be a number of days from 0 to 366, got {receipt_delay_days!r}",
            field="receipt_delay_days",
            code="bad_receipt_delay",
        )
    raw_lines, used, separator, names = _lines(path_or_file, encoding)
    odoo = any(item.padded for item in raw_lines)
    source = invoice_number if invoice_number != "auto" else "EcritureNum" if odoo else "PieceRef"
    lines = [_numbered(item, source) for item in raw_lines]
    by_entry: dict[tuple[str, str], list[_Line]] = defaultdict(list)
    for item in lines:
        by_entry[item.entry].append(item)

    opened: dict[str, _Open] = {}
    per_account: dict[str, list[_Open]] = defaultdict(list)
    credits: dict[str, list[tuple[_Line, bool]]] = defaultdict(list)
    opening_credits: dict[str, Decimal] = {}
    opening_credit_lines: dict[str, list[_Line]] = defaultdict(list)
    splits: dict[str, tuple[Decimal, Decimal]] = {}
    for item in lines:
        if not item.account.startswith("411"):
            continue
        entry = by_entry[item.entry]
        opening = item.entry[0].upper() in OPENING_JOURNALS
        if opening:
            # an opening balance, keyed with its account: each client has its own (Odoo writes
            # PieceRef "-" for all of them)
            key = _opening_key(item, opened, opening_credits)
            if item.debit > 0:
                # an older debt (no invoice to audit here) that credits pay
                balance = replace(item, number=key, piece_date=item.piece_date or item.entry_date)
                opened[key] = _Open(balance, item.debit - item.credit, opening=True)
                per_account[item.client].append(opened[key])
            elif item.credit > 0:
                # the client's credit at the opening (an overpayment, a deposit of last
                # year): never allocated by the reader, reported
                opening_credits[key] = item.credit
                opening_credit_lines[item.client].append(item)
            continue
        if item.debit > 0:
            if not item.number:
                raise LedgerError(
                    item.line,
                    "PieceRef" if source == "PieceRef" else "EcritureNum",
                    "an invoice line without its number",
                    code="missing_number",
                )
            if item.piece_date is None:
                raise LedgerError(
                    item.line,
                    "PieceDate",
                    "an invoice line without a PieceDate",
                    code="missing_date",
                )
            if item.number in opened:
                raise LedgerError(
                    item.line,
                    source,
                    f"invoice {item.number!r} is debited twice (first on line"
                    f" {opened[item.number].line.line})",
                    code="duplicate_invoice",
                )
            splits[item.number] = _split(item, entry)
            opened[item.number] = _Open(item, item.debit)
            per_account[item.client].append(opened[item.number])
        if item.credit > 0:
            is_note = any(o.account.startswith("70") and o.debit > 0 for o in entry)
            credits[item.client].append((item, is_note))

    table = (
        clients if isinstance(clients, dict) else read_clients(clients, encoding=clients_encoding)
    )
    accounts = sorted(set(per_account) | set(credits) | set(opening_credit_lines))
    missing = [a for a in accounts if a not in table]
    if missing and default_client is None:
        raise InvalidInputError(
            f"{len(missing)} client account(s) of the FEC are not in the clients file: "
            + ", ".join(missing)
            + "; add them (account, kind, country, public_buyer) or name a default client",
            field="clients",
            code="unknown_clients",
        )
    resolved: dict[str, tuple[Client, CgvVersion]] = {}
    for account in accounts:
        known = table.get(account)
        own_invoices = per_account.get(account)
        name = own_invoices[0].line.client_name if own_invoices else ""
        if known is None:
            assert default_client is not None
            client = default_client.model_copy(update={"name": name or default_client.name})
            resolved[account] = (client, version)
        elif isinstance(known, Client):
            resolved[account] = (known, version)
        else:
            client, own = _client(known, name, int(known.get("_line", "0")))
            resolved[account] = (client, CgvVersion(own) if own else version)

    due: dict[str, date] = {}
    for account, items in per_account.items():
        client = resolved[account][0]
        for invoice in items:
            due[invoice.line.number] = (
                invoice.line.piece_date or date.min
                if invoice.opening  # an older debt: due already
                else _due(invoice.line, client, receipt_delay_days)
            )
    advances: dict[str, Decimal] = {}
    notes_of: dict[str, list[str]] = defaultdict(list)
    for account, paid in credits.items():
        for credit, left in _allocate(per_account.get(account, []), paid, due).items():
            advances[f"{credit.entry[0]}:{credit.entry[1]}"] = left
            notes_of[account].append(
                f"acompte de {fmt.money(left)} reçu le {fmt.day(credit.entry_date)}"
                f" ({credit.entry[0]} {credit.entry[1]}, ligne {credit.line}) quand aucune"
                " facture émise ne restait à payer : non imputé, à lettrer avec la facture qu'il"
                " règle"
            )
    for account, items_ in opening_credit_lines.items():
        for item in items_:
            notes_of[account].append(
                f"solde d'ouverture créditeur de {fmt.money(item.credit)} ({item.entry[0]}"
                f" {item.entry[1]}, ligne {item.line}) : non imputé, à lettrer ou à rembourser"
            )

    notes: dict[str, Decimal] = {}
    openings: dict[str, Decimal] = {}
    anomalies: dict[str, tuple[str, ...]] = {}
    built: list[Invoice] = []
    for invoice in opened.values():
        if invoice.opening:
            openings[invoice.line.number] = invoice.open
            continue
        client, version_of = resolved[invoice.line.client]
        amount = invoice.amount - invoice.credited
        if invoice.credited:
            notes[invoice.line.number] = invoice.credited
        if amount <= 0:
            continue  # cancelled by credit notes: nothing is owed, nothing to audit
        assert invoice.line.piece_date is not None
        if notes_of.get(invoice.line.client):
            anomalies[invoice.line.number] = tuple(notes_of[invoice.line.client])
        try:
            built.append(
                Invoice(
                    number=invoice.line.number,
                    cgv=version_of,
                    client=client,
                    issued_on=invoice.line.piece_date,
                    due_on=due[invoice.line.number],
                    amount_incl_tax=amount,
                    payments=tuple(Payment(on=on, amount=a) for on, a in invoice.payments),
                )
            )
        except ValidationError as error:
            item_ = error.errors()[0]
            raise LedgerError(
                invoice.line.line, None, error_text(item_["msg"]), code=str(item_["type"])
            ) from None
    recorded = 0 if receipt_delay_days is None else receipt_delay_days
    return FecLedger(
        tuple(built),
        used,
        separator,
        recorded,
        splits,
        notes,
        openings,
        opening_credits,
        advances,
        anomalies,
        numbered_by=source,
        due_dates_from="DateLimitReglmt" if "datelimitreglmt" in names else None,
    )


def _numbered(item: _Line, source: str) -> _Line:
    """The line with its invoice number, from ``source`` (a placeholder PieceRef: EcritureNum)."""
    if not item.account.startswith("411"):
        return item
    number = item.ecriture_num if source == "EcritureNum" else item.piece
    if source == "PieceRef" and number in PLACEHOLDERS:
        number = item.ecriture_num
    return replace(item, number=number)


def _opening_key(item: _Line, *taken: dict[str, Any]) -> str:
    """``JournalCode:account:PieceRef`` (the line's number when two balances share it)."""
    key = f"{item.entry[0]}:{item.client}:{item.piece or '-'}"
    if any(key in keys for keys in taken):
        key = f"{key}#{item.line}"
    return key


def _split(item: _Line, entry: list[_Line]) -> tuple[Decimal, Decimal]:
    """The excl.-VAT and VAT credits of the invoice's entry; they must add up to the 411 debits
    of the entry (several invoices may share one entry)."""
    excl = sum((o.credit - o.debit for o in entry if o.account.startswith("70")), ZERO)
    vat = sum((o.credit - o.debit for o in entry if o.account.startswith("4457")), ZERO)
    owed = sum((o.debit for o in entry if o.account.startswith("411")), ZERO)
    if excl + vat != owed:
        raise LedgerError(
            item.line,
            "Debit",
            f"the entry {item.entry[0]} {item.entry[1]} debits {owed} on client accounts but"
            f" credits {excl} on 70… and {vat} on 4457…: the split does not add up",
            code="unbalanced_invoice",
        )
    return excl, vat


def _due(line: _Line, client: Client, delay: int | None) -> date:
    """The due date the export states (Dolibarr's DateLimitReglmt), else CGV §3.2: payable on
    receipt; RULEBOOK §11 for a public buyer, whose statutory date a stated date never
    shortens (L2192-10, as for a Factur-X BT-9)."""
    assert line.piece_date is not None
    if client.public_buyer is None:
        if line.due is not None:
            return line.due
        return line.piece_date + timedelta(days=delay or 0)
    receipt = PUBLIC_RECEIPT_DAYS if delay is None else delay
    statutory = line.piece_date + timedelta(days=receipt + PUBLIC_PERIOD_DAYS[client.public_buyer])
    return statutory if line.due is None else max(line.due, statutory)
