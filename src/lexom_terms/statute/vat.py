"""VAT on a client's fee (RULEBOOK §12): the caveat of a fee read outside the scope of VAT,
a reading the Conseil d'État rejected (n° 472257). Moved here from ``cgv/engine.py`` (issue 17:
statute prose next to its statute)."""

from __future__ import annotations

from ..results import cite

__all__ = ["OUTSIDE_SCOPE"]

OUTSIDE_SCOPE = cite(
    "Conseil d'État 472257",
    "fee_vat='outside_scope' reads this fee as an indemnity outside VAT, a reading the Conseil"
    " d'État rejected on 9 October 2024 (n° 472257); a deposit already invoiced with VAT then"
    " needs a credit note (CGI 272-1)",
    "la lecture retenue (frais « hors champ », fee_vat='outside_scope') traite ces frais comme"
    " une indemnité hors du champ de la TVA, lecture écartée par le Conseil d'État le 9 octobre"
    " 2024 (n° 472257) ; un acompte déjà"
    " facturé avec TVA appelle alors une facture d'avoir (CGI 272-1)",
)
