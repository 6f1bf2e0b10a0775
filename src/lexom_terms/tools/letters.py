"""The letters a company can send after an interest claim (issue 14 item 4, issue 20 item 4).

``reminder(claims, level=1|2|3, creditor=..., client=..., dated=..., recipient=...)``: one
client's late invoices in one letter — level 1 a courteous reminder, level 2 a firm one, level 3
the formal notice (mise en demeure, Code civil 1344) that opens the eight days of §4.7 — stating
the invoices, the days late, the interest with its rate and the clause behind it, the
indemnity, the total claimable, how to pay, and at level 3 what follows: resolution (§4.7,
quoted, Code civil 1225) and legal recovery (injonction de payer; for a public buyer, the
administrative judge).

``statement(invoices, as_of, client=..., creditor=..., recipient=...)``: the client's account
(relevé de compte) from a ledger's invoices: invoices, payments, interest, indemnity, total, as
HTML (printable on A4), Markdown and CSV.

Both are letters as printed: the creditor's address top left, the recipient's (a
:class:`~lexom_terms.models.Party`) where a French window envelope shows it (11 cm from the left
edge, 5 cm from the top), the place and date, and at the foot the creditor's legal identity
(legal form, capital, head office, SIREN and RCS: Code de commerce R123-237). What the sender
must still fill in before posting is listed in ``Letter.missing``, never invented.

Each is built once as blocks (paragraphs, tables, lists) and written from them as Markdown and
HTML, so the two forms say the same thing. Every figure comes from the claims (nothing is
recomputed here but sums) and is written with :mod:`lexom_terms.fmt`: "1 800,00 €" never breaks
across lines. Names and invoice numbers appear exactly as given: escaped in HTML and in Markdown
(so a name can neither inject markup nor a heading), and a control character is shown as a
visible symbol (a newline as "␊") rather than printed raw. Nothing reads the clock: the
letter's date is an argument.

What the debtor reads is not the library's working notes: the caveats of a claim (a judge may
reduce a penalty, Code civil 1231-5 and 1231-6) stay in the claim, the audit and
``Letter.caveats`` for the sender; clauses are cited as the CGV print them ("article 3.4 de nos
conditions générales de vente"), never by the library's version codes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import fmt
from ..calendar import FRANCE_CODES, as_date
from ..cgv.general import resolution_opens_on
from ..cgv.registry import regime_for, regimes
from ..enums import CgvVersion
from ..errors import InvalidInputError
from ..interest import lapse_caveats
from ..models import Client, InterestPolicy, Invoice, Order, Party, refuse
from ..money import ZERO, Money
from ..rates import RateTable
from ..results import Citation, InterestClaim, Settlement

Lang = Literal["fr", "en"]
Level = Literal[1, 2, 3]

#: §4.7, identical in both versions (seeds 000–004): quoted in the formal notice, since a
#: resolution clause takes effect after a notice "mentionnant expressément la clause
#: résolutoire" (Code civil 1225 al. 2).
RESOLUTION_CLAUSE = (
    "En cas de manquement par le CLIENT à l'une quelconque de ses obligations et huit jours après"
    " une mise en demeure restée sans réponse, LEXOM peut demander la résolution du contrat sans"
    " préjudice de dommages et intérêts. La résolution du contrat sera prononcée par lettre"
    " recommandée avec demande d'avis de réception et sera acquise de plein droit sans autre"
    " formalité ou procédure."
)

_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")


class Creditor(Party):
    """Who sends and signs the letter: LEXOM as a :class:`~lexom_terms.models.Party` (its
    SIREN, head-office address, IBAN...), with what a company's correspondence must also show
    (Code de commerce R123-237: the RCS and its registry's town; a company's legal form and
    capital) and who signs. ``city`` is also where the letter is written ("Aubenas, le ...")."""

    name: str = Field(default="LEXOM", min_length=1, description="the creditor's name")
    legal_form: str = Field(default="", description="legal form, such as 'SAS' or 'SARL'")
    share_capital: Money | None = Field(
        default=None, description="share capital in euros (a company's letters state it)"
    )
    rcs_city: str = Field(
        default="", description="town of the commercial court registry (RCS) it is registered at"
    )
    bic: str = Field(default="", description="the bank's BIC, beside the IBAN")
    contact: str = Field(default="", description="e-mail or phone for questions")
    signatory: str = Field(default="", description="who signs, e.g. 'Le service comptable'")

    @field_validator("legal_form", "rcs_city", "contact", "signatory")
    @classmethod
    def _printable_text(cls, value: str, info: Any) -> str:
        for char in value:
            if _is_control(char):
                raise refuse(
                    "control_character",
                    f"{info.field_name}: contains the control character U+{ord(char):04X};"
                    " give printable text",
                )
        return value

    @field_validator("bic", mode="before")
    @classmethod
    def _bic(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        code = value.replace(" ", "").upper()
        if code and not _BIC.fullmatch(code):
            raise refuse(
                "bic_format",
                f"bic: {value!r} is not a BIC: 8 or 11 letters or digits (such as 'AGRIFRPP882')",
            )
        return code


# --- text as printed -------------------------------------------------------------------------


def _is_control(char: str) -> bool:
    """C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
    overrides that reorder what a reader sees ("Trojan source")."""
    code = ord(char)
    return (
        code < 32
        or 127 <= code < 160
        or char in "\u2028\u2029"
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
    )


def _printable(text: str) -> str:
    """``text`` with each control character shown as a visible symbol: a C0 control as its
    Unicode control picture (a newline "␊", a tab "␉", DEL "␡"), any other as "⟨U+XXXX⟩".
    Nothing is dropped, so an invoice number stays recognisable, and nothing can break a line,
    a table or a heading."""
    if not any(_is_control(c) for c in text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if code < 32:
            out.append(chr(0x2400 + code))
        elif code == 127:
            out.append("\u2421")
        elif _is_control(char):
            out.append(f"⟨U+{code:04X}⟩")
        else:
            out.append(char)
    return "".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def _md(text: str) -> str:
    """Text for Markdown: printable, its inline markup characters and entity-like "&"
    backslash-escaped (CommonMark renders "\\<" as "<"), and a line start that would open a
    heading, a quote or a list escaped, so that the rendered text is the text given."""
    text = _MD_ENTITY.sub("\\\\&", _MD_SPECIAL.sub(r"\\\1", _printable(text)))
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def _html_text(text: str) -> str:
    return escape(_printable(text))


def _grouped(digits: str, sizes: Sequence[int]) -> str:
    """An identifier printed in groups joined by no-break spaces (SIREN 3-3-3, IBAN by 4)."""
    out, at = [], 0
    for size in sizes:
        if at >= len(digits):
            break
        out.append(digits[at : at + size])
        at += size
    if at < len(digits):
        out.append(digits[at:])
    return fmt.NBSP.join(out)


def _iban(iban: str) -> str:
    return _grouped(iban, [4] * 9)


def _siren(siren: str) -> str:
    return _grouped(siren, (3, 3, 3))


#: NF Z10-011: a foreign address ends with the country's name in capitals (in French, the
#: language of the sending post office). Codes not listed are printed as their ISO code.
COUNTRY_NAMES_FR = {
    "AD": "ANDORRE",
    "AT": "AUTRICHE",
    "BE": "BELGIQUE",
    "BG": "BULGARIE",
    "CA": "CANADA",
    "CH": "SUISSE",
    "CI": "CÔTE D'IVOIRE",
    "CM": "CAMEROUN",
    "CY": "CHYPRE",
    "CZ": "TCHÉQUIE",
    "DE": "ALLEMAGNE",
    "DK": "DANEMARK",
    "DZ": "ALGÉRIE",
    "EE": "ESTONIE",
    "ES": "ESPAGNE",
    "FI": "FINLANDE",
    "GB": "ROYAUME-UNI",
    "GR": "GRÈCE",
    "HR": "CROATIE",
    "HU": "HONGRIE",
    "IE": "IRLANDE",
    "IS": "ISLANDE",
    "IT": "ITALIE",
    "LI": "LIECHTENSTEIN",
    "LT": "LITUANIE",
    "LU": "LUXEMBOURG",
    "LV": "LETTONIE",
    "MA": "MAROC",
    "MC": "MONACO",
    "MT": "MALTE",
    "NL": "PAYS-BAS",
    "NO": "NORVÈGE",
    "PL": "POLOGNE",
    "PT": "PORTUGAL",
    "RO": "ROUMANIE",
    "SE": "SUÈDE",
    "SI": "SLOVÉNIE",
    "SK": "SLOVAQUIE",
    "SN": "SÉNÉGAL",
    "TN": "TUNISIE",
    "US": "ÉTATS-UNIS",
}


def postal_lines(party: Party) -> tuple[str, ...]:
    """The address block as a French post office reads it (NF Z10-011): the name, the street
    lines, the postcode and city, and outside France (overseas France is France) the country's
    name in capitals."""
    lines = list(party.address_lines)
    if party.country not in FRANCE_CODES:
        lines[-1] = COUNTRY_NAMES_FR.get(party.country, party.country)
    return tuple(lines)


def _identity(creditor: Creditor, lang: Lang) -> str:
    """The creditor's legal identity, as its correspondence must state it (Code de commerce
    R123-237): name, legal form and capital, head office, SIREN with the RCS and its registry's
    town, and the VAT number. Only what was given."""
    parts = [creditor.name]
    if creditor.legal_form:
        if creditor.share_capital is not None:
            parts[0] += (
                f", {creditor.legal_form} au capital de {fmt.money(creditor.share_capital)}"
                if lang == "fr"
                else f", {creditor.legal_form} with a share capital of"
                f" {fmt.money(creditor.share_capital, 'en')}"
            )
        else:
            parts[0] += f", {creditor.legal_form}"
    place = " ".join(x for x in (creditor.postcode, creditor.city) if x)
    office = ", ".join([*creditor.address, *([place] if place else [])])
    if office:
        parts.append(("siège social : " if lang == "fr" else "registered office: ") + office)
    if creditor.registration is not None:
        registry = f"RCS {creditor.rcs_city} " if creditor.rcs_city else "SIREN "
        parts.append(registry + _siren(creditor.registration))
    if creditor.siret is not None:
        parts.append(f"SIRET {creditor.siret}")
    if creditor.vat_number is not None:
        parts.append(("TVA intracommunautaire " if lang == "fr" else "VAT ") + creditor.vat_number)
    return " — ".join(parts)


def _missing(creditor: Creditor, recipient: Party | None) -> tuple[str, ...]:
    """What a letter to be posted still lacks: the sender's legal identity (R123-237), its
    address and IBAN (how to pay), and the recipient's postal address (window envelope)."""
    missing = []
    if creditor.registration is None:
        missing.append("creditor.siren")
    if not creditor.rcs_city:
        missing.append("creditor.rcs_city")
    if not creditor.legal_form:
        missing.append("creditor.legal_form")
    if not (creditor.address and creditor.city):
        missing.append("creditor.address")
    if not creditor.iban:
        missing.append("creditor.iban")
    if recipient is None or not (recipient.address and recipient.city):
        missing.append("recipient.address")
    return tuple(missing)


