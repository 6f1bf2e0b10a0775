"""Tests prompted by the mutation run of issue 10 on interest.py (changes/mut-mutation.md).

Each one pins a behaviour no other test read: the wording of the claim's sentences in both
languages (a mutant that changes a word of a citation changes what the client reads), the
argument checks of ``lexom_terms.interest.late_interest`` itself (the public API parses dates
before calling it, so only a direct call reaches them), and the settlement of capitalised
interest by a payment beyond the principal (Code civil 1343-2 with principal_first)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lexom_terms import (
    Client,
    FeeVat,
    InterestPolicy,
    InvalidInputError,
    Invoice,
    Notice,
    Order,
    OutsideCgvError,
    Payment,
    cancel,
    deposit_due,
    interest,
    late_interest,
    payment_due,
    postpone,
    timeline,
)
from lexom_terms.cgv import legacy_15, new_30
from lexom_terms.results import InterestClaim, Milestone
from lexom_terms.statute import public_procurement

from .conftest import COMPANY, CONSUMER, FOREIGN_COMPANY, SOLE_TRADER, make_order

ASSOCIATION = Client(
    name="Association des amis du Vivarais", kind="legal_person", professional=False
)
STATE = Client(name="Rectorat de l'académie de Lyon", kind="legal_person", public_buyer="state")
# A natural person who says it does not act professionally is a consumer (RULEBOOK §0).
PRIVATE_PERSON = Client(name="Jeanne Martin", kind="natural_person", professional=False)
NBSP = "\xa0"  # fmt.money and fmt.percent put a no-break space before € and %


def invoice(amount: str, due: str, *payments: tuple[str, str], client: Client = COMPANY) -> Invoice:
    return Invoice(
        number="F-2025-118",
        cgv="legacy-15",
        client=client,
        issued_on=due,
        due_on=due,
        amount_incl_tax=amount,
        payments=tuple(Payment(on=on, amount=a) for on, a in payments),
    )


def sentences(found: tuple[object, ...]) -> list[tuple[str, str, str]]:
    return [(c.source, c.text, c.text_fr) for c in found]  # type: ignore[attr-defined]


# --- the sentences, word for word ---------------------------------------------------------------

ON_TIME = (
    "legacy-15 §3.4",
    "invoice F-2025-118 was not late on the day considered (due 31 January 2025): no interest"
    " and no indemnity",
    "la facture F-2025-118 n'était pas en retard au jour considéré (échéance le 31 janvier 2025)"
    " : ni intérêts ni indemnité",
)
CLAIMED_BEFORE_EN = (
    "interest through 28 February 2025 was claimed earlier: this claim counts only the interest"
    " accrued from 1 March 2025 on"
)
CLAIMED_BEFORE_FR = (
    "les intérêts jusqu'au 28 février 2025 inclus ont déjà été réclamés : cette réclamation ne"
    " compte que les intérêts courus à partir du 1er mars 2025"
)
INDEMNITY_CLAIMED_BEFORE = (
    "the flat EUR 40.00 indemnity is owed once per late invoice: it was part of the earlier"
    " claim and is not asked again",
    f"l'indemnité forfaitaire de 40,00{NBSP}€ est due une fois par facture : elle figurait dans"
    " la réclamation précédente et n'est pas demandée à nouveau",
)
PUBLIC_L2192_13 = (
    "Code de la commande publique L2192-13",
    "a public buyer's late payment makes late-payment interest and a flat recovery indemnity"
    " run of right; they replace the CGV §3.4 rate and indemnity",
    "le retard de paiement d'un acheteur public fait courir de plein droit des intérêts"
    " moratoires et une indemnité forfaitaire pour frais de recouvrement ; ils remplacent le"
    " taux et l'indemnité de l'article 3.4 des CGV",
)
PUBLIC_R2192_31 = (
    "Code de la commande publique R2192-31",
    "ECB main refinancing rate in force on 1 January 2025, the first day of the semester in"
    " which interest started (3.15 %), + 8 points = 11.15 %, fixed for the whole delay (no"
    " change on 1 January or 1 July, no 3 × legal-rate floor)",
    "taux de refinancement BCE en vigueur le 1er janvier 2025, premier jour du semestre au"
    f" cours duquel les intérêts ont commencé à courir (3,15{NBSP}%), majoré de 8 points :"
    f" 11,15{NBSP}%, fixe pour toute la durée du retard (sans changement au 1er janvier ni au"
    " 1er juillet, sans plancher de 3 × le taux légal)",
)
PUBLIC_D2192_35 = (
    "Code de la commande publique D2192-35",
    "a flat EUR 40.00 recovery indemnity per late invoice, whatever the public buyer",
    f"une indemnité forfaitaire de 40,00{NBSP}€ par facture payée en retard, quel que soit"
    " l'acheteur public",
)


def test_an_invoice_paid_on_time_says_so_in_both_languages() -> None:
    claim = interest.late_interest(
        invoice("1000.00", "2025-01-31", ("2025-01-31", "1000.00")), date(2025, 3, 31)
    )
    assert sentences(claim.citations) == [ON_TIME]


def test_a_non_professional_legal_person_reads_the_penalty_reading_word_for_word() -> None:
    claim = interest.late_interest(
        invoice("1000.00", "2025-01-31", ("2025-02-01", "1000.00"), client=ASSOCIATION),
        date(2025, 3, 31),
    )
    assert sentences(claim.citations) == [
        (
            "legacy-15 §3.4",
            "toward a non-professional the clause applies as a contractual penalty: interest from"
            " the day after the due date on the unpaid amount incl. VAT, at max(ECB main"
            " refinancing rate + 10 points, 3 × the legal rate) (the ECB rate in force on"
            " 1 January applies to January–June, the one in force on 1 July to July–December),"
            " without any formal notice; Code de commerce L441-10 (formerly L441-6, the number"
            " the CGV cite) governs dealings between professionals only and does not govern this"
            " claim",
            "envers un non-professionnel, la clause s'applique comme clause pénale : intérêts dès"
            " le lendemain de l'échéance sur le TTC impayé, au taux max(taux de refinancement BCE"
            " + 10 points, 3 × le taux légal) (le taux BCE en vigueur au 1er janvier s'applique de"
            " janvier à juin, celui du 1er juillet de juillet à décembre), sans mise en demeure ;"
            " l'article L441-10 du Code de commerce (anciennement L441-6, cité par les CGV) ne"
            " régit que les relations entre professionnels et ne fonde pas cette réclamation",
        ),
        (
            "legacy-15 §3.4",
            'the EUR 40.00 recovery indemnity is for companies ("personne morale (entreprises)")'
            " and Code de commerce L441-10 binds professionals only: a non-professional legal"
            " person owes none",
            f"l'indemnité forfaitaire de 40,00{NBSP}€ vise les entreprises (« personne morale"
            " (entreprises) ») et l'article L441-10 du Code de commerce ne lie que les"
            " professionnels : une personne morale non professionnelle n'en doit pas",
        ),
    ]
    assert sentences(claim.caveats) == [
        (
            "Code civil 1231-5",
            "toward a non-professional the §3.4 rate is a contractual penalty a judge may reduce",
            "envers un non-professionnel, le taux de l'article 3.4 est une clause pénale que le"
            " juge peut modérer",
        ),
        (
            "Code civil 1231-6",
            "without the clause, a non-professional would owe legal interest only from a formal"
            " notice",
            "sans la clause, un non-professionnel ne devrait que l'intérêt légal à compter d'une"
            " mise en demeure",
        ),
    ]


def test_penalty_caveats_are_not_shared_between_a_consumer_and_a_non_professional() -> None:
    """The caveats are memoised per kind of client: a consumer's must not reach an association
    asked for in the same process."""
    late = ("2025-02-01", "1000.00")
    consumer = interest.late_interest(
        invoice("1000.00", "2025-01-31", late, client=CONSUMER), date(2025, 3, 31)
    )
    association = interest.late_interest(
        invoice("1000.00", "2025-01-31", late, client=ASSOCIATION), date(2025, 3, 31)
    )
    assert "un consommateur" in consumer.caveats[0].text_fr
    assert "un non-professionnel" in association.caveats[0].text_fr


def test_a_private_person_not_acting_professionally_is_a_consumer() -> None:
    """``professional=False`` on a natural person: the consumer's wording and its two-year bar
    (Code de la consommation L218-2), not the non-professional's five years."""
    bill = invoice("1000.00", "2019-06-28", ("2019-06-29", "1000.00"), client=PRIVATE_PERSON)
    claim = interest.late_interest(bill, date(2021, 6, 29))
    assert claim.days_late == 1
    assert "envers un consommateur" in claim.citations[0].text_fr
    assert [c.source for c in claim.caveats][-1] == "Code de la consommation L218-2"


