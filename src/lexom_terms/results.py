"""Result models: figures and citations on the hot path; prose, notebook display, stamp and
boundaries derived on first access (cached), because ledger scripts build hundreds of thousands
of results and read only the figures.

Nothing here knows a CGV version: a ``Settlement`` carries the rule that made it as a closure
(set by the rule module) so that its boundaries can be found by evaluating that same rule again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from . import explain as ex
from ._version import __version__
from .enums import CgvVersion, Status
from .explain import Lang
from .models import InterestPolicy
from .money import ZERO

FORMAT_VERSION = 1

M = TypeVar("M", bound=BaseModel)

_RESULT = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Citation(BaseModel):
    """A clause or statute and one sentence saying why it applies here."""

    model_config = _RESULT

    source: str
    text: str
    text_fr: str = ""

    def sentence(self, lang: Lang) -> str:
        if lang == "fr" and self.text_fr:
            return ex.frenchify(self.text_fr)
        return self.text

    def line(self, lang: Lang) -> str:
        return (
            f"{self.source} : {self.sentence(lang)}"
            if lang == "fr"
            else (f"{self.source}: {self.sentence(lang)}")
        )


_FIELDS_SETS: dict[type[BaseModel], set[str]] = {}


def trusted(cls: type[M], values: dict[str, Any], **private: Any) -> M:
    """Build a result from values the rule modules computed, already of their types, without
    validation: the hot path of a ledger run builds hundreds of thousands of these. Does what
    ``model_construct`` does for models whose every field is given, in a fraction of the time;
    the tests check the result against a validated one (``test_trusted_equals_validated``)."""
    result = cls.__new__(cls)
    object.__setattr__(result, "__dict__", values)
    # Every field is given, so every instance of a class shares one fields-set (frozen models
    # never add to it; pydantic copies it before a model_copy updates it).
    fields_set = _FIELDS_SETS.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SETS[cls] = set(cls.model_fields)
    object.__setattr__(result, "__pydantic_fields_set__", fields_set)
    object.__setattr__(result, "__pydantic_extra__", None)
    object.__setattr__(result, "__pydantic_private__", private or None)
    return result


def cite(source: str, en: str, fr: str = "") -> Citation:
    """Build a citation; ``fr`` is the French sentence shown by ``explain("fr")``. Built from
    trusted strings on the hot path, so without validation."""
    return trusted(Citation, {"source": source, "text": en, "text_fr": fr})


class Stamp(BaseModel):
    """What produced a result: library, holidays data, rate table, provisional inputs."""

    model_config = _RESULT

    library_version: str
    holidays_version: str
    rates_id: str
    provisional: bool
    format_version: int


_holidays_version: list[str] = []


def holidays_version() -> str:
    if not _holidays_version:
        from importlib.metadata import version

        _holidays_version.append(version("holidays"))
    return _holidays_version[0]


def make_stamp(rates_id: str = "none", provisional: bool = False) -> Stamp:
    return Stamp(
        library_version=__version__,
        holidays_version=holidays_version(),
        rates_id=rates_id,
        provisional=provisional,
        format_version=FORMAT_VERSION,
    )


class Result(BaseModel):
    """Common behaviour of every result: ``explain()``, notebook display, ``stamp``."""

    model_config = _RESULT

    _rates_id: str = PrivateAttr(default="none")
    _provisional: bool = PrivateAttr(default=False)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def stamp(self) -> Stamp:
        return make_stamp(self._rates_id, self._provisional)

    @property
    def is_provisional(self) -> bool:
        """``stamp.provisional`` without building the stamp (for batch use)."""
        private = self.__pydantic_private__
        return bool(private and private.get("_provisional"))

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in type(self).model_fields)

    def __eq__(self, other: object) -> bool:
        """Results are equal when their figures and citations are: the rule closures and cached
        prose they carry do not count."""
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Result)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def _paragraphs(self, lang: Lang) -> list[str]:  # pragma: no cover - every subclass defines
        raise NotImplementedError

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return []

    def explain(self, lang: str = "fr") -> str:
        """A short text a non-programmer can read: figures, dates, clauses, caveats."""
        return "\n\n".join(p for p in self._paragraphs(ex.check_lang(lang)) if p)

    def _repr_html_(self) -> str:
        from . import display

        return display.html_for(self)

    def __str__(self) -> str:
        return self.explain("fr")


def _citation_block(title: str, citations: tuple[Citation, ...], lang: Lang) -> str:
    if not citations:
        return ""
    return f"{title}\n" + ex.bullet_list([c.line(lang) for c in citations])


class Boundary(BaseModel):
    """The nearest date on the other side of a threshold, where the same rule answers otherwise."""

    model_config = _RESULT

    varies: str
    on: date
    owed: Decimal
    status: Status
    source: str
    text: str

    def sentence(self, lang: Lang, current: Decimal, *, earlier: bool) -> str:
        """``earlier``: the boundary lies before the request's own date (or new start)."""
        if lang == "en":
            return f"{self.source}: {self.text}"
        what = "une demande reçue" if self.varies == "received_on" else "une nouvelle date fixée"
        side = "au plus tard le" if earlier else "à partir du"
        return (
            f"{self.source} : {what} {side} {ex.day(self.on, 'fr')} aurait donné "
            f"{ex.eur(self.owed, 'fr')} ({ex.status_label(self.status, 'fr')}) au lieu de "
            f"{ex.eur(current, 'fr')}"
        )


