"""The letter LEXOM sends a consumer with a withdrawal refund (issue 21, RULEBOOK §19):
the refund, its due day (L221-24), and paid late the L242-4 increase today and tomorrow.

Facts (as tests/rules/test_s19_refunds.py): a consumer, new-30, 1 800.00 TTC, 540.00 paid on
26 February 2026; the withdrawal is received on 2 March 2026: 540.00 due by 16 March 2026.
The golden letter ``tests/letters/consumer_refund.*`` was read by a person before it was
committed (``LEXOM_UPDATE_LETTERS=1`` rewrites it, for a reviewed change only)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import html5lib
import pytest

import lexom_terms as lt
from lexom_terms.fmt import NBSP

from .conftest import COMPANY, CONSUMER, make_order
from .test_letters import CREDITOR, LETTERS, MARTIN, UPDATE

ORDER = make_order(
    "new-30",
    client=CONSUMER,
    signed="2026-02-26",
    start="2026-06-15",
    paid=(("2026-02-26", "540.00"),),
)
WITHDRAWAL = lt.cancel(ORDER, lt.Notice(received_on="2026-03-02"))


def letter(dated: str, **kwargs: object) -> lt.Letter:
    return lt.refund_letter(ORDER, WITHDRAWAL, dated, creditor=CREDITOR, recipient=MARTIN, **kwargs)  # type: ignore[arg-type]


def euros(text: str) -> str:
    return lt.fmt.money(Decimal(text))


def test_the_golden_refund_letter() -> None:
    # 20 days late: 5 % today; paid tomorrow, 21 days late, 10 %: the step a day costs
    found = letter("2026-04-05")
    for suffix, text in ((".md", found.markdown), (".html", found.html)):
        path = LETTERS / f"consumer_refund{suffix}"
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review the diff"
    if UPDATE:
        pytest.skip("golden letter rewritten: review it before committing")


def test_paid_on_the_due_day_no_increase_and_no_table() -> None:
    found = letter("2026-03-16")
    assert (found.kind, found.principal, found.interest, found.total) == (
        "refund",
        Decimal("540.00"),
        Decimal("0.00"),
        Decimal("540.00"),
    )
    assert found.total_tomorrow is None
    text = found.markdown
    assert "au plus tard le 16 mars 2026" in text and "L221-24" in text
    assert "aucune majoration n'est due" in text
    assert "L242-4" not in text and "|" not in text
    assert f"Total que nous vous versons : {euros('540.00')}." in text


def test_one_day_late_legal_interest_today_and_tomorrow() -> None:
    found = letter("2026-03-17")
    surcharge = lt.refund_surcharge(ORDER, WITHDRAWAL, "2026-03-17")
    assert found.interest == surcharge.amount > 0
    assert found.total == Decimal("540.00") + surcharge.amount
    assert surcharge.amount_tomorrow is not None
    assert found.total_tomorrow == Decimal("540.00") + surcharge.amount_tomorrow
    text = found.markdown
    assert "avec 1 jour de retard" in text and "1 jours" not in text
    assert "intérêt au taux légal" in text and "article L242-4 du Code de la consommation" in text
    assert "| Versé le 17/03/2026 | Versé le 18/03/2026 |" in text


def test_eleven_days_late_five_percent_and_the_same_tomorrow() -> None:
    found = letter("2026-03-27")
    assert (found.interest, found.total, found.total_tomorrow) == (
        Decimal("27.00"),
        Decimal("567.00"),
        Decimal("567.00"),
    )
    assert "avec 11 jours de retard" in found.markdown
    assert f"de 5{NBSP}% pour ce retard, soit {euros('27.00')}" in found.markdown


def test_the_next_day_steps_up_at_the_tier_edge() -> None:
    found = letter("2026-04-05")  # day 20: 5 %; day 21: 10 %
    assert (found.interest, found.total, found.total_tomorrow) == (
        Decimal("27.00"),
        Decimal("567.00"),
        Decimal("594.00"),
    )
    text = found.markdown
    assert f"| Majoration (article L242-4) | {euros('27.00')} | {euros('54.00')} |" in text
    assert f"aurait porté la majoration à {euros('54.00')} (total {euros('594.00')})" in text
    assert f"Total que nous vous versons : {euros('567.00')}." in text


def test_the_letter_cites_statutes_in_words_never_version_codes() -> None:
    for dated in ("2026-03-16", "2026-03-17", "2026-04-05", "2026-09-30"):
        found = letter(dated)
        html5lib.HTMLParser(strict=True).parse(found.html)
        for code in ("new-30", "legacy-15", "§", "2026-0"):
            assert code not in found.markdown, (dated, code)
        assert not re.search(r"\d \d{3},\d{2}", found.markdown)


def test_english_and_missing_address() -> None:
    found = lt.refund_letter(ORDER, WITHDRAWAL, date(2026, 3, 24), lang="en")
    assert "8 days late" in found.markdown and "Increase (article L242-4)" in found.markdown
    # LEXOM pays: its IBAN is not asked for; the consumer's address is
    assert "recipient.address" in found.missing and "creditor.iban" not in found.missing


def test_names_are_escaped() -> None:
    order = ORDER.model_copy(
        update={"session": ORDER.session.model_copy(update={"reference": "<b>R-1</b>"})}
    )
    found = lt.refund_letter(
        order, lt.cancel(order, lt.Notice(received_on="2026-03-02")), "2026-03-20"
    )
    assert "<b>R-1</b>" not in found.html and "&lt;b&gt;R-1&lt;/b&gt;" in found.html
    assert "\\<b\\>R-1\\</b\\>" in found.markdown


@pytest.mark.parametrize(
    ("order", "notice"),
    [
        (
            make_order("new-30", client=COMPANY, signed="2026-02-26", start="2026-06-15"),
            "2026-03-02",
        ),
        (ORDER, "2026-05-20"),  # after the window: a cancellation, not a withdrawal
    ],
)
def test_not_a_consumer_refund_is_refused(order: lt.Order, notice: str) -> None:
    settlement = lt.cancel(order, lt.Notice(received_on=notice))
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.refund_letter(order, settlement, "2026-04-01")
    assert caught.value.code == "not_a_consumer_refund"
