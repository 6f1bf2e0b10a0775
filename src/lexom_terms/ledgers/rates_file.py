"""``--rates FILE``: ECB or legal rates added to the shipped table from a small CSV.

Columns (header required; ``,``, ``;`` or tab; dialect rules of :mod:`.spreadsheet`)::

    series,start,percent,other_percent
    ecb,2026-12-17,2.15,
    legal,2027-01-01,6.67,2.76

- ``ecb``: the ECB main refinancing rate in force from ``start`` (RateTable.with_ecb);
  ``other_percent`` stays empty.
- ``legal``: the French legal rate of the semester starting ``start`` (1 January or 1 July):
  ``percent`` for natural persons not acting professionally, ``other_percent`` for the other
  cases (RateTable.with_legal).
- ``ecb-through``: the last ECB rate is still in force through ``start`` (no percent;
  RateTable.with_ecb_known_through), for an ``as_of`` after the table's last change.
- optional ``confirmed``: ``yes`` (default) or ``no`` (a forecast: claims using it are
  provisional).
"""

from __future__ import annotations

from ..errors import InvalidInputError
from ..rates import RateTable
from ._text import (
    LedgerError,
    Source,
    amount,
    day,
    header_cells,
    header_record,
    rows,
    sniff,
    text_lines,
    visible,
)
from .spreadsheet import _chain, _choose

COLUMNS = ("series", "start", "percent", "other_percent", "confirmed")


def add_rates(table: RateTable, source: Source, *, encoding: str | None = None) -> RateTable:
    """``table`` with every rate of the file added (a later row for the same date wins)."""
    lines = text_lines(source, encoding)
    try:
        first = next(lines)
    except StopIteration:
        raise LedgerError(1, None, "the rates file is empty: a header row is needed") from None
    delimiter = sniff(first, COLUMNS[:3])
    records = rows(_chain(first, lines), delimiter)
    header = header_record(records, "rates file")
    names = header_cells(header, 1)
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise LedgerError(1, unknown[0], "unknown column; the columns are " + ", ".join(COLUMNS))
    dialect = _choose(None, delimiter)
    for line, cells in records:
        visible(cells, line, names)
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise LedgerError(line, None, "more cells than the header", code="extra_cells")
        row = dict(zip(names, (c.strip() for c in cells), strict=False))
        series = row.get("series", "").lower()
        start = day(row.get("start", ""), dialect, line, "start")
        if series == "ecb-through":
            if row.get("percent") or row.get("other_percent"):
                raise LedgerError(line, "percent", "ecb-through takes a date only")
            table = table.with_ecb_known_through(start)
            continue
        percent = amount(row.get("percent", ""), dialect, line, "percent")
        if percent < 0:
            # the ECB main refinancing rate and the French legal rate have never been below
            # zero (the ECB's lowest was 0 %, 2016–2022): a minus sign is a typing error, and
            # would make interest run backwards
            raise LedgerError(
                line, "percent", f"{percent} %: a rate below zero", code="rate_negative"
            )
        confirmed_text = row.get("confirmed", "").lower() or "yes"
        if confirmed_text not in ("yes", "no", "oui", "non"):
            raise LedgerError(line, "confirmed", f"{confirmed_text!r}: use yes or no")
        confirmed = confirmed_text in ("yes", "oui")
        source_text = f"{getattr(source, 'name', source)} line {line}"
        try:
            if series == "ecb":
                if row.get("other_percent"):
                    raise LedgerError(line, "other_percent", "an ECB rate has one percent")
                table = table.with_ecb(start, percent, confirmed=confirmed, source=source_text)
            elif series == "legal":
                other = amount(row.get("other_percent", ""), dialect, line, "other_percent")
                if other < 0:
                    raise LedgerError(
                        line, "other_percent", f"{other} %: a rate below zero", code="rate_negative"
                    )
                table = table.with_legal(
                    start, percent, other, confirmed=confirmed, source=source_text
                )
            else:
                raise LedgerError(line, "series", f"{series!r}: use ecb, ecb-through or legal")
        except LedgerError:
            raise
        except InvalidInputError as error:
            raise LedgerError(
                line, "start" if series == "legal" else "percent", str(error)
            ) from None
    return table
