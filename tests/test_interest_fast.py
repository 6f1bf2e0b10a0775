"""The audit's fast path (``interest.claim_figures``) gives the figures of ``late_interest``, to
the exponent, on every invoice it takes; it declines the cases it does not handle."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms import Client, InterestPolicy, Invoice, Payment, default_rates, late_interest
from lexom_terms.errors import MissingRateError
from lexom_terms.interest import claim_figures
from lexom_terms.rates import RateTable

from .strategies import CLIENTS, clients, wide_cents

LAST_RATE_DAY = date(2026, 12, 31)
RATES = default_rates()
#: rates with more decimals than the shipped ones, and a semester where the floor wins
ODD_RATES = (
    RATES.with_ecb(date(2024, 3, 13), "4.123456")
    .with_legal(date(2025, 1, 1), natural="9.99", other="7.777")
    .with_ecb(date(2025, 9, 1), "0.001")
)
policies = st.builds(
    InterestPolicy,
    ecb_reference=st.sampled_from(["semester", "january"]),
    day_count=st.sampled_from(["act/365", "act/act"]),
    allocation=st.sampled_from(["principal_first", "interest_first"]),
)
small_cents = st.integers(min_value=1, max_value=300_000).map(lambda c: Decimal(c) / 100)
amounts = st.one_of(small_cents, wide_cents)


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    """Invoices over the shipped rates' years: any client (consumers, non-professionals, public
    buyers), up to five payments on any day around the due date, paying part, all or more."""
    due = draw(st.dates(date(2000, 1, 1), date(2026, 6, 30)))
    amount = draw(amounts)
    payments = [
        Payment(
            on=due + timedelta(days=draw(st.integers(-40, 2000))),
            amount=draw(st.one_of(small_cents, st.just(amount))),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    client = draw(
        st.one_of(
            CLIENTS,
            clients(),
            st.just(Client(name="CHU", kind="legal_person", public_buyer="health")),
        )
    )
    return Invoice(
        number=draw(st.sampled_from(["F-1", "=SUM(A1)", "Facture n° 7"])),
        cgv=draw(st.sampled_from(["legacy-15", "new-30"])),
        client=client,
        issued_on=due - timedelta(days=draw(st.integers(0, 60))),
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(payments),
    )


def _same(invoice: Invoice, as_of: date, rates: RateTable, policy: InterestPolicy) -> None:
    fast_case = policy.allocation == "principal_first" and invoice.client.public_buyer is None
    try:
        claim = late_interest(invoice, as_of, rates=rates, policy=policy)
    except MissingRateError as error:
        if not fast_case:
            assert claim_figures(invoice, as_of, rates, policy) is None
            return
        try:
            claim_figures(invoice, as_of, rates, policy)
        except MissingRateError as fast_error:
            assert str(fast_error) == str(error)
            return
        raise AssertionError("the fast path found a rate the general path misses") from None
    figures = claim_figures(invoice, as_of, rates, policy)
    # Payments above the invoice settle interest and the indemnity (RULEBOOK §9, issue 21 item
    # 2): the fast path may leave those to the general path, and only those.
    paid = sum((p.amount for p in invoice.payments if p.on <= as_of), Decimal(0))
    overpaid = paid > invoice.amount_incl_tax
    assert (figures is not None) == fast_case or (figures is None and overpaid)
    if figures is None:
        return
    expected = (
        claim.days_late,
        claim.principal_outstanding,
        claim.interest,
        claim.interest_settled,
        claim.interest_outstanding,
        claim.recovery_indemnity,
        claim.total,
        claim.is_provisional,
        claim.caveats,
    )
    got = tuple(figures[: len(expected)])
    assert got == expected
    # the same decimal text too (the report writes str()): 1800.00 is not 1800.0
    assert [str(v) for v in got] == [str(v) for v in expected]


@settings(max_examples=600, deadline=None)
@given(invoices(), st.integers(0, 4000), policies, st.booleans())
def test_fast_figures_equal_late_interest(
    invoice: Invoice, days: int, policy: InterestPolicy, odd: bool
) -> None:
    as_of = min(invoice.due_on + timedelta(days=days), LAST_RATE_DAY)
    _same(invoice, as_of, ODD_RATES if odd else RATES, policy)


@settings(max_examples=200, deadline=None)
@given(invoices(), st.integers(0, 400))
def test_fast_figures_before_and_on_the_due_date(invoice: Invoice, days: int) -> None:
    """as_of before the invoice is late, and on its due date."""
    as_of = max(invoice.due_on - timedelta(days=days), date(1999, 1, 1))
    _same(invoice, as_of, RATES, InterestPolicy())
    _same(invoice, invoice.due_on, RATES, InterestPolicy())


def test_fast_path_declines_what_it_does_not_handle() -> None:
    invoice = Invoice(
        number="F-1",
        cgv="legacy-15",
        client=Client(name="ACME", kind="legal_person"),
        issued_on=date(2025, 1, 1),
        due_on=date(2025, 1, 31),
        amount_incl_tax=Decimal("1000.00"),
    )
    policy = InterestPolicy()
    assert claim_figures(invoice, date(2025, 6, 30), RATES, policy) is not None
    # a string as_of, a date out of the supported range: late_interest says what is wrong
    assert claim_figures(invoice, "2025-06-30", RATES, policy) is None  # type: ignore[arg-type]
    assert claim_figures(invoice, date(2200, 1, 1), RATES, policy) is None
    # interest first, a public buyer: the general path
    first = InterestPolicy(allocation="interest_first")
    assert claim_figures(invoice, date(2025, 6, 30), RATES, first) is None
    public = invoice.model_copy(
        update={"client": Client(name="Mairie", kind="legal_person", public_buyer="state")}
    )
    assert claim_figures(public, date(2025, 6, 30), RATES, policy) is None
    # a hand-built invoice with an amount below the cent
    odd = Invoice.model_construct(**{**dict(invoice), "amount_incl_tax": Decimal("1000.005")})
    assert claim_figures(odd, date(2025, 6, 30), RATES, policy) is None
