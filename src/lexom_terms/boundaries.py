"""Boundaries (API.md): the nearest dates at which the same request would have been settled
differently, found by evaluating the same rule again, day by day, on each side of the request.

A scan rather than a list of thresholds: the thresholds are the rules' business, and restating
them here would let the two drift apart. A scan is correct by construction: for every date
strictly between the request's date and the boundary, the rule gave the request's own answer.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .enums import Status

if TYPE_CHECKING:
    from .results import Boundary, Evaluator, Settlement

_ONE = timedelta(days=1)


def _differs(a: Settlement, b: Settlement) -> bool:
    return a.owed != b.owed or a.status != b.status


def _text(varies: str, on: date, direction: str, other: Settlement, this: Settlement) -> str:
    subject = "a notice received" if varies == "received_on" else "a new start date"
    status = "" if other.status == this.status else f" (status {other.status})"
    return (
        f"{subject} {direction} {on.isoformat()} would have cost {other.owed}{status}"
        f" instead of {this.owed}"
    )


def find_boundaries(settlement: Settlement, evaluator: Evaluator) -> list[Boundary]:
    """At most one boundary per direction, nearest first (earlier, then later)."""
    from .results import Boundary

    varies, at, low, high, evaluate = evaluator
    found: list[Boundary] = []
    for step, direction in ((-_ONE, "on or before"), (_ONE, "on or after")):
        day = at + step
        while low <= day <= high:
            other = evaluate(day)
            if other is None:  # outside the rule's domain (e.g. new start before the request)
                break
            if _differs(other, settlement):
                found.append(
                    Boundary(
                        varies=varies,
                        on=day,
                        owed=other.owed,
                        status=Status(other.status),
                        source=other.decided_by,
                        text=_text(varies, day, direction, other, settlement),
                    )
                )
                break
            day += step
    return found
