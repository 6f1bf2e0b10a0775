"""Successive notices on one order (RULEBOOK §15): ``history(order, steps)``.

Each step is settled by the one engine (:mod:`lexom_terms.cgv.lines`: every named line on a
view of the order as the earlier steps left it — its current session), then the cumulative
rules of §15 apply to what the engine said: a later fee on a line is the scale at its date less
the fees already charged on that line, never below 0; a legacy line left pending gets its date
set without a new fee; a cancellation by LEXOM cancels the client's earlier fees on the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, computed_field

from . import display
from . import explain as ex
from .cgv import lines as by_line
from .cgv.engine import (
    Request,
    Rules,
    check_cgv_channel,
    check_new_start,
    check_notice,
    fee_vat_argument,
    money_argument,
)
from .enums import FeeVat, Initiator, Status
from .errors import InvalidInputError
from .explain import Lang, pick
from .models import Cancel, Line, Notice, Order, Postpone, Session
from .money import ZERO
from .results import Citation, Result, Settlement, cite, trusted

__all__ = ["History", "SessionMove", "history", "history_under"]

#: Statuses that are a client's fee (RULEBOOK §12), netted by §15's cumulative rule.
_FEES = frozenset({Status.CANCELLED, Status.POSTPONED, Status.PENDING_RESCHEDULE})
#: Statuses whose figure is not netted against the fees already charged on the line.
_NOT_NETTED = frozenset({Status.REFUSED, Status.NOT_RECEIVABLE, Status.CANCELLED_BY_PROVIDER})
#: Statuses after which a line is no longer standing.
_ENDS = frozenset({Status.CANCELLED, Status.RETRACTED, Status.CANCELLED_BY_PROVIDER})


class SessionMove(BaseModel):
    """A line moved by a step of a history (RULEBOOK §15): its new dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    step: int
    """The step's number, from 1, in the order settled."""
    line: str
    start: date
    end: date


class History(Result):
    """An order's notices settled one after the other (RULEBOOK §15)."""

    settlements: tuple[Settlement, ...]
    """One per step, in the order settled (by date of receipt; ties: the order given)."""
    fees_by_line: dict[str, Decimal]
    """Every line of the order, with the fees it owes (0.00 when none)."""
    lines: tuple[Line, ...]
    """The lines still standing, with their current sessions."""
    fees: Decimal
    standing: Decimal
    """What the standing lines' training will still cost (RULEBOOK §15 "Precisions")."""
    owed: Decimal
    paid: Decimal
    to_pay: Decimal
    refund: Decimal
    citations: tuple[Citation, ...] = ()
    """Each reduction made by the cumulative rule, and each pending date set."""
    moves: tuple[SessionMove, ...] = ()
    """The timeline of the sessions: each line a step moved, with its new dates."""

    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp", "caveats"})

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def caveats(self) -> tuple[Citation, ...]:
        """The caveats of every settlement, once each (built on first read: a batch that reads
        only the figures does not write the settlements' prose)."""
        given = self._given_value("caveats")
        if given is not None:
            return tuple(Citation.model_validate(c) for c in given)
        found: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for settled in self.settlements:
            for c in settled.caveats:
                if (c.source, c.text) not in seen:
                    seen.add((c.source, c.text))
                    found.append(c)
        return tuple(found)

    def _fields(self) -> tuple[object, ...]:
        return (*super()._fields(), self.caveats)

    def _materialise(self) -> None:
        super()._materialise()
        _ = self.caveats

    def _paragraphs(self, lang: Lang) -> list[str]:
        return _history_paragraphs(self, lang)

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return _history_figures(self, lang)


@dataclass(slots=True)
class _LineState:
    """Where one line stands between two steps."""

    total: Decimal
    session: Session
    """Its current session."""
    moved: bool = False
    """A postponement moved it (the session differs from the one ordered)."""
    standing: bool = True
    fees: Decimal = ZERO
    cost: Decimal | None = None
    """What its training will still cost when its last postponement said so."""
    escalates_on: date | None = None
    """legacy §3.6: pending a new date, the 30 % escalating on this day."""


def _step(step: object, index: int) -> Cancel | Postpone:
    if isinstance(step, Cancel | Postpone):
        return step
    raise InvalidInputError(
        f"steps[{index}] is a {type(step).__name__}: each step of a history is a Cancel or a"
        " Postpone",
        field=f"steps[{index}]",
        code="invalid_step",
    )


