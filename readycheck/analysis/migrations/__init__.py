"""The migration model (DESIGN.md section 1): every schema migration of the repository, per
framework, as forward and reverse :class:`Operation` lists.

Readers: Alembic and Django (:mod:`.pymigrations`, stdlib ``ast``), SQL folders of Supabase,
Prisma, Drizzle, golang-migrate/sqlx, dbmate and goose (:mod:`.sqlfiles`, ``pglast``), Knex
and Sequelize (:mod:`.jsmigrations`, ``ast-grep-py``). A file that does not parse is listed in
``Migrations.not_checked`` with its path; the others are still read.
"""

from __future__ import annotations

from readycheck.analysis.docs import Section, find_section
from readycheck.analysis.js import JsProject
from readycheck.analysis.migrations.jsmigrations import is_js_migration_path, read_js_migration
from readycheck.analysis.migrations.model import (
    DATA_LOSING,
    Gap,
    Migration,
    Migrations,
    Operation,
    OpKind,
    ReverseState,
)
from readycheck.analysis.migrations.pymigrations import (
    alembic_order,
    is_alembic,
    is_django,
    read_alembic,
    read_django,
)
from readycheck.analysis.migrations.sqlfiles import read_sql_migrations
from readycheck.analysis.migrations.types import ColumnType
from readycheck.analysis.python import PythonProject
from readycheck.model import NotChecked
from readycheck.repository import Repository

__all__ = [
    "DATA_LOSING",
    "Gap",
    "Migration",
    "Migrations",
    "OpKind",
    "Operation",
    "ReverseState",
    "build_migrations",
    "rollback_section",
]

ROLLBACK_WORDS = ("rollback", "roll back", "rolling back", "revert", "restore", "disaster recovery")


def rollback_section(all_sections: list[Section]) -> Section | None:
    """The documentation section that explains how to roll back, if any."""
    return find_section(all_sections, *ROLLBACK_WORDS)


def build_migrations(repo: Repository, python: PythonProject, js: JsProject, docs: list[Section]) -> Migrations:
    """Read every migration of the repository.

    Args:
        repo: the scanned tree (its ``.sql`` files are read here).
        python / js: the parsed projects (migrations that did not parse are already in their
            ``not_checked``; they are repeated here when they sit in a migrations folder).
        docs: the documentation sections (a rollback runbook makes forward-only SQL
            migrations count as documented).

    Returns:
        The migrations sorted by path (the order migration tools apply them in, for
        timestamped and numbered names).
    """
    result = Migrations()
    types: dict[tuple[str, str], ColumnType] = {}
    python_modules = sorted(python.index.by_path.values(), key=lambda m: m.source.path)
    for module in alembic_order([m for m in python_modules if is_alembic(m)]):
        result.items.append(read_alembic(module, types))
    for module in python_modules:
        if not is_alembic(module) and is_django(module):
            result.items.append(read_django(module, types))
    for note in python.not_checked:
        if "/versions/" in f"/{note.path}" or "/migrations/" in f"/{note.path}":
            result.not_checked.append(NotChecked(path=note.path, reason=f"migration not checked: {note.reason}"))
    sql, notes = read_sql_migrations(
        sorted(repo.code_files("sql"), key=lambda s: s.path),
        types=types,
        rollback_documented=rollback_section(docs) is not None,
    )
    result.items.extend(sql)
    result.not_checked.extend(notes)
    for path, js_module in sorted(js.modules.items()):
        if not is_js_migration_path(path):
            continue
        migration = read_js_migration(js_module)
        if migration is not None:
            result.items.append(migration)
            if js_module.error_line is not None:
                result.not_checked.append(
                    NotChecked(path=path, reason=f"migration read in part: syntax error at line {js_module.error_line}")
                )
    result.items.sort(key=lambda m: m.path)
    return result
