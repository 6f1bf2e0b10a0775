"""The input models (API.md): validated once, frozen, ``extra="forbid"``.

Every rule takes these already validated, so the rule code never re-checks its inputs. Each
validation error names the field and says what would be valid, and its pydantic ``type`` is a
stable code (``PydanticCustomError``: ``"date_out_of_range"``, ``"money_format"``,
``"subdivision_outside_country"``...; the table is in docs/errors.md), so callers match codes,
never message text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._countries import ISO_3166_ALPHA2
from .calendar import (
    FRANCE_CODES,
    OVERSEAS_SUBDIVISION,
    add_days,
    read_date,
    subdivision_for_country,
    validate_subdivision,
    weekdays_between,
)
from .enums import (
    Allocation,
    CgvVersion,
    Channel,
    DayCount,
    EcbReference,
    Initiator,
    PersonKind,
    PublicBuyer,
    Reason,
    SessionFormat,
)
from .errors import InvalidInputError
from .money import (
    MAX_AMOUNT,
    ZERO,
    Money,
    Rate,
    as_pydantic_error,
    round_cents,
    thirty_percent,
)

#: legacy §2.1 / new §2.1: "une durée de validité de 30 jours à compter de son émission".
QUOTE_VALIDITY_DAYS = 30


def refuse(code: str, message: str) -> PydanticCustomError:
    """A validator's error with its stable code as pydantic's error ``type`` (docs/errors.md)."""
    return PydanticCustomError(code, message)


def parse_date(value: Any) -> date:
    """The models' reading of a date (:func:`lexom_terms.calendar.read_date`): a ``date`` or its
    ``YYYY-MM-DD`` string in 1900-01-01 … 2199-12-31; raises ``PydanticCustomError`` (a
    ``ValueError``) typed ``invalid_date`` or ``date_out_of_range``. Function arguments use
    :func:`as_date`, which names the argument."""
    try:
        return read_date(value, "date")
    except InvalidInputError as error:
        raise as_pydantic_error(error) from None


def _day(value: Any, info: ValidationInfo) -> date:
    try:
        return read_date(value, info.field_name or "date")
    except InvalidInputError as error:
        raise as_pydantic_error(error) from None


Day = Annotated[
    date,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A calendar date in 1900-01-01 … 2199-12-31; ISO 'YYYY-MM-DD' in JSON; a ``datetime`` is
refused (RULEBOOK §0 "Supported dates", "Input strictness")."""

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


def iso_country(value: Any) -> Any:
    """A country code as ISO 3166-1 alpha-2, upper case (a client's and a party's ``country``);
    anything but a string is left to the field's type check."""
    if not isinstance(value, str):
        return value
    code = value.strip().upper()
    if code not in ISO_3166_ALPHA2:
        raise refuse(
            "unknown_country",
            f"{value!r} is not an ISO 3166-1 alpha-2 country code (such as 'FR', 'BE', 'RE')",
        )
    return code


class _Input(BaseModel):
    """Base of the input models: frozen, and safe to copy.

    Derived values (``Order.total``, the rules' memo) are cached on the instance. A copy with
    ``update=`` must not inherit them, or it would answer with the original's figures."""

    model_config = _FROZEN

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        if update:
            fields = type(self).model_fields
            for key in [k for k in copied.__dict__ if k not in fields]:
                del copied.__dict__[key]
        return copied


