"""Journal entries of an order's bills, as FEC lines (Livre des procédures fiscales A47 A-1):
18 named columns, tab-separated, dates ``AAAAMMJJ``, amounts with a decimal comma.

One entry per bill, balanced (debits = credits):

- an invoice debits the client's account (``411…``, the client or the OPCO as auxiliary
  account) with its amount TTC, and credits the revenue (``706…``; a fee or indemnity outside
  the scope of VAT, category O, on its own account) with its HT and VAT collected (``4457…``)
  with its VAT;
- a credit note is the same entry reversed, lettered with the invoice it corrects, so that the
  FEC reader applies it to that invoice (a 411 credit in an entry that debits a 70… account is a
  credit note, RULEBOOK §21);
- late interest and the 40 EUR (``claims=``) are entries of their own, on their own accounts,
  never with VAT (RULEBOOK §12).

The accounts are :class:`Accounts`, each with a documented default from the French chart of
accounts (PCG); an accounting program may use its own sub-accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..enums import BillKind
from ..errors import InvalidInputError
from ..results import InterestClaim
from .bills import Bill

__all__ = ["FEC_COLUMNS", "Accounts", "journal"]

#: A47 A-1, in this order.
FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)


@dataclass(frozen=True)
class Accounts:
    """Where each part of a bill is booked (PCG accounts; give your own sub-accounts)."""

    client: str = "411000"
    """Clients (the client and the OPCO, each as an auxiliary account)."""
    revenue: str = "706000"
    """Prestations de services: the training, its deposit and its fees under VAT (§12)."""
    outside_scope: str = "708800"
    """Autres produits d'activités annexes: a fee or indemnity outside the scope of VAT
    (category O). It stays in class 70, where the FEC reader reads an invoice's HT."""
    vat: str = "445710"
    """TVA collectée."""
    interest: str = "763100"
    """Revenus des créances commerciales: late-payment interest (§9), no VAT."""
    recovery_indemnity: str = "758000"
    """Produits divers de gestion courante: the 40 EUR recovery indemnity (D441-5), no VAT."""
    journal: str = "VT"
    journal_name: str = "Ventes"


_LABELS = {
    "client": "Clients",
    "revenue": "Prestations de services",
    "outside_scope": "Produits des activités annexes",
    "vat": "TVA collectée",
    "interest": "Revenus des créances commerciales",
    "recovery_indemnity": "Indemnités forfaitaires de recouvrement",
}


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _clean(text: str) -> str:
    """A FEC cell holds no tab nor line break (they would split the line)."""
    return " ".join(text.split())


def _letters(index: int) -> str:
    """Lettering codes A, B, …, Z, AA, AB…"""
    code = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        code = chr(65 + rest) + code
    return code


