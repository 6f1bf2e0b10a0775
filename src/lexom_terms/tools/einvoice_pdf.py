"""The visible page of an e-invoice (reportlab) and the sRGB output intent PDF/A asks for.

Why reportlab: it installs from PyPI without any system library, and it ships the Bitstream Vera
TrueType fonts, which it embeds (subset) in the PDF; PDF/A forbids the standard 14 fonts that a
PDF may name without embedding them, so a writer that relies on them (or on a font found on the
machine) would not make a PDF/A that is the same on every machine. ``factur-x`` declares the
PDF/A-3B conformance in the XMP metadata but adds no output intent: :func:`with_output_intent`
adds one, with an sRGB ICC profile built by Pillow's littleCMS (a reportlab dependency), so no
profile file is shipped or read.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from typing import Any

from .. import fmt
from ..enums import BillKind
from ..models import Party
from .bills import Bill

_FONTS = ("Vera", "Vera-Bold")
_TITLES = {
    BillKind.DEPOSIT: "FACTURE D'ACOMPTE",
    BillKind.CREDIT_NOTE: "AVOIR",
}


def _glyphs(text: str) -> str:
    """Vera has no narrow no-break space (U+202F, the French thousands separator): it is drawn
    as a no-break space, the same width to the eye."""
    return text.replace("\u202f", "\u00a0")


def _register_fonts() -> None:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont("Vera", os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", os.path.join(folder, "VeraBd.ttf")))


def _party_lines(party: Party, *, with_vat: bool) -> list[str]:
    lines = [party.name, *party.address, f"{party.postcode} {party.city}".strip()]
    if party.country != "FR":
        lines.append(party.country)
    if party.siren:
        lines.append(f"SIREN {party.siren}")
    if party.siret:
        lines.append(f"SIRET {party.siret}")
    if with_vat and party.vat_number:
        lines.append(f"N° TVA {party.vat_number}")
    return lines


def visible_pdf(
    bill: Bill,
    *,
    number: str,
    seller: Party,
    buyer: Party,
    order_reference: str | None,
    service_code: str | None,
    engagement: str | None,
    corrected_number: str | None,
    notes: list[tuple[str, str]],
    terms: str,
) -> bytes:
    """One A4 page: the parties, the bill's line, its totals and VAT wording, the due date and
    the legal mentions (the same text as the XML's notes)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    # the initial font too: reportlab would otherwise name Helvetica (not embedded) on the page
    page = canvas.Canvas(
        out, pagesize=A4, pageCompression=1, invariant=1, initialFontName="Vera", initialFontSize=9
    )
    page.setTitle(f"{seller.name} : facture {number}")
    page.setAuthor(seller.name)
    page.setCreator("lexom_terms")
    width, height = A4
    left, right = 50.0, width - 50.0
    regular, bold = _FONTS

    def text(x: float, y: float, value: str, *, size: float = 9, font: str = regular) -> None:
        page.setFont(font, size)
        page.drawString(x, y, _glyphs(value))

    def text_right(x: float, y: float, value: str, *, size: float = 9, font: str = regular) -> None:
        page.setFont(font, size)
        page.drawRightString(x, y, _glyphs(value))

    def paragraph(y: float, value: str, *, size: float = 8, font: str = regular) -> float:
        for piece in simpleSplit(_glyphs(value), font, size, right - left):
            text(left, y, piece, size=size, font=font)
            y -= size + 3
        return y

    with_vat = bill.vat_category != "O"
    y = height - 60
    for i, line in enumerate(_party_lines(seller, with_vat=with_vat)):
        text(left, y - 12 * i, line, size=10 if i == 0 else 9, font=bold if i == 0 else regular)
    x_buyer = width / 2 + 20
    text(x_buyer, y + 14, "Facturé à :", size=8)
    for i, line in enumerate(_party_lines(buyer, with_vat=with_vat)):
        text(x_buyer, y - 12 * i, line, size=10 if i == 0 else 9, font=bold if i == 0 else regular)

    y = height - 200
    title = _TITLES.get(bill.kind, "FACTURE")
    text(left, y, f"{title} N° {number}", size=16, font=bold)
    y -= 20
    text(left, y, f"Date d'émission : {fmt.day(bill.issued_on)}")
    if bill.due_on is not None and bill.kind != BillKind.CREDIT_NOTE:
        text(x_buyer, y, f"Échéance : {fmt.day(bill.due_on)}", font=bold)
    y -= 14
    if bill.kind == BillKind.CREDIT_NOTE and corrected_number and bill.corrects_issued_on:
        text(
            left,
            y,
            f"Avoir sur la facture N° {corrected_number} du {fmt.day(bill.corrects_issued_on)}",
            font=bold,
        )
        y -= 14
    references = [
        ("Bon de commande / engagement", engagement or order_reference),
        ("Code service", service_code),
        ("Session", bill.session_reference or None),
    ]
    for label, value in references:
        if value:
            text(left, y, f"{label} : {value}")
            y -= 12
    text(left, y, "Catégorie d'opération : prestations de services")
    y -= 24

    # the line
    page.setFillGray(0.92)
    page.rect(left, y - 4, right - left, 16, stroke=0, fill=1)
    page.setFillGray(0)
    # right edges of the figure columns: quantity, unit price, VAT, total
    qty, unit, vat_x, total = right - 235, right - 145, right - 85, right - 4
    text(left + 4, y, "Désignation", font=bold)
    text_right(qty, y, "Qté", font=bold)
    text_right(unit, y, "Prix unitaire HT", font=bold)
    text_right(vat_x, y, "TVA", font=bold)
    text_right(total, y, "Total HT", font=bold)
    y -= 18
    described = simpleSplit(_glyphs(bill.description), regular, 9, qty - 40 - left)
    text_right(qty, y, "1")
    text_right(unit, y, fmt.money(bill.amount_excl_tax))
    vat_label = {"E": "exonérée", "O": "hors champ"}.get(bill.vat_category) or fmt.rate(
        bill.vat_rate
    )
    text_right(vat_x, y, vat_label)
    text_right(total, y, fmt.money(bill.amount_excl_tax))
    for piece in described:
        text(left + 4, y, piece)
        y -= 12
    y -= 10
    page.line(left, y + 4, right, y + 4)
    y -= 10

    # totals
    vat_wording = bill.vat_wording("fr")
    rows: list[tuple[str, Decimal]] = [
        ("Total HT", bill.amount_excl_tax),
        (vat_wording if bill.vat_category == "S" else "TVA", bill.vat),
        ("Total TTC", bill.amount_incl_tax),
    ]
    if bill.deposit_deducted > 0:
        rows.append(("Acompte facturé (déjà déduit)", bill.deposit_deducted))
    for label, figure in rows:
        font = bold if label == "Total TTC" else regular
        text_right(right - 110, y, label, font=font)
        text_right(right, y, fmt.money(figure), font=font)
        y -= 14
    net = "Net à payer" if bill.kind != BillKind.CREDIT_NOTE else "Montant de l'avoir"
    text_right(right - 110, y, net, font=bold, size=10)
    text_right(right, y, fmt.money(bill.amount_incl_tax), font=bold, size=10)
    y -= 24
    if bill.vat_category != "S":
        y = paragraph(y, vat_wording + ".", size=9, font=bold)
        y -= 6

    # legal mentions
    y = paragraph(y, terms, size=9)
    if seller.iban and bill.kind != BillKind.CREDIT_NOTE:
        y = paragraph(y, f"Règlement par virement : IBAN {seller.iban}", size=9)
    y -= 6
    for _subject, content in notes:
        y = paragraph(y, content)
    y = paragraph(y, f"Clause : {bill.clause}.")
    page.setFont(regular, 7)
    page.drawString(left, 40, _glyphs(f"{seller.name} — facture {number} — page 1/1"))
    page.showPage()
    page.save()
    return out.getvalue()


def srgb_profile() -> bytes:
    """An sRGB ICC profile, built by littleCMS through Pillow (no profile file shipped)."""
    from PIL import ImageCms

    profile: Any = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data: bytes = profile.tobytes()
    return data


def with_output_intent(pdf: bytes) -> bytes:
    """``pdf`` with a PDF/A output intent (sRGB IEC61966-2.1) in its catalog, unless it has one:
    PDF/A-3 requires it when the page uses device colours, and ``factur-x`` does not add it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    root = writer._root_object
    if "/OutputIntents" in root:
        return pdf
    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile.update({NameObject("/N"): NumberObject(3)})
    profile_ref = writer._add_object(profile.flate_encode())
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): profile_ref,
        }
    )
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
