"""Late-payment interest and the recovery indemnity (RULEBOOK §9; legacy and new §3.4, same text).

    « des intérêts de retard calculé sur le taux directeur (taux de refinancement ou Refi)
    semestriel de la Banque centrale européenne (BCE), en vigueur au 1er janvier, majoré de 10
    points, sans être inférieur à un taux égal à trois fois le taux de l'intérêt légal. Ce taux
    est appliqué sur le TTC de la facture. [...] Pour les clients personne morale (entreprises)
    [...] une indemnité forfaitaire pour frais de recouvrement d'un montant de 40 € »

The overdue span is cut at every semester anchor (where the ECB reference and the legal rate
change), every year boundary (where an act/act denominator changes) and every payment, never
looped day by day; neighbouring pieces equal in principal, rate, basis and denominator are
merged into one :class:`InterestPeriod`, rounded to the cent. The total is the sum of the
rounded periods, so the breakdown adds up.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from . import fmt
from .calendar import semester_start
from .enums import Allocation, DayCount, EcbReference
from .models import InterestPolicy, Invoice
from .money import HUNDRED, ZERO, round_cents
from .rates import RateTable, default_rates
from .results import Citation, InterestClaim, InterestPeriod, cite, trusted

#: "majoré de 10 points"
ECB_MARGIN = Decimal(10)
#: "sans être inférieur à un taux égal à trois fois le taux de l'intérêt légal"
LEGAL_MULTIPLE = Decimal(3)
#: Code de commerce D441-5: "le montant de l'indemnité forfaitaire [...] est fixé à 40 euros".
RECOVERY_INDEMNITY = Decimal("40.00")

_ONE = timedelta(days=1)


@cache
def _default_policy() -> InterestPolicy:
    # built on first use: building a model's validator at import would slow `import lexom_terms`
    return InterestPolicy()


@dataclass(frozen=True, slots=True)
class DailyRate:
    """The annual rate that applies to one day, and why."""

    percent: Decimal
    basis: str
    provisional: bool


def reference_date(day: date, policy: EcbReference) -> date:
    """The date whose ECB rate a day of interest uses (RULEBOOK §9, policy ``ecb_reference``)."""
    if policy == EcbReference.JANUARY:
        return date(day.year, 1, 1)
    return semester_start(day)


def daily_rate(day: date, rates: RateTable, policy: InterestPolicy) -> DailyRate:
    """max(ECB at the reference date + 10 points, 3 × legal rate "autres cas" of the semester);
    "ECB+10" wins a tie. The rate is the same for every day of a semester, and tables are
    immutable, so each (semester, reference policy) is looked up once per table."""
    key = (day.year, day.month <= 6, policy.ecb_reference)
    memo = rates.memo
    found: DailyRate | None = memo.get(key)
    if found is None:
        found = memo[key] = _daily_rate(day, rates, policy)
    return found


def _daily_rate(day: date, rates: RateTable, policy: InterestPolicy) -> DailyRate:
    ecb = rates.ecb_rate(reference_date(day, policy.ecb_reference))
    legal = rates.legal_rate(day)
    ecb_plus = ecb.percent + ECB_MARGIN
    floor = LEGAL_MULTIPLE * legal.other_percent
    provisional = not (ecb.confirmed and legal.confirmed)
    if ecb_plus >= floor:
        return DailyRate(ecb_plus, "ECB+10", provisional)
    return DailyRate(floor, "3x legal", provisional)


def denominator(day: date, day_count: DayCount) -> int:
    if day_count == DayCount.ACT_ACT and _stdlib_calendar.isleap(day.year):
        return 366
    return 365


def _next_anchor(day: date) -> date:
    """The next 1 January or 1 July after ``day``: where rate and denominator may change."""
    if day.month <= 6:
        return date(day.year, 7, 1)
    return date(day.year + 1, 1, 1)


def _interest(start: date, end: date, principal: Decimal, rate: DailyRate, denom: int) -> Decimal:
    """A period's interest, rounded to the cent: principal × rate × days / (denominator × 100)."""
    return round_cents(principal * rate.percent * ((end - start).days + 1) / (denom * HUNDRED))


def _period(
    start: date, end: date, principal: Decimal, rate: DailyRate, denom: int
) -> InterestPeriod:
    return trusted(
        InterestPeriod,
        {
            "start": start,
            "end": end,
            "days": (end - start).days + 1,
            "principal": principal,
            "annual_rate": rate.percent,
            "basis": rate.basis,
            "denominator": denom,
            "interest": _interest(start, end, principal, rate, denom),
        },
    )


