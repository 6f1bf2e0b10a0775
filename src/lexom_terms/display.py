"""Notebook display: ``html_for(obj)`` writes a result (or an order, an invoice, an audit report)
as a small French statement — a heading, headed tables of the figures, the clauses, and the
caveats set apart — for Jupyter's ``_repr_html_``.

Every value is written where it is produced, with :mod:`lexom_terms.fmt` (CLDR fr_FR: "1 800,00
€" with no-break spaces, "16 mars 2026", "13,15 %"); names, references and invoice numbers
appear exactly as given, escaped. The HTML is a fragment with inline styles only (a notebook
that is not trusted drops ``<style>`` blocks), and it parses without error as HTML5
(``tests/test_display.py``).

Objects are recognised by their type (``_dispatch.ByType``, along the MRO), never by their class
name. This module imports nothing above it: the results and models it writes are imported on the
first display, and a type defined above (a tool's report: ``Check``, ``FeeSchedule``,
``RegimeComparison``, ``AuditReport``) registers its writer with :func:`register` when its module
is imported. A type nobody registered is shown as its escaped ``repr``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from . import fmt
from ._audit_columns import MONEY_COLUMNS
from ._dispatch import ByType

#: rows of an audit report shown before "… and N more"
AUDIT_ROWS = 10

_BOX = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.4"
_TABLE = "border-collapse:collapse;margin:0.4em 0 0.8em 0"
# cells never wrap: "F-2025-118" or "BCE + 10 points" split over two lines reads badly
_TH = "text-align:left;border-bottom:2px solid #888;padding:2px 10px 2px 4px;white-space:nowrap"
_TH_NUM = (
    "text-align:right;border-bottom:2px solid #888;padding:2px 4px 2px 10px;white-space:nowrap"
)
_TD = "text-align:left;border-bottom:1px solid #ddd;padding:2px 10px 2px 4px;white-space:nowrap"
_TD_NUM = (
    "text-align:right;border-bottom:1px solid #ddd;padding:2px 4px 2px 10px;"
    "font-variant-numeric:tabular-nums;white-space:nowrap"
)
_TOTAL = "font-weight:bold;border-top:2px solid #888"
_MISMATCH = "background:#fde2e1;color:#7a1010;font-weight:bold"
_CAVEATS = (
    "border-left:4px solid #d98b00;background:#fff6e0;color:#4a3500;"
    "padding:0.3em 0.8em;margin:0.6em 0;max-width:60em"
)
_WARNING = (
    "border-left:4px solid #c0392b;background:#fdecea;color:#5c1010;"
    "padding:0.3em 0.8em;margin:0.6em 0"
)
_WHY = "color:#333;margin:0.4em 0;max-width:60em"

STATUS_FR = {
    "retracted": "rétractation",
    "cancelled": "annulation",
    "postponed": "report",
    "pending_reschedule": "report en attente d'une nouvelle date",
    "refused": "demande refusée",
    "not_receivable": "demande irrecevable",
    "cancelled_by_provider": "annulation par LEXOM",
    "postponed_by_provider": "report par LEXOM",
}
ECB_REFERENCE_FR = {
    "semester": "taux BCE du semestre (1er janvier ou 1er juillet)",
    "january": "taux BCE du 1er janvier de l'année",
}
DAY_COUNT_FR = {
    "act/365": "jours exacts / 365",
    "act/act": "jours exacts / 365 ou 366 (année bissextile)",
}
ALLOCATION_FR = {
    "principal_first": "paiements imputés sur le principal",
    "interest_first": "paiements imputés d'abord sur les intérêts (Code civil 1343-1)",
}
BASIS_FR = {
    "ECB+10": "BCE + 10 points",
    "3x legal": "3 × taux légal",
    "ECB+8": "BCE + 8 points",
}
CHECK_ITEMS_FR = {
    "fee": "frais",
    "refund": "remboursement",
    "interest": "intérêts de retard",
    "recovery_indemnity": "indemnité forfaitaire de recouvrement",
}
CHANNEL_FR = {
    "direct": "à distance (courrier, courriel)",
    "website": "site internet",
    "on_premises": "dans les locaux de LEXOM",
    "cpf": "Mon Compte Formation",
}
PUBLIC_BUYER_FR = {
    "state": "acheteur public (État, collectivité)",
    "health": "établissement public de santé",
    "public_undertaking": "entreprise publique",
}


def basis_fr(basis: str) -> str:
    """The French name of an interest period's rate basis ("ECB+10" → "BCE + 10 points")."""
    return BASIS_FR.get(basis, basis)


def status_fr(status: str) -> str:
    return STATUS_FR.get(str(status), str(status))


