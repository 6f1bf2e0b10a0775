"""Overlays as declarations (issue 17): one ordered, labelled precedence, each overlay stating
when it may apply, what it applies to and what it decides. A made-up statute — a cancellation
for the trainee's disability costs no fee — is one declaration, registered for a while; it
reaches a company's written notice (which no shipped overlay reads, so a hand-written fast path
would skip it) under both versions, for cancellations and for postponements."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

import lexom_terms as lt
from lexom_terms.cgv import precedence
from lexom_terms.cgv.engine import CANCELLATION_OVERLAYS, POSTPONEMENT_OVERLAYS
from lexom_terms.enums import Reason, Status
from lexom_terms.money import ZERO
from lexom_terms.results import cite
from lexom_terms.statute.overlay import Case, Decision, Kind, Overlay, fixed

from ..conftest import COMPANY

_LAW = cite(
    "Loi imaginaire art. 1",
    "a cancellation for the trainee's disability costs no fee",
    "une annulation pour le handicap du stagiaire ne coûte aucun frais",
)

#: The made-up statute, in one declaration (its disability reason given as "other").
DISABILITY = Overlay(
    label="disability",
    name="the trainee's disability (Loi imaginaire art. 1)",
    reads=("notice.reason",),
    applies_to=frozenset({Kind.CANCELLATION, Kind.POSTPONEMENT}),
    may_apply=lambda order, notice, windows: notice.reason == Reason.OTHER,
    decide=lambda case: Decision(
        Status.POSTPONED if case.postponement else Status.CANCELLED,
        ZERO,
        fixed((_LAW,)),
        _LAW.source,
        new_session_owed=case.order.total if case.postponement else None,
    ),
)


@pytest.fixture
def disability() -> Iterator[Overlay]:
    with precedence.register(DISABILITY) as overlay:
        yield overlay
    assert DISABILITY not in precedence.PRECEDENCE


def _order(cgv: str) -> lt.Order:
    return lt.Order(
        cgv=cgv,
        client=COMPANY,
        session=lt.Session(reference="R-1", start="2026-03-16", end="2026-03-17"),
        price_excl_tax="1500.00",
        signed_on="2026-01-05",
        payments=[lt.Payment(on="2026-01-05", amount="540.00")],  # the deposit
    )


# 10 days before the start: the total under both versions, without the statute
NOTICE = lt.Notice(received_on="2026-03-06", reason="other")


@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_without_the_statute_a_company_owes_the_total(cgv: str) -> None:
    assert lt.cancel(_order(cgv), NOTICE).owed == Decimal("1800.00")


@pytest.mark.parametrize("cgv", ["legacy-15", "new-30"])
def test_a_made_up_overlay_reaches_a_companys_written_notice(cgv: str, disability: Overlay) -> None:
    settlement = lt.cancel(_order(cgv), NOTICE)
    assert (settlement.owed, settlement.status) == (Decimal("0.00"), "cancelled")
    assert settlement.decided_by == "Loi imaginaire art. 1"
    assert settlement.citations == (_LAW,)
    # its postponements too, where declared: legacy's own overlay, new-30's through the
    # cancellation of the same date
    postponed = lt.postpone(_order(cgv), NOTICE)
    assert (postponed.owed, postponed.status) == (Decimal("0.00"), "postponed")
    # another reason: the version's ladder, as before
    other = lt.cancel(_order(cgv), lt.Notice(received_on="2026-03-06"))
    assert other.owed == Decimal("1800.00")


def test_the_precedence_is_one_labelled_table() -> None:
    labels = [o.label for o in precedence.PRECEDENCE]
    assert labels == [
        "consumer window",
        "written form",
        "training window",
        "self-funded force majeure",
    ]
    assert tuple(precedence.PRECEDENCE) == CANCELLATION_OVERLAYS
    assert (
        tuple(o for o in precedence.PRECEDENCE if Kind.POSTPONEMENT in o.applies_to)
        == POSTPONEMENT_OVERLAYS
    )
    for overlay in precedence.PRECEDENCE:
        assert overlay.reads and overlay.applies_to
        # declared beside its law: a statute module, or the CGV's table for its written form
        assert overlay.decide.__module__.startswith(
            ("lexom_terms.statute.", "lexom_terms.cgv.precedence")
        )


def test_register_places_and_refuses(disability: Overlay) -> None:
    assert precedence.PRECEDENCE[-1] is DISABILITY
    with pytest.raises(ValueError, match="already declared"), precedence.register(DISABILITY):
        pass  # pragma: no cover
    early = Overlay(
        "early",
        "early",
        ("notice.reason",),
        frozenset({Kind.CANCELLATION}),
        lambda o, n, w: False,
        lambda case: None,
    )
    with precedence.register(early, before="written form"):
        assert [o.label for o in precedence.PRECEDENCE][:3] == [
            "consumer window",
            "early",
            "written form",
        ]
    with pytest.raises(ValueError, match="no such overlay"), precedence.register(early, "nope"):
        pass  # pragma: no cover


def test_a_case_reads_what_the_notice_asks() -> None:
    order = _order("new-30")
    case = Case(lt.api.regime_for("new-30"), order, NOTICE, (), Kind.POSTPONEMENT)
    assert case.postponement and not case._replace(kind=Kind.CANCELLATION).postponement
