"""New CGV, 30-day regime (``new-30``; seed 003).

Clauses encoded here, in the order of RULEBOOK §1–§6 and §10:

* §2.1 formation on signature, quote validity, consumer withdrawal window
* §2.2 deposit "exigible à la commande" (does not condition the contract)
* §3.2 payment terms, foreign clients' prepayment (with :mod:`lexom_terms.funding` for §3.3)
* §3.5–§3.6 cancellation and postponement by the client (30 % / 100 %)
* §3.7 cancellation or postponement by LEXOM
* §4.4 liability cap, §4.7 resolution, §5.2 non-solicitation, §5.3–5.4 forum, §5.5 retention

Every function has the same name and signature as in :mod:`lexom_terms.cgv.legacy_15`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..calendar import add_days, add_months
from ..enums import CgvVersion, Reason, Status
from ..errors import InvalidInputError
from ..funding import balance
from ..interest import late_interest as _late_interest
from ..models import InterestPolicy, Invoice, Notice, Order
from ..money import ZERO, thirty_percent
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

VERSION = CgvVersion.NEW_30
#: §3.6 "moins de 30 jours calendaires avant le début de la prestation".
CANCELLATION_DAYS = 30
#: §3.2 "Si aucun règlement n'a été constaté dans un délai d'un mois, avant le début".
FOREIGN_PREPAYMENT_MONTHS = 1

__all__ = [
    "balance",
    "cancel",
    "data_retention_until",
    "deposit_due",
    "dispute_forum",
    "foreign_prepayment_check",
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
]


# --- §2.1 withdrawal window ------------------------------------------------------------------

_CONSUMER_CLAUSE = cite(
    "new-30 §2.1",
    '"Pour les clients particuliers [...] un délai de rétractation de quatorze (14) jours'
    " s'applique\": every consumer order has a 14-day withdrawal window",
    "« Pour les clients particuliers [...] un délai de rétractation de quatorze (14) jours"
    " s'applique » : toute commande d'un consommateur",
)


def _windows(order: Order) -> tuple[retraction.Window, ...]:
    memo = order.derived
    found: tuple[retraction.Window, ...] | None = memo.get("windows")
    if found is None:
        found = memo["windows"] = retraction.windows(order, consumer_clause=_CONSUMER_CLAUSE)
    return found


def retraction_window(order: Order) -> RetractionWindow | None:
    """RULEBOOK §3: the window that ends last among those that apply, or None."""
    common.version_of(order, VERSION)
    return common.window_result(retraction.reported(_windows(order)))


# --- §2.2 deposit ----------------------------------------------------------------------------


def deposit_due(order: Order) -> Due:
    """§2.2 "Un acompte correspondant à 30 % du montant total de la prestation est exigible à la
    commande": on the signature date; L6353-6 defers it past an open withdrawal window."""
    common.version_of(order, VERSION)
    window = retraction.reported(_windows(order))
    if window is None:
        return Due(
            amount=order.deposit_amount,
            on=order.signed_on,
            citations=(
                cite(
                    "new-30 §2.2",
                    f"the deposit, 30 % of the total {order.total}, is due with the order; not"
                    " paying it does not affect the order's validity",
                    f"l'acompte de 30 % du total {order.total} est exigible à la commande ; son"
                    " non-versement n'affecte pas la validité de la commande",
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
                f" {window.last_day}; the deposit, at most 30 %, is due on {on} (this overrides"
                ' "exigible à la commande")',
                f"aucune somme ne peut être exigée avant la fin du délai de rétractation le"
                f" {window.last_day} ; l'acompte, 30 % au plus, est dû le {on}",
            ),
        ),
    )


# --- §3.2 payment terms ----------------------------------------------------------------------


def _prepays(order: Order) -> bool:
    """§3.2: a foreign client prepays, unless a natural person paying for their own training
    (Code du travail L6353-6: at most 30 % before the training)."""
    return order.client.is_foreign and not order.self_funded_natural_person


def _payment_due_on(order: Order) -> date:
    if _prepays(order):
        return add_days(order.session.start, -1)
    return order.session.end


