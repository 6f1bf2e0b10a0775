"""A FEC writer for the tests, written from the text of Livre des procédures fiscales art. A47
A-1 as an accounting program exports it, independently of the reader: header line with the 18
names in order, one line per accounting line, dates AAAAMMJJ, amounts with a decimal comma and
no thousands separator, CRLF line ends. Options reproduce what real exports do: tab or "|",
UTF-8 or ISO-8859-15, the sign before or after the number, Montant + Sens in place of Debit and
Credit, and a "|" left unescaped inside EcritureLib (a known defect of some programs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

HEADER = [
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
]


@dataclass(frozen=True)
class Line:
    journal: str
    number: int
    on: date
    account: str
    account_label: str
    aux: str
    aux_label: str
    piece: str
    piece_on: date
    label: str
    debit: Decimal
    credit: Decimal
    lettering: str = ""


def sale(
    number: int,
    on: date,
    aux: str,
    name: str,
    piece: str,
    ttc: str,
    vat_rate: str = "0.20",
    lettering: str = "",
) -> list[Line]:
    """A sales entry: the client's 411 debit, the 706 and 44571 credits."""
    total = Decimal(ttc)
    excl = (total / (1 + Decimal(vat_rate))).quantize(Decimal("0.01"))
    vat = total - excl
    label = f"Facture {piece} | formation"
    return [
        Line(
            "VT",
            number,
            on,
            "411000",
            "Clients",
            aux,
            name,
            piece,
            on,
            label,
            total,
            Decimal(0),
            lettering,
        ),
        Line(
            "VT",
            number,
            on,
            "706000",
            "Prestations de services",
            "",
            "",
            piece,
            on,
            label,
            Decimal(0),
            excl,
        ),
        Line(
            "VT", number, on, "445710", "TVA collectée", "", "", piece, on, label, Decimal(0), vat
        ),
    ]


def credit_note(
    number: int, on: date, aux: str, name: str, piece: str, ttc: str, lettering: str = ""
) -> list[Line]:
    total = Decimal(ttc)
    excl = (total / Decimal("1.20")).quantize(Decimal("0.01"))
    label = f"Avoir {piece}"
    return [
        Line(
            "VT",
            number,
            on,
            "411000",
            "Clients",
            aux,
            name,
            piece,
            on,
            label,
            Decimal(0),
            total,
            lettering,
        ),
        Line(
            "VT",
            number,
            on,
            "706000",
            "Prestations de services",
            "",
            "",
            piece,
            on,
            label,
            excl,
            Decimal(0),
        ),
        Line(
            "VT",
            number,
            on,
            "445710",
            "TVA collectée",
            "",
            "",
            piece,
            on,
            label,
            total - excl,
            Decimal(0),
        ),
    ]


def receipt(
    number: int, on: date, aux: str, name: str, amount: str, lettering: str = ""
) -> list[Line]:
    """A bank entry: the client's 411 credit, the 512 debit."""
    value = Decimal(amount)
    piece = f"REL{number}"
    return [
        Line(
            "BQ",
            number,
            on,
            "411000",
            "Clients",
            aux,
            name,
            piece,
            on,
            f"Virement {name}",
            Decimal(0),
            value,
            lettering,
        ),
        Line(
            "BQ",
            number,
            on,
            "512000",
            "Banque",
            "",
            "",
            piece,
            on,
            f"Virement {name}",
            value,
            Decimal(0),
        ),
    ]


def opening(
    number: int, on: date, aux: str, name: str, piece: str, amount: str, lettering: str = ""
) -> list[Line]:
    """An opening balance (à-nouveaux): the client's 411 debit carried from the last year."""
    value = Decimal(amount)
    return [
        Line(
            "AN",
            number,
            on,
            "411000",
            "Clients",
            aux,
            name,
            piece,
            on,
            "Report à nouveau",
            value,
            Decimal(0),
            lettering,
        ),
        Line(
            "AN",
            number,
            on,
            "890000",
            "Bilan d'ouverture",
            "",
            "",
            piece,
            on,
            "Report à nouveau",
            Decimal(0),
            value,
        ),
    ]


def _amount(value: Decimal, sign_last: bool) -> str:
    text = f"{abs(value):.2f}".replace(".", ",")
    if value < 0:
        return text + "-" if sign_last else "-" + text
    return text


def export(
    lines: list[Line],
    *,
    separator: str = "\t",
    encoding: str = "utf-8",
    sign_last: bool = False,
    montant_sens: bool = False,
) -> bytes:
    header = list(HEADER)
    if montant_sens:
        header[11:13] = ["Montant", "Sens"]
    out = [separator.join(header)]
    for line in lines:
        if montant_sens:
            amounts = (
                [_amount(line.debit, sign_last), "D"]
                if line.debit
                else [_amount(line.credit, sign_last), "C"]
            )
        else:
            amounts = [_amount(line.debit, sign_last), _amount(line.credit, sign_last)]
        cells = [
            line.journal,
            {"VT": "Ventes", "BQ": "Banque", "AN": "A nouveaux"}[line.journal],
            str(line.number),
            line.on.strftime("%Y%m%d"),
            line.account,
            line.account_label,
            line.aux,
            line.aux_label,
            line.piece,
            line.piece_on.strftime("%Y%m%d"),
            line.label,  # written as is: a "|" in it is not escaped
            *amounts,
            line.lettering,
            "20251231" if line.lettering else "",
            line.on.strftime("%Y%m%d"),
            "",
            "",
        ]
        out.append(separator.join(cells))
    return ("\r\n".join(out) + "\r\n").encode(encoding)
