"""Notebook display (``display.html_for``): every result, order, invoice and audit report is a
well-formed, escaped HTML5 fragment with headed tables, French formats, mismatches highlighted
and caveats set apart (issue 14, item 2)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import html5lib
import pytest

import lexom_terms as lt
from lexom_terms import display
from lexom_terms.fmt import NBSP, NNBSP
from lexom_terms.tools.audit import audit, read_ledger

from .conftest import COMPANY, CONSUMER, make_order

ROOT = Path(__file__).resolve().parents[1]
NS = "{http://www.w3.org/1999/xhtml}"
EURO_1800 = f"1{NNBSP}800,00{NBSP}€"

ORDER = make_order("legacy-15", paid=(("2026-01-05", "540.00"),))
INVOICE = lt.Invoice(
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


def parse(fragment: str) -> ET.Element:
    """Parse as HTML5, strictly: any parse error (unclosed or misnested tag) fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    root: ET.Element = parser.parseFragment(fragment)
    return root


def texts(root: ET.Element, tag: str, *, ours: bool = False) -> list[str]:
    """The text of every ``tag``; ``ours``: only what display writes (not a rule's sentence)."""
    return [
        "".join(e.itertext())
        for e in root.iter(f"{NS}{tag}")
        if not (ours and e.get("class") == "lexom-prose")
    ]


def every_object() -> dict[str, Any]:
    consumer_order = make_order("new-30", client=CONSUMER, channel="website")
    with (ROOT / "examples" / "ledger.csv").open(encoding="utf-8") as handle:
        report = audit(read_ledger(handle), date(2025, 12, 31))
    window = lt.retraction_window(consumer_order)
    assert window is not None
    return {
        "Settlement": lt.cancel(ORDER, lt.Notice(received_on="2026-03-02")),
        "RetractionWindow": window,
        "Due": lt.deposit_due(ORDER),
        "Balance": lt.balance(ORDER, date(2026, 3, 17)),
        "InterestClaim": lt.late_interest(INVOICE, date(2025, 12, 31)),
        "Timeline": lt.timeline(ORDER),
        "Check": lt.check_invoice(
            ORDER, claimed=lt.Claimed(fee="1800.00"), notice=lt.Notice(received_on="2026-02-24")
        ),
        "FeeSchedule": lt.fee_schedule(ORDER),
        "RegimeComparison": lt.compare_regimes(ORDER, lt.Notice(received_on="2026-02-24")),
        "Amount": lt.liability_cap(ORDER),
        "Order": ORDER,
        "Invoice": INVOICE,
        "AuditReport": report,
    }


OBJECTS = every_object()


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_every_display_is_well_formed_headed_and_french(name: str) -> None:
    obj = OBJECTS[name]
    html = obj._repr_html_()
    assert html == display.html_for(obj)
    root = parse(html)
    headers = texts(root, "th")
    assert headers, "a headed table"
    assert all(h.strip() or i == 0 for i, h in enumerate(headers) if h is not None)
    assert len(list(root.iter(f"{NS}table"))) >= 1
    # French formats in everything this module writes (the citations' sentences are the rule
    # modules' own, written where they are produced)
    import re

    for cell in [
        *texts(root, "td", ours=True),
        *texts(root, "th"),
        *texts(root, "h4"),
        *texts(root, "caption"),
    ]:
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", cell), cell
        assert not re.search(r"(?<!§)\b\d+\.\d{2}\b", cell), cell
        assert " €" not in cell and " %" not in cell, "€ and % after a no-break space"


def test_settlement_reads_like_a_statement() -> None:
    root = parse(display.html_for(OBJECTS["Settlement"]))
    assert texts(root, "h4") == [
        "CGV legacy-15 : annulation, demande reçue le 2 mars 2026 (legacy-15 §3.5)"
    ]
    assert texts(root, "th")[:3] == ["Poste", "Montant", "Échéance"]
    cells = texts(root, "td")
    assert "Reste à payer" in cells and f"1{NNBSP}260,00{NBSP}€" in cells
    assert "exigible le 2 mars 2026" in cells
    assert "reçue le 1er mars 2026" in cells  # the nearest boundary
    assert "Seuils les plus proches" in texts(root, "caption")


