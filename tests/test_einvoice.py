"""RULEBOOK §17: every bill's e-invoice passes the validators of ../shared/validators (EN 16931
CII, Factur-X EN16931, French BR-FR rules) with no blocking finding, and its Factur-X PDF reads
back, with the same figures, through two readers (factur-x and drafthorse)."""

from __future__ import annotations

import importlib.util
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import lexom_terms as lt
from lexom_terms import Bill, bills
from lexom_terms.errors import InvalidInputError
from lexom_terms.tools.einvoice import NS, e_invoice, e_invoice_xml

from .conftest import make_order

ROOT = Path(__file__).resolve().parents[1]
#: CI lays shared/ beside the clone (read-only), as on the developers' machines; a git worktree
#: one folder deeper (wt/NAME) finds it one level up.
VALIDATORS = next(
    (
        up / "shared" / "validators"
        for up in (ROOT.parent, ROOT.parent.parent)
        if (up / "shared" / "validators" / "validate.py").is_file()
    ),
    ROOT.parent / "shared" / "validators",
)

SELLER = lt.Party(
    name="LEXOM SAS",
    siren="443061841",
    siret="44306184100013",
    vat_number="FR64443061841",
    address=("12 rue des Écoles",),
    postcode="07200",
    city="Aubenas",
    email="factures@lexom.fr",
    iban="FR7630006000011234567890189",
)
COMPANY_BUYER = lt.Party(
    name="ACME SAS",
    siren="552100554",
    siret="55210055400013",
    vat_number="FR96552100554",
    address=("1 avenue de la Gare",),
    postcode="75008",
    city="Paris",
)
CONSUMER_BUYER = lt.Party(
    name="Jeanne Martin",
    address=("3 rue Haute",),
    postcode="69001",
    city="Lyon",
    email="jeanne.martin@example.fr",
)
STATE_BUYER = lt.Party(
    name="Ville de Privas",
    siren="210701801",
    siret="21070180100016",
    address=("Hôtel de ville",),
    postcode="07000",
    city="Privas",
)
OPCO = lt.Party(
    name="AKTO",
    siren="351304241",
    address=("14 rue Riquet",),
    postcode="75019",
    city="Paris",
)
COMPANY = lt.Client(name="ACME SAS", kind="legal_person")
CONSUMER = lt.Client(name="Jeanne Martin", kind="natural_person")
STATE = lt.Client(name="Ville de Privas", kind="legal_person", public_buyer="state")


@pytest.fixture(scope="module")
def validators() -> Any:
    spec = importlib.util.spec_from_file_location("validate", VALIDATORS / "validate.py")
    assert spec is not None and spec.loader is not None, f"no validators in {VALIDATORS}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Validators()


def funded_order(cgv: str = "new-30", **extra: Any) -> lt.Order:
    funding = lt.OpcoFunding(
        opco="AKTO", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount="1000.00"
    )
    return make_order(cgv, funding=funding, **extra)


def buyer_of(bill: Bill, default: lt.Party) -> lt.Party:
    return OPCO if bill.to == "funder" else default


CASES = {
    # a company with an OPCO: deposit, balance, OPCO, re-invoice and the OPCO's credit note
    "company": (funded_order(), COMPANY_BUYER, {}),
    # OPCO above 70 %: the balance becomes a credit note on the deposit
    "company-credit": (
        make_order(
            "new-30",
            funding=lt.OpcoFunding(
                opco="AKTO",
                requested_on="2026-01-10",
                approved_on="2026-02-01",
                approved_amount="1500.00",
            ),
        ),
        COMPANY_BUYER,
        {},
    ),
    "consumer": (make_order("new-30", client=CONSUMER), CONSUMER_BUYER, {}),
    "exempt": (make_order("legacy-15", vat="0"), COMPANY_BUYER, {}),
    "reduced-rate": (make_order("new-30", vat="0.055", price="1234.56"), COMPANY_BUYER, {}),
    "public": (
        make_order("new-30", client=STATE),
        STATE_BUYER,
        {"service_code": "SERV-FORMATION", "engagement": "EJ-2026-0042"},
    ),
}


def cancelled(order: lt.Order, on: str, **options: Any) -> lt.History:
    return lt.history(order, [lt.Cancel(notice=lt.Notice(received_on=on))], **options)


