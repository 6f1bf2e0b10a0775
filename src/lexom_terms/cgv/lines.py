"""Orders with several lines (RULEBOOK §14), evaluated by the one engine.

There is no second settlement path: each line a notice names is settled by the engine's own
steps (:meth:`Rules._cancel`, :meth:`Rules._postpone`) on a *view* of the order — the same
client, signature, channel, funding, payments and notice, the line's session and the line's
total — "as if it were an order of its own". This module only chooses the lines, builds the
views, spreads a fee computed on the sum of lines decided alike, and adds the lines' figures up
into one :class:`~lexom_terms.results.Settlement`.

What stays the order's: the withdrawal windows (a withdrawal ends the whole contract, so it
settles every standing line), L6353-7 force majeure, and the legacy deposit test (the client's
payments against the *order's* deposit: the view carries it, ``ORDER_DEPOSIT``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import fmt
from ..enums import SessionFormat, Status
from ..errors import InvalidInputError
from ..explain import status_label
from ..models import Notice, Order, Session
from ..money import ZERO, round_cents, thirty_percent
from ..results import Citation, Evaluator, Settlement, cite, trusted

if TYPE_CHECKING:
    from .engine import Request, Rules

__all__ = [
    "ORDER_DEPOSIT",
    "LineOutcome",
    "combine",
    "evaluate",
    "line_view",
    "named_lines",
    "settle",
    "spread",
]

#: The memo key under which a line's view carries the order's deposit (legacy §2.2 test).
ORDER_DEPOSIT = "lines/order_deposit"
_VIEWS = "lines/views"
_CLASSES = "lines/classes"
_INDEX = "lines/index"

#: Statuses that move the session: the surplus is credited, never refunded (API.md).
_MOVES = frozenset({Status.POSTPONED, Status.PENDING_RESCHEDULE, Status.POSTPONED_BY_PROVIDER})


class LineOutcome(NamedTuple):
    """One line settled by the engine on its view, and what it owes after the spread."""

    line: str
    total: Decimal
    """The line's total (TTC), as its view carries it."""
    settlement: Settlement
    """The engine's settlement of the line's view (its figures before the spread)."""
    owed: Decimal


# --- views -------------------------------------------------------------------------------------


def line_view(order: Order, line: str, session: Session | None = None) -> Order:
    """The order as one line of it (RULEBOOK §14): its own session (``session``, else the
    line's, else the order's), its own total, the order's everything else. Memoised on the
    order. An order without lines is its own view of line ``"1"``."""
    if not order.lines and session is None:
        return order
    views: dict[tuple[str, Session | None], Order] = order.derived.setdefault(_VIEWS, {})
    key = (line, session)
    found = views.get(key)
    if found is not None:
        return found
    own = next((x for x in order.lines if x.id == line), None)
    current = session or (own.session if own is not None else None) or order.session
    if order.session.format == SessionFormat.INTRA and current.format != SessionFormat.INTRA:
        # An INTRA order's price is the group's: its lines are its modules, INTRA too (§14).
        current = current.model_copy(update={"format": SessionFormat.INTRA})
    price = own.price_excl_tax if own is not None else order.price_excl_tax
    view = order.model_copy(update={"session": current, "price_excl_tax": price, "lines": ()})
    total = order.line_totals[line]
    # The figures a line is settled on: its own total and 30 % of it (legacy step 5 keeps 30 %
    # of the line's total); the deposit test stays the order's (ORDER_DEPOSIT).
    view.__dict__["total"] = total
    view.__dict__["deposit_amount"] = thirty_percent(total)
    view.derived[ORDER_DEPOSIT] = order.deposit_amount
    views[key] = view
    return view


