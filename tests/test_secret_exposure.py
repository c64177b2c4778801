"""Secrets ranked by who can see them: critical in browser code and behind a public
environment-variable prefix, high on the server (RC101); signing secrets with a fallback
literal are critical (RC104)."""

from __future__ import annotations

from readycheck.engine import ScanOptions, scan
from readycheck.model import Severity
from tests.conftest import EXAMPLES


def _severities(rule: str) -> dict[tuple[str, int], Severity]:
    result = scan(EXAMPLES / rule, ScanOptions(select=[rule]))
    return {(f.location.path or "", f.location.line or 0): f.severity for f in result.findings}


def test_rc101_severity_follows_exposure() -> None:
    found = _severities("RC101")
    assert found[("web/src/openai.ts", 3)] == Severity.CRITICAL  # bundled from src/ of a Vite app
    assert found[("web/.env.local", 3)] == Severity.CRITICAL  # NEXT_PUBLIC_ prefix
    assert found[("web/.env.local", 7)] == Severity.HIGH  # the same kind of key, server only
    assert found[("client.ts", 5)] == Severity.HIGH  # not in a browser app: no package.json there


def test_rc104_signing_secrets_are_critical() -> None:
    found = _severities("RC104")
    assert found[("api/settings.py", 6)] == Severity.CRITICAL  # JWT_SECRET
    assert found[("web/auth.ts", 3)] == Severity.CRITICAL  # SESSION_SECRET
    assert found[("api/settings.py", 10)] == Severity.HIGH  # an API key
