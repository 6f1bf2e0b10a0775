"""The dates of an order, part of :class:`lexom_terms.cgv.engine.Rules`: the last day of the
reduced fee, the postponement horizon and the timeline of milestones (deposit, windows,
ladder, payment).
"""

from __future__ import annotations

from datetime import date

from .. import fmt
from ..calendar import add_days, add_months
from ..enums import (
    Channel,
)
from ..errors import InvalidInputError
from ..funding import client_outstanding, opco_deadline
from ..models import Order
from ..money import THIRTY_PERCENT, ZERO
from ..results import (
    Due,
    Milestone,
    Timeline,
)
from ..statute import retraction
from .common import (
    _due_milestone,
    _sentence,
)
from .dues import Dues
from .general import (
    quote_expires_on,
)


class Milestones(Dues):
    """The dates a regime gives an order: horizons and the timeline."""

    __slots__ = ()

    def reduced_fee_last_day(self, order: Order) -> date:
        """The last day a client cancellation costs only the reduced fee: ``start − N days``."""
        return add_days(order.session.start, -self.regime.cancellation_days)

    def _horizon(self, order: Order, months: int) -> date:
        """``signed_on + N months``, memoised on the (frozen) order."""
        key = f"horizon/{months}"
        memo = order.derived
        found: date | None = memo.get(key)
        if found is None:
            found = memo[key] = add_months(order.signed_on, months)
        return found

    def postponement_horizon(self, order: Order) -> date:
        """legacy §3.6 "reportée dans un délai de six mois à compter de la commande": the last
        new start date that keeps the flat 30 % fee (``signed_on + 6 months``)."""
        months = self.regime.postponement_horizon_months
        if months is None:
            raise InvalidInputError(
                f"{self.regime.name} has no postponement horizon",
                field="order.cgv",
                code="no_postponement_horizon",
            )
        return add_months(order.signed_on, months)

    def timeline(self, order: Order) -> Timeline:
        """Every dated milestone of the order, sorted; none before the signature (RULEBOOK §7).
        A CPF order keeps only its signature and its session's dates (§13)."""
        if order.cgv != self.regime.cgv:
            self._check(order)
        clauses = self.regime.clauses
        cpf = order.channel == Channel.CPF
        items: list[Milestone] = []
        if order.quote_issued_on is not None and not cpf:
            items.append(
                Milestone(
                    on=quote_expires_on(order.quote_issued_on),
                    label="last day to accept the quote",
                    label_fr="dernier jour pour accepter le devis",
                    source=clauses.quote,
                )
            )
        items.append(
            Milestone(
                on=order.signed_on,
                label="signature",
                label_fr="signature",
                source="Mon Compte Formation (CPF)" if cpf else clauses.signature,
            )
        )
        if not cpf:
            items.extend(self._rule_milestones(order))
        items.append(
            Milestone(
                on=order.session.start,
                label="session start",
                label_fr="début de la session",
                source="Mon Compte Formation (CPF)" if cpf else clauses.start,
            )
        )
        items.append(
            Milestone(
                on=order.session.end,
                label="session end",
                label_fr="fin de la session",
                source="Mon Compte Formation (CPF)" if cpf else clauses.payment,
            )
        )
        if not cpf:
            items.extend(self._payment_milestones(order))
        kept = [m for m in items if m.on >= order.signed_on]
        kept.sort(key=lambda m: m.on)  # stable: same-day milestones keep their logical order
        return Timeline(order_reference=order.session.reference, milestones=tuple(kept))

    def _rule_milestones(self, order: Order) -> list[Milestone]:
        regime = self.regime
        items: list[Milestone] = []
        window = retraction.reported(self._windows(order))
        if window is not None:
            days = window.deadline.days
            items.append(
                Milestone(
                    on=window.last_day,
                    label=f"last day of the {days}-day withdrawal window",
                    label_fr=f"dernier jour du délai de rétractation de {days} jours",
                    source=window.source,
                )
            )
        if order.client.public_buyer is None:
            deposit = self.deposit_due(order)
            items.append(_due_milestone(deposit, ("deposit due", "acompte exigible")))
        cutoff = self.reduced_fee_last_day(order)
        label = _sentence(regime, regime.clauses.reduced_fee, regime.reduced_fee_label, {})
        items.append(
            Milestone(on=cutoff, label=label.text, label_fr=label.text_fr, source=label.source)
        )
        months = regime.postponement_horizon_months
        if months is not None:
            assert regime.clauses.postponement_horizon is not None
            fee = fmt.rate(THIRTY_PERCENT, "en"), fmt.rate(THIRTY_PERCENT, "fr")
            items.append(
                Milestone(
                    on=self.postponement_horizon(order),
                    label=f"{fmt.words(months, 'en')}-month horizon: last new start date for the"
                    f" {fee[0]} postponement fee",
                    label_fr=f"délai de {fmt.words(months, 'fr')} mois : dernière date de report"
                    f" pour des frais de {fee[1]}",
                    source=regime.clauses.postponement_horizon,
                )
            )
        check = self.foreign_prepayment_check(order)
        if check is not None:
            source = regime.clauses.foreign_prepayment or regime.clauses.payment
            if check[0] >= order.signed_on:
                items += [
                    Milestone(
                        on=check[0],
                        label="foreign client: payment in full expected by now",
                        label_fr="client étranger : règlement intégral attendu à cette date",
                        source=source,
                    ),
                    Milestone(
                        on=check[1],
                        label="if nothing was received, LEXOM may cancel from today",
                        label_fr="sans règlement reçu, LEXOM peut annuler à partir de ce jour",
                        source=source,
                    ),
                ]
            else:
                # The check date falls before the contract existed: LEXOM's right to cancel for
                # non-payment cannot arise before the contract does (Code civil 1190).
                items.append(
                    Milestone(
                        on=order.signed_on,
                        label="signed less than a month before the start: no prepayment check,"
                        " LEXOM's right to cancel for non-payment does not arise",
                        label_fr="signature moins d'un mois avant le début : pas de contrôle du"
                        " prépaiement, le droit de LEXOM d'annuler pour défaut de paiement ne"
                        " naît pas",
                        source=source,
                    )
                )
        return items

    def _payment_milestones(self, order: Order) -> list[Milestone]:
        items: list[Milestone] = []
        if order.client.public_buyer is not None:
            on = self._payment_due_on(order)
            earliest = Due.build(
                lambda: (),
                "Code de la commande publique R2192-13",
                amount=client_outstanding(order, on),
                on=on,
            )
            labels = ("payment due at the earliest", "paiement exigible au plus tôt")
            items.append(_due_milestone(earliest, labels))
        else:
            due = self.payment_due(order)
            # The deposit has its own milestone: the balance is what remains once it is paid,
            # never the deposit counted twice (540 + 1 800 on an 1 800 order: new-user trial).
            deposit = self.deposit_due(order)
            unpaid_deposit = (
                max(ZERO, deposit.amount - order.paid) if deposit.on <= due.on else ZERO
            )
            rest = max(ZERO, due.amount - unpaid_deposit)
            items.append(
                Milestone(
                    on=due.on,
                    label=f"balance due ({rest}"
                    + (" once the deposit is paid)" if unpaid_deposit else ")"),
                    label_fr=f"solde exigible ({fmt.money(rest)}"
                    + (" une fois l'acompte versé)" if unpaid_deposit else ")"),
                    source=due.deciding_source,
                )
            )
        deadline = opco_deadline(order)
        if deadline is not None:
            items.append(
                Milestone(
                    on=deadline,
                    label="OPCO payment deadline (then the client owes the rest)",
                    label_fr="date limite de paiement par l'OPCO (ensuite le client doit le reste)",
                    source=self.regime.clauses.funding,
                )
            )
        return items
