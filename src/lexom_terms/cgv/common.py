"""What both CGV versions share: the checks every notice goes through, the settlement builder,
the provider-side cases (RULEBOOK §6), force majeure (RULEBOOK §4) and the consumer caveats.

The version modules never import each other; both import this.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..calendar import add_days, days_between
from ..enums import CgvVersion, Initiator, Reason, Status
from ..errors import InvalidInputError
from ..models import Notice, Order
from ..money import ZERO, pro_rata, to_decimal
from ..results import Citation, Evaluator, RetractionWindow, Settlement, cite
from ..statute import retraction

#: API.md: boundaries are looked for up to 400 days after the session's end.
BOUNDARY_HORIZON = timedelta(days=400)


def check_notice(order: Order, notice: Notice) -> None:
    """RULEBOOK §4: a notice dated before the signature is an input error."""
    if notice.received_on < order.signed_on:
        raise InvalidInputError(
            f"notice.received_on {notice.received_on} is before order.signed_on"
            f" {order.signed_on}: a notice must be received on or after the signature"
        )
    if notice.sent_on is not None and notice.sent_on < order.signed_on:
        raise InvalidInputError(
            f"notice.sent_on {notice.sent_on} is before order.signed_on {order.signed_on}:"
            " a notice must be sent on or after the signature"
        )


def check_new_start(notice: Notice, new_start: date | None) -> None:
    if new_start is not None and new_start <= notice.received_on:
        raise InvalidInputError(
            f"new_start {new_start} is on or before the request's received_on"
            f" {notice.received_on}: give a new start date after the request"
        )


def money_argument(value: Any, name: str, order: Order) -> Decimal:
    """A caller-supplied policy amount: exact, non-negative, at most the order's total."""
    try:
        amount = to_decimal(value, what=name)
    except ValueError as error:
        raise InvalidInputError(f"{name}: {error}") from None
    if amount > order.total:
        raise InvalidInputError(
            f"{name} {amount} exceeds the order's total {order.total}: 0 ≤ owed ≤ total"
        )
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInputError(f"{name} must be a non-negative amount to the cent, got {amount}")
    return amount.quantize(Decimal("0.01"))


def days_before_start(order: Order, notice: Notice) -> int:
    """RULEBOOK §0: calendar days from the day LEXOM receives the notice to the start."""
    return days_between(notice.received_on, order.session.start)


def settle(
    order: Order,
    notice: Notice,
    status: Status,
    owed: Decimal,
    citations: tuple[Citation, ...],
    *,
    due_on: date | None,
    caveats: tuple[Citation, ...] = (),
    refund_due_on: date | None = None,
    escalates_on: date | None = None,
    owed_after_escalation: Decimal | None = None,
    new_session_owed: Decimal | None = None,
) -> Settlement:
    return Settlement.build(
        cgv=order.cgv,
        status=status,
        owed=owed,
        paid=order.paid,
        due_on=due_on,
        citations=citations,
        caveats=caveats,
        refund_due_on=refund_due_on,
        escalates_on=escalates_on,
        owed_after_escalation=owed_after_escalation,
        new_session_owed=new_session_owed,
        received_on=notice.received_on,
    )


def withdrawal_settlement(
    order: Order, notice: Notice, found: retraction.Withdrawal, *, postponement: bool
) -> Settlement:
    """A withdrawal inside a window (status ``retracted``); for a postponement request, the
    same cost (RULEBOOK §5: the client could have withdrawn instead)."""
    if not postponement:
        return settle(
            order,
            notice,
            Status.RETRACTED,
            found.owed,
            found.citations,
            due_on=notice.received_on,
            refund_due_on=found.refund_due_on,
        )
    why = cite(
        f"{order.cgv} §3",
        "a postponement requested inside the withdrawal window costs what a withdrawal sent the"
        f" same day would cost: {found.owed}",
        "un report demandé pendant le délai de rétractation coûte ce que coûterait une"
        f" rétractation envoyée le même jour : {found.owed}",
    )
    return settle(
        order,
        notice,
        Status.POSTPONED,
        found.owed,
        (why, *found.citations[:-1]),
        due_on=notice.received_on,
        new_session_owed=order.total,
    )


