"""Issue 20 §5: every reader on mutated *real* files (the ERP exports, the e-invoice corpus, the
workbooks written by openpyxl and odfpy, the examples): an ``InvalidInputError`` with a code, or
a reading — never another exception. And a 300 MB address-space limit on the command line, on
inputs built to exhaust it: exit 2 with a message, never a traceback."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexom_terms import Client, InvalidInputError, read_fec, read_invoice_xml, read_ledger
from lexom_terms.ledgers.fec import read_clients
from lexom_terms.ledgers.rates_file import add_rates
from lexom_terms.ledgers.spreadsheet import read_payments
from lexom_terms.rates import default_rates

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EX = ROOT / "examples"
ACME = Client(name="ACME SAS", kind="legal_person")
ERP_CLIENTS = DATA / "fec" / "erp_clients.csv"

#: what a mutation inserts: separators, line ends, quotes, signs, exponents, non-ASCII digits,
#: invisible characters, XML comments, entities and elements, PDF and ZIP magic
TOKENS = [
    b";", b",", b"|", b"\t", b"\n", b"\r\n", b'"', b"-", b"+", b"e3", b"_", b"NaN", b".", b",00",
    "٣".encode(), "１".encode(), "\ufeff".encode(), "\u200b".encode(), b"\x00", b"\x1b[2J",
    b"<!---->", b"&amp;", b"<x/>", b"]]>", b"<?pi?>", b"99991231", b"00000000", b"%PDF-", b"PK\x03\x04",
    b"JournalCode", b"\xff\xfe", b"\xe9", b"\xc3",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to five mutations: a byte replaced, a token inserted, a slice deleted,
    duplicated or the file cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "duplicate", "cut"]))
        if action == "insert" or not out:
            out[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "replace":
            out[min(at, len(out) - 1)] = draw(st.integers(0, 255))
        elif action == "delete":
            del out[at : at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            out[at:at] = out[at : at + draw(st.integers(1, 200))]
        else:
            del out[at:]
    return bytes(out)


def holds(read: Callable[[bytes], Any], data: bytes) -> None:
    """The reader reads ``data`` or refuses it with an :class:`InvalidInputError` with a code;
    a streamed ledger is read to its end."""
    try:
        result = read(data)
        if hasattr(result, "__iter__") and not isinstance(result, dict | bytes):
            list(result)
    except InvalidInputError as error:
        assert error.code and str(error)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def via_file(tmp: Path, suffix: str, data: bytes) -> Path:
    path = tmp / f"fuzzed{suffix}"
    path.write_bytes(data)
    return path


READERS: dict[str, tuple[Path, Callable[[bytes], Any]]] = {
    "ledger": (EX / "ledger_fr.csv", lambda d: read_ledger(d)),
    "ledger-iso": (EX / "ledger.csv", lambda d: read_ledger(io.BytesIO(d))),
    "payments": (EX / "payments_fr.csv", lambda d: read_payments(d)),
    "clients": (ERP_CLIENTS, lambda d: read_clients(d)),
    "rates": (EX / "rates.csv", lambda d: add_rates(default_rates(), d)),
    "fec-odoo": (
        DATA / "fec" / "odoo_l10n_fr_fec.csv",
        lambda d: read_fec(d, cgv="new-30", clients=ERP_CLIENTS),
    ),
    "fec-dolibarr": (
        DATA / "fec" / "dolibarr_exportFEC.txt",
        lambda d: read_fec(d, cgv="new-30", clients=ERP_CLIENTS),
    ),
    "cii": (
        DATA / "einvoices" / "mustang-facturFrMinimum.xml",
        lambda d: read_invoice_xml(d, cgv="new-30", client=ACME),
    ),
    "ubl": (
        DATA / "einvoices" / "EN16931_Einfach.ubl.xml",
        lambda d: read_invoice_xml(d, cgv="new-30", client=ACME),
    ),
    "ubl-credit-note": (
        DATA / "einvoices" / "ubl-tc434-creditnote1.xml",
        lambda d: read_invoice_xml(d, cgv="new-30", client=ACME),
    ),
}


@pytest.mark.parametrize("name", sorted(READERS))
@FUZZ
@given(data=st.data())
def test_every_reader_holds_on_mutated_real_files(name: str, data: st.DataObject) -> None:
    path, read = READERS[name]
    holds(read, data.draw(mutated(path.read_bytes())))


@pytest.mark.parametrize(
    "name", ["Facture_FR_MINIMUM.pdf", "MustangRE-20171118_506_ZUGFeRD1and2.pdf"]
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_pdf_reader_holds_on_mutated_pdfs(name: str, data: st.DataObject) -> None:
    holds(
        lambda d: read_invoice_xml(d, cgv="new-30", client=ACME),
        data.draw(mutated((DATA / "einvoices" / name).read_bytes())),
    )


@pytest.mark.parametrize("name", ["ledger_fr.xlsx", "ledger_fr.ods", "libreoffice_ledger_fr.xlsx"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_workbook_reader_holds_on_mutated_workbooks(
    name: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    source = (DATA / "spreadsheets" / name).read_bytes()
    path = via_file(tmp_path_factory.mktemp("book"), Path(name).suffix, data.draw(mutated(source)))
    holds(lambda _: read_ledger(path), b"")


# --- a 300 MB address space --------------------------------------------------------------------

LIMIT = 300 << 20


def limited(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "lexom_terms", *argv],
        preexec_fn=cap,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )


def huge_inputs(tmp: Path) -> dict[str, list[str]]:
    """Files built to exhaust the memory: 120 MB without a line end, a 120 MB FEC, 120 MB of
    XML, JSON nested a million deep, a folder holding a 120 MB e-invoice."""
    mb = 120 << 20
    (tmp / "noeol.csv").write_bytes(b"number," + b"x" * mb)
    fec = (DATA / "fec" / "dolibarr_exportFEC.txt").read_bytes()
    header, _, body = fec.partition(b"\r\n")
    with (tmp / "big_fec.txt").open("wb") as out:
        out.write(header + b"\r\n")
        while out.tell() < mb:
            out.write(body)
    (tmp / "deep.json").write_text("[" * 1_000_000 + "]" * 1_000_000)
    folder = tmp / "einvoices"
    folder.mkdir()
    with (folder / "big.xml").open("wb") as out:
        out.write(b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>")
        while out.tell() < mb:
            out.write(b"<a>" + b"y" * 4000 + b"</a>")
        out.write(b"</Invoice>")
    with (tmp / "big.xml").open("wb") as out:  # well-formed, under the 100 MB of a file
        out.write(b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>")
        while out.tell() < 60 << 20:
            out.write(b"<a>" + b"z" * 4000 + b"</a>")
        out.write(b"</Invoice>")
    asof = ["--as-of", "2025-12-31", "-q"]
    return {
        "no line end": ["audit", "noeol.csv", *asof],
        "a 120 MB FEC": ["audit", "--fec", "big_fec.txt", "--clients", str(ERP_CLIENTS),
                         "--cgv", "new-30", *asof, "-o", "fec.csv"],
        "deep JSON": ["timeline", "deep.json"],
        "a 120 MB e-invoice": ["audit", "--invoices", "einvoices", "--cgv", "new-30",
                               "--default-client", "legal_person", *asof],
        "60 MB of XML to check": ["check", "big.xml", "--claimed", str(EX / "claimed_interest.json"),
                                  "--as-of", "2025-12-31", "--cgv", "new-30",
                                  "--client", str(EX / "facturx" / "client_acme.json")],
    }  # fmt: skip


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as Linux counts it")
def test_a_300_mb_address_space_holds_on_any_input(tmp_path: Path) -> None:
    for what, argv in huge_inputs(tmp_path).items():
        done = limited(*argv, cwd=tmp_path)
        assert done.returncode == 2, (what, done.returncode, done.stderr[-500:])
        assert "Traceback" not in done.stderr, (what, done.stderr[-2000:])
        assert done.stderr.startswith("lexom-terms: error:"), (what, done.stderr[:300])
