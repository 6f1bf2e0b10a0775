#!/usr/bin/env bash
# Run the test suite against the lowest versions pyproject.toml declares for the runtime
# dependencies (docs/dependencies.md). Not part of CI: it installs packages into a scratch venv.
#
#   tools_dev/check_floors.sh            # venv in /tmp/floor-venv
#   FLOOR_VENV=/tmp/other tools_dev/check_floors.sh -k calendar   # extra args go to pytest
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${FLOOR_VENV:-/tmp/floor-venv}"
cd "$ROOT"

# "holidays>=0.102" -> "holidays==0.102": the floors are read from pyproject.toml itself, so the
# check cannot drift from what is declared.
mapfile -t PINS < <(python3 - <<'PY'
import re, tomllib
with open("pyproject.toml", "rb") as handle:
    dependencies = tomllib.load(handle)["project"]["dependencies"]
for requirement in dependencies:
    match = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([^,;\s]+)", requirement)
    if not match:
        raise SystemExit(f"no floor declared for {requirement!r}")
    print(f"{match[1]}=={match[2]}")
PY
)

echo "floors: ${PINS[*]}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -e ".[test]" "${PINS[@]}"
"$VENV/bin/pip" install -q --no-deps "${PINS[@]}"   # in case a newer version was already there
"$VENV/bin/python" - "${PINS[@]}" <<'PY'
import sys
from importlib.metadata import version

from packaging.version import Version
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    found = version(name)
    assert Version(found) == Version(wanted), f"{name} {found} installed, floor is {wanted}"
print("installed:", ", ".join(sys.argv[1:]))
PY
# The golden file stores results' stamps nested inside a regime comparison, with the
# holidays_version of the release (0.109): under any other holidays version that one snapshot
# differs in its stamp only (docs/dependencies.md).
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
    --deselect tests/test_golden.py::test_other_results_match_the_golden_file "$@"
