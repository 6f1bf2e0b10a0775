"""docs/notebook.ipynb runs from top to bottom (nbclient, a real kernel), and every rich output
it shows is well-formed HTML5 (issue 14, item 2)."""

from __future__ import annotations

from pathlib import Path

import html5lib
import nbformat
import pytest
from nbclient import NotebookClient

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    notebook = nbformat.read(DOCS / "notebook.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(DOCS)}},
    )
    client.execute()
    return notebook


def test_the_notebook_runs_without_error(executed: nbformat.NotebookNode) -> None:
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert len(code) >= 16
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count for cell in code)  # every cell ran


def test_every_result_displays_as_well_formed_html(executed: nbformat.NotebookNode) -> None:
    shown = [
        o["data"]["text/html"]
        for cell in executed.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "execute_result" and "text/html" in o.get("data", {})
    ]
    assert len(shown) >= 14
    parser = html5lib.HTMLParser(strict=True)
    for html in shown:
        if html.startswith("<!DOCTYPE"):
            parser.parse(html)
        else:
            parser.parseFragment(html)


def test_the_charts_are_drawn(executed: nbformat.NotebookNode) -> None:
    images = [
        o
        for cell in executed.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 2
