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

from bisect import bisect_right
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
    """At most one boundary per direction, nearest first (earlier, then later). With the
    rule's break dates, one evaluation per stretch of constant answer; else day by day."""
    if evaluator.breaks is None:
        return scan_boundaries(settlement, evaluator)

    varies, at, low, high, evaluate, breaks = evaluator
    assert breaks is not None
    mine = _answer(settlement)
    # Stretch starts: the search's low end and every break inside the search.
    starts = sorted({low, *(b for b in breaks() if low < b <= high)})
    index = bisect_right(starts, at) - 1  # the stretch holding the request's own date
    found: list[Boundary] = []
    # earlier: the last day of each previous stretch
    i = index - 1
    while i >= 0:
        other = evaluate(starts[i + 1] - _ONE)
        if other is None:
            break
        if _answer(other) != mine:
            on = starts[i + 1] - _ONE
            j = i - 1
            through: date | None = None
            while j >= 0:
                further = evaluate(starts[j + 1] - _ONE)
                if further is None:
                    break
                if _answer(further) != _answer(other):
                    through = starts[j + 1]
                    break
                j -= 1
            found.append(_boundary(varies, on, "earlier", through, other, settlement))
            break
        i -= 1
    # later: the first day of each following stretch
    i = index + 1
    while i < len(starts):
        other = evaluate(starts[i])
        if other is None:
            break
        if _answer(other) != mine:
            on = starts[i]
            j = i + 1
            later_through: date | None = None
            while j < len(starts):
                further = evaluate(starts[j])
                if further is None:
                    break
                if _answer(further) != _answer(other):
                    later_through = starts[j] - _ONE
                    break
                j += 1
            found.append(_boundary(varies, on, "later", later_through, other, settlement))
            break
        i += 1
    return found


def _boundary(
    varies: str,
    on: date,
    side: Literal["earlier", "later"],
    through: date | None,
    other: Settlement,
    settlement: Settlement,
) -> Boundary:
    from .results import Boundary

    boundary = Boundary(
        varies=varies,
        on=on,
        owed=other.owed,
        status=Status(other.status),
        source=other.decided_by,
        text="",
        side=side,
        through=through,
    )
    return boundary.model_copy(
        update={"text": _text(varies, boundary.span("en"), other, settlement)}
    )


def scan_boundaries(settlement: Settlement, evaluator: Evaluator) -> list[Boundary]:
    """The reference: every day, one by one (the contract suite checks the two agree)."""
    varies, at, low, high, evaluate, _ = evaluator
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
                found.append(_boundary(varies, day, side, through, other, settlement))
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
