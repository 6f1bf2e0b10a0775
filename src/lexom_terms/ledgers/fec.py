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
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from pydantic import ValidationError

from ..enums import CgvVersion
from ..errors import InvalidInputError, error_text
from ..models import Client, Invoice, Payment
from ..money import ZERO
from ..statute import public_procurement
from ._text import LedgerError, header_cells, read_bytes, rows, sniff, text_lines

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
#: the journals of opening balances ("à-nouveaux", "report à nouveau"), by their usual codes
OPENING_JOURNALS = frozenset({"AN", "RAN"})


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
    """``JournalCode:PieceRef`` of each opening-balance debit → what is still open on it after
    allocation (not audited: the invoice behind it is in an earlier year's FEC)"""

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
    if not value or not all(c.isdigit() or c == "." for c in value) or value.count(".") > 1:
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
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as error:
            raise LedgerError(line, column, f"{text!r}: {error}", code="bad_date") from None
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


def _lines(source: Any, encoding: str | None) -> tuple[list[_Line], str, str]:
    text, used = _decoded(source, encoding)
    if not text:
        raise LedgerError(1, None, "the file is empty: a FEC starts with its header line")
    separator = sniff(text[0], ("journalcode", "comptenum", "pieceref"), allowed="\t|")
    records = rows(iter(text), separator, quoted=False)
    _, header = next(records)
    names = header_cells(header, 1)
    if names == list(COLUMNS):
        variant = False
    elif names == list(VARIANT):
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
    at = {n: i for i, n in enumerate(names)}
    found: list[_Line] = []
    for line, raw_cells in records:
        cells = _rejoin(raw_cells, len(names), line, separator)
        if len(cells) != len(names):
            raise LedgerError(
                line, None, f"{len(cells)} cells for the 18 columns", code="extra_cells"
            )
        if variant:
            amount = _amount(cells[at["montant"]], line, "Montant")
            sens = cells[at["sens"]].strip().upper()
            if sens in ("D", "+1"):
                debit, credit = amount, ZERO
            elif sens in ("C", "-1"):
                debit, credit = ZERO, amount
            else:
                raise LedgerError(line, "Sens", f"{sens!r}: use D or C (or +1 / -1)")
        else:
            debit = _amount(cells[at["debit"]], line, "Debit")
            credit = _amount(cells[at["credit"]], line, "Credit")
        # a negative debit is a credit and the reverse (some exports sign instead of moving)
        if debit < 0:
            debit, credit = ZERO, credit - debit
        if credit < 0:
            debit, credit = debit - credit, ZERO
        account = cells[at["comptenum"]].strip()
        if not account.startswith("411"):
            found.append(
                _Line(
                    line,
                    (cells[at["journalcode"]].strip(), cells[at["ecriturenum"]].strip()),
                    account,
                    "",
                    "",
                    "",
                    None,
                    date.min,
                    debit,
                    credit,
                    "",
                )
            )
            continue
        found.append(
            _Line(
                line,
                (cells[at["journalcode"]].strip(), cells[at["ecriturenum"]].strip()),
                account,
                cells[at["compauxnum"]].strip() or account,
                cells[at["compauxlib"]].strip() or cells[at["comptelib"]].strip(),
                cells[at["pieceref"]].strip(),
                _day(cells[at["piecedate"]], line, "PieceDate", required=False),
                _day(cells[at["ecrituredate"]], line, "EcritureDate") or date.min,
                debit,
                credit,
                cells[at["ecriturelet"]].strip(),
            )
        )
    return found, used, separator


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
    _, header = next(records)
    names = header_cells(header, 1)
    unknown = [n for n in names if n not in CLIENT_COLUMNS]
    if unknown or "account" not in names or "kind" not in names:
        raise LedgerError(
            1,
            unknown[0] if unknown else None,
            "a clients file has the columns account, kind and optionally "
            + ", ".join(CLIENT_COLUMNS[2:]),
        )
    clients: dict[str, dict[str, str]] = {}
    for line, cells in records:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise LedgerError(line, None, "more cells than the header", code="extra_cells")
        row = {n: c.strip() for n, c in zip(names, cells, strict=False)}
        account = row.get("account", "")
        if account in clients:
            raise LedgerError(line, "account", f"account {account!r} appears twice")
        row["_line"] = str(line)
        clients[account] = row
    return clients


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _client(row: dict[str, str], fallback_name: str, where: str) -> tuple[Client, str | None]:
    data: dict[str, Any] = {"name": row.get("name") or fallback_name or row["account"]}
    data["kind"] = row["kind"]
    professional = row.get("professional", "").lower()
    if professional:
        if professional not in ("true", "false", "oui", "non", "yes", "no", "1", "0"):
            raise InvalidInputError(f"{where}: professional {professional!r}: use true or false")
        data["professional"] = professional in ("true", "oui", "yes", "1")
    for name in ("country", "subdivision", "public_buyer"):
        if row.get(name):
            data[name] = row[name]
    try:
        return Client.model_validate(data), row.get("cgv") or None
    except ValidationError as error:
        item = error.errors()[0]
        column = ".".join(str(p) for p in item["loc"])
        raise InvalidInputError(f"{where}: {column}: {error_text(item['msg'])}") from None


