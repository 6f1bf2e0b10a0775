"""The break dates of the boundaries, part of :class:`lexom_terms.cgv.engine.Rules`: the days on
which a notice's settlement can change (receipt, new start), so the boundaries evaluate one
date per stretch (API.md ``boundaries``).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..calendar import add_days, add_months
from ..enums import (
    Initiator,
)
from ..errors import InvalidInputError
from ..models import Notice, Order
from ..results import (
    Evaluator,
    Settlement,
)
from ..statute.overlay import DELIVERED, Kind
from .common import (
    BOUNDARY_HORIZON,
    _DateRule,
    _NoticeRule,
    moved,
)
from .milestones import Milestones
from .precedence import applicable


class Breaks(Milestones):
    """The evaluators and break dates behind a notice's boundaries."""

    __slots__ = ()

    def _receipt_evaluator(
        self,
        order: Order,
        notice: Notice,
        rule: _NoticeRule,
        *,
        postponement: bool = False,
        new_start: date | None = None,
    ) -> Evaluator:
        """Boundaries over the notice's date: the same rule, the notice moved."""

        def evaluate(day: date) -> Settlement | None:
            try:
                return rule(moved(notice, day))
            except InvalidInputError:
                return None

        def breaks() -> tuple[date, ...]:
            return self._receipt_breaks(order, notice, postponement, new_start)

        return Evaluator(
            "received_on",
            notice.received_on,
            order.signed_on,
            order.session.end + BOUNDARY_HORIZON,
            evaluate,
            breaks,
        )

    def _receipt_breaks(
        self, order: Order, notice: Notice, postponement: bool, new_start: date | None
    ) -> tuple[date, ...]:
        """Every receipt date on which an input of the rule changes: the answer for a notice
        received that day may differ from the day before's, and nowhere else. The sending date
        moves with the receipt (``moved``), ``lag`` days before it."""
        one = timedelta(days=1)
        lag = notice.received_on - notice.sent
        start = order.session.start
        found = {start, order.signed_on + lag}  # started; a sending date before the signature
        for days in (self.regime.cancellation_days, *self.regime.day_thresholds):
            found.add(start - timedelta(days=days) + one)  # "days before the start" thresholds
        for window in self._windows(order):
            found.add(window.last_day + one + lag)  # sent after the window's last day
        if self._reads_delivered_days(order, notice, postponement):
            for day in order.session.days:
                found.add(day + one + lag)  # one more training day delivered before the sending
        for payment in order.payments:
            found.add(payment.on)  # the deposit reached (legacy §2.2)
        months = self.regime.postponement_horizon_months
        if postponement and months is not None:
            found.add(add_months(order.signed_on, months) + one)  # received after the horizon
        if new_start is not None:
            found.add(new_start)  # a request on or after its new start date is refused
        return tuple(sorted(found))

    def _reads_delivered_days(self, order: Order, notice: Notice, postponement: bool) -> bool:
        """Whether the answer to this notice, moved to any date, may depend on the training days
        delivered before it was sent: LEXOM's own notice (Code du travail L6354-1), or an overlay
        that reads them (its declared ``reads``) and may apply to this order and notice. A
        company's notice meets none: every training day of a long session is then no break date
        (``may_apply`` reads no date of the notice, so it holds for every moved notice)."""
        if notice.by == Initiator.PROVIDER:
            return True
        as_cancellation = not postponement or self.regime.postponement is None
        kind = Kind.CANCELLATION if as_cancellation else Kind.POSTPONEMENT
        windows = self._windows(order)
        return any(
            DELIVERED in overlay.reads and overlay.may_apply(order, notice, windows)
            for overlay in applicable(kind)
        )

    def _new_start_evaluator(
        self, order: Order, notice: Notice, new_start: date, rule: _DateRule
    ) -> Evaluator:
        def evaluate(day: date) -> Settlement | None:
            try:
                return rule(day)
            except InvalidInputError:
                return None

        horizon = self.regime.postponement_horizon_months
        one = timedelta(days=1)

        def breaks() -> tuple[date, ...]:
            # legacy §3.6: the only input that moves is the new start against the horizon
            if horizon is None:
                return ()
            return (add_months(order.signed_on, horizon) + one,)

        return Evaluator(
            "new_start",
            new_start,
            add_days(notice.received_on, 1),
            order.session.end + BOUNDARY_HORIZON,
            evaluate,
            breaks,
        )
