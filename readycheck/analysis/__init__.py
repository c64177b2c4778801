"""Program models computed once per scan and shared by the checks (DESIGN.md section 1): the
parsed Python and JS/TS projects, the SQL database model, and the endpoint inventory.

:class:`ProgramModels` builds each model the first time a check asks for it, under a lock, so
checks running in parallel threads share one copy.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from readycheck.analysis.agents import Agents, build_agents
from readycheck.analysis.browser import browser_modules
from readycheck.analysis.data import parse_toml
from readycheck.analysis.delivery import Delivery, build_delivery
from readycheck.analysis.dependencies import DependencyModel, build_dependencies
from readycheck.analysis.docs import Section, sections
from readycheck.analysis.endpoints import Inventory, build_inventory
from readycheck.analysis.endpoints.javascript import JsContext, service_role_clients
from readycheck.analysis.envreads import EnvRead, env_reads
from readycheck.analysis.handlers import HandlerIndex
from readycheck.analysis.jobs import Jobs, build_jobs
from readycheck.analysis.js import JS_LANGUAGES, JsProject, build_js_project
from readycheck.analysis.llmflow import LlmFlows, build_llm_flows
from readycheck.analysis.migrations import Migrations, build_migrations
from readycheck.analysis.observability import Observability, build_observability, describe_logging
from readycheck.analysis.python import PythonProject, build_python_project
from readycheck.analysis.ratelimits import RateLimits, build_rate_limits, describe
from readycheck.analysis.sql import Database, build_database
from readycheck.policy import Policy
from readycheck.repository import Repository, SourceFile
from readycheck.suppressions import Suppression
from readycheck.suppressions import collect as collect_suppressions

T = TypeVar("T")


def _is_js_config(path: str) -> bool:
    """``package.json`` and tsconfig/jsconfig files (module resolution of the JS/TS index)."""
    name = path.rsplit("/", 1)[-1]
    return name == "package.json" or (name.startswith(("tsconfig", "jsconfig")) and name.endswith(".json"))


class ProgramModels:
    """Lazily built, thread-safe program models of one repository.

    Attributes are computed on first access: :attr:`python`, :attr:`js`, :attr:`database`,
    :attr:`js_context`, :attr:`inventory`, :attr:`migrations`, :attr:`delivery`, :attr:`docs`.
    None of them raises on bad input: files that do not
    parse are listed in each model's ``not_checked``.
    """

    def __init__(self, repo: Repository, policy: Policy | None = None) -> None:
        self.repo = repo
        self.policy = policy or Policy()
        # One re-entrant lock for every model: functools.cached_property (before Python 3.12)
        # holds a per-property lock across instances, and models built under it that need each
        # other deadlock between threads (https://github.com/python/cpython/issues/87634).
        self._lock = threading.RLock()
        self._cache: dict[str, object] = {}
        self._shared_locks: dict[str, threading.Lock] = {}
        self._shared: dict[str, object] = {}

    def shared(self, name: str, build: Callable[[], T]) -> T:
        """A result several checks need, built once by the first that asks (``build`` must not
        use the program models: it runs under its own lock, not the models' lock, so other
        checks keep building models meanwhile)."""
        with self._lock:
            lock = self._shared_locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._shared:
                self._shared[name] = build()
            return self._shared[name]  # type: ignore[return-value]

    def _memo(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._cache:
                self._cache[name] = build()
            return self._cache[name]  # type: ignore[return-value]

    @property
    def python(self) -> PythonProject:
        return self._memo("python", lambda: build_python_project(list(self.repo.code_files("python"))))

    @property
    def js(self) -> JsProject:
        return self._memo(
            "js",
            lambda: build_js_project(
                list(self.repo.code_files(*JS_LANGUAGES)),
                [s for s in self.repo.files if _is_js_config(s.path)],
            ),
        )

    @property
    def database(self) -> Database:
        return self._memo("database", lambda: build_database(list(self.repo.code_files("sql"))))

    @property
    def docs(self) -> list[Section]:
        """Headed sections of the repository's Markdown documentation (:mod:`.docs`)."""
        return self._memo("docs", lambda: sections(self.repo))

    @property
    def migrations(self) -> Migrations:
        """Every schema migration, per framework (:mod:`readycheck.analysis.migrations`)."""
        return self._memo("migrations", lambda: build_migrations(self.repo, self.python, self.js, self.docs))

    @property
    def suppressions(self) -> list[Suppression]:
        """Inline, native and policy suppressions (:mod:`readycheck.suppressions`)."""
        return self._memo("suppressions", lambda: collect_suppressions(self.repo, self.policy))

    @property
    def observability(self) -> Observability:
        """Request logging and monitoring (:mod:`readycheck.analysis.observability`)."""
        return self._memo("observability", lambda: build_observability(self.python, self.js))

    @property
    def delivery(self) -> Delivery:
        """CI pipelines and deploy manifests (:mod:`readycheck.analysis.delivery`)."""
        return self._memo("delivery", lambda: build_delivery(self.repo))

    @property
    def exposed_schemas(self) -> frozenset[str]:
        return self._memo("exposed_schemas", self._exposed_schemas)

    def _exposed_schemas(self) -> frozenset[str]:
        """Schemas the Supabase API serves: ``[api] schemas`` of ``supabase/config.toml``,
        else ``public`` (Supabase's default)."""
        schemas: set[str] = set()
        for source in self._config_files():
            try:
                api = parse_toml(source.text).get("api", {})
            except tomllib.TOMLDecodeError:
                continue
            listed = api.get("schemas") if isinstance(api, dict) else None
            if isinstance(listed, list):
                schemas.update(str(s) for s in listed)
        return frozenset(schemas or {"public"})

    def _config_files(self) -> list[SourceFile]:
        return [
            s for s in self.repo.files if s.path == "supabase/config.toml" or s.path.endswith("/supabase/config.toml")
        ]

    @property
    def js_context(self) -> JsContext:
        return self._memo("js_context", self._js_context)

    def _js_context(self) -> JsContext:
        db = self.database
        columns: dict[str, tuple[str, ...]] = {}
        owned: set[str] = set()
        for table in db.tables.values():
            columns[table.short_name] = table.columns
            columns[table.name] = table.columns
            if table.rls and any("auth.uid()" in (p.using or "") + (p.check or "") for p in table.policies):
                owned.update({table.short_name, table.name})
        return JsContext(
            table_columns=columns,
            rls_owned_tables=frozenset(owned),
            admin_clients=frozenset(service_role_clients(self.js)),
        )

    @property
    def browser(self) -> dict[str, str]:
        """JS/TS files that ship to the browser: path → why (:mod:`readycheck.analysis.browser`)."""
        return self._memo("browser", lambda: browser_modules(self.repo, self.js))

    @property
    def dependencies(self) -> DependencyModel:
        """Declared and locked dependencies (:mod:`readycheck.analysis.dependencies`)."""
        return self._memo("dependencies", lambda: build_dependencies(self.repo))

    @property
    def env_reads(self) -> list[EnvRead]:
        """Environment variables the application code reads, with their fallbacks
        (:mod:`readycheck.analysis.envreads`); tests left out."""
        return self._memo("env_reads", lambda: env_reads(self.python, self.js))

    @property
    def agents(self) -> Agents:
        """The agent inventory: agents, their tools and what starts them
        (:mod:`readycheck.analysis.agents`)."""
        return self._memo("agents", lambda: build_agents(self.python, self.js, self.handlers.at))

    @property
    def jobs(self) -> Jobs:
        """Background jobs with their limits, retries and side effects
        (:mod:`readycheck.analysis.jobs`)."""
        return self._memo("jobs", lambda: build_jobs(self.python, self.js))

    @property
    def llm_flows(self) -> LlmFlows:
        """Model output reaching code, shell, SQL, HTML, file-path and URL sinks
        (:mod:`readycheck.analysis.llmflow`)."""
        return self._memo("llm_flows", lambda: build_llm_flows(self.python, self.js, self.browser, self.agents.tools))

    @property
    def handlers(self) -> HandlerIndex:
        """The located handler of every endpoint of the inventory."""
        return self._memo("handlers", lambda: HandlerIndex(self.python, self.js, self._raw_inventory.endpoints))

    @property
    def _raw_inventory(self) -> Inventory:
        return self._memo("raw_inventory", lambda: build_inventory(self.repo, self.python, self.js, self.js_context))

    @property
    def rate_limits(self) -> RateLimits:
        """The rate-limit status of every endpoint (:mod:`readycheck.analysis.ratelimits`)."""
        return self._memo(
            "rate_limits",
            lambda: build_rate_limits(
                self.repo, self.python, self.js, self._raw_inventory.endpoints, self.policy, self.handlers
            ),
        )

    @property
    def inventory(self) -> Inventory:
        """The endpoint inventory, each endpoint's ``rate_limit`` filled in from :attr:`rate_limits`
        and its ``logging`` from :attr:`observability` and its handler."""
        return self._memo("inventory", self._inventory)

    def _inventory(self) -> Inventory:
        raw, limits, seen, handlers = self._raw_inventory, self.rate_limits, self.observability, self.handlers
        endpoints = tuple(
            replace(e, rate_limit=describe(limits.of(e)), logging=describe_logging(seen, e, handlers.of(e)))
            for e in raw.endpoints
        )
        return replace(
            raw,
            endpoints=endpoints,
            not_checked=tuple(sorted({*raw.not_checked, *limits.not_checked}, key=lambda n: (n.path, n.reason))),
        )
