"""Checks on readycheck's own gate: suppressions that do not hold."""
