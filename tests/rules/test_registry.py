"""The RULEBOOK registry: every row has an implementation, an example test and — where it has a
threshold — a boundary-day test; docs/rules.md names every row. This test fails when a clause is
parsed and forgotten."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import tests
from lexom_terms.cgv.regime import Step
from lexom_terms.rulebook import ROW_KEYS, ROWS, Row, steps

from .support import COVERAGE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _import_every_test_module() -> None:
    for info in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        importlib.import_module(info.name)


_import_every_test_module()


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_row_has_an_implementation(row: Row) -> None:
    target = row.resolve()
    if row.implementation.startswith("step:"):
        # a ladder row: a regime declares a step for it, citing the row's clause
        assert isinstance(target, Step)
        assert target.clause in row.citation, (target.clause, row.citation)
    else:
        assert callable(target)


def test_every_ladder_step_names_a_rulebook_row() -> None:
    for key in steps():
        assert key in ROW_KEYS, key


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_row_has_an_example_test(row: Row) -> None:
    assert "example" in COVERAGE.get(row.key, set()), f"no test covers {row.key!r}"


@pytest.mark.parametrize("row", [r for r in ROWS if r.threshold], ids=lambda r: r.key)
def test_row_with_a_threshold_has_a_boundary_test(row: Row) -> None:
    assert "boundary" in COVERAGE.get(row.key, set()), f"no boundary-day test for {row.key!r}"


def test_tests_only_cover_known_rows() -> None:
    assert set(COVERAGE) <= ROW_KEYS, set(COVERAGE) - ROW_KEYS


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_row_is_documented(row: Row) -> None:
    assert f"`{row.key}`" in DOCS.read_text(encoding="utf-8")
