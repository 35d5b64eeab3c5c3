"""CLI subcommands: one module per subcommand, each with ``register(subparsers)``.

To add a subcommand, write ``refimpl/commands/<name>.py`` with a ``register`` function that
adds its parser and sets ``func`` (a callable taking the parsed namespace and returning an
exit code), then list the module name in ``COMMANDS``.
"""

COMMANDS: list[str] = ["resample", "demo", "verify", "distinguish", "reconstruct", "dp", "audit"]
