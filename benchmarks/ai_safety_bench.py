"""Time the agent, job and model-output models and the AI-safety, job, cron and webhook rules
on repositories, with the shared models (parses, endpoint inventory, handlers) built first so
each number is what the rule adds.

Usage: ``python benchmarks/ai_safety_bench.py PATH [PATH...] [--repeat 3]``. A benchmark
script, not a timed test: numbers depend on the machine (issue 24's budget is 0.5 s per new
check on mealie at b5643a9).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from readycheck.analysis import ProgramModels
from readycheck.checks.base import CheckContext, NotApplicable
from readycheck.policy import Policy
from readycheck.registry import load_registry
from readycheck.repository import Repository

MODELS = ("agents", "jobs", "llm_flows")
RULES = ("RC211", "RC212", "RC305", "RC308", "RC309", "RC801", "RC802", "RC803", "RC804", "RC805", "RC806", "RC807")


def measure(path: Path) -> dict[str, float]:
    """Seconds per model and per rule on ``path`` (shared models excluded)."""
    repo = Repository.scan(path)
    policy = Policy()
    models = ProgramModels(repo, policy)
    for shared in ("python", "js", "browser", "handlers", "inventory", "env_reads"):
        getattr(models, shared)
    out: dict[str, float] = {}
    for name in MODELS:
        started = time.perf_counter()
        getattr(models, name)
        out[name] = time.perf_counter() - started
    registry = load_registry()
    for rule in RULES:
        loaded = next(c for c in registry.checks if c.meta.id == rule)
        ctx = CheckContext(repo=repo, policy=policy, models=models, meta=loaded.meta)
        started = time.perf_counter()
        try:
            list(loaded.cls().run(ctx))
        except NotApplicable:
            pass
        out[rule] = time.perf_counter() - started
    return out


def main() -> None:
    """Print one line per repository: the median seconds of each model and rule."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for path in args.paths:
        runs = [measure(path) for _ in range(args.repeat)]
        medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        cells = " ".join(f"{k}={v:.3f}" for k, v in medians.items())
        print(f"{path.name}: {cells} (max {max(medians.values()):.3f} s)")


if __name__ == "__main__":
    main()