# --- blocks: one structure, two renderings -------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    numeric: frozenset[int] = field(default_factory=frozenset)
    #: columns of free text (invoice numbers), allowed to wrap anywhere when too long
    free: frozenset[int] = field(default_factory=frozenset)
    #: set to the page's width (the statement's ten columns), headers wrapping
    wide: bool = False


@dataclass(frozen=True)
class _Head:
    """The letterhead: the sender's lines and the recipient's address block."""

    sender: tuple[str, ...]
    recipient: tuple[str, ...]


# ("p" | "subject" | "place" | "mention" | "quote" | "footer", text) or ("list" | "lines", items)
# or ("closing", (formula, signature lines...))
_Block = tuple[str, str] | tuple[str, tuple[str, ...]] | _Table | _Head


def _md_cell(text: str) -> str:
    return _md(text)


def _markdown(blocks: Sequence[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, _Head):
            out.append("  \n".join(_md(line) for line in block.sender))
            out.append("  \n".join(_md(line) for line in block.recipient))
        elif isinstance(block, _Table):
            align = ["---:" if i in block.numeric else "---" for i in range(len(block.headers))]
            lines = ["| " + " | ".join(_md_cell(h) for h in block.headers) + " |"]
            lines.append("|" + "|".join(align) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            if block.total is not None:
                lines.append(
                    "| " + " | ".join(f"**{_md_cell(c)}**" if c else "" for c in block.total) + " |"
                )
            out.append("\n".join(lines))
        elif block[0] == "list":
            out.append("\n".join(f"- {_md(item)}" for item in block[1]))
        elif block[0] == "lines":
            out.append("  \n".join(_md(line) for line in block[1]))
        elif block[0] in ("subject", "mention"):
            out.append(f"**{_md(str(block[1]))}**")
        elif block[0] == "quote":
            out.append(f"> {_md(str(block[1]))}")
        elif block[0] == "closing":
            out.append(_md(block[1][0]))
            out.append("  \n".join(_md(line) for line in block[1][1:]))
        elif block[0] == "footer":
            out.append("---")
            out.append(_md(str(block[1])))
        else:
            out.append(_md(str(block[1])))
    return "\n\n".join(out) + "\n"


#: The letter's style, scoped to its <div> so that a notebook's page is untouched.
STYLE = (
    ".lexom-letter{font-family:Georgia,'DejaVu Serif',serif;font-size:10.5pt;line-height:1.35;"
    "color:#000;max-width:170mm}"
    ".lexom-letter p{margin:0 0 .7em}"
    ".lexom-letter .sender,.lexom-letter .recipient{margin:0 0 1em}"
    ".lexom-letter .place{text-align:right}"
    ".lexom-letter blockquote{margin:0 0 .7em 1.5em;font-style:italic}"
    ".lexom-letter table{border-collapse:collapse;margin:.4em 0 .9em;"
    "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;font-size:9pt}"
    ".lexom-letter th,.lexom-letter td{padding:2px 5px;border-bottom:1px solid #bbb;"
    "text-align:left;vertical-align:top}"
    # figures never break ("1 800,00 €"), their column heads may ("Jours de / retard")
    ".lexom-letter .num{text-align:right}"
    ".lexom-letter td.num{white-space:nowrap}"
    ".lexom-letter .free{overflow-wrap:anywhere}"
    ".lexom-letter tfoot td{font-weight:bold;border-top:2px solid #666}"
    ".lexom-letter footer{margin-top:1.5em;padding-top:.4em;border-top:1px solid #888;"
    "font-size:8pt;color:#333}"
    ".lexom-letter table.wide{width:100%}"
    ".lexom-letter table.wide .free{min-width:22mm}"
    ".lexom-letter.statement table{font-size:8pt}"
    ".lexom-letter.statement th,.lexom-letter.statement td{padding:2px 3px}"
)

#: The printed page: A4, the recipient's block where a French window envelope (DL, window on
#: the right) shows it: 110 mm from the left edge, 50 mm from the top, 80 mm wide. The page's
#: margins (15 mm top, 20 mm sides) put the head's origin at (20 mm, 15 mm).
PAGE_STYLE = (
    "@page{size:A4;margin:15mm 20mm 20mm 20mm}"
    "html,body{margin:0;padding:0}"
    ".lexom-letter{width:170mm;margin:0 auto}"
    ".lexom-letter .head{position:relative;height:82mm}"
    ".lexom-letter .head .sender{position:absolute;left:0;top:0;width:85mm;margin:0}"
    ".lexom-letter .head .recipient{position:absolute;left:90mm;top:35mm;width:80mm;margin:0}"
    "@media screen{body{padding:15mm 0}}"
    # the column heads repeat on each printed page; the totals only once, at the end
    "thead{display:table-header-group}tfoot{display:table-row-group}tr{break-inside:avoid}"
    ".lexom-letter .closing{break-inside:avoid}.lexom-letter p{orphans:2;widows:2}"
)


def _html_body(blocks: Sequence[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, _Head):
            sender = "<br>".join(_html_text(line) for line in block.sender)
            recipient = "<br>".join(_html_text(line) for line in block.recipient)
            out.append(
                f'<div class="head"><p class="sender">{sender}</p>'
                f'<p class="recipient">{recipient}</p></div>'
            )
        elif isinstance(block, _Table):

            def cell(tag: str, index: int, text: str, t: _Table = block) -> str:
                kind = "num" if index in t.numeric else ("free" if index in t.free else "")
                scope = ' scope="col"' if tag == "th" else ""
                attr = f' class="{kind}"' if kind else ""
                return f"<{tag}{scope}{attr}>{_html_text(text)}</{tag}>"

            head = "".join(cell("th", i, h) for i, h in enumerate(block.headers))
            body = "".join(
                "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                for row in block.rows
            )
            foot = ""
            if block.total is not None:
                foot = (
                    "<tfoot><tr>"
                    + "".join(cell("td", i, c) for i, c in enumerate(block.total))
                    + "</tr></tfoot>"
                )
            wide = ' class="wide"' if block.wide else ""
            out.append(
                f"<table{wide}><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>"
            )
        elif block[0] == "list":
            items = "".join(f"<li>{_html_text(item)}</li>" for item in block[1])
            out.append(f"<ul>{items}</ul>")
        elif block[0] == "lines":
            out.append("<p>" + "<br>".join(_html_text(line) for line in block[1]) + "</p>")
        elif block[0] in ("subject", "mention"):
            out.append(f"<p><strong>{_html_text(str(block[1]))}</strong></p>")
        elif block[0] == "place":
            out.append(f'<p class="place">{_html_text(str(block[1]))}</p>')
        elif block[0] == "quote":
            out.append(f"<blockquote><p>{_html_text(str(block[1]))}</p></blockquote>")
        elif block[0] == "closing":
            formula, *signature = tuple(block[1])
            out.append(
                f'<div class="closing"><p>{_html_text(formula)}</p>'
                f"<p>{'<br>'.join(_html_text(line) for line in signature)}</p></div>"
            )
        elif block[0] == "footer":
            out.append(f"<footer><p>{_html_text(str(block[1]))}</p></footer>")
        else:
            out.append(f"<p>{_html_text(str(block[1]))}</p>")
    return "".join(out)


def _html(
    blocks: Sequence[_Block],
    title: str,
    *,
    page: bool = True,
    lang: Lang = "fr",
    kind: str = "letter",
) -> str:
    """The blocks as a standalone HTML page with its print stylesheet (A4), or
    (``page=False``) as a ``<div>`` with its scoped style, for a notebook."""
    classes = "lexom-letter" if kind == "letter" else f"lexom-letter {kind}"
    body = f'<div class="{classes}">' + _html_body(blocks) + "</div>"
    if not page:
        return f"<style>{STYLE}</style>{body}"
    # printed, the legal identity stands at the foot of every page (a page margin box) with the
    # page's number, rather than once after the signature, alone on a last page
    footer = next((str(b[1]) for b in blocks if isinstance(b, tuple) and b[0] == "footer"), "")
    margin = (
        f"@page{{@bottom-left{{content:{_css_string(footer)};width:145mm;{MARGIN_BOX}}}"
        f'@bottom-right{{content:counter(page) " / " counter(pages);width:25mm;'
        f"text-align:right;{MARGIN_BOX}}}}}"
        "@media print{.lexom-letter footer{display:none}}"
        if footer
        else f'@page{{@bottom-right{{content:counter(page) " / " counter(pages);{MARGIN_BOX}}}}}'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_html_text(title)}</title><style>{STYLE}{PAGE_STYLE}{margin}</style></head>"
        f"<body>{body}</body></html>\n"
    )


#: the page margin boxes' text: small, at the top of the bottom margin
MARGIN_BOX = (
    "font-family:Georgia,'DejaVu Serif',serif;font-size:7pt;color:#333;vertical-align:top;"
    "padding-top:2mm"
)


def _css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes and the characters that could end the
    <style> element (``<``, ``>``, ``&``) or a line written as hexadecimal escapes."""
    out = []
    for char in _printable(text):
        if char in '\\"<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# --- the letter ------------------------------------------------------------------------------------


class Letter(BaseModel):
    """A letter, in Markdown and in HTML (a whole page), with the figures it states."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["reminder", "refund"] = Field(
        default="reminder",
        description="reminder (claims late invoices) or refund (LEXOM refunds a consumer's"
        " withdrawal, L242-4: principal the refund, interest the increase, total what is paid)",
    )
    level: int = Field(
        description="1 courteous, 2 firm, 3 formal notice (mise en demeure); 0 for a refund"
    )
    lang: str = Field(description="fr or en")
    client_name: str = Field(description="the addressee, as given")
    invoices: tuple[str, ...] = Field(description="the invoice numbers the letter claims")
    principal: Decimal = Field(description="principal still unpaid, all invoices")
    interest: Decimal = Field(description="interest still owed, all invoices")
    recovery_indemnity: Decimal = Field(description="recovery indemnities, all invoices")
    total: Decimal = Field(description="total claimable: interest + indemnity")
    total_tomorrow: Decimal | None = Field(
        default=None,
        description="a refund paid late: the total if paid one day after the letter's date",
    )
    resolution_opens_on: date | None = Field(
        description="level 3 with a known receipt date: the day LEXOM may resolve (§4.7)"
    )
    subject: str = Field(description="the letter's subject line")
    markdown: str = Field(description="the letter as Markdown")
    html: str = Field(description="the letter as a standalone HTML page (A4 print stylesheet)")
    fragment: str = Field(description="the letter as an HTML <div> (notebook display)")
    missing: tuple[str, ...] = Field(
        default=(),
        description="what the sender must still give before posting it (creditor.siren,"
        " creditor.rcs_city, creditor.legal_form, creditor.address, creditor.iban,"
        " recipient.address); empty when complete",
    )
    caveats: tuple[Citation, ...] = Field(
        default=(),
        description="the claims' caveats, for the sender: not printed in a letter to the debtor",
    )

    def _repr_html_(self) -> str:
        return self.fragment

    def __str__(self) -> str:
        return self.markdown


_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "subject1": "Rappel de paiement",
        "subject2": "Relance de paiement",
        "subject3": "Mise en demeure de payer",
        "object": "Objet : {subject}",
        "registered": "Lettre recommandée avec demande d'avis de réception",
        "invoices": "factures",
        "salutation": "Madame, Monsieur,",
        "salutation_named": "Bonjour {name},",
        "open1": "Sauf erreur de notre part, les sommes ci-dessous restent dues à ce jour. Il"
        " s'agit peut-être d'un simple oubli : nous vous remercions de bien vouloir procéder à"
        " leur règlement.",
        "open2": "Malgré notre précédent rappel, les sommes ci-dessous restent dues. Nous vous"
        " demandons de les régler sans délai.",
        "open3": "Malgré nos relances, les sommes ci-dessous restent dues.",
        "invoice": "Facture",
        "due": "Échéance",
        "late": "Jours de retard",
        "principal": "Principal dû",
        "interest": "Intérêts",
        "indemnity": "Indemnité",
        "total": "Total",
        "periods": "Détail des intérêts, arrêtés au {day} :",
        "period": "{invoice} : du {start} au {end}, {days} jours à {rate} ({basis}) sur {principal}"
        " : {interest}",
        "claimable": "Total réclamable ({what}) : {total}. Total à régler, principal compris :"
        " {grand}.",
        "pay": "Règlement par virement sur notre compte IBAN {iban}{bic}, au nom de {name}, en"
        " rappelant {which}.",
        "pay_which_one": "le numéro de la facture",
        "pay_which_many": "les numéros des factures",
        "close1": "Si votre règlement a croisé ce courrier, merci de ne pas en tenir compte."
        " Nous restons à votre disposition pour toute question.",
        "close2": "Sans règlement de votre part, nous vous adresserons une mise en demeure ; huit"
        " jours après sa réception restée sans effet, LEXOM pourra demander la résolution du"
        " contrat (article 4.7 de nos conditions générales de vente) et engager une procédure"
        " de recouvrement judiciaire.",
        "notice3": "Par la présente, nous vous mettons en demeure de nous régler la somme de"
        " {grand} dans un délai de huit jours à compter de la réception de cette lettre. La"
        " présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil.",
        "resolution3": "À défaut de règlement dans ce délai, LEXOM pourra demander la résolution"
        " du contrat à compter du neuvième jour suivant la réception de la présente (au plus"
        " tôt le {opens}), en application de l'article 4.7 de nos conditions générales de vente,"
        " qui stipule :",
        "recovery3": "LEXOM pourra en outre, sans autre avis, engager une procédure de"
        " recouvrement judiciaire de ces sommes, notamment par une requête en injonction de"
        " payer (articles 1405 et suivants du Code de procédure civile).",
        "recovery3_public": "LEXOM pourra en outre, sans autre avis, saisir le juge administratif"
        " de ces sommes, notamment d'une demande de provision en référé (article R541-1 du Code"
        " de justice administrative).",
        "contact": "Contact : {contact}.",
        "regards": "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations"
        " distinguées.",
        "regards_named": "Nous vous prions d'agréer l'expression de nos salutations distinguées.",
        "place": "{city}, le {day}",
        "day": "Le {day}",
        "mediator": "Médiation de la consommation : après une réclamation écrite auprès de LEXOM"
        " restée sans suite, vous pouvez saisir gratuitement le médiateur de la consommation :"
        " {mediator}.",
    },
    "en": {
        "subject1": "Payment reminder",
        "subject2": "Second payment reminder",
        "subject3": "Formal notice to pay",
        "object": "Subject: {subject}",
        "registered": "Registered letter with acknowledgement of receipt",
        "invoices": "invoices",
        "salutation": "Dear Sir or Madam,",
        "salutation_named": "Dear {name},",
        "open1": "According to our records, the amounts below are still owed. This may be a"
        " simple oversight: we would be grateful if you could settle them.",
        "open2": "Despite our previous reminder, the amounts below are still owed. We ask you"
        " to settle them without delay.",
        "open3": "Despite our reminders, the amounts below are still owed.",
        "invoice": "Invoice",
        "due": "Due",
        "late": "Days late",
        "principal": "Principal due",
        "interest": "Interest",
        "indemnity": "Indemnity",
        "total": "Total",
        "periods": "Interest in detail, up to {day}:",
        "period": "{invoice}: {start} to {end}, {days} days at {rate} ({basis}) on {principal}:"
        " {interest}",
        "claimable": "Total claimable ({what}): {total}. Total to pay, principal included:"
        " {grand}.",
        "pay": "Payment by transfer to our account IBAN {iban}{bic}, in the name of {name},"
        " quoting {which}.",
        "pay_which_one": "the invoice number",
        "pay_which_many": "the invoice numbers",
        "close1": "If your payment has crossed this letter, please disregard it. We remain at"
        " your disposal for any question.",
        "close2": "Without payment, we will send you a formal notice; eight days after its"
        " receipt without effect, LEXOM may ask for the contract to be terminated (section 4.7"
        " of our general terms of sale) and take legal action to recover the debt.",
        "notice3": "We hereby give you formal notice to pay us {grand} within eight days of"
        " receiving this letter. This letter is a formal notice (mise en demeure) within the"
        " meaning of article 1344 of the Code civil.",
        "resolution3": "Failing payment within that time, LEXOM may ask for the contract to be"
        " terminated from the ninth day after the receipt of this letter (at the earliest on"
        " {opens}), under section 4.7 of our general terms of sale, which reads:",
        "recovery3": "LEXOM may also, without further notice, take legal action to recover these"
        " amounts, in particular by an application for an order for payment (injonction de"
        " payer, articles 1405 ff. of the Code de procédure civile).",
        "recovery3_public": "LEXOM may also, without further notice, refer these amounts to the"
        " administrative judge, in particular by an application for an interim payment"
        " (référé-provision, article R541-1 of the Code de justice administrative).",
        "contact": "Contact: {contact}.",
        "regards": "Yours faithfully,",
        "regards_named": "Yours sincerely,",
        "place": "{city}, {day}",
        "day": "{day}",
        "mediator": "Consumer mediation: after a written complaint to LEXOM left unanswered, you"
        " may refer the dispute free of charge to the consumer mediator: {mediator}.",
    },
}

