"""By-example tests: each check runs alone on its annotated examples folder
(``tests/examples/<RULE>/``) and must produce exactly the annotated (rule, path, line) set."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.registry import load_registry
from tests.annotations import expected, found_places, parse_annotations, todo
from tests.conftest import EXAMPLES

RULES = [meta.id for meta in load_registry().rules]


def test_every_builtin_rule_has_examples() -> None:
    builtin = [m.id for m in load_registry().rules if m.origin == "readycheck-audit"]
    missing = [rule for rule in builtin if not (EXAMPLES / rule).is_dir()]
    assert not missing, f"rules without an examples folder: {missing}"


def build_history(commits: Path, repo: Path) -> None:
    """A git repository at ``repo`` whose commits are the folders ``commits/1``, ``commits/2``, ...
    in order, each the whole tree of that commit (for rules that read history)."""
    git = ["git", "-C", str(repo), "-c", "user.name=readycheck", "-c", "user.email=examples@readycheck.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for number, tree in enumerate(sorted(commits.iterdir(), key=lambda p: int(p.name)), start=1):
        for old in repo.iterdir():
            if old.name != ".git":
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        shutil.copytree(tree, repo, dirs_exist_ok=True)
        subprocess.run([*git, "add", "-A"], check=True)
        env = {
            **os.environ,
            "GIT_COMMITTER_DATE": f"2026-01-0{number}T12:00:00Z",
            "GIT_AUTHOR_DATE": "2026-01-01T12:00:00Z",
        }
        subprocess.run([*git, "commit", "-q", "-m", f"commit {number}"], check=True, env=env)


@pytest.mark.parametrize("rule_id", [r for r in RULES if (EXAMPLES / r).is_dir()])
def test_rule_examples(rule_id: str, tmp_path: Path) -> None:
    folder = EXAMPLES / rule_id
    annotations = parse_annotations(folder)
    assert any(a.kind == "ruleid" for a in annotations), "an examples folder needs ruleid lines"
    assert any(a.kind == "ok" for a in annotations), "an examples folder needs ok lines"
    if (folder / "commits").is_dir():
        # commits/<n>/<path>: the annotation is on <path> as commit n wrote it
        build_history(folder / "commits", tmp_path / "repo")
        annotations = [replace(a, path=a.path.split("/", 2)[2]) for a in annotations]
        folder = tmp_path / "repo"
    result = scan(folder, ScanOptions(select=[rule_id]))
    run = next(r for r in result.runs if r.id == rule_id)
    assert run.status.value in ("passed", "failed"), run.reason
    found = found_places(result.findings)
    want = expected(annotations, {rule_id})
    assert found - want == set(), "false positives"
    assert want - found == set(), "false negatives"
    still_missing = todo(annotations, {rule_id})
    assert not (still_missing & found), "a todoruleid gap is now found: promote it to ruleid"


def test_rc101_severity_in_test_files() -> None:
    result = scan(EXAMPLES / "RC101", ScanOptions(select=["RC101"]))
    by_line = {(f.location.path, f.location.line): f for f in result.findings}
    assert by_line[("tests/test_login.py", 4)].severity.value == "low"  # keyword-only fixture value
    # a recognised key format in test data: at most medium, and the message says why
    assert by_line[("tests/test_login.py", 6)].severity.value == "medium"
    assert "in test or example data (shown as medium, not high" in by_line[("tests/test_login.py", 6)].message
    assert by_line[("settings.py", 13)].severity.value == "high"
