"""Who is a consumer (RULEBOOK §0) and the caveats a fee charged to one carries (RULEBOOK §4:
Code de la consommation R212-2, Code civil 1231-5): the figure stands, its exposure is said.
Moved here from ``cgv/engine.py`` (issue 17: statute prose next to its statute)."""

from __future__ import annotations

from decimal import Decimal

from ..models import Order
from ..results import Citation, cite

__all__ = ["consumer_caveats", "is_consumer", "is_non_professional"]


def is_consumer(order: Order) -> bool:
    """A natural person not acting professionally; a legal person never is (RULEBOOK §0)."""
    return order.client.is_consumer


def is_non_professional(order: Order) -> bool:
    """A consumer, or a legal person with ``professional=False`` (a *non-professionnel*): the
    abusive-clause caveats apply to both (Code de la consommation L212-2)."""
    return not order.client.is_professional


def consumer_caveats(order: Order, owed: Decimal) -> tuple[Citation, ...]:
    """RULEBOOK §4 'Caveats toward consumers' (and non-professionals, §0): the figure stands,
    its exposure is said."""
    if not is_non_professional(order) or owed <= 0:
        return ()
    caveats = [
        cite(
            "Code de la consommation R212-2",
            "a fee charged to a consumer while the CGV give the consumer nothing when LEXOM"
            " cancels is presumed abusive (2°); LEXOM may rebut the presumption",
            "des frais mis à la charge d'un consommateur alors que les CGV ne lui accordent rien"
            " en cas d'annulation par LEXOM sont présumés abusifs (2°) ; LEXOM peut renverser la"
            " présomption",
        )
    ]
    if owed == order.total:
        caveats.append(
            cite(
                "Code civil 1231-5",
                "a 100 % fee charged to a consumer is a penalty clause a judge may reduce",
                "des frais de 100\u00a0% mis à la charge d'un consommateur constituent une clause"
                " pénale que le juge peut modérer",
            )
        )
    return tuple(caveats)
