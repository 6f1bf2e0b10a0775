"""RULEBOOK §14: orders with several lines (seats and modules), each named line settled by the
one engine as if it were an order of its own; what stays the order's stays the order's."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import lexom_terms as lt
from lexom_terms import Line, Notice, Order, Payment, Session

from ..conftest import COMPANY, CONSUMER, SOLE_TRADER, make_order

D = Decimal


def session(start: str, end: str | None = None, ref: str = "S", **kw: Any) -> Session:
    return Session(reference=ref, start=start, end=end or start, **kw)


def seats(
    cgv: str = "legacy-15",
    prices: tuple[str, ...] = ("500.00", "500.00", "500.00"),
    *,
    start: str = "2026-03-16",
    end: str = "2026-03-17",
    vat: str = "0.20",
    paid: tuple[tuple[str, str], ...] = (),
    client: lt.Client = COMPANY,
    **kw: Any,
) -> Order:
    """An INTER order for named trainees, one seat each."""
    total = sum((D(p) for p in prices), D(0))
    return Order(
        cgv=cgv,
        client=client,
        session=session(start, end),
        price_excl_tax=total,
        vat_rate=vat,
        signed_on="2026-01-05",
        payments=tuple(Payment(on=on, amount=a) for on, a in paid),
        lines=tuple(
            Line(id=f"T{i + 1}", price_excl_tax=p, trainee=f"Stagiaire {i + 1}")
            for i, p in enumerate(prices)
        ),
        **kw,
    )


def cycle(
    cgv: str = "new-30",
    *,
    m1: str = "2026-03-16",
    m2: str = "2026-05-18",
    paid: tuple[tuple[str, str], ...] = (),
    client: lt.Client = COMPANY,
    **kw: Any,
) -> Order:
    """A cycle of two modules of 1 000.00 HT each, with their own dates."""
    s1 = session(m1, (date.fromisoformat(m1) + timedelta(days=2)).isoformat(), "M1")
    s2 = session(m2, (date.fromisoformat(m2) + timedelta(days=2)).isoformat(), "M2")
    return Order(
        cgv=cgv,
        client=client,
        session=session(s1.start.isoformat(), s2.end.isoformat(), "CYCLE"),
        price_excl_tax="2000.00",
        signed_on="2026-01-05",
        payments=tuple(Payment(on=on, amount=a) for on, a in paid),
        lines=(
            Line(id="M1", price_excl_tax="1000.00", session=s1),
            Line(id="M2", price_excl_tax="1000.00", session=s2),
        ),
        **kw,
    )


def before(order: Order, line: str, days: int) -> Notice:
    """A notice on ``line`` received ``days`` calendar days before that line's start."""
    own = next(x for x in order.lines if x.id == line)
    start = (own.session or order.session).start
    return Notice(received_on=start - timedelta(days=days), lines=(line,))


# --- the model -----------------------------------------------------------------------------


def test_an_order_without_lines_is_one_line_1() -> None:
    order = make_order("new-30")
    assert order.line_totals == {"1": order.total} == {"1": D("1800.00")}
    settled = lt.cancel(order, Notice(received_on="2026-02-01"))
    assert [(x.line, x.owed, x.decided_by) for x in settled.lines] == [
        ("1", settled.owed, settled.decided_by)
    ]
    assert settled.remaining_owed == 0
    # the 0.2 JSON form, unchanged
    assert "lines" not in settled.model_dump() and "remaining_owed" not in settled.model_dump()


def test_a_notice_naming_line_1_of_an_order_without_lines_is_the_whole_order() -> None:
    order = make_order("legacy-15", paid=(("2026-01-06", "540.00"),))
    plain = lt.cancel(order, Notice(received_on="2026-03-05"))
    named = lt.cancel(order, Notice(received_on="2026-03-05", lines=("1",)))
    assert (named.owed, named.status, named.to_refund) == (
        plain.owed,
        plain.status,
        plain.to_refund,
    )


def test_the_last_line_takes_the_cent() -> None:
    # 3 × 10.04 HT at 20 %: 12.048 → 12.05 each, 36.15 in all; the order's total is
    # 30.12 × 1.2 = 36.144 → 36.14: the last line takes −0.01
    order = seats("new-30", ("10.04", "10.04", "10.04"))
    assert order.total == D("36.14")
    assert order.line_totals == {"T1": D("12.05"), "T2": D("12.05"), "T3": D("12.04")}
    assert sum(order.line_totals.values()) == order.total


