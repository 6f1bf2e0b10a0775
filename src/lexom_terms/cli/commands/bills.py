"""``lexom-terms bills``: the invoices of an order by a day (``tools.bills.bills``, RULEBOOK
§17), as text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from ...models import Order
from .._core import Command, day, output_options, read_model

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
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...tools.bills import bills

        found = bills(read_model(Order, args.order), args.as_of)
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