_BASIS = {
    "fr": {"ECB+10": "BCE + 10 points", "3x legal": "3 × taux légal", "ECB+8": "BCE + 8 points"},
    "en": {"ECB+10": "ECB + 10 points", "3x legal": "3 × legal rate", "ECB+8": "ECB + 8 points"},
}


def _legal_basis(client: Client, lang: Lang, indemnity: bool) -> list[str]:
    """The sentences that say why interest (and the indemnity) are owed, by kind of client,
    citing the clause as the CGV print it and statutes by article (RULEBOOK §21)."""
    if client.public_buyer is not None:
        if lang == "fr":
            return [
                "Le retard de paiement fait courir de plein droit des intérêts moratoires et"
                " l'indemnité forfaitaire pour frais de recouvrement (article L2192-13 du Code de"
                " la commande publique), au taux de la Banque centrale européenne en vigueur au"
                " premier jour du semestre où les intérêts ont commencé à courir, majoré de 8"
                " points (article R2192-31), et l'indemnité de"
                f" {fmt.money(Decimal('40.00'))} par facture (article D2192-35).",
            ]
        return [
            "Late payment bears interest and the flat recovery indemnity by right (article"
            " L2192-13 of the Code de la commande publique), at the European Central Bank rate in"
            " force on the first day of the semester in which interest started, plus 8 points"
            f" (article R2192-31), and an indemnity of {fmt.money(Decimal('40.00'), 'en')} per"
            " invoice (article D2192-35).",
        ]
    # Code de commerce L441-10 binds professionals: toward a consumer or a non-professional
    # the clause alone founds the interest (RULEBOOK §21; the caveats stay with the sender).
    clause_alone = not client.is_professional
    if lang == "fr":
        statute = (
            ""
            if clause_alone
            else " et à l'article L441-10 du Code de commerce (anciennement L441-6, cité par nos"
            " conditions générales)"
        )
        found = [
            f"Conformément à l'article 3.4 de nos conditions générales de vente{statute}, le"
            " retard de paiement fait courir de plein droit, sans mise en demeure préalable, des"
            " intérêts au taux directeur de la BCE majoré de 10 points, sans être inférieur à"
            " trois fois le taux de l'intérêt légal, appliqué au montant TTC.",
        ]
        if indemnity:
            found.append(
                "Une indemnité forfaitaire pour frais de recouvrement de"
                f" {fmt.money(Decimal('40.00'))} est due par facture payée en retard (articles"
                " L441-10 et D441-5 du Code de commerce)."
            )
        return found
    statute = (
        ""
        if clause_alone
        else " and article L441-10 of the Code de commerce (formerly L441-6, as our terms cite it)"
    )
    found = [
        f"Under section 3.4 of our general terms of sale{statute}, late payment bears interest by"
        " right, without prior notice, at the ECB main refinancing rate plus 10 points, and no"
        " less than three times the legal interest rate, on the amount including VAT.",
    ]
    if indemnity:
        found.append(
            f"A flat recovery indemnity of {fmt.money(Decimal('40.00'), 'en')} is owed per late"
            " invoice (articles L441-10 and D441-5 of the Code de commerce)."
        )
    return found


