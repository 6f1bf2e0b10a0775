"""RULEBOOK §5 — postponement requested by the client — and §6 — cancellation or postponement
by LEXOM. Facts unless a case says otherwise: a company, session 16–17 March 2026,
T = 1 800.00, signed 5 January 2026 (six-month horizon: 5 July 2026), deposit 540.00 paid."""

from __future__ import annotations

from datetime import date

import pytest

from lexom_terms import InvalidInputError, Notice, cancel, postpone

from ..conftest import CONSUMER, make_order
from .support import Case, check, covers

PAID = (("2026-01-05", "540.00"),)
FULL = (("2026-01-05", "1800.00"),)
legacy = make_order("legacy-15", paid=PAID)
new = make_order("new-30", paid=PAID)
legacy_full = make_order("legacy-15", paid=FULL)
new_full = make_order("new-30", paid=FULL)


def ask(received: str, new_start: str | None = None, waive: bool = False, **kw: object) -> object:
    start = date.fromisoformat(new_start) if new_start else None
    return lambda order: postpone(
        order,
        Notice(received_on=received, **kw),
        start,
        waive_fee=waive,  # type: ignore[arg-type]
    )


def lexom(received: str, reason: str = "none", postponement: bool = False) -> object:
    notice = Notice(received_on=received, by="provider", reason=reason)  # type: ignore[arg-type]
    if postponement:
        return lambda order: postpone(order, notice, date(2026, 5, 4))
    return lambda order: cancel(order, notice)


LEGACY = [
    Case(
        "legacy-15 §3.6 / new date within six months: 30 % kept, new session owed in full",
        "§5 legacy-15 within six months",
        legacy,
        ask("2026-02-20", "2026-05-04"),
        "postponed",
        "30% T",
        more={"new_session_owed": "T", "credited": "0", "due_on": "2026-02-20"},
    ),
    Case(
        "legacy-15 §3.6 / new date exactly six months after the order: 30 %",
        "§5 legacy-15 within six months",
        legacy,
        ask("2026-02-20", "2026-07-05"),
        "postponed",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §3.6 / new date one day after the horizon: the total",
        "§5 legacy-15 after six months",
        legacy,
        ask("2026-02-20", "2026-07-06"),
        "postponed",
        "T",
        boundary=True,
        more={"new_session_owed": "0", "to_pay": "T-30%T"},
    ),
    Case(
        "legacy-15 §3.6 / request on the start day: total, rest not billed again",
        "§5 legacy-15 during training",
        legacy,
        ask("2026-03-16", "2026-05-04"),
        "postponed",
        "T",
        boundary=True,
        more={"new_session_owed": "0"},
    ),
    Case(
        "legacy-15 §3.6 / request the day before the start: 30 %",
        "§5 legacy-15 within six months",
        legacy,
        ask("2026-03-15", "2026-05-04"),
        "postponed",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §3.6 / no new date: 30 % now, total from 6 July",
        "§5 legacy-15 no new date",
        legacy,
        ask("2026-02-20"),
        "pending_reschedule",
        "30% T",
        boundary=True,
        more={"escalates_on": "2026-07-06", "owed_after_escalation": "T", "new_session_owed": "T"},
    ),
    Case(
        "legacy-15 §3.6 / full prepayment, new date in May: the rest is credited",
        "§5 legacy-15 within six months",
        legacy_full,
        ask("2026-02-20", "2026-05-04"),
        "postponed",
        "30% T",
        more={"credited": "T-30%T", "to_refund": "0"},
    ),
    Case(
        "legacy-15 §3.6 / even for force majeure",
        "§5 legacy-15 within six months",
        legacy,
        ask("2026-02-20", "2026-05-04", reason="force_majeure"),
        "postponed",
        "30% T",
    ),
    Case(
        "legacy-15 §3.6 / INTRA, some trainees absent: refused",
        "§5 legacy-15 INTRA absence",
        make_order("legacy-15", paid=PAID, fmt="intra"),
        ask("2026-02-20", "2026-05-04", reason="trainee_absence"),
        "refused",
        "T",
        more={"new_session_owed": None, "due_on": "2026-03-17"},
    ),
    Case(
        "legacy-15 §3.6 / oral request: not receivable",
        "§4 not written",
        legacy,
        ask("2026-02-20", "2026-05-04", written=False),
        "not_receivable",
        "T",
    ),
    Case(
        "legacy-15 §3.6 / LEXOM waives the fee",
        "§5 waived fee",
        legacy,
        ask("2026-02-20", "2026-05-04", waive=True),
        "postponed",
        "0",
        more={"credited": "30% T", "new_session_owed": "T"},
    ),
    Case(
        "legacy-15 §3.6 / LEXOM waives the fee of a pending request",
        "§5 waived fee",
        legacy,
        ask("2026-02-20", waive=True),
        "postponed",
        "0",
        more={"escalates_on": None},
    ),
    Case(
        "legacy-15 §3 / consumer inside the window: free",
        "§5 inside a window",
        make_order("legacy-15", client=CONSUMER, signed="2026-03-02", start="2026-04-20"),
        ask("2026-03-16", "2026-06-01"),
        "postponed",
        "0",
        boundary=True,
        more={"new_session_owed": "T"},
    ),
    Case(
        "legacy-15 §3.6 / consumer the day after the window: 30 %",
        "§5 legacy-15 within six months",
        # the deposit paid once the 10-day window closed (L6353-6): issue 21 item 1
        make_order(
            "legacy-15",
            client=CONSUMER,
            signed="2026-03-02",
            start="2026-04-20",
            paid=(("2026-03-13", "540.00"),),
        ),
        ask("2026-03-17", "2026-06-01"),
        "postponed",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §2.2 / consumer the day after the window, deposit unpaid: the proposal cost",
        "§5 legacy-15 unpaid deposit",
        make_order("legacy-15", client=CONSUMER, signed="2026-03-02", start="2026-04-20"),
        ask("2026-03-17", "2026-06-01"),
        "postponed",
        "0",
        boundary=True,
        more={
            "new_session_owed": "T",
            "decided_by": lambda v: v == "legacy-15 §2.2",
            "due_on": None,
        },
    ),
    Case(
        "legacy-15 §2.2 / deposit unpaid, new date past the horizon: the proposal cost",
        "§5 legacy-15 unpaid deposit",
        make_order("legacy-15"),
        ask("2026-02-01", "2026-08-03"),
        "postponed",
        "0",
        more={"new_session_owed": "T", "escalates_on": None, "owed_after_escalation": None},
    ),
]