def test_a_public_buyers_claim_word_for_word() -> None:
    bill = invoice("1000.00", "2025-01-31", client=STATE)
    first = interest.late_interest(bill, date(2025, 3, 31))
    assert sentences(first.citations) == [PUBLIC_L2192_13, PUBLIC_R2192_31, PUBLIC_D2192_35]
    assert first.accessories_due_on is None  # the principal is not paid yet
    second = interest.late_interest(bill, date(2025, 3, 31), claimed_through=date(2025, 2, 28))
    assert sentences(second.citations) == [
        PUBLIC_L2192_13,
        PUBLIC_R2192_31,
        ("Code de la commande publique R2192-31", CLAIMED_BEFORE_EN, CLAIMED_BEFORE_FR),
        ("Code de la commande publique D2192-35", *INDEMNITY_CLAIMED_BEFORE),
    ]


def test_a_professionals_second_reminder_does_not_ask_the_indemnity_again() -> None:
    claim = interest.late_interest(
        invoice("1000.00", "2025-01-31"), date(2025, 3, 31), claimed_through=date(2025, 2, 28)
    )
    assert claim.recovery_indemnity == Decimal("0")
    assert sentences(claim.citations)[2:] == [
        ("legacy-15 §3.4", CLAIMED_BEFORE_EN, CLAIMED_BEFORE_FR),
        ("legacy-15 §3.4", *INDEMNITY_CLAIMED_BEFORE),
    ]


