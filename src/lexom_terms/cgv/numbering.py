"""What every LEXOM CGV version numbers alike (seeds 000–004): the clauses both texts keep at
the same place. A version's declaration adds the ones it moves (``numbers=Clauses(**SHARED,
signature="§2.2", ...)``), so that a fact both versions share is written once."""

from __future__ import annotations

__all__ = ["SHARED"]

#: quote validity §2.1, payment §3.2, OPCO §3.3, interest §3.4, liability §4.4, resolution §4.7,
#: non-solicitation §5.2, and §3 for a postponement inside a withdrawal window.
SHARED: dict[str, str] = {
    "quote": "§2.1",
    "payment": "§3.2",
    "funding": "§3.3",
    "interest": "§3.4",
    "liability": "§4.4",
    "resolution": "§4.7",
    "non_solicitation": "§5.2",
    "postponement_in_window": "§3",
}