def test_line_prices_must_add_up() -> None:
    with pytest.raises(ValidationError) as caught:
        Order(
            cgv="new-30",
            client=COMPANY,
            session=session("2026-03-16"),
            price_excl_tax="1000.00",
            signed_on="2026-01-05",
            lines=(Line(id="A", price_excl_tax="600"), Line(id="B", price_excl_tax="300")),
        )
    error = caught.value.errors()[0]
    assert error["type"] == "lines_do_not_add_up"
    assert "900.00" in error["msg"] and "1000.00" in error["msg"]


@pytest.mark.parametrize(
    ("start", "end"), [("2026-03-15", "2026-05-20"), ("2026-03-16", "2026-05-21")]
)
def test_the_order_session_spans_its_lines_exactly(start: str, end: str) -> None:
    good = cycle()
    with pytest.raises(ValidationError) as caught:
        Order.model_validate(
            {
                **good.model_dump(),
                "session": {**good.session.model_dump(), "start": start, "end": end},
            }
        )
    assert caught.value.errors()[0]["type"] == "session_does_not_span_lines"


def test_line_ids_are_unique_and_not_empty() -> None:
    with pytest.raises(ValidationError) as caught:
        seats(prices=("1", "2")).model_copy()  # fine
        Order.model_validate(
            {
                **seats(prices=("1", "2")).model_dump(),
                "lines": [{"id": "A", "price_excl_tax": "1"}, {"id": "A", "price_excl_tax": "2"}],
            }
        )
    assert caught.value.errors()[0]["type"] == "duplicate_line_id"
    with pytest.raises(ValidationError) as caught:
        Line(id="", price_excl_tax="1")
    assert caught.value.errors()[0]["type"] == "string_too_short"


def test_a_line_without_a_session_takes_the_orders() -> None:
    order = seats()
    settled = lt.cancel(order, before(order, "T2", 20))
    assert settled.received_on == date(2026, 2, 24)


# --- RULEBOOK's examples -----------------------------------------------------------------------


def test_three_lines_at_30_percent_owe_what_the_unsplit_order_owes() -> None:
    """RULEBOOK §14 "Precisions": 12.05 / 12.05 / 12.04 TTC at 30 % owe 10.84 in all (3.62 +
    3.62 + 3.60), exactly what §4 gives the unsplit order and the deposit invoiced."""
    order = seats("new-30", ("12.05", "12.05", "12.04"), vat="0")
    settled = lt.cancel(order, Notice(received_on="2026-02-01"))
    assert [x.owed for x in settled.lines] == [D("3.62"), D("3.62"), D("3.60")]
    assert settled.owed == D("10.84") == order.deposit_amount
    unsplit = order.model_copy(update={"lines": ()})
    assert lt.cancel(unsplit, Notice(received_on="2026-02-01")).owed == settled.owed


def test_one_seat_dropped_20_days_before_keeps_30_percent_of_that_seat() -> None:
    """Issue 18: an INTER order for three trainees, one drops out 20 days before the start
    (legacy-15, deposit paid): step 5 keeps 30 % of the line's total; the other seats stand."""
    order = seats(paid=(("2026-01-06", "540.00"),))
    settled = lt.cancel(order, before(order, "T2", 20))
    (line,) = settled.lines
    assert (line.line, line.status, line.owed, line.decided_by) == (
        "T2",
        "cancelled",
        D("180.00"),
        "legacy-15 §3.5",
    )
    assert settled.owed == D("180.00")
    assert settled.remaining_owed == D("1200.00")
    # payments to this notice's fee first, the rest credited to the seats still standing
    assert (settled.credited, settled.to_refund, settled.to_pay) == (D("360.00"), 0, 0)


