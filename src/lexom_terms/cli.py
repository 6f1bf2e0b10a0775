"""The ``lexom-terms`` command line (also ``python -m lexom_terms``).

JSON files in, shaped as the models of API.md; a readable explanation out (French by default,
``--lang en``), or JSON with ``--json``. Exit status 0 on success, 2 on invalid input (the
message on stderr, nothing written), 3 when ``audit --fail-on-provisional`` refuses a report.
This module holds no rule and no arithmetic: it parses, calls the library, prints.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import api
from ._version import __version__
from .enums import Reason
from .errors import InvalidInputError, MissingRateError, error_text
from .models import Client, InterestPolicy, Invoice, Notice, Order, parse_date
from .rates import RateTable, default_rates
from .results import Result
from .tools.audit import (
    FORMATS,
    ReportMeta,
    Totals,
    progress_marks,
    report_schema,
    settle_chunks,
    summary_rows,
    writer,
)
from .tools.check import Claimed, check_invoice
from .tools.compare import compare_regimes
from .tools.schedule import fee_schedule

if TYPE_CHECKING:
    from .ledgers.fec import FecLedger

M = TypeVar("M", bound=BaseModel)

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "Order": Order,
    "Notice": Notice,
    "Invoice": Invoice,
    "Claimed": Claimed,
    "InterestPolicy": InterestPolicy,
}


class UsageError(Exception):
    """Bad input: reported on stderr with exit status 2."""


class Refused(Exception):
    """A report the user asked us to refuse (exit status 3)."""


def _read_model(model: type[M], path: str) -> M:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    try:
        return model.model_validate_json(text)
    except ValidationError as error:
        raise UsageError(f"{path}: {_validation_message(error)}") from None


def _validation_message(error: ValidationError) -> str:
    lines = [f"{error.error_count()} validation error(s) for {error.title}"]
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(model)"
        lines.append(f"  {where}: {error_text(item['msg'])}")
    return "\n".join(lines)


def _day(text: str) -> date:
    try:
        return parse_date(text)  # the models' own reading of a date
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount such as 150.00") from None


def _notice(args: argparse.Namespace) -> Notice:
    if args.notice is not None:
        if args.received is not None:
            raise UsageError("give either --notice FILE or --received DATE, not both")
        return _read_model(Notice, args.notice)
    if args.received is None:
        raise UsageError("the notice is missing: give --notice FILE or --received DATE")
    try:
        return Notice(
            received_on=args.received,
            sent_on=args.sent,
            by=args.by,
            written=not args.oral,
            reason=args.reason,
        )
    except ValidationError as error:
        raise UsageError(_validation_message(error)) from None


def _rates(args: argparse.Namespace) -> RateTable:
    """The shipped table, plus the rates of ``--rates FILE`` when given."""
    table = default_rates()
    if getattr(args, "rates", None) is None:
        return table
    from .ledgers.rates_file import add_rates

    try:
        return add_rates(table, args.rates)
    except InvalidInputError as error:
        raise UsageError(f"{args.rates}: {error}") from None


def _policy(args: argparse.Namespace) -> InterestPolicy:
    return InterestPolicy(
        ecb_reference=args.ecb_reference, day_count=args.day_count, allocation=args.allocation
    )


def _emit(result: Result | None, args: argparse.Namespace, empty: str = "") -> None:
    if args.json:
        text = "null" if result is None else result.model_dump_json(indent=2)
        sys.stdout.write(text + "\n")
    else:
        sys.stdout.write((result.explain(args.lang) if result is not None else empty) + "\n")


# --- subcommands -------------------------------------------------------------------------------


def _cancel(args: argparse.Namespace) -> None:
    order = _read_model(Order, args.order)
    kwargs = {} if args.proposal_cost is None else {"proposal_cost": args.proposal_cost}
    _emit(api.cancel(order, _notice(args), **kwargs), args)


def _postpone(args: argparse.Namespace) -> None:
    order = _read_model(Order, args.order)
    _emit(api.postpone(order, _notice(args), args.new_start, waive_fee=args.waive_fee), args)


def _retraction(args: argparse.Namespace) -> None:
    order = _read_model(Order, args.order)
    empty = (
        "Aucun délai de rétractation ne s'applique à cette commande."
        if args.lang == "fr"
        else "No withdrawal window applies to this order."
    )
    _emit(api.retraction_window(order), args, empty)


def _timeline(args: argparse.Namespace) -> None:
    _emit(api.timeline(_read_model(Order, args.order)), args)


def _schedule(args: argparse.Namespace) -> None:
    _emit(fee_schedule(_read_model(Order, args.order)), args)


def _interest(args: argparse.Namespace) -> None:
    invoice = _read_model(Invoice, args.invoice)
    _emit(api.late_interest(invoice, args.as_of, rates=_rates(args), policy=_policy(args)), args)


def _compare(args: argparse.Namespace) -> None:
    order = _read_model(Order, args.order)
    _emit(compare_regimes(order, _notice(args), new_start=args.new_start), args)


def _json_subject(args: argparse.Namespace) -> Order | Invoice:
    subject: Order | Invoice
    try:
        raw = json.loads(Path(args.subject).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"{args.subject}: cannot read a JSON object ({error})") from None
    if isinstance(raw, dict) and "number" in raw:
        subject = _read_model(Invoice, args.subject)
    else:
        subject = _read_model(Order, args.subject)
    return subject


def _e_invoice(args: argparse.Namespace) -> Invoice:
    """A Factur-X PDF or CII XML: the CGV version and the client are not in it (--cgv, --client)."""
    if args.cgv is None or args.client is None:
        raise UsageError(
            f"{args.subject}: an e-invoice does not say its CGV version nor who the client is:"
            " give --cgv VERSION and --client FILE (a Client as JSON)"
        )
    from .ledgers.facturx import read_invoice_xml

    client = _read_model(Client, args.client)
    try:
        read = read_invoice_xml(
            args.subject, cgv=args.cgv, client=client, receipt_delay_days=args.receipt_delay
        )
    except (InvalidInputError, ImportError) as error:
        raise UsageError(f"{args.subject}: {error}") from None
    if read.invoice is None:
        raise UsageError(f"{args.subject}: a credit note (type 381) is not checked on its own")
    return read.invoice


def _check(args: argparse.Namespace) -> int:
    claimed = _read_model(Claimed, args.claimed)
    subject: Order | Invoice
    if Path(args.subject).suffix.lower() in (".pdf", ".xml"):
        subject = _e_invoice(args)
    else:
        subject = _json_subject(args)
    notice = None
    if args.notice is not None or args.received is not None:
        notice = _notice(args)
    result = check_invoice(
        subject,
        claimed=claimed,
        notice=notice,
        new_start=args.new_start,
        as_of=args.as_of,
        rates=_rates(args),
        policy=_policy(args),
    )
    _emit(result, args)
    return 0 if result.ok else 1  # like diff: 1 when the invoice does not conform


def _audit(args: argparse.Namespace) -> int:
    from .ledgers.spreadsheet import read_ledger

    inputs = [
        p for p in (args.ledger, args.payments, args.rates, args.fec, args.clients) if p is not None
    ]
    if (args.ledger is None) == (args.fec is None):
        raise UsageError("give either a ledger file or --fec FILE (with --clients FILE)")
    if args.fec is not None and (args.clients is None or args.cgv is None):
        raise UsageError("a FEC needs --clients FILE (account → kind, country) and --cgv VERSION")
    fmt = args.format or ("json" if (args.output or "").endswith(".json") else "csv")
    rates = _rates(args)
    policy = _policy(args)
    target = _Output(args.output, inputs) if args.output else None
    summary = _Output(args.summary, inputs) if args.summary else None
    if target is not None and summary is not None and target.same_as(summary):
        raise UsageError(f"{args.summary}: the summary and the report need two files")

    def progress(done: int) -> None:
        if not args.quiet:
            sys.stderr.write(f"audit: {done} invoices…\n")

    totals = Totals()
    where = args.ledger or args.fec
    try:
        ledger: Iterable[Invoice]
        delay: int | None = None
        if args.fec is not None:
            ledger = _fec(args)
            delay = ledger.receipt_delay_days
        else:
            ledger = read_ledger(
                args.ledger,
                dialect=args.dialect,
                encoding=args.encoding,
                payments=args.payments,
                payments_encoding=args.encoding,
            )
        meta = ReportMeta(args.as_of, policy, rates.digest, delay)
        chunks = settle_chunks(
            ledger,
            args.as_of,
            rates=rates,
            policy=policy,
            workers=args.workers,
            render=fmt,
        )
        with _writing(target) as out:
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
    except InvalidInputError as error:
        where = getattr(error, "source", None) or where  # the payments file names itself
        raise UsageError(f"{where}: {error}") from error
    if summary is not None:
        with _writing(summary) as out:
            _write_summary(out, summary.path, totals, meta)
    if not args.quiet:
        sys.stderr.write(
            f"audit: {totals.count} invoices, total claimable {totals.sums['total']}\n"
        )
    return 0


def _fec(args: argparse.Namespace) -> FecLedger:
    from .ledgers.fec import read_fec

    default = None
    if args.default_client is not None:
        kind, _, country = args.default_client.partition(":")
        try:
            default = Client(name="(client)", kind=kind, country=country or "FR")
        except ValidationError as error:
            raise UsageError(f"--default-client: {_validation_message(error)}") from None
    try:
        return read_fec(
            args.fec,
            cgv=args.cgv,
            clients=args.clients,
            encoding=args.encoding,
            receipt_delay_days=args.receipt_delay,
            default_client=default,
        )
    except InvalidInputError as error:
        where = args.clients if "clients file" in str(error) else args.fec
        raise UsageError(f"{where}: {error}") from error


def _write_summary(out: IO[str], path: Path, totals: Totals, meta: ReportMeta) -> None:
    pairs = summary_rows(totals, meta)
    if path.suffix == ".json":
        out.write(json.dumps(dict(pairs), indent=2) + "\n")
    else:
        out.write("name,value\n" + "".join(f"{k},{v}\n" for k, v in pairs))


class _Output:
    """An ``-o`` target, checked before any work: never an input, never a folder, never a
    symbolic link replaced silently; a folder that does not exist or cannot be written is an
    error on stderr (exit 2), not a traceback."""

    def __init__(self, name: str, inputs: list[str]) -> None:
        path = Path(name)
        self.path = path
        if path.is_symlink():
            raise UsageError(
                f"{name}: is a symbolic link; give the file it points to"
                f" ({os.path.realpath(path)}) or remove the link"
            )
        if path.is_dir():
            raise UsageError(f"{name}: is a folder; give a file name for the report")
        for other in inputs:
            if os.path.realpath(other) == os.path.realpath(path) or (
                path.exists() and Path(other).exists() and os.path.samefile(other, path)
            ):
                raise UsageError(f"{name}: is an input of this command; write the report elsewhere")
        parent = path.parent
        if not parent.is_dir():
            raise UsageError(f"{name}: the folder {str(parent)!r} does not exist")
        self.real = os.path.realpath(path)
        if path.exists():
            self.mode = stat.S_IMODE(path.stat().st_mode)
        else:
            mask = os.umask(0)
            os.umask(mask)
            self.mode = 0o666 & ~mask

    def same_as(self, other: _Output) -> bool:
        return self.real == other.real


@contextmanager
def _writing(target: _Output | None) -> Iterator[IO[str]]:
    """stdout, or a temporary file beside the target renamed over it at the end: never a
    half-written report, even on SIGTERM or Ctrl-C (the temporary file is removed)."""
    if target is None:
        # stdout is buffered until the end: a bad row or a refusal prints nothing (use -o for a
        # report streamed to disk in bounded memory)
        buffer = io.StringIO()
        yield buffer
        sys.stdout.write(buffer.getvalue())
        return
    path = target.path
    temp: str | None = None
    try:
        try:
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise UsageError(
                f"{path}: cannot write in {str(path.parent)!r} ({error.strerror})"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fchmod(out.fileno(), target.mode)
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write the report ({error.strerror})") from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that the temporary report is removed."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: the caller owns the signals
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _schema(args: argparse.Namespace) -> None:
    if args.model == "AuditReport":  # the JSON report of `audit`, not an input model
        schema: dict[str, Any] = report_schema()
    elif args.model == "all":
        schema = {name: model.model_json_schema() for name, model in SCHEMA_MODELS.items()}
    else:
        schema = SCHEMA_MODELS[args.model].model_json_schema()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


# --- parser ------------------------------------------------------------------------------------


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="language of the explanation (default fr)",
    )


def _notice_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the notice (a JSON file, or its fields)")
    group.add_argument("--notice", metavar="FILE", help="a Notice as JSON")
    group.add_argument("--received", type=_day, metavar="DATE", help="day LEXOM received it")
    group.add_argument("--sent", type=_day, metavar="DATE", help="day it was sent")
    group.add_argument("--by", choices=("client", "provider"), default="client")
    group.add_argument("--oral", action="store_true", help="the notice was not written")
    group.add_argument(
        "--reason",
        default="none",
        choices=[reason.value for reason in Reason],
    )


def _policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ecb-reference", choices=("semester", "january"), default="semester")
    parser.add_argument("--day-count", choices=("act/365", "act/act"), default="act/365")
    parser.add_argument(
        "--allocation", choices=("principal_first", "interest_first"), default="principal_first"
    )


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes from 1 to 64")
    return int(text)


def _days(text: str) -> int:
    if not text.isdigit() or int(text) > 366:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 366")
    return int(text)


def _rates_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rates",
        metavar="FILE",
        help="a CSV of ECB or legal rates to add (series,start,percent,other_percent)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lexom-terms",
        description="LEXOM's general terms of sale: fees, refunds, windows, interest.",
    )
    parser.add_argument("--version", action="version", version=f"lexom-terms {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str,
        run: Callable[[argparse.Namespace], int | None],
        text: str,
        *positional: tuple[str, str],
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        for arg, helptext in positional:
            p.add_argument(arg, help=helptext)
        p.set_defaults(run=run)
        return p

    p = command(
        "cancel", _cancel, "the consequence of a cancellation notice", ("order", "an Order as JSON")
    )
    _notice_options(p)
    p.add_argument(
        "--proposal-cost",
        type=_amount,
        metavar="AMOUNT",
        help="legacy-15 §2.2 policy value (default 0)",
    )
    _output_options(p)

    p = command(
        "postpone",
        _postpone,
        "the consequence of a postponement request",
        ("order", "an Order as JSON"),
    )
    _notice_options(p)
    p.add_argument("--new-start", type=_day, metavar="DATE")
    p.add_argument("--waive-fee", action="store_true", help="LEXOM waives the fee")
    _output_options(p)

    p = command(
        "retraction",
        _retraction,
        "the withdrawal window of an order",
        ("order", "an Order as JSON"),
    )
    _output_options(p)

    p = command(
        "timeline", _timeline, "every dated milestone of an order", ("order", "an Order as JSON")
    )
    _output_options(p)

    p = command(
        "schedule",
        _schedule,
        "the cost of a cancellation for every notice date",
        ("order", "an Order as JSON"),
    )
    _output_options(p)

    p = command(
        "interest",
        _interest,
        "late-payment interest and recovery indemnity",
        ("invoice", "an Invoice as JSON"),
    )
    p.add_argument("--as-of", type=_day, required=True, metavar="DATE")
    _policy_options(p)
    _rates_option(p)
    _output_options(p)

    p = command(
        "compare", _compare, "the same facts under both CGV versions", ("order", "an Order as JSON")
    )
    _notice_options(p)
    p.add_argument(
        "--new-start",
        type=_day,
        metavar="DATE",
        help="compare a postponement to this date instead of a cancellation",
    )
    _output_options(p)

    p = command(
        "check",
        _check,
        "what LEXOM invoiced against what the rules give",
        ("subject", "an Order (fee, refund) or an Invoice (interest, indemnity) as JSON"),
    )
    p.add_argument("--claimed", required=True, metavar="FILE", help="the Claimed amounts as JSON")
    xml = p.add_argument_group("a Factur-X PDF or CII XML subject (see docs/ledgers.md)")
    xml.add_argument("--cgv", choices=("legacy-15", "new-30"), help="the invoice's CGV version")
    xml.add_argument("--client", metavar="FILE", help="the client, a Client as JSON")
    xml.add_argument(
        "--receipt-delay", type=_days, metavar="DAYS", help="days from issue to receipt (no BT-9)"
    )
    _notice_options(p)
    p.add_argument("--new-start", type=_day, metavar="DATE")
    p.add_argument("--as-of", type=_day, metavar="DATE")
    _policy_options(p)
    _rates_option(p)
    _output_options(p)

    p = command(
        "audit",
        _audit,
        "interest and indemnity for every invoice of a CSV ledger",
    )
    p.add_argument("ledger", nargs="?", help="a CSV ledger (see docs/ledgers.md for its columns)")
    p.add_argument("--as-of", type=_day, required=True, metavar="DATE")
    p.add_argument("--output", "-o", metavar="FILE", help="the report (default: stdout)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: by the output's extension, else csv); csv-fr: French Excel",
    )
    p.add_argument("--summary", metavar="FILE", help="the count and totals (CSV, or JSON by .json)")
    p.add_argument(
        "--payments", metavar="FILE", help="payments, one row per payment: number,paid_on,amount"
    )
    p.add_argument(
        "--dialect",
        choices=("iso", "fr"),
        help="iso: 1234.56 and YYYY-MM-DD; fr: 1 234,56 and JJ/MM/AAAA (default: fr for a"
        " ';'-separated file, else iso)",
    )
    p.add_argument("--encoding", metavar="NAME", help="the ledger's encoding (default utf-8)")
    fec = p.add_argument_group("a FEC instead of a ledger (see docs/ledgers.md)")
    fec.add_argument("--fec", metavar="FILE", help="a FEC (A47 A-1), tab or | separated")
    fec.add_argument("--clients", metavar="FILE", help="account,kind[,name,country,public_buyer…]")
    fec.add_argument("--cgv", choices=("legacy-15", "new-30"), help="the invoices' CGV version")
    fec.add_argument(
        "--receipt-delay",
        type=_days,
        metavar="DAYS",
        help="days between an invoice's date and its receipt (default 0; public buyers 2)",
    )
    fec.add_argument(
        "--default-client",
        metavar="KIND[:COUNTRY]",
        help="the client of an account missing from the clients file (else an error)",
    )
    p.add_argument("--workers", type=_workers, default=1, metavar="N", help="processes (default 1)")
    p.add_argument(
        "--fail-on-provisional",
        action="store_true",
        help="refuse (exit 3) a report that rests on an unconfirmed rate",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    _policy_options(p)
    _rates_option(p)

    p = command("schema", _schema, "JSON Schema of the input models")
    p.add_argument(
        "model", nargs="?", default="all", choices=("all", *SCHEMA_MODELS, "AuditReport")
    )
    return parser


def _rate_hint(error: BaseException | None) -> str:
    """The command line's way to add a missing rate (the library's message shows Python)."""
    missing = isinstance(error, MissingRateError) or (
        isinstance(error, InvalidInputError) and error.code == "missing_rate"
    )
    if not missing:
        return ""
    return (
        "\n  on the command line: --rates FILE, a CSV such as"
        "\n    series,start,percent,other_percent"
        "\n    ecb,2027-01-01,2.40,          (an ECB rate from that day)"
        "\n    ecb-through,2027-03-31,,      (the last ECB rate still in force on that day)"
        "\n    legal,2027-01-01,6.67,2.76    (a semester's legal rates: natural persons, others)"
        "\n  (see docs/cli.md)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 0 for --help/--version, 2 for bad usage
        return int(exit_.code or 0)
    try:
        with _terminate_cleanly():  # SIGTERM as an exception: temporary files are removed
            status = args.run(args)
    except UsageError as error:
        sys.stderr.write(f"lexom-terms: error: {error}{_rate_hint(error.__cause__)}\n")
        return 2
    except ValidationError as error:
        sys.stderr.write(f"lexom-terms: error: {_validation_message(error)}\n")
        return 2
    except ValueError as error:  # InvalidInputError, MissingRateError
        sys.stderr.write(f"lexom-terms: error: {error}{_rate_hint(error)}\n")
        return 2
    except Refused as error:
        sys.stderr.write(f"lexom-terms: refused: {error}\n")
        return 3
    except OSError as error:  # a system error the command did not foresee: still no traceback
        name = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"lexom-terms: error: {name}{error.strerror or error}\n")
        return 2
    except Terminated:
        sys.stderr.write("lexom-terms: terminated; nothing was written\n")
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        sys.stderr.write("lexom-terms: interrupted; nothing was written\n")
        return 128 + signal.SIGINT
    return int(status or 0)
