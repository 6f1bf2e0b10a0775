"""docs/errors.md lists every stable error code the library raises, from EVERY module of
``src/lexom_terms`` (issue 21 item 11: the earlier test read only the input layer, so a rule's
``amount_too_large`` was raised while the page documented ``amount_above_total``)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import Notice, cancel, postpone
from lexom_terms.errors import InvalidInputError

from .conftest import make_order

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "lexom_terms"
#: ``code="..."``, ``default_code = "..."``, ``refuse("...", ...)``, ``PydanticCustomError("...")``
PATTERN = re.compile(
    r'(?:\bcode=|default_code = |\brefuse\(\s*|PydanticCustomError\(\s*)"([a-z][a-z0-9_]*)"'
)
#: money.py's ``refuse(suffix)`` builds ``money_<suffix>`` / ``rate_<suffix>`` (docs list those).
MONEY_SUFFIXES = {"type", "float", "not_finite", "format", "negative", "precision", "too_large"}


def raised_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for code in PATTERN.findall(text):
            if path.name == "money.py" and code in MONEY_SUFFIXES:
                code = f"money_{code}"
            found.setdefault(code, set()).add(str(path.relative_to(SOURCE)))
    return found


def test_the_scan_reads_every_module() -> None:
    codes = raised_codes()
    where = set().union(*codes.values())
    # modules of every floor: rules, statutes, tools, readers, the command line
    for module in ("cgv/general.py", "tools/letters.py", "tools/audit.py", "ledgers/fec.py"):
        assert module in where, module
    assert {"amount_above_total", "outside_cgv", "orphan_payment", "no_claims"} <= set(codes)


def test_every_raised_code_has_its_row_in_docs_errors() -> None:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = {code: sorted(where) for code, where in raised_codes().items()}
    missing = {code: where for code, where in missing.items() if f"`{code}`" not in text}
    assert not missing, missing


@pytest.mark.parametrize("run", ["cancel", "postpone"])
def test_a_proposal_cost_above_the_total_is_amount_above_total(run: str) -> None:
    """RULEBOOK §4 step 4: 0 ≤ proposal_cost ≤ total, code ``amount_above_total`` (docs/errors.md);
    the boundary: the total itself is accepted, one cent more refused."""
    order = make_order("legacy-15")
    notice = Notice(received_on="2026-02-01")
    call = cancel if run == "cancel" else postpone
    assert call(order, notice, proposal_cost=order.total).owed == order.total
    with pytest.raises(InvalidInputError) as error:
        call(order, notice, proposal_cost=order.total + Decimal("0.01"))
    assert (error.value.field, error.value.code) == ("proposal_cost", "amount_above_total")
