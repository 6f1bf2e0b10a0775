"""``lexom-terms attendance``: who is invoiced what for the hours attended
(``lexom_terms.attendance_split``, RULEBOOK §16)."""

from __future__ import annotations

import argparse

from pydantic import ValidationError

from ...attendance import attendance_split
from ...ledgers._text import Dialect
from ...models import Attendance, Order
from .._core import (
    Command,
    UsageError,
    csv_options,
    emit,
    fee_vat_option,
    output_options,
    read_model,
    validation_message,
)
from .._tables import Table


def read_hours(
    path: str, *, encoding: str | None = None, dialect: Dialect | None = None
) -> list[Attendance]:
    """A CSV with the columns ``line`` and ``hours`` (one row per line of the order), read as
    the ledger is read: a French Excel export (``;``, ``10,5``, Windows-1252 with
    ``--encoding cp1252``, a byte-order mark, a ``sep=;`` line) as well as ``1,10.5``."""
    table = Table(
        path,
        "hours file",
        ("line", "hours"),
        encoding=encoding,
        dialect=dialect,
        shape="give a CSV with the columns line,hours (one row per line)",
    )
    found: list[Attendance] = []
    for number, row in table.rows:
        hours = table.amount(row["hours"], number, "hours")
        try:
            found.append(Attendance(line=row["line"].strip(), hours=hours))
        except ValidationError as error:
            raise UsageError(f"{path}, line {number}: {validation_message(error)}") from None
    return found


class AttendanceCommand(Command):
    name = "attendance"
    help = "who is invoiced what for the hours attended (OPCO, client, indemnity)"
    example = "lexom-terms attendance examples/funded_order_hours.json examples/life/hours.csv"
    details = (
        "HOURS is a CSV with the columns line,hours: the hours each line's trainee attended"
        " (line 1 for an order without lines). The order's session (or each line's) states its"
        ' planned hours ("hours"). HOURS is read as a ledger is: a file separated by ";" (French'
        " Excel) has decimal commas (10,5); --encoding cp1252 for a Windows-1252 export."
    )
    positional = (("order", "an Order as JSON"), ("hours", "the hours attended, a CSV"))
    rank = 211

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--force-majeure",
            action="store_true",
            help="a self-funded trainee stopped by force majeure (Code du travail L6353-7)",
        )
        csv_options(parser, "hours file")
        fee_vat_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        split = attendance_split(
            order,
            read_hours(args.hours, encoding=args.encoding, dialect=args.dialect),
            fee_vat=args.fee_vat,
            force_majeure=args.force_majeure,
        )
        emit(split, args)
