"""An audit of an untrusted tree always finishes with a report (issue 21): a wrapped tool
that hangs (and its children) is killed at its timeout, the whole scan stops at
``--deadline``, unreadable or absurd paths and bad ``.gitignore`` patterns are recorded and
skipped, and the scanned repository's own broken policy or manifest files are data, never a
usage error."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from readycheck.checks.base import Check, CheckContext
from readycheck.engine import ScanOptions, scan
from readycheck.model import Category, Confidence, Finding, RunStatus, Severity, SkipReason
from readycheck.registry import load_registry
from tests.conftest import run_cli, write_tree
from tests.treesnap import snapshot

ALL_FORMATS = ("json", "html", "sarif", "markdown")


def _alive(marker: str) -> list[int]:
    """Pids of processes whose command line contains ``marker``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmdline:
            pids.append(int(entry.name))
    return pids


def _hanging_tool(folder: Path, name: str, marker_seconds: int) -> None:
    """A fake ``name`` on PATH that starts a child holding its output pipe, then waits."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\nsleep {marker_seconds} &\nsleep {marker_seconds + 1}\n", encoding="utf-8")
    script.chmod(0o755)


def _formats_args(out: Path) -> list[str]:
    return [arg for fmt in ALL_FORMATS for arg in ("-f", fmt)] + ["-o", str(out)]


def test_hung_tool_and_its_children_are_killed_at_the_tool_timeout(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "import subprocess\nsubprocess.call('ls', shell=True)\n"})
    fake = tmp_path / "bin"
    _hanging_tool(fake, "bandit", 987)
    out = tmp_path / "out"
    started = time.monotonic()
    proc = run_cli(
        "scan",
        str(repo),
        "--select",
        "bandit",
        "--tool-timeout",
        "3",
        "--no-history",
        "-q",
        *_formats_args(out),
        env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"the scan waited for the hung tool ({elapsed:.0f} s)"
    assert proc.returncode in (0, 1, 3), proc.stderr  # tools are not required by default
    assert "Traceback" not in proc.stderr
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    bandit = next(r for r in report["runs"] if r["id"] == "bandit")
    assert bandit["status"] == "errored" and "no answer within 3 s" in bandit["reason"], bandit
    assert report["provisional"] is True
    for name in ("readycheck.html", "readycheck.sarif", "readycheck.md"):
        assert (out / name).stat().st_size > 0
    assert not _alive("sleep 987") and not _alive("sleep 988"), "the tool's processes were left behind"


def test_policy_timeout_applies_per_tool(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n"})
    policy = write_tree(tmp_path, {"p.yml": "version: 1\ntools:\n  bandit:\n    timeout: 2\n"}) / "p.yml"
    fake = tmp_path / "bin"
    _hanging_tool(fake, "bandit", 977)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli(
        "scan",
        str(repo),
        "--select",
        "bandit",
        "--policy",
        str(policy),
        "--no-history",
        "-q",
        "-f",
        "json",
        "-o",
        str(out),
        env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
    )
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    bandit = next(r for r in report["runs"] if r["id"] == "bandit")
    assert "no answer within 2 s" in bandit["reason"], proc.stderr
    assert not _alive("sleep 977")


class _SlowCheck(Check):
    """
    ## What it does

    Waits far longer than any deadline (a stand-in for an analysis that hangs).

    ## Why is this bad?

    A scan that never ends gives no report.

    ## Example

    An analysis stuck on a pathological file.

    ## Use instead

    `readycheck scan --deadline 600`.

    ## References

    - issue 21
    """

    id = "XSLOW001"
    name = "slow-check"
    category = Category.LOGGING
    severity = Severity.LOW
    confidence = Confidence.LOW
    summary = "Waits."

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Sleeps 30 s, then finds nothing."""
        time.sleep(30)
        return []


