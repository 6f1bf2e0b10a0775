"""What a CGV version is, as data (issue 11): a frozen :class:`Regime` holding its clause
numbers, its constants, who gets the consumer window, and its fee ladders as ordered step tables.

A :class:`Step` is one row of RULEBOOK §4 or §5: the clause that decides, the condition under
which it decides, what is owed, the status, and the sentence that says why (English and French
templates). The engine (:mod:`lexom_terms.cgv.engine`) evaluates a ladder first-match, in the
RULEBOOK's order. A new CGV version is one declaration; a variant is ``replace(NEW_30, ...)``
overriding only what changed, as OpenFisca reforms override formulas.

Clauses are written relative to their version (``"§3.6"``): the regime adds its name when it
cites (:meth:`Regime.source`, :meth:`Regime.cite`, :attr:`Regime.clauses`), so that
``replace(NEW_30, name="new-45")`` cites ``new-45 §3.6``. Percentages, thresholds and horizons
are named values the templates format (``{percent}``, ``{threshold}``, ``{months}``), never
literals in a sentence.

This module knows no CGV version: the declarations live beside it (one module each) and
:mod:`lexom_terms.cgv.registry` finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..enums import CgvVersion, Channel, Reason, Status
from ..money import THIRTY_PERCENT
from ..results import Citation, cite

if TYPE_CHECKING:
    from ..models import Notice, Order

__all__ = ["Clauses", "Facts", "ProviderCase", "Regime", "Step", "Template"]


class Facts(NamedTuple):
    """What a step's condition and amount may read: the order, the notice and the figures the
    RULEBOOK's steps are written in. Built once per evaluation (a NamedTuple: immutable and
    cheap to build on the hot path)."""

    regime: Regime
    order: Order
    notice: Notice
    days: int
    """Calendar days from the notice's receipt to the start (RULEBOOK §0)."""
    total: Decimal
    deposit: Decimal
    proposal_cost: Decimal
    new_start: date | None
    horizon: date | None
    """legacy-15 §3.6: the last new start date within six months of the order (None: no
    horizon in this regime)."""


When = Callable[[Facts], bool]
Owed = Callable[[Facts], Decimal]


@dataclass(frozen=True, slots=True)
class Template:
    """A sentence with named holes, in English and French: ``{received}``, ``{days}``,
    ``{total}``, ``{deposit}``, ``{owed}``, ``{start}``, ``{threshold}``, ``{paid}``,
    ``{horizon}``, ``{escalates}``, ``{new_start}``, ``{proposal_cost}``, and the regime's
    named values ``{percent}`` (the reduced fee's share), ``{deposit_percent}``, ``{months}``
    (the postponement horizon, in words: ``six``)."""

    en: str
    fr: str


@dataclass(frozen=True, slots=True)
class Step:
    """One row of a fee ladder (RULEBOOK §4 or §5), evaluated first-match."""

    key: str
    """The RULEBOOK row this step implements (``rulebook.ROWS``)."""
    clause: str
    """Relative to the regime (``"§3.6"``), or a statute's full name."""
    when: When
    owed: Owed
    why: Template
    status: Status = Status.CANCELLED
    due: Literal["receipt", "schedule"] = "receipt"
    """``receipt``: due the day the notice is received; ``schedule``: the order stands and the
    total is due on the normal payment date (a refused request)."""
    notes: tuple[Citation, ...] = ()
    """Fixed citations shown after the reason (e.g. legacy §3.7 on trainee absence)."""
    fee: bool = True
    """A fee: the force-majeure note, the OPCO note and the consumer caveats apply."""
    new_session: Owed | None = None
    """Postponements: what the rescheduled session will still cost (RULEBOOK §5)."""
    escalates: bool = False
    """legacy §3.6 without a new date: the total becomes owed the day after the horizon."""
    why_public: Template | None = None
    """The sentence for a public buyer where ``why`` would speak of a deposit it never owed
    (RULEBOOK §11: "legacy step 5 keeps 30 % of the total as the indemnity")."""


@dataclass(frozen=True, slots=True)
class ProviderCase:
    """RULEBOOK §6: the clauses cited when LEXOM cancels or postpones for one of ``reasons``
    (empty: any reason), first match."""

    reasons: frozenset[Reason]
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Clauses:
    """Where each rule sits in this version's text, relative to it (``"§3.5"``); the regime
    cites them with its name (:attr:`Regime.clauses`: ``legacy-15 §3.5``)."""

    quote: str
    signature: str
    deposit: str
    payment: str
    funding: str
    interest: str
    start: str
    reduced_fee: str
    liability: str
    non_solicitation: str
    resolution: str
    """Resolution for non-payment after a formal notice (RULEBOOK §10, the eight days)."""
    force_majeure_fee: str
    """The clause force majeure does not excuse, for a client other than a self-funded trainee."""
    waiver: str
    """Where LEXOM may waive a postponement fee."""
    postponement_in_window: str
    """The reason a postponement inside a withdrawal window costs what a withdrawal would."""
    postponement_horizon: str | None = None
    foreign_prepayment: str | None = None
    postponement_fee: str | None = None
    """new-30 §3.6: postponement fees equal the cancellation fee at the same date."""
    trainee_absence: str | None = None
    """Absence of trainees gives no reduction of the price (legacy §3.7; None: the start clause
    says it)."""


