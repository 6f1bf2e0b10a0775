"""Withdrawal windows (RULEBOOK §3).

* Consumer window, 14 days: Code de la consommation L221-18 (distance contracts), L221-19
  (counting), L221-21 (a withdrawal sent by the last day counts, in any unambiguous form),
  L221-24 (refund within 14 days), L221-25 (early start: pro rata), L221-28 1° (no right once
  the service is fully performed after an express early start).
* Training-contract window, 10 days: Code du travail L6353-3 (a natural person paying for their
  own training signs a training contract), L6353-5 (10 days to withdraw, by registered letter),
  L6353-6 (no sum before the window closes; at most 30 % then).

Which orders have the consumer window depends on the CGV version (legacy-15: distance orders;
new-30: every consumer order), so the version module says so; the statute itself lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import partial

from .. import fmt
from ..calendar import Deadline, add_days, statutory_deadline
from ..enums import PersonKind, Status
from ..models import Notice, Order
from ..money import ZERO, pro_rata
from ..results import Citation, cite
from .overlay import DELIVERED, Case, Decision, Kind, MayApply, Overlay, fixed

CONSUMER_DAYS = 14
TRAINING_DAYS = 10
#: L221-24: the professional refunds "au plus tard quatorze jours à compter de la date à laquelle
#: il est informé de la décision du consommateur de se rétracter".
REFUND_DAYS = 14


class WindowKind(StrEnum):
    CONSUMER = "consumer"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class Window:
    """A withdrawal window: its deadline now, its sentences when first read."""

    kind: WindowKind
    deadline: Deadline
    source: str
    """The clause or statute that gives the right (the first of its citations)."""
    cited: Callable[[], tuple[Citation, ...]]

    @property
    def last_day(self) -> date:
        return self.deadline.last_day

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.cited()


def windows(order: Order, *, consumer_clause: Citation | None) -> tuple[Window, ...]:
    """Every window that applies to ``order``. ``consumer_clause`` is the version's reason for a
    consumer window (None when the version and channel give none)."""
    found: list[Window] = []
    subdivision = order.client.holiday_subdivision
    signed = order.signed_on
    # A legal person is never a consumer, whatever `professional` says (RULEBOOK §0).
    if (
        order.client.kind == PersonKind.NATURAL
        and order.client.is_consumer
        and consumer_clause is not None
    ):
        deadline = statutory_deadline(signed, CONSUMER_DAYS, subdivision=subdivision)
        found.append(
            Window(
                WindowKind.CONSUMER,
                deadline,
                consumer_clause.source,
                partial(_consumer_citations, consumer_clause, signed, deadline),
            )
        )
    if order.self_funded_natural_person:
        deadline = statutory_deadline(signed, TRAINING_DAYS, subdivision=subdivision)
        found.append(
            Window(
                WindowKind.TRAINING,
                deadline,
                "Code du travail L6353-5",
                partial(_training_citations, deadline),
            )
        )
    return tuple(found)


def _consumer_citations(clause: Citation, signed: date, deadline: Deadline) -> tuple[Citation, ...]:
    return (
        clause,
        cite(
            "Code de la consommation L221-19",
            f"the 14 days run from the day after the signature ({signed}) and end on"
            f" {deadline.last_day}" + _pushed_en(deadline),
            f"les 14 jours courent du lendemain de la signature ({fmt.day(signed)}) et prennent"
            f" fin le {fmt.day(deadline.last_day)}" + _pushed_fr(deadline),
        ),
    )


def _training_citations(deadline: Deadline) -> tuple[Citation, ...]:
    return (
        cite(
            "Code du travail L6353-5",
            "a natural person paying for their own training may withdraw within 10"
            f" days of signing: until {deadline.last_day}" + _pushed_en(deadline),
            "une personne physique qui finance elle-même sa formation peut se"
            " rétracter dans les 10 jours de la signature : jusqu'au"
            f" {fmt.day(deadline.last_day)}" + _pushed_fr(deadline),
        ),
        cite(
            "Code de procédure civile 642",
            "L6353-5 does not say how to count: the day of signature is not counted and"
            " a period ending on a week-end or holiday is extended (read by analogy)",
            "L6353-5 ne précise pas le décompte : le jour de la signature ne compte pas"
            " et un délai expirant un samedi, dimanche ou jour férié est prorogé"
            " (appliqué par analogie)",
        ),
    )


def _pushed_en(deadline: Deadline) -> str:
    if not deadline.extended_for:
        return ""
    return f" (moved from {deadline.nominal_last_day} past {', '.join(deadline.extended_for)})"


def _pushed_fr(deadline: Deadline) -> str:
    if not deadline.extended_for:
        return ""
    return (
        f" (reporté du {fmt.day(deadline.nominal_last_day)} : {', '.join(deadline.extended_for)})"
    )


def reported(found: tuple[Window, ...]) -> Window | None:
    """The window that ends last; on a tie, the consumer window (its effects protect more)."""
    best: Window | None = None
    for window in found:  # consumer windows come first, so ">" keeps them on a tie
        if best is None or window.last_day > best.last_day:
            best = window
    return best


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """What a withdrawal sent inside a window costs."""

    owed: Decimal
    refund_due_on: date
    citations: tuple[Citation, ...]
    decided_by: str
    """The source of the right exercised: the window's own clause."""


