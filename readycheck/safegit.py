"""The one door through which readycheck asks git about a scanned repository.

A repository's own configuration can name programs that git then runs: ``.git/config`` (and
files it includes with ``include.path``/``includeIf``) may set ``core.fsmonitor``,
``core.pager``, ``pager.<cmd>``, ``diff.external``, ``diff.<driver>.textconv``/``command``,
``filter.<driver>.clean``/``smudge``/``process`` (selected by the tree's ``.gitattributes``),
``gpg.program`` with ``log.showSignature``, ``core.sshCommand``, ``credential.helper``,
``core.askPass``, ``core.hooksPath`` and hooks. Every git process readycheck starts gets
:func:`safe_git_environment` plus an override for every such key the repository names
(:func:`program_overrides`), passed with command-line precedence through
``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_<n>``/``GIT_CONFIG_VALUE_<n>`` (git >= 2.31, see
git-config(1) "ENVIRONMENT"). System and global configuration are not read
(``GIT_CONFIG_NOSYSTEM``, ``GIT_CONFIG_GLOBAL=/dev/null``), ``GIT_OPTIONAL_LOCKS=0`` keeps
read commands from refreshing and writing ``.git/index`` (git(1) "GIT_OPTIONAL_LOCKS"), and
readycheck only runs commands that run no hooks (``ls-files``, ``check-ignore``, ``log``,
``diff``, ``cat-file``, ``config --list``).

The working tree's dirty state is left unknown when the repository defines a content filter:
comparing files with the index would need the filter's program, and comparing without it
would call every filtered file changed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Keys that name a program, overridden whatever the repository says (value: the override).
# ``false`` for a program key is /bin/false or a shell builtin, never a repository's file.
_FIXED_OVERRIDES = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.untrackedCache", "false"),
    ("core.askPass", ""),
    ("core.sshCommand", "false"),
    ("core.editor", "false"),
    ("core.gitProxy", ""),
    ("sequence.editor", "false"),
    ("diff.external", ""),
    ("credential.helper", ""),
    ("protocol.ext.allow", "never"),
    ("log.showSignature", "false"),
    ("gpg.program", "false"),
    ("gpg.openpgp.program", "false"),
    ("gpg.x509.program", "false"),
    ("gpg.ssh.program", "false"),
    ("gpg.ssh.defaultKeyCommand", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
)

# ``section.<name>.key`` keys that name a program, per section; each one the repository sets
# is overridden with an empty value (git then runs nothing for that driver).
_DRIVER_KEYS = {
    "filter": ("clean", "smudge", "process"),
    "diff": ("textconv", "command"),
    "merge": ("driver",),
}

# Options of every diff or log patch readycheck asks for: no external diff or textconv
# program runs, and a patch is zero-context, uncoloured and without rename detection (the
# form readycheck.diffscope and readycheck.analysis.githistory parse).
NO_DIFF_PROGRAMS = ("--no-ext-diff", "--no-textconv")
PATCH_FLAGS = ("--unified=0", "--no-color", *NO_DIFF_PROGRAMS, "--no-renames")

# Seconds a git command readycheck starts may take before it is killed.
GIT_TIMEOUT = 60.0


def safe_git_environment(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Environment variables that make git read-only and inert on an untrusted repository.

    Args:
        extra: more ``(key, value)`` config overrides (from :func:`program_overrides`).

    Returns:
        A mapping to add to the environment of every git process.
    """
    overrides = (*_FIXED_OVERRIDES, *extra)
    env = {
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_SSH_COMMAND": "false",
        "GIT_CONFIG_COUNT": str(len(overrides)),
    }
    for index, (key, value) in enumerate(overrides):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def program_overrides(config_names: list[str]) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Overrides for the program-naming keys among ``config_names``.

    Args:
        config_names: every key of the repository's effective configuration, as
            ``git config --list --name-only`` prints them (``filter.lfs.clean``; the driver
            name keeps its case, section and key are lower case).

    Returns:
        ``(overrides, has_filter)``: the ``(key, value)`` pairs that disable every filter, diff
        and merge driver program and every ``pager.<cmd>`` the repository sets, and whether it
        defines a content filter (the dirty state is then unknown).
    """
    overrides: list[tuple[str, str]] = []
    has_filter = False
    for name in dict.fromkeys(config_names):
        section, _, rest = name.partition(".")
        section = section.lower()
        if section == "pager" and rest:
            overrides.append((name, "false"))
            continue
        driver, _, key = rest.rpartition(".")
        if driver and key.lower() in _DRIVER_KEYS.get(section, ()):
            overrides.append((name, ""))
            if section == "filter":
                has_filter = True
                overrides.append((f"filter.{driver}.required", "false"))
    return tuple(dict.fromkeys(overrides)), has_filter


# git follows includes at most this deep (config.c MAX_INCLUDE_DEPTH)
_MAX_INCLUDE_DEPTH = 10


def config_files_are_regular(root: Path) -> bool:
    """Whether every configuration file git would read for the repository containing ``root``
    (its ``config``, ``config.worktree`` and each ``include.path``/``includeIf.*.path``,
    followed as git does, ten levels deep) is a regular file or absent. A FIFO, a device or a
    folder there would block or confuse the reader, so git facts are then left unknown.
    Reads the files with GitPython's parser, includes off; never raises."""
    import git

    git_dir = _find_git_dir(root)
    if git_dir is None:
        return True
    pending = [(git_dir / name, 0) for name in ("config", "config.worktree")]
    commondir = git_dir / "commondir"
    if _kind(commondir) == "file":
        try:
            common = (git_dir / commondir.read_text(encoding="utf-8", errors="replace").strip()).resolve()
            pending.append((common / "config", 0))
        except OSError:
            return False
    while pending:
        path, depth = pending.pop()
        kind = _kind(path)
        if kind == "absent":
            continue
        if kind != "file" or depth > _MAX_INCLUDE_DEPTH:
            return False
        try:
            parser = git.GitConfigParser(str(path), read_only=True, merge_includes=False)
            parser.read()
            for section in parser.sections():
                if section == "include" or section.startswith("includeIf"):
                    for value in parser.get_values(section, "path") if parser.has_option(section, "path") else []:
                        target = Path(os.path.expanduser(str(value)))
                        pending.append((target if target.is_absolute() else path.parent / target, depth + 1))
        except Exception:  # noqa: BLE001 - unreadable config: leave git facts unknown
            return False
    return True


