"""``compare_regimes``: the same facts under every CGV version, side by side (API.md).

The versions are the registry's (:mod:`lexom_terms.cgv.registry`): ``legacy`` and ``new`` (API
0.2, kept) are the oldest and the newest shipped version's settlements; :attr:`RegimeComparison.
settlements` holds every registered version's, by version (a version registered for a while, a
made-up ``new-45``, included)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import ClassVar

from pydantic import computed_field

from .. import display
from .. import explain as ex
from ..calendar import as_date
from ..cgv.engine import Request, check_cgv_channel
from ..cgv.registry import rules_for, versions
from ..enums import CgvVersion, FeeVat
from ..explain import Lang
from ..models import Notice, Order
from ..money import ZERO
from ..results import Result, Settlement, trusted


class RegimeComparison(Result):
    legacy: Settlement
    new: Settlement
    difference: Decimal
    """``new.owed − legacy.owed``."""

    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp", "differing"})

    @property
    def settlements(self) -> Mapping[CgvVersion, Settlement]:
        """Every registered version's settlement for the same facts, by version, in the
        registry's order (``legacy`` and ``new`` among them). A comparison read back from its
        JSON form holds ``legacy`` and ``new`` only."""
        found = self._private("_settlements")
        if found is None:
            found = {self.legacy.cgv: self.legacy, self.new.cgv: self.new}
        return MappingProxyType(found)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def differing(self) -> tuple[str, ...]:
        """Sources cited by one version and not the other (statutes cited by both are left
        out), compared as written; built on first read, like the citations it compares."""
        legacy_sources = {c.source for c in self.legacy.citations}
        new_sources = {c.source for c in self.new.citations}
        return tuple(sorted(legacy_sources ^ new_sources))

    def _fields(self) -> tuple[object, ...]:
        return (*super()._fields(), self.differing)

    def _paragraphs(self, lang: Lang) -> list[str]:
        old, new = self.legacy.cgv, self.new.cgv
        head = ex.pick(
            lang,
            f"Mêmes faits, deux versions des CGV : {old} {ex.eur(self.legacy.owed, lang)}"
            f" ({ex.status_label(self.legacy.status, lang)}), {new}"
            f" {ex.eur(self.new.owed, lang)} ({ex.status_label(self.new.status, lang)}) ;"
            f" écart ({new} − {old}) {ex.eur(self.difference, lang)}.",
            f"Same facts, both CGV versions: {old} {ex.eur(self.legacy.owed, lang)}"
            f" ({ex.status_label(self.legacy.status, lang)}), {new}"
            f" {ex.eur(self.new.owed, lang)} ({ex.status_label(self.new.status, lang)});"
            f" difference ({new} − {old}) {ex.eur(self.difference, lang)}.",
        )
        differing = ex.pick(lang, "Clauses qui diffèrent : ", "Clauses that differ: ") + (
            ", ".join(self.differing) or "—"
        )
        return [
            head,
            differing,
            f"{old}" + ex.pick(lang, " :", ":") + "\n" + self.legacy.explain(lang),
            f"{new}" + ex.pick(lang, " :", ":") + "\n" + self.new.explain(lang),
        ]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (str(self.legacy.cgv), ex.eur(self.legacy.owed, lang)),
            (str(self.new.cgv), ex.eur(self.new.owed, lang)),
            (ex.pick(lang, "Écart", "Difference"), ex.eur(self.difference, lang)),
        ]


def compare_regimes(
    order: Order, notice: Notice, *, new_start: date | str | None = None
) -> RegimeComparison:
    """What ``cancel`` (or ``postpone``, when ``new_start`` is given) returns under each
    version for the same facts."""
    # Each version's engine reads the same order (no copy, no re-validation): the settlements
    # are exactly what ``cancel``/``postpone`` return for the order with ``cgv`` set to each.
    results: dict[CgvVersion, Settlement] = {}
    for version in versions():
        rules = rules_for(version)
        if new_start is not None:
            request = Request(ZERO, as_date(new_start, "new_start"), False, FeeVat.AS_SERVICE)
            check_cgv_channel(order)
            results[version] = rules.postpone_as_if_governed(order, notice, request)
        else:
            results[version] = rules.cancel_as_if_governed(order, notice)
    shipped = [version for version in results if version in _SHIPPED]
    legacy, new = results[shipped[0]], results[shipped[-1]]
    return trusted(
        RegimeComparison,
        {"legacy": legacy, "new": new, "difference": new.owed - legacy.owed},
        _settlements=results,
    )


#: ``CgvVersion``'s own members (a version registered for a while is found by value only).
_SHIPPED = frozenset(CgvVersion)

display.register(
    RegimeComparison, display.regime_comparison_html
)  # its notebook display, found by type
