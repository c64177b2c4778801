"""Adapters that run the field's own scanners (bandit, semgrep, detect-secrets, pip-audit).

The base class is :class:`readycheck.adapters.base.ToolAdapter`; the only module that starts
processes is :mod:`readycheck.adapters._subprocess`.
"""
