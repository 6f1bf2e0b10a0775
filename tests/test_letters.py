"""Reminder letters and the client statement (issue 14 item 4, issue 20 item 4).

The golden letters in ``tests/letters/`` are read by a person before they are committed: a
changed letter is a finding to explain (CHANGELOG.md), never a file to regenerate
(``LEXOM_UPDATE_LETTERS=1`` rewrites them, for a reviewed change only)."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import lexom_terms as lt
from lexom_terms.fmt import NBSP, NNBSP
from lexom_terms.results import InterestClaim, InterestPeriod, cite
from lexom_terms.tools.audit import read_ledger
from lexom_terms.tools.letters import Creditor, reminder, statement

from .conftest import COMPANY, CONSUMER

ROOT = Path(__file__).resolve().parents[1]
LETTERS = Path(__file__).parent / "letters"
UPDATE = os.environ.get("LEXOM_UPDATE_LETTERS") == "1"

# LEXOM as its letters must show it (Code de commerce R123-237); a fictitious SIREN with a
# valid key, and the IBAN of the EPC's published example
CREDITOR = Creditor(
    name="LEXOM",
    legal_form="SAS",
    share_capital="10000.00",
    siren="845127398",
    rcs_city="Aubenas",
    vat_number="FR86845127398",
    address=("12 rue des Écoles",),
    postcode="07200",
    city="Aubenas",
    email="comptabilite@lexom.example",
    iban="FR76 3000 6000 0112 3456 7890 189",
    bic="AGRIFRPP882",
    contact="Service comptable, 04 75 00 00 00",
    signatory="Le service comptable",
)
ACME = lt.Party(
    name="ACME SAS",
    address=("Service comptabilité", "3 rue de la Paix"),
    postcode="75002",
    city="Paris",
)
MARTIN = lt.Party(
    name="Jeanne Martin", address=("8 chemin des Vignes",), postcode="07200", city="Ucel"
)
PRIVAS = lt.Party(
    name="Commune de Privas",
    address=("Hôtel de ville", "Place de l'Hôtel de ville"),
    postcode="07000",
    city="Privas",
)
F118 = lt.Invoice(
    number="F-2025-118",
    cgv="legacy-15",
    client=COMPANY,
    issued_on="2025-05-20",
    due_on="2025-06-10",
    amount_incl_tax="1800.00",
    payments=[
        lt.Payment(on="2025-08-01", amount="600.00"),
        lt.Payment(on="2025-10-15", amount="600.00"),
    ],
)
F140 = lt.Invoice(
    number="F-2025-140",
    cgv="legacy-15",
    client=COMPANY,
    issued_on="2025-09-01",
    due_on="2025-10-01",
    amount_incl_tax="960.00",
)
CONSUMER_INVOICE = lt.Invoice(
    number="F-2025-131",
    cgv="new-30",
    client=CONSUMER,
    issued_on="2025-06-02",
    due_on="2025-06-30",
    amount_incl_tax="960.00",
)
STATE = lt.Client(name="Commune de Privas", kind="legal_person", public_buyer="state")


def public_claim() -> InterestClaim:
    """RULEBOOK §11's worked example, by hand (the public-buyer interest is another branch's):
    1 800.00 TTC due 17 April 2026, paid 2 June 2026: 46 days at 2.15 + 8 = 10.15 %
    → 1 800.00 × 10.15 × 46 / 36 500 = 23.03; indemnity 40.00."""
    return InterestClaim(
        invoice_number="F-2026-031",
        days_late=46,
        periods=(
            InterestPeriod(
                start=date(2026, 4, 18),
                end=date(2026, 6, 2),
                days=46,
                principal=Decimal("1800.00"),
                annual_rate=Decimal("10.15"),
                basis="ECB+8",
                denominator=365,
                interest=Decimal("23.03"),
            ),
        ),
        interest=Decimal("23.03"),
        interest_settled=Decimal("0.00"),
        interest_outstanding=Decimal("23.03"),
        principal_outstanding=Decimal("0.00"),
        recovery_indemnity=Decimal("40.00"),
        total=Decimal("63.03"),
        policy=lt.InterestPolicy(),
        citations=(
            cite("Code de la commande publique L2192-13", "interest and indemnity by right"),
            cite("Code de la commande publique R2192-31", "ECB + 8 points, fixed"),
            cite("Code de la commande publique D2192-35", "40 EUR per late invoice"),
        ),
    )


def letters() -> dict[str, lt.Letter]:
    as_of = date(2025, 12, 31)
    company = [lt.late_interest(F118, as_of), lt.late_interest(F140, as_of)]
    consumer = lt.late_interest(CONSUMER_INVOICE, as_of)
    return {
        "company_level1": reminder(
            company, 1, CREDITOR, client=COMPANY, dated=date(2026, 1, 5), recipient=ACME
        ),
        "company_level2": reminder(
            company, 2, CREDITOR, client=COMPANY, dated=date(2026, 1, 20), recipient=ACME
        ),
        "company_level3": reminder(
            company,
            3,
            CREDITOR,
            client=COMPANY,
            dated=date(2026, 2, 2),
            received_on=date(2026, 2, 4),
            recipient=ACME,
        ),
        "consumer_level3": reminder(
            consumer, 3, CREDITOR, client=CONSUMER, dated=date(2026, 1, 5), recipient=MARTIN
        ),
        "public_level2": reminder(
            public_claim(), 2, CREDITOR, client=STATE, dated=date(2026, 6, 15), recipient=PRIVAS
        ),
    }


LETTER_CASES = letters()


@pytest.mark.parametrize("name", sorted(LETTER_CASES))
def test_letters_match_their_golden_files(name: str) -> None:
    letter = LETTER_CASES[name]
    for suffix, text in ((".md", letter.markdown), (".html", letter.html)):
        path = LETTERS / f"{name}{suffix}"
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review the diff"
    if UPDATE:
        pytest.skip("golden letters rewritten: review them before committing")


@pytest.mark.parametrize("name", sorted(LETTER_CASES))
def test_letters_are_well_formed_html_and_never_break_an_amount(name: str) -> None:
    letter = LETTER_CASES[name]
    html5lib.HTMLParser(strict=True).parse(letter.html)
    assert f"{NBSP}€" in letter.markdown and " €" not in letter.markdown
    assert not re.search(r"\d \d{3},\d{2}", letter.markdown), "thousands never a plain space"
    for token in ("2025-", "2026-"):
        assert token not in letter.markdown.replace("F-2025-", "").replace("F-2026-", "")


def test_company_letter_states_invoices_rate_clauses_and_total() -> None:
    letter = LETTER_CASES["company_level1"]
    text = letter.markdown
    assert "| F-2025-118 | 10/06/2025 | 204 |" in text
    assert f"13,15{NBSP}% (BCE + 10 points) sur 1{NNBSP}800,00{NBSP}€ : 12,97{NBSP}€" in text
    assert "L441-10" in text and "D441-5" in text
    assert "l'article 3.4 de nos conditions générales de vente" in text
    assert letter.total == Decimal("117.48") + lt.late_interest(F140, date(2025, 12, 31)).total
    assert f"Total réclamable (intérêts et indemnité) : {lt.fmt.money(letter.total)}" in text
    assert (
        "article 4.7 de nos conditions générales de vente"
        in LETTER_CASES["company_level2"].markdown
    )


def test_formal_notice_opens_the_eight_days_of_4_7() -> None:
    letter = LETTER_CASES["company_level3"]
    # received 4 February 2026: the eight days end on the 12th; LEXOM may resolve from the 13th
    assert letter.resolution_opens_on == date(2026, 2, 13)
    assert letter.resolution_opens_on == lt.resolution_opens_on(date(2026, 2, 4))
    # the letter never asserts the day it will be received (issue 20): the rule, from receipt,
    # and the earliest day
    assert "4 février 2026" not in letter.markdown and "12 février" not in letter.markdown
    assert (
        "dans un délai de huit jours à compter de la réception de cette lettre" in letter.markdown
    )
    assert "(au plus tôt le 13 février 2026)" in letter.markdown
    assert "Mise en demeure" in letter.subject
    assert "Lettre recommandée avec demande d'avis de réception" in letter.markdown


def test_formal_notice_without_receipt_date_gives_the_earliest_day() -> None:
    letter = LETTER_CASES["consumer_level3"]
    assert letter.resolution_opens_on is None
    assert "au plus tôt le 14 janvier 2026" in letter.markdown  # 5 January + 9


def test_consumer_letter_has_the_mediator_no_indemnity_and_no_internal_caveat() -> None:
    letter = LETTER_CASES["consumer_level3"]
    assert letter.recovery_indemnity == Decimal("0.00")
    assert "D441-5" not in letter.markdown and "L441-10" not in letter.markdown
    assert "MED CONSO DEV" in letter.markdown  # new-30 §5.4
    # the penalty caveats are the sender's (issue 20): in the claim and Letter.caveats only
    for text in (letter.markdown, letter.html):
        assert "1231-5" not in text and "1231-6" not in text
        assert "modérer" not in text and "ne devrait que" not in text
    assert {c.source for c in letter.caveats} >= {"Code civil 1231-5", "Code civil 1231-6"}
    claim = lt.late_interest(CONSUMER_INVOICE, date(2025, 12, 31))
    assert {c.source for c in claim.caveats} >= {"Code civil 1231-5", "Code civil 1231-6"}
    legacy = CONSUMER_INVOICE.model_copy(update={"cgv": "legacy-15"})
    old = reminder(
        lt.late_interest(legacy, date(2025, 12, 31)), 1, client=CONSUMER, dated=date(2026, 1, 5)
    )
    assert "CNPM" in old.markdown and "MED CONSO DEV" not in old.markdown


def test_public_buyer_letter_cites_the_public_procurement_code() -> None:
    letter = LETTER_CASES["public_level2"]
    for article in ("L2192-13", "R2192-31", "D2192-35"):
        assert article in letter.markdown
    assert "L441-10" not in letter.markdown and "MED CONSO" not in letter.markdown
    assert f"10,15{NBSP}% (BCE + 8 points)" in letter.markdown
    assert letter.total == Decimal("63.03")


def test_english_on_request() -> None:
    claim = lt.late_interest(F118, date(2025, 12, 31))
    letter = reminder(claim, 2, client=COMPANY, dated=date(2026, 1, 5), lang="en")
    assert "Dear Sir or Madam" in letter.markdown and "EUR 117.48" in letter.markdown


def rendered_text(markdown: str) -> tuple[str, list[str]]:
    """The Markdown rendered by a CommonMark parser (markdown-it-py, GFM tables): the text a
    reader sees, and the kinds of block and inline markup it produced."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown)
    kinds: list[str] = []
    text: list[str] = []
    for token in tokens:
        kinds.append(token.type)
        for child in token.children or ():
            kinds.append(child.type)
            if child.type == "text":
                text.append(child.content)
    return "\n".join(text), kinds


