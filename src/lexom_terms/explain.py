"""Prose and tables for people: French by default (the text is pasted into replies to French
clients), English on request. Pure string work; no rule lives here.

Every result's explanation is written here (``paragraphs``), from its figures and its citations,
on first read: the rules produce figures and reason records, never sentences about results. The
notebook display is ``html_for(result)``: each ``_repr_html_`` is a one-line call into it, so the
display can be swapped without touching the results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .results import (
        Amount,
        Balance,
        Citation,
        Due,
        InterestClaim,
        Result,
        RetractionWindow,
        Settlement,
        Timeline,
    )

from . import fmt
from ._dispatch import ByType

Lang = Literal["fr", "en"]

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "retracted": ("rétractation", "retracted"),
    "cancelled": ("annulation", "cancelled"),
    "postponed": ("report", "postponed"),
    "pending_reschedule": ("report en attente d'une nouvelle date", "pending reschedule"),
    "refused": ("demande refusée", "refused"),
    "not_receivable": ("demande irrecevable", "not receivable"),
    "cancelled_by_provider": ("annulation par LEXOM", "cancelled by LEXOM"),
    "postponed_by_provider": ("report par LEXOM", "postponed by LEXOM"),
}


#: The interest policies as a French reader names them (RULEBOOK §9).
POLICY_FR: dict[str, str] = {
    "semester": "au 1er janvier ou au 1er juillet (semestre)",
    "january": "au 1er janvier de l'année",
    "act/365": "exact/365",
    "act/act": "exact/exact",
    "principal_first": "sur le principal d'abord",
    "interest_first": "sur les intérêts d'abord (Code civil 1343-1)",
}


def policy_fr(value: str) -> str:
    return POLICY_FR.get(str(value), str(value))


def check_lang(lang: str) -> Lang:
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', got {lang!r}")
    return "fr" if lang == "fr" else "en"


def status_label(status: str, lang: Lang) -> str:
    fr, en = STATUS_LABELS[status]
    return fr if lang == "fr" else en


def eur(amount: Decimal, lang: Lang) -> str:
    """``1 800,00 €`` (``lexom_terms.fmt``, CLDR fr_FR) or ``EUR 1,800.00``."""
    return fmt.money(amount, lang)


def day(value: date | None, lang: Lang) -> str:
    """``16 mars 2026`` in French; ISO in English (as the English sentences write dates)."""
    if value is None:
        return "—"
    return fmt.day(value) if lang == "fr" else value.isoformat()


def pick(lang: Lang, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def bullet_list(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def citation_block(title: str, citations: tuple[Citation, ...], lang: Lang) -> str:
    if not citations:
        return ""
    return f"{title}\n" + bullet_list([c.line(lang) for c in citations])


def _settlement_paragraphs(r: Settlement, lang: Lang) -> list[str]:
    status = status_label(r.status, lang)
    when = (
        pick(
            lang,
            f" reçue le {day(r.received_on, lang)}",
            f" received {day(r.received_on, lang)}",
        )
        if r.received_on
        else ""
    )
    head = pick(
        lang,
        f"Demande{when}, CGV {r.cgv} : {status}.",
        f"Request{when}, CGV {r.cgv}: {status}.",
    )
    figures = [
        pick(lang, f"Montant dû : {eur(r.owed, lang)}", f"Owed: {eur(r.owed, lang)}"),
        pick(lang, f"déjà payé : {eur(r.paid, lang)}", f"paid: {eur(r.paid, lang)}"),
    ]
    if r.to_pay > 0:
        due = f" ({pick(lang, 'exigible le', 'due on')} {day(r.due_on, lang)})"
        figures.append(pick(lang, "reste à payer : ", "to pay: ") + eur(r.to_pay, lang) + due)
    if r.to_refund > 0:
        by = (
            f" ({pick(lang, 'au plus tard le', 'by')} {day(r.refund_due_on, lang)})"
            if r.refund_due_on
            else ""
        )
        figures.append(pick(lang, "à rembourser : ", "to refund: ") + eur(r.to_refund, lang) + by)
    if r.credited > 0:
        figures.append(
            pick(lang, "crédité sur la session reportée : ", "credited to the new session: ")
            + eur(r.credited, lang)
        )
    paragraphs = [head, pick(lang, " ; ", "; ").join(figures) + ".", _settlement_vat_line(r, lang)]
    if r.new_session_owed is not None:
        paragraphs.append(
            pick(
                lang,
                f"La session reportée coûtera encore {eur(r.new_session_owed, lang)}"
                " avant imputation des sommes créditées.",
                f"The rescheduled session will still cost {eur(r.new_session_owed, lang)}"
                " before the credited payments are applied.",
            )
        )
    if r.escalates_on is not None and r.owed_after_escalation is not None:
        paragraphs.append(
            pick(
                lang,
                f"Sans nouvelle date dans le délai, le montant dû passera à "
                f"{eur(r.owed_after_escalation, lang)} le {day(r.escalates_on, lang)}.",
                f"Without a new date within the horizon, the amount owed becomes "
                f"{eur(r.owed_after_escalation, lang)} on {day(r.escalates_on, lang)}.",
            )
        )
    paragraphs.append(citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang))
    paragraphs.append(citation_block(pick(lang, "Réserves :", "Caveats:"), r.caveats, lang))
    if r.boundaries:
        paragraphs.append(
            pick(lang, "Seuils les plus proches :", "Nearest boundaries:")
            + "\n"
            + bullet_list([b.sentence(lang, r.owed, r.status) for b in r.boundaries])
        )
    return paragraphs


def _settlement_vat_line(r: Settlement, lang: Lang) -> str:
    """RULEBOOK §12: the invoice wording of what is owed."""
    if r.owed <= 0:
        return ""
    outside = r.fee_vat == "outside_scope" and r.status in r.CLIENT_FEES
    if r.vat_rate == 0 and not outside:
        return pick(
            lang,
            "Exonération de TVA — article 261-4-4° a du CGI.",
            "VAT exempt — CGI article 261-4-4° a.",
        )
    if r.owed_vat == 0:
        return pick(
            lang,
            f"Hors champ de la TVA (indemnité) : {eur(r.owed_excl_tax, lang)}.",
            f"Outside the scope of VAT (an indemnity): {eur(r.owed_excl_tax, lang)}.",
        )
    rate = fmt.rate(r.vat_rate, lang)
    return pick(
        lang,
        f"Dont {eur(r.owed_excl_tax, lang)} HT et TVA {rate} : {eur(r.owed_vat, lang)}.",
        f"Of which {eur(r.owed_excl_tax, lang)} before VAT and VAT {rate}:"
        f" {eur(r.owed_vat, lang)}.",
    )


def _settlement_figures(r: Settlement, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (pick(lang, "Dû", "Owed"), eur(r.owed, lang)),
        (pick(lang, "Payé", "Paid"), eur(r.paid, lang)),
        (pick(lang, "Reste à payer", "To pay"), eur(r.to_pay, lang)),
        (pick(lang, "À rembourser", "To refund"), eur(r.to_refund, lang)),
        (pick(lang, "Crédité", "Credited"), eur(r.credited, lang)),
    ]
    if r.new_session_owed is not None:
        rows.append(
            (
                pick(lang, "Session reportée", "New session"),
                eur(r.new_session_owed, lang),
            )
        )
    return rows


def _retractionwindow_paragraphs(r: RetractionWindow, lang: Lang) -> list[str]:
    pushed = ""
    if r.extended_for:
        pushed = pick(
            lang,
            f" (reporté du {day(r.nominal_last_day, lang)} à cause de : "
            f"{', '.join(r.extended_for)})",
            f" (moved from {day(r.nominal_last_day, lang)} past: {', '.join(r.extended_for)})",
        )
    head = pick(
        lang,
        f"Délai de rétractation de {r.days} jours : du {day(r.opens_on, lang)} au "
        f"{day(r.last_day, lang)} inclus{pushed}. Une rétractation envoyée au plus tard "
        "ce jour-là est valable.",
        f"{r.days}-day withdrawal window: from {day(r.opens_on, lang)} to "
        f"{day(r.last_day, lang)} inclusive{pushed}. A withdrawal sent by that day counts.",
    )
    return [head, citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang)]


def _retractionwindow_figures(r: RetractionWindow, lang: Lang) -> list[tuple[str, str]]:
    return [
        (pick(lang, "Durée (jours)", "Length (days)"), str(r.days)),
        (pick(lang, "Ouverture", "Opens"), day(r.opens_on, lang)),
        (pick(lang, "Dernier jour", "Last day"), day(r.last_day, lang)),
    ]


def _due_paragraphs(r: Due, lang: Lang) -> list[str]:
    return [
        pick(
            lang,
            f"{eur(r.amount, lang)} exigibles le {day(r.on, lang)}.",
            f"{eur(r.amount, lang)} due on {day(r.on, lang)}.",
        ),
        citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang),
        citation_block(pick(lang, "Réserves :", "Caveats:"), r.caveats, lang),
    ]


def _due_figures(r: Due, lang: Lang) -> list[tuple[str, str]]:
    return [
        (pick(lang, "Montant", "Amount"), eur(r.amount, lang)),
        (pick(lang, "Exigible le", "Due on"), day(r.on, lang)),
    ]


def _balance_figures(r: Balance, lang: Lang) -> list[tuple[str, str]]:
    return [
        (pick(lang, "Total TTC", "Total incl. VAT"), eur(r.total, lang)),
        (pick(lang, "Part OPCO", "OPCO share"), eur(r.funder_share, lang)),
        (pick(lang, "Part client", "Client share"), eur(r.client_share, lang)),
        (
            pick(lang, "Payé par le client", "Paid by client"),
            eur(r.paid_by_client, lang),
        ),
        (pick(lang, "Payé par l'OPCO", "Paid by OPCO"), eur(r.paid_by_funder, lang)),
        (
            pick(lang, "Reste dû (client)", "Client outstanding"),
            eur(r.client_outstanding, lang),
        ),
        (
            pick(lang, "Reste dû (OPCO)", "OPCO outstanding"),
            eur(r.funder_outstanding, lang),
        ),
    ] + (
        # L214-2 (RULEBOOK §19): shown only where it applies
        [(pick(lang, "Intérêts sur avances", "Advance interest"), eur(r.advance_interest, lang))]
        if r.advance_interest
        else []
    )


def _balance_paragraphs(r: Balance, lang: Lang) -> list[str]:
    rows = pick(lang, " ; ", "; ").join(
        f"{k} : {v}" if lang == "fr" else f"{k}: {v}" for k, v in r._figures(lang)
    )
    deadline = ""
    if r.opco_deadline is not None:
        deadline = pick(
            lang,
            f" Date limite de paiement par l'OPCO : {day(r.opco_deadline, lang)}.",
            f" OPCO payment deadline: {day(r.opco_deadline, lang)}.",
        )
    return [
        rows + "." + deadline,
        citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang),
    ]


def _interestclaim_paragraphs(r: InterestClaim, lang: Lang) -> list[str]:
    # The interest prose lives beside its arithmetic (interest_text.py, RULEBOOK §9 and §11).
    from .interest_text import paragraphs as interest_paragraphs

    return interest_paragraphs(r, lang)


def _interestclaim_figures(r: InterestClaim, lang: Lang) -> list[tuple[str, str]]:
    from .interest_text import figures as interest_figures

    return interest_figures(r, lang)


def _timeline_paragraphs(r: Timeline, lang: Lang) -> list[str]:
    lines = [f"{day(m.on, lang)} — {m.text(lang)} ({m.source})" for m in r.milestones]
    return [
        pick(
            lang,
            f"Calendrier de la commande {r.order_reference} :",
            f"Timeline of order {r.order_reference}:",
        )
        + "\n"
        + bullet_list(lines)
    ]


def _amount_paragraphs(r: Amount, lang: Lang) -> list[str]:
    value = (
        eur(r.amount, lang)
        if r.amount is not None
        else pick(lang, "aucun montant contractuel", "no contractual amount")
    )
    return [
        value + ".",
        citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang),
    ]


def _refundsurcharge_paragraphs(r: Any, lang: Lang) -> list[str]:
    """RULEBOOK §19: what refunding today costs, and when it steps up."""
    if r.days_late <= 0:
        head = pick(
            lang,
            f"Remboursement de {eur(r.refund, lang)} le {day(r.refunded_on, lang)}, dans le délai"
            f" (au plus tard le {day(r.due_on, lang)}) : aucune majoration.",
            f"Refund of {eur(r.refund, lang)} on {day(r.refunded_on, lang)}, on time (due by"
            f" {day(r.due_on, lang)}): no increase.",
        )
    else:
        head = pick(
            lang,
            f"Remboursement de {eur(r.refund, lang)} le {day(r.refunded_on, lang)}, avec"
            f" {r.days_late} jours de retard (dû au plus tard le {day(r.due_on, lang)}) :"
            f" majoration légale de {eur(r.amount, lang)}, soit {eur(r.refund + r.amount, lang)}"
            " à verser.",
            f"Refund of {eur(r.refund, lang)} on {day(r.refunded_on, lang)}, {r.days_late} days"
            f" late (due by {day(r.due_on, lang)}): statutory increase of"
            f" {eur(r.amount, lang)}, {eur(r.refund + r.amount, lang)} to pay.",
        )
    paragraphs = [head]
    if r.amount_tomorrow is not None and r.amount_tomorrow != r.amount:
        paragraphs.append(
            pick(
                lang,
                f"Rembourser un jour plus tard coûterait {eur(r.amount_tomorrow, lang)} de"
                " majoration.",
                f"Refunding one day later would cost an increase of"
                f" {eur(r.amount_tomorrow, lang)}.",
            )
        )
    if r.next_step_on is not None:
        paragraphs.append(
            pick(
                lang,
                f"La majoration augmente à partir du {day(r.next_step_on, lang)} : rembourser"
                " avant cette date.",
                f"The increase steps up on {day(r.next_step_on, lang)}: refund before then.",
            )
        )
    paragraphs.append(citation_block(pick(lang, "Pourquoi :", "Why:"), r.citations, lang))
    return paragraphs


def _refundsurcharge_figures(r: Any, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (pick(lang, "Remboursement", "Refund"), eur(r.refund, lang)),
        (pick(lang, "Dû le", "Due on"), day(r.due_on, lang)),
        (pick(lang, "Jours de retard", "Days late"), str(r.days_late)),
        (pick(lang, "Majoration", "Increase"), eur(r.amount, lang)),
    ]
    if r.next_step_on is not None:
        rows.append((pick(lang, "Palier suivant", "Next step"), day(r.next_step_on, lang)))
    return rows


def _paragraph_writers() -> dict[type, Any]:
    from . import results as r  # here: results imports this module

    return {
        r.Settlement: _settlement_paragraphs,
        r.RetractionWindow: _retractionwindow_paragraphs,
        r.Due: _due_paragraphs,
        r.Balance: _balance_paragraphs,
        r.InterestClaim: _interestclaim_paragraphs,
        r.RefundSurcharge: _refundsurcharge_paragraphs,
        r.Timeline: _timeline_paragraphs,
        r.Amount: _amount_paragraphs,
    }


def _figure_writers() -> dict[type, Any]:
    from . import results as r

    return {
        r.Settlement: _settlement_figures,
        r.RetractionWindow: _retractionwindow_figures,
        r.Due: _due_figures,
        r.Balance: _balance_figures,
        r.InterestClaim: _interestclaim_figures,
        r.RefundSurcharge: _refundsurcharge_figures,
    }


#: the writers of each result type's prose and figures, found by type (``_dispatch.ByType``)
_PARAGRAPHS: ByType[Any] = ByType(_paragraph_writers)
_FIGURES: ByType[Any] = ByType(_figure_writers)


def register(cls: type, *, paragraphs: Any = None, figures: Any = None) -> None:
    """Let a result defined above this module (the tools' reports) register its prose."""
    if paragraphs is not None:
        _PARAGRAPHS.register(cls, paragraphs)
    if figures is not None:
        _FIGURES.register(cls, figures)


def paragraphs(result: Result, lang: Lang) -> list[str]:
    """The explanation of ``result``, as paragraphs."""
    write = _PARAGRAPHS.find(type(result))
    if write is None:
        raise TypeError(f"no explanation is written for {type(result).__name__}")
    found: list[str] = write(result, lang)
    return found


def figures(result: Result, lang: Lang) -> list[tuple[str, str]]:
    """The (label, value) rows of the figures table; none for results without one."""
    write = _FIGURES.find(type(result))
    rows: list[tuple[str, str]] = [] if write is None else write(result, lang)
    return rows


def html_for(result: Result) -> str:
    """The notebook display: a headed French statement (:mod:`lexom_terms.display`)."""
    from .display import html_for as display_html

    return display_html(result)
