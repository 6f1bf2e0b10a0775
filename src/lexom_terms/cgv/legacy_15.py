"""Legacy CGV, 15-day regime (``legacy-15``; seeds 000, 001, 002, 004).

Clauses encoded here, in the order of RULEBOOK §1–§6 and §10:

* §2.1 quote validity and deposit, §2.2 formation of the contract and "Non-versement de l'acompte"
* §3.2 payment terms (with :mod:`lexom_terms.funding` for §3.3)
* §3.5 cancellation (client; provider for trainer absence or venue)
* §3.6 postponement ("même en cas de force majeure")
* §4.4 liability cap, §4.5 force majeure, §4.7 resolution, §5.2 non-solicitation,
  §5.4 forum, §5.5 data retention

Every function has the same name and signature as in :mod:`lexom_terms.cgv.new_30`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..calendar import add_days, add_months, add_years
from ..enums import CgvVersion, Channel, Reason, SessionFormat, Status
from ..errors import InvalidInputError
from ..funding import balance
from ..interest import late_interest as _late_interest
from ..models import InterestPolicy, Invoice, Notice, Order
from ..money import ZERO
from ..rates import RateTable
from ..results import (
    Amount,
    Citation,
    Due,
    InterestClaim,
    Milestone,
    RetractionWindow,
    Settlement,
    Timeline,
    cite,
)
from ..statute import retraction
from . import common
from .common import settle
from .general import (
    liability_cap_amount,
    non_solicitation_amount,
    quote_expires_on,
    resolution_opens_on,
)
from .timeline import build as build_timeline
from .timeline import if_after_signature

VERSION = CgvVersion.LEGACY_15
#: §3.5: "dans un délai maximum de 15 jours avant la date prévue" — read as *at least* 15 days.
CANCELLATION_DAYS = 15
#: §3.6: "reportée dans un délai de six mois à compter de la commande".
POSTPONEMENT_HORIZON_MONTHS = 6
#: §5.5: "une durée ne pouvant excéder 5 ans à compter du terme des relations contractuelles".
DATA_RETENTION_YEARS = 5

__all__ = [
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
    "postponement_horizon",
    "quote_expires_on",
    "reduced_fee_last_day",
    "resolution_opens_on",
    "retraction_window",
    "timeline",
]


# --- §2.1 and §3: who has a withdrawal window ------------------------------------------------


def _consumer_clause(order: Order) -> Citation | None:
    """§2.1 "En cas de commande de formation par un particulier personne physique, via le site
    internet, ce dernier bénéficie d'un délai de rétractation de 14 jours" — and, by statute,
    every other distance order (L221-18); not an order signed in person at LEXOM."""
    if order.channel == Channel.WEBSITE:
        return cite(
            "legacy-15 §2.1",
            "a consumer ordering on the website has a 14-day withdrawal window",
            "un particulier qui commande sur le site internet dispose de 14 jours pour se"
            " rétracter",
        )
    if order.channel == Channel.DIRECT:
        return cite(
            "Code de la consommation L221-18",
            "an order concluded at a distance (mail, e-mail) gives a consumer 14 days to withdraw",
            "une commande conclue à distance (courrier, e-mail) donne 14 jours au consommateur"
            " pour se rétracter",
        )
    return None  # Channel.ON_PREMISES: signed in person at LEXOM, no distance contract


def _windows(order: Order) -> tuple[retraction.Window, ...]:
    memo = order.derived
    found: tuple[retraction.Window, ...] | None = memo.get("windows")
    if found is None:
        clause = _consumer_clause(order) if order.client.is_consumer else None
        found = memo["windows"] = retraction.windows(order, consumer_clause=clause)
    return found


def retraction_window(order: Order) -> RetractionWindow | None:
    """RULEBOOK §3: the window that ends last among those that apply, or None."""
    common.version_of(order, VERSION)
    return common.window_result(retraction.reported(_windows(order)))


# --- §2.1 / §2.2 deposit and formation -------------------------------------------------------


def deposit_due(order: Order) -> Due:
    """§2.1 "accompagnée [...] d'un acompte de 30 % du prix TTC définitif total": due with the
    signature; while a withdrawal window is open no sum may be required (L6353-6), so it is due
    the day after the window closes."""
    common.version_of(order, VERSION)
    window = retraction.reported(_windows(order))
    if window is None:
        return Due(
            amount=order.deposit_amount,
            on=order.signed_on,
            citations=(
                cite(
                    "legacy-15 §2.1",
                    f"the deposit, 30 % of the total {order.total}, accompanies the signed proposal",
                    f"l'acompte de 30 % du total {order.total} accompagne la proposition signée",
                ),
            ),
        )
    on = add_days(window.last_day, 1)
    return Due(
        amount=order.deposit_amount,
        on=on,
        citations=(
            cite(
                "Code du travail L6353-6",
                f"no sum may be required before the withdrawal window closes on"
                f" {window.last_day}; the deposit, at most 30 %, is due on {on}",
                f"aucune somme ne peut être exigée avant la fin du délai de rétractation le"
                f" {window.last_day} ; l'acompte, 30 % au plus, est dû le {on}",
            ),
            # §2.1 says the same for the 14-day window of a website order
            *(
                (
                    cite(
                        "legacy-15 §2.1",
                        "\"Passé le délai de 14 jours le Client sera tenu de régler l'acompte de"
                        ' 30 %"',
                        "« Passé le délai de 14 jours le Client sera tenu de régler l'acompte de"
                        " 30 % »",
                    ),
                )
                if window.kind == retraction.WindowKind.CONSUMER
                else ()
            ),
        ),
    )


def _concluded(order: Order, on: date) -> bool:
    """§2.2 "le contrat n'est définitivement conclu qu'après réception de la proposition [...]
    accompagnées impérativement d'un acompte de 30%": unless a withdrawal window applies (then
    the contract is concluded at signature, RULEBOOK §1), the payments received by ``on`` must
    reach the deposit."""
    if _windows(order):
        return True
    return order.paid_by(on) >= order.deposit_amount


# --- §3.2 payment terms ----------------------------------------------------------------------


def payment_due(order: Order, invoice_received_on: date | None = None) -> Due:
    """§3.2 "Les factures sont payables [...] à la fin de la prestation, à leur réception":
    ``max(session.end, invoice received)``; the amount is the client's share still owed."""
    common.version_of(order, VERSION)
    on = order.session.end
    if invoice_received_on is not None and invoice_received_on > on:
        on = invoice_received_on
    split = balance(order, on)
    return Due(
        amount=split.client_outstanding,
        on=on,
        citations=(
            cite(
                "legacy-15 §3.2",
                f"invoices are payable at the end of the training, on receipt: {on}",
                f"les factures sont payables à la fin de la prestation, à réception : {on}",
            ),
            *split.citations,
        ),
    )


