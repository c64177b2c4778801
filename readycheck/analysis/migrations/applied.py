"""Which migrations earlier releases already applied, from the scanned repository's git data.

A migration that production already ran cannot be made safer now: its missing reverse or its
old ``DROP COLUMN`` is history, and reporting sixty of them as high hides the one pending
migration the next deploy runs. A migration file counts as **applied** when git shows it
unchanged in the working tree and

- it is in the newest release tag reachable from HEAD (a tag named like a version, ``v1.4.0``,
  ``1.4``, ``release-2024-05``) with the same content as at that tag (read only when the
  scanned folder is the repository's top folder: in a monorepo, a repository-wide tag says
  nothing about one app's releases), or
- its last change is at least ``age_days`` older than the newest commit that touched the
  scanned folder (the app's own latest change, not the wall clock, so a checkout's answer does
  not change with the date it is scanned on).

Everything else is **pending**: untracked, changed in the working tree, changed since the
release tag, or recent. Without git (no repository, git missing, an unreadable or hostile
configuration, a command failing) nothing counts as applied and :attr:`AppliedMigrations.unknown`
says why: the findings keep their full severity.

git runs through :mod:`readycheck.safegit` only (no hooks, filters, pagers or external diff
programs of the repository), read-only (``GIT_OPTIONAL_LOCKS=0``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readycheck.safegit import GIT_TIMEOUT, NO_DIFF_PROGRAMS, open_git

# Tag names that look like a release: v1.2.3, 1.2, v2, release-2024-05, release/1.4.
RELEASE_TAG = re.compile(r"^(?:v?\d+(?:\.\d+)*(?:[-+.][0-9A-Za-z.-]+)?|release[-/_].+)$", re.IGNORECASE)
# Pre-release tags (v2.0.0-rc1, 1.4-beta) are not releases production ran.
_PRE_RELEASE = re.compile(r"(?:^|[-.+])(?:rc|alpha|beta|pre|dev|preview)\d*", re.IGNORECASE)
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True, kw_only=True)
class AppliedMigrations:
    """The answer of :func:`applied_migrations`.

    ``paths``: repo-relative path (relative to the scanned folder, POSIX) of each applied
    migration file -> why, in words (``"in release v1.4.0"``, ``"unchanged for 412 days before
    the app's latest commit"``). ``release``: the release tag used, None when none was.
    ``unknown``: why git could not be asked, None when it could.
    """

    paths: dict[str, str] = field(default_factory=dict)
    release: str | None = None
    unknown: str | None = None


def is_release_tag(name: str) -> bool:
    """True for tag names of releases (``v1.4.0``, ``2.1``, ``release-2024-05``), False for
    others and for pre-releases (``v2.0.0-rc1``)."""
    return bool(RELEASE_TAG.match(name)) and not _PRE_RELEASE.search(name)


def applied_migrations(root: Path, paths: Iterable[str], *, age_days: int) -> AppliedMigrations:
    """Which of ``paths`` (migration files, relative to the scanned folder ``root``) earlier
    releases already applied (see the module docstring). ``age_days`` 0 turns the age rule off.
    Never raises: git problems give an answer with ``unknown`` set and no applied paths."""
    wanted = sorted(set(paths))
    if not wanted:
        return AppliedMigrations()
    with open_git(root) as opened:
        if opened is None:
            return AppliedMigrations(unknown="no git repository could be read safely")
        repo, top = opened.repo, opened.top
        if opened.has_filter:
            return AppliedMigrations(unknown="the repository configures a content filter")
        try:
            prefix = root.resolve().relative_to(top).as_posix()
            lead = "" if prefix == "." else prefix + "/"
            full = {lead + p: p for p in wanted}
            return _answer(repo, full, lead, root_is_top=prefix == ".", age_days=age_days)
        except Exception as exc:  # noqa: BLE001 - git facts are optional; the findings keep full severity
            return AppliedMigrations(unknown=f"git could not be asked ({exc.__class__.__name__})")


def _lines(text: str) -> list[str]:
    return [p for p in text.split("\0") if p]


def _answer(repo: object, full: dict[str, str], lead: str, *, root_is_top: bool, age_days: int) -> AppliedMigrations:
    git = repo.git  # type: ignore[attr-defined]
    specs = ["--", *full]
    tracked = set(_lines(git.ls_files("-z", "--full-name", *specs, kill_after_timeout=GIT_TIMEOUT)))
    # changed in the working tree or the index: pending, whatever history says
    changed = set(
        _lines(git.diff("HEAD", "--name-only", "-z", *NO_DIFF_PROGRAMS, *specs, kill_after_timeout=GIT_TIMEOUT))
    )
    candidates = [p for p in full if p in tracked and p not in changed]
    applied: dict[str, str] = {}
    release = None
    if root_is_top and candidates:
        tags = git.tag("--merged", "HEAD", "--sort=-creatordate", kill_after_timeout=GIT_TIMEOUT).splitlines()
        release = next((t for t in tags if is_release_tag(t.strip())), None)
        if release is not None:
            at_tag = set(
                _lines(
                    git.ls_tree(
                        "-r", "-z", "--name-only", "--full-name", release, *specs, kill_after_timeout=GIT_TIMEOUT
                    )
                )
            )
            since = set(
                _lines(
                    git.diff(
                        release, "HEAD", "--name-only", "-z", *NO_DIFF_PROGRAMS, *specs, kill_after_timeout=GIT_TIMEOUT
                    )
                )
            )
            for path in candidates:
                if path in at_tag and path not in since:
                    applied[path] = f"in release {release}"
    rest = [p for p in candidates if p not in applied]
    if age_days > 0 and rest:
        latest = git.log("-1", "--format=%ct", "--", lead or ".", kill_after_timeout=GIT_TIMEOUT).strip()
        if latest:
            reference = int(latest)
            last_change = _last_changes(git, rest)
            for path in rest:
                when = last_change.get(path)
                if when is not None and reference - when >= age_days * SECONDS_PER_DAY:
                    days = (reference - when) // SECONDS_PER_DAY
                    applied[path] = f"unchanged for {days} days before the app's latest commit"
    return AppliedMigrations(paths={full[p]: why for p, why in applied.items()}, release=release)


def _last_changes(git: object, paths: list[str]) -> dict[str, int]:
    """Commit time (Unix seconds) of the newest commit that changed each of ``paths`` (full
    repository paths), from one ``git log`` over them."""
    out = git.log(  # type: ignore[attr-defined]
        "-z", "--format=%x01%ct", "--name-only", "--no-renames", "--", *paths, kill_after_timeout=GIT_TIMEOUT
    )
    wanted = set(paths)
    newest: dict[str, int] = {}
    when: int | None = None
    # -z output: "\x01<time>\0\n<path>\0<path>\0\x01<time>\0\n<path>\0..."
    for token in out.split("\0"):
        token = token.removeprefix("\n")
        if token.startswith("\x01"):
            when = int(token[1:])
        elif when is not None and token in wanted and token not in newest:
            newest[token] = when  # git log lists newest first
    return newest
