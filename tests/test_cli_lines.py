"""The command line of an order's life (issue 18): ``history``, ``attendance``, ``allocate``;
their ``--help`` examples run in tests/test_cli.py. Bad input is a message and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lexom_terms as lt
from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_history_nets_the_second_fee(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "history", str(EX / "company_order.json"), str(EX / "life" / "steps.json")
    )
    assert status == 0
    assert "Code civil 1190" in out and "reste à payer 1\u202f260,00\u00a0€" in out
    status, out, _ = run(
        capsys,
        "history",
        str(EX / "company_order.json"),
        str(EX / "life" / "steps.json"),
        "--json",
    )
    h = lt.History.model_validate_json(out)
    assert (str(h.fees), str(h.to_pay)) == ("1800.00", "1260.00")
    assert [str(s.owed) for s in h.settlements] == ["540.00", "1260.00"]


def test_attendance_splits_the_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "attendance",
        str(EX / "funded_order_hours.json"),
        str(EX / "life" / "hours.csv"),
        "--json",
    )
    assert status == 0
    split = json.loads(out)
    assert (split["opco"], split["client_training"], split["client_indemnity"]) == (
        "900.00",
        "225.00",
        "375.00",
    )


def test_allocate_appends_the_parts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "allocate",
        str(EX / "ledger.csv"),
        str(EX / "life" / "receipts.csv"),
        "--lang",
        "en",
    )
    assert status == 0 and "Code civil 1342-10" in out and "invoice F-2025-118" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("steps.json", '{"step": "cancel"}', "JSON array"),
        ("steps.json", '[{"notice": {"received_on": "2026-02-20"}}]', '"step": "cancel"'),
        ("steps.json", '[{"step": "cancel", "notice": {"received_on": "20/02/2026"}}]', "step 1"),
        (
            "steps.json",
            '[{"step": "cancel", "notice": {"received_on": "2026-02-20", "lines": ["9"]}}]',
            "unknown_line",
        ),
    ],
)
def test_bad_steps_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "history", str(EX / "company_order.json"), str(path))
    assert status == 2 and out == ""
    assert message in err or "notice.lines" in err


def test_bad_hours_and_receipts_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hours = tmp_path / "hours.csv"
    hours.write_text("line,heures\n1,10\n", encoding="utf-8")
    status, _, err = run(capsys, "attendance", str(EX / "funded_order_hours.json"), str(hours))
    assert status == 2 and "line,hours" in err
    hours.write_text("line,hours\n1,15\n", encoding="utf-8")
    status, _, err = run(capsys, "attendance", str(EX / "funded_order_hours.json"), str(hours))
    assert status == 2 and "14" in err
    receipts = tmp_path / "receipts.csv"
    receipts.write_text("on,amount,invoice\n2025-11-03,10.00,NOPE\n", encoding="utf-8")
    status, _, err = run(capsys, "allocate", str(EX / "ledger.csv"), str(receipts))
    assert status == 2 and "NOPE" in err
    status, _, err = run(capsys, "allocate", str(EX / "ledger.csv"), str(tmp_path / "missing.csv"))
    assert status == 2 and "missing.csv" in err
