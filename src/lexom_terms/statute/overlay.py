"""What a statutory overlay is, as data (issue 17): a rule over every CGV version that a client's
notice meets before the version's own steps (RULEBOOK §4's first checks, §5's).

An :class:`Overlay` is declared beside its law (``statute/retraction.py``,
``statute/training.py``; the CGV's own written form in ``cgv/precedence.py``) and states

* **when it may apply** — ``may_apply``, a cheap test of the facts it reads (``reads`` names
  them): the engine's fast path is "no overlay may apply", derived from the declarations, never a
  hand-written guard;
* **what it applies to** — ``applies_to``: cancellations, postponements or both;
* **what it decides** — ``decide``, a :class:`Decision` (or None: it does not decide after all).

The overlays stand in one ordered, labelled precedence (``cgv/precedence.py``), as Catala's
explicit exceptions do: the first that decides wins, then the version's ladder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..enums import Status
from ..results import Citation

if TYPE_CHECKING:
    from ..cgv.regime import Regime
    from ..models import Notice, Order
    from .retraction import Window

__all__ = ["DELIVERED", "Case", "Decision", "Kind", "Overlay", "Reasons", "fixed"]

#: The fact "training days delivered before the notice was sent": an overlay that reads it
#: makes every training day a break date of the boundaries (``Overlay.reads``).
DELIVERED = "training days delivered"


class Kind(StrEnum):
    """What a client's notice asks."""

    CANCELLATION = "cancellation"
    POSTPONEMENT = "postponement"


Reasons = Callable[[], tuple[tuple[Citation, ...], tuple[Citation, ...]]]
"""(citations, caveats), written when first read."""


def fixed(citations: tuple[Citation, ...], caveats: tuple[Citation, ...] = ()) -> Reasons:
    """Prose already built."""
    return lambda: (citations, caveats)


class Case(NamedTuple):
    """What an overlay's decision may read: the regime (for its own clause's citation), the
    order, the notice, the withdrawal windows that apply, and what the notice asks."""

    regime: Regime
    order: Order
    notice: Notice
    windows: tuple[Window, ...]
    kind: Kind

    @property
    def postponement(self) -> bool:
        return self.kind is Kind.POSTPONEMENT


class Decision(NamedTuple):
    """What an overlay decides: the settlement's status, what is owed, why, the deciding source,
    when it is due (``receipt``: the day the notice is received; ``schedule``: the normal payment
    date), and for a withdrawal the refund date, for a postponement what the new session costs."""

    status: Status
    owed: Decimal
    reasons: Reasons
    decided_by: str
    due: Literal["receipt", "schedule"] = "receipt"
    refund_due_on: date | None = None
    new_session_owed: Decimal | None = None


MayApply = Callable[["Order", "Notice", "tuple[Window, ...]"], bool]


@dataclass(frozen=True, slots=True)
class Overlay:
    """One statute (or the CGV's written form) over every version's ladder."""

    label: str
    """Short and unique: the overlay's place in the precedence (``"consumer window"``)."""
    name: str
    """As listed, with its law: ``"written form (each version's own clause)"``."""
    reads: tuple[str, ...]
    """The facts ``may_apply`` and ``decide`` read (``"notice.written"``, ``"windows"``,
    ``"training days delivered"``...): documentation, and what the boundaries must watch."""
    applies_to: frozenset[Kind]
    may_apply: MayApply
    """A cheap test on the facts it reads, never on the notice's dates (the boundaries move them
    and rely on it); False: ``decide`` is not even asked."""
    decide: Callable[[Case], Decision | None]