def delivered_days(order: Order, before: date) -> int:
    """Training days strictly before ``before`` (RULEBOOK §3: "delivered")."""
    return sum(1 for day in order.session.days if day < before)


def withdrawal(order: Order, notice: Notice, window: Window) -> Withdrawal | None:
    """The withdrawal's cost if ``notice`` was sent inside ``window`` and the right still exists.

    Returns None when the notice is outside the window, or when the whole training was delivered
    and the right is gone (L221-28 1° after an express early start; L6353-5 once delivered)."""
    sent = notice.sent
    if sent > window.last_day:
        return None
    if window.kind is WindowKind.CONSUMER:
        return _consumer_withdrawal(order, notice, window, sent)
    return _training_withdrawal(order, notice, window, sent)


def _consumer_withdrawal(
    order: Order, notice: Notice, window: Window, sent: date
) -> Withdrawal | None:
    total_days = len(order.session.days)
    delivered = delivered_days(order, sent)
    refund_by = add_days(notice.received_on, REFUND_DAYS)
    base = (
        *window.citations,
        cite(
            "Code de la consommation L221-21",
            f"the withdrawal was sent on {sent}, on or before the last day {window.last_day}"
            if notice.written
            else f"the withdrawal was expressed on {sent} (any unambiguous statement counts, written"
            f" or not), on or before the last day {window.last_day}",
            f"la rétractation a été envoyée le {fmt.day(sent)}, au plus tard le dernier jour"
            f" ({fmt.day(window.last_day)})"
            if notice.written
            else f"la rétractation a été exprimée le {fmt.day(sent)} (toute déclaration dénuée"
            f" d'ambiguïté vaut, écrite ou non), au plus tard le dernier jour"
            f" ({fmt.day(window.last_day)})",
        ),
    )
    refund = cite(
        "Code de la consommation L221-24",
        f"sums paid above what is owed are refunded within 14 days of {notice.received_on}, by"
        f" {refund_by}",
        f"les sommes versées au-delà de ce qui est dû sont remboursées dans les 14 jours du"
        f" {fmt.day(notice.received_on)}, au plus tard le {fmt.day(refund_by)}",
    )
    if not order.early_start_requested:
        owed = ZERO
        why = cite(
            "Code de la consommation L221-25",
            f"no express request to start early: nothing is owed, although {delivered} of"
            f" {total_days} training days were given before the withdrawal"
            if delivered
            else "the withdrawal costs nothing: no training day was given before it",
            f"pas de demande expresse de démarrage anticipé : rien n'est dû ({delivered} jour(s)"
            f" sur {total_days} déjà dispensé(s))"
            if delivered
            else "la rétractation ne coûte rien : aucun jour de formation n'avait été dispensé",
        )
    elif delivered >= total_days:
        return None  # L221-28 1°: service fully performed after an express early start
    else:
        owed = pro_rata(order.total, delivered, total_days)
        why = cite(
            "Code de la consommation L221-25",
            f"the early start was expressly requested: {delivered} of {total_days} training"
            f" days delivered are owed, {owed}",
            f"démarrage anticipé demandé expressément : {delivered} jour(s) sur {total_days}"
            f" dispensé(s) sont dus, soit {fmt.money(owed)}",
        )
    return Withdrawal(owed, refund_by, (*base, why, refund), window.source)


