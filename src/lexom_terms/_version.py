"""The library's version, one place only: the build reads it from here (pyproject.toml's
``[tool.hatch.version]``), and so does ``lexom_terms.__version__``."""

__version__ = "0.3.0"