def test_a_cycle_cancelled_during_module_1_owes_module_2_at_30_percent() -> None:
    """Issue 18 / RULEBOOK §14: "toute formation commencée est due" module by module: module 1
    under way owes its total, module 2 forty days away 30 % of its own."""
    order = cycle(paid=(("2026-01-06", "720.00"),))
    notice = Notice(received_on=date(2026, 5, 18) - timedelta(days=40))
    order = cycle(m1="2026-04-06", paid=(("2026-01-06", "720.00"),))
    settled = lt.cancel(order, notice)
    assert [(x.line, x.owed, x.decided_by) for x in settled.lines] == [
        ("M1", D("1200.00"), "new-30 §3.5"),
        ("M2", D("360.00"), "new-30 §3.6"),
    ]
    assert settled.owed == D("1560.00")
    assert (settled.status, settled.decided_by) == ("cancelled", "new-30 §3.5")  # owes the most
    assert (settled.to_pay, settled.to_refund, settled.remaining_owed) == (D("840.00"), 0, 0)
    # the unsplit order would owe 100 %: a cycle sold as modules is read against its drafter
    assert lt.cancel(order.model_copy(update={"lines": ()}), notice).owed == D("2400.00")


# --- boundary days, each line from its own start ----------------------------------------------


@pytest.mark.parametrize(("days", "owed"), [(15, "360.00"), (14, "1200.00")])
def test_legacy_15_days_before_the_lines_start(days: int, owed: str) -> None:
    order = cycle("legacy-15", paid=(("2026-01-06", "720.00"),))
    settled = lt.cancel(order, before(order, "M2", days))
    assert settled.lines[0].owed == D(owed)
    assert settled.lines[0].decided_by == "legacy-15 §3.5"


@pytest.mark.parametrize(("days", "owed"), [(30, "360.00"), (29, "1200.00")])
def test_new_30_days_before_the_lines_start(days: int, owed: str) -> None:
    order = cycle("new-30")
    settled = lt.cancel(order, before(order, "M2", days))
    assert settled.lines[0].owed == D(owed)


@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_a_module_started_the_day_before_the_notice_is_owed_in_full(cgv: str) -> None:
    order = cycle(cgv, paid=(("2026-01-06", "720.00"),))
    notice = Notice(received_on="2026-03-17")  # module 1 started on the 16th
    settled = lt.cancel(order, notice)
    m1, m2 = settled.lines
    assert m1.owed == D("1200.00")
    assert m2.owed == D("360.00")  # 62 days before module 2: 30 % of its own total


def test_a_module_starting_the_day_after_the_notice_follows_the_scale() -> None:
    order = cycle("new-30")
    settled = lt.cancel(order, Notice(received_on="2026-03-15", lines=("M1",)))
    assert settled.lines[0].owed == D("1200.00")  # 1 day before: < 30 days, the total
    assert settled.lines[0].decided_by == "new-30 §3.6"


# --- validation of the named lines ----------------------------------------------------------


def test_an_unknown_line_is_an_input_error() -> None:
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.cancel(seats(), Notice(received_on="2026-02-01", lines=("T9",)))
    assert (caught.value.field, caught.value.code) == ("notice.lines", "unknown_line")
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.cancel(make_order("new-30"), Notice(received_on="2026-02-01", lines=("2",)))
    assert caught.value.code == "unknown_line"


# --- what stays the order's -----------------------------------------------------------------


def test_a_withdrawal_inside_the_window_settles_every_standing_line() -> None:
    order = seats("new-30", client=CONSUMER, paid=(("2026-01-06", "540.00"),))
    settled = lt.cancel(order, Notice(received_on="2026-01-10", lines=("T1",)))
    assert [x.line for x in settled.lines] == ["T1", "T2", "T3"]
    assert {x.status for x in settled.lines} == {"retracted"}
    assert (settled.owed, settled.to_refund, settled.remaining_owed) == (0, D("540.00"), 0)


def test_a_consumer_postponing_one_line_inside_the_window_moves_only_that_line() -> None:
    order = seats("new-30", client=CONSUMER)
    settled = lt.postpone(order, Notice(received_on="2026-01-10", lines=("T1",)), date(2026, 4, 20))
    assert [x.line for x in settled.lines] == ["T1"]
    assert settled.owed == 0 and settled.status == "postponed"
    assert settled.remaining_owed == D("1200.00")


def test_self_funded_force_majeure_ends_the_whole_contract() -> None:
    order = seats("new-30", client=SOLE_TRADER, start="2026-03-16", end="2026-03-20")
    settled = lt.cancel(
        order, Notice(received_on="2026-03-18", lines=("T1",), reason="force_majeure")
    )
    assert [x.line for x in settled.lines] == ["T1", "T2", "T3"]
    assert {x.decided_by for x in settled.lines} == {"Code du travail L6353-7"}
    # 2 of 5 training days delivered before the notice, on each seat's 600.00
    assert settled.owed == 3 * D("240.00")


