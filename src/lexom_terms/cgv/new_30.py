"""New CGV, 30-day regime (``new-30``; seed 003), as one declaration.

Clauses encoded here, in the order of RULEBOOK §1–§6 and §10:

* §2.1 formation on signature, quote validity, consumer withdrawal window
* §2.2 deposit "exigible à la commande" (does not condition the contract)
* §3.2 payment terms, foreign clients' prepayment; §3.3 OPCO
* §3.5–§3.6 cancellation and postponement by the client (30 % / 100 %)
* §3.7 cancellation or postponement by LEXOM
* §4.4 liability cap, §4.7 resolution, §5.2 non-solicitation, §5.3–5.4 forum, §5.5 retention

The engine (:mod:`lexom_terms.cgv.engine`) evaluates this regime; every function below is the
engine bound to it, with the same name and signature as in :mod:`lexom_terms.cgv.legacy_15`.
"""

from __future__ import annotations

from ..enums import CgvVersion, Channel, Reason
from ..results import cite
from . import engine as e
from .numbering import SHARED
from .regime import Clauses, ProviderCase, Regime, Step, Template

#: §3.6 "moins de 30 jours calendaires avant le début de la prestation".
CANCELLATION_DAYS = 30
#: §3.2 "Si aucun règlement n'a été constaté dans un délai d'un mois, avant le début".
FOREIGN_PREPAYMENT_MONTHS = 1

#: RULEBOOK §4 new-30, steps 2–4: the date of receipt decides, deposit paid or not.
CANCELLATION = (
    # "Toute formation commencée est due dans son intégralité."
    Step(
        "§4 new-30 started",
        "§3.5",
        e.started,
        e.the_total,
        Template(
            "notice received {received}, on or after the start {start}: a training begun is owed"
            " in full, {total}",
            "annulation reçue le {received}, à partir du début ({start}) : toute formation"
            " commencée est due dans son intégralité, {total}",
        ),
    ),
    # "moins de 30 jours calendaires avant le début": the total, deposit paid or not.
    Step(
        "§4 new-30 1 to 29 days",
        "§3.6",
        e.below_threshold,
        e.the_total,
        Template(
            "notice received {received}, {days} days before the start (fewer than {threshold}):"
            " the total {total} is owed, deposit paid or not",
            "annulation reçue le {received}, {days} jours avant le début (moins de {threshold}) :"
            " le total de {total} est dû, acompte versé ou non",
        ),
    ),
    # 30 days or more: 30 % of the total, deposit paid or not.
    Step(
        "§4 new-30 30 days or more",
        "§3.6",
        e.always,
        e.reduced_share_of_total,
        Template(
            "notice received {received}, {days} days before the start ({threshold} or more):"
            " {percent} of the total, {owed}, deposit paid or not",
            "annulation reçue le {received}, {days} jours avant le début ({threshold} ou plus) :"
            " {percent} du total, soit {owed}, acompte versé ou non",
        ),
    ),
)

_CONSUMER_CLAUSE = cite(
    "§2.1",
    '"Pour les clients particuliers [...] un délai de rétractation de quatorze (14) jours'
    " s'applique\": every consumer order has a 14-day withdrawal window",
    "« Pour les clients particuliers [...] un délai de rétractation de quatorze (14) jours"
    " s'applique » : toute commande d'un consommateur",
)

_WRITTEN = cite(
    "§3.5",
    '"Toute annulation ou demande de report [...] doit être notifiée par écrit": an oral notice'
    " is not receivable, the order stands and the total stays owed on the normal schedule",
    "« Toute annulation ou demande de report [...] doit être notifiée par écrit » : la commande"
    " demeure et le total reste dû à l'échéance normale",
)

# §3.7 excludes force majeure from its own guarantee: Code civil 1218 and 1229 decide.
_FORCE_MAJEURE = ProviderCase(
    frozenset({Reason.FORCE_MAJEURE}),
    (
        cite(
            "Code civil 1218",
            "{version} §3.7 excludes force majeure from its guarantee; force majeure ends or"
            " suspends the contract without damages",
            "l'article 3.7 exclut la force majeure de sa garantie ; la force majeure met fin au"
            " contrat ou le suspend sans dommages et intérêts",
        ),
        cite(
            "Code civil 1229",
            "the payments for a session not held are returned (or carried to the new date)",
            "les sommes versées pour une session non tenue sont restituées (ou reportées)",
        ),
    ),
)

