"""No import upward (issue 17): rendering a result or an order loads neither the tools nor the
ledger readers, and the display and the explanations find their writers by type."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import lexom_terms as lt
from lexom_terms import display, explain

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
import lexom_terms as lt
order = lt.Order.model_validate_json(open({order!r}, encoding="utf-8").read())
html = order._repr_html_()
settlement = lt.cancel(order, lt.Notice(received_on="2026-03-02"))
text = settlement.explain() + settlement._repr_html_()
assert "ACME SAS" in html and "legacy-15" in text
print(" ".join(sorted(m for m in sys.modules if m.startswith("lexom_terms"))))
"""


def test_rendering_an_order_imports_no_tool_and_no_ledger_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(order=str(ROOT / "examples" / "company_order.json"))],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "lexom_terms.display" in loaded and "lexom_terms.explain" in loaded
    assert "lexom_terms.ledgers" not in loaded
    assert "lexom_terms.tools.audit" not in loaded
    assert not {m for m in loaded if m.startswith(("lexom_terms.tools", "lexom_terms.ledgers"))}


def test_display_and_explain_do_not_dispatch_on_class_names() -> None:
    """Two classes with the name of a result are not taken for it: a type is found by its
    identity (and its bases), never by its ``__name__``."""
    source = (ROOT / "src" / "lexom_terms" / "display.py").read_text(encoding="utf-8")
    source += (ROOT / "src" / "lexom_terms" / "explain.py").read_text(encoding="utf-8")
    assert "__name__)" not in source.replace("type(result).__name__}", "")

    class Settlement:  # a stranger with a result's name
        def __repr__(self) -> str:
            return "<stranger>"

    assert "&lt;stranger&gt;" in display.html_for(Settlement())
    with pytest.raises(TypeError, match="no explanation is written for Settlement"):
        explain.paragraphs(Settlement(), "fr")  # type: ignore[arg-type]


def test_a_subclass_takes_its_base_writer_and_a_registered_type_its_own() -> None:
    order = lt.Order.model_validate_json(
        (ROOT / "examples" / "company_order.json").read_text(encoding="utf-8")
    )
    settlement = lt.cancel(order, lt.Notice(received_on="2026-03-02"))

    class Kept(type(settlement)):  # type: ignore[misc]
        pass

    assert display._WRITERS.find(Kept) is display._WRITERS.find(type(settlement))
    assert explain._PARAGRAPHS.find(Kept) is explain._settlement_paragraphs
    assert "Montant" in display.html_for(settlement)

    class Report:
        pass

    display.register(Report, lambda obj: "<p>report</p>")
    assert display.html_for(Report()) == "<p>report</p>"


def test_the_tools_reports_register_their_display() -> None:
    from lexom_terms.tools.audit import AuditReport
    from lexom_terms.tools.check import Check
    from lexom_terms.tools.compare import RegimeComparison
    from lexom_terms.tools.schedule import FeeSchedule

    for cls, writer in (
        (Check, display.check_html),
        (FeeSchedule, display.fee_schedule_html),
        (RegimeComparison, display.regime_comparison_html),
        (AuditReport, display.audit_report_html),
    ):
        assert display._WRITERS.find(cls) is writer


def test_the_audit_takes_the_claim_s_figures_by_name() -> None:
    """The audit row is the invoice's columns, the claim's figures named as in ClaimFigures (in
    the row's order, whatever ClaimFigures' order), then the caveats and anomalies."""
    from lexom_terms.interest import ClaimFigures
    from lexom_terms.tools import audit

    assert (
        "number",
        "cgv",
        "due_on",
        "amount_incl_tax",
        *audit._FIGURE_COLUMNS,
        "caveats",
        "anomalies",
    ) == audit.REPORT_COLUMNS
    assert set(audit._FIGURE_COLUMNS) == set(ClaimFigures._fields) - {"caveats", "caveats_key"}
    values = {name: f"<{name}>" for name in ClaimFigures._fields}
    figures = ClaimFigures(**values)  # type: ignore[arg-type]
    assert audit._FIGURES_OF(figures) == tuple(f"<{n}>" for n in audit._FIGURE_COLUMNS)
    source = (ROOT / "src" / "lexom_terms" / "tools" / "audit.py").read_text(encoding="utf-8")
    assert "figures[" not in source