def named_lines(order: Order, notice: Notice, standing: Sequence[str]) -> tuple[str, ...]:
    """The lines a notice concerns, in the order's line order (RULEBOOK §14): empty names
    every standing line; an id the order does not have is ``unknown_line``, a line no longer
    standing ``line_not_standing``."""
    if not notice.lines:
        return tuple(standing)
    ids = order.line_ids
    index: dict[str, int] | None = order.derived.get(_INDEX)
    if index is None:
        index = order.derived[_INDEX] = {line: i for i, line in enumerate(ids)}
    try:
        positions = sorted({index[name] for name in notice.lines})
    except KeyError:
        pass  # an unknown id: the message below names it
    else:
        found = tuple([ids[p] for p in positions])
        # a single call: every line stands; in a history, each named line must still stand
        if standing is ids or all(line in standing for line in found):
            return found
    for name in notice.lines:
        if name not in ids:
            raise InvalidInputError(
                f"notice.lines names {name!r}, which is not a line of the order; its lines are"
                f" {', '.join(repr(i) for i in ids)}",
                field="notice.lines",
                code="unknown_line",
            )
        if name not in standing:
            raise InvalidInputError(
                f"notice.lines names {name!r}, a line already cancelled: it is no longer"
                f" standing; the standing lines are {', '.join(repr(i) for i in standing)}",
                field="notice.lines",
                code="line_not_standing",
            )
    wanted = set(notice.lines)
    return tuple(i for i in standing if i in wanted)


# --- evaluation --------------------------------------------------------------------------------


def _order_level(settlement: Settlement) -> bool:
    """A withdrawal, or a self-funded trainee's force majeure, ends the whole contract."""
    return (
        settlement.status == Status.RETRACTED or settlement.decided_by == "Code du travail L6353-7"
    )