CONSUMER_ORDER = make_order("new-30", client=CONSUMER, signed="2026-01-05")
OUTSIDE_ORDER = make_order("new-30")
PUBLIC_ORDER = make_order("legacy-15", client=STATE)
HOURS_ORDER = lt.Order(
    cgv="new-30",
    client=COMPANY,
    session=lt.Session(reference="RCL-12", start="2026-03-16", end="2026-03-17", hours="14"),
    price_excl_tax="1500.00",
    signed_on="2026-01-05",
    funding=lt.OpcoFunding(
        opco="AKTO", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount="1200.00"
    ),
)
#: the bills of a life: (order, buyer, e-invoice options, history, attendance)
LIVES = {
    # a fee outside the scope of VAT (category O) after a credit note on the deposit
    "fee-outside-scope": (
        OUTSIDE_ORDER,
        COMPANY_BUYER,
        {},
        cancelled(OUTSIDE_ORDER, "2026-02-01", fee_vat=lt.FeeVat.OUTSIDE_SCOPE),
        None,
    ),
    "consumer-fee": (
        CONSUMER_ORDER,
        CONSUMER_BUYER,
        {},
        cancelled(CONSUMER_ORDER, "2026-03-10"),
        None,
    ),
    "public-fee": (
        PUBLIC_ORDER,
        STATE_BUYER,
        {"service_code": "SERV-FORMATION", "engagement": "EJ-2026-0043"},
        cancelled(PUBLIC_ORDER, "2026-03-02"),
        None,
    ),
    "hours-indemnity": (
        HOURS_ORDER,
        COMPANY_BUYER,
        {},
        None,
        lt.attendance_split(
            HOURS_ORDER, [lt.Attendance(line="1", hours="10.5")], fee_vat=lt.FeeVat.OUTSIDE_SCOPE
        ),
    ),
}


def every_bill() -> list[tuple[str, Bill, lt.Party, dict[str, str]]]:
    found = []
    for name, (order, buyer, extra) in CASES.items():
        for bill in bills(order, "2026-06-30"):
            found.append((name, bill, buyer_of(bill, buyer), extra))
    for name, (order, buyer, extra, life, hours) in LIVES.items():
        for bill in bills(order, "2026-06-30", history=life, attendance=hours):
            found.append((name, bill, buyer_of(bill, buyer), extra))
    return found


BILLS = every_bill()


def number_of(i: int) -> str:
    return f"F-2026/{i:04d}"


def xml_of(i: int, bill: Bill, buyer: lt.Party, extra: dict[str, str]) -> bytes:
    corrected = "F-2026/0001" if bill.kind == "credit_note" else None
    return e_invoice_xml(
        bill, number=number_of(i), seller=SELLER, buyer=buyer, corrected_number=corrected, **extra
    )


def test_the_cases_cover_every_kind_and_category() -> None:
    assert {str(b.kind) for _, b, _, _ in BILLS} == {k.value for k in lt.BillKind}
    assert {b.vat_category for _, b, _, _ in BILLS} == {"S", "E", "O"}
    assert {n for n, _, _, _ in BILLS} >= {
        "company",
        "consumer",
        "exempt",
        "public",
        "fee-outside-scope",
    }


def test_outside_scope_carries_neither_vat_number() -> None:
    _, fee, buyer, extra = next(c for c in BILLS if c[1].vat_category == "O")
    text = xml_of(9, fee, buyer, extra).decode()
    assert "SpecifiedTaxRegistration" not in text and "VATEX-EU-O" in text
    assert "Hors champ de la TVA (indemnité)" in text


@pytest.mark.parametrize(
    ("i", "case"), list(enumerate(BILLS)), ids=[f"{n}-{b.kind}" for n, b, _, _ in BILLS]
)
def test_validators_find_nothing_blocking(
    validators: Any, i: int, case: tuple[str, Bill, lt.Party, dict[str, str]]
) -> None:
    _, bill, buyer, extra = case
    findings = validators.validate(xml_of(i, bill, buyer, extra))
    assert findings == {"EN16931-CII": [], "FACTUR-X_EN16931": [], "BR-FR": []}


def _find(root: Any, path: str) -> str:
    found = root.find(path, NS)
    assert found is not None, path
    return str(found.text)


