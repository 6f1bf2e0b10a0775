"""Builders shared by the tests: an order is described by what matters to the rule under test,
everything else takes a plain default."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from lexom_terms import Client, Notice, OpcoFunding, Order, Payment, Session

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
# mutation testing runs the suite once per mutant: the example tables do the killing there
settings.register_profile(
    "mutation", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

COMPANY = Client(name="ACME SAS", kind="legal_person")
CONSUMER = Client(name="Jeanne Martin", kind="natural_person")
FOREIGN_COMPANY = Client(name="ACME SPRL", kind="legal_person", country="BE")
SOLE_TRADER = Client(name="Paul Durand EI", kind="natural_person", professional=True)


def d(text: str) -> date:
    return date.fromisoformat(text)


def make_order(
    cgv: str = "legacy-15",
    *,
    client: Client = COMPANY,
    start: str = "2026-03-16",
    end: str | None = None,
    price: str = "1500.00",
    vat: str = "0.20",
    signed: str = "2026-01-05",
    paid: tuple[tuple[str, str], ...] = (),
    fmt: str = "inter",
    channel: str = "direct",
    early_start: bool = False,
    training_days: tuple[str, ...] = (),
    funding: OpcoFunding | None = None,
    **extra: Any,
) -> Order:
    return Order(
        cgv=cgv,
        client=client,
        session=Session(
            reference="RCL-RCL-12",
            title="Transformer ses clients en ambassadeurs",
            start=start,
            end=end or (d(start) + timedelta(days=1)).isoformat(),
            format=fmt,
            training_days=training_days,
        ),
        price_excl_tax=price,
        vat_rate=vat,
        signed_on=signed,
        channel=channel,
        early_start_requested=early_start,
        payments=tuple(Payment(on=on, amount=amount) for on, amount in paid),
        funding=funding,
        **extra,
    )


def notice(received: str, **kw: Any) -> Notice:
    return Notice(received_on=received, **kw)


@pytest.fixture
def company_order() -> Order:
    return make_order(paid=(("2026-01-05", "540.00"),))


TOTAL = Decimal("1800.00")
DEPOSIT = Decimal("540.00")


@pytest.fixture(autouse=True)
def _fresh_memos() -> None:
    """Each test exercises the code, not a memo another test filled: the shipped rate table's
    semester rates and the shared interest sentences are forgotten before every test (they are
    pure caches; this only costs a few lookups)."""
    from lexom_terms import interest
    from lexom_terms.rates import default_rates

    default_rates().memo.clear()
    interest._LATE_CITATIONS.clear()
