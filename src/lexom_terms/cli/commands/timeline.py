"""``lexom-terms timeline``: every dated milestone of an order (``api.timeline``)."""

from __future__ import annotations

import argparse

from ... import api
from ...models import Order
from .._core import Command, emit, output_options, read_model


class Timeline(Command):
    name = "timeline"
    help = "every dated milestone of an order"
    example = "lexom-terms timeline examples/consumer_order.json"
    positional = (("order", "an Order as JSON"),)
    rank = 40

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        emit(api.timeline(read_model(Order, args.order)), args)
