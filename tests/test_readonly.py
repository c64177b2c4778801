"""readycheck never writes into, and never executes code from, the scanned repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import SAMPLES, run_cli
from tests.treesnap import snapshot


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_scan_leaves_tree_and_git_untouched_and_runs_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "vibe-fastapi", repo)
    marker = tmp_path / "EXECUTED"
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")
    # A hostile repository: its own config and hooks try to run a program.
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    evil = tmp_path / "fsmonitor.sh"
    evil.write_text(f"#!/bin/sh\ntouch {marker}\n")
    evil.chmod(0o755)
    _git(repo, "config", "core.fsmonitor", str(evil))
    _git(repo, "config", "core.pager", f"touch {marker}; cat")
    (repo / "app" / "main.py").write_text((repo / "app" / "main.py").read_text() + "\n# edited\n")

    before = snapshot(repo)
    out = tmp_path / "reports"
    proc = run_cli("scan", str(repo), "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    assert snapshot(repo) == before
    assert not marker.exists(), "a command from the scanned repository's git config ran"
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    assert report["target"]["commit"] and len(report["target"]["commit"]) == 40
    assert report["target"]["dirty"] is True


def test_reports_inside_scanned_tree_are_not_scanned(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "clean-fastapi", repo)
    first = run_cli("scan", str(repo), "-o", str(repo / "reports"))
    second = run_cli("scan", str(repo), "-o", str(repo / "reports"))
    assert first.returncode == second.returncode == 0, second.stdout