class Client(_Input):
    """Who signed the order (RULEBOOK §0: consumer, professional, foreign)."""

    model_config = _FROZEN

    name: str = Field(
        min_length=1,
        description="the client's name, as it appears on the order (kept exactly as given)",
    )
    kind: PersonKind = Field(
        description="legal_person (a company, an association...) or natural_person"
    )
    professional: bool | None = Field(
        default=None,
        description="true: acting for professional purposes; false: a consumer (natural person) or a non-professional (legal person); empty: by kind (RULEBOOK §0)",
    )
    country: str = Field(
        default="FR",
        description="ISO 3166-1 alpha-2 code of the head office or residence; overseas France is France",
    )
    subdivision: str | None = Field(
        default=None,
        description="French holiday subdivision (such as '57', '6AE', '974') whose holidays extend the client's statutory periods",
    )
    public_buyer: PublicBuyer | None = Field(
        default=None,
        description="state, health or public_undertaking for a public buyer (Code de la commande publique, RULEBOOK §11); empty otherwise",
    )

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        return iso_country(value)

    @field_validator("subdivision")
    @classmethod
    def _subdivision(cls, value: str | None) -> str | None:
        try:
            return None if value is None else validate_subdivision(value)
        except InvalidInputError as error:
            raise as_pydantic_error(error) from None

    @model_validator(mode="after")
    def _subdivision_of_the_country(self) -> Self:
        # RULEBOOK §0: MQ takes 972 or none, never 57 (a Moselle holiday would move a Martinique
        # client's deadline); a client outside France takes none.
        if self.subdivision is not None:
            try:
                subdivision_for_country(self.country, self.subdivision)
            except InvalidInputError as error:
                raise as_pydantic_error(error) from None
        return self

    @model_validator(mode="after")
    def _public_buyer_is_a_legal_person(self) -> Self:
        if self.public_buyer is not None and self.kind == PersonKind.NATURAL:
            raise refuse(
                "public_buyer_natural_person",
                "public_buyer: a natural person cannot be a public buyer (RULEBOOK §11); leave"
                " public_buyer empty, or set kind='legal_person'",
            )
        return self

    @property
    def is_consumer(self) -> bool:
        """A natural person not acting professionally (RULEBOOK §0). A legal person never is,
        ``professional=False`` included: that is a *non-professionnel* (an association, a works
        council), which has no withdrawal window and no consumer mediator."""
        if self.kind != PersonKind.NATURAL:
            return False
        return not self.professional

    @property
    def is_professional(self) -> bool:
        """``professional`` as resolved: by kind when not given; False for a consumer and for a
        non-professional legal person (RULEBOOK §0)."""
        if self.professional is not None:
            return self.professional
        return self.kind == PersonKind.LEGAL

    @property
    def is_foreign(self) -> bool:
        """Head office or residence outside France; overseas France is France (RULEBOOK §0)."""
        return self.country not in FRANCE_CODES

    @property
    def holiday_subdivision(self) -> str | None:
        """The subdivision whose holidays extend the client's statutory periods."""
        if self.subdivision is not None:
            return self.subdivision
        return OVERSEAS_SUBDIVISION.get(self.country)


class Session(_Input):
    """The training session ordered."""

    model_config = _FROZEN

    reference: str = Field(
        min_length=1, description="the session's reference, such as 'RCL-RCL-12'"
    )
    title: str = Field(default="", description="the training's title")
    start: Day = Field(description="first day of the session")
    end: Day = Field(description="last day of the session (on or after start)")
    format: SessionFormat = Field(
        default=SessionFormat.INTER,
        description="inter (open to several clients) or intra (in-company)",
    )
    training_days: tuple[Day, ...] = Field(
        default=(),
        description="the training days, when not every Monday to Friday from start to end",
    )
    hours: Money | None = Field(
        default=None,
        description="planned training hours per trainee (> 0), for attendance in hours (RULEBOOK §16)",
    )

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value <= 0:
            raise refuse("hours_not_positive", "hours: the planned hours must be greater than 0")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end < self.start:
            raise refuse(
                "session_end_before_start",
                f"end {self.end.isoformat()} is before start {self.start.isoformat()}:"
                " a session ends on or after its start",
            )
        for day in self.training_days:
            if not self.start <= day <= self.end:
                raise refuse(
                    "training_day_outside_session",
                    f"training_days: {day.isoformat()} is outside the session"
                    f" {self.start.isoformat()} to {self.end.isoformat()}",
                )
        if len(set(self.training_days)) != len(self.training_days):
            raise refuse("training_day_repeated", "training_days: each day may be listed once only")
        if not self.days:
            raise refuse(
                "no_training_days",
                "training_days: the session has no Monday-to-Friday between start and end;"
                " list its training days explicitly",
            )
        return self

    @cached_property
    def days(self) -> tuple[date, ...]:
        """The training days, sorted: as given, else every Monday–Friday from start to end."""
        if self.training_days:
            return tuple(sorted(self.training_days))
        return weekdays_between(self.start, self.end)


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise refuse("amount_not_positive", "a payment amount must be greater than 0")
    return value


class Payment(_Input):
    """One payment received by LEXOM."""

    model_config = _FROZEN

    on: Day = Field(description="the day LEXOM received the payment")
    amount: Annotated[Money, Field(description="euros, > 0")]

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _positive(value)


def _sum(payments: tuple[Payment, ...]) -> Decimal:
    return sum((p.amount for p in payments), ZERO)


