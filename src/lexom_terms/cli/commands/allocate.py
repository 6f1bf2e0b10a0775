"""``lexom-terms allocate``: one payment for several invoices (``lexom_terms.allocate``,
RULEBOOK §18, Code civil 1342-10)."""

from __future__ import annotations

import argparse

from pydantic import ValidationError

from ...allocation import allocate
from ...ledgers._text import Dialect
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
from .._tables import Table


def read_receipts(
    path: str, *, encoding: str | None = None, dialect: Dialect | None = None
) -> list[Receipt]:
    """A CSV with the columns ``on``, ``amount`` and, optionally, ``invoice`` (the number a
    receipt names; empty when it names none), read as the ledger is read but on its own: its
    separator, hence its dialect (a ``;`` file is French: ``900,00``, ``03/11/2025``), is its
    own, whatever the ledger's."""
    table = Table(
        path,
        "receipts file",
        ("on", "amount"),
        ("invoice",),
        encoding=encoding,
        dialect=dialect,
        shape="give a CSV with the columns on,amount[,invoice]",
        dialect_option="--receipts-dialect",
    )
    found: list[Receipt] = []
    for number, row in table.rows:
        on = table.day(row["on"], number, "on")
        value = table.amount(row["amount"], number, "amount")
        named = table.identifier(row.get("invoice", ""), number, "invoice")
        try:
            found.append(Receipt(on=on, amount=value, invoice=named or None))
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
        " (--json: the invoices with them). Each file's dialect is its own: a file separated by"
        " ';' (French Excel) has decimal commas and JJ/MM/AAAA dates; --dialect sets the"
        " ledger's, --receipts-dialect the receipts'."
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
        parser.add_argument(
            "--receipts-dialect",
            choices=("iso", "fr"),
            help="the receipts file's numbers and dates, read on their own (--dialect is the"
            " ledger's): iso, 900.00 and YYYY-MM-DD; fr, 900,00 and JJ/MM/AAAA (default: fr"
            " for a ';'-separated file, else iso)",
        )
        parser.add_argument(
            "--receipts-encoding",
            metavar="NAME",
            help="the receipts file's encoding (default: --encoding's, else utf-8)",
        )
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        invoices = ledger_invoices(args.ledger, args)
        receipts = read_receipts(
            args.receipts,
            encoding=args.receipts_encoding or args.encoding,
            dialect=args.receipts_dialect,
        )
        result = allocate(invoices, receipts, bearing_no_interest=args.no_interest)
        emit(result, args)
