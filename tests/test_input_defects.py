"""Issue 20, "Broken": each input defect reproduced, with the stable code that now refuses it
(or the right reading). Every test here failed on 0.2."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import Client, InvalidInputError, read_fec, read_invoice_xml, read_ledger
from lexom_terms.cli import main
from lexom_terms.ledgers._text import LedgerError
from lexom_terms.ledgers.rates_file import add_rates
from lexom_terms.ledgers.spreadsheet import read_payments
from lexom_terms.rates import default_rates

from .fec_export import export, opening, receipt, sale
from .test_ledger_facturx import ACME, cii

ACME_ACCOUNT = "C001"
MAX_LINE = 1 << 20  # lexom_terms.ledgers._text.MAX_LINE (checked below)

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
HEADER = "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n"
ROW = "F-1,new-30,ACME SAS,legal_person,2025-05-20,2025-06-10,{amount}\n"
CLIENTS = {ACME_ACCOUNT: Client(name="ACME", kind="legal_person")}


def code_of(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(InvalidInputError) as caught:
        result = call(*args, **kwargs)  # type: ignore[operator]
        list(result)  # a ledger streams: read it whole
    return caught.value.code


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- e-invoices ---------------------------------------------------------------------------------


def test_a_comment_inside_an_amount_is_not_a_cut() -> None:
    """``18<!---->00.00`` is 1800.00 in XML (a comment is not text): 0.2 read 18.00."""
    from lxml import etree

    xml = cii("F-1", "380", date(2026, 9, 30), "1800.00").replace(
        b"<ram:GrandTotalAmount>1800.00<", b"<ram:GrandTotalAmount>18<!---->00.00<"
    )
    assert b"18<!---->00.00" in xml
    read = read_invoice_xml(xml, cgv="new-30", client=ACME)
    independent = etree.fromstring(xml).xpath("string(//*[local-name()='GrandTotalAmount'])")
    assert read.total == Decimal(independent) == Decimal("1800.00")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e3", "1_800", "١٢٣", "１２３", "+-1"])
def test_a_cii_amount_that_is_not_plain_digits_is_refused(value: str) -> None:
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00", prepaid="100.00")
    xml = xml.replace(b">100.00<", f">{value}<".encode())
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(xml, cgv="new-30", client=ACME)
    assert (caught.value.code, caught.value.field) == ("bad_amount", "BT-113")
    assert "'" not in str(caught.value)  # no Python repr in the message


def test_an_issue_date_out_of_range_for_a_public_buyer_is_refused() -> None:
    buyer = Client(name="Hôpital", kind="legal_person", public_buyer="health")
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00").replace(b">20260930<", b">99991231<")
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(xml, cgv="new-30", client=buyer)
    assert caught.value.code == "date_out_of_range"


def test_a_fec_date_out_of_range_is_refused() -> None:
    data = export(sale(1, date(2025, 1, 10), ACME_ACCOUNT, "ACME", "F-1", "120.00"))
    data = data.replace(b"20250110", b"99991231")
    assert code_of(read_fec, data, cgv="new-30", clients=CLIENTS) == "date_out_of_range"


def test_several_documents_in_one_cii_are_refused() -> None:
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00")
    start = xml.index(b"<rsm:ExchangedDocument>")
    end = xml.index(b"</rsm:ExchangedDocument>") + len(b"</rsm:ExchangedDocument>")
    doubled = xml[:end] + xml[start:end].replace(b"F-1", b"F-2") + xml[end:]
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(doubled, cgv="new-30", client=ACME)
    assert caught.value.code == "several_documents"


def test_a_negative_credit_note_cannot_raise_an_invoice() -> None:
    note = cii("AV-1", "381", date(2026, 9, 30), "500.00", refers_to="F-1").replace(
        b"<ram:GrandTotalAmount>500.00<", b"<ram:GrandTotalAmount>-500.00<"
    )
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(note, cgv="new-30", client=ACME)
    assert caught.value.code == "negative_total"


def test_an_amount_due_that_contradicts_the_totals_is_refused() -> None:
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00", prepaid="200.00").replace(
        b"<ram:DuePayableAmount>1000.00<", b"<ram:DuePayableAmount>900.00<"
    )
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(xml, cgv="new-30", client=ACME)
    assert caught.value.code == "inconsistent_totals"


# --- spreadsheets, payments, clients, rates ------------------------------------------------------


@pytest.mark.parametrize("value", ["١٨٠٠.00", "１８００.00", "1_800.00", "1e3", "NaN"])
def test_ledger_amounts_are_ascii_digits(value: str) -> None:
    data = (HEADER + ROW.format(amount=value)).encode()
    assert code_of(read_ledger, data) == "bad_amount"


@pytest.mark.parametrize("value", ["١ ٨٠٠,00", "1_800,00", "1e3"])
def test_french_ledger_amounts_are_ascii_digits(value: str) -> None:
    data = (HEADER + ROW.format(amount=value)).replace(",", ";").encode()
    data = data.replace(value.replace(",", ";").encode(), value.encode())
    assert code_of(read_ledger, data) == "bad_amount"


@pytest.mark.parametrize("value", ["١٨٠٠,00", "1_800,00", "1e3", "NaN"])
def test_fec_amounts_are_ascii_digits(value: str) -> None:
    data = export(sale(1, date(2025, 1, 10), ACME_ACCOUNT, "ACME", "F-1", "1800.00"))
    data = data.replace(b"1800,00", value.encode(), 1)
    assert code_of(read_fec, data, cgv="new-30", clients=CLIENTS) == "bad_amount"


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u202e", "\x1b"])
def test_an_invisible_character_cannot_hide_a_duplicate(invisible: str) -> None:
    data = HEADER + ROW.format(amount="100.00") + ROW.format(amount="100.00")
    data = data.replace("F-1", f"F-1{invisible}", 1)
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(data.encode()))
    assert (caught.value.code, caught.value.line, caught.value.column) == (
        "invisible_character",
        2,
        "number",
    )


@pytest.mark.parametrize("header", [",,,,\n", ";;;\n", "\t\t\n", " , \n"])
def test_a_header_of_separators_only_is_refused(header: str, tmp_path: Path) -> None:
    data = header.encode()
    assert code_of(read_ledger, data) == "no_header"
    assert code_of(read_payments, data) == "no_header"
    assert code_of(add_rates, default_rates(), data) == "no_header"
    from lexom_terms.ledgers.fec import read_clients

    assert code_of(read_clients, data) == "no_header"


def test_a_fec_header_of_separators_only_is_refused() -> None:
    assert code_of(read_fec, b"|||\r\n", cgv="new-30", clients=CLIENTS) in (
        "no_header",
        "unknown_separator",
    )
    assert code_of(read_fec, b"\t\t\t\r\n", cgv="new-30", clients=CLIENTS) == "no_header"


def test_a_payments_file_missing_a_column_is_refused() -> None:
    with pytest.raises(LedgerError) as caught:
        read_payments(b"number,paid_on\nF-1,2025-06-01\n")
    assert (caught.value.code, caught.value.column) == ("missing_column", "amount")


def test_a_line_without_end_is_refused_before_it_is_held_whole() -> None:
    from lexom_terms.ledgers import _text

    assert MAX_LINE == _text.MAX_LINE
    data = HEADER.encode() + b"x" * (MAX_LINE + 10)
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(io.BytesIO(data)))
    assert (caught.value.code, caught.value.line) == ("line_too_long", 2)
    assert code_of(read_ledger, io.BytesIO(b"a" * (3 * MAX_LINE)), encoding="cp850") == (
        "line_too_long"
    )


@pytest.mark.parametrize("name", ["rot13", "base64", "zlib", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_refused(name: str) -> None:
    assert code_of(read_ledger, (HEADER + ROW.format(amount="1.00")).encode(), encoding=name) == (
        "unknown_encoding"
    )


def test_a_bad_cgv_in_the_clients_file_names_its_line(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text(
        f"account,kind,cgv\nC000,legal_person,new-30\n{ACME_ACCOUNT},legal_person,new-31\n"
    )
    data = export(sale(1, date(2025, 1, 10), ACME_ACCOUNT, "ACME", "F-1", "120.00"))
    with pytest.raises(LedgerError) as caught:
        read_fec(data, cgv="new-30", clients=clients)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("unknown_cgv", 3, "cgv")


def test_a_bad_kind_in_the_clients_file_has_a_code_and_a_line(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text(f"account,kind\n{ACME_ACCOUNT},company\n")
    data = export(sale(1, date(2025, 1, 10), ACME_ACCOUNT, "ACME", "F-1", "120.00"))
    with pytest.raises(LedgerError) as caught:
        read_fec(data, cgv="new-30", clients=clients)
    assert (caught.value.line, caught.value.column, caught.value.code) == (2, "kind", "enum")


@pytest.mark.parametrize("row", ["ecb,2026-12-17,-0.50,", "legal,2027-01-01,6.70,-2.80"])
def test_a_negative_rate_is_refused(row: str) -> None:
    data = f"series,start,percent,other_percent\n{row}\n".encode()
    assert code_of(add_rates, default_rates(), data) == "rate_negative"


def test_fee_schedule_owed_on_takes_the_strings_the_api_takes() -> None:
    from lexom_terms import Order, fee_schedule

    order = Order.model_validate_json((EX / "company_order.json").read_text())
    schedule = fee_schedule(order)
    day = schedule.steps[-1].first_day
    assert schedule.owed_on(day.isoformat()) == schedule.owed_on(day)
    with pytest.raises(InvalidInputError) as caught:
        schedule.owed_on("05/01/2026")
    assert caught.value.code == "invalid_date"


# --- FEC openings ------------------------------------------------------------------------------


def test_opening_balances_are_keyed_with_their_account() -> None:
    """Odoo writes PieceRef "-" for every client's opening balance: two clients, two keys."""
    lines = [
        *opening(1, date(2025, 1, 1), ACME_ACCOUNT, "ACME", "-", "500.00"),
        *opening(2, date(2025, 1, 1), "C999", "Durand", "-", "200.00"),
        *sale(3, date(2025, 2, 1), ACME_ACCOUNT, "ACME", "F-1", "300.00"),
    ]
    clients = {**CLIENTS, "C999": Client(name="Durand", kind="legal_person")}
    ledger = read_fec(export(lines), cgv="new-30", clients=clients)
    assert ledger.opening_balances == {
        f"AN:{ACME_ACCOUNT}:-": Decimal("500.00"),
        "AN:C999:-": Decimal("200.00"),
    }


