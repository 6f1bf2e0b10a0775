"""``lexom-terms reminder``: a reminder letter for one client's late invoices
(``tools.letters.late_claims`` and ``tools.letters.reminder``)."""

from __future__ import annotations

import argparse
import sys

from ...models import Invoice, Party
from .._core import (
    Command,
    UsageError,
    day,
    ledger_invoices,
    ledger_options,
    policy,
    policy_options,
    read_model,
    write,
)


class Reminder(Command):
    name = "reminder"
    help = "a reminder letter for one client's late invoices (Markdown, or HTML)"
    example = "lexom-terms reminder examples/invoice_F-2025-118.json --as-of 2025-12-31 --level 2"
    details = (
        ". The invoices (JSON files, or a ledger's rows for --client) must name one"
        " client; only those late on --as-of are claimed. Level 3 is the formal notice that opens"
        " the eight days of §4.7."
    )
    rank = 120

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "invoices", nargs="*", metavar="INVOICE", help="Invoices as JSON, one client"
        )
        parser.add_argument(
            "--ledger", metavar="FILE", help="take the invoices from a CSV ledger instead"
        )
        parser.add_argument(
            "--client", metavar="NAME", help="with --ledger: the client's name, as given"
        )
        ledger_options(parser)
        parser.add_argument(
            "--as-of",
            type=day,
            required=True,
            metavar="DATE",
            help="the day interest is computed to",
        )
        parser.add_argument(
            "--level",
            type=int,
            choices=(1, 2, 3),
            default=1,
            help="1 courteous reminder (default), 2 firm reminder, 3 formal notice (mise en"
            " demeure, §4.7)",
        )
        parser.add_argument(
            "--date", type=day, metavar="DATE", help="the letter's date (default --as-of)"
        )
        parser.add_argument(
            "--received",
            type=day,
            metavar="DATE",
            help="level 3: the day the client receives the notice; the letter then names the day"
            " LEXOM may resolve the contract",
        )
        letter_parties(parser)
        parser.add_argument(
            "--salutation",
            metavar="TEXT",
            help="the salutation, such as 'Madame Martin,' (default: a natural person by name,"
            " anyone else 'Madame, Monsieur,')",
        )
        parser.add_argument(
            "--format", choices=("markdown", "html"), default="markdown", help="default markdown"
        )
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="write the letter here (default stdout)"
        )
        parser.add_argument(
            "--lang", choices=("fr", "en"), default="fr", help="language of the letter (default fr)"
        )
        policy_options(parser)

    def run(self, args: argparse.Namespace) -> None:
        from ...tools.letters import Creditor, late_claims, reminder

        invoices = _invoices(args)
        late = late_claims(invoices, args.as_of, policy=policy(args))
        creditor = read_model(Creditor, args.creditor) if args.creditor else None
        recipient = read_model(Party, args.recipient) if args.recipient else None
        letter = reminder(
            late,
            args.level,
            creditor,
            client=invoices[0].client,
            dated=args.date or args.as_of,
            received_on=args.received,
            lang=args.lang,
            recipient=recipient,
            salutation=args.salutation,
        )
        inputs = [*args.invoices, *(p for p in (args.ledger, args.payments) if p)]
        inputs += [p for p in (args.creditor, args.recipient) if p]
        write(letter.html if args.format == "html" else letter.markdown, args.output, inputs)
        note_missing(letter.missing)


def _invoices(args: argparse.Namespace) -> list[Invoice]:
    """The invoice files, or the ledger's rows naming ``--client``."""
    if args.ledger is not None:
        if args.invoices:
            raise UsageError("give either invoice files or --ledger FILE --client NAME, not both")
        if args.client is None:
            raise UsageError("--ledger needs --client NAME (the client's name as in the ledger)")
        invoices = [i for i in ledger_invoices(args.ledger, args) if i.client.name == args.client]
        if not invoices:
            raise UsageError(f"{args.ledger}: no invoice of client {args.client!r}")
        return invoices
    if not args.invoices:
        raise UsageError("give one or more invoice files, or --ledger FILE --client NAME")
    return [read_model(Invoice, path) for path in args.invoices]


def letter_parties(parser: argparse.ArgumentParser) -> None:
    """``--creditor`` and ``--recipient``, shared by ``reminder`` and ``statement``."""
    parser.add_argument(
        "--creditor",
        metavar="FILE",
        help="who sends and signs, as JSON: a Party (name, siren, address, postcode, city,"
        " email, iban...) with legal_form, share_capital, rcs_city, bic, contact, signatory"
        " (examples/creditor.json)",
    )
    parser.add_argument(
        "--recipient",
        metavar="FILE",
        help="the recipient's postal address, as JSON: a Party (name, address, postcode, city,"
        " country), printed in the window of the envelope (examples/party_acme.json)",
    )


def note_missing(missing: tuple[str, ...]) -> None:
    """Say on stderr what the letter still lacks before it can be posted (the letter is
    written anyway: a draft is useful, and nothing is invented)."""
    if missing:
        sys.stderr.write(
            "note: before posting, also give "
            + ", ".join(missing)
            + " (the sender's identity, Code de commerce R123-237; its IBAN; the recipient's"
            " address for the window envelope)\n"
        )
