"""Issue 20 §2: e-invoices written by other programs (the public ZUGFeRD corpus and the Mustang
project's test resources, tests/data/einvoices/README.md), read by ``read_invoice_xml`` and
checked against an independent reading: plain lxml XPath on local names, written here, sharing
nothing with the reader (not its paths, not its namespaces, not its PDF extraction order)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import Client, InvalidInputError, late_interest, read_invoice_xml
from lexom_terms.cli import main

DATA = Path(__file__).resolve().parent / "data" / "einvoices"
ACME = Client(name="ACME SAS", kind="legal_person")

#: what each kept file is refused for (every other file is read)
REFUSED = {
    "Avoir_FR_type380_MINIMUM.pdf": "negative_total",  # a credit note typed 380, negative
    "EN16931_Einfach_negativePaymentDue.ubl.xml": "prepaid_above_total",
    "EN16931_Rechnungskorrektur.cii.xml": "negative_total",  # 384 without BT-25
    "EN16931_Rechnungskorrektur.ubl.xml": "negative_total",
    "ZUGFeRD_1p0_BASIC_Einfach.pdf": "zugferd1",
    "mustang-UBL-CreditNote-2.1-Example.ubl.xml": "inconsistent_totals",  # 1729 − 1000 + 0.30
    "testout-ZF2PushEdge.xml": "currency",  # CHF
}
FILES = sorted(p.name for p in DATA.iterdir() if p.suffix.lower() in (".xml", ".pdf"))


def independent(path: Path) -> dict[str, object]:
    """The figures by XPath on local names; a PDF's XML by its attachment's name, Factur-X's
    ``factur-x.xml`` taken before anything else."""
    from lxml import etree

    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        attached = {a.name.lower(): a.content for a in PdfReader(path).attachment_list}
        data = attached.get("factur-x.xml") or attached["zugferd-invoice.xml"]
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))

    def first(*names: str) -> str | None:
        for name in names:
            found = root.xpath(name)
            if found:
                return str(found[0]).strip()
        return None

    ubl = etree.QName(root).localname in ("Invoice", "CreditNote")
    L = "[local-name()='{}']".format
    if ubl:
        total = first(f"/*/*{L('LegalMonetaryTotal')}/*{L('TaxInclusiveAmount')}/text()")
        prepaid = first(f"/*/*{L('LegalMonetaryTotal')}/*{L('PrepaidAmount')}/text()")
        payable = first(f"/*/*{L('LegalMonetaryTotal')}/*{L('PayableAmount')}/text()")
        rounding = first(f"/*/*{L('LegalMonetaryTotal')}/*{L('PayableRoundingAmount')}/text()")
        number = first(f"/*/*{L('ID')}/text()")
        issued = first(f"/*/*{L('IssueDate')}/text()")
        due = first(f"/*/*{L('DueDate')}/text()", f"//*{L('PaymentDueDate')}/text()")
        kind = first(f"/*/*{L('InvoiceTypeCode')}/text()", f"/*/*{L('CreditNoteTypeCode')}/text()")
        kind = kind or "381"
    else:
        total = first(f"//*{L('GrandTotalAmount')}/text()")
        prepaid = first(f"//*{L('TotalPrepaidAmount')}/text()")
        payable = first(f"//*{L('DuePayableAmount')}/text()")
        rounding = first(f"//*{L('RoundingAmount')}/text()")
        number = first(f"/*/*{L('ExchangedDocument')}/*{L('ID')}/text()")
        issued = first(f"/*/*{L('ExchangedDocument')}/*{L('IssueDateTime')}/*/text()")
        dues = root.xpath(f"//*{L('DueDateDateTime')}/*/text()")
        due = max(dues) if dues else None
        kind = first(f"/*/*{L('ExchangedDocument')}/*{L('TypeCode')}/text()")
    assert total is not None and issued is not None
    gross = Decimal(total)
    paid = Decimal(prepaid) if prepaid is not None else Decimal(0)
    if prepaid is None and payable is not None:
        paid = gross + Decimal(rounding or 0) - Decimal(payable)
    return {
        "number": number,
        "type_code": kind,
        "issued_on": date.fromisoformat(issued if "-" in issued else
                                        f"{issued[:4]}-{issued[4:6]}-{issued[6:]}"),
        "due": None if due is None else date.fromisoformat(due if "-" in due else
                                                           f"{due[:4]}-{due[4:6]}-{due[6:]}"),
        "total": gross,
        "prepaid": paid,
        "syntax": "UBL" if ubl else "CII",
    }  # fmt: skip


def test_the_corpus_is_kept_whole() -> None:
    assert len(FILES) >= 30
    assert set(REFUSED) <= set(FILES)


@pytest.mark.parametrize("name", [n for n in FILES if n not in REFUSED])
def test_each_invoice_reads_as_an_independent_reading_says(name: str) -> None:
    path = DATA / name
    read = read_invoice_xml(path, cgv="new-30", client=ACME)
    expected = independent(path)
    assert read.number == expected["number"]
    assert read.type_code == expected["type_code"]
    assert read.syntax == expected["syntax"]
    assert read.issued_on == expected["issued_on"]
    assert read.total == expected["total"]
    assert read.prepaid == expected["prepaid"]
    due = expected["due"]
    assert read.due_on == (due if due is not None else read.issued_on)
    assert read.due_from == (
        "BT-9" if due is not None else "CGV §3.2: payable on receipt (issue + 0 days)"
    )
    assert (read.invoice is None) == (read.kind == "credit_note")
    # the prepaid part counted as paid on the issue date
    assert read.invoice is None or read.invoice.paid == expected["prepaid"]


@pytest.mark.parametrize(("name", "code"), sorted(REFUSED.items()))
def test_each_refusal_has_its_own_code(name: str, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(DATA / name, cgv="new-30", client=ACME)
    assert caught.value.code == code
    assert "'" not in str(caught.value).replace("CGV's", "")  # no Python repr


def test_minimum_profile_amount_due_is_used() -> None:
    """FNFE's Facture_FR_MINIMUM: total 671,15, amount due BT-115 470,15, no BT-113: 201,00
    were paid before the invoice, and no interest runs on them (0.2 claimed it on 671,15)."""
    read = read_invoice_xml(DATA / "Facture_FR_MINIMUM.pdf", cgv="new-30", client=ACME)
    assert (read.total, read.prepaid, read.prepaid_from) == (
        Decimal("671.15"),
        Decimal("201.00"),
        "BT-115",
    )
    assert read.invoice is not None
    as_of = read.issued_on + timedelta(days=60)
    claim = late_interest(read.invoice, as_of)
    assert claim.principal_outstanding == Decimal("470.15")
    whole = read.invoice.model_copy(update={"payments": ()})
    assert claim.interest < late_interest(whole, as_of).interest
    same = read_invoice_xml(DATA / "Facture_FR_BASICWL.pdf", cgv="new-30", client=ACME)
    assert (same.prepaid, same.prepaid_from) == (Decimal("201.00"), "BT-113")


def test_a_hybrid_pdf_gives_its_factur_x_xml() -> None:
    """A PDF carrying a ZUGFeRD 1 XML (first) and a Factur-X XML: the Factur-X one is read."""
    from pypdf import PdfReader

    path = DATA / "MustangRE-20171118_506_ZUGFeRD1and2.pdf"
    names = [a.name for a in PdfReader(path).attachment_list]
    assert names == ["ZUGFeRD-invoice.xml", "factur-x.xml"]
    read = read_invoice_xml(path, cgv="new-30", client=ACME)
    assert (read.syntax, read.number, read.total) == ("CII", "RE-20171118/506", Decimal("571.04"))


def test_ubl_and_cii_of_one_invoice_read_the_same() -> None:
    """The corpus's UBL files are Mustang's conversions of its CII ones: the same invoice."""
    for stem in ("EN16931_Einfach", "EN16931_1_Teilrechnung"):
        cii = read_invoice_xml(DATA / f"{stem}.cii.xml", cgv="new-30", client=ACME)
        ubl = read_invoice_xml(DATA / f"{stem}.ubl.xml", cgv="new-30", client=ACME)
        assert cii.invoice == ubl.invoice
        assert (cii.syntax, ubl.syntax) == ("CII", "UBL")


def test_a_folder_of_einvoices_is_audited_as_a_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "factures"
    folder.mkdir()
    kept = ["Facture_FR_MINIMUM.pdf", "mustang-testout-ZF2new.ubl.xml", "EN16931_Einfach.cii.xml"]
    for name in kept:
        (folder / name).write_bytes((DATA / name).read_bytes())
    out = tmp_path / "report.csv"
    argv = ["audit", "--invoices", str(folder), "--cgv", "new-30", "--as-of", "2025-12-31"]
    status = main([*argv, "--default-client", "legal_person:FR", "-o", str(out), "-q"])
    assert status == 0, capsys.readouterr().err
    lines = out.read_text().splitlines()
    numbers = [line.split(",")[0] for line in lines[1:]]
    expected = [read_invoice_xml(folder / n, cgv="new-30", client=ACME).number for n in kept]
    assert numbers == [expected[2], expected[0], expected[1]]  # by file name
    assert "BT-115" in lines[2]  # the MINIMUM invoice's prepaid part is reported
    (folder / "notes.xml").write_bytes(b"<a/>")
    status = main([*argv, "--default-client", "legal_person:FR", "-q"])
    err = capsys.readouterr().err
    assert status == 2 and "notes.xml" in err and "not a CII invoice" in err


def test_a_folder_matches_buyers_in_the_clients_file_and_applies_credit_notes(
    tmp_path: Path,
) -> None:
    """FNFE's examples: FA-2017-0010 (671,15, 201,00 paid before it) and its credit note
    AV-2017-0005 (233,47), FA-2017-0009 (530,75, 147,00 paid); the buyers matched by their
    SIRET (BT-47) and by their name (BT-44)."""
    from lexom_terms import read_invoices

    folder = tmp_path / "factures"
    folder.mkdir()
    for name in (
        "Facture_FR_MINIMUM.pdf",
        "Avoir_FR_type381_MINIMUM.pdf",
        "Facture_DOM_MINIMUM.pdf",
    ):
        (folder / name).write_bytes((DATA / name).read_bytes())
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "account,kind,name,country\n"
        "78787878400035,legal_person,Ma jolie boutique,FR\n"
        "Hôtel Saint Denis,legal_person,Hôtel Saint Denis,RE\n",
        encoding="utf-8",
    )
    ledger = read_invoices(folder, cgv="new-30", clients=clients)
    assert {i.number: (i.amount_incl_tax, i.paid, i.client.country) for i in ledger} == {
        "FA-2017-0010": (Decimal("437.68"), Decimal("201.00"), "FR"),
        "FA-2017-0009": (Decimal("530.75"), Decimal("147.00"), "RE"),
    }
    assert ledger.credit_notes == {"FA-2017-0010": ("AV-2017-0005",)}
    (folder / "Facture_FR_MINIMUM.pdf").unlink()
    with pytest.raises(InvalidInputError) as caught:
        read_invoices(folder, cgv="new-30", clients=clients)
    assert caught.value.code == "orphan_credit_note"
    with pytest.raises(InvalidInputError) as caught:
        read_invoices(folder, cgv="new-30", clients=tmp_path / "clients.csv", default_client=None)
    assert "Avoir_FR_type381_MINIMUM.pdf" in str(caught.value)


@pytest.mark.parametrize(
    ("code", "kind"),
    [("380", "invoice"), ("384", "invoice"), ("389", "invoice"), ("393", "invoice"),
     ("381", "credit_note"), ("261", "credit_note"), ("396", "credit_note"),
     ("386", "deposit"), ("500", "deposit")],
)  # fmt: skip
def test_type_codes_are_mapped(code: str, kind: str) -> None:
    xml = (
        (DATA / "EN16931_Einfach.ubl.xml")
        .read_bytes()
        .replace(b"<cbc:InvoiceTypeCode>380<", f"<cbc:InvoiceTypeCode>{code}<".encode())
    )
    assert read_invoice_xml(xml, cgv="new-30", client=ACME).kind == kind


@pytest.mark.parametrize(
    ("code", "expected"), [("325", "not_payable_type"), ("751", "not_payable_type"),
                           ("999", "unknown_type"), ("38O", "unknown_type")]
)  # fmt: skip
def test_codes_that_ask_no_payment_are_refused_each_with_its_code(code: str, expected: str) -> None:
    xml = (
        (DATA / "EN16931_Einfach.ubl.xml")
        .read_bytes()
        .replace(b"<cbc:InvoiceTypeCode>380<", f"<cbc:InvoiceTypeCode>{code}<".encode())
    )
    with pytest.raises(InvalidInputError) as caught:
        read_invoice_xml(xml, cgv="new-30", client=ACME)
    assert caught.value.code == expected


def test_a_ubl_credit_note_with_two_payment_means_takes_the_latest_due_date() -> None:
    """UBL 2.1 puts a credit note's due date in each PaymentMeans (0..n): the latest, as for
    several CII terms (Code civil 1190), never "two documents"."""
    xml = (DATA / "ubl-tc434-creditnote1.xml").read_bytes()
    means = (
        b"<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"
        b"<cbc:PaymentDueDate>{}</cbc:PaymentDueDate></cac:PaymentMeans>"
    )
    marker = b"<cac:TaxTotal>"
    assert xml.count(marker) == 1 and b"PaymentDueDate" not in xml
    two = means.replace(b"{}", b"2031-01-15") + means.replace(b"{}", b"2031-02-15")
    read = read_invoice_xml(xml.replace(marker, two + marker), cgv="new-30", client=ACME)
    assert (read.due_on, read.due_from) == (date(2031, 2, 15), "BT-9")
