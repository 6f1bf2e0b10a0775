"""Sums LEXOM owes a consumer (RULEBOOK §19): the Code de la consommation over the CGV.

L242-4 (a withdrawal refund paid late):

    « Lorsque le professionnel n'a pas remboursé la totalité des sommes versées par le
    consommateur, y compris les frais de livraison, dans les conditions prévues à l'article
    L. 221-24, les sommes dues sont de plein droit majorées du taux d'intérêt légal si le
    remboursement intervient au plus tard dix jours après l'expiration des délais fixés [...], de
    5 % si le retard est compris entre dix et vingt jours, de 10 % si le retard est compris entre
    vingt et trente jours, de 20 % si le retard est compris entre trente et soixante jours, de
    50 % entre soixante et quatre-vingt-dix jours et de cinq points supplémentaires par nouveau
    mois de retard jusqu'à concurrence du prix du produit, puis du taux d'intérêt légal. »

L214-2 (advance payments, public order):

    « Sauf stipulation contraire, pour toute vente d'objet mobilier ou toute fourniture de
    prestation de services [...] les sommes versées d'avance sont des arrhes [...] ». — and
    L214-2: « Toute somme versée d'avance sur le prix, quels que soient la nature de ce versement
    et le nom qui est donné dans l'acte, produit, au taux légal en matière civile, des intérêts
    qui courent à l'expiration d'un délai de trois mois à compter du versement jusqu'à la
    réalisation ou la livraison de la prestation ou la restitution des sommes versées [...]. »

Both use the legal interest rate of the natural-persons category ("personnes physiques
n'agissant pas pour des besoins professionnels"), act/365, periods cut at semesters and each
rounded half-up to the cent (RULEBOOK §9, §19).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from .. import fmt
from ..calendar import add_days, add_months, as_date
from ..enums import Status
from ..errors import InvalidInputError, MissingRateError
from ..models import Order
from ..money import HUNDRED, ZERO, round_cents
from ..rates import RateTable, default_rates
from ..results import Citation, RefundSurcharge, Settlement, cite, trusted
from .retraction import REFUND_DAYS

__all__ = [
    "ADVANCE_MONTHS",
    "AdvanceInterest",
    "advance_interest",
    "legal_interest",
    "refund_surcharge",
    "surcharge_tier",
]

_ONE = timedelta(days=1)
_DIVISOR = 365 * HUNDRED
#: L214-2: interest runs "à l'expiration d'un délai de trois mois à compter du versement".
ADVANCE_MONTHS = 3
#: L242-4: the fixed tiers (last day late of each tier, its percentage); None: legal interest.
_TIERS: tuple[tuple[int, Decimal | None], ...] = (
    (10, None),
    (20, Decimal(5)),
    (30, Decimal(10)),
    (60, Decimal(20)),
    (90, Decimal(50)),
)
#: "et de cinq points supplémentaires par nouveau mois de retard"
_MONTHLY_POINTS = Decimal(5)
_AFTER_90 = Decimal(50)


# --- legal interest, natural persons -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Interest:
    amount: Decimal
    provisional: bool
    missing: date | None
    """The first day whose legal rate the table lacks (those days are left out), or None."""


def legal_interest(
    pieces: list[tuple[date, date, Decimal]], rates: RateTable, *, skip_missing: bool = False
) -> _Interest:
    """Legal interest (natural persons) on each (first day, last day, principal) piece, cut at
    semesters, each period rounded half-up to the cent; the sum of the rounded periods.
    A day whose rate the table lacks raises :class:`MissingRateError`, or, with
    ``skip_missing``, is left out and reported."""
    total = ZERO
    provisional = False
    missing: date | None = None
    for first, last, principal in pieces:
        day = first
        while day <= last:
            end = date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)
            if last < end:
                end = last
            try:
                rate = rates.legal_rate(day)
            except MissingRateError:
                if not skip_missing:
                    raise
                missing = day if missing is None or day < missing else missing
                day = end + _ONE
                continue
            provisional = provisional or not rate.confirmed
            days = (end - day).days + 1
            total += round_cents(principal * rate.natural_percent * days / _DIVISOR)
            day = end + _ONE
    return _Interest(total, provisional, missing)


# --- L214-2: a consumer's advance payments ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdvanceInterest:
    """L214-2 interest on a consumer's advance payments, accrued up to a day."""

    amount: Decimal
    through: date | None
    """The last day counted (the day before the start at the latest); None: nothing accrues."""
    missing: date | None
    """The first day left out because the legal rate of its semester is not in the table."""
    provisional: bool


