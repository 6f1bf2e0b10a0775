"""The letters an accountant sends after an interest claim (issue 14, item 4).

``reminder(claims, level=1|2|3, creditor=..., client=..., dated=...)``: one client's late
invoices in one letter — level 1 a courteous reminder, level 2 a firm one, level 3 the formal
notice (mise en demeure) that opens the eight days of §4.7 — stating the invoices, the days late,
the interest with its rate and the clause behind it, the indemnity, the total claimable and the
date from which LEXOM may resolve the contract (:func:`lexom_terms.resolution_opens_on`).

``statement(invoices, as_of, client=...)``: the client's account (relevé de compte) from a
ledger's invoices: invoices, payments, interest, indemnity, total, as HTML and CSV.

Both are built once as blocks (paragraphs, tables, lists) and written from them as Markdown and
HTML, so the two forms say the same thing. Every figure comes from the claims (nothing is
recomputed here but sums) and is written with :mod:`lexom_terms.fmt`: "1 800,00 €" never breaks
across lines. Names and invoice numbers appear exactly as given (escaped in HTML, and Markdown's
table separator escaped). Nothing reads the clock: the letter's date is an argument.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import fmt
from ..cgv.general import resolution_opens_on
from ..errors import InvalidInputError
from ..models import Client, InterestPolicy, Invoice
from ..money import ZERO
from ..rates import RateTable
from ..results import InterestClaim

Lang = Literal["fr", "en"]
Level = Literal[1, 2, 3]

#: new-30 §5.4 and the legacy CGV's mediation clause (seeds 000–002, 003)
MEDIATORS = {
    "legacy-15": (
        "CNPM - Médiation de la consommation, 27 avenue de la Libération, 42400 Saint-Chamond"
        " (https://cnpm-mediation-consommation.eu/)"
    ),
    "new-30": (
        "MED CONSO DEV (Médiation Consommation Développement), 3 rue J. Constant Milleret,"
        " 42000 Saint-Étienne (https://www.medconsodev.eu)"
    ),
}


class Creditor(BaseModel):
    """Who signs the letter: LEXOM, its address and contact, the signatory."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(default="LEXOM", min_length=1, description="the creditor's name")
    address: tuple[str, ...] = Field(default=(), description="postal address, one line each")
    city: str = Field(default="", description="where the letter is written ('Fait à')")
    contact: str = Field(default="", description="e-mail or phone for questions")
    signatory: str = Field(default="", description="who signs, e.g. 'Le service comptable'")


# --- blocks: one structure, two renderings -------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    numeric: frozenset[int] = field(default_factory=frozenset)


_Block = tuple[str, str] | tuple[str, tuple[str, ...]] | _Table


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown(blocks: Sequence[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, _Table):
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
            out.append("\n".join(f"- {item}" for item in block[1]))
        elif block[0] == "lines":
            out.append("  \n".join(block[1]))
        elif block[0] == "subject":
            out.append(f"**{block[1]}**")
        else:
            out.append(str(block[1]))
    return "\n\n".join(out) + "\n"


def _html(blocks: Sequence[_Block], title: str, *, page: bool = True) -> str:
    """The blocks as a standalone HTML page, or (``page=False``) as a ``<div>`` for a
    notebook."""
    td = "padding:2px 8px;border-bottom:1px solid #ddd;white-space:nowrap"
    out: list[str] = []
    for block in blocks:
        if isinstance(block, _Table):

            def cell(tag: str, index: int, text: str, extra: str = "", t: _Table = block) -> str:
                align = "right" if index in t.numeric else "left"
                scope = ' scope="col"' if tag == "th" else ""
                return (
                    f'<{tag}{scope} style="{td};text-align:{align}{extra}">{escape(text)}</{tag}>'
                )

            head = "".join(cell("th", i, h) for i, h in enumerate(block.headers))
            body = "".join(
                "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                for row in block.rows
            )
            foot = ""
            if block.total is not None:
                foot = (
                    "<tfoot><tr>"
                    + "".join(
                        cell("td", i, c, ";font-weight:bold;border-top:2px solid #888")
                        for i, c in enumerate(block.total)
                    )
                    + "</tr></tfoot>"
                )
            out.append(
                '<table style="border-collapse:collapse;margin:0.5em 0">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>"
            )
        elif block[0] == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in block[1])
            out.append(f"<ul>{items}</ul>")
        elif block[0] == "lines":
            out.append("<p>" + "<br>".join(escape(line) for line in block[1]) + "</p>")
        elif block[0] == "subject":
            out.append(f"<p><strong>{escape(str(block[1]))}</strong></p>")
        else:
            out.append(f"<p>{escape(str(block[1]))}</p>")
    style = "font-family:Georgia,serif;font-size:11pt;max-width:42em"
    if not page:
        return f'<div class="lexom-letter" style="{style}">' + "".join(out) + "</div>"
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="{style};margin:2em auto">' + "".join(out) + "</body></html>\n"
    )


