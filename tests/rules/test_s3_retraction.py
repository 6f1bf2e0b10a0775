"""RULEBOOK §3 — withdrawal windows: the consumer's 14 days (Code de la consommation) and the
self-funded trainee's 10 days (Code du travail), counted per RULEBOOK §0."""

from __future__ import annotations

from datetime import date

import pytest

from lexom_terms import Client, Notice, OpcoFunding, cancel, retraction_window

from ..conftest import COMPANY, CONSUMER, SOLE_TRADER, make_order
from .support import Case, check, covers

MOSELLE_CONSUMER = Client(name="Jeanne Martin", kind="natural_person", subdivision="57")
JOB_SEEKER = Client(name="Luc Petit", kind="natural_person", professional=True)
FUNDING = OpcoFunding(opco="Atlas", requested_on="2026-03-03")

# signed Monday 2 March 2026: consumer window to Monday 16 March, training window to Thursday 12
consumer_new = make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-04-20")
consumer_legacy = make_order("legacy-15", client=CONSUMER, signed="2026-03-02", start="2026-04-20")
trader_legacy = make_order("legacy-15", client=SOLE_TRADER, signed="2026-03-02", start="2026-04-20")
# signed Friday 17 April 2026: + 14 = Friday 1 May (Fête du Travail) → Monday 4 May
consumer_may = make_order("new-30", client=CONSUMER, signed="2026-04-17", start="2026-06-15")
# signed 20 March 2026: + 14 = Good Friday 3 April, a holiday only in Alsace-Moselle
moselle = make_order("new-30", client=MOSELLE_CONSUMER, signed="2026-03-20", start="2026-06-15")
national = make_order("new-30", client=CONSUMER, signed="2026-03-20", start="2026-06-15")
# session Monday 9 – Tuesday 10 March, inside the consumer window
early = make_order(
    "new-30",
    client=CONSUMER,
    signed="2026-03-02",
    start="2026-03-09",
    early_start=True,
    paid=(("2026-03-02", "1800"),),
)
early_no_request = make_order(
    "new-30",
    client=CONSUMER,
    signed="2026-03-02",
    start="2026-03-09",
    paid=(("2026-03-02", "1800"),),
)
# session Thursday 5 – Friday 6 March, inside the 10-day window of a sole trader
trader_early = make_order(
    "legacy-15",
    client=SOLE_TRADER,
    signed="2026-03-02",
    start="2026-03-05",
    paid=(("2026-03-02", "1800"),),
)


def sent(on: str, received: str | None = None, **kw: object) -> object:
    return lambda order: cancel(
        order,
        Notice(received_on=received or on, sent_on=on, **kw),  # type: ignore[arg-type]
    )