def journal(
    bills: Sequence[Bill],
    numbers: Sequence[str],
    accounts: Accounts | None = None,
    *,
    client: tuple[str, str] = ("CLIENT", "Client"),
    funder: tuple[str, str] = ("OPCO", "OPCO"),
    claims: Sequence[tuple[InterestClaim, date]] = (),
) -> str:
    """The FEC lines (with their header) of ``bills``, numbered ``numbers`` (one per bill, in
    the same order). ``client`` and ``funder``: (auxiliary account, name) of the client and of
    the OPCO. ``claims``: interest claims to book, each with the day it is invoiced."""
    accounts = accounts or Accounts()
    if len(numbers) != len(bills):
        raise InvalidInputError(
            f"numbers: one invoice number per bill is needed ({len(bills)} bills,"
            f" {len(numbers)} numbers)",
            field="numbers",
            code="numbers_mismatch",
        )
    if len(set(numbers)) != len(numbers):
        twice = sorted({n for n in numbers if list(numbers).count(n) > 1})
        raise InvalidInputError(
            f"numbers: each invoice number is used once ({', '.join(twice)} given twice)",
            field="numbers",
            code="duplicate_number",
        )
    rows: list[list[str]] = [list(FEC_COLUMNS)]
    # a credit note and the invoice it corrects share a lettering code (the FEC reader applies
    # the note to the invoice of its group, RULEBOOK §21)
    letter_of: dict[str, str] = {}
    for bill, number in zip(bills, numbers, strict=True):
        if bill.kind == BillKind.CREDIT_NOTE:
            corrected = _corrected(bill, bills, numbers)
            code = letter_of.setdefault(corrected, _letters(len(set(letter_of.values()))))
            letter_of[number] = code

    def line(
        entry: int,
        on: date,
        account: str,
        label: str,
        aux: tuple[str, str] | None,
        piece: str,
        text: str,
        debit: Decimal,
        credit: Decimal,
        letter: str = "",
    ) -> list[str]:
        code, name = aux if aux is not None else ("", "")
        return [
            accounts.journal,
            accounts.journal_name,
            str(entry),
            _day(on),
            account,
            label,
            code,
            _clean(name),
            piece,
            _day(on),
            _clean(text),
            _amount(debit),
            _amount(credit),
            letter,
            "",
            _day(on),
            "",
            "",
        ]

    entry = 0
    for bill, number in zip(bills, numbers, strict=True):
        entry += 1
        party = funder if bill.to == "funder" else client
        text = f"{bill.title('fr')} {number} {party[1]}"
        revenue = accounts.outside_scope if bill.vat_category == "O" else accounts.revenue
        revenue_label = _LABELS["outside_scope" if bill.vat_category == "O" else "revenue"]
        note = bill.kind == BillKind.CREDIT_NOTE
        letter = letter_of.get(number, "")
        ttc, ht, vat = bill.amount_incl_tax, bill.amount_excl_tax, bill.vat
        zero = Decimal("0")
        lines = [
            line(
                entry,
                bill.issued_on,
                accounts.client,
                _LABELS["client"],
                party,
                number,
                text,
                zero if note else ttc,
                ttc if note else zero,
                letter,
            ),
            line(
                entry,
                bill.issued_on,
                revenue,
                revenue_label,
                None,
                number,
                text,
                ht if note else zero,
                zero if note else ht,
            ),
        ]
        if vat:
            lines.append(
                line(
                    entry,
                    bill.issued_on,
                    accounts.vat,
                    _LABELS["vat"],
                    None,
                    number,
                    text,
                    vat if note else zero,
                    zero if note else vat,
                )
            )
        rows.extend(lines)
    for claim, on in claims:
        entry += 1
        number = f"{claim.invoice_number}-INT"
        text = f"Intérêts de retard et indemnité, facture {claim.invoice_number}"
        owed_interest = claim.interest_outstanding
        owed_indemnity = claim.total - owed_interest
        rows.append(
            line(
                entry,
                on,
                accounts.client,
                _LABELS["client"],
                client,
                number,
                text,
                claim.total,
                Decimal("0"),
            )
        )
        if owed_interest:
            rows.append(
                line(
                    entry,
                    on,
                    accounts.interest,
                    _LABELS["interest"],
                    None,
                    number,
                    text,
                    Decimal("0"),
                    owed_interest,
                )
            )
        if owed_indemnity:
            rows.append(
                line(
                    entry,
                    on,
                    accounts.recovery_indemnity,
                    _LABELS["recovery_indemnity"],
                    None,
                    number,
                    text,
                    Decimal("0"),
                    owed_indemnity,
                )
            )
    return "".join("\t".join(row) + "\r\n" for row in rows)


def _corrected(note: Bill, bills: Sequence[Bill], numbers: Sequence[str]) -> str:
    """The number of the bill a credit note corrects: the bill of that kind, to the same party,
    issued on the day the note names."""
    for bill, number in zip(bills, numbers, strict=True):
        if (
            bill.kind == note.corrects
            and bill.to == note.to
            and bill.issued_on == note.corrects_issued_on
        ):
            return number
    raise InvalidInputError(
        f"a credit note of {note.issued_on.isoformat()} corrects the {note.corrects} bill of"
        f" {note.corrects_issued_on}, which is not among the bills given: journal the corrected"
        " bill with it",
        field="bills",
        code="corrected_bill_missing",
    )
