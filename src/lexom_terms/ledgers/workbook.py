"""Spreadsheets read directly: an ``.xlsx``, ``.xls`` or ``.ods`` ledger (or payments file) goes
through the same reader, with the same French rules, as its CSV export (optional extra
``spreadsheet``: ``python-calamine``).

Why python-calamine: one maintained reader (the Rust ``calamine`` crate) for the three formats an
accountant has — Excel's ``.xlsx`` and old ``.xls``, LibreOffice's ``.ods`` — with no other
dependency; openpyxl reads ``.xlsx`` alone.

A sheet's cells come typed: a number cell is a number (no decimal comma to read), a date cell a
date. They are written back as the CSV reader's text — a number as its shortest exact decimal
(``1800.5`` → ``1800,5`` under the French dialect, which a workbook gets unless ``dialect`` says
otherwise: a text cell in a French workbook is French, ``1 234,56``), a date as ``AAAA-MM-JJ`` —
and each row is then read as a CSV row, its line the sheet's row number. Nothing is rounded: a
number cell that is not exactly an amount to the cent (``1800.1000000000001``, a formula's
float) is refused by the amount's own check, as its CSV text would be.

Which file is which is told by its first bytes, not its name: a workbook, a PDF, a FEC or an XML
e-invoice given as a ledger is named by its kind, with the way to read it (code
``wrong_kind``).
"""

from __future__ import annotations

import csv
import io
import math
import os
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ._text import Dialect, LedgerError, unreadable

WORKBOOKS = ("xlsx", "xls", "ods")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def file_kind(path: str | os.PathLike[str]) -> str | None:
    """``xlsx``, ``xls``, ``ods``, ``pdf``, ``zip`` (another archive) or None (text), by the
    file's first bytes."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise unreadable(path, error) from None
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIME:
                    return "ods"
        except Exception:
            # a damaged archive (an entry flagged encrypted, an unknown compression, a bad
            # CRC: the fuzz found each) is only classified here: "zip", refused with its kind
            pass
        return "zip"
    return None


def wrong_kind(kind: str, what: str) -> LedgerError:
    """The refusal of a file of another kind given as a ledger (or payments file)."""
    advice = {
        "pdf": "this is a PDF (an e-invoice?): give it to `check` with --cgv and --client, or"
        " put the e-invoices in a folder for `audit --invoices DIR`",
        "zip": "this is a ZIP archive, not a spreadsheet: extract the ledger first",
        "fec": "this is a FEC (JournalCode…): use `audit --fec FILE --clients FILE --cgv"
        " VERSION` (read_fec)",
        "xml": "this is an XML file (an e-invoice?): put the e-invoices in a folder for `audit"
        " --invoices DIR`, or give one to `check`",
        "extra": "this is a spreadsheet workbook; reading it needs the optional extra: pip"
        " install 'lexom-terms[spreadsheet]' (or save it as CSV UTF-8)",
    }[kind]
    return LedgerError(1, None, f"the {what}: {advice}", code="wrong_kind")


def workbook_lines(
    path: str | os.PathLike[str], kind: str, dialect: Dialect, what: str
) -> Iterator[str]:
    """The first sheet's rows as the CSV lines (``;`` separated) the ledger reader reads."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise wrong_kind("extra", what) from None
    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        names = workbook.sheet_names
        if not names:
            raise LedgerError(1, None, f"the {what} ({kind}) has no sheet", code="bad_workbook")
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        start = sheet.start[0] if sheet.start is not None else 0
    except LedgerError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's errors, and its Rust panics (BaseException)
        raise _damaged(what, kind, error) from None
    yield from _lines(_guarded(rows, what, kind), start, dialect)


def _damaged(what: str, kind: str, error: BaseException) -> LedgerError:
    return LedgerError(
        1,
        None,
        f"the {what} is not a readable {kind} workbook ({type(error).__name__})",
        code="bad_workbook",
    )


def _guarded(rows: Iterator[list[Any]], what: str, kind: str) -> Iterator[list[Any]]:
    """The sheet's rows, read lazily: an error met on the way is the workbook's refusal."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            raise _damaged(what, kind, error) from None
        yield row


def _lines(rows: Iterator[list[Any]], start: int, dialect: Dialect) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    # the rows above the sheet's first used row are empty lines, so that a line is a row
    yield from ["\n"] * start
    for index, row in enumerate(rows, start=start + 1):
        out.seek(0)
        out.truncate()
        writer.writerow([_text(value, dialect, index, column) for column, value in enumerate(row)])
        yield out.getvalue()


def _text(value: Any, dialect: Dialect, line: int, column: int) -> str:
    """A typed cell as the CSV reader's text."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LedgerError(line, f"#{column + 1}", "a number cell that is not finite",
                              code="bad_amount")  # fmt: skip
        # the shortest decimal that is this float: what the spreadsheet shows, never rounded
        text = format(Decimal(repr(value)).normalize(), "f")
        return text.replace(".", ",") if dialect == "fr" else text
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise LedgerError(
                line,
                f"#{column + 1}",
                f"a date with a time ({value.isoformat(sep=' ')}): a ledger's dates are days",
                code="bad_date",
            )
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta | time):
        raise LedgerError(
            line, f"#{column + 1}", "a duration or a time where a date or an amount is expected",
            code="bad_date",
        )  # fmt: skip
    raise InvalidInputError(  # pragma: no cover - calamine gives the types above
        f"line {line}: a cell of an unknown type", code="bad_workbook"
    )
