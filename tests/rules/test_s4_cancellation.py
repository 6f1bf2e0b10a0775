"""RULEBOOK §4 — cancellation by the client, both versions, in the rulebook's order of checks.

Facts unless a case says otherwise: a company, session Monday 16 – Tuesday 17 March 2026, price
1 500.00 excl. VAT (T = 1 800.00), signed 5 January 2026, deposit 540.00 paid that day.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from lexom_terms import InvalidInputError, Notice, cancel
from lexom_terms.enums import Status

from ..conftest import CONSUMER, FOREIGN_COMPANY, SOLE_TRADER, make_order
from .support import Case, check, covers

PAID = (("2026-01-05", "540.00"),)
legacy = make_order("legacy-15", paid=PAID)
new = make_order("new-30", paid=PAID)
legacy_unpaid = make_order("legacy-15")
new_unpaid = make_order("new-30")
legacy_intra = make_order("legacy-15", paid=PAID, fmt="intra")
new_intra = make_order("new-30", paid=PAID, fmt="intra")


def on(received: str, **kw: object) -> object:
    return lambda order: cancel(order, Notice(received_on=received, **kw))  # type: ignore[arg-type]


LEGACY = [
    Case(
        "legacy-15 §3.5 / notice 24 days before: deposit kept",
        "§4 legacy-15 15 days or more",
        legacy,
        on("2026-02-20"),
        "cancelled",
        "30% T",
        more={"to_pay": "0", "to_refund": "0"},
    ),
    Case(
        "legacy-15 §3.5 / notice exactly 15 days before: deposit kept",
        "§4 legacy-15 15 days or more",
        legacy,
        on("2026-03-01"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §3.5 / notice 14 days before: total",
        "§4 legacy-15 1 to 14 days",
        legacy,
        on("2026-03-02"),
        "cancelled",
        "T",
        boundary=True,
        more={"to_pay": "T-30%T", "due_on": "2026-03-02"},
    ),
    Case(
        "legacy-15 §3.5 / notice 1 day before: total",
        "§4 legacy-15 1 to 14 days",
        legacy,
        on("2026-03-15"),
        "cancelled",
        "T",
        boundary=True,
    ),
    Case(
        "legacy-15 §3.5 / notice on the start day: total at once",
        "§4 legacy-15 started",
        legacy,
        on("2026-03-16"),
        "cancelled",
        "T",
        boundary=True,
        more={"due_on": "2026-03-16"},
    ),
    Case(
        "legacy-15 §3.5 / notice during the session: total",
        "§4 legacy-15 started",
        legacy,
        on("2026-03-17"),
        "cancelled",
        "T",
    ),
    Case(
        "legacy-15 §3.5 / full prepayment, 20 days before: refund above the deposit",
        "§4 legacy-15 15 days or more",
        make_order("legacy-15", paid=(("2026-01-05", "1800"),)),
        on("2026-02-24"),
        "cancelled",
        "30% T",
        more={"to_refund": "T-30%T"},
    ),
    Case(
        "legacy-15 §3.5 / INTRA, trainees absent: refused, total on schedule",
        "§4 legacy-15 INTRA trainee absence",
        legacy_intra,
        on("2026-02-20", reason="trainee_absence"),
        "refused",
        "T",
        more={"due_on": "2026-03-17"},
    ),
    Case(
        "legacy-15 §3.5 / INTER, trainees absent: the date decides",
        "§4 legacy-15 15 days or more",
        legacy,
        on("2026-02-20", reason="trainee_absence"),
        "cancelled",
        "30% T",
    ),
    Case(
        "legacy-15 §3.5 / INTRA, another reason: the date decides",
        "§4 legacy-15 1 to 14 days",
        legacy_intra,
        on("2026-03-10", reason="other"),
        "cancelled",
        "T",
    ),
    Case(
        "legacy-15 §2.2 / deposit never paid: not concluded, proposal cost 0",
        "§2 unpaid deposit legacy-15",
        legacy_unpaid,
        on("2026-02-20"),
        "cancelled",
        "0",
        more={"due_on": None},
    ),
    Case(
        "legacy-15 §2.2 / deposit never paid: proposal cost 150.00",
        "§2 unpaid deposit legacy-15",
        legacy_unpaid,
        lambda o: cancel(o, Notice(received_on="2026-02-20"), proposal_cost=Decimal("150.00")),
        "cancelled",
        "150.00",
        more={"due_on": "2026-02-20"},
    ),
    Case(
        "legacy-15 §2.2 / deposit paid the day after the notice: not concluded then",
        "§2 unpaid deposit legacy-15",
        make_order("legacy-15", paid=(("2026-02-21", "540.00"),)),
        on("2026-02-20"),
        "cancelled",
        "0",
        boundary=True,
        more={"to_refund": "30% T"},
    ),
    Case(
        "legacy-15 §2.2 / deposit paid the day of the notice: concluded, deposit kept",
        "§2 unpaid deposit legacy-15",
        make_order("legacy-15", paid=(("2026-02-20", "540.00"),)),
        on("2026-02-20"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §2.2 / deposit never paid, notice 10 days before: still not concluded",
        "§1 formation legacy-15",
        legacy_unpaid,
        on("2026-03-06"),
        "cancelled",
        "0",
    ),
    Case(
        "legacy-15 §2.2 / deposit never paid, notice on the start day: total",
        "§4 legacy-15 started",
        legacy_unpaid,
        on("2026-03-16"),
        "cancelled",
        "T",
    ),
    Case(
        "legacy-15 §2.2 / deposit paid in two parts, notice before the second: not concluded",
        "§1 formation legacy-15",
        make_order("legacy-15", paid=(("2026-01-05", "300"), ("2026-02-10", "240"))),
        on("2026-02-09"),
        "cancelled",
        "0",
        boundary=True,
        more={"to_refund": "30% T"},
    ),
    Case(
        "legacy-15 §2.2 / deposit paid in two parts, notice on the second's day: concluded",
        "§1 formation legacy-15",
        make_order("legacy-15", paid=(("2026-01-05", "300"), ("2026-02-10", "240"))),
        on("2026-02-10"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §2.2 / deposit short by one cent: not concluded",
        "§1 formation legacy-15",
        make_order("legacy-15", paid=(("2026-01-05", "539.99"),)),
        on("2026-02-20"),
        "cancelled",
        "0",
        boundary=True,
    ),
    Case(
        # Issue 10 item 7: §2.2 "Non-versement de l'acompte" speaks of "le client" without
        # distinction; a consumer past the window who never paid owes the proposal cost.
        "legacy-15 §2.2 / consumer past the window, deposit never paid: proposal cost",
        "§2 unpaid deposit legacy-15",
        make_order("legacy-15", client=CONSUMER),
        on("2026-02-20"),
        "cancelled",
        "0",
    ),
    Case(
        "legacy-15 §2.2 / consumer with a window, deposit paid: the deposit is kept",
        "§1 formation legacy-15",
        make_order("legacy-15", client=CONSUMER, paid=(("2026-01-20", "540.00"),)),
        on("2026-02-20"),
        "cancelled",
        "30% T",
        more={"to_pay": "0"},
    ),
]

NEW = [
    Case(
        "new-30 §3.6 / notice 45 days before: 30 %",
        "§4 new-30 30 days or more",
        new,
        on("2026-01-30"),
        "cancelled",
        "30% T",
    ),
    Case(
        "new-30 §3.6 / notice exactly 30 days before: 30 %",
        "§4 new-30 30 days or more",
        new,
        on("2026-02-14"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "new-30 §3.6 / notice 29 days before: total",
        "§4 new-30 1 to 29 days",
        new,
        on("2026-02-15"),
        "cancelled",
        "T",
        boundary=True,
        more={"due_on": "2026-02-15"},
    ),
    Case(
        "new-30 §3.6 / notice 1 day before: total",
        "§4 new-30 1 to 29 days",
        new,
        on("2026-03-15"),
        "cancelled",
        "T",
        boundary=True,
    ),
    Case(
        "new-30 §3.5 / notice on the start day: total",
        "§4 new-30 started",
        new,
        on("2026-03-16"),
        "cancelled",
        "T",
        boundary=True,
    ),
    Case(
        "new-30 §3.5 / notice after the end: total",
        "§4 new-30 started",
        new,
        on("2026-04-01"),
        "cancelled",
        "T",
    ),
    Case(
        "new-30 §2.2 / deposit never paid, 40 days before: 30 % all the same",
        "§2 unpaid deposit new-30",
        new_unpaid,
        on("2026-02-04"),
        "cancelled",
        "30% T",
        more={"to_pay": "30% T"},
    ),
    Case(
        "new-30 §2.1 / firm on signature: a notice the day after signing costs 30 %",
        "§1 formation new-30",
        new_unpaid,
        on("2026-01-06"),
        "cancelled",
        "30% T",
    ),
    Case(
        "new-30 §3.5 / INTRA, trainees absent: no bar, the date decides",
        "§4 new-30 30 days or more",
        new_intra,
        on("2026-02-01", reason="trainee_absence"),
        "cancelled",
        "30% T",
    ),
]

WRITTEN = [
    Case(
        "legacy-15 §3.5 / oral notice: not receivable, total on the normal schedule",
        "§4 not written",
        legacy,
        on("2026-02-20", written=False),
        "not_receivable",
        "T",
        more={"due_on": "2026-03-17", "to_pay": "T-30%T"},
    ),
    Case(
        "new-30 §3.5 / oral notice: not receivable",
        "§4 not written",
        new,
        on("2026-01-20", written=False),
        "not_receivable",
        "T",
        more={"due_on": "2026-03-17"},
    ),
    Case(
        "new-30 §3.5 / oral notice, foreign company: total due the day before the start",
        "§4 not written",
        make_order("new-30", client=FOREIGN_COMPANY, paid=PAID),
        on("2026-01-20", written=False),
        "not_receivable",
        "T",
        more={"due_on": "2026-03-15"},
    ),
    Case(
        "legacy-15 §3.5 / oral notice inside the training window only: not receivable",
        "§4 not written",
        make_order("legacy-15", client=SOLE_TRADER),
        on("2026-01-10", written=False),
        "not_receivable",
        "T",
        boundary=True,
    ),
]

FORCE_MAJEURE = [
    Case(
        "Code civil 1218 / company, force majeure, 10 days before: legacy total",
        "§4 force majeure other clients",
        legacy,
        on("2026-03-06", reason="force_majeure"),
        "cancelled",
        "T",
        more={"citations": lambda c: any(x.source == "Code civil 1218" for x in c)},
    ),
    Case(
        "Code civil 1218 / company, force majeure, 40 days before: new-30 30 %",
        "§4 force majeure other clients",
        new,
        on("2026-02-04", reason="force_majeure"),
        "cancelled",
        "30% T",
    ),
    Case(
        "Code du travail L6353-7 / self-funded trainee, force majeure before the start: nothing",
        "§4 force majeure self-funded",
        make_order("legacy-15", client=SOLE_TRADER, paid=PAID),
        on("2026-03-10", reason="force_majeure"),
        "cancelled",
        "0",
        more={"to_refund": "30% T"},
    ),
    Case(
        "Code du travail L6353-7 / self-funded trainee, force majeure on day 2 of 2: half",
        "§4 force majeure self-funded",
        make_order("new-30", client=SOLE_TRADER, paid=PAID),
        on("2026-03-17", reason="force_majeure"),
        "cancelled",
        "1/2 T",
        boundary=True,
    ),
    Case(
        "Code du travail L6353-7 / self-funded trainee, force majeure on the start day: nothing",
        "§4 force majeure self-funded",
        make_order("new-30", client=SOLE_TRADER, paid=PAID),
        on("2026-03-16", reason="force_majeure"),
        "cancelled",
        "0",
        boundary=True,
    ),
]

CAVEATS = [
    Case(
        "Code de la consommation R212-2 / consumer owes 30 %: presumed abusive",
        "§4 consumer caveats",
        make_order("new-30", client=CONSUMER),
        on("2026-02-01"),
        "cancelled",
        "30% T",
        more={"caveats": lambda c: [x.source for x in c] == ["Code de la consommation R212-2"]},
    ),
    Case(
        "Code civil 1231-5 / consumer owes 100 %: also a penalty a judge may reduce",
        "§4 consumer caveats",
        make_order("new-30", client=CONSUMER),
        on("2026-03-01"),
        "cancelled",
        "T",
        more={
            "caveats": lambda c: (
                [x.source for x in c] == ["Code de la consommation R212-2", "Code civil 1231-5"]
            )
        },
    ),
    Case(
        "no caveat toward a company",
        "§4 consumer caveats",
        new,
        on("2026-03-01"),
        "cancelled",
        "T",
        more={"caveats": ()},
    ),
]


@pytest.mark.parametrize("case", [c.param() for c in LEGACY])
def test_legacy_cancellation(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in NEW])
def test_new_cancellation(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in WRITTEN])
def test_notice_must_be_written(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in FORCE_MAJEURE])
def test_force_majeure(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in CAVEATS])
def test_consumer_caveats(case: Case) -> None:
    check(case)


@covers("§4 notice before signature")
@pytest.mark.parametrize("order", [legacy, new], ids=["legacy-15", "new-30"])
def test_notice_before_signature_is_an_input_error(order: object) -> None:
    with pytest.raises(InvalidInputError, match=r"before order\.signed_on"):
        cancel(order, Notice(received_on="2026-01-04"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"sent_on .* before order\.signed_on"):
        cancel(order, Notice(received_on="2026-01-06", sent_on="2026-01-04"))  # type: ignore[arg-type]


def test_notice_on_the_signature_day_is_accepted() -> None:
    assert cancel(legacy, Notice(received_on="2026-01-05")).status == Status.CANCELLED


def test_citation_names_the_dates_and_amounts() -> None:
    settlement = cancel(legacy, Notice(received_on="2026-02-20"))
    assert settlement.citations[0].source == "legacy-15 §3.5"
    assert settlement.citations[0].text == (
        "notice received 2026-02-20, 24 days before the start (15 or more): the deposit of"
        " 540.00 is kept"
    )


def test_proposal_cost_must_be_exact_and_within_the_total() -> None:
    with pytest.raises(InvalidInputError, match=r"proposal_cost: float"):
        cancel(legacy_unpaid, Notice(received_on="2026-02-20"), proposal_cost=12.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"exceeds the order's total"):
        cancel(legacy_unpaid, Notice(received_on="2026-02-20"), proposal_cost=Decimal("1800.01"))
    with pytest.raises(InvalidInputError, match="non-negative amount to the cent"):
        cancel(legacy_unpaid, Notice(received_on="2026-02-20"), proposal_cost=Decimal("1.001"))


def test_version_module_refuses_the_other_versions_order() -> None:
    from lexom_terms.cgv import legacy_15

    with pytest.raises(InvalidInputError, match="this is the legacy-15 module"):
        legacy_15.cancel(new, Notice(received_on="2026-02-20"))
