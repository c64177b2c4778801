"""Facts about the scanned tree: the file inventory, file contents, languages, git metadata.

Read-only by construction: files are opened for reading only, symlinks are never followed,
and git is asked only through :mod:`readycheck.safegit`, which neutralises every program the
repository's own configuration names and writes nothing. Nothing under the scanned root is
written or executed.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import pathspec

from readycheck.errors import UsageError
from readycheck.model import SkippedFile, SkipReason, Target
from readycheck.safegit import GIT_TIMEOUT, NO_DIFF_PROGRAMS, open_git

# Folders of vendored, generated or tool-owned content that no check reads.
DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".eggs",
        "site-packages",
        "dist",
        "build",
        "out",
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".turbo",
        ".vercel",
        ".netlify",
        ".output",
        ".parcel-cache",
        ".cache",
        ".expo",
        "coverage",
        "htmlcov",
        ".terraform",
        ".gradle",
        ".idea",
        "Pods",
        "DerivedData",
    }
)
DEFAULT_EXCLUDED_SUFFIXES = (".min.js", ".min.css", ".min.mjs", ".bundle.js", ".js.map", ".css.map")

LOCKFILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "poetry.lock",
        "Pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "Cargo.lock",
        "composer.lock",
        "Gemfile.lock",
        "go.sum",
        "packages.lock.json",
        "flake.lock",
    }
)

# Folders nested deeper than this are recorded as not listed (past it, paths approach the OS
# limit of 4096 bytes and the walk's recursion Python's limit).
MAX_DEPTH = 200

# Lockfiles are read up to this size (bytes) whatever ``limits.max-file-bytes`` says.
LOCKFILE_MAX_BYTES = 64 * 1024 * 1024

BINARY_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".heic",
        ".psd",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".7z",
        ".rar",
        ".jar",
        ".war",
        ".class",
        ".so",
        ".dylib",
        ".dll",
        ".exe",
        ".bin",
        ".o",
        ".a",
        ".pyc",
        ".pyo",
        ".whl",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".m4a",
        ".mov",
        ".avi",
        ".wav",
        ".ogg",
        ".flac",
        ".webm",
        ".sqlite",
        ".sqlite3",
        ".db",
        ".lockb",
        ".wasm",
        ".pkl",
        ".npy",
        ".parquet",
        ".onnx",
        ".pt",
    }
)

LANGUAGE_BY_SUFFIX = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".sql": "sql",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sh": "shell",
    ".bash": "shell",
    ".ini": "ini",
    ".cfg": "ini",
    ".txt": "text",
    ".go": "go",
    ".rb": "ruby",
    ".java": "java",
    ".kt": "kotlin",
    ".php": "php",
    ".rs": "rust",
    ".css": "css",
    ".vue": "vue",
    ".svelte": "svelte",
    ".prisma": "prisma",
    ".tf": "terraform",
    ".xml": "xml",
    ".properties": "properties",
}
LANGUAGE_BY_NAME = {
    "Dockerfile": "dockerfile",
    "Procfile": "procfile",
    "Makefile": "makefile",
    "requirements.txt": "requirements",
    "Pipfile": "toml",
}

_NUL_WINDOW = 8192


@dataclass(frozen=True, kw_only=True)
class SourceFile:
    """One readable text file of the tree.

    ``path`` is repo-relative POSIX; ``text`` is the decoded content (UTF-8, or UTF-16 with a
    byte-order mark); ``size`` is in bytes. ``lockfile`` marks dependency lock files, which
    code checks leave out.
    """

    path: str
    abspath: Path
    language: str
    size: int
    text: str
    lockfile: bool = False

    @cached_property
    def lines(self) -> list[str]:
        """The lines of ``text`` without line endings; ``lines[0]`` is line 1."""
        return self.text.splitlines()

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its ending, or ``""`` past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


@dataclass(kw_only=True)
class Repository:
    """The scanned tree: readable files, skipped files with reasons, and git facts.

    Build it with :meth:`Repository.scan`. ``files`` are sorted by path.
    """

    root: Path
    display_path: str
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    excluded_count: int = 0
    target: Target | None = None
    tracked: frozenset[str] | None = None
    _by_path: dict[str, SourceFile] = field(default_factory=dict, repr=False)

    @classmethod
    def scan(
        cls,
        path: str | Path,
        *,
        exclude: Iterable[str] = (),
        max_file_bytes: int = 2 * 1024 * 1024,
        extra_excluded_paths: Iterable[Path] = (),
        read_git: bool = True,
    ) -> Repository:
        """Inventory the tree at ``path``.

        Args:
            path: the folder to scan.
            exclude: gitignore-style patterns (policy excludes), relative to the root.
            max_file_bytes: files larger than this (bytes) are skipped as too large.
            extra_excluded_paths: absolute paths to leave out (e.g. the report folder when it
                lies inside the scanned tree).
            read_git: read commit, branch, dirty state and the tracked files when the tree is in
                a git repository. A file git tracks is read even when ``.gitignore`` matches it
                (ignoring does not untrack: a committed ``.env`` listed in ``.gitignore`` later
                is still in every clone).

        Raises:
            UsageError: ``path`` does not exist or is not a folder.
        """
        given = Path(path)
        if not given.exists():
            raise UsageError(f"path does not exist: {given}", hint="give the folder to scan")
        if not given.is_dir():
            raise UsageError(f"not a folder: {given}", hint="readycheck scans a repository folder, not a file")
        root = given.resolve()
        repo = cls(root=root, display_path=str(path))
        repo.tracked = tracked_paths(root) if read_git else None
        walker = _Walker(
            root=root,
            policy_spec=compile_patterns(exclude)[0],  # validated with the policy
            max_file_bytes=max_file_bytes,
            extra_excluded={p.resolve() for p in extra_excluded_paths},
            tracked=repo.tracked or frozenset(),
        )
        for item in walker.walk():
            if isinstance(item, SkippedFile):
                repo.skipped.append(item)
            else:
                repo.files.append(item)
        repo.excluded_count = walker.excluded
        repo.files.sort(key=lambda f: f.path)
        repo.skipped.sort(key=lambda s: s.path)
        repo._by_path = {f.path: f for f in repo.files}
        repo.target = read_git_facts(root, str(path)) if read_git else Target(path=str(path))
        return repo

    def get(self, path: str) -> SourceFile | None:
        """The readable file at repo-relative ``path``, or None."""
        return self._by_path.get(path)

    def code_files(self, *languages: str) -> Iterator[SourceFile]:
        """Readable files that are not lockfiles, optionally only of ``languages``."""
        for source in self.files:
            if source.lockfile:
                continue
            if languages and source.language not in languages:
                continue
            yield source


@dataclass(kw_only=True)
class _Walker:
    root: Path
    policy_spec: pathspec.GitIgnoreSpec
    max_file_bytes: int
    extra_excluded: set[Path]
    tracked: frozenset[str] = frozenset()
    excluded: int = 0
    _tracked_dirs: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._tracked_dirs = {parent.as_posix() for path in self.tracked for parent in PurePosixPath(path).parents}

    def walk(self) -> Iterator[SourceFile | SkippedFile]:
        yield from self._walk_dir(self.root, PurePosixPath(), [])

    def _ignored(
        self, rel: PurePosixPath, is_dir: bool, specs: list[tuple[PurePosixPath, pathspec.GitIgnoreSpec]]
    ) -> bool:
        text = rel.as_posix() + ("/" if is_dir else "")
        if self.policy_spec.match_file(text):
            return True
        ignored = False
        for base, spec in specs:  # outermost first; a deeper .gitignore decides last
            sub = rel.relative_to(base).as_posix() + ("/" if is_dir else "")
            decision = spec.check_file(sub).include
            if decision is not None:
                ignored = decision
        if ignored and self.tracked:  # git never ignores what it tracks
            return rel.as_posix() not in (self._tracked_dirs if is_dir else self.tracked)
        return ignored

    def _walk_dir(
        self,
        directory: Path,
        rel_dir: PurePosixPath,
        specs: list[tuple[PurePosixPath, pathspec.GitIgnoreSpec]],
    ) -> Iterator[SourceFile | SkippedFile]:
        if len(rel_dir.parts) > MAX_DEPTH:
            yield SkippedFile(
                path=_display(rel_dir),
                reason=SkipReason.UNREADABLE,
                detail=f"folder nested more than {MAX_DEPTH} levels deep; not listed",
            )
            return
        gitignore = directory / ".gitignore"
        if _is_regular_file(gitignore):
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except (OSError, ValueError):
                lines = []
            spec, invalid = compile_patterns(lines)
            specs = [*specs, (rel_dir, spec)]
            for number, pattern, reason in invalid:
                yield SkippedFile(
                    path=_display(rel_dir / ".gitignore"),
                    reason=SkipReason.INVALID_PATTERN,
                    detail=f"line {number} {pattern[:80]!r} is not a valid pattern ({reason}); it matches nothing",
                )
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except (OSError, ValueError) as exc:
            yield SkippedFile(
                path=_display(rel_dir) or ".",
                reason=SkipReason.UNREADABLE,
                detail=f"folder cannot be listed ({_os_reason(exc)})",
            )
            return
        for entry in entries:
            rel = rel_dir / entry.name
            shown = _display(rel)
            if not _encodable(entry.name):
                yield SkippedFile(path=shown, reason=SkipReason.UNDECODABLE, detail="file name is not valid UTF-8")
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except (OSError, ValueError) as exc:
                yield SkippedFile(path=shown, reason=SkipReason.UNREADABLE, detail=_os_reason(exc))
                continue
            is_dir = stat.S_ISDIR(mode)
            if Path(entry.path) in self.extra_excluded:
                self.excluded += 1
                continue
            if is_dir and (
                entry.name in DEFAULT_EXCLUDED_DIRS
                or entry.name.endswith(".egg-info")
                or _is_regular_file(Path(entry.path) / "pyvenv.cfg")
            ):
                self.excluded += 1
                continue
            if self._ignored(rel, is_dir, specs):
                self.excluded += 1
                continue
            if stat.S_ISLNK(mode):
                yield self._symlink(entry, shown)
            elif is_dir:
                yield from self._walk_dir(Path(entry.path), rel, specs)
            elif stat.S_ISREG(mode):
                if entry.name.endswith(DEFAULT_EXCLUDED_SUFFIXES):
                    self.excluded += 1
                    continue
                yield self._read(Path(entry.path), shown, entry.name)
            else:
                yield SkippedFile(path=shown, reason=SkipReason.NOT_A_REGULAR_FILE)

    def _symlink(self, entry: os.DirEntry[str], shown: str) -> SkippedFile:
        try:
            target = Path(entry.path).resolve()
        except (OSError, RuntimeError):
            return SkippedFile(path=shown, reason=SkipReason.SYMLINK_OUT_OF_TREE, detail="link cannot be resolved")
        if target != self.root and self.root not in target.parents:
            return SkippedFile(
                path=shown, reason=SkipReason.SYMLINK_OUT_OF_TREE, detail="points outside the scanned folder"
            )
        return SkippedFile(
            path=shown, reason=SkipReason.SYMLINK, detail="link inside the tree; its target is scanned on its own"
        )

    def _read(self, abspath: Path, shown: str, name: str) -> SourceFile | SkippedFile:
        suffix = Path(name).suffix.lower()
        if suffix in BINARY_SUFFIXES:
            return SkippedFile(path=shown, reason=SkipReason.BINARY)
        try:
            size = abspath.stat().st_size
            # lockfiles are data the dependency audits read whole; they are often several MB
            limit = max(self.max_file_bytes, LOCKFILE_MAX_BYTES) if name in LOCKFILES else self.max_file_bytes
            if size > limit:
                return SkippedFile(
                    path=shown,
                    reason=SkipReason.TOO_LARGE,
                    detail=f"{size} bytes, limit {limit}",
                )
            with abspath.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            return SkippedFile(path=shown, reason=SkipReason.UNREADABLE, detail=exc.strerror or exc.__class__.__name__)
        text = _decode(data)
        if text is None:
            if b"\x00" in data[:_NUL_WINDOW]:
                return SkippedFile(path=shown, reason=SkipReason.BINARY)
            return SkippedFile(path=shown, reason=SkipReason.UNDECODABLE, detail="not valid UTF-8")
        return SourceFile(
            path=shown,
            abspath=abspath,
            language=language_of(name),
            size=len(data),
            text=text,
            lockfile=name in LOCKFILES,
        )


def compile_patterns(lines: Iterable[str]) -> tuple[pathspec.GitIgnoreSpec, list[tuple[int, str, str]]]:
    """Compile gitignore-style ``lines`` (a ``.gitignore`` of the scanned tree, or the
    repository policy's ``exclude``) without letting one bad line stop the scan.

    Returns:
        ``(spec, invalid)``: the spec of every valid line, and ``(line number, pattern,
        reason)`` for each line pathspec cannot compile (``[z-a]``: a bad character range).
        An invalid line matches nothing, as in git, whose wildmatch fails such a pattern.
    """
    kept: list[str] = []
    invalid: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines, start=1):
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except Exception as exc:  # noqa: BLE001 - re.error, ValueError, pathspec's own errors
            invalid.append((number, line, str(exc).split(" at position")[0][:120] or exc.__class__.__name__))
            continue
        kept.append(line)
    return pathspec.GitIgnoreSpec.from_lines(kept), invalid


def _is_regular_file(path: Path) -> bool:
    """True when ``path`` is a regular file and not a symlink; False for anything that cannot
    be asked (permission denied, a name too long for the OS), which the walk records itself."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _os_reason(exc: BaseException) -> str:
    """A one-line reason for an OS error, without the path (which may be thousands of bytes):
    ``Permission denied``, ``File name too long``."""
    return getattr(exc, "strerror", None) or exc.__class__.__name__


def _decode(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; None for anything else,
    including text with NUL bytes (binary)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:_NUL_WINDOW]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _encodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display(rel: PurePosixPath) -> str:
    text = rel.as_posix()
    if text == ".":
        return ""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_TEST_DIRS = frozenset(
    {"test", "tests", "__tests__", "spec", "specs", "fixtures", "__fixtures__", "testdata", "examples", "e2e"}
)


def is_test_path(path: str) -> bool:
    """True for files of tests, fixtures and examples: a folder named like ``tests`` or
    ``fixtures``, or a name like ``test_x.py``, ``x_test.py``, ``x.test.ts``, ``x.spec.tsx``."""
    parts = path.lower().split("/")
    name = parts[-1]
    if _TEST_DIRS & set(parts[:-1]):
        return True
    stem = name.rsplit(".", 1)[0]
    return (
        name.startswith("test_")
        or stem.endswith("_test")
        or ".test." in name
        or ".spec." in name
        or name == "conftest.py"
    )


def language_of(name: str) -> str:
    """The language of a file by its name: ``python``, ``typescript``, ``dotenv``, ...;
    ``other`` when unknown."""
    if name in LANGUAGE_BY_NAME:
        return LANGUAGE_BY_NAME[name]
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "dotenv"
    if name.startswith("requirements") and name.endswith(".txt"):
        return "requirements"
    return LANGUAGE_BY_SUFFIX.get(Path(name).suffix.lower(), "other")


def tracked_paths(root: Path) -> frozenset[str] | None:
    """Paths (relative to ``root``, POSIX) of the files git tracks under ``root``.

    ``git ls-files`` runs with :func:`safe_git_environment`; paths come back as git stores them
    (``-z``, so no quoting). Returns None when ``root`` is not in a git repository or git
    cannot be asked; never raises.
    """
    with open_git(root) as opened:
        if opened is None:
            return None
        repo, top = opened.repo, opened.top
        try:
            prefix = root.relative_to(top).as_posix()
            listed = repo.git.ls_files(
                "-z", "--full-name", "--", prefix if prefix != "." else ".", kill_after_timeout=GIT_TIMEOUT
            )
        except Exception:  # noqa: BLE001 - git facts are optional; a broken repository must not stop the scan
            return None
        strip = "" if prefix == "." else prefix + "/"
        return frozenset(p[len(strip) :] for p in listed.split("\0") if p and p.startswith(strip))


def git_ignored(root: Path, paths: Iterable[str]) -> set[str] | None:
    """Which of ``paths`` (relative to ``root``) git ignores, with every ``.gitignore`` up to the
    repository's top and ``.git/info/exclude`` applied (``git check-ignore``, safe environment).
    The tree walk only reads the ``.gitignore`` files under ``root``. Returns None when git
    cannot be asked; never raises."""
    wanted = list(paths)
    if not wanted:
        return set()
    with open_git(root) as opened:
        if opened is None:
            return None
        repo, top = opened.repo, opened.top
        import git

        try:
            full = {(root / p).relative_to(top).as_posix(): p for p in wanted}
            # one path per line; a quoted unusual name does not match and counts as not ignored
            out = repo.git.check_ignore("--no-index", "--", *full, kill_after_timeout=GIT_TIMEOUT)
        except git.GitCommandError as exc:
            return set() if exc.status == 1 else None  # status 1: none of them is ignored
        except Exception:  # noqa: BLE001 - optional fact
            return None
        return {full[p] for p in out.splitlines() if p in full}


def read_git_facts(root: Path, display_path: str) -> Target:
    """Commit, branch and dirty state of the git repository containing ``root``.

    Returns a Target with only ``path`` set when there is no repository or git cannot be
    asked (missing git, unsafe ownership, corrupt repository); never raises. ``dirty`` is
    None (unknown) when the repository configures a content filter.
    """
    with open_git(root) as opened:
        if opened is None:
            return Target(path=display_path)
        repo = opened.repo
        import git

        try:
            try:
                commit: str | None = repo.head.commit.hexsha
            except (ValueError, git.GitCommandError, OSError):
                commit = None  # no commit yet
            try:
                branch: str | None = None if repo.head.is_detached else repo.active_branch.name
            except (TypeError, ValueError, OSError):
                branch = None
            dirty = None
            if commit and not opened.has_filter:  # a content filter would have to run: unknown
                try:
                    dirty = _is_dirty(repo)
                except (git.GitCommandError, OSError):
                    dirty = None
            return Target(path=display_path, commit=commit, branch=branch, dirty=dirty)
        except Exception:  # noqa: BLE001 - git facts are optional; a broken repository must not stop the scan
            return Target(path=display_path)


def _is_dirty(repo: Any) -> bool:
    """Whether tracked files differ from HEAD (staged or not), asked as GitPython's
    ``is_dirty`` does but with external diff and textconv programs off and a timeout."""
    for args in (("--cached",), ()):
        out = repo.git.diff(
            *args,
            "--quiet",
            *NO_DIFF_PROGRAMS,
            "HEAD" if args else "--",
            with_exceptions=False,
            with_extended_output=True,
            kill_after_timeout=GIT_TIMEOUT,
        )
        status = out[0]
        if status == 1:
            return True
        if status != 0:
            raise OSError(f"git diff exited with status {status}")
    return False
