"""``read_invoice_xml``: an e-invoice of the French reform — a Factur-X PDF (a PDF/A-3 with its
CII XML embedded), the CII XML alone, or a UBL 2.1 invoice or credit note (Peppol BIS Billing 3,
XRechnung UBL, the French CIUS) — as the library's :class:`Invoice` (optional extra ``facturx``:
``pypdf`` (through ``factur-x``) takes the XML out of the PDF, ``lxml`` parses it with its
namespaces). The same business terms are read from both syntaxes, with the same checks.

French companies must be able to receive e-invoices from 1 September 2026. The fields read
(EN 16931 business terms):

======  ==========================================  =========================================
BT      CII                                         UBL
======  ==========================================  =========================================
BT-1    ``rsm:ExchangedDocument/ram:ID``            ``cbc:ID``
BT-2    ``…/ram:IssueDateTime`` (format 102)        ``cbc:IssueDate`` (YYYY-MM-DD)
BT-3    ``rsm:ExchangedDocument/ram:TypeCode``      ``cbc:InvoiceTypeCode`` / ``CreditNoteTypeCode``
BT-5    ``ram:InvoiceCurrencyCode``                 ``cbc:DocumentCurrencyCode``
BT-9    ``ram:DueDateDateTime``                     ``cbc:DueDate`` / ``cbc:PaymentDueDate``
BT-112  ``ram:GrandTotalAmount``                    ``cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount``
BT-113  ``ram:TotalPrepaidAmount``                  ``…/cbc:PrepaidAmount``
BT-114  ``ram:RoundingAmount``                      ``…/cbc:PayableRoundingAmount``
BT-115  ``ram:DuePayableAmount``                    ``…/cbc:PayableAmount``
BT-25   ``ram:InvoiceReferencedDocument/…ID``       ``cac:BillingReference/…/cbc:ID``
======  ==========================================  =========================================

The amount already paid is BT-113; an invoice without BT-113 whose amount due BT-115 is below
its total (MINIMUM and BASIC WL profiles often state only BT-115) had the difference paid
before it: ``BT-112 + BT-114 − BT-115`` counts as paid on the issue date, so that no interest is
claimed on it. BT-115 must then agree with the others (``BT-112 − BT-113 + BT-114``).

Without BT-9, the due date is the CGV's: §3.2 makes the invoice payable on receipt, so
``due_on = BT-2 + receipt_delay_days`` (for a public buyer, the statutory period from the
receipt, RULEBOOK §11), and :attr:`EInvoice.due_from` says so. Neither the CGV version nor the
client is in the XML: the caller gives them (``cgv=``, ``client=``).

Every refusal has its own code (docs/errors.md): nothing is read from a document that holds two
documents, an amount that is not plain digits, a date outside 1900–2199, a type code that asks
no payment.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..calendar import MAX_DATE, MIN_DATE
from ..enums import CgvVersion
from ..errors import InvalidInputError, error_text
from ..models import Client, Invoice, Payment
from ..money import MAX_AMOUNT, ZERO
from ._text import _INVISIBLE, read_bytes
from .fec import PUBLIC_PERIOD_DAYS, PUBLIC_RECEIPT_DAYS

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
ZUGFERD1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_TOTALS = f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
INVOICE, CREDIT_NOTE, DEPOSIT = "380", "381", "386"
#: UNTDID 1001 codes (the ones EN 16931 and the French CIUS allow), by what they ask
_KINDS = {
    "380": "invoice",  # commercial invoice
    "383": "invoice",  # debit note
    "384": "invoice",  # corrected invoice (negative: a credit note, see read_invoice_xml)
    "389": "invoice",  # self-billed invoice
    "393": "invoice",  # factored invoice
    "326": "invoice",  # partial invoice
    "501": "invoice",  # self-billed factored invoice
    "471": "invoice",  # self-billed corrected invoice (French CIUS)
    "472": "invoice",  # factored corrected invoice
    "473": "invoice",  # self-billed factored corrected invoice
    "875": "invoice",  # partial construction invoice
    "876": "invoice",  # partial final construction invoice
    "877": "invoice",  # final construction invoice
    # other invoice codes of UNTDID 1001 that EN 16931 allows (German samples use them)
    "80": "invoice",  # debit note related to goods or services
    "82": "invoice",  # metered services invoice
    "84": "invoice",  # debit note related to financial adjustments
    "204": "invoice",  # payment valuation
    "387": "invoice",  # hire invoice
    "388": "invoice",  # tax invoice
    "390": "invoice",  # delcredere invoice
    "394": "invoice",  # lease invoice
    "395": "invoice",  # consignment invoice
    "575": "invoice",  # insurer's invoice
    "780": "invoice",  # freight invoice
    "81": "credit_note",  # credit note related to goods or services
    "83": "credit_note",  # credit note related to financial adjustments
    "532": "credit_note",  # forwarder's credit note
    "381": "credit_note",  # credit note
    "261": "credit_note",  # self-billed credit note
    "262": "credit_note",  # consolidated credit note
    "396": "credit_note",  # factored credit note
    "502": "credit_note",  # self-billed factored credit note
    "503": "credit_note",  # prepayment credit note
    "386": "deposit",  # prepayment invoice
    "500": "deposit",  # self-billed prepayment invoice
}
#: codes that are invoices in name but ask no payment
_NOT_PAYABLE = {
    "325": "a proforma invoice asks no payment",
    "751": "an invoice information for accounting purposes asks no payment",
}
_AMOUNT = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$", re.ASCII)
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
_CII_DAY = re.compile(r"^[0-9]{8}$", re.ASCII)
#: the embedded files a hybrid PDF may carry, in the order they are taken: Factur-X first (a
#: PDF may also carry a ZUGFeRD 1 XML for older readers), then XRechnung and ZUGFeRD 2
_EMBEDDED = ("factur-x.xml", "xrechnung.xml", "zugferd-invoice.xml")
#: an embedded XML larger than this is refused before it is parsed
MAX_XML = 20 << 20
#: an e-invoice file (PDF or XML) larger than this is refused before it is read: the reform's
#: platforms take 100 MB with attachments, an invoice's own XML is a few hundred kB
MAX_FILE = 100 << 20


def _refuse(message: str, code: str, field: str | None = None) -> InvalidInputError:
    return InvalidInputError(message, field=field, code=code)


def shown(text: str, limit: int = 60) -> str:
    """A value quoted for a message: never a Python repr, control characters as code points."""
    text = _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


@dataclass(frozen=True)
class EInvoice:
    """What an e-invoice says, with the :class:`Invoice` it becomes."""

    number: str
    type_code: str
    kind: str
    """``invoice`` (380, 383, 384, 389…), ``credit_note`` (381, 261, 262, 396… and a negative
    384) or ``deposit`` (386, 500)"""
    issued_on: date
    due_on: date
    due_from: str
    """``"BT-9"``, or the rule that gave the due date when the XML has none"""
    total: Decimal
    prepaid: Decimal
    """BT-113, or what BT-115 says was paid before the invoice"""
    refers_to: str | None
    """BT-25: the invoice a credit note corrects"""
    invoice: Invoice | None
    """the invoice (None for a credit note: use :meth:`apply_to`)"""
    syntax: str = "CII"
    """``CII`` or ``UBL``"""
    prepaid_from: str | None = None
    """``BT-113``, ``BT-115`` (the amount due below the total) or None (nothing prepaid)"""
    buyer: tuple[str, ...] = ()
    """the buyer's identifiers as written (BT-46, BT-47, BT-48, then its name BT-44): what a
    clients file is matched on"""

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
    if not isinstance(source, bytes):
        try:
            size = os.stat(source).st_size
        except OSError:
            size = 0  # read_bytes names the file that cannot be read
        if size > MAX_FILE:
            raise _refuse(
                f"{size >> 20} MB, over the {MAX_FILE >> 20} MB an e-invoice file may weigh",
                "xml_too_large",
            )
    data = source if isinstance(source, bytes) else read_bytes(source)
    if data.lstrip()[:5] != b"%PDF-":
        return data
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - the extra is installed in the tests
        raise ImportError(
            "reading a Factur-X PDF needs: pip install 'lexom-terms[facturx]'"
        ) from None
    # No XSD or schematron check here (the schematron needs a server): the fields read are
    # checked one by one below.
    try:
        found: dict[str, bytes] = {}
        for attached in PdfReader(io.BytesIO(data)).attachment_list:
            name = str(attached.name).lower()
            if name in _EMBEDDED and name not in found:
                content = attached.content
                if len(content) > MAX_XML:
                    raise _refuse(
                        f"the PDF's {attached.name} is over {MAX_XML >> 20} MB", "xml_too_large"
                    )
                found[name] = content
    except InvalidInputError:
        raise
    except Exception as error:  # pypdf's errors for a damaged PDF are not ValueErrors
        raise _refuse(
            f"cannot read the PDF ({type(error).__name__}: {str(error)[:200]})", "bad_pdf"
        ) from None
    for name in _EMBEDDED:
        if name in found:
            return found[name]
    raise _refuse(
        "the PDF carries no Factur-X / ZUGFeRD / XRechnung XML (is it an e-invoice?)", "no_xml"
    )


def _one(root: Any, path: str, bt: str) -> Any:
    """The one element at ``path``; two are two documents in one file (never the first taken)."""
    found = root.findall(path, NS)
    if len(found) > 1:
        raise _refuse(
            f"{bt} is given {len(found)} times ({path}): one file holds one invoice",
            "several_documents",
            bt,
        )
    return found[0] if found else None


def _value(element: Any) -> str:
    """An element's text as XML defines it (its text nodes, comments and processing
    instructions left out: ``18<!---->00.00`` is 1800.00); an element inside it is refused."""
    from lxml import etree

    parts = [element.text or ""]
    for child in element:
        if child.tag not in (etree.Comment, etree.PI):  # an element or an entity reference
            raise _refuse(
                f"{element.tag.split('}')[-1]} holds an element or an entity where a value is"
                " expected",
                "bad_value",
            )
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _text(root: Any, path: str, bt: str, *, required: bool = True) -> str | None:
    element = _one(root, path, bt)
    text = None if element is None else _value(element)
    if not text and required:
        raise _refuse(f"{bt} is missing ({path})", "missing_field", bt)
    if text and _INVISIBLE.search(text):
        raise _refuse(
            f"{bt} {shown(text)} holds an invisible or control character",
            "invisible_character",
            bt,
        )
    return text or None


def _date(root: Any, path: str, bt: str, iso: bool, *, required: bool = True) -> date | None:
    element = _one(root, path, bt)
    if element is None:
        if required:
            raise _refuse(f"{bt} is missing ({path})", "missing_field", bt)
        return None
    text = _value(element)
    if iso:
        ok = bool(_ISO_DAY.match(text))
        parts = (text[:4], text[5:7], text[8:10])
        form = "YYYY-MM-DD"
    else:
        ok = element.get("format", "102") == "102" and bool(_CII_DAY.match(text))
        parts = (text[:4], text[4:6], text[6:8])
        form = "AAAAMMJJ (format 102)"
    if not ok:
        raise _refuse(f"{bt}: {shown(text)} is not a date as {form}", "bad_date", bt)
    try:
        found = date(*(int(p) for p in parts))
    except ValueError:
        raise _refuse(f"{bt}: {shown(text)} is not a day of the calendar", "bad_date", bt) from None
    if not MIN_DATE <= found <= MAX_DATE:
        raise _refuse(
            f"{bt}: {found.isoformat()} is outside the supported dates"
            f" ({MIN_DATE.isoformat()} … {MAX_DATE.isoformat()})",
            "date_out_of_range",
            bt,
        )
    return found


def _amount(root: Any, path: str, bt: str, *, required: bool = True) -> Decimal | None:
    text = _text(root, path, bt, required=required)
    if text is None:
        return None
    if not _AMOUNT.match(text):
        raise _refuse(
            f"{bt}: {shown(text)} is not an amount (ASCII digits, an optional sign and decimal"
            " point: 1200.00)",
            "bad_amount",
            bt,
        )
    value = Decimal(text)
    if abs(value) > MAX_AMOUNT:
        raise _refuse(
            f"{bt}: {text} is above the largest amount read ({MAX_AMOUNT})",
            "money_too_large",
            bt,
        )
    return value


@dataclass(frozen=True)
class _Paths:
    syntax: str
    iso_dates: bool
    number: str
    issued: str
    type_code: str
    currency: str
    due: str
    total: str
    prepaid: str
    rounding: str
    payable: str
    refers_to: str
    buyer: tuple[str, ...]


_CII = _Paths(
    "CII",
    False,
    "rsm:ExchangedDocument/ram:ID",
    "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
    "rsm:ExchangedDocument/ram:TypeCode",
    f"{_SETTLEMENT}/ram:InvoiceCurrencyCode",
    f"{_SETTLEMENT}/ram:SpecifiedTradePaymentTerms",
    f"{_TOTALS}/ram:GrandTotalAmount",
    f"{_TOTALS}/ram:TotalPrepaidAmount",
    f"{_TOTALS}/ram:RoundingAmount",
    f"{_TOTALS}/ram:DuePayableAmount",
    f"{_SETTLEMENT}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
    (
        "ram:ID",
        "ram:SpecifiedLegalOrganization/ram:ID",
        "ram:SpecifiedTaxRegistration/ram:ID",
        "ram:Name",
    ),
)


_UBL_NOTE_TYPE = "cbc:CreditNoteTypeCode"


def _ubl(credit: bool) -> _Paths:
    return _Paths(
        "UBL",
        True,
        "cbc:ID",
        "cbc:IssueDate",
        _UBL_NOTE_TYPE if credit else "cbc:InvoiceTypeCode",
        "cbc:DocumentCurrencyCode",
        "cac:PaymentMeans/cbc:PaymentDueDate" if credit else "cbc:DueDate",
        "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
        "cac:LegalMonetaryTotal/cbc:PrepaidAmount",
        "cac:LegalMonetaryTotal/cbc:PayableRoundingAmount",
        "cac:LegalMonetaryTotal/cbc:PayableAmount",
        "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
        (
            "cac:PartyIdentification/cbc:ID",
            "cac:PartyLegalEntity/cbc:CompanyID",
            "cac:PartyTaxScheme/cbc:CompanyID",
            "cac:PartyLegalEntity/cbc:RegistrationName",
        ),
    )


def parse_xml(data: bytes) -> Any:
    """The document's root element, parsed without resolving any entity nor reaching the
    network (lxml's limits on depth and text size kept)."""
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - the extra is installed in the tests
        raise ImportError("read_invoice_xml needs: pip install 'lexom-terms[facturx]'") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _refuse(f"not an XML document ({str(error)[:200]})", "bad_xml") from None
    except RecursionError:  # pragma: no cover - lxml's own depth limit comes first
        raise _refuse("not an XML document (nested too deeply)", "bad_xml") from None


def _paths(root: Any) -> _Paths:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == f"{{{NS['rsm']}}}CrossIndustryInvoice":
        return _CII
    if tag == f"{{{NS['inv']}}}Invoice":
        return _ubl(credit=False)
    if tag == f"{{{NS['cn']}}}CreditNote":
        return _ubl(credit=True)
    if tag == f"{{{ZUGFERD1}}}CrossIndustryDocument":
        raise _refuse(
            "a ZUGFeRD 1.0 invoice (CrossIndustryDocument): the reform reads Factur-X /"
            " ZUGFeRD 2 (CII D16B) and UBL 2.1; ask the sender for one of them",
            "zugferd1",
        )
    raise _refuse(
        f"not a CII invoice nor a UBL 2.1 invoice or credit note (root element {shown(tag)})",
        "not_cii",
    )


def read_invoice_xml(
    path_or_bytes: str | os.PathLike[str] | bytes,
    *,
    cgv: CgvVersion | str,
    client: Client,
    receipt_delay_days: int | None = None,
) -> EInvoice:
    """A Factur-X PDF, a CII XML or a UBL 2.1 XML as an :class:`EInvoice` (see the module's
    text)."""
    root = parse_xml(_xml_bytes(path_or_bytes))
    return read_root(root, cgv=cgv, client=client, receipt_delay_days=receipt_delay_days)


def read_root(
    root: Any, *, cgv: CgvVersion | str, client: Client, receipt_delay_days: int | None = None
) -> EInvoice:
    """:func:`read_invoice_xml` on a parsed document."""
    p = _paths(root)
    if p.syntax == "CII":
        # two ExchangedDocument or two transactions: two invoices in one file
        _one(root, "rsm:ExchangedDocument", "BT-1")
        _one(root, "rsm:SupplyChainTradeTransaction", "BT-112")
    number = _text(root, p.number, "BT-1")
    # a UBL CreditNote without CreditNoteTypeCode (optional in UBL 2.1) is a credit note by
    # its root: 381
    type_code = _text(root, p.type_code, "BT-3", required=p.type_code != _UBL_NOTE_TYPE) or "381"
    issued_on = _date(root, p.issued, "BT-2", p.iso_dates)
    assert number is not None and type_code is not None and issued_on is not None
    kind = _KINDS.get(type_code)
    if kind is None:
        why = _NOT_PAYABLE.get(type_code)
        if why is not None:
            raise _refuse(f"BT-3 type code {type_code}: {why}", "not_payable_type", "BT-3")
        raise _refuse(
            f"BT-3 type code {shown(type_code)}: not an invoice, credit note or deposit invoice"
            " code of UNTDID 1001 that EN 16931 allows (the French CIUS's 380, 381, 384, 386,"
            " 389, 393, 261, 262, 396, 471–473, 500–503; and 80–84, 204, 326, 383, 387, 388,"
            " 390, 394, 395, 532, 575, 780, 875–877)",
            "unknown_type",
            "BT-3",
        )
    currency = _text(root, p.currency, "BT-5", required=False)
    if currency not in (None, "EUR"):
        raise _refuse(
            f"BT-5 currency {shown(currency or '')}: the CGV's amounts are in euros",
            "currency",
            "BT-5",
        )
    total = _amount(root, p.total, "BT-112")
    assert total is not None
    prepaid_given = _amount(root, p.prepaid, "BT-113", required=False)
    rounding = _amount(root, p.rounding, "BT-114", required=False) or ZERO
    payable = _amount(root, p.payable, "BT-115", required=False)
    refers_to = _text(root, p.refers_to, "BT-25", required=False)
    if total < 0:
        if type_code == "384" and refers_to is not None:
            # a corrected invoice that lowers the one it corrects: a credit note in effect
            kind, total = "credit_note", -total
            prepaid_given = None if prepaid_given is None else -prepaid_given
            payable = None if payable is None else -payable
            rounding = -rounding
        else:
            raise _refuse(
                f"BT-112 total {total} of {kind.replace('_', ' ')} {shown(number)} (type"
                f" {type_code}) is negative: a reduction is a credit note (381) with a positive"
                " total, or a corrected invoice (384) naming the invoice it corrects (BT-25)",
                "negative_total",
                "BT-112",
            )
    if prepaid_given is not None and prepaid_given < 0:
        raise _refuse(
            f"BT-113 prepaid amount {prepaid_given} is negative", "negative_prepaid", "BT-113"
        )
    prepaid, prepaid_from = _prepaid(total, prepaid_given, rounding, payable)
    if prepaid > total:
        raise _refuse(
            f"the amount paid before the invoice ({prepaid}, {prepaid_from}) is above its total"
            f" BT-112 {total}",
            "prepaid_above_total",
            prepaid_from,
        )
    due_on, due_from = _due(root, p, issued_on, client, receipt_delay_days)
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
                # paid before the invoice: counted as paid on its issue date
                payments=(Payment(on=issued_on, amount=prepaid),) if prepaid > 0 else (),
            )
        except ValidationError as error:
            item = error.errors()[0]
            where = ".".join(str(part) for part in item["loc"])
            raise InvalidInputError(
                f"{shown(number)}: {where}: {error_text(item['msg'])}",
                field=where,
                code=str(item["type"]),
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
        syntax=p.syntax,
        prepaid_from=prepaid_from,
        buyer=_buyer(root, p),
    )