class OpcoFunding(_Input):
    """An OPCO's funding of the order (RULEBOOK §8); its payments are kept apart."""

    model_config = _FROZEN

    opco: str = Field(min_length=1, description="the OPCO's name")
    requested_on: Day = Field(description="the day the funding was requested")
    approved_on: Day | None = Field(
        default=None, description="the day the OPCO approved it; empty while not approved"
    )
    approved_amount: Money = Field(default=ZERO, description="euros approved (with approved_on)")
    payments: tuple[Payment, ...] = Field(
        default=(), description="the OPCO's payments to LEXOM (kept apart from the client's)"
    )

    @model_validator(mode="after")
    def _approval(self) -> Self:
        if self.approved_on is not None and self.approved_on < self.requested_on:
            raise refuse(
                "approval_before_request",
                f"approved_on {self.approved_on.isoformat()} is before requested_on"
                f" {self.requested_on.isoformat()}",
            )
        if self.approved_on is None and self.approved_amount > 0:
            raise refuse(
                "approved_amount_without_date",
                "approved_amount is given but approved_on is empty: give the approval date",
            )
        return self

    @property
    def paid(self) -> Decimal:
        return _sum(self.payments)


#: The versions a ``cgv`` field accepts, for its description (the registry test checks that
#: ``CgvVersion`` lists exactly the declared versions).
_VERSIONS = " or ".join(CgvVersion)


class Line(_Input):
    """One line of an order (RULEBOOK §14): a seat for a named trainee in an INTER session, or a
    module of a cycle with its own dates; each with its own price."""

    model_config = _FROZEN

    id: str = Field(
        min_length=1, description="the line's id, unique in the order (such as '1', 'M2')"
    )
    price_excl_tax: Money = Field(description="the line's price excluding VAT, euros")
    session: Session | None = Field(
        default=None, description="the line's own session (a module); empty: the order's"
    )
    trainee: str = Field(default="", description="the trainee of a seat (kept exactly as given)")


