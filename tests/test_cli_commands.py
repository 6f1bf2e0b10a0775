"""The command line's shape (issue 17): one declaration per subcommand, ``--fee-vat`` on
``cancel`` and ``postpone``, and the reminder's choice of claims in the library, not the CLI."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import lexom_terms as lt
from lexom_terms import cli
from lexom_terms.cli import Command, build_parser, main
from lexom_terms.cli import commands as command_modules
from lexom_terms.errors import InvalidInputError
from lexom_terms.tools.letters import late_claims

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


# --- one declaration per subcommand ----------------------------------------------------------


def test_every_module_declares_its_subcommand_and_the_parser_lists_each_once() -> None:
    names = []
    for info in pkgutil.iter_modules(command_modules.__path__):
        module = importlib.import_module(f"{command_modules.__name__}.{info.name}")
        declared = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Command)
            and value.__module__ == module.__name__
        ]
        assert len(declared) == 1, f"{info.name}: {declared}"
        assert declared[0].name == info.name
        names.append(info.name)
    assert sorted(_choices(build_parser())) == sorted(names) == sorted(cli.EXAMPLES)


def test_the_listing_keeps_the_order_of_0_2() -> None:
    """``lexom-terms --help`` lists 0.2's subcommands in 0.2's order (a new one may declare a
    ``rank`` that places it among them)."""
    old = {
        "cancel", "postpone", "retraction", "timeline", "schedule", "interest", "balance",
        "deposit", "compare", "check", "audit", "reminder", "statement", "schema",
    }  # fmt: skip
    listed = [name for name in _choices(build_parser()) if name in old]
    assert listed == [
        "cancel",
        "postpone",
        "retraction",
        "timeline",
        "schedule",
        "interest",
        "balance",
        "deposit",
        "compare",
        "check",
        "audit",
        "reminder",
        "statement",
        "schema",
    ]


@pytest.fixture
def hello() -> Iterator[type[Command]]:
    """A made-up subcommand, declared as docs/cli.md says, removed after the test."""

    class Hello(Command):
        name = "hello-test"
        help = "greets an order's client"
        example = "lexom-terms hello-test examples/company_order.json"
        details = ". A made-up subcommand of the tests."
        positional = (("order", "an Order as JSON"),)

        def arguments(self, parser: argparse.ArgumentParser) -> None:
            parser.add_argument("--shout", action="store_true", help="in capitals")

        def run(self, args: argparse.Namespace) -> int:
            from lexom_terms.cli._core import read_model

            name = read_model(lt.Order, args.order).client.name
            print(name.upper() if args.shout else name)
            return 0

    yield Hello
    del Command.registry["hello-test"]


def test_a_subcommand_is_one_declaration(
    hello: type[Command], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = _choices(build_parser())["hello-test"]
    assert list(_choices(build_parser()))[-1] == "hello-test"  # after the built-in ones
    text = parser.format_help()
    assert "A made-up subcommand of the tests." in text
    assert "example:\n  lexom-terms hello-test" in text
    status, out, _ = run(capsys, "hello-test", str(EX / "company_order.json"), "--shout")
    assert (status, out) == (0, "ACME SAS\n")
    status, _, err = run(capsys, "hello-test", str(EX / "missing.json"))
    assert status == 2 and "missing.json: cannot read the file" in err


def test_two_subcommands_cannot_share_a_name(hello: type[Command]) -> None:
    with pytest.raises(TypeError, match="hello-test"):

        class Again(Command):
            name = "hello-test"
            help = "again"
            example = "lexom-terms hello-test"


# --- --fee-vat --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "owed", "excl"),
    [
        (("cancel", "--received", "2026-03-02"), "1800.00", "1500.00"),
        (("postpone", "--received", "2026-02-20", "--new-start", "2026-05-04"), "540.00", "450.00"),
    ],
)
def test_fee_vat_on_the_command_line_is_the_library_s(
    argv: tuple[str, ...], owed: str, excl: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """RULEBOOK §12: as_service by default (the fee takes the order's 20 %); outside_scope puts
    the whole fee outside VAT with the Conseil d'État caveat — as ``cancel(fee_vat=...)``."""
    order = str(EX / "company_order.json")
    command, *rest = argv
    status, out, _ = run(capsys, command, order, *rest, "--json")
    default = json.loads(out)
    assert status == 0
    assert (default["fee_vat"], default["owed"], default["owed_excl_tax"]) == (
        "as_service",
        owed,
        excl,
    )
    status, out, _ = run(capsys, command, order, *rest, "--fee-vat", "outside_scope", "--json")
    outside = json.loads(out)
    assert status == 0
    assert (outside["fee_vat"], outside["owed"], outside["owed_excl_tax"], outside["owed_vat"]) == (
        "outside_scope",
        owed,
        owed,
        "0.00",
    )
    assert any("472257" in c["text"] for c in outside["caveats"])
    status, out, _ = run(capsys, command, order, *rest, "--fee-vat", "outside_scope")
    assert status == 0 and "472257" in out
    status, _, err = run(capsys, command, order, *rest, "--fee-vat", "exempt")
    assert status == 2 and "invalid choice: 'exempt'" in err


# --- the reminder's claims are chosen by the library -------------------------------------------


def _invoice(number: str, client: str = "ACME SAS", due: str = "2025-06-10") -> lt.Invoice:
    return lt.Invoice(
        number=number,
        cgv="legacy-15",
        client=lt.Client(name=client, kind="legal_person"),
        issued_on="2025-05-20",
        due_on=due,
        amount_incl_tax="1800.00",
    )


def test_late_claims_keeps_the_late_invoices_in_order() -> None:
    invoices = [_invoice("F-1"), _invoice("F-2", due="2026-01-31"), _invoice("F-3")]
    claims = late_claims(invoices, date(2025, 12, 31))
    assert [c.invoice_number for c in claims] == ["F-1", "F-3"]
    assert claims[0] == lt.late_interest(invoices[0], date(2025, 12, 31))
    assert claims[0].interest > Decimal(0)


def test_late_claims_refuses_two_clients_and_nothing_late() -> None:
    with pytest.raises(InvalidInputError) as caught:
        late_claims([_invoice("F-1"), _invoice("F-2", client="ACME GmbH")], date(2025, 12, 31))
    assert (caught.value.code, caught.value.field) == ("several_clients", "invoices")
    assert "'ACME GmbH', 'ACME SAS'" in str(caught.value)
    with pytest.raises(InvalidInputError) as caught:
        late_claims([_invoice("F-1")], date(2025, 6, 10))  # due that day: not late yet
    assert (caught.value.code, caught.value.field) == ("nothing_late", "invoices")
    assert str(caught.value) == "no invoice was late on 2025-06-10: nothing to claim"
    assert late_claims([_invoice("F-1")], date(2025, 6, 11))[0].days_late == 1


def test_reminder_command_names_the_clients_it_cannot_mix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text(_invoice("F-9", client="ACME GmbH").model_dump_json(), encoding="utf-8")
    status, out, err = run(
        capsys, "reminder", str(EX / "invoice_F-2025-118.json"), str(other), "--as-of", "2025-12-31"
    )
    assert (status, out) == (2, "")
    assert err == (
        "lexom-terms: error: a letter goes to one client; these invoices name 'ACME GmbH',"
        " 'ACME SAS'\n"
    )
