"""Synthetic readycheck reports for the organisation report's tests and benchmark: variants of
one real report (a scan of a bundled sample), each a schema-valid ``readycheck.json`` with its
own name, score, verdict, category scores and a seeded random subset of the real findings."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any


def variants(base: dict[str, Any], count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` reports derived from ``base`` (a parsed readycheck JSON report), named
    ``app-000``..., reproducible for a given ``seed``."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        report = copy.deepcopy(base)
        report["target"]["path"] = f"apps/app-{index:03d}"
        keep = [f for f in report["findings"] if rng.random() < 0.6]
        report["findings"] = keep
        score = rng.randint(20, 100)
        report["score"] = score
        blocking = [f for f in keep if f.get("blocks_gate")]
        report["gate"]["passed"] = not blocking
        report["verdict"] = "not-ready" if blocking else ("ready" if not keep else "ready-with-warnings")
        report["provisional"] = rng.random() < 0.3
        report["provisional_reasons"] = ["pip-audit did not complete"] if report["provisional"] else []
        for category in report["categories"]:
            if category["score"] is not None:
                category["score"] = max(0, min(100, score + rng.randint(-30, 30)))
        out.append(report)
    return out


def write(reports: list[dict[str, Any]], folder: Path) -> list[Path]:
    """Write each report to ``folder/<name>/readycheck.json``; returns the files."""
    paths = []
    for report in reports:
        target = folder / Path(report["target"]["path"]).name / "readycheck.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report), encoding="utf-8")
        paths.append(target)
    return paths
