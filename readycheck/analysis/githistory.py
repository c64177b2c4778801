"""Lines added by the commits reachable from HEAD, read from ``git log -p`` (through GitPython,
with :func:`readycheck.safegit.safe_git_environment`: no hooks, fsmonitor, pager, external
diff or text conversion of the scanned repository runs).

One ``git log`` process streams the patches of the newest ``max_commits`` commits (merges
show no patch, which is what we want: a merge adds nothing its parents did not). Each
distinct (path, added line) is kept once, with the oldest commit that added it, so a scan of
thousands of commits reads each line of text once.

Patch format: ``git log --format=%x00%H %ct -p -U0`` prints, per commit, a NUL-led header line,
then per file ``diff --git``, ``+++ b/<path>`` and hunks ``@@ -a,b +c,d @@`` followed by
``+`` lines (https://git-scm.com/docs/git-diff#_combined_diff_format, unified format).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from readycheck.diffscope import hunk_new_lines
from readycheck.repository import (
    BINARY_SUFFIXES,
    DEFAULT_EXCLUDED_DIRS,
    DEFAULT_EXCLUDED_SUFFIXES,
    LOCKFILES,
)
from readycheck.safegit import PATCH_FLAGS, open_git

# Longer added lines are minified or generated content, not something a person typed.
MAX_LINE_CHARS = 4000


@dataclass(frozen=True, kw_only=True)
class AddedLine:
    """One line a commit added: the commit (40 hex), its committer time (Unix seconds), its
    ``age`` (0 for the newest commit read, growing towards older ones: log order, which
    committer times need not follow), the path relative to the scanned folder (POSIX), the
    1-based line in that commit's version of the file, and the text (without the newline)."""

    commit: str
    time: int
    age: int
    path: str
    line: int
    text: str


@dataclass(kw_only=True)
class History:
    """What the history read found: distinct added lines (oldest adding commit kept), how many
    commits were read, whether the commit limit cut the walk short, and a reason when the read
    stopped early (timeout, git error; None when complete)."""

    lines: list[AddedLine] = field(default_factory=list)
    commits: int = 0
    truncated: bool = False
    incomplete: str | None = None
    head: str | None = None


def path_is_scanned(path: str, exclude: pathspec.GitIgnoreSpec | None = None) -> bool:
    """Whether history lines of ``path`` (relative POSIX) are worth scanning: not vendored or
    build output, not a lockfile, binary or minified file, not excluded by policy."""
    pure = PurePosixPath(path)
    if any(part in DEFAULT_EXCLUDED_DIRS for part in pure.parts[:-1]):
        return False
    name = pure.name
    if name in LOCKFILES or name.endswith(DEFAULT_EXCLUDED_SUFFIXES) or pure.suffix.lower() in BINARY_SUFFIXES:
        return False
    return not (exclude is not None and exclude.match_file(path))


def parse_log(
    stream: Iterable[bytes], *, prefix: str = "", exclude: pathspec.GitIgnoreSpec | None = None
) -> Iterator[AddedLine]:
    """Added lines of a ``git log -p -U0 --format=%x00%H %ct`` byte stream, newest commit first.

    Args:
        stream: the output, line by line (bytes, newline kept or not).
        prefix: the scanned folder relative to the repository top (``""`` for the top);
            paths outside it are dropped and the rest made relative to it.
        exclude: policy excludes (gitignore patterns relative to the scanned folder).

    Invalid UTF-8 is replaced; a malformed hunk header skips that hunk.
    """
    commit, when, path, number, age = "", 0, None, 0, -1
    strip = prefix.rstrip("/") + "/" if prefix else ""
    for raw in stream:
        text = raw.decode("utf-8", "replace").rstrip("\n")
        if text.startswith("\0"):
            head, _, stamp = text[1:].partition(" ")
            commit, when, path, age = head, int(stamp) if stamp.isdigit() else 0, None, age + 1
        elif text.startswith("+++ "):
            target = text[4:].strip().strip('"')
            path = None
            if target.startswith("b/"):
                full = target[2:]
                if full.startswith(strip):
                    relative = full[len(strip) :]
                    path = relative if path_is_scanned(relative, exclude) else None
        elif text.startswith("diff --git "):
            path = None
        elif text.startswith("@@ ") and path is not None:
            hunk = hunk_new_lines(text)
            number = hunk[0] if hunk is not None else -1
        elif text.startswith("+") and path is not None and number > 0:
            body = text[1:]
            if len(body) <= MAX_LINE_CHARS and body.strip():
                yield AddedLine(commit=commit, time=when, age=age, path=path, line=number, text=body)
            number += 1


