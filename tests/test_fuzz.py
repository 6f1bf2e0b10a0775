"""Fuzzing every input path: arbitrary JSON-like values grafted onto valid documents, fed to the
models, the rule functions and every CLI subcommand. Whatever comes in, the library returns a
valid result or raises a validation error that names a field — never another exception, never a
result that breaks the settlement arithmetic.

The CI profile runs a smoke number of examples; ``HYPOTHESIS_PROFILE=thorough`` runs 1 000 per
test (docs/performance.md)."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import lexom_terms as lt
from lexom_terms.cli import main

from .rules.support import assert_arithmetic

EX = Path(__file__).resolve().parents[1] / "examples"
DOCS = {
    "order": json.loads((EX / "company_order.json").read_text()),
    "consumer": json.loads((EX / "consumer_order.json").read_text()),
    "invoice": json.loads((EX / "invoice_F-2025-118.json").read_text()),
    "notice": json.loads((EX / "notice_2026-02-24.json").read_text()),
    "claimed": json.loads((EX / "claimed_fee.json").read_text()),
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-13-01",
            "1800.005",
            "-1",
            "0",
            "1e3",
            "NaN",
            "FR",
            "legacy-15",
            "new-30",
            "natural_person",
            "intra",
            "provider",
            "57",
            "",
            "2026-03-16",
            "2024-02-29",
            "0.20",
            "1",
            "website",
            "force_majeure",
            # issue 10: the range ends, past them, and the forms RULEBOOK §0 refuses
            "1900-01-01",
            "2199-12-31",
            "1899-12-31",
            "9999-12-30",
            "0001-01-01",
            "2026-W10-1",
            "-0",
            "1_000",
            "+5",
            "١٢٣",
            "１２３",
            "999999999999.99",
            "972",
            "MQ",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, name: str) -> Any:
    """A valid document with one to three places replaced, deleted or added."""
    document = json.loads(json.dumps(DOCS[name]))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return document


def validate_or_explain(model: type[BaseModel], data: Any) -> BaseModel | None:
    """The model, or None after checking the error names a field (its location, or a model
    field in the message of a whole-model check)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        names = set(model.model_fields)
        for item in error.errors():
            located = bool(item["loc"])
            named = any(name in str(item["msg"]) for name in names | {"training_days", "end"})
            assert located or named or not isinstance(data, dict), item
        return None


@given(mutated("order"), st.integers(0, 420), st.integers(1, 300), st.booleans(), st.booleans())
def test_orders_and_every_rule(
    data: Any, offset: int, later: int, provider: bool, oral: bool
) -> None:
    order = validate_or_explain(lt.Order, data)
    if not isinstance(order, lt.Order):
        return
    notice = lt.Notice(
        received_on=order.signed_on + timedelta(days=offset),
        by="provider" if provider else "client",
        written=not oral,
    )
    try:
        for settlement in (
            lt.cancel(order, notice),
            lt.postpone(order, notice, notice.received_on + timedelta(days=later)),
        ):
            assert_arithmetic(order, settlement)
            assert settlement.explain() and settlement.explain("en")
        lt.retraction_window(order)
        lt.deposit_due(order)
        lt.payment_due(order)
        lt.balance(order, notice.received_on)
        lt.timeline(order)
    except lt.InvalidInputError as error:
        assert str(error)


@given(mutated("consumer"), st.integers(0, 60))
def test_consumer_orders(data: Any, offset: int) -> None:
    order = validate_or_explain(lt.Order, data)
    if isinstance(order, lt.Order):
        settlement = lt.cancel(
            order, lt.Notice(received_on=order.signed_on + timedelta(days=offset))
        )
        assert_arithmetic(order, settlement)


@given(mutated("invoice"), st.integers(-30, 800))
def test_invoices_and_interest(data: Any, days: int) -> None:
    invoice = validate_or_explain(lt.Invoice, data)
    if not isinstance(invoice, lt.Invoice):
        return
    try:
        claim = lt.late_interest(invoice, invoice.due_on + timedelta(days=days))
    except lt.MissingRateError as error:
        assert error.series and error.day
        return
    assert claim.interest == sum((p.interest for p in claim.periods), claim.interest * 0)
    assert claim.total == claim.interest_outstanding + claim.recovery_indemnity


@given(mutated("notice"))
def test_notices(data: Any) -> None:
    validate_or_explain(lt.Notice, data)


@given(mutated("claimed"))
def test_claimed(data: Any) -> None:
    validate_or_explain(lt.Claimed, data)