def test_a_deposit_before_its_invoice_is_reported_not_allocated() -> None:
    from lexom_terms import audit

    lines = [
        *receipt(1, date(2025, 1, 5), ACME_ACCOUNT, "ACME", "300.00"),
        *sale(2, date(2025, 2, 1), ACME_ACCOUNT, "ACME", "F-1", "1000.00"),
    ]
    ledger = read_fec(export(lines), cgv="new-30", clients=CLIENTS)
    assert [i.paid for i in ledger] == [Decimal("0")]
    assert ledger.advances == {"BQ:1": Decimal("300.00")}
    row = next(iter(audit(ledger, date(2025, 12, 31)).rows()))
    assert any("acompte de 300,00" in text for text in row.anomalies)


# --- the command line --------------------------------------------------------------------------


def test_o_on_a_fifo_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    status, _, err = run(
        capsys, "audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "-o", str(fifo)
    )
    assert status == 2 and "not a regular file" in err
    assert fifo.is_fifo()


def test_o_on_a_device_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A private device node (never /dev/null itself: the 0.2 code replaced it), or a socket
    where creating a device is not allowed."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(node))
    status, _, err = run(
        capsys, "audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "-o", str(node)
    )
    assert status == 2 and "not a regular file" in err
    assert node.exists() and not node.is_file()