def _find_git_dir(root: Path) -> Path | None:
    """The ``.git`` folder for ``root`` (a folder, or the target of a ``gitdir:`` file),
    searched upwards as git does; None when there is none."""
    for folder in (root.resolve(), *root.resolve().parents):
        dot = folder / ".git"
        kind = _kind(dot)
        if kind == "dir":
            return dot
        if kind == "file":
            try:
                line = dot.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if line.startswith("gitdir:"):
                target = Path(line[len("gitdir:") :].strip())
                return target if target.is_absolute() else folder / target
            return None
    return None


def _kind(path: Path) -> str:
    """``file``, ``dir``, ``absent`` or ``other`` for ``path`` (symlinks followed, as git does)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "absent"
    except (OSError, ValueError):
        return "other"
    return "file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "other"


class SafeGit:
    """An opened repository: ``repo`` (a ``git.Repo`` whose commands run with the safe
    environment), ``top`` (its working tree's top folder, resolved) and ``has_filter`` (the
    repository configures a content filter, so the working tree cannot be compared with the
    index without running it)."""

    def __init__(self, repo: Any, top: Path, has_filter: bool) -> None:
        self.repo = repo
        self.top = top
        self.has_filter = has_filter


@contextlib.contextmanager
def open_git(root: Path) -> Iterator[SafeGit | None]:
    """The git repository containing ``root``, its commands run with
    :func:`safe_git_environment` and the overrides of :func:`program_overrides`; None when there
    is none, GitPython or git is missing, or its configuration cannot be listed safely (then no
    other git command runs). Closed on exit; never raises for repository problems."""
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency; git may be missing
        yield None
        return
    if not config_files_are_regular(root):
        yield None  # a config or include that is a FIFO or device would block the reader
        return
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except Exception:  # noqa: BLE001 - a corrupt or hostile repository is "no git facts"
        yield None
        return
    try:
        repo.git.update_environment(**safe_git_environment())
        try:
            listed = repo.git.config("--list", "--name-only", "-z", kill_after_timeout=GIT_TIMEOUT)
        except Exception:  # noqa: BLE001 - unreadable configuration: ask git nothing
            yield None
            return
        names = [entry.split("\n", 1)[0] for entry in listed.split("\0") if entry]
        overrides, has_filter = program_overrides(names)
        repo.git.update_environment(**safe_git_environment(overrides))
        yield SafeGit(repo, Path(repo.working_tree_dir or root).resolve(), has_filter)
    finally:
        repo.close()
