"""``lexom-terms allocate``: one payment for several invoices (``lexom_terms.allocate``,
RULEBOOK §18, Code civil 1342-10)."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from pydantic import ValidationError

from ...allocation import allocate
from ...models import Receipt
from .._core import (
    Command,
    UsageError,
    emit,
    ledger_invoices,
    ledger_options,
    output_options,
    validation_message,
)


def read_receipts(path: str) -> list[Receipt]:
    """A CSV with the columns ``on``, ``amount`` and, optionally, ``invoice`` (the number a
    receipt names; empty when it names none)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text (byte {error.start})") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or {"on", "amount"} - set(rows[0]):
        raise UsageError(f"{path}: give a CSV with the columns on,amount[,invoice]")
    found: list[Receipt] = []
    for number, row in enumerate(rows, start=2):
        try:
            found.append(
                Receipt(
                    on=row["on"] or "",
                    amount=row["amount"] or "",
                    invoice=row.get("invoice") or None,
                )
            )
        except ValidationError as error:
            raise UsageError(f"{path}, line {number}: {validation_message(error)}") from None
    return found


class Allocate(Command):
    name = "allocate"
    help = "allocate payments that name no invoice over a client's invoices (Code civil 1342-10)"
    example = "lexom-terms allocate examples/ledger.csv examples/life/receipts.csv"
    details = (
        "LEDGER is read as audit reads it; RECEIPTS is a CSV with the columns on,amount and,"
        " optionally, invoice. The parts allocated are appended to each invoice's payments"
        " (--json: the invoices with them)."
    )
    positional = (("ledger", "the invoices, a ledger file"), ("receipts", "the receipts, a CSV"))
    rank = 212

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        ledger_options(parser)
        parser.add_argument(
            "--no-interest",
            metavar="NUMBER",
            action="append",
            default=[],
            help="an invoice bearing no interest nor the 40 EUR (a legacy deposit invoice);"
            " repeat for several",
        )
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        invoices = ledger_invoices(args.ledger, args)
        result = allocate(
            invoices, read_receipts(args.receipts), bearing_no_interest=args.no_interest
        )
        emit(result, args)