def _cgv_of(claim: InterestClaim) -> CgvVersion | None:
    """The CGV version a claim was computed under: the invoice's, which the claim keeps; for a
    claim read back from JSON, the version whose declared interest clause it cites. None for a
    claim that cites only statutes (a public buyer's)."""
    if claim.cgv is not None:
        return claim.cgv
    sources = {c.source for c in claim.citations}
    for regime in regimes():
        if regime.clauses.interest in sources:
            return regime.cgv
    return None


def _due_on(claim: InterestClaim) -> date | None:
    """The due date: the day before interest starts to run."""
    return claim.periods[0].start - timedelta(days=1) if claim.periods else None


def _salutation(client: Client, salutation: str | None, lang: Lang) -> tuple[str, str]:
    """The salutation and the closing formula. A natural person is greeted by name, as given
    (the library does not guess a civility from a first name); anyone else, a company or a
    public buyer, "Madame, Monsieur". A caller's ``salutation`` ("Madame Martin,") wins."""
    t = _TEXT[lang]
    if salutation is not None:
        return salutation, t["regards_named"]
    if client.kind == "natural_person":
        return t["salutation_named"].format(name=client.name), t["regards_named"]
    return t["salutation"], t["regards"]


def _head(
    creditor: Creditor, recipient: Party | None, client: Client, dated: date, lang: Lang
) -> list[_Block]:
    """The letterhead (sender top left, recipient in the envelope's window) and the place and
    date."""
    sender = [*postal_lines(creditor)]
    if creditor.email:
        sender.append(creditor.email)
    to = postal_lines(recipient) if recipient is not None else (client.name,)
    day = fmt.day(dated, lang)
    t = _TEXT[lang]
    place = (
        t["place"].format(city=creditor.city, day=day)
        if creditor.city
        else t["day"].format(day=day)
    )
    return [_Head(tuple(sender), tuple(to)), ("place", place)]


