"""``lexom-terms bills``: the invoices of an order by a day (``tools.bills.bills``, RULEBOOK
§17), as text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from ...models import Order
from ...tools.bills import Bill
from .._core import Command, UsageError, day, fee_vat_option, output_options, read_model

#: the CSV columns, in this order
CSV_COLUMNS = (
    "kind",
    "to",
    "issued_on",
    "due_on",
    "amount_excl_tax",
    "vat",
    "amount_incl_tax",
    "vat_category",
    "clause",
    "description",
)


def life_options(parser: argparse.ArgumentParser) -> None:
    """The order's life the bills follow: its notices (``--steps``, as ``history`` reads them)
    or the hours attended (``--hours``, as ``attendance`` reads them)."""
    group = parser.add_argument_group("the order's life (RULEBOOK §15, §16)")
    group.add_argument(
        "--steps", metavar="FILE", help="its notices, a JSON array as lexom-terms history takes"
    )
    group.add_argument(
        "--hours", metavar="FILE", help="the hours attended, a CSV as lexom-terms attendance takes"
    )
    fee_vat_option(group)  # type: ignore[arg-type]


def order_bills(args: argparse.Namespace) -> tuple[Order, tuple[Bill, ...]]:
    """The order of ``args.order`` and its bills by ``--as-of``, after its ``--steps`` or with
    its ``--hours``."""
    from ...attendance import attendance_split
    from ...order_history import history
    from ...tools.bills import bills
    from .attendance import read_hours
    from .history import read_steps

    if args.steps and args.hours:
        raise UsageError("give --steps or --hours, not both")
    order = read_model(Order, args.order)
    life = history(order, read_steps(args.steps), fee_vat=args.fee_vat) if args.steps else None
    split = (
        attendance_split(order, read_hours(args.hours), fee_vat=args.fee_vat)
        if args.hours
        else None
    )
    return order, bills(order, args.as_of, history=life, attendance=split)


class Bills(Command):
    name = "bills"
    help = "the invoices and credit notes of an order by a day: to whom, when issued and due, HT/VAT/TTC (RULEBOOK §17)"
    example = "lexom-terms bills examples/company_order.json --as-of 2026-03-17"
    positional = (("order", "an Order as JSON (with its funding, if any)"),)
    rank = 200

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of",
            type=day,
            required=True,
            metavar="DATE",
            help="list the bills issued by this day",
        )
        parser.add_argument("--csv", action="store_true", help="CSV output, one bill a row")
        life_options(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        _, found = order_bills(args)
        if args.json:
            rows = [json.loads(b.model_dump_json()) for b in found]
            sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        elif args.csv:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for bill in found:
                values = json.loads(bill.model_dump_json())
                writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
            sys.stdout.write(out.getvalue())
        elif not found:
            sys.stdout.write(
                ("Aucune facture émise à cette date." if args.lang == "fr" else "No bill yet.")
                + "\n"
            )
        else:
            sys.stdout.write("\n\n".join(b.explain(args.lang) for b in found) + "\n")
