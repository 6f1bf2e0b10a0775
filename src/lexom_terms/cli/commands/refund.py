"""``lexom-terms refund``: a consumer's withdrawal refund paid on a day, and a day later
(``refund_surcharge``, Code de la consommation L242-4, RULEBOOK §19), or the letter LEXOM sends
with it (``tools.letters.refund_letter``)."""

from __future__ import annotations

import argparse
import sys

from ... import api
from ...models import Notice, Order, Party
from .._core import Command, day, emit, output_options, read_model, write
from .reminder import letter_parties, note_missing


class Refund(Command):
    name = "refund"
    help = "a consumer's withdrawal refund paid on a day: the L242-4 increase today and tomorrow"
    example = (
        "lexom-terms refund examples/consumer_refund_order.json"
        " examples/notice_withdrawal_2026-03-02.json --date 2026-04-05"
    )
    details = (
        ". The notice is the consumer's withdrawal, received inside the 14-day window: the"
        " refund is due 14 days after its receipt (Code de la consommation L221-24); paid later,"
        " it is increased by right (L242-4). Prints the increase if paid on --date and on the"
        " next day (what a day more costs), or with --letter the letter to the consumer (Markdown, or HTML). Any other"
        " settlement (a cancellation, a labour-code withdrawal) is refused."
    )
    positional = (
        ("order", "the Order as JSON (a consumer's)"),
        ("notice", "the withdrawal Notice as JSON"),
    )
    rank = 125

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--date", type=day, required=True, metavar="DATE", help="the day the refund is paid"
        )
        parser.add_argument(
            "--letter", action="store_true", help="write the letter to the consumer instead"
        )
        letter_parties(parser)
        parser.add_argument(
            "--format",
            choices=("markdown", "html"),
            default="markdown",
            help="with --letter: default markdown",
        )
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="with --letter: write it here (default stdout)"
        )
        output_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...statute.consumer_refund import refund_surcharge
        from ...tools.letters import Creditor, refund_letter

        order = read_model(Order, args.order)
        settlement = api.cancel(order, read_model(Notice, args.notice))
        if not args.letter:
            # its explanation states the figure a day later too (amount_tomorrow)
            emit(refund_surcharge(order, settlement, args.date), args)
            return
        creditor = read_model(Creditor, args.creditor) if args.creditor else None
        recipient = read_model(Party, args.recipient) if args.recipient else None
        letter = refund_letter(
            order, settlement, args.date, creditor=creditor, recipient=recipient, lang=args.lang
        )
        if args.json:
            sys.stdout.write(letter.model_dump_json(indent=2) + "\n")
            return
        inputs = [args.order, args.notice, *(p for p in (args.creditor, args.recipient) if p)]
        write(letter.html if args.format == "html" else letter.markdown, args.output, inputs)
        note_missing(letter.missing)
