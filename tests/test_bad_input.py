"""Bad input gets a clear one-line error and the right exit code, or is recorded as not
checked while the scan goes on."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.model import RunStatus, SkipReason
from tests.conftest import run_cli

FAKE_KEY = "sk_live_DEMOreadycheck22222222FAKE"


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_missing_path(tmp_path: Path) -> None:
    proc = run_cli("scan", str(tmp_path / "nope"))
    assert proc.returncode == 2
    lines = _error_lines(proc.stderr)
    assert lines[0] == f"error: path does not exist: {tmp_path / 'nope'}"
    assert "Traceback" not in proc.stderr


def test_file_instead_of_folder(tmp_path: Path) -> None:
    target = tmp_path / "app.py"
    target.write_text("print('hi')\n")
    proc = run_cli("scan", str(target))
    assert proc.returncode == 2
    assert _error_lines(proc.stderr)[0] == f"error: not a folder: {target}"


@pytest.mark.parametrize(
    ("content", "key", "expected"),
    [
        ("version: 1\ngate:\n  fail-on: hihg\n", "gate.fail-on", "expected one of critical, high"),
        ("version: 1\nrules:\n  select: RC101\n", "rules.select", "expected array, got a string"),
        ("version: 1\nunknown_key: 3\n", "(top level)", "unknown key"),
        ("version: 1\nlimits:\n  max-file-bytes: 0\n", "limits.max-file-bytes", "minimum"),
        ("version: 1\ngate: [\n", "", "not valid YAML at line"),
        ("- just\n- a list\n", "", "expected a mapping at the top level"),
    ],
)
def test_invalid_policy_file(tmp_path: Path, content: str, key: str, expected: str) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(content)
    repo = tmp_path / "repo"
    repo.mkdir()
    proc = run_cli("scan", str(repo), "--policy", str(policy), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2, proc.stdout
    first = _error_lines(proc.stderr)[0]
    assert first.startswith(f"error: invalid policy {policy}")
    assert key in first and expected in first, first


def test_invalid_repository_policy_is_named_and_left_out(tmp_path: Path) -> None:
    # the scanned repository's policy is data: the scan goes on without it and says why
    (tmp_path / ".readycheck.yml").write_text("version: 1\ngate:\n  blockers: RC101\n")
    result = scan(tmp_path, ScanOptions())
    assert len(result.policy_problems) == 1
    assert ".readycheck.yml: gate.blockers" in result.policy_problems[0]
    assert result.policy_sources == ("builtin:default.yml",)
    assert result.score.provisional and result.policy_problems[0] in result.score.provisional_reasons


def test_invalid_pyproject_policy_is_named_and_left_out(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.readycheck]\nexclude = 'tests'\n")
    result = scan(tmp_path, ScanOptions())
    assert "[tool.readycheck]: exclude" in result.policy_problems[0]


def test_bad_cli_values(tmp_path: Path) -> None:
    assert run_cli("scan", str(tmp_path), "--fail-on", "urgent").returncode == 2
    assert run_cli("scan", str(tmp_path), "--format", "pdf").returncode == 2
    assert run_cli("explain", "RC999").returncode == 2


@pytest.fixture()
def hostile_tree(tmp_path: Path) -> Path:
    """A tree with every kind of file a scan must survive, and one real finding."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(f'STRIPE = "{FAKE_KEY}"\n')
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    (root / "data.bin.txt").write_bytes(b"abc\x00def" * 10)
    (root / "huge.py").write_text("x = 1\n" * 200_000)
    (root / "latin1.py").write_bytes(f'# caf\xe9\nKEY = "{FAKE_KEY}"\n'.encode("latin-1"))
    (root / "utf16.txt").write_bytes("hello\n".encode("utf-16"))
    (root / "broken.py").write_text("def f(:\n  return\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f'KEY = "{FAKE_KEY}"\n')
    (root / "link_out.py").symlink_to(outside / "secret.py")
    (root / "link_dir").symlink_to(outside, target_is_directory=True)
    (root / "link_in.py").symlink_to(root / "app.py")
    (root / "dangling.py").symlink_to(tmp_path / "missing.py")
    os.mkfifo(root / "pipe")
    bad_name = os.fsencode(str(root)) + b"/bad\xff-name.py"
    with open(bad_name, "wb") as handle:
        handle.write(b"print(1)\n")
    nested = root / "node_modules" / "lib"
    nested.mkdir(parents=True)
    (nested / "index.js").write_text(f'const k = "{FAKE_KEY}";\n')
    return root


def test_hostile_tree_is_scanned_and_skips_are_recorded(hostile_tree: Path, tmp_path: Path) -> None:
    policy = tmp_path / "limits.yml"
    policy.write_text("version: 1\nlimits:\n  max-file-bytes: 100000\n")
    result = scan(hostile_tree, ScanOptions(policy_file=policy))
    reasons = {s.path: s.reason for s in result.skipped_files}
    assert reasons["logo.png"] == SkipReason.BINARY
    assert reasons["data.bin.txt"] == SkipReason.BINARY
    assert reasons["huge.py"] == SkipReason.TOO_LARGE
    assert reasons["latin1.py"] == SkipReason.UNDECODABLE
    assert reasons["link_out.py"] == SkipReason.SYMLINK_OUT_OF_TREE
    assert reasons["link_dir"] == SkipReason.SYMLINK_OUT_OF_TREE
    assert reasons["dangling.py"] == SkipReason.SYMLINK_OUT_OF_TREE
    assert reasons["link_in.py"] == SkipReason.SYMLINK
    assert reasons["pipe"] == SkipReason.NOT_A_REGULAR_FILE
    assert reasons["bad\ufffd-name.py"] == SkipReason.UNDECODABLE
    # the scan went on: the one real secret is found, once, in the file itself
    paths = [f.location.path for f in result.findings if f.category.value == "secrets"]
    assert paths == ["app.py"]
    assert all(r.status != RunStatus.ERRORED for r in result.runs)
    assert "utf16.txt" not in reasons  # UTF-16 with a byte-order mark is read


def test_hostile_tree_through_cli_writes_valid_json(hostile_tree: Path, tmp_path: Path, report_validator) -> None:
    out = tmp_path / "report.json"
    proc = run_cli("scan", str(hostile_tree), "--format", "json", "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    report_validator.validate(report)
    skipped = {item["path"]: item["reason"] for item in report["files"]["skipped"]}
    assert skipped["link_out.py"] == "symlink-out-of-tree"
    assert skipped["latin1.py"] == "undecodable"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_recorded(tmp_path: Path) -> None:
    target = tmp_path / "secret.py"
    target.write_text("x = 1\n")
    target.chmod(0)
    try:
        result = scan(tmp_path, ScanOptions())
    finally:
        target.chmod(0o644)
    assert {s.path: s.reason for s in result.skipped_files}["secret.py"] == SkipReason.UNREADABLE


def test_yaml_bomb_is_scanned_quickly(tmp_path: Path) -> None:
    """A "billion laughs" YAML file (9 levels of aliases) in the tree and as a CI workflow must
    not stall the scan: detect-secrets' YAML transformer would expand it for minutes."""
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    (tmp_path / "config.yml").write_text(bomb, encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n" + bomb, encoding="utf-8")
    started = time.perf_counter()
    result = scan(tmp_path, ScanOptions(history_commits=0))
    assert time.perf_counter() - started < 60
    assert result.score is not None