def bears_advance_interest(order: Order) -> bool:
    """A consumer (a natural person not acting professionally), never a public buyer (RULEBOOK
    §0, §19)."""
    return order.client.is_consumer and order.client.public_buyer is None


def advance_interest(order: Order, as_of: date, rates: RateTable | None = None) -> AdvanceInterest:
    """L214-2: each client payment made more than three months before the training bears legal
    interest (natural persons) from the day after ``payment + 3 months`` (relativedelta) up to
    and including the day before the session starts, and up to ``as_of``. Consecutive days with
    the same advance and rate form one period (RULEBOOK §9), cut at semesters."""
    if not bears_advance_interest(order) or not order.payments:
        return AdvanceInterest(ZERO, None, None, False)
    last = min(as_of, add_days(order.session.start, -1))
    # (first day of interest, amount) of each payment that accrues by `last`
    starts = sorted(
        (add_days(add_months(p.on, ADVANCE_MONTHS), 1), p.amount)
        for p in order.payments
        if p.on <= last
    )
    starts = [(first, amount) for first, amount in starts if first <= last]
    if not starts:
        return AdvanceInterest(ZERO, None, None, False)
    pieces: list[tuple[date, date, Decimal]] = []
    principal = ZERO
    for index, (first, amount) in enumerate(starts):
        principal += amount
        end = last if index + 1 == len(starts) else add_days(starts[index + 1][0], -1)
        if first <= end:
            pieces.append((first, end, principal))
    table = rates if rates is not None else default_rates()
    found = legal_interest(pieces, table, skip_missing=True)
    return AdvanceInterest(found.amount, last, found.missing, found.provisional)


def advance_citation(found: AdvanceInterest) -> Citation:
    """Why a consumer's balance is reduced by ``found.amount`` (L214-2)."""
    through = found.through
    assert through is not None
    en = (
        f"a sum paid more than three months before the training bears legal interest"
        f" (natural persons) from three months after its payment up to the day before the start:"
        f" {found.amount} through {through}, deducted from the balance"
    )
    fr = (
        f"une somme versée plus de trois mois avant la formation produit des intérêts au taux"
        f" légal (personnes physiques) de l'expiration de trois mois après son versement jusqu'à"
        f" la veille du début : {fmt.money(found.amount)} au {fmt.day(through)}, déduits du solde"
    )
    if found.missing is not None:
        en += (
            f"; the days from {found.missing} are not counted: the legal rate of their semester"
            " is not in the table (add it with rates.with_legal(...))"
        )
        fr += (
            f" ; les jours à partir du {fmt.day(found.missing)} ne sont pas comptés : le taux"
            " légal de leur semestre n'est pas dans la table (l'ajouter avec"
            " rates.with_legal(...))"
        )
    return cite("Code de la consommation L214-2", en, fr)


# --- L242-4: a withdrawal refund paid late ------------------------------------------------------


def surcharge_tier(due: date, refunded_on: date) -> tuple[int, Decimal | None, date | None]:
    """(days late, the tier's nominal percentage — None in the legal-interest tier, 0 when not
    late —, the first day of the next tier). Beyond 90 days: 50 % + 5 points per month begun
    after the 90th day, the smallest n with ``refunded_on ≤ D90 + n months``."""
    late = (refunded_on - due).days
    if late <= 0:
        return 0, ZERO, add_days(due, 1)
    for last, percent in _TIERS:
        if late <= last:
            return late, percent, add_days(due, last + 1)
    d90 = add_days(due, 90)
    months = 1
    while add_months(d90, months) < refunded_on:
        months += 1
    return late, _AFTER_90 + _MONTHLY_POINTS * months, add_days(add_months(d90, months), 1)


