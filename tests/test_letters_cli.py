"""``lexom-terms reminder`` and ``statement`` with ``--creditor`` / ``--recipient`` (issue 20
item 4): the letterhead from two JSON parties, what posting still needs said on stderr, and a
bad party refused with its code (exit 2)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from lexom_terms.cli import main

ROOT = Path(__file__).resolve().parents[1]
INVOICE = "examples/invoice_F-2025-118.json"
LEXOM = "examples/creditor.json"
ACME = "examples/party_acme.json"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_a_formal_notice_from_the_command_line_is_complete() -> None:
    status, out, err = run(
        "reminder", INVOICE, "--as-of", "2025-12-31", "--level", "3", "--date", "2026-01-05",
        "--creditor", LEXOM, "--recipient", ACME,
    )  # fmt: skip
    assert status == 0 and err == ""
    assert out.startswith("LEXOM  \n12 rue des Écoles  \n07200 Aubenas")
    assert "ACME SAS  \nService comptabilité  \n3 rue de la Paix  \n75002 Paris" in out
    assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in out
    assert "RCS Aubenas" in out and "IBAN FR76" in out


def test_what_posting_still_needs_is_said_on_stderr() -> None:
    status, out, err = run("reminder", INVOICE, "--as-of", "2025-12-31", "--level", "3")
    assert status == 0 and "Mise en demeure" in out
    assert "creditor.siren" in err and "recipient.address" in err and "R123-237" in err


def test_a_salutation_from_the_command_line() -> None:
    status, out, _ = run(
        "reminder", INVOICE, "--as-of", "2025-12-31", "--salutation", "Monsieur le Directeur,"
    )  # fmt: skip
    assert status == 0 and "Monsieur le Directeur," in out


def test_a_bad_party_is_refused_with_its_code(tmp_path: Path) -> None:
    party = json.loads((ROOT / ACME).read_text(encoding="utf-8"))
    party["siren"] = "790318464"
    bad = tmp_path / "party.json"
    bad.write_text(json.dumps(party), encoding="utf-8")
    status, out, err = run("reminder", INVOICE, "--as-of", "2025-12-31", "--recipient", str(bad))
    assert status == 2 and out == ""
    assert "siren" in err and "Luhn" in err
    assert "Traceback" not in err


def test_a_statement_with_its_letterhead(tmp_path: Path) -> None:
    target = tmp_path / "acme.html"
    status, _, err = run(
        "statement", "examples/ledger.csv", "--client", "ACME SAS", "--as-of", "2025-12-31",
        "--date", "2026-01-05", "--creditor", LEXOM, "--recipient", ACME, "-o", str(target),
    )  # fmt: skip
    assert status == 0 and err == ""
    html = target.read_text(encoding="utf-8")
    assert '<p class="recipient">ACME SAS<br>Service comptabilité<br>' in html
    assert "Aubenas, le 5 janvier 2026" in html and "Total dû" in html
    status, _, err = run(
        "statement", "examples/ledger.csv", "--client", "ACME SAS", "--as-of", "2025-12-31",
        "--format", "markdown",
    )  # fmt: skip
    assert status == 0 and "creditor.iban" in err