def test_only_a_public_buyer_has_a_date_for_the_accessories() -> None:
    """R2192-36's 45 days are for public buyers; a company's late invoice paid in full has
    none."""
    paid = ("2025-03-10", "1000.00")
    company = interest.late_interest(invoice("1000.00", "2025-01-31", paid), date(2025, 3, 31))
    assert company.accessories_due_on is None
    state = interest.late_interest(
        invoice("1000.00", "2025-01-31", paid, client=STATE), date(2025, 3, 31)
    )
    assert state.accessories_due_on == date(2025, 4, 24)  # 10 March + 45 days


def test_the_time_bar_word_for_word() -> None:
    """A claim one day late is still late: the bar applies to it too."""
    late_a_day = ("2019-06-29", "1000.00")
    consumer = interest.late_interest(
        invoice("1000.00", "2019-06-28", late_a_day, client=CONSUMER), date(2024, 6, 29)
    )
    assert consumer.days_late == 1
    assert sentences(consumer.caveats)[-1] == (
        "Code de la consommation L218-2",
        "a professional's claim against a consumer is time-barred two years after the due date,"
        " here since the end of 28 June 2021: the consumer may plead it",
        "l'action d'un professionnel contre un consommateur se prescrit par deux ans à compter"
        " de l'échéance, ici depuis la fin du 28 juin 2021 : le consommateur peut l'opposer",
    )
    trader = interest.late_interest(invoice("1000.00", "2019-06-28", late_a_day), date(2024, 6, 29))
    assert sentences(trader.caveats) == [
        (
            "Code de commerce L110-4",
            "claims arising from trade are time-barred five years after the due date, here since"
            " the end of 28 June 2024: the debtor may plead it",
            "les obligations nées du commerce se prescrivent par cinq ans à compter de"
            " l'échéance, ici depuis la fin du 28 juin 2024 : le débiteur peut l'opposer",
        ),
        (
            "Code civil 2224",
            "personal actions are time-barred five years after the creditor could act",
            "les actions personnelles se prescrivent par cinq ans à compter du jour où le"
            " créancier a pu agir",
        ),
    ]


# --- the arguments of interest.late_interest itself ---------------------------------------------


def test_late_interest_reads_its_own_date_strings() -> None:
    bill = invoice("1000.00", "2025-01-31")
    assert interest.late_interest(
        bill, "2025-06-30", claimed_through="2025-03-31", capitalise_from="2025-05-31"
    ) == interest.late_interest(
        bill,
        date(2025, 6, 30),
        claimed_through=date(2025, 3, 31),
        capitalise_from=date(2025, 5, 31),
    )


@pytest.mark.parametrize("name", ["as_of", "claimed_through", "capitalise_from"])
def test_late_interest_names_the_bad_date(name: str) -> None:
    arguments: dict[str, object] = {"as_of": date(2025, 6, 30), name: "2025-06-31"}
    with pytest.raises(InvalidInputError, match=name) as error:
        interest.late_interest(invoice("1000.00", "2025-01-31"), **arguments)  # type: ignore[arg-type]
    assert error.value.field == name


