"""``lexom-terms bills``, ``invoice`` and ``journal``: text, JSON and CSV out; a PDF or a FEC
written safely; every bad input a message and exit 2."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

import lexom_terms as lt
from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
ORDER = str(EX / "company_order.json")
SELLER = str(EX / "seller.json")
BUYER = str(EX / "buyer.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_bills_as_text_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "bills", ORDER, "--as-of", "2026-03-17")
    assert status == 0 and "Facture d'acompte au client" in out and "1\u202f260,00" in out
    status, out, _ = run(capsys, "bills", ORDER, "--as-of", "2026-03-17", "--json")
    found = json.loads(out)
    assert [b["kind"] for b in found] == ["deposit", "balance"]
    assert lt.Bill.model_validate(found[1]).amount_incl_tax == 1260
    status, out, _ = run(capsys, "bills", ORDER, "--as-of", "2026-03-17", "--csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["kind"], r["amount_incl_tax"], r["due_on"]) for r in table] == [
        ("deposit", "540.00", "2026-01-05"),
        ("balance", "1260.00", "2026-03-17"),
    ]
    status, out, _ = run(capsys, "bills", ORDER, "--as-of", "2026-01-04")
    assert status == 0 and "Aucune facture" in out


def test_invoice_writes_a_factur_x_that_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "F-1.pdf"
    status, _, err = run(
        capsys,
        "invoice", ORDER, "--as-of", "2026-03-17", "--kind", "balance",
        "--number", "F-2026-0042", "--seller", SELLER, "--buyer", BUYER, "-o", str(target),
    )  # fmt: skip
    assert status == 0, err
    read = lt.read_invoice_xml(
        target.read_bytes(), cgv="legacy-15", client=lt.Client(name="ACME SAS", kind="legal_person")
    )
    assert (read.number, read.total) == ("F-2026-0042", 1260)
    xml = tmp_path / "F-1.xml"
    status, _, err = run(
        capsys,
        "invoice", ORDER, "--as-of", "2026-03-17", "--kind", "deposit", "--xml",
        "--number", "A-2026-0041", "--seller", SELLER, "--buyer", BUYER, "-o", str(xml),
    )  # fmt: skip
    assert status == 0, err
    assert b"<ram:TypeCode>386</ram:TypeCode>" in xml.read_bytes()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--kind", "funder"], "0 funder bill(s)"),
        (["--number", "F 1"], "letters, digits"),
        (["-o", "/nonexistent-folder/F.pdf"], "does not exist"),
        (["-o", SELLER], "is an input of this command"),
        (["--buyer", str(EX / "nope.json")], "cannot read the file"),
        (["--seller", ORDER], "validation error"),
    ],
)
def test_invoice_bad_inputs_exit_2_without_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: list[str], message: str
) -> None:
    args = {
        "--kind": "balance",
        "--number": "F-1",
        "--seller": SELLER,
        "--buyer": BUYER,
        "-o": str(tmp_path / "F.pdf"),
    }
    args.update(dict(zip(change[::2], change[1::2], strict=True)))
    argv = ["invoice", ORDER, "--as-of", "2026-03-17"]
    for key, value in args.items():
        argv += [key, value]
    before = Path(SELLER).read_bytes()
    status, _out, err = run(capsys, *argv)
    assert status == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "F.pdf").exists() and list(tmp_path.iterdir()) == []
    assert Path(SELLER).read_bytes() == before


def test_journal_writes_iso_8859_15_fec_lines_that_read_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "journal.txt"
    status, _, err = run(
        capsys,
        "journal", ORDER, "--as-of", "2026-03-17", "--numbers", "F-1,F-2",
        "--client", "C-ACME", "--account", "revenue=706100", "-o", str(target),
    )  # fmt: skip
    assert status == 0, err
    text = target.read_bytes().decode("iso-8859-15")
    assert "\t706100\t" in text and "TVA collectée" in text
    ledger = lt.read_fec(
        target, cgv="legacy-15", clients={"C-ACME": lt.Client(name="ACME SAS", kind="legal_person")}
    )
    assert [(i.number, i.amount_incl_tax) for i in ledger] == [("F-1", 540), ("F-2", 1260)]
    status, _, err = run(
        capsys, "journal", ORDER, "--as-of", "2026-03-17", "--numbers", "F-1", "-o", str(target)
    )
    assert status == 2 and "one invoice number per bill" in err
    status, _, err = run(
        capsys, "journal", ORDER, "--as-of", "2026-03-17", "--numbers", "F-1,F-2",
        "--account", "bank=512", "-o", str(target),
    )  # fmt: skip
    assert status == 2 and "NAME=NUMBER" in err


def test_bills_invoice_and_journal_follow_the_orders_life(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    steps = str(EX / "life" / "steps.json")
    status, out, err = run(
        capsys, "bills", ORDER, "--as-of", "2026-06-30", "--steps", steps, "--json"
    )
    assert status == 0, err
    kinds = [b["kind"] for b in json.loads(out)]
    assert kinds[:3] == ["deposit", "credit_note", "fee"] and "fee" in kinds[3:]
    target = tmp_path / "fee.pdf"
    status, _, err = run(
        capsys,
        "invoice", ORDER, "--as-of", "2026-06-30", "--steps", steps, "--kind", "fee",
        "--issued", "2026-02-20", "--number", "F-3", "--seller", SELLER, "--buyer", BUYER,
        "-o", str(target),
    )  # fmt: skip
    assert status == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    status, _, err = run(
        capsys,
        "invoice", ORDER, "--as-of", "2026-06-30", "--steps", steps, "--kind", "fee",
        "--number", "F-3", "--seller", SELLER, "--buyer", BUYER, "-o", str(target),
    )  # fmt: skip
    assert status == 2 and "choose one with --issued" in err
    status, _, err = run(
        capsys, "bills", ORDER, "--as-of", "2026-06-30", "--steps", steps,
        "--hours", str(EX / "life" / "hours.csv"),
    )  # fmt: skip
    assert status == 2 and "not both" in err


@pytest.mark.parametrize("module", ["lxml", "facturx", "reportlab"])
def test_invoice_without_the_facturx_extra_is_a_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """Found by running the README's core-only install: a missing optional extra ended in a
    traceback; it is a message naming the extra, exit 2, and nothing written."""
    monkeypatch.setitem(sys.modules, module, None)  # as if the extra were not installed
    target = tmp_path / "F-1.pdf"
    status, out, err = run(
        capsys,
        "invoice", ORDER, "--as-of", "2026-03-17", "--kind", "balance",
        "--number", "F-2026-0042", "--seller", SELLER, "--buyer", BUYER, "-o", str(target),
    )  # fmt: skip
    assert status == 2
    assert "lexom-terms[facturx]" in err and "Traceback" not in err
    assert out == "" and not target.exists()
