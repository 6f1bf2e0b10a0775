"""Every code block in README.md and docs/*.md runs, so the docs cannot drift from the code.

Python blocks of one file run in order in one namespace (as a reader would type them into one
notebook); their ``assert`` lines check the figures the prose quotes. Shell blocks that call
``lexom-terms`` run the command line from the repository root and must exit 0 (or the status
their ``# exit N`` comment says)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(path: Path, lang: str) -> list[str]:
    return [body for kind, body in BLOCK.findall(path.read_text(encoding="utf-8")) if kind == lang]


@pytest.mark.parametrize("path", [f for f in FILES if blocks(f, "python")], ids=lambda p: p.name)
def test_python_blocks_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs.{path.stem}"}
    for number, code in enumerate(blocks(path, "python"), start=1):
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile(code, f"{path.name} block {number}", "exec"), namespace)
            except Exception as error:  # pragma: no cover - the message is the point
                raise AssertionError(f"{path.name} block {number} failed: {error!r}") from error


def shell_commands(path: Path) -> list[tuple[str, int]]:
    found = []
    for body in blocks(path, "sh"):
        for line in body.splitlines():
            if line.startswith("lexom-terms "):
                command, _, comment = line.partition("#")
                expected = int(comment.split()[1]) if comment.strip().startswith("exit") else 0
                found.append((command.strip(), expected))
    return found


COMMANDS = [(path, cmd, code) for path in FILES for cmd, code in shell_commands(path)]


@pytest.mark.parametrize(
    ("path", "command", "expected"), COMMANDS, ids=[f"{p.name}: {c}" for p, c, _ in COMMANDS]
)
def test_shell_examples_run(
    path: Path, command: str, expected: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lexom_terms.cli import main

    monkeypatch.chdir(ROOT)
    argv = [arg.replace("$TMP", str(tmp_path)) for arg in shlex.split(command)[1:]]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    assert status == expected, err.getvalue()


def test_api_doc_names_every_public_name() -> None:
    import lexom_terms

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in lexom_terms.__all__ if f"`{name}" not in text]
    assert not missing, missing


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("index", "quickstart", "rules", "interest", "api", "cli", "performance"):
        assert f"docs/{name}.md" in readme


@pytest.mark.parametrize("path", [f for f in FILES if blocks(f, "json")], ids=lambda p: p.name)
def test_json_blocks_are_valid_inputs(path: Path) -> None:
    """A JSON example in the docs is a valid input model (the first one that accepts it)."""
    import json

    from pydantic import ValidationError

    import lexom_terms

    models = (lexom_terms.Claimed, lexom_terms.Notice, lexom_terms.Order, lexom_terms.Invoice)
    for body in blocks(path, "json"):
        document = json.loads(body)
        accepted = []
        for model in models:
            try:
                model.model_validate(document)
                accepted.append(model)
            except ValidationError:
                pass
        assert accepted, body
