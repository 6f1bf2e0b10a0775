"""The version registry (issue 17): derived from the declarations, equal to ``CgvVersion``, and
followed by every place that lists versions (as python-holidays' registry test checks each
country is reachable everywhere). Then a made-up version, ``new-45``, declared in a few lines and
registered for a while, goes through the contract suite, ``compare_regimes``, ``reminder``, the
command line and the audit, citing ``new-45`` everywhere and ``new-30`` nowhere."""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import lexom_terms as lt
from lexom_terms import CgvVersion, Client, Invoice, Notice, Order, Session
from lexom_terms.cgv import registry
from lexom_terms.cgv.engine import Rules
from lexom_terms.cgv.new_30 import NEW_30
from lexom_terms.cli import build_parser, main
from lexom_terms.errors import InvalidInputError
from lexom_terms.tools.audit import report_schema
from lexom_terms.tools.compare import compare_regimes
from lexom_terms.tools.letters import reminder

from ..conftest import COMPANY, CONSUMER
from . import test_contract

SRC = Path(lt.__file__).parent

# --- the registry ------------------------------------------------------------------------------


def test_the_registry_is_the_declarations_and_equals_cgv_version() -> None:
    declared = {
        module.RULES.regime.cgv for module in (registry.module_for(v) for v in registry.versions())
    }
    assert registry.versions() == tuple(CgvVersion) == tuple(declared_in_order())
    assert declared == set(CgvVersion)
    for version in CgvVersion:
        regime = registry.regime_for(version)
        assert regime.name == version.value and regime.cgv is version


def declared_in_order() -> list[CgvVersion]:
    """Every module of lexom_terms/cgv declaring RULES, read from the files themselves."""
    found = []
    for path in sorted((SRC / "cgv").glob("*.py")):
        if re.search(r"^RULES = ", path.read_text(encoding="utf-8"), re.MULTILINE):
            found.append(CgvVersion(re.search(r'name="([^"]+)"', path.read_text()).group(1)))  # type: ignore[union-attr]
    return sorted(found, key=list(CgvVersion).index)


def _choices(option: str) -> list[tuple[str, ...]]:
    found = []
    parser = build_parser()
    stack = [parser]
    while stack:
        p = stack.pop()
        for action in p._actions:
            if option in action.option_strings:
                found.append(tuple(action.choices or ()))
            if action.choices and isinstance(action.choices, dict):
                stack.extend(a for a in action.choices.values() if hasattr(a, "_actions"))
    return found


def _every_consumer_lists(versions: tuple[str, ...]) -> None:
    """Each place that lists the versions lists exactly ``versions``."""
    assert tuple(str(v) for v in registry.versions()) == versions
    assert tuple(str(v) for v in lt.api.REGIMES) == versions
    for version in versions:
        assert lt.api.regime_for(version).name == version
        assert lt.api.module_for(version).RULES.regime.name == version
    cli = _choices("--cgv")
    assert cli and all(choices == versions for choices in cli)
    row = report_schema()["properties"]["invoices"]["items"]
    assert tuple(row["properties"]["cgv"]["enum"]) == versions


def test_every_consumer_follows_the_registry() -> None:
    _every_consumer_lists(tuple(CgvVersion))
    for model in (Order, Invoice):
        description = model.model_fields["cgv"].description or ""
        assert all(version in description for version in CgvVersion)


def test_an_unknown_version_names_the_known_ones() -> None:
    with pytest.raises(InvalidInputError) as caught:
        registry.rules_for("new-99")
    assert caught.value.code == "unknown_cgv" and "'legacy-15', 'new-30'" in str(caught.value)


# --- a made-up version, declared in a few lines ----------------------------------------------

#: new-30 with 45-day thresholds and a 40 % reduced fee: nothing else to write.
NEW_45 = replace(
    NEW_30,
    name="new-45",
    cancellation_days=45,
    reduced_fee_rate=Decimal("0.40"),
    mediator="Médiateur 45, 1 place de la Grenette, 07200 Aubenas",
)


@pytest.fixture
def new_45() -> Iterator[Rules]:
    with registry.register(NEW_45) as rules:
        yield rules
    assert "new-45" not in registry.versions()  # forgotten on exit


def _order(client: Client = COMPANY, cgv: str = "new-45") -> Order:
    return Order(
        cgv=cgv,
        client=client,
        session=Session(reference="R-1", start="2026-03-16", end="2026-03-17"),
        price_excl_tax="1500.00",
        signed_on="2026-01-05",
    )


def _cites_only_new_45(*texts: str) -> None:
    text = "\n".join(texts)
    assert "new-45" in text
    assert "new-30" not in text


def test_every_consumer_follows_a_registered_version(new_45: Rules) -> None:
    _every_consumer_lists(("legacy-15", "new-30", "new-45"))
    assert CgvVersion("new-45") is new_45.regime.cgv
    assert list(CgvVersion) == [CgvVersion.LEGACY_15, CgvVersion.NEW_30]  # public enum unchanged


