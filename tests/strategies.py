"""Hypothesis strategies for the input models: valid orders, notices and invoices drawn over the
range the shipped rate tables cover."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from lexom_terms import Client, Invoice, Notice, OpcoFunding, Order, Payment, Session

CLIENTS = st.sampled_from(
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
PROFESSIONALS = st.sampled_from(
    [
        Client(name="ACME SAS", kind="legal_person"),
        Client(name="ACME GmbH", kind="legal_person", country="DE"),
        Client(name="Paul Durand EI", kind="natural_person", professional=True),
    ]
)
VERSIONS = st.sampled_from(["legacy-15", "new-30"])
cents = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c) / 100)
vat = st.sampled_from([Decimal("0.20"), Decimal("0"), Decimal("0.055"), Decimal("0.10")])


def weekday(low: date, high: date) -> st.SearchStrategy[date]:
    return st.dates(low, high).filter(lambda d: d.weekday() < 5)


@st.composite
def orders(
    draw: st.DrawFn,
    *,
    cgv: st.SearchStrategy[str] = VERSIONS,
    clients: st.SearchStrategy[Client] = CLIENTS,
    with_funding: bool = True,
) -> Order:
    start = draw(weekday(date(2024, 1, 8), date(2026, 11, 30)))
    end = start + timedelta(days=draw(st.integers(0, 4)))
    signed = start - timedelta(days=draw(st.integers(0, 200)))
    price = draw(cents)
    rate = draw(vat)
    total = (price * (1 + rate)).quantize(Decimal("0.01"))
    n = draw(st.integers(0, 3))
    payments = tuple(
        Payment(
            on=signed + timedelta(days=draw(st.integers(0, (end - signed).days + 30))),
            amount=draw(
                st.integers(1, max(1, int(total * 100 / 2))).map(lambda c: Decimal(c) / 100)
            ),
        )
        for _ in range(n)
    )
    funding = None
    if with_funding and draw(st.booleans()):
        requested = signed + timedelta(days=draw(st.integers(0, 40)))
        approved = draw(
            st.one_of(st.none(), st.just(requested + timedelta(days=draw(st.integers(0, 60)))))
        )
        funding = OpcoFunding(
            opco="Atlas",
            requested_on=requested,
            approved_on=approved,
            approved_amount=draw(cents) if approved else Decimal(0),
            payments=tuple(
                Payment(on=end + timedelta(days=draw(st.integers(0, 60))), amount=draw(cents))
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
    return Order(
        cgv=draw(cgv),
        client=draw(clients),
        session=Session(
            reference="R-1", start=start, end=end, format=draw(st.sampled_from(["inter", "intra"]))
        ),
        price_excl_tax=price,
        vat_rate=rate,
        signed_on=signed,
        channel=draw(st.sampled_from(["direct", "website", "on_premises"])),
        early_start_requested=draw(st.booleans()),
        payments=payments,
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
    payments = tuple(
        Payment(on=due + timedelta(days=draw(st.integers(-10, 400))), amount=draw(cents))
        for _ in range(draw(st.integers(0, 3)))
    )
    return Invoice(
        number="F-1",
        cgv=draw(st.sampled_from(["legacy-15", "new-30"])),
        client=draw(clients),
        issued_on=due - timedelta(days=draw(st.integers(0, 30))),
        due_on=due,
        amount_incl_tax=amount,
        payments=payments,
    )