# --- building blocks ---------------------------------------------------------------------------


def _count(n: int, one: str, many: str = "") -> str:
    """``1 facture``, ``2 factures`` (French: 0 and 1 take the singular)."""
    return f"{fmt.number(n)} {one if n <= 1 else (many or one + 's')}"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else fmt.money(value)


def _day(value: date | None) -> str:
    return "—" if value is None else fmt.day(value)


class Cell:
    """A table cell: text (escaped when written) and whether it is a figure (right-aligned)."""

    __slots__ = ("numeric", "prose", "text")

    def __init__(self, text: str, numeric: bool = False, prose: bool = False) -> None:
        self.text = text
        self.numeric = numeric
        #: a rule module's own sentence or label (written where it was produced), not ours
        self.prose = prose


def num(text: str) -> Cell:
    return Cell(text, numeric=True)


def prose(text: str) -> Cell:
    return Cell(text, prose=True)


CellLike = str | Cell


def table(
    headers: Sequence[CellLike],
    rows: Iterable[Sequence[CellLike]],
    *,
    caption: str = "",
    total: Sequence[CellLike] | None = None,
    highlight: Callable[[int], bool] | None = None,
) -> str:
    """A headed table; ``highlight(i)`` marks row ``i`` (a mismatch); ``total`` closes it."""

    def cell(tag: str, value: CellLike, extra: str = "") -> str:
        item = value if isinstance(value, Cell) else Cell(value)
        if tag == "th":
            style = _TH_NUM if item.numeric else _TH
            return f'<th scope="col" style="{style}">{escape(item.text)}</th>'
        style = (_TD_NUM if item.numeric else _TD) + extra
        css = ' class="lexom-prose"' if item.prose else ""
        return f'<td{css} style="{style}">{escape(item.text)}</td>'

    head = "<tr>" + "".join(cell("th", h) for h in headers) + "</tr>"
    body = []
    for index, row in enumerate(rows):
        mark = highlight is not None and highlight(index)
        extra = ";" + _MISMATCH if mark else ""
        attribute = ' class="lexom-mismatch"' if mark else ""
        body.append(f"<tr{attribute}>" + "".join(cell("td", c, extra) for c in row) + "</tr>")
    foot = ""
    if total is not None:
        foot = "<tfoot><tr>" + "".join(cell("td", c, ";" + _TOTAL) for c in total) + "</tr></tfoot>"
    cap = (
        f'<caption style="text-align:left;font-weight:bold;padding:2px 4px">{escape(caption)}'
        "</caption>"
        if caption
        else ""
    )
    return (
        f'<table style="{_TABLE}">{cap}<thead>{head}</thead><tbody>{"".join(body)}</tbody>'
        f"{foot}</table>"
    )


def figures(rows: Iterable[tuple[str, CellLike]], headers: tuple[str, str]) -> str:
    """A two-column table: what, and its figure (amount, date or count)."""
    return table(
        [headers[0], num(headers[1])],
        [[label, value if isinstance(value, Cell) else num(value)] for label, value in rows],
    )


def paragraph(text: str, style: str = "") -> str:
    attribute = f' style="{style}"' if style else ""
    return f"<p{attribute}>{escape(text)}</p>"


def note(text: str) -> str:
    """A grey line under a table (the method used)."""
    return f'<p class="lexom-note" style="color:#555">{escape(text)}</p>'


def heading(text: str) -> str:
    return f'<h4 style="margin:0.2em 0 0.4em 0">{escape(text)}</h4>'


def box(*parts: str, kind: str = "") -> str:
    css = f"lexom-terms lexom-{kind}" if kind else "lexom-terms"
    return f'<div class="{css}" style="{_BOX}">{"".join(p for p in parts if p)}</div>'


def citations(title: str, items: Sequence[Any], style: str = _WHY, css: str = "why") -> str:
    """A titled list of citations, each "source : sentence" in French."""
    if not items:
        return ""
    lines = "".join(
        f"<li><strong>{escape(c.source)}</strong> : {escape(c.sentence('fr'))}</li>" for c in items
    )
    return (
        f'<div class="lexom-{css}" style="{style}"><strong>{escape(title)}</strong>'
        f'<ul style="margin:0.2em 0 0.2em 1.2em;padding:0">{lines}</ul></div>'
    )


def why(items: Sequence[Any]) -> str:
    return citations("Pourquoi", items)


def caveats(items: Sequence[Any]) -> str:
    """The caveats, set apart from the figures and the reasons (a coloured side bar)."""
    return citations("Réserves", items, _CAVEATS, "caveats")


def warning(text: str) -> str:
    return f'<div class="lexom-warning" style="{_WARNING}">{escape(text)}</div>'


