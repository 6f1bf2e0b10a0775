"""E-invoices of a bill (RULEBOOK §17): the CII XML of the EN 16931 profile, and a Factur-X
PDF/A-3 carrying it (optional extra ``facturx``).

The XML is built with ``lxml``, element by element in the order of the CII D16B schema; the
visible PDF is written by ``reportlab`` (pure Python with optional C accelerators in its wheels,
no system library; it ships the Bitstream Vera fonts, so every glyph is embedded as PDF/A asks
without reading a font from the system), the sRGB output intent that PDF/A requires is added
with ``pypdf`` (which ``factur-x`` already requires), and ``factur-x`` embeds the XML and writes
the PDF/A-3 metadata.

What the law asks an invoice to say, and where it goes:

=====================================  ======================================================
mention                                 where
=====================================  ======================================================
number (≤ 35 of A-Z a-z 0-9 + - _ /)    BT-1 (BR-FR-01, BR-FR-02)
type: 380 / 386 deposit / 381 credit    BT-3; a credit note names the invoice it corrects and
                                        its date (BT-25, BT-26), amounts positive
billing frame                           BT-23: S1 services, S4 a final invoice after a deposit
both parties: names, addresses, SIREN   BT-27/44, BG-5/8, BT-30/47 (scheme 0002), SIRET
                                        BT-29/46 (scheme 0009), electronic addresses BT-34/49
                                        (scheme 0225: the SIREN)
VAT number(s)                           BT-31/48, never with category O (BR-O-02…)
VAT per rate, or the exemption          BG-23: rate and amount; for E the §12 wording and
                                        ``VATEX-FR-CGI261-4`` in the header breakdown only
due date as a date                      BT-9
penalty rate, 40 EUR, no discount       notes PMD, PMT, AAB (BR-FR-05), and BT-20
purchase order / Chorus Pro             BT-13 (order or engagement), BT-10 (service code),
                                        the buyer's SIRET (BT-46)
=====================================  ======================================================
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import fmt
from ..cgv.registry import regime_for
from ..enums import BillKind
from ..errors import InvalidInputError
from ..models import Party
from ..statute import public_procurement as public
from .bills import EXEMPTION_FR, OUTSIDE_SCOPE_FR, Bill

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["e_invoice", "e_invoice_xml"]

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
#: EN 16931 profile of Factur-X (the CIUS of the standard itself).
GUIDELINE = "urn:cen.eu:en16931:2017"
#: BR-FR-01/02: the number's length and characters.
NUMBER = re.compile(r"[A-Za-z0-9+\-_/]{1,35}")
#: EN 16931 exemption code of CGI 261-4 (the training exemption, RULEBOOK §12).
VATEX_TRAINING = "VATEX-FR-CGI261-4"
#: Outside the scope of VAT (category O).
VATEX_OUTSIDE = "VATEX-EU-O"

_MISSING_EXTRA = (
    "e-invoices need the optional extra 'facturx': pip install 'lexom-terms[facturx]'"
    " (lxml, factur-x and reportlab)"
)


def _refuse(field: str, code: str, message: str) -> InvalidInputError:
    return InvalidInputError(message, field=field, code=code)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _percent(rate: Decimal) -> str:
    """BT-96/119/152: the rate in percent, at most two decimals, no trailing zeros."""
    text = f"{(rate * 100).normalize():f}"
    return text


def _check(
    bill: Bill,
    number: str,
    seller: Party,
    buyer: Party,
    corrected_number: str | None,
) -> None:
    """The mentions that cannot be made up: refused with the field that lacks them."""
    if not isinstance(number, str) or not NUMBER.fullmatch(number):
        raise _refuse(
            "number",
            "invalid_invoice_number",
            f"number {number!r}: an e-invoice number has 1 to 35 characters among letters, digits"
            " and + - _ / (no space; BR-FR-01, BR-FR-02)",
        )
    if seller.siren is None:
        raise _refuse(
            "seller.siren",
            "siren_required",
            "seller.siren: the seller's SIREN is required on an invoice (CGI annexe II 242"
            " nonies A; BR-FR-10)",
        )
    for who, party in (("seller", seller), ("buyer", buyer)):
        if not party.city or not party.postcode:
            raise _refuse(
                f"{who}.city" if not party.city else f"{who}.postcode",
                "address_required",
                f"{who}: the address (postcode and city) is required on an invoice (CGI annexe II"
                " 242 nonies A)",
            )
    if bill.vat_category != "O" and seller.vat_number is None and bill.vat_category == "S":
        raise _refuse(
            "seller.vat_number",
            "vat_number_required",
            "seller.vat_number: an invoice bearing VAT gives the seller's VAT number (CGI annexe"
            " II 242 nonies A; EN 16931 BR-S-02)",
        )
    if bill.public_buyer is not None and buyer.siret is None:
        raise _refuse(
            "buyer.siret",
            "siret_required",
            "buyer.siret: a public buyer is invoiced on Chorus Pro, which identifies it by its"
            " SIRET (Code de la commande publique D2192-2)",
        )
    if not bill.consumer and buyer.siren is None:  # a company, a public buyer, an OPCO
        raise _refuse(
            "buyer.siren",
            "siren_required",
            "buyer.siren: a professional buyer's SIREN is required on an invoice (CGI annexe II"
            " 242 nonies A, from 2026-09-01)",
        )
    if bill.kind == BillKind.CREDIT_NOTE:
        if corrected_number is None:
            raise _refuse(
                "corrected_number",
                "corrected_invoice_required",
                "corrected_number: a credit note names the invoice it corrects (its number;"
                " the date is the bill's corrects_issued_on; EN 16931 BT-25)",
            )
        if not NUMBER.fullmatch(corrected_number):
            raise _refuse(
                "corrected_number",
                "invalid_invoice_number",
                f"corrected_number {corrected_number!r}: 1 to 35 characters among letters,"
                " digits and + - _ /",
            )


def notes(bill: Bill) -> list[tuple[str, str]]:
    """The French legal mentions as EN 16931 notes (BT-21 subject, BT-22 text): the 40 EUR
    (PMT), the penalty rate (PMD), the absence of discount (AAB), Code de commerce L441-9 and
    the CGV's §3.4 wording (or the public procurement code's)."""
    clause = regime_for(bill.cgv).clauses.interest  # the version's declaration (issue 17)
    if bill.public_buyer is not None:
        pmd = (
            "Intérêts moratoires en cas de retard de paiement : taux de la BCE en vigueur au"
            " premier jour du semestre où ils commencent à courir, majoré de 8 points (Code de"
            " la commande publique L2192-13, R2192-31)."
        )
        pmt = (
            "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement :"
            f" {fmt.money(Decimal('40.00'))} (Code de la commande publique D2192-35)."
        )
    else:
        pmd = (
            "Pénalités de retard dès le lendemain de l'échéance, sans mise en demeure, sur le"
            " montant TTC impayé : taux de refinancement de la BCE majoré de 10 points, et au"
            f" moins trois fois le taux d'intérêt légal (CGV {clause} ; Code de commerce"
            " L441-10)."
        )
        pmt = (
            "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement :"
            f" {fmt.money(Decimal('40.00'))}, due par tout client professionnel (Code de"
            " commerce L441-10, D441-5)."
        )
        if bill.consumer:
            pmt = (
                "Indemnité forfaitaire pour frais de recouvrement : non applicable à un client"
                " consommateur ou non professionnel (Code de commerce L441-10)."
            )
    aab = "Pas d'escompte pour paiement anticipé."
    return [("PMD", pmd), ("PMT", pmt), ("AAB", aab)]


def _text(parent: _Element, tag: str, text: str, **attrs: str) -> _Element:
    from lxml import etree

    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", attrs)
    element.text = text
    return element


def _sub(parent: _Element, tag: str) -> _Element:
    from lxml import etree

    prefix, name = tag.split(":")
    return etree.SubElement(parent, f"{{{NS[prefix]}}}{name}")


def _date(parent: _Element, tag: str, value: date, kind: str = "udt") -> None:
    holder = _sub(parent, tag)
    _text(holder, f"{kind}:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _party(parent: _Element, tag: str, party: Party, *, with_vat: bool) -> None:
    node = _sub(parent, tag)
    if party.siret:
        _text(node, "ram:GlobalID", party.siret, schemeID="0009")
    _text(node, "ram:Name", party.name)
    if party.siren:
        legal = _sub(node, "ram:SpecifiedLegalOrganization")
        _text(legal, "ram:ID", party.siren, schemeID="0002")
    address = _sub(node, "ram:PostalTradeAddress")
    _text(address, "ram:PostcodeCode", party.postcode)
    for tag_name, line in zip(
        ("ram:LineOne", "ram:LineTwo", "ram:LineThree"), party.address, strict=False
    ):
        _text(address, tag_name, line)
    _text(address, "ram:CityName", party.city)
    _text(address, "ram:CountryID", party.country)
    endpoint = party.siren or party.siret
    uri = _sub(node, "ram:URIUniversalCommunication")
    if endpoint:
        _text(uri, "ram:URIID", endpoint, schemeID="0225")
    else:
        _text(uri, "ram:URIID", party.email, schemeID="EM")
    if with_vat and party.vat_number:
        registration = _sub(node, "ram:SpecifiedTaxRegistration")
        _text(registration, "ram:ID", party.vat_number, schemeID="VA")


def e_invoice_xml(
    bill: Bill,
    *,
    number: str,
    seller: Party,
    buyer: Party,
    order_reference: str | None = None,
    service_code: str | None = None,
    engagement: str | None = None,
    corrected_number: str | None = None,
) -> bytes:
    """The CII XML (EN 16931 profile of Factur-X) of ``bill`` numbered ``number``, from
    ``seller`` (LEXOM) to ``buyer`` (RULEBOOK §17). ``order_reference``: the buyer's purchase
    order (BT-13); ``service_code`` and ``engagement``: Chorus Pro's service code (BT-10) and
    engagement number (BT-13, which it then takes; the purchase order goes to BT-12);
    ``corrected_number``: a credit note's corrected invoice (BT-25, required for one)."""
    try:
        from lxml import etree
    except ImportError as error:  # pragma: no cover - the extra is installed in the tests
        raise ImportError(_MISSING_EXTRA) from error
    _check(bill, number, seller, buyer, corrected_number)
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _sub(root, "rsm:ExchangedDocumentContext")
    frame = "S4" if bill.deposit_deducted > 0 else "S1"
    _text(_sub(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID", frame)
    _text(_sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)

    document = _sub(root, "rsm:ExchangedDocument")
    _text(document, "ram:ID", number)
    _text(document, "ram:TypeCode", bill.type_code)
    _date(document, "ram:IssueDateTime", bill.issued_on)
    for subject, content in notes(bill):
        note = _sub(document, "ram:IncludedNote")
        _text(note, "ram:Content", content)
        _text(note, "ram:SubjectCode", subject)

    transaction = _sub(root, "rsm:SupplyChainTradeTransaction")
    category = bill.vat_category
    rate = _percent(bill.vat_rate) if category == "S" else "0"
    line = _sub(transaction, "ram:IncludedSupplyChainTradeLineItem")
    _text(_sub(line, "ram:AssociatedDocumentLineDocument"), "ram:LineID", "1")
    product = _sub(line, "ram:SpecifiedTradeProduct")
    if bill.session_reference:
        _text(product, "ram:SellerAssignedID", bill.session_reference)
    _text(product, "ram:Name", bill.description)
    agreement = _sub(line, "ram:SpecifiedLineTradeAgreement")
    _text(
        _sub(agreement, "ram:NetPriceProductTradePrice"),
        "ram:ChargeAmount",
        _amount(bill.amount_excl_tax),
    )
    _text(_sub(line, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", "1", unitCode="C62")
    line_settlement = _sub(line, "ram:SpecifiedLineTradeSettlement")
    tax = _sub(line_settlement, "ram:ApplicableTradeTax")
    _text(tax, "ram:TypeCode", "VAT")
    _text(tax, "ram:CategoryCode", category)
    if category != "O":  # BR-E-05: 0 for an exempt line; BR-O-05: none outside the scope
        _text(tax, "ram:RateApplicablePercent", rate)
    _text(
        _sub(line_settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
        "ram:LineTotalAmount",
        _amount(bill.amount_excl_tax),
    )

    agreement = _sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    if service_code:
        _text(agreement, "ram:BuyerReference", service_code)
    with_vat = category != "O"
    _party(agreement, "ram:SellerTradeParty", seller, with_vat=with_vat)
    _party(agreement, "ram:BuyerTradeParty", buyer, with_vat=with_vat)
    purchase_order = engagement or order_reference
    if purchase_order:
        _text(
            _sub(agreement, "ram:BuyerOrderReferencedDocument"),
            "ram:IssuerAssignedID",
            purchase_order,
        )
    if engagement and order_reference and order_reference != engagement:
        _text(
            _sub(agreement, "ram:ContractReferencedDocument"),
            "ram:IssuerAssignedID",
            order_reference,
        )

    delivery = _sub(transaction, "ram:ApplicableHeaderTradeDelivery")
    if bill.service_end is not None and bill.kind != BillKind.DEPOSIT:
        event = _sub(delivery, "ram:ActualDeliverySupplyChainEvent")
        _date(event, "ram:OccurrenceDateTime", bill.service_end)

    settlement = _sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    _text(settlement, "ram:InvoiceCurrencyCode", "EUR")
    if seller.iban and bill.kind != BillKind.CREDIT_NOTE:
        means = _sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _text(means, "ram:TypeCode", "58")
        account = _sub(means, "ram:PayeePartyCreditorFinancialAccount")
        _text(account, "ram:IBANID", seller.iban)
    header_tax = _sub(settlement, "ram:ApplicableTradeTax")
    _text(header_tax, "ram:CalculatedAmount", _amount(bill.vat))
    _text(header_tax, "ram:TypeCode", "VAT")
    if category == "E":
        _text(header_tax, "ram:ExemptionReason", EXEMPTION_FR)
    elif category == "O":
        _text(header_tax, "ram:ExemptionReason", OUTSIDE_SCOPE_FR)
    _text(header_tax, "ram:BasisAmount", _amount(bill.amount_excl_tax))
    _text(header_tax, "ram:CategoryCode", category)
    if category == "E":
        _text(header_tax, "ram:ExemptionReasonCode", VATEX_TRAINING)
    elif category == "O":
        _text(header_tax, "ram:ExemptionReasonCode", VATEX_OUTSIDE)
    if category != "O":
        _text(header_tax, "ram:RateApplicablePercent", rate)
    if bill.service_start is not None and bill.service_end is not None:
        period = _sub(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", bill.service_start)
        _date(period, "ram:EndDateTime", bill.service_end)
    terms = _sub(settlement, "ram:SpecifiedTradePaymentTerms")
    _text(terms, "ram:Description", payment_terms(bill))
    due = bill.due_on
    if due is not None and bill.kind != BillKind.CREDIT_NOTE:
        _date(terms, "ram:DueDateDateTime", due)
    totals = _sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _text(totals, "ram:LineTotalAmount", _amount(bill.amount_excl_tax))
    _text(totals, "ram:TaxBasisTotalAmount", _amount(bill.amount_excl_tax))
    _text(totals, "ram:TaxTotalAmount", _amount(bill.vat), currencyID="EUR")
    _text(totals, "ram:GrandTotalAmount", _amount(bill.amount_incl_tax))
    _text(totals, "ram:DuePayableAmount", _amount(bill.amount_incl_tax))
    if bill.kind == BillKind.CREDIT_NOTE and corrected_number and bill.corrects_issued_on:
        referenced = _sub(settlement, "ram:InvoiceReferencedDocument")
        _text(referenced, "ram:IssuerAssignedID", corrected_number)
        _date(referenced, "ram:FormattedIssueDateTime", bill.corrects_issued_on, "qdt")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def payment_terms(bill: Bill) -> str:
    """BT-20: when the bill is payable, in words (L441-9: the due date as a date)."""
    if bill.kind == BillKind.CREDIT_NOTE:
        return (
            f"Avoir sur la facture du {fmt.day(bill.corrects_issued_on)}"
            if bill.corrects_issued_on
            else "Avoir"
        ) + " : montant à déduire ou à rembourser."
    if bill.due_on is None and bill.public_buyer is not None:
        days = public.period_days(bill.public_buyer)
        return (
            f"Paiement à {days} jours à compter de la réception de la demande de paiement sur"
            " Chorus Pro (Code de la commande publique R2192-10 à R2192-13)."
        )
    assert bill.due_on is not None
    return f"Payable le {fmt.day(bill.due_on)}, à réception."


def e_invoice(
    bill: Bill,
    *,
    number: str,
    seller: Party,
    buyer: Party,
    order_reference: str | None = None,
    service_code: str | None = None,
    engagement: str | None = None,
    pdf: bytes | None = None,
    corrected_number: str | None = None,
) -> bytes:
    """A Factur-X PDF/A-3 (EN 16931 profile) of ``bill``: the visible invoice (``pdf``, or one
    written here) with its CII XML embedded (:func:`e_invoice_xml`)."""
    xml = e_invoice_xml(
        bill,
        number=number,
        seller=seller,
        buyer=buyer,
        order_reference=order_reference,
        service_code=service_code,
        engagement=engagement,
        corrected_number=corrected_number,
    )
    try:
        import reportlab  # noqa: F401 - the visible page's writer, imported where it draws
        from facturx import generate_from_binary

        from .einvoice_pdf import visible_pdf, with_output_intent
    except ImportError as error:
        raise ImportError(_MISSING_EXTRA) from error

    if pdf is None:
        pdf = visible_pdf(
            bill,
            number=number,
            seller=seller,
            buyer=buyer,
            order_reference=order_reference,
            service_code=service_code,
            engagement=engagement,
            corrected_number=corrected_number,
            notes=notes(bill),
            terms=payment_terms(bill),
        )
    pdf = with_output_intent(pdf)
    metadata = {
        "author": seller.name,
        "keywords": "Factur-X, facture",
        "title": f"{seller.name} : facture {number}",
        "subject": f"Facture {number} du {bill.issued_on.isoformat()} émise par {seller.name}",
    }
    result: bytes = generate_from_binary(
        pdf,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata=metadata,
        lang="fr-FR",
    )
    return result