class Order(_Input):
    """A signed order: who, what, when, how much, under which CGV."""

    model_config = _FROZEN

    cgv: CgvVersion = Field(description=f"the CGV version the client signed: {_VERSIONS}")
    client: Client = Field(description="who signed the order")
    session: Session = Field(description="the training session ordered")
    price_excl_tax: Money = Field(description="price excluding VAT, euros")
    vat_rate: Rate = Field(
        default=Decimal("0.20"), description="VAT rate as a fraction (0.20 for 20 %; 0 when exempt)"
    )
    signed_on: Day = Field(description="the day the client signed the order")
    quote_issued_on: Day | None = Field(
        default=None, description="the day the quote was issued (valid 30 days, §2.1)"
    )
    channel: Channel = Field(
        default=Channel.DIRECT,
        description="how the order was signed: direct (at a distance), website, on_premises, cpf",
    )
    early_start_requested: bool = Field(
        default=False,
        description="the consumer asked the training to start within the withdrawal window",
    )
    payments: tuple[Payment, ...] = Field(default=(), description="the client's payments to LEXOM")
    funding: OpcoFunding | None = Field(default=None, description="the OPCO funding, if any")
    lines: tuple[Line, ...] = Field(
        default=(),
        description="the order's lines (seats, modules: RULEBOOK §14); empty: one line '1'",
    )

    @model_validator(mode="after")
    def _lines(self) -> Self:
        # RULEBOOK §14 "Precisions": checked when the order is built, the code as the error type.
        if not self.lines:
            return self
        ids = [line.id for line in self.lines]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise refuse(
                "duplicate_line_id",
                f"lines: the id {repeated[0]!r} is given twice; each line needs its own id",
            )
        prices = sum((line.price_excl_tax for line in self.lines), ZERO)
        if prices != self.price_excl_tax:
            raise refuse(
                "lines_do_not_add_up",
                f"lines: their prices add up to {prices}, not to price_excl_tax"
                f" {self.price_excl_tax}; the lines' prices (excluding VAT) must add up to the"
                " order's",
            )
        if self.line_totals[self.lines[-1].id] < 0:
            raise refuse(
                "lines_do_not_add_up",
                f"lines: the last line {self.lines[-1].id!r} would take a negative total after the"
                " other lines' rounding; put a line with a price last",
            )
        sessions = [line.session or self.session for line in self.lines]
        first = min(s.start for s in sessions)
        last = max(s.end for s in sessions)
        if self.session.start != first or self.session.end != last:
            raise refuse(
                "session_does_not_span_lines",
                f"session: it runs {self.session.start.isoformat()} to"
                f" {self.session.end.isoformat()}, but its lines run {first.isoformat()} to"
                f" {last.isoformat()}; the order's session starts on the earliest line start and"
                " ends on the latest line end",
            )
        return self

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.signed_on > self.session.start:
            raise refuse(
                "signed_after_start",
                f"signed_on {self.signed_on.isoformat()} is after the session start"
                f" {self.session.start.isoformat()}: an order is signed on or before its start",
            )
        if self.quote_issued_on is not None:
            last = add_days(self.quote_issued_on, QUOTE_VALIDITY_DAYS)
            if self.signed_on > last:
                raise refuse(
                    "quote_expired",
                    f"signed_on {self.signed_on.isoformat()} is after the quote's validity: a quote"
                    f" issued on {self.quote_issued_on.isoformat()} can be accepted until"
                    f" {last.isoformat()} (legacy/new §2.1, 30 days)",
                )
            if self.signed_on < self.quote_issued_on:
                raise refuse(
                    "signed_before_quote",
                    f"signed_on {self.signed_on.isoformat()} is before quote_issued_on"
                    f" {self.quote_issued_on.isoformat()}",
                )
        return self

    @model_validator(mode="after")
    def _total_within_the_ceiling(self) -> Self:
        # API.md "Added in 0.2": the ceiling holds for an order's total too, so that every figure
        # the rules derive from it (fees, refunds, a claimed fee checked against it) is a valid
        # amount. Refused when built, not when a fee is first checked.
        if self.total > MAX_AMOUNT:
            raise refuse(
                "total_too_large",
                f"the order's total {self.total} (price_excl_tax {self.price_excl_tax} with VAT"
                f" at {self.vat_rate}) is too large: at most {MAX_AMOUNT}",
            )
        return self

    @cached_property
    def total(self) -> Decimal:
        """Price including VAT, rounded to the cent (RULEBOOK §0)."""
        return round_cents(self.price_excl_tax * (1 + self.vat_rate))

    @cached_property
    def deposit_amount(self) -> Decimal:
        """30 % of the total (legacy §2.1, new §2.2)."""
        return thirty_percent(self.total)

    @cached_property
    def line_totals(self) -> dict[str, Decimal]:
        """TTC by line id, in order (RULEBOOK §14): each line's price with VAT, rounded; the
        last line takes whatever the rounding left over, so that they add up to ``total``.
        ``{"1": total}`` for an order without lines."""
        if not self.lines:
            return {"1": self.total}
        totals = {
            line.id: round_cents(line.price_excl_tax * (1 + self.vat_rate)) for line in self.lines
        }
        last = self.lines[-1].id
        totals[last] += self.total - sum(totals.values(), ZERO)
        return totals

    @cached_property
    def line_ids(self) -> tuple[str, ...]:
        """The ids of the order's lines, in order (``("1",)`` without lines)."""
        return tuple(line.id for line in self.lines) if self.lines else ("1",)

    @cached_property
    def paid(self) -> Decimal:
        """Every client payment listed on the order (OPCO payments are kept apart)."""
        return _sum(self.payments)

    def paid_by(self, day: date) -> Decimal:
        """Client payments received on or before ``day``."""
        return _sum(tuple(p for p in self.payments if p.on <= day))

    @cached_property
    def derived(self) -> dict[str, Any]:
        """A memo of values the rules derive from this (frozen) order, such as its withdrawal
        windows; dropped by ``model_copy(update=...)``."""
        return {}

    def _repr_html_(self) -> str:
        from . import display

        return display.html_for(self)

    @property
    def self_funded_natural_person(self) -> bool:
        """A natural person paying for their own training (no OPCO): Code du travail L6353-3."""
        return self.client.kind == PersonKind.NATURAL and self.funding is None


