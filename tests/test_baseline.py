"""Baselines: scan, accept, add a new issue, scan again: only the new one gates; baselines
built on two branches merge as plain text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from readycheck.baseline import entries_of, load, render
from readycheck.engine import ScanOptions, scan
from readycheck.errors import UsageError
from tests.conftest import SAMPLES, run_cli

APP = 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n'
LEAK = 'STRIPE_KEY = "sk_live_51ReadycheckBaselineDemo0000000000"\n'


def test_round_trip_only_new_findings_gate(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "vibe-fastapi", repo)
    baseline = tmp_path / "baseline.jsonl"
    proc = run_cli("baseline", str(repo), "-o", str(baseline))
    assert proc.returncode == 0, proc.stderr
    text = baseline.read_text(encoding="utf-8")
    assert '"line"' not in text and "sk_live" not in text, "no line numbers, no secret values"
    accepted = load(baseline)
    assert accepted == sorted(accepted) and len(accepted) > 20

    result = scan(repo, ScanOptions(baseline=baseline))
    assert result.score.gate_passed, result.score.gate_reasons
    assert not [f for f in result.findings if f.new]

    (repo / "app" / "payments.py").write_text(LEAK, encoding="utf-8")
    (repo / "app" / "config.py").write_text(
        "# moved down\n\n" + (repo / "app" / "config.py").read_text(), encoding="utf-8"
    )
    result = scan(repo, ScanOptions(baseline=baseline))
    new = [f for f in result.findings if f.new]
    assert [(f.rule_id, f.location.path) for f in new] == [("RC101", "app/payments.py")]
    assert not result.score.gate_passed
    assert result.extra["baseline"]["new"] == 1 and result.extra["baseline"]["fixed"] == []


def test_fixed_findings_and_count_all(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "payments.py").write_text(LEAK, encoding="utf-8")
    baseline = tmp_path / "b.jsonl"
    baseline.write_text(render(entries_of(scan(repo, ScanOptions(select=["RC101"])).findings)), encoding="utf-8")
    assert scan(repo, ScanOptions(select=["RC101"], baseline=baseline)).score.gate_passed
    (repo / ".readycheck.yml").write_text("version: 1\ngate:\n  count: all\n", encoding="utf-8")
    assert not scan(repo, ScanOptions(select=["RC101"], baseline=baseline)).score.gate_passed
    (repo / ".readycheck.yml").unlink()
    (repo / "payments.py").write_text(APP, encoding="utf-8")
    result = scan(repo, ScanOptions(select=["RC101"], baseline=baseline))
    assert [e["rule"] for e in result.extra["baseline"]["fixed"]] == ["RC101"]
    assert result.extra["baseline"]["not_rechecked"] == []


def test_entries_whose_check_did_not_run_are_not_fixed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "payments.py").write_text(LEAK, encoding="utf-8")
    baseline = tmp_path / "b.jsonl"
    baseline.write_text(render(entries_of(scan(repo, ScanOptions(select=["RC101"])).findings)), encoding="utf-8")
    # the secret is still there, but RC101 is not selected: its entry is not re-checked, not fixed
    result = scan(repo, ScanOptions(select=["RC104"], baseline=baseline))
    assert result.extra["baseline"]["fixed"] == []
    assert [e["rule"] for e in result.extra["baseline"]["not_rechecked"]] == ["RC101"]


def test_json_report_with_baseline_is_valid(tmp_path: Path, report_validator) -> None:
    baseline = tmp_path / "b.jsonl"
    baseline.write_text(render([]), encoding="utf-8")
    proc = run_cli("scan", str(SAMPLES / "clean-fastapi"), "--baseline", str(baseline), "-f", "json", "-o", "-")
    report = json.loads(proc.stdout)
    report_validator.validate(report)
    assert report["baseline"]["known"] == 0


@pytest.mark.parametrize("content", ["not json", '{"readycheck-baseline": 9}', '{"readycheck-baseline": 1}\n{}', ""])
def test_bad_baseline_is_a_usage_error(tmp_path: Path, content: str) -> None:
    baseline = tmp_path / "b.jsonl"
    baseline.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError):
        scan(SAMPLES / "clean-fastapi", ScanOptions(baseline=baseline))
    proc = run_cli("scan", str(SAMPLES / "clean-fastapi"), "--baseline", str(baseline), "-q")
    assert proc.returncode == 2 and "baseline" in proc.stderr


def _git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    import os

    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **env}
    ).stdout


def test_baselines_from_two_branches_merge_cleanly(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("a_first.py", "m_middle.py", "z_last.py"):
        (repo / name).write_text(APP, encoding="utf-8")

    def baseline() -> None:
        result = scan(repo, ScanOptions(select=["RC101"], output_paths=[repo / "readycheck-baseline.jsonl"]))
        (repo / "readycheck-baseline.jsonl").write_text(render(entries_of(result.findings)), encoding="utf-8")

    (repo / "m_middle.py").write_text(APP + LEAK, encoding="utf-8")
    baseline()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    (repo / "a_first.py").write_text(APP + LEAK.replace("Demo", "DemoA"), encoding="utf-8")
    baseline()
    _git(repo, "commit", "-qam", "feature accepts a finding")
    _git(repo, "checkout", "-q", "main")
    (repo / "z_last.py").write_text(APP + LEAK.replace("Demo", "DemoZ"), encoding="utf-8")
    baseline()
    _git(repo, "commit", "-qam", "main accepts another")
    _git(repo, "merge", "-q", "--no-edit", "feature")  # raises on a conflict
    merged = load(repo / "readycheck-baseline.jsonl")
    assert [e.path for e in merged] == ["a_first.py", "m_middle.py", "z_last.py"]
    result = scan(repo, ScanOptions(select=["RC101"], baseline=repo / "readycheck-baseline.jsonl"))
    assert not [f for f in result.findings if f.new]