def test_claimed_through_after_as_of_says_what_to_pass() -> None:
    with pytest.raises(InvalidInputError) as error:
        interest.late_interest(
            invoice("1000.00", "2025-01-31"), date(2025, 6, 30), claimed_through=date(2025, 7, 1)
        )
    assert str(error.value) == (
        "claimed_through 2025-07-01 is after as_of 2025-06-30: interest can only have been"
        " claimed up to the day of this claim; pass a date on or before as_of"
    )
    assert (error.value.field, error.value.code) == ("claimed_through", "claimed_after_as_of")


# --- capitalised interest and the payments beyond the principal (Code civil 1343-2) ------------


def test_capitalisation_on_the_day_of_the_claim() -> None:
    """The demand's day is a capitalisation day even when it is ``as_of`` itself."""
    claim = interest.late_interest(
        invoice("1000.00", "2023-01-31"), date(2024, 2, 1), capitalise_from=date(2024, 2, 1)
    )
    # 51.37 + 70.58 + 13.33: the three periods from 1 February 2023 to 1 February 2024
    assert [(c.on, c.amount) for c in claim.capitalised] == [(date(2024, 2, 1), Decimal("135.28"))]


def test_payments_beyond_the_principal_settle_the_capitalised_interest() -> None:
    """principal_first: 1 050 € on 28 June 2024 pays the 1 000 € principal and 50 € of the
    135.28 € capitalised on 1 February 2024; 30 € on 30 September settle 30 € more. The
    remaining 55.28 € keep bearing interest, and on the anniversary the interest accrued since
    the first capitalisation (70.02 + 0.07 + 3.17 + 2.06 + 0.64 = 75.96 €) is capitalised."""
    bill = invoice("1000.00", "2023-01-31", ("2024-06-28", "1050.00"), ("2024-09-30", "30.00"))
    claim = interest.late_interest(bill, date(2025, 6, 30), capitalise_from=date(2024, 2, 1))
    assert [(c.on, c.amount) for c in claim.capitalised] == [
        (date(2024, 2, 1), Decimal("135.28")),
        (date(2025, 2, 1), Decimal("75.96")),
    ]
    assert [(p.start, p.principal, p.interest) for p in claim.periods[3:]] == [
        (date(2024, 2, 2), Decimal("1135.28"), Decimal("70.02")),
        (date(2024, 6, 29), Decimal("85.28"), Decimal("0.07")),
        (date(2024, 7, 1), Decimal("85.28"), Decimal("3.17")),
        (date(2024, 10, 1), Decimal("55.28"), Decimal("2.06")),
        (date(2025, 1, 1), Decimal("55.28"), Decimal("0.64")),
        (date(2025, 2, 2), Decimal("131.24"), Decimal("7.05")),  # 55.28 + 75.96
    ]
    assert (claim.interest, claim.interest_settled, claim.principal_outstanding) == (
        Decimal("218.29"),
        Decimal("80.00"),
        Decimal("0.00"),
    )
    assert claim.interest_outstanding == Decimal("138.29")


def test_nothing_is_capitalised_when_the_interest_was_paid() -> None:
    """interest_first: 200 € paid on the demand's day settle the 135.28 € of interest first;
    no interest is left to capitalise, and no empty capitalisation is recorded."""
    claim = interest.late_interest(
        invoice("1000.00", "2023-01-31", ("2024-02-01", "200.00")),
        date(2024, 6, 30),
        capitalise_from=date(2024, 2, 1),
        policy=InterestPolicy(allocation="interest_first"),
    )
    assert isinstance(claim, InterestClaim)
    assert claim.capitalised == ()
    assert claim.interest_settled == Decimal("135.28")


def test_a_payment_beyond_principal_and_capital_settles_all_the_capitalised_interest() -> None:
    """principal_first: 1 050 € then 100 €: the principal, then the 135.28 € capitalised (50 €,
    then the remaining 85.28 €), then, RULEBOOK §9 0.3 ("then as above"), 14.72 € of the interest
    not capitalised; nothing bears interest after 30 September 2024, and 208.54 − 150.00 =
    58.54 € of interest is owed."""
    bill = invoice("1000.00", "2023-01-31", ("2024-06-28", "1050.00"), ("2024-09-30", "100.00"))
    claim = interest.late_interest(bill, date(2025, 6, 30), capitalise_from=date(2024, 2, 1))
    assert claim.periods[-1].end == date(2024, 9, 30)
    assert (claim.interest, claim.interest_settled, claim.interest_outstanding) == (
        Decimal("208.54"),
        Decimal("150.00"),
        Decimal("58.54"),
    )


