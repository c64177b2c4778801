"""A byte-for-byte, mtime-for-mtime picture of a folder, to prove a scan changed nothing."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every path under ``root`` (``.git`` included, symlinks not followed) mapped to
    ``(content sha256 | link target | kind, mode, mtime in ns)``. Unreadable files and folders
    are recorded by their metadata alone; FIFOs and sockets are never opened."""
    state: dict[str, tuple[str, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda _e: None):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = os.path.relpath(path, root)
            try:
                info = path.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                kind = "link:" + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                kind = _digest(path, info.st_size)
            else:
                kind = "dir" if stat.S_ISDIR(info.st_mode) else "special"
            state[rel] = (kind, info.st_mode, info.st_mtime_ns)
    return state


# Files larger than this are pictured by their first and last MiB and their size (a sparse
# file of gigabytes in a hazard tree would otherwise be read whole).
_WHOLE = 64 * 1024 * 1024


def _digest(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            if size <= _WHOLE:
                digest.update(handle.read())
            else:
                digest.update(handle.read(1 << 20))
                handle.seek(size - (1 << 20))
                digest.update(handle.read())
                digest.update(str(size).encode())
    except OSError:
        return "unreadable"
    return digest.hexdigest()