def _payment(creditor: Creditor, count: int, lang: Lang) -> list[_Block]:
    """How to pay: the creditor's IBAN (and BIC), in its name, quoting the invoice numbers."""
    if not creditor.iban:
        return []
    t = _TEXT[lang]
    bic = f" (BIC {creditor.bic})" if creditor.bic else ""
    which = t["pay_which_many"] if count > 1 else t["pay_which_one"]
    return [
        ("p", t["pay"].format(iban=_iban(creditor.iban), bic=bic, name=creditor.name, which=which))
    ]


def late_claims(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
) -> list[InterestClaim]:
    """What a reminder claims from ``invoices`` on ``as_of``: the interest claim
    (``late_interest``) of each invoice late on that day, in the order given. A letter goes to
    one client: invoices naming several are refused (``several_clients``), and so is a set with
    nothing late (``nothing_late``): there is nothing to claim."""
    from ..api import late_interest

    items = list(invoices)
    clients = {invoice.client for invoice in items}
    if len(clients) > 1:
        names = ", ".join(sorted(repr(c.name) for c in clients))
        raise InvalidInputError(
            f"a letter goes to one client; these invoices name {names}",
            field="invoices",
            code="several_clients",
        )
    claims = [late_interest(i, as_of, rates=rates, policy=policy) for i in items]
    late = [c for c in claims if c.days_late > 0]
    if not late:
        raise InvalidInputError(
            f"no invoice was late on {as_of.isoformat()}: nothing to claim",
            field="invoices",
            code="nothing_late",
        )
    return late


