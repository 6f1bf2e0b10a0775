"""Legacy CGV, 15-day regime (``legacy-15``; seeds 000, 001, 002, 004), as one declaration.

Clauses encoded here, in the order of RULEBOOK §1–§6 and §10:

* §2.1 quote validity and deposit; website orders' 14-day window and deferral
* §2.2 formation of the contract and "Non-versement de l'acompte"
* §3.2 payment terms, §3.3 / §3.6 OPCO subrogation
* §3.5 cancellation (client; provider for trainer absence or venue)
* §3.6 postponement ("même en cas de force majeure")
* §4.4 liability cap, §4.5 force majeure, §4.7 resolution, §5.2 non-solicitation,
  §5.4 forum, §5.5 data retention

The engine (:mod:`lexom_terms.cgv.engine`) evaluates this regime; every function below is the
engine bound to it, with the same name and signature as in :mod:`lexom_terms.cgv.new_30`.
"""

from __future__ import annotations

from ..enums import CgvVersion, Channel, Reason, Status
from ..results import cite
from . import engine as e
from .numbering import SHARED
from .regime import Clauses, ProviderCase, Regime, Step, Template

#: §3.5: "dans un délai maximum de 15 jours avant la date prévue" — read as *at least* 15 days.
CANCELLATION_DAYS = 15
#: §3.6: "reportée dans un délai de six mois à compter de la commande".
POSTPONEMENT_HORIZON_MONTHS = 6
#: §5.5: "une durée ne pouvant excéder 5 ans à compter du terme des relations contractuelles".
DATA_RETENTION_YEARS = 5

_TRAINEE_ABSENCE_CANCEL = Step(
    "§4 legacy-15 INTRA trainee absence",
    "§3.5",
    e.intra_trainee_absence,
    e.the_total,
    # "Pour les formations en INTRA, aucune annulation ne sera prise en compte, pour motif
    # d'absence de stagiaires. La formation est maintenue à partir d'une personne."
    Template(
        "an INTRA session is not cancelled for absence of trainees: it is held from one trainee"
        " on and the total {total} stays owed on the normal schedule",
        "une formation INTRA n'est pas annulée pour absence de stagiaires : elle est maintenue à"
        " partir d'une personne et le total {total} reste dû à l'échéance normale",
    ),
    status=Status.REFUSED,
    due="schedule",
    fee=False,
    notes=(
        cite(
            "§3.7",
            "absence of trainees gives no reduction of the price",
            "l'absence de stagiaires ne donne lieu à aucune réduction du prix",
        ),
    ),
)

#: RULEBOOK §4 legacy-15, steps 2–6 (step 1, the retraction window, is a statutory overlay).
CANCELLATION = (
    _TRAINEE_ABSENCE_CANCEL,
    # "en début de prestation": on the start day or later, the total, at once.
    Step(
        "§4 legacy-15 started",
        "§3.5",
        e.started,
        e.the_total,
        Template(
            'notice received {received}, on or after the start {start} ("en début de'
            ' prestation"): the total {total} is due at once',
            "annulation reçue le {received}, à partir du début de la formation ({start}) : le"
            " total de {total} est dû immédiatement",
        ),
    ),
    # §2.2 "Non-versement de l'acompte": any client, once past any withdrawal window.
    Step(
        "§2 unpaid deposit legacy-15",
        "§2.2",
        e.deposit_unpaid,
        e.the_proposal_cost,
        Template(
            "the deposit {deposit} had not been received by {received} (paid: {paid}), so the"
            " contract was not concluded; LEXOM may charge the cost of preparing the proposal,"
            " a policy value set to {proposal_cost}",
            "l'acompte de {deposit} n'était pas reçu au {received} (versé : {paid}) : le contrat"
            " n'est pas conclu ; LEXOM peut facturer le coût d'élaboration de la proposition,"
            " fixé ici à {proposal_cost}",
        ),
    ),
    # "dans un délai maximum de 15 jours avant": 15 days or more, the deposit is kept.
    Step(
        "§4 legacy-15 15 days or more",
        "§3.5",
        e.at_least_threshold,
        e.the_deposit,
        Template(
            "notice received {received}, {days} days before the start ({threshold} or more): the"
            " deposit of {deposit} is kept",
            "annulation reçue le {received}, {days} jours avant le début ({threshold} ou plus) :"
            " l'acompte de {deposit} reste acquis",
        ),
        why_public=Template(
            "notice received {received}, {days} days before the start ({threshold} or more):"
            " {deposit_percent} of the total, {owed}, is kept as the indemnity (a public buyer owed no deposit, Code"
            " de la commande publique R2191-3)",
            "annulation reçue le {received}, {days} jours avant le début ({threshold} ou plus) :"
            " {deposit_percent} du total, soit {owed}, restent dus à titre d'indemnité (aucun acompte"
            " n'était dû par l'acheteur public, Code de la commande publique R2191-3)",
        ),
    ),
    # "moins de 15 jours avant": the total, "dès l'annulation".
    Step(
        "§4 legacy-15 1 to 14 days",
        "§3.5",
        e.always,
        e.the_total,
        Template(
            "notice received {received}, {days} days before the start (fewer than {threshold}):"
            " the total {total} is due from the cancellation",
            "annulation reçue le {received}, {days} jours avant le début (moins de {threshold}) :"
            " le total de {total} est dû dès l'annulation",
        ),
    ),
)

