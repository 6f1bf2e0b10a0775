"""Issue 18's new-user trial of ``history``, ``attendance`` and ``allocate``: their CSV files
are read as French Excel writes them (Windows-1252 or UTF-8 with a byte-order mark, ``;``,
``10,5``, ``JJ/MM/AAAA``, a ``sep=;`` line), exactly as the ledger is; each file's dialect is
its own; a file that is not UTF-8 gets the ledger's message (``bad_encoding``); ``--help``
never runs the summary into the details."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lexom_terms.cli import UsageError, build_parser, main, subcommands
from lexom_terms.cli.commands.allocate import read_receipts
from lexom_terms.cli.commands.attendance import read_hours
from lexom_terms.cli.commands.history import read_steps
from lexom_terms.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
ORDER = str(EX / "funded_order_hours.json")
#: the worked example's split for 10.5 hours of 14 (tests/test_cli_lines.py)
SPLIT = ("900.00", "225.00", "375.00")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def split_of(out: str) -> tuple[str, str, str]:
    found = json.loads(out)
    return found["opco"], found["client_training"], found["client_indemnity"]


@pytest.mark.parametrize(
    "content",
    [
        "line;hours\r\n1;10,5\r\n".encode("cp1252"),  # French Excel "CSV (point-virgule)"
        b"\xef\xbb\xbfline;hours\r\n1;10,5\r\n",  # "CSV UTF-8": a byte-order mark
        b"sep=;\r\nline;hours\r\n1;10,5\r\n",  # Excel's separator line
        b"\xef\xbb\xbfsep=;\r\nline;hours\r\n1;10,5\r\n",
        b"line,hours\r\n1,10.5\r\n",  # the ISO form still reads
        b"line\thours\n1\t10.5\n",
    ],
)
def test_french_excel_hours_are_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    hours = tmp_path / "hours.csv"
    hours.write_bytes(content)
    status, out, err = run(capsys, "attendance", ORDER, str(hours), "--json")
    assert (status, err) == (0, "")
    assert split_of(out) == SPLIT


def test_a_windows_1252_hours_file_asks_for_its_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hours = tmp_path / "heures.csv"
    hours.write_bytes("line;hours\r\né;10,5\r\n".encode("cp1252"))
    status, out, err = run(capsys, "attendance", ORDER, str(hours))
    assert status == 2 and out == ""
    assert f"{hours}: line 2: byte 0xe9 at position 1 cannot be decoded as utf-8" in err
    assert "give --encoding cp1252" in err
    with pytest.raises(UsageError) as caught:
        read_hours(str(hours))
    assert isinstance(caught.value.__cause__, InvalidInputError)
    assert caught.value.__cause__.code == "bad_encoding"
    # --encoding cp1252: the file is read; its line "é" is then one the order does not have
    status, out, err = run(capsys, "attendance", ORDER, str(hours), "--encoding", "cp1252")
    assert status == 2 and "é" in err and "cannot be decoded" not in err


def test_hours_dialect_is_read_from_the_separator_or_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hours = tmp_path / "hours.csv"
    hours.write_text("line;hours\n1;10.5\n", encoding="utf-8")
    status, _, err = run(capsys, "attendance", ORDER, str(hours))
    assert status == 2 and f"{hours}: line 2, column 'hours'" in err
    status, out, _ = run(capsys, "attendance", ORDER, str(hours), "--dialect", "iso", "--json")
    assert status == 0 and split_of(out) == SPLIT
    assert [a.hours for a in read_hours(str(hours), dialect="iso")] == [
        a.hours for a in read_hours(str(EX / "life" / "hours.csv"))
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"line;heures\n1;10\n", "heures"),
        (b"line;hours;extra\n1;10;\n", "extra"),
        (b"hours\n10\n", "the columns hours, line"),
        (b"", "line,hours"),
        (b"line;hours\n", "line,hours"),
    ],
)
def test_bad_hours_name_the_file_and_what_is_needed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    hours = tmp_path / "hours.csv"
    hours.write_bytes(content)
    status, out, err = run(capsys, "attendance", ORDER, str(hours))
    assert status == 2 and out == "" and str(hours) in err and message in err


@pytest.mark.parametrize(
    "content",
    [
        "on;amount;invoice\r\n03/11/2025;900,00;\r\n".encode("cp1252"),
        b"\xef\xbb\xbfon;amount;invoice\r\n03/11/2025;900,00;\r\n",
        b"sep=;\r\non;amount;invoice\r\n03/11/2025;900,00;\r\n",
        b"on;amount\r\n2025-11-03;900,00\r\n",
    ],
)
def test_french_receipts_with_an_iso_ledger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    receipts = tmp_path / "receipts.csv"
    receipts.write_bytes(content)
    status, out, err = run(capsys, "allocate", str(EX / "ledger.csv"), str(receipts), "--json")
    assert (status, err) == (0, "")
    expected = run(
        capsys, "allocate", str(EX / "ledger.csv"), str(EX / "life" / "receipts.csv"), "--json"
    )[1]
    assert json.loads(out) == json.loads(expected)


def test_each_file_of_allocate_has_its_own_dialect(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The ledger's --dialect does not reach the receipts (read on their own), and an error
    names the file and the line it comes from."""
    receipts = tmp_path / "receipts.csv"
    receipts.write_text("on,amount,invoice\n2025-11-03,900.00,\n", encoding="utf-8")
    ledger = str(EX / "ledger_fr.csv")
    status, out, err = run(capsys, "allocate", ledger, str(receipts), "--dialect", "fr")
    assert (status, err) == (0, "") and "1342-10" in out
    receipts.write_text("on,amount,invoice\n2025-11-03,900.00,\n03/11/2025,1.00,\n")
    status, _, err = run(capsys, "allocate", str(EX / "ledger.csv"), str(receipts))
    assert status == 2 and f"{receipts}: line 3, column 'on'" in err
    assert "--receipts-dialect" in err
    status, _, err = run(
        capsys,
        "allocate",
        str(EX / "ledger.csv"),
        str(receipts),
        "--receipts-dialect",
        "fr",
        "--json",
    )
    # an ISO date is read in either dialect; "900.00" is not a French amount
    assert status == 2 and f"{receipts}: line 2, column 'amount'" in err
    assert [r.on.isoformat() for r in read_receipts(str(EX / "life" / "receipts.csv"))] == [
        "2025-11-03"
    ]