def test_legacy_unpaid_deposit_partial_notice_owes_nothing() -> None:
    """RULEBOOK §14: with the deposit unpaid, a notice on some lines owes 0 for them (the
    contract is not concluded; the client simply orders less); the whole order owes the
    proposal cost."""
    order = seats()
    part = lt.cancel(order, before(order, "T1", 20), proposal_cost=D("120.00"))
    assert [(x.status, x.owed, x.decided_by) for x in part.lines] == [
        ("cancelled", 0, "legacy-15 §2.2")
    ]
    whole = lt.cancel(order, Notice(received_on="2026-02-24"), proposal_cost=D("120.00"))
    assert whole.owed == D("120.00")
    assert [x.owed for x in whole.lines] == [D("40.00"), D("40.00"), D("40.00")]


def test_the_deposit_test_is_the_orders_not_the_lines() -> None:
    # 200.00 paid covers one seat's 30 % (180.00) but not the order's deposit (540.00)
    order = seats(paid=(("2026-01-06", "200.00"),))
    settled = lt.cancel(order, before(order, "T1", 20))
    assert settled.lines[0].decided_by == "legacy-15 §2.2"
    paid = seats(paid=(("2026-01-06", "540.00"),))
    assert lt.cancel(paid, before(paid, "T1", 20)).lines[0].decided_by == "legacy-15 §3.5"


def test_an_intra_absence_stays_refused_line_by_line() -> None:
    order = cycle("legacy-15", paid=(("2026-01-06", "720.00"),))
    order = Order.model_validate(
        {
            **order.model_dump(),
            "session": {**order.session.model_dump(), "format": "intra"},
        }
    )
    settled = lt.cancel(
        order, Notice(received_on="2026-03-01", lines=("M2",), reason="trainee_absence")
    )
    assert (settled.status, settled.owed) == ("refused", D("1200.00"))


def test_provider_cancellation_of_one_module_refunds_only_what_exceeds_the_rest() -> None:
    order = cycle("new-30", paid=(("2026-01-06", "2400.00"),))
    settled = lt.cancel(order, Notice(received_on="2026-03-01", by="provider", lines=("M2",)))
    assert (settled.status, settled.owed) == ("cancelled_by_provider", 0)
    assert (settled.credited, settled.to_refund) == (D("1200.00"), D("1200.00"))


def test_postponing_some_lines_credits_every_payment() -> None:
    order = cycle("legacy-15", paid=(("2026-01-06", "2400.00"),))
    settled = lt.postpone(order, before(order, "M2", 20), date(2026, 6, 1))
    assert (settled.status, settled.owed) == ("postponed", D("360.00"))
    assert (settled.credited, settled.to_refund) == (D("2040.00"), 0)
    assert settled.new_session_owed == D("1200.00")


def test_a_settlement_with_lines_round_trips_and_explains_each_line() -> None:
    order = seats(paid=(("2026-01-06", "540.00"),))
    settled = lt.cancel(order, before(order, "T2", 20))
    dumped = settled.model_dump_json()
    assert '"lines"' in dumped and '"remaining_owed":"1200.00"' in dumped
    again = lt.Settlement.model_validate_json(dumped)
    assert again == settled
    assert again.lines == settled.lines and again.remaining_owed == D("1200.00")
    text = settled.explain("fr")
    assert "ligne T2 (Stagiaire 2)" in text and "180,00\u00a0€" in text
    assert "line T2 (Stagiaire 2)" in settled.explain("en")
    html = settled._repr_html_()
    assert "Par ligne" in html and "Lignes maintenues, non visées" in html
    # an order without lines shows no lines table: the 0.2 display
    assert (
        "Par ligne" not in lt.cancel(make_order(), Notice(received_on="2026-03-02"))._repr_html_()
    )


def test_boundaries_of_a_line_are_found_from_its_own_start() -> None:
    order = cycle("new-30")
    settled = lt.cancel(order, before(order, "M2", 40))
    later = next(b for b in settled.boundaries if b.side == "later")
    assert later.on == date(2026, 5, 18) - timedelta(days=29)
    assert later.owed == D("1200.00")
