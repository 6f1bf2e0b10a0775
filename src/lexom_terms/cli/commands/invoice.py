"""``lexom-terms invoice``: one bill of an order as a Factur-X PDF/A-3 (or its CII XML), from a
seller and a buyer given as ``Party`` JSON files (``tools.einvoice``, RULEBOOK §17)."""

from __future__ import annotations

import argparse

from ...enums import BillKind
from ...models import Party
from .._core import Command, UsageError, day, read_model
from .bills import life_options, order_bills


class Invoice(Command):
    name = "invoice"
    help = "one bill of an order as a Factur-X e-invoice (PDF/A-3 with its EN 16931 XML)"
    example = (
        "lexom-terms invoice examples/company_order.json --as-of 2026-03-17 --kind balance"
        " --number F-2026-0042 --seller examples/seller.json --buyer examples/buyer.json"
        " -o F-1.pdf"
    )
    details = (
        ". The bill is chosen by --kind among bills ORDER --as-of DATE (and --issued when"
        " several of a kind exist). Needs the optional extra 'facturx'."
    )
    positional = (("order", "an Order as JSON"),)
    rank = 201

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of", type=day, required=True, metavar="DATE", help="the bills issued by this day"
        )
        parser.add_argument(
            "--kind", required=True, choices=[k.value for k in BillKind], help="which bill"
        )
        parser.add_argument(
            "--issued",
            type=day,
            metavar="DATE",
            help="its issue date, when several bills of the kind exist",
        )
        parser.add_argument("--number", required=True, help="the invoice number (BT-1)")
        parser.add_argument(
            "--seller", required=True, metavar="FILE", help="LEXOM as a Party (JSON)"
        )
        parser.add_argument(
            "--buyer", required=True, metavar="FILE", help="the buyer as a Party (JSON)"
        )
        parser.add_argument("--order-reference", help="the buyer's purchase order (BT-13)")
        parser.add_argument("--service-code", help="Chorus Pro service code (BT-10)")
        parser.add_argument("--engagement", help="Chorus Pro engagement number (BT-13)")
        parser.add_argument(
            "--corrected-number", help="a credit note: the number of the invoice it corrects"
        )
        parser.add_argument("--xml", action="store_true", help="write the CII XML alone")
        life_options(parser)
        parser.add_argument(
            "--output", "-o", required=True, metavar="FILE", help="the file to write"
        )

    def run(self, args: argparse.Namespace) -> None:
        from ...tools.einvoice import e_invoice, e_invoice_xml
        from .._files import Output, write_bytes

        inputs = [p for p in (args.order, args.seller, args.buyer, args.steps, args.hours) if p]
        target = Output(args.output, inputs)
        seller, buyer = read_model(Party, args.seller), read_model(Party, args.buyer)
        found = [b for b in order_bills(args)[1] if b.kind == args.kind]
        if args.issued is not None:
            found = [b for b in found if b.issued_on == args.issued]
        if len(found) != 1:
            issued = ", ".join(b.issued_on.isoformat() for b in found)
            raise UsageError(
                f"{args.order}: {len(found)} {args.kind} bill(s) by {args.as_of.isoformat()}"
                + (f" (issued {issued}): choose one with --issued" if found else "")
            )
        options = {
            "number": args.number,
            "seller": seller,
            "buyer": buyer,
            "order_reference": args.order_reference,
            "service_code": args.service_code,
            "engagement": args.engagement,
            "corrected_number": args.corrected_number,
        }
        data = e_invoice_xml(found[0], **options) if args.xml else e_invoice(found[0], **options)
        write_bytes(data, target)