def provisional(obj: Any) -> str:
    if getattr(obj, "is_provisional", False):
        return warning(
            "Calcul provisoire : au moins un taux utilisé n'est pas encore confirmé par une"
            " source officielle."
        )
    return ""


# --- one writer per type -----------------------------------------------------------------------


def _settlement(s: Any) -> str:
    rows: list[tuple[str, CellLike, CellLike]] = [
        ("Montant dû", num(_money(s.owed)), ""),
    ]
    owed_excl_tax = getattr(s, "owed_excl_tax", None)
    owed_vat = getattr(s, "owed_vat", None)
    if owed_excl_tax is not None and owed_vat is not None:
        rows.append(("dont hors taxes", num(_money(owed_excl_tax)), ""))
        rows.append(("dont TVA", num(_money(owed_vat)), ""))
    rows.append(("Déjà payé", num(_money(s.paid)), ""))
    if s.to_pay > 0:
        rows.append(("Reste à payer", num(_money(s.to_pay)), f"exigible le {_day(s.due_on)}"))
    if s.to_refund > 0:
        when = f"au plus tard le {_day(s.refund_due_on)}" if s.refund_due_on else ""
        rows.append(("À rembourser", num(_money(s.to_refund)), when))
    if s.credited > 0:
        rows.append(("Crédité sur la session reportée", num(_money(s.credited)), ""))
    if s.new_session_owed is not None:
        rows.append(("Coût restant de la session reportée", num(_money(s.new_session_owed)), ""))
    if s.escalates_on is not None and s.owed_after_escalation is not None:
        rows.append(
            (
                "Montant dû sans nouvelle date",
                num(_money(s.owed_after_escalation)),
                f"à partir du {_day(s.escalates_on)}",
            )
        )
    received = getattr(s, "_received_on", None)
    when = f", demande reçue le {fmt.day(received)}" if isinstance(received, date) else ""
    decided_by = getattr(s, "decided_by", None)  # the deciding clause, where the result names it
    if isinstance(decided_by, str) and decided_by:
        when += f" ({decided_by})"
    parts = [
        heading(f"CGV {s.cgv} : {status_fr(s.status)}{when}"),
        table(["Poste", num("Montant"), "Échéance"], [list(r) for r in rows]),
    ]
    if s.boundaries:
        parts.append(
            table(
                ["La même demande", num("Montant dû"), "Statut", "Clause"],
                [
                    [
                        ("reçue le " if b.varies == "received_on" else "nouvelle date au ")
                        + _day(b.on),
                        num(_money(b.owed)),
                        status_fr(b.status),
                        b.source,
                    ]
                    for b in s.boundaries
                ],
                caption="Seuils les plus proches",
            )
        )
    parts.append(_settlement_lines(s))  # an order with lines (RULEBOOK §14)
    parts += [why(s.citations), caveats(s.caveats)]
    return box(*parts, kind="settlement")


def _retraction_window(w: Any) -> str:
    last = _day(w.last_day)
    rows: list[tuple[str, CellLike]] = [
        ("Durée (jours)", num(str(w.days))),
        ("Ouverture", num(_day(w.opens_on))),
        ("Dernier jour nominal", num(_day(w.nominal_last_day))),
        ("Dernier jour (inclus)", num(last)),
    ]
    parts = [
        heading(f"Délai de rétractation : jusqu'au {last} inclus"),
        figures(rows, ("Élément", "Valeur")),
    ]
    if w.extended_for:
        parts.append(
            paragraph(
                f"Reporté du {_day(w.nominal_last_day)} au {last} à cause de : "
                + ", ".join(w.extended_for)
                + "."
            )
        )
    parts.append(why(w.citations))
    return box(*parts, kind="retraction")


def _due(d: Any) -> str:
    return box(
        heading(f"{fmt.money(d.amount)} exigibles le {fmt.day(d.on)}"),
        figures([("Montant", _money(d.amount)), ("Exigible le", _day(d.on))], ("Poste", "Valeur")),
        why(d.citations),
        caveats(d.caveats) if getattr(d, "caveats", ()) else "",
        kind="due",
    )


def _balance(b: Any) -> str:
    rows: list[list[CellLike]] = [
        ["Part", num(_money(b.client_share)), num(_money(b.funder_share))],
        ["Payé", num(_money(b.paid_by_client)), num(_money(b.paid_by_funder))],
        ["Reste dû", num(_money(b.client_outstanding)), num(_money(b.funder_outstanding))],
    ]
    parts = [
        heading(f"Répartition client / OPCO — total TTC {fmt.money(b.total)}"),
        table(["", num("Client"), num("OPCO")], rows),
    ]
    if b.opco_deadline is not None:
        parts.append(paragraph(f"Date limite de paiement par l'OPCO : {fmt.day(b.opco_deadline)}."))
    if getattr(b, "advance_interest", 0):
        # L214-2 (RULEBOOK §19): deducted from what the client still owes
        parts.append(
            paragraph(
                f"Intérêts sur avances (L214-2) déduits du reste dû : {fmt.money(b.advance_interest)}."
            )
        )
    parts.append(why(b.citations))
    return box(*parts, kind="balance")