def _payment_due_on(order: Order) -> date:
    return order.session.end


# --- §3.5 cancellation -----------------------------------------------------------------------

_WRITTEN = cite(
    "legacy-15 §3.5",
    '"Seules les demandes d\'annulation faites par écrit seront recevables": an oral notice is'
    " not receivable, the order stands and the total stays owed on the normal schedule",
    "« Seules les demandes d'annulation faites par écrit seront recevables » : la commande"
    " demeure et le total reste dû à l'échéance normale",
)


def cancel(order: Order, notice: Notice, *, proposal_cost: Decimal = ZERO) -> Settlement:
    """The consequence of a cancellation notice, client or provider (RULEBOOK §4, §6)."""
    common.version_of(order, VERSION)
    cost = common.money_argument(proposal_cost, "proposal_cost", order)

    # The rule checks its notice: the request's, and each moved one the boundaries try.
    def rule(moved: Notice) -> Settlement:
        common.check_notice(order, moved)
        return _cancel(order, moved, cost)

    return rule(notice).with_evaluators(common.receipt_evaluator(order, notice, rule))


def _cancel(order: Order, notice: Notice, proposal_cost: Decimal) -> Settlement:
    if common.is_provider(notice):
        return common.provider_settlement(
            order, notice, _provider_clauses(notice), postponement=False
        )
    # 1. Withdrawal windows and the written form (RULEBOOK §4, same in both versions).
    overlay = common.statutory_overlay(
        order,
        notice,
        _windows(order),
        written=_WRITTEN,
        payment_due_on=_payment_due_on(order),
        postponement=False,
    )
    if overlay is not None:
        return overlay
    # Then force majeure (RULEBOOK §4).
    excused = common.self_funded_force_majeure(order, notice)
    if excused is not None:
        return excused
    extra = common.force_majeure_no_excuse(notice, "legacy-15 §3.5")
    return _cancellation_steps(order, notice, proposal_cost, extra)


