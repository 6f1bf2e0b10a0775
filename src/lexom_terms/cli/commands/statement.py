"""``lexom-terms statement``: a client's account from a CSV ledger
(``tools.letters.statement``)."""

from __future__ import annotations

import argparse

from .._core import (
    Command,
    day,
    ledger_invoices,
    ledger_options,
    policy,
    policy_options,
    read_model,
    write,
)
from .reminder import letter_parties, note_missing


class Statement(Command):
    name = "statement"
    help = (
        "a client's account (relevé de compte) from a CSV ledger: invoices, payments, interest,"
        " indemnity, total"
    )
    example = (
        "lexom-terms statement examples/ledger.csv --client 'ACME SAS' --as-of"
        " 2025-12-31 -o acme.html"
    )
    details = ". The ledger's columns are those of audit (lexom-terms audit --help)."
    positional = (("ledger", "a CSV ledger, one invoice a row (columns as for audit)"),)
    rank = 130

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        ledger_options(parser)
        parser.add_argument(
            "--client",
            required=True,
            metavar="NAME",
            help="the client's name, exactly as in the ledger",
        )
        parser.add_argument(
            "--as-of", type=day, required=True, metavar="DATE", help="the day of the statement"
        )
        parser.add_argument(
            "--date", type=day, metavar="DATE", help="the statement's date (default --as-of)"
        )
        letter_parties(parser)
        parser.add_argument(
            "--format",
            choices=("html", "csv", "markdown"),
            help="default: by the output's extension (.csv), else html",
        )
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="write the statement here (default stdout)"
        )
        policy_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...models import Party
        from ...tools.letters import Creditor, statement

        account = statement(
            ledger_invoices(args.ledger, args),
            args.as_of,
            client=args.client,
            policy=policy(args),
            creditor=read_model(Creditor, args.creditor) if args.creditor else None,
            recipient=read_model(Party, args.recipient) if args.recipient else None,
            dated=args.date,
        )
        fmt = args.format or ("csv" if (args.output or "").endswith(".csv") else "html")
        inputs = [p for p in (args.ledger, args.payments, args.creditor, args.recipient) if p]
        if fmt == "csv":
            write(account.to_csv(), args.output, inputs)
        else:
            write(account.html if fmt == "html" else account.markdown, args.output, inputs)
            note_missing(account.missing)
