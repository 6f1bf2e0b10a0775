"""The command line around the audit: ``--rates`` on every command that computes interest,
``check``'s exit statuses, ``--workers``, and the core import without the optional extras."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
INVOICE = str(EX / "invoice_F-2025-118.json")
LATE = "2027-02-15"  # after the shipped ECB series (known through 2026-10-28)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def rates_file(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "rates.csv"
    path.write_text("series,start,percent,other_percent\n" + "\n".join(rows) + "\n")
    return str(path)


def test_a_missing_rate_says_how_to_add_it_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "interest", INVOICE, "--as-of", LATE)
    assert status == 2 and "--rates FILE" in err and "ecb-through" in err


def test_rates_file_on_interest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rates = rates_file(
        tmp_path, "ecb,2026-12-17,2.40,", "ecb-through,2027-02-15,,", "legal,2027-01-01,6.70,2.80"
    )
    status, out, err = run(capsys, "interest", INVOICE, "--as-of", LATE, "--rates", rates, "--json")
    assert status == 0, err
    claim = json.loads(out)
    # the last period runs on the added rate: ECB 2.40 + 10 points
    assert claim["periods"][-1]["annual_rate"] == "12.40"
    assert claim["periods"][-1]["end"] == LATE


def test_rates_file_on_check_and_audit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rates = rates_file(tmp_path, "ecb-through,2027-02-15,,", "legal,2027-01-01,6.70,2.80")
    claimed = tmp_path / "claimed.json"
    claimed.write_text('{"interest": "0.00", "recovery_indemnity": "40.00"}')
    argv = ["check", INVOICE, "--claimed", str(claimed), "--as-of", LATE]
    assert run(capsys, *argv)[0] == 2
    status, out, _ = run(capsys, *argv, "--rates", rates, "--json")
    assert status == 1 and json.loads(out)["ok"] is False  # 0.00 claimed: a mismatch
    status, out, err = run(
        capsys, "audit", str(EX / "ledger.csv"), "--as-of", LATE, "--rates", rates, "-q"
    )
    assert status == 0, err
    assert out.startswith("number,")


def test_check_exit_statuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ok = ["check", INVOICE, "--claimed", str(EX / "claimed_interest.json"), "--as-of", "2025-12-31"]
    assert run(capsys, *ok)[0] == 0
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"interest": "99.00"}')
    assert run(capsys, "check", INVOICE, "--claimed", str(wrong), "--as-of", "2025-12-31")[0] == 1
    assert run(capsys, "check", INVOICE, "--claimed", "nope.json", "--as-of", "2025-12-31")[0] == 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("ecb,2027-01-01,abc,", "line 2, column 'percent'"),
        ("legal,2027-02-01,6.0,2.0", "1 January or 1 July"),
        ("ecb,2027-01-01,2.0,1.0", "one percent"),
        ("bank,2027-01-01,2.0,", "use ecb, ecb-through or legal"),
        ("ecb,01/13/2027,2.0,", "column 'start'"),
    ],
)
def test_rates_file_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, row: str, expected: str
) -> None:
    rates = rates_file(tmp_path, row)
    status, _, err = run(capsys, "interest", INVOICE, "--as-of", "2025-12-31", "--rates", rates)
    assert status == 2 and expected in err and rates in err


def test_workers_give_the_same_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "-q"]
    one = run(capsys, *argv)
    two = run(capsys, *argv, "--workers", "2")
    assert one == two and one[0] == 0
    assert run(capsys, *argv, "--workers", "0")[0] == 2


def test_core_imports_without_the_extras() -> None:
    code = (
        "import sys, lexom_terms; lexom_terms.audit; lexom_terms.read_ledger;"
        "bad = [m for m in ('pandas', 'polars', 'pyarrow', 'lxml', 'facturx') if m in sys.modules];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_a_factur_x_pdf_needs_its_cgv_and_client(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("facturx")
    argv = [
        "check",
        str(EX / "facturx" / "F-2026-201.pdf"),
        "--claimed",
        str(EX / "claimed_interest.json"),
    ]
    status, _, err = run(capsys, *argv, "--as-of", "2026-10-31")
    assert status == 2 and "--cgv VERSION and --client FILE" in err
    status, out, _ = run(
        capsys,
        *argv,
        "--as-of",
        "2026-10-31",
        "--cgv",
        "new-30",
        "--client",
        str(EX / "facturx" / "client_acme.json"),
        "--json",
    )
    lines = {line["item"]: line for line in json.loads(out)["lines"]}
    assert status == 1 and lines["interest"]["computed"] == "6.85"


def test_a_missing_file_is_named_once_and_first(capsys: pytest.CaptureFixture[str]) -> None:
    """The message names the file that is missing, once (was "nope.csv: nope.csv: …", and the
    FEC's name before a missing clients file's)."""
    assert main(["audit", "nope.csv", "--as-of", "2025-12-31"]) == 2
    err = capsys.readouterr().err
    assert err.count("nope.csv") == 1 and "error: nope.csv: cannot read" in err
    argv = ["audit", "--fec", str(EX / "fec_2025.txt"), "--clients", "nope.csv"]
    assert main([*argv, "--cgv", "new-30", "--as-of", "2025-12-31"]) == 2
    err = capsys.readouterr().err
    assert "error: nope.csv: cannot read" in err and "fec_2025.txt" not in err


def test_a_french_excel_report_has_a_french_excel_summary(tmp_path: Path) -> None:
    """--format csv-fr: the summary opens in French Excel as the report does (BOM, ";",
    decimal comma, JJ/MM/AAAA), not as one "name,value" column (new-user trial)."""
    report, summary = tmp_path / "rapport.csv", tmp_path / "totaux.csv"
    argv = ["audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "--format", "csv-fr"]
    assert main([*argv, "-o", str(report), "--summary", str(summary), "-q"]) == 0
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["\ufeffnom;valeur", "au;31/12/2025"]
    assert "total;284,50" in lines and "factures;4" in lines and "provisoire;non" in lines
