"""Program models computed once per scan and shared by the checks (DESIGN.md section 1): the
parsed Python and JS/TS projects, the SQL database model, and the endpoint inventory.

:class:`ProgramModels` builds each model the first time a check asks for it, under a lock, so
checks running in parallel threads share one copy.
"""

from __future__ import annotations

import threading
import tomllib
from functools import cached_property

from readycheck.analysis.endpoints import Inventory, build_inventory
from readycheck.analysis.endpoints.javascript import JsContext, read_no_verify_jwt, service_role_clients
from readycheck.analysis.js import JS_LANGUAGES, JsProject, build_js_project
from readycheck.analysis.python import PythonProject, build_python_project
from readycheck.analysis.sql import Database, build_database
from readycheck.model import NotChecked
from readycheck.repository import Repository, SourceFile


class ProgramModels:
    """Lazily built, thread-safe program models of one repository.

    Attributes are computed on first access: :attr:`python`, :attr:`js`, :attr:`database`,
    :attr:`js_context`, :attr:`inventory`. None of them raises on bad input: files that do not
    parse are listed in each model's ``not_checked``.
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._lock = threading.RLock()

    @cached_property
    def python(self) -> PythonProject:
        with self._lock:
            return build_python_project(list(self.repo.code_files("python")))

    @cached_property
    def js(self) -> JsProject:
        with self._lock:
            return build_js_project(list(self.repo.code_files(*JS_LANGUAGES)))

    @cached_property
    def database(self) -> Database:
        with self._lock:
            return build_database(list(self.repo.code_files("sql")))

    @cached_property
    def supabase_config_problems(self) -> tuple[NotChecked, ...]:
        """Problems reading ``supabase/config.toml`` (invalid TOML)."""
        return self._config()[1]

    @cached_property
    def exposed_schemas(self) -> frozenset[str]:
        """Schemas the Supabase API serves: ``[api] schemas`` of ``supabase/config.toml``,
        else ``public`` (Supabase's default)."""
        schemas: set[str] = set()
        for source in self._config_files():
            try:
                api = tomllib.loads(source.text).get("api", {})
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

    def _config(self) -> tuple[frozenset[str], tuple[NotChecked, ...]]:
        names: set[str] = set()
        problems: list[NotChecked] = []
        for source in self._config_files():
            try:
                names |= read_no_verify_jwt(source.text)
            except tomllib.TOMLDecodeError:
                problems.append(NotChecked(path=source.path, reason="invalid TOML; verify_jwt settings unknown"))
        return frozenset(names), tuple(problems)

    @cached_property
    def js_context(self) -> JsContext:
        with self._lock:
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
                no_verify_jwt=self._config()[0],
            )

    @cached_property
    def inventory(self) -> Inventory:
        with self._lock:
            return build_inventory(self.repo, self.python, self.js, self.js_context)
