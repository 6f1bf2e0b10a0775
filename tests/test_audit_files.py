"""The audit of several input files (issue 17): one worker per file, the parent reading
nothing; the report of the files is the report of their rows in one ledger, byte for byte,
with 1 or 2 workers; an invoice number appears once across the files; the first error in
(file, line) order wins and names its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexom_terms.cli import main
from lexom_terms.ledgers import _unique
from lexom_terms.tools import audit as audit_module

from .test_audit_parallel import HEADER, generated

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def split(tmp_path: Path, lines: list[str], parts: int) -> list[str]:
    """The ledger's rows in ``parts`` files, in order, each with the header."""
    rows = lines[1:]
    size = -(-len(rows) // parts)
    paths = []
    for index in range(parts):
        path = tmp_path / f"part{index}.csv"
        path.write_text(
            "\n".join([HEADER, *rows[index * size : (index + 1) * size]]) + "\n", encoding="utf-8"
        )
        paths.append(str(path))
    return paths


@pytest.fixture(autouse=True)
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_module, "CHUNK", 97)
    monkeypatch.setattr(_unique, "LIMIT", 60)  # the runs on disk are exercised too


@pytest.mark.parametrize("fmt", ["csv", "csv-fr", "json"])
def test_several_ledgers_make_the_report_of_one(
    fmt: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = generated(900)
    whole = tmp_path / "whole.csv"
    whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = ["--as-of", "2026-06-30", "--format", fmt, "-q"]
    status, expected, err = run(capsys, "audit", str(whole), *common)
    assert status == 0, err
    parts = split(tmp_path, lines, 4)
    for workers in ("1", "2"):
        status, out, err = run(capsys, "audit", *parts, *common, "--workers", workers)
        assert status == 0, err
        assert out == expected
    summary = tmp_path / "totals.json"
    report = tmp_path / "report.csv"
    status, _, err = run(
        capsys,
        "audit",
        *parts,
        "--as-of",
        "2026-06-30",
        "-o",
        str(report),
        "--summary",
        str(summary),
        "--workers",
        "2",
    )
    assert status == 0 and "audit: 900 invoices, total claimable" in err
    assert '"count": "900"' in summary.read_text() or '"count": 900' in summary.read_text()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_number_in_two_files_is_refused_naming_both(
    workers: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = generated(400)
    lines[350] = lines[20]  # part 3 repeats a number of part 0
    parts = split(tmp_path, lines, 4)
    report = tmp_path / "report.csv"
    status, out, err = run(
        capsys, "audit", *parts, "--as-of", "2026-06-30", "-o", str(report), "--workers", workers
    )
    assert (status, out) == (2, "")
    number = lines[20].split(",")[0]
    assert err == (
        f"lexom-terms: error: {parts[3]}: line 51, column 'number': invoice {number!r} appears"
        f" twice (first in {parts[0]}, line 21)\n"
    )
    assert not report.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        f"part{i}.csv" for i in range(4)
    ]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_first_error_in_file_order_wins(
    workers: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = generated(400)
    lines[150] = lines[150].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    lines[350] = lines[20]  # a later duplicate across files: the bad row of part 1 wins
    parts = split(tmp_path, lines, 4)
    status, _, err = run(capsys, "audit", *parts, "--as-of", "2026-06-30", "--workers", workers)
    assert status == 2
    assert err.startswith(f"lexom-terms: error: {parts[1]}: line 51, column 'cgv'")
    lines = generated(400)
    lines[150] = lines[20]  # the duplicate in part 1 comes before the bad row in part 3
    lines[350] = lines[350].replace("legacy-15", "legacy-16").replace("new-30", "new-31")
    parts = split(tmp_path, lines, 4)
    status, _, err = run(capsys, "audit", *parts, "--as-of", "2026-06-30", "--workers", workers)
    assert status == 2
    assert err.startswith(f"lexom-terms: error: {parts[1]}: line 51, column 'number'")


def test_several_ledgers_refuse_one_payments_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    parts = split(tmp_path, generated(10), 2)
    status, _, err = run(
        capsys, "audit", *parts, "--payments", str(EX / "payments_fr.csv"), "--as-of", "2025-12-31"
    )
    assert status == 2 and "--payments goes with one ledger" in err


def test_a_group_s_fecs_one_per_company(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Two companies' FECs (the second one's invoice numbers renamed): the report is the two
    single reports' rows one after the other, with 1 or 2 workers."""
    first = EX / "fec_2025.txt"
    raw = first.read_bytes()
    second = tmp_path / "fec_b.txt"
    second.write_bytes(raw.replace(b"F-2025-", b"B-2025-"))
    common = [
        "--clients",
        str(EX / "clients.csv"),
        "--cgv",
        "legacy-15",
        "--as-of",
        "2025-12-31",
        "-q",
    ]
    status, one, err = run(capsys, "audit", "--fec", str(first), *common)
    assert status == 0, err
    status, two, err = run(capsys, "audit", "--fec", str(second), *common)
    assert status == 0, err
    header, *rows_one = one.splitlines(keepends=True)
    _, *rows_two = two.splitlines(keepends=True)
    for workers in ("1", "2"):
        status, both, err = run(
            capsys,
            "audit",
            "--fec",
            str(first),
            "--fec",
            str(second),
            *common,
            "--workers",
            workers,
        )
        assert status == 0, err
        assert both == "".join([header, *rows_one, *rows_two])
    status, _, err = run(capsys, "audit", "--fec", str(first), "--fec", str(first), *common)
    assert status == 2 and "appears twice" in err and f"(first in {first}" in err
