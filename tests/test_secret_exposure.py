"""Secrets ranked by who can see them: critical in browser code and behind a public
environment-variable prefix, high on the server (RC101); signing secrets with a fallback
literal are critical (RC104)."""

from __future__ import annotations

from pathlib import Path

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


SERVICE_ROLE = (  # a fake Supabase service_role JWT (role claim only; the signature is text)
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImRlbW9yZWFkeWNoZWNrIiwicm9sZSI6InNlcnZpY2Vf"
    "cm9sZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoyMDAwMDAwMDAwfQ.ZmFrZS1zaWduYXR1cmUtcmVhZHljaGVjay1zYW1wbGUtc3Zj"
)


def test_admin_key_and_hardcoded_secret_on_one_line_are_one_finding(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"next": "14.2.0"}}', encoding="utf-8")
    (tmp_path / ".env.local").write_text(f"NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY={SERVICE_ROLE}\n", encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101", "RC102"], history_commits=0))
    [finding] = result.findings
    assert finding.rule_id == "RC102" and finding.also_reported_by == ("RC101",)
    assert finding.severity == Severity.CRITICAL
    assert SERVICE_ROLE not in (finding.snippet or "") and SERVICE_ROLE[:40] not in finding.message


def test_same_secret_in_several_files_is_one_finding(tmp_path: Path) -> None:
    key = "sk_live_51DemoGrouped000000000000000FAKE"
    (tmp_path / "a.py").write_text(f'STRIPE_SECRET_KEY = "{key}"\n', encoding="utf-8")
    (tmp_path / "b.py").write_text(f'\nstripe_key = "{key}"\n', encoding="utf-8")
    (tmp_path / "c.py").write_text('OTHER_SECRET_KEY = "sk_live_51DemoOther00000000000000000FAKE"\n', encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101"], history_commits=0))
    by_path = {f.location.path: f for f in result.findings}
    assert set(by_path) == {"a.py", "c.py"}
    assert [(loc.path, loc.line) for loc in by_path["a.py"].also_at] == [("b.py", 2)]
    assert "1 other place: b.py:2" in by_path["a.py"].message


def test_merge_keeps_the_first_rule_of_a_group() -> None:
    from readycheck.merge import merge_same_line
    from readycheck.model import Category, Confidence, Finding, Location

    def make(rule: str, severity: Severity, line: int = 3) -> Finding:
        return Finding(
            rule_id=rule,
            category=Category.SECRETS,
            severity=severity,
            confidence=Confidence.MEDIUM,
            location=Location(path="a.py", line=line),
            message=rule,
            owasp=(),
            cwe=(),
            fingerprint=rule,
        )

    merged = merge_same_line(
        [make("bandit/B105", Severity.CRITICAL), make("RC101", Severity.HIGH), make("RC303", Severity.LOW)],
        [("RC101", "bandit/B10*")],
    )
    assert [(f.rule_id, f.severity, f.also_reported_by) for f in merged] == [
        ("RC101", Severity.CRITICAL, ("bandit/B105",)),
        ("RC303", Severity.LOW, ()),
    ]
    other_line = merge_same_line(
        [make("bandit/B105", Severity.LOW, 4), make("RC101", Severity.HIGH)], [("RC101", "bandit/B10*")]
    )
    assert len(other_line) == 2
