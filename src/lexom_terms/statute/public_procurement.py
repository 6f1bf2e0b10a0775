"""Public buyers: the Code de la commande publique over the CGV (RULEBOOK §11).

A training ordered and paid by a public buyer (``Client.public_buyer``) is a public contract. Its
payment rules are public order (L2192-14): they replace CGV §2.1/§2.2 (deposit), §3.2 (payment
date) and §3.4 (interest rate and indemnity) for that client.
"""

from __future__ import annotations

# =============================================================================================
# Settlement side: payment periods, due-date arithmetic, citations.
# =============================================================================================
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .. import fmt
from ..calendar import add_days, semester_start
from ..enums import PublicBuyer
from ..errors import InvalidInputError
from ..rates import RateTable
from ..results import Citation, cite

__all__ = [
    "ACCESSORIES_DAYS",
    "DEFAULT_RECEIPT_DAYS",
    "PERIOD_DAYS",
    "PUBLIC_BASIS",
    "PUBLIC_ECB_MARGIN",
    "PUBLIC_RECOVERY_INDEMNITY",
    "PublicRate",
    "accessories_due_on",
    "deposit_citation",
    "due_on",
    "earliest_due_on",
    "fee_citation",
    "fee_due_on",
    "interrupted_due_on",
    "interruption_citations",
    "payment_citations",
    "period_article",
    "period_days",
    "public_interest_rate",
    "receipt_from_sending",
]

#: R2192-10 (the State, local authorities and their establishments): 30 days; R2192-11 1°
#: (public health establishments): 50 days; R2192-11 2° (public undertakings): 60 days.
PERIOD_DAYS: dict[PublicBuyer, int] = {
    PublicBuyer.STATE: 30,
    PublicBuyer.HEALTH: 50,
    PublicBuyer.PUBLIC_UNDERTAKING: 60,
}

_PERIOD_ARTICLE: dict[PublicBuyer, str] = {
    PublicBuyer.STATE: "Code de la commande publique R2192-10",
    PublicBuyer.HEALTH: "Code de la commande publique R2192-11",
    PublicBuyer.PUBLIC_UNDERTAKING: "Code de la commande publique R2192-11",
}

_WHO: dict[PublicBuyer, tuple[str, str]] = {
    PublicBuyer.STATE: (
        "the State or a local authority",
        "l'État ou une collectivité territoriale",
    ),
    PublicBuyer.HEALTH: ("a public health establishment", "un établissement public de santé"),
    PublicBuyer.PUBLIC_UNDERTAKING: ("a public undertaking", "une entreprise publique"),
}

#: R2192-14: without a recorded receipt date, the request is deemed received two days after it
#: was sent.
DEFAULT_RECEIPT_DAYS = 2


def period_article(buyer: PublicBuyer) -> str:
    """The article that sets ``buyer``'s payment period."""
    return _PERIOD_ARTICLE[buyer]


def period_days(buyer: PublicBuyer) -> int:
    """The payment period of ``buyer`` in calendar days (R2192-10, R2192-11)."""
    return PERIOD_DAYS[buyer]


def receipt_from_sending(sent_on: date) -> date:
    """R2192-14: the payment request's receipt date when none is recorded: sent + 2 days."""
    return add_days(sent_on, DEFAULT_RECEIPT_DAYS)


def earliest_due_on(buyer: PublicBuyer, training_end: date) -> date:
    """The earliest the period can end: it runs from the service's completion at the soonest
    (R2192-12), so ``session.end + N days``."""
    return add_days(training_end, PERIOD_DAYS[buyer])


def fee_due_on(buyer: PublicBuyer, notice_received_on: date) -> date:
    """A cancellation or postponement fee owed by a public buyer: every sum it pays under the
    contract is paid within its period from the receipt of the payment request (R2192-10 to
    R2192-12; public order, L2192-14), and LEXOM cannot invoice the fee before it receives the
    notice, so the earliest the period can end is ``notice received + N days`` (docs/decisions.md:
    the CGV's "dès l'annulation" gives way, Code civil 1190 and L2192-14)."""
    return add_days(notice_received_on, PERIOD_DAYS[buyer])


def fee_citation(
    buyer: PublicBuyer, notice_received_on: date, on: date, *, share: bool = False
) -> Citation:
    """Why a sum a public buyer owes after a notice is payable on ``on`` at the earliest: a fee,
    or (``share``) the training delivered before LEXOM interrupted it (RULEBOOK §11)."""
    article = period_article(buyer)
    days = PERIOD_DAYS[buyer]
    what_en, what_fr = (
        ("the training given is", "la formation dispensée est payable")
        if share
        else ("the fee is", "les frais sont payables")
    )
    return cite(
        article,
        f"a public buyer pays within {days} days of receiving the payment request, which cannot"
        f" precede the notice received on {notice_received_on}: {what_en} payable on {on} at the"
        " earliest",
        f"un acheteur public paie dans les {days} jours de la réception de la demande de"
        f" paiement, qui ne peut précéder la demande reçue le {fmt.day(notice_received_on)} :"
        f" {what_fr} au plus tôt le {fmt.day(on)}",
    )