def test_names_and_numbers_are_kept_and_escaped() -> None:
    client = lt.Client(name="Dupont & Fils <SARL> | Lyon", kind="legal_person")
    invoice = F118.model_copy(update={"client": client, "number": "F|<1>"})
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 1, client=client, dated=date(2026, 1, 5)
    )
    seen, kinds = rendered_text(letter.markdown)
    assert "Dupont & Fils <SARL> | Lyon" in seen and "F|<1>" in seen
    assert "html_inline" not in kinds and "html_block" not in kinds
    assert "| F\\|\\<1\\> |" in letter.markdown  # the table's separator escaped
    assert "<SARL>" not in letter.html and "Dupont &amp; Fils &lt;SARL&gt;" in letter.html
    html5lib.HTMLParser(strict=True).parse(letter.html)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"level": 4}, "invalid_level"),
        ({"claims": []}, "no_claims"),
        ({"received_on": date(2026, 1, 6)}, "received_on_needs_level_3"),
        ({"level": 3, "received_on": date(2026, 1, 4)}, "received_before_sent"),
    ],
)
def test_bad_requests_are_refused_with_a_code(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {
        "claims": [lt.late_interest(F118, date(2025, 12, 31))],
        "level": 1,
        "client": COMPANY,
        "dated": date(2026, 1, 5),
    }
    arguments.update(kwargs)
    with pytest.raises(lt.InvalidInputError) as error:
        reminder(**arguments)  # type: ignore[arg-type]
    assert error.value.code == code


def test_a_claim_not_late_or_twice_is_refused() -> None:
    on_time = lt.late_interest(F118, date(2025, 6, 10))
    with pytest.raises(lt.InvalidInputError, match="not late"):
        reminder(on_time, client=COMPANY, dated=date(2026, 1, 5))
    claim = lt.late_interest(F118, date(2025, 12, 31))
    with pytest.raises(lt.InvalidInputError, match="twice"):
        reminder([claim, claim], client=COMPANY, dated=date(2026, 1, 5))


def test_statement_of_a_client_from_a_ledger() -> None:
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        account = statement(read_ledger(handle), date(2025, 12, 31), client="ACME SAS")
    numbers = [line.invoice.number for line in account.lines]
    assert "F-2025-118" in numbers
    claim = lt.late_interest(F118, date(2025, 12, 31))
    line = account.lines[numbers.index("F-2025-118")]
    assert line.claim == claim and line.paid == Decimal("1200.00")
    assert line.total_due == Decimal("600.00") + Decimal("117.48")
    rows = list(csv.DictReader(io.StringIO(account.to_csv())))
    assert rows[-1]["number"] == "TOTAL"
    assert Decimal(rows[-1]["total_due"]) == sum(Decimal(r["total_due"]) for r in rows[:-1])
    assert rows[numbers.index("F-2025-118")]["payments"] == "2025-08-01:600.00;2025-10-15:600.00"
    html5lib.HTMLParser(strict=True).parse(account.html)
    assert "Relevé de compte — ACME SAS" in account.html
    assert "Paiements reçus" in account.html


def test_statement_of_an_unknown_client_names_the_known_ones() -> None:
    with (
        (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle,
        pytest.raises(lt.InvalidInputError, match="'ACME SAS'") as error,
    ):
        statement(read_ledger(handle), date(2025, 12, 31), client="ACME")
    assert error.value.code == "unknown_client"


# --- issue 20 item 4: letters a company can send ----------------------------------------------


def acme_statement() -> lt.Statement:
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        return statement(
            read_ledger(handle),
            "2025-12-31",
            client="ACME SAS",
            creditor=CREDITOR,
            recipient=ACME,
            dated="2026-01-05",
        )


def test_the_statement_matches_its_golden_files() -> None:
    account = acme_statement()
    for suffix, text in (
        (".md", account.markdown),
        (".html", account.html),
        (".csv", account.to_csv()),
    ):
        path = LETTERS / f"statement{suffix}"
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review the diff"
    if UPDATE:
        pytest.skip("golden statement rewritten: review it before committing")


def test_every_letter_states_sender_recipient_identity_and_payment_details() -> None:
    for name, letter in LETTER_CASES.items():
        text = letter.markdown
        assert letter.missing == (), name
        # the creditor's legal identity (Code de commerce R123-237)
        assert f"LEXOM, SAS au capital de 10{NNBSP}000,00{NBSP}€" in text, name
        assert f"RCS Aubenas 845{NBSP}127{NBSP}398" in text, name
        assert "siège social : 12 rue des Écoles, 07200 Aubenas" in text, name
        # how to pay
        assert f"IBAN FR76{NBSP}3000{NBSP}6000{NBSP}0112{NBSP}3456{NBSP}7890{NBSP}189" in text
        assert "(BIC AGRIFRPP882), au nom de LEXOM" in text, name
        # the recipient's address block, in the window of the envelope
        recipient = {"company": ACME, "consumer": MARTIN, "public": PRIVAS}[name.split("_")[0]]
        block = "<br>".join(lt.fmt.NBSP.join([line]) for line in recipient.address_lines)
        assert f'<p class="recipient">{block.replace("&", "&amp;")}</p>' in letter.html.replace(
            "&#x27;", "'"
        ), name
        # clauses as the CGV print them, never the library's version codes
        for code in ("legacy-15", "new-30", "§"):
            assert code not in text and code not in letter.html, (name, code)


def test_a_letter_without_identity_says_what_is_missing() -> None:
    claim = lt.late_interest(F118, date(2025, 12, 31))
    letter = reminder(claim, 3, client=COMPANY, dated="2026-01-05")
    assert letter.missing == (
        "creditor.siren",
        "creditor.rcs_city",
        "creditor.legal_form",
        "creditor.address",
        "creditor.iban",
        "recipient.address",
    )
    assert "IBAN" not in letter.markdown and "RCS" not in letter.markdown


def test_the_formal_notice_is_one_within_article_1344_and_announces_both_consequences() -> None:
    for name in ("company_level3", "consumer_level3"):
        text = LETTER_CASES[name].markdown
        assert "Lettre recommandée avec demande d'avis de réception" in text
        assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in text
        # §4.7 quoted as the resolution clause invoked (Code civil 1225 al. 2)
        assert "> En cas de manquement par le CLIENT" in text
        assert (
            "lettre recommandée avec demande d'avis de réception et sera acquise de plein" in text
        )
        assert "résolution du contrat à compter du neuvième jour suivant la réception" in text
        # and legal recovery
        assert "requête en injonction de payer (articles 1405 et suivants du Code de" in text
    consumer = LETTER_CASES["consumer_level3"]
    # without received_on: the earliest day, the letter's date + 9, asserted as "au plus tôt"
    assert "(au plus tôt le 14 janvier 2026)" in consumer.markdown
    assert consumer.resolution_opens_on is None


def test_a_public_buyer_s_formal_notice_goes_to_the_administrative_judge() -> None:
    letter = reminder(
        public_claim(), 3, CREDITOR, client=STATE, dated="2026-06-15", recipient=PRIVAS
    )
    text = letter.markdown
    assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in text
    assert "R541-1 du Code de justice administrative" in text
    assert "injonction de payer" not in text
    assert "Madame, Monsieur," in text and "MED CONSO" not in text


def test_salutation_names_a_natural_person_and_a_caller_may_choose_it() -> None:
    consumer = LETTER_CASES["consumer_level3"].markdown
    assert "Bonjour Jeanne Martin," in consumer and "Madame, Monsieur" not in consumer
    assert "Nous vous prions d'agréer l'expression de nos salutations distinguées." in consumer
    assert "Madame, Monsieur," in LETTER_CASES["company_level1"].markdown
    claim = lt.late_interest(CONSUMER_INVOICE, date(2025, 12, 31))
    chosen = reminder(claim, 1, client=CONSUMER, dated="2026-01-05", salutation="Madame Martin,")
    assert "Madame Martin," in chosen.markdown and "Bonjour" not in chosen.markdown
    english = reminder(claim, 1, client=CONSUMER, dated="2026-01-05", lang="en")
    assert "Dear Jeanne Martin," in english.markdown
    with pytest.raises(lt.InvalidInputError) as error:
        reminder(claim, 1, client=CONSUMER, dated="2026-01-05", salutation="Madame,\n# x")
    assert (error.value.field, error.value.code) == ("salutation", "invalid_salutation")


def test_a_non_professional_legal_person_gets_the_clause_alone_and_no_mediator() -> None:
    club = lt.Client(name="Club de lecture", kind="legal_person", professional=False)
    invoice = CONSUMER_INVOICE.model_copy(update={"client": club})
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 2, client=club, dated="2026-01-05"
    )
    assert "L441-10" not in letter.markdown and "MED CONSO" not in letter.markdown
    assert "Madame, Monsieur," in letter.markdown


def test_reminder_and_statement_take_the_date_strings_the_api_takes() -> None:
    claim = lt.late_interest(F118, date(2025, 12, 31))
    by_string = reminder(claim, 3, client=COMPANY, dated="2026-01-05", received_on="2026-01-07")
    by_date = reminder(
        claim, 3, client=COMPANY, dated=date(2026, 1, 5), received_on=date(2026, 1, 7)
    )
    assert by_string == by_date
    for kwargs, field in (
        ({"dated": "2026-W02-1"}, "dated"),
        ({"dated": "05/01/2026"}, "dated"),
        ({"dated": "2026-01-05", "received_on": "20260107"}, "received_on"),
    ):
        with pytest.raises(lt.InvalidInputError) as error:
            reminder(claim, 3, client=COMPANY, **kwargs)  # type: ignore[arg-type]
        assert (error.value.field, error.value.code) == (field, "invalid_date")
    with pytest.raises(lt.InvalidInputError) as error:
        reminder(claim, client=COMPANY, dated="2300-01-01")
    assert error.value.code == "date_out_of_range"
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        invoices = list(read_ledger(handle))
    assert statement(invoices, "2025-12-31", client="ACME SAS").as_of == date(2025, 12, 31)
    with pytest.raises(lt.InvalidInputError) as error:
        statement(invoices, "31/12/2025", client="ACME SAS")
    assert (error.value.field, error.value.code) == ("as_of", "invalid_date")


def test_markdown_never_passes_raw_html_nor_lets_a_number_open_a_heading() -> None:
    client = lt.Client(name="<b>Dupont</b> <script>x</script>", kind="legal_person")
    invoice = F118.model_copy(
        update={"client": client, "number": "F-1\n# Payez ailleurs\n[lien](http://x)"}
    )
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 3, client=client, dated="2026-01-05"
    )
    seen, kinds = rendered_text(letter.markdown)
    assert not {"html_inline", "html_block", "link_open", "heading_open"} & set(kinds), kinds
    assert "<b>Dupont</b> <script>x</script>" in seen
    assert "F-1␊# Payez ailleurs␊[lien](http://x)" in seen
    assert "\n# " not in letter.markdown
    for start in ("# Titre", "> cité", "- tiret", "1. un", "+ plus"):
        named = lt.Client(name=start, kind="legal_person")
        text, kinds = rendered_text(
            reminder(
                lt.late_interest(F118.model_copy(update={"client": named}), date(2025, 12, 31)),
                client=named,
                dated="2026-01-05",
            ).markdown
        )
        assert start in text
        assert not {"heading_open", "blockquote_open", "ordered_list_open"} & set(kinds), start
        assert kinds.count("bullet_list_open") == 1, start  # the interest periods only