def statutory_overlay(
    order: Order,
    notice: Notice,
    windows: tuple[retraction.Window, ...],
    *,
    written: Citation,
    payment_due_on: date,
    postponement: bool,
) -> Settlement | None:
    """RULEBOOK §4's first checks, before a version's own steps (and §5's for a postponement):

    1. a withdrawal sent inside the consumer window counts in any unambiguous form, written or
       not (Code de la consommation L221-21);
    2. otherwise a notice that is not written is not receivable (legacy §3.5-3.6, new §3.5);
    3. a withdrawal inside the training-contract window (Code du travail L6353-5).

    None when none of them decides."""
    consumer = _withdrawal(order, notice, windows, retraction.WindowKind.CONSUMER)
    if consumer is not None:
        return withdrawal_settlement(order, notice, consumer, postponement=postponement)
    if not notice.written:
        return not_receivable(order, notice, written, payment_due_on)
    training = _withdrawal(order, notice, windows, retraction.WindowKind.TRAINING)
    if training is not None:
        return withdrawal_settlement(order, notice, training, postponement=postponement)
    return None


def _withdrawal(
    order: Order,
    notice: Notice,
    windows: tuple[retraction.Window, ...],
    kind: retraction.WindowKind,
) -> retraction.Withdrawal | None:
    for window in windows:
        if window.kind == kind:
            return retraction.withdrawal(order, notice, window)
    return None


def window_result(window: retraction.Window | None) -> RetractionWindow | None:
    """The public form of the window that ends last (RULEBOOK §3)."""
    if window is None:
        return None
    deadline = window.deadline
    return RetractionWindow(
        days=deadline.days,
        opens_on=add_days(deadline.event_on, 1),
        nominal_last_day=deadline.nominal_last_day,
        last_day=deadline.last_day,
        extended_for=deadline.extended_for,
        citations=window.citations,
    )


def not_receivable(
    order: Order, notice: Notice, clause: Citation, payment_due_on: date
) -> Settlement:
    """RULEBOOK §4: an oral notice is not receivable; the order stands, total on schedule."""
    return settle(
        order,
        notice,
        Status.NOT_RECEIVABLE,
        order.total,
        (clause,),
        due_on=payment_due_on,
    )


def delivered_share(order: Order, before: date) -> tuple[int, int, Decimal]:
    """(days delivered strictly before ``before``, training days, their share of the total)."""
    delivered = retraction.delivered_days(order, before)
    days = len(order.session.days)
    return delivered, days, pro_rata(order.total, delivered, days)


def self_funded_force_majeure(order: Order, notice: Notice) -> Settlement | None:
    """Code du travail L6353-7: a natural person paying for their own training, prevented by
    force majeure, ends the contract and owes only the training days delivered, pro rata."""
    if notice.reason != Reason.FORCE_MAJEURE or not order.self_funded_natural_person:
        return None
    delivered, days, owed = delivered_share(order, notice.sent)
    return settle(
        order,
        notice,
        Status.CANCELLED,
        owed,
        (
            cite(
                "Code du travail L6353-7",
                f"a self-funded trainee prevented by force majeure owes only the training given:"
                f" {delivered} of {days} days, {owed}; the CGV fees do not apply",
                f"le stagiaire qui finance lui-même sa formation et en est empêché par force"
                f" majeure ne doit que la formation dispensée : {delivered} jour(s) sur {days},"
                f" soit {owed} ; les frais des CGV ne s'appliquent pas",
            ),
        ),
        due_on=notice.received_on,
    )


def force_majeure_no_excuse(notice: Notice, clause: str) -> tuple[Citation, ...]:
    """RULEBOOK §4: for any other client, force majeure does not excuse a debt of money."""
    if notice.reason != Reason.FORCE_MAJEURE:
        return ()
    return (
        cite(
            "Code civil 1218",
            f"force majeure does not excuse a debt of money; {clause} applies unchanged",
            f"la force majeure n'exonère pas d'une dette d'argent ; {clause} s'applique",
        ),
    )


