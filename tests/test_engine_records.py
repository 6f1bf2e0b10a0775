"""Issue 17, a smaller engine: decisions are small named records, and a frozen result is never
changed after it is built."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import lexom_terms as lt
from lexom_terms.cgv.engine import Outcome
from lexom_terms.enums import Status
from lexom_terms.statute.overlay import fixed

ORDER = lt.Order.model_validate_json(
    (Path(__file__).resolve().parents[1] / "examples" / "company_order.json").read_text()
)


def test_with_rule_returns_a_new_settlement_and_leaves_the_first_alone() -> None:
    settlement = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))
    assert settlement.evaluators  # the engine attached its rule to what it returned
    again = settlement.with_rule(lambda: ())
    assert again is not settlement and again == settlement  # same figures and citations
    assert again.evaluators == ()
    assert settlement.evaluators and settlement.boundaries


def test_an_outcome_is_a_named_record() -> None:
    outcome = Outcome(Status.CANCELLED, Decimal("1.00"), fixed(()), "§x", None)
    assert outcome._fields[:5] == ("status", "owed", "reasons", "decided_by", "due_on")
    assert outcome.refund_due_on is None and outcome.new_session_owed is None
