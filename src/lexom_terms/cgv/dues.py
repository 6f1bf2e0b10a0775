"""What the client owes and when, part of :class:`lexom_terms.cgv.engine.Rules`: the engine bound
to one regime and its withdrawal windows (RULEBOOK §3), the deposit (§2), the payment terms (§7,
§11 public buyers, §20 interruption) and the client/OPCO balance (§8).
"""

from __future__ import annotations

from datetime import date

from .. import fmt
from ..calendar import add_days, add_months, as_date
from ..enums import (
    Channel,
)
from ..errors import InvalidInputError
from ..funding import balance as split_balance
from ..funding import client_outstanding
from ..models import Order
from ..money import ZERO
from ..results import (
    Balance,
    Citation,
    Due,
    RetractionWindow,
    cite,
)
from ..statute import public_procurement as public
from ..statute import retraction
from ..statute.consumer import is_consumer
from .common import (
    _optional_date,
    _sentence,
    check_cgv_channel,
)
from .regime import Regime


class Dues:
    """The engine bound to one regime: its windows, deposit and payment dues."""

    __slots__ = ("_memo_key", "regime")

    def __init__(self, regime: Regime) -> None:
        self.regime = regime
        self._memo_key = f"windows/{regime.name}/{id(regime)}"

    # --- §3 withdrawal windows -------------------------------------------------------------

    def _windows(self, order: Order) -> tuple[retraction.Window, ...]:
        memo = order.derived
        found: tuple[retraction.Window, ...] | None = memo.get(self._memo_key)
        if found is None:
            clause = self.regime.consumer_clause(order) if is_consumer(order) else None
            found = memo[self._memo_key] = retraction.windows(order, consumer_clause=clause)
        return found

    def _check(self, order: Order) -> None:
        if order.cgv != self.regime.cgv:
            raise InvalidInputError(
                f"order.cgv is '{order.cgv}' but this is the {self.regime.name} module: call"
                f" lexom_terms.cancel (which dispatches) or the {order.cgv} module",
                field="order.cgv",
                code="wrong_cgv_module",
            )
        check_cgv_channel(order)

    def retraction_window(self, order: Order) -> RetractionWindow | None:
        """RULEBOOK §3: the window that ends last among those that apply, or None."""
        self._check(order)
        window = retraction.reported(self._windows(order))
        if window is None:
            return None
        deadline = window.deadline
        return RetractionWindow.build(
            lambda: window.citations,
            days=deadline.days,
            opens_on=add_days(deadline.event_on, 1),
            nominal_last_day=deadline.nominal_last_day,
            last_day=deadline.last_day,
            extended_for=deadline.extended_for,
        )

    # --- §2 deposit ------------------------------------------------------------------------

    def deposit_due(self, order: Order) -> Due:
        """RULEBOOK §2: 30 % with the signature; a public buyer owes none (§11); a natural
        person paying for their own training owes nothing before the 10-day window of L6353-5
        closes (L6353-6); a legacy website order, nothing during its 14 days (§2.1)."""
        self._check(order)
        regime = self.regime
        if order.client.public_buyer is not None:
            return Due.build(
                lambda: (public.deposit_citation(),),
                "Code de la commande publique R2191-3",
                amount=ZERO,
                on=order.signed_on,
            )
        windows = self._windows(order)
        training = next((w for w in windows if w.kind is retraction.WindowKind.TRAINING), None)
        consumer = next((w for w in windows if w.kind is retraction.WindowKind.CONSUMER), None)
        on = order.signed_on
        if training is not None:
            on = add_days(training.last_day, 1)
        website = None
        if (
            consumer is not None
            and regime.website_deferral is not None
            and order.channel == Channel.WEBSITE
        ):
            website = add_days(consumer.last_day, 1)
        deferred_by_website = website is not None and website > on
        if website is not None and website > on:
            on = website

        def reasons() -> tuple[Citation, ...]:
            citations: list[Citation] = []
            if training is not None:
                citations.append(retraction.deposit_after_window(training.last_day))
            if website is not None and regime.website_deferral is not None:
                if deferred_by_website:
                    citations.insert(0, regime.cite(regime.website_deferral))
                else:
                    citations.append(regime.cite(regime.website_deferral))
            if not citations:
                args = {"total": order.total}
                citations.append(
                    _sentence(regime, regime.clauses.deposit, regime.deposit_at_signature, args)
                )
            return tuple(citations)

        if deferred_by_website and regime.website_deferral is not None:
            source = regime.source(regime.website_deferral.source)
        elif training is not None:
            source = retraction.DEPOSIT_AFTER_WINDOW
        elif website is not None and regime.website_deferral is not None:
            source = regime.source(regime.website_deferral.source)
        else:
            source = regime.clauses.deposit
        return Due.build(reasons, source, amount=order.deposit_amount, on=on)

    # --- §3.2 payment terms, §11 public buyers ---------------------------------------------

    def _prepays(self, order: Order) -> bool:
        """new-30 §3.2: a foreign client prepays, unless a natural person paying for their own
        training (Code du travail L6353-6: at most 30 % before the training)."""
        return (
            self.regime.foreign_prepayment_months is not None
            and order.client.is_foreign
            and not order.self_funded_natural_person
            and order.client.public_buyer is None
        )

    def _payment_due_on(self, order: Order) -> date:
        """The normal payment date, when no invoice receipt is known."""
        buyer = order.client.public_buyer
        if buyer is not None:
            return public.earliest_due_on(buyer, order.session.end)
        if self._prepays(order):
            return add_days(order.session.start, -1)
        return order.session.end

    def payment_due(
        self,
        order: Order,
        invoice_received_on: date | str | None = None,
        *,
        invoice_sent_on: date | str | None = None,
        interrupted_on: date | str | None = None,
        completed_on: date | str | None = None,
    ) -> Due:
        """RULEBOOK §7 (CGV §3.2 "payables [...] à la fin de la prestation, à leur réception"),
        §11 for a public buyer: ``max(receipt, session.end) + N days``; §20: a public buyer's
        period interrupted on ``interrupted_on`` and resumed on ``completed_on`` (R2192-29)."""
        self._check(order)
        invoice_received_on = _optional_date(invoice_received_on, "invoice_received_on")
        invoice_sent_on = _optional_date(invoice_sent_on, "invoice_sent_on")
        interrupted_on = _optional_date(interrupted_on, "interrupted_on")
        completed_on = _optional_date(completed_on, "completed_on")
        clause = self.regime.clauses.payment
        buyer = order.client.public_buyer
        caveats: tuple[Citation, ...] = ()
        if buyer is None and (interrupted_on is not None or completed_on is not None):
            caveats = (public.INTERRUPTION_IGNORED,)  # RULEBOOK §20: ignored, and said
        elif buyer is not None and interrupted_on is not None and completed_on is None:
            raise InvalidInputError(
                "interrupted_on without completed_on: the new period runs from the receipt of"
                " the missing pieces (Code de la commande publique R2192-29); give completed_on",
                field="completed_on",
                code="interruption_not_completed",
            )
        elif buyer is not None and completed_on is not None and interrupted_on is None:
            raise InvalidInputError(
                "completed_on without interrupted_on: give the day the buyer's interruption was"
                " received (R2192-27)",
                field="interrupted_on",
                code="completion_without_interruption",
            )
        if buyer is not None:
            deemed = invoice_received_on is None
            if invoice_received_on is None:
                if invoice_sent_on is None:
                    raise InvalidInputError(
                        "a public buyer's payment period runs from the receipt of the payment"
                        " request: give invoice_received_on, or invoice_sent_on (receipt is then"
                        " deemed two days later, Code de la commande publique R2192-14)",
                        field="invoice_received_on",
                        code="receipt_date_required",
                    )
                invoice_received_on = public.receipt_from_sending(invoice_sent_on)
            on = public.due_on(buyer, order.session.end, invoice_received_on)
            received = invoice_received_on
            source = public.period_article(buyer)
            interruption: tuple[Citation, ...] = ()
            if interrupted_on is not None and completed_on is not None:
                first_due = on
                on = public.interrupted_due_on(received, on, interrupted_on, completed_on)
                interruption = public.interruption_citations(
                    first_due, interrupted_on, completed_on, on
                )
                source = "Code de la commande publique R2192-29"
                period_due = first_due
            else:
                period_due = on

            def why() -> tuple[Citation, ...]:
                found = public.payment_citations(
                    buyer, order.session.end, received, period_due, deemed=deemed
                )
                return (*found, *interruption)

        elif self._prepays(order):
            on = self._payment_due_on(order)
            country = order.client.country
            source = self.regime.clauses.foreign_prepayment or clause

            def why() -> tuple[Citation, ...]:
                return (
                    cite(
                        source,
                        f"a client established outside France ({country}) pays in full before"
                        f" the start: by {on}",
                        f"un client établi hors de France ({country}) règle la totalité avant le"
                        f" démarrage : au plus tard le {fmt.day(on)}",
                    ),
                )

        else:
            on = order.session.end
            # RULEBOOK §7: payable on receipt; a recorded receipt wins, else the invoice cannot
            # have been received before it was sent (Code civil 1190).
            receipt = invoice_received_on if invoice_received_on is not None else invoice_sent_on
            if receipt is not None and receipt > on:
                on = receipt
            source = clause

            def why() -> tuple[Citation, ...]:
                return (
                    cite(
                        clause,
                        f"invoices are payable at the end of the training, on receipt: {on}",
                        "les factures sont payables à la fin de la prestation, à réception :"
                        f" {fmt.day(on)}",
                    ),
                )

        # Figures now; the balance behind them (and its sentences) only when the text is read.
        return Due.build(
            lambda: (*why(), *self.balance(order, on).citations),
            source,
            amount=client_outstanding(order, on),
            on=on,
            caveats=caveats,
        )

    def foreign_prepayment_check(self, order: Order) -> tuple[date, date] | None:
        """new-30 §3.2 "Si aucun règlement n'a été constaté dans un délai d'un mois, avant le
        début de la formation, LEXOM se réserve le droit d'annuler": (check date ``start − 1
        month``, first day LEXOM may cancel); None where the clause does not apply. A CPF order
        is paid through the platform, whose conditions govern (RULEBOOK §13): refused."""
        check_cgv_channel(order)
        months = self.regime.foreign_prepayment_months
        if months is None or not self._prepays(order):
            return None
        check = add_months(order.session.start, -months)
        return check, add_days(check, 1)

    def balance(self, order: Order, as_of: date | str) -> Balance:
        """RULEBOOK §8: the split between client and OPCO on ``as_of``; a CPF order is paid
        through the platform, whose conditions govern (§13, docs/decisions.md)."""
        check_cgv_channel(order)
        return split_balance(order, as_date(as_of, "as_of"), clause=self.regime.clauses.funding)