def payment_due(order: Order, invoice_received_on: date | None = None) -> Due:
    """§3.2 "payables [...] à la fin de la prestation, à leur réception"; for a foreign client
    "le règlement de la prestation est exigé en totalité avant le démarrage": the day before."""
    common.version_of(order, VERSION)
    if _prepays(order):
        on = _payment_due_on(order)
        why = cite(
            "new-30 §3.2",
            f"a client established outside France ({order.client.country}) pays in full before"
            f" the start: by {on}",
            f"un client établi hors de France ({order.client.country}) règle la totalité avant"
            f" le démarrage : au plus tard le {on}",
        )
    else:
        on = order.session.end
        if invoice_received_on is not None and invoice_received_on > on:
            on = invoice_received_on
        why = cite(
            "new-30 §3.2",
            f"invoices are payable at the end of the training, on receipt: {on}",
            f"les factures sont payables à la fin de la prestation, à réception : {on}",
        )
    split = balance(order, on)
    return Due(amount=split.client_outstanding, on=on, citations=(why, *split.citations))


def foreign_prepayment_check(order: Order) -> tuple[date, date] | None:
    """§3.2 "Si aucun règlement n'a été constaté dans un délai d'un mois, avant le début de la
    formation, LEXOM se réserve le droit d'annuler": (check date ``start − 1 month``, first day
    LEXOM may cancel); None where the clause does not apply."""
    if not _prepays(order):
        return None
    check = add_months(order.session.start, -FOREIGN_PREPAYMENT_MONTHS)
    return check, add_days(check, 1)


# --- §3.5–§3.6 cancellation by the client -----------------------------------------------------

_WRITTEN = cite(
    "new-30 §3.5",
    '"Toute annulation ou demande de report [...] doit être notifiée par écrit": an oral notice'
    " is not receivable, the order stands and the total stays owed on the normal schedule",
    "« Toute annulation ou demande de report [...] doit être notifiée par écrit » : la commande"
    " demeure et le total reste dû à l'échéance normale",
)


def cancel(order: Order, notice: Notice, *, proposal_cost: Decimal = ZERO) -> Settlement:
    """The consequence of a cancellation notice, client or provider (RULEBOOK §4, §6).

    ``proposal_cost`` exists for the same signature as legacy-15; new-30 never uses it (the
    deposit does not condition the contract, §2.2)."""
    common.version_of(order, VERSION)
    common.money_argument(proposal_cost, "proposal_cost", order)

    # The rule checks its notice: the request's, and each moved one the boundaries try.
    def rule(moved: Notice) -> Settlement:
        common.check_notice(order, moved)
        return _cancel(order, moved)

    return rule(notice).with_evaluators(common.receipt_evaluator(order, notice, rule))


