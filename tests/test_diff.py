"""Diff-aware gating: only findings on lines changed since a base revision are new."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from readycheck.diffscope import parse_unified_zero
from readycheck.engine import ScanOptions, scan
from readycheck.errors import UsageError
from tests.conftest import run_cli

LEAK = 'KEY_{n} = "sk_live_51ReadycheckDiffDemo{n}000000000000"\n'


def git(cwd: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **env})


def test_parse_unified_zero() -> None:
    diff = (
        "diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -3,0 +4,2 @@\n+a\n+b\n"
        "@@ -10 +12 @@\n-x\n+y\n"
        "diff --git a/new.py b/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,3 @@\n+1\n+2\n+3\n"
        "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-1\n-2\n"
    )
    lines, new_files = parse_unified_zero(diff)
    assert lines == {"app.py": {4, 5, 12}, "new.py": {1, 2, 3}}
    assert new_files == {"new.py"}


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "svc").mkdir(parents=True)
    (root / "svc" / "old.py").write_text("x = 1\n" + LEAK.format(n=1) + "y = 2\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def test_only_changed_lines_gate(repo: Path) -> None:
    old = repo / "svc" / "old.py"
    old.write_text(old.read_text(encoding="utf-8") + LEAK.format(n=2), encoding="utf-8")
    (repo / "svc" / "new.py").write_text(LEAK.format(n=3), encoding="utf-8")  # untracked
    result = scan(repo / "svc", ScanOptions(select=["RC101"], diff_base="main"))
    new = sorted((f.location.path, f.location.line) for f in result.findings if f.new)
    assert new == [("new.py", 1), ("old.py", 4)]
    assert len(result.findings) == 3
    assert result.extra["diff"] == {"base": "main", "files": 2, "findings_in_change": 2}
    assert not result.score.gate_passed


def test_a_change_without_new_issues_passes(repo: Path) -> None:
    old = repo / "svc" / "old.py"
    old.write_text(old.read_text(encoding="utf-8") + "z = 3\n", encoding="utf-8")
    result = scan(repo, ScanOptions(select=["RC101"], diff_base="main"))
    assert len(result.findings) == 1 and result.score.gate_passed


def test_bad_base_and_no_repository(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        scan(repo, ScanOptions(diff_base="no-such-branch"))
    plain = tmp_path / "plain"
    plain.mkdir()
    proc = run_cli("scan", str(plain), "--diff", "main", "-q")
    assert proc.returncode == 2 and "git repository" in proc.stderr


def test_diff_scan_does_not_touch_the_index(repo: Path) -> None:
    index = repo / ".git" / "index"
    before = index.stat().st_mtime_ns
    (repo / "svc" / "old.py").write_text("changed = True\n", encoding="utf-8")
    scan(repo, ScanOptions(select=["RC101"], diff_base="main"))
    assert index.stat().st_mtime_ns == before


def test_pre_commit_hook_runs_on_a_clean_change(repo: Path) -> None:
    import shlex

    import yaml

    from tests.conftest import ROOT

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False and "--diff HEAD" in hook["entry"]
    args = shlex.split(hook["entry"])[1:]
    (repo / "svc" / "more.py").write_text("z = 3\n", encoding="utf-8")
    proc = run_cli(*args, cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the old leak is not in the change
    assert not (repo / "reports").exists(), "no report files in the repository"
    (repo / "svc" / "more.py").write_text(LEAK.format(n=9), encoding="utf-8")
    assert run_cli(*args, cwd=repo).returncode == 1
