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
import re
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
    FRENCH_HEADERS,
    TOTALS,
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
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        json.loads(text)
    except ValueError as error:
        where = (
            f", line {error.lineno}, column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise UsageError(f"{path}{where}: not valid JSON ({message})") from None
    try:
        return model.model_validate_json(text)
    except ValidationError as error:
        raise UsageError(f"{path}: {_validation_message(error, text)}") from None


def _validation_message(error: ValidationError, text: str | None = None) -> str:
    """The errors, one a line, each with its field path and, when the input was a JSON file's
    ``text``, the line where that field (or the object missing it) stands."""
    lines = [f"{error.error_count()} validation error(s) for {error.title}"]
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(model)"
        line = "" if text is None else f"line {json_line(text, item['loc'])}, "
        lines.append(f"  {line}{where}: {error_text(item['msg'])}")
    return "\n".join(lines)


def json_line(text: str, loc: Sequence[int | str]) -> int:
    """The line of ``text`` (a JSON document) where the value at path ``loc`` starts, or where
    the deepest object on that path starts when the value is missing."""
    decoder = json.JSONDecoder()
    position = 0

    def skip(at: int) -> int:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return at

    position = skip(position)
    for step in loc:
        if position >= len(text) or text[position] not in "{[":
            break
        found = None
        if text[position] == "{" and isinstance(step, str):
            at = skip(position + 1)
            while at < len(text) and text[at] == '"':
                key, at = decoder.raw_decode(text, at)
                at = skip(skip(at) + 1)  # past the colon
                if key == step:
                    found = at
                    break
                _, at = decoder.raw_decode(text, at)
                at = skip(at)
                at = skip(at + 1) if at < len(text) and text[at] == "," else at
        elif text[position] == "[" and isinstance(step, int):
            at = skip(position + 1)
            for index in range(step + 1):
                if at >= len(text) or text[at] == "]":
                    break
                if index == step:
                    found = at
                    break
                _, at = decoder.raw_decode(text, at)
                at = skip(at)
                at = skip(at + 1) if at < len(text) and text[at] == "," else at
        if found is None:
            break
        position = found
    return text.count("\n", 0, position) + 1


def _day(text: str) -> date:
    try:
        return parse_date(text)  # the models' own reading of a date
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _amount(text: str) -> Decimal:
    from .money import parse_money  # here, so that the import block stays as it was

    try:
        return parse_money(text)  # the models' own reading: no "1e3", "-0", "+5"
    except ValueError:
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
        text = result.explain(args.lang) if result is not None else empty
        sys.stdout.write(printable(text) + "\n")  # a name from a file never rewrites the terminal


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


def _balance(args: argparse.Namespace) -> None:
    _emit(api.balance(_read_model(Order, args.order), args.as_of), args)


def _deposit(args: argparse.Namespace) -> None:
    _emit(api.deposit_due(_read_model(Order, args.order)), args)


def _located(where: str, error: BaseException) -> str:
    """An error about a file, named once: a file that cannot be opened names itself (the
    payments or clients file, or the ledger itself), so it is not prefixed with another."""
    if isinstance(error, InvalidInputError) and error.code == "unreadable_file":
        return str(error)
    return f"{where}: {error}"


def _ledger_invoices(path: str, args: argparse.Namespace) -> list[Invoice]:
    """Every invoice of a CSV ledger, read as ``audit`` reads it (BOM, separators, French
    dialect, the payments file, the encoding); a bad row names the file, its line and its
    column."""
    from .ledgers.spreadsheet import read_ledger

    try:
        return list(
            read_ledger(
                path,
                dialect=args.dialect,
                encoding=args.encoding,
                payments=args.payments,
                payments_encoding=args.encoding,
            )
        )
    except InvalidInputError as error:
        where = getattr(error, "source", None) or path  # the payments file names itself
        raise UsageError(_located(where, error)) from None


def _ledger_options(parser: argparse.ArgumentParser) -> None:
    """How to read a ledger, as ``audit`` reads it."""
    parser.add_argument(
        "--payments", metavar="FILE", help="payments, one row per payment: number,paid_on,amount"
    )
    parser.add_argument(
        "--dialect",
        choices=("iso", "fr"),
        help="iso: 1234.56 and YYYY-MM-DD; fr: 1 234,56 and JJ/MM/AAAA (default: fr for a"
        " ';'-separated file, else iso)",
    )
    parser.add_argument("--encoding", metavar="NAME", help="the ledger's encoding (default utf-8)")


def _write(text: str, output: str | None, inputs: list[str]) -> None:
    """The letter or statement on stdout, or written as ``audit`` writes its report (never over
    an input, keeping an existing file's mode, never half-written)."""
    target = _Output(output, inputs) if output else None
    with _writing(target) as out:
        out.write(text)


def _reminder(args: argparse.Namespace) -> None:
    from .tools.letters import Creditor, reminder

    if args.ledger is not None:
        if args.invoices:
            raise UsageError("give either invoice files or --ledger FILE --client NAME, not both")
        if args.client is None:
            raise UsageError("--ledger needs --client NAME (the client's name as in the ledger)")
        invoices = [i for i in _ledger_invoices(args.ledger, args) if i.client.name == args.client]
        if not invoices:
            raise UsageError(f"{args.ledger}: no invoice of client {args.client!r}")
    else:
        if not args.invoices:
            raise UsageError("give one or more invoice files, or --ledger FILE --client NAME")
        invoices = [_read_model(Invoice, path) for path in args.invoices]
    clients = {invoice.client for invoice in invoices}
    if len(clients) > 1:
        names = ", ".join(sorted(repr(c.name) for c in clients))
        raise UsageError(f"a letter goes to one client; these invoices name {names}")
    policy = _policy(args)
    claims = [api.late_interest(i, args.as_of, policy=policy) for i in invoices]
    late = [c for c in claims if c.days_late > 0]
    if not late:
        raise UsageError(f"no invoice was late on {args.as_of.isoformat()}: nothing to claim")
    creditor = _read_model(Creditor, args.creditor) if args.creditor else None
    letter = reminder(
        late,
        args.level,
        creditor,
        client=invoices[0].client,
        dated=args.date or args.as_of,
        received_on=args.received,
        lang=args.lang,
    )
    inputs = [*args.invoices, *(p for p in (args.ledger, args.payments) if p)]
    if args.creditor:
        inputs.append(args.creditor)
    _write(letter.html if args.format == "html" else letter.markdown, args.output, inputs)


def _statement(args: argparse.Namespace) -> None:
    from .tools.letters import statement

    account = statement(
        _ledger_invoices(args.ledger, args), args.as_of, client=args.client, policy=_policy(args)
    )
    fmt = args.format or ("csv" if (args.output or "").endswith(".csv") else "html")
    inputs = [p for p in (args.ledger, args.payments) if p]
    if fmt == "csv":
        _write(account.to_csv(), args.output, inputs)
    else:
        _write(account.html if fmt == "html" else account.markdown, args.output, inputs)


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
    held: list[tuple[str, Path]] = []
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
            if summary is not None:
                # written before the report is renamed into place, and renamed after it: a
                # summary that cannot be written leaves the report untouched too, a report that
                # fails leaves the old summary (exit 2 means nothing was written)
                with _writing(summary, held) as summary_out:
                    _write_summary(summary_out, summary.path, totals, meta, fmt)
        _commit(held)
    except InvalidInputError as error:
        where = getattr(error, "source", None) or where  # the payments file names itself
        raise UsageError(_located(where, error)) from error
    finally:
        _discard(held)  # a summary held back for a report that failed is removed
    if not args.quiet:
        sys.stderr.write(
            f"audit: {totals.count} invoice{'s' if totals.count != 1 else ''}, total claimable"
            f" {totals.sums['total']}\n"
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
        raise UsageError(_located(where, error)) from error


def _write_summary(
    out: IO[str], path: Path, totals: Totals, meta: ReportMeta, fmt: str = "csv"
) -> None:
    """The totals beside the report: JSON for a ``.json`` name, else CSV — French Excel's form
    (BOM, ";", decimal comma, JJ/MM/AAAA) when the report is ``csv-fr``."""
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
        if path.exists() and not path.is_file():
            # a device node, a pipe or a socket: renaming a file over it would replace it
            raise UsageError(
                f"{name}: is not a regular file (a device, a pipe or a socket); give a file"
                " name, or leave out -o to write to the standard output"
            )
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
def _writing(
    target: _Output | None, held: list[tuple[str, Path]] | None = None
) -> Iterator[IO[str]]:
    """stdout, or a temporary file beside the target renamed over it at the end: never a
    half-written report, even on SIGTERM or Ctrl-C (the temporary file is removed). With
    ``held``, the rename is left to the caller (:func:`_commit`): a second file (the summary)
    is put in place only once the first (the report) is."""
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
        if held is not None:
            held.append((temp, path))
            return
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write the report ({error.strerror})") from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise


def _commit(held: list[tuple[str, Path]]) -> None:
    """Put the held temporary files in place (see :func:`_writing`)."""
    for temp, path in held:
        try:
            os.replace(temp, path)
        except OSError as error:
            _discard(held)
            raise UsageError(f"{path}: cannot write the file ({error.strerror})") from None
    held.clear()


def _discard(held: list[tuple[str, Path]]) -> None:
    for temp, _ in held:
        Path(temp).unlink(missing_ok=True)
    held.clear()


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


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def result_models() -> dict[str, type[BaseModel]]:
    """The models of what the library returns (``--json`` output), by name."""
    from . import results
    from .tools import check, compare, schedule

    return {
        "Settlement": results.Settlement,
        "RetractionWindow": results.RetractionWindow,
        "Due": results.Due,
        "Balance": results.Balance,
        "InterestClaim": results.InterestClaim,
        "Timeline": results.Timeline,
        "Amount": results.Amount,
        "Check": check.Check,
        "FeeSchedule": schedule.FeeSchedule,
        "RegimeComparison": compare.RegimeComparison,
    }


def json_schema(model: type[BaseModel], *, output: bool = False) -> dict[str, Any]:
    """A model's JSON Schema (draft 2020-12, as pydantic writes it), with ``$schema``; an
    output model's schema describes its JSON form (computed fields included)."""
    if output:
        from .result_docs import describe

        schema = describe(model.model_json_schema(mode="serialization"))
    else:
        schema = model.model_json_schema(mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def _schema(args: argparse.Namespace) -> None:
    models = result_models() if args.results else SCHEMA_MODELS
    if args.model == "AuditReport":  # the JSON report of `audit`, not an input model
        schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT, **report_schema()}
    elif args.model == "all":
        schema = {name: json_schema(model, output=args.results) for name, model in models.items()}
    elif args.model in models:
        schema = json_schema(models[args.model], output=args.results)
    else:
        kind = "result" if args.results else "input"
        raise UsageError(
            f"{args.model!r} is not an {kind} model; choose from {', '.join(models)}"
            + ("" if args.results else " (or add --results for the result models)")
        )
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
    group.add_argument(
        "--by",
        choices=("client", "provider"),
        default="client",
        help="who gave notice: the client, or LEXOM itself (provider) (default client)",
    )
    group.add_argument("--oral", action="store_true", help="the notice was not written")
    group.add_argument(
        "--reason",
        default="none",
        choices=[reason.value for reason in Reason],
        help="the reason given, if any (force_majeure and the absences change the fee; default"
        " none)",
    )


def _policy_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("interest policy (RULEBOOK §9)")
    group.add_argument(
        "--ecb-reference",
        choices=("semester", "january"),
        default="semester",
        help="which ECB rate a day uses: its semester's (1 January or 1 July; default) or the"
        " 1 January rate of its year",
    )
    group.add_argument(
        "--day-count",
        choices=("act/365", "act/act"),
        default="act/365",
        help="act/365: every day is 1/365 (default); act/act: a leap year's day is 1/366",
    )
    group.add_argument(
        "--allocation",
        choices=("principal_first", "interest_first"),
        default="principal_first",
        help="a partial payment reduces the principal first (default), or settles the interest"
        " first (Code civil 1343-1)",
    )


#: one line that works, shown under each subcommand's --help (run from a clone's root)
EXAMPLES = {
    "cancel": "lexom-terms cancel examples/company_order.json --received 2026-03-02",
    "postpone": "lexom-terms postpone examples/company_order.json --received 2026-02-20"
    " --new-start 2026-05-04",
    "retraction": "lexom-terms retraction examples/consumer_order.json",
    "timeline": "lexom-terms timeline examples/consumer_order.json",
    "schedule": "lexom-terms schedule examples/company_order.json",
    "interest": "lexom-terms interest examples/invoice_F-2025-118.json --as-of 2025-12-31",
    "balance": "lexom-terms balance examples/company_order.json --as-of 2026-03-17",
    "deposit": "lexom-terms deposit examples/consumer_order.json",
    "compare": "lexom-terms compare examples/company_order.json --received 2026-02-20",
    "check": "lexom-terms check examples/invoice_F-2025-118.json --claimed"
    " examples/claimed_interest.json --as-of 2025-12-31",
    "audit": "lexom-terms audit examples/ledger.csv --as-of 2025-12-31 -o report.csv",
    "reminder": "lexom-terms reminder examples/invoice_F-2025-118.json --as-of 2025-12-31"
    " --level 2",
    "statement": "lexom-terms statement examples/ledger.csv --client 'ACME SAS' --as-of"
    " 2025-12-31 -o acme.html",
    "schema": "lexom-terms schema Order",
}

#: what a subcommand's --help must say beyond its options, so that it stands alone
DETAILS = {
    "cancel": ". The notice is a Notice file (--notice) or its fields (--received...).",
    "check": ". SUBJECT is an Order (to check fee and refund: give the notice) or an Invoice"
    " (to check interest and indemnity: give --as-of), or a Factur-X PDF / CII XML e-invoice"
    " with --cgv and --client. The claimed file is JSON such as"
    ' {"event": "cancellation", "fee": "1800.00", "refund": "0.00"}. Exit status 0 when every'
    " line conforms, 1 when one does not (like diff), 2 on bad input.",
    "audit": ".\n\nThe ledger is CSV with a header row, dates YYYY-MM-DD, amounts with a dot."
    " Required columns: number, cgv (legacy-15 or new-30), client_name, client_kind"
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
    " is not yet confirmed.",
    "reminder": ". The invoices (JSON files, or a ledger's rows for --client) must name one"
    " client; only those late on --as-of are claimed. Level 3 is the formal notice that opens"
    " the eight days of §4.7.",
    "statement": ". The ledger's columns are those of audit (lexom-terms audit --help).",
    "schema": ". Input models validate the JSON files the other commands read; --results"
    " describes what --json prints.",
}


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
        description="LEXOM's general terms of sale: fees, refunds, windows, interest, letters."
        " Inputs are JSON files shaped as the library's models (lexom-terms schema prints"
        " them); output is a French explanation (--lang en for English) or --json.",
        epilog="example:\n  lexom-terms cancel examples/company_order.json --received 2026-03-02",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"lexom-terms {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str,
        run: Callable[[argparse.Namespace], int | None],
        text: str,
        *positional: tuple[str, str],
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=text,
            description=text + DETAILS.get(name, ""),
            epilog=f"example:\n  {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
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
    p.add_argument(
        "--new-start", type=_day, metavar="DATE", help="the new session start date, if known"
    )
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
    p.add_argument(
        "--as-of",
        type=_day,
        required=True,
        metavar="DATE",
        help="the day interest is computed to (inclusive)",
    )
    _policy_options(p)
    _rates_option(p)
    _output_options(p)

    p = command(
        "balance",
        _balance,
        "who owes what between the client and its OPCO on a day (RULEBOOK §8)",
        ("order", "an Order as JSON (with its funding, if any)"),
    )
    p.add_argument(
        "--as-of", type=_day, required=True, metavar="DATE", help="the day of the balance"
    )
    _output_options(p)

    p = command(
        "deposit",
        _deposit,
        "the deposit amount and the day it is due (RULEBOOK §2)",
        ("order", "an Order as JSON"),
    )
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
    xml = p.add_argument_group(
        "a Factur-X PDF or CII XML subject (the CGV version and the client are not in the XML)"
    )
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
    p.add_argument(
        "ledger",
        nargs="?",
        help="a CSV ledger, one invoice a row: number,cgv,client_name,client_kind,issued_on,"
        "due_on,amount_incl_tax (optional: professional,country,subdivision,public_buyer);"
        " or --fec",
    )
    p.add_argument("--as-of", type=_day, required=True, metavar="DATE")
    p.add_argument("--output", "-o", metavar="FILE", help="the report (default: stdout)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: by the output's extension, else csv); csv-fr: French Excel",
    )
    p.add_argument("--summary", metavar="FILE", help="the count and totals (CSV, or JSON by .json)")
    _ledger_options(p)
    fec = p.add_argument_group(
        "a FEC instead of a ledger (Livre des procédures fiscales A47 A-1; tab or | separated)"
    )
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

    p = command(
        "reminder",
        _reminder,
        "a reminder letter for one client's late invoices (Markdown, or HTML)",
    )
    p.add_argument("invoices", nargs="*", metavar="INVOICE", help="Invoices as JSON, one client")
    p.add_argument("--ledger", metavar="FILE", help="take the invoices from a CSV ledger instead")
    p.add_argument("--client", metavar="NAME", help="with --ledger: the client's name, as given")
    _ledger_options(p)
    p.add_argument(
        "--as-of",
        type=_day,
        required=True,
        metavar="DATE",
        help="the day interest is computed to",
    )
    p.add_argument(
        "--level",
        type=int,
        choices=(1, 2, 3),
        default=1,
        help="1 courteous reminder (default), 2 firm reminder, 3 formal notice (mise en demeure,"
        " §4.7)",
    )
    p.add_argument("--date", type=_day, metavar="DATE", help="the letter's date (default --as-of)")
    p.add_argument(
        "--received",
        type=_day,
        metavar="DATE",
        help="level 3: the day the client receives the notice; the letter then names the day"
        " LEXOM may resolve the contract",
    )
    p.add_argument(
        "--creditor",
        metavar="FILE",
        help='who signs, as JSON: {"name", "address": [...], "city", "contact", "signatory"}',
    )
    p.add_argument(
        "--format", choices=("markdown", "html"), default="markdown", help="default markdown"
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the letter here (default stdout)")
    p.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="language of the letter (default fr)"
    )
    _policy_options(p)

    p = command(
        "statement",
        _statement,
        "a client's account (relevé de compte) from a CSV ledger: invoices, payments, interest,"
        " indemnity, total",
        ("ledger", "a CSV ledger, one invoice a row (columns as for audit)"),
    )
    _ledger_options(p)
    p.add_argument(
        "--client",
        required=True,
        metavar="NAME",
        help="the client's name, exactly as in the ledger",
    )
    p.add_argument(
        "--as-of", type=_day, required=True, metavar="DATE", help="the day of the statement"
    )
    p.add_argument(
        "--format",
        choices=("html", "csv", "markdown"),
        help="default: by the output's extension (.csv), else html",
    )
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write the statement here (default stdout)"
    )
    _policy_options(p)

    p = command("schema", _schema, "JSON Schema of the input models (or, --results, the outputs)")
    p.add_argument(
        "model",
        nargs="?",
        default="all",
        help=f"one model (input: {', '.join(SCHEMA_MODELS)}, AuditReport; default all)",
    )
    p.add_argument(
        "--results", action="store_true", help="the result models (what --json prints) instead"
    )
    _fill_help(parser)
    return parser


#: help for options declared without one (by destination)
FALLBACK_HELP = {
    "as_of": "the day the figures are computed for (YYYY-MM-DD)",
    "new_start": "the new session start date (YYYY-MM-DD)",
    "rates": "a rate table file adding rates newer than the release",
}


def _fill_help(parser: argparse.ArgumentParser) -> None:
    """Give every option a help line: those declared without one take ``FALLBACK_HELP``'s."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _fill_help(child)
        elif action.help is None and action.dest in FALLBACK_HELP:
            action.help = FALLBACK_HELP[action.dest]


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


#: the characters never printed raw to a terminal: controls (but the line end and the tab),
#: Unicode format characters (bidirectional overrides, zero-width...), line separators
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def printable(text: str) -> str:
    """``text`` with every control or invisible character shown as its code point (``<U+1B>``):
    a name or an invoice number from a file never rewrites the terminal."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _say(text: str) -> None:
    sys.stderr.write(printable(text) + "\n")


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
        _say(f"lexom-terms: error: {error}{_rate_hint(error.__cause__)}")
        return 2
    except ValidationError as error:
        _say(f"lexom-terms: error: {_validation_message(error)}")
        return 2
    except ValueError as error:  # InvalidInputError, MissingRateError
        _say(f"lexom-terms: error: {error}{_rate_hint(error)}")
        return 2
    except Refused as error:
        _say(f"lexom-terms: refused: {error}")
        return 3
    except OSError as error:  # a system error the command did not foresee: still no traceback
        name = f"{error.filename}: " if error.filename else ""
        _say(f"lexom-terms: error: {name}{error.strerror or error}")
        return 2
    except RecursionError:  # a JSON file nested thousands deep
        _say("lexom-terms: error: an input is nested too deeply to be read (JSON or XML)")
        return 2
    except MemoryError:
        _say("lexom-terms: error: not enough memory to read the input; nothing was written")
        return 2
    except Terminated:
        sys.stderr.write("lexom-terms: terminated; nothing was written\n")
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        sys.stderr.write("lexom-terms: interrupted; nothing was written\n")
        return 128 + signal.SIGINT
    return int(status or 0)