def test_control_characters_are_shown_never_printed_raw() -> None:
    client = lt.Client(name="ACME\x1b[2J\u202eSAS", kind="legal_person")
    invoice = F118.model_copy(update={"client": client, "number": "F\x07-1\x7f\x85"})
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 1, client=client, dated="2026-01-05"
    )
    for text in (letter.markdown, letter.html):
        assert not any((ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160 for c in text)
        assert "\u202e" not in text
        assert "ACME␛[2J⟨U+202E⟩SAS" in text.replace("\\[", "[")
        assert "F␇-1␡⟨U+0085⟩" in text
    html5lib.HTMLParser(strict=True).parse(letter.html)
    assert letter.client_name == "ACME\x1b[2J\u202eSAS"  # the data field keeps it as given


def test_the_statement_csv_neutralises_formulas_as_the_audit_does() -> None:
    client = lt.Client(name="ACME SAS", kind="legal_person")
    bad = F140.model_copy(
        update={"client": client, "number": '=HYPERLINK("http://evil.example","F")'}
    )
    for number in ('=HYPERLINK("http://evil.example","F")', "+1", "-1", "@SUM(A1)"):
        account = statement(
            [bad.model_copy(update={"number": number})], "2025-12-31", client="ACME SAS"
        )
        rows = list(csv.reader(io.StringIO(account.to_csv())))
        assert rows[1][0] == "'" + number
    assert account.lines[0].invoice.number == "@SUM(A1)"


def test_the_statement_states_sender_date_address_and_total_due() -> None:
    account = acme_statement()
    text = account.markdown
    assert account.missing == ()
    assert text.startswith("LEXOM  \n12 rue des Écoles  \n07200 Aubenas")
    assert "ACME SAS  \nService comptabilité  \n3 rue de la Paix  \n75002 Paris" in text
    assert "Aubenas, le 5 janvier 2026" in text
    assert "Situation de votre compte au 31 décembre 2025." in text
    assert "Total dû au 31 décembre 2025 : " in text
    assert "RCS Aubenas" in text
    html5lib.HTMLParser(strict=True).parse(account.html)


def test_the_printed_page_is_a4_with_the_address_in_the_window_and_fits_its_width() -> None:
    """Structural check of the print stylesheet, run everywhere (the PDF check below needs
    Chromium): A4 with 20 mm side margins, the recipient's block 110 mm from the left edge and
    50 mm from the top (the window of a French DL envelope), and the statement's table set to
    the page's width with wrapping headers, so that no column is pushed off the page."""
    from lexom_terms.tools.letters import PAGE_STYLE, STYLE

    assert "@page{size:A4;margin:15mm 20mm 20mm 20mm}" in PAGE_STYLE
    assert ".lexom-letter .head .recipient{position:absolute;left:90mm;top:35mm;width:80mm;" in (
        PAGE_STYLE
    )
    assert ".lexom-letter{width:170mm;" in PAGE_STYLE  # 210 - 2 × 20
    assert ".lexom-letter table.wide{width:100%}" in STYLE
    assert ".lexom-letter.statement table{font-size:8pt}" in STYLE
    html = acme_statement().html
    assert '<div class="lexom-letter statement">' in html
    assert '<table class="wide"><thead><tr><th scope="col" class="free">Facture</th>' in html
    assert "white-space:nowrap" not in html.split("</style>")[1]
    assert "Total dû" in html


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.printing
def test_the_statement_and_the_formal_notice_print_on_a4_with_nothing_cut(tmp_path: Path) -> None:
    """Print with headless Chromium, read back with pdftotext: the page is A4, "Total dû" and
    the last column's figures are on the page, and the recipient's name lies in the envelope's
    window (pdftotext -bbox gives its position in points)."""
    import subprocess

    chromium = _chromium()
    assert chromium is not None
    # a statement wider than the golden one: twelve invoices, six-figure amounts, long numbers
    big = [
        F140.model_copy(
            update={
                "number": f"FACT-2025-{n:04d}-ACME-SERVICE-FORMATION",
                "amount_incl_tax": Decimal("123456.78") + n,
                "payments": (lt.Payment(on="2025-11-02", amount="1000.00"),),
            }
        )
        for n in range(12)
    ]
    wide = statement(big, "2025-12-31", client="ACME SAS", creditor=CREDITOR, recipient=ACME)
    for name, html in (
        ("statement", acme_statement().html),
        ("wide", wide.html),
        ("notice", LETTER_CASES["company_level3"].html),
    ):
        source = tmp_path / f"{name}.html"
        source.write_text(html, encoding="utf-8")
        pdf = tmp_path / f"{name}.pdf"
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
        assert "pts (A4)" in info.stdout, info.stdout
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        bbox = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        mm = 72 / 25.4
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            bbox,
        )
        # the recipient block: "Service comptabilité" (ACME's first street line)
        (x0, y0, x1, y1) = next(tuple(float(v) for v in w[:4]) for w in words if w[4] == "Service")
        assert 100 * mm <= x0 and x1 <= 195 * mm, (x0, x1)
        assert 45 * mm <= y0 and y1 <= 95 * mm, (y0, y1)
        assert max(float(w[2]) for w in words) <= 200 * mm  # nothing beyond the right margin
        if name in ("statement", "wide"):
            # the last column, head and figures, is on the page: a table wider than A4 is cut
            # at the right margin, and its cut words are not in the PDF at all
            flat = " ".join(text.replace(NNBSP, " ").replace(NBSP, " ").split())
            assert flat.count("dû") >= 3, flat  # "Principal dû", "Total dû", "Total dû au ..."
            account = acme_statement() if name == "statement" else wide
            for line in account.lines:
                due = lt.fmt.money(line.total_due).replace(NNBSP, " ").replace(NBSP, " ")
                assert f"{due} " in flat + " ", (line.invoice.number, due)
        else:
            assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in " ".join(
                text.split()
            )
        # the legal identity and the page number at the foot of every page (margin boxes)
        pages = [p for p in text.split("\f") if p.strip()]
        for number, page in enumerate(pages, start=1):
            assert "RCS Aubenas" in page, (name, number)
            assert re.search(rf"\b{number} ?/ ?{len(pages)}\b", page), (name, number)