#: (varies, current value, lowest value, highest value, evaluate): see ``boundaries.py``.
Evaluator = tuple[str, date, date, date, Callable[[date], "Settlement | None"]]


class Settlement(Result):
    """The consequence of a cancellation or postponement (API.md, RULEBOOK §3–§6)."""

    cgv: CgvVersion
    status: Status
    owed: Decimal
    paid: Decimal
    to_pay: Decimal
    to_refund: Decimal
    credited: Decimal
    due_on: date | None
    refund_due_on: date | None = None
    escalates_on: date | None = None
    owed_after_escalation: Decimal | None = None
    new_session_owed: Decimal | None = None
    citations: tuple[Citation, ...]
    caveats: tuple[Citation, ...] = ()

    _evaluators: tuple[Evaluator, ...] = PrivateAttr(default=())
    _received_on: date | None = PrivateAttr(default=None)

    POSTPONEMENT_STATUSES: ClassVar[frozenset[Status]] = frozenset(
        {Status.POSTPONED, Status.PENDING_RESCHEDULE, Status.POSTPONED_BY_PROVIDER}
    )

    @classmethod
    def build(
        cls,
        *,
        cgv: CgvVersion,
        status: Status,
        owed: Decimal,
        paid: Decimal,
        due_on: date | None,
        citations: tuple[Citation, ...],
        caveats: tuple[Citation, ...] = (),
        refund_due_on: date | None = None,
        escalates_on: date | None = None,
        owed_after_escalation: Decimal | None = None,
        new_session_owed: Decimal | None = None,
        received_on: date | None = None,
    ) -> Settlement:
        """API.md's settlement arithmetic, in one place: to_pay, to_refund, credited. A
        postponement (the session moves) credits the surplus; anything else (a cancellation, a
        refused or not receivable request) refunds it."""
        postponement = status in cls.POSTPONEMENT_STATUSES
        surplus = max(ZERO, paid - owed)
        # Every value comes from the rule modules, already of its type: no validation here.
        return trusted(
            cls,
            {
                "cgv": cgv,
                "status": status,
                "owed": owed,
                "paid": paid,
                "to_pay": max(ZERO, owed - paid),
                "to_refund": ZERO if postponement else surplus,
                "credited": surplus if postponement else ZERO,
                "due_on": due_on if owed > 0 else None,
                "refund_due_on": refund_due_on if (not postponement and surplus > 0) else None,
                "escalates_on": escalates_on,
                "owed_after_escalation": owed_after_escalation,
                "new_session_owed": new_session_owed,
                "citations": citations,
                "caveats": caveats,
            },
            _rates_id="none",
            _provisional=False,
            _evaluators=(),
            _received_on=received_on,
        )

    def with_evaluators(self, *evaluators: Evaluator) -> Settlement:
        self._evaluators = evaluators
        return self

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def boundaries(self) -> tuple[Boundary, ...]:
        """The nearest dates at which the same request would have been settled differently."""
        from .boundaries import find_boundaries

        found: list[Boundary] = []
        for evaluator in self._evaluators:
            found.extend(find_boundaries(self, evaluator))
        return tuple(found)

    def _paragraphs(self, lang: Lang) -> list[str]:
        status = ex.status_label(self.status, lang)
        when = (
            ex.pick(
                lang,
                f" reçue le {ex.day(self._received_on, lang)}",
                f" received {ex.day(self._received_on, lang)}",
            )
            if self._received_on
            else ""
        )
        head = ex.pick(
            lang,
            f"Demande{when}, CGV {self.cgv} : {status}.",
            f"Request{when}, CGV {self.cgv}: {status}.",
        )
        figures = [
            ex.pick(
                lang, f"Montant dû : {ex.eur(self.owed, lang)}", f"Owed: {ex.eur(self.owed, lang)}"
            ),
            ex.pick(
                lang, f"déjà payé : {ex.eur(self.paid, lang)}", f"paid: {ex.eur(self.paid, lang)}"
            ),
        ]
        if self.to_pay > 0:
            due = f" ({ex.pick(lang, 'exigible le', 'due on')} {ex.day(self.due_on, lang)})"
            figures.append(
                ex.pick(lang, "reste à payer : ", "to pay: ") + ex.eur(self.to_pay, lang) + due
            )
        if self.to_refund > 0:
            by = (
                f" ({ex.pick(lang, 'au plus tard le', 'by')} {ex.day(self.refund_due_on, lang)})"
                if self.refund_due_on
                else ""
            )
            figures.append(
                ex.pick(lang, "à rembourser : ", "to refund: ") + ex.eur(self.to_refund, lang) + by
            )
        if self.credited > 0:
            figures.append(
                ex.pick(lang, "crédité sur la session reportée : ", "credited to the new session: ")
                + ex.eur(self.credited, lang)
            )
        paragraphs = [head, ex.pick(lang, " ; ", "; ").join(figures) + "."]
        if self.new_session_owed is not None:
            paragraphs.append(
                ex.pick(
                    lang,
                    f"La session reportée coûtera encore {ex.eur(self.new_session_owed, lang)}"
                    " avant imputation des sommes créditées.",
                    f"The rescheduled session will still cost {ex.eur(self.new_session_owed, lang)}"
                    " before the credited payments are applied.",
                )
            )
        if self.escalates_on is not None and self.owed_after_escalation is not None:
            paragraphs.append(
                ex.pick(
                    lang,
                    f"Sans nouvelle date dans le délai, le montant dû passera à "
                    f"{ex.eur(self.owed_after_escalation, lang)} le {ex.day(self.escalates_on, lang)}.",
                    f"Without a new date within the horizon, the amount owed becomes "
                    f"{ex.eur(self.owed_after_escalation, lang)} on {ex.day(self.escalates_on, lang)}.",
                )
            )
        paragraphs.append(
            _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang)
        )
        paragraphs.append(
            _citation_block(ex.pick(lang, "Réserves :", "Caveats:"), self.caveats, lang)
        )
        if self.boundaries:
            # the date each boundary was searched from: the request's, or its new start
            origin = {evaluator[0]: evaluator[1] for evaluator in self._evaluators}
            paragraphs.append(
                ex.pick(lang, "Seuils les plus proches :", "Nearest boundaries:")
                + "\n"
                + ex.bullet_list(
                    [
                        b.sentence(lang, self.owed, earlier=b.on < origin[b.varies])
                        for b in self.boundaries
                    ]
                )
            )
        return paragraphs

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        rows = [
            (ex.pick(lang, "Dû", "Owed"), ex.eur(self.owed, lang)),
            (ex.pick(lang, "Payé", "Paid"), ex.eur(self.paid, lang)),
            (ex.pick(lang, "Reste à payer", "To pay"), ex.eur(self.to_pay, lang)),
            (ex.pick(lang, "À rembourser", "To refund"), ex.eur(self.to_refund, lang)),
            (ex.pick(lang, "Crédité", "Credited"), ex.eur(self.credited, lang)),
        ]
        if self.new_session_owed is not None:
            rows.append(
                (
                    ex.pick(lang, "Session reportée", "New session"),
                    ex.eur(self.new_session_owed, lang),
                )
            )
        return rows