def _cap_day(due: date, refund: Decimal, cap: Decimal) -> tuple[date, Decimal] | None:
    """The first day on which the increase reaches the cap, and that tier's percentage; None
    when no tier can (nothing to refund)."""
    if refund <= 0:
        return None
    previous = 10
    for last, percent in _TIERS[1:]:
        assert percent is not None
        if round_cents(refund * percent / HUNDRED) >= cap:
            return add_days(due, previous + 1), percent
        previous = last
    # 50 + 5n ≥ cap / refund × 100: start from the exact bound, step for the rounding
    needed = (cap * HUNDRED / refund - _AFTER_90) / _MONTHLY_POINTS
    months = max(1, int(needed.to_integral_value(rounding=ROUND_CEILING)) - 12)
    while round_cents(refund * (_AFTER_90 + _MONTHLY_POINTS * months) / HUNDRED) < cap:
        months += 1
    d90 = add_days(due, 90)
    return add_days(add_months(d90, months - 1), 1), _AFTER_90 + _MONTHLY_POINTS * months


def _consumer_refund(order: Order, settlement: Settlement) -> date:
    """The withdrawal's receipt date, or ``not_a_consumer_refund``: L242-4 applies to the
    refund of a withdrawal inside the consumer window only (L221-24), never to a training-
    contract withdrawal (Code du travail L6353-5: restitution on receipt, interest only from a
    formal demand, Code civil 1231-6, 1344-1) nor to any other settlement."""
    received = settlement.received_on
    if (
        settlement.status != Status.RETRACTED
        or settlement.decided_by == "Code du travail L6353-5"
        or not order.client.is_consumer
        or received is None
    ):
        raise InvalidInputError(
            f"settlement: L242-4 increases only the refund of a consumer's withdrawal inside the"
            f" 14-day window (Code de la consommation L221-24); this settlement is"
            f" '{settlement.status}', decided by {settlement.decided_by or 'an unknown clause'}"
            " (a labour-code withdrawal or a cancellation is refunded on receipt, with legal"
            " interest only from a formal demand, Code civil 1231-6)",
            field="settlement",
            code="not_a_consumer_refund",
        )
    return received


def refund_surcharge(
    order: Order,
    settlement: Settlement,
    refunded_on: date | str,
    *,
    rates: RateTable | None = None,
) -> RefundSurcharge:
    """Code de la consommation L242-4: what a consumer's withdrawal refund paid on
    ``refunded_on`` is increased by (RULEBOOK §19). ``settlement`` is the withdrawal
    (``cancel(order, notice)`` with status ``retracted`` inside the consumer window)."""
    refunded_on = as_date(refunded_on, "refunded_on")
    received = _consumer_refund(order, settlement)
    table = rates if rates is not None else default_rates()
    today = _surcharge(order, settlement, received, refunded_on, table)
    try:
        # What waiting one more day would cost (RULEBOOK §19: "today and tomorrow").
        tomorrow: Decimal | None = _surcharge(
            order, settlement, received, add_days(refunded_on, 1), table
        ).amount
    except MissingRateError:
        tomorrow = None
    return trusted(
        RefundSurcharge,
        {**today.values, "amount_tomorrow": tomorrow},
        _rates_id=table.digest,
        _provisional=today.provisional,
    )


@dataclass(frozen=True, slots=True)
class _Surcharge:
    values: dict[str, object]
    amount: Decimal
    provisional: bool


