"""The CGV versions, derived from their declarations (issue 17), as Babel derives its locales
from its data files: every module of this package that declares ``RULES`` (the engine bound to
its :class:`~lexom_terms.cgv.regime.Regime`) is a version. Nothing else lists the versions: the
public functions' dispatch (:mod:`lexom_terms.api`), the command line's ``--cgv`` choices, the
models' field descriptions, ``compare_regimes``, the reminders' mediator, the display and the
docs read :func:`versions` or :func:`regime_for`; ``tests/rules/test_versions.py`` checks that
the registry equals :class:`~lexom_terms.enums.CgvVersion` and that each of them follows it.

A made-up version (a test's, a maintainer's draft) is registered for a while with
:func:`register`, a context manager: ``with register(replace(NEW_30, name="new-45", ...)):``
orders with ``cgv="new-45"`` validate, dispatch, compare and remind like a shipped version's;
on exit the version is forgotten. ``CgvVersion`` itself (public API, a ``StrEnum``) lists only
the shipped versions; a registered one is a pseudo member found by value
(``CgvVersion("new-45")``), never a member.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from importlib import import_module
from types import ModuleType

from ..enums import CgvVersion, extend_cgv, retract_cgv
from ..errors import InvalidInputError
from .engine import Rules, expose
from .regime import Regime

__all__ = [
    "module_for",
    "regime_for",
    "regimes",
    "register",
    "rules_for",
    "version",
    "versions",
]


def _declared() -> dict[CgvVersion, ModuleType]:
    """Every module of this package declaring ``RULES``, in ``CgvVersion``'s order."""
    found: dict[CgvVersion, ModuleType] = {}
    package = __name__.rpartition(".")[0]
    for info in pkgutil.iter_modules(import_module(package).__path__):
        module = import_module(f"{package}.{info.name}")
        rules = getattr(module, "RULES", None)
        if isinstance(rules, Rules):
            found[rules.regime.cgv] = module
    order = list(CgvVersion)
    return dict(sorted(found.items(), key=lambda item: order.index(item[0])))


_MODULES: dict[CgvVersion, ModuleType] = _declared()
_RULES: dict[CgvVersion, Rules] = {v: m.RULES for v, m in _MODULES.items()}


def versions() -> tuple[CgvVersion, ...]:
    """Every version known now: the declared ones, then any registered for a while.

    >>> [str(version) for version in versions()]
    ['legacy-15', 'new-30']
    """
    return tuple(_RULES)


def regimes() -> tuple[Regime, ...]:
    """Every version's regime, in :func:`versions`' order."""
    return tuple(rules.regime for rules in _RULES.values())


def version(cgv: CgvVersion | str, field: str = "cgv") -> CgvVersion:
    """A known version, from itself or its name; else an error naming the valid ones."""
    try:
        found = CgvVersion(cgv)
    except ValueError:
        found = None
    if found is None or found not in _RULES:
        raise InvalidInputError(
            f"{field} must be one of {', '.join(repr(v.value) for v in _RULES)}, got {cgv!r}",
            field=field,
            code="unknown_cgv",
        )
    return found


def rules_for(cgv: CgvVersion | str) -> Rules:
    """The engine bound to a version's regime.

    >>> rules_for("new-30").regime.cancellation_days
    30
    """
    found = _RULES.get(cgv)  # type: ignore[arg-type]  # the hot path: a valid version (a StrEnum hashes as its value)
    return found if found is not None else _RULES[version(cgv)]


def regime_for(cgv: CgvVersion | str) -> Regime:
    """A version's regime (clauses, named values, ladders).

    >>> regime_for("legacy-15").clauses.reduced_fee
    'legacy-15 §3.5'
    """
    return _RULES[version(cgv)].regime


def module_for(cgv: CgvVersion | str) -> ModuleType:
    """A version's rule module (for a registered version, a module built by :func:`register`
    exposing the same functions).

    >>> module_for("new-30").__name__
    'lexom_terms.cgv.new_30'
    """
    return _MODULES[version(cgv)]


@contextmanager
def register(regime: Regime) -> Iterator[Rules]:
    """Register ``regime`` as the version named ``regime.name`` while the block runs (its
    ``cgv`` becomes that version, whatever ``replace`` copied); yields its engine. The version is
    forgotten on exit, even on an error."""
    cgv = extend_cgv(regime.name)
    try:
        rules = Rules(replace(regime, cgv=cgv))
        module = ModuleType(f"{__name__.rpartition('.')[0]}.{regime.name.replace('-', '_')}")
        module.RULES = rules  # type: ignore[attr-defined]
        module.__all__ = expose(rules, vars(module))  # type: ignore[attr-defined]
        _RULES[cgv], _MODULES[cgv] = rules, module
        yield rules
    finally:
        _RULES.pop(cgv, None)
        _MODULES.pop(cgv, None)
        retract_cgv(regime.name)
