"""Force majeure for a self-funded trainee (Code du travail L6353-7), as an overlay over every CGV
version's cancellation (RULEBOOK §4).

"Si, par suite de force majeure dûment reconnue, le stagiaire est empêché de suivre la formation,
il peut rompre le contrat. Dans ce cas, seules les prestations effectivement dispensées sont dues
au prorata temporis de leur valeur prévue au contrat." It protects the natural person paying for
their own training (the training contract of L6353-3); any other client's force majeure does not
excuse a debt of money (Code civil 1218, the engine's note on the version's step).

A postponement is not a rupture of the contract: the overlay applies to cancellations only. A
version that prices a postponement as the cancellation of the same date (new-30 §3.6) meets it
through that cancellation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import fmt
from ..enums import Reason, Status
from ..money import pro_rata
from ..results import Citation, cite
from .overlay import DELIVERED, Case, Decision, Kind, Overlay
from .retraction import delivered_days

if TYPE_CHECKING:
    from ..models import Notice, Order
    from .retraction import Window

__all__ = ["INTERRUPTION", "SELF_FUNDED_FORCE_MAJEURE", "interrupted"]

SOURCE = "Code du travail L6353-7"
#: Code du travail L6354-1: a training interrupted is paid for what was given.
INTERRUPTION = "Code du travail L6354-1"


def interrupted(received: date, delivered: int, days: int, owed: Decimal) -> tuple[Citation, ...]:
    """RULEBOOK §6: LEXOM stops a training begun (moved here from ``cgv/engine.py``): the days
    given are owed pro rata, what was paid for the rest is returned."""
    return (
        cite(
            INTERRUPTION,
            f"the training was interrupted on {received}: {delivered} of"
            f" {days} days given are owed, {owed}; the rest is not",
            f"formation interrompue le {fmt.day(received)} : {delivered} jour(s) sur"
            f" {days} dispensé(s) sont dus, soit {fmt.money(owed)} ; le reste ne l'est pas",
        ),
        cite(
            "Code civil 1229",
            "what was paid for training not given is returned",
            "ce qui a été payé pour la formation non dispensée est restitué",
        ),
    )


def _may_apply(order: Order, notice: Notice, windows: tuple[Window, ...]) -> bool:
    return notice.reason == Reason.FORCE_MAJEURE and order.self_funded_natural_person


def _decide(case: Case) -> Decision:
    order, notice = case.order, case.notice
    delivered = delivered_days(order, notice.sent)
    days = len(order.session.days)
    owed = pro_rata(order.total, delivered, days)

    def reasons() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
        return (
            cite(
                SOURCE,
                f"a self-funded trainee prevented by force majeure owes only the training"
                f" given: {delivered} of {days} days, {owed}; the CGV fees do not apply",
                f"le stagiaire qui finance lui-même sa formation et en est empêché par force"
                f" majeure ne doit que la formation dispensée : {delivered} jour(s) sur"
                f" {days}, soit {fmt.money(owed)} ; les frais des CGV ne s'appliquent pas",
            ),
        ), ()

    return Decision(Status.CANCELLED, owed, reasons, SOURCE)


SELF_FUNDED_FORCE_MAJEURE = Overlay(
    label="self-funded force majeure",
    name=f"force majeure, self-funded trainee ({SOURCE})",
    reads=("notice.reason", "order.self_funded_natural_person", DELIVERED),
    applies_to=frozenset({Kind.CANCELLATION}),
    may_apply=_may_apply,
    decide=_decide,
)