def test_check_has_invoiced_due_difference_headers_and_highlights_the_mismatch() -> None:
    root = parse(display.html_for(OBJECTS["Check"]))
    assert texts(root, "th")[:4] == ["Élément", "Facturé", "Dû selon les CGV", "Écart"]
    rows = [r for r in root.iter(f"{NS}tr") if r.get("class") == "lexom-mismatch"]
    assert len(rows) == 1
    row = ["".join(td.itertext()) for td in rows[0]]
    assert row[:4] == ["frais", EURO_1800, f"540,00{NBSP}€", f"1{NNBSP}260,00{NBSP}€"]
    assert "background" in rows[0][0].get("style", "")


def test_a_matching_check_highlights_nothing() -> None:
    check = lt.check_invoice(
        ORDER, claimed=lt.Claimed(fee="540.00"), notice=lt.Notice(received_on="2026-02-24")
    )
    root = parse(display.html_for(check))
    assert not [r for r in root.iter(f"{NS}tr") if r.get("class") == "lexom-mismatch"]
    assert "conforme" in texts(root, "td")


def test_retraction_window_says_days_not_amount() -> None:
    root = parse(display.html_for(OBJECTS["RetractionWindow"]))
    assert texts(root, "th") == ["Élément", "Valeur"]
    assert "Durée (jours)" in texts(root, "td")
    assert "Montant" not in texts(root, "th")


def test_interest_claim_periods_table_in_french() -> None:
    root = parse(display.html_for(OBJECTS["InterestClaim"]))
    headers = texts(root, "th")
    for expected in ("Début", "Fin", "Jours", "Principal", "Taux", "Intérêts"):
        assert expected in headers
    cells = texts(root, "td")
    assert "11/06/2025" in cells and "30/06/2025" in cells
    assert f"13,15{NBSP}%" in cells
    assert f"1{NNBSP}800,00{NBSP}€ × 13,15{NBSP}% × 20 / 365" in cells
    assert "BCE + 10 points" in cells
    assert "Total réclamable" in cells and f"117,48{NBSP}€" in cells
    method = [p for p in root.iter(f"{NS}p") if p.get("class") == "lexom-note"]
    assert "".join(method[0].itertext()) == (
        "Méthode : taux BCE du semestre (1er janvier ou 1er juillet) ; jours exacts / 365 ;"
        " paiements imputés sur le principal."
    )


def test_caveats_are_set_apart() -> None:
    invoice = INVOICE.model_copy(update={"client": CONSUMER, "payments": ()})
    claim = lt.late_interest(invoice, date(2025, 12, 31))
    assert claim.caveats
    root = parse(display.html_for(claim))
    boxes = [e for e in root.iter(f"{NS}div") if e.get("class") == "lexom-caveats"]
    assert len(boxes) == 1
    assert "border-left" in boxes[0].get("style", "")
    assert "Code civil 1231-5" in "".join(boxes[0].itertext())
    # and none when there is nothing to caveat
    company = parse(display.html_for(OBJECTS["InterestClaim"]))
    assert not [e for e in company.iter(f"{NS}div") if e.get("class") == "lexom-caveats"]


def test_names_are_escaped_and_kept_as_given() -> None:
    client = lt.Client(name="<script>alert('x')</script> & Fils", kind="legal_person")
    order = make_order("legacy-15", client=client)
    html = display.html_for(order)
    assert "<script>" not in html
    root = parse(html)
    assert any("<script>alert('x')</script> & Fils" in t for t in texts(root, "td"))
    invoice = INVOICE.model_copy(update={"number": 'F-1 "<b>"'})
    root = parse(display.html_for(lt.late_interest(invoice, date(2025, 12, 31))))
    assert texts(root, "h4") == ['Facture F-1 "<b>" : 204 jours de retard']