#: RULEBOOK §20: on every settlement of a public buyer.
CONTRACT_TERMS_CAVEAT = cite(
    "Code de la commande publique R2112-2",
    "a public contract's own terms (its CCAP, or the CCAG-FCS it cites) may set the CGV's"
    " cancellation and postponement fees aside: check the contract's documents before invoicing",
    "les pièces du marché public (son CCAP, ou le CCAG-FCS auquel il renvoie) peuvent écarter les"
    " frais d'annulation et de report des CGV : vérifier les documents du marché avant de"
    " facturer",
)


def due_on(buyer: PublicBuyer, training_end: date, received_on: date) -> date:
    """``max(request received, end of the training) + N days``, calendar days, no extension for
    week-ends or holidays (R2192-10 to R2192-12)."""
    start = received_on if received_on > training_end else training_end
    return add_days(start, PERIOD_DAYS[buyer])


def payment_citations(
    buyer: PublicBuyer, training_end: date, received_on: date, on: date, *, deemed: bool
) -> tuple[Citation, ...]:
    """Why a public buyer's payment falls due on ``on``."""
    days = PERIOD_DAYS[buyer]
    who_en, who_fr = _WHO[buyer]
    start = received_on if received_on > training_end else training_end
    citations = [
        cite(
            _PERIOD_ARTICLE[buyer],
            f"{who_en} pays within {days} days: due on {on}",
            f"{who_fr} paie dans un délai de {days} jours : échéance le {fmt.day(on)}",
        ),
    ]
    if training_end > received_on:
        # R2192-13: a request received before the service was done runs from its completion.
        citations.append(
            cite(
                "Code de la commande publique R2192-13",
                f"the payment request was received on {received_on}, before the end of the"
                f" training ({training_end}): the period runs from the end, {start}",
                f"la demande de paiement a été reçue le {fmt.day(received_on)}, avant la fin de"
                f" la formation ({fmt.day(training_end)}) : le délai court de la fin, le"
                f" {fmt.day(start)}",
            )
        )
    else:
        citations.append(
            cite(
                "Code de la commande publique R2192-12",
                f"the period runs from the receipt of the payment request ({received_on}) or from"
                f" the end of the training ({training_end}) if later: from {start}",
                f"le délai court de la réception de la demande de paiement"
                f" ({fmt.day(received_on)}) ou de la fin de la formation ({fmt.day(training_end)})"
                f" si elle est postérieure : à partir du {fmt.day(start)}",
            )
        )
    if deemed:
        citations.append(
            cite(
                "Code de la commande publique R2192-14",
                f"no receipt date recorded: the request is deemed received two days after it was"
                f" sent, on {received_on}",
                f"faute de date de réception enregistrée, la demande est réputée reçue deux jours"
                f" après son envoi, le {fmt.day(received_on)}",
            )
        )
    return tuple(citations)


# ---------------------------------------------------------------------------------------------
# The period interrupted (R2192-27 to R2192-29, RULEBOOK §20)
# ---------------------------------------------------------------------------------------------
#
#   R2192-27: « Le délai de paiement peut être suspendu une seule fois par le pouvoir
#   adjudicateur [interrompu] lorsque la demande de paiement ne comporte pas l'ensemble des
#   pièces et des mentions prévues par la loi ou par le contrat [...] »
#   R2192-29: « [...] un nouveau délai de paiement [...] court à compter de la réception de la
#   totalité des éléments [...] Ce nouveau délai est de trente jours ou égal au solde restant à
#   courir à la date de réception de la notification de l'interruption si ce solde est
#   supérieur à trente jours. »

#: R2192-29: the new period after the missing pieces are received, for every buyer.
RESUMED_PERIOD_DAYS = 30


def interrupted_due_on(
    received_on: date, due: date, interrupted_on: date, completed_on: date
) -> date:
    """R2192-29: the period interrupted on ``interrupted_on`` (the day LEXOM receives the
    notification) starts again on ``completed_on`` (the missing pieces received) for 30 days, or
    for the days that were left on the interruption if more. Only one interruption, between the
    request's receipt and the period's end (R2192-27, R2192-28)."""
    if interrupted_on < received_on or interrupted_on > due:
        raise InvalidInputError(
            f"interrupted_on {interrupted_on} is outside the payment period (from the request's"
            f" receipt {received_on} to its end {due}): a buyer can only interrupt a period that"
            " is running (Code de la commande publique R2192-27)",
            field="interrupted_on",
            code="interruption_out_of_period",
        )
    if completed_on < interrupted_on:
        raise InvalidInputError(
            f"completed_on {completed_on} is before interrupted_on {interrupted_on}: the missing"
            " pieces are received after the buyer asked for them",
            field="completed_on",
            code="completed_before_interruption",
        )
    left = (due - interrupted_on).days
    return add_days(completed_on, max(RESUMED_PERIOD_DAYS, left))


