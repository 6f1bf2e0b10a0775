"""The contract suite on orders with lines and on histories (issue 18), for every regime —
the two shipped CGV versions and the made-up ones of ``test_contract``: the line settlements add
up to the settlement; an order split into lines owes, on one whole-order notice, what the unsplit
order owes within one cent per line; a history of one step is the single call; fees on a line
never exceed its total across a history (legacy) and equal the scale at the last notice
(new-30); full attendance gives no indemnity and the 0.2 OPCO split."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lexom_terms as lt
from lexom_terms import Attendance, Cancel, Line, Notice, OpcoFunding, Order, Postpone, Session
from lexom_terms.cgv.engine import Rules
from lexom_terms.order_history import history_under

from ..conftest import COMPANY
from .test_contract import CLIENTS, REGIMES, SIGNED

D = Decimal
COMMON = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CENT = D("0.01")


def _session(ref: str, start: date, days: int) -> Session:
    end = start + timedelta(days=days)
    return Session(
        reference=ref,
        start=start,
        end=end,
        training_days=tuple(start + timedelta(days=i) for i in range(days + 1)),
    )


@st.composite
def split_orders(draw: st.DrawFn, rules: Rules, client: lt.Client | None = None) -> Order:
    """An order of 1 to 4 lines: seats of one session, or modules with their own dates."""
    count = draw(st.integers(1, 4))
    prices = [D(draw(st.integers(1, 200_000))) / 100 for _ in range(count)]
    modules = draw(st.booleans())
    first = SIGNED + timedelta(days=draw(st.integers(0, 120)))
    sessions = [
        _session(
            f"M{i}",
            first + timedelta(days=draw(st.integers(0, 90)) if modules and i else 0),
            draw(st.integers(0, 3)),
        )
        for i in range(count)
    ]
    if not modules:
        sessions = [sessions[0]] * count
    whole = _session("S", min(s.start for s in sessions), 0).model_copy(
        update={
            "end": max(s.end for s in sessions),
            "training_days": tuple(sorted({d for s in sessions for d in s.training_days})),
        }
    )
    payments = draw(
        st.lists(
            st.tuples(st.integers(0, 160), st.sampled_from(["100.00", "540.00", "1800.00"])),
            max_size=2,
        )
    )
    return Order(
        cgv=rules.regime.cgv,
        client=client or draw(st.sampled_from(CLIENTS)),
        session=whole,
        price_excl_tax=sum(prices, D(0)),
        vat_rate=draw(st.sampled_from(["0.20", "0", "0.055"])),
        signed_on=SIGNED,
        channel=draw(st.sampled_from(["direct", "website", "on_premises"])),
        payments=tuple(lt.Payment(on=SIGNED + timedelta(days=d), amount=a) for d, a in payments),
        lines=tuple(
            Line(id=f"L{i}", price_excl_tax=p, session=s if modules else None)
            for i, (p, s) in enumerate(zip(prices, sessions, strict=True))
        ),
    )


def _notice(data: st.DataObject, order: Order, *, lines: tuple[str, ...] = ()) -> Notice:
    return Notice(
        received_on=SIGNED + timedelta(days=data.draw(st.integers(0, 200))),
        written=data.draw(st.booleans()),
        reason=data.draw(st.sampled_from(["none", "force_majeure", "trainee_absence"])),
        by=data.draw(st.sampled_from(["client", "provider"])),
        lines=lines,
    )


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_line_settlements_add_up_to_the_settlement(name: str) -> None:
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(split_orders(rules))
        ids = [x.id for x in order.lines]
        named = tuple(data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))))
        notice = _notice(data, order, lines=named)
        for s in (rules.cancel(order, notice), rules.postpone(order, notice)):
            assert s.owed == sum((x.owed for x in s.lines), D(0))
            for x in s.lines:
                assert D(0) <= x.owed <= order.line_totals[x.line]
            assert s.paid + s.to_pay - s.to_refund - s.credited == s.owed
            assert s.owed_excl_tax + s.owed_vat == s.owed
            settled = {x.line for x in s.lines}
            assert s.remaining_owed == sum(
                (t for i, t in order.line_totals.items() if i not in settled), D(0)
            )
            assert s.decided_by and s.citations

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_a_split_order_owes_what_the_unsplit_order_owes(name: str) -> None:
    """One whole-order notice: within one cent per line of the unsplit order (seats of one
    session: the same facts, only the price is split)."""
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(split_orders(rules))
        if any(x.session is not None for x in order.lines):  # seats of the order's session
            seats = tuple(x.model_copy(update={"session": None}) for x in order.lines)
            order = Order.model_validate(
                {**order.model_dump(), "lines": [x.model_dump() for x in seats]}
            )
        unsplit = order.model_copy(update={"lines": ()})
        notice = _notice(data, order)
        new_start = notice.received_on + timedelta(days=data.draw(st.integers(1, 300)))
        for split, whole in (
            (rules.cancel(order, notice), rules.cancel(unsplit, notice)),
            (rules.postpone(order, notice, new_start), rules.postpone(unsplit, notice, new_start)),
        ):
            assert abs(split.owed - whole.owed) <= CENT * len(order.lines)
            assert split.status == whole.status or split.owed == whole.owed

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_a_history_of_one_step_is_the_single_call(name: str) -> None:
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(split_orders(rules))
        if data.draw(st.booleans()):
            order = order.model_copy(update={"lines": ()})
            order = Order.model_validate(order.model_dump())
        notice = _notice(data, order)
        new_start = notice.received_on + timedelta(days=data.draw(st.integers(1, 300)))
        (one,) = history_under(rules, order, [Cancel(notice=notice)]).settlements
        assert one == rules.cancel(order, notice)
        (one,) = history_under(
            rules, order, [Postpone(notice=notice, new_start=new_start)]
        ).settlements
        assert one == rules.postpone(order, notice, new_start)

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_fees_on_a_line_across_a_history(name: str) -> None:
    """Client notices on one line of a company's order, postponements then a cancellation: the
    fees on the line never exceed its total; under a regime whose postponement fee is the
    cancellation fee (new-30 and its variants), they equal the scale at the last notice, or
    what was already charged if that was more."""
    rules = REGIMES[name]
    nets_like_new_30 = rules.regime.postponement is None

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(split_orders(rules, COMPANY))
        target = data.draw(st.sampled_from([x.id for x in order.lines]))
        steps: list[Cancel | Postpone] = []
        day = SIGNED
        start = (next(x for x in order.lines if x.id == target).session or order.session).start
        for _ in range(data.draw(st.integers(0, 3))):
            day += timedelta(days=data.draw(st.integers(0, 40)))
            new_start = max(day, start) + timedelta(days=data.draw(st.integers(1, 120)))
            steps.append(
                Postpone(notice=Notice(received_on=day, lines=(target,)), new_start=new_start)
            )
            start = new_start
        day += timedelta(days=data.draw(st.integers(0, 40)))
        steps.append(Cancel(notice=Notice(received_on=day, lines=(target,))))
        h = history_under(rules, order, steps)
        total = order.line_totals[target]
        fees = h.fees_by_line[target]
        assert D(0) <= fees <= total
        assert h.owed == h.fees + h.standing
        assert h.to_pay - h.refund == h.owed - h.paid
        if nets_like_new_30:
            before = history_under(rules, order, steps[:-1]).fees_by_line[target]
            last = h.settlements[-1]
            moved = history_under(rules, order, steps[:-1]).lines
            current = next(x for x in moved if x.id == target).session
            assert current is not None
            alone = Order.model_validate(
                {
                    **order.model_dump(exclude={"lines"}),
                    "session": current.model_dump(),
                    "price_excl_tax": next(x for x in order.lines if x.id == target).price_excl_tax,
                }
            )
            scale = rules.cancel(alone, Notice(received_on=day)).owed
            assert abs(fees - max(before, scale)) <= CENT * len(order.lines), (
                fees,
                before,
                scale,
                last.owed,
            )

    run()


@settings(max_examples=30, deadline=None)
@given(
    price=st.integers(100, 500_000),
    approved=st.integers(0, 600_000),
    hours=st.integers(1, 80),
    vat=st.sampled_from(["0", "0.20"]),
    cgv=st.sampled_from(["legacy-15", "new-30"]),
)
def test_full_attendance_gives_no_indemnity_and_the_0_2_split(
    price: int, approved: int, hours: int, vat: str, cgv: str
) -> None:
    order = Order(
        cgv=cgv,
        client=COMPANY,
        session=Session(reference="S", start="2026-03-16", end="2026-03-17", hours=hours),
        price_excl_tax=D(price) / 100,
        vat_rate=vat,
        signed_on=SIGNED,
        funding=OpcoFunding(
            opco="Atlas",
            requested_on="2026-01-10",
            approved_on="2026-02-01",
            approved_amount=D(approved) / 100,
        ),
    )
    split = lt.attendance_split(order, [Attendance(line="1", hours=hours)])
    balance = lt.balance(order, "2026-03-20")
    assert split.client_indemnity == 0
    assert (split.opco, split.client_training) == (balance.funder_share, balance.client_share)
    assert split.opco + split.client_training + split.client_indemnity == order.total
