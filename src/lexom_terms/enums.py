"""The public enumerations (API.md). ``StrEnum`` so that JSON stays readable."""

from __future__ import annotations

from enum import StrEnum


class CgvVersion(StrEnum):
    """Which general terms of sale the order was signed under."""

    LEGACY_15 = "legacy-15"
    """Legacy CGV, 15-day regime (seeds 000, 001, 002, 004)."""
    NEW_30 = "new-30"
    """New CGV, 30-day regime (seed 003)."""

    @classmethod
    def _missing_(cls, value: object) -> CgvVersion | None:
        # A version registered for a while (``lexom_terms.cgv.registry.register``, e.g. a test's
        # made-up regime) validates like a shipped one; it is never a member of the enum.
        return _REGISTERED.get(value) if isinstance(value, str) else None


#: Versions registered for a while beside the shipped ones (``cgv.registry.register``): pseudo
#: members, found by value as a Flag finds its combinations, never listed by ``CgvVersion``.
_REGISTERED: dict[str, CgvVersion] = {}


def extend_cgv(value: str) -> CgvVersion:
    """A pseudo member of :class:`CgvVersion` for ``value``, found by ``CgvVersion(value)`` and
    pydantic until :func:`retract_cgv`. Only ``lexom_terms.cgv.registry`` calls this."""
    if value in CgvVersion._value2member_map_ or value in _REGISTERED:
        raise ValueError(f"CGV version {value!r} is already known")
    member = str.__new__(CgvVersion, value)
    member._name_ = value.upper().replace("-", "_")
    member._value_ = value
    _REGISTERED[value] = member
    return member


def retract_cgv(value: str) -> None:
    """Forget a version :func:`extend_cgv` made."""
    _REGISTERED.pop(value, None)


class PersonKind(StrEnum):
    LEGAL = "legal_person"
    NATURAL = "natural_person"


class SessionFormat(StrEnum):
    INTER = "inter"
    """Open session: trainees of several clients."""
    INTRA = "intra"
    """In-company session for one client."""


class Channel(StrEnum):
    DIRECT = "direct"
    """Signed and returned at a distance: mail, e-mail (LEXOM's usual channel)."""
    WEBSITE = "website"
    ON_PREMISES = "on_premises"
    """Signed in person at LEXOM: no consumer window under legacy-15 (L221-18)."""
    CPF = "cpf"
    """Placed and paid through Mon Compte Formation: the platform's terms govern, not the CGV
    (RULEBOOK §13)."""


class Initiator(StrEnum):
    CLIENT = "client"
    PROVIDER = "provider"


class Reason(StrEnum):
    NONE = "none"
    TRAINEE_ABSENCE = "trainee_absence"
    TRAINER_ABSENCE = "trainer_absence"
    VENUE_UNAVAILABLE = "venue_unavailable"
    FORCE_MAJEURE = "force_majeure"
    OTHER = "other"


class Status(StrEnum):
    RETRACTED = "retracted"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    PENDING_RESCHEDULE = "pending_reschedule"
    REFUSED = "refused"
    NOT_RECEIVABLE = "not_receivable"
    CANCELLED_BY_PROVIDER = "cancelled_by_provider"
    POSTPONED_BY_PROVIDER = "postponed_by_provider"


class EcbReference(StrEnum):
    """Which ECB rate a day of interest uses (RULEBOOK §9)."""

    SEMESTER = "semester"
    """1 January for January–June, 1 July for July–December (Code de commerce L441-10)."""
    JANUARY = "january"
    """The clause's literal "en vigueur au 1er janvier" of the day's year."""


class DayCount(StrEnum):
    """How a day's share of an annual rate is counted (RULEBOOK §9)."""

    ACT_365 = "act/365"
    """Actual/365 Fixed: every day is 1/365, leap years included (service-public, Banque de
    France)."""
    ACT_ACT = "act/act"
    """Actual/Actual: a day of a leap year is 1/366 (older official sheets)."""


class Allocation(StrEnum):
    """How a partial payment is applied (RULEBOOK §9)."""

    PRINCIPAL_FIRST = "principal_first"
    """Each payment reduces the unpaid amount from the next day (ledger lettering)."""
    INTEREST_FIRST = "interest_first"
    """Code civil 1343-1: a payment settles the accrued interest first."""


class PublicBuyer(StrEnum):
    """RULEBOOK §11: a public buyer's payment period (Code de la commande publique)."""

    STATE = "state"
    """The State, local authorities, their public establishments: 30 days (R2192-10)."""
    HEALTH = "health"
    """Public health establishments, armed-forces health service: 50 days (R2192-11 1°)."""
    PUBLIC_UNDERTAKING = "public_undertaking"
    """Public undertakings: 60 days (R2192-11 2°)."""


class FeeVat(StrEnum):
    """RULEBOOK §12: the VAT treatment of a cancellation or postponement fee."""

    AS_SERVICE = "as_service"
    """The fee takes the training's VAT (Conseil d'État 9 October 2024 n° 472257): default."""
    OUTSIDE_SCOPE = "outside_scope"
    """The fee is a pure indemnity outside VAT (CJEU C-277/05): contested, with a caveat."""


class BillKind(StrEnum):
    """RULEBOOK §17: the invoices an order produces."""

    DEPOSIT = "deposit"
    """Facture d'acompte (§2), e-invoice type 386."""
    BALANCE = "balance"
    """The client's share less the deposit invoiced (§7, §8, §16)."""
    FUNDER = "funder"
    """The OPCO's share (subrogation, §8, §16)."""
    REINVOICE = "reinvoice"
    """What the OPCO has not paid by ``end + 1 month``, invoiced to the client (§8)."""
    FEE = "fee"
    """A settlement's ``owed`` (§4–§6, §15)."""
    INDEMNITY = "indemnity"
    """The hours not attended (§16)."""
    CREDIT_NOTE = "credit_note"
    """An invoiced amount no longer owed, e-invoice type 381."""
