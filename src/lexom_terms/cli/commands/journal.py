"""``lexom-terms journal``: the journal entries of an order's bills as FEC lines
(``tools.journal``, Livre des procédures fiscales A47 A-1)."""

from __future__ import annotations

import argparse

from .._core import Command, UsageError, day
from .bills import life_options, order_bills


class Journal(Command):
    name = "journal"
    help = "the journal entries of an order's bills as FEC lines (A47 A-1: tab, AAAAMMJJ, decimal comma)"
    example = (
        "lexom-terms journal examples/company_order.json --as-of 2026-03-17"
        " --numbers F-2026-0041,F-2026-0042 -o journal.txt"
    )
    details = (
        ". Accounts: client 411000, revenue 706000, outside the scope of VAT 708800, VAT"
        " 445710 (change them with --account NAME=NUMBER). Written in ISO-8859-15 (A47 A-1)."
    )
    positional = (("order", "an Order as JSON"),)
    rank = 202

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of",
            type=day,
            required=True,
            metavar="DATE",
            help="journal the bills issued by this day",
        )
        parser.add_argument(
            "--numbers",
            required=True,
            help="the invoice numbers of the bills, comma-separated, in the order bills lists them",
        )
        parser.add_argument("--client", default="CLIENT", help="the client's auxiliary account")
        parser.add_argument("--funder", default="OPCO", help="the OPCO's auxiliary account")
        parser.add_argument(
            "--account",
            action="append",
            default=[],
            metavar="NAME=NUMBER",
            help="an account other than the default (client, revenue, outside_scope, vat)",
        )
        parser.add_argument(
            "--encoding",
            default="iso-8859-15",
            choices=("iso-8859-15", "utf-8"),
            help="default iso-8859-15 (A47 A-1)",
        )
        life_options(parser)
        parser.add_argument(
            "--output",
            "-o",
            required=True,
            metavar="FILE",
            help="the FEC file to write (never an input)",
        )

    def run(self, args: argparse.Namespace) -> None:
        from dataclasses import fields

        from ...tools.journal import Accounts, journal
        from .._files import Output, write_bytes

        target = Output(args.output, [p for p in (args.order, args.steps, args.hours) if p])
        known = {f.name for f in fields(Accounts)}
        chosen: dict[str, str] = {}
        for item in args.account:
            name, _, number = item.partition("=")
            if name not in known or not number:
                raise UsageError(
                    f"--account {item!r}: give NAME=NUMBER, NAME among {', '.join(sorted(known))}"
                )
            chosen[name] = number
        order, found = order_bills(args)
        numbers = [n for n in args.numbers.split(",") if n]
        funding = order.funding.opco if order.funding is not None else "OPCO"
        text = journal(
            found,
            numbers,
            Accounts(**chosen),
            client=(args.client, order.client.name),
            funder=(args.funder, funding),
        )
        try:
            data = text.encode(args.encoding)
        except UnicodeEncodeError as error:
            raise UsageError(
                f"{args.order}: {text[error.start]!r} cannot be written in {args.encoding}"
                " (A47 A-1 allows ISO-8859-15): use --encoding utf-8"
            ) from None
        write_bytes(data, target)
