"""``lexom-terms compare``: the same facts under every CGV version
(``tools.compare.compare_regimes``)."""

from __future__ import annotations

import argparse

from ...models import Order
from .._core import Command, day, emit, notice, notice_options, output_options, read_model


class Compare(Command):
    name = "compare"
    help = "the same facts under both CGV versions"
    example = "lexom-terms compare examples/company_order.json --received 2026-02-20"
    positional = (("order", "an Order as JSON"),)
    rank = 90

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        notice_options(parser)
        parser.add_argument(
            "--new-start",
            type=day,
            metavar="DATE",
            help="compare a postponement to this date instead of a cancellation",
        )
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...tools.compare import compare_regimes

        order = read_model(Order, args.order)
        emit(compare_regimes(order, notice(args), new_start=args.new_start), args)