def consumer_caveats(order: Order, owed: Decimal) -> tuple[Citation, ...]:
    """RULEBOOK §4 'Caveats toward consumers': the figure stands, its exposure is said."""
    if not order.client.is_consumer or owed <= 0:
        return ()
    caveats = [
        cite(
            "Code de la consommation R212-2",
            "a fee charged to a consumer while the CGV give the consumer nothing when LEXOM"
            " cancels is presumed abusive (2°); LEXOM may rebut the presumption",
            "des frais mis à la charge d'un consommateur alors que les CGV ne lui accordent rien"
            " en cas d'annulation par LEXOM sont présumés abusifs (2°) ; LEXOM peut renverser la"
            " présomption",
        )
    ]
    if owed == order.total:
        caveats.append(
            cite(
                "Code civil 1231-5",
                "a 100 % fee charged to a consumer is a penalty clause a judge may reduce",
                "des frais de 100 % mis à la charge d'un consommateur constituent une clause"
                " pénale que le juge peut modérer",
            )
        )
    return tuple(caveats)


def provider_settlement(
    order: Order,
    notice: Notice,
    clauses: tuple[Citation, ...],
    *,
    postponement: bool,
) -> Settlement:
    """RULEBOOK §6: before the start nothing is owed and every payment is refunded (or, for a
    postponement, credited); from the start, the days delivered are owed pro rata."""
    started = notice.received_on >= order.session.start
    if started:
        delivered, days, owed = delivered_share(order, notice.sent)
        citations = (
            *clauses,
            cite(
                "Code du travail L6354-1",
                f"the training was interrupted on {notice.received_on}: {delivered} of {days}"
                f" days given are owed, {owed}; the rest is not",
                f"formation interrompue le {notice.received_on} : {delivered} jour(s) sur {days}"
                f" dispensé(s) sont dus, soit {owed} ; le reste ne l'est pas",
            ),
            cite(
                "Code civil 1229",
                "what was paid for training not given is returned",
                "ce qui a été payé pour la formation non dispensée est restitué",
            ),
        )
    else:
        owed = ZERO
        citations = clauses
    if postponement:
        return settle(
            order,
            notice,
            Status.POSTPONED_BY_PROVIDER,
            owed,
            citations,
            due_on=notice.received_on,
            new_session_owed=order.total - owed,
        )
    return settle(
        order,
        notice,
        Status.CANCELLED_BY_PROVIDER,
        owed,
        citations,
        due_on=notice.received_on,
    )


def moved(notice: Notice, received_on: date) -> Notice:
    """The same notice received on another day; its sending date moves with it."""
    shift = received_on - notice.received_on
    sent = None if notice.sent_on is None else notice.sent_on + shift
    return notice.model_copy(update={"received_on": received_on, "sent_on": sent})


def receipt_evaluator(
    order: Order, notice: Notice, rule: Callable[[Notice], Settlement]
) -> Evaluator:
    """Boundaries over the notice's date: the same rule, the notice moved day by day."""

    def evaluate(day: date) -> Settlement | None:
        try:
            return rule(moved(notice, day))
        except InvalidInputError:
            return None

    return (
        "received_on",
        notice.received_on,
        order.signed_on,
        order.session.end + BOUNDARY_HORIZON,
        evaluate,
    )


def new_start_evaluator(
    order: Order, notice: Notice, new_start: date, rule: Callable[[date], Settlement]
) -> Evaluator:
    def evaluate(day: date) -> Settlement | None:
        try:
            return rule(day)
        except InvalidInputError:
            return None

    return (
        "new_start",
        new_start,
        add_days(notice.received_on, 1),
        order.session.end + BOUNDARY_HORIZON,
        evaluate,
    )


def is_provider(notice: Notice) -> bool:
    return notice.by == Initiator.PROVIDER


def version_of(order: Order, expected: CgvVersion) -> None:
    """A version module called directly on the other version's order is a caller error."""
    if order.cgv != expected:
        raise InvalidInputError(
            f"order.cgv is {order.cgv!r} but this is the {expected} module: call"
            f" lexom_terms.cancel (which dispatches) or the {order.cgv} module"
        )