def _refund_surcharge(r: Any) -> str:
    """RULEBOOK §19: what refunding on that day costs, the next day, and the next step."""
    rows: list[tuple[str, CellLike]] = [
        ("Remboursement", _money(r.refund)),
        ("À rembourser au plus tard le", _day(r.due_on)),
        ("Remboursé le", _day(r.refunded_on)),
        ("Jours de retard", num(str(r.days_late))),
        ("Majoration (L242-4)", _money(r.amount)),
    ]
    if r.amount_tomorrow is not None:
        rows.append(("Majoration si remboursé le lendemain", _money(r.amount_tomorrow)))
    if r.next_step_on is not None:
        rows.append(("Palier suivant à partir du", _day(r.next_step_on)))
    return box(
        heading(
            f"Remboursement de {fmt.money(r.refund)} : majoration légale {fmt.money(r.amount)}"
        ),
        figures(rows, ("Poste", "Valeur")),
        why(r.citations),
        kind="refund",
    )


def policy_fr(policy: Any) -> str:
    """The interest policy in French words (RULEBOOK §9's named choices)."""
    return (
        f"{ECB_REFERENCE_FR.get(str(policy.ecb_reference), str(policy.ecb_reference))} ; "
        f"{DAY_COUNT_FR.get(str(policy.day_count), str(policy.day_count))} ; "
        f"{ALLOCATION_FR.get(str(policy.allocation), str(policy.allocation))}"
    )


def formula_fr(period: Any) -> str:
    """A period's interest in French notation: ``1 800,00 € × 13,15 % × 20 / 365``."""
    return (
        f"{fmt.money(period.principal)} × {fmt.percent(period.annual_rate, places=2)} × "
        f"{period.days} / {period.denominator}"
    )


def _interest_claim(c: Any) -> str:
    summary: list[tuple[str, CellLike]] = [
        ("Jours de retard", num(str(c.days_late))),
        ("Principal restant dû", num(_money(c.principal_outstanding))),
        ("Intérêts courus", num(_money(c.interest))),
        ("dont réglés par les paiements", num(_money(c.interest_settled))),
        ("Intérêts restant dus", num(_money(c.interest_outstanding))),
        ("Indemnité forfaitaire de recouvrement", num(_money(c.recovery_indemnity))),
    ]
    accessories = getattr(c, "accessories_due_on", None)
    if isinstance(accessories, date):
        summary.append(
            ("Intérêts et indemnité payables au plus tard le", num(fmt.day(accessories)))
        )
    parts = [
        heading(f"Facture {c.invoice_number} : {c.days_late} jours de retard"),
        table(
            ["Poste", num("Montant")],
            [[k, v] for k, v in summary],
            total=["Total réclamable", num(_money(c.total))],
        ),
    ]
    if c.periods:
        parts.append(
            table(
                [
                    "Début",
                    "Fin",
                    num("Jours"),
                    num("Principal"),
                    num("Taux"),
                    "Base",
                    "Calcul",
                    num("Intérêts"),
                ],
                [
                    [
                        fmt.short_day(p.start),
                        fmt.short_day(p.end),
                        num(str(p.days)),
                        num(fmt.money(p.principal)),
                        num(fmt.percent(p.annual_rate, places=2)),
                        basis_fr(p.basis),
                        formula_fr(p),
                        num(fmt.money(p.interest)),
                    ]
                    for p in c.periods
                ],
                caption="Périodes d'intérêts",
                total=[
                    "Total",
                    "",
                    num(str(sum(p.days for p in c.periods))),
                    "",
                    "",
                    "",
                    "",
                    num(_money(c.interest)),
                ],
            )
        )
    parts += [
        note(f"Méthode : {policy_fr(c.policy)}."),
        provisional(c),
        why(c.citations),
        caveats(c.caveats),
    ]
    return box(*parts, kind="interest")


def _timeline(t: Any) -> str:
    return box(
        heading(f"Calendrier de la commande {t.order_reference}"),
        table(
            ["Date", "Étape", "Clause"],
            [[fmt.day(m.on), prose(m.text("fr")), m.source] for m in t.milestones],
        ),
        kind="timeline",
    )


