"""readycheck's own checks, one per module under ``readycheck/checks/<family>/``.

The base class and the context a check runs with live in :mod:`readycheck.checks.base`.
"""