# --- the letter ------------------------------------------------------------------------------------


class Letter(BaseModel):
    """A letter, in Markdown and in HTML (a whole page), with the figures it states."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: int = Field(description="1 courteous, 2 firm, 3 formal notice (mise en demeure)")
    lang: str = Field(description="fr or en")
    client_name: str = Field(description="the addressee, as given")
    invoices: tuple[str, ...] = Field(description="the invoice numbers the letter claims")
    principal: Decimal = Field(description="principal still unpaid, all invoices")
    interest: Decimal = Field(description="interest still owed, all invoices")
    recovery_indemnity: Decimal = Field(description="recovery indemnities, all invoices")
    total: Decimal = Field(description="total claimable: interest + indemnity")
    resolution_opens_on: date | None = Field(
        description="level 3 with a known receipt date: the day LEXOM may resolve (§4.7)"
    )
    subject: str = Field(description="the letter's subject line")
    markdown: str = Field(description="the letter as Markdown")
    html: str = Field(description="the letter as a standalone HTML page")
    fragment: str = Field(description="the letter as an HTML <div> (notebook display)")

    def _repr_html_(self) -> str:
        return self.fragment

    def __str__(self) -> str:
        return self.markdown


_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "subject1": "Rappel de paiement",
        "subject2": "Relance de paiement",
        "subject3": "Mise en demeure de payer",
        "registered": "Lettre recommandée avec demande d'avis de réception",
        "invoices": "factures",
        "salutation": "Madame, Monsieur,",
        "open1": "Sauf erreur de notre part, les sommes ci-dessous restent dues à ce jour. Il"
        " s'agit peut-être d'un simple oubli : nous vous remercions de bien vouloir procéder à"
        " leur règlement.",
        "open2": "Malgré notre précédent rappel, les sommes ci-dessous restent dues. Nous vous"
        " demandons de les régler sans délai.",
        "open3": "Malgré nos relances, les sommes ci-dessous restent dues. Par la présente, nous"
        " vous mettons en demeure de les régler.",
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
        "claimable": "Total réclamable ({what}) : {total}. Total à régler,"
        " principal compris : {grand}.",
        "close1": "Si votre règlement a croisé ce courrier, merci de ne pas en tenir compte."
        " Nous restons à votre disposition pour toute question.",
        "close2": "Sans règlement de votre part, nous vous adresserons une mise en demeure ;"
        " huit jours après sa réception restée sans effet, LEXOM pourra demander la résolution"
        " du contrat ({clause}).",
        "close3_known": "Conformément à l'article 4.7 des conditions générales de vente ({clause}),"
        " faute de règlement dans les huit jours suivant la réception de la présente, le"
        " {received}, soit au plus tard le {last}, LEXOM pourra demander la résolution du contrat"
        " à compter du {opens}, sans préjudice de dommages et intérêts.",
        "close3_unknown": "Conformément à l'article 4.7 des conditions générales de vente"
        " ({clause}), faute de règlement dans les huit jours suivant la réception de la présente,"
        " LEXOM pourra demander la résolution du contrat à compter du neuvième jour suivant cette"
        " réception (au plus tôt le {opens}), sans préjudice de dommages et intérêts.",
        "contact": "Contact : {contact}.",
        "regards": "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations"
        " distinguées.",
        "place": "{city}, le {day}",
        "day": "Le {day}",
        "mediator": "Médiation de la consommation : après une réclamation écrite auprès de LEXOM"
        " restée sans suite, vous pouvez saisir gratuitement le médiateur de la consommation :"
        " {mediator}.",
        "info": "Informations :",
    },
    "en": {
        "subject1": "Payment reminder",
        "subject2": "Second payment reminder",
        "subject3": "Formal notice to pay",
        "registered": "Registered letter with acknowledgement of receipt",
        "invoices": "invoices",
        "salutation": "Dear Sir or Madam,",
        "open1": "According to our records, the amounts below are still owed. This may be a"
        " simple oversight: we would be grateful if you could settle them.",
        "open2": "Despite our previous reminder, the amounts below are still owed. We ask you"
        " to settle them without delay.",
        "open3": "Despite our reminders, the amounts below are still owed. We hereby give you"
        " formal notice to pay them.",
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
        "claimable": "Total claimable ({what}): {total}. Total to pay, principal"
        " included: {grand}.",
        "close1": "If your payment has crossed this letter, please disregard it. We remain at"
        " your disposal for any question.",
        "close2": "Without payment, we will send you a formal notice; eight days after its"
        " receipt without effect, LEXOM may ask for the contract to be terminated ({clause}).",
        "close3_known": "Under section 4.7 of the general terms of sale ({clause}), failing"
        " payment within eight days of the receipt of this notice on {received}, that is by"
        " {last}, LEXOM may ask for the contract to be terminated from {opens}, without"
        " prejudice to damages.",
        "close3_unknown": "Under section 4.7 of the general terms of sale ({clause}), failing"
        " payment within eight days of the receipt of this notice, LEXOM may ask for the"
        " contract to be terminated from the ninth day after that receipt (at the earliest on"
        " {opens}), without prejudice to damages.",
        "contact": "Contact: {contact}.",
        "regards": "Yours faithfully,",
        "place": "{city}, {day}",
        "day": "{day}",
        "mediator": "Consumer mediation: after a written complaint to LEXOM left unanswered, you"
        " may refer the dispute free of charge to the consumer mediator: {mediator}.",
        "info": "Information:",
    },
}

_BASIS = {
    "fr": {"ECB+10": "BCE + 10 points", "3x legal": "3 × taux légal", "ECB+8": "BCE + 8 points"},
    "en": {"ECB+10": "ECB + 10 points", "3x legal": "3 × legal rate", "ECB+8": "ECB + 8 points"},
}


def _legal_basis(client: Client, cgv: str | None, lang: Lang, indemnity: bool) -> list[str]:
    """The sentences that say why interest (and the indemnity) are owed, by kind of client."""
    if client.public_buyer is not None:
        if lang == "fr":
            return [
                "Le retard de paiement fait courir de plein droit des intérêts moratoires et"
                " l'indemnité forfaitaire pour frais de recouvrement (Code de la commande publique"
                " L2192-13), au taux de la Banque centrale européenne en vigueur au premier jour"
                " du semestre où les intérêts ont commencé à courir, majoré de 8 points (R2192-31),"
                f" et l'indemnité de {fmt.money(Decimal('40.00'))} par facture (D2192-35).",
            ]
        return [
            "Late payment bears interest and the flat recovery indemnity by right (Code de la"
            " commande publique L2192-13), at the European Central Bank rate in force on the"
            " first day of the semester in which interest started, plus 8 points (R2192-31), and"
            f" an indemnity of {fmt.money(Decimal('40.00'), 'en')} per invoice (D2192-35).",
        ]
    consumer = client.is_consumer
    if lang == "fr":
        # Code de commerce L441-10 binds professionals: toward a consumer the clause alone
        # founds the interest (and the caveats say what a judge may do with it).
        statute = (
            ""
            if consumer
            else " et à l'article L441-10 du Code de commerce (anciennement L441-6, cité par les"
            " CGV)"
        )
        found = [
            f"Conformément à l'article 3.4 de nos conditions générales de vente ({cgv} §3.4)"
            f"{statute}, le retard de paiement fait courir de plein droit, sans mise en demeure"
            " préalable, des intérêts au taux directeur de la BCE majoré de 10 points, sans être"
            " inférieur à trois fois le taux de l'intérêt légal, appliqué au montant TTC.",
        ]
        if indemnity:
            found.append(
                "Une indemnité forfaitaire pour frais de recouvrement de"
                f" {fmt.money(Decimal('40.00'))} est due par facture payée en retard (Code de"
                " commerce L441-10 et D441-5)."
            )
        return found
    statute = (
        ""
        if consumer
        else " and the Code de commerce L441-10 (formerly L441-6, as the terms cite it)"
    )
    found = [
        f"Under section 3.4 of our general terms of sale ({cgv} §3.4){statute}, late payment"
        " bears interest by right, without prior notice, at the ECB main refinancing rate plus 10"
        " points, and no less than three times the legal interest rate, on the amount including"
        " VAT.",
    ]
    if indemnity:
        found.append(
            f"A flat recovery indemnity of {fmt.money(Decimal('40.00'), 'en')} is owed per late"
            " invoice (Code de commerce L441-10 and D441-5)."
        )
    return found


def _cgv_of(claim: InterestClaim) -> str | None:
    """The CGV version a claim was computed under, from its clause (``legacy-15 §3.4``); None
    for a claim that cites only statutes (a public buyer's)."""
    for citation in claim.citations:
        head = citation.source.split(" ")[0]
        if head in MEDIATORS:
            return head
    return None


def _due_on(claim: InterestClaim) -> date | None:
    """The due date: the day before interest starts to run."""
    return claim.periods[0].start - timedelta(days=1) if claim.periods else None


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
    dated: date,
    received_on: date | None = None,
    lang: Lang = "fr",
) -> Letter:
    """A reminder letter to ``client`` for its late invoices (one claim each), written on
    ``dated``. Level 3 is the formal notice of §4.7: with ``received_on`` (the day the client
    receives it), the letter names the day LEXOM may resolve the contract
    (:func:`resolution_opens_on`); without it, the earliest such day (receipt cannot come before
    the letter's date)."""
    items = (claims,) if isinstance(claims, InterestClaim) else tuple(claims)
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

    blocks: list[_Block] = [("lines", (creditor.name, *creditor.address))]
    blocks.append(("lines", (client.name,)))
    blocks.append(
        (
            "p",
            t["place"].format(city=creditor.city, day=day(dated))
            if creditor.city
            else t["day"].format(day=day(dated)),
        )
    )
    if level == 3:
        blocks.append(("lines", (t["registered"],)))
    subject = (
        f"{t[f'subject{level}']} — {t['invoices'] if len(numbers) > 1 else t['invoice'].lower()} "
        + ", ".join(numbers)
    )
    blocks.append(("subject", subject))
    blocks.append(("p", t["salutation"]))
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
                f"Vos paiements ont déjà réglé {money(settled)} d'intérêts (Code civil 1343-1)."
                if lang == "fr"
                else f"Your payments already settled {money(settled)} of interest (Code civil"
                " 1343-1).",
            )
        )
    for sentence in _legal_basis(client, cgv, lang, indemnity > 0):
        blocks.append(("p", sentence))
    # a consumer owes no indemnity (RULEBOOK §9): the total names only what it holds
    what = (
        ("intérêts et indemnité" if lang == "fr" else "interest and indemnity")
        if indemnity > 0
        else ("intérêts" if lang == "fr" else "interest")
    )
    blocks.append(
        ("p", t["claimable"].format(what=what, total=money(total), grand=money(total + principal)))
    )
    clause = f"{cgv} §4.7" if cgv else "CGV §4.7"
    opens: date | None = None
    if level == 1:
        blocks.append(("p", t["close1"]))
    elif level == 2:
        blocks.append(("p", t["close2"].format(clause=clause)))
    elif received_on is not None:
        opens = resolution_opens_on(received_on)
        blocks.append(
            (
                "p",
                t["close3_known"].format(
                    clause=clause,
                    received=day(received_on),
                    last=day(opens - timedelta(days=1)),
                    opens=day(opens),
                ),
            )
        )
    else:
        blocks.append(
            ("p", t["close3_unknown"].format(clause=clause, opens=day(resolution_opens_on(dated))))
        )
    if client.is_consumer:
        caveats = {c.sentence(lang): c.source for claim in items for c in claim.caveats}
        notes = [f"{text} ({source})" for text, source in caveats.items()]
        if cgv is not None:
            notes.append(t["mediator"].format(mediator=MEDIATORS[cgv]))
        blocks.append(("p", t["info"]))
        blocks.append(("list", tuple(notes)))
    if creditor.contact:
        blocks.append(("p", t["contact"].format(contact=creditor.contact)))
    blocks.append(("p", t["regards"]))
    blocks.append(("lines", tuple(x for x in (creditor.signatory, creditor.name) if x)))
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
        html=_html(blocks, subject),
        fragment=_html(blocks, subject, page=False),
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
    """A client's account on ``as_of`` (relevé de compte): one line per invoice, and totals."""

    client: Client
    as_of: date
    lines: tuple[StatementLine, ...]

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
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(STATEMENT_COLUMNS)
        for record in self.records():
            writer.writerow([record[c] for c in STATEMENT_COLUMNS])
        totals = {k: str(v) for k, v in self.totals.items()}
        totals["number"] = "TOTAL"
        writer.writerow([totals.get(c, "") for c in STATEMENT_COLUMNS])
        return out.getvalue()

    def _blocks(self) -> list[_Block]:
        totals = self.totals
        money = fmt.money
        blocks: list[_Block] = [
            ("subject", f"Relevé de compte — {self.client.name}"),
            ("p", f"Situation au {fmt.day(self.as_of)}."),
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
                )
            )
        return blocks

    @property
    def html(self) -> str:
        return _html(self._blocks(), f"Relevé de compte — {self.client.name}")

    @property
    def markdown(self) -> str:
        return _markdown(self._blocks())

    def _repr_html_(self) -> str:
        return _html(self._blocks(), "", page=False)


def statement(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    client: str,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
) -> Statement:
    """The account of the client named ``client`` (exactly as in the ledger) on ``as_of``:
    each of its invoices with payments, interest and indemnity (``late_interest``)."""
    from ..api import late_interest

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
    return Statement(client=who, as_of=as_of, lines=tuple(found))
