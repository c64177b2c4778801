"""Measure the endpoint inventory against hand-made route lists of public repositories.

Usage::

    python benchmarks/routes/route_bench.py --repos-dir DIR [--only NAME ...] [--details]

``DIR/<name>`` must be a checkout of each repository in ``benchmarks/routes/repos.yml`` at the
commit given there (the script prints the ``git`` commands for a missing one and goes on). For
every repository it compares the HTTP endpoints readycheck lists with ``lists/<name>.txt``
(lines ``METHOD /path authenticated|public``, ``#`` comments) and prints, as a Markdown table:

- **recall**: listed routes the inventory found; **precision**: found routes that are listed;
- **auth agrees**: of the routes found, the share where readycheck's decision (authenticated or
  public) is the one written by hand; **unknown**: routes readycheck left undecided (counted as
  disagreeing: an undecided route is never a pass);
- the time the inventory took (parse included), in seconds.

Routes are compared after normalising parameters (``{id}``, ``:id``, ``[id]``, ``[...slug]``,
``<int:id>`` and regex groups all become ``{}``) and trailing slashes. A benchmark script, not
a test: it needs checkouts that are not part of this repository. The exit status is 1 when the
overall recall or precision is below ``--min`` (default 0.95), so it can guard a refactor.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readycheck.analysis import ProgramModels
from readycheck.policy import load_policy
from readycheck.repository import Repository

HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    """The comparison for one repository: routes as ``(METHOD, normalised path)`` keys."""

    name: str
    expected: dict[tuple[str, str], str]
    found: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def matched(self) -> set[tuple[str, str]]:
        return set(self.expected) & set(self.found)

    @property
    def missed(self) -> set[tuple[str, str]]:
        return set(self.expected) - set(self.found)

    @property
    def extra(self) -> set[tuple[str, str]]:
        return set(self.found) - set(self.expected)

    @property
    def agreeing(self) -> set[tuple[str, str]]:
        return {k for k in self.matched if self.found[k] == self.expected[k]}

    @property
    def unknown(self) -> set[tuple[str, str]]:
        return {k for k in self.matched if self.found[k] == "unknown"}


def _segment(segment: str) -> str:
    """One path segment with any parameter spelling replaced by ``{}``."""
    if not segment:
        return segment
    if (segment.startswith("{") and segment.endswith("}")) or (segment.startswith("<") and segment.endswith(">")):
        return "{}"
    if segment.startswith("[") and segment.endswith("]"):
        return "{}"
    if segment.startswith(":"):
        return "{}"
    if segment.startswith("(?P<") or segment.startswith("("):
        return "{}"
    return segment


def normalise(route: str) -> str:
    """``/api/users/<int:id>/`` and ``/api/users/:id`` → ``/api/users/{}``; ``*`` stays."""
    route = route.strip()
    if route in {"*", ""}:
        return route or "/"
    if not route.startswith("/"):
        route = "/" + route
    parts = [p for p in route.split("/") if p != ""]
    return "/" + "/".join(_segment(p) for p in parts)


def read_list(path: Path) -> dict[tuple[str, str], str]:
    """``lists/<name>.txt`` as ``{(METHOD, normalised path): "authenticated" | "public"}``.

    Raises ``ValueError`` naming the line when a line is not ``METHOD PATH AUTH``."""
    routes: dict[tuple[str, str], str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or parts[2] not in {"authenticated", "public"}:
            raise ValueError(f"{path}:{number}: expected 'METHOD /path authenticated|public', got {raw!r}")
        routes[(parts[0].upper(), normalise(parts[1]))] = parts[2]
    return routes


def measure(name: str, checkout: Path, expected: dict[tuple[str, str], str]) -> Result:
    """Inventory ``checkout`` (read only, no git) and compare it with ``expected``."""
    result = Result(name=name, expected=expected)
    started = time.perf_counter()
    policy = load_policy(checkout)
    repo = Repository.scan(checkout, exclude=policy.exclude, max_file_bytes=policy.max_file_bytes, read_git=False)
    inventory = ProgramModels(repo, policy).inventory
    result.seconds = time.perf_counter() - started
    for endpoint in inventory.endpoints:
        if endpoint.kind != "http":
            continue
        key = (endpoint.method.upper(), normalise(endpoint.route))
        status = endpoint.auth_status.value
        # a path served by several handlers (a SvelteKit page and its layouts' loads, a route
        # registered twice) is as open as its most open handler: public, else authenticated
        # (more confident than unknown), else unknown
        rank = {"public": 0, "authenticated": 1, "unknown": 2}
        if key not in result.found or rank[status] < rank[result.found[key]]:
            result.found[key] = status
    return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repos-dir", type=Path, required=True, help="folder holding one checkout per repository")
    parser.add_argument("--only", nargs="*", default=None, help="names from repos.yml to run")
    parser.add_argument("--details", action="store_true", help="print missed, extra and disagreeing routes")
    parser.add_argument("--min", type=float, default=0.95, help="overall recall and precision to pass (0-1)")
    args = parser.parse_args()

    config = yaml.safe_load((HERE / "repos.yml").read_text(encoding="utf-8"))
    results: list[Result] = []
    for entry in config["repos"]:
        name = entry["name"]
        if args.only and name not in args.only:
            continue
        checkout = args.repos_dir / name
        if not checkout.is_dir():
            print(
                f"skipped {name}: no checkout at {checkout}; run\n"
                f"  git clone https://github.com/{entry['repo']} {checkout} && "
                f"git -C {checkout} checkout {entry['commit']}",
                file=sys.stderr,
            )
            continue
        results.append(measure(name, checkout, read_list(HERE / "lists" / f"{name}.txt")))

    print("| Repository | Listed | Found | Recall | Precision | Auth agrees | Unknown | Seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {len(r.expected)} | {len(r.matched)} | {_pct(len(r.matched), len(r.expected))} "
            f"| {_pct(len(r.matched), len(r.found))} | {_pct(len(r.agreeing), len(r.matched))} "
            f"| {len(r.unknown)} | {r.seconds:.2f} |"
        )
    listed = sum(len(r.expected) for r in results)
    matched = sum(len(r.matched) for r in results)
    found = sum(len(r.found) for r in results)
    agreeing = sum(len(r.agreeing) for r in results)
    unknown = sum(len(r.unknown) for r in results)
    seconds = sum(r.seconds for r in results)
    print(
        f"| **all** | {listed} | {matched} | {_pct(matched, listed)} | {_pct(matched, found)} "
        f"| {_pct(agreeing, matched)} | {unknown} | {seconds:.2f} |"
    )
    if args.details:
        for r in results:
            for key in sorted(r.missed):
                print(f"{r.name}: missed {key[0]} {key[1]} ({r.expected[key]})")
            for key in sorted(r.extra):
                print(f"{r.name}: extra {key[0]} {key[1]} ({r.found[key]})")
            for key in sorted(r.matched - r.agreeing):
                print(f"{r.name}: auth {key[0]} {key[1]}: listed {r.expected[key]}, found {r.found[key]}")
    if not results:
        print("no checkouts found", file=sys.stderr)
        return 1
    ok = matched / listed >= args.min and (matched / found if found else 0) >= args.min
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