def test_the_summary_is_kept_when_the_report_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, summary = tmp_path / "report.csv", tmp_path / "summary.csv"
    report.write_text("old report\n")
    summary.write_text("old summary\n")
    real = os.replace

    def failing(src: str, dst: str | os.PathLike[str]) -> None:
        if Path(dst) == report:
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    status, _, err = run(
        capsys,
        "audit",
        str(EX / "ledger.csv"),
        "--as-of",
        "2025-12-31",
        "-o",
        str(report),
        "--summary",
        str(summary),
    )
    assert status == 2, err
    assert (report.read_text(), summary.read_text()) == ("old report\n", "old summary\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv", "summary.csv"]


def test_deeply_nested_json_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    status, _, err = run(capsys, "timeline", str(deep))
    assert status == 2 and "Traceback" not in err and err.startswith("lexom-terms: error:")


def test_encoding_rot13_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "audit", str(EX / "ledger.csv"), "--as-of", "2025-12-31", "--encoding", "rot13"
    )
    assert status == 2 and "not a text encoding" in err


def test_control_characters_are_never_printed_raw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    invoice = json.loads((EX / "invoice_F-2025-118.json").read_text())
    invoice["number"] = "F-1\x1b[2J\x1b]0;pwned\x07"
    path = tmp_path / "invoice.json"
    path.write_text(json.dumps(invoice))
    status, out, err = run(capsys, "interest", str(path), "--as-of", "2025-12-31")
    assert "\x1b" not in out + err and "\x07" not in out + err
    from lexom_terms.cli import printable

    assert printable("a\x1bb\u202ec\n") == "a<U+001B>b<U+202E>c\n"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(HEADER + ROW.format(amount="1.00").replace("ACME SAS", "ACME\x1b[31m"))
    status, out, err = run(capsys, "audit", str(ledger), "--as-of", "2025-12-31")
    assert status == 2 and "\x1b" not in out + err and "U+001B" in err


