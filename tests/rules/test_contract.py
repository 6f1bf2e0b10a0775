"""One contract suite every regime passes — the two shipped CGV versions and two made-up ones
declared below in a few lines (as every python-holidays country inherits the common tests).

The contract: money is conserved and the VAT split adds up; the fee never falls as the notice
comes later; a provider cancellation before the start refunds everything; each boundary flips the
answer and its sentence is true of the dates it names; the fee schedule agrees with ``cancel``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexom_terms import Client, Notice, Order, Payment, Session
from lexom_terms.cgv import legacy_15, new_30
from lexom_terms.cgv.engine import OVERLAYS, Rules
from lexom_terms.cgv.legacy_15 import LEGACY_15
from lexom_terms.cgv.new_30 import NEW_30
from lexom_terms.cgv.regime import Template
from lexom_terms.tools.schedule import schedule_for

from ..conftest import COMPANY, CONSUMER, SOLE_TRADER

# A made-up third version: new-30 with 45-day thresholds, overriding only what changed.
NEW_45 = replace(NEW_30, name="new-45", cancellation_days=45)
# And a legacy variant: a 30-day threshold and a three-month postponement horizon.
LEGACY_30 = replace(
    LEGACY_15,
    name="legacy-30",
    cancellation_days=30,
    postponement_horizon_months=3,
    reduced_fee_label=Template("last day for the deposit only", "dernier jour : acompte seul"),
)

REGIMES = {
    "legacy-15": legacy_15.RULES,
    "new-30": new_30.RULES,
    "new-45": Rules(NEW_45),
    "legacy-30": Rules(LEGACY_30),
}

ASSOCIATION = Client(name="Les Amis du Vivarais", kind="legal_person", professional=False)
STATE = Client(name="Rectorat de Lyon", kind="legal_person", public_buyer="state")
CLIENTS = [COMPANY, CONSUMER, SOLE_TRADER, ASSOCIATION, STATE]
SIGNED = date(2026, 1, 5)


@st.composite
def orders(draw: st.DrawFn, rules: Rules) -> Order:
    start = SIGNED + timedelta(days=draw(st.integers(0, 150)))
    end = start + timedelta(days=draw(st.integers(0, 4)))
    payments = draw(
        st.lists(
            st.tuples(st.integers(0, 160), st.sampled_from(["100.00", "540.00", "1800.00"])),
            max_size=2,
        )
    )
    return Order(
        cgv=rules.regime.cgv,
        client=draw(st.sampled_from(CLIENTS)),
        session=Session(
            reference="R-1",
            start=start,
            end=end,
            # every calendar day, week-ends included: a session may run on a Saturday
            training_days=tuple(start + timedelta(days=i) for i in range((end - start).days + 1)),
        ),
        price_excl_tax="1500.00",
        vat_rate=draw(st.sampled_from(["0.20", "0", "0.055"])),
        signed_on=SIGNED,
        channel=draw(st.sampled_from(["direct", "website", "on_premises"])),
        early_start_requested=draw(st.booleans()),
        payments=tuple(
            Payment(on=SIGNED + timedelta(days=d), amount=amount) for d, amount in payments
        ),
    )


def _day(order: Order, offset: int) -> date:
    return order.signed_on + timedelta(days=offset)


COMMON = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_money_is_conserved(name: str) -> None:
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        notice = Notice(
            received_on=_day(order, data.draw(st.integers(0, 200))),
            written=data.draw(st.booleans()),
            reason=data.draw(st.sampled_from(["none", "force_majeure", "trainee_absence"])),
            by=data.draw(st.sampled_from(["client", "provider"])),
        )
        for s in (rules.cancel(order, notice), rules.postpone(order, notice)):
            assert Decimal(0) <= s.owed <= order.total
            assert s.paid + s.to_pay - s.to_refund - s.credited == s.owed
            assert s.owed_excl_tax + s.owed_vat == s.owed
            assert s.decided_by
            assert s.citations

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_fees_never_fall_as_the_notice_comes_later(name: str) -> None:
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        first = data.draw(st.integers(0, 200))
        later = first + data.draw(st.integers(1, 60))
        earlier_fee = rules.cancel(order, Notice(received_on=_day(order, first))).owed
        later_fee = rules.cancel(order, Notice(received_on=_day(order, later))).owed
        assert earlier_fee <= later_fee

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_provider_cancellation_before_the_start_refunds_everything(name: str) -> None:
    rules = REGIMES[name]

    @COMMON
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        days = (order.session.start - order.signed_on).days
        if days == 0:
            return  # signed on the start day: there is no "before the start"
        received = _day(order, data.draw(st.integers(0, days - 1)))
        reason = data.draw(st.sampled_from(["trainer_absence", "force_majeure", "other"]))
        s = rules.cancel(order, Notice(received_on=received, by="provider", reason=reason))
        assert (s.owed, s.to_refund, s.status) == (
            Decimal("0.00"),
            order.paid,
            "cancelled_by_provider",
        )

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_boundaries_flip_the_answer_and_say_only_what_holds(name: str) -> None:
    rules = REGIMES[name]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        received = _day(order, data.draw(st.integers(0, 160)))
        s = rules.cancel(order, Notice(received_on=received))
        answer = (s.owed, s.status)

        def at(day: date) -> tuple[Decimal, str]:
            other = rules.cancel(order, Notice(received_on=day))
            return other.owed, other.status

        for b in s.boundaries:
            assert b.varies == "received_on"
            assert at(b.on) == (b.owed, b.status) != answer
            toward = b.on + timedelta(days=1 if b.side == "earlier" else -1)
            # strictly between the request and the boundary: the request's own answer
            assert toward == received or at(toward) == answer
            further = b.on + timedelta(days=-1 if b.side == "earlier" else 1)
            # an open run ("on or before D") holds one day further, down to the signature
            open_earlier = b.through is None and b.side == "earlier"
            assert (
                not open_earlier
                or further < order.signed_on
                or at(further)
                == (
                    b.owed,
                    b.status,
                )
            )
            # a closed run ("from D1 to D2") holds through its end and really ends there
            through = b.through if b.through is not None else b.on
            assert b.through is None or at(through) == (b.owed, b.status)
            beyond = through + (further - b.on)
            assert b.through is None or beyond < order.signed_on or at(beyond) != (b.owed, b.status)

    run()


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_fee_schedule_agrees_with_cancel(name: str) -> None:
    rules = REGIMES[name]

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        schedule = schedule_for(order, rules.cancel, rules.retraction_window)
        assert schedule.steps[0].first_day == order.signed_on
        assert schedule.steps[-1].last_day is None
        for step, following in zip(schedule.steps, schedule.steps[1:], strict=False):
            assert step.last_day is not None
            assert following.first_day == step.last_day + timedelta(days=1)
            assert (step.owed, step.status) != (following.owed, following.status)
            for day in (step.first_day, step.last_day):
                assert rules.cancel(order, Notice(received_on=day)).owed == step.owed
        # every day, not only the steps' ends: the break dates miss no change
        end = schedule.steps[-1].first_day + timedelta(days=5)
        day = order.signed_on
        while day <= end:
            assert rules.cancel(order, Notice(received_on=day)).owed == schedule.owed_on(day)
            day += timedelta(days=1)

    run()


def test_the_made_up_regime_moves_the_threshold_only() -> None:
    order = Order(
        cgv="new-30",
        client=COMPANY,
        session=Session(reference="R-1", start="2026-03-16", end="2026-03-17"),
        price_excl_tax="1500.00",
        signed_on="2026-01-05",
    )
    new_45 = REGIMES["new-45"]
    # 45 days before the start: 30 % under new-45; 44 days: the total; new-30 says 30 % for both
    assert new_45.cancel(order, Notice(received_on="2026-01-30")).owed == Decimal("540.00")
    assert new_45.cancel(order, Notice(received_on="2026-01-31")).owed == Decimal("1800.00")
    assert new_30.cancel(order, Notice(received_on="2026-01-31")).owed == Decimal("540.00")
    assert new_45.reduced_fee_last_day(order) == date(2026, 1, 30)
    text = new_45.cancel(order, Notice(received_on="2026-01-31")).citations[0].text
    assert "fewer than 45" in text


def test_overlays_are_declared_in_order() -> None:
    """RULEBOOK §4: the windows and the form before the force majeure of a self-funded trainee,
    the consumer window (any form) before the written form, all before a version's steps."""
    from lexom_terms.cgv.engine import CANCELLATION_OVERLAYS, POSTPONEMENT_OVERLAYS

    names = [overlay.name for overlay in CANCELLATION_OVERLAYS]
    assert [name.split(" (")[0] for name in names] == [
        "consumer withdrawal window, in any unambiguous form",
        "written form",
        "training-contract withdrawal window",
        "force majeure, self-funded trainee",
    ]
    assert CANCELLATION_OVERLAYS[:3] == POSTPONEMENT_OVERLAYS
    assert OVERLAYS[0].startswith("Mon Compte Formation")
    assert list(OVERLAYS[1:5]) == names