def history(
    order: Order,
    steps: Sequence[Cancel | Postpone],
    *,
    fee_vat: FeeVat = FeeVat.AS_SERVICE,
) -> History:
    """RULEBOOK §15: settle ``steps`` one after the other, in order of receipt (ties: the order
    given), each on the order as the earlier ones left it."""
    from .api import rules_for

    return history_under(rules_for(order.cgv), order, steps, fee_vat=fee_vat)


def history_under(
    rules: Rules,
    order: Order,
    steps: Sequence[Cancel | Postpone],
    *,
    fee_vat: FeeVat = FeeVat.AS_SERVICE,
) -> History:
    """``history`` by the engine bound to one regime (a CGV version module's, or a made-up
    regime's: the contract suite runs every regime through it)."""
    rules._check(order)
    check_cgv_channel(order)
    vat = fee_vat_argument(fee_vat)
    checked = [_step(s, i) for i, s in enumerate(steps)]
    ordered = sorted(checked, key=lambda s: s.notice.received_on)
    opening, own, unmoved, still = _opening(order)
    state = {i: _LineState(total, session) for i, total, session in opening}
    settlements: list[Settlement] = []
    notes: list[Citation] = []
    moves: list[SessionMove] = []
    # kept from step to step rather than rebuilt from every line at each step: the lines still
    # standing (in the order's order) and the current sessions of the lines moved so far
    walk = _Walk(state, tuple(order.line_ids), {}, still)
    for number, step in enumerate(ordered, start=1):
        settled, found, moved_now = _settle_step(rules, order, step, walk, vat)
        settlements.append(settled)
        notes.extend(found)
        for i in moved_now:
            line = state[i]
            moves.append(
                trusted(
                    SessionMove,
                    {
                        "step": number,
                        "line": i,
                        "start": line.session.start,
                        "end": line.session.end,
                    },
                )
            )
    fees_by_line = {i: s.fees for i, s in state.items()}
    standing_lines = tuple(
        [
            _current_line(order, own.get(i), i, state[i]) if state[i].moved else unmoved[i]
            for i in walk.standing
        ]
    )
    standing = walk.still  # the standing lines' cost, kept by the steps
    fees = sum(fees_by_line.values(), ZERO)
    owed = fees + standing
    paid = order.paid
    return trusted(
        History,
        {
            "settlements": tuple(settlements),
            "fees_by_line": fees_by_line,
            "lines": standing_lines,
            "fees": fees,
            "standing": standing,
            "owed": owed,
            "paid": paid,
            "to_pay": owed - paid if owed > paid else ZERO,
            "refund": paid - owed if paid > owed else ZERO,
            "citations": tuple(notes),
            "moves": tuple(moves),
        },
    )


_OPENING = "history/opening"


def _opening(
    order: Order,
) -> tuple[tuple[tuple[str, Decimal, Session], ...], dict[str, Line], dict[str, Line], Decimal]:
    """What every history of this order starts from, memoised on the (immutable) order: each
    line's id, total and ordered session; the lines by id; each line as it stands when no step
    moved it; and what the lines' training costs."""
    found = order.derived.get(_OPENING)
    if found is None:
        totals = order.line_totals
        own = {line.id: line for line in order.lines}
        opening = tuple(
            [(i, totals[i], _ordered_session(order, own.get(i))) for i in order.line_ids]
        )
        unmoved = {
            i: _current_line(order, own.get(i), i, _LineState(total, session))
            for i, total, session in opening
        }
        still = sum([total for _, total, _ in opening], ZERO)
        found = order.derived[_OPENING] = (opening, own, unmoved, still)
    return found


def _ordered_session(order: Order, line: Line | None) -> Session:
    return (line.session if line is not None else None) or order.session


def _current_line(order: Order, line: Line | None, lid: str, s: _LineState) -> Line:
    if line is None:  # an order without lines: one line "1", the order's price and session
        return trusted(
            Line,
            {
                "id": lid,
                "price_excl_tax": order.price_excl_tax,
                "session": s.session,
                "trainee": "",
            },
        )
    if not s.moved and line.session is not None:
        return line
    return trusted(
        Line,
        {
            "id": line.id,
            "price_excl_tax": line.price_excl_tax,
            "session": s.session,
            "trainee": line.trainee,
        },
    )


@dataclass(slots=True)
class _Walk:
    """The lines between two steps: each line's state, the standing ones in the order's order,
    and the current session of each line moved so far (what a step's views are built on)."""

    state: dict[str, _LineState]
    standing: tuple[str, ...]
    sessions: dict[str, Session]
    still: Decimal
    """What the standing lines' training still costs, kept as the steps change it."""