def _cancellation_steps(
    order: Order, notice: Notice, proposal_cost: Decimal, extra: tuple[Citation, ...]
) -> Settlement:
    """§3.5 and §2.2, in RULEBOOK §4's order; the first step that matches decides."""
    days = common.days_before_start(order, notice)
    received = notice.received_on
    total = order.total

    def cancelled(owed: Decimal, why: Citation) -> Settlement:
        return settle(
            order,
            notice,
            Status.CANCELLED,
            owed,
            (why, *extra, *_opco_note(order, owed)),
            due_on=received,
            caveats=common.consumer_caveats(order, owed),
        )

    # 2. "Pour les formations en INTRA, aucune annulation ne sera prise en compte, pour motif
    #    d'absence de stagiaires. La formation est maintenue à partir d'une personne."
    if order.session.format == SessionFormat.INTRA and notice.reason == Reason.TRAINEE_ABSENCE:
        return settle(
            order,
            notice,
            Status.REFUSED,
            total,
            (
                cite(
                    "legacy-15 §3.5",
                    "an INTRA session is not cancelled for absence of trainees: it is held from"
                    f" one trainee on and the total {total} stays owed on the normal schedule",
                    "une formation INTRA n'est pas annulée pour absence de stagiaires : elle est"
                    f" maintenue à partir d'une personne et le total {total} reste dû à"
                    " l'échéance normale",
                ),
                cite(
                    "legacy-15 §3.7",
                    "absence of trainees gives no reduction of the price",
                    "l'absence de stagiaires ne donne lieu à aucune réduction du prix",
                ),
            ),
            due_on=_payment_due_on(order),
        )
    # 3. "en début de prestation": on the start day or later, the total, at once.
    if days <= 0:
        return cancelled(
            total,
            cite(
                "legacy-15 §3.5",
                f"notice received {received}, on or after the start {order.session.start}"
                f' ("en début de prestation"): the total {total} is due at once',
                f"annulation reçue le {received}, à partir du début de la formation"
                f" ({order.session.start}) : le total de {total} est dû immédiatement",
            ),
        )
    # 4. §2.2 "Non-versement de l'acompte": the contract was never concluded.
    if not _concluded(order, received):
        paid = order.paid_by(received)
        return cancelled(
            proposal_cost,
            cite(
                "legacy-15 §2.2",
                f"the deposit {order.deposit_amount} had not been received by {received} (paid:"
                f" {paid}), so the contract was not concluded; LEXOM may charge the cost of"
                f" preparing the proposal, a policy value set to {proposal_cost}",
                f"l'acompte de {order.deposit_amount} n'était pas reçu au {received} (versé :"
                f" {paid}) : le contrat n'est pas conclu ; LEXOM peut facturer le coût"
                f" d'élaboration de la proposition, fixé ici à {proposal_cost}",
            ),
        )
    # 5. "dans un délai maximum de 15 jours avant": 15 days or more, the deposit is kept.
    if days >= CANCELLATION_DAYS:
        deposit = order.deposit_amount
        return cancelled(
            deposit,
            cite(
                "legacy-15 §3.5",
                f"notice received {received}, {days} days before the start (15 or more): the"
                f" deposit of {deposit} is kept",
                f"annulation reçue le {received}, {days} jours avant le début (15 ou plus) :"
                f" l'acompte de {deposit} reste acquis",
            ),
        )
    # 6. "moins de 15 jours avant": the total, "dès l'annulation".
    return cancelled(
        total,
        cite(
            "legacy-15 §3.5",
            f"notice received {received}, {days} days before the start (fewer than 15): the total"
            f" {total} is due from the cancellation",
            f"annulation reçue le {received}, {days} jours avant le début (moins de 15) : le"
            f" total de {total} est dû dès l'annulation",
        ),
    )


def _opco_note(order: Order, owed: Decimal) -> tuple[Citation, ...]:
    if order.funding is None or owed <= 0:
        return ()
    return (
        cite(
            "legacy-15 §3.6",
            "\"En cas de subrogation, le Client s'engage à payer les montants non pris en charge"
            " par l'OPCO\": the OPCO pays only for training delivered, this fee is the client's",
            "l'OPCO ne paie que la formation dispensée : ces frais sont à la charge du client",
        ),
    )


