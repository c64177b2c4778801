"""Time ``readycheck merge`` over many reports, and ``scan-many`` against one-by-one scans.

Usage:
    python benchmarks/org_bench.py merge [--reports 200] [--repeat 3]
    python benchmarks/org_bench.py scan-many [--jobs 2] [--repeat 1] [PATH ...]

``merge`` synthesises N schema-valid reports (tests/org_synth.py: variants of a real scan of
``sample_repos/vibe-fastapi``), then times the whole ``readycheck merge`` command (a child
process: reading and validating every report, building the organisation report, writing
JSON, Markdown and HTML) and prints the median wall time and the output sizes.

``scan-many`` times ``readycheck scan`` of each path one after the other, then
``readycheck scan-many --jobs N`` of the same paths (default: every folder of
``sample_repos/``), and prints both wall times and the ratio. A benchmark script, not a timed
test: numbers depend on the machine (it prints the core count).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readycheck.engine import ScanOptions, scan  # noqa: E402
from readycheck.reporters.json_report import render_json  # noqa: E402
from tests.org_synth import variants, write  # noqa: E402


def _timed(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv[:4])}... exited {done.returncode}: {done.stderr[-500:]}")
    return seconds


def bench_merge(count: int, repeat: int) -> None:
    base = json.loads(render_json(scan(ROOT / "sample_repos" / "vibe-fastapi", ScanOptions())))
    with tempfile.TemporaryDirectory(prefix="readycheck-org-bench-") as tmp:
        folder = Path(tmp) / "reports"
        paths = write(variants(base, count), folder)
        size = sum(p.stat().st_size for p in paths)
        out = Path(tmp) / "org"
        times = [
            _timed([sys.executable, "-m", "readycheck", "merge", str(folder), "-o", str(out)]) for _ in range(repeat)
        ]
        outputs = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    print(f"cores: {os.cpu_count()}")
    print(f"reports: {count} ({size / 1e6:.1f} MB of JSON, {len(base['findings'])} findings in the base report)")
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"readycheck merge: median {statistics.median(times):.2f} s over {repeat} runs ({runs})")
    for name, bytes_ in outputs.items():
        print(f"  {name}: {bytes_ / 1024:.0f} KiB")


def bench_scan_many(paths: list[Path], jobs: int, repeat: int) -> None:
    one_by_one, parallel = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="readycheck-many-bench-") as tmp:
            started = time.perf_counter()
            for index, path in enumerate(paths):
                out = Path(tmp) / f"one{index}"
                out.mkdir()
                _timed(
                    [
                        sys.executable,
                        "-m",
                        "readycheck",
                        "scan",
                        str(path),
                        "-o",
                        str(out),
                        "--quiet",
                        "-f",
                        "json",
                        "-f",
                        "html",
                        "-f",
                        "markdown",
                        "-f",
                        "sarif",
                    ]
                )
            one_by_one.append(time.perf_counter() - started)
            parallel.append(
                _timed(
                    [
                        sys.executable,
                        "-m",
                        "readycheck",
                        "scan-many",
                        *map(str, paths),
                        "-o",
                        str(Path(tmp) / "many"),
                        "-j",
                        str(jobs),
                    ]
                )
            )
    a, b = statistics.median(one_by_one), statistics.median(parallel)
    print(f"cores: {os.cpu_count()}; repositories: {len(paths)}")
    print(f"one by one (readycheck scan each): {a:.2f} s")
    print(f"scan-many --jobs {jobs} (scans + merge): {b:.2f} s")
    print(f"ratio: {b / a:.2f} ({a / b:.2f}x faster)")


def main() -> None:
    """Parse arguments and run one benchmark."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    merge = sub.add_parser("merge")
    merge.add_argument("--reports", type=int, default=200)
    merge.add_argument("--repeat", type=int, default=3)
    many = sub.add_parser("scan-many")
    many.add_argument("paths", nargs="*", type=Path)
    many.add_argument("--jobs", type=int, default=2)
    many.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.what == "merge":
        bench_merge(args.reports, args.repeat)
    else:
        paths = args.paths or sorted(p for p in (ROOT / "sample_repos").iterdir() if p.is_dir())
        bench_scan_many(paths, args.jobs, args.repeat)


if __name__ == "__main__":
    main()