def test_every_reader_code_is_documented() -> None:
    """docs/errors.md lists every code the readers and the e-invoice reader raise."""
    import re

    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    found: set[str] = set()
    for path in (ROOT / "src" / "lexom_terms" / "ledgers").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'code="([a-z_0-9]+)"', source))
        found |= set(re.findall(r'_refuse\(\s*(?:f?"[^"]*"\s*)+,\s*"([a-z_0-9]+)"', source))
    assert {"several_documents", "invisible_character", "no_header", "negative_total"} <= found
    missing = sorted(code for code in found if f"`{code}`" not in text)
    assert not missing, missing


def test_a_line_end_inside_an_invoice_number_is_refused() -> None:
    """A quoted cell may hold a line end (an address); an invoice number may not: it would
    start a new line, a heading, in a report or a letter."""
    data = HEADER + '"F-1\n# Heading",new-30,ACME,legal_person,2025-05-20,2025-06-10,1.00\n'
    with pytest.raises(LedgerError) as caught:
        list(read_ledger(data.encode()))
    assert (caught.value.code, caught.value.column) == ("invisible_character", "number")


def test_no_figure_above_the_money_ceiling_is_returned() -> None:
    """0.2 returned 1 232 550 958 904,11 of interest, which no Payment could then take back."""
    from lexom_terms import Invoice, Payment, late_interest

    invoice = Invoice(
        number="F-1",
        cgv="new-30",
        client=Client(name="ACME", kind="legal_person"),
        issued_on="2016-01-01",
        due_on="2016-01-01",
        amount_incl_tax="999999999999.99",
    )
    with pytest.raises(InvalidInputError) as caught:
        late_interest(invoice, "2026-12-31")
    assert caught.value.code == "total_too_large"
    claim = late_interest(invoice, "2016-02-01")  # within the ceiling: passed back as it is
    assert Payment(on="2016-02-01", amount=claim.total).amount == claim.total
    from lexom_terms import audit

    with pytest.raises(InvalidInputError) as caught:
        audit([invoice], date(2026, 12, 31))
    assert caught.value.code == "total_too_large"
