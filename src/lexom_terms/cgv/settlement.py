"""The settlement of a notice, part of :class:`lexom_terms.cgv.engine.Rules`: cancellation
(RULEBOOK §4, §6) and postponement (§5), the statutes' overlays in their order, then the
regime's ladder of steps, first match.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from ..calendar import add_days
from ..enums import (
    FeeVat,
    Initiator,
    Reason,
    Status,
)
from ..models import Notice, Order
from ..money import ZERO
from ..results import (
    Citation,
    Evaluator,
    Settlement,
)
from ..statute import training
from ..statute.civil import force_majeure_no_excuse
from ..statute.consumer import consumer_caveats
from ..statute.overlay import Case, Kind
from ..statute.vat import OUTSIDE_SCOPE as _OUTSIDE_SCOPE
from . import lines
from .breaks import Breaks
from .common import (
    _DEFAULT_REQUEST,
    Outcome,
    Request,
    _args,
    _optional_date,
    _provider_citations,
    _sentence,
    adjusted,
    check_cgv_channel,
    check_new_start,
    check_notice,
    delivered_share,
    fee_vat_argument,
    fixed,
    money_argument,
    settle,
)
from .precedence import applicable
from .regime import Facts, Step


class Settling(Breaks):
    """Cancellation and postponement: overlays, then the ladder."""

    __slots__ = ()

    def cancel(
        self,
        order: Order,
        notice: Notice,
        *,
        proposal_cost: Decimal = ZERO,
        fee_vat: FeeVat = FeeVat.AS_SERVICE,
    ) -> Settlement:
        """The consequence of a cancellation notice, client or provider (RULEBOOK §4, §6)."""
        self._check(order)
        if proposal_cost is ZERO and fee_vat is FeeVat.AS_SERVICE:
            request = _DEFAULT_REQUEST  # the usual call: nothing to check
        else:
            request = Request(
                money_argument(proposal_cost, "proposal_cost", order),
                None,
                False,
                fee_vat_argument(fee_vat),
            )
        check_notice(order, notice)
        if order.lines or notice.lines:
            return self._lines(order, notice, request, postponement=False)
        settlement = self._cancel(order, notice, request)
        return settlement.with_rule(partial(self._cancel_evaluators, order, notice, request))

    def _lines(
        self, order: Order, notice: Notice, request: Request, *, postponement: bool
    ) -> Settlement:
        """RULEBOOK §14: each named line settled by this engine on a view of the order."""
        settled = lines.settle(self, order, notice, request, postponement=postponement)
        if not order.lines:
            rule = (
                partial(self._cancel_evaluators, order, notice, request)
                if not postponement
                else None
            )
            if rule is not None:
                settled = settled.with_rule(rule)
        return settled

    def cancel_as_if_governed(
        self, order: Order, notice: Notice, request: Request | None = None
    ) -> Settlement:
        """``cancel`` for an order read under this regime whatever its ``cgv`` says: what
        ``compare_regimes`` asks ("the same facts under each version") without copying the
        order. Arguments already checked."""
        if request is None:
            check_cgv_channel(order)
            request = _DEFAULT_REQUEST
        check_notice(order, notice)
        if order.lines or notice.lines:
            return self._lines(order, notice, request, postponement=False)
        settlement = self._cancel(order, notice, request)
        # The rule is kept as its arguments; its evaluators are built on first read.
        return settlement.with_rule(partial(self._cancel_evaluators, order, notice, request))

    def _cancel_evaluators(
        self, order: Order, notice: Notice, request: Request
    ) -> tuple[Evaluator, ...]:
        # The rule checks its notice: the request's, and each moved one the boundaries try.
        def rule(at: Notice) -> Settlement:
            check_notice(order, at)
            return self._cancel(order, at, request)

        return (self._receipt_evaluator(order, notice, rule),)

    def _facts(
        self, order: Order, notice: Notice, request: Request, *, postponement: bool = False
    ) -> Facts:
        # The horizon only matters to a postponement (legacy §3.6): no month arithmetic else.
        months = self.regime.postponement_horizon_months if postponement else None
        # positional, in Facts' order: a NamedTuple builds fastest so (hot path)
        return Facts(
            self.regime,
            order,
            notice,
            (order.session.start - notice.received_on).days,  # days before the start (§0)
            order.total,
            order.deposit_amount,
            request.proposal_cost,
            request.new_start,
            None if months is None else self._horizon(order, months),
        )

    def _cancel(self, order: Order, notice: Notice, request: Request) -> Settlement:
        regime = self.regime
        if notice.by == Initiator.PROVIDER:
            clauses = _provider_citations(regime, regime.provider_cancellation, notice.reason)
            return self._provider(order, notice, clauses, request, postponement=False)
        return self._settled(order, notice, self._client_cancel(order, notice, request), request)

    def _client_cancel(self, order: Order, notice: Notice, request: Request) -> Outcome:
        """A client's cancellation: the overlays, in their declared precedence
        (cgv/precedence.py), then the version's ladder."""
        overlay = self._overlay_outcome(order, notice, Kind.CANCELLATION)
        if overlay is not None:
            return overlay
        regime = self.regime
        extra: tuple[Citation, ...] = ()
        if notice.reason == Reason.FORCE_MAJEURE:
            extra = force_majeure_no_excuse(notice, regime.source(regime.force_majeure_fee_clause))
        return self._step(regime.cancellation, self._facts(order, notice, request), extra)

    def _settled(
        self, order: Order, notice: Notice, outcome: Outcome, request: Request
    ) -> Settlement:
        """An outcome as this version's settlement."""
        return settle(
            order,
            notice,
            outcome.status,
            outcome.owed,
            outcome.reasons,
            decided_by=outcome.decided_by,
            fee_vat=request.fee_vat,
            cgv=self.regime.cgv,
            due_on=outcome.due_on,
            refund_due_on=outcome.refund_due_on,
            escalates_on=outcome.escalates_on,
            owed_after_escalation=outcome.owed_after_escalation,
            new_session_owed=outcome.new_session_owed,
        )

    def _ladder(
        self,
        steps: tuple[Step, ...],
        f: Facts,
        extra: tuple[Citation, ...],
        request: Request,
    ) -> Settlement:
        """First match, in the RULEBOOK's order, as a settlement."""
        return self._settled(f.order, f.notice, self._step(steps, f, extra), request)

    def _step(self, steps: tuple[Step, ...], f: Facts, extra: tuple[Citation, ...]) -> Outcome:
        """First match, in the RULEBOOK's order."""
        order, notice = f.order, f.notice
        for step in steps:
            if not step.when(f):
                continue
            owed = step.owed(f)
            # The reason record: the step and its facts; the sentences are written on first read.
            escalates = add_days(f.horizon, 1) if step.escalates and f.horizon else None
            return Outcome(
                step.status,
                owed,
                partial(self._step_prose, step, f, extra, owed),
                self.regime.source(step.clause),
                notice.received_on if step.due == "receipt" else self._payment_due_on(order),
                None,
                escalates,
                f.total if escalates is not None else None,
                None if step.new_session is None else step.new_session(f),
            )
        raise AssertionError("a ladder ends with an unconditional step")  # pragma: no cover

    def _step_prose(
        self, step: Step, f: Facts, extra: tuple[Citation, ...], owed: Decimal
    ) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
        """A ladder step's (citations, caveats), from its reason record."""
        public = f.order.client.public_buyer is not None and step.why_public is not None
        template = step.why_public if public and step.why_public is not None else step.why
        regime = self.regime
        why = _sentence(regime, step.clause, template, _args(f, owed))
        notes = tuple(regime.cite(note) for note in step.notes)
        if not step.fee:
            return (why, *notes), ()
        order = f.order
        opco = (regime.cite(regime.opco_note),) if order.funding is not None and owed > 0 else ()
        return (why, *notes, *extra, *opco), consumer_caveats(order, owed)

    def _overlay(
        self, order: Order, notice: Notice, request: Request, kind: Kind
    ) -> Settlement | None:
        """The overlays of a client notice, in their declared precedence
        (:mod:`lexom_terms.cgv.precedence`); the first that decides wins. None when none does.
        The fast path is each declaration's ``may_apply``: a company's written notice meets
        none of the shipped ones, and a new declaration is asked with nothing else written."""
        found = self._overlay_outcome(order, notice, kind)
        return None if found is None else self._settled(order, notice, found, request)

    def _overlay_outcome(self, order: Order, notice: Notice, kind: Kind) -> Outcome | None:
        windows = self._windows(order)
        for overlay in applicable(kind):
            if overlay.may_apply(order, notice, windows):
                decision = overlay.decide(Case(self.regime, order, notice, windows, kind))
                if decision is not None:
                    return Outcome(
                        decision.status,
                        decision.owed,
                        decision.reasons,
                        decision.decided_by,
                        notice.received_on
                        if decision.due == "receipt"
                        else self._payment_due_on(order),
                        decision.refund_due_on,
                        new_session_owed=decision.new_session_owed,
                    )
        return None

    def _not_receivable(
        self, order: Order, notice: Notice, clause: Citation, request: Request
    ) -> Settlement:
        """RULEBOOK §4: an oral notice is not receivable; the order stands, total on schedule."""
        due_on = self._payment_due_on(order)
        outcome = Outcome(
            Status.NOT_RECEIVABLE, order.total, fixed((clause,)), clause.source, due_on
        )
        return self._settled(order, notice, outcome, request)

    def _provider(
        self,
        order: Order,
        notice: Notice,
        clauses: tuple[Citation, ...],
        request: Request,
        *,
        postponement: bool,
    ) -> Settlement:
        """RULEBOOK §6: before the start nothing is owed and every payment is refunded (or, for
        a postponement, credited); from the start, the days delivered are owed pro rata."""
        if notice.received_on >= order.session.start:
            delivered, days, owed = delivered_share(order, notice.sent)
            decided_by = training.INTERRUPTION
            received = notice.received_on

            def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
                return (*clauses, *training.interrupted(received, delivered, days, owed)), ()

        else:
            owed = ZERO
            prose = fixed(clauses)
            decided_by = clauses[0].source
        status = Status.POSTPONED_BY_PROVIDER if postponement else Status.CANCELLED_BY_PROVIDER
        new_session = order.total - owed if postponement else None
        outcome = Outcome(
            status, owed, prose, decided_by, notice.received_on, new_session_owed=new_session
        )
        return self._settled(order, notice, outcome, request)

    # --- §5 postponement -------------------------------------------------------------------

    def postpone(
        self,
        order: Order,
        notice: Notice,
        new_start: date | str | None = None,
        *,
        waive_fee: bool = False,
        proposal_cost: Decimal = ZERO,
        fee_vat: FeeVat = FeeVat.AS_SERVICE,
    ) -> Settlement:
        """The consequence of a postponement request (RULEBOOK §5, §6); ``proposal_cost`` is
        what a legacy request owes when the deposit was never paid (§5 legacy step 3)."""
        self._check(order)
        if (
            new_start is None
            and waive_fee is False
            and fee_vat is FeeVat.AS_SERVICE
            and proposal_cost is ZERO
        ):
            request = _DEFAULT_REQUEST  # the usual call: nothing to check
        else:
            new_start = _optional_date(new_start, "new_start")
            request = Request(
                money_argument(proposal_cost, "proposal_cost", order),
                new_start,
                bool(waive_fee),
                fee_vat_argument(fee_vat),
            )
        return self.postpone_as_if_governed(order, notice, request)

    def postpone_as_if_governed(self, order: Order, notice: Notice, request: Request) -> Settlement:
        """``postpone`` for an order read under this regime whatever its ``cgv`` says."""
        check_notice(order, notice)
        check_new_start(notice, request.new_start)
        if order.lines or notice.lines:
            return self._lines(order, notice, request, postponement=True)
        settlement = self._postpone(order, notice, request)
        # The rule is kept as its arguments; its evaluators are built on first read.
        return settlement.with_rule(partial(self._postpone_evaluators, order, notice, request))

    def _postpone_evaluators(
        self, order: Order, notice: Notice, request: Request
    ) -> tuple[Evaluator, ...]:
        new_start = request.new_start

        # The rule checks its notice: the request's, and each moved one the boundaries try.
        def by_receipt(at: Notice) -> Settlement:
            check_notice(order, at)
            check_new_start(at, new_start)
            return self._postpone(order, at, request)

        def by_new_start(day: date) -> Settlement:
            check_new_start(notice, day)
            return self._postpone(order, notice, request._replace(new_start=day))

        found = [
            self._receipt_evaluator(
                order, notice, by_receipt, postponement=True, new_start=new_start
            )
        ]
        if (
            self.regime.postponement is not None
            and new_start is not None
            and notice.by != Initiator.PROVIDER
        ):
            found.append(self._new_start_evaluator(order, notice, new_start, by_new_start))
        return tuple(found)

    def _postpone(self, order: Order, notice: Notice, request: Request) -> Settlement:
        regime = self.regime
        if notice.by == Initiator.PROVIDER:
            clauses = _provider_citations(regime, regime.provider_postponement, notice.reason)
            return self._provider(order, notice, clauses, request, postponement=True)
        if regime.postponement is None:
            return self._postpone_as_cancellation(order, notice, request)
        overlay = self._overlay(order, notice, request, Kind.POSTPONEMENT)
        if overlay is None:
            facts = self._facts(order, notice, request, postponement=True)
            fm: tuple[Citation, ...] = ()
            if notice.reason == Reason.FORCE_MAJEURE and regime.postponement_force_majeure:
                fm = (regime.cite(regime.postponement_force_majeure),)
            overlay = self._ladder(regime.postponement, facts, fm, request)
        return self._waived(order, notice, overlay, request)

    def _waived(
        self, order: Order, notice: Notice, result: Settlement, request: Request
    ) -> Settlement:
        """RULEBOOK §5: LEXOM may always waive a postponement fee it accepts."""
        if not request.waive_fee or result.status not in (
            Status.POSTPONED,
            Status.PENDING_RESCHEDULE,
        ):
            return result
        regime = self.regime
        clause = regime.waiver_clause
        outcome = Outcome(
            Status.POSTPONED,
            ZERO,
            lambda: ((_sentence(regime, clause, regime.waiver, {"owed": result.owed}),), ()),
            regime.source(clause),
            None,
            new_session_owed=order.total,
        )
        return self._settled(order, notice, outcome, request)

    def _postpone_as_cancellation(
        self, order: Order, notice: Notice, request: Request
    ) -> Settlement:
        """new-30 §3.6 "les frais appliqués ne pourront excéder ceux prévus en cas d'annulation
        à la même date": the cancellation a notice of that date would cost, retraction
        included; LEXOM may waive it."""
        regime = self.regime
        # one settlement per call: the cancellation of the same date is an outcome, not a result
        cancellation = self._client_cancel(order, notice, request)
        if cancellation.status == Status.NOT_RECEIVABLE:
            written = regime.cite(regime.written_postponement)
            return self._not_receivable(order, notice, written, request)
        if request.waive_fee:
            clause = regime.waiver_clause
            owed = ZERO

            def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
                return (_sentence(regime, clause, regime.waiver, {"owed": cancellation.owed}),), ()

            decided_by = regime.source(clause)
        else:
            template, fee_clause = regime.postponement_fee, regime.postponement_fee_clause
            assert template is not None and fee_clause is not None, "a regime without a ladder"
            owed = cancellation.owed

            def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
                why = _sentence(regime, fee_clause, template, {"owed": owed})
                # the cancellation's prose as its settlement would have written it
                _, cancelled = adjusted(
                    order,
                    notice,
                    cancellation.status,
                    owed,
                    cancellation.reasons,
                    cancellation.due_on,
                    request.fee_vat,
                )
                citations, caveats = cancelled()
                caveats = tuple(c for c in caveats if c is not _OUTSIDE_SCOPE)
                return (why, *citations), caveats

            decided_by = cancellation.decided_by
        # The fee is the cost of moving the session; a fee of the whole price pays for the
        # training itself, which is then still owed to the client at its new date.
        new_session = order.total if owed < order.total else ZERO
        outcome = Outcome(
            Status.POSTPONED,
            owed,
            prose,
            decided_by,
            notice.received_on,
            new_session_owed=new_session,
        )
        return self._settled(order, notice, outcome, request)