class RetractionWindow(Result):
    """The statutory withdrawal window that ends last (RULEBOOK §3)."""

    days: int
    opens_on: date
    nominal_last_day: date
    last_day: date
    extended_for: tuple[str, ...]
    citations: tuple[Citation, ...]

    def _paragraphs(self, lang: Lang) -> list[str]:
        pushed = ""
        if self.extended_for:
            pushed = ex.pick(
                lang,
                f" (reporté du {ex.day(self.nominal_last_day, lang)} à cause de : "
                f"{', '.join(self.extended_for)})",
                f" (moved from {ex.day(self.nominal_last_day, lang)} past: "
                f"{', '.join(self.extended_for)})",
            )
        head = ex.pick(
            lang,
            f"Délai de rétractation de {self.days} jours : du {ex.day(self.opens_on, lang)} au "
            f"{ex.day(self.last_day, lang)} inclus{pushed}. Une rétractation envoyée au plus tard "
            "ce jour-là est valable.",
            f"{self.days}-day withdrawal window: from {ex.day(self.opens_on, lang)} to "
            f"{ex.day(self.last_day, lang)} inclusive{pushed}. A withdrawal sent by that day counts.",
        )
        return [head, _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang)]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (ex.pick(lang, "Durée (jours)", "Length (days)"), str(self.days)),
            (ex.pick(lang, "Ouverture", "Opens"), ex.day(self.opens_on, lang)),
            (ex.pick(lang, "Dernier jour", "Last day"), ex.day(self.last_day, lang)),
        ]


