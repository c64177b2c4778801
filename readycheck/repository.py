"""Facts about the scanned tree: the file inventory, file contents, languages, git metadata.

Read-only by construction: files are opened for reading only, symlinks are never followed,
and git is asked through GitPython with the repository's own configuration neutralised
(no fsmonitor, hooks, pagers or external diff programs; ``GIT_OPTIONAL_LOCKS=0`` so no
index refresh is written). Nothing under the scanned root is written or executed.
"""

from __future__ import annotations

import codecs
import contextlib
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

# Config that a repository's own .git/config could use to run commands, overridden with
# command-line precedence through GIT_CONFIG_COUNT (git >= 2.31).
_GIT_OVERRIDES = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.untrackedCache", "false"),
    ("diff.external", ""),
    ("protocol.ext.allow", "never"),
    ("core.sshCommand", "false"),
)


def safe_git_environment() -> dict[str, str]:
    """Environment variables that make git read-only and inert on an untrusted repository.

    Returns:
        A mapping to add to the environment of every git process.
    """
    env = {
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_CONFIG_COUNT": str(len(_GIT_OVERRIDES)),
    }
    for index, (key, value) in enumerate(_GIT_OVERRIDES):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


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
            policy_spec=pathspec.GitIgnoreSpec.from_lines(list(exclude)),
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
        gitignore = directory / ".gitignore"
        if gitignore.is_file() and not gitignore.is_symlink():
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
                specs = [*specs, (rel_dir, pathspec.GitIgnoreSpec.from_lines(lines))]
            except OSError:
                pass
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield SkippedFile(
                path=_display(rel_dir) or ".",
                reason=SkipReason.UNREADABLE,
                detail=f"folder cannot be listed ({exc.strerror or exc.__class__.__name__})",
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
            except OSError as exc:
                yield SkippedFile(path=shown, reason=SkipReason.UNREADABLE, detail=exc.strerror)
                continue
            is_dir = stat.S_ISDIR(mode)
            if Path(entry.path) in self.extra_excluded:
                self.excluded += 1
                continue
            if is_dir and (
                entry.name in DEFAULT_EXCLUDED_DIRS
                or entry.name.endswith(".egg-info")
                or (Path(entry.path) / "pyvenv.cfg").is_file()
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


@contextlib.contextmanager
def open_git(root: Path) -> Iterator[tuple[Any, Path] | None]:
    """The git repository containing ``root`` as ``(git.Repo, top folder)``, its commands run
    with :func:`safe_git_environment`; None when there is none or GitPython or git is missing.
    Closed on exit."""
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency; git may be missing
        yield None
        return
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, OSError):
        yield None
        return
    try:
        repo.git.update_environment(**safe_git_environment())
        yield repo, Path(repo.working_tree_dir or root).resolve()
    finally:
        repo.close()


def tracked_paths(root: Path) -> frozenset[str] | None:
    """Paths (relative to ``root``, POSIX) of the files git tracks under ``root``.

    ``git ls-files`` runs with :func:`safe_git_environment`; paths come back as git stores them
    (``-z``, so no quoting). Returns None when ``root`` is not in a git repository or git
    cannot be asked; never raises.
    """
    with open_git(root) as opened:
        if opened is None:
            return None
        repo, top = opened
        try:
            prefix = root.relative_to(top).as_posix()
            listed = repo.git.ls_files("-z", "--full-name", "--", prefix if prefix != "." else ".")
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
        repo, top = opened
        import git

        try:
            full = {(root / p).relative_to(top).as_posix(): p for p in wanted}
            # one path per line; a quoted unusual name does not match and counts as not ignored
            out = repo.git.check_ignore("--no-index", "--", *full)
        except git.GitCommandError as exc:
            return set() if exc.status == 1 else None  # status 1: none of them is ignored
        except Exception:  # noqa: BLE001 - optional fact
            return None
        return {full[p] for p in out.splitlines() if p in full}


def read_git_facts(root: Path, display_path: str) -> Target:
    """Commit, branch and dirty state of the git repository containing ``root``.

    Returns a Target with only ``path`` set when there is no repository or git cannot be
    asked (missing git, unsafe ownership, corrupt repository); never raises.
    """
    with open_git(root) as opened:
        if opened is None:
            return Target(path=display_path)
        repo, _top = opened
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
            try:
                dirty: bool | None = repo.is_dirty(untracked_files=False) if commit else None
            except (git.GitCommandError, OSError):
                dirty = None
            return Target(path=display_path, commit=commit, branch=branch, dirty=dirty)
        except Exception:  # noqa: BLE001 - git facts are optional; a broken repository must not stop the scan
            return Target(path=display_path)