def _provider_clauses(notice: Notice) -> tuple[Citation, ...]:
    """RULEBOOK §6 for legacy-15, by the reason LEXOM gives."""
    if notice.reason in (Reason.TRAINER_ABSENCE, Reason.VENUE_UNAVAILABLE):
        return (
            cite(
                "legacy-15 §3.5",
                "cancelled for trainer absence or venue unavailability: LEXOM refunds the deposit"
                " (every payment); nothing is owed",
                "annulation pour absence du formateur ou indisponibilité du lieu : LEXOM rembourse"
                " l'acompte (tous les versements) ; rien n'est dû",
            ),
        )
    if notice.reason == Reason.FORCE_MAJEURE:
        return (
            cite(
                "legacy-15 §4.5",
                "force majeure releases LEXOM from its deadlines; nothing is owed for a session"
                " not held",
                "la force majeure décharge LEXOM de ses délais ; rien n'est dû pour une session"
                " non tenue",
            ),
            cite(
                "Code civil 1218",
                "force majeure ends the contract without damages",
                "la force majeure met fin au contrat sans dommages et intérêts",
            ),
            cite(
                "Code civil 1229",
                "the payments for a session not held are returned",
                "les sommes versées pour une session non tenue sont restituées",
            ),
        )
    return (
        cite(
            "Code civil 1229",
            "the CGV are silent on a cancellation by LEXOM for another reason: the contract is"
            " undone, nothing is owed and every payment is returned",
            "les CGV sont muettes sur une annulation par LEXOM pour un autre motif : le contrat"
            " est anéanti, rien n'est dû et tout versement est restitué",
        ),
    )


# --- §3.6 postponement -----------------------------------------------------------------------


def postponement_horizon(order: Order) -> date:
    """§3.6 "reportée dans un délai de six mois à compter de la commande": the last new start
    date that keeps the flat 30 % fee (``signed_on + 6 months``, month-end clipped)."""
    return add_months(order.signed_on, POSTPONEMENT_HORIZON_MONTHS)


def postpone(
    order: Order, notice: Notice, new_start: date | None = None, *, waive_fee: bool = False
) -> Settlement:
    """The consequence of a postponement request (RULEBOOK §5, §6)."""
    common.version_of(order, VERSION)

    # The rule checks its notice: the request's, and each moved one the boundaries try.
    def by_receipt(moved: Notice) -> Settlement:
        common.check_notice(order, moved)
        common.check_new_start(moved, new_start)
        return _postpone(order, moved, new_start, waive_fee)

    def by_new_start(day: date) -> Settlement:
        common.check_new_start(notice, day)
        return _postpone(order, notice, day, waive_fee)

    evaluators = [common.receipt_evaluator(order, notice, by_receipt)]
    if new_start is not None and not common.is_provider(notice):
        evaluators.append(common.new_start_evaluator(order, notice, new_start, by_new_start))
    return by_receipt(notice).with_evaluators(*evaluators)


_WRITTEN_POSTPONEMENT = cite(
    "legacy-15 §3.6",
    '"Les demandes de report doivent être communiquées uniquement par écrit": an oral request'
    " is not receivable, the session and its total stand",
    "« Les demandes de report doivent être communiquées uniquement par écrit » : la session et"
    " son total demeurent",
)


def _postpone(order: Order, notice: Notice, new_start: date | None, waive_fee: bool) -> Settlement:
    if common.is_provider(notice):
        return common.provider_settlement(
            order,
            notice,
            (
                cite(
                    "legacy-15 §3.5",
                    'LEXOM moves the session ("sauf à trouver une solution de report'
                    ' ultérieure"): nothing is owed for the move and the payments are carried'
                    " to the new session",
                    "LEXOM reporte la session : rien n'est dû pour le report et les sommes"
                    " versées sont reportées sur la nouvelle session",
                ),
            ),
            postponement=True,
        )
    overlay = common.statutory_overlay(
        order,
        notice,
        _windows(order),
        written=_WRITTEN_POSTPONEMENT,
        payment_due_on=_payment_due_on(order),
        postponement=True,
    )
    if overlay is not None:
        return _waived(order, notice, overlay, waive_fee)
    return _waived(order, notice, _postponement_steps(order, notice, new_start), waive_fee)