NEW = [
    Case(
        "new-30 §3.6 / request 30 days before: 30 %, new session still owed",
        "§5 new-30 fee",
        new,
        ask("2026-02-14", "2026-05-04"),
        "postponed",
        "30% T",
        boundary=True,
        more={"new_session_owed": "T"},
    ),
    Case(
        "new-30 §3.6 / request 29 days before: the whole price, new session not billed",
        "§5 new-30 new session owed",
        new,
        ask("2026-02-15", "2026-05-04"),
        "postponed",
        "T",
        boundary=True,
        more={"new_session_owed": "0"},
    ),
    Case(
        "new-30 §3.6 / no six-month horizon: a date a year later costs the same",
        "§5 new-30 fee",
        new,
        ask("2026-02-01", "2027-03-15"),
        "postponed",
        "30% T",
    ),
    Case(
        "new-30 §3.6 / no new date: never pending",
        "§5 new-30 fee",
        new,
        ask("2026-02-01"),
        "postponed",
        "30% T",
        more={"escalates_on": None},
    ),
    Case(
        "new-30 §3.5 / started: the whole price",
        "§5 new-30 new session owed",
        new,
        ask("2026-03-16", "2026-05-04"),
        "postponed",
        "T",
        boundary=True,
        more={"new_session_owed": "0"},
    ),
    Case(
        "new-30 §3.5 / LEXOM accepts without fee",
        "§5 waived fee",
        new_full,
        ask("2026-03-01", "2026-05-04", waive=True),
        "postponed",
        "0",
        more={"credited": "T", "new_session_owed": "T"},
    ),
    Case(
        "new-30 §3.5 / oral request: not receivable",
        "§4 not written",
        new,
        ask("2026-02-01", written=False),
        "not_receivable",
        "T",
    ),
    Case(
        "new-30 §3.6 / consumer inside the window: the cancellation fee is 0, so is this",
        "§5 inside a window",
        make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-04-20"),
        ask("2026-03-16", "2026-06-01"),
        "postponed",
        "0",
        boundary=True,
    ),
    Case(
        "new-30 §3.6 / INTRA, trainees absent: no refusal, the date decides",
        "§5 new-30 fee",
        make_order("new-30", paid=PAID, fmt="intra"),
        ask("2026-02-01", reason="trainee_absence"),
        "postponed",
        "30% T",
    ),
]

