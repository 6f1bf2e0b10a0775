"""``lexom-terms deposit``: the deposit and the day it is due (``api.deposit_due``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import Command, emit, output_options, read_model


class Deposit(Command):
    name = "deposit"
    help = "the deposit amount and the day it is due (RULEBOOK §2)"
    example = "lexom-terms deposit examples/consumer_order.json"
    positional = (("order", "an Order as JSON"),)
    rank = 80

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        emit(api.deposit_due(read_model(Order, args.order)), args)