def _waived(order: Order, notice: Notice, result: Settlement, waive_fee: bool) -> Settlement:
    """RULEBOOK §5: LEXOM may always waive a postponement fee it accepts."""
    if not waive_fee or result.status not in (Status.POSTPONED, Status.PENDING_RESCHEDULE):
        return result
    return settle(
        order,
        notice,
        Status.POSTPONED,
        ZERO,
        (
            cite(
                "legacy-15 §3.6",
                f"LEXOM waives the postponement fee ({result.owed} otherwise): nothing is owed and"
                " every payment is credited to the new session",
                f"LEXOM renonce aux frais de report ({result.owed} sinon) : rien n'est dû et les"
                " sommes versées sont reportées sur la nouvelle session",
            ),
        ),
        due_on=None,
        new_session_owed=order.total,
    )


def _postponement_steps(order: Order, notice: Notice, new_start: date | None) -> Settlement:
    """§3.6 "Pour tout report, même en cas de force majeure", in RULEBOOK §5's order."""
    received = notice.received_on
    total = order.total
    deposit = order.deposit_amount
    horizon = postponement_horizon(order)
    fm = (
        (
            cite(
                "legacy-15 §3.6",
                '"Pour tout report, même en cas de force majeure": force majeure changes nothing',
                "« Pour tout report, même en cas de force majeure » : la force majeure ne change"
                " rien",
            ),
        )
        if notice.reason == Reason.FORCE_MAJEURE
        else ()
    )

    def postponed(
        status: Status,
        owed: Decimal,
        why: Citation,
        new_session_owed: Decimal,
        escalates_on: date | None = None,
    ) -> Settlement:
        return settle(
            order,
            notice,
            status,
            owed,
            (why, *fm, *_opco_note(order, owed)),
            due_on=received,
            caveats=common.consumer_caveats(order, owed),
            escalates_on=escalates_on,
            owed_after_escalation=total if escalates_on is not None else None,
            new_session_owed=new_session_owed,
        )

    # 1. "Pour les formations en INTRA, aucun report ne sera pris en compte, pour motif
    #    d'absence de certains stagiaires."
    if order.session.format == SessionFormat.INTRA and notice.reason == Reason.TRAINEE_ABSENCE:
        return settle(
            order,
            notice,
            Status.REFUSED,
            total,
            (
                cite(
                    "legacy-15 §3.6",
                    "an INTRA session is not postponed for absence of some trainees: it is held"
                    f" from one trainee on and the total {total} stays owed",
                    "une formation INTRA n'est pas reportée pour absence de certains stagiaires :"
                    f" elle est maintenue à partir d'une personne et le total de {total} reste dû",
                ),
            ),
            due_on=_payment_due_on(order),
        )
    # 2. "Si la demande de report intervient pendant la formation": the total, at once.
    if received >= order.session.start:
        return postponed(
            Status.POSTPONED,
            total,
            cite(
                "legacy-15 §3.6",
                f"request received {received}, on or after the start {order.session.start}: the"
                f" total {total} is kept as an indemnity, due at once; the rest of the session is"
                " not billed again",
                f"demande reçue le {received}, à partir du début ({order.session.start}) : le"
                f" total de {total} reste acquis, exigible immédiatement ; la suite n'est pas"
                " refacturée",
            ),
            ZERO,
        )
    # 5. No new date yet: 30 % now, escalating to the total after the horizon.
    if new_start is None:
        escalates = add_days(horizon, 1)
        return postponed(
            Status.PENDING_RESCHEDULE,
            deposit,
            cite(
                "legacy-15 §3.6",
                f"no new date yet: the deposit amount {deposit} is kept now; unless a new start on"
                f" or before {horizon} (six months after the order) is set, the total {total} is"
                f" owed from {escalates}",
                f"pas encore de nouvelle date : l'acompte de {deposit} reste acquis ; sans"
                f" nouvelle date au plus tard le {horizon} (six mois après la commande), le total"
                f" de {total} sera dû à compter du {escalates}",
            ),
            total,
            escalates_on=escalates,
        )
    # 3. Rescheduled within six months of the order: the deposit amount, flat.
    if new_start <= horizon:
        return postponed(
            Status.POSTPONED,
            deposit,
            cite(
                "legacy-15 §3.6",
                f"new start {new_start}, within six months of the order (by {horizon}): the"
                f" deposit amount {deposit} is kept as a flat indemnity; the new session is owed"
                f" in full, {total}",
                f"nouvelle date le {new_start}, dans les six mois de la commande (au plus tard le"
                f" {horizon}) : l'acompte de {deposit} reste acquis à titre d'indemnité"
                f" forfaitaire ; la nouvelle session est due en entier, {total}",
            ),
            total,
        )
    # 4. Later than that: the total, at once.
    return postponed(
        Status.POSTPONED,
        total,
        cite(
            "legacy-15 §3.6",
            f"new start {new_start}, after the six-month horizon {horizon}: the total {total} is"
            " kept as an indemnity, due at once",
            f"nouvelle date le {new_start}, au-delà du délai de six mois ({horizon}) : le total"
            f" de {total} reste acquis, exigible immédiatement",
        ),
        ZERO,
    )