def test_xml_carries_the_legal_mentions() -> None:
    order, buyer, _ = CASES["company"]
    balance = next(b for b in bills(order, "2026-06-30") if b.kind == "balance")
    root = etree.fromstring(xml_of(7, balance, buyer, {}))
    notes = {
        n.findtext("ram:SubjectCode", namespaces=NS): n.findtext("ram:Content", namespaces=NS)
        for n in root.iterfind("rsm:ExchangedDocument/ram:IncludedNote", NS)
    }
    assert set(notes) == {"PMD", "PMT", "AAB"}
    assert "40,00\u00a0€" in notes["PMT"] and "BCE majoré de 10 points" in notes["PMD"]
    assert "escompte" in notes["AAB"]
    frame = (
        "rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"
    )
    assert _find(root, frame) == "S4"  # a final invoice after a deposit
    settlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    due = f"{settlement}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
    assert _find(root, due) == "20260317"
    seller = (
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty"
    )
    assert _find(root, f"{seller}/ram:SpecifiedLegalOrganization/ram:ID") == "443061841"
    assert _find(root, f"{seller}/ram:GlobalID") == "44306184100013"
    assert _find(root, f"{seller}/ram:SpecifiedTaxRegistration/ram:ID") == "FR64443061841"


def test_exempt_wording_and_code_in_the_header_breakdown_only() -> None:
    order, buyer, _ = CASES["exempt"]
    deposit = bills(order, "2026-06-30")[0]
    text = xml_of(1, deposit, buyer, {}).decode()
    assert text.count("VATEX-FR-CGI261-4") == 1
    assert text.count("Exonération de TVA — article 261-4-4° a du CGI") == 1
    root = etree.fromstring(text.encode())
    header = root.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax",
        NS,
    )
    assert header is not None and header.findtext("ram:ExemptionReasonCode", namespaces=NS) == (
        "VATEX-FR-CGI261-4"
    )


def test_public_buyer_carries_chorus_pro_data_and_a_period_instead_of_a_date() -> None:
    order, buyer, extra = CASES["public"]
    (balance,) = bills(order, "2026-06-30")
    root = etree.fromstring(xml_of(3, balance, buyer, extra))
    agreement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
    assert _find(root, f"{agreement}/ram:BuyerReference") == "SERV-FORMATION"
    assert (
        _find(root, f"{agreement}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID")
        == "EJ-2026-0042"
    )
    assert _find(root, f"{agreement}/ram:BuyerTradeParty/ram:GlobalID") == "21070180100016"
    terms = root.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradePaymentTerms",
        NS,
    )
    assert terms is not None and terms.find("ram:DueDateDateTime", NS) is None
    assert "30 jours" in str(terms.findtext("ram:Description", namespaces=NS))


def test_credit_note_names_the_invoice_it_corrects_with_its_date() -> None:
    order, buyer, _ = CASES["company-credit"]
    note = next(b for b in bills(order, "2026-06-30") if b.kind == "credit_note")
    root = etree.fromstring(xml_of(5, note, buyer, {}))
    referenced = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument"
    assert _find(root, f"{referenced}/ram:IssuerAssignedID") == "F-2026/0001"
    assert _find(root, f"{referenced}/ram:FormattedIssueDateTime/qdt:DateTimeString") == "20260105"
    assert _find(root, "rsm:ExchangedDocument/ram:TypeCode") == "381"
    grand = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount"
    assert Decimal(_find(root, grand)) == note.amount_incl_tax > 0
    with pytest.raises(InvalidInputError) as raised:
        e_invoice_xml(note, number="AV-1", seller=SELLER, buyer=buyer)
    assert raised.value.code == "corrected_invoice_required"


@pytest.mark.parametrize(
    ("number", "field", "code", "seller", "buyer"),
    [
        ("F 1", "number", "invalid_invoice_number", SELLER, COMPANY_BUYER),
        ("F-" + "9" * 34, "number", "invalid_invoice_number", SELLER, COMPANY_BUYER),
        (
            "F-1",
            "seller.siren",
            "siren_required",
            SELLER.model_copy(update={"siren": None, "siret": None}),
            COMPANY_BUYER,
        ),
        ("F-1", "buyer.siren", "siren_required", SELLER, CONSUMER_BUYER),
        (
            "F-1",
            "seller.vat_number",
            "vat_number_required",
            SELLER.model_copy(update={"vat_number": None}),
            COMPANY_BUYER,
        ),
        (
            "F-1",
            "buyer.city",
            "address_required",
            SELLER,
            COMPANY_BUYER.model_copy(update={"city": ""}),
        ),
    ],
)
def test_missing_mentions_are_refused_with_their_field(
    number: str, field: str, code: str, seller: lt.Party, buyer: lt.Party
) -> None:
    order, _, _ = CASES["company"]
    deposit = bills(order, "2026-06-30")[0]
    with pytest.raises(InvalidInputError) as raised:
        e_invoice_xml(deposit, number=number, seller=seller, buyer=buyer)
    assert (raised.value.field, raised.value.code) == (field, code)


