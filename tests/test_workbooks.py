"""Issue 20 §3: ``.xlsx`` and ``.ods`` ledgers read directly (extra ``spreadsheet``), written by
other programs (openpyxl, odfpy: tests/data/spreadsheets/make_workbooks.py), with the same
French rules and the same figures as their CSV export; every other kind of file named by its
kind."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from lexom_terms import audit, read_ledger
from lexom_terms.cli import main
from lexom_terms.ledgers._text import LedgerError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "spreadsheets"
EX = ROOT / "examples"
AS_OF = date(2025, 12, 31)


def rows_of(ledger: Path, payments: Path) -> list[object]:
    return list(audit(read_ledger(ledger, payments=payments), AS_OF).rows())


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
@pytest.mark.parametrize("writer", ["", "libreoffice_"], ids=["openpyxl-odfpy", "libreoffice"])
def test_a_workbook_audits_as_its_csv_export(ext: str, writer: str) -> None:
    """The CSV converted by LibreOffice Calc itself (its French import leaves "1 800,00", with
    its narrow no-break space, a text cell: read by the French rules), or written by openpyxl
    and odfpy."""
    expected = rows_of(EX / "ledger_fr.csv", EX / "payments_fr.csv")
    ledger, payments = DATA / f"{writer}ledger_fr.{ext}", DATA / f"{writer}payments_fr.{ext}"
    assert rows_of(ledger, payments) == expected
    assert (
        sum(row.total for row in expected)
        == audit(  # type: ignore[attr-defined]
            read_ledger(DATA / f"ledger_fr.{ext}", payments=DATA / f"payments_fr.{ext}"), AS_OF
        ).totals["total"]
    )


def test_the_command_line_reads_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.csv"
    status = main(
        ["audit", str(DATA / "ledger_fr.xlsx"), "--payments", str(DATA / "payments_fr.ods"),
         "--as-of", "2025-12-31", "-o", str(out), "-q"]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    import csv

    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [row["total"] for row in rows] == ["117.48", "4.79", "162.23"]


def workbook(tmp_path: Path, *rows: list[object]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["number", "cgv", "client_name", "client_kind", "issued_on", "due_on",
                  "amount_incl_tax"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    path = tmp_path / "l.xlsx"
    book.save(path)
    return path


def test_a_float_that_is_not_an_amount_to_the_cent_is_refused(tmp_path: Path) -> None:
    """A formula's float (1800.1000000000001) is never rounded into an amount."""
    path = workbook(
        tmp_path,
        ["F-1", "new-30", "ACME", "legal_person", date(2025, 1, 2), date(2025, 2, 1), 1800.1 + 1e-12],
    )  # fmt: skip
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    assert (caught.value.line, caught.value.column) == (2, "amount_incl_tax")


def test_a_date_with_a_time_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["F-1", "new-30", "ACME", "legal_person", datetime(2025, 1, 2, 14, 30), date(2025, 2, 1), 10],
    )  # fmt: skip
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    assert (caught.value.code, caught.value.line) == ("bad_date", 2)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (ROOT / "tests" / "data" / "fec" / "dolibarr_exportFEC.txt", "this is a FEC"),
        (ROOT / "tests" / "data" / "fec" / "odoo_l10n_fr_fec.csv", "this is a FEC"),
        (ROOT / "tests" / "data" / "einvoices" / "Facture_FR_MINIMUM.pdf", "this is a PDF"),
        (ROOT / "tests" / "data" / "einvoices" / "EN16931_Einfach.ubl.xml", "an XML file"),
    ],
)
def test_each_wrong_kind_of_file_is_named_by_its_kind(path: Path, words: str) -> None:
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    assert caught.value.code == "wrong_kind" and words in str(caught.value)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "ledger.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ledger.csv", "number\n")
    with pytest.raises(LedgerError, match="ZIP archive") as caught:
        list(read_ledger(path))
    assert caught.value.code == "wrong_kind"


def test_without_the_extra_a_workbook_says_which_extra(tmp_path: Path) -> None:
    """The core imports without python-calamine; a workbook then names the extra to install."""
    code = (
        "import sys; sys.modules['python_calamine'] = None\n"
        "import lexom_terms\n"
        "from lexom_terms import read_ledger\n"
        "try:\n"
        f"    list(read_ledger({str(DATA / 'ledger_fr.xlsx')!r}))\n"
        "except ValueError as error:\n"
        "    print(error.code, error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert done.stdout.startswith("wrong_kind") and "lexom-terms[spreadsheet]" in done.stdout


def test_a_damaged_archive_is_named_not_a_traceback(tmp_path: Path) -> None:
    """Found by the fuzz: an .ods whose ``mimetype`` entry is flagged encrypted made zipfile
    raise RuntimeError."""
    import zipfile

    path = tmp_path / "ledger.ods"
    with zipfile.ZipFile(path, "w") as archive:
        entry = zipfile.ZipInfo("mimetype")
        entry.flag_bits |= 0x1  # "encrypted"
        archive.writestr(entry, "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(path))
    assert caught.value.code in ("wrong_kind", "bad_workbook")
