"""Clauses whose computation is the same in both versions (RULEBOOK §1 quote validity, §10):
§2.1 quote validity, §4.4 liability cap, §4.7 resolution, §5.2 non-solicitation. The version
modules wrap these with their own clause numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .. import fmt
from ..calendar import add_days, as_date
from ..errors import InvalidInputError
from ..models import QUOTE_VALIDITY_DAYS, Order
from ..money import MAX_AMOUNT, round_cents, to_decimal
from ..results import Amount, cite

#: §4.7 "huit jours après une mise en demeure restée sans réponse".
RESOLUTION_NOTICE_DAYS = 8
#: §5.2 "une indemnité égale à douze fois le dernier salaire, charges patronales en sus".
NON_SOLICITATION_MONTHS = 12

__all__ = [
    "Amount",
    "amount_argument",
    "liability_cap_amount",
    "non_solicitation_amount",
    "quote_expires_on",
    "resolution_opens_on",
]


def quote_expires_on(issued_on: date | str) -> date:
    """§2.1 (both versions) "une durée de validité de 30 jours à compter de son émission": the
    last day a quote can be accepted, ``issued_on + 30 days``.

    >>> quote_expires_on("2026-01-05")
    datetime.date(2026, 2, 4)
    """
    return add_days(as_date(issued_on, "issued_on"), QUOTE_VALIDITY_DAYS)


def resolution_opens_on(formal_notice_received_on: date | str) -> date:
    """§4.7 (both versions): the 8 days after a formal notice received on D end at the end of
    D + 8; LEXOM may resolve the contract from D + 9.

    >>> resolution_opens_on("2026-04-01")
    datetime.date(2026, 4, 10)
    """
    day = as_date(formal_notice_received_on, "formal_notice_received_on")
    return add_days(day, RESOLUTION_NOTICE_DAYS + 1)


def liability_cap_amount(order: Order, clause: str) -> Amount:
    # RULEBOOK §10: no contractual cap toward a consumer or a non-professional (R212-1 6°,
    # applied to non-professionals by R212-5).
    if not order.client.is_professional:
        return Amount(
            amount=None,
            citations=(
                cite(
                    clause,
                    "\"sauf en cas de dispositions d'ordre public [...] notamment envers les"
                    ' consommateurs": no contractual cap toward a consumer',
                    "pas de plafond contractuel envers un consommateur (dispositions d'ordre"
                    " public)",
                ),
            ),
        )
    return Amount(
        amount=order.total,
        citations=(
            cite(
                clause,
                f"LEXOM's liability is capped at the price of the order in dispute, {order.total},"
                " interest and costs included",
                f"la responsabilité de LEXOM est limitée au prix de la prestation en litige,"
                f" {fmt.money(order.total)}, intérêts et frais inclus",
            ),
        ),
    )


def amount_argument(
    value: object,
    name: str,
    *,
    at_most: Decimal = MAX_AMOUNT,
    limit: str = "",
    to_the_cent: bool = False,
) -> Decimal:
    """The one parser of a caller-supplied policy amount (a proposal cost, a salary, a revenue):
    exact (no float), non-negative, at most ``at_most`` (the money ceiling, or ``limit``: what
    that bound is), and, where a figure is owed as given, to the cent. Errors name the argument
    and carry a stable code."""
    try:
        amount = to_decimal(value, what=name)
    except ValueError as error:
        raise InvalidInputError(f"{name}: {error}", field=name, code="invalid_amount") from None
    if amount > at_most:
        # docs/errors.md: above a bound the rule sets (the order's total: 0 ≤ owed ≤ total) is
        # `amount_above_total`; above the money ceiling, `amount_too_large`.
        if limit:
            message = f"{name} {amount} exceeds {limit} {at_most}: 0 ≤ owed ≤ total"
            raise InvalidInputError(message, field=name, code="amount_above_total")
        message = f"{name} {amount} is too large: at most {at_most}"
        raise InvalidInputError(message, field=name, code="amount_too_large")
    cent = Decimal("0.01")
    if to_the_cent and (amount < 0 or amount != amount.quantize(cent)):
        raise InvalidInputError(
            f"{name} must be a non-negative amount to the cent, got {amount}",
            field=name,
            code="invalid_amount",
        )
    if amount < 0:
        raise InvalidInputError(
            f"{name} must not be negative, got {amount}", field=name, code="negative_amount"
        )
    return amount.quantize(cent) if to_the_cent else amount


def non_solicitation_amount(
    clause: str,
    last_monthly_cost: Decimal | None,
    *,
    subcontracted_revenue: Decimal | None = None,
) -> Amount:
    if (last_monthly_cost is None) == (subcontracted_revenue is None):
        raise InvalidInputError(
            "give exactly one of last_monthly_cost (an employee: last monthly gross salary plus"
            " employer charges) or subcontracted_revenue (a subcontractor)"
        )
    if last_monthly_cost is not None:
        monthly = amount_argument(last_monthly_cost, "last_monthly_cost")
        penalty = round_cents(monthly * NON_SOLICITATION_MONTHS)
        return Amount(
            amount=penalty,
            citations=(
                cite(
                    clause,
                    f"12 × the last monthly salary with employer charges ({monthly}) = {penalty}",
                    f"12 × le dernier salaire mensuel charges patronales en sus ({fmt.money(monthly)}) ="
                    f" {fmt.money(penalty)}",
                ),
            ),
        )
    assert subcontracted_revenue is not None
    revenue = round_cents(amount_argument(subcontracted_revenue, "subcontracted_revenue"))
    return Amount(
        amount=revenue,
        citations=(
            cite(
                clause,
                f"for a subcontractor: the revenue subcontracted in the year before the breach,"
                f" {revenue}",
                f"pour un sous-traitant : le chiffre d'affaires sous-traité l'année précédant la"
                f" violation, {fmt.money(revenue)}",
            ),
        ),
    )
