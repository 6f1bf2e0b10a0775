"""The benchmark's baseline (a plain polars script) computes the same late interest as the
library on its generated ledger: the ratio it reports compares like with like."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lexom_terms import audit, read_ledger

ROOT = Path(__file__).resolve().parents[1]


def test_polars_baseline_matches_the_audit(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    spec = importlib.util.spec_from_file_location(
        "bench_audit", ROOT / "benchmarks" / "bench_audit.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ledger = tmp_path / "ledger.csv"
    bench.generate(ledger, 3000)
    script = tmp_path / "baseline.py"
    script.write_text(bench.BASELINE)
    out = tmp_path / "baseline.csv"
    subprocess.run(
        [sys.executable, str(script), str(ledger), bench.AS_OF.isoformat(), str(out)], check=True
    )
    theirs = {r["number"]: Decimal(r["interest"]) / 100 for r in csv.DictReader(out.open())}
    ours = {row.number: row.interest for row in audit(read_ledger(ledger), bench.AS_OF).rows()}
    assert len(ours) == 3000 and sum(ours.values()) > 0
    assert {k: v for k, v in ours.items() if theirs.get(k, Decimal(0)) != v} == {}
