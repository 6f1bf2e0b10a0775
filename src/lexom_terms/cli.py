"""The ``lexom-terms`` command line (also ``python -m lexom_terms``).

JSON files in, shaped as the models of API.md; a readable explanation out (French by default,
``--lang en``), or JSON with ``--json``. Exit status 0 on success, 2 on invalid input (the
message on stderr, nothing written), 3 when ``audit --fail-on-provisional`` refuses a report.
This module holds no rule and no arithmetic: it parses, calls the library, prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import api
from ._version import __version__
from .enums import Reason
from .errors import InvalidInputError, error_text
from .models import InterestPolicy, Invoice, Notice, Order, parse_date
from .results import Result
from .tools.audit import audit, read_ledger
from .tools.check import Claimed, check_invoice
from .tools.compare import compare_regimes
from .tools.schedule import fee_schedule

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


def _balance(args: argparse.Namespace) -> None:
    _emit(api.balance(_read_model(Order, args.order), args.as_of), args)


def _deposit(args: argparse.Namespace) -> None:
    _emit(api.deposit_due(_read_model(Order, args.order)), args)


def _ledger_invoices(path: str) -> list[Invoice]:
    """Every invoice of a CSV ledger; a bad row names the file, its line and its column."""
    try:
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    with handle:
        try:
            return list(read_ledger(handle))
        except InvalidInputError as error:
            raise UsageError(f"{path}: {error}") from None


def _write(text: str, output: str | None) -> None:
    if output:
        _write_atomically(Path(output), text)
    else:
        sys.stdout.write(text)


def _reminder(args: argparse.Namespace) -> None:
    from .tools.letters import Creditor, reminder

    if args.ledger is not None:
        if args.invoices:
            raise UsageError("give either invoice files or --ledger FILE --client NAME, not both")
        if args.client is None:
            raise UsageError("--ledger needs --client NAME (the client's name as in the ledger)")
        invoices = [i for i in _ledger_invoices(args.ledger) if i.client.name == args.client]
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
    _write(letter.html if args.format == "html" else letter.markdown, args.output)


def _statement(args: argparse.Namespace) -> None:
    from .tools.letters import statement

    account = statement(
        _ledger_invoices(args.ledger), args.as_of, client=args.client, policy=_policy(args)
    )
    fmt = args.format or ("csv" if (args.output or "").endswith(".csv") else "html")
    if fmt == "csv":
        _write(account.to_csv(), args.output)
    else:
        _write(account.html if fmt == "html" else account.markdown, args.output)


def _interest(args: argparse.Namespace) -> None:
    invoice = _read_model(Invoice, args.invoice)
    _emit(api.late_interest(invoice, args.as_of, policy=_policy(args)), args)


def _compare(args: argparse.Namespace) -> None:
    order = _read_model(Order, args.order)
    _emit(compare_regimes(order, _notice(args), new_start=args.new_start), args)


def _check(args: argparse.Namespace) -> None:
    claimed = _read_model(Claimed, args.claimed)
    subject: Order | Invoice
    try:
        raw = json.loads(Path(args.subject).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"{args.subject}: cannot read a JSON object ({error})") from None
    if isinstance(raw, dict) and "number" in raw:
        subject = _read_model(Invoice, args.subject)
    else:
        subject = _read_model(Order, args.subject)
    notice = None
    if args.notice is not None or args.received is not None:
        notice = _notice(args)
    _emit(
        check_invoice(
            subject,
            claimed=claimed,
            notice=notice,
            new_start=args.new_start,
            as_of=args.as_of,
            policy=_policy(args),
        ),
        args,
    )


def _audit(args: argparse.Namespace) -> None:
    try:
        handle = open(args.ledger, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise UsageError(f"{args.ledger}: cannot read the file ({error.strerror})") from None

    def progress(done: int) -> None:
        if not args.quiet:
            sys.stderr.write(f"audit: {done} invoices…\n")

    with handle:
        try:
            report = audit(read_ledger(handle), args.as_of, policy=_policy(args), progress=progress)
        except InvalidInputError as error:
            raise UsageError(f"{args.ledger}: {error}") from None
    if args.fail_on_provisional and report.provisional:
        numbers = report.provisional_invoices
        raise Refused(
            f"the report rests on an unconfirmed rate for {len(numbers)} invoice(s)"
            f" ({', '.join(numbers[:5])}{'…' if len(numbers) > 5 else ''}); nothing was written"
        )
    fmt = args.format or ("json" if (args.output or "").endswith(".json") else "csv")
    text = json.dumps(report.to_json(), indent=2) + "\n" if fmt == "json" else report.to_csv()
    if args.output:
        _write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    if not args.quiet:
        sys.stderr.write(
            f"audit: {report.count} invoices, total claimable {report.totals['total']}\n"
        )


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written report."""
    fd, temp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
    if args.model == "all":
        schema: dict[str, Any] = {
            name: json_schema(model, output=args.results) for name, model in models.items()
        }
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
    "check": "lexom-terms check examples/company_order.json --claimed examples/claimed_fee.json"
    " --received 2026-02-24",
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
    " (to check interest and indemnity: give --as-of). The claimed file is JSON such as"
    ' {"event": "cancellation", "fee": "1800.00", "refund": "0.00"}.',
    "audit": ".\n\nThe ledger is CSV with a header row, dates YYYY-MM-DD, amounts with a dot."
    " Required columns: number, cgv (legacy-15 or new-30), client_name, client_kind"
    " (legal_person or natural_person), issued_on, due_on, amount_incl_tax. Optional:"
    " professional (true/false), country (ISO code, default FR), subdivision, payments"
    " (YYYY-MM-DD:amount items separated by ';'). A bad row stops the audit with its line and"
    " column, and nothing is written. Exit status 3 with --fail-on-provisional when a rate is"
    " not yet confirmed.",
    "reminder": ". The invoices (JSON files, or a ledger's rows for --client) must name one"
    " client; only those late on --as-of are claimed. Level 3 is the formal notice that opens"
    " the eight days of §4.7.",
    "statement": ". The ledger's columns are those of audit (lexom-terms audit --help).",
    "schema": ". Input models validate the JSON files the other commands read; --results"
    " describes what --json prints.",
}


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
        run: Callable[[argparse.Namespace], None],
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
    _notice_options(p)
    p.add_argument("--new-start", type=_day, metavar="DATE")
    p.add_argument("--as-of", type=_day, metavar="DATE")
    _policy_options(p)
    _output_options(p)

    p = command(
        "audit",
        _audit,
        "interest and indemnity for every invoice of a CSV ledger",
        ("ledger", "a CSV ledger, one invoice a row (columns below)"),
    )
    p.add_argument("--as-of", type=_day, required=True, metavar="DATE")
    p.add_argument("--output", "-o", metavar="FILE", help="the report (default: stdout)")
    p.add_argument(
        "--format",
        choices=("csv", "json"),
        help="report format (default: by the output's extension, else csv)",
    )
    p.add_argument(
        "--fail-on-provisional",
        action="store_true",
        help="refuse (exit 3) a report that rests on an unconfirmed rate",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    _policy_options(p)

    p = command(
        "reminder",
        _reminder,
        "a reminder letter for one client's late invoices (Markdown, or HTML)",
    )
    p.add_argument("invoices", nargs="*", metavar="INVOICE", help="Invoices as JSON, one client")
    p.add_argument("--ledger", metavar="FILE", help="take the invoices from a CSV ledger instead")
    p.add_argument("--client", metavar="NAME", help="with --ledger: the client's name, as given")
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
        help=f"one model (input: {', '.join(SCHEMA_MODELS)}; default all)",
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 0 for --help/--version, 2 for bad usage
        return int(exit_.code or 0)
    try:
        args.run(args)
    except UsageError as error:
        sys.stderr.write(f"lexom-terms: error: {error}\n")
        return 2
    except ValidationError as error:
        sys.stderr.write(f"lexom-terms: error: {_validation_message(error)}\n")
        return 2
    except ValueError as error:  # InvalidInputError, MissingRateError
        sys.stderr.write(f"lexom-terms: error: {error}\n")
        return 2
    except Refused as error:
        sys.stderr.write(f"lexom-terms: refused: {error}\n")
        return 3
    return 0