#: RULEBOOK §5 legacy-15 (§3.6 "Pour tout report, même en cas de force majeure").
POSTPONEMENT = (
    # "Pour les formations en INTRA, aucun report ne sera pris en compte, pour motif d'absence
    # de certains stagiaires."
    Step(
        "§5 legacy-15 INTRA absence",
        "§3.6",
        e.intra_trainee_absence,
        e.the_total,
        Template(
            "an INTRA session is not postponed for absence of some trainees: it is held from one"
            " trainee on and the total {total} stays owed",
            "une formation INTRA n'est pas reportée pour absence de certains stagiaires : elle"
            " est maintenue à partir d'une personne et le total de {total} reste dû",
        ),
        status=Status.REFUSED,
        due="schedule",
        fee=False,
    ),
    # "Si la demande de report intervient pendant la formation": the total, at once.
    Step(
        "§5 legacy-15 during training",
        "§3.6",
        e.started,
        e.the_total,
        Template(
            "request received {received}, on or after the start {start}: the total {total} is"
            " kept as an indemnity, due at once; the rest of the session is not billed again",
            "demande reçue le {received}, à partir du début ({start}) : le total de {total} reste"
            " acquis, exigible immédiatement ; la suite n'est pas refacturée",
        ),
        status=Status.POSTPONED,
        new_session=e.nothing,
    ),
    # §2.2 "n'est définitivement conclu qu'après réception [...] d'un acompte de 30 %": with the
    # deposit unpaid, "l'acompte de 30 % restera acquis" has nothing to keep (Code civil 1190);
    # the request renounces the unconcluded order and asks for new dates (RULEBOOK §5 step 3).
    Step(
        "§5 legacy-15 unpaid deposit",
        "§2.2",
        e.deposit_unpaid,
        e.the_proposal_cost,
        Template(
            "the deposit {deposit} had not been received by {received} (paid: {paid}), so the"
            " contract was not concluded and there is no deposit to keep: the request renounces"
            " the order and asks for new dates; LEXOM may charge the cost of preparing the"
            " proposal, a policy value set to {proposal_cost}; the new session is owed in full,"
            " {total}, on its own schedule",
            "l'acompte de {deposit} n'était pas reçu au {received} (versé : {paid}) : le contrat"
            " n'est pas conclu et aucun acompte ne peut rester acquis ; la demande renonce à la"
            " commande et demande de nouvelles dates ; LEXOM peut facturer le coût d'élaboration"
            " de la proposition, fixé ici à {proposal_cost} ; la nouvelle session est due en"
            " entier, {total}, à sa propre échéance",
        ),
        status=Status.POSTPONED,
        new_session=e.the_total,
    ),
    # Requested after the horizon with no date: no date within it can be set any more.
    Step(
        "§5 legacy-15 request after the horizon",
        "§3.6",
        e.no_new_date_past_horizon,
        e.the_total,
        Template(
            "request received {received}, after the {months}-month horizon {horizon} with no new date:"
            " no date within it can be set any more, so the total {total} is kept as an"
            " indemnity, due at once",
            "demande reçue le {received}, après l'expiration du délai de {months} mois ({horizon}) sans"
            " nouvelle date : aucun report dans ce délai n'est plus possible, le total de {total}"
            " reste acquis, exigible immédiatement",
        ),
        status=Status.POSTPONED,
        new_session=e.nothing,
    ),
    # No new date yet: 30 % now, escalating to the total after the horizon.
    Step(
        "§5 legacy-15 no new date",
        "§3.6",
        e.no_new_date,
        e.the_deposit,
        Template(
            "no new date yet: the deposit amount {deposit} is kept now; unless a new start on or"
            " before {horizon} ({months} months after the order) is set, the total {total} is owed"
            " from {escalates}",
            "pas encore de nouvelle date : l'acompte de {deposit} reste acquis ; sans nouvelle"
            " date au plus tard le {horizon} ({months} mois après la commande), le total de {total}"
            " sera dû à compter du {escalates}",
        ),
        status=Status.PENDING_RESCHEDULE,
        new_session=e.the_total,
        escalates=True,
    ),
    # Rescheduled within six months of the order: the deposit amount, flat.
    Step(
        "§5 legacy-15 within six months",
        "§3.6",
        e.within_horizon,
        e.the_deposit,
        Template(
            "new start {new_start}, within {months} months of the order (by {horizon}): the deposit"
            " amount {deposit} is kept as a flat indemnity; the new session is owed in full,"
            " {total}",
            "nouvelle date le {new_start}, dans les {months} mois de la commande (au plus tard le"
            " {horizon}) : l'acompte de {deposit} reste acquis à titre d'indemnité forfaitaire ;"
            " la nouvelle session est due en entier, {total}",
        ),
        status=Status.POSTPONED,
        new_session=e.the_total,
    ),
    # Later than that: the total, at once.
    Step(
        "§5 legacy-15 after six months",
        "§3.6",
        e.always,
        e.the_total,
        Template(
            "new start {new_start}, after the {months}-month horizon {horizon}: the total {total} is"
            " kept as an indemnity, due at once",
            "nouvelle date le {new_start}, au-delà du délai de {months} mois ({horizon}) : le total de"
            " {total} reste acquis, exigible immédiatement",
        ),
        status=Status.POSTPONED,
        new_session=e.nothing,
    ),
)

