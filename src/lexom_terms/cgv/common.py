"""The vocabulary the engine's parts share (moved out of :mod:`lexom_terms.cgv.engine`, which
re-exports its public names): argument checks, the settlement builder, the ladder's predicates and
amounts, the prose of a regime's sentences, the request of a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from .. import fmt
from ..calendar import add_days, as_date
from ..enums import (
    CgvVersion,
    Channel,
    FeeVat,
    Reason,
    SessionFormat,
    Status,
)
from ..errors import InvalidInputError, OutsideCgvError
from ..models import Notice, Order
from ..money import THIRTY_PERCENT, ZERO, percent_of, pro_rata
from ..results import (
    Citation,
    Due,
    Milestone,
    Reasons,
    Settlement,
    cite,
)
from ..statute import public_procurement as public
from ..statute import retraction
from ..statute.vat import OUTSIDE_SCOPE as _OUTSIDE_SCOPE
from .general import (
    amount_argument,
)
from .lines import ORDER_DEPOSIT
from .regime import Facts, ProviderCase, Regime, Template

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


def _optional_date(value: date | str | None, field: str) -> date | None:
    """RULEBOOK §0 "Input strictness": an optional date argument, read like the models' dates."""
    return None if value is None else as_date(value, field)