COMMANDS = {
    "order": [
        ["cancel", "{file}", "--received", "2026-02-20"],
        ["postpone", "{file}", "--received", "2026-02-20", "--new-start", "2026-06-01"],
        ["retraction", "{file}"],
        ["timeline", "{file}", "--json"],
        ["schedule", "{file}"],
        ["compare", "{file}", "--received", "2026-03-02"],
        ["check", "{file}", "--claimed", str(EX / "claimed_fee.json"), "--received", "2026-03-02"],
    ],
    "invoice": [
        ["interest", "{file}", "--as-of", "2025-12-31"],
        [
            "check",
            "{file}",
            "--claimed",
            str(EX / "claimed_interest.json"),
            "--as-of",
            "2025-12-31",
        ],
    ],
    "notice": [["cancel", str(EX / "company_order.json"), "--notice", "{file}"]],
    "claimed": [
        ["check", str(EX / "company_order.json"), "--claimed", "{file}", "--received", "2026-03-02"]
    ],
}


@given(st.sampled_from(sorted(COMMANDS)), st.data())
def test_every_cli_subcommand(kind: str, data: st.DataObject) -> None:
    document = data.draw(mutated(kind))
    argv = data.draw(st.sampled_from(COMMANDS[kind]))
    raw = data.draw(st.sampled_from([json.dumps(document), json.dumps(document)[:-1], "", "[]"]))
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.json"
        path.write_text(raw)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([arg.replace("{file}", str(path)) for arg in argv])
    # API.md: `check` exits 1 when the invoice does not conform, like diff
    assert status in ((0, 1, 2) if argv[0] == "check" else (0, 2)), err.getvalue()
    # a refusal writes nothing on stdout and one message on stderr; an answer the reverse
    assert (out.getvalue() == "") is (status == 2), err.getvalue()
    assert err.getvalue().startswith("lexom-terms: error:") is (status == 2), err.getvalue()


ledger_cells = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        ["legacy-15", "legal_person", "2025-06-10", "1800.00", "2025-08-01:600.00", "true", "DE"]
    ),
)


@given(st.integers(1, 3), st.integers(0, 10), ledger_cells)
def test_audit_ledger_rows(row: int, column: int, value: str) -> None:
    lines = (EX / "ledger.csv").read_text().splitlines()
    cells = lines[row].split(",")
    cells[column] = value.replace(",", ";").replace("\n", " ").replace("\r", " ")
    lines[row] = ",".join(cells)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "ledger.csv"
        ledger.write_text("\n".join(lines) + "\n")
        report = Path(tmp) / "report.csv"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["audit", str(ledger), "--as-of", "2025-12-31", "-o", str(report)])
        assert status in (0, 2), err.getvalue()
        # a refused ledger names the line and leaves no half-written report
        assert report.exists() is (status == 0), err.getvalue()
        assert ("line " in err.getvalue()) is (status == 2), err.getvalue()


def test_fuzz_reaches_valid_documents() -> None:
    """The graft keeps most of a valid document, so the rules are fuzzed too, not only the
    validators (a fuzzer that only ever produces invalid input would test half the path)."""
    assert (
        lt.Order.model_validate(DOCS["order"]).total
        == lt.Order.model_validate(json.loads(json.dumps(DOCS["order"]))).total
    )
    assert date.fromisoformat(DOCS["invoice"]["due_on"])


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def _with(document: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(document))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return copy


ISSUE_10_INPUTS = [
    ("order", ("session", "start"), "9999-12-30", ["cancel", "{file}", "--received", "2026-02-20"]),
    ("order", ("session", "end"), "9999-12-31", ["timeline", "{file}"]),
    ("order", ("signed_on",), "0001-01-30", ["timeline", "{file}"]),
    ("order", ("price_excl_tax",), "-0", ["retraction", "{file}"]),
    ("order", ("price_excl_tax",), "999999999999.99", ["schedule", "{file}"]),
    ("order", ("signed_on",), "2026-W02-1", ["timeline", "{file}"]),
    ("invoice", ("due_on",), "9999-12-31", ["interest", "{file}", "--as-of", "2025-12-31"]),
]


@pytest.mark.parametrize(("kind", "path", "value", "argv"), ISSUE_10_INPUTS)
def test_issue_10_inputs_are_refused_with_exit_2_and_no_traceback(
    kind: str, path: tuple[str, ...], value: Any, argv: list[str], tmp_path: Path
) -> None:
    file = tmp_path / "input.json"
    file.write_text(json.dumps(_with(DOCS[kind], path, value)))
    status, out, err = _run([arg.replace("{file}", str(file)) for arg in argv])
    assert (status, out) == (2, ""), err
    assert err.startswith("lexom-terms: error:") and "Traceback" not in err
    assert path[-1] in err


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2026-W10-1"])
def test_cli_dates_outside_the_range_exit_2(day: str) -> None:
    status, out, err = _run(["cancel", str(EX / "company_order.json"), "--received", day])
    assert (status, out) == (2, ""), err
    assert "Traceback" not in err


@pytest.mark.parametrize("amount", ["1e3", "-0", "+5", "1_000", "１２３"])
def test_cli_amounts_are_read_as_the_models_read_them(amount: str) -> None:
    argv = ["cancel", str(EX / "company_order.json"), "--received", "2026-02-20"]
    status, out, err = _run([*argv, "--proposal-cost", amount])
    assert (status, out) == (2, ""), err
    assert "is not an amount" in err