def read_history(
    root: Path,
    *,
    max_commits: int,
    timeout: float = 120.0,
    exclude: pathspec.GitIgnoreSpec | None = None,
) -> History | None:
    """Distinct lines added by the newest ``max_commits`` commits reachable from HEAD that touch
    the scanned folder ``root``.

    Returns:
        The history, or None when ``root`` is not in a git repository (or GitPython/git is
        missing). A git failure or running past ``timeout`` seconds returns what was read with
        ``incomplete`` set. Never raises for repository problems.
    """
    with open_git(root) as opened:
        if opened is None:
            return None
        repo, top = opened.repo, opened.top
        import git

        history = History()
        process = None
        try:
            try:
                history.head = repo.head.commit.hexsha
            except (ValueError, OSError, git.GitCommandError):
                return history  # no commit yet: nothing in history
            prefix = root.relative_to(top).as_posix()
            prefix = "" if prefix == "." else prefix
            process = repo.git.log(
                "HEAD",
                f"--max-count={max_commits + 1}",
                "--format=%x00%H %ct",
                "--patch",
                *PATCH_FLAGS,
                "--",
                prefix or ".",
                as_process=True,
            )
            deadline = time.monotonic() + timeout
            seen: dict[tuple[str, str], AddedLine] = {}
            commits: list[str] = []
            assert process.stdout is not None
            stopped = False
            for added in parse_log(_counting(process.stdout, commits), prefix=prefix, exclude=exclude):
                if len(commits) > max_commits:
                    stopped = True
                    break
                seen[(added.path, added.text)] = added  # newest first: the last one kept is the oldest
                if time.monotonic() > deadline:
                    history.incomplete = f"git history read stopped after {timeout:g} s"
                    stopped = True
                    break
            if not stopped:
                history.incomplete = _exit_problem(process)
            history.truncated = len(commits) > max_commits
            history.commits = min(len(commits), max_commits)
            history.lines = sorted(seen.values(), key=lambda a: (a.path, a.line, a.commit))
            return history
        except Exception as exc:  # noqa: BLE001 - a broken repository must not stop the scan
            history.incomplete = f"git history could not be read ({exc.__class__.__name__})"
            return history
        finally:
            if process is not None:
                _stop(process)


def _counting(stream: Iterable[bytes], commits: list[str]) -> Iterator[bytes]:
    """Pass ``stream`` through, noting each commit header; stops after one commit more than
    wanted has started (the caller compares the count with its limit)."""
    for raw in stream:
        if raw.startswith(b"\0"):
            commits.append(raw[1:41].decode("ascii", "replace"))
        yield raw


def _exit_problem(process: object) -> str | None:
    """None when git exited 0, else a one-line reason from git's own message (git error
    messages name objects and paths, never file contents)."""
    proc = getattr(process, "proc", None)
    if proc is None:
        return None
    code = proc.wait()
    if code == 0:
        return None
    message = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
    detail = next((m for m in message if m.startswith(("fatal:", "error:"))), message[-1] if message else "")
    return f"git log exited with status {code}: {detail[:200]}".rstrip(": ")


def _stop(process: object) -> None:
    """End a GitPython ``AutoInterrupt`` process whose output we no longer read."""
    proc = getattr(process, "proc", None)
    if proc is not None and proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=5) if proc is not None else None
    except Exception:  # noqa: BLE001, S110 - best effort on a killed child
        pass
