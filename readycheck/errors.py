"""Errors raised by readycheck.

Every error the user can cause derives from :class:`ReadycheckError`, which carries a
one-line message, an optional hint, and the process exit code the CLI uses for it
(DESIGN.md section 3: 2 for usage or configuration errors, 3 for a required check or tool
that could not run). The CLI prints ``error: <message>`` and ``hint: <hint>`` with no
traceback unless ``--debug`` is given.
"""

from __future__ import annotations


class ReadycheckError(Exception):
    """Base class of every error readycheck reports to the user.

    Args:
        message: one line saying what went wrong; never contains a secret value.
        hint: one line saying what to do about it, or None.
        exit_code: the process exit code the CLI uses (2 by default).
    """

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ReadycheckError):
    """A command-line argument is wrong: a missing path, a file where a folder is needed,
    an unknown format or severity. Exit code 2."""


class PolicyError(ReadycheckError):
    """A policy file is invalid. The message names the file, the key and what was expected.
    Exit code 2."""

    def __init__(self, source: str, key: str, expected: str, *, hint: str | None = None) -> None:
        where = f"{source}: {key}" if key else source
        super().__init__(f"invalid policy {where}: {expected}", hint=hint)
        self.source = source
        self.key = key
        self.expected = expected


class PluginError(ReadycheckError):
    """A plugin (check or tool adapter) failed validation or could not be loaded.

    Raised inside the registry and turned into a recorded ``errored`` run; it never stops a
    scan. ``distribution`` names the installed distribution that provides the plugin.
    """

    def __init__(self, distribution: str, entry_point: str, problem: str) -> None:
        super().__init__(f"plugin {entry_point!r} from distribution {distribution!r}: {problem}")
        self.distribution = distribution
        self.entry_point = entry_point
        self.problem = problem


class UnknownRuleError(UsageError):
    """A rule id given to ``explain``, ``--select`` or ``--ignore`` names no registered rule."""