class Notice(_Input):
    """A cancellation or postponement notice (client or provider)."""

    model_config = _FROZEN

    received_on: Day = Field(
        description="the day LEXOM received the notice (the CGV count from it)"
    )
    sent_on: Day | None = Field(
        default=None,
        description="the day it was sent (counts for a withdrawal); empty: the day received",
    )
    by: Initiator = Field(
        default=Initiator.CLIENT, description="who gives notice: client or provider (LEXOM)"
    )
    written: bool = Field(default=True, description="the notice was written (the CGV require it)")
    reason: Reason = Field(
        default=Reason.NONE,
        description="the reason given: none, trainee_absence, trainer_absence, venue_unavailable, force_majeure, other",
    )
    lines: tuple[str, ...] = Field(
        default=(),
        description="the ids of the order's lines this notice concerns; empty: every line still standing (RULEBOOK §14)",
    )

    @model_validator(mode="after")
    def _sent_before_received(self) -> Self:
        if self.sent_on is not None and self.sent_on > self.received_on:
            raise refuse(
                "sent_after_received",
                f"sent_on {self.sent_on.isoformat()} is after received_on"
                f" {self.received_on.isoformat()}: a notice is sent on or before it is received",
            )
        return self

    @property
    def sent(self) -> date:
        """The sending date that counts for a retraction (L221-21): ``sent_on``, else receipt."""
        return self.sent_on if self.sent_on is not None else self.received_on


class Invoice(_Input):
    """An invoice LEXOM issued, for late-payment interest (RULEBOOK §9)."""

    model_config = _FROZEN

    number: str = Field(min_length=1, description="the invoice number, kept exactly as given")
    cgv: CgvVersion = Field(description=f"the CGV version of the order invoiced: {_VERSIONS}")
    client: Client = Field(description="the client invoiced")
    issued_on: Day = Field(description="the day the invoice was issued")
    due_on: Day = Field(description="the day it fell due")
    amount_incl_tax: Money = Field(description="amount including VAT, euros")
    payments: tuple[Payment, ...] = Field(
        default=(), description="the client's payments against this invoice"
    )

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.due_on < self.issued_on:
            raise refuse(
                "due_before_issue",
                f"due_on {self.due_on.isoformat()} is before issued_on"
                f" {self.issued_on.isoformat()}: an invoice falls due on or after its issue",
            )
        return self

    @property
    def paid(self) -> Decimal:
        return _sum(self.payments)

    def _repr_html_(self) -> str:
        from . import display

        return display.html_for(self)


class InterestPolicy(_Input):
    """The named choices of RULEBOOK §9; the claim records which were used."""

    model_config = _FROZEN

    ecb_reference: EcbReference = Field(
        default=EcbReference.SEMESTER,
        description="which ECB rate a day uses: semester (1 January or 1 July, default) or january",
    )
    day_count: DayCount = Field(
        default=DayCount.ACT_365,
        description="act/365 (every day 1/365, default) or act/act (a leap year's day is 1/366)",
    )
    allocation: Allocation = Field(
        default=Allocation.PRINCIPAL_FIRST,
        description="principal_first (default) or interest_first (Code civil 1343-1)",
    )


# --- an order's life (RULEBOOK §15, §16, §18) ----------------------------------------------------


class Cancel(_Input):
    """One step of a history (RULEBOOK §15): a cancellation notice."""

    model_config = _FROZEN

    notice: Notice = Field(description="the cancellation notice")
    proposal_cost: Money = Field(
        default=ZERO,
        description="the proposal cost owed when the deposit was never paid (the version's"
        " unpaid-deposit clause)",
    )


class Postpone(_Input):
    """One step of a history (RULEBOOK §15): a postponement request."""

    model_config = _FROZEN

    notice: Notice = Field(description="the postponement request")
    new_start: Day | None = Field(
        default=None, description="the new start date; empty: no date yet (legacy: pending)"
    )
    waive_fee: bool = Field(default=False, description="LEXOM waives the postponement fee")
    proposal_cost: Money = Field(
        default=ZERO,
        description="the proposal cost owed when the deposit was never paid (the version's"
        " unpaid-deposit clause)",
    )


class Attendance(_Input):
    """The hours a line's trainee attended (RULEBOOK §16); for INTRA, the hours delivered."""

    model_config = _FROZEN

    line: str = Field(min_length=1, description="the line's id ('1' for an order without lines)")
    hours: Money = Field(description="hours attended (>= 0, at most the planned hours)")


class Receipt(_Input):
    """A client's payment to be allocated to its invoices (RULEBOOK §18)."""

    model_config = _FROZEN

    on: Day = Field(description="the day LEXOM received it")
    amount: Annotated[Money, Field(description="euros, > 0")]
    invoice: str | None = Field(
        default=None, description="the invoice number it names, if any (kept exactly as given)"
    )

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _positive(value)


