"""``read_ledger`` on the files a French accountant has: Excel's CSV exports (byte-order mark,
";", Windows-1252, "1 234,56", JJ/MM/AAAA), written here by other programs than our report
writer (the csv module by hand, and pandas)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import audit, read_ledger
from lexom_terms.cli import main
from lexom_terms.ledgers._text import MAX_CELL, LedgerError

HEADER = ["number", "cgv", "client_name", "client_kind", "issued_on", "due_on", "amount_incl_tax"]
NBSP, NNBSP = "\u00a0", "\u202f"


def excel_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
    header: list[str] = HEADER,
) -> Path:
    """A CSV as French Excel saves it ("CSV UTF-8" is utf-8-sig; "CSV (séparateur: point-virgule)"
    is cp1252), CRLF line ends, written with the csv module."""
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


ROW = ["F-1", "legacy-15", "Société Générale", "legal_person", "20/05/2025", "10/06/2025"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
@pytest.mark.parametrize("space", [" ", NBSP, NNBSP])
def test_french_excel_semicolon_bom_and_grouped_amounts(
    tmp_path: Path, encoding: str, space: str
) -> None:
    path = excel_csv(
        tmp_path / "l.csv",
        [[*ROW, f"1{space}234,56"], ["F-2", *ROW[1:], "1234,5"]],
        encoding=encoding,
    )
    invoices = list(read_ledger(path))
    assert [i.amount_incl_tax for i in invoices] == [Decimal("1234.56"), Decimal("1234.50")]
    assert invoices[0].issued_on == date(2025, 5, 20) and invoices[0].due_on == date(2025, 6, 10)
    assert invoices[0].client.name == "Société Générale"


def test_windows_1252_needs_its_encoding_and_the_error_names_it(tmp_path: Path) -> None:
    path = excel_csv(tmp_path / "l.csv", [[*ROW, "100,00"]], encoding="cp1252")
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    message = str(caught.value)
    assert message.startswith("line 2:") and "utf-8" in message and "cp1252" in message
    assert caught.value.line == 2
    (invoice,) = read_ledger(path, encoding="cp1252")
    assert invoice.client.name == "Société Générale"


def test_cli_decoding_error_names_encoding_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = excel_csv(
        tmp_path / "l.csv",
        [["F-0", *ROW[1:3], "legal_person", *ROW[4:], "1,00"], [*ROW, "1,00"]],
        encoding="cp1252",
    )
    status = main(["audit", str(path), "--as-of", "2025-12-31"])
    err = capsys.readouterr().err
    assert status == 2 and f"{path}: line 2" in err and "utf-8" in err and "Traceback" not in err
    assert main(["audit", str(path), "--as-of", "2025-12-31", "--encoding", "cp1252", "-q"]) == 0
    assert main(["audit", str(path), "--as-of", "2025-12-31", "--encoding", "klingon"]) == 2
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_tab_separated(tmp_path: Path) -> None:
    row = ["F-1", "new-30", "ACME", "legal_person", "2025-05-20", "2025-06-10", "100.00"]
    path = excel_csv(tmp_path / "l.tsv", [row], delimiter="\t")
    assert [i.number for i in read_ledger(path)] == ["F-1"]
    # a tab file is not French unless said so: its decimal comma is refused with the way out
    path = excel_csv(tmp_path / "f.tsv", [[*row[:6], "100,00"]], delimiter="\t")
    with pytest.raises(LedgerError, match="French dialect"):
        list(read_ledger(path))
    assert next(iter(read_ledger(path, dialect="fr"))).amount_incl_tax == Decimal("100.00")


def test_slash_dates_only_under_the_french_dialect(tmp_path: Path) -> None:
    row = ["F-1", "new-30", "ACME", "legal_person", "03/04/2025", "2025-04-30", "100,00"]
    path = excel_csv(tmp_path / "l.csv", [row], delimiter=",")
    with pytest.raises(LedgerError, match="needs the French dialect") as caught:
        list(read_ledger(path))
    assert caught.value.column == "issued_on"
    (invoice,) = read_ledger(path, dialect="fr")
    assert invoice.issued_on == date(2025, 4, 3)  # day/month, never month/day


@pytest.mark.parametrize(
    "bad", ["1.234,56", "1 23,45", "12 345 6,00", "1,2,3", "€100", "1e3", "", "1 234.56"]
)
def test_french_amounts_that_could_be_read_two_ways_are_refused(tmp_path: Path, bad: str) -> None:
    path = excel_csv(tmp_path / "l.csv", [[*ROW, bad]])
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    assert caught.value.column == "amount_incl_tax" and caught.value.line == 2


def test_pandas_export_reads_back(tmp_path: Path) -> None:
    """pandas writes the French CSV (another writer than ours)."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "number": ["F-1", "F-2"],
            "cgv": ["legacy-15", "new-30"],
            "client_name": ["ACME", "Jeanne Martin"],
            "client_kind": ["legal_person", "natural_person"],
            "issued_on": pd.to_datetime(["2025-05-20", "2025-06-02"]),
            "due_on": pd.to_datetime(["2025-06-10", "2025-06-30"]),
            "amount_incl_tax": [1800.0, 960.5],
        }
    )
    path = tmp_path / "pandas.csv"
    frame.to_csv(
        path, sep=";", decimal=",", date_format="%d/%m/%Y", index=False, encoding="utf-8-sig"
    )
    invoices = list(read_ledger(path))
    assert [i.amount_incl_tax for i in invoices] == [Decimal("1800.00"), Decimal("960.50")]
    assert invoices[1].due_on == date(2025, 6, 30)