def _amount(a: Any) -> str:
    value = _money(a.amount) if a.amount is not None else "aucun montant contractuel"
    clause = a.citations[0].source if a.citations else ""
    return box(
        heading(f"{clause} : {value}" if clause else value),
        figures([("Montant", value)], ("Poste", "Montant")),
        why(a.citations),
        kind="amount",
    )


def _check(c: Any) -> str:
    lines = list(c.lines)
    rows = [
        [
            CHECK_ITEMS_FR.get(line.item, line.item),
            num(fmt.money(line.claimed)),
            num(fmt.money(line.computed)),
            num(fmt.money(line.difference)),
            "conforme" if line.difference == 0 else "à corriger",
            line.source,
        ]
        for line in lines
    ]
    title = (
        "Vérification : tous les montants facturés sont conformes aux CGV"
        if c.ok
        else "Vérification : des montants facturés ne sont pas conformes aux CGV"
    )
    reasons = "".join(
        f"<li><strong>{escape(CHECK_ITEMS_FR.get(line.item, line.item))}</strong> "
        f"({escape(line.source)}) : {escape(line.text_fr or line.text)}</li>"
        for line in lines
    )
    return box(
        heading(title),
        table(
            ["Élément", num("Facturé"), num("Dû selon les CGV"), num("Écart"), "Verdict", "Clause"],
            rows,
            highlight=lambda i: lines[i].difference != 0,
        ),
        f'<div class="lexom-why" style="{_WHY}"><strong>Pourquoi</strong>'
        f'<ul style="margin:0.2em 0 0.2em 1.2em;padding:0">{reasons}</ul></div>'
        if reasons
        else "",
        kind="check",
    )


def _fee_schedule(s: Any) -> str:
    return box(
        heading(f"Frais d'annulation de la commande {s.order_reference}"),
        table(
            ["Demande reçue du", "au", num("Montant dû"), "Statut", "Clause"],
            [
                [
                    fmt.day(step.first_day),
                    fmt.day(step.last_day) if step.last_day is not None else "… (sans fin)",
                    num(fmt.money(step.owed)),
                    status_fr(step.status),
                    step.source,
                ]
                for step in s.steps
            ],
        ),
        kind="schedule",
    )


def _regime_comparison(r: Any) -> str:
    legacy, new = r.legacy, r.new
    rows: list[list[CellLike]] = [
        ["Statut", num(status_fr(legacy.status)), num(status_fr(new.status))],
        ["Montant dû", num(fmt.money(legacy.owed)), num(fmt.money(new.owed))],
        ["Reste à payer", num(fmt.money(legacy.to_pay)), num(fmt.money(new.to_pay))],
        ["À rembourser", num(fmt.money(legacy.to_refund)), num(fmt.money(new.to_refund))],
        ["Crédité", num(fmt.money(legacy.credited)), num(fmt.money(new.credited))],
    ]
    return box(
        heading("Mêmes faits, deux versions des CGV"),
        table(
            ["", num(legacy.cgv), num(new.cgv)],
            rows,
            total=[f"Écart ({new.cgv} − {legacy.cgv})", "", num(fmt.money(r.difference))],
        ),
        paragraph("Clauses qui diffèrent : " + (", ".join(r.differing) or "aucune") + "."),
        citations(f"Pourquoi ({legacy.cgv})", legacy.citations),
        citations(f"Pourquoi ({new.cgv})", new.citations),
        caveats((*legacy.caveats, *new.caveats)),
        kind="comparison",
    )


def client_fr(client: Any) -> str:
    """Who the client is, in French: name, then its kind as the rules read it (RULEBOOK §0)."""
    if getattr(client, "public_buyer", None) is not None:
        kind = PUBLIC_BUYER_FR.get(str(client.public_buyer), str(client.public_buyer))
    elif client.is_consumer:
        kind = "consommateur"
    elif str(client.kind) == "legal_person" and client.professional is False:
        kind = "personne morale non professionnelle"
    elif str(client.kind) == "legal_person":
        kind = "personne morale, professionnel"
    else:
        kind = "personne physique, professionnel"
    where = "" if client.country == "FR" else f", {client.country}"
    if client.subdivision:
        where += f" ({client.subdivision})"
    return f"{client.name} — {kind}{where}"


def _payments(payments: Sequence[Any], caption: str) -> str:
    if not payments:
        return paragraph(f"{caption} : aucun.")
    return table(
        ["Date", num("Montant")],
        [[fmt.day(p.on), num(fmt.money(p.amount))] for p in payments],
        caption=caption,
        total=["Total", num(fmt.money(sum((p.amount for p in payments), Decimal("0.00"))))],
    )