# --- parties (API.md "Added in 0.3": a seller, buyer or letter recipient's identity) ----------

#: La Poste's SIREN: issued before the Luhn key was generalised, it fails the check; its
#: establishments' SIRETs follow INSEE's own rule instead (the sum of the digits is a multiple
#: of 5). Both exceptions are INSEE's, not ours.
LA_POSTE_SIREN = "356000000"

#: NF Z10-011 (French postal addresses): at most 6 lines before the country, the first being the
#: name and the last the postcode and city, so at most 4 lines of street address between them.
MAX_ADDRESS_LINES = 4


def _luhn(digits: str) -> bool:
    """The Luhn key INSEE uses for SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _compact(value: Any) -> Any:
    """An identifier as people print it ("552 100 554", "fr 40 303265045") without its spaces,
    in upper case; anything else is left for the field's own check."""
    if not isinstance(value, str):
        return value
    return value.replace(" ", "").upper()


def _ascii_digits(text: str) -> bool:
    return text != "" and all("0" <= char <= "9" for char in text)


def _no_control(text: str, field: str) -> str:
    """Free text of a party is printed on letters and written into e-invoices: a control
    character (a newline in a name, a tab, an escape) would break the address block or the
    XML, so it is refused rather than stripped (nothing silently rewritten)."""
    for char in text:
        if ord(char) < 32 or 127 <= ord(char) < 160 or char in "\u2028\u2029":
            raise refuse(
                "control_character",
                f"{field}: contains the control character U+{ord(char):04X}; give printable"
                " text (one address line per item of 'address')",
            )
    return text


