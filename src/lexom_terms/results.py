"""Result models: figures and citations on the hot path; prose, notebook display, stamp and
boundaries derived on first access (cached), because ledger scripts build hundreds of thousands
of results and read only the figures.

Nothing here knows a CGV version: a ``Settlement`` carries the rule that made it as a closure
(set by the rule module) so that its boundaries can be found by evaluating that same rule again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any, ClassVar, Literal, NamedTuple, Self, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from . import explain as ex
from ._version import __version__
from .enums import CgvVersion, FeeVat, Status
from .explain import Lang
from .models import InterestPolicy
from .money import CENT, ZERO

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
            return self.text_fr  # free text is never rewritten: values were formatted upstream
        return self.text

    def line(self, lang: Lang) -> str:
        return (
            f"{self.source} : {self.sentence(lang)}"
            if lang == "fr"
            else (f"{self.source}: {self.sentence(lang)}")
        )


_FIELDS_SETS: dict[type[BaseModel], set[str]] = {}
_new = object.__new__
_set = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any], **private: Any) -> M:
    """Build a result from values the rule modules computed, already of their types, without
    validation: the hot path of a ledger run builds hundreds of thousands of these. Does what
    ``model_construct`` does for models whose every field is given, in a fraction of the time;
    the tests check the result against a validated one (``test_trusted_equals_validated``)."""
    # object.__new__ / object.__setattr__ bound once: pydantic models define neither __new__
    # nor a plain __setattr__, and the attribute lookups were a third of this function's time.
    result = _new(cls)
    _set(result, "__dict__", values)
    # Every field is given, so every instance of a class shares one fields-set (frozen models
    # never add to it; pydantic copies it before a model_copy updates it).
    fields_set = _FIELDS_SETS.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SETS[cls] = set(cls.model_fields)
    _set(result, "__pydantic_fields_set__", fields_set)
    _set(result, "__pydantic_extra__", None)
    _set(result, "__pydantic_private__", private or None)
    return result


_new = object.__new__
_set = object.__setattr__


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
    _given: dict[str, Any] | None = PrivateAttr(default=None)
    """Derived values read back from a dump (``stamp``, ``boundaries``...): API.md 0.2, every
    result round-trips through its JSON form."""

    #: Values computed on first read that a dump holds and validation accepts back.
    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp"})

    @model_validator(mode="wrap")
    @classmethod
    def _accept_derived(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if isinstance(data, dict) and not cls.DERIVED.isdisjoint(data):
            given = {k: data[k] for k in cls.DERIVED if k in data}
            result = handler({k: v for k, v in data.items() if k not in given})
            result._given = given
            return result
        return handler(data)

    def _private(self, name: str, default: Any = None) -> Any:
        """A private value; results built by ``trusted`` hold only those they need (memory)."""
        private = self.__pydantic_private__
        return private.get(name, default) if private else default

    def _given_value(self, name: str) -> Any:
        given = self._private("_given")
        return None if given is None else given.get(name)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def stamp(self) -> Stamp:
        given = self._given_value("stamp")
        if given is not None:
            return Stamp.model_validate(given)
        return make_stamp(self._private("_rates_id", "none"), self._private("_provisional", False))

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the figures and the prose, never the rule closures: derived values are built
        first (cached on the instance), then the closures are dropped."""
        self._materialise()
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        for key in ("_rule", "_reasons"):
            private.pop(key, None)
        state["__pydantic_private__"] = private
        values = dict(state["__dict__"])
        values.pop("evaluators", None)
        state["__dict__"] = values
        return state

    def _materialise(self) -> None:
        _ = self.stamp

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

    def _paragraphs(self, lang: Lang) -> list[str]:
        """The explanation's paragraphs: :mod:`lexom_terms.explain` writes them."""
        return ex.paragraphs(self, lang)

    def _figures(self, lang: Lang) -> list[tuple[str, str]]:
        """The figures table of the notebook display (:mod:`lexom_terms.explain`)."""
        return ex.figures(self, lang)

    def explain(self, lang: str = "fr") -> str:
        """A short text a non-programmer can read: figures, dates, clauses, caveats."""
        return "\n\n".join(p for p in self._paragraphs(ex.check_lang(lang)) if p)

    def _repr_html_(self) -> str:
        return ex.html_for(self)

    def __str__(self) -> str:
        return self.explain("fr")


