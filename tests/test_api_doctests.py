"""Every public function of ``lexom_terms.api`` shows an example, and the examples run (issue
17): the docstrings' figures are checked like any other test."""

from __future__ import annotations

import doctest
import inspect
from pathlib import Path

import lexom_terms as lt
from lexom_terms import api
from lexom_terms.cgv import general, registry

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _globals() -> dict[str, object]:
    return {
        "order": lt.Order.model_validate_json((EXAMPLES / "company_order.json").read_text()),
        "invoice": lt.Invoice(
            number="F-2025-118",
            cgv="legacy-15",
            client=lt.Client(name="ACME", kind="legal_person"),
            issued_on="2025-05-20",
            due_on="2025-06-10",
            amount_incl_tax="1800.00",
        ),
        "Notice": lt.Notice,
        "Decimal": __import__("decimal").Decimal,
        "datetime": __import__("datetime"),
    }


def test_every_public_function_has_an_example() -> None:
    missing = []
    for name in api.__all__:
        value = getattr(api, name)
        if inspect.isfunction(value) and ">>> " not in (inspect.getdoc(value) or ""):
            missing.append(name)
    assert not missing, missing


def test_the_examples_run() -> None:
    attempted = 0
    for module in (api, registry, general):  # api re-exports the registry's and general's
        result = doctest.testmod(module, extraglobs=_globals(), optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 18
