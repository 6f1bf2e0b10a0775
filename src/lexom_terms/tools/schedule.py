"""``fee_schedule(order)``: the cost of a client cancellation as a function of the day LEXOM
receives the notice (written, no special reason, sent the day it is received), as contiguous
steps. Each step is found by calling :func:`lexom_terms.cancel` for every day, so the schedule
can never disagree with the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from .. import display
from .. import explain as ex
from ..api import cancel, retraction_window, timeline
from ..calendar import as_date
from ..enums import Status
from ..errors import InvalidInputError
from ..explain import Lang
from ..models import Notice, Order
from ..results import Result, RetractionWindow, Settlement

_ONE = timedelta(days=1)


class FeeStep(BaseModel):
    """Every notice received from ``first_day`` to ``last_day`` (None: open-ended) costs
    ``owed``."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    first_day: date
    last_day: date | None
    owed: Decimal
    status: Status
    source: str


class FeeSchedule(Result):
    """The piecewise-constant cost of a client cancellation (API.md)."""

    order_reference: str
    steps: tuple[FeeStep, ...]

    def owed_on(self, day: date | str) -> Decimal:
        """The cost of a notice received on ``day`` (a date or its ``YYYY-MM-DD`` string, as
        every public function takes it)."""
        day = as_date(day, "day")
        for step in self.steps:
            if step.first_day <= day and (step.last_day is None or day <= step.last_day):
                return step.owed
        raise InvalidInputError(
            f"{day} is before the signature {self.steps[0].first_day}",
            field="day",
            code="before_signature",
        )

    def _paragraphs(self, lang: Lang) -> list[str]:
        lines = []
        for step in self.steps:
            if step.last_day is None:
                span = ex.pick(
                    lang,
                    f"à partir du {ex.day(step.first_day, lang)}",
                    f"from {ex.day(step.first_day, lang)} on",
                )
            else:
                span = ex.pick(
                    lang,
                    f"du {ex.day(step.first_day, lang)} au {ex.day(step.last_day, lang)}",
                    f"{ex.day(step.first_day, lang)} to {ex.day(step.last_day, lang)}",
                )
            lines.append(
                f"{span} : {ex.eur(step.owed, lang)} ({ex.status_label(step.status, lang)},"
                f" {step.source})"
                if lang == "fr"
                else f"{span}: {ex.eur(step.owed, lang)} ({ex.status_label(step.status, lang)},"
                f" {step.source})"
            )
        head = ex.pick(
            lang,
            f"Coût d'une annulation de la commande {self.order_reference} selon la date de"
            " réception de la demande :",
            f"Cost of cancelling order {self.order_reference} by the day the notice is received:",
        )
        return [head + "\n" + ex.bullet_list(lines)]

    def plot(
        self, order: Order | None = None, *, notice: date | None = None, ax: Any = None
    ) -> Any:
        """A step chart of the schedule (needs the ``plot`` extra: matplotlib). Pass the order to
        mark its milestones, ``notice`` to mark the day a notice was received."""
        from .plot import plot_fee_schedule

        return plot_fee_schedule(self, order, notice=notice, ax=ax)


def fee_schedule(order: Order) -> FeeSchedule:
    """The cost of a client cancellation for every day from the signature on."""
    return schedule_for(order, cancel, retraction_window)


def schedule_for(
    order: Order,
    cancel: Callable[[Order, Notice], Settlement],
    retraction_window: Callable[[Order], RetractionWindow | None],
) -> FeeSchedule:
    """The schedule of one engine (a regime's ``Rules``): the contract suite runs it on every
    regime, shipped or made up. Each day is evaluated figures-only (prose is never read)."""
    # Past the session's end, past a withdrawal window that closes later and past the last
    # payment nothing can change any more; one more day proves the last step is open-ended.
    window = retraction_window(order)
    horizon = (
        max(
            [order.session.end, *(p.on for p in order.payments)]
            + ([window.last_day] if window is not None else [])
        )
        + _ONE
    )
    # The rule's break dates (every date an input of the rule changes on) cut the days into
    # stretches of one answer: one evaluation per stretch, figures only. Without them, every day.
    signed = order.signed_on
    first = cancel(order, Notice(received_on=signed))
    breaks = first.evaluators[0].breaks if first.evaluators else None
    if breaks is not None:
        days = sorted({signed, *(b for b in breaks() if signed < b <= horizon)})
    else:
        days = [signed + timedelta(days=i) for i in range((horizon - signed).days + 1)]
    # (first day, owed, status, source) of each step, neighbours merged
    found: list[tuple[date, Decimal, Status, str]] = []
    for day in days:
        settlement = first if day == signed else cancel(order, Notice(received_on=day))
        if found and found[-1][1:3] == (settlement.owed, settlement.status):
            continue
        found.append((day, settlement.owed, settlement.status, settlement.decided_by))
    steps = [
        FeeStep(
            first_day=day,
            last_day=found[i + 1][0] - _ONE if i + 1 < len(found) else None,
            owed=owed,
            status=status,
            source=source,
        )
        for i, (day, owed, status, source) in enumerate(found)
    ]
    return FeeSchedule(order_reference=order.session.reference, steps=tuple(steps))


def milestones_for_plot(order: Order) -> list[tuple[date, str]]:
    return [(m.on, m.text("fr")) for m in timeline(order).milestones]


display.register(FeeSchedule, display.fee_schedule_html)  # its notebook display, found by type
