"""The readers on damaged input: a ``ValueError`` (``InvalidInputError``) with a message, never
another exception (which the command line would show as a traceback)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from lexom_terms import Client, read_fec, read_invoice_xml, read_ledger

from .fec_export import export, receipt, sale

LEDGER = (
    "number;cgv;client_name;client_kind;issued_on;due_on;amount_incl_tax\r\n"
    "F-1;legacy-15;ACME;legal_person;20/05/2025;10/06/2025;1 800,00\r\n"
    "F-2;new-30;Jeanne;natural_person;02/06/2025;30/06/2025;960,00\r\n"
).encode("utf-8-sig")
FEC = export(
    [
        *sale(1, date(2025, 3, 31), "C1", "ACME", "F-1", "1200.00", lettering="A"),
        *receipt(2, date(2025, 4, 15), "C1", "ACME", "1200.00", lettering="A"),
    ],
    separator="|",
)
CLIENTS = {"C1": Client(name="ACME", kind="legal_person")}


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes replaced, inserted or deleted."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([0x3B, 0x2C, 0x7C, 0x09, 0x0A, 0x22, 0xE9, 0x00, 0x31, 0x2F]))
        if action == "insert" or at == len(out):
            out.insert(at, byte)
        elif action == "replace":
            out[at] = byte
        else:
            del out[at]
    return bytes(out)


@given(damaged(LEDGER))
def test_read_ledger_fails_only_with_a_message(data: bytes) -> None:
    try:
        list(read_ledger(data))
    except ValueError as error:
        assert str(error)


@given(damaged(FEC))
def test_read_fec_fails_only_with_a_message(data: bytes) -> None:
    try:
        read_fec(data, cgv="new-30", clients=CLIENTS)
    except ValueError as error:
        assert str(error)


@given(st.binary(max_size=200))
def test_read_invoice_xml_fails_only_with_a_message(data: bytes) -> None:
    try:
        read_invoice_xml(data, cgv="new-30", client=CLIENTS["C1"])
    except ValueError as error:
        assert str(error)


RATES = b"series,start,percent,other_percent\necb,2026-12-17,2.40,\nlegal,2027-01-01,6.70,2.80\n"


@given(damaged(RATES))
def test_add_rates_fails_only_with_a_message(data: bytes) -> None:
    from lexom_terms import default_rates
    from lexom_terms.ledgers.rates_file import add_rates

    try:
        add_rates(default_rates(), data)
    except ValueError as error:
        assert str(error)