PROVIDER = [
    Case(
        "legacy-15 §3.5 / LEXOM cancels, trainer absent: every payment refunded",
        "§6 provider cancellation",
        legacy_full,
        lexom("2026-03-10", "trainer_absence"),
        "cancelled_by_provider",
        "0",
        more={"to_refund": "T"},
    ),
    Case(
        "new-30 §3.7 / LEXOM cancels, venue unavailable: every payment refunded",
        "§6 provider cancellation",
        new,
        lexom("2026-03-15", "venue_unavailable"),
        "cancelled_by_provider",
        "0",
        boundary=True,
        more={"to_refund": "30% T"},
    ),
    Case(
        "Code civil 1218 / LEXOM cancels for force majeure: refunded",
        "§6 provider force majeure",
        legacy_full,
        lexom("2026-03-10", "force_majeure"),
        "cancelled_by_provider",
        "0",
        more={
            "citations": lambda c: (
                [x.source for x in c] == ["legacy-15 §4.5", "Code civil 1218", "Code civil 1229"]
            )
        },
    ),
    Case(
        "Code civil 1218 / new-30 §3.7 excludes force majeure: same amounts",
        "§6 provider force majeure",
        new_full,
        lexom("2026-03-10", "force_majeure"),
        "cancelled_by_provider",
        "0",
        more={"citations": lambda c: c[0].source == "Code civil 1218"},
    ),
    Case(
        "Code civil 1229 / legacy-15 silent on another reason: refunded",
        "§6 provider other reason",
        legacy_full,
        lexom("2026-02-10", "other"),
        "cancelled_by_provider",
        "0",
        more={"citations": lambda c: c[0].source == "Code civil 1229"},
    ),
    Case(
        "Code du travail L6354-1 / LEXOM stops the session on day 2 of 2: half owed",
        "§6 provider notice after start",
        legacy_full,
        lexom("2026-03-17", "trainer_absence"),
        "cancelled_by_provider",
        "1/2 T",
        boundary=True,
        more={"to_refund": "T-1/2 T"},
    ),
    Case(
        "Code du travail L6354-1 / LEXOM cancels on the start day: nothing delivered",
        "§6 provider notice after start",
        new_full,
        lexom("2026-03-16"),
        "cancelled_by_provider",
        "0",
        boundary=True,
    ),
    Case(
        "new-30 §3.7 / LEXOM postpones: payments credited to the new session",
        "§6 provider postponement",
        new_full,
        lexom("2026-03-01", postponement=True),
        "postponed_by_provider",
        "0",
        more={"credited": "T", "new_session_owed": "T"},
    ),
    Case(
        "legacy-15 §3.5 / LEXOM postpones: payments carried over",
        "§6 provider postponement",
        legacy,
        lexom("2026-03-01", postponement=True),
        "postponed_by_provider",
        "0",
        more={"credited": "30% T", "new_session_owed": "T"},
    ),
    Case(
        "new-30 §3.7 / LEXOM postpones after day 1: day 1 owed, the rest at the new date",
        "§6 provider postponement",
        new_full,
        lexom("2026-03-17", postponement=True),
        "postponed_by_provider",
        "1/2 T",
        boundary=True,
        more={"credited": "T-1/2 T", "new_session_owed": "T-1/2 T"},
    ),
]


@pytest.mark.parametrize("case", [c.param() for c in LEGACY])
def test_legacy_postponement(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in NEW])
def test_new_postponement(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", [c.param() for c in PROVIDER])
def test_provider(case: Case) -> None:
    check(case)


@covers("§5 legacy-15 within six months", boundary=True)
def test_horizon_clips_to_month_end() -> None:
    # signed 31 August 2025: six months later is 28 February 2026
    order = make_order("legacy-15", signed="2025-08-31", start="2026-03-16", paid=PAID)
    inside = postpone(order, Notice(received_on="2026-02-01"), date(2026, 2, 28))
    outside = postpone(order, Notice(received_on="2026-02-01"), date(2026, 3, 1))
    assert (inside.owed, outside.owed) == (order.deposit_amount, order.total)
    pending = postpone(order, Notice(received_on="2026-02-01"))
    assert pending.escalates_on == date(2026, 3, 1)


@covers("§5 new-30 fee", boundary=True)
@pytest.mark.parametrize("received", ["2026-01-10", "2026-02-14", "2026-02-15", "2026-03-16"])
def test_new_30_postponement_equals_cancellation_at_the_same_date(received: str) -> None:
    notice = Notice(received_on=received)
    assert postpone(new, notice, date(2026, 9, 1)).owed == cancel(new, notice).owed


def test_new_start_must_follow_the_request() -> None:
    with pytest.raises(InvalidInputError, match="new_start 2026-02-20 is on or before"):
        postpone(legacy, Notice(received_on="2026-02-20"), date(2026, 2, 20))


def test_legacy_postponement_boundaries_vary_both_dates() -> None:
    settlement = postpone(legacy, Notice(received_on="2026-02-20"), date(2026, 5, 4))
    found = {(b.varies, b.on) for b in settlement.boundaries}
    assert found == {("received_on", date(2026, 3, 16)), ("new_start", date(2026, 7, 6))}
