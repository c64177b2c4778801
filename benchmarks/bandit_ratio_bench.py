"""How much slower a full readycheck scan is than ``bandit -r`` alone, on the same tree, in the same run.

Usage: ``python benchmarks/bandit_ratio_bench.py PATH [--pairs N]``. Runs N pairs (default 3)
of, in alternating order, ``readycheck scan PATH`` (every check and tool, offline: the
vulnerability services are unreachable here, so pip-audit and OSV end quickly as not checked;
``--no-history`` unless ``--history``) and ``bandit -r PATH -f json -q``, each as a child
process, and prints per pair and as medians: wall seconds, CPU seconds (user + system of the
process and the children it waited for) and peak memory (the largest resident set of any one
process of the run, from ``wait4``), then the wall and CPU ratios. Issue 26 asks for a wall
ratio of at most 2.5 on mealie and a peak at or below 1 GiB on a large repository.

A benchmark script, not a timed test: numbers depend on the machine (2 cores here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measure:
    """One child process run: wall and CPU seconds, peak resident memory in MiB, exit status."""

    wall: float
    cpu: float
    peak_mib: float
    status: int


def measure(argv: list[str], env: dict[str, str]) -> Measure:
    """Run ``argv`` with output discarded and measure it (see :class:`Measure`)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux: the largest resident set of the child or a descendant it waited for
    return Measure(
        wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mib=usage.ru_maxrss / 1024, status=process.returncode
    )


def main() -> None:
    """Parse arguments, run the pairs, print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--history", action="store_true", help="also scan git history for secrets (RC106)")
    args = parser.parse_args()
    bandit = shutil.which("bandit") or str(Path(sys.executable).with_name("bandit"))
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    rows: list[tuple[Measure, Measure]] = []
    with tempfile.TemporaryDirectory(prefix="rc-bench-") as out:
        scan = [sys.executable, "-m", "readycheck", "scan", str(args.path), "-q", "-o", out, "-f", "json"]
        if not args.history:
            scan.append("--no-history")
        alone = [bandit, "-r", str(args.path), "-f", "json", "-q", "-o", os.path.join(out, "bandit.json")]
        for pair in range(args.pairs):
            if pair % 2 == 0:
                ours, theirs = measure(scan, env), measure(alone, env)
            else:
                theirs, ours = measure(alone, env), measure(scan, env)
            rows.append((ours, theirs))
            print(
                f"pair {pair + 1}: readycheck {ours.wall:6.2f} s wall {ours.cpu:6.2f} s CPU {ours.peak_mib:6.0f} MiB"
                f" (exit {ours.status}) | bandit {theirs.wall:6.2f} s wall {theirs.cpu:6.2f} s CPU"
                f" {theirs.peak_mib:6.0f} MiB (exit {theirs.status})"
            )

    def median(values: list[float]) -> float:
        return statistics.median(values)

    ours_wall, theirs_wall = median([o.wall for o, _ in rows]), median([t.wall for _, t in rows])
    ours_cpu, theirs_cpu = median([o.cpu for o, _ in rows]), median([t.cpu for _, t in rows])
    print(
        f"median: readycheck {ours_wall:.2f} s wall, {ours_cpu:.2f} s CPU;"
        f" bandit {theirs_wall:.2f} s, {theirs_cpu:.2f} s"
    )
    print(f"ratio (readycheck / bandit): wall {ours_wall / theirs_wall:.2f}x, CPU {ours_cpu / theirs_cpu:.2f}x")
    print(
        f"peak memory: readycheck {max(o.peak_mib for o, _ in rows):.0f} MiB, "
        f"bandit {max(t.peak_mib for _, t in rows):.0f} MiB"
    )


if __name__ == "__main__":
    main()
