"""Boundaries (API.md): the nearest dates at which the same request would have been settled
differently, found by evaluating the same rule again, day by day, on each side of the request.

A scan rather than a list of thresholds: the thresholds are the rules' business, and restating
them here would let the two drift apart. A scan is correct by construction: for every date
strictly between the request's date and the boundary, the rule gave the request's own answer.
The rule is evaluated figures-only: a settlement's prose is built on first read, never here.

Each sentence is true of every date it names (issue 10 item 4): "on or before D" only when every
date from D back to the signature gives that answer; otherwise the run of dates that does
("on D", "from D1 to D2"), since pro-rata steps can change the answer again a day further.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from .enums import Status

if TYPE_CHECKING:
    from .results import Boundary, Evaluator, Settlement

_ONE = timedelta(days=1)


def _answer(s: Settlement) -> tuple[object, object]:
    return s.owed, s.status


def _text(
    varies: str,
    span: str,
    other: Settlement,
    this: Settlement,
) -> str:
    subject = "a notice received" if varies == "received_on" else "a new start date"
    status = "" if other.status == this.status else f" (status {other.status})"
    return f"{subject} {span} would have cost {other.owed}{status} instead of {this.owed}"


def find_boundaries(settlement: Settlement, evaluator: Evaluator) -> list[Boundary]:
    """At most one boundary per direction, nearest first (earlier, then later)."""
    from .results import Boundary

    varies, at, low, high, evaluate = evaluator
    found: list[Boundary] = []
    mine = _answer(settlement)
    sides: tuple[tuple[timedelta, Literal["earlier", "later"]], ...] = (
        (-_ONE, "earlier"),
        (_ONE, "later"),
    )
    for step, side in sides:
        day = at + step
        while low <= day <= high:
            other = evaluate(day)
            if other is None:  # outside the rule's domain (e.g. new start before the request)
                break
            if _answer(other) != mine:
                through = _run_end(evaluate, day, step, low, high, _answer(other))
                boundary = Boundary(
                    varies=varies,
                    on=day,
                    owed=other.owed,
                    status=Status(other.status),
                    source=other.decided_by,
                    text="",
                    side=side,
                    through=through,
                )
                found.append(
                    boundary.model_copy(
                        update={"text": _text(varies, boundary.span("en"), other, settlement)}
                    )
                )
                break
            day += step
    return found


def _run_end(
    evaluate: Callable[[date], Settlement | None],
    start: date,
    step: timedelta,
    low: date,
    high: date,
    answer: tuple[object, object],
) -> date | None:
    """The last date of the run that starts at ``start`` (None: it reaches the search's end)."""
    day = start
    while True:
        following = day + step
        if not low <= following <= high:
            return None
        other = evaluate(following)
        if other is None:
            return None
        if _answer(other) != answer:
            return day
        day = following
