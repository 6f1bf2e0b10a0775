"""What every subcommand shares: the registry, reading a model from a JSON file, the common
options (notice, policy, rates, output, ledger) and printing a result.

This module holds no rule and no arithmetic: it parses, calls the library, prints."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError

from ..enums import FeeVat, Reason
from ..errors import InvalidInputError, error_text
from ..models import InterestPolicy, Notice, parse_date

if TYPE_CHECKING:
    from ..models import Invoice
    from ..rates import RateTable
    from ..results import Result

M = TypeVar("M", bound=BaseModel)


class UsageError(Exception):
    """Bad input: reported on stderr with exit status 2."""


class Refused(Exception):
    """A report the user asked us to refuse (exit status 3)."""


# --- the registry --------------------------------------------------------------------------------


class Command:
    """One subcommand: declare a subclass in a module of ``lexom_terms.cli.commands`` and it is
    registered (``__init_subclass__``), listed in ``lexom-terms --help`` and given its parser.

    ``name`` is the subcommand, ``help`` the one line shown in the list, ``example`` one command
    line that works from a clone's root (shown under ``--help`` and run as a test), ``details``
    what ``--help`` must say beyond the options, ``positional`` the positional arguments (name,
    help), ``rank`` the place in the list (lower first; equal ranks by name).
    ``arguments`` adds the options, ``run`` does the work and returns the exit status (``None``
    is 0); it raises :class:`UsageError` (exit 2) for bad input."""

    name: ClassVar[str]
    help: ClassVar[str]
    example: ClassVar[str]
    details: ClassVar[str] = ""
    positional: ClassVar[tuple[tuple[str, str], ...]] = ()
    rank: ClassVar[int] = 1000

    registry: ClassVar[dict[str, type[Command]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:  # an abstract helper class, not a subcommand
            return
        if cls.name in Command.registry and Command.registry[cls.name] is not cls:
            raise TypeError(f"two subcommands are named {cls.name!r}")
        Command.registry[cls.name] = cls

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this subcommand's options (the positional ones come from ``positional``)."""

    def run(self, args: argparse.Namespace) -> int | None:
        raise NotImplementedError


# --- reading the inputs --------------------------------------------------------------------------


def read_model(model: type[M], path: str) -> M:
    """The model in the JSON file ``path``; an unreadable file, bad JSON or an invalid field is
    a :class:`UsageError` naming the file (and the line of the field)."""
    text = json_text(path)
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
        raise UsageError(f"{path}: {validation_message(error, text)}") from None


def json_text(path: str) -> str:
    """The text of the JSON file ``path`` (UTF-8, RFC 8259). A byte UTF-8 cannot decode is the
    ledger's message (``bad_encoding``: its line, its position, the encoding it may be), with
    the way out a JSON file has: saving it as UTF-8 (no command reads JSON in another
    encoding)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        position = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        cause = InvalidInputError(
            f"line {line}: byte 0x{data[error.start]:02x} at position {position} cannot be"
            " decoded as utf-8; the file may be Windows-1252 or ISO-8859-15: save it as UTF-8"
            " (a JSON file is UTF-8)",
            field=path,
            code="bad_encoding",
        )
        raise UsageError(f"{path}: {cause}") from cause


def validation_message(error: ValidationError, text: str | None = None) -> str:
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


# --- argument types ------------------------------------------------------------------------------


def day(text: str) -> date:
    try:
        return parse_date(text)  # the models' own reading of a date
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def amount(text: str) -> Decimal:
    from ..money import parse_money

    try:
        return parse_money(text)  # the models' own reading: no "1e3", "-0", "+5"
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount such as 150.00") from None


def workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes from 1 to 64")
    return int(text)


def days(text: str) -> int:
    if not text.isdigit() or int(text) > 366:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 366")
    return int(text)


# --- what the options give -----------------------------------------------------------------------


def notice(args: argparse.Namespace) -> Notice:
    """The notice of ``--notice FILE``, or built from ``--received`` and its companions."""
    if args.notice is not None:
        if args.received is not None:
            raise UsageError("give either --notice FILE or --received DATE, not both")
        return read_model(Notice, args.notice)
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
        raise UsageError(validation_message(error)) from None


def rates(args: argparse.Namespace) -> RateTable:
    """The shipped table, plus the rates of ``--rates FILE`` when given."""
    from ..rates import default_rates

    table = default_rates()
    if getattr(args, "rates", None) is None:
        return table
    from ..ledgers.rates_file import add_rates

    try:
        return add_rates(table, args.rates)
    except InvalidInputError as error:
        raise UsageError(f"{args.rates}: {error}") from None


def policy(args: argparse.Namespace) -> InterestPolicy:
    return InterestPolicy(
        ecb_reference=args.ecb_reference, day_count=args.day_count, allocation=args.allocation
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


def say(text: str) -> None:
    """A message on stderr, printable (see :func:`printable`)."""
    sys.stderr.write(printable(text) + "\n")


def emit(result: Result | None, args: argparse.Namespace, empty: str = "") -> None:
    """The result's explanation in ``--lang`` (``empty`` when there is none), or its JSON."""
    if args.json:
        text = "null" if result is None else result.model_dump_json(indent=2)
        sys.stdout.write(text + "\n")
    else:
        text = result.explain(args.lang) if result is not None else empty
        sys.stdout.write(printable(text) + "\n")  # a name from a file never rewrites the terminal


