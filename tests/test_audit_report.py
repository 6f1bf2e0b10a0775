"""The audit report: typed JSON with its schema, data-only CSV with a separate summary, the
French Excel CSV, neutralised formulas, a safe ``-o`` (a test per case), caveats, data frames."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from lexom_terms import AuditReport, AuditRow, audit, read_ledger
from lexom_terms.cli import main
from lexom_terms.tools.audit import neutralise, report_schema

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "examples" / "ledger.csv"
AS_OF = "2025-12-31"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def report() -> AuditReport:
    return audit(read_ledger(LEDGER), date(2025, 12, 31))


def test_json_report_has_real_types_and_matches_its_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "--format", "json", "-q")
    document = json.loads(out)
    assert status == 0
    first = document["invoices"][0]
    assert first["days_late"] == 204 and first["provisional"] is False
    assert first["interest"] == "77.48" and first["due_on"] == "2025-06-10"
    assert isinstance(first["caveats"], list)
    assert document["totals"]["total"] == "284.50" and document["count"] == 4
    Draft202012Validator(report_schema(), format_checker=FormatChecker()).validate(document)
    status, out, _ = run(capsys, "schema", "AuditReport")
    assert json.loads(out) == report_schema()
    assert report().to_json() == document


def test_schema_refuses_the_old_stringly_report() -> None:
    document = report().to_json()
    document["invoices"][0]["days_late"] = "204"
    assert not Draft202012Validator(report_schema()).is_valid(document)


def test_csv_report_has_data_rows_only_and_a_separate_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out, summary = tmp_path / "r.csv", tmp_path / "s.csv"
    status, _, _ = run(
        capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", str(out), "--summary", str(summary)
    )
    assert status == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["number"] for r in rows] == ["F-2025-118", "F-2025-131", "F-2025-140", "F-2025-152"]
    # summing a column gives the total once (no TOTAL row to double it)
    assert sum(Decimal(r["total"]) for r in rows) == Decimal("284.50")
    totals = dict(csv.reader(summary.open(encoding="utf-8")))
    assert totals["total"] == "284.50" and totals["count"] == "4"
    assert totals["provisional"] == "false"
    summary_json = tmp_path / "s.json"
    assert (
        run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "--summary", str(summary_json))[0] == 0
    )
    assert json.loads(summary_json.read_text())["interest"] == "204.50"


def test_csv_fr_for_french_excel(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    status, _, _ = run(
        capsys, "audit", str(LEDGER), "--as-of", AS_OF, "--format", "csv-fr", "-o", str(out)
    )
    raw = out.read_bytes()
    assert status == 0 and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["numéro", "cgv", "échéance", "montant_ttc", "jours_de_retard"]
    assert rows[1][:7] == [
        "F-2025-118",
        "legacy-15",
        "10/06/2025",
        "1800,00",
        "204",
        "600,00",
        "77,48",
    ]
    assert rows[1][11] == "non"
    # and our own reader takes it back as a French file (the separator decides the dialect)
    assert report().to_csv("csv-fr").encode("utf-8") == raw


#: (a leading tab or carriage return is stripped from an invoice number on input: see below)
HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "a\tb"]


@pytest.mark.parametrize("fmt", ["csv", "csv-fr"])
def test_formula_cells_are_neutralised(tmp_path: Path, fmt: str) -> None:
    lines = ["number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax"]
    writer_out = io.StringIO()
    writer = csv.writer(writer_out, lineterminator="\r\n")  # quotes a cell holding "\r"
    for index, number in enumerate(HOSTILE):
        writer.writerow(
            [number, "new-30", "A", "legal_person", "2025-01-01", "2025-01-31", f"{index + 1}.00"]
        )
    source = lines[0] + "\n" + writer_out.getvalue()
    text = audit(read_ledger(io.StringIO(source)), date(2025, 6, 30)).to_csv(fmt)
    delimiter = ";" if fmt == "csv-fr" else ","
    numbers = [r[0] for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)][
        1:
    ]
    assert numbers == [*("'" + n for n in HOSTILE[:-1]), "a\tb"]


def test_neutralise_leaves_plain_text() -> None:
    assert neutralise("F-2025-1") == "F-2025-1" and neutralise("") == ""
    assert neutralise("=1") == "'=1"
    assert [neutralise(t) for t in ("\tx", "\rx", "+", "-", "@")] == [
        "'\tx",
        "'\rx",
        "'+",
        "'-",
        "'@",
    ]


def test_caveats_column_carries_the_claims_caveats() -> None:
    source = (
        "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n"
        "C-1,new-30,Jeanne Martin,natural_person,2025-01-02,2025-01-31,1000.00\n"
    )
    (row,) = audit(read_ledger(io.StringIO(source)), date(2025, 12, 31)).rows()
    assert any(c.startswith("Code civil 1231-5: ") for c in row.caveats)
    text = audit(read_ledger(io.StringIO(source)), date(2025, 12, 31)).to_csv()
    assert "Code civil 1231-5" in text


def test_rows_are_typed() -> None:
    row = next(report().rows())
    assert isinstance(row, AuditRow)
    assert (row.days_late, row.interest, row.provisional) == (204, Decimal("77.48"), False)
    assert row.due_on == date(2025, 6, 10)


def test_to_pandas_and_to_polars_keep_money_exact() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    frame = report().to_pandas()
    assert frame["interest"].dtype == pd.ArrowDtype(pa.decimal128(18, 2))
    assert frame["interest"].sum() == Decimal("204.50")
    assert frame["days_late"].tolist() == [204, 15, 153, 0]
    assert frame["provisional"].dtype == pd.ArrowDtype(pa.bool_())
    polars_frame = report().to_polars()
    assert polars_frame.schema["total"] == pl.Decimal(18, 2)
    assert polars_frame["total"].sum() == Decimal("284.50")


# --- -o: a test per case -----------------------------------------------------------------------


def test_output_refuses_to_overwrite_the_ledger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(LEDGER.read_bytes())
    status, _, err = run(capsys, "audit", str(ledger), "--as-of", AS_OF, "-o", str(ledger))
    assert status == 2 and "is an input" in err
    assert ledger.read_bytes() == LEDGER.read_bytes()
    os.chdir(tmp_path)  # the same file under another spelling
    status, _, err = run(capsys, "audit", "ledger.csv", "--as-of", AS_OF, "-o", "./ledger.csv")
    assert status == 2 and ledger.read_bytes() == LEDGER.read_bytes()


def test_output_keeps_an_existing_files_mode(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "r.csv"
    out.write_text("old")
    out.chmod(0o640)
    assert run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", str(out), "-q")[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text().startswith("number,")


def test_a_new_output_follows_the_umask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        out = tmp_path / "r.csv"
        assert run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", str(out), "-q")[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_output_does_not_replace_a_symlink(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "target.csv"
    target.write_text("kept")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    status, _, err = run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", str(link))
    assert status == 2 and "symbolic link" in err
    assert link.is_symlink() and target.read_text() == "kept"


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("missing/r.csv", "does not exist"),
        (".", "is a folder"),
        ("/proc/lexom-report.csv", "cannot write"),  # a read-only place, even for root
    ],
)
def test_output_errors_are_messages_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str, expected: str
) -> None:
    path = where if where.startswith("/") else str(tmp_path / where)
    status, out, err = run(capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", path)
    assert status == 2 and expected in err and out == ""
    assert err.startswith("lexom-terms: error:") and "Traceback" not in err


def test_input_errors_are_messages_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for ledger, expected in [(tmp_path / "nope.csv", "cannot read"), (tmp_path, "cannot read")]:
        status, out, err = run(capsys, "audit", str(ledger), "--as-of", AS_OF)
        assert status == 2 and expected in err and out == ""
    ledger = tmp_path / "l.csv"
    ledger.write_text("number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n")
    status, _, err = run(capsys, "audit", str(ledger), "--as-of", AS_OF, "--payments", "nope.csv")
    assert status == 2 and "nope.csv: cannot read" in err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path: Path, sig: int) -> None:
    rows = ["number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax"]
    rows += [
        # large enough that the audit is still writing when the signal comes, even at the
        # speed of 0.2's fast path (60 000 rows raced it on a loaded machine)
        f"F-{i},legacy-15,ACME,legal_person,2025-01-01,2025-01-31,100.00"
        for i in range(300_000)
    ]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(rows) + "\n")
    out = tmp_path / "r.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lexom_terms",
            "audit",
            str(ledger),
            "--as-of",
            AS_OF,
            "-o",
            str(out),
        ],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".r.csv.")]:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + sig
    assert b"nothing was written" in err and b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.csv"]


def test_summary_and_report_need_two_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "r.csv")
    status, _, err = run(
        capsys, "audit", str(LEDGER), "--as-of", AS_OF, "-o", out, "--summary", out
    )
    assert status == 2 and "two files" in err and not Path(out).exists()


def test_an_empty_ledger_gives_a_valid_empty_report() -> None:
    empty = audit(
        read_ledger(["number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax"]),
        date(2025, 12, 31),
    )
    document = empty.to_json()
    Draft202012Validator(report_schema()).validate(document)
    assert (document["count"], document["invoices"], document["totals"]["total"]) == (0, [], "0.00")
    assert empty.to_csv().count("\n") == 1  # the header alone
