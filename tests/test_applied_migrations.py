"""Migrations that earlier releases already applied (readycheck.analysis.migrations.applied):
their findings are one low note, pending migrations keep full severity, and git is only read."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from readycheck.analysis.migrations.applied import applied_migrations, is_release_tag
from readycheck.engine import APPLIED, ScanOptions, scan
from readycheck.grouping import group_findings
from readycheck.model import Severity

DROP = '''"""drop {name}"""
from alembic import op

revision = "{rev}"
down_revision = {down}


def upgrade():
    op.drop_column("invoices", "{name}")


def downgrade():
    pass
'''


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **env})


def migration(root: Path, number: int) -> str:
    path = f"alembic/versions/{number:04}_drop_c{number}.py"
    down = "None" if number == 1 else f'"r{number - 1}"'
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(DROP.format(name=f"c{number}", rev=f"r{number}", down=down), encoding="utf-8")
    return path


@pytest.fixture()
def released(tmp_path: Path) -> Path:
    """A repository whose first two migrations are in release v1.0.0 and whose third came after."""
    root = tmp_path / "app"
    root.mkdir()
    git(root, "init", "-q")
    migration(root, 1)
    migration(root, 2)
    git(root, "add", ".")
    git(root, "commit", "-qm", "first release", date="2026-11-01T12:00:00Z")
    git(root, "tag", "v1.0.0")
    migration(root, 3)
    git(root, "add", ".")
    git(root, "commit", "-qm", "new migration", date="2026-11-20T12:00:00Z")
    git(root, "tag", "v1.1.0-rc1")  # a pre-release is not a release production ran
    return root


def test_release_tag_names() -> None:
    for name in ("v1.4.0", "1.4", "v2", "release-2024-05", "release/1.4", "v1.2.3+build.5"):
        assert is_release_tag(name), name
    for name in ("v2.0.0-rc1", "1.4-beta", "v3.0.0-alpha.2", "nightly", "deploy-prod", "latest"):
        assert not is_release_tag(name), name


def test_migrations_in_the_newest_release_are_applied_and_later_ones_pending(released: Path) -> None:
    paths = [f"alembic/versions/{n:04}_drop_c{n}.py" for n in (1, 2, 3)]
    answer = applied_migrations(released, paths, age_days=0)
    assert answer.release == "v1.0.0" and answer.unknown is None
    assert answer.paths == {paths[0]: "in release v1.0.0", paths[1]: "in release v1.0.0"}
    # changed in the working tree since the release: pending again
    (released / paths[1]).write_text(DROP.format(name="other", rev="r2", down='"r1"'), encoding="utf-8")
    assert set(applied_migrations(released, paths, age_days=0).paths) == {paths[0]}
    # an untracked migration is pending
    extra = migration(released, 4)
    assert extra not in applied_migrations(released, [*paths, extra], age_days=0).paths


def test_changed_since_the_release_is_pending(released: Path) -> None:
    first = "alembic/versions/0001_drop_c1.py"
    (released / first).write_text(DROP.format(name="edited", rev="r1", down="None"), encoding="utf-8")
    git(released, "commit", "-qam", "edit an old migration", date="2026-11-21T12:00:00Z")
    assert first not in applied_migrations(released, [first], age_days=0).paths


def test_scan_shows_applied_findings_as_one_low_note_and_keeps_pending_ones(released: Path) -> None:
    index = released / ".git" / "index"
    before = hashlib.sha256(index.read_bytes()).hexdigest()
    result = scan(released, ScanOptions(select=["RC503"], history_commits=0))
    by_path = {f.location.path: f for f in result.findings}
    old, pending = by_path["alembic/versions/0001_drop_c1.py"], by_path["alembic/versions/0003_drop_c3.py"]
    assert old.severity == Severity.LOW and old.context == APPLIED  # ok: applied by v1.0.0
    assert "in release v1.0.0" in old.message and "cannot be made safer now" in old.message
    assert pending.severity.rank > Severity.LOW.rank and pending.context is None  # ruleid: pending
    groups = group_findings(result.findings)
    applied_group = next(g for g in groups if g.context == APPLIED)
    assert applied_group.count == 2 and "already applied by an earlier release" in applied_group.title
    assert next(g for g in groups if g.context is None).findings == (pending,)
    # --strict keeps full severity everywhere
    strict = scan(released, ScanOptions(select=["RC503"], history_commits=0, strict=True))
    assert {f.severity for f in strict.findings} == {pending.severity}
    assert hashlib.sha256(index.read_bytes()).hexdigest() == before  # git was only read


def test_without_tags_old_unchanged_migrations_are_applied_by_age(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    git(root, "init", "-q")
    old = migration(root, 1)
    git(root, "add", ".")
    git(root, "commit", "-qm", "old", date="2026-01-01T12:00:00Z")
    new = migration(root, 2)
    git(root, "add", ".")
    git(root, "commit", "-qm", "new", date="2026-11-30T12:00:00Z")
    answer = applied_migrations(root, [old, new], age_days=90)
    assert answer.release is None
    assert answer.paths == {old: "unchanged for 333 days before the app's latest commit"}
    assert applied_migrations(root, [old, new], age_days=0).paths == {}
    assert applied_migrations(root, [old, new], age_days=400).paths == {}


def test_in_a_monorepo_folder_tags_are_not_read_but_age_is(tmp_path: Path) -> None:
    top = tmp_path / "mono"
    app = top / "apps" / "api"
    app.mkdir(parents=True)
    git(top, "init", "-q")
    old = migration(app, 1)
    git(top, "add", ".")
    git(top, "commit", "-qm", "old", date="2026-01-01T12:00:00Z")
    git(top, "tag", "v9.0.0")  # a repository-wide tag says nothing about this app's releases
    recent = migration(app, 2)
    git(top, "add", ".")
    git(top, "commit", "-qm", "recent", date="2026-06-01T12:00:00Z")
    (top / "other.txt").write_text("x\n", encoding="utf-8")
    git(top, "add", ".")
    git(top, "commit", "-qm", "elsewhere", date="2026-12-01T12:00:00Z")  # not the app's commit
    answer = applied_migrations(app, [old, recent], age_days=90)
    assert answer.release is None
    assert answer.paths == {old: "unchanged for 151 days before the app's latest commit"}


def test_without_git_nothing_is_applied(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    path = migration(root, 1)
    answer = applied_migrations(root, [path], age_days=90)
    assert answer.paths == {}
    result = scan(root, ScanOptions(select=["RC503"], history_commits=0))
    assert result.findings and all(f.context is None and f.severity.rank > Severity.LOW.rank for f in result.findings)


def test_a_hostile_git_config_runs_nothing(released: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with (released / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f"[core]\n\tfsmonitor = touch {marker}\n\tpager = touch {marker}\n")
    hook = released / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    hook.chmod(0o755)
    paths = ["alembic/versions/0001_drop_c1.py"]
    assert set(applied_migrations(released, paths, age_days=0).paths) == set(paths)
    assert not marker.exists()