def _surcharge(
    order: Order, settlement: Settlement, received: date, refunded_on: date, table: RateTable
) -> _Surcharge:
    due = add_days(received, REFUND_DAYS)
    refund = settlement.to_refund
    cap = order.total
    late, percent, next_step = surcharge_tier(due, refunded_on)
    provisional = False
    capped = False
    cap_reached: date | None = None
    if late <= 0:
        amount = ZERO
    elif percent is None:
        found = legal_interest([(add_days(due, 1), refunded_on, refund)], table)
        provisional = found.provisional
        amount = found.amount
        if amount > cap:  # pragma: no cover - ten days of legal interest above the price
            amount, capped = cap, True
    else:
        amount = round_cents(refund * percent / HUNDRED)
        reached = _cap_day(due, refund, cap)
        if reached is not None and reached[0] <= refunded_on:
            # "jusqu'à concurrence du prix du produit, puis du taux d'intérêt légal"
            cap_reached = reached[0]
            capped = amount > cap
            after = legal_interest([(add_days(cap_reached, 1), refunded_on, refund)], table)
            provisional = after.provisional
            amount = cap + after.amount
            next_step = None
    citations = _surcharge_citations(
        received, due, refund, refunded_on, late, percent, amount, cap, cap_reached, next_step
    )
    values: dict[str, object] = {
        "refund": refund,
        "due_on": due,
        "refunded_on": refunded_on,
        "days_late": late,
        "percent": percent,
        "amount": amount,
        "next_step_on": next_step,
        "capped": capped,
        "cap_reached_on": cap_reached,
        "citations": citations,
    }
    return _Surcharge(values, amount, provisional)


def _surcharge_citations(
    received: date,
    due: date,
    refund: Decimal,
    refunded_on: date,
    late: int,
    percent: Decimal | None,
    amount: Decimal,
    cap: Decimal,
    cap_reached: date | None,
    next_step: date | None,
) -> tuple[Citation, ...]:
    refund_due = cite(
        "Code de la consommation L221-24",
        f"the refund of {refund} was due within 14 days of the withdrawal received on"
        f" {received}: by {due}",
        f"le remboursement de {fmt.money(refund)} était dû dans les 14 jours de la rétractation"
        f" reçue le {fmt.day(received)} : au plus tard le {fmt.day(due)}",
    )
    if late <= 0:
        en = f"refunded on {refunded_on}, on time: no increase"
        fr = f"remboursé le {fmt.day(refunded_on)}, dans le délai : aucune majoration"
    elif cap_reached is not None:
        en = (
            f"refunded on {refunded_on}, {late} days late: the increase reached the price,"
            f" {cap}, on {cap_reached}; legal interest runs on the refund from the next day:"
            f" {amount} in all"
        )
        fr = (
            f"remboursé le {fmt.day(refunded_on)}, avec {late} jours de retard : la majoration a"
            f" atteint le prix, {fmt.money(cap)}, le {fmt.day(cap_reached)} ; l'intérêt légal"
            f" court ensuite sur le remboursement : {fmt.money(amount)} au total"
        )
    elif percent is None:
        en = (
            f"refunded on {refunded_on}, {late} days late (at most ten): legal interest"
            f" (natural persons) on {refund}, {amount}"
        )
        fr = (
            f"remboursé le {fmt.day(refunded_on)}, avec {late} jours de retard (dix au plus) :"
            f" intérêt au taux légal (personnes physiques) sur {fmt.money(refund)}, soit"
            f" {fmt.money(amount)}"
        )
    else:
        en = f"refunded on {refunded_on}, {late} days late: {percent} % of {refund}, {amount}"
        fr = (
            f"remboursé le {fmt.day(refunded_on)}, avec {late} jours de retard :"
            f" {fmt.percent(percent)} de {fmt.money(refund)}, soit {fmt.money(amount)}"
        )
    if next_step is not None:
        en += f"; it steps up on {next_step}"
        fr += f" ; elle augmente à partir du {fmt.day(next_step)}"
    return (cite("Code de la consommation L242-4", en, fr), refund_due)
