"""The ``lexom-terms`` command line (also ``python -m lexom_terms``).

JSON files in, shaped as the models of API.md; a readable explanation out (French by default,
``--lang en``), or JSON with ``--json``. Exit status 0 on success, 2 on invalid input (the
message on stderr, nothing written), 3 when ``audit --fail-on-provisional`` refuses a report.
This package holds no rule and no arithmetic: it parses, calls the library, prints.

One module per subcommand in :mod:`lexom_terms.cli.commands`, each declaring a
:class:`Command` subclass; this module finds them, builds the parser from their declarations
and runs the one asked for (docs/cli.md, "How to add a subcommand")."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import signal
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from .._version import __version__
from ..errors import InvalidInputError, MissingRateError
from . import commands
from ._core import (
    Command,
    Refused,
    UsageError,
    json_line,
    printable,
    say,
    validation_message,
)
from ._files import Terminated, terminate_cleanly

__all__ = [
    "EXAMPLES",
    "JSON_SCHEMA_DIALECT",
    "SCHEMA_MODELS",
    "Command",
    "Refused",
    "UsageError",
    "build_parser",
    "json_line",
    "json_schema",
    "main",
    "printable",
    "result_models",
    "subcommands",
]


def _load() -> None:
    """Import every module of ``commands``: each declares its subcommand by subclassing
    :class:`Command` (registered as it is defined)."""
    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}")


_load()

from .commands.schema import JSON_SCHEMA_DIALECT, SCHEMA_MODELS, json_schema, result_models  # noqa: E402


def subcommands() -> list[type[Command]]:
    """The subcommands in the order ``--help`` lists them (by ``rank``, then name)."""
    return sorted(Command.registry.values(), key=lambda c: (c.rank, c.name))


#: one line that works, shown under each subcommand's --help (run from a clone's root)
EXAMPLES = {command.name: command.example for command in subcommands()}

#: help for options declared without one (by destination)
FALLBACK_HELP = {
    "as_of": "the day the figures are computed for (YYYY-MM-DD)",
    "new_start": "the new session start date (YYYY-MM-DD)",
    "rates": "a rate table file adding rates newer than the release",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand, built from their declarations."""
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
    for declared in subcommands():
        command = declared()
        child = sub.add_parser(
            command.name,
            help=command.help,
            description=description(command),
            epilog=f"example:\n  {command.example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        for arg, helptext in command.positional:
            child.add_argument(arg, help=helptext)
        command.arguments(child)
        child.set_defaults(run=command.run)
    _fill_help(parser)
    return parser


def description(command: Command) -> str:
    """A subcommand's ``--help`` text: its summary, then its details. Details written as the
    summary's continuation (". The notice is...") follow it; others start a paragraph of their
    own, after the summary's full stop (never "one after the otherSTEPS...")."""
    if not command.details or command.details[0] in ".,;:\n ":
        return command.help + command.details
    return f"{command.help}.\n\n{command.details}"


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 0 for --help/--version, 2 for bad usage
        return int(exit_.code or 0)
    try:
        with terminate_cleanly():  # SIGTERM as an exception: temporary files are removed
            status = args.run(args)
    except UsageError as error:
        say(f"lexom-terms: error: {error}{_rate_hint(error.__cause__)}")
        return 2
    except ValidationError as error:
        say(f"lexom-terms: error: {validation_message(error)}")
        return 2
    except ValueError as error:  # InvalidInputError, MissingRateError
        say(f"lexom-terms: error: {error}{_rate_hint(error)}")
        return 2
    except Refused as error:
        say(f"lexom-terms: refused: {error}")
        return 3
    except OSError as error:  # a system error the command did not foresee: still no traceback
        name = f"{error.filename}: " if error.filename else ""
        say(f"lexom-terms: error: {name}{error.strerror or error}")
        return 2
    except ImportError as error:  # an optional extra not installed (facturx, spreadsheet, plot…)
        say(f"lexom-terms: error: {error}")
        return 2
    except RecursionError:  # a JSON file nested thousands deep
        say("lexom-terms: error: an input is nested too deeply to be read (JSON or XML)")
        return 2
    except MemoryError:
        say("lexom-terms: error: not enough memory to read the input; nothing was written")
        return 2
    except Terminated:
        sys.stderr.write("lexom-terms: terminated; nothing was written\n")
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        sys.stderr.write("lexom-terms: interrupted; nothing was written\n")
        return 128 + signal.SIGINT
    return int(status or 0)
