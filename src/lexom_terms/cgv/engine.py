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

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from .. import fmt
from ..calendar import add_days, add_months, add_years, as_date
from ..enums import (
    CgvVersion,
    Channel,
    FeeVat,
    Initiator,
    Reason,
    SessionFormat,
    Status,
)
from ..errors import InvalidInputError, OutsideCgvError
from ..funding import balance as split_balance
from ..funding import client_outstanding, opco_deadline
from ..interest import late_interest as _late_interest
from ..models import InterestPolicy, Invoice, Notice, Order
from ..money import THIRTY_PERCENT, ZERO, percent_of, pro_rata
from ..rates import RateTable
from ..results import (
    Amount,
    Balance,
    Citation,
    Due,
    Evaluator,
    InterestClaim,
    Milestone,
    Reasons,
    RetractionWindow,
    Settlement,
    Timeline,
    cite,
)
from ..statute import public_procurement as public
from ..statute import retraction, training
from ..statute.civil import force_majeure_no_excuse
from ..statute.consumer import consumer_caveats, is_consumer
from ..statute.overlay import DELIVERED, Case, Kind, Overlay
from ..statute.vat import OUTSIDE_SCOPE as _OUTSIDE_SCOPE
from . import lines
from .general import (
    amount_argument,
    liability_cap_amount,
    non_solicitation_amount,
    quote_expires_on,
    resolution_opens_on,
)
from .lines import ORDER_DEPOSIT
from .precedence import applicable
from .regime import Facts, ProviderCase, Regime, Step, Template

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


_NoticeRule = Callable[[Notice], Settlement]
_DateRule = Callable[[date], Settlement]

#: API.md: boundaries are looked for up to 400 days after the session's end.
BOUNDARY_HORIZON = timedelta(days=400)


#: Settlement statuses that are a client's fee (RULEBOOK §12: ``outside_scope`` only there).
CLIENT_FEES = frozenset({Status.CANCELLED, Status.POSTPONED, Status.PENDING_RESCHEDULE})
#: LEXOM's own notices: from the start, the share delivered is owed (RULEBOOK §6).
PROVIDER_STATUSES = frozenset({Status.CANCELLED_BY_PROVIDER, Status.POSTPONED_BY_PROVIDER})
#: What a public buyer pays within its period from the notice (RULEBOOK §11): a client fee, or
#: the share of a training LEXOM interrupted.
PUBLIC_PERIOD = CLIENT_FEES | PROVIDER_STATUSES


# --- who the client is (RULEBOOK §0) -------------------------------------------------------------


#: RULEBOOK §10 (both versions): a non-professional legal person's forum.
FORUM_NON_PROFESSIONAL = cite(
    "Code de procédure civile 48",
    "toward a non-professional legal person the statutory rules of jurisdiction apply: a"
    " clause giving jurisdiction binds only parties who all contracted as traders"
    " (commerçants); the consumer mediator is for consumers only (Code de la consommation"
    " L612-1)",
    "envers une personne morale non professionnelle, les règles légales de compétence"
    " s'appliquent : une clause attributive de compétence ne lie que des parties ayant toutes"
    " contracté en qualité de commerçant ; le médiateur de la consommation est réservé aux"
    " consommateurs (Code de la consommation L612-1)",
)


def check_cgv_channel(order: Order) -> None:
    """RULEBOOK §13: a Mon Compte Formation order is governed by the platform, not the CGV."""
    if order.channel == Channel.CPF:
        raise OutsideCgvError(
            "order.channel is 'cpf': an order placed and paid through Mon Compte Formation (CPF)"
            " is governed by the platform's general conditions (conditions générales"
            " d'utilisation de Mon Compte Formation), not by LEXOM's CGV; its withdrawal,"
            " cancellation, postponement and payment terms are the platform's",
            field="order.channel",
            code="outside_cgv",
        )


# --- argument checks ---------------------------------------------------------------------------


def check_notice(order: Order, notice: Notice) -> None:
    """RULEBOOK §4: a notice dated before the signature is an input error."""
    if notice.received_on < order.signed_on:
        raise InvalidInputError(
            f"notice.received_on {notice.received_on} is before order.signed_on"
            f" {order.signed_on}: a notice must be received on or after the signature",
            field="notice.received_on",
            code="notice_before_signature",
        )
    if notice.sent_on is not None and notice.sent_on < order.signed_on:
        raise InvalidInputError(
            f"notice.sent_on {notice.sent_on} is before order.signed_on {order.signed_on}:"
            " a notice must be sent on or after the signature",
            field="notice.sent_on",
            code="notice_before_signature",
        )