class Party(_Input):
    """A seller, buyer or letter recipient's identity (API.md "Added in 0.3").

    Identifiers are checked as INSEE and the tax administration issue them, so that a typo is
    caught before it is printed on a formal notice or an e-invoice: the SIREN (9 digits) and
    SIRET (14 digits, starting with the SIREN) carry a Luhn key; a French VAT number is "FR", a
    2-digit key and the SIREN (key = (12 + 3 × (SIREN mod 97)) mod 97, CGI annexe IV art. 286
    A); an IBAN carries ISO 13616's mod-97 check. Spaces inside identifiers are dropped and
    letters upper-cased (they are printed in groups); free text (name, address, city) is kept
    exactly as given, control characters refused."""

    model_config = _FROZEN

    name: str = Field(min_length=1, description="the party's name (kept exactly as given)")
    siren: str | None = Field(
        default=None, description="SIREN, 9 digits with a valid Luhn key (spaces ignored)"
    )
    siret: str | None = Field(
        default=None,
        description="SIRET of the establishment, 14 digits starting with the SIREN (spaces ignored)",
    )
    vat_number: str | None = Field(
        default=None,
        description="intra-community VAT number, such as 'FR40303265045' (spaces ignored)",
    )
    address: tuple[str, ...] = Field(
        default=(),
        description="street address, one line each, without the postcode and city (at most 4)",
    )
    postcode: str = Field(default="", description="postcode (5 digits in France)")
    city: str = Field(default="", description="city of the address")
    country: str = Field(
        default="FR", description="ISO 3166-1 alpha-2 code of the address (normalised upper)"
    )
    email: str = Field(default="", description="e-mail address")
    iban: str = Field(default="", description="IBAN for payments (spaces ignored)")

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        return iso_country(value)

    @field_validator("siren", "siret", "vat_number", "iban", mode="before")
    @classmethod
    def _identifiers(cls, value: Any) -> Any:
        return _compact(value)

    @field_validator("name", "postcode", "city", "email")
    @classmethod
    def _text(cls, value: str, info: ValidationInfo) -> str:
        return _no_control(value, info.field_name or "text")

    @field_validator("address")
    @classmethod
    def _address(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > MAX_ADDRESS_LINES:
            raise refuse(
                "too_many_address_lines",
                f"address: {len(value)} lines; at most {MAX_ADDRESS_LINES} (NF Z10-011: name,"
                " up to 4 street lines, then postcode and city), postcode and city apart",
            )
        for index, line in enumerate(value):
            _no_control(line, f"address[{index}]")
            if not line:
                raise refuse("empty_address_line", f"address[{index}]: an empty line; leave it out")
        return value

    @field_validator("siren")
    @classmethod
    def _siren(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) != 9 or not _ascii_digits(value):
            raise refuse("siren_format", f"siren: {value!r} is not 9 digits (such as '552100554')")
        if value != LA_POSTE_SIREN and not _luhn(value):
            raise refuse("siren_checksum", f"siren: {value!r} fails its Luhn key; check for a typo")
        return value

    @field_validator("siret")
    @classmethod
    def _siret(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) != 14 or not _ascii_digits(value):
            raise refuse(
                "siret_format", f"siret: {value!r} is not 14 digits (the SIREN and 5 digits)"
            )
        valid = (
            sum(int(c) for c in value) % 5 == 0
            if value.startswith(LA_POSTE_SIREN)
            else _luhn(value)
        )
        if not valid:
            raise refuse("siret_checksum", f"siret: {value!r} fails its Luhn key; check for a typo")
        return value

    @field_validator("vat_number")
    @classmethod
    def _vat_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        prefix, rest = value[:2], value[2:]
        if not (
            prefix.isascii()
            and prefix.isalpha()
            and 2 <= len(rest) <= 12
            and rest.isascii()
            and rest.isalnum()
        ):
            raise refuse(
                "vat_number_format",
                f"vat_number: {value!r} is not a VAT number: a 2-letter country prefix and 2 to"
                " 12 letters or digits (such as 'FR40303265045')",
            )
        if prefix == "FR":
            key, siren = rest[:2], rest[2:]
            if len(rest) != 11 or not _ascii_digits(siren):
                raise refuse(
                    "vat_number_format",
                    f"vat_number: {value!r}: a French VAT number is 'FR', a 2-character key and"
                    " the 9-digit SIREN",
                )
            # a numeric key is computed from the SIREN; the alphanumeric keys of companies
            # without a SIREN follow an algorithm the administration does not publish
            if _ascii_digits(key) and int(key) != (12 + 3 * (int(siren) % 97)) % 97:
                raise refuse(
                    "vat_number_checksum",
                    f"vat_number: {value!r}: its key does not match the SIREN {siren}; check"
                    " for a typo",
                )
        return value

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str) -> str:
        if value == "":
            return value
        if not (
            15 <= len(value) <= 34
            and value.isascii()
            and value.isalnum()
            and value[:2].isalpha()
            and value[2:4].isdigit()
        ):
            raise refuse(
                "iban_format",
                f"iban: {value!r} is not an IBAN: a country code, 2 check digits and up to 30"
                " letters or digits (such as 'FR76 3000 6000 0112 3456 7890 189')",
            )
        if value.startswith("FR") and len(value) != 27:
            raise refuse("iban_format", f"iban: {value!r}: a French IBAN has 27 characters")
        moved = value[4:] + value[:4]
        if int("".join(str(int(char, 36)) for char in moved)) % 97 != 1:
            raise refuse(
                "iban_checksum", f"iban: {value!r} fails its check digits; check for a typo"
            )
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value == "":
            return value
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain.strip(".") or any(c.isspace() for c in value):
            raise refuse(
                "email_format", f"email: {value!r} is not an e-mail address (such as 'a@b.fr')"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (
            self.siren is not None
            and self.siret is not None
            and not self.siret.startswith(self.siren)
        ):
            raise refuse(
                "siret_siren_mismatch",
                f"siret {self.siret} does not start with the siren {self.siren}",
            )
        registered = self.registration
        if (
            registered is not None
            and self.vat_number is not None
            and self.vat_number.startswith("FR")
            and self.vat_number[4:] != registered
        ):
            raise refuse(
                "vat_number_siren_mismatch",
                f"vat_number {self.vat_number} is not built on the SIREN {registered}",
            )
        if (
            self.postcode
            and self.country in FRANCE_CODES
            and (len(self.postcode) != 5 or not _ascii_digits(self.postcode))
        ):
            raise refuse(
                "postcode_format",
                f"postcode: {self.postcode!r}: a French postcode is 5 digits (such as '07200')",
            )
        return self

    @property
    def registration(self) -> str | None:
        """The SIREN, given or read from the SIRET's first 9 digits; None without either."""
        if self.siren is not None:
            return self.siren
        return self.siret[:9] if self.siret is not None else None

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The postal address as printed (NF Z10-011): the name, the street lines, the postcode
        and city, then the country's code outside France (overseas France is France)."""
        place = " ".join(x for x in (self.postcode, self.city) if x)
        lines = [self.name, *self.address]
        if place:
            lines.append(place)
        if self.country not in FRANCE_CODES:
            lines.append(self.country)
        return tuple(lines)