class Boundary(BaseModel):
    """The nearest date on the other side of a threshold, where the same rule answers otherwise."""

    model_config = _RESULT

    varies: str
    on: date
    owed: Decimal
    status: Status
    source: str
    text: str
    side: Literal["earlier", "later"] = "later"
    """Whether the boundary lies before or after the request's own date (or new start)."""
    through: date | None = None
    """The far end of the run of dates giving this answer, beyond ``on``; None when every date
    from ``on`` to the end of the search (the signature, or 400 days after the session) does."""

    def span(self, lang: Lang) -> str:
        """The dates the sentence names, true of each of them (API.md "Boundaries")."""
        on, through = self.on, self.through
        if through is None:
            if lang == "fr":
                side = "au plus tard le" if self.side == "earlier" else "à partir du"
                return f"{side} {ex.day(on, 'fr')}"
            side = "on or before" if self.side == "earlier" else "on or after"
            return f"{side} {on.isoformat()}"
        if through == on:
            return f"le {ex.day(on, 'fr')}" if lang == "fr" else f"on {on.isoformat()}"
        first, last = (through, on) if through < on else (on, through)
        if lang == "fr":
            return f"du {ex.day(first, 'fr')} au {ex.day(last, 'fr')}"
        return f"from {first.isoformat()} to {last.isoformat()}"

    def sentence(self, lang: Lang, current: Decimal, current_status: str | None = None) -> str:
        if lang == "en":
            return f"{self.source}: {self.text}"
        what = "une demande reçue" if self.varies == "received_on" else "une nouvelle date fixée"
        # the same amount under another status: name the request's own status too, or the
        # sentence would read "0,00 € au lieu de 0,00 €"
        own = (
            f" ({ex.status_label(current_status, 'fr')})"
            if current_status is not None and current == self.owed
            else ""
        )
        return (
            f"{self.source} : {what} {self.span('fr')} aurait donné "
            f"{ex.eur(self.owed, 'fr')} ({ex.status_label(self.status, 'fr')}) au lieu de "
            f"{ex.eur(current, 'fr')}{own}"
        )


class Evaluator(NamedTuple):
    """The rule that made a settlement, re-evaluable over one input (``boundaries.py``):
    immutable once built."""

    varies: str
    """``"received_on"`` or ``"new_start"``."""
    at: date
    """The request's own value."""
    low: date
    high: date
    evaluate: Callable[[date], Settlement | None]
    breaks: Callable[[], tuple[date, ...]] | None = None
    """The dates at which the answer may differ from the day before's (every date an input of
    the rule changes on); between two of them the answer is constant, so the boundaries need
    one evaluation per stretch instead of one per day. None: scan day by day."""


#: Builds a settlement's (citations, caveats) on first read: figures on the hot path, prose on
#: demand.
Reasons = Callable[[], tuple[tuple[Citation, ...], tuple[Citation, ...]]]


class LineSettlement(BaseModel):
    """How one line of an order was settled by a notice (RULEBOOK §14, API.md 0.3)."""

    model_config = _RESULT

    line: str
    status: Status
    owed: Decimal
    decided_by: str


