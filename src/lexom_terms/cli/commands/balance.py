"""``lexom-terms balance``: who owes what between the client and its OPCO (``api.balance``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import Command, day, emit, output_options, read_model


class Balance(Command):
    name = "balance"
    help = "who owes what between the client and its OPCO on a day (RULEBOOK §8)"
    example = "lexom-terms balance examples/company_order.json --as-of 2026-03-17"
    positional = (("order", "an Order as JSON (with its funding, if any)"),)
    rank = 70

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of", type=day, required=True, metavar="DATE", help="the day of the balance"
        )
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        emit(api.balance(read_model(Order, args.order), args.as_of), args)