_CIVIL_1229_SILENT = cite(
    "Code civil 1229",
    "the CGV are silent on a cancellation by LEXOM for another reason: the contract is undone,"
    " nothing is owed and every payment is returned",
    "les CGV sont muettes sur une annulation par LEXOM pour un autre motif : le contrat est"
    " anéanti, rien n'est dû et tout versement est restitué",
)

LEGACY_15 = Regime(
    name="legacy-15",
    cgv=CgvVersion.LEGACY_15,
    # §2.1 the deposit with the signed proposal, §2.2 formation, §3.5 cancellation, §3.6
    # postponement, §3.7 trainees' absence
    numbers=Clauses(
        **SHARED,
        deposit="§2.1",
        signature="§2.2",
        start="§3.5",
        reduced_fee="§3.5",
        force_majeure_fee="§3.5",
        waiver="§3.6",
        postponement_horizon="§3.6",
        trainee_absence="§3.7",
    ),
    cancellation_days=CANCELLATION_DAYS,
    # §2.1 "En cas de commande de formation par un particulier personne physique, via le site
    # internet, ce dernier bénéficie d'un délai de rétractation de 14 jours" — and, by statute,
    # every other distance order (L221-18); not an order signed in person at LEXOM.
    consumer_window=(
        (
            Channel.WEBSITE,
            cite(
                "§2.1",
                "a consumer ordering on the website has a 14-day withdrawal window",
                "un particulier qui commande sur le site internet dispose de 14 jours pour se"
                " rétracter",
            ),
        ),
        (
            Channel.DIRECT,
            cite(
                "Code de la consommation L221-18",
                "an order concluded at a distance (mail, e-mail) gives a consumer 14 days to"
                " withdraw",
                "une commande conclue à distance (courrier, e-mail) donne 14 jours au"
                " consommateur pour se rétracter",
            ),
        ),
    ),
    cancellation=CANCELLATION,
    postponement=POSTPONEMENT,
    written_cancellation=cite(
        "§3.5",
        '"Seules les demandes d\'annulation faites par écrit seront recevables": an oral notice'
        " is not receivable, the order stands and the total stays owed on the normal schedule",
        "« Seules les demandes d'annulation faites par écrit seront recevables » : la commande"
        " demeure et le total reste dû à l'échéance normale",
    ),
    written_postponement=cite(
        "§3.6",
        '"Les demandes de report doivent être communiquées uniquement par écrit": an oral'
        " request is not receivable, the session and its total stand",
        "« Les demandes de report doivent être communiquées uniquement par écrit » : la session"
        " et son total demeurent",
    ),
    provider_cancellation=(
        ProviderCase(
            frozenset({Reason.TRAINER_ABSENCE, Reason.VENUE_UNAVAILABLE}),
            (
                cite(
                    "§3.5",
                    "cancelled for trainer absence or venue unavailability: LEXOM refunds the"
                    " deposit (every payment); nothing is owed",
                    "annulation pour absence du formateur ou indisponibilité du lieu : LEXOM"
                    " rembourse l'acompte (tous les versements) ; rien n'est dû",
                ),
            ),
        ),
        ProviderCase(
            frozenset({Reason.FORCE_MAJEURE}),
            (
                cite(
                    "§4.5",
                    "force majeure releases LEXOM from its deadlines; nothing is owed for a"
                    " session not held",
                    "la force majeure décharge LEXOM de ses délais ; rien n'est dû pour une"
                    " session non tenue",
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
            ),
        ),
        ProviderCase(frozenset(), (_CIVIL_1229_SILENT,)),
    ),
    provider_postponement=(
        ProviderCase(
            frozenset(),
            (
                cite(
                    "§3.5",
                    'LEXOM moves the session ("sauf à trouver une solution de report'
                    ' ultérieure"): nothing is owed for the move and the payments are carried'
                    " to the new session",
                    "LEXOM reporte la session : rien n'est dû pour le report et les sommes"
                    " versées sont reportées sur la nouvelle session",
                ),
            ),
        ),
    ),
    # §2.1 "accompagnée [...] d'un acompte de 30 % du prix TTC définitif total".
    deposit_at_signature=Template(
        "the deposit, {deposit_percent} of the total {total}, accompanies the signed proposal",
        "l'acompte de {deposit_percent} du total {total} accompagne la proposition signée",
    ),
    website_deferral=cite(
        "§2.1",
        '"aucune somme ne peut être exigée" during the 14 days of a website order: "Passé le'
        " délai de 14 jours le Client sera tenu de régler l'acompte de 30 %\"",
        "« aucune somme ne peut être exigée » pendant les 14 jours d'une commande sur le site :"
        " « Passé le délai de 14 jours le Client sera tenu de régler l'acompte de 30\u00a0% »",
    ),
    opco_note=cite(
        "§3.6",
        "\"En cas de subrogation, le Client s'engage à payer les montants non pris en charge par"
        " l'OPCO\": the OPCO pays only for training delivered, this fee is the client's",
        "l'OPCO ne paie que la formation dispensée : ces frais sont à la charge du client",
    ),
    postponement_force_majeure=cite(
        "§3.6",
        '"Pour tout report, même en cas de force majeure": force majeure changes nothing',
        "« Pour tout report, même en cas de force majeure » : la force majeure ne change rien",
    ),
    waiver=Template(
        "LEXOM waives the postponement fee ({owed} otherwise): nothing is owed and every payment"
        " is credited to the new session",
        "LEXOM renonce aux frais de report ({owed} sinon) : rien n'est dû et les sommes versées"
        " sont reportées sur la nouvelle session",
    ),
    postponement_fee=None,
    reduced_fee_label=Template(
        "last day a cancellation costs only the deposit ({threshold} days before)",
        "dernier jour où une annulation ne coûte que l'acompte ({threshold} jours avant)",
    ),
    forum_consumer=cite(
        "§5.4",
        "toward a consumer the statutory rules of jurisdiction apply; the consumer may refer the"
        " dispute to the mediator CNPM - Médiation de la consommation",
        "envers un consommateur, les règles légales de compétence s'appliquent ; le"
        " consommateur peut saisir le médiateur CNPM - Médiation de la consommation",
    ),
    forum_professional=cite(
        "§5.4",
        "exclusive jurisdiction of the Tribunal de commerce d'Aubenas",
        "compétence exclusive du Tribunal de commerce d'Aubenas",
    ),
    mediator="CNPM - Médiation de la consommation, 27 avenue de la Libération, 42400 Saint-Chamond"
    " (https://cnpm-mediation-consommation.eu/)",
    postponement_horizon_months=POSTPONEMENT_HORIZON_MONTHS,
    data_retention_years=DATA_RETENTION_YEARS,
)

RULES = e.Rules(LEGACY_15)
# API.md's functions (and this version's own), the one engine bound to this regime.
__all__ = ["LEGACY_15", *e.expose(RULES, globals(), "postponement_horizon")]