class Settlement(Result):
    """The consequence of a cancellation or postponement (API.md, RULEBOOK §3–§6); on an order
    with lines, of each line it named (§14: ``lines``, ``remaining_owed``)."""

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
    decided_by: str = ""
    """The source of the step that decided (API.md 0.2), never inferred from the citations."""
    fee_vat: FeeVat = FeeVat.AS_SERVICE
    vat_rate: Decimal = Decimal("0.20")
    """The order's VAT rate, for the invoice wording of the explanation."""

    _rule: Callable[[], tuple[Evaluator, ...]] | None = PrivateAttr(default=None)
    _received_on: date | None = PrivateAttr(default=None)
    _reasons: Reasons | None = PrivateAttr(default=None)

    DERIVED: ClassVar[frozenset[str]] = frozenset(
        {
            "stamp",
            "boundaries",
            "citations",
            "caveats",
            "received_on",
            "owed_excl_tax",
            "owed_vat",
            "lines",
            "remaining_owed",
        }
    )

    @property
    def lines(self) -> tuple[LineSettlement, ...]:
        """RULEBOOK §14: each line the notice settled, in the order's line order; an order
        without lines is one line ``"1"`` (this settlement's own status, owed and clause)."""
        given = self._given_value("lines")
        if given is not None:
            return tuple(LineSettlement.model_validate(item) for item in given)
        explicit: Any = self._private("_lines")
        if callable(explicit):
            explicit = explicit()
        if explicit is not None:
            if explicit and not isinstance(explicit[0], LineSettlement):
                # the rule left (line, status, owed, decided_by) rows: built on first read
                built = tuple(
                    trusted(
                        LineSettlement,
                        {"line": line, "status": status, "owed": owed, "decided_by": clause},
                    )
                    for line, status, owed, clause in explicit
                )
                self.__pydantic_private__["_lines"] = built  # type: ignore[index]
                return built
            found: tuple[LineSettlement, ...] = explicit
            return found
        return (
            trusted(
                LineSettlement,
                {
                    "line": "1",
                    "status": self.status,
                    "owed": self.owed,
                    "decided_by": self.decided_by,
                },
            ),
        )

    @property
    def remaining_owed(self) -> Decimal:
        """RULEBOOK §14: the totals of the standing lines the notice did not name (0 for a
        whole-order notice)."""
        given = self._given_value("remaining_owed")
        if given is not None:
            return Decimal(str(given))
        found: Decimal = self._private("_remaining_owed", ZERO)
        return found

    @property
    def _has_lines(self) -> bool:
        return self._private("_lines") is not None or self._given_value("lines") is not None

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The serialization schema of the fields and computed fields (the wrap serializer
        below only adds the two keys of an order with lines), with those two keys."""
        inner: Any = core_schema
        while inner.get("type") == "function-wrap":
            inner = inner["schema"]
        if handler.mode == "serialization" and inner.get("type") == "model":
            plain = {k: v for k, v in inner.items() if k != "serialization"}
            schema = handler(plain)
            target = handler.resolve_ref_schema(schema)
            properties = target.setdefault("properties", {})
            properties["lines"] = {
                "type": "array",
                "title": "Lines",
                "description": "an order with lines (RULEBOOK §14): each line the notice"
                " settled, in line order; absent for an order without lines (its one line '1'"
                " is the settlement itself)",
                "items": {
                    "type": "object",
                    "properties": {
                        "line": {"type": "string"},
                        "status": {"type": "string"},
                        "owed": {"type": "string"},
                        "decided_by": {"type": "string"},
                    },
                },
            }
            properties["remaining_owed"] = {
                "type": "string",
                "title": "Remaining Owed",
                "description": "an order with lines: the totals of the standing lines the"
                " notice did not name, euros (absent: 0)",
            }
            return schema
        return handler(core_schema)

    @model_serializer(mode="wrap")
    def _with_lines(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        """The JSON form of an order without lines is 0.2's, unchanged (its one line ``"1"``
        is this settlement itself); ``lines`` and ``remaining_owed`` are written when the order
        had lines (and read back by validation, ``DERIVED``)."""
        data: dict[str, Any] = handler(self)
        if self._has_lines:
            json = info.mode_is_json()
            if _included("lines", info):
                data["lines"] = [
                    item.model_dump(mode="json" if json else "python") for item in self.lines
                ]
            if _included("remaining_owed", info):
                data["remaining_owed"] = str(self.remaining_owed) if json else self.remaining_owed
        return data

    #: RULEBOOK §12: the statuses that are a client's fee (``outside_scope`` applies to them).
    CLIENT_FEES: ClassVar[frozenset[Status]] = frozenset(
        {Status.CANCELLED, Status.POSTPONED, Status.PENDING_RESCHEDULE}
    )

    @cached_property
    def _vat_split(self) -> tuple[Decimal, Decimal]:
        owed = self.owed
        if not owed or (self.fee_vat == FeeVat.OUTSIDE_SCOPE and self.status in self.CLIENT_FEES):
            return owed, ZERO
        excl = (owed / (1 + self.vat_rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        return excl, owed - excl

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owed_excl_tax(self) -> Decimal:
        """RULEBOOK §12: ``round_half_up(owed / (1 + vat_rate))``; ``owed`` itself when the fee
        is read as outside the scope of VAT. Computed from the figures, on first read."""
        return self._vat_split[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owed_vat(self) -> Decimal:
        """``owed − owed_excl_tax``: the split always adds up."""
        return self._vat_split[1]

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
        reasons: Reasons | None = None,
        decided_by: str = "",
        fee_vat: FeeVat = FeeVat.AS_SERVICE,
        vat_rate: Decimal = Decimal("0.20"),
    ) -> Settlement:
        """API.md's settlement arithmetic, in one place: to_pay, to_refund, credited. A
        postponement (the session moves) credits the surplus; anything else (a cancellation, a
        refused or not receivable request) refunds it."""
        postponement = status in cls.POSTPONEMENT_STATUSES
        surplus = paid - owed if paid > owed else ZERO
        # Every value comes from the rule modules, already of its type: no validation here.
        return trusted(
            cls,
            {
                "cgv": cgv,
                "status": status,
                "owed": owed,
                "paid": paid,
                "to_pay": owed - paid if owed > paid else ZERO,
                "to_refund": ZERO if postponement else surplus,
                "credited": surplus if postponement else ZERO,
                "due_on": due_on if owed > 0 else None,
                "refund_due_on": refund_due_on if (not postponement and surplus > 0) else None,
                "escalates_on": escalates_on,
                "owed_after_escalation": owed_after_escalation,
                "new_session_owed": new_session_owed,
                "decided_by": decided_by,
                "fee_vat": fee_vat,
                "vat_rate": vat_rate,
            },
            _received_on=received_on,
            _reasons=reasons if reasons is not None else (lambda: (citations, caveats)),
        )

    def with_rule(self, rule: Callable[[], tuple[Evaluator, ...]]) -> Settlement:
        """This settlement with the rule that made it (built into evaluators on first read of
        the boundaries): a new result with the same figures; this one is not changed (issue 17:
        a frozen result is never mutated)."""
        values = dict(self.__dict__)
        values.pop("evaluators", None)  # the old rule's, if it was read
        private = dict(self.__pydantic_private__ or {})
        private["_rule"] = rule
        return trusted(type(self), values, **private)

    @cached_property
    def evaluators(self) -> tuple[Evaluator, ...]:
        """The rule that made this settlement, re-evaluable over each input that may vary."""
        rule = self._private("_rule")
        return () if rule is None else rule()

    @cached_property
    def _prose(self) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
        cited = self._given_value("citations")
        if cited is not None:
            return (
                tuple(Citation.model_validate(c) for c in cited),
                tuple(Citation.model_validate(c) for c in self._given_value("caveats") or ()),
            )
        reasons = self._private("_reasons")
        return reasons() if reasons is not None else ((), ())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def citations(self) -> tuple[Citation, ...]:
        """Why: the deciding clause and what else applies, built on first read."""
        return self._prose[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def caveats(self) -> tuple[Citation, ...]:
        """Legal exposure of a figure that stands (e.g. R212-2 toward a consumer)."""
        return self._prose[1]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def received_on(self) -> date | None:
        """The date of the request this settles (None when unknown)."""
        given = self._given_value("received_on")
        if given is not None:
            return given if isinstance(given, date) else date.fromisoformat(str(given))
        return self._private("_received_on")  # type: ignore[no-any-return]

    def _fields(self) -> tuple[object, ...]:
        return (
            *super()._fields(),
            self.citations,
            self.caveats,
            self.lines,
            self.remaining_owed,
        )

    def _materialise(self) -> None:
        super()._materialise()
        _ = self._prose, self.boundaries, self.lines  # the lines' rows become LineSettlements

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def boundaries(self) -> tuple[Boundary, ...]:
        """The nearest dates at which the same request would have been settled differently."""
        from .boundaries import find_boundaries

        given = self._given_value("boundaries")
        if given is not None:
            return tuple(Boundary.model_validate(b) for b in given)
        found: list[Boundary] = []
        for evaluator in self.evaluators:
            found.extend(find_boundaries(self, evaluator))
        return tuple(found)


def _included(name: str, info: SerializationInfo) -> bool:
    """Whether a dump's ``include``/``exclude`` keep the key ``name``."""
    include, exclude = info.include, info.exclude
    if include is not None and name not in include:
        return False
    return not (exclude is not None and name in exclude)


