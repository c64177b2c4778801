"""Policy: which rules run, at what severity, how the score is weighted, what fails the gate.

Layers, each validated against ``readycheck/schemas/policy.schema.json``:

1. ``policies/default.yml`` shipped with readycheck;
2. the scanned repository's ``.readycheck.yml`` (or ``.readycheck.yaml``), else the
   ``[tool.readycheck]`` table of its ``pyproject.toml``;
3. ``--policy FILE``;
4. command-line flags (``--select``, ``--ignore``, ``--fail-on``).

A later layer replaces the keys it sets, except ``exclude`` and ``rules.ignore``, which add to
the earlier layers. Reading a repository's policy only reads files; nothing is executed.

The scanned repository's files are data, not the user's configuration: when its
``.readycheck.yml`` or ``pyproject.toml`` cannot be read, parsed or validated, the scan goes on
without that layer and :attr:`Policy.problems` says why (the report is then provisional). Only
the user's own ``--policy`` file and flags raise :class:`PolicyError`.
"""

from __future__ import annotations

import fnmatch
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from readycheck._resources import policies_dir, schema_path
from readycheck.errors import PolicyError
from readycheck.model import Category, RuleMeta, Severity
from readycheck.redact import redact_quoted

REPO_POLICY_FILES = (".readycheck.yml", ".readycheck.yaml")
_ADDITIVE = {("exclude",), ("rules", "ignore")}


def route_matches(pattern: str, method: str, route: str) -> bool:
    """Whether an endpoint pattern matches: ``"METHOD /route"`` or ``"/route"`` (any method),
    glob syntax over the route (``"POST /api/webhooks/*"``)."""
    want_method, _, want_route = pattern.strip().rpartition(" ")
    if want_method and want_method.upper() not in {method.upper(), "ANY", "*"}:
        return False
    return fnmatch.fnmatchcase(route, want_route)


@dataclass(frozen=True, kw_only=True)
class RateLimitDeclaration:
    """One entry of the policy's ``rate-limits`` section: an endpoint ``pattern`` (see
    :func:`route_matches`), the ``limit`` it has (``"100/minute at Cloudflare"``) or
    ``"none"``, and the ``reason`` (required for ``none``, else the declaration is itself a
    finding)."""

    pattern: str
    limit: str
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Policy:
    """The merged policy of one scan.

    ``fail_on`` None means the gate never fails on severity. ``max_file_bytes`` is in bytes;
    ``history_commits`` is how many commits the git history secret scan reads (0: off).
    ``sources`` lists the layers applied, in order (file paths, or ``"command line"``).
    ``backups`` is the declared backup outside the repository (``backups:``), or None;
    ``gate_counts_all`` makes the gate count baseline findings too (``gate.count: all``);
    ``strict`` (``scan --strict``) turns context demotion off: findings in tests, fixtures,
    examples and sample data, and in migrations earlier releases applied, keep their rule's
    severity; ``applied_after_days`` is the age (days before the app's latest commit) after
    which an unchanged migration counts as applied when no release tag says so (0: never,
    :mod:`readycheck.analysis.migrations.applied`);
    ``suppressions`` are the policy's accepted findings (:mod:`readycheck.suppressions`).
    ``problems`` are one-line reasons the scanned repository's own policy layer could not be
    used (the scan then runs without it).
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 2 * 1024 * 1024
    history_commits: int = 2000
    fail_on: Severity | None = Severity.HIGH
    blockers: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    category_weights: Mapping[Category, float] = field(default_factory=dict)
    tools: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    public_endpoints: tuple[str, ...] = ()
    public_tables: tuple[str, ...] = ()
    rate_limits: tuple[RateLimitDeclaration, ...] = ()
    backups: str | None = None
    gate_counts_all: bool = False
    strict: bool = False
    applied_after_days: int = 90
    suppressions: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    def is_public_endpoint(self, method: str, route: str) -> bool:
        """True when ``public.endpoints`` declares the endpoint public: a pattern
        ``"METHOD /route"`` or ``"/route"`` (any method), glob syntax."""
        return any(route_matches(pattern, method, route) for pattern in self.public_endpoints)

    def rate_limit_declaration(self, method: str, route: str) -> RateLimitDeclaration | None:
        """The first ``rate-limits`` declaration whose pattern matches the endpoint, or None."""
        for declaration in self.rate_limits:
            if route_matches(declaration.pattern, method, route):
                return declaration
        return None

    def is_public_table(self, name: str) -> bool:
        """True when ``public.tables`` declares the table public (``plans`` matches
        ``public.plans`` too)."""
        short = name.split(".", 1)[-1]
        return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(short, p) for p in self.public_tables)

    def is_selected(self, meta: RuleMeta) -> bool:
        """True when a ``select`` entry matches the rule and no ``ignore`` entry does."""
        return any(_matches(s, meta) for s in self.select) and not any(_matches(s, meta) for s in self.ignore)

    def is_tool_selected(self, tool_id: str, categories: Iterable[Category]) -> bool:
        """True when a ``select`` entry names the tool (``ALL``, ``bandit``, ``bandit/``) or one
        of its categories, and no ``ignore`` entry does."""
        names = {"ALL", tool_id, f"{tool_id}/", *(c.value for c in categories)}
        return any(s in names for s in self.select) and not any(s in names for s in self.ignore)

    def tool_categories(self, tool_id: str, categories: Iterable[Category]) -> tuple[Category, ...]:
        """The categories a selected tool reports in: all of them when the tool itself (or
        ``ALL``) is selected, else only the selected categories (``--select secrets`` runs
        bandit for its hard-coded passwords, not for its injection findings)."""
        declared = tuple(categories)
        if any(s in {"ALL", tool_id, f"{tool_id}/"} for s in self.select):
            return declared
        return tuple(c for c in declared if c.value in self.select)

    def is_finding_selected(self, rule_id: str, category: Category) -> bool:
        """Whether a tool finding is kept: its category or rule id (prefix) selected, and no
        ``ignore`` entry naming its rule id (prefix) or category."""
        tool = rule_id.split("/", 1)[0]
        chosen = any(
            s in {"ALL", tool, f"{tool}/", category.value} or (s.startswith(f"{tool}/") and rule_id.startswith(s))
            for s in self.select
        )
        ignored = any(
            s in {tool, f"{tool}/", category.value} or (s.startswith(f"{tool}/") and rule_id.startswith(s))
            for s in self.ignore
        )
        return chosen and not ignored

    def severity_of(self, meta: RuleMeta) -> Severity:
        """The rule's severity after policy overrides."""
        return self.severity.get(meta.id, meta.severity)

    def is_blocker(self, rule_id: str) -> bool:
        """True when findings of ``rule_id`` make the verdict not-ready on their own."""
        return any(_id_matches(pattern, rule_id) for pattern in self.blockers)

    def is_required(self, run_id: str) -> bool:
        """True when ``run_id`` must complete (glob patterns in ``gate.required``)."""
        return any(fnmatch.fnmatchcase(run_id, pattern) for pattern in self.required)