CASES = [
    Case(
        "L221-18 / consumer, withdrawal sent on the last day: nothing owed",
        "§3 consumer window",
        consumer_new,
        sent("2026-03-16"),
        "retracted",
        "0",
        boundary=True,
        more={"due_on": None},
    ),
    Case(
        "L221-18 / consumer, the day after the last day: ordinary cancellation (new-30 30 %)",
        "§3 consumer window",
        consumer_new,
        sent("2026-03-17"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "L221-21 / sent on the last day, received three days later: counts",
        "§3 sending date counts",
        consumer_new,
        sent("2026-03-16", "2026-03-19"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "L221-21 / no sending date: the receipt date counts",
        "§3 sending date counts",
        consumer_new,
        lambda o: cancel(o, Notice(received_on="2026-03-17")),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "L221-21 / a consumer's oral withdrawal inside the window counts",
        "§3 consumer window",
        consumer_new,
        sent("2026-03-10", written=False),
        "retracted",
        "0",
    ),
    Case(
        "L221-24 / refund of every payment within 14 days of receipt",
        "§3 refund within 14 days",
        make_order(
            "new-30",
            client=CONSUMER,
            signed="2026-03-02",
            start="2026-04-20",
            paid=(("2026-03-02", "360"),),
        ),
        sent("2026-03-12", "2026-03-13"),
        "retracted",
        "0",
        more={"to_refund": "360.00", "refund_due_on": "2026-03-27"},
    ),
    Case(
        "L221-19 / last day on 1 May: extended to Monday 4 May, a withdrawal then counts",
        "§3 counting and extension",
        consumer_may,
        sent("2026-05-04"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "L221-19 / extended window closed on Tuesday 5 May",
        "§3 counting and extension",
        consumer_may,
        sent("2026-05-05"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "L221-19 / Moselle: Good Friday extends the window to Tuesday 7 April",
        "§3 counting and extension",
        moselle,
        sent("2026-04-07"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "L221-19 / elsewhere Good Friday is a working day: closed on Monday 6 April",
        "§3 counting and extension",
        national,
        sent("2026-04-06"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "legacy-15 §2.1 / consumer at a distance (e-mail): 14 days",
        "§3 consumer window",
        consumer_legacy,
        sent("2026-03-16"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "legacy-15 / consumer signed at LEXOM: only the 10-day training window",
        "§3 training window",
        make_order(
            "legacy-15",
            client=CONSUMER,
            signed="2026-03-02",
            start="2026-04-20",
            channel="on_premises",
            paid=(("2026-03-13", "540.00"),),
        ),
        sent("2026-03-13"),
        "cancelled",
        "30% T",
        boundary=True,
    ),
    Case(
        "L6353-5 / sole trader paying for their course: 10 days, last day counts",
        "§3 training window",
        trader_legacy,
        sent("2026-03-12"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "L6353-5 / job-seeker (a professional) paying for their course: 10 days",
        "§3 training window",
        make_order("new-30", client=JOB_SEEKER, signed="2026-03-02", start="2026-04-20"),
        sent("2026-03-12"),
        "retracted",
        "0",
    ),
    Case(
        "L221-25 / early start requested, withdrawal on day 2 of 2: half the price",
        "§3 early start pro rata",
        early,
        sent("2026-03-10"),
        "retracted",
        "1/2 T",
        boundary=True,
        more={"to_refund": "T-1/2 T", "refund_due_on": "2026-03-24"},
    ),
    Case(
        "L221-25 / early start requested, withdrawal on the start day: nothing delivered",
        "§3 early start pro rata",
        early,
        sent("2026-03-09"),
        "retracted",
        "0",
        boundary=True,
    ),
    Case(
        "L221-25 al. 2 / no express request: nothing owed although a day was given",
        "§3 early start pro rata",
        early_no_request,
        sent("2026-03-10"),
        "retracted",
        "0",
    ),
    Case(
        "L221-28 1° / early start requested, training fully given: no right, total",
        "§3 full delivery",
        early,
        sent("2026-03-11"),
        "cancelled",
        "T",
        boundary=True,
    ),
    Case(
        "L221-25 / no request, training fully given: withdrawal still free",
        "§3 full delivery",
        early_no_request,
        sent("2026-03-11"),
        "retracted",
        "0",
    ),
    Case(
        "L6353-5 / training window only, day 2 of 2: the day given is owed",
        "§3 training window delivered days",
        trader_early,
        sent("2026-03-06"),
        "retracted",
        "1/2 T",
        boundary=True,
    ),
    Case(
        "L6353-5 / training window only, fully given: an ordinary cancellation",
        "§3 training window delivered days",
        trader_early,
        sent("2026-03-09"),
        "cancelled",
        "T",
        boundary=True,
    ),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_withdrawal(case: Case) -> None:
    check(case)


@covers("§3 consumer window", "§3 training window")
@pytest.mark.parametrize(
    ("order", "days", "last_day", "source"),
    [
        pytest.param(consumer_new, 14, "2026-03-16", "new-30 §2.1", id="new-30 consumer"),
        pytest.param(
            consumer_legacy,
            14,
            "2026-03-16",
            "Code de la consommation L221-18",
            id="legacy-15 consumer at a distance",
        ),
        pytest.param(
            make_order(
                "legacy-15",
                client=CONSUMER,
                signed="2026-03-02",
                start="2026-04-20",
                channel="website",
            ),
            14,
            "2026-03-16",
            "legacy-15 §2.1",
            id="legacy-15 consumer on the website",
        ),
        pytest.param(
            make_order(
                "legacy-15",
                client=CONSUMER,
                signed="2026-03-02",
                start="2026-04-20",
                channel="on_premises",
            ),
            10,
            "2026-03-12",
            "Code du travail L6353-5",
            id="legacy-15 consumer on premises",
        ),
        pytest.param(
            make_order(
                "new-30",
                client=CONSUMER,
                signed="2026-03-02",
                start="2026-04-20",
                channel="on_premises",
            ),
            14,
            "2026-03-16",
            "new-30 §2.1",
            id="new-30 consumer on premises",
        ),
        pytest.param(trader_legacy, 10, "2026-03-12", "Code du travail L6353-5", id="sole trader"),
    ],
)
def test_reported_window(order: object, days: int, last_day: str, source: str) -> None:
    window = retraction_window(order)  # type: ignore[arg-type]
    assert window is not None
    assert window.days == days
    assert window.opens_on == date(2026, 3, 3)
    assert window.last_day == date.fromisoformat(last_day)
    assert window.citations[0].source == source


@covers("§3 consumer window", "§3 training window")
@pytest.mark.parametrize(
    "order",
    [
        pytest.param(make_order("legacy-15", client=COMPANY), id="company"),
        pytest.param(make_order("new-30", client=COMPANY), id="company new-30"),
        pytest.param(
            make_order(
                "legacy-15",
                client=CONSUMER,
                channel="on_premises",
                funding=FUNDING,
                signed="2026-03-02",
                start="2026-04-20",
            ),
            id="legacy-15 consumer on premises with OPCO funding",
        ),
        pytest.param(
            make_order(
                "new-30",
                client=SOLE_TRADER,
                funding=FUNDING,
                signed="2026-03-02",
                start="2026-04-20",
            ),
            id="sole trader with OPCO funding",
        ),
    ],
)
def test_no_window(order: object) -> None:
    assert retraction_window(order) is None  # type: ignore[arg-type]


@covers("§3 window reported", boundary=True)
def test_tie_reports_the_consumer_window() -> None:
    # Moselle, signed 24 March 2026: + 10 = Good Friday 3 April → Tuesday 7 April (Good Friday,
    # weekend, Easter Monday); + 14 = Tuesday 7 April. Both end the same day.
    order = make_order("new-30", client=MOSELLE_CONSUMER, signed="2026-03-24", start="2026-06-15")
    window = retraction_window(order)
    assert window is not None
    assert (window.days, window.last_day) == (14, date(2026, 4, 7))
    assert window.extended_for == ()


@covers("§3 window reported")
def test_consumer_window_reported_over_shorter_training_window() -> None:
    window = retraction_window(consumer_new)
    assert window is not None
    assert window.days == 14


@covers("§3 counting and extension", boundary=True)
def test_window_records_the_days_that_pushed_it() -> None:
    window = retraction_window(consumer_may)
    assert window is not None
    assert window.nominal_last_day == date(2026, 5, 1)
    assert window.last_day == date(2026, 5, 4)
    assert window.extended_for == ("Fête du Travail", "samedi", "dimanche")
    assert "reporté du 1er mai 2026" in window.explain()


@covers("§3 counting and extension")
def test_overseas_client_takes_the_department_holidays() -> None:
    # La Réunion, signed 6 December 2027: + 14 = Monday 20 December, abolition of slavery there
    reunion = Client(name="Marie Hoarau", kind="natural_person", country="RE")
    order = make_order("new-30", client=reunion, signed="2027-12-06", start="2028-02-14")
    window = retraction_window(order)
    assert window is not None
    assert window.last_day == date(2027, 12, 21)
    assert window.extended_for == ("Abolition de l'esclavage",)