def check_new_start(notice: Notice, new_start: date | None) -> None:
    if new_start is not None and new_start <= notice.received_on:
        raise InvalidInputError(
            f"new_start {new_start} is on or before the request's received_on"
            f" {notice.received_on}: give a new start date after the request",
            field="new_start",
            code="new_start_not_after_request",
        )


def money_argument(value: object, name: str, order: Order) -> Decimal:
    """A caller-supplied policy amount owed under a rule: to the cent, at most the total."""
    if value is ZERO:  # the default
        return ZERO
    return amount_argument(
        value, name, at_most=order.total, limit="the order's total", to_the_cent=True
    )


def fee_vat_argument(value: object) -> FeeVat:
    """The VAT policy for fees (RULEBOOK §12): a ``FeeVat`` or its string value."""
    if value is FeeVat.AS_SERVICE or value is FeeVat.OUTSIDE_SCOPE:
        return value
    for member in FeeVat:
        if value == member.value:  # a FeeVat is its own value (StrEnum)
            return member
    raise InvalidInputError(
        f"fee_vat must be one of {', '.join(repr(v.value) for v in FeeVat)}, got {value!r}",
        field="fee_vat",
        code="invalid_fee_vat",
    )


def moved(notice: Notice, received_on: date) -> Notice:
    """The same notice received on another day; its sending date moves with it."""
    shift = received_on - notice.received_on
    sent = None if notice.sent_on is None else notice.sent_on + shift
    return notice.model_copy(update={"received_on": received_on, "sent_on": sent})


# --- settlements -----------------------------------------------------------------------------


def settle(
    order: Order,
    notice: Notice,
    status: Status,
    owed: Decimal,
    prose: Reasons,
    *,
    decided_by: str,
    fee_vat: FeeVat,
    cgv: CgvVersion,
    due_on: date | None,
    refund_due_on: date | None = None,
    escalates_on: date | None = None,
    owed_after_escalation: Decimal | None = None,
    new_session_owed: Decimal | None = None,
) -> Settlement:
    """A settlement; what is owed is split into its price before VAT and its VAT (§12) by the
    result itself, from ``owed``, the order's VAT rate and ``fee_vat``, when first read.
    ``prose`` builds its (citations, caveats) when they are first read."""
    due_on, prose = adjusted(order, notice, status, owed, prose, due_on, fee_vat)
    return Settlement.build(
        cgv=cgv,
        status=status,
        owed=owed,
        paid=order.paid,
        due_on=due_on,
        citations=(),
        reasons=partial(_each_source_once, prose),
        # RULEBOOK §6, §19: a refund outside the consumer window is due at once, on the notice's
        # receipt (restitution, Code civil 1229, 1352-6); a withdrawal gives its own date.
        refund_due_on=notice.received_on if refund_due_on is None else refund_due_on,
        escalates_on=escalates_on,
        owed_after_escalation=owed_after_escalation,
        new_session_owed=new_session_owed,
        received_on=notice.received_on,
        decided_by=decided_by,
        fee_vat=fee_vat,
        vat_rate=order.vat_rate,
    )


