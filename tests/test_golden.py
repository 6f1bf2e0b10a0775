"""Golden snapshots of every table case's settlement and of a few claims, timelines and fee
schedules, split in two:

* ``figures_<section>.json``: figures only (amounts, dates, statuses, the deciding clause), one
  file per RULEBOOK section. A changed figure is a finding to explain, never a diff to regenerate
  away.
* ``prose.json``: the explanations in both languages and the citations, reviewed as a diff when
  the wording changes.

After an intended change, regenerate with::

    LEXOM_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import lexom_terms as lt
from lexom_terms.cgv import legacy_15, new_30

from .conftest import COMPANY, CONSUMER, FOREIGN_COMPANY, SOLE_TRADER, make_order
from .rules import (
    test_s3_retraction,
    test_s4_cancellation,
    test_s5_s6_postponement_provider,
)
from .rules.support import Case

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("LEXOM_UPDATE_GOLDEN") == "1"


def _cases() -> list[Case]:
    found: list[Case] = []
    for module in (test_s3_retraction, test_s4_cancellation, test_s5_s6_postponement_provider):
        for value in vars(module).values():
            if isinstance(value, list) and value and all(isinstance(c, Case) for c in value):
                found.extend(value)
    return found


#: Keys holding sentences rather than figures.
PROSE = frozenset({"citations", "caveats", "text", "text_fr", "label", "label_fr"})


def _figures(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _figures(v) for k, v in value.items() if k not in PROSE}
    if isinstance(value, list):
        return [_figures(v) for v in value]
    return value


def _figures_of(result: Any) -> Any:
    return _figures(result.model_dump(mode="json", exclude={"stamp"}))


def _prose(result: Any) -> dict[str, Any]:
    dumped = result.model_dump(mode="json", exclude={"stamp"})
    return {
        "fr": result.explain("fr"),
        "en": result.explain("en"),
        "citations": [
            [c["source"], c["text"], c.get("text_fr", "")]
            for c in (*dumped.get("citations", ()), *dumped.get("caveats", ()))
        ],
    }


def _others() -> dict[str, Any]:
    invoice = lt.Invoice.model_validate_json(
        (Path(__file__).parents[1] / "examples" / "invoice_F-2025-118.json").read_text()
    )
    consumer = make_order("new-30", client=CONSUMER, signed="2026-03-20", start="2026-05-18")
    company = make_order(
        "legacy-15", paid=(("2026-01-05", "540.00"),), quote_issued_on="2025-12-20"
    )
    new_company = make_order("new-30", paid=(("2026-01-05", "540.00"),))
    legacy_consumer = make_order("legacy-15", client=CONSUMER)
    approved = lt.OpcoFunding(
        opco="Atlas",
        requested_on="2026-01-10",
        approved_on="2026-02-01",
        approved_amount="1000",
        payments=(lt.Payment(on="2026-04-01", amount="400"),),
    )
    foreign = make_order("new-30", client=FOREIGN_COMPANY, funding=approved)
    late_request = make_order(
        "legacy-15", funding=lt.OpcoFunding(opco="Atlas", requested_on="2026-03-17")
    )
    not_approved = make_order(
        "legacy-15", funding=lt.OpcoFunding(opco="Atlas", requested_on="2026-01-10")
    )
    return {
        "interest F-2025-118 default": lt.late_interest(invoice, date(2025, 12, 31)),
        "interest F-2025-118 interest_first": lt.late_interest(
            invoice, date(2025, 12, 31), policy=lt.InterestPolicy(allocation="interest_first")
        ),
        "interest consumer": lt.late_interest(
            invoice.model_copy(update={"client": CONSUMER}), date(2025, 12, 31)
        ),
        "timeline company": lt.timeline(company),
        "timeline consumer": lt.timeline(consumer),
        "fee schedule consumer": lt.fee_schedule(consumer),
        "deposit consumer": lt.deposit_due(consumer),
        "payment due company": lt.payment_due(company),
        "compare company": lt.compare_regimes(company, lt.Notice(received_on="2026-02-20")),
        "timeline foreign funded": lt.timeline(foreign),
        "timeline legacy consumer": lt.timeline(legacy_consumer),
        "timeline sole trader": lt.timeline(make_order("new-30", client=SOLE_TRADER)),
        "deposit company legacy": lt.deposit_due(company),
        "deposit company new": lt.deposit_due(new_company),
        "deposit sole trader": lt.deposit_due(make_order("legacy-15", client=SOLE_TRADER)),
        "deposit legacy consumer": lt.deposit_due(legacy_consumer),
        "payment due foreign": lt.payment_due(foreign),
        "payment due new": lt.payment_due(new_company, date(2026, 3, 20)),
        "payment due legacy late invoice": lt.payment_due(company, date(2026, 3, 20)),
        "balance funded": lt.balance(foreign, date(2026, 3, 20)),
        "balance funded after deadline": lt.balance(foreign, date(2026, 5, 1)),
        "balance late request": lt.balance(late_request, date(2026, 3, 20)),
        "balance not approved": lt.balance(not_approved, date(2026, 3, 20)),
        "balance none": lt.balance(company, date(2026, 3, 20)),
        "liability company legacy": lt.liability_cap(company),
        "liability consumer legacy": lt.liability_cap(legacy_consumer),
        "liability company new": lt.liability_cap(new_company),
        "liability consumer new": lt.liability_cap(consumer),
        "non-solicitation legacy": legacy_15.non_solicitation_penalty(Decimal("4250.50")),
        "non-solicitation legacy subcontractor": legacy_15.non_solicitation_penalty(
            subcontracted_revenue=Decimal("12000")
        ),
        "non-solicitation new": new_30.non_solicitation_penalty(Decimal("4250.50")),
        "non-solicitation new subcontractor": new_30.non_solicitation_penalty(
            subcontracted_revenue=Decimal("12000")
        ),
        "new-30 funded small order cancelled": lt.cancel(
            make_order("new-30", price="1.00", funding=approved),
            lt.Notice(received_on="2026-01-20"),
        ),
        "legacy-15 funded cancellation": lt.cancel(
            make_order("legacy-15", paid=(("2026-01-05", "540.00"),), funding=approved),
            lt.Notice(received_on="2026-03-02"),
        ),
        "window legacy on premises": lt.retraction_window(
            make_order("legacy-15", client=CONSUMER, channel="on_premises")
        ),
        "window legacy website": lt.retraction_window(
            make_order("legacy-15", client=CONSUMER, channel="website")
        ),
    }


def _forums() -> dict[str, Any]:
    found = {}
    for cgv in ("legacy-15", "new-30"):
        for who, client in (("company", COMPANY), ("consumer", CONSUMER)):
            citation = lt.dispute_forum(make_order(cgv, client=client))
            found[f"{cgv} {who}"] = citation.model_dump()
            found[f"{cgv} {who} fr"] = citation.sentence("fr")
    return found


def _check(name: str, current: dict[str, Any]) -> None:
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        path.write_text(json.dumps(current, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        pytest.skip("golden file rewritten")
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(stored) == sorted(current), "cases added or removed: regenerate and review"
    for key in current:
        assert current[key] == stored[key], key


_SECTIONS = {
    "s3_retraction": test_s3_retraction,
    "s4_cancellation": test_s4_cancellation,
    "s5_s6_postponement_provider": test_s5_s6_postponement_provider,
}


def _section_cases(module: Any) -> list[Case]:
    found: list[Case] = []
    for value in vars(module).values():
        if isinstance(value, list) and value and all(isinstance(c, Case) for c in value):
            found.extend(value)
    return found


def _fresh(order: lt.Order) -> lt.Order:
    # A fresh copy of each order, so that nothing memoised by another test is reused.
    return lt.Order.model_validate(order.model_dump())


@pytest.mark.parametrize("section", sorted(_SECTIONS))
def test_settlement_figures_match_the_golden_file(section: str) -> None:
    cases = _section_cases(_SECTIONS[section])
    assert len(cases) > 20
    _check(
        f"figures_{section}",
        {case.id: _figures_of(case.run(_fresh(case.order))) for case in cases},
    )


def test_other_figures_match_the_golden_file() -> None:
    _check("figures_others", {name: _figures_of(result) for name, result in _others().items()})


def test_prose_matches_the_reviewed_snapshot() -> None:
    assert len(_cases()) > 80
    current = {case.id: _prose(case.run(_fresh(case.order))) for case in _cases()}
    current.update({name: _prose(result) for name, result in _others().items()})
    _check("prose", current)


def test_forums_match_the_golden_file() -> None:
    _check("forums", _forums())
