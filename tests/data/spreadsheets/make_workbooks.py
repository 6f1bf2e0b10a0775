"""Writes the workbooks of tests/test_workbooks.py with programs other than ours: openpyxl for
the ``.xlsx`` (the library Excel-compatible tools use), odfpy for the ``.ods`` (the
OpenDocument library). The ledger is examples/ledger_fr.csv's: typed cells (dates as dates,
amounts as numbers) as a person types them in Excel or LibreOffice, and in the ``.ods`` one
amount typed as French text ("2 400,00") as a pasted cell is. Run from the repository root:
``python tests/data/spreadsheets/make_workbooks.py``; the files are kept as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["number", "cgv", "client_name", "client_kind", "issued_on", "due_on", "amount_incl_tax"]
ROWS = [
    ["F-2025-118", "legacy-15", "ACME SAS", "legal_person", date(2025, 5, 20), date(2025, 6, 10), 1800],
    ["F-2025-131", "new-30", "Jeanne Martin", "natural_person", date(2025, 6, 2), date(2025, 6, 30), 960.0],
    ["F-2025-140", "new-30", "Établissements Pérez", "legal_person", date(2025, 7, 1), date(2025, 7, 31), 2400.0],
]  # fmt: skip
PAYMENTS = [
    ["F-2025-118", date(2025, 8, 1), 600],
    ["F-2025-118", date(2025, 10, 15), 600],
    ["F-2025-131", date(2025, 7, 15), 960],
]


def xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Factures"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"  # as French Excel shows them
    book.save(path)


def ods(path: Path, header: list[str], rows: list[list[object]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Factures")
    for values in [header, *rows]:
        row = TableRow()
        for value in values:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=f"{value:.2f}".replace(".", ",")))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def main() -> None:
    xlsx(HERE / "ledger_fr.xlsx", HEADER, ROWS)
    xlsx(HERE / "payments_fr.xlsx", ["number", "paid_on", "amount"], PAYMENTS)
    rows = [list(row) for row in ROWS]
    rows[2][6] = "2\u00a0400,00"  # a French amount as text, as pasted from another program
    ods(HERE / "ledger_fr.ods", HEADER, rows)
    ods(HERE / "payments_fr.ods", ["number", "paid_on", "amount"], PAYMENTS)


if __name__ == "__main__":
    main()