def test_order_and_invoice_display() -> None:
    root = parse(display.html_for(ORDER))
    cells = texts(root, "td")
    assert "ACME SAS — personne morale, professionnel" in cells
    assert EURO_1800 in cells and f"20{NBSP}%" in cells
    assert "Paiements du client" in texts(root, "caption")
    root = parse(display.html_for(INVOICE))
    cells = texts(root, "td")
    assert "10 juin 2025" in cells and f"600,00{NBSP}€" in cells


def test_audit_report_shows_first_rows_and_totals() -> None:
    report = OBJECTS["AuditReport"]
    root = parse(display.html_for(report))
    headers = texts(root, "th")
    assert headers[0] == "Facture" and "Total réclamable" in headers
    body_rows = list(next(root.iter(f"{NS}tbody")))
    assert len(body_rows) == min(report.count, display.AUDIT_ROWS)
    foot = ["".join(td.itertext()) for td in next(root.iter(f"{NS}tfoot")).iter(f"{NS}td")]
    assert foot[0] == "Total"
    assert display.audit_cell("total", report.totals["total"]).text in foot  # type: ignore[union-attr]


def test_audit_report_is_cut_after_ten_rows() -> None:
    header = (ROOT / "examples" / "ledger.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    rows = []
    for n in range(25):
        values = {
            "number": f"F-{n}",
            "cgv": "legacy-15",
            "client_name": "ACME SAS",
            "client_kind": "legal_person",
            "issued_on": "2025-05-20",
            "due_on": "2025-06-10",
            "amount_incl_tax": "100.00",
        }
        rows.append(",".join(values.get(c, "") for c in columns))
    report = audit(read_ledger(io.StringIO("\n".join([header, *rows]) + "\n")), date(2025, 12, 31))
    root = parse(display.html_for(report))
    assert len(list(next(root.iter(f"{NS}tbody")))) == 10
    assert any("… et 15 autres factures" in p for p in texts(root, "p"))


def test_duck_typed_audit_report_with_rows() -> None:
    """The ledger branch reworks the report: anything with ``rows()`` and ``totals`` displays."""

    class Report:
        as_of = date(2025, 12, 31)
        totals = {"total": Decimal("10.00")}  # noqa: RUF012

        def rows(self) -> list[dict[str, str]]:
            return [{"number": "F-1", "client_name": "ACME", "total": "10.00"}]

    root = parse(display.html_for(Report()))
    assert texts(root, "th") == ["Facture", "Client", "Total réclamable"]
    assert f"10,00{NBSP}€" in texts(root, "td")


def test_unknown_objects_fall_back_to_an_escaped_repr() -> None:
    root = parse(display.html_for(["<a>"]))
    assert texts(root, "pre") == ["['<a>']"]


# --- properties over wide inputs: every display parses, and says every figure in French -------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lexom_terms.fmt import money  # noqa: E402

from .strategies import invoices, notices, orders  # noqa: E402


@given(st.data())
def test_any_settlement_and_order_display_parses_and_states_the_figures(
    data: st.DataObject,
) -> None:
    order = data.draw(orders())
    notice = data.draw(notices(order))
    settlement = lt.cancel(order, notice)
    cells = texts(parse(display.html_for(settlement)), "td")
    assert money(settlement.owed) in cells and money(settlement.paid) in cells
    cells = texts(parse(display.html_for(order)), "td")
    assert money(order.total) in cells and order.client.name in " ".join(cells)


@given(invoices(), st.dates(date(2015, 1, 1), date(2026, 6, 30)))
def test_any_claim_display_parses_and_adds_up(invoice: lt.Invoice, as_of: date) -> None:
    if as_of < invoice.issued_on:
        as_of = invoice.due_on
    claim = lt.late_interest(invoice, as_of)
    root = parse(display.html_for(claim))
    cells = texts(root, "td")
    assert money(claim.total) in cells
    assert len([r for r in root.iter(f"{NS}tr")]) >= 7 + len(claim.periods)