def _settle_step(
    rules: Rules,
    order: Order,
    step: Cancel | Postpone,
    walk: _Walk,
    fee_vat: FeeVat,
) -> tuple[Settlement, list[Citation], list[str]]:
    """One step settled on the lines as the earlier steps left them; ``walk`` updated. Also
    returns the lines this step moved, in the order's order."""
    state = walk.state
    notice = step.notice
    check_notice(order, notice)
    if isinstance(step, Postpone):
        postponement, new_start, waive = True, step.new_start, bool(step.waive_fee)
        check_new_start(notice, new_start)
    else:
        postponement, new_start, waive = False, None, False
    cost = (
        money_argument(step.proposal_cost, "proposal_cost", order) if step.proposal_cost else ZERO
    )
    request = Request(cost, new_start, waive, fee_vat)
    standing = walk.standing
    named = by_line.named_lines(order, notice, standing)
    if not named:
        raise InvalidInputError(
            "every line of the order is already cancelled: a later notice has nothing to settle",
            field="notice.lines",
            code="line_not_standing",
        )
    # A legacy line pending a date whose request now gives one: the date is set (§15).
    setting = (
        [i for i in named if state[i].escalates_on is not None]
        if postponement and new_start is not None and notice.by == Initiator.CLIENT
        else []
    )
    engine_named: Sequence[str] = [i for i in named if i not in setting] if setting else named
    whole = len(named) == len(standing)
    sessions = walk.sessions
    outcomes: list[by_line.LineOutcome] = []
    if engine_named:
        outcomes = by_line.evaluate(
            rules,
            order,
            notice,
            request,
            engine_named,
            postponement=postponement,
            whole=whole,
            sessions=sessions,
        )
        if (
            not postponement
            and len(engine_named) < len(standing)
            and any(by_line._order_level(o.settlement) for o in outcomes)
        ):
            # A withdrawal (or L6353-7) ends the whole contract: every standing line.
            named, setting, engine_named = standing, [], standing
            outcomes = by_line.evaluate(
                rules,
                order,
                notice,
                request,
                engine_named,
                postponement=False,
                whole=True,
                sessions=sessions,
            )
        outcomes = by_line.spread(outcomes)
    notes: list[Citation] = []
    found: dict[str, by_line.LineOutcome] = {o.line: o for o in outcomes}
    for line in setting:
        found[line] = _set_pending(rules, order, notice, request, line, state[line], notes)
    final: list[by_line.LineOutcome] = []
    moved_now: list[str] = []
    ended = False
    had_moved = bool(sessions)
    # the lines this step leaves alone are not touched by it, and named lines always stood
    # before it: what the others still cost is the standing lines' less the named ones'
    remaining = walk.still - sum([_still_costs(state[i]) for i in named], ZERO)
    for line in named:
        outcome = found[line]
        current = state[line]
        if line not in setting:
            outcome = _net(rules, notice, outcome, current, notes)
        final.append(outcome)
        was = current.session
        _record(current, outcome, new_start)
        if current.session is not was:
            moved_now.append(line)
            sessions[line] = current.session
        ended = ended or not current.standing
    walk.still = remaining + sum([_still_costs(state[i]) for i in named if state[i].standing], ZERO)
    if ended:
        walk.standing = tuple([i for i in standing if state[i].standing])
    plain = (
        not order.lines
        and len(final) == 1
        and not had_moved
        and not notes
        and final[0].owed == final[0].settlement.owed
    )
    if plain:
        return final[0].settlement, notes, moved_now
    return (
        by_line.combine(
            order,
            notice,
            final,
            remaining_owed=remaining,
            extra=tuple(notes),
            fee_vat=fee_vat,
        ),
        notes,
        moved_now,
    )


def _still_costs(line: _LineState) -> Decimal:
    """What a standing line's training will still cost (RULEBOOK §15 "Precisions")."""
    return line.total if line.cost is None else line.cost


def _netting_clause(rules: Rules) -> str:
    """new-30 reads postponement fees as "frais d'annulation partielle" (§3.5); a legacy-like
    regime nets under Code civil 1190 (the deposit cannot be kept twice)."""
    return rules.regime.waiver_clause if rules.regime.postponement is None else "Code civil 1190"


