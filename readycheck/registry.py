"""Load and validate plugins: checks and tool adapters from entry points.

Built-in checks register through the same entry-point groups as third-party ones
(``readycheck.checks`` and ``readycheck.adapters``, declared in ``pyproject.toml``), the way
flake8 and repo-review load theirs. Every plugin is validated when it is loaded: it must be
a :class:`~readycheck.checks.base.Check` (or :class:`~readycheck.adapters.base.ToolAdapter`)
subclass, with a unique well-formed id and kebab-case name, a known category, known OWASP
ids, well-formed CWE ids and all documentation sections. A plugin that fails is recorded as
a :class:`PluginProblem` naming its distribution; it never stops a scan.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata

from readycheck.adapters.base import ToolAdapter
from readycheck.catalog import DocsError
from readycheck.checks.base import Check
from readycheck.model import FAMILY_CATEGORY, RuleMeta
from readycheck.taxonomy import CWE_ID, taxonomy

CHECKS_GROUP = "readycheck.checks"
ADAPTERS_GROUP = "readycheck.adapters"
OWN_DISTRIBUTION = "readycheck-audit"

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]{0,9}[0-9]{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
TOOL_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclass(frozen=True, kw_only=True)
class PluginProblem:
    """A plugin that could not be loaded or failed validation.

    ``entry_point`` is the entry-point name, ``distribution`` and ``version`` name the
    installed distribution that declares it, ``problem`` says what is wrong (one line).
    """

    group: str
    entry_point: str
    distribution: str
    version: str
    problem: str

    @property
    def run_id(self) -> str:
        """The id under which the broken plugin appears in the report's runs."""
        return f"plugin:{self.distribution}:{self.entry_point}"

    @property
    def message(self) -> str:
        """One line for the report: which distribution, which plugin, what is wrong."""
        return f"plugin {self.entry_point!r} from {self.distribution} {self.version} was not loaded: {self.problem}"


@dataclass(frozen=True, kw_only=True)
class LoadedCheck:
    """A validated check class and its rule metadata."""

    meta: RuleMeta
    cls: type[Check]


@dataclass(frozen=True, kw_only=True)
class LoadedAdapter:
    """A validated tool adapter class and the distribution providing it."""

    id: str
    cls: type[ToolAdapter]
    origin: str


@dataclass(kw_only=True)
class Registry:
    """Everything loaded: checks sorted by rule id, adapters by tool id, and problems."""

    checks: list[LoadedCheck] = field(default_factory=list)
    adapters: list[LoadedAdapter] = field(default_factory=list)
    problems: list[PluginProblem] = field(default_factory=list)

    @property
    def rules(self) -> list[RuleMeta]:
        """Metadata of every registered rule, sorted by id."""
        return [c.meta for c in self.checks]

    def rule(self, rule_id: str) -> RuleMeta | None:
        """The rule with id (or name) ``rule_id``, case-insensitive; None when unknown."""
        wanted = rule_id.strip()
        for loaded in self.checks:
            if wanted.upper() == loaded.meta.id or wanted.lower() == loaded.meta.name:
                return loaded.meta
        return None


_DISTRIBUTIONS: dict[str, tuple[str, str]] = {}


def _dist_of(entry_point: metadata.EntryPoint) -> tuple[str, str]:
    """(name, version) of the distribution providing ``entry_point``; its metadata file is read
    once per distribution (reading it is most of the registry's start-up time)."""
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", "?"
    key = str(getattr(dist, "_path", "")) or f"id:{id(dist)}"
    found = _DISTRIBUTIONS.get(key)
    if found is None:
        meta = dist.metadata
        name = meta["Name"] if meta and meta["Name"] else getattr(dist, "name", "?")
        found = (str(name), str(meta["Version"] if meta and meta["Version"] else dist.version))
        _DISTRIBUTIONS[key] = found
    return found


def validate_check(cls: object, origin: str) -> RuleMeta:
    """Validate a check class and return its metadata.

    Raises:
        ValueError: with a one-line description of the first problem found.
    """
    if not (inspect.isclass(cls) and issubclass(cls, Check)):
        raise ValueError("entry point does not name a readycheck.checks.base.Check subclass")
    if inspect.isabstract(cls):
        raise ValueError(f"{cls.__name__} does not implement run()")
    try:
        meta = cls.rule_meta(origin)
    except AttributeError as exc:
        raise ValueError(f"missing class attribute: {exc.name or exc}") from None
    except DocsError as exc:
        raise ValueError(str(exc)) from None
    except ValueError as exc:  # an unknown category, severity or confidence
        raise ValueError(f"invalid metadata: {exc}") from None
    if not RULE_ID.match(meta.id):
        raise ValueError(f"rule id {meta.id!r} is not an upper-case prefix followed by three digits")
    if meta.id.startswith("RC") and meta.id[2:].isdigit():
        if origin != OWN_DISTRIBUTION:
            raise ValueError(f"rule id {meta.id!r}: the RC prefix is reserved for readycheck's own rules")
        family = FAMILY_CATEGORY.get(int(meta.id[2]))
        if family is not None and family != meta.category:
            raise ValueError(f"rule id {meta.id!r} belongs to family {family.value}, not {meta.category.value}")
    if not RULE_NAME.match(meta.name):
        raise ValueError(f"rule name {meta.name!r} is not kebab-case")
    unknown = [tag for tag in meta.owasp if not taxonomy().is_owasp(tag)]
    if unknown:
        raise ValueError(f"unknown OWASP ids {unknown}; expected ids such as A01:2021, API1:2023, LLM10:2025")
    bad_cwe = [tag for tag in meta.cwe if not CWE_ID.match(tag)]
    if bad_cwe:
        raise ValueError(f"malformed CWE ids {bad_cwe}; expected ids such as CWE-798")
    if not meta.summary.strip():
        raise ValueError("empty summary")
    return meta


