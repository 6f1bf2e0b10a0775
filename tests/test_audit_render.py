"""The report's CSV lines are joined without the csv module where no cell needs quoting: the
same bytes as the csv module's writer, on any text a ledger can hold."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lexom_terms.tools.audit import AuditRow, _csv_writer, csv_cells, render

texts = st.one_of(
    st.sampled_from(["F-1", "=HYPERLINK(1)", "a,b", "a;b", 'say "hi"', "l1\nl2", "cr\rx", ""]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.text(alphabet=',;"\n\r\t =+-@ab|\u00a0', max_size=8),
)
money = st.integers(0, 10**14).map(lambda c: Decimal(c).scaleb(-2))


@st.composite
def rows(draw: st.DrawFn) -> AuditRow:
    return AuditRow(
        draw(texts.filter(bool)),
        draw(st.sampled_from(["legacy-15", "new-30"])),
        draw(st.dates(date(1900, 1, 1), date(2199, 12, 31))),
        draw(money),
        draw(st.integers(0, 100_000)),
        draw(money),
        draw(money),
        draw(money),
        draw(money),
        draw(st.sampled_from([Decimal("0.00"), Decimal("40.00")])),
        draw(money),
        draw(st.booleans()),
        tuple(draw(st.lists(texts, max_size=3))),
        tuple(draw(st.lists(texts, max_size=2))),
    )


def csv_module(rows: list[AuditRow], french: bool) -> str:
    out = io.StringIO()
    _csv_writer(out, french).writerows(csv_cells(row, french) for row in rows)
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(st.lists(rows(), max_size=6), st.sampled_from(["csv", "csv-fr"]))
@example(
    [
        AuditRow(
            "a,b",
            "new-30",
            date(2025, 1, 1),
            *[Decimal("1.00")] * 1,
            3,
            *[Decimal("0.00")] * 6,
            True,
            ('x "y"',),
            ("l1\nl2",),
        )
    ],
    "csv",
)
def test_render_equals_the_csv_module(rows: list[AuditRow], format: str) -> None:
    assert render(rows, format) == csv_module(rows, format == "csv-fr")