class Cited(Result):
    """A result whose citations are built on first read, from a reason record the rule left
    (figures on the hot path, prose on demand). ``citations`` stays part of the JSON form and of
    equality, and validation accepts it back."""

    DERIVED: ClassVar[frozenset[str]] = frozenset({"stamp", "citations"})

    _reasons: Callable[[], tuple[Citation, ...]] | None = PrivateAttr(default=None)

    @classmethod
    def build(
        cls, reasons: Callable[[], tuple[Citation, ...]], decided_by: str = "", **values: Any
    ) -> Self:
        """The trusted constructor of the rules: every field given, already of its type;
        ``decided_by`` names the deciding clause (for a timeline), never inferred from the
        citations' order."""
        return trusted(cls, values, _reasons=reasons, _decided_by=decided_by)

    @property
    def deciding_source(self) -> str:
        """The clause that decided these figures (the first citation's, for a result read back
        from JSON)."""
        found: str = self._private("_decided_by", "")
        if not found and self.citations:
            found = self.citations[0].source
        return found

    @cached_property
    def _cited(self) -> tuple[Citation, ...]:
        given = self._given_value("citations")
        if given is not None:
            return tuple(Citation.model_validate(c) for c in given)
        reasons = self._private("_reasons")
        return () if reasons is None else reasons()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def citations(self) -> tuple[Citation, ...]:
        """Why: the clauses behind the figures."""
        return self._cited

    def _fields(self) -> tuple[object, ...]:
        return (*super()._fields(), self.citations)

    def _materialise(self) -> None:
        super()._materialise()
        _ = self._cited


