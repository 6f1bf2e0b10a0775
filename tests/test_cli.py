"""The ``lexom-terms`` command line: every subcommand, JSON output, exit statuses, and no
partial output on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import lexom_terms
from lexom_terms import Claimed, Invoice, Notice, Order, Party
from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cancel_explains_in_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "cancel", str(EX / "company_order.json"), "--received", "2026-03-02"
    )
    assert status == 0
    assert "Montant dû : 1 800,00 €" in out
    assert "legacy-15 §3.5" in out


def test_cancel_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "cancel", str(EX / "company_order.json"), "--received", "2026-03-02", "--json"
    )
    data = json.loads(out)
    assert status == 0
    assert (data["owed"], data["to_pay"], data["status"]) == ("1800.00", "1260.00", "cancelled")
    assert data["boundaries"][0]["on"] == "2026-03-01"
    assert data["stamp"]["library_version"] == lexom_terms.__version__


def test_notice_file_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "cancel",
        str(EX / "company_order.json"),
        "--notice",
        str(EX / "notice_2026-02-24.json"),
        "--lang",
        "en",
    )
    assert status == 0 and "Owed: EUR 540.00" in out


def test_postpone_retraction_timeline_schedule_compare(capsys: pytest.CaptureFixture[str]) -> None:
    order = str(EX / "company_order.json")
    consumer = str(EX / "consumer_order.json")
    assert (
        run(
            capsys,
            "postpone",
            order,
            "--received",
            "2026-02-20",
            "--new-start",
            "2026-05-04",
            "--json",
        )[1].count('"new_session_owed": "1800.00"')
        == 1
    )
    assert "Délai de rétractation de 14 jours" in run(capsys, "retraction", consumer)[1]
    assert "No withdrawal window" in run(capsys, "retraction", order, "--lang", "en")[1]
    assert json.loads(run(capsys, "retraction", order, "--json")[1]) is None
    assert "fin de la session" in run(capsys, "timeline", order)[1]
    assert "à partir du 2 mars 2026" in run(capsys, "schedule", order)[1]
    assert (
        "écart (new-30 − legacy-15) 1 260,00 €"
        in run(capsys, "compare", order, "--received", "2026-02-20")[1]
    )


def test_interest_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    invoice = str(EX / "invoice_F-2025-118.json")
    status, out, _ = run(capsys, "interest", invoice, "--as-of", "2025-12-31", "--json")
    assert status == 0 and json.loads(out)["total"] == "117.48"
    status, out, _ = run(
        capsys,
        "interest",
        invoice,
        "--as-of",
        "2025-12-31",
        "--allocation",
        "interest_first",
        "--json",
    )
    assert json.loads(out)["interest_outstanding"] == "16.99"
    status, out, _ = run(
        capsys,
        "check",
        invoice,
        "--claimed",
        str(EX / "claimed_interest.json"),
        "--as-of",
        "2025-12-31",
        "--json",
    )
    assert json.loads(out)["ok"] is True
    status, out, _ = run(
        capsys,
        "check",
        str(EX / "company_order.json"),
        "--claimed",
        str(EX / "claimed_fee.json"),
        "--notice",
        str(EX / "notice_2026-02-24.json"),
    )
    assert status == 1 and "écart de 1\u202f260,00\u00a0€" in out  # a mismatch exits 1, like diff


def test_malformed_file_names_the_field_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = json.loads((EX / "company_order.json").read_text())
    bad["price_excl_tax"] = 1500.5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    status, out, err = run(capsys, "cancel", str(path), "--received", "2026-03-02")
    assert status == 2
    assert out == ""
    assert "price_excl_tax" in err and "not a float" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cancel", "missing.json", "--received", "2026-03-02"], "cannot read the file"),
        (["cancel", "examples/company_order.json"], "the notice is missing"),
        (
            ["cancel", "examples/company_order.json", "--received", "2025-12-01"],
            "before order.signed_on",
        ),
        (
            [
                "postpone",
                "examples/company_order.json",
                "--received",
                "2026-02-20",
                "--new-start",
                "2026-02-20",
            ],
            "new_start",
        ),
        (["interest", "examples/invoice_F-2025-118.json", "--as-of", "2027-02-01"], "no ECB"),
        (
            [
                "cancel",
                "examples/company_order.json",
                "--received",
                "2026-03-02",
                "--sent",
                "2026-03-03",
            ],
            "sent_on",
        ),
        (
            [
                "cancel",
                "examples/company_order.json",
                "--notice",
                "examples/notice_2026-02-24.json",
                "--received",
                "2026-03-02",
            ],
            "not both",
        ),
    ],
)
def test_invalid_input_exit_2(
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run(capsys, *argv)
    assert status == 2, err
    assert out == ""
    assert message in err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "cancel", "x.json", "--received", "02/03/2026")
    assert status == 2 and "YYYY-MM-DD" in err
    assert run(capsys, "--version")[0] == 0


def test_audit_csv_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_csv = tmp_path / "report.csv"
    status, _, err = run(
        capsys, "audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "-o", str(out_csv)
    )
    assert status == 0
    lines = out_csv.read_text().splitlines()
    assert lines[0].startswith("number,cgv,due_on")
    assert lines[1].startswith("F-2025-118,legacy-15,2025-06-10,1800.00,204,600.00,77.48")
    assert len(lines) == 5 and not any(line.startswith("TOTAL") for line in lines)  # data only
    assert "4 invoices" in err
    out_json = tmp_path / "report.json"
    assert (
        run(
            capsys,
            "audit",
            str(EX / "ledger.csv"),
            "--as-of",
            "2025-12-31",
            "-o",
            str(out_json),
            "-q",
        )[0]
        == 0
    )
    report = json.loads(out_json.read_text())
    assert report["count"] == 4 and report["totals"]["total"] == "284.50"
    assert report["provisional"] is False


def test_audit_bad_row_names_line_and_column_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "ledger.csv"
    rows = (EX / "ledger.csv").read_text().splitlines()
    rows[3] = rows[3].replace("2400.00", "2400.5.0")
    ledger.write_text("\n".join(rows) + "\n")
    report = tmp_path / "report.csv"
    status, out, err = run(capsys, "audit", str(ledger), "--as-of", "2025-12-31", "-o", str(report))
    assert status == 2
    assert "line 4, column 'amount_incl_tax'" in err
    assert not report.exists() and out == ""
    assert list(tmp_path.iterdir()) == [ledger]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r.replace("legal_person,,DE", "company,,DE"), "column 'client_kind'"),
        (lambda r: r.replace(",DE,", ",DEU,"), "column 'country'"),
        (lambda r: r.replace("2025-07-31", "31/07/2025"), "column 'due_on'"),
        (lambda r: r + "2025-08-01;", "column 'payments'"),
        (lambda r: r.replace("legal_person,,", "legal_person,maybe,"), "column 'professional'"),
    ],
)
def test_audit_errors_name_the_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: object, where: str
) -> None:
    rows = (EX / "ledger.csv").read_text().splitlines()
    rows[3] = change(rows[3])  # type: ignore[operator]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(rows) + "\n")
    status, _, err = run(capsys, "audit", str(ledger), "--as-of", "2025-12-31")
    assert status == 2 and f"line 4, {where}" in err


def test_audit_missing_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("number,cgv\nF-1,legacy-15\n")
    status, _, err = run(capsys, "audit", str(ledger), "--as-of", "2025-12-31")
    assert status == 2 and "missing column" in err


def test_audit_refuses_a_provisional_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "r.csv"
    argv = ["audit", str(EX / "ledger.csv"), "--as-of", "2026-08-01", "-o", str(report)]
    assert run(capsys, *argv)[0] == 0
    assert ",true," in report.read_text()  # a provisional row
    report.unlink()
    status, _, err = run(capsys, *argv, "--fail-on-provisional")
    assert status == 3 and "unconfirmed rate" in err
    assert not report.exists()


def test_audit_progress_on_long_ledgers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = ["number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax"]
    rows += [
        f"F-{i},legacy-15,ACME,legal_person,2025-01-01,2025-01-31,100.00" for i in range(10_000)
    ]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(rows) + "\n")
    status, _, err = run(
        capsys, "audit", str(ledger), "--as-of", "2025-03-01", "-o", str(tmp_path / "r.csv")
    )
    assert status == 0 and "audit: 10000 invoices…" in err


def lt_party() -> type:
    from lexom_terms import Party

    return Party


def lt_creditor() -> type:
    from lexom_terms.tools.letters import Creditor

    return Creditor


def test_schema_validates_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    status, out, _ = run(capsys, "schema")
    schemas = json.loads(out)
    assert status == 0 and set(schemas) >= {"Order", "Notice", "Invoice", "Claimed"}
    kinds = {
        "order": ("Order", Order),
        "notice": ("Notice", Notice),
        "invoice": ("Invoice", Invoice),
        "claimed": ("Claimed", Claimed),
        "party": ("Party", lt_party()),
        "creditor": ("Creditor", lt_creditor()),
        "seller": ("Party", Party),
        "buyer": ("Party", Party),
    }
    checked = 0
    for path in sorted(EX.glob("*.json")):
        name, model = next(v for k, v in kinds.items() if k in path.name)
        document = json.loads(path.read_text())
        jsonschema.validate(document, schemas[name])
        model.model_validate(document)
        checked += 1
    assert checked >= 6
    bad = json.loads((EX / "company_order.json").read_text())
    bad["price_excl_tax"] = "12.345"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schemas["Order"])


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lexom_terms",
            "cancel",
            str(EX / "company_order.json"),
            "--received",
            "2026-03-02",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["owed"] == "1800.00"


# --- issue 14: help, new subcommands, errors with their line, schema --------------------------


def _subparsers() -> dict[str, Any]:
    import argparse

    from lexom_terms.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_option_has_help_and_every_subcommand_an_example() -> None:
    from lexom_terms.cli import EXAMPLES

    subparsers = _subparsers()
    assert set(subparsers) == set(EXAMPLES)
    for name, parser in subparsers.items():
        for action in parser._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
        text = parser.format_help()
        assert f"example:\n  {EXAMPLES[name]}" in text
        assert "docs/" not in text, f"{name} --help sends the reader to docs/"


@pytest.mark.parametrize("name", sorted(__import__("lexom_terms.cli").cli.EXAMPLES))
def test_every_help_example_runs(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    from lexom_terms.cli import EXAMPLES

    monkeypatch.chdir(ROOT)
    argv = shlex.split(EXAMPLES[name])[1:]
    outputs = ("report.csv", "acme.html", "F-1.pdf", "journal.txt")
    argv = [str(tmp_path / a) if a in outputs else a for a in argv]
    status, _, err = run(capsys, *argv)
    assert status == 0, err


def test_balance_and_deposit(capsys: pytest.CaptureFixture[str]) -> None:
    order = str(EX / "company_order.json")
    status, out, _ = run(capsys, "balance", order, "--as-of", "2026-03-17", "--json")
    assert status == 0 and json.loads(out)["client_outstanding"] == "1260.00"
    status, out, _ = run(capsys, "deposit", order, "--json")
    assert status == 0 and json.loads(out)["amount"] == "540.00"
    status, out, _ = run(capsys, "deposit", order)
    assert status == 0 and "exigibles le 5 janvier 2026" in out


def test_reminder_from_files_and_from_a_ledger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    invoice = str(EX / "invoice_F-2025-118.json")
    status, out, _ = run(capsys, "reminder", invoice, "--as-of", "2025-12-31", "--level", "3")
    assert status == 0 and "Mise en demeure" in out and "117,48\u00a0€" in out
    creditor = tmp_path / "creditor.json"
    creditor.write_text('{"name": "LEXOM", "city": "Aubenas", "signatory": "La comptable"}')
    html = tmp_path / "letter.html"
    status, _, err = run(
        capsys,
        "reminder",
        "--ledger",
        str(EX / "ledger.csv"),
        "--client",
        "ACME SAS",
        "--as-of",
        "2025-12-31",
        "--creditor",
        str(creditor),
        "--format",
        "html",
        "-o",
        str(html),
    )
    assert status == 0, err
    assert "Aubenas, le 31 décembre 2025" in html.read_text(encoding="utf-8")
    status, _, err = run(capsys, "reminder", invoice, "--as-of", "2025-06-10")
    assert status == 2 and "nothing to claim" in err
    status, _, err = run(
        capsys, "reminder", invoice, "--as-of", "2025-12-31", "--received", "2026-01-02"
    )
    assert status == 2 and "received_on" in err


def test_statement_html_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ledger = str(EX / "ledger.csv")
    status, out, _ = run(
        capsys, "statement", ledger, "--client", "ACME SAS", "--as-of", "2025-12-31"
    )
    assert status == 0 and out.startswith("<!DOCTYPE html>") and "Relevé de compte" in out
    target = tmp_path / "acme.csv"
    status, _, _ = run(
        capsys,
        "statement",
        ledger,
        "--client",
        "ACME SAS",
        "--as-of",
        "2025-12-31",
        "-o",
        str(target),
    )
    assert status == 0 and target.read_text().splitlines()[0].startswith("number,issued_on")
    status, _, err = run(capsys, "statement", ledger, "--client", "Nobody", "--as-of", "2025-12-31")
    assert status == 2 and "'ACME SAS'" in err


def test_file_errors_name_the_file_and_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (EX / "company_order.json").read_text()
    bad = tmp_path / "order.json"
    bad.write_text(text.replace('"amount": "540.00"', '"amount": "-540.00"'))
    status, _, err = run(capsys, "deposit", str(bad))
    line = text[: text.index('"amount": "540.00"')].count("\n") + 1
    assert status == 2 and f"{bad}: " in err and f"line {line}, payments.0.amount" in err
    bad.write_text(text.replace('"cgv": "legacy-15",', '"cgv": "legacy-15"'))
    status, _, err = run(capsys, "deposit", str(bad))
    assert status == 2 and f"{bad}, line 3, column 3: not valid JSON" in err
    ledger = tmp_path / "ledger.csv"
    rows = (EX / "ledger.csv").read_text().splitlines()
    rows[2] = rows[2].replace(",960.00,", ",9.6.0,")
    ledger.write_text("\n".join(rows) + "\n")
    status, _, err = run(
        capsys, "statement", str(ledger), "--client", "ACME SAS", "--as-of", "2025-12-31"
    )
    assert status == 2 and f"{ledger}: line 3, column 'amount_incl_tax'" in err


def test_schema_has_dialect_descriptions_and_results(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    schemas = json.loads(out)
    assert status == 0
    for name, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        models = [schema, *schema.get("$defs", {}).values()]
        for model in models:
            for field, spec in model.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {model.get('title')}.{field}"
    status, out, _ = run(capsys, "schema", "--results")
    results = json.loads(out)
    assert status == 0 and {"Settlement", "InterestClaim", "Check", "FeeSchedule"} <= set(results)
    for name, schema in results.items():
        for model in [schema, *schema.get("$defs", {}).values()]:
            for field, spec in model.get("properties", {}).items():
                # a new result field needs a line in result_docs.py (or its own description)
                assert spec.get("description"), f"{name}: {model.get('title')}.{field}"
    assert "boundaries" in results["Settlement"]["properties"]
    assert results["Settlement"]["$schema"].endswith("2020-12/schema")
    status, out, _ = run(capsys, "schema", "InterestClaim", "--results")
    assert status == 0 and json.loads(out)["title"] == "InterestClaim"
    status, _, err = run(capsys, "schema", "Nothing")
    assert status == 2 and "--results" in err


def test_statement_and_reminder_read_the_payments_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A French Excel ledger carries its payments in a second file: a statement or a letter
    that ignored it would claim the whole principal again (found by a new user's trial)."""
    ledger, payments = str(EX / "ledger_fr.csv"), str(EX / "payments_fr.csv")
    args = ("--client", "ACME SAS", "--as-of", "2025-12-31", "--format", "markdown")
    status, without, _ = run(capsys, "statement", ledger, *args)
    assert status == 0 and "1\u202f800,00\u00a0€" in without
    status, out, _ = run(capsys, "statement", ledger, *args, "--payments", payments)
    # the audit of the same files: 600,00 € of principal left, 77,48 € of interest, 40,00 €
    assert status == 0 and "| 1\u202f200,00\u00a0€ |" in out and "717,48\u00a0€" in out
    status, letter, _ = run(
        capsys, "reminder", "--ledger", ledger, "--payments", payments, *args[:4]
    )
    assert (
        status == 0
        and "77,48\u00a0€" in letter
        and "1\u202f800,00\u00a0€ de principal" not in letter
    )


def test_audit_summary_that_cannot_be_written_leaves_the_report_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary on a read-only file system (simulated: root writes anywhere) must not leave
    the report replaced behind an exit 2 (found by a new user's trial)."""
    import errno
    import tempfile

    readonly = tmp_path / "readonly"
    readonly.mkdir()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs.get("dir"))) == readonly:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_mkstemp(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    report = tmp_path / "report.csv"
    report.write_text("OLD\n")
    status, _, err = run(
        capsys,
        "audit",
        str(EX / "ledger.csv"),
        "--as-of",
        "2025-12-31",
        "-o",
        str(report),
        "--summary",
        str(readonly / "totals.csv"),
        "-q",
    )
    assert status == 2 and "Read-only file system" in err
    assert report.read_text() == "OLD\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["readonly", "report.csv"]
