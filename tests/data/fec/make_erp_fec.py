"""Writes ``odoo_l10n_fr_fec.csv`` and ``dolibarr_exportFEC.txt``: the same year of LEXOM's sales
as two ERPs export it, each following its exporter's source line by line (see README.md here).

Run from the repository root: ``python tests/data/fec/make_erp_fec.py``. The files are kept in
the repository; the tests read them as given, never this script.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = [
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
]  # fmt: skip


@dataclass
class Move:
    """One accounting entry (an Odoo account.move, a Dolibarr piece)."""

    kind: str  # opening, invoice, refund, payment
    on: date
    client: str
    number: str  # the ERP's document number
    lines: list[tuple[str, str, Decimal, Decimal]]  # (account, label, debit, credit)
    ref: str = ""  # Odoo: the client's reference; Dolibarr: unused
    due: date | None = None
    reconcile: str = ""  # the full reconciliation it belongs to (lettering), if any
    reconciled_on: date | None = None
    created: date | None = None  # Dolibarr: when it was transferred to the bookkeeping


CLIENTS = {  # key: (name, Odoo partner ref, Dolibarr code_compta by the "aquarium" mask)
    "acme": ("ACME SAS", "ACME", "411ACMESAS"),
    "durand": ("Durand SARL", "DURAND", "411DURANDSARL"),
    "martin": ("Cabinet Martin", "MARTIN", "411CABINETMARTIN"),
}
D = Decimal


def sale(on: date, client: str, number: str, excl: str, vat: str, **kw: object) -> Move:
    e, v = D(excl), D(vat)
    return Move(
        "invoice",
        on,
        client,
        number,
        [
            ("411", number, e + v, D(0)),
            ("706", "Formation", D(0), e),
            ("44571", "TVA 20%", D(0), v),
        ],
        **kw,  # type: ignore[arg-type]
    )


# The year (CGV new-30, as of 2025-12-31), the same facts in both ERPs:
MOVES = [
    # openings: ACME owes 500.00 from 2024; Cabinet Martin has a 150.00 credit (an overpayment)
    Move("opening", date(2025, 1, 1), "acme", "", [("411", "", D("500.00"), D(0))]),
    Move("opening", date(2025, 1, 1), "martin", "", [("411", "", D(0), D("150.00"))]),
    sale(date(2025, 2, 3), "acme", "1", "1500.00", "300.00", ref="PO-4512", due=date(2025, 3, 5)),
    Move("payment", date(2025, 2, 20), "acme", "1", [("411", "Paiement ACME", D(0), D("500.00"))]),
    Move("payment", date(2025, 4, 10), "acme", "2", [("411", "Paiement ACME", D(0), D("1000.00"))]),
    sale(
        date(2025, 3, 10),
        "durand",
        "2",
        "2000.00",
        "400.00",
        due=date(2025, 4, 9),
        reconcile="A2",
        reconciled_on=date(2025, 5, 15),
    ),
    Move(
        "refund",
        date(2025, 3, 20),
        "durand",
        "1",
        [
            ("411", "Avoir", D(0), D("600.00")),
            ("706", "Avoir formation", D("500.00"), D(0)),
            ("44571", "TVA 20%", D("100.00"), D(0)),
        ],
        reconcile="A2",
        reconciled_on=date(2025, 5, 15),
    ),
    Move(
        "payment",
        date(2025, 5, 15),
        "durand",
        "3",
        [("411", "Paiement Durand", D(0), D("1800.00"))],
        reconcile="A2",
        reconciled_on=date(2025, 5, 15),
    ),
    # a deposit received before its invoice, left unreconciled
    Move(
        "payment", date(2025, 6, 2), "durand", "4", [("411", "Acompte Durand", D(0), D("300.00"))]
    ),
    sale(date(2025, 6, 16), "durand", "3", "1000.00", "200.00", due=date(2025, 7, 16)),
    sale(date(2025, 7, 1), "martin", "4", "800.00", "160.00", due=date(2025, 7, 31)),
]
BANK = "512"


def _balanced(move: Move) -> list[tuple[str, str, Decimal, Decimal]]:
    """The move with its counterpart (bank for a payment, opening contra for an opening)."""
    if move.kind == "payment":
        amount = sum(c for _, _, _, c in move.lines)
        return [(BANK, move.lines[0][1], amount, D(0)), *move.lines]
    return move.lines


# --- Odoo 14 l10n_fr_fec (addons/l10n_fr_fec/wizard/account_fr_fec.py) ------------------------


def to_char(value: Decimal) -> str:
    """PostgreSQL ``replace(to_char(value, '000000000000000D99'), '.', ',')``: 15 zero-padded
    digits, the sign's place a space (a minus when negative), D the C locale's '.'."""
    sign = "-" if value < 0 else " "
    return (sign + f"{abs(value):018.2f}").replace(".", ",")


def odoo_amount(value: Decimal) -> str:
    """``CASE WHEN aml.debit = 0 THEN '0,00' ELSE to_char(...)``."""
    return "0,00" if value == 0 else to_char(value)


def odoo_rows() -> list[list[str]]:
    names = {
        "invoice": "INV/2025/{:04d}",
        "refund": "RINV/2025/{:04d}",
        "payment": "BNK1/2025/{:04d}",
    }
    journals = {"invoice": ("INV", "Factures clients"), "refund": ("INV", "Factures clients"),
                "payment": ("BNK1", "Banque")}  # fmt: skip
    accounts = {"411": ("411100", "Clients"), "706": ("706000", "Prestations de services"),
                "44571": ("445710", "TVA collectée"), BANK: ("512001", "Banque")}  # fmt: skip
    rows = [list(HEADER)]
    # INITIAL BALANCE: the non-receivable accounts (here the bank's), then per account and
    # partner the receivable ones, PieceRef '-', EcritureLib '/', no lettering
    day = "20250101"
    rows.append(["OUV", "Balance initiale", "OUVERTURE/2025", day, "512001", "Banque", "", "",
                 "-", day, "/", odoo_amount(D("350.00")), "0,00", "", "", day, "", ""])  # fmt: skip
    for move in MOVES:
        if move.kind != "opening":
            continue
        name, ref, _ = CLIENTS[move.client]
        _, _, debit, credit = move.lines[0]
        rows.append(["OUV", "Balance initiale", "OUVERTURE/2025", day, "411100", "Clients", ref,
                     name, "-", day, "/", odoo_amount(debit), odoo_amount(credit), "", "", day,
                     "", ""])  # fmt: skip
    # LINES, ORDER BY am.date, am.name, aml.id
    dated = sorted(
        (m for m in MOVES if m.kind != "opening"),
        key=lambda m: (m.on, names[m.kind].format(int(m.number))),
    )
    for move in dated:
        code, label = journals[move.kind]
        am_name = names[move.kind].format(int(move.number))
        name, ref, _ = CLIENTS[move.client]
        for account, text, debit, credit in _balanced(move):
            number, account_label = accounts[account]
            receivable = account == "411"
            # Odoo 14 fills amount_currency (the company's currency) on every line
            balance = debit - credit
            lib = am_name if receivable and move.kind == "invoice" else text
            rows.append([
                code, label, am_name, move.on.strftime("%Y%m%d"), number, account_label,
                ref if receivable else "", name if receivable else "",
                move.ref or "-", move.on.strftime("%Y%m%d"), lib or "/",
                odoo_amount(debit), odoo_amount(credit),
                move.reconcile if receivable and move.reconcile else "",
                move.reconciled_on.strftime("%Y%m%d") if receivable and move.reconcile
                and move.reconciled_on else "",
                move.on.strftime("%Y%m%d"), to_char(balance), "EUR",
            ])  # fmt: skip
    return rows


def odoo_bytes() -> bytes:
    """``_csv_write_rows``: csv.writer(delimiter='|', lineterminator=''), '\\r\\n' appended to
    the last cell of every row but the last, UTF-8."""
    rows = odoo_rows()
    out = io.StringIO()
    writer = csv.writer(out, delimiter="|", lineterminator="")
    for index, row in enumerate(rows):
        if index != len(rows) - 1:
            row[-1] += "\r\n"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


# --- Dolibarr exportFEC (htdocs/accountancy/class/accountancyexport.class.php) -----------------


def price2fec(value: Decimal) -> str:
    """``number_format($amount, 2, ',', '')``."""
    return f"{value:.2f}".replace(".", ",")


def dolibarr_bytes() -> bytes:
    journals = {"invoice": ("VT", "Journal des ventes"), "refund": ("VT", "Journal des ventes"),
                "payment": ("BQ", "Journal de banque"), "opening": ("AN", "A-nouveaux")}  # fmt: skip
    refs = {"invoice": "FA{:%y%m}-{:04d}", "refund": "AV{:%y%m}-{:04d}"}
    labels = {"411": "Clients", "706": "Prestations de services", "44571": "TVA collectee",
              BANK: "Banque"}  # fmt: skip
    letters = {"A2": "AAA"}
    header = [*HEADER, "DateLimitReglmt", "NumFacture", "FichierFacture"]
    out = ["\t".join(header) + "\r\n"]
    piece = 0
    for move in sorted(MOVES, key=lambda m: (m.on, m.kind)):
        piece += 1
        code, journal = journals[move.kind]
        name, _, aux = CLIENTS[move.client]
        doc_ref = refs[move.kind].format(move.on, int(move.number)) if move.kind in refs else ""
        if move.kind == "payment":
            doc_ref = f"PAY{move.on:%y%m}-{int(move.number):04d}"
        created = move.created or move.on.replace(day=28)  # transferred at the month's end
        for account, text, debit, credit in _balanced(move):
            if debit == 0 and credit == 0:
                continue
            receivable = account == "411"
            invoice_line = move.kind in ("invoice", "refund")
            if move.kind == "opening":
                label = f"{name} - A nouveau"
            elif receivable:
                label = f"{name} - {doc_ref}"
            else:
                label = f"{name} - {doc_ref} - {text}"
            out.append("\t".join([
                code, journal, str(piece),
                move.on.strftime("%Y%m%d"),  # EcritureDate: $date_document (doc_date)
                account, labels[account],
                aux if receivable else "", name if receivable else "",
                doc_ref,
                created.strftime("%Y%m%d"),  # PieceDate: $date_creation
                label.replace("...", ""),
                price2fec(debit), price2fec(credit),
                letters.get(move.reconcile, ""),
                move.reconciled_on.strftime("%Y%m%d") if move.reconcile and move.reconciled_on else "",
                created.strftime("%Y%m%d"),  # ValidDate: date_validation
                "", "",  # Montantdevise, Idevise: multicurrency off
                move.due.strftime("%Y%m%d") if move.due and invoice_line else "",
                doc_ref[:17] if invoice_line else "",  # NumFacture: the invoice's ref
                "",  # FichierFacture: exported without attachments
            ]) + "\r\n")  # fmt: skip
    return "".join(out).encode("utf-8")


def main() -> None:
    (HERE / "odoo_l10n_fr_fec.csv").write_bytes(odoo_bytes())
    (HERE / "dolibarr_exportFEC.txt").write_bytes(dolibarr_bytes())
    clients = "account,kind,name,country\n" + "".join(
        f"{ref},legal_person,{name},FR\n{aux},legal_person,{name},FR\n"
        for name, ref, aux in CLIENTS.values()
    )
    (HERE / "erp_clients.csv").write_text(clients, encoding="utf-8")


if __name__ == "__main__":
    main()