class RetractionWindow(Cited):
    """The statutory withdrawal window that ends last (RULEBOOK §3)."""

    days: int
    opens_on: date
    nominal_last_day: date
    last_day: date
    extended_for: tuple[str, ...]


class Due(Cited):
    """An amount and the day it is payable."""

    amount: Decimal
    on: date
    caveats: tuple[Citation, ...] = ()
    """What the figures do not settle (RULEBOOK §20: an interruption given for a client that is
    not a public buyer is ignored, and the ``Due`` says so); empty when none."""

    @classmethod
    def build(
        cls, reasons: Callable[[], tuple[Citation, ...]], decided_by: str = "", **values: Any
    ) -> Self:
        values.setdefault("caveats", ())
        return super().build(reasons, decided_by, **values)


class Balance(Cited):
    """Who owes what between the client and its OPCO on a given day (RULEBOOK §8)."""

    total: Decimal
    funder_share: Decimal
    client_share: Decimal
    paid_by_client: Decimal
    paid_by_funder: Decimal
    client_outstanding: Decimal
    funder_outstanding: Decimal
    opco_deadline: date | None
    overpaid: Decimal = ZERO
    """Client and OPCO payments above the total (RULEBOOK §8)."""
    advance_interest: Decimal = ZERO
    """Code de la consommation L214-2 (RULEBOOK §19): legal interest on a consumer's payments
    made more than three months before the training, accrued up to ``as_of`` (never past the
    day before the start); ``client_outstanding`` is net of it. 0 for anyone else."""


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