def test_payments_file_long_format(tmp_path: Path) -> None:
    ledger = excel_csv(tmp_path / "l.csv", [[*ROW, "1 800,00"], ["F-2", *ROW[1:], "100,00"]])
    payments = excel_csv(
        tmp_path / "p.csv",
        [["F-1", "01/08/2025", "600,00"], ["F-1", "15/10/2025", "600,00"]],
        header=["number", "paid_on", "amount"],
    )
    first, second = read_ledger(ledger, payments=payments)
    assert [(p.on, p.amount) for p in first.payments] == [
        (date(2025, 8, 1), Decimal("600.00")),
        (date(2025, 10, 15), Decimal("600.00")),
    ]
    assert second.payments == ()


def test_payment_for_an_unknown_invoice_is_an_error(tmp_path: Path) -> None:
    ledger = excel_csv(tmp_path / "l.csv", [[*ROW, "100,00"]])
    payments = excel_csv(
        tmp_path / "p.csv", [["F-9", "01/08/2025", "60,00"]], header=["number", "paid_on", "amount"]
    )
    with pytest.raises(LedgerError, match="F-9"):
        list(read_ledger(ledger, payments=payments))


def test_bad_payment_names_its_line_in_the_payments_file(tmp_path: Path) -> None:
    ledger = excel_csv(tmp_path / "l.csv", [[*ROW, "100,00"]])
    payments = excel_csv(
        tmp_path / "p.csv",
        [["F-1", "01/08/2025", "60,00"], ["F-1", "01/08/2025", "0,00"]],
        header=["number", "paid_on", "amount"],
    )
    with pytest.raises(LedgerError) as caught:
        read_ledger(ledger, payments=payments)
    assert (caught.value.line, caught.value.column) == (3, "amount")


def test_duplicate_invoice_numbers_are_refused(tmp_path: Path) -> None:
    path = excel_csv(
        tmp_path / "l.csv", [[*ROW, "1,00"], ["F-2", *ROW[1:], "1,00"], [*ROW, "2,00"]]
    )
    with pytest.raises(LedgerError, match="'F-1' appears twice") as caught:
        list(read_ledger(path))
    assert caught.value.line == 4


def test_extra_cells_are_refused_and_empty_trailing_ones_tolerated(tmp_path: Path) -> None:
    path = excel_csv(tmp_path / "l.csv", [[*ROW, "1,00", ""]])
    assert len(list(read_ledger(path))) == 1
    path = excel_csv(tmp_path / "x.csv", [[*ROW, "1,00", "2025-08-01:1,00"]])
    with pytest.raises(LedgerError, match="8 cells for a header of 7"):
        list(read_ledger(path))
    path = excel_csv(tmp_path / "y.csv", [[*ROW]])
    with pytest.raises(LedgerError, match="6 cells for a header of 7"):
        list(read_ledger(path))


def test_duplicate_headers_are_refused(tmp_path: Path) -> None:
    path = excel_csv(tmp_path / "l.csv", [[*ROW, "1,00", "x"]], header=[*HEADER, "Number"])
    with pytest.raises(LedgerError, match="twice") as caught:
        list(read_ledger(path))
    assert caught.value.line == 1


