"""Benchmark of the git history secret scan (RC106).

Builds a repository of ``--commits`` commits (default 2,000) from the text files of a real
source tree given by path (for example a clone of juice-shop or mealie): the first commit
imports part of the tree, and every later commit edits a few files by adding and replacing
lines taken from elsewhere in the tree, the way day-to-day commits do. Three fake secrets are
committed early and removed later, so the run must find exactly those. Then it times
``readycheck scan --select RC106`` on it, and the history read alone.

    python benchmarks/history_bench.py /tmp/real-juice-shop+juice-shop --commits 2000

The repository is built with ``git fast-import`` in a temporary folder (or ``--keep DIR``).
Target (issue 7): under 30 s for 2,000 commits on the 2-core CI machine.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUFFIXES = {".py", ".ts", ".tsx", ".js", ".jsx", ".json", ".yml", ".yaml", ".md", ".html", ".css", ".sql", ".sh"}
SKIP_DIRS = {".git", "node_modules", "dist", "build", ".venv", "vendor", "frontend/dist"}
# Obviously fake values in well-known formats (never real keys).
PLANTED = (
    ("config/settings.py", 'STRIPE_SECRET_KEY = "sk_live_51BenchHistory00000000000000FAKE"'),
    ("server/.env", "OPENAI_API_KEY=sk-proj-BENCHhistoryFAKE000000000000000000000000000000000000"),
    ("src/lib/aws.ts", 'const accessKeyId = "AKIAZZZZBENCHFAKE123";'),
)


def corpus(source: Path, limit: int = 4000) -> dict[str, list[str]]:
    """Up to ``limit`` text files of ``source`` (relative path → lines)."""
    files: dict[str, list[str]] = {}
    for path in sorted(source.rglob("*")):
        if len(files) >= limit:
            break
        rel = path.relative_to(source)
        if any(part in SKIP_DIRS for part in rel.parts) or path.suffix not in SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if 0 < len(text) < 200_000:
            files[rel.as_posix()] = text.splitlines()
    return files


def _blob(out: list[bytes], path: str, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode()
    out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")


def build(repo: Path, source: Path, commits: int, seed: int = 7) -> None:
    """Create ``repo`` with ``commits`` commits drawn from ``source`` (see module docstring)."""
    rng = random.Random(seed)
    files = corpus(source)
    if not files:
        raise SystemExit(f"no text files under {source}")
    pool = [line for lines in files.values() for line in lines if line.strip()]
    names = sorted(files)
    state = {name: list(files[name]) for name in names[: max(1, len(names) // 2)]}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    out: list[bytes] = []
    when = 1_600_000_000
    for number in range(1, commits + 1):
        message = f"commit {number}".encode()
        out.append(
            b"commit refs/heads/main\n"
            + f"mark :{number}\ncommitter Bench <bench@example.invalid> {when + number * 3600} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
        )
        if number > 1:
            out.append(f"from :{number - 1}\n".encode())
        if number == 1:
            for name, lines in state.items():
                _blob(out, name, lines)
            continue
        if number in (5, 9, 13):
            path, line = PLANTED[(number - 5) // 4]
            state[path] = ["# planted by the benchmark", line]
            _blob(out, path, state[path])
        elif number in (400, 800, 1200):
            path = PLANTED[(number - 400) // 400][0]
            state[path] = ["# secret moved to the environment"]
            _blob(out, path, state[path])
        for _ in range(3):
            name = rng.choice(names)
            lines = state.setdefault(name, list(files[name]))
            at = rng.randrange(len(lines) + 1)
            # each commit's lines differ from every other version (a later commit rewrites them),
            # so none is skipped as "still in the files": the worst case for the scan
            added = [f"{rng.choice(pool)} r{number}" for _ in range(rng.randint(3, 25))]
            removed = rng.randint(0, 5)
            lines[at : at + removed] = added
            _blob(out, name, lines)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a source tree whose text files feed the commits")
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    from readycheck.analysis.githistory import read_history
    from readycheck.engine import ScanOptions, scan

    with tempfile.TemporaryDirectory() as tmp:
        repo = args.keep or Path(tmp) / "history-bench"
        started = time.perf_counter()
        build(repo, args.source, args.commits)
        print(f"built {args.commits} commits in {time.perf_counter() - started:.1f} s: {repo}")
        started = time.perf_counter()
        history = read_history(repo, max_commits=args.commits)
        assert history is not None
        print(
            f"history read: {history.commits} commits, {len(history.lines)} distinct added lines, "
            f"{time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        result = scan(repo, ScanOptions(select=["RC106"], history_commits=args.commits))
        seconds = time.perf_counter() - started
        found = sorted((f.location.path or "", f.message.split(" (")[0]) for f in result.findings)
        print(f"scan --select RC106: {seconds:.1f} s wall, {len(found)} findings")
        for path, kind in found:
            print(f"  {path}: {kind}")
        planted = {path for path, _ in PLANTED}
        missing = planted - {path for path, _ in found}
        if missing:
            print(f"MISSED planted secrets in: {sorted(missing)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