def _order(o: Any) -> str:
    session = o.session
    span = (
        fmt.day(session.start)
        if session.start == session.end
        else f"du {fmt.day(session.start)} au {fmt.day(session.end)}"
    )
    rows: list[tuple[str, CellLike]] = [
        ("CGV signées", o.cgv),
        ("Client", client_fr(o.client)),
        ("Session", f"{session.reference} {session.title}".strip()),
        ("Dates", f"{span} ({_count(len(session.days), 'jour')} de formation)"),
        ("Format", "inter-entreprises" if str(session.format) == "inter" else "intra-entreprise"),
        ("Signée le", fmt.day(o.signed_on)),
        ("Devis émis le", _day(o.quote_issued_on)),
        ("Canal", CHANNEL_FR.get(str(o.channel), str(o.channel))),
        ("Prix HT", num(fmt.money(o.price_excl_tax))),
        ("TVA", num(fmt.rate(o.vat_rate))),
        ("Total TTC", num(fmt.money(o.total))),
        (f"Acompte de {fmt.percent(Decimal(30))}", num(fmt.money(o.deposit_amount))),
    ]
    parts = [
        heading(f"Commande {session.reference}"),
        table(["", "Valeur"], [[k, v] for k, v in rows]),
        _payments(o.payments, "Paiements du client"),
    ]
    funding = o.funding
    if funding is not None:
        parts.append(
            table(
                ["OPCO", "Demande", "Accord", num("Montant accordé")],
                [
                    [
                        funding.opco,
                        fmt.day(funding.requested_on),
                        _day(funding.approved_on),
                        num(fmt.money(funding.approved_amount)),
                    ]
                ],
                caption="Prise en charge",
            )
        )
        if funding.payments:
            parts.append(_payments(funding.payments, "Paiements de l'OPCO"))
    return box(*parts, kind="order")


def _invoice(i: Any) -> str:
    paid = sum((p.amount for p in i.payments), Decimal("0.00"))
    rows: list[tuple[str, CellLike]] = [
        ("Client", client_fr(i.client)),
        ("CGV", i.cgv),
        ("Émise le", fmt.day(i.issued_on)),
        ("Échéance", fmt.day(i.due_on)),
        ("Montant TTC", num(fmt.money(i.amount_incl_tax))),
        ("Payé", num(fmt.money(paid))),
        ("Reste dû", num(fmt.money(max(Decimal("0.00"), i.amount_incl_tax - paid)))),
    ]
    return box(
        heading(f"Facture {i.number}"),
        table(["", "Valeur"], [[k, v] for k, v in rows]),
        _payments(i.payments, "Paiements"),
        kind="invoice",
    )


#: audit report columns, as a French statement heads them (unknown columns keep their name)
AUDIT_HEADERS_FR = {
    "number": "Facture",
    "client_name": "Client",
    "cgv": "CGV",
    "due_on": "Échéance",
    "amount_incl_tax": "Montant TTC",
    "days_late": "Jours de retard",
    "principal_outstanding": "Principal dû",
    "interest": "Intérêts courus",
    "interest_settled": "Intérêts réglés",
    "interest_outstanding": "Intérêts dus",
    "recovery_indemnity": "Indemnité",
    "total": "Total réclamable",
    "provisional": "Provisoire",
    "caveats": "Réserves",
    "anomalies": "Anomalies",
}
_AUDIT_MONEY = frozenset(MONEY_COLUMNS)