def test_no_version_test_in_shared_code() -> None:
    """Issue 11: version knowledge lives in the declarations only."""
    from pathlib import Path

    import lexom_terms

    root = Path(lexom_terms.__file__).parent
    shared = [
        root / "cgv" / "engine.py",
        root / "cgv" / "common.py",
        root / "cgv" / "dues.py",
        root / "cgv" / "milestones.py",
        root / "cgv" / "breaks.py",
        root / "cgv" / "settlement.py",
        root / "cgv" / "regime.py",
        root / "funding.py",
        root / "tools" / "compare.py",
        root / "tools" / "schedule.py",
        root / "tools" / "check.py",
    ]
    for path in shared:
        text = path.read_text(encoding="utf-8")
        assert 'cgv == "legacy-15"' not in text, path
        # a clause as a string literal (docstrings may name the clause they explain)
        assert not re.search(r'(?<!")"(legacy-15|new-30) §', text), path
        assert "{order.cgv} §" not in text and "{cgv} §" not in text, path


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_break_dates_find_what_a_day_by_day_scan_finds(name: str) -> None:
    """The boundaries evaluate one date per stretch between the rule's break dates; a scan of
    every day (the reference) must find exactly the same boundaries."""
    from lexom_terms.boundaries import find_boundaries, scan_boundaries

    rules = REGIMES[name]

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(orders(rules))
        received = _day(order, data.draw(st.integers(0, 160)))
        lag = data.draw(st.integers(0, 3))
        sent = max(order.signed_on, received - timedelta(days=lag))
        notice = Notice(
            received_on=received,
            sent_on=sent,
            reason=data.draw(st.sampled_from(["none", "force_majeure"])),
            by=data.draw(st.sampled_from(["client", "client", "provider"])),
        )
        new_start = data.draw(st.none() | st.integers(1, 250))
        results = [rules.cancel(order, notice)]
        if new_start is not None:
            results.append(rules.postpone(order, notice, received + timedelta(days=new_start)))
        else:
            results.append(rules.postpone(order, notice))
        for result in results:
            for evaluator in result.evaluators:
                assert find_boundaries(result, evaluator) == scan_boundaries(result, evaluator)

    run()


def test_version_modules_expose_the_same_functions_and_signatures() -> None:
    """API.md: the same functions exist per version, same names and signatures (the one engine
    bound to each regime) — checked, not promised."""
    import inspect

    from lexom_terms.cgv import engine

    for name in engine.FUNCTIONS:
        legacy, new = getattr(legacy_15, name), getattr(new_30, name)
        assert inspect.signature(legacy) == inspect.signature(new), name
        assert name in legacy_15.__all__ and name in new_30.__all__
