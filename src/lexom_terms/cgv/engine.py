"""One rule engine for every CGV version (issue 11).

:class:`Rules` is the engine bound to one :class:`~lexom_terms.cgv.regime.Regime`; each version
module exposes its functions (``legacy_15.cancel`` is ``Rules(LEGACY_15).cancel``). The engine
holds no clause number and tests no version: it walks what the regime declares.

The statutes are overlays, applied in one declared order before a version's own steps
(:data:`OVERLAYS`): the CPF platform (RULEBOOK §13), the withdrawal windows and the written form
(§3, §4), force majeure for a self-funded trainee (Code du travail L6353-7), then the version's
ladder. The public-buyer adjustments (§11) and VAT on fees (§12) act on every version alike.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..calendar import add_years, as_date
from ..errors import InvalidInputError
from ..interest import late_interest as _late_interest
from ..models import InterestPolicy, Invoice, Order
from ..rates import RateTable
from ..results import (
    Amount,
    Citation,
    InterestClaim,
)
from ..statute.overlay import Kind, Overlay

# The shared vocabulary, re-exported: regimes, tools and the rulebook name these engine.<name>.
from .common import BOUNDARY_HORIZON as BOUNDARY_HORIZON
from .common import CLIENT_FEES as CLIENT_FEES
from .common import FORUM_NON_PROFESSIONAL as FORUM_NON_PROFESSIONAL
from .common import PROVIDER_STATUSES as PROVIDER_STATUSES
from .common import PUBLIC_PERIOD as PUBLIC_PERIOD
from .common import Count as Count
from .common import Outcome as Outcome
from .common import Request as Request
from .common import Share as Share
from .common import _optional_date
from .common import _provider_citations as _provider_citations
from .common import adjusted as adjusted
from .common import always as always
from .common import at_least_threshold as at_least_threshold
from .common import below_threshold as below_threshold
from .common import check_cgv_channel as check_cgv_channel
from .common import check_new_start as check_new_start
from .common import check_notice as check_notice
from .common import delivered_share as delivered_share
from .common import deposit_unpaid as deposit_unpaid
from .common import fee_vat_argument as fee_vat_argument
from .common import fixed as fixed
from .common import intra_trainee_absence as intra_trainee_absence
from .common import money_argument as money_argument
from .common import moved as moved
from .common import no_new_date as no_new_date
from .common import no_new_date_past_horizon as no_new_date_past_horizon
from .common import nothing as nothing
from .common import reduced_share_of_total as reduced_share_of_total
from .common import regime_values as regime_values
from .common import settle as settle
from .common import started as started
from .common import the_deposit as the_deposit
from .common import the_proposal_cost as the_proposal_cost
from .common import the_total as the_total
from .common import thirty_percent_of_total as thirty_percent_of_total
from .common import unique_sources as unique_sources
from .common import within_horizon as within_horizon
from .general import (
    liability_cap_amount,
    non_solicitation_amount,
    quote_expires_on,
    resolution_opens_on,
)
from .precedence import applicable
from .settlement import Settling

__all__ = [
    "BOUNDARY_HORIZON",
    "FUNCTIONS",
    "OVERLAYS",
    "Rules",
    "expose",
    "quote_expires_on",
    "resolution_opens_on",
]

#: The functions every CGV version module exposes, the engine bound to its regime (API.md:
#: "same names and signatures"); a module may add its own (legacy ``postponement_horizon``).
FUNCTIONS: tuple[str, ...] = (
    "balance",
    "cancel",
    "data_retention_until",
    "deposit_due",
    "dispute_forum",
    "late_interest",
    "liability_cap",
    "non_solicitation_penalty",
    "payment_due",
    "postpone",
    "quote_expires_on",
    "reduced_fee_last_day",
    "resolution_opens_on",
    "retraction_window",
    "timeline",
)


def expose(rules: Rules, namespace: dict[str, object], *own: str) -> list[str]:
    """Give a version module its functions — the engine's methods bound to that version's
    regime — and ``VERSION``; returns the names for its ``__all__``."""
    namespace["VERSION"] = rules.regime.cgv
    namespace.update({name: getattr(rules, name) for name in (*FUNCTIONS, *own)})
    return ["RULES", "VERSION", *FUNCTIONS, *own]


class Rules(Settling):
    """The engine bound to one regime: every function of a CGV version module. Composed of its
    parts, each deciding one thing: :mod:`.dues` (deposit, payment, balance), :mod:`.milestones`
    (horizons, timeline), :mod:`.breaks` (boundaries' break dates), :mod:`.settlement` (notices:
    overlays, then the ladder); the small clauses (§4.4, §9, §10, late interest) stay here."""

    __slots__ = ()

    def liability_cap(self, order: Order) -> Amount:
        """§4.4 "limitée au prix de la prestation objet du litige [...] (intérêts et frais
        inclus)"; no contractual cap toward a consumer; none under the CGV for a CPF order (§13)."""
        self._check(order)
        return liability_cap_amount(order, self.regime.clauses.liability)

    def non_solicitation_penalty(
        self,
        last_monthly_cost: Decimal | None = None,
        *,
        subcontracted_revenue: Decimal | None = None,
    ) -> Amount:
        """§5.2: 12 × (last monthly salary + employer charges); for a subcontractor, the revenue
        subcontracted in the 12 months before the breach."""
        return non_solicitation_amount(
            self.regime.clauses.non_solicitation,
            last_monthly_cost,
            subcontracted_revenue=subcontracted_revenue,
        )

    def data_retention_until(self, relationship_ended_on: date | str) -> date | None:
        """legacy §5.5: at most N years after the relationship ends; None where the version
        sets no fixed period (new-30 §5.5)."""
        relationship_ended_on = as_date(relationship_ended_on, "relationship_ended_on")
        years = self.regime.data_retention_years
        return None if years is None else add_years(relationship_ended_on, years)

    def dispute_forum(self, order: Order) -> Citation:
        """Where a dispute goes (legacy §5.4, new §5.3–5.4); not the CGV's for a CPF order."""
        self._check(order)
        regime = self.regime
        client = order.client
        if client.is_consumer:
            return regime.cite(regime.forum_consumer)
        if not client.is_professional:
            # RULEBOOK §0, §10: a non-professional legal person is bound by neither the Aubenas
            # clause (Code de procédure civile 48: between commerçants only) nor offered the
            # consumer mediator (Code de la consommation L612-1: consumers only).
            return FORUM_NON_PROFESSIONAL
        return regime.cite(regime.forum_professional)

    def late_interest(
        self,
        invoice: Invoice,
        as_of: date | str,
        *,
        rates: RateTable | None = None,
        policy: InterestPolicy | None = None,
        claimed_through: date | str | None = None,
        capitalise_from: date | str | None = None,
    ) -> InterestClaim:
        """§3.4 (same text in both versions; §11 for a public buyer): see
        :mod:`lexom_terms.interest`."""
        if invoice.cgv != self.regime.cgv:
            raise InvalidInputError(
                f"invoice.cgv is '{invoice.cgv}' but this is the {self.regime.name} module",
                field="invoice.cgv",
                code="wrong_cgv_module",
            )
        return _late_interest(
            invoice,
            as_date(as_of, "as_of"),
            rates=rates,
            policy=policy,
            claimed_through=_optional_date(claimed_through, "claimed_through"),
            capitalise_from=_optional_date(capitalise_from, "capitalise_from"),
        )

    quote_expires_on = staticmethod(quote_expires_on)
    resolution_opens_on = staticmethod(resolution_opens_on)


#: The overlays of a cancellation notice and of a postponement request, in their precedence, as
#: declared when the engine was imported (cgv/precedence.py holds the table; the engine reads it
#: live, so an overlay registered later is met too).
CANCELLATION_OVERLAYS: tuple[Overlay, ...] = applicable(Kind.CANCELLATION)
POSTPONEMENT_OVERLAYS: tuple[Overlay, ...] = applicable(Kind.POSTPONEMENT)

#: The statutes over every CGV version, in the order a client notice meets them (RULEBOOK §4,
#: §11–§13): the CPF check (``Rules._check``), the ``CANCELLATION_OVERLAYS`` in their order, the
#: force-majeure note (Code civil 1218) on the version's steps; the public-buyer and VAT
#: overlays act inside the steps and the settlement.
OVERLAYS: tuple[str, ...] = (
    "Mon Compte Formation (CPF): outside the CGV (RULEBOOK §13)",
    *(overlay.name for overlay in CANCELLATION_OVERLAYS),
    "force majeure, any other client (Code civil 1218)",
    "public buyer: no deposit, payment period (Code de la commande publique)",
    "VAT on fees (Conseil d'État 472257)",
)