@pytest.mark.parametrize("size", [MAX_CELL + 1, 200 * 1024])
def test_a_cell_over_the_limit_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int
) -> None:
    path = excel_csv(tmp_path / "l.csv", [[*ROW[:2], "A" * size, *ROW[3:], "1,00"]])
    status = main(["audit", str(path), "--as-of", "2025-12-31"])
    err = capsys.readouterr().err
    assert status == 2 and "line 2" in err and "characters" in err


def test_payments_before_the_invoice_or_above_it_are_reported(tmp_path: Path) -> None:
    ledger = excel_csv(tmp_path / "l.csv", [[*ROW, "100,00"], ["F-2", *ROW[1:], "100,00"]])
    payments = excel_csv(
        tmp_path / "p.csv",
        [["F-1", "01/05/2025", "50,00"], ["F-2", "10/06/2025", "150,00"]],
        header=["number", "paid_on", "amount"],
    )
    first, second = audit(read_ledger(ledger, payments=payments), date(2025, 12, 31)).rows()
    assert first.anomalies == (
        "paiement de 50,00\u00a0€ le 1er mai 2025, avant la date de la facture (20 mai 2025)",
    )
    assert "trop-perçu de 50,00\u00a0€" in second.anomalies[0]


def test_text_lines_and_text_handles(tmp_path: Path) -> None:
    lines = [",".join(HEADER), "F-1,new-30,ACME,legal_person,2025-05-20,2025-06-10,100.00"]
    assert [i.number for i in read_ledger(lines)] == ["F-1"]
    assert [i.number for i in read_ledger(io.StringIO("\ufeff" + "\n".join(lines)))] == ["F-1"]
    assert [i.number for i in read_ledger(io.BytesIO("\n".join(lines).encode()))] == ["F-1"]


def test_empty_file_and_utf16_are_explained(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(LedgerError, match="empty"):
        read_ledger(empty)
    utf16 = tmp_path / "u.csv"
    utf16.write_text(",".join(HEADER), encoding="utf-16")
    with pytest.raises(LedgerError, match="UTF-16"):
        read_ledger(utf16)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read the file"):
        read_ledger(tmp_path / "nope.csv")


def test_cli_names_the_payments_file_in_its_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = excel_csv(tmp_path / "l.csv", [[*ROW, "100,00"]])
    payments = excel_csv(
        tmp_path / "p.csv",
        [["F-1", "01/08/2025", "60,00"], ["F-1", "31/02/2025", "1,00"]],
        header=["number", "paid_on", "amount"],
    )
    status = main(["audit", str(ledger), "--payments", str(payments), "--as-of", "2025-12-31"])
    err = capsys.readouterr().err
    assert status == 2 and f"{payments}: line 3, column 'paid_on'" in err


def test_a_ledger_streams_once(tmp_path: Path) -> None:
    ledger = read_ledger(excel_csv(tmp_path / "l.csv", [[*ROW, "1,00"]]))
    assert len(list(ledger)) == 1
    with pytest.raises(ValueError, match="read once"):
        list(ledger)


def test_line_numbers_stay_exact_after_a_multi_line_cell() -> None:
    lines = [
        ",".join(HEADER) + "\n",
        'F-1,new-30,"ACME\nSAS",legal_person,2025-05-20,2025-06-10,100.00\n',
        "F-2,new-30,ACME,legal_person,2025-05-20,2025-06-10,abc\n",
    ]
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(io.StringIO("".join(lines))))  # a file: lines split at each newline
    assert (caught.value.line, caught.value.column) == (4, "amount_incl_tax")
    with pytest.raises(LedgerError, match="line 2: not a CSV record"):
        list(read_ledger(io.StringIO(lines[0] + 'F-1,new-30,"ACME\nx,y\n')))


def test_a_semicolon_file_with_dot_amounts_says_how_to_read_it(tmp_path: Path) -> None:
    row = ["F-1", "new-30", "ACME", "legal_person", "2025-05-20", "2025-06-10", "1800.00"]
    path = excel_csv(tmp_path / "l.csv", [row])
    with pytest.raises(LedgerError, match="--dialect iso"):
        list(read_ledger(path))
    assert next(iter(read_ledger(path, dialect="iso"))).amount_incl_tax == Decimal("1800.00")