def _net(
    rules: Rules,
    notice: Notice,
    outcome: by_line.LineOutcome,
    line: _LineState,
    notes: list[Citation],
) -> by_line.LineOutcome:
    """RULEBOOK §15: a later fee on a line is the scale at its date less the fees already
    charged on that line, never below 0; the reduction says so and by how much."""
    status = outcome.settlement.status
    # every sum owed on the line counts against what was already charged on it (a fee of the
    # whole price already pays for the training a later interruption or withdrawal would
    # charge again); a refused or not receivable request charges nothing, and LEXOM's
    # cancellation replaces the earlier fees (_record)
    if status in _NOT_NETTED or line.fees <= 0 or outcome.owed <= 0:
        return outcome
    netted = outcome.owed - line.fees if outcome.owed > line.fees else ZERO
    removed = outcome.owed - netted
    clause = _netting_clause(rules)
    notes.append(
        cite(
            clause,
            f"line {outcome.line}: the fee at this date is {outcome.owed}; {line.fees} already"
            f" charged on this line are deducted ({removed} removed): {netted} more",
            f"ligne {outcome.line} : les frais à cette date sont de {ex.eur(outcome.owed, 'fr')} ;"
            f" les {ex.eur(line.fees, 'fr')} déjà facturés sur cette ligne s'imputent"
            f" ({ex.eur(removed, 'fr')} en moins) : {ex.eur(netted, 'fr')} de plus",
        )
    )
    return outcome._replace(owed=netted)


def _set_pending(
    rules: Rules,
    order: Order,
    notice: Notice,
    request: Request,
    line_id: str,
    line: _LineState,
    notes: list[Citation],
) -> by_line.LineOutcome:
    """RULEBOOK §15: a legacy line left pending gets its date from a later request: no new fee
    when the date is within ``signed_on + 6 months`` and the request came by ``escalates_on``;
    otherwise the rest of the line's total."""
    assert request.new_start is not None and line.escalates_on is not None
    months = rules.regime.postponement_horizon_months or 0
    horizon = rules._horizon(order, months)
    within = request.new_start <= horizon and notice.received_on <= line.escalates_on
    rest = line.total - line.fees if line.total > line.fees else ZERO
    clause = rules.regime.clauses.postponement_horizon or rules.regime.waiver_clause
    if request.waive_fee:
        owed, decided_by = ZERO, rules.regime.waiver_clause
    else:
        owed, decided_by = (ZERO if within else rest), clause
    new_start = request.new_start
    if within:
        en = (
            f"line {line_id}: the new start {new_start} is set within six months of the order"
            f" (by {horizon}) and before {line.escalates_on}: the 30 % already kept stands, no"
            " new fee"
        )
        fr = (
            f"ligne {line_id} : la nouvelle date du {ex.day(new_start, 'fr')} est fixée dans les"
            f" six mois de la commande (au plus tard le {ex.day(horizon, 'fr')}) et avant le"
            f" {ex.day(line.escalates_on, 'fr')} : les 30 % déjà acquis restent, sans nouveaux"
            " frais"
        )
    else:
        en = (
            f"line {line_id}: the new start {new_start} is set too late (horizon {horizon},"
            f" escalation on {line.escalates_on}): the line owes its total, {owed} more"
        )
        fr = (
            f"ligne {line_id} : la nouvelle date du {ex.day(new_start, 'fr')} est fixée trop tard"
            f" (délai au {ex.day(horizon, 'fr')}, majoration le"
            f" {ex.day(line.escalates_on, 'fr')}) : la ligne doit son total, soit"
            f" {ex.eur(owed, 'fr')} de plus"
        )
    why = cite(clause, en, fr)
    notes.append(why)
    settled = Settlement.build(
        cgv=rules.regime.cgv,
        status=Status.POSTPONED,
        owed=owed,
        paid=order.paid,
        due_on=notice.received_on,
        citations=(why,),
        new_session_owed=line.total if within or request.waive_fee else ZERO,
        received_on=notice.received_on,
        decided_by=decided_by,
        fee_vat=request.fee_vat,
        vat_rate=order.vat_rate,
    )
    return by_line.LineOutcome(line_id, line.total, settled, owed)


def _record(line: _LineState, outcome: by_line.LineOutcome, new_start: date | None) -> None:
    """The line as this step leaves it."""
    s = outcome.settlement
    status = s.status
    if status == Status.CANCELLED_BY_PROVIDER:
        # §15: LEXOM's cancellation refunds every sum paid for the line, earlier fees included.
        line.fees = outcome.owed
        line.standing = False
        line.cost, line.escalates_on = None, None
        return
    if status in (Status.REFUSED, Status.NOT_RECEIVABLE):
        return  # the order stands: nothing moves, nothing is charged beyond the training
    line.fees += outcome.owed
    if status in _ENDS:
        line.standing = False
        line.cost, line.escalates_on = None, None
        return
    if status == Status.PENDING_RESCHEDULE:
        line.escalates_on = s.escalates_on
    else:
        line.escalates_on = None
    if s.new_session_owed is not None:
        if status == Status.POSTPONED_BY_PROVIDER:
            current = line.total if line.cost is None else line.cost
            line.cost = min(current, s.new_session_owed)
        else:
            line.cost = s.new_session_owed
    if new_start is not None and status in (Status.POSTPONED, Status.POSTPONED_BY_PROVIDER):
        line.session = by_line.sessions_moved(line.session, new_start)
        line.moved = True


