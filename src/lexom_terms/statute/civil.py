"""Code civil 1218 over every version's fee (RULEBOOK §4): force majeure does not excuse a
debt of money for a client other than a self-funded trainee. Moved here from ``cgv/engine.py``
(issue 17: statute prose next to its statute)."""

from __future__ import annotations

from ..enums import Reason
from ..models import Notice
from ..results import Citation, cite

__all__ = ["force_majeure_no_excuse"]


def force_majeure_no_excuse(notice: Notice, clause: str) -> tuple[Citation, ...]:
    """RULEBOOK §4: for any other client, force majeure does not excuse a debt of money."""
    if notice.reason != Reason.FORCE_MAJEURE:
        return ()
    return (
        cite(
            "Code civil 1218",
            f"force majeure does not excuse a debt of money; {clause} applies unchanged",
            f"la force majeure n'exonère pas d'une dette d'argent ; {clause} s'applique",
        ),
    )
