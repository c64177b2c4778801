"""No program named by a scanned repository's git configuration ever runs, and ``.git`` is
never written (issue 21). One canary repository per configuration key that names a program:
the key points at a script committed in the repository that leaves a marker file outside it.
Each scan runs the git calls readycheck makes: file listing, ignore checks, the dirty state,
the secret history (``git log``) and ``--diff`` (``git diff``)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from readycheck.safegit import program_overrides
from tests.conftest import run_cli
from tests.treesnap import snapshot

# key -> value; {canary} is replaced by the canary script's path
PROGRAM_KEYS = {
    "filter.canary.clean": "{canary}",
    "filter.canary.smudge": "{canary}",
    "filter.canary.process": "{canary}",
    "diff.canary.textconv": "{canary}",
    "diff.canary.command": "{canary}",
    "diff.external": "{canary}",
    "core.fsmonitor": "{canary}",
    "core.pager": "{canary}",
    "pager.log": "{canary}",
    "pager.diff": "{canary}",
    "gpg.program": "{canary}",
    "gpg.ssh.program": "{canary}",
    "core.sshCommand": "{canary}",
    "credential.helper": "!{canary}",
    "core.askPass": "{canary}",
    "core.editor": "{canary}",
    "merge.canary.driver": "{canary} %O %A %B",
}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _canary_repo(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A committed repository with a canary script, a stat-dirty file under a filter and diff
    driver, and a signed-looking commit; returns (repo, canary script, marker)."""
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    marker = tmp_path / "CANARY-RAN"
    canary = repo / "tools" / "canary.sh"
    canary.parent.mkdir()
    canary.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\ncat\n', encoding="utf-8")
    canary.chmod(0o755)
    (repo / "app" / "main.py").write_text('import os\nTOKEN = os.environ["TOKEN"]\n', encoding="utf-8")
    (repo / ".gitattributes").write_text("* filter=canary diff=canary merge=canary\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")
    # a commit carrying a signature header, so a log that shows signatures would run gpg.program
    tree = _git(repo, "rev-parse", "HEAD^{tree}").strip()
    parent = _git(repo, "rev-parse", "HEAD").strip()
    body = (
        f"tree {tree}\nparent {parent}\nauthor t <t@example.invalid> 1700000000 +0000\n"
        "committer t <t@example.invalid> 1700000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    signed = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo,
        input=body,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    _git(repo, "update-ref", "HEAD", signed)
    # changed content with an old mtime: git must read (and would filter) the file to compare
    main = repo / "app" / "main.py"
    main.write_text(main.read_text(encoding="utf-8") + "API_KEY = 'x'\n", encoding="utf-8")
    return repo, canary, marker


@pytest.mark.parametrize("key", sorted(PROGRAM_KEYS))
def test_program_named_by_git_config_never_runs(tmp_path: Path, key: str) -> None:
    repo, canary, marker = _canary_repo(tmp_path)
    _git(repo, "config", key, PROGRAM_KEYS[key].format(canary=canary))
    _git(repo, "config", "log.showSignature", "true")
    before = snapshot(repo)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("scan", str(repo), "--diff", "HEAD~1", "-f", "json", "-o", str(out), "-q")
    assert proc.returncode in (0, 1), proc.stderr
    assert not marker.exists(), f"{key}: the repository's program ran: {marker.read_text()}"
    assert snapshot(repo) == before, f"{key}: the scan changed the tree or .git"
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    assert report["target"]["commit"] and len(report["target"]["commit"]) == 40
    # with a content filter the dirty state cannot be read without running it: unknown
    assert report["target"]["dirty"] is (None if key.startswith("filter.") else True)


def test_hooks_and_included_config_never_run(tmp_path: Path) -> None:
    repo, canary, marker = _canary_repo(tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-index-change", "reference-transaction", "post-checkout", "pre-commit"):
        for folder in (hooks, repo / ".git" / "hooks"):
            (folder / name).write_text(f"#!/bin/sh\necho {name} >> {marker}\n", encoding="utf-8")
            (folder / name).chmod(0o755)
    _git(repo, "config", "core.hooksPath", str(hooks))
    included = tmp_path / "included.cfg"
    included.write_text(f'[core]\n\tfsmonitor = {canary}\n[filter "canary"]\n\tclean = {canary}\n', encoding="utf-8")
    _git(repo, "config", "include.path", str(included))
    _git(repo, "config", f"includeIf.gitdir:{repo}/.git.path", str(included))
    before = snapshot(repo)
    proc = run_cli("scan", str(repo), "--diff", "HEAD~1", "-o", str(tmp_path / "out"), "-q")
    assert proc.returncode in (0, 1), proc.stderr
    assert not marker.exists(), marker.read_text()
    assert snapshot(repo) == before


def test_program_overrides_cover_every_driver_the_repository_names() -> None:
    names = [
        "filter.lfs.clean",
        "filter.lfs.process",
        "diff.Word.textconv",
        "merge.ours.driver",
        "pager.log",
        "user.name",
    ]
    overrides, has_filter = program_overrides(names)
    assert dict(overrides) == {
        "filter.lfs.clean": "",
        "filter.lfs.required": "false",
        "filter.lfs.process": "",
        "diff.Word.textconv": "",
        "merge.ours.driver": "",
        "pager.log": "false",
    }
    assert has_filter
    assert program_overrides(["user.name", "core.bare"]) == ((), False)


def test_include_naming_a_fifo_does_not_hang_the_scan(tmp_path: Path) -> None:
    repo, _canary, _marker = _canary_repo(tmp_path)
    fifo = tmp_path / "include.fifo"
    os.mkfifo(fifo)
    nested = tmp_path / "nested.cfg"
    nested.write_text(f"[include]\n\tpath = {fifo}\n", encoding="utf-8")
    _git(repo, "config", "include.path", str(nested))
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("scan", str(repo), "--select", "RC101", "-f", "json", "-o", str(out), "-q", timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    assert report["target"].get("commit") is None  # git facts left unknown, the scan went on