# --- explanation ---------------------------------------------------------------------------


def _history_paragraphs(h: History, lang: Lang) -> list[str]:
    out: list[str] = [
        pick(
            lang,
            f"Historique de {len(h.settlements)} demande(s), réglées l'une après l'autre.",
            f"History of {len(h.settlements)} request(s), settled one after the other.",
        )
    ]
    for index, s in enumerate(h.settlements, 1):
        word = pick(lang, "ligne", "line")
        lines = ", ".join(
            f"{word} {x.line} : {ex.eur(x.owed, lang)}"
            if lang == "fr"
            else f"{word} {x.line}: {ex.eur(x.owed, lang)}"
            for x in s.lines
        )
        out.append(
            pick(
                lang,
                f"{index}. Reçue le {ex.day(s.received_on, lang)} : {ex.status_label(s.status, lang)},"
                f" {ex.eur(s.owed, lang)} dus ({s.decided_by}) — par ligne : {lines}.",
                f"{index}. Received {ex.day(s.received_on, lang)}: {ex.status_label(s.status, lang)},"
                f" {ex.eur(s.owed, lang)} owed ({s.decided_by}) — by line: {lines}.",
            )
        )
    if h.moves:
        moved = "; ".join(
            pick(
                lang,
                f"demande {m.step}, ligne {m.line} : du {ex.day(m.start, lang)} au"
                f" {ex.day(m.end, lang)}",
                f"request {m.step}, line {m.line}: {ex.day(m.start, lang)} to"
                f" {ex.day(m.end, lang)}",
            )
            for m in h.moves
        )
        out.append(pick(lang, f"Sessions déplacées : {moved}.", f"Sessions moved: {moved}."))
    word = pick(lang, "ligne", "line")
    sep = " : " if lang == "fr" else ": "
    fees = ", ".join(f"{word} {k}{sep}{ex.eur(v, lang)}" for k, v in h.fees_by_line.items())
    out.append(pick(lang, f"Frais par ligne : {fees}.", f"Fees by line: {fees}."))
    if h.lines:
        standing = ", ".join(
            f"{word} {x.id} ({pick(lang, 'début le', 'starting')}"
            f" {ex.day(x.session.start if x.session else None, lang)})"
            for x in h.lines
        )
        out.append(
            pick(lang, f"Lignes maintenues : {standing}.", f"Lines still standing: {standing}.")
        )
    out.append(
        pick(
            lang,
            f"Compte : frais {ex.eur(h.fees, lang)} + formation restant due"
            f" {ex.eur(h.standing, lang)} = {ex.eur(h.owed, lang)} ; payé {ex.eur(h.paid, lang)} ;"
            f" reste à payer {ex.eur(h.to_pay, lang)} ; à rembourser {ex.eur(h.refund, lang)}.",
            f"Account: fees {ex.eur(h.fees, lang)} + training still owed"
            f" {ex.eur(h.standing, lang)} = {ex.eur(h.owed, lang)}; paid {ex.eur(h.paid, lang)};"
            f" to pay {ex.eur(h.to_pay, lang)}; to refund {ex.eur(h.refund, lang)}.",
        )
    )
    reductions = pick(lang, "Réductions et dates fixées :", "Reductions and dates set:")
    out.append(ex.citation_block(reductions, h.citations, lang))
    out.append(ex.citation_block(pick(lang, "Réserves :", "Caveats:"), h.caveats, lang))
    return out


def _history_figures(h: History, lang: Lang) -> list[tuple[str, str]]:
    return [
        (pick(lang, "Frais", "Fees"), ex.eur(h.fees, lang)),
        (pick(lang, "Formation restant due", "Training still owed"), ex.eur(h.standing, lang)),
        (pick(lang, "Dû", "Owed"), ex.eur(h.owed, lang)),
        (pick(lang, "Payé", "Paid"), ex.eur(h.paid, lang)),
        (pick(lang, "Reste à payer", "To pay"), ex.eur(h.to_pay, lang)),
        (pick(lang, "À rembourser", "To refund"), ex.eur(h.refund, lang)),
    ]


display.register(History, display.history_html)  # its notebook display, found by type