def test_deadline_stops_our_own_analysis_and_the_report_is_provisional(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n"})
    registry = load_registry(extra_checks=[_SlowCheck])
    started = time.monotonic()
    result = scan(repo, ScanOptions(select=["XSLOW001", "RC101"], deadline=2, history_commits=0), registry=registry)
    assert time.monotonic() - started < 15
    slow = next(r for r in result.runs if r.id == "XSLOW001")
    assert slow.status == RunStatus.ERRORED and "stopped at the scan deadline (2 s)" in (slow.reason or "")
    assert next(r for r in result.runs if r.id == "RC101").status in (RunStatus.PASSED, RunStatus.FAILED)
    assert result.score.provisional
    assert result.extra["deadline"] == {"seconds": 2, "stopped": ["XSLOW001"]}


def test_deadline_kills_a_hung_tool_and_writes_every_format(tmp_path: Path, report_validator) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n"})
    fake = tmp_path / "bin"
    _hanging_tool(fake, "bandit", 967)
    out = tmp_path / "out"
    started = time.monotonic()
    proc = run_cli(
        "scan",
        str(repo),
        "--select",
        "bandit,RC101",
        "--deadline",
        "4",
        "--no-history",
        "-q",
        *_formats_args(out),
        env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
    )
    assert time.monotonic() - started < 60
    assert proc.returncode in (0, 1, 3) and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    report_validator.validate(report)
    bandit = next(r for r in report["runs"] if r["id"] == "bandit")
    assert bandit["status"] == "errored" and "deadline" in bandit["reason"]
    assert report["provisional"] is True
    assert not _alive("sleep 967")


def test_unreadable_folder_probe_is_recorded_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod cannot make a folder unreadable: the OS error is raised where the walk
    # asks whether a folder is a virtual environment (the PermissionError that crashed it).
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n", "locked/inner.py": "y = 2\n"})
    real_lstat = os.lstat
    real_scandir = os.scandir

    def lstat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked/pyvenv.cfg"):
            raise PermissionError(13, "Permission denied")
        return real_lstat(path, *args, **kwargs)

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("/locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "scandir", scandir)
    result = scan(repo, ScanOptions(select=["RC101"], history_commits=0))
    skipped = {s.path: s for s in result.skipped_files}
    assert skipped["locked"].reason == SkipReason.UNREADABLE and "Permission denied" in (skipped["locked"].detail or "")
    assert result.files_scanned == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_as_a_user(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n", "locked/inner.py": "y = 2\n"})
    (repo / "locked").chmod(0)
    try:
        result = scan(repo, ScanOptions(select=["RC101"], history_commits=0))
    finally:
        (repo / "locked").chmod(0o755)
    assert any(s.path == "locked" and s.reason == SkipReason.UNREADABLE for s in result.skipped_files)


def _make_deep(root: Path, levels: int) -> None:
    """``levels`` nested 20-byte folder names under ``root`` with a file at the bottom: past
    the OS path limit of 4096 bytes, so it is built one folder at a time from file descriptors."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d" * 20, dir_fd=fd)
            inner = os.open("d" * 20, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        file_fd = os.open("deep.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(file_fd, b"y = 2\n")
        os.close(file_fd)
    finally:
        os.close(fd)


def test_deep_tree_and_bad_gitignore_pattern(tmp_path: Path, report_validator) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n", ".gitignore": "[z-a]\n*.log\n"})
    (repo / "debug.log").write_text("ignored\n", encoding="utf-8")
    _make_deep(repo, 300)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("scan", str(repo), "--select", "RC101", "--no-history", "-q", "-f", "json", "-o", str(out))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    report_validator.validate(report)
    skipped = report["files"]["skipped"]
    pattern = next(s for s in skipped if s["reason"] == "invalid-pattern")
    assert (
        pattern["path"] == ".gitignore" and "line 1" in pattern["detail"] and "bad character range" in pattern["detail"]
    )
    assert any(s["reason"] == "unreadable" and s["path"].startswith("dddd") for s in skipped)
    assert report["files"]["scanned"] == 2  # app.py and .gitignore: the valid line still ignores debug.log


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (".readycheck.yml", b"\xff\xfe\x00bad", ".readycheck.yml: cannot read the file"),
        (".readycheck.yml", b"rules: [unclosed\n", ".readycheck.yml: not valid YAML at line"),
        (".readycheck.yml", b"version: 1\nexclude: ['[z-a]']\n", ".readycheck.yml: exclude.0: not a valid gitignore"),
        ("pyproject.toml", b"[tool.readycheck\nexclude = 1\n", "pyproject.toml: not valid TOML"),
        ("pyproject.toml", b"\xff\xfe[tool]\n", "pyproject.toml: cannot read the file"),
    ],
)
def test_repository_policy_that_cannot_be_read_is_reported_not_a_usage_error(
    tmp_path: Path, name: str, content: bytes, expected: str, report_validator
) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "x = 1\n"})
    (repo / name).write_bytes(content)
    before = snapshot(repo)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("scan", str(repo), "--no-history", "-q", "-f", "json", "-o", str(out))
    assert proc.returncode != 2, proc.stderr
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    report_validator.validate(report)
    problems = report["policy"]["problems"]
    assert len(problems) == 1 and expected in problems[0], problems
    assert report["provisional"] is True and problems[0] in report["provisional_reasons"]
    assert snapshot(repo) == before
    if name == "pyproject.toml":
        manifest = [f for f in report["findings"] if f["rule_id"] == "RC711"]
        assert [f["path"] for f in manifest] == ["pyproject.toml"], report["findings"]


def test_users_own_bad_policy_is_still_a_usage_error(tmp_path: Path) -> None:
    policy = write_tree(tmp_path, {"mine.yml": "version: 1\nexclude: ['[z-a]']\n"}) / "mine.yml"
    proc = run_cli("scan", str(tmp_path), "--policy", str(policy), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2 and "exclude.0" in proc.stderr
