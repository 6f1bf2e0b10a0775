"""Public buyers: the Code de la commande publique over the CGV (RULEBOOK §11).

A training ordered and paid by a public buyer (``Client.public_buyer``) is a public contract. Its
payment rules are public order (L2192-14): they replace CGV §2.1/§2.2 (deposit), §3.2 (payment
date) and §3.4 (interest rate and indemnity) for that client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..calendar import semester_start
from ..rates import RateTable

# ---------------------------------------------------------------------------------------------
# Interest (R2192-31 ff.)
# ---------------------------------------------------------------------------------------------
#
#   R2192-31: « Le taux des intérêts moratoires est égal au taux d'intérêt appliqué par la Banque
#   centrale européenne à ses opérations principales de refinancement les plus récentes, en
#   vigueur au premier jour du semestre de l'année civile au cours duquel les intérêts
#   moratoires ont commencé à courir, majoré de huit points de pourcentage. »
#   D2192-35: « Le montant de l'indemnité forfaitaire pour frais de recouvrement [...] est fixé
#   à 40 euros. »
#   R2192-36: « Les intérêts moratoires et l'indemnité forfaitaire [...] sont versés dans un
#   délai de quarante-cinq jours suivant la mise en paiement du principal. »

#: R2192-31: "majoré de huit points de pourcentage".
PUBLIC_ECB_MARGIN = Decimal(8)
#: D2192-35: "fixé à 40 euros", per late invoice, whatever the public buyer.
PUBLIC_RECOVERY_INDEMNITY = Decimal("40.00")
#: R2192-36: interest and indemnity are paid within 45 days of the principal.
ACCESSORIES_DAYS = 45
#: The basis an :class:`~lexom_terms.results.InterestPeriod` shows for this rate.
PUBLIC_BASIS = "ECB+8"


@dataclass(frozen=True, slots=True)
class PublicRate:
    """The one rate of a public buyer's whole delay, and the ECB rate it was read from."""

    percent: Decimal
    ecb_percent: Decimal
    reference: date
    provisional: bool


def public_interest_rate(first_late_day: date, rates: RateTable) -> PublicRate:
    """R2192-31: the ECB MRO rate in force on the first day (1 January or 1 July) of the
    semester in which interest *started*, + 8 points, fixed for the whole delay: unlike the CGV
    rate it does not move on 1 January or 1 July, and it has no 3 × legal-rate floor. The
    caller's ``ecb_reference`` policy does not apply (R2192-31 fixes the reference day)."""
    reference = semester_start(first_late_day)
    ecb = rates.ecb_rate(reference)
    return PublicRate(ecb.percent + PUBLIC_ECB_MARGIN, ecb.percent, reference, not ecb.confirmed)


def accessories_due_on(principal_paid_on: date | None, days_late: int) -> date | None:
    """R2192-36: interest and indemnity are payable within 45 calendar days of the day the
    principal was paid in full; None while it is unpaid, and None when it was paid on time (there
    are no accessories)."""
    if principal_paid_on is None or days_late <= 0:
        return None
    return principal_paid_on + timedelta(days=ACCESSORIES_DAYS)