def test_less_than_a_euro_of_interest_is_still_capitalised() -> None:
    """interest_first: 134.78 € paid on the demand's day leave 0.50 € of the 135.28 € of
    interest; those 50 cents are due for a whole year and are capitalised (1343-2 sets no
    minimum)."""
    claim = interest.late_interest(
        invoice("1000.00", "2023-01-31", ("2024-02-01", "134.78")),
        date(2024, 6, 30),
        capitalise_from=date(2024, 2, 1),
        policy=InterestPolicy(allocation="interest_first"),
    )
    assert [(c.on, c.amount) for c in claim.capitalised] == [(date(2024, 2, 1), Decimal("0.50"))]
    assert claim.principal_outstanding == Decimal("1000.00")


def test_a_public_buyer_marked_non_professional_still_owes_the_public_indemnity() -> None:
    """D2192-35: the 40 € indemnity binds every public buyer; ``professional=False`` does not
    turn the claim into a contractual penalty (no caveats)."""
    buyer = STATE.model_copy(update={"professional": False})
    claim = interest.late_interest(
        invoice("1000.00", "2025-01-31", client=buyer), date(2025, 3, 31)
    )
    assert claim.recovery_indemnity == Decimal("40.00")
    assert claim.caveats == ()


# --- a public buyer's periods (Code de la commande publique, RULEBOOK §11) ----------------------


def test_a_public_buyer_paid_on_time_has_no_accessories() -> None:
    """R2192-36's 45 days follow a late principal only."""
    claim = interest.late_interest(
        invoice("1000.00", "2025-01-31", ("2025-01-31", "1000.00"), client=STATE),
        date(2025, 3, 31),
    )
    assert (claim.days_late, claim.accessories_due_on) == (0, None)


def test_accessories_follow_a_late_principal_only() -> None:
    """R2192-36 read directly: no date while the principal is unpaid or when it was paid on
    time (0 days late); 45 days after the payment otherwise."""
    paid = date(2025, 3, 10)
    assert public_procurement.accessories_due_on(None, 5) is None
    assert public_procurement.accessories_due_on(paid, 0) is None
    assert public_procurement.accessories_due_on(paid, 1) == date(2025, 4, 24)


STATE_PERIOD = (
    "Code de la commande publique R2192-10",
    "the State or a local authority pays within 30 days: due on {en}",
    "l'État ou une collectivité territoriale paie dans un délai de 30 jours : échéance le {fr}",
)


def test_public_payment_citations_word_for_word() -> None:
    """The period runs from the later of the request's receipt and the training's end (16–17
    March 2026), each case said in both languages; a deemed receipt says so (R2192-14)."""
    order = make_order("legacy-15", client=STATE)
    received = payment_due(order, date(2026, 3, 18))
    source, en, fr = STATE_PERIOD
    assert sentences(received.citations)[:2] == [
        (source, en.format(en="2026-04-17"), fr.format(fr="17 avril 2026")),
        (
            "Code de la commande publique R2192-12",
            "the period runs from the receipt of the payment request (2026-03-18) or from the end"
            " of the training (2026-03-17) if later: from 2026-03-18",
            "le délai court de la réception de la demande de paiement (18 mars 2026) ou de la fin"
            " de la formation (17 mars 2026) si elle est postérieure : à partir du 18 mars 2026",
        ),
    ]
    # received before the end of the training: R2192-13 (issue 21 item 10)
    early = payment_due(order, date(2026, 3, 10))
    assert sentences(early.citations)[1] == (
        "Code de la commande publique R2192-13",
        "the payment request was received on 2026-03-10, before the end of the training"
        " (2026-03-17): the period runs from the end, 2026-03-17",
        "la demande de paiement a été reçue le 10 mars 2026, avant la fin de la formation"
        " (17 mars 2026) : le délai court de la fin, le 17 mars 2026",
    )
    deemed = payment_due(order, invoice_sent_on=date(2026, 3, 16))
    assert sentences(deemed.citations)[2] == (
        "Code de la commande publique R2192-14",
        "no receipt date recorded: the request is deemed received two days after it was sent,"
        " on 2026-03-18",
        "faute de date de réception enregistrée, la demande est réputée reçue deux jours après"
        " son envoi, le 18 mars 2026",
    )


