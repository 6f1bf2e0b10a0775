"""``read_invoice_xml``: a Factur-X e-invoice (a PDF/A-3 with its CII XML embedded) or the CII
XML alone, as the library's :class:`Invoice` (optional extra ``facturx``: ``factur-x`` takes the
XML out of the PDF, ``lxml`` parses it with its namespaces).

French companies must be able to receive e-invoices from 1 September 2026. The fields read
(EN 16931 business terms, UN/CEFACT CII paths):

======  ==========================================================  ===========================
BT      CII element                                                 use
======  ==========================================================  ===========================
BT-1    ``rsm:ExchangedDocument/ram:ID``                            ``Invoice.number``
BT-2    ``rsm:ExchangedDocument/ram:IssueDateTime``                 ``Invoice.issued_on``
BT-3    ``rsm:ExchangedDocument/ram:TypeCode``                      380 invoice, 381 credit note,
                                                                    386 deposit invoice
BT-9    ``ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime``      ``Invoice.due_on``
BT-112  ``ram:GrandTotalAmount``                                    ``Invoice.amount_incl_tax``
BT-113  ``ram:TotalPrepaidAmount``                                  a payment on the issue date
BT-25   ``ram:InvoiceReferencedDocument/ram:IssuerAssignedID``      the invoice a credit note
                                                                    reduces
======  ==========================================================  ===========================

Without BT-9, the due date is the CGV's: §3.2 makes the invoice payable on receipt, so
``due_on = BT-2 + receipt_delay_days`` (for a public buyer, the statutory period from the
receipt, RULEBOOK §11), and :attr:`EInvoice.due_from` says so. Neither the CGV version nor the
client is in the XML: the caller gives them (``cgv=``, ``client=``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from ..enums import CgvVersion
from ..errors import InvalidInputError, error_text
from ..models import Client, Invoice, Payment
from ..money import ZERO
from ._text import read_bytes
from .fec import PUBLIC_PERIOD_DAYS, PUBLIC_RECEIPT_DAYS

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_TOTALS = f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
INVOICE, CREDIT_NOTE, DEPOSIT = "380", "381", "386"
#: the UNTDID 1001 codes read as an invoice (commercial, corrected, self-billed, Factur-X's
#: "facture rectificative" and the like are not guessed: any other code is refused)
_KINDS = {
    "380": "invoice",
    "384": "invoice",
    "389": "invoice",
    "381": "credit_note",
    "386": "deposit",
}


@dataclass(frozen=True)
class EInvoice:
    """What an e-invoice says, with the :class:`Invoice` it becomes."""

    number: str
    type_code: str
    kind: str
    """``invoice`` (380, 384, 389), ``credit_note`` (381) or ``deposit`` (386)"""
    issued_on: date
    due_on: date
    due_from: str
    """``"BT-9"``, or the rule that gave the due date when the XML has none"""
    total: Decimal
    prepaid: Decimal
    refers_to: str | None
    """BT-25: the invoice a credit note corrects"""
    invoice: Invoice | None
    """the invoice (None for a credit note: use :meth:`apply_to`)"""

    def apply_to(self, invoice: Invoice) -> Invoice:
        """``invoice`` reduced by this credit note (BT-3 381): its amount less the note's."""
        if self.kind != "credit_note":
            raise InvalidInputError(
                f"{self.number} is not a credit note (type {self.type_code})", code="not_a_note"
            )
        if self.refers_to is not None and self.refers_to != invoice.number:
            raise InvalidInputError(
                f"credit note {self.number} refers to {self.refers_to}, not {invoice.number}",
                code="wrong_invoice",
            )
        left = invoice.amount_incl_tax - self.total
        if left <= 0:
            raise InvalidInputError(
                f"credit note {self.number} ({self.total}) cancels {invoice.number} whole:"
                " nothing is owed on it",
                code="cancelled_invoice",
            )
        return invoice.model_copy(update={"amount_incl_tax": left})


def _xml_bytes(source: str | os.PathLike[str] | bytes) -> bytes:
    data = source if isinstance(source, bytes) else read_bytes(source)
    if data.lstrip()[:5] != b"%PDF-":
        return data
    try:
        from facturx import get_xml_from_pdf
    except ImportError:  # pragma: no cover - the extra is installed in the tests
        raise ImportError(
            "reading a Factur-X PDF needs: pip install 'lexom-terms[facturx]'"
        ) from None
    # No XSD or schematron check here (the schematron needs a server): the fields read are
    # checked one by one below.
    try:
        _, xml = get_xml_from_pdf(data, check_xsd=False)
    except Exception as error:  # pypdf's errors for a damaged PDF are not ValueErrors
        raise InvalidInputError(f"cannot read the PDF ({error})", code="bad_pdf") from None
    if not xml:
        raise InvalidInputError(
            "the PDF carries no Factur-X / ZUGFeRD XML (is it an e-invoice?)", code="no_xml"
        )
    return bytes(xml)


def _text(root: Any, path: str, bt: str, *, required: bool = True) -> str | None:
    found = root.find(path, NS)
    text = None if found is None or found.text is None else found.text.strip()
    if not text and required:
        raise InvalidInputError(f"{bt} is missing ({path})", field=bt, code="missing_field")
    return text or None


