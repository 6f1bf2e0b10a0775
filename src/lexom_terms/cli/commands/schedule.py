"""``lexom-terms schedule``: the cost of a cancellation for every notice date
(``tools.schedule.fee_schedule``)."""

from __future__ import annotations

import argparse

from ...models import Order
from .._core import Command, emit, output_options, read_model


class Schedule(Command):
    name = "schedule"
    help = "the cost of a cancellation for every notice date"
    example = "lexom-terms schedule examples/company_order.json"
    positional = (("order", "an Order as JSON"),)
    rank = 50

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...tools.schedule import fee_schedule

        emit(fee_schedule(read_model(Order, args.order)), args)