def test_public_deposit_and_fee_citations_word_for_word() -> None:
    order = make_order("legacy-15", client=STATE)
    assert sentences(deposit_due(order).citations) == [
        (
            "Code de la commande publique R2191-3",
            "a public buyer pays after the service is done; only a contractual advance may be"
            " paid beforehand, so no deposit is due",
            "un acheteur public paie après service fait ; seule une avance contractuelle peut"
            " être versée avant, aucun acompte n'est donc dû",
        )
    ]
    fee = cancel(order, Notice(received_on="2026-03-02"))
    assert sentences(fee.citations)[-1] == (
        "Code de la commande publique R2192-10",
        "a public buyer pays within 30 days of receiving the payment request, which cannot"
        " precede the notice received on 2026-03-02: the fee is payable on 2026-04-01 at the"
        " earliest",
        "un acheteur public paie dans les 30 jours de la réception de la demande de paiement,"
        " qui ne peut précéder la demande reçue le 2 mars 2026 : les frais sont payables au plus"
        " tôt le 1er avril 2026",
    )


# --- the engine: timelines, module checks, error messages (RULEBOOK §7, §11, §13) --------------


def test_a_public_buyers_timeline_ends_on_the_earliest_payment() -> None:
    """R2192-13: the period runs from the end of the training at the soonest (17 March + 30
    days; RULEBOOK §11 names R2192-13 as this milestone's source); the amount is what is still
    owed on that day (a later payment does not count)."""
    order = make_order("new-30", client=STATE, paid=(("2026-05-04", "600.00"),))
    assert timeline(order).milestones[-1] == Milestone(
        on=date(2026, 4, 16),
        label="payment due at the earliest (1800.00)",
        label_fr=f"paiement exigible au plus tôt (1\u202f800,00{NBSP}€)",
        source="Code de la commande publique R2192-13",
    )
    assert (
        payment_due(order, date(2026, 3, 18)).deciding_source
        == "Code de la commande publique R2192-10"
    )


def test_a_foreign_client_signing_the_day_after_the_check_date_gets_no_check() -> None:
    """new-30 §3.2: the check date is start − 1 month (16 February for a 16 March start); an
    order signed on 17 February cannot have been cancelled for non-payment (Code civil 1190),
    one signed on the 16th can from the 17th."""
    late = timeline(make_order("new-30", client=FOREIGN_COMPANY, signed="2026-02-17"))
    assert next(m for m in late.milestones if m.source == "new-30 §3.2") == Milestone(
        on=date(2026, 2, 17),
        label="signed less than a month before the start: no prepayment check, LEXOM's right to"
        " cancel for non-payment does not arise",
        label_fr="signature moins d'un mois avant le début : pas de contrôle du prépaiement, le"
        " droit de LEXOM d'annuler pour défaut de paiement ne naît pas",
        source="new-30 §3.2",
    )
    on_time = timeline(make_order("new-30", client=FOREIGN_COMPANY, signed="2026-02-16"))
    assert [(m.on, m.label) for m in on_time.milestones if m.source == "new-30 §3.2"][:2] == [
        (date(2026, 2, 16), "foreign client: payment in full expected by now"),
        (date(2026, 2, 17), "if nothing was received, LEXOM may cancel from today"),
    ]


def test_a_cpf_timeline_cites_the_cpf_platform_only() -> None:
    order = make_order("new-30", channel="cpf")
    assert [(m.label, m.label_fr, m.source) for m in timeline(order).milestones] == [
        ("signature", "signature", "Mon Compte Formation (CPF)"),
        ("session start", "début de la session", "Mon Compte Formation (CPF)"),
        ("session end", "fin de la session", "Mon Compte Formation (CPF)"),
    ]