def test_a_creditor_s_text_cannot_end_the_page_s_style() -> None:
    """The legal identity is also written into the print stylesheet (a CSS string): a name
    holding "</style><script>" stays text."""
    creditor = CREDITOR.model_copy(update={"name": 'LEXOM</style><script>alert("x")</script>\\'})
    claim = lt.late_interest(F118, date(2025, 12, 31))
    letter = reminder(claim, 1, creditor, client=COMPANY, dated="2026-01-05", recipient=ACME)
    assert "<script>" not in letter.html and letter.html.count("</style>") == 1
    html5lib.HTMLParser(strict=True).parse(letter.html)
    assert '@bottom-left{content:"LEXOM\\3C /style\\3E \\3C script\\3E alert(\\22 x\\22 )' in (
        letter.html
    )


_FREE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda text: text.strip() != ""
)


@given(name=_FREE_TEXT, number=_FREE_TEXT)
def test_any_name_or_number_renders_as_itself_and_injects_nothing(name: str, number: str) -> None:
    """Whatever a ledger holds as a client's name or an invoice number, the Markdown letter
    renders (CommonMark) to that text, shown printable, with no HTML, link, heading or list of
    its own; the HTML page parses strictly and holds no raw control character."""
    from lexom_terms.tools.letters import _printable

    client = lt.Client(name=name, kind="legal_person")
    invoice = F118.model_copy(update={"client": client, "number": number.strip()})
    letter = reminder(
        lt.late_interest(invoice, date(2025, 12, 31)), 3, client=client, dated="2026-01-05"
    )
    seen, kinds = rendered_text(letter.markdown)
    assert _printable(client.name) in seen
    assert _printable(invoice.number) in seen
    assert not {"html_inline", "html_block", "link_open", "image", "heading_open"} & set(kinds)
    assert not {"ordered_list_open", "code_inline", "fence", "code_block"} & set(kinds)
    assert kinds.count("blockquote_open") == 1  # §4.7 quoted, nothing else
    assert kinds.count("bullet_list_open") == 1  # the interest periods
    html5lib.HTMLParser(strict=True).parse(letter.html)
    body = letter.html.split("</style>", 1)[1]
    assert not any((ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160 for c in body)
