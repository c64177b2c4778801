"""Time the program models (Python and JS/TS parses, SQL model, endpoint inventory) on a
repository, or on a generated 50k-line app when no path is given.

Usage: ``python benchmarks/endpoint_inventory_bench.py [PATH] [--lines 50000] [--repeat 3]``.
The generated app mixes FastAPI routers, Express routers and Supabase SQL migrations in the
proportions of the sample repos. A benchmark script, not a timed test: numbers depend on the
machine (the issue's target is under 5 seconds for 50k lines on 2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from readycheck.analysis import ProgramModels
from readycheck.repository import Repository

FASTAPI_ROUTER = """from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.auth import get_current_user
from app.database import get_db
from app.models import Item{n}

router = APIRouter(prefix="/items{n}")
"""
FASTAPI_ROUTE = """

@router.get("/{{item_id}}/r{k}")
def read_{k}(item_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    item = db.query(Item{n}).filter(Item{n}.id == item_id, Item{n}.owner_id == user.id).first()
    if item is None:
        raise HTTPException(404)
    total = 0
    for value in range(10):
        total += value
    return {{"id": item.id, "total": total}}
"""
EXPRESS_HEAD = """const express = require("express");
const Thing = require("../models/thing");
const router = express.Router();
"""
EXPRESS_ROUTE = """
router.get("/:id/r{k}", async (req, res) => {{
  const thing = await Thing.findOne({{ _id: req.params.id, owner: req.user.id }});
  if (!thing) return res.status(404).end();
  let total = 0;
  for (let i = 0; i < 10; i++) total += i;
  res.json({{ thing, total }});
}});
"""
SQL_TABLE = """create table public.t{k} (id uuid primary key, user_id uuid references auth.users(id), body text);
alter table public.t{k} enable row level security;
create policy "own rows {k}" on public.t{k} for all to authenticated using (auth.uid() = user_id);
"""


def generate(root: Path, lines: int) -> None:
    """Write a synthetic app of about ``lines`` lines under ``root``."""
    (root / "app" / "routers").mkdir(parents=True)
    (root / "routes").mkdir()
    (root / "supabase" / "migrations").mkdir(parents=True)
    (root / "app" / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    written, n = 0, 0
    while written < lines:
        py = FASTAPI_ROUTER.format(n=n) + "".join(FASTAPI_ROUTE.format(n=n, k=k) for k in range(40))
        js = EXPRESS_HEAD + "".join(EXPRESS_ROUTE.format(k=k) for k in range(40)) + "module.exports = router;\n"
        sql = "".join(SQL_TABLE.format(k=n * 40 + k) for k in range(40))
        (root / "app" / "routers" / f"items{n}.py").write_text(py)
        (root / "routes" / f"things{n}.js").write_text(js)
        (root / "supabase" / "migrations" / f"{n:05d}_init.sql").write_text(sql)
        written += py.count("\n") + js.count("\n") + sql.count("\n")
        n += 1


def measure(path: Path, repeat: int) -> None:
    """Print per-model wall times (median of ``repeat`` runs)."""
    stages: dict[str, list[float]] = {}
    endpoints = 0
    lines = 0
    for _ in range(repeat):
        repo = Repository.scan(path, read_git=False)
        lines = sum(len(f.lines) for f in repo.files)
        models = ProgramModels(repo)
        for name in ("python", "js", "database", "js_context", "inventory"):
            started = time.perf_counter()
            value = getattr(models, name)
            stages.setdefault(name, []).append(time.perf_counter() - started)
            if name == "inventory":
                endpoints = len(value.endpoints)  # type: ignore[attr-defined]
    print(f"{path}: {lines} lines, {endpoints} endpoints")
    for name, times in stages.items():
        print(f"  {name:<12} {statistics.median(times):7.3f} s")
    print(f"  {'total':<12} {sum(statistics.median(t) for t in stages.values()):7.3f} s")


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path, nargs="?")
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.path is not None:
        measure(args.path, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.lines)
        measure(Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