class Due(Result):
    """An amount and the day it is payable."""

    amount: Decimal
    on: date
    citations: tuple[Citation, ...]

    def _paragraphs(self, lang: Lang) -> list[str]:
        return [
            ex.pick(
                lang,
                f"{ex.eur(self.amount, lang)} exigibles le {ex.day(self.on, lang)}.",
                f"{ex.eur(self.amount, lang)} due on {ex.day(self.on, lang)}.",
            ),
            _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang),
        ]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (ex.pick(lang, "Montant", "Amount"), ex.eur(self.amount, lang)),
            (ex.pick(lang, "Exigible le", "Due on"), ex.day(self.on, lang)),
        ]


class Balance(Result):
    """Who owes what between the client and its OPCO on a given day (RULEBOOK §8)."""

    total: Decimal
    funder_share: Decimal
    client_share: Decimal
    paid_by_client: Decimal
    paid_by_funder: Decimal
    client_outstanding: Decimal
    funder_outstanding: Decimal
    opco_deadline: date | None
    citations: tuple[Citation, ...]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (ex.pick(lang, "Total TTC", "Total incl. VAT"), ex.eur(self.total, lang)),
            (ex.pick(lang, "Part OPCO", "OPCO share"), ex.eur(self.funder_share, lang)),
            (ex.pick(lang, "Part client", "Client share"), ex.eur(self.client_share, lang)),
            (
                ex.pick(lang, "Payé par le client", "Paid by client"),
                ex.eur(self.paid_by_client, lang),
            ),
            (ex.pick(lang, "Payé par l'OPCO", "Paid by OPCO"), ex.eur(self.paid_by_funder, lang)),
            (
                ex.pick(lang, "Reste dû (client)", "Client outstanding"),
                ex.eur(self.client_outstanding, lang),
            ),
            (
                ex.pick(lang, "Reste dû (OPCO)", "OPCO outstanding"),
                ex.eur(self.funder_outstanding, lang),
            ),
        ]

    def _paragraphs(self, lang: Lang) -> list[str]:
        rows = ex.pick(lang, " ; ", "; ").join(
            f"{k} : {v}" if lang == "fr" else f"{k}: {v}" for k, v in self._figures(lang)
        )
        deadline = ""
        if self.opco_deadline is not None:
            deadline = ex.pick(
                lang,
                f" Date limite de paiement par l'OPCO : {ex.day(self.opco_deadline, lang)}.",
                f" OPCO payment deadline: {ex.day(self.opco_deadline, lang)}.",
            )
        return [
            rows + "." + deadline,
            _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang),
        ]


class InterestPeriod(BaseModel):
    """Consecutive days with one principal, rate, basis and denominator (RULEBOOK §9)."""

    model_config = _RESULT

    start: date
    end: date
    days: int
    principal: Decimal
    annual_rate: Decimal
    basis: str
    denominator: int
    interest: Decimal

    def formula(self) -> str:
        return (
            f"{self.principal} × {self.annual_rate} % × {self.days} / ({self.denominator} × 100)"
            f" = {self.interest}"
        )


