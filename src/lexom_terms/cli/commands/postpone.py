"""``lexom-terms postpone``: the consequence of a postponement request (``api.postpone``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import (
    Command,
    amount,
    day,
    emit,
    fee_vat_option,
    notice,
    notice_options,
    output_options,
    read_model,
)


class Postpone(Command):
    name = "postpone"
    help = "the consequence of a postponement request"
    example = (
        "lexom-terms postpone examples/company_order.json --received 2026-02-20"
        " --new-start 2026-05-04"
    )
    positional = (("order", "an Order as JSON"),)
    rank = 20

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        notice_options(parser)
        parser.add_argument(
            "--new-start", type=day, metavar="DATE", help="the new session start date, if known"
        )
        parser.add_argument("--waive-fee", action="store_true", help="LEXOM waives the fee")
        parser.add_argument(
            "--proposal-cost",
            type=amount,
            metavar="AMOUNT",
            help="the unpaid-deposit clause's policy value, owed by a postponement when the"
            " deposit was never paid (default 0)",
        )
        fee_vat_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        kwargs = {} if args.proposal_cost is None else {"proposal_cost": args.proposal_cost}
        settlement = api.postpone(
            order,
            notice(args),
            args.new_start,
            waive_fee=args.waive_fee,
            fee_vat=args.fee_vat,
            **kwargs,
        )
        emit(settlement, args)