def unique_sources(citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """Each source cited once (issue 21 item 10): the sentences of a source cited again join its
    first citation, in order, so nothing said is lost and no source appears twice."""
    seen: dict[str, int] = {}
    found: list[Citation] = []
    for citation in citations:
        at = seen.get(citation.source)
        if at is None:
            seen[citation.source] = len(found)
            found.append(citation)
            continue
        first = found[at]
        if citation.text in first.text.split("; "):
            continue  # the very same sentence
        found[at] = cite(
            first.source,
            f"{first.text}; {citation.text}",
            f"{first.text_fr} ; {citation.text_fr}" if first.text_fr else citation.text_fr,
        )
    return tuple(found) if len(found) < len(citations) else citations


def _each_source_once(prose: Reasons) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    citations, caveats = prose()
    return unique_sources(citations), unique_sources(caveats)


class Outcome(NamedTuple):
    """What a rule decides for a notice, before it is a :class:`Settlement` (one small record
    instead of a dozen positional arguments): ``settle`` adds the public buyer's period (§11)
    and the VAT reading (§12)."""

    status: Status
    owed: Decimal
    reasons: Reasons
    decided_by: str
    due_on: date | None
    refund_due_on: date | None = None
    escalates_on: date | None = None
    owed_after_escalation: Decimal | None = None
    new_session_owed: Decimal | None = None


def adjusted(
    order: Order,
    notice: Notice,
    status: Status,
    owed: Decimal,
    prose: Reasons,
    due_on: date | None,
    fee_vat: FeeVat,
) -> tuple[date | None, Reasons]:
    """The due date and prose of a decision once the statutes over every version have acted on
    it: a public buyer's payment period (RULEBOOK §11) and a fee read outside the scope of VAT
    (§12)."""
    buyer = order.client.public_buyer
    if buyer is not None and owed > 0 and due_on == notice.received_on and status in PUBLIC_PERIOD:
        # RULEBOOK §11: the public payment period governs every sum a public buyer pays; a fee
        # "due on receipt" of the notice, or the share of a training LEXOM interrupted, is
        # payable at the earliest N days after it.
        due_on = public.fee_due_on(buyer, notice.received_on)
        plain, earliest = prose, due_on
        share = status in PROVIDER_STATUSES

        def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
            citations, caveats = plain()
            why = public.fee_citation(buyer, notice.received_on, earliest, share=share)
            return (*citations, why), caveats

    if buyer is not None:
        # RULEBOOK §20: the public contract's own terms may set the CGV's fees aside.
        framed = prose

        def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
            citations, caveats = framed()
            return citations, (*caveats, public.CONTRACT_TERMS_CAVEAT)

    # RULEBOOK §12: at VAT rate 0 there is no VAT to credit, so no caveat (the figures are the
    # same under both policies; the text says "Hors champ de la TVA (indemnité)").
    if fee_vat is FeeVat.OUTSIDE_SCOPE and status in CLIENT_FEES and owed > 0 and order.vat_rate:
        inner = prose

        def prose() -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
            citations, caveats = inner()
            return citations, (*caveats, _OUTSIDE_SCOPE)

    return due_on, prose


def fixed(citations: tuple[Citation, ...], caveats: tuple[Citation, ...] = ()) -> Reasons:
    """Prose already built (a withdrawal's, a not-receivable notice's)."""
    return lambda: (citations, caveats)


def delivered_share(order: Order, before: date) -> tuple[int, int, Decimal]:
    """(days delivered strictly before ``before``, training days, their share of the total)."""
    delivered = retraction.delivered_days(order, before)
    days = len(order.session.days)
    return delivered, days, pro_rata(order.total, delivered, days)


def _provider_citations(
    regime: Regime, cases: tuple[ProviderCase, ...], reason: Reason
) -> tuple[Citation, ...]:
    for case in cases:
        if not case.reasons or reason in case.reasons:
            return tuple(regime.cite(c) for c in case.citations)
    raise AssertionError("a provider table ends with a case for any reason")  # pragma: no cover


# --- step conditions and amounts (shared by every regime's ladders) --------------------------


def intra_trainee_absence(f: Facts) -> bool:
    """INTRA session, and the reason given is the absence of trainees."""
    return (
        f.order.session.format == SessionFormat.INTRA and f.notice.reason == Reason.TRAINEE_ABSENCE
    )


def started(f: Facts) -> bool:
    """Received on the start day or later."""
    return f.days <= 0


def deposit_unpaid(f: Facts) -> bool:
    """The client's payments received by the notice do not reach the deposit. Never for a
    public buyer, from whom no deposit was ever due (RULEBOOK §11)."""
    order = f.order
    if order.client.public_buyer is not None:
        return False
    received = f.notice.received_on
    paid = sum([p.amount for p in order.payments if p.on <= received], ZERO)
    # A line of an order (RULEBOOK §14) is tested against the order's deposit, not its own.
    deposit: Decimal = order.derived.get(ORDER_DEPOSIT, f.deposit) if order.derived else f.deposit
    return paid < deposit


def at_least_threshold(f: Facts) -> bool:
    """At least the regime's threshold before the start (exactly the threshold included)."""
    return f.days >= f.regime.cancellation_days


def below_threshold(f: Facts) -> bool:
    return f.days < f.regime.cancellation_days


def no_new_date_past_horizon(f: Facts) -> bool:
    """No new date, and the horizon had already passed when the request was received: no date
    within it can be set any more (RULEBOOK §5 legacy step 5)."""
    return f.new_start is None and f.horizon is not None and f.notice.received_on > f.horizon


def no_new_date(f: Facts) -> bool:
    return f.new_start is None


def within_horizon(f: Facts) -> bool:
    return f.new_start is not None and f.horizon is not None and f.new_start <= f.horizon


def always(f: Facts) -> bool:
    return True


def the_total(f: Facts) -> Decimal:
    return f.total


def the_deposit(f: Facts) -> Decimal:
    return f.deposit


def reduced_share_of_total(f: Facts) -> Decimal:
    """The regime's reduced-fee share of the total (new-30 §3.6: 30 %)."""
    return percent_of(f.total, f.regime.reduced_fee_rate)


#: Before 0.3: the name of :func:`reduced_share_of_total` when every regime's share was 30 %.
thirty_percent_of_total = reduced_share_of_total


def the_proposal_cost(f: Facts) -> Decimal:
    return f.proposal_cost


def nothing(f: Facts) -> Decimal:
    return ZERO


class Share(NamedTuple):
    """A named rate of a regime in a sentence: ``30 %`` (French ``30\u00a0%``)."""

    fraction: Decimal

    def __format__(self, spec: str) -> str:
        return fmt.rate(self.fraction, "en")


class Count(NamedTuple):
    """A small count of a regime in a sentence, in words: ``six`` (months)."""

    value: int

    def __format__(self, spec: str) -> str:
        return fmt.words(self.value, "en")


def regime_values(regime: Regime) -> dict[str, object]:
    """The regime's named values every template may format: ``{percent}``,
    ``{deposit_percent}``, ``{threshold}``, ``{months}``."""
    months = regime.postponement_horizon_months
    return {
        "percent": Share(regime.reduced_fee_rate),
        "deposit_percent": Share(THIRTY_PERCENT),
        "threshold": regime.cancellation_days,
        "months": None if months is None else Count(months),
    }


def _args(f: Facts, owed: Decimal) -> dict[str, object]:
    received = f.notice.received_on
    return {
        **regime_values(f.regime),
        "received": received,
        "days": f.days,
        "total": f.total,
        "deposit": f.deposit,
        "owed": owed,
        "start": f.order.session.start,
        "threshold": f.regime.cancellation_days,
        "paid": f.order.paid_by(received),
        "horizon": f.horizon,
        "escalates": None if f.horizon is None else add_days(f.horizon, 1),
        "new_start": f.new_start,
        "proposal_cost": f.proposal_cost,
    }


def _french(value: object) -> object:
    """A value as French writes it, formatted where it is produced (never by rewriting the
    finished sentence): ``1 800,00 €``, ``16 mars 2026``."""
    if isinstance(value, Decimal):
        return fmt.money(value)
    if isinstance(value, date):
        return fmt.day(value)
    if isinstance(value, Share):
        return fmt.rate(value.fraction, "fr")
    if isinstance(value, Count):
        return fmt.words(value.value, "fr")
    return value


def _sentence(
    regime: Regime, clause: str, template: Template, args: Mapping[str, object]
) -> Citation:
    """``template`` filled with ``args`` and the regime's named values, citing ``clause`` with
    the regime's name."""
    if "percent" not in args:
        args = {**regime_values(regime), **args}
    french = {key: _french(value) for key, value in args.items()}
    return cite(regime.source(clause), template.en.format(**args), template.fr.format(**french))


class Request(NamedTuple):
    """One call's arguments that the boundaries keep fixed."""

    proposal_cost: Decimal
    new_start: date | None
    waive_fee: bool
    fee_vat: FeeVat


_DEFAULT_REQUEST = Request(ZERO, None, False, FeeVat.AS_SERVICE)


def _due_milestone(due: Due, labels: tuple[str, str]) -> Milestone:
    """A dated amount on the timeline, with the clause that decided it."""
    return Milestone(
        on=due.on,
        label=f"{labels[0]} ({due.amount})",
        label_fr=f"{labels[1]} ({fmt.money(due.amount)})",
        source=due.deciding_source,
    )


class Rules:
    """The engine bound to one regime: every function of a CGV version module."""

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
                last, due = training.last_day, add_days(training.last_day, 1)
                citations.append(
                    cite(
                        "Code du travail L6353-6",
                        f"a natural person paying for their own training owes nothing before the"
                        f" 10-day withdrawal window closes on {last}; the deposit, at most 30 %,"
                        f" is due on {due}",
                        f"une personne physique qui finance elle-même sa formation ne doit rien"
                        f" avant la fin du délai de rétractation de 10 jours le {fmt.day(last)} ;"
                        f" l'acompte, 30\u00a0% au plus, est dû le {fmt.day(due)}",
                    )
                )
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
            source = "Code du travail L6353-6"
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

    # --- §4 cancellation -------------------------------------------------------------------

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

    # --- boundaries --------------------------------------------------------------------------

    def _receipt_evaluator(
        self,
        order: Order,
        notice: Notice,
        rule: _NoticeRule,
        *,
        postponement: bool = False,
        new_start: date | None = None,
    ) -> Evaluator:
        """Boundaries over the notice's date: the same rule, the notice moved."""

        def evaluate(day: date) -> Settlement | None:
            try:
                return rule(moved(notice, day))
            except InvalidInputError:
                return None

        def breaks() -> tuple[date, ...]:
            return self._receipt_breaks(order, notice, postponement, new_start)

        return Evaluator(
            "received_on",
            notice.received_on,
            order.signed_on,
            order.session.end + BOUNDARY_HORIZON,
            evaluate,
            breaks,
        )

    def _receipt_breaks(
        self, order: Order, notice: Notice, postponement: bool, new_start: date | None
    ) -> tuple[date, ...]:
        """Every receipt date on which an input of the rule changes: the answer for a notice
        received that day may differ from the day before's, and nowhere else. The sending date
        moves with the receipt (``moved``), ``lag`` days before it."""
        one = timedelta(days=1)
        lag = notice.received_on - notice.sent
        start = order.session.start
        found = {start, order.signed_on + lag}  # started; a sending date before the signature
        for days in (self.regime.cancellation_days, *self.regime.day_thresholds):
            found.add(start - timedelta(days=days) + one)  # "days before the start" thresholds
        for window in self._windows(order):
            found.add(window.last_day + one + lag)  # sent after the window's last day
        if self._reads_delivered_days(order, notice, postponement):
            for day in order.session.days:
                found.add(day + one + lag)  # one more training day delivered before the sending
        for payment in order.payments:
            found.add(payment.on)  # the deposit reached (legacy §2.2)
        months = self.regime.postponement_horizon_months
        if postponement and months is not None:
            found.add(add_months(order.signed_on, months) + one)  # received after the horizon
        if new_start is not None:
            found.add(new_start)  # a request on or after its new start date is refused
        return tuple(sorted(found))

    def _reads_delivered_days(self, order: Order, notice: Notice, postponement: bool) -> bool:
        """Whether the answer to this notice, moved to any date, may depend on the training days
        delivered before it was sent: LEXOM's own notice (Code du travail L6354-1), or an overlay
        that reads them (its declared ``reads``) and may apply to this order and notice. A
        company's notice meets none: every training day of a long session is then no break date
        (``may_apply`` reads no date of the notice, so it holds for every moved notice)."""
        if notice.by == Initiator.PROVIDER:
            return True
        as_cancellation = not postponement or self.regime.postponement is None
        kind = Kind.CANCELLATION if as_cancellation else Kind.POSTPONEMENT
        windows = self._windows(order)
        return any(
            DELIVERED in overlay.reads and overlay.may_apply(order, notice, windows)
            for overlay in applicable(kind)
        )

    def _new_start_evaluator(
        self, order: Order, notice: Notice, new_start: date, rule: _DateRule
    ) -> Evaluator:
        def evaluate(day: date) -> Settlement | None:
            try:
                return rule(day)
            except InvalidInputError:
                return None

        horizon = self.regime.postponement_horizon_months
        one = timedelta(days=1)

        def breaks() -> tuple[date, ...]:
            # legacy §3.6: the only input that moves is the new start against the horizon
            if horizon is None:
                return ()
            return (add_months(order.signed_on, horizon) + one,)

        return Evaluator(
            "new_start",
            new_start,
            add_days(notice.received_on, 1),
            order.session.end + BOUNDARY_HORIZON,
            evaluate,
            breaks,
        )

    # --- timeline and small clauses ----------------------------------------------------------

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


def _optional_date(value: date | str | None, field: str) -> date | None:
    """RULEBOOK §0 "Input strictness": an optional date argument, read like the models' dates."""
    return None if value is None else as_date(value, field)


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