def _date(root: Any, path: str, bt: str, *, required: bool = True) -> date | None:
    element = root.find(path, NS)
    if element is None:
        if required:
            raise InvalidInputError(f"{bt} is missing ({path})", field=bt, code="missing_field")
        return None
    text = (element.text or "").strip()
    if element.get("format", "102") != "102" or len(text) != 8 or not text.isdigit():
        raise InvalidInputError(
            f"{bt}: {text!r} is not a date as AAAAMMJJ (format 102)", field=bt, code="bad_date"
        )
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as error:
        raise InvalidInputError(f"{bt}: {text!r}: {error}", field=bt, code="bad_date") from None


def _amount(root: Any, path: str, bt: str, *, required: bool = True) -> Decimal:
    text = _text(root, path, bt, required=required)
    if text is None:
        return ZERO
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInputError(
            f"{bt}: {text!r} is not an amount", field=bt, code="bad_amount"
        ) from None


def read_invoice_xml(
    path_or_bytes: str | os.PathLike[str] | bytes,
    *,
    cgv: CgvVersion | str,
    client: Client,
    receipt_delay_days: int | None = None,
) -> EInvoice:
    """A Factur-X PDF or a CII XML as an :class:`EInvoice` (see the module's text)."""
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - the extra is installed in the tests
        raise ImportError("read_invoice_xml needs: pip install 'lexom-terms[facturx]'") from None
    data = _xml_bytes(path_or_bytes)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InvalidInputError(f"not an XML document ({error})", code="bad_xml") from None
    if root.tag != f"{{{NS['rsm']}}}CrossIndustryInvoice":
        raise InvalidInputError(
            f"not a CII invoice (root element {root.tag}); UBL invoices are not read",
            code="not_cii",
        )
    number = _text(root, "rsm:ExchangedDocument/ram:ID", "BT-1")
    type_code = _text(root, "rsm:ExchangedDocument/ram:TypeCode", "BT-3")
    issued_on = _date(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "BT-2")
    assert number is not None and type_code is not None and issued_on is not None
    kind = _KINDS.get(type_code)
    if kind is None:
        raise InvalidInputError(
            f"BT-3 type code {type_code}: read are 380, 384, 389 (invoices), 381 (credit note)"
            " and 386 (deposit invoice)",
            field="BT-3",
            code="unknown_type",
        )
    currency = _text(root, f"{_SETTLEMENT}/ram:InvoiceCurrencyCode", "BT-5", required=False)
    if currency not in (None, "EUR"):
        raise InvalidInputError(
            f"BT-5 currency {currency}: the CGV's amounts are in euros",
            field="BT-5",
            code="currency",
        )
    total = _amount(root, f"{_TOTALS}/ram:GrandTotalAmount", "BT-112")
    prepaid = _amount(root, f"{_TOTALS}/ram:TotalPrepaidAmount", "BT-113", required=False)
    dues = [
        _date(term, "ram:DueDateDateTime/udt:DateTimeString", "BT-9")
        for term in root.findall(f"{_SETTLEMENT}/ram:SpecifiedTradePaymentTerms", NS)
        if term.find("ram:DueDateDateTime", NS) is not None
    ]
    statutory: date | None = None
    if client.public_buyer is not None:
        receipt = PUBLIC_RECEIPT_DAYS if receipt_delay_days is None else receipt_delay_days
        statutory = issued_on + timedelta(days=receipt + PUBLIC_PERIOD_DAYS[client.public_buyer])
    if dues:
        # several terms: the latest, in the client's favour (Code civil 1190)
        due_on = max(d for d in dues if d is not None)
        due_from = "BT-9"
        if statutory is not None and statutory > due_on:
            # RULEBOOK §21: a public buyer's period is public order (L2192-10, L2192-14): a BT-9
            # before it cannot shorten it, max(BT-9, BT-2 + 2 + N).
            due_on = statutory
            due_from = (
                f"RULEBOOK §11, §21: BT-9 is before the statutory date (issue + {receipt} days"
                " + the statutory period), which a public buyer's invoice cannot precede"
            )
    elif statutory is not None:
        due_on = statutory
        due_from = f"RULEBOOK §11: receipt (issue + {receipt} days) + the statutory period"
    else:
        delay = receipt_delay_days or 0
        due_on = issued_on + timedelta(days=delay)
        due_from = f"CGV §3.2: payable on receipt (issue + {delay} days)"
    refers_to = _text(
        root,
        f"{_SETTLEMENT}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
        "BT-25",
        required=False,
    )
    invoice = None
    if kind != "credit_note":
        try:
            invoice = Invoice(
                number=number,
                cgv=cgv,
                client=client,
                issued_on=issued_on,
                due_on=due_on,
                amount_incl_tax=total,
                # BT-113 was paid before the invoice: counted as paid on its issue date
                payments=(Payment(on=issued_on, amount=prepaid),) if prepaid > 0 else (),
            )
        except ValidationError as error:
            item = error.errors()[0]
            where = ".".join(str(p) for p in item["loc"])
            raise InvalidInputError(
                f"{number}: {where}: {error_text(item['msg'])}", field=where
            ) from None
    return EInvoice(
        number=number,
        type_code=type_code,
        kind=kind,
        issued_on=issued_on,
        due_on=due_on,
        due_from=due_from,
        total=total,
        prepaid=prepaid,
        refers_to=refers_to,
        invoice=invoice,
    )
