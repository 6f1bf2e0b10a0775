"""``lexom-terms refund`` (issue 21): the L242-4 increase today and tomorrow, or the letter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
ORDER = str(ROOT / "examples" / "consumer_refund_order.json")
NOTICE = str(ROOT / "examples" / "notice_withdrawal_2026-03-02.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 2
    out, err = capsys.readouterr()
    return status or 0, out, err


def test_the_increase_today_and_tomorrow(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "refund", ORDER, NOTICE, "--date", "2026-04-05")
    assert status == 0
    assert "20 jours de retard" in out and "27,00" in out and "54,00" in out
    status, out, _ = run(capsys, "refund", ORDER, NOTICE, "--date", "2026-04-05", "--json")
    found = json.loads(out)
    assert (found["amount"], found["amount_tomorrow"], found["days_late"]) == ("27.00", "54.00", 20)


def test_the_letter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "refund", ORDER, NOTICE, "--date", "2026-03-16", "--letter")
    assert status == 0 and "aucune majoration n'est due" in out
    assert "recipient.address" in err and "creditor.iban" not in err
    target = tmp_path / "refund.html"
    status, out, _ = run(
        capsys, "refund", ORDER, NOTICE, "--date", "2026-04-05", "--letter", "--format", "html",
        "-o", str(target),
    )  # fmt: skip
    assert status == 0 and out == ""
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["examples/company_order.json", NOTICE, "--date", "2026-04-05"], "L242-4"),
        ([ORDER, "nothere.json", "--date", "2026-04-05"], "nothere.json"),
        ([ORDER, NOTICE, "--date", "2026-13-05"], "not a date"),
        ([ORDER, NOTICE], "--date"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run(capsys, "refund", *argv)
    assert status == 2 and out == "" and message in err and "Traceback" not in err
