"""The subcommands, one module each: every module here is imported by ``lexom_terms.cli`` and
each :class:`~lexom_terms.cli._core.Command` subclass it declares is a subcommand (see
docs/cli.md, "How to add a subcommand")."""
