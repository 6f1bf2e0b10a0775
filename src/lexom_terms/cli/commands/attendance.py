"""``lexom-terms attendance``: who is invoiced what for the hours attended
(``lexom_terms.attendance_split``, RULEBOOK §16)."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from pydantic import ValidationError

from ...attendance import attendance_split
from ...models import Attendance, Order
from .._core import (
    Command,
    UsageError,
    emit,
    fee_vat_option,
    output_options,
    read_model,
    validation_message,
)


def read_hours(path: str) -> list[Attendance]:
    """A CSV with the columns ``line`` and ``hours`` (one row per line of the order)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text (byte {error.start})") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or {"line", "hours"} - set(rows[0]):
        raise UsageError(f"{path}: give a CSV with the columns line,hours (one row per line)")
    found: list[Attendance] = []
    for number, row in enumerate(rows, start=2):
        try:
            found.append(Attendance(line=row["line"] or "", hours=row["hours"] or ""))
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
        ' planned hours ("hours").'
    )
    positional = (("order", "an Order as JSON"), ("hours", "the hours attended, a CSV"))
    rank = 211

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--force-majeure",
            action="store_true",
            help="a self-funded trainee stopped by force majeure (Code du travail L6353-7)",
        )
        fee_vat_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        split = attendance_split(
            order, read_hours(args.hours), fee_vat=args.fee_vat, force_majeure=args.force_majeure
        )
        emit(split, args)
