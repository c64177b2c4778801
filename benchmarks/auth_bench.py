"""Measure the authorization model on a real repository: how many routes get a decision, which
ones it calls public, what the ownership rules say, and how long readycheck's own checks take.

Usage: ``python benchmarks/auth_bench.py PATH [--repeat 3] [--public]``

Written for issue 20's target, mealie (github:mealie-recipes/mealie at
b5643a9399465d8b4ea339e7a6639df2d697741b): at least 95% of its routes decided (authenticated or
public, not unknown), no RC202 finding on a route behind ``get_current_user`` or
``get_admin_user``, and readycheck's own checks (wrapped tools excluded) within 3 s. ``--public``
lists every route called public with the first place read, so a reader can check each against
the code. A benchmark script, not a test: it needs a checkout that is not part of this
repository, and its times depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from readycheck.analysis import ProgramModels
from readycheck.engine import ScanOptions, scan
from readycheck.model import RunKind
from readycheck.policy import load_policy
from readycheck.registry import load_registry
from readycheck.repository import Repository


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="the repository checkout")
    parser.add_argument("--repeat", type=int, default=3, help="runs to time (the median is printed)")
    parser.add_argument("--public", action="store_true", help="list the routes called public")
    args = parser.parse_args()
    if not args.path.is_dir():
        print(f"not a folder: {args.path}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    policy = load_policy(args.path)
    repo = Repository.scan(args.path, exclude=policy.exclude, max_file_bytes=policy.max_file_bytes, read_git=False)
    inventory = ProgramModels(repo, policy).inventory
    inventory_seconds = time.perf_counter() - started
    endpoints = [e for e in inventory.endpoints if e.kind != "event"]
    statuses = Counter(e.auth_status.value for e in endpoints)
    decided = statuses["authenticated"] + statuses["public"]
    print(f"endpoints: {len(endpoints)} ({', '.join(inventory.frameworks)})")
    for status in ("authenticated", "public", "unknown"):
        print(f"  {status}: {statuses[status]}")
    print(f"decided: {100 * decided / len(endpoints):.1f}%" if endpoints else "decided: n/a (no endpoints)")
    print(f"admin only: {sum(1 for e in endpoints if e.admin_only)}")
    print(f"inventory (parse included): {inventory_seconds:.2f} s")
    if args.public:
        for e in sorted(endpoints, key=lambda e: (e.path, e.line)):
            if e.auth_status.value != "authenticated":
                first = e.auth_chain[0] if e.auth_chain else None
                where = f"{first.path}:{first.line} {first.note}" if first else ""
                print(f"  {e.auth_status.value}: {e.method} {e.route} ({e.path}:{e.line}) {where}")

    own = [r.id for r in load_registry().rules if r.kind == RunKind.CHECK]
    times: list[float] = []
    result = None
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        result = scan(args.path, ScanOptions(select=own, history_commits=0, jobs=1))
        times.append(time.perf_counter() - started)
    assert result is not None
    findings = Counter(f.rule_id for f in result.findings if f.rule_id.startswith("RC2") and not f.suppressed)
    anyone = [
        f
        for f in result.findings
        if f.rule_id == "RC202" and not f.suppressed and "anyone on the internet" in f.message
    ]
    print(f"RC2xx findings: {dict(sorted(findings.items()))}")
    print(f"RC202 'anyone on the internet' claims: {len(anyone)}")
    for f in anyone:
        print(f"  {f.location.path}:{f.location.line} {f.message}")
    print(
        f"readycheck's own checks, whole scan without tools: {statistics.median(times):.2f} s (median of {len(times)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
