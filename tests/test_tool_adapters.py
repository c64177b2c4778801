"""The bandit and semgrep adapters: parsers on recorded outputs (empty, one, many, malformed),
smoke runs of the real tools, native suppression markers shown as suppressed, a missing or
broken tool recorded as an errored run (never a pass), and semgrep's own rule tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readycheck.adapters import bandit as bandit_adapter
from readycheck.adapters import semgrep as semgrep_adapter
from readycheck.adapters.base import ToolError
from readycheck.engine import ScanOptions, scan
from readycheck.model import Confidence, RunStatus, Severity
from readycheck.suppressions import native_rules
from tests.conftest import write_tree

BANDIT_ONE = {
    "errors": [],
    "results": [
        {
            "code": '2 password = "hunter2hunter2"\n',
            "filename": "/src/app/settings.py",
            "issue_confidence": "MEDIUM",
            "issue_cwe": {"id": 259, "link": "https://cwe.mitre.org/data/definitions/259.html"},
            "issue_severity": "LOW",
            "issue_text": "Possible hardcoded password: 'hunter2hunter2'",
            "line_number": 2,
            "line_range": [2],
            "more_info": "https://bandit.readthedocs.io/en/1.9.4/plugins/b105_hardcoded_password_string.html",
            "test_id": "B105",
            "test_name": "hardcoded_password_string",
        }
    ],
}
SEMGREP_ONE = {
    "version": "1.182.0",
    "errors": [{"type": "Syntax error", "level": "warn", "message": "x", "path": "/src/bad.py"}],
    "results": [
        {
            "check_id": "opt.readycheck.policies.semgrep.python-sql-built-from-strings",
            "path": "/src/app/db.py",
            "start": {"line": 7, "col": 5},
            "end": {"line": 8, "col": 9},
            "extra": {
                "message": "SQL built\n by pasting",
                "severity": "ERROR",
                "metadata": {
                    "cwe": ["CWE-89: Improper Neutralization ..."],
                    "owasp": ["A03:2021 - Injection", "not an id"],
                    "confidence": "HIGH",
                },
                "lines": "requires login",
            },
        }
    ],
}


# --- bandit -------------------------------------------------------------------------------------


def test_bandit_parser_empty_one_many_malformed() -> None:
    assert bandit_adapter.parse_output('{"errors": [], "results": []}') == ([], [])
    [issue], errors = bandit_adapter.parse_output(json.dumps(BANDIT_ONE))
    assert (issue.filename, issue.line, issue.test_id, issue.severity, issue.confidence, issue.cwe) == (
        "/src/app/settings.py",
        2,
        "B105",
        0,
        1,
        259,
    )
    assert errors == []
    many = {**BANDIT_ONE, "results": BANDIT_ONE["results"] * 3, "errors": [{"filename": "x.py", "reason": "syntax"}]}
    issues, errors = bandit_adapter.parse_output(json.dumps(many))
    assert len(issues) == 3 and errors == [("x.py", "syntax")]
    for bad in ("", "not json", '{"results": [{"filename": "x"}]}', "[]"):
        with pytest.raises(ToolError):
            bandit_adapter.parse_output(bad)


def test_bandit_password_message_is_redacted_and_dummies_dropped() -> None:
    [issue], _ = bandit_adapter.parse_output(json.dumps(BANDIT_ONE))
    assert "hunter2hunter2" not in bandit_adapter.safe_message(issue)
    assert not bandit_adapter.is_dummy_password(issue)
    bearer = json.loads(json.dumps(BANDIT_ONE))
    bearer["results"][0]["issue_text"] = "Possible hardcoded password: 'bearer'"
    [token_type], _ = bandit_adapter.parse_output(json.dumps(bearer))
    assert bandit_adapter.is_dummy_password(token_type)


def test_bandit_owasp_mapping_is_data() -> None:
    assert bandit_adapter.owasp_of("B105") == ("A07:2021",)
    assert bandit_adapter.owasp_of("B113") == ("API4:2023",)
    assert bandit_adapter.owasp_of("B999") == ()


BANDIT_TREE = {
    "app/db.py": (
        "import subprocess\n"
        "import requests\n\n\n"
        "def run(cmd):\n"
        "    subprocess.call(cmd, shell=True)\n"
        "    requests.get('https://example.com', verify=False)  # nosec B501\n"
    ),
    "tests/test_db.py": "import subprocess\n\n\ndef test_it(cmd):\n    subprocess.call(cmd, shell=True)\n",
    "broken.py": "def f(:\n",
}


def test_bandit_smoke_with_nosec_tests_and_syntax_errors(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, BANDIT_TREE), ScanOptions(select=["bandit"], history_commits=0))
    run = next(r for r in result.runs if r.id == "bandit")
    assert run.status == RunStatus.FAILED and run.version
    found = {(f.rule_id, f.location.path, f.location.line): f for f in result.findings}
    assert found[("bandit/B602", "app/db.py", 6)].severity == Severity.HIGH
    assert found[("bandit/B602", "tests/test_db.py", 5)].severity == Severity.MEDIUM  # one lower in tests
    nosec = found[("bandit/B501", "app/db.py", 7)]
    assert nosec.suppressed and "nosec" in (nosec.suppression_reason or "")
    assert [n.path for n in run.not_checked] == ["broken.py"]
    assert found[("bandit/B602", "app/db.py", 6)].cwe == ("CWE-78",)


# --- semgrep ------------------------------------------------------------------------------------


def test_semgrep_parser_empty_one_many_malformed() -> None:
    assert semgrep_adapter.parse_output('{"results": [], "errors": []}') == ([], [], None)
    [result], errors, version = semgrep_adapter.parse_output(json.dumps(SEMGREP_ONE))
    assert (result.rule, result.line, result.end_line, result.severity, result.confidence) == (
        "python-sql-built-from-strings",
        7,
        8,
        Severity.HIGH,
        Confidence.HIGH,
    )
    assert result.owasp == ("A03:2021",) and result.cwe == ("CWE-89",) and result.message == "SQL built by pasting"
    assert errors == [("/src/bad.py", "Syntax error")] and version == "1.182.0"
    many = {**SEMGREP_ONE, "results": SEMGREP_ONE["results"] * 4}
    assert len(semgrep_adapter.parse_output(json.dumps(many))[0]) == 4
    for bad in ("", "<html>", '{"results": [{"path": "x"}]}', "null"):
        with pytest.raises(ToolError):
            semgrep_adapter.parse_output(bad)


def test_semgrep_smoke_offline_with_nosemgrep(tmp_path: Path) -> None:
    files = {
        "api/db.py": (
            "def find(cursor, name):\n"
            "    cursor.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
            "    cursor.execute(f\"SELECT * FROM t WHERE id = '{name}'\")  # nosemgrep: python-sql-built-from-strings\n"
        ),
        "web/token.ts": "export const resetToken = Math.random().toString(36);\n",
    }
    result = scan(write_tree(tmp_path, files), ScanOptions(select=["semgrep"], history_commits=0))
    run = next(r for r in result.runs if r.id == "semgrep")
    assert run.status == RunStatus.FAILED and run.version, run.reason
    found = {(f.rule_id, f.location.path, f.location.line): f for f in result.findings}
    assert set(found) == {
        ("semgrep/python-sql-built-from-strings", "api/db.py", 2),
        ("semgrep/python-sql-built-from-strings", "api/db.py", 3),
        ("semgrep/js-weak-random-for-secret", "web/token.ts", 1),
    }
    assert found[("semgrep/python-sql-built-from-strings", "api/db.py", 3)].suppressed
    assert not found[("semgrep/python-sql-built-from-strings", "api/db.py", 2)].suppressed
    assert found[("semgrep/python-sql-built-from-strings", "api/db.py", 2)].owasp == ("A03:2021",)


def test_user_rule_folder_from_policy(tmp_path: Path) -> None:
    rules = tmp_path / "team-rules"
    rules.mkdir()
    (rules / "no-print.yml").write_text(
        "rules:\n  - id: no-print\n    languages: [python]\n    severity: INFO\n    message: no print\n"
        "    pattern: print(...)\n",
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / ".readycheck.yml").write_text(
        "version: 1\ntools:\n  semgrep:\n    rules: [team-rules]\n", encoding="utf-8"
    )
    result = scan(tmp_path, ScanOptions(select=["semgrep"], history_commits=0))
    assert [(f.rule_id, f.severity) for f in result.findings] == [("semgrep/no-print", Severity.LOW)]


def test_semgrep_rule_pack_passes_its_own_tests() -> None:
    """semgrep --test on policies/semgrep: each rule beside its annotated test file."""
    pack = Path(__file__).resolve().parent.parent / "policies" / "semgrep"
    semgrep = Path(sys.executable).parent / "semgrep"
    completed = subprocess.run(
        [str(semgrep), "--test", *semgrep_adapter.OFFLINE_FLAGS, str(pack)],
        capture_output=True,
        text=True,
        env={**os.environ, **semgrep_adapter.OFFLINE_ENV},
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert "All tests passed" in completed.stdout + completed.stderr
    rules = sorted(p.stem for p in pack.glob("*.yml"))
    tests = sorted({p.stem for p in pack.iterdir() if p.suffix in {".py", ".ts", ".tsx", ".js"}})
    assert rules == tests, "every rule file has a test file of the same name"


# --- failures are recorded, never a pass ----------------------------------------------------------


@pytest.mark.parametrize("tool", ["bandit", "semgrep"])
def test_missing_tool_is_an_errored_run(tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readycheck.adapters import _subprocess

    monkeypatch.setattr(_subprocess, "find_executable", lambda name: None)
    (tmp_path / "app.py").write_text("eval(input())\n", encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=[tool], history_commits=0))
    run = next(r for r in result.runs if r.id == tool)
    assert run.status == RunStatus.ERRORED and "not found" in (run.reason or "")
    assert result.score.provisional


def test_native_marker_rules() -> None:
    assert native_rules("x = 1  # nosec", "# nosec") == ("bandit/*",)
    assert native_rules("x = 1  # nosec B105, B106", "# nosec") == ("bandit/B105", "bandit/B106")
    assert native_rules("eval(x)  # nosemgrep", "nosemgrep") == ("semgrep/*",)
    assert native_rules("eval(x)  # nosemgrep: a.b.rule-one, rule-two", "nosemgrep") == (
        "semgrep/rule-one",
        "semgrep/rule-two",
    )
    assert native_rules("k = 'x'  # pragma: allowlist secret", "pragma: allowlist secret") == ()


def test_tool_status_is_honest_in_every_format() -> None:
    """A tool that exits non-zero because it found issues ran; it did not fail (issue 26)."""
    from readycheck.adapters._subprocess import OutcomeKind, ToolOutcome
    from readycheck.engine import ScanOptions, scan
    from readycheck.reporters import renderer
    from tests.conftest import SAMPLES

    result = scan(SAMPLES / "vibe-fastapi", ScanOptions(select=["bandit"]))
    run = next(r for r in result.runs if r.id == "bandit")
    assert run.findings > 0 and run.outcome == "ran-with-findings"
    assert run.outcome_text() == f"ran, {run.findings} findings"
    data = json.loads(renderer("json")(result))
    assert next(r for r in data["runs"] if r["id"] == "bandit")["outcome"] == "ran-with-findings"
    assert f"ran, {run.findings} findings" in renderer("terminal")(result).replace("\n", " ")
    assert f"ran, {run.findings} findings" in renderer("markdown")(result)
    assert f"ran, {run.findings} findings" in renderer("html")(result)
    crashed = ToolOutcome(
        kind=OutcomeKind.COMPLETED,
        argv=("bandit",),
        returncode=2,
        stderr="[main] INFO profile\nerror: cannot parse 'sk_live_DEMOreadycheck55555555FAKE' in x.py\nmore\n",
    )
    text = crashed.failure()
    assert text.startswith("exit code 2: error: cannot parse") and "sk_live_DEMO" not in text
    assert ToolOutcome(kind=OutcomeKind.COMPLETED, argv=("x",), returncode=3).failure() == "exit code 3"


def test_test_fixture_password_does_not_block_through_bandit(tmp_path: Path) -> None:
    """RC101 lowers a password-named literal in a test to low confidence; bandit's B105 on the
    same line is merged into it and must not raise it back to a blocking confidence."""
    from readycheck.engine import ScanOptions, scan

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_login.py").write_text('PASSWORD = "Tr0ub4dor-fixture-77"\n', encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101", "bandit"]))
    finding = next(f for f in result.findings if f.rule_id == "RC101")
    assert "bandit/B105" in finding.also_reported_by
    assert finding.confidence.value == "low" and finding.severity.value == "low"
    assert finding.fingerprint not in result.score.gate_findings
    assert result.score.gate_passed
