"""The public functions: each dispatches on the order's (or invoice's) CGV version and nothing
else. A script that wants to pin one regime calls :mod:`lexom_terms.cgv.legacy_15` or
:mod:`lexom_terms.cgv.new_30` directly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import ModuleType

from . import interest
from .cgv import legacy_15, new_30
from .cgv.general import quote_expires_on, resolution_opens_on
from .enums import CgvVersion
from .funding import balance
from .models import InterestPolicy, Invoice, Notice, Order
from .money import ZERO
from .rates import RateTable
from .results import Amount, Citation, Due, InterestClaim, RetractionWindow, Settlement, Timeline

__all__ = [
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
    "resolution_opens_on",
    "retraction_window",
    "timeline",
]

_MODULES: dict[CgvVersion, ModuleType] = {
    CgvVersion.LEGACY_15: legacy_15,
    CgvVersion.NEW_30: new_30,
}


def module_for(cgv: CgvVersion | str) -> ModuleType:
    """The rule module of a CGV version."""
    return _MODULES[CgvVersion(cgv)]


def cancel(order: Order, notice: Notice, *, proposal_cost: Decimal = ZERO) -> Settlement:
    """The consequence of a cancellation notice, client or provider (RULEBOOK §4, §6)."""
    result: Settlement = module_for(order.cgv).cancel(order, notice, proposal_cost=proposal_cost)
    return result


def postpone(
    order: Order, notice: Notice, new_start: date | None = None, *, waive_fee: bool = False
) -> Settlement:
    """The consequence of a postponement request (RULEBOOK §5, §6)."""
    result: Settlement = module_for(order.cgv).postpone(
        order, notice, new_start, waive_fee=waive_fee
    )
    return result


def retraction_window(order: Order) -> RetractionWindow | None:
    """The withdrawal window that ends last among those that apply (RULEBOOK §3), or None."""
    result: RetractionWindow | None = module_for(order.cgv).retraction_window(order)
    return result


def deposit_due(order: Order) -> Due:
    """The deposit amount and its due date (RULEBOOK §2)."""
    result: Due = module_for(order.cgv).deposit_due(order)
    return result


def payment_due(order: Order, invoice_received_on: date | None = None) -> Due:
    """What the client still owes of its share and when it is payable (RULEBOOK §7)."""
    result: Due = module_for(order.cgv).payment_due(order, invoice_received_on)
    return result


def late_interest(
    invoice: Invoice,
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    claimed_through: date | None = None,
    capitalise_from: date | None = None,
) -> InterestClaim:
    """Interest and recovery indemnity owed on ``as_of`` (RULEBOOK §9; §11 for a public buyer);
    ``claimed_through`` and ``capitalise_from``: see :func:`lexom_terms.interest.late_interest`."""
    # §3.4 is the same text in both versions (the claim names the invoice's own version): no
    # dispatch, which is a fifth of a claim's time in a ledger audit.
    return interest.late_interest(
        invoice,
        as_of,
        rates=rates,
        policy=policy,
        claimed_through=claimed_through,
        capitalise_from=capitalise_from,
    )


def timeline(order: Order) -> Timeline:
    """Every dated milestone of the order, sorted, each with its clause."""
    result: Timeline = module_for(order.cgv).timeline(order)
    return result


def liability_cap(order: Order) -> Amount:
    """§4.4: LEXOM's liability cap for this order (none toward a consumer)."""
    result: Amount = module_for(order.cgv).liability_cap(order)
    return result


def dispute_forum(order: Order) -> Citation:
    """legacy §5.4 / new §5.3–5.4: where a dispute goes."""
    result: Citation = module_for(order.cgv).dispute_forum(order)
    return result


def data_retention_until(cgv: CgvVersion | str, relationship_ended_on: date) -> date | None:
    """legacy §5.5: at most 5 years after the relationship ends; new-30 sets no fixed period."""
    result: date | None = module_for(cgv).data_retention_until(relationship_ended_on)
    return result