def test_a_windows_1252_receipts_file_asks_for_its_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    receipts = tmp_path / "reçus.csv"
    receipts.write_bytes("on;amount;invoice\r\n03/11/2025;900,00;Fé\r\n".encode("cp1252"))
    status, _, err = run(capsys, "allocate", str(EX / "ledger.csv"), str(receipts))
    assert status == 2 and "line 2: byte 0xe9" in err and "give --encoding cp1252" in err
    status, _, err = run(
        capsys,
        "allocate",
        str(EX / "ledger.csv"),
        str(receipts),
        "--receipts-encoding",
        "cp1252",
    )
    assert status == 2 and "Fé" in err and "cannot be decoded" not in err


@pytest.mark.parametrize("command", ["history", "attendance"])
def test_json_files_that_are_not_utf8_get_the_ledger_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes('[\n {"step": "cancel", "notice": {"x": "é"}}\n]'.encode("cp1252"))
    hours = str(EX / "life" / "hours.csv")
    argv = (
        [command, str(EX / "company_order.json"), str(bad)]
        if command == "history"
        else [command, str(bad), hours]
    )
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert f"{bad}: line 2: byte 0xe9 at position 38 cannot be decoded as utf-8" in err
    assert "Windows-1252" in err and "codec" not in err and "not UTF-8 text" not in err
    with pytest.raises(UsageError) as caught:
        read_steps(str(bad))
    assert isinstance(caught.value.__cause__, InvalidInputError)
    assert caught.value.__cause__.code == "bad_encoding"


#: a sentence's end run into the next one's capital: "otherSTEPS", "(OPCO)HOURS", ".The"
RUN_ON = re.compile(r"[a-z)][A-Z]{2}|[.)][A-Z]")


def test_no_help_runs_its_summary_into_its_details() -> None:
    parser = build_parser()
    children = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in subcommands():
        text = children[command.name].format_help()
        assert command.help in text
        found = RUN_ON.search(text)
        assert found is None, (command.name, text[max(found.start() - 30, 0) : found.end() + 10])
    assert RUN_ON.search("one after the otherSTEPS is") is not None
    assert RUN_ON.search("(OPCO, client, indemnity)HOURS") is not None
    assert RUN_ON.search("EcritureNum, PieceRef, AuditReport") is None