def _id_matches(selector: str, rule_id: str) -> bool:
    return selector == "ALL" or rule_id == selector or rule_id.startswith(selector)


def _matches(selector: str, meta: RuleMeta) -> bool:
    return _id_matches(selector, meta.id) or selector == meta.category.value


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path("policy.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate_layer(data: Any, source: str) -> dict[str, Any]:
    """Check one policy layer against the schema.

    Returns:
        The layer as a dict (an empty file is an empty layer).

    Raises:
        PolicyError: naming ``source``, the offending key path and what was expected.
    """
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PolicyError(source, "", f"expected a mapping at the top level, got {_kind(data)}")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        key = ".".join(str(p) for p in error.absolute_path)
        raise PolicyError(source, key or "(top level)", _expected(error))
    from readycheck.repository import compile_patterns

    _spec, invalid = compile_patterns(data.get("exclude", []))
    if invalid:
        number, _pattern, reason = invalid[0]
        raise PolicyError(source, f"exclude.{number - 1}", f"not a valid gitignore pattern ({reason})")
    return data


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _expected(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        extra = error.message.split("(")[-1].rstrip(")") if "(" in error.message else ""
        hint = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
        return f"unknown key {extra}{hint}".replace("  ", " ")
    if error.validator == "enum":
        values = error.validator_value if isinstance(error.validator_value, list | tuple) else []
        return "expected one of " + ", ".join(str(v) for v in values)
    if error.validator == "type":
        return f"expected {error.validator_value}, got {_kind(error.instance)}"
    return str(error.message)


def load_file(path: Path) -> dict[str, Any]:
    """Read and validate one policy file (YAML, or TOML ``[tool.readycheck]`` for a
    ``pyproject.toml``).

    Raises:
        PolicyError: the file cannot be read or parsed, or does not match the schema.
    """
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(source, "", f"cannot read the file ({exc.__class__.__name__})") from None
    if path.name == "pyproject.toml":
        try:
            data: Any = tomllib.loads(text).get("tool", {}).get("readycheck")
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(source, "", f"not valid TOML ({exc})") from None
        return validate_layer(data, f"{source} [tool.readycheck]")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(source, "", f"not valid YAML{where}") from None
    return validate_layer(data, source)


def repository_layer(root: Path) -> tuple[str, dict[str, Any]] | None:
    """The scanned repository's own policy layer, or None when it has none.

    ``.readycheck.yml`` wins over ``[tool.readycheck]`` in ``pyproject.toml``. A symlinked
    policy file is ignored, like every symlink pointing out of the tree.
    """
    for name in REPO_POLICY_FILES:
        candidate = root / name
        if candidate.is_file() and not candidate.is_symlink():
            return str(candidate), load_file(candidate)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and not pyproject.is_symlink():
        data = load_file(pyproject)
        if data:
            return f"{pyproject} [tool.readycheck]", data
    return None


def merge(layers: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge layers in order: mappings merge key by key, lists and scalars are replaced,
    except the additive lists ``exclude`` and ``rules.ignore``, which are concatenated."""
    merged: dict[str, Any] = {}
    for layer in layers:
        _merge_into(merged, layer, ())
    return merged


def _merge_into(target: dict[str, Any], layer: Mapping[str, Any], path: tuple[str, ...]) -> None:
    for key, value in layer.items():
        here = (*path, key)
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge_into(target[key], value, here)
        elif here in _ADDITIVE and isinstance(target.get(key), list):
            target[key] = [*target[key], *value]
        elif isinstance(value, Mapping):
            target[key] = {}
            _merge_into(target[key], value, here)
        else:
            target[key] = list(value) if isinstance(value, list) else value


def load_policy(
    root: Path,
    *,
    policy_file: Path | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: str | None = None,
    history_commits: int | None = None,
) -> Policy:
    """Build the policy of one scan from all its layers.

    Args:
        root: the scanned folder (its ``.readycheck.yml`` / ``pyproject.toml`` are read).
        policy_file: the ``--policy`` file, or None.
        select: ``--select`` selectors; when given they replace the policy's selection.
        ignore: ``--ignore`` selectors; they add to the policy's.
        fail_on: ``--fail-on`` value (a severity or ``never``), or None.
        history_commits: ``--history-commits`` (``--no-history`` gives 0), or None.

    Raises:
        PolicyError: the ``--policy`` file or a flag is invalid (file, key and expectation in
            the message). An invalid layer of the scanned repository is left out and named in
            :attr:`Policy.problems` instead.
    """
    default = policies_dir() / "default.yml"
    layers: list[tuple[str, dict[str, Any]]] = [("builtin:default.yml", load_file(default))]
    problems: list[str] = []
    try:
        repo_layer = repository_layer(root)
    except PolicyError as exc:  # the repository's file is data: go on without it
        repo_layer = None
        problems.append(f"the repository's own policy was not used: {redact_quoted(exc.message)[:300]}")
    if repo_layer:
        layers.append(repo_layer)
    if policy_file is not None:
        if not policy_file.is_file():
            raise PolicyError(str(policy_file), "", "the policy file does not exist")
        layers.append((str(policy_file), load_file(policy_file)))
    cli: dict[str, Any] = {}
    select_list = [s for s in (select or ()) if s]
    ignore_list = [s for s in ignore if s]
    if select_list or ignore_list:
        cli["rules"] = {}
        if select_list:
            cli["rules"]["select"] = select_list
        if ignore_list:
            cli["rules"]["ignore"] = ignore_list
    if fail_on is not None:
        cli["gate"] = {"fail-on": fail_on}
    if history_commits is not None:
        cli["limits"] = {"history-commits": history_commits}
    if cli:
        layers.append(("command line", validate_layer(cli, "command line")))
    data = merge(layer for _, layer in layers)
    return _build(data, tuple(source for source, _ in layers), tuple(problems))


def _build(data: Mapping[str, Any], sources: tuple[str, ...], problems: tuple[str, ...] = ()) -> Policy:
    rules = data.get("rules", {})
    gate = data.get("gate", {})
    fail_on = gate.get("fail-on", "high")
    weights = data.get("scoring", {}).get("category-weights", {})
    return Policy(
        select=tuple(rules.get("select", ["ALL"])),
        ignore=tuple(rules.get("ignore", [])),
        severity={k: Severity(v) for k, v in rules.get("severity", {}).items()},
        exclude=tuple(data.get("exclude", [])),
        max_file_bytes=int(data.get("limits", {}).get("max-file-bytes", 2 * 1024 * 1024)),
        history_commits=int(data.get("limits", {}).get("history-commits", 2000)),
        fail_on=None if fail_on == "never" else Severity(fail_on),
        blockers=tuple(gate.get("blockers", [])),
        required=tuple(gate.get("required", [])),
        category_weights={Category(k): float(v) for k, v in weights.items()},
        tools=dict(data.get("tools", {})),
        public_endpoints=tuple(data.get("public", {}).get("endpoints", [])),
        public_tables=tuple(data.get("public", {}).get("tables", [])),
        rate_limits=tuple(
            RateLimitDeclaration(pattern=pattern, limit=value, reason=None)
            if isinstance(value, str)
            else RateLimitDeclaration(pattern=pattern, limit=str(value["limit"]), reason=value.get("reason") or None)
            for pattern, value in data.get("rate-limits", {}).items()
        ),
        backups=data.get("backups") or None,
        applied_after_days=int(data.get("migrations", {}).get("applied-after-days", 90)),
        gate_counts_all=gate.get("count", "new") == "all",
        suppressions=tuple(data.get("suppressions", [])),
        sources=sources,
        problems=problems,
    )