class Capitalisation(BaseModel):
    """Interest added to the principal on a day (Code civil 1343-2, ``capitalise_from``)."""

    model_config = _RESULT

    on: date
    amount: Decimal


class InterestClaim(Result):
    """Late-payment interest and recovery indemnity owed on a day (RULEBOOK §9, §11). The prose
    is written by :mod:`lexom_terms.interest_text`, beside the rule."""

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
    accessories_due_on: date | None = None
    """RULEBOOK §11 (R2192-36): the day the principal was paid in full + 45 days; None while it
    is unpaid, when it was paid on time, and for a client that is not a public buyer."""
    claimed_through: date | None = None
    """Interest through this day was claimed earlier: ``periods`` start after it."""
    capitalise_from: date | None = None
    """Code civil 1343-2: the day capitalisation was asked for (None: never capitalised)."""
    capitalised: tuple[Capitalisation, ...] = ()
    """Each capitalisation made: interest added to the principal at the end of that day."""
    lapses_after: date | None = None
    """RULEBOOK §9, §20: the last day before the claim's time bar (due + 2 years toward a
    consumer, 31 December of due's year + 4 for ``state`` and ``health`` buyers, due + 5 years
    otherwise). Always set by ``late_interest``; None only in a claim read from 0.2 JSON."""

    _cgv: CgvVersion | None = PrivateAttr(default=None)

    @property
    def cgv(self) -> CgvVersion | None:
        """The CGV version of the invoice claimed (None for a claim read back from its JSON
        form, which keeps figures and citations only)."""
        return cast("CgvVersion | None", self._private("_cgv"))


class RefundSurcharge(Result):
    """Code de la consommation L242-4 (RULEBOOK §19): the increase of a consumer's withdrawal
    refund paid after its due date (the withdrawal's receipt + 14 days, L221-24)."""

    refund: Decimal
    """The sum refunded (the withdrawal's ``to_refund``)."""
    due_on: date
    """The last day to refund without increase (received + 14 days)."""
    refunded_on: date
    days_late: int
    """``refunded_on − due_on`` in days, never below 0."""
    percent: Decimal | None
    """The tier's nominal percentage (5, 10, 20, 50, then 55, 60…); None in the legal-interest
    tier (1 to 10 days late); 0 when not late."""
    amount: Decimal
    """The increase owed on top of the refund, capped at the order total, plus legal interest
    after the cap was reached."""
    next_step_on: date | None
    """The first day of the next tier; None once the cap is reached."""
    capped: bool
    """True when the cap (the order total) reduced the amount."""
    cap_reached_on: date | None = None
    """The first day on which the increase reached the order total (None: not reached)."""
    citations: tuple[Citation, ...] = ()
    amount_tomorrow: Decimal | None = None
    """The increase if the refund is paid one day later: what waiting a day costs (None when
    the next day's legal rate is not in the table)."""


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


class Amount(Result):
    """A single amount and its clause (liability cap, non-solicitation penalty); ``amount`` is
    None where the clause sets no figure (no contractual cap toward a consumer)."""

    amount: Decimal | None
    citations: tuple[Citation, ...]