def reminder(
    claims: InterestClaim | Sequence[InterestClaim],
    level: Level = 1,
    creditor: Creditor | None = None,
    *,
    client: Client,
    dated: date | str,
    received_on: date | str | None = None,
    lang: Lang = "fr",
    recipient: Party | None = None,
    salutation: str | None = None,
) -> Letter:
    """A reminder letter to ``client`` for its late invoices (one claim each), written on
    ``dated``, addressed to ``recipient`` (its postal address, in the window of the envelope;
    without it, the client's name alone). Level 3 is the formal notice of Code civil 1344 and
    §4.7, sent by registered letter: it asks for payment within eight days of its receipt,
    quotes §4.7 and announces resolution and legal recovery. It never asserts the day it will
    be received: it states the rule and the earliest day resolution may open, the letter's date
    + 9, or with ``received_on`` (a receipt the caller knows) that day + 9, also returned as
    ``resolution_opens_on`` (:func:`resolution_opens_on`). Dates are ``date`` or
    ``YYYY-MM-DD``."""
    items = (claims,) if isinstance(claims, InterestClaim) else tuple(claims)
    dated = as_date(dated, "dated")
    if received_on is not None:
        received_on = as_date(received_on, "received_on")
    if level not in (1, 2, 3):
        raise InvalidInputError(
            f"level: {level!r} is not a reminder level; use 1 (courteous), 2 (firm) or 3 (formal"
            " notice)",
            field="level",
            code="invalid_level",
        )
    if lang not in ("fr", "en"):
        raise InvalidInputError(
            f"lang: {lang!r}; use 'fr' or 'en'", field="lang", code="invalid_lang"
        )
    if salutation is not None and (
        not salutation.strip() or any(_is_control(c) for c in salutation)
    ):
        raise InvalidInputError(
            "salutation: give one line of printable text, such as 'Madame Martin,'",
            field="salutation",
            code="invalid_salutation",
        )
    if not items:
        raise InvalidInputError(
            "claims: give at least one interest claim", field="claims", code="no_claims"
        )
    numbers = [c.invoice_number for c in items]
    if len(set(numbers)) != len(numbers):
        raise InvalidInputError(
            "claims: an invoice appears twice; give one claim per invoice",
            field="claims",
            code="duplicate_invoice",
        )
    not_late = [c.invoice_number for c in items if c.days_late == 0]
    if not_late:
        raise InvalidInputError(
            f"claims: invoice {not_late[0]!r} was not late on the day considered; leave it out",
            field="claims",
            code="not_late",
        )
    if received_on is not None and level != 3:
        raise InvalidInputError(
            "received_on: only a formal notice (level 3) has a receipt that opens §4.7",
            field="received_on",
            code="received_on_needs_level_3",
        )
    if received_on is not None and received_on < dated:
        raise InvalidInputError(
            f"received_on: {received_on.isoformat()} is before the letter's date"
            f" {dated.isoformat()}",
            field="received_on",
            code="received_before_sent",
        )
    cgvs = sorted({v for c in items if (v := _cgv_of(c)) is not None})
    if len(cgvs) > 1:
        raise InvalidInputError(
            f"claims: the invoices were issued under different CGV versions ({', '.join(cgvs)});"
            " send one letter per version",
            field="claims",
            code="mixed_cgv",
        )
    cgv = cgvs[0] if cgvs else None
    if cgv is None and client.public_buyer is None:
        raise InvalidInputError(
            f"claims: claim {numbers[0]!r} cites no CGV clause; build it with"
            " late_interest(invoice, as_of)",
            field="claims",
            code="claim_without_cgv",
        )
    creditor = creditor or Creditor()
    t = _TEXT[lang]
    basis = _BASIS[lang]

    def money(amount: Decimal) -> str:
        return fmt.money(amount, lang)

    def day(value: date) -> str:
        return fmt.day(value, lang)

    principal = sum((c.principal_outstanding for c in items), ZERO)
    interest = sum((c.interest_outstanding for c in items), ZERO)
    indemnity = sum((c.recovery_indemnity for c in items), ZERO)
    total = sum((c.total for c in items), ZERO)
    grand = total + principal

    blocks = _head(creditor, recipient, client, dated, lang)
    if level == 3:
        blocks.append(("mention", t["registered"]))
    subject = (
        f"{t[f'subject{level}']} — {t['invoices'] if len(numbers) > 1 else t['invoice'].lower()} "
        + ", ".join(numbers)
    )
    blocks.append(("subject", t["object"].format(subject=subject)))
    greeting, regards = _salutation(client, salutation, lang)
    blocks.append(("p", greeting))
    blocks.append(("p", t[f"open{level}"]))
    blocks.append(
        _Table(
            headers=(
                t["invoice"],
                t["due"],
                t["late"],
                t["principal"],
                t["interest"],
                t["indemnity"],
            ),
            rows=tuple(
                (
                    c.invoice_number,
                    fmt.short_day(due, lang) if (due := _due_on(c)) else "—",
                    fmt.number(c.days_late, lang),
                    money(c.principal_outstanding),
                    money(c.interest_outstanding),
                    money(c.recovery_indemnity),
                )
                for c in items
            ),
            total=(t["total"], "", "", money(principal), money(interest), money(indemnity)),
            numeric=frozenset({2, 3, 4, 5}),
            free=frozenset({0}),
        )
    )
    periods = [
        t["period"].format(
            invoice=c.invoice_number,
            start=day(p.start),
            end=day(p.end),
            days=fmt.number(p.days, lang),
            rate=fmt.percent(p.annual_rate, lang, places=2),
            basis=basis.get(p.basis, p.basis),
            principal=money(p.principal),
            interest=money(p.interest),
        )
        for c in items
        for p in c.periods
    ]
    if periods:
        last = max(p.end for c in items for p in c.periods)
        blocks.append(("p", t["periods"].format(day=day(last))))
        blocks.append(("list", tuple(periods)))
    settled = sum((c.interest_settled for c in items), ZERO)
    if settled > 0:
        blocks.append(
            (
                "p",
                f"Vos paiements ont déjà réglé {money(settled)} d'intérêts (article 1343-1 du Code"
                " civil)."
                if lang == "fr"
                else f"Your payments already settled {money(settled)} of interest (article 1343-1"
                " of the Code civil).",
            )
        )
    for sentence in _legal_basis(client, lang, indemnity > 0):
        blocks.append(("p", sentence))
    # a consumer owes no indemnity (RULEBOOK §9): the total names only what it holds
    what = (
        ("intérêts et indemnité" if lang == "fr" else "interest and indemnity")
        if indemnity > 0
        else ("intérêts" if lang == "fr" else "interest")
    )
    blocks.append(("p", t["claimable"].format(what=what, total=money(total), grand=money(grand))))
    opens: date | None = None
    if level == 3:
        # Code civil 1344 (the notice), 1225 al. 2 (the clause quoted), §4.7 (eight days from
        # receipt): the receipt date is not known when the letter is printed, so the letter
        # states the rule and the earliest day, never a receipt date (RULEBOOK §21).
        blocks.append(("p", t["notice3"].format(grand=money(grand))))
        blocks += _payment(creditor, len(numbers), lang)
        earliest = resolution_opens_on(received_on if received_on is not None else dated)
        if received_on is not None:
            opens = earliest
        blocks.append(("p", t["resolution3"].format(opens=day(earliest))))
        blocks.append(("quote", RESOLUTION_CLAUSE))
        blocks.append(
            ("p", t["recovery3_public" if client.public_buyer is not None else "recovery3"])
        )
    else:
        blocks += _payment(creditor, len(numbers), lang)
        blocks.append(("p", t["close1"] if level == 1 else t["close2"]))
    if client.is_consumer and client.kind == "natural_person" and cgv is not None:
        # Code de la consommation L616-1, R616-1: the mediator is named to a consumer (a
        # non-professional legal person has none, RULEBOOK §0)
        blocks.append(("p", t["mediator"].format(mediator=regime_for(cgv).mediator)))
    if creditor.contact:
        blocks.append(("p", t["contact"].format(contact=creditor.contact)))
    blocks.append(("closing", (regards, *(x for x in (creditor.signatory, creditor.name) if x))))
    identity = _identity(creditor, lang)
    if identity != creditor.name:
        blocks.append(("footer", identity))
    caveats = {
        c.source + c.text: c
        for claim in items
        # RULEBOOK §20: the quadrennial lapse date of a public claim, for the sender
        for c in (*claim.caveats, *lapse_caveats(client, claim))
    }
    return Letter(
        level=level,
        lang=lang,
        client_name=client.name,
        invoices=tuple(numbers),
        principal=principal,
        interest=interest,
        recovery_indemnity=indemnity,
        total=total,
        resolution_opens_on=opens,
        subject=subject,
        markdown=_markdown(blocks),
        html=_html(blocks, subject, lang=lang),
        fragment=_html(blocks, subject, page=False, lang=lang),
        missing=_missing(creditor, recipient),
        caveats=tuple(caveats.values()),
    )


# --- the statement -------------------------------------------------------------------------------

STATEMENT_COLUMNS = (
    "number",
    "issued_on",
    "due_on",
    "amount_incl_tax",
    "paid",
    "payments",
    "days_late",
    "principal_outstanding",
    "interest_outstanding",
    "recovery_indemnity",
    "total_due",
)


@dataclass(frozen=True)
class StatementLine:
    """One invoice of a statement, its claim on the statement's day."""

    invoice: Invoice
    claim: InterestClaim
    as_of: date

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.invoice.payments if p.on <= self.as_of), ZERO)

    @property
    def total_due(self) -> Decimal:
        """Principal still unpaid + interest still owed + indemnity."""
        return self.claim.principal_outstanding + self.claim.total


