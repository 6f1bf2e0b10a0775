"""``lexom-terms retraction``: the withdrawal window of an order (``api.retraction_window``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import Command, emit, output_options, read_model


class Retraction(Command):
    name = "retraction"
    help = "the withdrawal window of an order"
    example = "lexom-terms retraction examples/consumer_order.json"
    positional = (("order", "an Order as JSON"),)
    rank = 30

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        order = read_model(Order, args.order)
        empty = (
            "Aucun délai de rétractation ne s'applique à cette commande."
            if args.lang == "fr"
            else "No withdrawal window applies to this order."
        )
        emit(api.retraction_window(order), args, empty)
