"""The public functions: each dispatches on the order's (or invoice's) CGV version and nothing
else, through the registry of versions (:mod:`lexom_terms.cgv.registry`, derived from the
declarations). A script that wants to pin one regime calls its module directly
(:func:`module_for`): each exposes the same functions, the one engine bound to its regime
(:class:`lexom_terms.cgv.engine.Rules`).

In the examples (run by ``tests/test_api_doctests.py``), ``order`` is
``examples/company_order.json`` — ACME SAS, legacy-15, a two-day session from 16 March 2026,
1 800.00 including VAT, the 540.00 deposit paid at the signature on 5 January — and ``invoice``
is F-2025-118, 1 800.00 due on 10 June 2025, unpaid."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal

from .cgv import registry
from .cgv.engine import check_cgv_channel
from .cgv.general import quote_expires_on, resolution_opens_on
from .cgv.regime import Regime
from .cgv.registry import module_for, regime_for, rules_for
from .enums import CgvVersion, FeeVat
from .models import InterestPolicy, Invoice, Notice, Order
from .money import ZERO
from .rates import RateTable
from .results import (
    Amount,
    Balance,
    Citation,
    Due,
    InterestClaim,
    RefundSurcharge,
    RetractionWindow,
    Settlement,
    Timeline,
)
from .statute.consumer_refund import refund_surcharge as _refund_surcharge

__all__ = [
    "REGIMES",
    "balance",
    "cancel",
    "data_retention_until",
    "deposit_due",
    "dispute_forum",
    "late_interest",
    "liability_cap",
    "module_for",
    "payment_due",
    "postpone",
    "quote_expires_on",
    "refund_surcharge",
    "regime_for",
    "resolution_opens_on",
    "retraction_window",
    "rules_for",
    "timeline",
]


class _Regimes(Mapping[CgvVersion, Regime]):
    """Every CGV version's regime, by version: a live view of the registry (a version
    registered for a while appears in it)."""

    def __getitem__(self, cgv: CgvVersion) -> Regime:
        if cgv not in registry.versions():
            raise KeyError(cgv)
        return registry.regime_for(cgv)

    def __iter__(self) -> Iterator[CgvVersion]:
        return iter(registry.versions())

    def __len__(self) -> int:
        return len(registry.versions())


#: Every CGV version's regime, by version (the registry's view).
REGIMES: Mapping[CgvVersion, Regime] = _Regimes()


def cancel(
    order: Order,
    notice: Notice,
    *,
    proposal_cost: Decimal = ZERO,
    fee_vat: FeeVat = FeeVat.AS_SERVICE,
) -> Settlement:
    """The consequence of a cancellation notice, client or provider (RULEBOOK §4, §6, §12).

    >>> settlement = cancel(order, Notice(received_on="2026-03-02"))  # 14 days before
    >>> settlement.owed, settlement.to_pay, settlement.decided_by
    (Decimal('1800.00'), Decimal('1260.00'), 'legacy-15 §3.5')
    """
    return rules_for(order.cgv).cancel(order, notice, proposal_cost=proposal_cost, fee_vat=fee_vat)


def postpone(
    order: Order,
    notice: Notice,
    new_start: date | str | None = None,
    *,
    waive_fee: bool = False,
    proposal_cost: Decimal = ZERO,
    fee_vat: FeeVat = FeeVat.AS_SERVICE,
) -> Settlement:
    """The consequence of a postponement request (RULEBOOK §5, §6, §12); ``proposal_cost`` is
    used only when a legacy-15 deposit was never paid (§5 legacy step 3).

    >>> settlement = postpone(order, Notice(received_on="2026-02-20"), "2026-05-04")
    >>> settlement.owed, settlement.status.value, settlement.new_session_owed
    (Decimal('540.00'), 'postponed', Decimal('1800.00'))
    """
    return rules_for(order.cgv).postpone(
        order,
        notice,
        new_start,
        waive_fee=waive_fee,
        proposal_cost=proposal_cost,
        fee_vat=fee_vat,
    )


def retraction_window(order: Order) -> RetractionWindow | None:
    """The withdrawal window that ends last among those that apply (RULEBOOK §3), or None.

    >>> retraction_window(order) is None  # a company has no withdrawal window
    True
    """
    return rules_for(order.cgv).retraction_window(order)


def deposit_due(order: Order) -> Due:
    """The deposit amount and its due date (RULEBOOK §2, §11).

    >>> due = deposit_due(order)
    >>> due.amount, due.on, due.deciding_source
    (Decimal('540.00'), datetime.date(2026, 1, 5), 'legacy-15 §2.1')
    """
    return rules_for(order.cgv).deposit_due(order)


def payment_due(
    order: Order,
    invoice_received_on: date | str | None = None,
    *,
    invoice_sent_on: date | str | None = None,
    interrupted_on: date | str | None = None,
    completed_on: date | str | None = None,
) -> Due:
    """What the client still owes of its share and when it is payable (RULEBOOK §7, §11); a
    public buyer's period interrupted on ``interrupted_on`` and resumed on ``completed_on``
    (§20, R2192-27 to R2192-29).

    >>> due = payment_due(order, "2026-03-20")  # the invoice received after the session
    >>> due.amount, due.on
    (Decimal('1260.00'), datetime.date(2026, 3, 20))
    """
    return rules_for(order.cgv).payment_due(
        order,
        invoice_received_on,
        invoice_sent_on=invoice_sent_on,
        interrupted_on=interrupted_on,
        completed_on=completed_on,
    )


def balance(order: Order, as_of: date | str) -> Balance:
    """Split between client and OPCO on ``as_of``, with the OPCO deadline (RULEBOOK §8).

    >>> split = balance(order, "2026-03-20")
    >>> split.funder_share, split.client_share, split.client_outstanding
    (Decimal('0.00'), Decimal('1800.00'), Decimal('1260.00'))
    """
    return rules_for(order.cgv).balance(order, as_of)


def late_interest(
    invoice: Invoice,
    as_of: date | str,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    claimed_through: date | str | None = None,
    capitalise_from: date | str | None = None,
) -> InterestClaim:
    """Interest and recovery indemnity owed on ``as_of`` (RULEBOOK §9; §11 for a public buyer);
    ``claimed_through`` and ``capitalise_from``: see :func:`lexom_terms.interest.late_interest`.

    >>> claim = late_interest(invoice, "2025-12-31")
    >>> claim.days_late, claim.interest, claim.recovery_indemnity, claim.total
    (204, Decimal('123.22'), Decimal('40.00'), Decimal('163.22'))
    """
    return rules_for(invoice.cgv).late_interest(
        invoice,
        as_of,
        rates=rates,
        policy=policy,
        claimed_through=claimed_through,
        capitalise_from=capitalise_from,
    )


def refund_surcharge(
    order: Order,
    settlement: Settlement,
    refunded_on: date | str,
    *,
    rates: RateTable | None = None,
) -> RefundSurcharge:
    """Code de la consommation L242-4 (RULEBOOK §19): the increase of a consumer's withdrawal
    refund paid on ``refunded_on``, its tier and the day it steps up; ``not_a_consumer_refund``
    for any settlement that is not a withdrawal inside the consumer window. The same in both
    CGV versions (a statute); a CPF order is the platform's (RULEBOOK §13).

    >>> from lexom_terms import Client, Order, Payment, Session, cancel
    >>> camille = Order(
    ...     cgv="new-30", client=Client(name="Camille Martin", kind="natural_person"),
    ...     price_excl_tax="1500.00", signed_on="2026-02-26",
    ...     session=Session(reference="RS", start="2026-06-15", end="2026-06-16"),
    ...     payments=[Payment(on="2026-02-26", amount="540.00")],
    ... )
    >>> withdrawal = cancel(camille, Notice(received_on="2026-03-02"))  # refund due 16 March
    >>> late = refund_surcharge(camille, withdrawal, "2026-04-03")
    >>> late.days_late, late.amount, late.next_step_on
    (18, Decimal('27.00'), datetime.date(2026, 4, 6))
    """
    check_cgv_channel(order)
    return _refund_surcharge(order, settlement, refunded_on, rates=rates)


def timeline(order: Order) -> Timeline:
    """Every dated milestone of the order, sorted, each with its clause.

    >>> [(m.on.isoformat(), m.source) for m in timeline(order).milestones][:2]
    [('2026-01-05', 'legacy-15 §2.2'), ('2026-01-05', 'legacy-15 §2.1')]
    """
    return rules_for(order.cgv).timeline(order)


def liability_cap(order: Order) -> Amount:
    """§4.4: LEXOM's liability cap for this order (none toward a consumer).

    >>> liability_cap(order).amount
    Decimal('1800.00')
    """
    return rules_for(order.cgv).liability_cap(order)


def dispute_forum(order: Order) -> Citation:
    """legacy §5.4 / new §5.3–5.4: where a dispute goes.

    >>> dispute_forum(order).source
    'legacy-15 §5.4'
    """
    return rules_for(order.cgv).dispute_forum(order)


def data_retention_until(cgv: CgvVersion | str, relationship_ended_on: date | str) -> date | None:
    """§5.5 of each version: the data-retention limit after the relationship ends, or None where
    the version sets no fixed period.

    >>> data_retention_until("legacy-15", "2026-06-30"), data_retention_until("new-30", "2026-06-30")
    (datetime.date(2031, 6, 30), None)
    """
    return rules_for(cgv).data_retention_until(relationship_ended_on)
