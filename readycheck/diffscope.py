"""Diff-aware gating: the lines a change touched since a base revision.

``readycheck scan --diff BASE_REF`` asks git (through GitPython, with the read-only, inert
environment of :func:`readycheck.safegit.safe_git_environment`) for
``git diff --unified=0 BASE_REF`` of the working tree, plus files git does not track yet, and
gates only on findings on those lines. The unified diff format is git's own
(https://git-scm.com/docs/diff-format): ``+++ b/<path>`` names the file, and each hunk
header ``@@ -a,b +c,d @@`` gives the new lines ``c`` to ``c+d-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from readycheck.errors import UsageError
from readycheck.safegit import GIT_TIMEOUT, PATCH_FLAGS, open_git


@dataclass(frozen=True, kw_only=True)
class ChangedLines:
    """Lines changed since ``base``: repo-relative path (relative to the scanned folder) →
    1-based line numbers; ``whole`` holds new files, every line of which counts."""

    base: str
    lines: dict[str, frozenset[int]]
    whole: frozenset[str]

    def touches(self, path: str | None, line: int | None) -> bool:
        """True when ``path:line`` is part of the change (a new file counts whole)."""
        if path is None:
            return False
        if path in self.whole:
            return True
        return line is not None and line in self.lines.get(path, frozenset())


def hunk_new_lines(header: str) -> tuple[int, int] | None:
    """``(first line, line count)`` of the new side of a hunk header ``@@ -a,b +c,d @@``
    (``d`` is 1 when left out); None when the header is malformed."""
    new_side = header.split("+", 1)[1].split(" ", 1)[0] if "+" in header else ""
    start_text, _, count_text = new_side.partition(",")
    if not start_text.isdigit():
        return None
    return int(start_text), int(count_text) if count_text.isdigit() else 1


def parse_unified_zero(diff: str) -> tuple[dict[str, set[int]], set[str]]:
    """Changed new-side lines per path, and new files, from ``git diff --unified=0`` text."""
    lines: dict[str, set[int]] = {}
    new_files: set[str] = set()
    current: str | None = None
    previous = ""
    for raw in diff.splitlines():
        if raw.startswith("+++ "):
            target = raw[4:].strip()
            current = None if target == "/dev/null" else target.removeprefix("b/")
            if current is not None and previous.startswith("--- ") and previous[4:].strip() == "/dev/null":
                new_files.add(current)
        elif raw.startswith("@@") and current is not None:
            hunk = hunk_new_lines(raw)
            if hunk is not None:
                start, count = hunk
                lines.setdefault(current, set()).update(range(start, start + count))
        previous = raw
    return lines, new_files


def changed_lines(root: Path, base: str) -> ChangedLines:
    """The lines of the working tree at ``root`` changed since ``base``.

    Raises:
        UsageError: ``root`` is not in a git repository, or ``base`` is not a revision.
    """
    import git

    with open_git(root) as opened:
        if opened is None:
            raise UsageError(f"--diff needs a git repository: {root} is not in one")
        repo, top = opened.repo, opened.top
        try:
            diff = repo.git.diff(
                base,
                *PATCH_FLAGS,
                "--",
                ".",
                kill_after_timeout=GIT_TIMEOUT,
            )
            untracked = repo.git.ls_files("--others", "--exclude-standard", kill_after_timeout=GIT_TIMEOUT).splitlines()
        except git.GitCommandError as exc:
            raise UsageError(f"--diff {base!r} is not a revision git knows", hint="fetch it first") from exc
    by_top, new_files = parse_unified_zero(diff)
    new_files.update(untracked)
    scanned = root.resolve()
    prefix = scanned.relative_to(top).as_posix() if scanned != top else ""

    def local(path: str) -> str | None:
        if not prefix:
            return path
        pure = PurePosixPath(path)
        return pure.relative_to(prefix).as_posix() if pure.is_relative_to(prefix) else None

    lines = {p: frozenset(v) for k, v in by_top.items() if (p := local(k)) is not None}
    whole = frozenset(p for k in new_files if (p := local(k)) is not None)
    return ChangedLines(base=base, lines=lines, whole=whole)