@dataclass(frozen=True, slots=True)
class Regime:
    """One CGV version: clause numbers, constants, the consumer-window rule and the ladders."""

    name: str
    """As shown to people: ``"legacy-15"``."""
    cgv: CgvVersion
    """The version an order names to be governed by this regime."""
    numbers: Clauses
    """Where each rule sits, relative to this version (``"§3.5"``): the declaration."""
    cancellation_days: int
    """The reduced-fee threshold, in calendar days before the start."""
    consumer_window: tuple[tuple[Channel, Citation], ...]
    """Which channels give a consumer the 14-day window, and why (RULEBOOK §3)."""
    cancellation: tuple[Step, ...]
    postponement: tuple[Step, ...] | None
    """None: a postponement costs the cancellation fee at the same date (new-30 §3.6)."""
    written_cancellation: Citation
    written_postponement: Citation
    provider_cancellation: tuple[ProviderCase, ...]
    provider_postponement: tuple[ProviderCase, ...]
    deposit_at_signature: Template
    """The deposit's own clause when nothing defers it (``{total}``)."""
    website_deferral: Citation | None
    """legacy §2.1: no sum during the 14 days of a website order (None: no such clause)."""
    opco_note: Citation
    """The OPCO pays only for training delivered: a fee is the client's (RULEBOOK §8)."""
    postponement_force_majeure: Citation | None
    """legacy §3.6 "même en cas de force majeure" (None: the version says nothing)."""
    waiver: Template
    """LEXOM waives a postponement fee (``{owed}``: the fee otherwise)."""
    postponement_fee: Template | None
    """new-30 §3.6: postponement fees equal the cancellation fee at the same date."""
    reduced_fee_label: Template
    forum_consumer: Citation
    forum_professional: Citation
    mediator: str
    """The consumer mediator the forum clause names, with its address (a reminder names it)."""
    day_thresholds: tuple[int, ...] = ()
    """Other "days before the start" counts a step of this regime tests, besides
    ``cancellation_days`` (boundaries look for a change the day after each)."""
    postponement_horizon_months: int | None = None
    foreign_prepayment_months: int | None = None
    data_retention_years: int | None = None
    reduced_fee_rate: Decimal = THIRTY_PERCENT
    """The share of the total a step charging "a share" owes (new-30 §3.6: 30 %); ``{percent}``
    in a template."""
    clauses: Clauses = field(init=False, repr=False, compare=False)
    """:attr:`numbers` as cited, with this version's name (``legacy-15 §3.5``)."""
    _cited: dict[int, Citation] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        named: dict[str, Any] = {
            f.name: None if (value := getattr(self.numbers, f.name)) is None else self.source(value)
            for f in fields(Clauses)
        }
        object.__setattr__(self, "clauses", Clauses(**named))

    @property
    def force_majeure_fee_clause(self) -> str:
        """``clauses.force_majeure_fee`` (as cited)."""
        return self.clauses.force_majeure_fee

    @property
    def waiver_clause(self) -> str:
        """``clauses.waiver`` (as cited)."""
        return self.clauses.waiver

    @property
    def postponement_fee_clause(self) -> str | None:
        """``clauses.postponement_fee`` (as cited)."""
        return self.clauses.postponement_fee

    def source(self, clause: str) -> str:
        """A clause of this version as cited: ``§3.6`` → ``new-30 §3.6``; a statute's name
        (``"Code civil 1229"``) unchanged."""
        return f"{self.name} {clause}" if clause.startswith("§") else clause

    def cite(self, citation: Citation) -> Citation:
        """A declared citation as shown: its source with this version's name, and ``{version}``
        in its sentences replaced by that name (kept, one copy per declared citation)."""
        found = self._cited.get(id(citation))
        if found is None:
            source = self.source(citation.source)
            text, text_fr = (
                t.replace("{version}", self.name) for t in (citation.text, citation.text_fr)
            )
            same = (source, text, text_fr) == (citation.source, citation.text, citation.text_fr)
            found = citation if same else cite(source, text, text_fr)
            self._cited[id(citation)] = found
        return found

    def consumer_clause(self, order: Order) -> Citation | None:
        """Why this order's consumer has the 14-day window, or None (no window)."""
        for channel, citation in self.consumer_window:
            if channel == order.channel:
                return self.cite(citation)
        return None
