"""A hypothesis strategy for hazardous repository trees (issue 21): what an unreviewed,
agent-written or hostile repository can hold. :func:`hazardous_tree` draws a list of
:class:`Entry` and :func:`materialise` writes it under a folder."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

# A secret value planted in some trees; no report may show it in clear. Built at run time so
# that this file itself holds no secret-looking literal.
SECRET = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dcQz"

_SOURCE_NAMES = ("app.py", "main.py", "server.js", "index.ts", "page.tsx", "schema.sql", "worker.mjs")

_BOMBS = {
    "python-nesting": b"x = " + b"-" * 200_000 + b"1\n",
    "python-parens": b"x = " + b"(" * 5_000 + b"1" + b")" * 5_000 + b"\n",
    "python-syntax": b"def broken(:\n    return\n",
    "python-null": b"import os\x00\nx = 1\n",
    "js-nesting": b"const a = " + b"[" * 100_000 + b"]" * 100_000 + b";\n",
    "js-syntax": b"app.get('/x', (req, res) => { res.send( });\n",
    "ts-generic": b"type T = " + b"Array<" * 20_000 + b"string" + b">" * 20_000 + b";\n",
    "sql-nesting": b"SELECT " + b"(" * 20_000 + b"1" + b")" * 20_000 + b";\n",
    "sql-garbage": b"CREATE TABLE (((;; DROP\n",
    "json-nesting": b"[" * 200_000 + b"]" * 200_000,
    "yaml-aliases": b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    "yaml-broken": b"key: [unclosed\n  - : :\n",
    "toml-broken": b"[tool.readycheck\nexclude = [\n",
    "invalid-utf8": b"x = '\xff\xfe\xc3\x28'\n",
    "binary": bytes(range(256)) * 8,
    "utf16": "x = 'h\u00e9llo'\n".encode("utf-16"),
    "long-line": b"x = '" + b"a" * 3_000_000 + b"'\n",
    "secret-py": f'STRIPE_SECRET_KEY = "{SECRET}"\n'.encode(),
    "secret-env": f"STRIPE_SECRET_KEY={SECRET}\n".encode(),
    "fastapi": b"from fastapi import FastAPI\napp = FastAPI()\n@app.delete('/items/{item_id}')\n"
    b"def delete(item_id: int, db=None):\n    db.query(Item).filter(Item.id == item_id).delete()\n",
    "express": b"const app = require('express')();\napp.delete('/users/:id', async (req, res) => {\n"
    b"  await User.findByIdAndDelete(req.params.id); res.sendStatus(204);\n});\n",
}

_POLICY_FILES = {
    ".readycheck.yml": ("yaml-broken", "yaml-aliases", "invalid-utf8", "binary"),
    "pyproject.toml": ("toml-broken", "invalid-utf8", "binary"),
    "package.json": ("json-nesting", "js-syntax", "invalid-utf8"),
    ".gitignore": ("gitignore-bad",),
    "requirements.txt": ("invalid-utf8", "long-line"),
}

_NAMES = st.sampled_from(
    [
        "-rf",
        "--help",
        "a\nb.py",
        "spaces in name.js",
        "\u202eevil.py",
        "...",
        "x" * 250 + ".py",
        "back\\slash.ts",
        "$(touch pwned).py",
        "`id`.sh",
        "CON",
        ".env",
        "README.md",
    ]
)


@dataclass(frozen=True)
class Entry:
    """One thing to create: ``kind`` (file, bytes-name, fifo, socket, symlink, unreadable,
    deep, sparse, git) at ``path`` (relative, POSIX) with ``payload`` (content key or target)."""

    kind: str
    path: str
    payload: str = ""


def _folder() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "src/", "app/api/", "tests/fixtures/", "supabase/migrations/", "node_modules/x/"])


@st.composite
def _entry(draw: st.DrawFn) -> Entry:
    kind = draw(
        st.sampled_from(
            [
                "source",
                "source",
                "source",
                "policy",
                "name",
                "bytes-name",
                "fifo",
                "socket",
                "symlink",
                "unreadable",
                "deep",
                "sparse",
            ]
        )
    )
    folder = draw(_folder())
    if kind == "source":
        return Entry("file", folder + draw(st.sampled_from(_SOURCE_NAMES)), draw(st.sampled_from(sorted(_BOMBS))))
    if kind == "policy":
        name = draw(st.sampled_from(sorted(_POLICY_FILES)))
        return Entry(
            "file", folder + name if name != ".readycheck.yml" else name, draw(st.sampled_from(_POLICY_FILES[name]))
        )
    if kind == "name":
        return Entry("file", folder + draw(_NAMES), draw(st.sampled_from(["secret-py", "python-syntax", "express"])))
    if kind == "symlink":
        target = draw(st.sampled_from(["/etc/passwd", "/", "../../..", "loop-b", "self", "app.py", "/proc/self/fd/0"]))
        return Entry("symlink", folder + draw(st.sampled_from(["link.py", "loop-a", "self", "escape"])), target)
    if kind == "deep":
        return Entry("deep", folder + "deep", str(draw(st.sampled_from([50, 210, 400]))))
    return Entry(kind, folder + draw(st.sampled_from(["thing.py", "data.json", "pipe.sql"])))


def hazardous_tree() -> st.SearchStrategy[list[Entry]]:
    """Between 1 and 12 hazards, sometimes inside a git repository with broken objects."""
    return st.tuples(st.lists(_entry(), min_size=1, max_size=12), st.sampled_from(["none", "ok", "broken"])).map(
        lambda pair: [*pair[0], *([Entry("git", "", pair[1])] if pair[1] != "none" else [])]
    )


def materialise(root: Path, entries: list[Entry]) -> list[Path]:
    """Create ``entries`` under ``root``; returns paths made unreadable (to restore for
    cleanup). Entries that the OS refuses (a name too long, a socket path over 108 bytes)
    are left out."""
    locked: list[Path] = []
    root.mkdir(parents=True, exist_ok=True)
    git_mode = next((e.payload for e in entries if e.kind == "git"), None)
    for entry in entries:
        if entry.kind == "git":
            continue
        path = root / entry.path
        if os.path.lexists(path):
            continue  # first entry at a path wins (writing into a FIFO made earlier would block)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _create(root, path, entry, locked)
        except OSError:
            continue
    if git_mode is not None:
        _make_git(root, broken=git_mode == "broken")
    return locked


def _create(root: Path, path: Path, entry: Entry, locked: list[Path]) -> None:
    if entry.kind == "file":
        if entry.payload == "gitignore-bad":
            path.write_bytes(b"[z-a]\n*.log\n!\n\\\n**/[\n")
        else:
            path.write_bytes(_BOMBS[entry.payload])
    elif entry.kind == "bytes-name":
        os.close(
            os.open(os.fsencode(path.parent) + b"/\xff\xfe-" + os.fsencode(path.name), os.O_CREAT | os.O_WRONLY, 0o644)
        )
    elif entry.kind == "fifo":
        os.mkfifo(path)
    elif entry.kind == "socket":
        here = os.getcwd()
        os.chdir(path.parent)  # socket paths are limited to 108 bytes: bind a relative name
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(path.name)
        finally:
            os.chdir(here)
    elif entry.kind == "symlink":
        target = path.name if entry.payload == "self" else entry.payload
        os.symlink(target, path)
        if entry.payload == "loop-b" and not os.path.lexists(path.parent / "loop-b"):
            os.symlink(path.name, path.parent / "loop-b")
    elif entry.kind == "unreadable":
        path.write_text("SECRET = 1\n", encoding="utf-8")
        path.chmod(0)
        locked.append(path)
    elif entry.kind == "deep":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            for _ in range(int(entry.payload)):
                with contextlib.suppress(FileExistsError):
                    os.mkdir("dd", dir_fd=fd)
                inner = os.open("dd", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = inner
            out = os.open("deep.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(out, _BOMBS["secret-py"])
            os.close(out)
        finally:
            os.close(fd)
    elif entry.kind == "sparse":
        with path.open("wb") as handle:
            handle.truncate(100 * 1024 * 1024)  # 100 MiB of holes: no disk, past every size limit


def _make_git(root: Path, *, broken: bool) -> None:
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run([*git, "init", "-q"], check=True, capture_output=True, env=env)
    subprocess.run([*git, "add", "-A"], check=False, capture_output=True, env=env)
    subprocess.run([*git, "commit", "-qm", "init", "--allow-empty"], check=False, capture_output=True, env=env)
    if broken:
        objects = root / ".git" / "objects"
        for folder in sorted(objects.iterdir()):
            if len(folder.name) == 2:
                for obj in folder.iterdir():
                    obj.chmod(stat.S_IWUSR | stat.S_IRUSR)
                    obj.write_bytes(b"not a zlib stream")
        (root / ".git" / "packed-refs").write_bytes(b"\xff garbage\n")
