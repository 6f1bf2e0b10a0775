"""``lexom-terms interest``: late-payment interest and recovery indemnity of one invoice
(``api.late_interest``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Invoice
from .._core import (
    Command,
    day,
    emit,
    output_options,
    policy,
    policy_options,
    rates,
    rates_option,
    read_model,
)


class Interest(Command):
    name = "interest"
    help = "late-payment interest and recovery indemnity"
    example = "lexom-terms interest examples/invoice_F-2025-118.json --as-of 2025-12-31"
    positional = (("invoice", "an Invoice as JSON"),)
    rank = 60

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of",
            type=day,
            required=True,
            metavar="DATE",
            help="the day interest is computed to (inclusive)",
        )
        parser.add_argument(
            "--claimed-through",
            type=day,
            metavar="DATE",
            help="interest through this day was claimed earlier: count only what accrued after"
            " it, and no second indemnity (RULEBOOK §9)",
        )
        parser.add_argument(
            "--capitalise-from",
            type=day,
            metavar="DATE",
            help="the date from which a court ordered capitalisation (Code civil 1343-2)",
        )
        policy_options(parser)
        rates_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        invoice = read_model(Invoice, args.invoice)
        claim = api.late_interest(
            invoice,
            args.as_of,
            rates=rates(args),
            policy=policy(args),
            claimed_through=args.claimed_through,
            capitalise_from=args.capitalise_from,
        )
        emit(claim, args)