@dataclass(frozen=True)
class Statement:
    """A client's account on ``as_of`` (relevé de compte): one line per invoice, and totals,
    sent by ``creditor`` to ``recipient`` on ``dated`` (by default ``as_of``)."""

    client: Client
    as_of: date
    lines: tuple[StatementLine, ...]
    creditor: Creditor = field(default_factory=Creditor)
    recipient: Party | None = None
    dated: date | None = None

    @property
    def totals(self) -> dict[str, Decimal]:
        def total(get: Any) -> Decimal:
            return sum((get(line) for line in self.lines), ZERO)

        return {
            "amount_incl_tax": total(lambda ln: ln.invoice.amount_incl_tax),
            "paid": total(lambda ln: ln.paid),
            "principal_outstanding": total(lambda ln: ln.claim.principal_outstanding),
            "interest_outstanding": total(lambda ln: ln.claim.interest_outstanding),
            "recovery_indemnity": total(lambda ln: ln.claim.recovery_indemnity),
            "total_due": total(lambda ln: ln.total_due),
        }

    @property
    def missing(self) -> tuple[str, ...]:
        """What the sender must still give before posting it (as ``Letter.missing``)."""
        return _missing(self.creditor, self.recipient)

    def records(self) -> list[dict[str, str]]:
        """The lines as text, in ``STATEMENT_COLUMNS`` order (ISO dates, dotted amounts, as the
        ledger and the audit report write them, so that a spreadsheet re-reads them)."""
        return [
            {
                "number": ln.invoice.number,
                "issued_on": ln.invoice.issued_on.isoformat(),
                "due_on": ln.invoice.due_on.isoformat(),
                "amount_incl_tax": str(ln.invoice.amount_incl_tax),
                "paid": str(ln.paid),
                "payments": ";".join(
                    f"{p.on.isoformat()}:{p.amount}"
                    for p in ln.invoice.payments
                    if p.on <= self.as_of
                ),
                "days_late": str(ln.claim.days_late),
                "principal_outstanding": str(ln.claim.principal_outstanding),
                "interest_outstanding": str(ln.claim.interest_outstanding),
                "recovery_indemnity": str(ln.claim.recovery_indemnity),
                "total_due": str(ln.total_due),
            }
            for ln in self.lines
        ]

    def to_csv(self) -> str:
        """The statement as CSV. An invoice number a spreadsheet would run as a formula
        (``=HYPERLINK(...)``) is neutralised as the audit's CSV does (OWASP: a leading "'")."""
        from .audit import neutralise

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(STATEMENT_COLUMNS)
        for record in self.records():
            record["number"] = neutralise(record["number"])
            writer.writerow([record[c] for c in STATEMENT_COLUMNS])
        totals = {k: str(v) for k, v in self.totals.items()}
        totals["number"] = "TOTAL"
        writer.writerow([totals.get(c, "") for c in STATEMENT_COLUMNS])
        return out.getvalue()

    @property
    def title(self) -> str:
        return f"Relevé de compte — {self.client.name}"

    def _blocks(self) -> list[_Block]:
        totals = self.totals
        money = fmt.money
        creditor = self.creditor
        blocks = _head(creditor, self.recipient, self.client, self.dated or self.as_of, "fr")
        blocks += [
            ("subject", self.title),
            ("p", f"Situation de votre compte au {fmt.day(self.as_of)}."),
            _Table(
                headers=(
                    "Facture",
                    "Émise le",
                    "Échéance",
                    "Montant TTC",
                    "Payé",
                    "Jours de retard",
                    "Principal dû",
                    "Intérêts",
                    "Indemnité",
                    "Total dû",
                ),
                rows=tuple(
                    (
                        ln.invoice.number,
                        fmt.short_day(ln.invoice.issued_on),
                        fmt.short_day(ln.invoice.due_on),
                        money(ln.invoice.amount_incl_tax),
                        money(ln.paid),
                        fmt.number(ln.claim.days_late),
                        money(ln.claim.principal_outstanding),
                        money(ln.claim.interest_outstanding),
                        money(ln.claim.recovery_indemnity),
                        money(ln.total_due),
                    )
                    for ln in self.lines
                ),
                total=(
                    "Total",
                    "",
                    "",
                    money(totals["amount_incl_tax"]),
                    money(totals["paid"]),
                    "",
                    money(totals["principal_outstanding"]),
                    money(totals["interest_outstanding"]),
                    money(totals["recovery_indemnity"]),
                    money(totals["total_due"]),
                ),
                numeric=frozenset(range(3, 10)),
                free=frozenset({0}),
                wide=True,
            ),
            (
                "p",
                f"Total dû au {fmt.day(self.as_of)} : {money(totals['total_due'])}, dont"
                f" {money(totals['principal_outstanding'])} de principal,"
                f" {money(totals['interest_outstanding'])} d'intérêts de retard et"
                f" {money(totals['recovery_indemnity'])} d'indemnités forfaitaires pour frais de"
                " recouvrement.",
            ),
        ]
        payments = sorted(
            (p.on, ln.invoice.number, p.amount)
            for ln in self.lines
            for p in ln.invoice.payments
            if p.on <= self.as_of
        )
        if payments:
            blocks.append(("p", "Paiements reçus :"))
            blocks.append(
                _Table(
                    headers=("Date", "Facture", "Montant"),
                    rows=tuple((fmt.short_day(on), number, money(a)) for on, number, a in payments),
                    total=("Total", "", money(totals["paid"])),
                    numeric=frozenset({2}),
                    free=frozenset({1}),
                )
            )
        if totals["total_due"] > 0:
            blocks += _payment(creditor, len(self.lines), "fr")
        if creditor.contact:
            blocks.append(("p", _TEXT["fr"]["contact"].format(contact=creditor.contact)))
        identity = _identity(creditor, "fr")
        if identity != creditor.name:
            blocks.append(("footer", identity))
        return blocks

    @property
    def html(self) -> str:
        """A standalone page whose print stylesheet fits A4 portrait."""
        return _html(self._blocks(), self.title, kind="statement")

    @property
    def markdown(self) -> str:
        return _markdown(self._blocks())

    def _repr_html_(self) -> str:
        return _html(self._blocks(), "", page=False, kind="statement")


def statement(
    invoices: Iterable[Invoice],
    as_of: date | str,
    *,
    client: str,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    creditor: Creditor | None = None,
    recipient: Party | None = None,
    dated: date | str | None = None,
) -> Statement:
    """The account of the client named ``client`` (exactly as in the ledger) on ``as_of``:
    each of its invoices with payments, interest and indemnity (``late_interest``), sent by
    ``creditor`` to ``recipient`` on ``dated`` (by default ``as_of``)."""
    from ..api import late_interest

    as_of = as_date(as_of, "as_of")
    day = as_date(dated, "dated") if dated is not None else None
    found: list[StatementLine] = []
    names: dict[str, None] = {}  # the other clients, in ledger order (a dict: linear in the ledger)
    who: Client | None = None
    for invoice in invoices:
        if invoice.client.name != client:
            names.setdefault(invoice.client.name)
            continue
        who = who or invoice.client
        claim = late_interest(invoice, as_of, rates=rates, policy=policy)
        found.append(StatementLine(invoice, claim, as_of))
    if who is None:
        first = list(names)[:5]
        known = ", ".join(repr(n) for n in first) + ("…" if len(names) > 5 else "")
        raise InvalidInputError(
            f"client: no invoice of {client!r} in the ledger; its clients are {known or 'none'}",
            field="client",
            code="unknown_client",
        )
    return Statement(
        client=who,
        as_of=as_of,
        lines=tuple(found),
        creditor=creditor or Creditor(),
        recipient=recipient,
        dated=day,
    )


# --- the refund letter (issue 21, RULEBOOK §19) ------------------------------------------------