def _training_withdrawal(
    order: Order, notice: Notice, window: Window, sent: date
) -> Withdrawal | None:
    """RULEBOOK §3 "Citations follow the window": a training-contract withdrawal cites the
    Code du travail only (L6353-5, L6353-6, L6354-1), never the Code de la consommation, and
    its refund is due on receipt (restitution, Code civil 1229 and 1352-6)."""
    total_days = len(order.session.days)
    delivered = delivered_days(order, sent)
    if delivered >= total_days:
        return None  # the whole training was given: nothing left to withdraw from
    owed = pro_rata(order.total, delivered, total_days)
    received = notice.received_on
    citations = (
        *window.citations,
        cite(
            "Code du travail L6353-5",
            f"the withdrawal was sent on {sent}, on or before the last day {window.last_day}"
            " (the sending date of the registered letter counts)",
            f"la rétractation a été envoyée le {fmt.day(sent)}, au plus tard le dernier jour"
            f" ({fmt.day(window.last_day)}) ; la date d'envoi de la lettre recommandée fait foi",
        ),
        cite(
            "Code du travail L6353-6",
            "no sum may be required before the 10-day window closes",
            "aucune somme ne peut être exigée avant l'expiration du délai de 10 jours",
        ),
        cite(
            "Code du travail L6354-1",
            f"only the training actually given is paid: {delivered} of {total_days} days, {owed}",
            f"seule la formation réellement dispensée est payée : {delivered} jour(s) sur"
            f" {total_days}, soit {fmt.money(owed)}",
        ),
        cite(
            "Code civil 1229",
            f"sums paid above what is owed are returned on receipt of the withdrawal, {received}"
            " (restitution, Code civil 1352-6; no statutory delay outside consumer law)",
            f"les sommes versées au-delà de ce qui est dû sont restituées dès réception de la"
            f" rétractation, le {fmt.day(received)} (restitution, Code civil 1352-6 ; aucun délai légal"
            " hors droit de la consommation)",
        ),
    )
    return Withdrawal(owed, received, citations, window.source)


#: Code du travail L6353-6: a self-funded trainee owes no sum before the 10-day window closes.
DEPOSIT_AFTER_WINDOW = "Code du travail L6353-6"


def deposit_after_window(last_day: date) -> Citation:
    """RULEBOOK §2 with L6353-6 (moved here from the engine's ``deposit_due``): a natural person
    paying for their own training owes nothing before the window of L6353-5 closes on
    ``last_day``; the deposit, at most 30 %, is due the day after."""
    due = add_days(last_day, 1)
    return cite(
        DEPOSIT_AFTER_WINDOW,
        f"a natural person paying for their own training owes nothing before the"
        f" 10-day withdrawal window closes on {last_day}; the deposit, at most 30 %,"
        f" is due on {due}",
        f"une personne physique qui finance elle-même sa formation ne doit rien"
        f" avant la fin du délai de rétractation de 10 jours le {fmt.day(last_day)} ;"
        f" l'acompte, 30\u00a0% au plus, est dû le {fmt.day(due)}",
    )


# --- the windows as overlays over every CGV version (issue 17) ----------------------------------


def _has(kind: WindowKind) -> MayApply:
    def may_apply(order: Order, notice: Notice, found: tuple[Window, ...]) -> bool:
        for window in found:  # noqa: SIM110 - a plain loop: most orders have none (hot path)
            if window.kind is kind:
                return True
        return False

    return may_apply


def _withdraw(kind: WindowKind) -> Callable[[Case], Decision | None]:
    """A withdrawal sent inside a window of ``kind``: status ``retracted``; for a postponement
    request, the same cost (RULEBOOK §5: the client could have withdrawn instead), under the
    version's clause saying so."""

    def decide(case: Case) -> Decision | None:
        order, notice = case.order, case.notice
        for window in case.windows:
            if window.kind is not kind:
                continue
            found = withdrawal(order, notice, window)
            if found is None:
                continue
            if not case.postponement:
                return Decision(
                    Status.RETRACTED,
                    found.owed,
                    fixed(found.citations),
                    found.decided_by,
                    refund_due_on=found.refund_due_on,
                )
            # RULEBOOK §5: decided by, and citing, the window's own clause (legacy-15 §2.1,
            # new-30 §2.1, L221-18, L6353-5), never a heading such as "legacy-15 §3".
            clause = found.decided_by
            why = cite(
                clause,
                "a postponement requested inside the withdrawal window costs what a withdrawal"
                f" sent the same day would cost: {found.owed}",
                "un report demandé pendant le délai de rétractation coûte ce que coûterait une"
                f" rétractation envoyée le même jour : {fmt.money(found.owed)}",
            )
            return Decision(
                Status.POSTPONED,
                found.owed,
                fixed((why, *found.citations[:-1])),
                clause,
                new_session_owed=order.total,
            )
        return None

    return decide


_BOTH = frozenset({Kind.CANCELLATION, Kind.POSTPONEMENT})

CONSUMER_WINDOW = Overlay(
    label="consumer window",
    name="consumer withdrawal window, in any unambiguous form (Code de la consommation L221-21)",
    reads=("windows", "notice.sent", "notice.written", DELIVERED),
    applies_to=_BOTH,
    may_apply=_has(WindowKind.CONSUMER),
    decide=_withdraw(WindowKind.CONSUMER),
)

TRAINING_WINDOW = Overlay(
    label="training window",
    name="training-contract withdrawal window (Code du travail L6353-5)",
    reads=("windows", "notice.sent", DELIVERED),
    applies_to=_BOTH,
    may_apply=_has(WindowKind.TRAINING),
    decide=_withdraw(WindowKind.TRAINING),
)
