"""Charts (issue 14, item 3): the fee schedule's step chart and the aged balance of an audit.
Every label is measured after a draw: none overlaps another, the title or a tick label."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib
import pytest

import lexom_terms as lt
from lexom_terms.tools.audit import audit, read_ledger
from lexom_terms.tools.plot import (
    aged_balance,
    bucket_of,
    overlapping_labels,
    plot_aged_balance,
)

from .conftest import CONSUMER, FOREIGN_COMPANY, make_order

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
LEGACY = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
CONSUMER_ORDER = make_order(
    "new-30", client=CONSUMER, channel="website", signed="2026-03-20", start="2026-05-18"
)


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _xlim_dates(ax: Any) -> tuple[date, date]:
    from matplotlib.dates import num2date

    low, high = ax.get_xlim()
    return num2date(low).date(), num2date(high).date()


ORDERS = {
    "legacy company": LEGACY,
    "new-30 consumer online": CONSUMER_ORDER,
    "legacy consumer on premises": make_order("legacy-15", client=CONSUMER, channel="on_premises"),
    "new-30 foreign": make_order("new-30", client=FOREIGN_COMPANY, start="2026-09-14"),
    "short notice": make_order("legacy-15", signed="2026-03-10", start="2026-03-16"),
    "a year ahead": make_order("new-30", signed="2026-01-05", start="2027-01-18"),
}


@pytest.mark.parametrize("name", sorted(ORDERS))
@pytest.mark.parametrize("notice", [False, True])
def test_fee_schedule_labels_never_overlap(name: str, notice: bool) -> None:
    order = ORDERS[name]
    schedule = lt.fee_schedule(order)
    received = order.session.start - timedelta(days=3) if notice else None
    ax = schedule.plot(order, notice=received)
    assert overlapping_labels(ax.figure) == []
    texts = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
    assert any("début de la session" in t for t in texts)


def test_fee_schedule_axis_ends_with_the_last_step_in_french() -> None:
    ax = lt.fee_schedule(LEGACY).plot(LEGACY)
    ax.figure.canvas.draw()
    low, high = _xlim_dates(ax)
    # steps: 540.00 to 1 March, 1 800.00 from 2 March; the session starts on 16 March
    assert low < date(2026, 1, 5) and date(2026, 3, 16) < high <= date(2026, 3, 31)
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks[:3] == ["janv.\n2026", "févr.", "mars"]
    assert all("-" not in t for t in ticks)  # never "2026-02"
    labels = [t.get_text() for t in ax.texts]
    assert "540,00\u00a0€" in labels and "1\u202f800,00\u00a0€" in labels
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "500\u00a0€"


def test_fee_schedule_marks_the_notice() -> None:
    ax = lt.fee_schedule(LEGACY).plot(LEGACY, notice=date(2026, 3, 2))
    texts = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
    assert "demande reçue le 2 mars 2026 : 1\u202f800,00\u00a0€" in texts
    from matplotlib.dates import date2num

    red = [line for line in ax.lines if line.get_color() == "#c0392b"]
    assert any(list(line.get_xdata()) == [date2num(date(2026, 3, 2))] * 2 for line in red)


def test_fee_schedule_without_order_draws_only_the_steps() -> None:
    ax = lt.fee_schedule(LEGACY).plot()
    assert len(ax.figure.axes) == 1 and ax.get_title().startswith("Frais d'annulation")
    assert overlapping_labels(ax.figure) == []


def test_buckets_at_their_boundaries() -> None:
    assert [bucket_of(n) for n in (0, 30, 31, 60, 61, 90, 91, 400)] == [
        "0–30 jours",
        "0–30 jours",
        "31–60 jours",
        "31–60 jours",
        "61–90 jours",
        "61–90 jours",
        "> 90 jours",
        "> 90 jours",
    ]
    with pytest.raises(ValueError, match="days_late"):
        bucket_of(-1)


class Report:
    """An audit report of the ledger branch's shape: ``rows()`` with a client column."""

    as_of = date(2025, 12, 31)
    totals: dict[str, Decimal] = {}  # noqa: RUF012

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._rows = rows

    def rows(self) -> list[dict[str, str]]:
        return self._rows


ROWS = [
    {"client_name": "ACME SAS", "days_late": "12", "principal_outstanding": "100.00"},
    {"client_name": "ACME SAS", "days_late": "31", "principal_outstanding": "200.00"},
    {"client_name": "Beta SARL", "days_late": "90", "principal_outstanding": "300.00"},
    {"client_name": "Beta SARL", "days_late": "91", "principal_outstanding": "400.00"},
    {"client_name": "Beta SARL", "days_late": "200", "principal_outstanding": "0.00"},
]


def test_aged_balance_sums_per_bucket_in_total_and_per_client() -> None:
    assert aged_balance(Report(ROWS)) == {
        "Total": {
            "0–30 jours": Decimal("100.00"),
            "31–60 jours": Decimal("200.00"),
            "61–90 jours": Decimal("300.00"),
            "> 90 jours": Decimal("400.00"),
        }
    }
    per_client = aged_balance(Report(ROWS), by_client=True)
    assert per_client["ACME SAS"]["31–60 jours"] == Decimal("200.00")
    assert per_client["Beta SARL"]["> 90 jours"] == Decimal("400.00")  # the paid one adds 0
    assert sum(per_client["Beta SARL"].values()) == Decimal("700.00")


def test_aged_balance_of_a_real_audit_and_a_report_without_clients() -> None:
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        report = audit(read_ledger(handle), date(2025, 12, 31))
    total = aged_balance(report)["Total"]
    unpaid = sum((Decimal(r["principal_outstanding"]) for r in report.records()), Decimal(0))
    assert sum(total.values()) == unpaid
    without_clients = Report([{k: v for k, v in r.items() if k != "client_name"} for r in ROWS])
    with pytest.raises(lt.InvalidInputError, match="client_name") as error:
        aged_balance(without_clients, by_client=True)
    assert error.value.code == "no_client_column"


@pytest.mark.parametrize("by_client", [False, True])
def test_aged_balance_chart_labels_never_overlap(by_client: bool) -> None:
    ax = plot_aged_balance(Report(ROWS), by_client=by_client)
    assert overlapping_labels(ax.figure) == []
    texts = [t.get_text() for t in ax.texts]
    assert "400,00\u00a0€" in texts
    assert "31 décembre 2025" in ax.get_title()


def test_a_notice_before_the_signature_is_refused() -> None:
    with pytest.raises(lt.InvalidInputError) as error:
        lt.fee_schedule(LEGACY).plot(LEGACY, notice=date(2026, 1, 4))
    assert error.value.field == "notice" and error.value.code == "notice_before_signature"
