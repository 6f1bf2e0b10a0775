"""The library's version, one place only (pyproject.toml reads the same number)."""

__version__ = "0.1.0"
