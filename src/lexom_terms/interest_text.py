"""The prose of an :class:`~lexom_terms.results.InterestClaim` (RULEBOOK §9, §11), built on first
read. Every figure and date is written where it is produced, with :mod:`lexom_terms.fmt`:
"1 800,00 € × 13,15 % × 20 / 36 500 = 12,97 €", "16 mars 2026"; free text (the invoice number)
is printed as given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import fmt
from .enums import Allocation, DayCount, EcbReference
from .explain import Lang, bullet_list, citation_block, pick

if TYPE_CHECKING:
    from .results import InterestClaim, InterestPeriod

#: How a period's basis reads in each language.
BASIS = {
    "ECB+10": ("BCE + 10 points", "ECB + 10 points"),
    "3x legal": ("3 × taux légal", "3 × legal rate"),
    "ECB+8": ("BCE + 8 points, taux fixe R2192-31", "ECB + 8 points, fixed rate R2192-31"),
}

_REFERENCE = {
    EcbReference.SEMESTER: (
        "taux BCE du 1er janvier ou du 1er juillet selon le semestre",
        "ECB rate of 1 January or 1 July, by semester",
    ),
    EcbReference.JANUARY: (
        "taux BCE du 1er janvier de l'année",
        "ECB rate of 1 January of the year",
    ),
}
_DAY_COUNT = {
    DayCount.ACT_365: ("jours exacts / 365", "actual days / 365"),
    DayCount.ACT_ACT: (
        "jours exacts / 365 ou 366 (année bissextile)",
        "actual days / 365 or 366 (leap year)",
    ),
}
_ALLOCATION = {
    Allocation.PRINCIPAL_FIRST: (
        "paiements imputés d'abord sur le principal",
        "payments applied to the principal first",
    ),
    Allocation.INTEREST_FIRST: (
        "paiements imputés d'abord sur les intérêts (Code civil 1343-1)",
        "payments applied to interest first (Code civil 1343-1)",
    ),
}


def _pair(table: Mapping[Any, tuple[str, str]], key: str, lang: Lang) -> str:
    fr, en = table[key]
    return fr if lang == "fr" else en


def formula(period: InterestPeriod, lang: Lang) -> str:
    """``1 800,00 € × 13,15 % × 20 / 36 500 = 12,97 €``: the period as a French letter writes
    it. English keeps the spreadsheet form of :meth:`InterestPeriod.formula`
    (``1800.00 × 13.15 % × 20 / (365 × 100) = 12.97``), which a script can recompute."""
    if lang != "fr":
        return period.formula()
    return (
        f"{fmt.money(period.principal, lang)} × {fmt.percent(period.annual_rate, lang, places=2)}"
        f" × {fmt.number(period.days, lang)} / {fmt.number(period.denominator * 100, lang)}"
        f" = {fmt.money(period.interest, lang)}"
    )


def period_line(period: InterestPeriod, lang: Lang) -> str:
    span = pick(
        lang,
        f"du {fmt.day(period.start)} au {fmt.day(period.end)}",
        f"{fmt.day(period.start, 'en')} to {fmt.day(period.end, 'en')}",
    )
    basis = _pair(BASIS, period.basis, lang) if period.basis in BASIS else period.basis
    separator = " : " if lang == "fr" else ": "
    return f"{span}{separator}{formula(period, lang)} ({basis})"


def paragraphs(claim: InterestClaim, lang: Lang) -> list[str]:

    money = fmt.money
    head = pick(
        lang,
        f"Facture {claim.invoice_number} : {fmt.number(claim.days_late)} jours de retard."
        f" Intérêts courus {money(claim.interest)}, dont {money(claim.interest_settled)} réglés"
        f" par les paiements ; intérêts restant dus {money(claim.interest_outstanding)} ;"
        f" indemnité forfaitaire {money(claim.recovery_indemnity)} ; total réclamable"
        f" {money(claim.total)}. Principal restant dû : {money(claim.principal_outstanding)}.",
        f"Invoice {claim.invoice_number}: {fmt.number(claim.days_late, 'en')} days late."
        f" Interest accrued {money(claim.interest, 'en')}, of which"
        f" {money(claim.interest_settled, 'en')} settled by payments; interest outstanding"
        f" {money(claim.interest_outstanding, 'en')}; recovery indemnity"
        f" {money(claim.recovery_indemnity, 'en')}; total claimable {money(claim.total, 'en')}."
        f" Principal still unpaid: {money(claim.principal_outstanding, 'en')}.",
    )
    policy = claim.policy
    public = any(p.basis == "ECB+8" for p in claim.periods)
    reference = (
        pick(lang, "taux fixe R2192-31 (acheteur public)", "fixed rate R2192-31 (public buyer)")
        if public
        else _pair(_REFERENCE, policy.ecb_reference, lang)
    )
    method = pick(
        lang,
        f"Méthode : {reference} ; {_pair(_DAY_COUNT, policy.day_count, lang)} ;"
        f" {_pair(_ALLOCATION, policy.allocation, lang)}.",
        f"Method: {reference}; {_pair(_DAY_COUNT, policy.day_count, lang)};"
        f" {_pair(_ALLOCATION, policy.allocation, lang)}.",
    )
    notes: list[str] = []
    if claim.claimed_through is not None:
        notes.append(
            pick(
                lang,
                f"Intérêts déjà réclamés jusqu'au {fmt.day(claim.claimed_through)} inclus : seuls"
                " les intérêts courus après cette date sont comptés ici.",
                f"Interest through {fmt.day(claim.claimed_through, 'en')} was claimed earlier:"
                " only interest accrued after that day is counted here.",
            )
        )
    if claim.capitalise_from is not None:
        made = pick(lang, " ; ", "; ").join(
            pick(
                lang,
                f"{money(c.amount)} le {fmt.day(c.on)}",
                f"{money(c.amount, 'en')} on {fmt.day(c.on, 'en')}",
            )
            for c in claim.capitalised
        ) or pick(lang, "aucune à ce jour", "none so far")
        notes.append(
            pick(
                lang,
                f"Capitalisation des intérêts (Code civil 1343-2) à compter du"
                f" {fmt.day(claim.capitalise_from)} : {made}.",
                f"Capitalisation of interest (Code civil 1343-2) from"
                f" {fmt.day(claim.capitalise_from, 'en')}: {made}.",
            )
        )
    if claim.accessories_due_on is not None:
        notes.append(
            pick(
                lang,
                "Intérêts moratoires et indemnité payables au plus tard le"
                f" {fmt.day(claim.accessories_due_on)} (45 jours après le paiement du principal,"
                " R2192-36).",
                "Late-payment interest and indemnity payable by"
                f" {fmt.day(claim.accessories_due_on, 'en')} (45 days after the principal was"
                " paid, R2192-36).",
            )
        )
    lines = [period_line(p, lang) for p in claim.periods]
    periods = (pick(lang, "Périodes :", "Periods:") + "\n" + bullet_list(lines)) if lines else ""
    provisional = ""
    if claim.is_provisional:
        provisional = pick(
            lang,
            "Attention : au moins un taux utilisé n'est pas encore confirmé par une source "
            "officielle ; ce calcul est provisoire.",
            "Warning: at least one rate used is not yet confirmed by an official source; this "
            "figure is provisional.",
        )
    return [
        head,
        method,
        " ".join(notes),
        periods,
        provisional,
        citation_block(pick(lang, "Pourquoi :", "Why:"), claim.citations, lang),
        citation_block(pick(lang, "Réserves :", "Caveats:"), claim.caveats, lang),
    ]


def figures(claim: InterestClaim, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (pick(lang, "Jours de retard", "Days late"), fmt.number(claim.days_late, lang)),
        (pick(lang, "Intérêts courus", "Interest accrued"), fmt.money(claim.interest, lang)),
        (
            pick(lang, "Intérêts réglés", "Interest settled"),
            fmt.money(claim.interest_settled, lang),
        ),
        (
            pick(lang, "Intérêts dus", "Interest outstanding"),
            fmt.money(claim.interest_outstanding, lang),
        ),
        (
            pick(lang, "Indemnité forfaitaire", "Recovery indemnity"),
            fmt.money(claim.recovery_indemnity, lang),
        ),
        (pick(lang, "Total", "Total"), fmt.money(claim.total, lang)),
    ]
    if claim.accessories_due_on is not None:
        rows.append(
            (
                pick(lang, "Accessoires payables au plus tard le", "Accessories payable by"),
                fmt.day(claim.accessories_due_on, lang),
            )
        )
    return rows