def _prepaid(
    total: Decimal, given: Decimal | None, rounding: Decimal, payable: Decimal | None
) -> tuple[Decimal, str | None]:
    """What was paid before the invoice: BT-113; without it, what the amount due BT-115 leaves
    of the total (BT-112 + BT-114 − BT-115, the MINIMUM and BASIC WL profiles' way)."""
    if given is not None:
        if payable is not None and payable != total - given + rounding:
            raise _refuse(
                f"the amount due BT-115 {payable} is not the total BT-112 {total} less the"
                f" prepaid BT-113 {given} plus the rounding BT-114 {rounding}",
                "inconsistent_totals",
                "BT-115",
            )
        return given, "BT-113" if given else None
    if payable is None:
        return ZERO, None
    implied = total + rounding - payable
    if implied < 0:
        raise _refuse(
            f"the amount due BT-115 {payable} is above the total BT-112 {total}"
            + (f" and the rounding BT-114 {rounding}" if rounding else ""),
            "inconsistent_totals",
            "BT-115",
        )
    return implied, "BT-115" if implied else None


def _due(
    root: Any, p: _Paths, issued_on: date, client: Client, receipt_delay_days: int | None
) -> tuple[date, str]:
    if p.syntax == "CII":
        dues = [
            _date(term, "ram:DueDateDateTime/udt:DateTimeString", "BT-9", False)
            for term in root.findall(p.due, NS)
            if term.find("ram:DueDateDateTime", NS) is not None
        ]
    elif "/" in p.due:  # a UBL credit note: a PaymentDueDate in each of its PaymentMeans
        means, _, leaf = p.due.partition("/")
        dues = [_date(m, leaf, "BT-9", True, required=False) for m in root.findall(means, NS)]
    else:
        dues = [_date(root, p.due, "BT-9", True, required=False)]
    stated = [d for d in dues if d is not None]
    if receipt_delay_days is not None and (
        not isinstance(receipt_delay_days, int)
        or isinstance(receipt_delay_days, bool)
        or not 0 <= receipt_delay_days <= 366
    ):
        raise _refuse(
            "receipt_delay_days must be a number of days from 0 to 366",
            "bad_receipt_delay",
            "receipt_delay_days",
        )
    if client.public_buyer is not None:
        receipt = PUBLIC_RECEIPT_DAYS if receipt_delay_days is None else receipt_delay_days
        statutory = issued_on + timedelta(days=receipt + PUBLIC_PERIOD_DAYS[client.public_buyer])
        # the statutory period is public order: a stated BT-9 never shortens it (L2192-10,
        # L2192-14, RULEBOOK §21)
        if stated and max(stated) >= statutory:
            return max(stated), "BT-9"
        return (
            statutory,
            f"RULEBOOK §11: receipt (issue + {receipt} days) + the statutory period",
        )
    if stated:
        # several terms: the latest, in the client's favour (Code civil 1190)
        return max(stated), "BT-9"
    delay = receipt_delay_days or 0
    return (
        issued_on + timedelta(days=delay),
        f"CGV §3.2: payable on receipt (issue + {delay} days)",
    )


def _buyer(root: Any, p: _Paths) -> tuple[str, ...]:
    party = root.find(
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
        if p.syntax == "CII"
        else "cac:AccountingCustomerParty/cac:Party",
        NS,
    )
    if party is None:
        return ()
    found: list[str] = []
    for path in p.buyer:
        for element in party.findall(path, NS):
            text = "".join(element.itertext()).strip()
            if text and text not in found:
                found.append(text)
    return tuple(found)
