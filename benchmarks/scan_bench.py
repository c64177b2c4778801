"""Time a full readycheck scan of a repository, stage by stage.

Usage: ``python benchmarks/scan_bench.py PATH [--repeat N] [--diff REF] [--by-hand]``. Prints
the inventory time, each check's and tool's own time (from the report's runs), the wall time of
the whole scan, and peak memory (max RSS). ``--by-hand`` also times what a user would run
without readycheck, one after the other on the same tree: ``detect-secrets scan --all-files``,
``bandit -r`` and ``semgrep`` with readycheck's rule pack (offline flags). A benchmark script,
not a timed test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from readycheck.engine import ScanOptions, scan
from readycheck.policy import load_policy
from readycheck.repository import Repository


def main() -> None:
    """Parse arguments, run the scans, print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--diff", default=None, help="a git revision: time a diff-aware (pull request) scan")
    parser.add_argument(
        "--by-hand", action="store_true", help="also time detect-secrets, bandit and semgrep run by hand"
    )
    args = parser.parse_args()
    policy = load_policy(args.path)
    inventory, walls = [], []
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        repo = Repository.scan(args.path, exclude=policy.exclude, max_file_bytes=policy.max_file_bytes)
        inventory.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = scan(args.path, ScanOptions(diff_base=args.diff))
        walls.append(time.perf_counter() - started)
        for run in result.runs:
            runs.setdefault(run.id, []).append(run.seconds)
    lines = sum(len(f.lines) for f in repo.files)
    print(f"repository: {args.path} ({len(repo.files)} files, {lines} lines read, {len(repo.skipped)} skipped)")
    print(f"{'stage':<24}{'median s':>10}{'min s':>10}")
    print(f"{'inventory':<24}{statistics.median(inventory):>10.3f}{min(inventory):>10.3f}")
    for run_id, seconds in sorted(runs.items()):
        print(f"{run_id:<24}{statistics.median(seconds):>10.3f}{min(seconds):>10.3f}")
    print(f"{'whole scan (wall)':<24}{statistics.median(walls):>10.3f}{min(walls):>10.3f}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.by_hand:
        by_hand(args.path.resolve())


def by_hand(root: Path) -> None:
    """Time detect-secrets, bandit and semgrep (readycheck's pack, offline) one after the other,
    as a user would run them by hand on ``root``; prints each and the sum."""
    from readycheck._resources import policies_dir

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    commands = {
        "detect-secrets": [str(bin_dir / "detect-secrets"), "scan", "--all-files"],
        "bandit": [str(bin_dir / "bandit"), "-r", ".", "-f", "json", "-q", "-x", "./node_modules,./.venv,./.git"],
        "semgrep": [
            str(bin_dir / "semgrep"), "scan", "--config", str(policies_dir() / "semgrep"), "--json",
            "--metrics=off", "--disable-version-check", "--quiet", ".",
        ],
    }  # fmt: skip
    total = 0.0
    print(f"{'by hand, one after the other':<32}{'s':>10}")
    for name, argv in commands.items():
        started = time.perf_counter()
        subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False, timeout=3600)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"{name:<32}{seconds:>10.1f}")
    print(f"{'sum':<32}{total:>10.1f}")


if __name__ == "__main__":
    main()