def late_interest(
    invoice: Invoice,
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
) -> InterestClaim:
    """Interest and recovery indemnity owed on ``as_of`` (RULEBOOK §9)."""
    table = rates if rates is not None else default_rates()
    chosen = policy if policy is not None else _default_policy()
    clause = f"{invoice.cgv} §3.4"
    payments = sorted((p for p in invoice.payments if p.on <= as_of), key=lambda p: p.on)
    amount = invoice.amount_incl_tax
    due = invoice.due_on
    interest_first = chosen.allocation == Allocation.INTEREST_FIRST
    # Under interest_first a period never runs across a payment date (RULEBOOK §9).
    paid_days = {p.on for p in payments}

    principal = amount
    # Payments made on or before the due date reduce the principal before any interest runs.
    index = 0
    while index < len(payments) and payments[index].on <= due:
        principal = max(ZERO, principal - payments[index].amount)
        index += 1

    # Pieces as [start, end, principal, rate, denominator]; a piece equal to the previous one in
    # principal, rate, basis and denominator extends it (the merge of RULEBOOK §9).
    pieces: list[list[Any]] = []
    settled = ZERO
    provisional = False
    last_unpaid: date | None = None
    day = due + _ONE
    while day <= as_of and principal > 0:
        # The piece runs to the earliest of: the day before the next anchor, the next payment
        # day (inclusive: a sum paid on p bears interest up to and including p), and as_of.
        end = min(_next_anchor(day) - _ONE, as_of)
        if index < len(payments) and payments[index].on <= end:
            end = payments[index].on
        rate = daily_rate(day, table, chosen)
        provisional = provisional or rate.provisional
        denom = denominator(day, chosen.day_count)
        previous = pieces[-1] if pieces else None
        if (
            previous is not None
            and previous[2] == principal
            and previous[3] == rate
            and previous[4] == denom
            and not (interest_first and previous[1] in paid_days)
        ):
            previous[1] = end
        else:
            pieces.append([day, end, principal, rate, denom])
        last_unpaid = end
        day = end + _ONE
        while index < len(payments) and payments[index].on <= end:
            paid = payments[index].amount
            if interest_first:
                # Code civil 1343-1: the payment settles the accrued interest first.
                accrued = sum((_interest(*p) for p in pieces), ZERO)
                to_interest = min(paid, accrued - settled)
                settled += to_interest
                paid -= to_interest
            principal = max(ZERO, principal - paid)
            index += 1

    periods = [_period(*p) for p in pieces]
    accrued = sum((p.interest for p in periods), ZERO)
    # Payments after the last day of interest (and before as_of) still reduce the principal.
    while index < len(payments):
        principal = max(ZERO, principal - payments[index].amount)
        index += 1
    days_late = (last_unpaid - due).days if last_unpaid is not None else 0
    professional = invoice.client.is_professional
    indemnity = RECOVERY_INDEMNITY if (days_late > 0 and professional) else ZERO
    outstanding = accrued - settled
    return trusted(
        InterestClaim,
        {
            "invoice_number": invoice.number,
            "days_late": days_late,
            "periods": tuple(periods),
            "interest": accrued,
            "interest_settled": settled,
            "interest_outstanding": outstanding,
            "principal_outstanding": principal,
            "recovery_indemnity": indemnity,
            "total": outstanding + indemnity,
            "policy": chosen,
            "citations": _citations(clause, invoice, days_late, indemnity, chosen),
            "caveats": _caveats(invoice, accrued),
        },
        _rates_id=table.digest,
        _provisional=provisional,
    )


_LATE_CITATIONS: dict[tuple[str, EcbReference, bool], tuple[Citation, ...]] = {}


def _citations(
    clause: str, invoice: Invoice, days_late: int, indemnity: Decimal, policy: InterestPolicy
) -> tuple[Citation, ...]:
    if days_late > 0:
        # The same few sentences serve every late invoice of a ledger: build them once.
        key = (clause, policy.ecb_reference, indemnity > 0)
        found = _LATE_CITATIONS.get(key)
        if found is None:
            found = _LATE_CITATIONS[key] = _late_citations(clause, indemnity, policy)
        return found
    return (
        cite(
            clause,
            f"invoice {invoice.number} was not late on the day considered (due"
            f" {invoice.due_on}): no interest and no indemnity",
            f"la facture {invoice.number} n'était pas en retard (échéance"
            f" {fmt.day(invoice.due_on)}) : ni intérêts ni indemnité",
        ),
    )


def _late_citations(
    clause: str, indemnity: Decimal, policy: InterestPolicy
) -> tuple[Citation, ...]:
    found = [
        cite(
            clause,
            "interest runs from the day after the due date on the unpaid amount incl. VAT, at"
            " max(ECB main refinancing rate + 10 points, 3 × the legal rate), without any formal"
            " notice",
            "les intérêts courent dès le lendemain de l'échéance sur le TTC impayé, au taux"
            " max(taux de refinancement BCE + 10 points, 3 × le taux légal), sans mise en"
            " demeure",
        ),
        cite(
            "Code de commerce L441-10",
            f"the ECB rate of the semester applies (policy '{policy.ecb_reference}'); the legal"
            ' rate is the one for "tous les autres cas", LEXOM being a company',
            f"le taux BCE du semestre s'applique (méthode « {policy.ecb_reference} ») ; le taux"
            " légal retenu est celui des « autres cas », LEXOM étant une société",
        ),
    ]
    if indemnity > 0:
        found.append(
            cite(
                "Code de commerce D441-5",
                "a professional client owes a flat 40 EUR recovery indemnity per late invoice",
                "un client professionnel doit une indemnité forfaitaire de 40 € par facture"
                " payée en retard",
            )
        )
    else:
        found.append(
            cite(
                clause,
                "the 40 EUR recovery indemnity applies to professional clients only",
                "l'indemnité forfaitaire de 40 € ne s'applique qu'aux clients professionnels",
            )
        )
    return tuple(found)


def _caveats(invoice: Invoice, accrued: Decimal) -> tuple[Citation, ...]:
    if not invoice.client.is_consumer or accrued <= 0:
        return ()
    return (
        cite(
            "Code civil 1231-5",
            "toward a consumer the §3.4 rate is a contractual penalty a judge may reduce",
            "envers un consommateur, le taux de l'article 3.4 est une clause pénale que le juge"
            " peut modérer",
        ),
        cite(
            "Code civil 1231-6",
            "without the clause, a consumer would owe legal interest only from a formal notice",
            "sans la clause, le consommateur ne devrait que l'intérêt légal à compter d'une mise"
            " en demeure",
        ),
    )
