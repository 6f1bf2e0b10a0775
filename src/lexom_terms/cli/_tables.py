"""The small CSV files of the command line (``attendance``'s hours, ``allocate``'s receipts),
read exactly as the ledger is read (:mod:`lexom_terms.ledgers.spreadsheet`): a path, a UTF-8
byte-order mark dropped, ``--encoding`` (the "give --encoding cp1252" hint on a byte UTF-8
cannot decode), the separator read from the header (``,``, ``;`` or tab), a ``;`` file French
(``10,5``, ``JJ/MM/AAAA``) unless a dialect is given, an ``.xlsx`` or ``.ods`` workbook read as
the ledger reads it. Besides, Excel's ``sep=;`` first line (which Excel writes and reads to name
the separator) gives the separator.

Every refusal names the file, its line and its column, with the ledger's stable codes
(docs/errors.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from ..errors import InvalidInputError
from ..ledgers._text import (
    Dialect,
    LedgerError,
    amount,
    day,
    header_cells,
    header_record,
    one_line,
    rows,
    sniff,
    visible,
)
from ..ledgers.spreadsheet import first_line_kind, source_lines
from ._core import UsageError, located


class Table:
    """The rows of a small CSV file: ``(line, cells by column name)``, read whole, with the
    dialect its numbers and dates are read in."""

    def __init__(
        self,
        path: str,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        *,
        encoding: str | None = None,
        dialect: Dialect | None = None,
        shape: str,
        dialect_option: str = "--dialect",
    ) -> None:
        self.path = path
        self.option = dialect_option
        try:
            self.dialect, self.rows = _read(
                path, what, required, optional, encoding, dialect, shape
            )
        except InvalidInputError as error:
            raise UsageError(located(path, error)) from error

    def amount(self, text: str, line: int, column: str) -> Decimal:
        """A number of the file (an amount, hours) in its dialect."""
        try:
            return amount(text, self.dialect, line, column)
        except LedgerError as error:
            raise UsageError(f"{located(self.path, error)}{self._which()}") from error

    def day(self, text: str, line: int, column: str) -> date:
        """A date of the file in its dialect (``JJ/MM/AAAA`` in a French one)."""
        try:
            return day(text, self.dialect, line, column)
        except LedgerError as error:
            raise UsageError(f"{located(self.path, error)}{self._which()}") from error

    def _which(self) -> str:
        """Which option sets this file's dialect (the ledger's message names --dialect)."""
        return f" [this file's dialect: {self.option} iso or fr]"

    def identifier(self, text: str, line: int, column: str) -> str:
        """An invoice number on one line, kept exactly as given."""
        try:
            one_line(text, line, column)
        except LedgerError as error:
            raise UsageError(located(self.path, error)) from error
        return text


def _read(
    path: str,
    what: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    encoding: str | None,
    dialect: Dialect | None,
    shape: str,
) -> tuple[Dialect, list[tuple[int, dict[str, str]]]]:
    if dialect is not None and dialect not in ("iso", "fr"):
        raise LedgerError(1, None, f"dialect {dialect!r}: use 'iso' or 'fr'", code="dialect")
    lines, dialect = source_lines(path, encoding, dialect, what)
    try:
        first = next(lines)
    except StopIteration:
        raise LedgerError(1, None, f"the {what} is empty: {shape}", code="no_header") from None
    first_line_kind(first, what)
    declared = _excel_separator(first)
    header_line = 1
    if declared is not None:
        # Excel's "sep=;" line: the separator, then the header on the next line. It is given to
        # the CSV reader as an empty line, so that every line keeps its number.
        delimiter, first, header_line = declared, "\n", 2
    else:
        delimiter = sniff(first, required)
    records = rows(_chain(first, lines), delimiter)
    header = header_record(records, what)
    names = header_cells(header, header_line)
    known = required + optional
    unknown = [name for name in names if name not in known]
    if unknown:
        raise LedgerError(
            header_line, unknown[0], f"unknown column; {shape}", code="unknown_column"
        )
    missing = [name for name in required if name not in names]
    if missing:
        raise LedgerError(
            header_line, missing[0], f"missing column; {shape}", code="missing_column"
        )
    found: list[tuple[int, dict[str, str]]] = []
    for line, cells in records:
        visible(cells, line, names)
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise LedgerError(
                line, None, f"{len(cells)} cells for a header of {len(names)}", code="extra_cells"
            )
        if len(cells) < len(names):
            raise LedgerError(
                line, None, f"{len(cells)} cells for a header of {len(names)}", code="missing_cells"
            )
        found.append((line, dict(zip(names, cells, strict=False))))
    if not found:
        raise LedgerError(header_line, None, f"no row under the header; {shape}", code="no_rows")
    chosen: Dialect = dialect or ("fr" if delimiter == ";" else "iso")
    return chosen, found


def _excel_separator(first: str) -> str | None:
    """The separator Excel's ``sep=X`` first line names (``,``, ``;`` or tab), else None."""
    text = first.rstrip("\r\n")
    if text.lower().startswith("sep=") and len(text) == 5 and text[4] in ",;\t":
        return text[4]
    return None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