def interruption_citations(
    due: date, interrupted_on: date, completed_on: date, on: date
) -> tuple[Citation, ...]:
    left = (due - interrupted_on).days
    days = max(RESUMED_PERIOD_DAYS, left)
    return (
        cite(
            "Code de la commande publique R2192-27",
            f"the buyer interrupted the period on {interrupted_on} (the day LEXOM received its"
            " notification of what was missing); it may do so only once",
            f"l'acheteur a interrompu le délai le {fmt.day(interrupted_on)} (jour de réception par"
            " LEXOM de sa notification des pièces manquantes) ; il ne peut le faire qu'une fois",
        ),
        cite(
            "Code de la commande publique R2192-29",
            f"{left} days of the period were left (due {due}); the missing pieces were received"
            f" on {completed_on}: a new period of {days} days (30, or what was left if more),"
            f" due on {on}",
            f"il restait {left} jours du délai (échéance le {fmt.day(due)}) ; les pièces"
            f" manquantes ont été reçues le {fmt.day(completed_on)} : un nouveau délai de {days}"
            f" jours (30, ou le solde restant s'il est supérieur), échéance le {fmt.day(on)}",
        ),
    )


#: RULEBOOK §20: an interruption given for a client that is not a public buyer.
INTERRUPTION_IGNORED = cite(
    "Code de la commande publique R2192-27",
    "interrupted_on and completed_on are ignored: only a public buyer's payment period can be"
    " interrupted (Code de la commande publique); this client's invoice is payable as the CGV say",
    "interrupted_on et completed_on sont ignorées : seul le délai de paiement d'un acheteur"
    " public peut être interrompu (Code de la commande publique) ; la facture de ce client est"
    " payable selon les CGV",
)


def deposit_citation() -> Citation:
    """No deposit from a public buyer: it pays after the service is done (RULEBOOK §2)."""
    return cite(
        "Code de la commande publique R2191-3",
        "a public buyer pays after the service is done; only a contractual advance may be paid"
        " beforehand, so no deposit is due",
        "un acheteur public paie après service fait ; seule une avance contractuelle peut être"
        " versée avant, aucun acompte n'est donc dû",
    )


# ---------------------------------------------------------------------------------------------
# Interest (R2192-31 ff.)
# ---------------------------------------------------------------------------------------------
#
#   R2192-31: « Le taux des intérêts moratoires est égal au taux d'intérêt appliqué par la Banque
#   centrale européenne à ses opérations principales de refinancement les plus récentes, en
#   vigueur au premier jour du semestre de l'année civile au cours duquel les intérêts
#   moratoires ont commencé à courir, majoré de huit points de pourcentage. »
#   D2192-35: « Le montant de l'indemnité forfaitaire pour frais de recouvrement [...] est fixé
#   à 40 euros. »
#   R2192-36: « Les intérêts moratoires et l'indemnité forfaitaire [...] sont versés dans un
#   délai de quarante-cinq jours suivant la mise en paiement du principal. »

#: R2192-31: "majoré de huit points de pourcentage".
PUBLIC_ECB_MARGIN = Decimal(8)
#: D2192-35: "fixé à 40 euros", per late invoice, whatever the public buyer.
PUBLIC_RECOVERY_INDEMNITY = Decimal("40.00")
#: R2192-36: interest and indemnity are paid within 45 days of the principal.
ACCESSORIES_DAYS = 45
#: The basis an :class:`~lexom_terms.results.InterestPeriod` shows for this rate.
PUBLIC_BASIS = "ECB+8"


@dataclass(frozen=True, slots=True)
class PublicRate:
    """The one rate of a public buyer's whole delay, and the ECB rate it was read from."""

    percent: Decimal
    ecb_percent: Decimal
    reference: date
    provisional: bool


def public_interest_rate(first_late_day: date, rates: RateTable) -> PublicRate:
    """R2192-31: the ECB MRO rate in force on the first day (1 January or 1 July) of the
    semester in which interest *started*, + 8 points, fixed for the whole delay: unlike the CGV
    rate it does not move on 1 January or 1 July, and it has no 3 × legal-rate floor. The
    caller's ``ecb_reference`` policy does not apply (R2192-31 fixes the reference day)."""
    reference = semester_start(first_late_day)
    ecb = rates.ecb_rate(reference)
    return PublicRate(ecb.percent + PUBLIC_ECB_MARGIN, ecb.percent, reference, not ecb.confirmed)


def accessories_due_on(principal_paid_on: date | None, days_late: int) -> date | None:
    """R2192-36: interest and indemnity are payable within 45 calendar days of the day the
    principal was paid in full; None while it is unpaid, and None when it was paid on time (there
    are no accessories)."""
    if principal_paid_on is None or days_late <= 0:
        return None
    return principal_paid_on + timedelta(days=ACCESSORIES_DAYS)
