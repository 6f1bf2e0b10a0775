"""The overlays a client's notice meets before a CGV version's own steps, in one ordered,
labelled precedence (issue 17; RULEBOOK §4's first checks, §5's): the first that decides wins,
as Catala's explicit exceptions do. Each is declared beside its law
(:mod:`lexom_terms.statute.overlay` says what a declaration holds):

=====  ==========================  ==============================  ============================
order  label                       law                             applies to
=====  ==========================  ==============================  ============================
1      consumer window             Code de la consommation L221-21  cancellation, postponement
2      written form                each version's own clause       cancellation, postponement
3      training window             Code du travail L6353-5         cancellation, postponement
4      self-funded force majeure   Code du travail L6353-7         cancellation
=====  ==========================  ==============================  ============================

The consumer window comes first because a withdrawal may be made in any unambiguous form, an
oral one included; the written form then refuses any other oral notice; the training-contract
window (by registered letter) and force majeure follow. Force majeure ends a contract, it does
not move it: a postponement meets it only where its version prices a postponement as the
cancellation of the same date (new-30 §3.6), through that cancellation.

:func:`register` adds an overlay for a while (a test's made-up statute); the engine's fast path
asks every overlay's ``may_apply``, so a new one is reached with nothing else written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..enums import Status
from ..models import Notice, Order
from ..statute.overlay import Case, Decision, Kind, Overlay, fixed
from ..statute.retraction import CONSUMER_WINDOW, TRAINING_WINDOW, Window
from ..statute.training import SELF_FUNDED_FORCE_MAJEURE

__all__ = ["PRECEDENCE", "WRITTEN_FORM", "applicable", "register"]


def _oral(order: Order, notice: Notice, windows: tuple[Window, ...]) -> bool:
    return not notice.written


def _not_receivable(case: Case) -> Decision:
    """legacy §3.5–3.6, new §3.5: a notice that is not written is not receivable; the order
    stands and its total is owed on the normal schedule."""
    regime = case.regime
    written = regime.written_postponement if case.postponement else regime.written_cancellation
    cited = regime.cite(written)
    return Decision(
        Status.NOT_RECEIVABLE, case.order.total, fixed((cited,)), cited.source, due="schedule"
    )


WRITTEN_FORM = Overlay(
    label="written form",
    name="written form (each version's own clause)",
    reads=("notice.written",),
    applies_to=frozenset({Kind.CANCELLATION, Kind.POSTPONEMENT}),
    may_apply=_oral,
    decide=_not_receivable,
)

#: The precedence, first to last.
PRECEDENCE: list[Overlay] = [
    CONSUMER_WINDOW,
    WRITTEN_FORM,
    TRAINING_WINDOW,
    SELF_FUNDED_FORCE_MAJEURE,
]

_APPLICABLE: dict[Kind, tuple[Overlay, ...]] = {}


def applicable(kind: Kind) -> tuple[Overlay, ...]:
    """The overlays of ``kind``'s notice, in precedence order (kept until the table changes)."""
    found = _APPLICABLE.get(kind)
    if found is None:
        found = _APPLICABLE[kind] = tuple(o for o in PRECEDENCE if kind in o.applies_to)
    return found


@contextmanager
def register(overlay: Overlay, before: str | None = None) -> Iterator[Overlay]:
    """Add ``overlay`` to the precedence while the block runs: before the overlay labelled
    ``before``, or last (just before the versions' ladders)."""
    if any(o.label == overlay.label for o in PRECEDENCE):
        raise ValueError(f"an overlay labelled {overlay.label!r} is already declared")
    labels = [o.label for o in PRECEDENCE]
    if before is not None and before not in labels:
        raise ValueError(f"before={before!r}: no such overlay; declared: {', '.join(labels)}")
    at = len(PRECEDENCE) if before is None else labels.index(before)
    PRECEDENCE.insert(at, overlay)
    _APPLICABLE.clear()
    try:
        yield overlay
    finally:
        PRECEDENCE.remove(overlay)
        _APPLICABLE.clear()