def test_new_45_passes_the_whole_contract_suite(
    new_45: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(test_contract.REGIMES, "registered new-45", new_45)
    ran = []
    for name, function in vars(test_contract).items():
        if name.startswith("test_") and list(inspect.signature(function).parameters) == ["name"]:
            function("registered new-45")
            ran.append(name)
    assert len(ran) >= 6, ran


def test_new_45_cites_itself_in_every_result(new_45: Rules) -> None:
    order = _order()
    # 45 days before: 40 % of 1 800.00; 44 days: the total
    reduced = lt.cancel(order, Notice(received_on="2026-01-30"))
    assert (reduced.owed, reduced.decided_by) == (Decimal("720.00"), "new-45 §3.6")
    assert "40 % of the total" in reduced.explain("en")
    assert "40\u00a0% du total" in reduced.explain("fr")
    full = lt.cancel(order, Notice(received_on="2026-01-31"))
    assert full.owed == Decimal("1800.00")
    postponed = lt.postpone(order, Notice(received_on="2026-01-30"))
    results = [
        reduced,
        full,
        postponed,
        lt.postpone(order, Notice(received_on="2026-01-30"), waive_fee=True),
        lt.cancel(order, Notice(received_on="2026-01-30", written=False)),
        lt.cancel(_order(CONSUMER), Notice(received_on="2026-01-30")),
        lt.deposit_due(order),
        lt.payment_due(order),
        lt.timeline(order),
        lt.liability_cap(order),
        lt.balance(order, "2026-03-20"),
    ]
    for result in results:
        _cites_only_new_45(result.explain("fr"), result.explain("en"), result.model_dump_json())
    assert lt.dispute_forum(order).source.startswith("new-45 §")
    labels = {m.source: m.label for m in lt.timeline(order).milestones}
    assert labels["new-45 §3.6"] == "last day a cancellation costs only 40 % (45 days before)"


def test_compare_regimes_includes_a_registered_version(new_45: Rules) -> None:
    comparison = compare_regimes(_order(), Notice(received_on="2026-01-30"))
    assert list(comparison.settlements) == ["legacy-15", "new-30", "new-45"]
    assert (comparison.legacy.cgv, comparison.new.cgv) == ("legacy-15", "new-30")  # API 0.2
    mine = comparison.settlements[CgvVersion("new-45")]
    assert mine.owed == Decimal("720.00")
    _cites_only_new_45(mine.explain("en"), mine.model_dump_json())


def test_reminder_for_a_new_45_invoice(new_45: Rules) -> None:
    invoice = Invoice(
        number="F-45-1",
        cgv="new-45",
        client=CONSUMER,
        issued_on="2025-05-20",
        due_on="2025-06-10",
        amount_incl_tax="1800.00",
    )
    claim = lt.late_interest(invoice, "2025-12-31")
    assert claim.cgv == "new-45"
    assert any(c.source == "new-45 §3.4" for c in claim.citations)
    letter = reminder(claim, 3, client=CONSUMER, dated=date(2026, 1, 5))
    # the letter names the regime's own mediator, and never another version
    assert "Médiateur 45, 1 place de la Grenette" in letter.markdown
    assert "new-30" not in letter.markdown and "MED CONSO DEV" not in letter.markdown


def test_the_command_line_and_the_audit_on_new_45(
    new_45: Rules, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    order = tmp_path / "order.json"
    order.write_text(_order().model_dump_json())
    assert main(["cancel", str(order), "--received", "2026-01-30", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    _cites_only_new_45(out)
    assert "EUR 720.00" in out
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "number,cgv,client_name,client_kind,issued_on,due_on,amount_incl_tax\n"
        "F-45-1,new-45,ACME SAS,legal_person,2025-05-20,2025-06-10,1800.00\n"
    )
    assert main(["audit", str(ledger), "--as-of", "2025-12-31", "--format", "json", "-q"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["invoices"][0]["cgv"] == "new-45"
    _cites_only_new_45(out)


# --- one place per fact: no version name or clause number elsewhere -------------------------

#: Where a version's name or a clause number may stand in code (not in docstrings or comments):
#: the declarations (and the numbering they share), the registry, the public enum and the
#: RULEBOOK's row registry (its keys
#: are the RULEBOOK's own row names, e.g. "§4 new-30 started").
DECLARATIONS = {
    "cgv/legacy_15.py",
    "cgv/new_30.py",
    "cgv/numbering.py",
    "cgv/registry.py",
    "enums.py",
    "rulebook.py",
}
#: Prose naming a clause every version numbers alike ("CGV §3.4", "article 3.4"), in files other
#: helpers were rewriting during 0.3 (letters, the command line's help, the e-invoice reader, the
#: interest caveats, the claimed-figure check): clause numbers only, never a version's name.
SHARED_PROSE = {
    "allocation.py",
    "cli/commands/reminder.py",
    "interest.py",
    "ledgers/facturx.py",
    "models.py",
    "tools/check.py",
    "tools/letters.py",
}
VERSION = re.compile(r"legacy-15|new-30")
CLAUSE = re.compile(r"§\s?\d+\.\d+")


def _code_strings(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a module, docstrings left out (they explain a clause)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def test_no_version_name_or_clause_number_outside_the_declarations() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in DECLARATIONS:
            continue
        for line, text in _code_strings(path):
            if VERSION.search(text) or (name not in SHARED_PROSE and CLAUSE.search(text)):
                found.append(f"{name}:{line}: {text[:60]!r}")
    assert not found, "\n".join(found)


def test_the_versions_page_lists_the_registry() -> None:
    """docs/versions.md's table: one row per registered version, its figures as declared."""
    page = (SRC.parents[1] / "docs" / "versions.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in page.splitlines() if line.startswith("| `")]
    assert [row[0].strip("| `") for row in rows] == [str(v) for v in registry.versions()]
    for row, regime in zip(rows, registry.regimes(), strict=True):
        assert row[1] == f"{regime.cancellation_days} days before the start"
        assert f"{regime.reduced_fee_rate * 100:.0f} %" in row[2]
        months = regime.postponement_horizon_months
        assert row[3].startswith("none" if months is None else f"{months} months")
        assert row[4].strip(" |") == regime.mediator.split(",")[0].split(" (")[0]
