"""``read_invoice_xml`` on e-invoices from an independent writer: ``drafthorse`` builds the CII
XML (validated against the Factur-X EN 16931 schema), ``factur-x`` embeds it in a PDF."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import Client, Invoice, Payment, late_interest, read_invoice_xml

pytest.importorskip("lxml")
drafthorse = pytest.importorskip("drafthorse")
facturx = pytest.importorskip("facturx")
pypdf = pytest.importorskip("pypdf")

ACME = Client(name="ACME SAS", kind="legal_person")


def cii(
    number: str,
    type_code: str,
    issued: date,
    total: str,
    *,
    prepaid: str | None = None,
    due: date | None = None,
    refers_to: str | None = None,
) -> bytes:
    """A CII invoice as drafthorse writes it (EN 16931 profile, one VAT line at 20 %)."""
    from drafthorse.models.accounting import ApplicableTradeTax
    from drafthorse.models.document import Document
    from drafthorse.models.payment import PaymentTerms
    from drafthorse.models.tradelines import LineItem

    gross = Decimal(total)
    excl = (gross / Decimal("1.20")).quantize(Decimal("0.01"))
    doc = Document()
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017"
    doc.header.id = number
    doc.header.type_code = type_code
    doc.header.issue_date_time = issued
    doc.trade.agreement.seller.name = "LEXOM"
    doc.trade.agreement.seller.address.country_id = "FR"
    doc.trade.agreement.buyer.name = "ACME SAS"
    doc.trade.settlement.currency_code = "EUR"
    doc.trade.settlement.payment_means.type_code = "30"
    if due is not None:
        terms = PaymentTerms()
        terms.description = "Paiement à réception"
        terms.due = due
        doc.trade.settlement.terms.add(terms)
    if refers_to is not None:
        doc.trade.settlement.invoice_referenced_document.issuer_assigned_id = refers_to
        doc.trade.settlement.invoice_referenced_document.issue_date_time = issued
    line = LineItem()
    line.document.line_id = "1"
    line.product.name = "Formation"
    line.agreement.net.amount = excl
    line.delivery.billed_quantity = (Decimal("1.0000"), "C62")
    line.settlement.trade_tax.type_code = "VAT"
    line.settlement.trade_tax.category_code = "S"
    line.settlement.trade_tax.rate_applicable_percent = Decimal("20.00")
    line.settlement.monetary_summation.total_amount = excl
    doc.trade.items.add(line)
    tax = ApplicableTradeTax()
    tax.calculated_amount = gross - excl
    tax.basis_amount = excl
    tax.type_code = "VAT"
    tax.category_code = "S"
    tax.rate_applicable_percent = Decimal("20.00")
    doc.trade.settlement.trade_tax.add(tax)
    sums = doc.trade.settlement.monetary_summation
    sums.line_total = excl
    sums.charge_total = Decimal("0.00")
    sums.allowance_total = Decimal("0.00")
    sums.tax_basis_total = excl
    sums.tax_total = (gross - excl, "EUR")
    sums.grand_total = gross
    if prepaid is not None:
        sums.prepaid_total = Decimal(prepaid)
    sums.due_amount = gross - Decimal(prepaid or "0")
    xml: bytes = doc.serialize(schema="FACTUR-X_EN16931")
    return xml


def pdf_with(xml: bytes) -> bytes:
    """A one-page PDF with the XML embedded by factur-x."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    blank = io.BytesIO()
    writer.write(blank)
    result: bytes = facturx.generate_from_binary(blank.getvalue(), xml, check_xsd=True)
    return result


def test_a_factur_x_pdf_becomes_an_invoice(tmp_path: Path) -> None:
    xml = cii(
        "F-2026-201", "380", date(2026, 9, 30), "1800.00", prepaid="540.00", due=date(2026, 10, 15)
    )
    path = tmp_path / "F-2026-201.pdf"
    path.write_bytes(pdf_with(xml))
    read = read_invoice_xml(path, cgv="new-30", client=ACME)
    assert read.kind == "invoice" and read.due_from == "BT-9"
    assert read.invoice == Invoice(
        number="F-2026-201",
        cgv="new-30",
        client=ACME,
        issued_on="2026-09-30",
        due_on="2026-10-15",
        amount_incl_tax="1800.00",
        payments=(Payment(on="2026-09-30", amount="540.00"),),
    )
    assert read_invoice_xml(xml, cgv="new-30", client=ACME) == read  # the XML alone


def test_without_bt9_the_cgv_rule_gives_the_due_date() -> None:
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00")
    read = read_invoice_xml(xml, cgv="legacy-15", client=ACME, receipt_delay_days=2)
    assert read.due_on == date(2026, 10, 2) and "§3.2" in read.due_from
    assert read.invoice is not None and read.invoice.payments == ()
    mairie = Client(name="Mairie", kind="legal_person", public_buyer="state")
    public = read_invoice_xml(xml, cgv="legacy-15", client=mairie)
    assert public.due_on == date(2026, 11, 1)  # sent + 2 days (R2192-14) + 30 days


def test_credit_note_reduces_and_deposit_invoice_is_a_deposit() -> None:
    invoice = read_invoice_xml(
        cii("F-1", "380", date(2026, 9, 30), "1200.00"), cgv="new-30", client=ACME
    ).invoice
    assert invoice is not None
    note = read_invoice_xml(
        cii("AV-1", "381", date(2026, 10, 5), "200.00", refers_to="F-1"), cgv="new-30", client=ACME
    )
    assert note.kind == "credit_note" and note.invoice is None and note.refers_to == "F-1"
    reduced = note.apply_to(invoice)
    assert reduced.amount_incl_tax == Decimal("1000.00")
    as_of = date(2026, 10, 31)
    assert late_interest(reduced, as_of).interest < late_interest(invoice, as_of).interest
    deposit = read_invoice_xml(
        cii("AC-1", "386", date(2026, 6, 1), "540.00"), cgv="new-30", client=ACME
    )
    assert deposit.kind == "deposit" and deposit.invoice is not None
    with pytest.raises(ValueError, match="not a credit note"):
        deposit.apply_to(invoice)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<a/>", "not a CII invoice"),
        (b"<a>", "not an XML document"),
        (b"%PDF-1.4\n%%EOF", "cannot read the PDF"),
    ],
)
def test_bad_documents_are_input_errors(data: bytes, expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        read_invoice_xml(data, cgv="new-30", client=ACME)


def test_an_unknown_type_code_is_refused() -> None:
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00").replace(
        b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypeCode>751</ram:TypeCode>"
    )
    with pytest.raises(ValueError, match="BT-3 type code 751"):
        read_invoice_xml(xml, cgv="new-30", client=ACME)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("F-SECRET")
    xml = cii("F-1", "380", date(2026, 9, 30), "1200.00")
    hostile = xml.replace(
        b"?>", f'?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode(), 1
    ).replace(b"<ram:ID>F-1</ram:ID>", b"<ram:ID>&e;</ram:ID>", 1)
    with pytest.raises(ValueError):
        read_invoice_xml(hostile, cgv="new-30", client=ACME)