NEW_30 = Regime(
    name="new-30",
    cgv=CgvVersion.NEW_30,
    # §2.1 formation on signature, §2.2 the deposit, §3.5 start and waiver, §3.6 the fees
    numbers=Clauses(
        **SHARED,
        signature="§2.1",
        deposit="§2.2",
        start="§3.5",
        waiver="§3.5",
        reduced_fee="§3.6",
        force_majeure_fee="§3.6",
        postponement_fee="§3.6",
        foreign_prepayment="§3.2",
    ),
    cancellation_days=CANCELLATION_DAYS,
    # §2.1: every consumer order, whatever the channel.
    consumer_window=tuple(
        (channel, _CONSUMER_CLAUSE)
        for channel in (Channel.DIRECT, Channel.WEBSITE, Channel.ON_PREMISES)
    ),
    cancellation=CANCELLATION,
    postponement=None,
    written_cancellation=_WRITTEN,
    written_postponement=_WRITTEN,
    provider_cancellation=(
        _FORCE_MAJEURE,
        ProviderCase(
            frozenset(),
            (
                cite(
                    "§3.7",
                    "cancelled by LEXOM: no fee; every sum paid, deposit included, is refunded in"
                    " full",
                    "annulation à l'initiative de LEXOM : aucun frais ; les sommes versées,"
                    " acompte compris, sont intégralement remboursées",
                ),
            ),
        ),
    ),
    provider_postponement=(
        _FORCE_MAJEURE,
        ProviderCase(
            frozenset(),
            (
                cite(
                    "§3.7",
                    "postponed by LEXOM: no fee; the sums paid are kept and credited to the new"
                    " session, with no further compensation",
                    "report à l'initiative de LEXOM : aucun frais ; les sommes versées restent"
                    " acquises et sont imputées sur la prestation reportée",
                ),
            ),
        ),
    ),
    # §2.2 "Un acompte correspondant à 30 % du montant total de la prestation est exigible à la
    # commande" — its non-payment does not affect the order's validity.
    deposit_at_signature=Template(
        "the deposit, {deposit_percent} of the total {total}, is due with the order; not paying it"
        " does not"
        " affect the order's validity",
        "l'acompte de {deposit_percent} du total {total} est exigible à la commande ; son non-versement"
        " n'affecte pas la validité de la commande",
    ),
    website_deferral=None,
    opco_note=cite(
        "§3.3",
        "the OPCO pays only for training delivered: this fee is the client's",
        "l'OPCO ne prend en charge que la formation dispensée : ces frais sont à la charge du"
        " client",
    ),
    postponement_force_majeure=None,
    waiver=Template(
        "LEXOM accepts the postponement without fee ({owed} at most otherwise): every payment is"
        " credited to the new session",
        "LEXOM accepte le report sans frais ({owed} au plus sinon) : les sommes versées sont"
        " imputées sur la session reportée",
    ),
    # §3.6 "les frais appliqués ne pourront excéder ceux prévus en cas d'annulation à la même
    # date" and are "assimilés à des frais d'annulation partielle".
    postponement_fee=Template(
        "postponement fees equal the cancellation fee at the same date ({owed}), the most §3.6"
        ' allows ("assimilés à des frais d\'annulation partielle")',
        "les frais de report égalent les frais d'annulation à la même date ({owed}), le maximum"
        " permis par l'article 3.6",
    ),
    reduced_fee_label=Template(
        "last day a cancellation costs only {percent} ({threshold} days before)",
        "dernier jour où une annulation ne coûte que {percent} ({threshold} jours avant)",
    ),
    forum_consumer=cite(
        "§5.4",
        "a consumer may refer the dispute free of charge to the mediator MED CONSO DEV after a"
        " written complaint to LEXOM that went unresolved; the courts of Aubenas otherwise"
        " (§5.3), within the limits of consumer law",
        "le consommateur peut saisir gratuitement le médiateur MED CONSO DEV après une"
        " réclamation écrite restée sans issue ; à défaut, les tribunaux d'Aubenas (§5.3), dans"
        " les limites du droit de la consommation",
    ),
    forum_professional=cite(
        "§5.3",
        "only the courts of Aubenas have jurisdiction",
        "seuls les tribunaux d'Aubenas sont compétents",
    ),
    mediator="MED CONSO DEV (Médiation Consommation Développement), 3 rue J. Constant Milleret,"
    " 42000 Saint-Étienne (https://www.medconsodev.eu)",
    foreign_prepayment_months=FOREIGN_PREPAYMENT_MONTHS,
    # §5.5 "pendant la durée strictement nécessaire aux finalités poursuivies": no fixed period.
    data_retention_years=None,
)

RULES = e.Rules(NEW_30)
# API.md's functions (and this version's own), the one engine bound to this regime.
__all__ = ["NEW_30", *e.expose(RULES, globals(), "foreign_prepayment_check")]