def _shares(amount: Decimal, totals: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` spread over ``totals`` pro rata, half-up, the last taking what is left."""
    whole = sum(totals, ZERO)
    if not totals:
        return []
    shares = [round_cents(amount * t / whole) if whole else ZERO for t in totals[:-1]]
    shares.append(amount - sum(shares, ZERO))
    return shares


def evaluate(
    rules: Rules,
    order: Order,
    notice: Notice,
    request: Request,
    named: Sequence[str],
    *,
    postponement: bool,
    whole: bool,
    sessions: Mapping[str, Session] | None = None,
) -> list[LineOutcome]:
    """Each named line settled by the engine on its view. ``whole``: the notice covers every
    line still standing (only then is a legacy proposal cost owed, spread over the lines pro
    rata of their totals)."""
    totals = order.line_totals
    if whole and request.proposal_cost:
        costs = _shares(request.proposal_cost, [totals[i] for i in named])
    else:
        costs = None
    views = order.derived.get(_VIEWS) if order.lines else None
    found: list[LineOutcome] = []
    # Lines that are the same order of their own (one session, one total: the seats of an
    # INTER session) get the same answer from the engine: it is asked once for them.
    same: dict[tuple[int, Decimal, Decimal], Settlement] = {}
    settle_view = rules._postpone if postponement else rules._cancel
    for index, line in enumerate(named):
        session = None if sessions is None else sessions.get(line)
        view = None if views is None else views.get((line, session))
        if view is None:
            view = line_view(order, line, session)
            views = order.derived.get(_VIEWS)
        cost = ZERO if costs is None else costs[index]
        key = (id(view.session), view.total, cost)
        settled = same.get(key)
        if settled is None:
            asked = (
                request if cost == request.proposal_cost else request._replace(proposal_cost=cost)
            )
            settled = same[key] = settle_view(view, notice, asked)
        found.append(LineOutcome(line, view.total, settled, settled.owed))
    return found


def spread(outcomes: Sequence[LineOutcome]) -> list[LineOutcome]:
    """RULEBOOK §14 "Precisions": lines settled by the same step at the same percentage have
    their fee computed once on the sum of their totals, then spread: each line but the last its
    own total × the percentage, half-up, the last what is left. The engine already gave each
    line its own share; only the last of each group of 30 % fees takes the cent."""
    if len(outcomes) < 2:
        return list(outcomes)  # a fee alone in its group is already its line's own
    groups: dict[tuple[str, Status], list[int]] = {}
    thirty: dict[int, bool] = {}  # by settlement: lines settled alike share one answer
    for index, outcome in enumerate(outcomes):
        s = outcome.settlement
        key = id(s)
        is_thirty = thirty.get(key)
        if is_thirty is None:
            owed = s.owed
            is_thirty = thirty[key] = ZERO < owed < outcome.total and owed == thirty_percent(
                outcome.total
            )
        if is_thirty:
            group = groups.get((s.decided_by, s.status))
            if group is None:
                groups[(s.decided_by, s.status)] = [index]
            else:
                group.append(index)
    result = list(outcomes)
    for members in groups.values():
        if len(members) < 2:
            continue
        fee = thirty_percent(sum([outcomes[i].total for i in members], ZERO))
        last = members[-1]
        others = sum([outcomes[i].owed for i in members[:-1]], ZERO)
        if fee - others != result[last].owed:
            result[last] = result[last]._replace(owed=fee - others)
    return result


# --- the settlement ----------------------------------------------------------------------------


def _line_word(order: Order, line: str, lang: str) -> str:
    own = next((x for x in order.lines if x.id == line), None)
    trainee = f" ({own.trainee})" if own is not None and own.trainee else ""
    return f"{'ligne' if lang == 'fr' else 'line'} {line}{trainee}"


def _prose(
    order: Order, outcomes: Sequence[LineOutcome], extra: Sequence[Citation]
) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    """Each line's reasons, the deciding line's first; repeated sentences once."""
    citations: list[Citation] = []
    caveats: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    if len(outcomes) > 1 or order.lines:
        for o in outcomes:
            s = o.settlement
            citations.append(
                cite(
                    s.decided_by,
                    f"{_line_word(order, o.line, 'en')}, settled as an order of its own (total"
                    f" {o.total}): {status_label(s.status, 'en')}, {o.owed} owed",
                    f"{_line_word(order, o.line, 'fr')}, réglée comme une commande à part"
                    f" entière (total {fmt.money(o.total)}) : {status_label(s.status, 'fr')},"
                    f" {fmt.money(o.owed)} dus",
                )
            )
    for o in sorted(outcomes, key=lambda x: -x.owed):
        for target, items in ((citations, o.settlement.citations), (caveats, o.settlement.caveats)):
            for c in items:
                key = (c.source, c.text)
                if key not in seen:
                    seen.add(key)
                    target.append(c)
    citations.extend(extra)
    return tuple(citations), tuple(caveats)


def combine(
    order: Order,
    notice: Notice,
    outcomes: Sequence[LineOutcome],
    *,
    remaining_owed: Decimal,
    extra: Sequence[Citation] = (),
    fee_vat: Any = None,
    rule: Callable[[], tuple[Evaluator, ...]] | None = None,
) -> Settlement:
    """One settlement from the lines' outcomes (RULEBOOK §14): ``owed`` their sum; ``status``
    and ``decided_by`` those of the line that owes the most (the first on a tie); the client's
    payments go to this notice's fees first, then to the lines still standing. One pass over
    the lines (this is ``cancel``'s path for an order with lines)."""
    deciding = outcomes[0]
    owed = ZERO
    escalates_on = None
    after_escalation = ZERO
    sessions_owed: Decimal | None = None
    rows = []
    for o in outcomes:
        settled = o.settlement
        line_owed = o.owed
        owed += line_owed
        if line_owed > deciding.owed:
            deciding = o
        if settled.escalates_on is not None:
            escalates_on = escalates_on or settled.escalates_on
            after_escalation += o.total
        else:
            after_escalation += line_owed
        if settled.new_session_owed is not None:
            sessions_owed = (sessions_owed or ZERO) + settled.new_session_owed
        rows.append((o.line, settled.status, line_owed, settled.decided_by))
    first = deciding.settlement
    paid = order.paid
    surplus = paid - owed if paid > owed else ZERO
    if first.status in _MOVES:
        credited, to_refund = surplus, ZERO  # the moved lines count as standing
    else:
        credited = surplus if surplus < remaining_owed else remaining_owed
        to_refund = surplus - credited
    refund_due_on = None
    if to_refund > 0:
        refund_due_on = first.refund_due_on or next(
            (o.settlement.refund_due_on for o in outcomes if o.settlement.refund_due_on), None
        )
    due_on = first.due_on if owed > 0 and first.due_on else _first_due(outcomes, owed)
    values = {
        "cgv": first.cgv,
        "status": first.status,
        "owed": owed,
        "paid": paid,
        "to_pay": owed - paid if owed > paid else ZERO,
        "to_refund": to_refund,
        "credited": credited,
        "due_on": due_on,
        "refund_due_on": refund_due_on,
        "escalates_on": escalates_on,
        "owed_after_escalation": after_escalation if escalates_on is not None else None,
        "new_session_owed": sessions_owed,
        "decided_by": first.decided_by,
        "fee_vat": first.fee_vat if fee_vat is None else fee_vat,
        "vat_rate": order.vat_rate,
    }
    return trusted(
        Settlement,
        values,
        _received_on=notice.received_on,
        _reasons=partial(_prose, order, tuple(outcomes), tuple(extra)),
        _lines=tuple(rows),
        _remaining_owed=remaining_owed,
        **({} if rule is None else {"_rule": rule}),
    )


def _first_due(outcomes: Sequence[LineOutcome], owed: Decimal) -> date | None:
    if owed <= 0:
        return None
    dues = [o.settlement.due_on for o in outcomes if o.owed > 0 and o.settlement.due_on]
    return min(dues) if dues else None


def settle(
    rules: Rules, order: Order, notice: Notice, request: Request, *, postponement: bool
) -> Settlement:
    """``cancel`` / ``postpone`` of an order with lines, or of a notice naming lines
    (RULEBOOK §14); arguments already checked by the engine."""
    standing = order.line_ids
    named = named_lines(order, notice, standing)
    if not order.lines:
        # One line "1", named: the order itself, exactly as 0.2 settles it.
        return (
            rules._postpone(order, notice, request)
            if postponement
            else rules._cancel(order, notice, request)
        )

    def evaluators() -> tuple[Evaluator, ...]:
        return (_receipt_evaluator(rules, order, notice, request, named, standing, postponement),)

    # the rule goes into the one settlement built (a with_rule copy was a tenth of the call)
    return _settle(rules, order, notice, request, named, standing, postponement, evaluators)


def _classes(order: Order) -> tuple[dict[str, int], list[Order]]:
    """The order's lines by class: lines whose views have one session and one total are the
    same order of their own (the seats of an INTER session) and get one answer. Memoised."""
    found: tuple[dict[str, int], list[Order]] | None = order.derived.get(_CLASSES)
    if found is None:
        of: dict[str, int] = {}
        views: list[Order] = []
        index: dict[tuple[int, Decimal], int] = {}
        for line in order.line_ids:
            view = line_view(order, line)
            key = (id(view.session), view.total)
            number = index.get(key)
            if number is None:
                number = index[key] = len(views)
                views.append(view)
            of[line] = number
        found = order.derived[_CLASSES] = (of, views)
    return found


def _settle(
    rules: Rules,
    order: Order,
    notice: Notice,
    request: Request,
    named: Sequence[str],
    standing: Sequence[str],
    postponement: bool,
    rule: Callable[[], tuple[Evaluator, ...]] | None = None,
) -> Settlement:
    whole = len(named) == len(standing)
    if not (whole and request.proposal_cost):
        fast = _settle_by_class(rules, order, notice, request, named, whole, postponement, rule)
        if fast is not None:
            return fast
    outcomes = evaluate(
        rules, order, notice, request, named, postponement=postponement, whole=whole
    )
    if (
        not postponement
        and not whole
        and any(
            _order_level(s) for s in {id(o.settlement): o.settlement for o in outcomes}.values()
        )
    ):
        # A withdrawal (or L6353-7) ends the contract: every standing line, whatever it names.
        named, whole = tuple(standing), True
        outcomes = evaluate(rules, order, notice, request, named, postponement=False, whole=True)
    outcomes = spread(outcomes)
    # every line of the order stands in a single call: the total less the named ones
    remaining = ZERO if whole else order.total - sum([o.total for o in outcomes], ZERO)
    return combine(
        order, notice, outcomes, remaining_owed=remaining, fee_vat=request.fee_vat, rule=rule
    )


def _settle_by_class(
    rules: Rules,
    order: Order,
    notice: Notice,
    request: Request,
    named: Sequence[str],
    whole: bool,
    postponement: bool,
    rule: Callable[[], tuple[Evaluator, ...]] | None = None,
) -> Settlement | None:
    """``_settle``'s usual case, asked once per class of lines (no proposal cost to spread):
    the same figures as evaluate → spread → combine, in one pass over the lines. None when a
    withdrawal (or L6353-7) must settle every standing line instead."""
    if request.proposal_cost:  # a notice on some lines owes no proposal cost (§14)
        request = request._replace(proposal_cost=ZERO)
    of, views = _classes(order)
    settle_view = rules._postpone if postponement else rules._cancel
    answers: dict[int, Settlement] = {}
    classes = [of[line] for line in named]
    for number in classes:
        if number not in answers:
            answers[number] = settle_view(views[number], notice, request)
    if not postponement and not whole and any(_order_level(a) for a in answers.values()):
        return None
    count = len(classes)
    if len(answers) == 1:
        # one class (the seats of one session): every line the same answer; a 30 % fee is
        # computed once on the sum of the totals, the last line takes the cent (§14)
        only = next(iter(answers.values()))
        total = views[classes[0]].total
        settled = [only] * count
        totals = [total] * count
        owed_by_line = [only.owed] * count
        fee = only.owed
        if count > 1 and ZERO < fee < total and fee == thirty_percent(total):
            owed_by_line[-1] = thirty_percent(total * count) - fee * (count - 1)
    else:
        settled = [answers[number] for number in classes]
        totals = [views[number].total for number in classes]
        owed_by_line = [a.owed for a in settled]
        # RULEBOOK §14: 30 % fees of one step computed once on the sum of their lines' totals;
        # classes settled by the same step (clause and status) share a group
        group_of: dict[int, int] = {}
        keys: dict[tuple[str, Status], int] = {}
        for number, a in answers.items():
            total = views[number].total
            if ZERO < a.owed < total and a.owed == thirty_percent(total):
                group_of[number] = keys.setdefault((a.decided_by, a.status), len(keys))
        if group_of:
            members: list[list[int]] = [[] for _ in keys]
            for index, number in enumerate(classes):
                group = group_of.get(number)
                if group is not None:
                    members[group].append(index)
            for indices in members:
                if len(indices) > 1:
                    fee = thirty_percent(sum([totals[i] for i in indices], ZERO))
                    owed_by_line[indices[-1]] = fee - sum(
                        [owed_by_line[i] for i in indices[:-1]], ZERO
                    )
    remaining = ZERO if whole else order.total - sum(totals, ZERO)
    # combine(), on the lists: one pass for the figures, the lines and prose on first read
    owed = sum(owed_by_line, ZERO)
    first = settled[owed_by_line.index(max(owed_by_line))]
    paid = order.paid
    surplus = paid - owed if paid > owed else ZERO
    if first.status in _MOVES:
        credited, to_refund = surplus, ZERO  # the moved lines count as standing
    else:
        credited = surplus if surplus < remaining else remaining
        to_refund = surplus - credited
    escalates_on = None
    after_escalation = None
    sessions_owed = None
    if postponement:
        for a in answers.values():
            escalates_on = escalates_on or a.escalates_on
        if escalates_on is not None:
            after_escalation = sum(
                [
                    t if a.escalates_on is not None else o
                    for t, a, o in zip(totals, settled, owed_by_line, strict=True)
                ],
                ZERO,
            )
        if any(a.new_session_owed is not None for a in answers.values()):
            sessions_owed = sum(
                [a.new_session_owed for a in settled if a.new_session_owed is not None], ZERO
            )
    refund_due_on = None
    if to_refund > 0:
        refund_due_on = first.refund_due_on or next(
            (a.refund_due_on for a in answers.values() if a.refund_due_on), None
        )
    due_on = first.due_on if owed > 0 else None
    if owed > 0 and due_on is None:
        due_on = min(
            [a.due_on for a, o in zip(settled, owed_by_line, strict=True) if o > 0 and a.due_on],
            default=None,
        )
    values = {
        "cgv": first.cgv,
        "status": first.status,
        "owed": owed,
        "paid": paid,
        "to_pay": owed - paid if owed > paid else ZERO,
        "to_refund": to_refund,
        "credited": credited,
        "due_on": due_on,
        "refund_due_on": refund_due_on,
        "escalates_on": escalates_on,
        "owed_after_escalation": after_escalation,
        "new_session_owed": sessions_owed,
        "decided_by": first.decided_by,
        "fee_vat": request.fee_vat,
        "vat_rate": order.vat_rate,
    }
    return trusted(
        Settlement,
        values,
        _received_on=notice.received_on,
        _reasons=partial(_lazy_prose, order, named, totals, settled, owed_by_line),
        _lines=partial(_rows, named, settled, owed_by_line),
        _remaining_owed=remaining,
        **({} if rule is None else {"_rule": rule}),
    )


def _rows(
    named: Sequence[str], settled: Sequence[Settlement], owed: Sequence[Decimal]
) -> tuple[tuple[str, Status, Decimal, str], ...]:
    return tuple(
        (line, a.status, o, a.decided_by) for line, a, o in zip(named, settled, owed, strict=True)
    )


def _lazy_prose(
    order: Order,
    named: Sequence[str],
    totals: Sequence[Decimal],
    settled: Sequence[Settlement],
    owed: Sequence[Decimal],
) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    outcomes = [
        LineOutcome(line, total, a, o)
        for line, total, a, o in zip(named, totals, settled, owed, strict=True)
    ]
    return _prose(order, outcomes, ())


def _receipt_evaluator(
    rules: Rules,
    order: Order,
    notice: Notice,
    request: Request,
    named: Sequence[str],
    standing: Sequence[str],
    postponement: bool,
) -> Evaluator:
    """Boundaries over the notice's date, for an order with lines: the same rule, the notice
    moved; the answer may change only where one of the named lines' answers may."""
    from .engine import BOUNDARY_HORIZON, check_new_start, check_notice, moved

    def evaluate_on(day: date) -> Settlement | None:
        at = moved(notice, day)
        try:
            check_notice(order, at)
            if postponement:
                check_new_start(at, request.new_start)
            return _settle(rules, order, at, request, named, standing, postponement)
        except InvalidInputError:
            return None

    def breaks() -> tuple[date, ...]:
        found: set[date] = set()
        for line in standing:
            view = line_view(order, line)
            found.update(rules._receipt_breaks(view, notice, postponement, request.new_start))
        return tuple(sorted(found))

    return Evaluator(
        "received_on",
        notice.received_on,
        order.signed_on,
        order.session.end + BOUNDARY_HORIZON,
        evaluate_on,
        breaks,
    )


def sessions_moved(session: Session, new_start: date) -> Session:
    """RULEBOOK §15: the session moved to ``new_start``, the same number of calendar days;
    explicit training days move by as many days (even onto a week-end)."""
    shift = new_start - session.start
    given = session.__dict__  # its fields, and any derived value already read (not copied)
    values = {name: given[name] for name in _session_fields()}
    values["start"] = new_start
    values["end"] = session.end + shift
    if session.training_days:
        values["training_days"] = tuple(d + shift for d in session.training_days)
    # already valid: the same session, every date moved by one shift (no re-validation)
    return trusted(Session, values)


_SESSION_FIELDS: list[tuple[str, ...]] = []


def _session_fields() -> tuple[str, ...]:
    """A session's field names, read from the model once (a history moves sessions at each
    step; reading ``model_fields`` each time was a tenth of the move)."""
    if not _SESSION_FIELDS:
        _SESSION_FIELDS.append(tuple(Session.model_fields))
    return _SESSION_FIELDS[0]
