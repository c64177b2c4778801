"""Suppressions: inline and policy, with reasons and expiry; what does not apply stays in the
gate and is reported; every suppression is listed."""

from __future__ import annotations

import json
from pathlib import Path

from readycheck.engine import ScanOptions, scan
from tests.conftest import run_cli, write_tree

LEAK = 'STRIPE_KEY = "sk_live_51ReadycheckSuppressionDemo00000000"\n'


def test_inline_suppression_with_reason_applies(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"pay.py": '# readycheck: ignore[RC101] reason="test-mode key, revoked"\n' + LEAK})
    result = scan(root, ScanOptions(select=["RC101", "RC001"]))
    (finding,) = result.findings
    assert finding.suppressed and finding.suppression_reason == "inline: test-mode key, revoked"
    assert result.score.gate_passed
    (entry,) = result.extra["suppressions"]
    assert entry["used"] is True and entry["problem"] is None and entry["line"] == 1


def test_suppression_on_the_same_line(tmp_path: Path) -> None:
    code = 'import requests\n\n\ndef ping():\n    return requests.get("https://status.example.com")'
    root = write_tree(tmp_path, {"jobs.py": code + '  # readycheck: ignore[RC303] reason="status page, best effort"\n'})
    (finding,) = scan(root, ScanOptions(select=["RC303"])).findings
    assert finding.suppressed and finding.location.line == 5


def test_without_reason_or_expired_does_not_apply(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "a.py": "# readycheck: ignore[RC101]\n" + LEAK,
            "b.py": '# readycheck: ignore[RC101] reason="beta" until=2020-01-01\n' + LEAK.replace("Demo", "DemoB"),
        },
    )
    result = scan(root, ScanOptions(select=["RC101", "RC001"]))
    leaks = [f for f in result.findings if f.rule_id == "RC101"]
    assert len(leaks) == 2 and not any(f.suppressed for f in leaks)
    assert not result.score.gate_passed
    problems = {(f.location.path, f.message.split(": ", 1)[1]) for f in result.findings if f.rule_id == "RC001"}
    assert problems == {("a.py", "no reason given."), ("b.py", "expired on 2020-01-01.")}


def test_unused_and_native_are_listed(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "a.py": '# readycheck: ignore[RC201] reason="nothing here"\nx = 1\n',
            "b.py": "import subprocess\nsubprocess.call('ls', shell=True)  # nosec\n",
        },
    )
    result = scan(root, ScanOptions(select=["RC101"]))
    entries = {(e["source"], e["path"], e["used"]) for e in result.extra["suppressions"]}
    assert entries == {("inline", "a.py", False), ("native", "b.py", False)}


def test_policy_suppressions(tmp_path: Path, report_validator) -> None:
    policy = (
        "version: 1\nsuppressions:\n"
        '  - {rule: RC101, path: "fixtures/*", reason: "fake keys for tests", until: "2999-01-01"}\n'
        '  - {rule: RC101, path: "other/*"}\n'
    )
    root = write_tree(tmp_path, {".readycheck.yml": policy, "fixtures/keys.py": LEAK})
    result = scan(root, ScanOptions(select=["RC101", "RC001"]))
    leak = next(f for f in result.findings if f.rule_id == "RC101")
    assert leak.suppressed and leak.suppression_reason == "policy: fake keys for tests"
    invalid = [f for f in result.findings if f.rule_id == "RC001"]
    assert len(invalid) == 1 and invalid[0].location.path is None
    proc = run_cli("scan", str(root), "--select", "RC101,RC001", "-f", "json", "-o", "-")
    report = json.loads(proc.stdout)
    report_validator.validate(report)
    assert [e["used"] for e in report["suppressions"]] == [True, False]
