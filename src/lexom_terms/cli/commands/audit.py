"""``lexom-terms audit``: interest and indemnity for every invoice of a ledger or a FEC
(``tools.audit``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pydantic import ValidationError

from ...cgv.registry import versions
from ...errors import InvalidInputError
from ...models import Client, Invoice
from ...tools.audit import FORMATS
from .._core import (
    Command,
    Refused,
    UsageError,
    day,
    days,
    ledger_options,
    located,
    policy,
    policy_options,
    rates,
    rates_option,
    validation_message,
    workers,
)
from .._files import Output, commit, discard, writing

if TYPE_CHECKING:
    from ...ledgers.einvoices import EInvoiceLedger
    from ...ledgers.fec import FecLedger
    from ...tools.audit import Chunk, ReportMeta, Totals


class Audit(Command):
    name = "audit"
    help = "interest and indemnity for every invoice of a CSV ledger"
    example = "lexom-terms audit examples/ledger.csv --as-of 2025-12-31 -o report.csv"
    details = (
        ".\n\nThe ledger is CSV with a header row, dates YYYY-MM-DD, amounts with a dot."
        f" Required columns: number, cgv ({' or '.join(versions())}), client_name, client_kind"
        " (legal_person or natural_person), issued_on, due_on, amount_incl_tax. Optional:"
        " professional (true/false), country (ISO code, default FR), subdivision, public_buyer"
        " (state, health, public_undertaking). Payments go in a second file (--payments), one row"
        " per payment: number,paid_on,amount. A UTF-8 byte-order mark is skipped; the separator"
        " (',', ';' or tab) is read from the header; a ';' file is read as French Excel writes it"
        " (1 234,56 and JJ/MM/AAAA) unless --dialect says otherwise. A FEC (--fec, with --clients"
        " and --cgv) may replace the ledger: its 411 debits are the invoices, its credits the"
        " payments, its lettering groups them; the clients file maps each account to"
        " account,kind[,name,country,public_buyer]. A bad row stops the audit with its file, line"
        " and column, and nothing is written. Exit status 3 with --fail-on-provisional when a rate"
        " is not yet confirmed."
    )
    rank = 110

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "ledger",
            nargs="*",
            help="a CSV ledger, one invoice a row: number,cgv,client_name,client_kind,issued_on,"
            "due_on,amount_incl_tax (optional: professional,country,subdivision,public_buyer);"
            " or --fec. Several ledgers make one report, each read by its own worker",
        )
        parser.add_argument("--as-of", type=day, required=True, metavar="DATE")
        parser.add_argument("--output", "-o", metavar="FILE", help="the report (default: stdout)")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="report format (default: by the output's extension, else csv); csv-fr: French"
            " Excel",
        )
        parser.add_argument(
            "--summary", metavar="FILE", help="the count and totals (CSV, or JSON by .json)"
        )
        ledger_options(parser)
        fec = parser.add_argument_group(
            "a FEC instead of a ledger (Livre des procédures fiscales A47 A-1; tab or | separated)"
        )
        fec.add_argument(
            "--fec",
            metavar="FILE",
            action="append",
            help="a FEC (A47 A-1), tab or | separated; repeat it for a group's FECs (one per"
            " company and year: one report, each FEC read by its own worker)",
        )
        fec.add_argument(
            "--clients", metavar="FILE", help="account,kind[,name,country,public_buyer…]"
        )
        fec.add_argument("--cgv", choices=versions(), help="the invoices' CGV version")
        fec.add_argument(
            "--receipt-delay",
            type=days,
            metavar="DAYS",
            help="days between an invoice's date and its receipt (default 0; public buyers 2)",
        )
        fec.add_argument(
            "--fec-number",
            choices=("auto", "PieceRef", "EcritureNum"),
            default="auto",
            help="the FEC column holding the invoice number (default auto: EcritureNum in an"
            " Odoo export, else PieceRef)",
        )
        fec.add_argument(
            "--invoices",
            metavar="DIR",
            help="a folder of e-invoices (Factur-X PDF, CII or UBL XML) audited as a ledger,"
            " with --clients (account = the buyer's SIREN, VAT number, identifier or name) or"
            " --default-client, and --cgv",
        )
        fec.add_argument(
            "--default-client",
            metavar="KIND[:COUNTRY]",
            help="the client of an account missing from the clients file (else an error)",
        )
        parser.add_argument(
            "--workers", type=workers, default=1, metavar="N", help="processes (default 1)"
        )
        parser.add_argument(
            "--fail-on-provisional",
            action="store_true",
            help="refuse (exit 3) a report that rests on an unconfirmed rate",
        )
        parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        policy_options(parser)
        rates_option(parser)

    def run(self, args: argparse.Namespace) -> int:
        from ...ledgers.spreadsheet import read_ledger
        from ...tools.audit import (
            ReportMeta,
            Totals,
            progress_marks,
            settle_chunks,
            settle_files,
            writer,
        )

        ledgers: list[str] = args.ledger or []
        fecs: list[str] = args.fec or []
        inputs = [
            *ledgers,
            *fecs,
            *(p for p in (args.payments, args.rates, args.clients) if p is not None),
        ]
        given = [x for x in (ledgers, fecs, args.invoices) if x]
        if len(given) != 1:
            raise UsageError(
                "give one of: a ledger file, --fec FILE (with --clients FILE), --invoices DIR"
            )
        if args.invoices is not None and args.cgv is None:
            raise UsageError("e-invoices do not say their CGV version: give --cgv VERSION")
        if args.invoices is not None and args.clients is None and args.default_client is None:
            raise UsageError(
                "e-invoices do not say who their buyers are in the CGV's terms: give --clients"
                " FILE (account = the buyer's SIREN, VAT number or name) or --default-client"
            )
        if fecs and (args.clients is None or args.cgv is None):
            raise UsageError(
                "a FEC needs --clients FILE (account → kind, country) and --cgv VERSION"
            )
        if len(ledgers) > 1 and args.payments is not None:
            raise UsageError(
                "--payments goes with one ledger; with several, give each ledger's payments in"
                " its payments column"
            )
        fmt = args.format or ("json" if (args.output or "").endswith(".json") else "csv")
        table = rates(args)
        chosen = policy(args)
        target = Output(args.output, inputs) if args.output else None
        summary = Output(args.summary, inputs) if args.summary else None
        if target is not None and summary is not None and target.same_as(summary):
            raise UsageError(f"{args.summary}: the summary and the report need two files")

        def progress(done: int) -> None:
            if not args.quiet:
                sys.stderr.write(f"audit: {done} invoices…\n")

        totals = Totals()
        where = (ledgers or fecs or [args.invoices])[0]
        held: list[tuple[str, Path]] = []
        try:
            ledger: Iterable[Invoice]
            delay: int | None = None
            chunks: Iterable[Chunk]
            if len(ledgers) > 1 or len(fecs) > 1:
                # one worker per file: the parent reads nothing (a group's FECs, one per
                # company and year)
                sources = _fec_sources(args) if fecs else _ledger_sources(args)
                if fecs:
                    delay = 0 if args.receipt_delay is None else args.receipt_delay
                chunks = settle_files(
                    sources,
                    args.as_of,
                    rates=table,
                    policy=chosen,
                    workers=args.workers,
                    render=fmt,
                )
            else:
                if fecs:
                    ledger = _fec(args)
                    delay = ledger.receipt_delay_days
                elif args.invoices is not None:
                    ledger = _einvoices(args)
                else:
                    ledger = read_ledger(
                        where,
                        dialect=args.dialect,
                        encoding=args.encoding,
                        payments=args.payments,
                        payments_encoding=args.encoding,
                    )
                chunks = settle_chunks(
                    ledger,
                    args.as_of,
                    rates=table,
                    policy=chosen,
                    workers=args.workers,
                    render=fmt,
                )
            meta = ReportMeta(args.as_of, chosen, table.digest, delay)
            with writing(target) as out:
                write = writer(fmt, out, meta)
                for chunk in chunks:
                    write.text(chunk.text)
                    before = totals.count
                    totals.add_chunk(chunk)
                    progress_marks(before, chunk.count, progress)
                write.close(totals)
                if args.fail_on_provisional and totals.provisional:
                    numbers = totals.provisional
                    raise Refused(
                        f"the report rests on an unconfirmed rate for {len(numbers)} invoice(s)"
                        f" ({', '.join(numbers[:5])}{'…' if len(numbers) > 5 else ''});"
                        " nothing was written"
                    )
                if summary is not None:
                    # written before the report is renamed into place, and renamed after it:
                    # a summary that cannot be written leaves the report untouched too, a
                    # report that fails leaves the old summary (exit 2: nothing was written)
                    with writing(summary, held) as summary_out:
                        _write_summary(summary_out, summary.path, totals, meta, fmt)
            commit(held)
        except InvalidInputError as error:
            # the payments file names itself; so does each file of several
            where = getattr(error, "source", None) or where
            if fecs and "clients file" in str(error):
                where = args.clients
            raise UsageError(located(where, error)) from error
        finally:
            discard(held)  # a summary held back for a report that failed is removed
        if not args.quiet:
            sys.stderr.write(
                f"audit: {totals.count} invoice{'s' if totals.count != 1 else ''}, total"
                f" claimable {totals.sums['total']}\n"
            )
        return 0


def _default_client(args: argparse.Namespace) -> Client | None:
    if args.default_client is None:
        return None
    kind, _, country = args.default_client.partition(":")
    try:
        return Client(name="(client)", kind=kind, country=country or "FR")
    except ValidationError as error:
        raise UsageError(f"--default-client: {validation_message(error)}") from None


def _ledger_sources(args: argparse.Namespace) -> list[tuple[str, Callable[[], Iterable[Invoice]]]]:
    """Each ledger with its reader, run in the worker that settles it."""
    from ...ledgers.spreadsheet import read_ledger

    return [
        (path, partial(read_ledger, path, dialect=args.dialect, encoding=args.encoding))
        for path in args.ledger
    ]


def _fec_sources(args: argparse.Namespace) -> list[tuple[str, Callable[[], Iterable[Invoice]]]]:
    """Each FEC with its reader; the clients file is read once, here."""
    from ...ledgers.fec import read_clients, read_fec

    default = _default_client(args)
    try:
        clients = read_clients(args.clients)
    except InvalidInputError as error:
        raise UsageError(located(args.clients, error)) from error
    return [
        (
            path,
            partial(
                read_fec,
                path,
                cgv=args.cgv,
                clients=clients,
                encoding=args.encoding,
                receipt_delay_days=args.receipt_delay,
                default_client=default,
                invoice_number=args.fec_number,
            ),
        )
        for path in args.fec
    ]


def _einvoices(args: argparse.Namespace) -> EInvoiceLedger:
    from ...ledgers.einvoices import read_invoices

    try:
        return read_invoices(
            args.invoices,
            cgv=args.cgv,
            clients=args.clients,
            default_client=_default_client(args),
            receipt_delay_days=args.receipt_delay,
        )
    except InvalidInputError as error:
        if "clients file" in str(error):
            raise UsageError(located(args.clients, error)) from error
        raise UsageError(f"{args.invoices}/{error}") from error


def _fec(args: argparse.Namespace) -> FecLedger:
    from ...ledgers.fec import read_fec

    default = _default_client(args)
    try:
        return read_fec(
            args.fec[0],
            cgv=args.cgv,
            clients=args.clients,
            encoding=args.encoding,
            receipt_delay_days=args.receipt_delay,
            default_client=default,
            invoice_number=args.fec_number,
        )
    except InvalidInputError as error:
        where = args.clients if "clients file" in str(error) else args.fec[0]
        raise UsageError(located(where, error)) from error


def _write_summary(
    out: IO[str], path: Path, totals: Totals, meta: ReportMeta, fmt: str = "csv"
) -> None:
    """The totals beside the report: JSON for a ``.json`` name, else CSV — French Excel's form
    (BOM, ";", decimal comma, JJ/MM/AAAA) when the report is ``csv-fr``."""
    from ...tools.audit import FRENCH_HEADERS, TOTALS, summary_rows

    pairs = summary_rows(totals, meta)
    if path.suffix == ".json":
        out.write(json.dumps(dict(pairs), indent=2) + "\n")
    elif fmt == "csv-fr":
        french = {**FRENCH_HEADERS, "as_of": "au", "count": "factures", "rates_id": "taux"}

        def value(key: str, text: str) -> str:
            if key == "as_of":
                return date.fromisoformat(text).strftime("%d/%m/%Y")
            if key == "provisional":
                return "oui" if text == "true" else "non"
            return text.replace(".", ",") if key in TOTALS else text

        out.write(
            "\ufeffnom;valeur\n" + "".join(f"{french.get(k, k)};{value(k, v)}\n" for k, v in pairs)
        )
    else:
        out.write("name,value\n" + "".join(f"{k},{v}\n" for k, v in pairs))