def audit_cell(column: str, value: Any) -> CellLike:
    """One audit value for people: amounts and dates in French, booleans as oui/non, lists of
    caveats one after the other."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, tuple | list):
        # a caveat reads "source: text": the table names the sources, the full text is one
        # print(claim.explain()) away
        if column == "caveats":
            return " ; ".join(str(v).split(": ", 1)[0] for v in value)
        return " ; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    if text == "":
        return ""
    try:
        if column in _AUDIT_MONEY:
            return num(fmt.money(Decimal(text)))
        if column == "days_late":
            return num(fmt.number(int(text)))
        if column.endswith("_on"):
            return fmt.short_day(date.fromisoformat(text))
    except (ArithmeticError, ValueError):
        return text
    if column == "provisional" or text in ("true", "false"):
        return {"true": "oui", "false": "non"}.get(text.lower(), text)
    return text


def audit_records(report: Any) -> list[Mapping[str, Any]]:
    """An audit report's rows as mappings: ``rows()`` where the report has it, else
    ``records()`` (the shape of 0.1)."""
    source = report.rows() if hasattr(report, "rows") else report.records()
    return [
        row if isinstance(row, Mapping) else row._asdict() if hasattr(row, "_asdict") else dict(row)
        for row in source
    ]


def _is_zero(value: Any) -> bool:
    try:
        return value is None or Decimal(str(value)) == 0
    except ArithmeticError:
        return False


def _audit_report(r: Any) -> str:
    records = audit_records(r)
    columns = list(records[0]) if records else list(AUDIT_HEADERS_FR)
    # narrower for a notebook: a provisional row is highlighted (and explained below) rather
    # than given a column; interest settled shows only when a payment settled some
    columns = [c for c in columns if c != "provisional"]
    if all(_is_zero(row.get("interest_settled")) for row in records):
        columns = [c for c in columns if c != "interest_settled"]
    shown = records[:AUDIT_ROWS]
    totals: Mapping[str, Any] = getattr(r, "totals", {}) or {}
    total_row: list[CellLike] = [
        audit_cell(c, totals[c]) if c in totals else ("Total" if i == 0 else "")
        for i, c in enumerate(columns)
    ]
    as_of = getattr(r, "as_of", None)
    title = f"Audit au {fmt.day(as_of)}" if isinstance(as_of, date) else "Audit"
    headers: list[CellLike] = [
        num(AUDIT_HEADERS_FR.get(c, c))
        if c in _AUDIT_MONEY or c == "days_late"
        else AUDIT_HEADERS_FR.get(c, c)
        for c in columns
    ]
    parts = [
        heading(f"{title} : {_count(len(records), 'facture')}"),
        table(
            headers,
            [[audit_cell(c, row.get(c)) for c in columns] for row in shown],
            total=total_row,
            highlight=lambda i: str(shown[i].get("provisional", "")).lower() == "true",
        ),
    ]
    if len(records) > len(shown):
        parts.append(
            paragraph(
                f"… et {_count(len(records) - len(shown), 'autre facture', 'autres factures')} ;"
                " le total porte sur toutes."
            )
        )
    policy = getattr(r, "policy", None)
    if policy is not None:
        parts.append(note(f"Méthode : {policy_fr(policy)}."))
    if getattr(r, "provisional", False):
        parts.append(
            warning(
                "Rapport provisoire : au moins un taux utilisé n'est pas encore confirmé par une"
                " source officielle (lignes surlignées)."
            )
        )
    return box(*parts, kind="audit")


def _bill(b: Any) -> str:
    """An invoice of an order (RULEBOOK §17): its figures, due date, clause and why."""
    rows = [(label, value) for label, value in b._figures("fr")]
    parts = [
        heading(f"{b.title('fr')} — {fmt.money(b.amount_incl_tax)} TTC"),
        paragraph(b.description),
        figures(rows, ("Poste", "Valeur")),
        why(b.citations),
    ]
    if b.caveats:
        parts.append(caveats(b.caveats))
    return box(*parts, kind="bill")


def _fallback(obj: Any) -> str:
    return box(f"<pre>{escape(repr(obj))}</pre>")


def _writers() -> dict[type, Callable[[Any], str]]:
    """The writers of the types at or below this module (imported here, on the first display)."""
    from . import models, results

    return {
        results.Settlement: _settlement,
        results.RetractionWindow: _retraction_window,
        results.Due: _due,
        results.Balance: _balance,
        results.InterestClaim: _interest_claim,
        results.RefundSurcharge: _refund_surcharge,
        results.Timeline: _timeline,
        results.Amount: _amount,
        models.Order: _order,
        models.Invoice: _invoice,
    }


_WRITERS: ByType[Callable[[Any], str]] = ByType(_writers)


def register(cls: type, writer: Callable[[Any], str]) -> None:
    """``writer`` writes the display of ``cls`` (a type defined above this module registers
    itself, so that this module never imports it)."""
    _WRITERS.register(cls, writer)


#: the writers of the tools' reports, public so that their modules register them
check_html = _check
fee_schedule_html = _fee_schedule
regime_comparison_html = _regime_comparison
audit_report_html = _audit_report
bill_html = _bill


def html_for(obj: object) -> str:
    """The notebook display of ``obj``: an HTML fragment, French, escaped, well-formed."""
    writer = _WRITERS.find(type(obj))
    if writer is not None:
        return writer(obj)
    if hasattr(obj, "totals") and (hasattr(obj, "rows") or hasattr(obj, "records")):
        return _audit_report(obj)  # an audit report of another shape (duck-typed)
    return _fallback(obj)


# --- an order's life (issue 18): lines, histories, attendance, allocations ---------------------


def _settlement_lines(s: Any) -> str:
    """A settlement over several lines (RULEBOOK §14): one row per line it settled."""
    if not getattr(s, "_has_lines", False):
        return ""
    rows = [[x.line, status_fr(x.status), num(_money(x.owed)), x.decided_by] for x in s.lines]
    rows.append(
        [
            prose("Lignes maintenues, non visées"),
            "",
            num(_money(s.remaining_owed)),
            "",
        ]
    )
    return table(["Ligne", "Statut", num("Montant dû"), "Clause"], rows, caption="Par ligne")


def _history(h: Any) -> str:
    """RULEBOOK §15: a table per step (its lines), the sessions as they moved, the account."""
    parts = [heading(f"Historique : {_count(len(h.settlements), 'demande')}")]
    for index, s in enumerate(h.settlements, 1):
        received = getattr(s, "received_on", None)
        when = f"reçue le {_day(received)}" if isinstance(received, date) else ""
        rows = [[x.line, status_fr(x.status), num(_money(x.owed)), x.decided_by] for x in s.lines]
        parts.append(
            table(
                ["Ligne", "Statut", num("Montant dû"), "Clause"],
                rows,
                caption=f"{index}. {status_fr(s.status)}, {when}",
            )
        )
    if h.moves:
        parts.append(
            table(
                ["Demande", "Ligne", "Nouveau début", "Nouvelle fin"],
                [[num(str(m.step)), m.line, _day(m.start), _day(m.end)] for m in h.moves],
                caption="Sessions déplacées",
            )
        )
    if h.lines:
        parts.append(
            table(
                ["Ligne maintenue", "Session", "Début", "Fin"],
                [
                    [
                        x.id + (f" ({x.trainee})" if x.trainee else ""),
                        x.session.reference if x.session else "",
                        _day(x.session.start if x.session else None),
                        _day(x.session.end if x.session else None),
                    ]
                    for x in h.lines
                ],
                caption="Sessions en cours",
            )
        )
    parts.append(
        table(
            ["Ligne", num("Frais")],
            [[k, num(_money(v))] for k, v in h.fees_by_line.items()],
            caption="Frais par ligne",
        )
    )
    parts.append(
        figures(
            [
                ("Frais", num(_money(h.fees))),
                ("Formation restant due", num(_money(h.standing))),
                ("Total dû", num(_money(h.owed))),
                ("Payé", num(_money(h.paid))),
                ("Reste à payer", num(_money(h.to_pay))),
                ("À rembourser", num(_money(h.refund))),
            ],
            ("Compte", "Montant"),
        )
    )
    parts += [why(h.citations), caveats(h.caveats)]
    return box(*parts, kind="history")


def _hours(value: Decimal) -> Decimal:
    """Hours as written: 14, 10.5 (not 14.00, 10.50)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _attendance_split(a: Any) -> str:
    """RULEBOOK §16: the hours line by line, then who is invoiced what."""
    hours = table(
        ["Ligne", num("Heures suivies"), num("Heures prévues"), num("Réalisé")],
        [
            [
                k,
                num(fmt.number(_hours(v))),
                num(fmt.number(_hours(a.planned_hours.get(k, v)))),
                num(_money(a.delivered_by_line.get(k))),
            ]
            for k, v in a.certificate_hours.items()
        ],
        caption="Certificat de réalisation",
    )
    rows = [
        ("Formation réalisée", num(_money(a.delivered))),
        ("à facturer à l'OPCO", num(_money(a.opco))),
        ("à facturer au client (formation)", num(_money(a.client_training))),
        ("Dédit pour heures non suivies (client, facture à part)", num(_money(a.client_indemnity))),
        ("dont hors taxes", num(_money(a.indemnity_excl_tax))),
        ("dont TVA", num(_money(a.indemnity_vat))),
        ("Total de la commande", num(_money(a.total))),
    ]
    return box(
        heading("Présence en heures"),
        hours,
        figures(rows, ("Poste", "Montant")),
        why(a.citations),
        caveats(a.caveats),
        kind="attendance",
    )


def _receipt_allocation(r: Any) -> str:
    """RULEBOOK §18: each part allocated (the first 200), and what is left unallocated."""
    shown = r.parts[:200]
    rows = [[num(str(p.receipt + 1)), _day(p.on), p.invoice, num(_money(p.amount))] for p in shown]
    note_text = (
        note(f"… et {len(r.parts) - len(shown)} autre(s) imputation(s)")
        if len(r.parts) > len(shown)
        else ""
    )
    return box(
        heading(f"Imputation des paiements : {_count(len(r.parts), 'imputation')}"),
        table(["Paiement", "Reçu le", "Facture", num("Montant")], rows),
        note_text,
        figures([("Non imputé", num(_money(r.unallocated)))], ("Poste", "Montant")),
        why(r.citations),
        kind="allocation",
    )


history_html = _history
attendance_split_html = _attendance_split
receipt_allocation_html = _receipt_allocation