_REFUND_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "subject": "Remboursement de votre commande {reference} après rétractation",
        "withdrawal": "Vous avez exercé votre droit de rétractation sur votre commande de la"
        " formation {reference} ; nous avons reçu votre rétractation le {received}.",
        "due": "Nous devions vous rembourser {refund} au plus tard le {due}, dans les quatorze"
        " jours suivant la réception de votre rétractation (article L221-24 du Code de la"
        " consommation).",
        "on_time": "Nous vous remboursons cette somme le {dated}, dans ce délai : aucune"
        " majoration n'est due.",
        "late_legal": "Nous vous remboursons cette somme le {dated}, avec {days} de retard."
        " La loi majore alors de plein droit la somme due (article L242-4 du Code de la"
        " consommation) : pour un retard de dix jours au plus, de l'intérêt au taux légal, soit {amount}.",
        "late_percent": "Nous vous remboursons cette somme le {dated}, avec {days} de retard."
        " La loi majore alors de plein droit la somme due (article L242-4 du Code de la"
        " consommation) : de {percent} pour ce retard, soit {amount}.",
        "late_capped": "Nous vous remboursons cette somme le {dated}, avec {days} de retard."
        " La loi majore alors de plein droit la somme due (article L242-4 du Code de la"
        " consommation), jusqu'à concurrence du prix de votre commande ({cap}), puis de l'intérêt au taux"
        " légal : {amount}.",
        "paid_on": "Versé le {day}",
        "refund": "Remboursement",
        "increase": "Majoration (article L242-4)",
        "total": "Total",
        "tomorrow": "Pour mémoire, un versement le lendemain, le {tomorrow}, aurait porté la"
        " majoration à {amount} (total {total}).",
        "paid": "Total que nous vous versons : {total}.",
        "means": "Ce remboursement est effectué par le même moyen de paiement que celui que vous"
        " avez utilisé, sauf si vous avez expressément accepté un autre moyen (article L221-24"
        " du Code de la consommation).",
    },
    "en": {
        "subject": "Refund of your order {reference} after withdrawal",
        "withdrawal": "You exercised your right of withdrawal from your order for the training"
        " {reference}; we received your withdrawal on {received}.",
        "due": "We had to refund you {refund} by {due} at the latest, within fourteen days of"
        " receiving your withdrawal (article L221-24 of the Code de la consommation).",
        "on_time": "We refund this sum on {dated}, within that time: no increase is owed.",
        "late_legal": "We refund it on {dated}, {days} late. The law then increases the sum"
        " owed by right (article L242-4 of the Code de la consommation): for a delay of at most"
        " ten days, by interest at the legal rate, that is {amount}.",
        "late_percent": "We refund it on {dated}, {days} late. The law then increases the"
        " sum owed by right (article L242-4 of the Code de la consommation): by {percent} for"
        " this delay, that is {amount}.",
        "late_capped": "We refund it on {dated}, {days} late. The law then increases the"
        " sum owed by right (article L242-4 of the Code de la consommation), up to the price of"
        " your order ({cap}), then by interest at the legal rate: {amount}.",
        "paid_on": "Paid on {day}",
        "refund": "Refund",
        "increase": "Increase (article L242-4)",
        "total": "Total",
        "tomorrow": "For the record, a payment the next day, {tomorrow}, would have brought the"
        " increase to {amount} (total {total}).",
        "paid": "Total we pay you: {total}.",
        "means": "This refund is made by the same means of payment as the one you used, unless"
        " you expressly agreed to another (article L221-24 of the Code de la consommation).",
    },
}


def _days(count: int, lang: Lang) -> str:
    """ "1 jour", "20 jours" ("1 day", "20 days")."""
    word = ("jour" if lang == "fr" else "day") + ("s" if count > 1 else "")
    return f"{fmt.number(count, lang)} {word}"


def refund_letter(
    order: Order,
    settlement: Settlement,
    dated: date | str,
    *,
    creditor: Creditor | None = None,
    recipient: Party | None = None,
    lang: Lang = "fr",
    rates: RateTable | None = None,
) -> Letter:
    """The letter LEXOM sends a consumer with the refund of a withdrawal inside the consumer
    window (RULEBOOK §19, issue 21): the sum refunded (``settlement.to_refund``), the day it
    was due (the withdrawal's receipt + 14 days, Code de la consommation L221-24), and, when
    ``dated`` (the day it is paid) is after that day, the L242-4 increase owed on ``dated`` and
    what it would be one day later (:func:`refund_surcharge`), a table of both, and the total
    paid. Any other settlement raises ``not_a_consumer_refund``, as :func:`refund_surcharge`.

    The returned :class:`Letter` has ``kind="refund"``: ``principal`` the refund,
    ``interest`` the increase, ``total`` what is paid (refund + increase), ``total_tomorrow``
    what it would be a day later (None when not late, or the next day's legal rate is
    unknown)."""
    from ..statute.consumer_refund import refund_surcharge

    if lang not in ("fr", "en"):
        raise InvalidInputError(
            f"lang: {lang!r}; use 'fr' or 'en'", field="lang", code="invalid_lang"
        )
    dated = as_date(dated, "dated")
    found = refund_surcharge(order, settlement, dated, rates=rates)
    received = settlement.received_on
    assert received is not None  # refund_surcharge refused a settlement without it
    creditor = creditor or Creditor()
    client = order.client
    t = _REFUND_TEXT[lang]

    def money(amount: Decimal) -> str:
        return fmt.money(amount, lang)

    def day(value: date) -> str:
        return fmt.day(value, lang)

    reference = order.session.reference
    refund = found.refund
    increase = found.amount
    total = refund + increase
    late = found.days_late > 0
    tomorrow = found.amount_tomorrow if late else None
    subject = t["subject"].format(reference=reference)
    blocks = _head(creditor, recipient, client, dated, lang)
    blocks.append(("subject", _TEXT[lang]["object"].format(subject=subject)))
    greeting, regards = _salutation(client, None, lang)
    blocks.append(("p", greeting))
    blocks.append(("p", t["withdrawal"].format(reference=reference, received=day(received))))
    blocks.append(("p", t["due"].format(refund=money(refund), due=day(found.due_on))))
    if not late:
        blocks.append(("p", t["on_time"].format(dated=day(dated))))
    else:
        key = (
            "late_capped"
            if found.cap_reached_on is not None
            else ("late_legal" if found.percent is None else "late_percent")
        )
        blocks.append(
            (
                "p",
                t[key].format(
                    dated=day(dated),
                    days=_days(found.days_late, lang),
                    percent=fmt.percent(found.percent, lang) if found.percent is not None else "",
                    amount=money(increase),
                    cap=money(order.total),
                ),
            )
        )
        next_day = dated + timedelta(days=1)
        headers: tuple[str, ...] = ("", t["paid_on"].format(day=fmt.short_day(dated, lang)))
        rows: list[tuple[str, ...]] = [
            (t["refund"], money(refund)),
            (t["increase"], money(increase)),
        ]
        foot = [t["total"], money(total)]
        if tomorrow is not None:
            headers += (t["paid_on"].format(day=fmt.short_day(next_day, lang)),)
            rows = [
                (*rows[0], money(refund)),
                (*rows[1], money(tomorrow)),
            ]
            foot.append(money(refund + tomorrow))
        blocks.append(
            _Table(
                headers=headers,
                rows=tuple(rows),
                total=tuple(foot),
                numeric=frozenset(range(1, len(headers))),
            )
        )
        if tomorrow is not None:
            blocks.append(
                (
                    "p",
                    t["tomorrow"].format(
                        tomorrow=day(next_day),
                        amount=money(tomorrow),
                        total=money(refund + tomorrow),
                    ),
                )
            )
    blocks.append(("p", t["paid"].format(total=money(total))))
    blocks.append(("p", t["means"]))
    if client.kind == "natural_person":
        # Code de la consommation L616-1, R616-1: the mediator is named to a consumer
        blocks.append(
            ("p", _TEXT[lang]["mediator"].format(mediator=regime_for(order.cgv).mediator))
        )
    if creditor.contact:
        blocks.append(("p", _TEXT[lang]["contact"].format(contact=creditor.contact)))
    blocks.append(("closing", (regards, *(x for x in (creditor.signatory, creditor.name) if x))))
    identity = _identity(creditor, lang)
    if identity != creditor.name:
        blocks.append(("footer", identity))
    # LEXOM pays: its IBAN is not needed, the consumer's address is
    missing = tuple(m for m in _missing(creditor, recipient) if m != "creditor.iban")
    return Letter(
        kind="refund",
        level=0,
        lang=lang,
        client_name=client.name,
        invoices=(),
        principal=refund,
        interest=increase,
        recovery_indemnity=ZERO,
        total=total,
        total_tomorrow=None if tomorrow is None else refund + tomorrow,
        resolution_opens_on=None,
        subject=subject,
        markdown=_markdown(blocks),
        html=_html(blocks, subject, lang=lang),
        fragment=_html(blocks, subject, page=False, lang=lang),
        missing=missing,
        caveats=(),
    )
