"""``lexom-terms check``: what LEXOM invoiced against what the rules give
(``tools.check.check_invoice``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...cgv.registry import versions
from ...errors import InvalidInputError
from ...models import Client, Invoice, Order
from .._core import (
    Command,
    UsageError,
    day,
    days,
    emit,
    notice,
    notice_options,
    output_options,
    policy,
    policy_options,
    rates,
    rates_option,
    read_model,
)


class Check(Command):
    name = "check"
    help = "what LEXOM invoiced against what the rules give"
    example = (
        "lexom-terms check examples/invoice_F-2025-118.json --claimed"
        " examples/claimed_interest.json --as-of 2025-12-31"
    )
    details = (
        ". SUBJECT is an Order (to check fee and refund: give the notice) or an Invoice"
        " (to check interest and indemnity: give --as-of), or a Factur-X PDF / CII XML e-invoice"
        " with --cgv and --client. The claimed file is JSON such as"
        ' {"event": "cancellation", "fee": "1800.00", "refund": "0.00"}. Exit status 0 when every'
        " line conforms, 1 when one does not (like diff), 2 on bad input."
    )
    positional = (
        ("subject", "an Order (fee, refund) or an Invoice (interest, indemnity) as JSON"),
    )
    rank = 100

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--claimed", required=True, metavar="FILE", help="the Claimed amounts as JSON"
        )
        xml = parser.add_argument_group(
            "a Factur-X PDF or CII XML subject (the CGV version and the client are not in the XML)"
        )
        xml.add_argument("--cgv", choices=versions(), help="the invoice's CGV version")
        xml.add_argument("--client", metavar="FILE", help="the client, a Client as JSON")
        xml.add_argument(
            "--receipt-delay",
            type=days,
            metavar="DAYS",
            help="days from issue to receipt (no BT-9)",
        )
        notice_options(parser)
        parser.add_argument("--new-start", type=day, metavar="DATE")
        parser.add_argument("--as-of", type=day, metavar="DATE")
        policy_options(parser)
        rates_option(parser)
        output_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        from ...tools.check import Claimed, check_invoice

        claimed = read_model(Claimed, args.claimed)
        subject: Order | Invoice
        if Path(args.subject).suffix.lower() in (".pdf", ".xml"):
            subject = _e_invoice(args)
        else:
            subject = _json_subject(args)
        given = None
        if args.notice is not None or args.received is not None:
            given = notice(args)
        result = check_invoice(
            subject,
            claimed=claimed,
            notice=given,
            new_start=args.new_start,
            as_of=args.as_of,
            rates=rates(args),
            policy=policy(args),
        )
        emit(result, args)
        return 0 if result.ok else 1  # like diff: 1 when the invoice does not conform


def _json_subject(args: argparse.Namespace) -> Order | Invoice:
    subject: Order | Invoice
    try:
        raw = json.loads(Path(args.subject).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"{args.subject}: cannot read a JSON object ({error})") from None
    if isinstance(raw, dict) and "number" in raw:
        subject = read_model(Invoice, args.subject)
    else:
        subject = read_model(Order, args.subject)
    return subject


def _e_invoice(args: argparse.Namespace) -> Invoice:
    """A Factur-X PDF or CII XML: the CGV version and the client are not in it (--cgv, --client)."""
    if args.cgv is None or args.client is None:
        raise UsageError(
            f"{args.subject}: an e-invoice does not say its CGV version nor who the client is:"
            " give --cgv VERSION and --client FILE (a Client as JSON)"
        )
    from ...ledgers.facturx import read_invoice_xml

    client = read_model(Client, args.client)
    try:
        read = read_invoice_xml(
            args.subject, cgv=args.cgv, client=client, receipt_delay_days=args.receipt_delay
        )
    except (InvalidInputError, ImportError) as error:
        raise UsageError(f"{args.subject}: {error}") from None
    if read.invoice is None:
        raise UsageError(f"{args.subject}: a credit note (type 381) is not checked on its own")
    return read.invoice