def _cancel(order: Order, notice: Notice) -> Settlement:
    if common.is_provider(notice):
        return common.provider_settlement(
            order, notice, _provider_clauses(notice, postponement=False), postponement=False
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
    # Then force majeure, then §3.5-§3.6.
    excused = common.self_funded_force_majeure(order, notice)
    if excused is not None:
        return excused
    extra = common.force_majeure_no_excuse(notice, "new-30 §3.6")
    owed, why = _fee(order, notice)
    return settle(
        order,
        notice,
        Status.CANCELLED,
        owed,
        (why, *extra, *_opco_note(order, owed)),
        due_on=notice.received_on,
        caveats=common.consumer_caveats(order, owed),
    )


def _fee(order: Order, notice: Notice) -> tuple[Decimal, Citation]:
    """§3.5–§3.6, in RULEBOOK §4's order: the date of receipt decides."""
    days = common.days_before_start(order, notice)
    received = notice.received_on
    total = order.total
    # 2. "Toute formation commencée est due dans son intégralité."
    if days <= 0:
        return total, cite(
            "new-30 §3.5",
            f"notice received {received}, on or after the start {order.session.start}: a training"
            f" begun is owed in full, {total}",
            f"annulation reçue le {received}, à partir du début ({order.session.start}) : toute"
            f" formation commencée est due dans son intégralité, {total}",
        )
    # 3. "moins de 30 jours calendaires avant le début": the total, deposit paid or not.
    if days < CANCELLATION_DAYS:
        return total, cite(
            "new-30 §3.6",
            f"notice received {received}, {days} days before the start (fewer than 30): the total"
            f" {total} is owed, deposit paid or not",
            f"annulation reçue le {received}, {days} jours avant le début (moins de 30) : le"
            f" total de {total} est dû, acompte versé ou non",
        )
    # 4. 30 days or more: 30 % of the total, deposit paid or not.
    fee = thirty_percent(total)
    return fee, cite(
        "new-30 §3.6",
        f"notice received {received}, {days} days before the start (30 or more): 30 % of the"
        f" total, {fee}, deposit paid or not",
        f"annulation reçue le {received}, {days} jours avant le début (30 ou plus) : 30 % du"
        f" total, soit {fee}, acompte versé ou non",
    )


def _opco_note(order: Order, owed: Decimal) -> tuple[Citation, ...]:
    if order.funding is None or owed <= 0:
        return ()
    return (
        cite(
            "new-30 §3.3",
            "the OPCO pays only for training delivered: this fee is the client's",
            "l'OPCO ne prend en charge que la formation dispensée : ces frais sont à la charge"
            " du client",
        ),
    )


def _provider_clauses(notice: Notice, *, postponement: bool) -> tuple[Citation, ...]:
    """RULEBOOK §6 for new-30: §3.7, which excludes force majeure from its own guarantee."""
    if notice.reason == Reason.FORCE_MAJEURE:
        return (
            cite(
                "Code civil 1218",
                "new-30 §3.7 excludes force majeure from its guarantee; force majeure ends or"
                " suspends the contract without damages",
                "l'article 3.7 exclut la force majeure de sa garantie ; la force majeure met fin"
                " au contrat ou le suspend sans dommages et intérêts",
            ),
            cite(
                "Code civil 1229",
                "the payments for a session not held are returned (or carried to the new date)",
                "les sommes versées pour une session non tenue sont restituées (ou reportées)",
            ),
        )
    if postponement:
        return (
            cite(
                "new-30 §3.7",
                "postponed by LEXOM: no fee; the sums paid are kept and credited to the new"
                " session, with no further compensation",
                "report à l'initiative de LEXOM : aucun frais ; les sommes versées restent"
                " acquises et sont imputées sur la prestation reportée",
            ),
        )
    return (
        cite(
            "new-30 §3.7",
            "cancelled by LEXOM: no fee; every sum paid, deposit included, is refunded in full",
            "annulation à l'initiative de LEXOM : aucun frais ; les sommes versées, acompte"
            " compris, sont intégralement remboursées",
        ),
    )


# --- §3.5–§3.6 postponement by the client ----------------------------------------------------


def postpone(
    order: Order, notice: Notice, new_start: date | None = None, *, waive_fee: bool = False
) -> Settlement:
    """The consequence of a postponement request (RULEBOOK §5, §6). new-30 has no six-month
    horizon: ``new_start`` does not change the fee."""
    common.version_of(order, VERSION)

    # The rule checks its notice: the request's, and each moved one the boundaries try.
    def rule(moved: Notice) -> Settlement:
        common.check_notice(order, moved)
        common.check_new_start(moved, new_start)
        return _postpone(order, moved, waive_fee)

    return rule(notice).with_evaluators(common.receipt_evaluator(order, notice, rule))


def _postpone(order: Order, notice: Notice, waive_fee: bool) -> Settlement:
    if common.is_provider(notice):
        return common.provider_settlement(
            order, notice, _provider_clauses(notice, postponement=True), postponement=True
        )
    # §3.6 "les frais appliqués ne pourront excéder ceux prévus en cas d'annulation à la même
    # date": the cancellation a notice of that date would cost, retraction included.
    cancellation = _cancel(order, notice)
    if cancellation.status == Status.NOT_RECEIVABLE:
        return common.not_receivable(order, notice, _WRITTEN, _payment_due_on(order))
    if waive_fee:
        owed = ZERO
        why = cite(
            "new-30 §3.5",
            f"LEXOM accepts the postponement without fee ({cancellation.owed} at most otherwise):"
            " every payment is credited to the new session",
            f"LEXOM accepte le report sans frais ({cancellation.owed} au plus sinon) : les sommes"
            " versées sont imputées sur la session reportée",
        )
        caveats: tuple[Citation, ...] = ()
    else:
        owed = cancellation.owed
        why = cite(
            "new-30 §3.6",
            f"postponement fees equal the cancellation fee at the same date ({owed}), the most"
            ' §3.6 allows ("assimilés à des frais d\'annulation partielle")',
            f"les frais de report égalent les frais d'annulation à la même date ({owed}), le"
            " maximum permis par l'article 3.6",
        )
        caveats = cancellation.caveats
    return settle(
        order,
        notice,
        Status.POSTPONED,
        owed,
        (why, *cancellation.citations) if not waive_fee else (why,),
        due_on=notice.received_on,
        caveats=caveats,
        # The fee is the cost of moving the session; a fee of the whole price pays for the
        # training itself, which is then still owed to the client at its new date.
        new_session_owed=order.total if owed < order.total else ZERO,
    )


# --- timeline helpers and §4–§5 small clauses -----------------------------------------------


def reduced_fee_last_day(order: Order) -> date:
    """The last day a client cancellation costs only 30 %: ``start − 30 days``."""
    return add_days(order.session.start, -CANCELLATION_DAYS)


def liability_cap(order: Order) -> Amount:
    """§4.4 "limitée au prix de la prestation objet du litige [...] (intérêts et frais inclus)"."""
    common.version_of(order, VERSION)
    return liability_cap_amount(order, "new-30 §4.4")


def non_solicitation_penalty(
    last_monthly_cost: Decimal | None = None, *, subcontracted_revenue: Decimal | None = None
) -> Amount:
    """§5.2: 12 × (last monthly salary + employer charges); subcontractor: a year's revenue."""
    return non_solicitation_amount(
        "new-30 §5.2", last_monthly_cost, subcontracted_revenue=subcontracted_revenue
    )


def data_retention_until(relationship_ended_on: date) -> date | None:
    """§5.5 "pendant la durée strictement nécessaire aux finalités poursuivies": no fixed
    period, so no date (None)."""
    return None


def dispute_forum(order: Order) -> Citation:
    """§5.3 courts of Aubenas; §5.4 a consumer may use MED CONSO DEV after a written complaint."""
    common.version_of(order, VERSION)
    if order.client.is_consumer:
        return cite(
            "new-30 §5.4",
            "a consumer may refer the dispute free of charge to the mediator MED CONSO DEV after"
            " a written complaint to LEXOM that went unresolved; the courts of Aubenas otherwise"
            " (§5.3), within the limits of consumer law",
            "le consommateur peut saisir gratuitement le médiateur MED CONSO DEV après une"
            " réclamation écrite restée sans issue ; à défaut, les tribunaux d'Aubenas (§5.3),"
            " dans les limites du droit de la consommation",
        )
    return cite(
        "new-30 §5.3",
        "only the courts of Aubenas have jurisdiction",
        "seuls les tribunaux d'Aubenas sont compétents",
    )


def timeline(order: Order) -> Timeline:
    """Every dated milestone of a new-30 order, sorted."""
    common.version_of(order, VERSION)
    cutoff = reduced_fee_last_day(order)
    specific = if_after_signature(
        order,
        cutoff,
        lambda: Milestone(
            on=cutoff,
            label="last day a cancellation costs only 30 % (30 days before)",
            label_fr="dernier jour où une annulation ne coûte que 30 % (30 jours avant)",
            source="new-30 §3.6",
        ),
    )
    check = foreign_prepayment_check(order)
    if check is not None:
        specific += [
            Milestone(
                on=check[0],
                label="foreign client: payment in full expected by now",
                label_fr="client étranger : règlement intégral attendu à cette date",
                source="new-30 §3.2",
            ),
            Milestone(
                on=check[1],
                label="if nothing was received, LEXOM may cancel from today",
                label_fr="sans règlement reçu, LEXOM peut annuler à partir de ce jour",
                source="new-30 §3.2",
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
