"""Hypothesis strategies for the input models, as wide as the inputs the library accepts
(issue 10 "Tests that must be able to fail"):

- dates across the whole supported range, 1900-01-01 … 2199-12-31 (RULEBOOK §0), most of them
  near today's orders so that the rules' thresholds are met often;
- sessions from one day to a year, with or without explicit training days, weekends included;
- every country code and every subdivision that belongs to it, every kind of person, with and
  without ``professional``, public buyers;
- OPCO approvals and payments above the order's total; duplicated payments.

Interest needs rates, which the shipped table holds from 2015 to 2026 only: invoices stay there.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from lexom_terms import Client, Invoice, Notice, OpcoFunding, Order, Payment, Session
from lexom_terms._countries import ISO_3166_ALPHA2
from lexom_terms.calendar import (
    FRANCE_CODES,
    MAX_DATE,
    MIN_DATE,
    OVERSEAS_SUBDIVISION,
    subdivision_codes,
)

#: The dates an order's session may start on: wide enough that, with the signature up to 200
#: days earlier and the session up to a year long, every date stays in the supported range.
SESSION_LOW = MIN_DATE + timedelta(days=200)
SESSION_HIGH = MAX_DATE - timedelta(days=366 + 61)

COUNTRIES = sorted(ISO_3166_ALPHA2)
SUBDIVISIONS = subdivision_codes()[0]


@st.composite
def clients(draw: st.DrawFn, *, professional_only: bool = False) -> Client:
    """Any client the models accept: every country, every subdivision of that country."""
    kind = draw(st.sampled_from(["legal_person", "natural_person"]))
    country = draw(
        st.one_of(
            st.just("FR"),
            st.sampled_from(sorted(FRANCE_CODES)),
            st.sampled_from(COUNTRIES),
        )
    )
    if country == "FR":
        subdivision = draw(st.one_of(st.none(), st.sampled_from(SUBDIVISIONS)))
    elif country in OVERSEAS_SUBDIVISION:
        subdivision = draw(st.sampled_from([None, OVERSEAS_SUBDIVISION[country]]))
    else:
        subdivision = None
    if professional_only:
        professional: bool | None = True if kind == "natural_person" else None
    else:
        professional = draw(st.sampled_from([None, None, True, False]))
    public_buyer = None
    if kind == "legal_person" and draw(st.integers(0, 9)) == 0:
        public_buyer = draw(st.sampled_from(["state", "health", "public_undertaking"]))
    name = draw(
        st.sampled_from(["ACME SAS", "Jeanne Martin", "Paul Durand EI", "Hans Maier", "Ville"])
    )
    return Client(
        name=name,
        kind=kind,
        professional=professional,
        country=country,
        subdivision=subdivision,
        public_buyer=public_buyer,
    )


#: The former fixed list, kept for tests that want a known client mix.
FIXED_CLIENTS = st.sampled_from(
    [
        Client(name="ACME SAS", kind="legal_person"),
        Client(name="ACME GmbH", kind="legal_person", country="DE"),
        Client(name="Jeanne Martin", kind="natural_person"),
        Client(name="Jeanne Martin", kind="natural_person", subdivision="57"),
        Client(name="Marie Hoarau", kind="natural_person", country="RE"),
        Client(name="Paul Durand EI", kind="natural_person", professional=True),
        Client(name="Hans Maier", kind="natural_person", country="DE"),
    ]
)
CLIENTS = st.one_of(FIXED_CLIENTS, clients())
PROFESSIONALS = st.one_of(
    st.sampled_from(
        [
            Client(name="ACME SAS", kind="legal_person"),
            Client(name="ACME GmbH", kind="legal_person", country="DE"),
            Client(name="Paul Durand EI", kind="natural_person", professional=True),
        ]
    ),
    clients(professional_only=True),
)
VERSIONS = st.sampled_from(["legacy-15", "new-30"])
cents = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c) / 100)
#: Up to the money ceiling, most of them ordinary prices.
wide_cents = st.one_of(
    cents,
    st.integers(min_value=1, max_value=83_333_333_333_332).map(lambda c: Decimal(c) / 100),
)
vat = st.sampled_from([Decimal("0.20"), Decimal("0"), Decimal("0.055"), Decimal("0.10")])


def weekday(low: date, high: date) -> st.SearchStrategy[date]:
    return st.dates(low, high).filter(lambda d: d.weekday() < 5)


#: A session start: mostly around today's orders, anywhere in the supported range otherwise.
starts = st.one_of(
    st.dates(date(2024, 1, 8), date(2026, 11, 30)),
    st.dates(date(2024, 1, 8), date(2026, 11, 30)),
    st.dates(SESSION_LOW, SESSION_HIGH),
)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """One day to a year; weekend starts and explicit training days (weekends included)."""
    start = draw(starts)
    length = draw(st.one_of(st.integers(0, 4), st.integers(0, 366)))
    end = start + timedelta(days=length)
    explicit = start.weekday() >= 5 or draw(st.integers(0, 3)) == 0
    training_days: tuple[date, ...] = ()
    if explicit or not any(
        (start + timedelta(days=k)).weekday() < 5 for k in range(min(length + 1, 7))
    ):
        offsets = draw(st.sets(st.integers(0, length), min_size=1, max_size=min(length + 1, 10)))
        training_days = tuple(start + timedelta(days=k) for k in sorted(offsets | {0}))
    return Session(
        reference="R-1",
        start=start,
        end=end,
        format=draw(st.sampled_from(["inter", "intra"])),
        training_days=training_days,
    )


@st.composite
def orders(
    draw: st.DrawFn,
    *,
    cgv: st.SearchStrategy[str] = VERSIONS,
    clients: st.SearchStrategy[Client] = CLIENTS,
    with_funding: bool = True,
) -> Order:
    session = draw(sessions())
    start, end = session.start, session.end
    signed = start - timedelta(days=draw(st.integers(0, 200)))
    price = draw(wide_cents)
    rate = draw(vat)
    total = (price * (1 + rate)).quantize(Decimal("0.01"))
    if total > Decimal("999999999999.99"):  # the ceiling holds for the total too
        rate = Decimal(0)
        total = price
    payments: list[Payment] = []
    for _ in range(draw(st.integers(0, 3))):
        payments.append(
            Payment(
                on=signed + timedelta(days=draw(st.integers(0, (end - signed).days + 30))),
                amount=draw(
                    st.integers(1, max(1, int(total * 100 / 2))).map(lambda c: Decimal(c) / 100)
                ),
            )
        )
    if payments and draw(st.booleans()):  # the same payment listed twice
        payments.append(draw(st.sampled_from(payments)))
    funding = None
    if with_funding and draw(st.booleans()):
        requested = signed + timedelta(days=draw(st.integers(0, 40)))
        approved = draw(
            st.one_of(st.none(), st.just(requested + timedelta(days=draw(st.integers(0, 60)))))
        )
        # approvals and OPCO payments below, at and above the order's total (RULEBOOK §8)
        opco_amount = st.one_of(
            cents,
            st.just(total),
            st.integers(1, 200).map(lambda p: (total * p / 100).quantize(Decimal("0.01"))),
        ).filter(lambda a: Decimal("0.01") <= a <= Decimal("999999999999.99"))
        funding = OpcoFunding(
            opco="Atlas",
            requested_on=requested,
            approved_on=approved,
            approved_amount=draw(opco_amount) if approved else Decimal(0),
            payments=tuple(
                Payment(on=end + timedelta(days=draw(st.integers(0, 60))), amount=draw(opco_amount))
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
    return Order(
        cgv=draw(cgv),
        client=draw(clients),
        session=session,
        price_excl_tax=price,
        vat_rate=rate,
        signed_on=signed,
        channel=draw(st.sampled_from(["direct", "website", "on_premises"])),
        early_start_requested=draw(st.booleans()),
        payments=tuple(payments),
        funding=funding,
    )


@st.composite
def notices(draw: st.DrawFn, order: Order, *, plain: bool = False) -> Notice:
    """A notice on or after the signature; ``plain``: written, client, no reason, no sent_on."""
    received = order.signed_on + timedelta(
        days=draw(st.integers(0, (order.session.end - order.signed_on).days + 60))
    )
    if plain:
        return Notice(received_on=received)
    lag = draw(st.integers(0, min(5, (received - order.signed_on).days)))
    return Notice(
        received_on=received,
        sent_on=received - timedelta(days=lag) if draw(st.booleans()) else None,
        by=draw(st.sampled_from(["client", "client", "provider"])),
        written=draw(st.booleans()) or draw(st.booleans()),
        reason=draw(
            st.sampled_from(
                [
                    "none",
                    "trainee_absence",
                    "trainer_absence",
                    "venue_unavailable",
                    "force_majeure",
                    "other",
                ]
            )
        ),
    )


@st.composite
def invoices(draw: st.DrawFn, clients: st.SearchStrategy[Client] = CLIENTS) -> Invoice:
    due = draw(st.dates(date(2015, 1, 1), date(2026, 6, 30)))
    amount = draw(cents)
    payments = [
        Payment(on=due + timedelta(days=draw(st.integers(-10, 400))), amount=draw(cents))
        for _ in range(draw(st.integers(0, 3)))
    ]
    if payments and draw(st.booleans()):  # the same payment listed twice
        payments.append(draw(st.sampled_from(payments)))
    return Invoice(
        number="F-1",
        cgv=draw(st.sampled_from(["legacy-15", "new-30"])),
        client=draw(clients),
        issued_on=due - timedelta(days=draw(st.integers(0, 30))),
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(payments),
    )