@pytest.mark.parametrize("function", ["timeline", "dispute_forum", "liability_cap"])
def test_a_version_module_refuses_the_other_versions_order(function: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        getattr(legacy_15, function)(make_order("new-30"))
    assert (error.value.field, error.value.code) == ("order.cgv", "wrong_cgv_module")


def test_new_30_has_no_postponement_horizon() -> None:
    with pytest.raises(InvalidInputError) as error:
        new_30.RULES.postponement_horizon(make_order("new-30"))
    assert str(error.value) == "new-30 has no postponement horizon"
    assert (error.value.field, error.value.code) == ("order.cgv", "no_postponement_horizon")


def test_a_public_buyers_payment_needs_a_receipt_or_sending_date() -> None:
    order = make_order("new-30", client=STATE)
    with pytest.raises(InvalidInputError) as error:
        payment_due(order)
    assert str(error.value) == (
        "a public buyer's payment period runs from the receipt of the payment request: give"
        " invoice_received_on, or invoice_sent_on (receipt is then deemed two days later, Code"
        " de la commande publique R2192-14)"
    )
    with pytest.raises(InvalidInputError, match="invoice_sent_on") as bad:
        payment_due(order, invoice_sent_on="2026-02-30")
    assert bad.value.field == "invoice_sent_on"


@pytest.mark.parametrize(
    ("order", "source", "cited"),
    [
        (make_order("legacy-15"), "legacy-15 §2.1", ["legacy-15 §2.1"]),
        (make_order("new-30"), "new-30 §2.2", ["new-30 §2.2"]),
        (
            make_order("legacy-15", client=STATE),
            "Code de la commande publique R2191-3",
            ["Code de la commande publique R2191-3"],
        ),
        (
            make_order("new-30", client=CONSUMER, signed="2026-03-02", start="2026-04-20"),
            "Code du travail L6353-6",
            ["Code du travail L6353-6"],
        ),
        (  # legacy §2.1's 14 days outlast L6353-6's 10: the clause decides, the statute is cited
            make_order(
                "legacy-15",
                client=CONSUMER,
                signed="2026-03-02",
                start="2026-04-20",
                channel="website",
            ),
            "legacy-15 §2.1",
            ["legacy-15 §2.1", "Code du travail L6353-6"],
        ),
        (
            make_order("legacy-15", client=SOLE_TRADER, channel="website"),
            "Code du travail L6353-6",
            ["Code du travail L6353-6"],
        ),
    ],
    ids=["legacy", "new", "public", "l6353-6", "legacy-website", "sole-trader-website"],
)
def test_the_deposit_names_its_deciding_clause(order: Order, source: str, cited: list[str]) -> None:
    due = deposit_due(order)
    assert due.deciding_source == source
    assert [c.source for c in due.citations] == cited


def test_the_balance_names_its_clause_and_waits_for_a_late_invoice() -> None:
    order = make_order("legacy-15")  # ends 17 March 2026
    assert payment_due(order).deciding_source == "legacy-15 §3.2"
    assert payment_due(order, date(2026, 3, 20)).on == date(2026, 3, 20)


def test_a_new_start_on_the_requests_day_is_refused() -> None:
    with pytest.raises(InvalidInputError) as error:
        postpone(make_order("legacy-15"), Notice(received_on="2026-03-01"), new_start="2026-03-01")
    assert (error.value.field, error.value.code) == ("new_start", "new_start_not_after_request")


def test_a_version_module_refuses_the_other_versions_invoice() -> None:
    bill = Invoice(
        number="F1",
        cgv="new-30",
        client=COMPANY,
        issued_on="2026-01-05",
        due_on="2026-01-05",
        amount_incl_tax="100.00",
    )
    with pytest.raises(InvalidInputError) as error:
        legacy_15.RULES.late_interest(bill, date(2026, 3, 1))
    assert (error.value.field, error.value.code) == ("invoice.cgv", "wrong_cgv_module")


@pytest.mark.parametrize("name", ["claimed_through", "capitalise_from"])
def test_the_api_names_the_bad_claim_date(name: str) -> None:
    arguments: dict[str, object] = {name: "2026-02-30"}
    with pytest.raises(InvalidInputError) as error:
        late_interest(invoice("100.00", "2026-01-05"), date(2026, 3, 1), **arguments)  # type: ignore[arg-type]
    assert error.value.field == name


def test_a_provider_postponement_for_force_majeure_cites_the_civil_code() -> None:
    """new-30: LEXOM postponing for force majeure answers under Code civil 1218 and 1229, not
    under the general provider case."""
    notice = Notice(received_on="2026-03-01", by="provider", reason="force_majeure")
    moved = postpone(make_order("new-30"), notice, new_start="2026-05-04")
    assert moved.status == "postponed_by_provider"
    assert [c.source for c in moved.citations] == ["Code civil 1218", "Code civil 1229"]


def test_an_unknown_fee_vat_lists_the_valid_values() -> None:
    with pytest.raises(InvalidInputError) as error:
        cancel(make_order("legacy-15"), Notice(received_on="2026-03-01"), fee_vat="bogus")  # type: ignore[arg-type]
    assert str(error.value) == "fee_vat must be one of 'as_service', 'outside_scope', got 'bogus'"
    assert (error.value.field, error.value.code) == ("fee_vat", "invalid_fee_vat")


@pytest.mark.parametrize(
    ("notice", "field"),
    [
        (Notice(received_on="2026-01-04"), "notice.received_on"),
        (Notice(received_on="2026-01-06", sent_on="2026-01-04"), "notice.sent_on"),
    ],
    ids=["received", "sent"],
)
def test_a_notice_before_the_signature_names_its_date(notice: Notice, field: str) -> None:
    """RULEBOOK §4: the order is signed on 5 January 2026."""
    with pytest.raises(InvalidInputError) as error:
        cancel(make_order("legacy-15"), notice)
    assert (error.value.field, error.value.code) == (field, "notice_before_signature")


def test_a_cpf_order_is_outside_the_cgv_word_for_word() -> None:
    """RULEBOOK §13: the CPF platform's conditions govern; the error names the channel."""
    with pytest.raises(OutsideCgvError) as error:
        cancel(make_order("new-30", channel="cpf"), Notice(received_on="2026-03-01"))
    assert str(error.value) == (
        "order.channel is 'cpf': an order placed and paid through Mon Compte Formation (CPF) is"
        " governed by the platform's general conditions (conditions générales d'utilisation de"
        " Mon Compte Formation), not by LEXOM's CGV; its withdrawal, cancellation, postponement"
        " and payment terms are the platform's"
    )
    assert (error.value.field, error.value.code) == ("order.channel", "outside_cgv")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "invalid_amount"),
        (Decimal("1e20"), "amount_too_large"),
        (Decimal(-1), "negative_amount"),
    ],
)
def test_a_bad_salary_names_the_argument(value: object, code: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        legacy_15.RULES.non_solicitation_penalty(value)  # type: ignore[arg-type]
    assert (error.value.field, error.value.code) == ("last_monthly_cost", code)


def test_a_salary_is_not_rounded_before_the_twelve_months() -> None:
    """§5.2: 12 × 1 000.005 = 12 000.06 €; rounding the salary first would give 12 000.00."""
    assert legacy_15.RULES.non_solicitation_penalty(Decimal("1000.005")).amount == Decimal(
        "12000.06"
    )


def test_a_proposal_cost_is_any_amount_to_the_cent() -> None:
    order, notice = make_order("new-30"), Notice(received_on="2026-03-01")
    for cost in ("0.00", "0.50"):
        assert cancel(order, notice, proposal_cost=Decimal(cost)).owed == Decimal("1800.00")
    with pytest.raises(InvalidInputError) as error:
        cancel(order, notice, proposal_cost=Decimal("0.005"))
    assert (error.value.field, error.value.code) == ("proposal_cost", "invalid_amount")


def test_a_fee_under_one_euro_keeps_the_public_period_and_the_vat_caveat() -> None:
    """A 1.00 € session (1.20 € incl. VAT) cancelled 15 days before: 30 % = 0.36 €. A public
    buyer still pays it within its 30 days (1 March + 30 = 31 March, R2192-10); a fee outside
    the scope of VAT still carries the Conseil d'État caveat (§12)."""
    notice = Notice(received_on="2026-03-01")
    public = cancel(make_order("legacy-15", client=STATE, price="1.00"), notice)
    assert (public.owed, public.due_on) == (Decimal("0.36"), date(2026, 3, 31))
    company = make_order("legacy-15", price="1.00", paid=(("2026-01-05", "0.36"),))
    outside = cancel(company, notice, fee_vat=FeeVat.OUTSIDE_SCOPE)
    assert outside.owed == Decimal("0.36")
    assert [c.source for c in outside.caveats] == ["Conseil d'État 472257"]
    # nothing owed (the deposit was never paid): no fee, so no caveat about its VAT
    unpaid = cancel(make_order("legacy-15", price="1.00"), notice, fee_vat=FeeVat.OUTSIDE_SCOPE)
    assert (unpaid.owed, unpaid.caveats) == (Decimal("0.00"), ())
