"""Secrets in git history (RC106), committed env files (RC105), and the secret scanners' line
prefilter: temporary git repositories built by the tests, recorded ``git log -p`` output, and a
hostile repository configuration that must not run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from readycheck.analysis.githistory import parse_log, read_history
from readycheck.checks.secrets import hardcoded_secret
from readycheck.engine import ScanOptions, scan
from readycheck.model import RunStatus
from readycheck.repository import Repository
from tests.conftest import EXAMPLES, write_tree

SAMPLES = Path(__file__).resolve().parent.parent / "sample_repos"
STRIPE = "sk_live_51DemoHistoryTest0000000000000FAKE"  # fake, obviously


def git(repo: Path, *args: str, **kwargs: str) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-01-02T12:00:00Z", "GIT_AUTHOR_DATE": "2026-01-02T12:00:00Z"}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@readycheck.invalid", *args],
        check=True,
        env=env,
        capture_output=True,
    )


def commit(repo: Path, files: dict[str, str | None], message: str = "change") -> None:
    write_tree(repo, {name: text for name, text in files.items() if text is not None})
    for name in (name for name, text in files.items() if text is None):
        (repo / name).unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    git(root, "init", "-q")
    return root


def rule_findings(root: Path, rule: str, **options: object) -> tuple[list[tuple[str | None, int | None, str]], object]:
    result = scan(root, ScanOptions(select=[rule], **options))  # type: ignore[arg-type]
    run = next(r for r in result.runs if r.id == rule)
    return [(f.location.path, f.location.line, f.severity.value) for f in result.findings], run


# --- parse_log on recorded output -----------------------------------------------------------

RECORDED = b"""\x00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1767355200
diff --git a/app/config.py b/app/config.py
index 1..2 100644
--- a/app/config.py
+++ b/app/config.py
@@ -3,0 +4,2 @@ import os
+KEY = "one"
+OTHER = 2
@@ -10 +12 @@ def f():
+    return 3
diff --git a/app/package-lock.json b/app/package-lock.json
--- a/app/package-lock.json
+++ b/app/package-lock.json
@@ -1 +1 @@
+"integrity": "sha512-abc"
diff --git a/old.py b/old.py
deleted file mode 100644
--- a/old.py
+++ /dev/null
@@ -1 +0,0 @@
-gone = 1
\x00bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb 1767268800
diff --git a/app/x.py b/app/x.py
--- a/app/x.py
+++ b/app/x.py
@@ garbage @@
+ignored = "malformed hunk header"
Binary files a/app/logo.png and b/app/logo.png differ
"""


def test_parse_log_recorded_output() -> None:
    lines = list(parse_log(RECORDED.splitlines(keepends=True), prefix="app"))
    assert [(a.commit[:1], a.path, a.line, a.text) for a in lines] == [
        ("a", "config.py", 4, 'KEY = "one"'),
        ("a", "config.py", 5, "OTHER = 2"),
        ("a", "config.py", 12, "    return 3"),
    ]
    assert lines[0].time == 1767355200


def test_parse_log_empty_and_outside_prefix() -> None:
    assert list(parse_log([])) == []
    assert list(parse_log(RECORDED.splitlines(), prefix="elsewhere")) == []


# --- RC106 on real repositories ---------------------------------------------------------------


def test_removed_secret_is_found_with_its_commit(repo: Path) -> None:
    commit(repo, {"config.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n'}, "add key")
    commit(repo, {"config.py": 'import os\nSTRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]\n'}, "env")
    result = scan(repo, ScanOptions(select=["RC106"]))
    [finding] = result.findings
    assert (finding.location.path, finding.location.line, finding.severity.value) == ("config.py", 1, "high")
    assert "2026-01-02" in finding.message and "revoke" in finding.message
    assert STRIPE not in finding.message and STRIPE not in (finding.snippet or "")


def test_secret_still_in_files_is_left_to_rc101(repo: Path) -> None:
    commit(repo, {"config.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n'})
    commit(repo, {"README.md": "# app\n"})
    found, _ = rule_findings(repo, "RC106")
    assert found == []
    found, _ = rule_findings(repo, "RC101")
    assert found == [("config.py", 1, "high")]


def test_same_secret_in_several_commits_is_one_finding(repo: Path) -> None:
    commit(repo, {"a.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n'})
    commit(repo, {"b.py": f'STRIPE_KEY = "{STRIPE}"\n'})
    commit(repo, {"a.py": None, "b.py": None, "c.py": "x = 1\n"})
    result = scan(repo, ScanOptions(select=["RC106"]))
    [finding] = result.findings
    assert finding.location.path == "a.py"  # the oldest commit that added it
    assert "1 more place" in finding.message


def test_commit_limit_and_no_history(repo: Path) -> None:
    commit(repo, {"config.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n'})
    commit(repo, {"config.py": "x = 1\n"})
    commit(repo, {"config.py": "x = 2\n"})
    found, run = rule_findings(repo, "RC106", history_commits=2)
    assert found == []
    assert any("newest 2 commits" in n.reason for n in run.not_checked)  # type: ignore[attr-defined]
    found, run = rule_findings(repo, "RC106", history_commits=0)
    assert found == [] and run.status == RunStatus.SKIPPED  # type: ignore[attr-defined]
    found, _ = rule_findings(repo, "RC106", history_commits=3)
    assert found == [("config.py", 1, "high")]


def test_not_a_git_repository_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    assert read_history(tmp_path, max_commits=10) is None or tmp_path.joinpath(".git").exists() is False
    _, run = rule_findings(tmp_path, "RC106")
    assert run.status in (RunStatus.SKIPPED, RunStatus.PASSED)  # type: ignore[attr-defined]


def test_broken_history_is_an_errored_run_not_a_pass(repo: Path) -> None:
    commit(repo, {"config.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n'})
    commit(repo, {"config.py": "x = 1\n"})
    # remove the blob of the first version: `git log -p` fails as on a partial clone
    blob = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD~1:config.py"], check=True, capture_output=True, text=True
    ).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    _, run = rule_findings(repo, "RC106")
    assert run.status == RunStatus.ERRORED  # type: ignore[attr-defined]
    assert "git log exited" in (run.reason or "")  # type: ignore[attr-defined]


def test_hostile_git_config_runs_nothing(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    commit(repo, {"config.py": f'STRIPE_SECRET_KEY = "{STRIPE}"\n', ".gitattributes": "*.py diff=evil\n"})
    commit(repo, {"config.py": "x = 1\n"})
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in ("post-checkout", "pre-commit", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
        (hooks / name).chmod(0o755)
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(
            f'[core]\n\tfsmonitor = "touch {marker}"\n\tpager = "touch {marker}"\n'
            f'[diff "evil"]\n\ttextconv = "touch {marker}; cat"\n[diff]\n\texternal = "touch {marker}"\n'
        )
    before = {p: p.stat().st_mtime_ns for p in (repo / ".git").rglob("*") if p.is_file()}
    found, _ = rule_findings(repo, "RC106")
    assert found == [("config.py", 1, "high")]
    assert not marker.exists()
    after = {p: p.stat().st_mtime_ns for p in (repo / ".git").rglob("*") if p.is_file()}
    assert after == before  # nothing under .git was written


# --- RC105 committed env files ------------------------------------------------------------------

ENV = f"PORT=8000\nSTRIPE_SECRET_KEY={STRIPE}\n"


def test_tracked_env_file_is_read_and_reported_even_when_ignored(repo: Path) -> None:
    commit(repo, {".env": ENV})
    commit(repo, {".gitignore": ".env\n"})  # ignoring later does not untrack it
    assert ".env" in {f.path for f in Repository.scan(repo).files}
    found, _ = rule_findings(repo, "RC105")
    assert found == [(".env", 2, "high")]
    found, _ = rule_findings(repo, "RC101")
    assert found == [(".env", 2, "high")]


def test_untracked_ignored_env_file_is_fine(repo: Path) -> None:
    commit(repo, {".gitignore": ".env\n", "app.py": "x = 1\n"})
    (repo / ".env").write_text(ENV, encoding="utf-8")
    found, _ = rule_findings(repo, "RC105")
    assert found == []


def test_untracked_env_not_ignored_is_medium(repo: Path) -> None:
    commit(repo, {"app.py": "x = 1\n"})
    (repo / ".env.production").write_text(ENV, encoding="utf-8")
    (repo / ".env.example").write_text("STRIPE_SECRET_KEY=sk_live_replace_me\n", encoding="utf-8")
    found, _ = rule_findings(repo, "RC105")
    assert found == [(".env.production", 2, "medium")]


def test_gitignore_above_the_scanned_folder_counts(repo: Path) -> None:
    commit(repo, {".gitignore": ".env\n", "api/app.py": "x = 1\n"})
    (repo / "api" / ".env").write_text(ENV, encoding="utf-8")
    found, _ = rule_findings(repo / "api", "RC105")
    assert found == []


# --- the line prefilter loses nothing readycheck keeps -----------------------------------------


@pytest.mark.parametrize("root", [EXAMPLES, SAMPLES], ids=["examples", "samples"])
def test_prefilter_keeps_every_hit(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = list(Repository.scan(root, read_git=False).code_files())
    filtered = hardcoded_secret.scan_files(files)
    monkeypatch.setattr(hardcoded_secret, "is_candidate_line", lambda line, **_: True)
    unfiltered = hardcoded_secret.scan_files(files)
    assert filtered == unfiltered
    assert sum(len(v) for v in filtered.values()) > 10  # the comparison covers real hits


# Lines whose secret a detect-secrets plugin reports without a quote or a keyword word in
# front (name-anchored token regexes), in file types that need quotes for the keyword plugin.
UNQUOTED = {
    "azure.py": "conn = DefaultEndpointsProtocol=https;AccountName=acme;AccountKey="
    + "Zq7Kx2Rd9Lm4Pw8Tb3Vn6Yc1Hf5Js0Ga2Qe7Ui4Oy9Wt3Rk6Mz8Lb1Nc5Xd2Fv7Hg4Jp0Sa3Dq6Ew9Ry2Tu5Io8Pa1==\n",
    "ibm.py": "ibm_cloud_iam_api_key = Zq7Kx2Rd9Lm4Pw8Tb3Vn6Yc1Hf5Js0Ga2Qe7Ui4Oy9W\n",
    ".npmrc": "//registry.npmjs.org/:_authToken=npm_Zq7Kx2Rd9Lm4Pw8Tb3Vn6Yc1Hf5Js0Ga2Qe7\n",
    "mail.ts": "const chimp = 'q8zr2vn6px4tl0wb7yk3mc9df1hj5sg2-us14'\n",
    "quoted.py": 'SESSION_SALT = "9f8e7d6c5b4a39281706f5e4"\nsession.commit()\n        pass\n',
    "settings.yml": "db:\n  password: Tr0ub4dor-unquoted-3\n",
}


def test_prefilter_keeps_unquoted_and_name_anchored_hits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, UNQUOTED)
    files = list(Repository.scan(tmp_path, read_git=False).code_files())
    filtered = hardcoded_secret.scan_files(files)
    monkeypatch.setattr(hardcoded_secret, "is_candidate_line", lambda line, **_: True)
    assert filtered == hardcoded_secret.scan_files(files)
    assert {"azure.py", "settings.yml", "quoted.py"} <= set(filtered)  # the comparison covers real hits


def test_prefilter_drops_lines_no_plugin_can_report() -> None:
    # a secret-name word with no quote, no denylist word and no long token: no plugin can fire
    for line in ("session.commit()", "        pass", "def refresh_token(user):", "if auth:"):
        assert not hardcoded_secret.is_candidate_line(line, quotes_required=True), line
    assert hardcoded_secret.is_candidate_line('password = "x"', quotes_required=True)
    assert hardcoded_secret.is_candidate_line("password: hunter2", quotes_required=False)
    assert not hardcoded_secret.is_candidate_line("password = hunter2", quotes_required=True)
    assert hardcoded_secret.quotes_required("app/settings.py") and not hardcoded_secret.quotes_required("a.yml")


# --- an existing detect-secrets baseline ---------------------------------------------------------


def test_audited_false_positives_in_secrets_baseline_stay_suppressed(tmp_path: Path) -> None:
    import json
    import sys

    (tmp_path / "settings.py").write_text(
        'API_TOKEN = "q8Zr2vN6pX4tL0wB7yK3mC9dF1hJ5sG2"\nDB_PASSWORD = "Tr0ub4dor-and-3-more"\n', encoding="utf-8"
    )
    # the baseline as detect-secrets itself writes it, then audited: the token is not a secret
    made = subprocess.run(
        [sys.executable, "-m", "detect_secrets", "scan", "settings.py"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    baseline = json.loads(made.stdout)
    for entry in baseline["results"]["settings.py"]:
        entry["is_secret"] = entry["line_number"] != 1
    (tmp_path / ".secrets.baseline").write_text(json.dumps(baseline), encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101"], history_commits=0))
    state = {f.location.line: (f.suppressed, f.suppression_reason) for f in result.findings}
    assert state[1] == (True, "audited as not a secret (is_secret: false) in .secrets.baseline")
    assert state[2] == (False, None)
    assert result.score.gate_findings  # the unaudited password still fails the gate


def test_unusable_secrets_baseline_is_reported(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('API_TOKEN = "q8Zr2vN6pX4tL0wB7yK3mC9dF1hJ5sG2"\n', encoding="utf-8")
    (tmp_path / ".secrets.baseline").write_text("{not json", encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101"], history_commits=0))
    run = next(r for r in result.runs if r.id == "RC101")
    assert [(n.path, n.reason) for n in run.not_checked] == [
        (".secrets.baseline", "not a detect-secrets baseline (expected JSON with results)")
    ]
    assert [f.suppressed for f in result.findings] == [False]