def located(where: str, error: BaseException) -> str:
    """An error about a file, named once: a file that cannot be opened names itself (the
    payments or clients file, or the ledger itself), so it is not prefixed with another."""
    if isinstance(error, InvalidInputError) and error.code == "unreadable_file":
        return str(error)
    return f"{where}: {error}"


def ledger_invoices(path: str, args: argparse.Namespace) -> list[Invoice]:
    """Every invoice of a CSV ledger, read as ``audit`` reads it (BOM, separators, French
    dialect, the payments file, the encoding); a bad row names the file, its line and its
    column."""
    from ..ledgers.spreadsheet import read_ledger

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
        raise UsageError(located(where, error)) from None


def write(text: str, output: str | None, inputs: list[str]) -> None:
    """The letter or statement on stdout, or written as ``audit`` writes its report (never over
    an input, keeping an existing file's mode, never half-written)."""
    from ._files import Output, writing

    target = Output(output, inputs) if output else None
    with writing(target) as out:
        out.write(text)


# --- options shared by several subcommands -------------------------------------------------------


def output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="language of the explanation (default fr)",
    )


def notice_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the notice (a JSON file, or its fields)")
    group.add_argument("--notice", metavar="FILE", help="a Notice as JSON")
    group.add_argument("--received", type=day, metavar="DATE", help="day LEXOM received it")
    group.add_argument("--sent", type=day, metavar="DATE", help="day it was sent")
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


def fee_vat_option(parser: argparse.ArgumentParser) -> None:
    """RULEBOOK §12: how the fee bears VAT (``FeeVat``)."""
    parser.add_argument(
        "--fee-vat",
        choices=[treatment.value for treatment in FeeVat],
        default=FeeVat.AS_SERVICE.value,
        help="VAT on the fee (RULEBOOK §12): as_service, the fee takes the training's VAT"
        " (default); outside_scope, a pure indemnity outside VAT (contested, with a caveat)",
    )


def policy_options(parser: argparse.ArgumentParser) -> None:
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


def rates_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rates",
        metavar="FILE",
        help="a CSV of ECB or legal rates to add (series,start,percent,other_percent)",
    )


def csv_options(parser: argparse.ArgumentParser, what: str) -> None:
    """How to read a small CSV file (hours, receipts) as a ledger is read: ``--dialect`` and
    ``--encoding``."""
    parser.add_argument(
        "--dialect",
        choices=("iso", "fr"),
        help=f"the {what}'s numbers and dates: iso, 10.5 and YYYY-MM-DD; fr, 10,5 and"
        " JJ/MM/AAAA (default: fr for a ';'-separated file, else iso)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help=f"the {what}'s encoding (default utf-8; cp1252 for a Windows Excel export)",
    )


def ledger_options(parser: argparse.ArgumentParser) -> None:
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
