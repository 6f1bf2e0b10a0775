"""RULEBOOK §16: attendance in hours — the OPCO pays only training delivered, the client pays
the rest of the training and, apart, an indemnity for the hours not attended."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import lexom_terms as lt
from lexom_terms import Attendance, Line, OpcoFunding, Order, Session

from ..conftest import COMPANY, CONSUMER, SOLE_TRADER

D = Decimal
APPROVED = OpcoFunding(
    opco="Atlas", requested_on="2026-01-10", approved_on="2026-02-01", approved_amount="1200"
)


def order(
    price: str = "1500.00",
    *,
    vat: str = "0",
    hours: str | None = "14",
    funding: OpcoFunding | None = APPROVED,
    client: lt.Client = COMPANY,
    **kw: Any,
) -> Order:
    return Order(
        cgv=kw.pop("cgv", "new-30"),
        client=client,
        session=Session(reference="S", start="2026-03-16", end="2026-03-17", hours=hours),
        price_excl_tax=price,
        vat_rate=vat,
        signed_on="2026-01-05",
        funding=funding,
        **kw,
    )


def test_the_worked_example() -> None:
    """§16: one trainee, 14 h planned, 1 500.00 (VAT-exempt), OPCO approved 1 200.00, 10.5 h
    attended → delivered 1 125.00; OPCO 900.00; client training 225.00; indemnity 375.00."""
    split = lt.attendance_split(order(), [Attendance(line="1", hours="10.5")])
    assert (split.delivered, split.opco, split.client_training, split.client_indemnity) == (
        D("1125.00"),
        D("900.00"),
        D("225.00"),
        D("375.00"),
    )
    assert split.opco + split.client_training + split.client_indemnity == split.total
    assert split.certificate_hours == {"1": D("10.5")}
    sources = [c.source for c in split.citations]
    assert {"Code du travail L6354-1", "Code du travail R6332-26", "new-30 §3.5"} <= set(sources)
    assert split.caveats == ()


def test_full_attendance_is_the_0_2_split() -> None:
    o = order()
    split = lt.attendance_split(o, [Attendance(line="1", hours="14")])
    balance = lt.balance(o, "2026-03-20")
    assert split.client_indemnity == 0
    assert (split.opco, split.client_training) == (balance.funder_share, balance.client_share)


def test_the_indemnity_bears_vat_as_a_fee() -> None:
    o = order("1250.00", vat="0.20")  # 1 500.00 TTC
    split = lt.attendance_split(o, [Attendance(line="1", hours="10.5")])
    assert split.client_indemnity == D("375.00")
    assert (split.indemnity_excl_tax, split.indemnity_vat) == (D("312.50"), D("62.50"))
    outside = lt.attendance_split(o, [Attendance(line="1", hours="10.5")], fee_vat="outside_scope")
    assert (outside.indemnity_excl_tax, outside.indemnity_vat) == (D("375.00"), 0)
    assert [c.source for c in outside.caveats] == ["Conseil d'État 472257"]
    for s in (split, outside):
        assert s.opco_excl_tax + s.opco_vat == s.opco
        assert s.client_training_excl_tax + s.client_training_vat == s.client_training


def test_a_consumer_indemnity_carries_the_caveats() -> None:
    o = order(client=CONSUMER, funding=None)
    split = lt.attendance_split(o, [Attendance(line="1", hours="7")])
    assert [c.source for c in split.caveats] == [
        "Code de la consommation R212-2",
        "Code civil 1231-5",
    ]
    assert (split.opco, split.client_training, split.client_indemnity) == (
        0,
        D("750.00"),
        D("750.00"),
    )


def test_self_funded_force_majeure_owes_only_the_hours_delivered() -> None:
    o = order(client=SOLE_TRADER, funding=None)
    split = lt.attendance_split(o, [Attendance(line="1", hours="7")], force_majeure=True)
    assert (split.client_training, split.client_indemnity) == (D("750.00"), 0)
    assert split.opco + split.client_training + split.client_indemnity == split.delivered
    assert "Code du travail L6353-7" in [c.source for c in split.citations]
    company = lt.attendance_split(order(), [Attendance(line="1", hours="7")], force_majeure=True)
    assert company.client_indemnity == D("750.00")
    assert "Code civil 1218" in [c.source for c in company.citations]


def test_a_late_or_unapproved_funding_pays_nothing() -> None:
    late = OpcoFunding(
        opco="Atlas", requested_on="2026-03-17", approved_on="2026-03-18", approved_amount="1200"
    )
    pending = OpcoFunding(opco="Atlas", requested_on="2026-01-10")
    for funding in (late, pending):
        split = lt.attendance_split(order(funding=funding), [Attendance(line="1", hours="10.5")])
        assert (split.opco, split.client_training) == (0, D("1125.00"))


def test_line_by_line_with_the_last_line_taking_the_cent() -> None:
    o = Order(
        cgv="legacy-15",
        client=COMPANY,
        session=Session(reference="S", start="2026-03-16", end="2026-03-17", hours="7"),
        price_excl_tax="30.12",
        signed_on="2026-01-05",
        lines=tuple(Line(id=f"T{i}", price_excl_tax="10.04", trainee=f"T{i}") for i in (1, 2, 3)),
    )
    split = lt.attendance_split(
        o,
        [
            Attendance(line="T1", hours="7"),
            Attendance(line="T2", hours="3.5"),
            Attendance(line="T3", hours="0"),
        ],
    )
    assert split.delivered_by_line == {"T1": D("12.05"), "T2": D("6.03"), "T3": D("0.00")}
    assert split.delivered + split.client_indemnity == o.total == D("36.14")
    assert split.certificate_hours == {"T1": D("7"), "T2": D("3.5"), "T3": D("0")}


def test_a_module_uses_its_own_planned_hours() -> None:
    o = Order(
        cgv="new-30",
        client=COMPANY,
        session=Session(reference="C", start="2026-03-16", end="2026-05-20", hours="7"),
        price_excl_tax="2000",
        vat_rate="0",
        signed_on="2026-01-05",
        lines=(
            Line(
                id="M1",
                price_excl_tax="1000",
                session=Session(reference="M1", start="2026-03-16", end="2026-03-18", hours="21"),
            ),
            Line(
                id="M2",
                price_excl_tax="1000",
                session=Session(reference="M2", start="2026-05-18", end="2026-05-20"),
            ),
        ),
    )
    split = lt.attendance_split(
        o, [Attendance(line="M1", hours="14"), Attendance(line="M2", hours="7")]
    )
    assert split.planned_hours == {"M1": D("21"), "M2": D("7")}
    assert split.delivered_by_line == {"M1": D("666.67"), "M2": D("1000.00")}


@pytest.mark.parametrize(
    ("records", "code"),
    [
        ([], "attendance_missing"),
        ([Attendance(line="9", hours="1")], "unknown_line"),
        ([Attendance(line="1", hours="14.5")], "attendance_above_planned"),
        ([Attendance(line="1", hours="1"), Attendance(line="1", hours="2")], "attendance_repeated"),
    ],
)
def test_bad_records_are_refused_with_their_code(records: list[Attendance], code: str) -> None:
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.attendance_split(order(), records)
    assert caught.value.code == code


def test_a_session_without_planned_hours_cannot_be_split() -> None:
    with pytest.raises(lt.InvalidInputError) as caught:
        lt.attendance_split(order(hours=None), [Attendance(line="1", hours="1")])
    assert (caught.value.code, caught.value.field) == ("hours_required", "order.session.hours")


def test_hours_are_positive_and_attended_not_negative() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Session(reference="S", start="2026-03-16", end="2026-03-17", hours="0")
    assert caught.value.errors()[0]["type"] == "hours_not_positive"
    with pytest.raises(ValidationError):
        Attendance(line="1", hours="-1")


def test_a_public_buyers_indemnity_carries_the_public_contract_caveat() -> None:
    state = lt.Client(name="Rectorat", kind="legal_person", public_buyer="state")
    split = lt.attendance_split(
        order(client=state, funding=None), [Attendance(line="1", hours="7")]
    )
    assert [c.source for c in split.caveats] == ["Code de la commande publique"]


def test_a_split_round_trips_and_explains_itself() -> None:
    split = lt.attendance_split(order(), [Attendance(line="1", hours="10.5")])
    assert lt.AttendanceSplit.model_validate_json(split.model_dump_json()) == split
    text = split.explain()
    assert "10,5 h / 14 h" in text and "900,00\u00a0€" in text
    assert "indemnity for hours not attended" in split.explain("en")
    html = split._repr_html_()
    assert "Certificat de réalisation" in html and "900,00" in html and "10,5" in html
