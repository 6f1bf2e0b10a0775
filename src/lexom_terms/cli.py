"""The ``lexom-terms`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._version import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lexom-terms", description=__doc__)
    parser.add_argument("--version", action="version", version=f"lexom-terms {__version__}")
    parser.parse_args(argv)
    sys.stdout.write(f"lexom-terms {__version__}\n")
    return 0