def validate_adapter(cls: object) -> str:
    """Validate a tool adapter class and return its id.

    Raises:
        ValueError: with a one-line description of the problem.
    """
    if not (inspect.isclass(cls) and issubclass(cls, ToolAdapter)):
        raise ValueError("entry point does not name a readycheck.adapters.base.ToolAdapter subclass")
    if inspect.isabstract(cls):
        raise ValueError(f"{cls.__name__} does not implement run()")
    tool_id = getattr(cls, "id", None)
    if not isinstance(tool_id, str) or not TOOL_ID.match(tool_id):
        raise ValueError(f"tool id {tool_id!r} is not lower-case letters, digits and dashes")
    for attribute in ("name", "categories", "summary"):
        if not hasattr(cls, attribute):
            raise ValueError(f"missing class attribute: {attribute}")
    return tool_id


def _entry_points(group: str) -> list[metadata.EntryPoint]:
    points = list(metadata.entry_points(group=group))
    # Built-ins first, so a third-party plugin can never shadow a built-in rule.
    return sorted(points, key=lambda ep: (_dist_of(ep)[0] != OWN_DISTRIBUTION, _dist_of(ep)[0], ep.name))


def load_registry(extra_checks: Iterable[type[Check]] = ()) -> Registry:
    """Discover, load and validate every check and adapter.

    Args:
        extra_checks: check classes to add without an entry point (tests and embedding).

    Returns:
        The registry; problems are collected, never raised.
    """
    registry = Registry()
    seen_ids: dict[str, str] = {}
    seen_names: dict[str, str] = {}

    def reject(group: str, entry: str, dist: str, version: str, problem: str) -> None:
        registry.problems.append(
            PluginProblem(group=group, entry_point=entry, distribution=dist, version=version, problem=problem)
        )

    def import_failure(exc: Exception) -> str:
        return f"import failed: {exc.__class__.__name__}: {exc}"

    def add_check(cls: object, entry: str, dist: str, version: str) -> None:
        try:
            meta = validate_check(cls, dist)
            if meta.id in seen_ids:
                raise ValueError(f"rule id {meta.id} is already registered by {seen_ids[meta.id]}")
            if meta.name in seen_names:
                raise ValueError(f"rule name {meta.name} is already registered by {seen_names[meta.name]}")
        except ValueError as exc:
            reject(CHECKS_GROUP, entry, dist, version, str(exc))
            return
        seen_ids[meta.id] = dist
        seen_names[meta.name] = dist
        assert isinstance(cls, type) and issubclass(cls, Check)
        registry.checks.append(LoadedCheck(meta=meta, cls=cls))

    for entry_point in _entry_points(CHECKS_GROUP):
        dist, version = _dist_of(entry_point)
        try:
            loaded = entry_point.load()
        except Exception as exc:  # noqa: BLE001 - any import-time failure of a plugin
            reject(CHECKS_GROUP, entry_point.name, dist, version, import_failure(exc))
            continue
        add_check(loaded, entry_point.name, dist, version)
    for cls in extra_checks:
        add_check(cls, cls.__name__, getattr(cls, "__module__", "?"), "?")

    seen_tools: set[str] = set()
    for entry_point in _entry_points(ADAPTERS_GROUP):
        dist, version = _dist_of(entry_point)
        try:
            loaded = entry_point.load()
            tool_id = validate_adapter(loaded)
            if tool_id in seen_tools:
                raise ValueError(f"tool id {tool_id} is already registered")
        except Exception as exc:  # noqa: BLE001 - any failure of a plugin
            problem = str(exc) if isinstance(exc, ValueError) else import_failure(exc)
            reject(ADAPTERS_GROUP, entry_point.name, dist, version, problem)
            continue
        seen_tools.add(tool_id)
        registry.adapters.append(LoadedAdapter(id=tool_id, cls=loaded, origin=dist))

    registry.checks.sort(key=lambda c: c.meta.id)
    registry.adapters.sort(key=lambda a: a.id)
    return registry