# --- timeline helpers and §4–§5 small clauses -----------------------------------------------


def reduced_fee_last_day(order: Order) -> date:
    """The last day a client cancellation costs only the deposit: ``start − 15 days``."""
    return add_days(order.session.start, -CANCELLATION_DAYS)


def liability_cap(order: Order) -> Amount:
    """§4.4 "limitée au prix de la prestation objet du litige [...] (intérêts et frais inclus)"."""
    common.version_of(order, VERSION)
    return liability_cap_amount(order, "legacy-15 §4.4")


def non_solicitation_penalty(
    last_monthly_cost: Decimal | None = None, *, subcontracted_revenue: Decimal | None = None
) -> Amount:
    """§5.2: 12 × (last monthly salary + employer charges); for a subcontractor, the revenue
    subcontracted in the 12 months before the breach."""
    return non_solicitation_amount(
        "legacy-15 §5.2", last_monthly_cost, subcontracted_revenue=subcontracted_revenue
    )


def data_retention_until(relationship_ended_on: date) -> date | None:
    """§5.5 "une durée ne pouvant excéder 5 ans à compter du terme des relations
    contractuelles"."""
    return add_years(relationship_ended_on, DATA_RETENTION_YEARS)


def dispute_forum(order: Order) -> Citation:
    """§5.4: Tribunal de commerce d'Aubenas for professionals; statutory rules and the mediator
    CNPM for consumers."""
    common.version_of(order, VERSION)
    if order.client.is_consumer:
        return cite(
            "legacy-15 §5.4",
            "toward a consumer the statutory rules of jurisdiction apply; the consumer may refer"
            " the dispute to the mediator CNPM - Médiation de la consommation",
            "envers un consommateur, les règles légales de compétence s'appliquent ; le"
            " consommateur peut saisir le médiateur CNPM - Médiation de la consommation",
        )
    return cite(
        "legacy-15 §5.4",
        "exclusive jurisdiction of the Tribunal de commerce d'Aubenas",
        "compétence exclusive du Tribunal de commerce d'Aubenas",
    )


def timeline(order: Order) -> Timeline:
    """Every dated milestone of a legacy-15 order, sorted."""
    common.version_of(order, VERSION)
    cutoff = reduced_fee_last_day(order)
    specific = [
        *if_after_signature(
            order,
            cutoff,
            lambda: Milestone(
                on=cutoff,
                label="last day a cancellation costs only the deposit (15 days before)",
                label_fr="dernier jour où une annulation ne coûte que l'acompte (15 jours avant)",
                source="legacy-15 §3.5",
            ),
        ),
        Milestone(
            on=postponement_horizon(order),
            label="six-month horizon: last new start date for the 30 % postponement fee",
            label_fr="délai de six mois : dernière date de report pour des frais de 30 %",
            source="legacy-15 §3.6",
        ),
    ]
    return build_timeline(
        order,
        window=retraction_window(order),
        deposit=deposit_due(order),
        balance_due=payment_due(order),
        specific=specific,
    )


def late_interest(
    invoice: Invoice,
    as_of: date,
    *,
    rates: RateTable | None = None,
    policy: InterestPolicy | None = None,
    claimed_through: date | None = None,
    capitalise_from: date | None = None,
) -> InterestClaim:
    """§3.4 (same text in both versions): see :mod:`lexom_terms.interest`."""
    if invoice.cgv != VERSION:
        raise InvalidInputError(f"invoice.cgv is {invoice.cgv!r} but this is the {VERSION} module")
    return _late_interest(
        invoice,
        as_of,
        rates=rates,
        policy=policy,
        claimed_through=claimed_through,
        capitalise_from=capitalise_from,
    )
