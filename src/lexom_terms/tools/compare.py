"""``compare_regimes``: the same facts under both CGV versions, side by side (API.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import ClassVar

from pydantic import computed_field

from .. import display
from .. import explain as ex
from ..api import rules_for
from ..calendar import as_date
from ..cgv.engine import Request, check_cgv_channel
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
            f" écart (new-30 − legacy-15) {ex.eur(self.difference, lang)}.",
            f"Same facts, both CGV versions: {old} {ex.eur(self.legacy.owed, lang)}"
            f" ({ex.status_label(self.legacy.status, lang)}), {new}"
            f" {ex.eur(self.new.owed, lang)} ({ex.status_label(self.new.status, lang)});"
            f" difference (new-30 − legacy-15) {ex.eur(self.difference, lang)}.",
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
    for version in (CgvVersion.LEGACY_15, CgvVersion.NEW_30):
        rules = rules_for(version)
        if new_start is not None:
            request = Request(ZERO, as_date(new_start, "new_start"), False, FeeVat.AS_SERVICE)
            check_cgv_channel(order)
            results[version] = rules.postpone_as_if_governed(order, notice, request)
        else:
            results[version] = rules.cancel_as_if_governed(order, notice)
    legacy, new = results[CgvVersion.LEGACY_15], results[CgvVersion.NEW_30]
    return trusted(
        RegimeComparison,
        {"legacy": legacy, "new": new, "difference": new.owed - legacy.owed},
    )


display.register(
    RegimeComparison, display.regime_comparison_html
)  # its notebook display, found by type
