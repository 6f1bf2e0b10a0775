"""RULEBOOK §15: successive notices on one order, settled one after the other by the engine,
with the cumulative rule on fees (new-30 netting of "frais d'annulation partielle", the legacy
cap under Code civil 1190), a legacy pending date set later, the horizon from the signature."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

import lexom_terms as lt
from lexom_terms import Cancel, Notice, Postpone, fmt

from ..conftest import make_order
from .test_s14_lines import cycle, seats

D = Decimal


def order_1200(cgv: str, start: str = "2026-04-20", **kw: object) -> lt.Order:
    """1 200.00 TTC (1 000.00 HT at 20 %), starting Monday 20 April 2026, signed 5 January."""
    return make_order(cgv, price="1000.00", start=start, **kw)  # type: ignore[arg-type]


def on(day: str, **kw: object) -> Notice:
    return Notice(received_on=day, **kw)  # type: ignore[arg-type]


# --- RULEBOOK's examples -----------------------------------------------------------------


def test_new_30_postponed_then_cancelled_nets_to_the_price() -> None:
    """§15: 1 200.00, postponed 40 days before: 360.00; the new session cancelled 10 days
    before its new start: 1 200.00 − 360.00 = 840.00 more, 1 200.00 in all."""
    order = order_1200("new-30")
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Cancel(notice=on("2026-05-22")),
        ],
    )
    assert [s.owed for s in h.settlements] == [D("360.00"), D("840.00")]
    assert h.fees_by_line == {"1": D("1200.00")}
    assert (h.fees, h.standing, h.owed) == (D("1200.00"), 0, D("1200.00"))
    (reduction,) = h.citations
    assert reduction.source == "new-30 §3.5"
    assert "360.00" in reduction.text and "840.00" in reduction.text
    assert h.settlements[1].citations[-1] == reduction


@pytest.mark.parametrize(("cancelled", "more"), [("2026-05-22", "840.00"), ("2026-05-11", "0.00")])
def test_legacy_postponed_then_cancelled_cannot_keep_the_deposit_twice(
    cancelled: str, more: str
) -> None:
    """§15: 1 200.00: postponed, 360.00; cancelled 10 days before the new start: 840.00 more;
    cancelled 21 days before: 0.00 more."""
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Cancel(notice=on(cancelled)),
        ],
    )
    assert [s.owed for s in h.settlements] == [D("360.00"), D(more)]
    assert h.fees == D("360.00") + D(more)
    assert h.citations[0].source == "Code civil 1190"


def test_each_call_apart_reaches_130_percent_a_history_does_not() -> None:
    """Issue 18: a legacy postponement followed by a late cancellation, each call made apart,
    reaches 130 % of the price; the history nets the second fee."""
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    first = lt.postpone(order, on("2026-03-11"), date(2026, 6, 1))
    moved = order.model_copy(
        update={
            "session": order.session.model_copy(
                update={"start": date(2026, 6, 1), "end": date(2026, 6, 2)}
            )
        }
    )
    second = lt.cancel(moved, on("2026-05-22"))
    assert first.owed + second.owed == D("1560.00")
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Cancel(notice=on("2026-05-22")),
        ],
    )
    assert h.fees == D("1200.00")


# --- the legacy pending reschedule set later ---------------------------------------------


def test_a_pending_date_set_within_the_horizon_costs_nothing_more() -> None:
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11")),
            Postpone(notice=on("2026-04-01"), new_start="2026-06-01"),
        ],
    )
    first, second = h.settlements
    assert (first.status, first.owed, first.escalates_on) == (
        "pending_reschedule",
        D("360.00"),
        date(2026, 7, 6),
    )
    assert (second.status, second.owed, second.decided_by) == ("postponed", 0, "legacy-15 §3.6")
    assert h.fees == D("360.00") and h.standing == D("1200.00")  # the new session, in full
    assert h.lines[0].session is not None and h.lines[0].session.start == date(2026, 6, 1)


def test_a_pending_date_set_beyond_the_horizon_owes_the_rest_of_the_total() -> None:
    """§15 "Precisions": 1 200.00 line, 360.00 pending: 840.00, status postponed."""
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11")),
            Postpone(notice=on("2026-04-01"), new_start="2026-07-06"),
        ],
    )
    second = h.settlements[1]
    assert (second.status, second.owed) == ("postponed", D("840.00"))
    assert (h.fees, h.standing) == (D("1200.00"), 0)


@pytest.mark.parametrize(("new_start", "more"), [("2026-07-05", "0.00"), ("2026-07-06", "840.00")])
def test_the_horizon_boundary_of_a_pending_date(new_start: str, more: str) -> None:
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [Postpone(notice=on("2026-03-11")), Postpone(notice=on("2026-04-01"), new_start=new_start)],
    )
    assert h.settlements[1].owed == D(more)


def test_a_pending_date_given_after_the_escalation_owes_the_total() -> None:
    order = order_1200("legacy-15", start="2026-08-03", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11")),
            Postpone(notice=on("2026-07-07"), new_start="2026-09-01"),
        ],
    )
    assert h.settlements[1].owed == D("840.00")


def test_the_six_month_horizon_is_always_from_the_signature() -> None:
    """§15: "à compter de la commande", whatever was postponed before: a second postponement
    to 1 August is beyond 5 July even though the first new start was 1 June."""
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Postpone(notice=on("2026-04-01"), new_start="2026-08-03"),
        ],
    )
    assert [s.owed for s in h.settlements] == [D("360.00"), D("840.00")]
    assert h.settlements[1].decided_by == "legacy-15 §3.6"


# --- LEXOM's notices ------------------------------------------------------------------------


def test_lexom_cancelling_a_rescheduled_line_cancels_the_earlier_fees() -> None:
    order = order_1200("new-30", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Cancel(notice=on("2026-05-01", by="provider", reason="trainer_absence")),
        ],
    )
    assert h.settlements[1].status == "cancelled_by_provider"
    assert h.fees_by_line == {"1": D("0.00")}
    assert (h.owed, h.refund, h.lines) == (0, D("360.00"), ())


def test_lexom_postponing_keeps_the_clients_earlier_fees() -> None:
    order = order_1200("new-30", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Postpone(notice=on("2026-05-01", by="provider"), new_start="2026-07-01"),
        ],
    )
    assert h.fees == D("360.00") and h.standing == D("1200.00")
    assert h.lines[0].session is not None and h.lines[0].session.start == date(2026, 7, 1)


# --- lines across a history -------------------------------------------------------------------


def test_a_cancelled_line_is_no_longer_standing() -> None:
    order = seats("new-30")
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.history(
            order,
            [
                Cancel(notice=on("2026-02-01", lines=("T1",))),
                Cancel(notice=on("2026-02-10", lines=("T1",))),
            ],
        )
    assert (caught.value.field, caught.value.code) == ("notice.lines", "line_not_standing")


def test_fees_by_line_lists_every_line_and_the_standing_ones_keep_their_sessions() -> None:
    order = cycle("new-30", paid=(("2026-01-06", "720.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-01", lines=("M2",)), new_start="2026-06-15"),
            Cancel(notice=on("2026-03-02", lines=("M1",))),
        ],
    )
    assert h.fees_by_line == {"M1": D("1200.00"), "M2": D("360.00")}
    assert [x.id for x in h.lines] == ["M2"]
    moved = h.lines[0].session
    assert moved is not None and (moved.start, moved.end) == (date(2026, 6, 15), date(2026, 6, 17))
    assert h.standing == D("1200.00")
    assert (h.owed, h.paid, h.to_pay) == (D("2760.00"), D("720.00"), D("2040.00"))


def test_a_later_notice_counts_from_the_new_start() -> None:
    order = cycle("new-30")
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-01", lines=("M2",)), new_start="2026-06-15"),
            Cancel(notice=on("2026-05-16", lines=("M2",))),  # 30 days before 15 June
        ],
    )
    assert [s.owed for s in h.settlements] == [D("360.00"), D("0.00")]


def test_explicit_training_days_move_with_the_session_even_onto_a_week_end() -> None:
    order = make_order(
        "new-30", start="2026-04-20", end="2026-04-24", training_days=("2026-04-20", "2026-04-24")
    )
    h = lt.history(order, [Postpone(notice=on("2026-03-01"), new_start="2026-05-02")])
    session = h.lines[0].session
    assert session is not None and session.training_days == (date(2026, 5, 2), date(2026, 5, 6))
    assert session.training_days[0].weekday() == 5  # a Saturday: the caller corrects it


def test_steps_are_settled_in_order_of_receipt() -> None:
    order = order_1200("new-30")
    steps = [
        Cancel(notice=on("2026-05-22")),
        Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
    ]
    h = lt.history(order, steps)
    assert [s.received_on for s in h.settlements] == [date(2026, 3, 11), date(2026, 5, 22)]
    assert h.fees == D("1200.00")


def test_the_deposit_test_of_a_later_notice_reads_every_payment_by_its_date() -> None:
    order = order_1200("legacy-15", paid=(("2026-03-20", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11", lines=()), new_start="2026-06-01"),
            Cancel(notice=on("2026-05-01")),
        ],
    )
    assert h.settlements[1].decided_by == "legacy-15 §3.5"  # 360.00 received by 1 May


def test_a_history_of_one_step_is_the_single_call() -> None:
    order = order_1200("legacy-15", paid=(("2026-01-06", "360.00"),))
    for step, alone in (
        (Cancel(notice=on("2026-04-10")), lt.cancel(order, on("2026-04-10"))),
        (
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            lt.postpone(order, on("2026-03-11"), date(2026, 6, 1)),
        ),
    ):
        (settled,) = lt.history(order, [step]).settlements
        assert settled == alone


def test_a_history_round_trips_and_explains_itself() -> None:
    order = order_1200("new-30")
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-11"), new_start="2026-06-01"),
            Cancel(notice=on("2026-05-22")),
        ],
    )
    assert lt.History.model_validate_json(h.model_dump_json()) == h
    text = h.explain("fr")
    assert "déjà facturés sur cette ligne" in text and fmt.money(D("1200.00")) in text
    assert "already charged on this line" in h.explain("en")


def test_a_step_must_be_a_cancel_or_a_postpone() -> None:
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.history(order_1200("new-30"), [on("2026-03-11")])  # type: ignore[list-item]
    assert (caught.value.field, caught.value.code) == ("steps[0]", "invalid_step")


def test_a_history_of_an_order_without_lines_has_line_1() -> None:
    order = order_1200("new-30")
    h = lt.history(order, [])
    assert h.fees_by_line == {"1": D("0.00")}
    assert [(x.id, x.price_excl_tax) for x in h.lines] == [("1", D("1000.00"))]
    assert h.owed == h.standing == D("1200.00")
    assert timedelta(0) == timedelta(0)


def test_the_timeline_of_a_history_lists_each_move() -> None:
    order = cycle("new-30")
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-01", lines=("M2",)), new_start="2026-06-15"),
            Postpone(notice=on("2026-04-01", lines=("M2",)), new_start="2026-07-06"),
        ],
    )
    assert [(m.step, m.line, m.start, m.end) for m in h.moves] == [
        (1, "M2", date(2026, 6, 15), date(2026, 6, 17)),
        (2, "M2", date(2026, 7, 6), date(2026, 7, 8)),
    ]
    assert "Sessions déplacées" in h.explain() and "Sessions déplacées" in h._repr_html_()
    assert "<table" in h._repr_html_()
    assert lt.History.model_validate_json(h.model_dump_json()) == h


def test_settlements_with_lines_and_histories_pickle() -> None:
    import pickle

    order = cycle("new-30", paid=(("2026-01-06", "720.00"),))
    settled = lt.cancel(order, on("2026-03-17"))
    again = pickle.loads(pickle.dumps(settled))
    assert again == settled and again.lines == settled.lines
    assert again.explain() == settled.explain()
    h = lt.history(
        order, [Postpone(notice=on("2026-03-01", lines=("M2",)), new_start="2026-06-15")]
    )
    assert pickle.loads(pickle.dumps(h)) == h


def test_an_interruption_after_a_fee_of_the_whole_price_owes_nothing_more() -> None:
    """Found by fuzzing: a legacy postponement asked on the start day keeps the total; LEXOM
    then postponing the started training must not charge its delivered share again."""
    order = order_1200("legacy-15", start="2026-03-16", paid=(("2026-01-06", "360.00"),))
    h = lt.history(
        order,
        [
            Postpone(notice=on("2026-03-16")),
            Postpone(notice=on("2026-03-18", by="provider"), new_start="2026-05-04"),
        ],
    )
    assert h.settlements[0].owed == D("1200.00")
    assert h.settlements[1].owed == 0
    assert h.fees_by_line == {"1": D("1200.00")}