class InterestClaim(Result):
    """Late-payment interest and recovery indemnity owed on a day (RULEBOOK §9)."""

    invoice_number: str
    days_late: int
    periods: tuple[InterestPeriod, ...]
    interest: Decimal
    interest_settled: Decimal
    interest_outstanding: Decimal
    principal_outstanding: Decimal
    recovery_indemnity: Decimal
    total: Decimal
    policy: InterestPolicy
    citations: tuple[Citation, ...]
    caveats: tuple[Citation, ...] = ()

    def _paragraphs(self, lang: Lang) -> list[str]:
        head = ex.pick(
            lang,
            f"Facture {self.invoice_number} : {self.days_late} jours de retard. Intérêts courus "
            f"{ex.eur(self.interest, lang)}, dont {ex.eur(self.interest_settled, lang)} réglés par "
            f"les paiements ; intérêts restant dus {ex.eur(self.interest_outstanding, lang)} ; "
            f"indemnité forfaitaire {ex.eur(self.recovery_indemnity, lang)} ; total réclamable "
            f"{ex.eur(self.total, lang)}. Principal restant dû : "
            f"{ex.eur(self.principal_outstanding, lang)}.",
            f"Invoice {self.invoice_number}: {self.days_late} days late. Interest accrued "
            f"{ex.eur(self.interest, lang)}, of which {ex.eur(self.interest_settled, lang)} settled"
            f" by payments; interest outstanding {ex.eur(self.interest_outstanding, lang)}; "
            f"recovery indemnity {ex.eur(self.recovery_indemnity, lang)}; total claimable "
            f"{ex.eur(self.total, lang)}. Principal still unpaid: "
            f"{ex.eur(self.principal_outstanding, lang)}.",
        )
        policy = ex.pick(
            lang,
            f"Méthode : référence BCE « {self.policy.ecb_reference} », base {self.policy.day_count},"
            f" imputation « {self.policy.allocation} ».",
            f"Policy: ECB reference '{self.policy.ecb_reference}', day count "
            f"{self.policy.day_count}, allocation '{self.policy.allocation}'.",
        )
        lines = [
            f"{ex.day(p.start, lang)} → {ex.day(p.end, lang)} : {p.formula()} ({p.basis})"
            for p in self.periods
        ]
        periods = (
            (ex.pick(lang, "Périodes :", "Periods:") + "\n" + ex.bullet_list(lines))
            if lines
            else ""
        )
        provisional = ""
        if self._provisional:
            provisional = ex.pick(
                lang,
                "Attention : au moins un taux utilisé n'est pas encore confirmé par une source "
                "officielle ; ce calcul est provisoire.",
                "Warning: at least one rate used is not yet confirmed by an official source; this "
                "figure is provisional.",
            )
        return [
            head,
            policy,
            periods,
            provisional,
            _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang),
            _citation_block(ex.pick(lang, "Réserves :", "Caveats:"), self.caveats, lang),
        ]

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (ex.pick(lang, "Jours de retard", "Days late"), str(self.days_late)),
            (ex.pick(lang, "Intérêts courus", "Interest accrued"), ex.eur(self.interest, lang)),
            (
                ex.pick(lang, "Intérêts réglés", "Interest settled"),
                ex.eur(self.interest_settled, lang),
            ),
            (
                ex.pick(lang, "Intérêts dus", "Interest outstanding"),
                ex.eur(self.interest_outstanding, lang),
            ),
            (
                ex.pick(lang, "Indemnité forfaitaire", "Recovery indemnity"),
                ex.eur(self.recovery_indemnity, lang),
            ),
            (ex.pick(lang, "Total", "Total"), ex.eur(self.total, lang)),
        ]

    def _repr_html_(self) -> str:
        from . import display

        return display.html_for(self)


class Milestone(BaseModel):
    """A dated step of an order, with its clause."""

    model_config = _RESULT

    on: date
    label: str
    source: str
    label_fr: str = ""

    def text(self, lang: Lang) -> str:
        return self.label_fr if lang == "fr" and self.label_fr else self.label


class Timeline(Result):
    """Every dated milestone of an order, sorted (API.md)."""

    order_reference: str
    milestones: tuple[Milestone, ...]

    def _paragraphs(self, lang: Lang) -> list[str]:
        lines = [
            f"{ex.day(m.on, lang)} — {ex.frenchify(m.text(lang)) if lang == 'fr' else m.text(lang)} ({m.source})"
            for m in self.milestones
        ]
        return [
            ex.pick(
                lang,
                f"Calendrier de la commande {self.order_reference} :",
                f"Timeline of order {self.order_reference}:",
            )
            + "\n"
            + ex.bullet_list(lines)
        ]

    def _repr_html_(self) -> str:
        from . import display

        return display.html_for(self)


class Amount(Result):
    """A single amount and its clause (liability cap, non-solicitation penalty); ``amount`` is
    None where the clause sets no figure (no contractual cap toward a consumer)."""

    amount: Decimal | None
    citations: tuple[Citation, ...]

    def _paragraphs(self, lang: Lang) -> list[str]:
        value = (
            ex.eur(self.amount, lang)
            if self.amount is not None
            else ex.pick(lang, "aucun montant contractuel", "no contractual amount")
        )
        return [
            value + ".",
            _citation_block(ex.pick(lang, "Pourquoi :", "Why:"), self.citations, lang),
        ]