# --- allocation --------------------------------------------------------------------------------


def _allocate(
    invoices: list[_Open], credits: list[tuple[_Line, bool]], due: dict[str, date]
) -> None:
    """Credits of one account onto its invoices: lettered groups first, then the rest by Code
    civil 1342-10 (see the module's text). ``credits``: (line, is a credit note)."""
    groups: dict[str, list[_Open]] = defaultdict(list)
    for invoice in invoices:
        groups[invoice.line.lettering].append(invoice)

    def order(item: tuple[_Line, bool]) -> tuple[bool, date, int]:
        # the accountant's lettering first: an unlettered credit must not take an invoice
        # that a lettered one was matched with
        credit = item[0]
        lettered = bool(credit.lettering) and bool(groups.get(credit.lettering))
        return (not lettered, credit.entry_date, credit.line)

    for credit, is_note in sorted(credits, key=order):
        if credit.lettering and groups.get(credit.lettering):
            targets = sorted(groups[credit.lettering], key=_age)
        else:
            on = credit.entry_date
            targets = sorted(invoices, key=lambda i: (due[i.line.piece] > on, *_age(i)))
        if not targets:
            raise LedgerError(
                credit.line,
                "CompteNum",
                f"a credit of {credit.credit} on account {credit.client!r}, which has no invoice"
                " in this FEC",
                code="credit_without_invoice",
            )
        left = credit.credit
        for target in targets:
            if left <= 0:
                break
            share = min(left, max(target.open, ZERO))
            if share > 0:
                _apply(target, credit.entry_date, share, is_note)
                left -= share
        if left > 0:  # more than every open invoice: kept on the last, reported as overpaid
            _apply(targets[-1], credit.entry_date, left, is_note)


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
) -> FecLedger:
    """The invoices of a FEC with their payments allocated (see the module's text for every
    rule). ``clients``: the clients file (a path or a file), or a dict ``account`` → ``Client``.
    ``cgv``: the CGV version of every invoice, unless the clients file names one per account."""
    version = CgvVersion(cgv)
    if receipt_delay_days is not None and (
        not isinstance(receipt_delay_days, int) or not 0 <= receipt_delay_days <= 366
    ):
        raise InvalidInputError(
            f"receipt_delay_days must be a number of days from 0 to 366, got {receipt_delay_days!r}",
            field="receipt_delay_days",
            code="bad_receipt_delay",
        )
    lines, used, separator = _lines(path_or_file, encoding)
    by_entry: dict[tuple[str, str], list[_Line]] = defaultdict(list)
    for item in lines:
        by_entry[item.entry].append(item)

    opened: dict[str, _Open] = {}
    per_account: dict[str, list[_Open]] = defaultdict(list)
    credits: dict[str, list[tuple[_Line, bool]]] = defaultdict(list)
    splits: dict[str, tuple[Decimal, Decimal]] = {}
    for item in lines:
        if not item.account.startswith("411"):
            continue
        entry = by_entry[item.entry]
        if item.debit > 0 and item.entry[0].upper() in OPENING_JOURNALS:
            # an opening balance: an older debt (no invoice to audit here) that credits pay
            key = f"{item.entry[0]}:{item.piece or item.line}"
            balance = replace(item, piece=key, piece_date=item.piece_date or item.entry_date)
            opened[key] = _Open(balance, item.debit, opening=True)
            per_account[item.client].append(opened[key])
        elif item.debit > 0:
            if not item.piece:
                raise LedgerError(item.line, "PieceRef", "an invoice line without a PieceRef")
            if item.piece_date is None:
                raise LedgerError(item.line, "PieceDate", "an invoice line without a PieceDate")
            if item.piece in opened:
                raise LedgerError(
                    item.line,
                    "PieceRef",
                    f"invoice {item.piece!r} is debited twice (first on line"
                    f" {opened[item.piece].line.line})",
                    code="duplicate_invoice",
                )
            splits[item.piece] = _split(item, entry)
            opened[item.piece] = _Open(item, item.debit)
            per_account[item.client].append(opened[item.piece])
        if item.credit > 0:
            is_note = any(o.account.startswith("70") and o.debit > 0 for o in entry)
            credits[item.client].append((item, is_note))

    table = (
        clients if isinstance(clients, dict) else read_clients(clients, encoding=clients_encoding)
    )
    accounts = sorted(set(per_account) | set(credits))
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
            client, own = _client(known, name, f"clients file line {known.get('_line', '?')}")
            resolved[account] = (client, CgvVersion(own) if own else version)

    due: dict[str, date] = {}
    for account, items in per_account.items():
        client = resolved[account][0]
        for invoice in items:
            due[invoice.line.piece] = (
                invoice.line.piece_date or date.min
                if invoice.opening  # an older debt: due already
                else _due(invoice.line, client, receipt_delay_days)
            )
    for account, paid in credits.items():
        _allocate(per_account.get(account, []), paid, due)

    notes: dict[str, Decimal] = {}
    openings: dict[str, Decimal] = {}
    built: list[Invoice] = []
    for invoice in opened.values():
        if invoice.opening:
            openings[invoice.line.piece] = invoice.open
            continue
        client, version_of = resolved[invoice.line.client]
        amount = invoice.amount - invoice.credited
        if invoice.credited:
            notes[invoice.line.piece] = invoice.credited
        if amount <= 0:
            continue  # cancelled by credit notes: nothing is owed, nothing to audit
        assert invoice.line.piece_date is not None
        try:
            built.append(
                Invoice(
                    number=invoice.line.piece,
                    cgv=version_of,
                    client=client,
                    issued_on=invoice.line.piece_date,
                    due_on=due[invoice.line.piece],
                    amount_incl_tax=amount,
                    payments=tuple(Payment(on=on, amount=a) for on, a in invoice.payments),
                )
            )
        except ValidationError as error:
            raise LedgerError(
                invoice.line.line, None, error_text(error.errors()[0]["msg"])
            ) from None
    recorded = 0 if receipt_delay_days is None else receipt_delay_days
    return FecLedger(tuple(built), used, separator, recorded, splits, notes, openings)


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
    """CGV §3.2: payable on receipt; RULEBOOK §11 for a public buyer."""
    assert line.piece_date is not None
    if client.public_buyer is None:
        return line.piece_date + timedelta(days=delay or 0)
    receipt = PUBLIC_RECEIPT_DAYS if delay is None else delay
    return line.piece_date + timedelta(days=receipt + PUBLIC_PERIOD_DAYS[client.public_buyer])