def test_public_buyer_needs_its_siret() -> None:
    order, _, _ = CASES["public"]
    (balance,) = bills(order, "2026-06-30")
    with pytest.raises(InvalidInputError) as raised:
        e_invoice_xml(
            balance,
            number="F-1",
            seller=SELLER,
            buyer=STATE_BUYER.model_copy(update={"siret": None}),
        )
    assert (raised.value.field, raised.value.code) == ("buyer.siret", "siret_required")


#: one bill of each kind, category and buyer read back from its PDF
READ_BACK = list(
    {
        (b.kind, b.vat_category, name.split("-")[0]): (name, b, p, e) for name, b, p, e in BILLS
    }.values()
)


@pytest.mark.parametrize("case", READ_BACK, ids=[f"{n}-{b.kind}" for n, b, _, _ in READ_BACK])
def test_factur_x_pdf_reads_back_identically_through_two_readers(
    validators: Any, case: tuple[str, Bill, lt.Party, dict[str, str]]
) -> None:
    from drafthorse.models.document import Document
    from facturx import get_xml_from_pdf
    from pypdf import PdfReader

    _, bill, buyer, extra = case
    corrected = "F-2026/0001" if bill.kind == "credit_note" else None
    pdf = e_invoice(
        bill, number="F-2026-77", seller=SELLER, buyer=buyer, corrected_number=corrected, **extra
    )
    # factur-x: the XSD check passes (it returns (False, False) instead of raising otherwise)
    name, xml = get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and xml
    assert validators.validate(xml) == {"EN16931-CII": [], "FACTUR-X_EN16931": [], "BR-FR": []}
    # drafthorse: an independent parser of the same XML
    doc = Document.parse(xml)
    totals = doc.trade.settlement.monetary_summation
    assert str(doc.header.id) == "F-2026-77"
    assert str(doc.header.type_code) == bill.type_code
    assert doc.header.issue_date_time._value == bill.issued_on
    assert totals.grand_total._amount == bill.amount_incl_tax
    assert totals.tax_basis_total._amount == bill.amount_excl_tax
    # TaxTotalAmount carries its currency: drafthorse reads it as (amount, currency) pairs
    assert totals.tax_total_other_currency.children == [(f"{bill.vat:.2f}", "EUR")]
    assert totals.due_amount._value == bill.amount_incl_tax
    # PDF/A-3: the output intent with its sRGB profile, the XMP declaring PDF/A-3B
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 3
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp and b"<pdfaid:conformance>B" in xmp
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts and all("Vera" in f for f in fonts)  # embedded TrueType, never a standard 14


def test_the_librarys_own_reader_reads_a_bill_back() -> None:
    order, buyer, _ = CASES["company"]
    balance = next(b for b in bills(order, "2026-06-30") if b.kind == "balance")
    pdf = e_invoice(balance, number="F-2026-78", seller=SELLER, buyer=buyer)
    read = lt.read_invoice_xml(pdf, cgv=balance.cgv, client=COMPANY)
    assert (read.number, read.due_on, read.total, read.type_code) == (
        "F-2026-78",
        balance.due_on,
        balance.amount_incl_tax,
        "380",
    )


def test_a_visible_pdf_of_the_callers_own_carries_the_xml_and_gets_the_output_intent() -> None:
    from facturx import get_xml_from_pdf
    from pypdf import PdfReader, PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    blank.write(out)
    order, buyer, _ = CASES["company"]
    deposit = bills(order, "2026-06-30")[0]
    pdf = e_invoice(deposit, number="A-2026-1", seller=SELLER, buyer=buyer, pdf=out.getvalue())
    name, xml = get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and b"<ram:TypeCode>386</ram:TypeCode>" in xml
    assert "/OutputIntents" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]
