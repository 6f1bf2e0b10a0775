"""``lexom-terms cancel``: the consequence of a cancellation notice (``api.cancel``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import (
    Command,
    amount,
    emit,
    fee_vat_option,
    notice,
    notice_options,
    output_options,
    read_model,
)


class Cancel(Command):
    name = "cancel"
    help = "the consequence of a cancellation notice"
    example = "lexom-terms cancel examples/company_order.json --received 2026-03-02"
    details = ". The notice is a Notice file (--notice) or its fields (--received...)."
    positional = (("order", "an Order as JSON"),)
    rank = 10

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        notice_options(parser)
        parser.add_argument(
            "--proposal-cost",
            type=amount,
            metavar="AMOUNT",
            help="the unpaid-deposit clause's policy value (default 0)",
        )
        fee_vat_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        kwargs = {} if args.proposal_cost is None else {"proposal_cost": args.proposal_cost}
        emit(api.cancel(order, notice(args), fee_vat=args.fee_vat, **kwargs), args)
