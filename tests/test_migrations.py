"""The migration model per framework, bad migration files, severity combinations, and the
squawk adapter (recorded output, a missing tool, and a real run)."""

from __future__ import annotations

from pathlib import Path

import pytest

import readycheck.adapters.base as adapter_base
from readycheck.adapters import squawk as squawk_adapter
from readycheck.adapters._subprocess import OutcomeKind, ToolOutcome
from readycheck.analysis import ProgramModels
from readycheck.analysis.migrations import OpKind, ReverseState
from readycheck.analysis.migrations.types import ColumnType, narrowing
from readycheck.engine import ScanOptions, scan
from readycheck.repository import Repository
from tests.conftest import write_tree
from tests.test_delivery import findings

ALEMBIC = """\
import sqlalchemy as sa
from alembic import op

revision = "1"
down_revision = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("nickname")
        batch_op.create_index("ix_users_email", ["email"])
    op.execute("update users set active = true where active is null")


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_email")
        batch_op.add_column(sa.Column("nickname", sa.String(50)))
"""


def model(root: Path):
    return ProgramModels(Repository.scan(root, read_git=False)).migrations


def test_alembic_batch_operations(tmp_path: Path) -> None:
    migrations = model(write_tree(tmp_path, {"alembic/versions/1_users.py": ALEMBIC}))
    (migration,) = migrations.items
    forward = [(op.kind, op.table, op.column) for op in migration.forward]
    assert forward == [
        (OpKind.DROP_COLUMN, "users", "nickname"),
        (OpKind.CREATE_INDEX, "users", "ix_users_email"),
        (OpKind.UPDATE, "users", None),
    ]
    assert migration.forward[2].filtered and migration.forward[2].line == 12
    assert migration.reverse_state == ReverseState.PRESENT
    assert findings(tmp_path, "RC502") == []


@pytest.mark.parametrize(
    ("old", "new", "narrower"),
    [
        (ColumnType("varchar", (200,)), ColumnType("varchar", (50,)), True),
        (ColumnType("varchar", (50,)), ColumnType("text"), False),
        (ColumnType("text"), ColumnType("int4"), True),
        (ColumnType("int8"), ColumnType("int4"), True),
        (ColumnType("int4"), ColumnType("int8"), False),
        (ColumnType("int4"), ColumnType("numeric"), False),
        (ColumnType("numeric", (12, 4)), ColumnType("numeric", (12, 2)), True),
        (ColumnType("timestamptz"), ColumnType("date"), True),
        (None, ColumnType("int4"), False),
    ],
)
def test_type_narrowing(old: ColumnType | None, new: ColumnType, narrower: bool) -> None:
    assert bool(narrowing(old, new)) is narrower


def test_narrowing_uses_types_declared_by_earlier_sql_migrations(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "supabase/migrations/1_init.sql": "create table public.posts (id bigint primary key, title varchar(200));\n",
            "supabase/migrations/2_narrow.sql": "alter table public.posts alter column title type varchar(80);\n",
        },
    )
    (finding,) = findings(root, "RC503")
    assert "varchar(200) -> varchar(80)" in finding.message


def test_dbmate_sections_keep_their_lines(tmp_path: Path) -> None:
    text = "-- migrate:up\ncreate table a (id int);\n\n-- migrate:down\ndrop table a;\n"
    (migration,) = model(write_tree(tmp_path, {"db/migrations/1_a.sql": text})).items
    assert [(op.kind, op.line) for op in migration.forward] == [(OpKind.CREATE_TABLE, 2)]
    assert [(op.kind, op.line) for op in migration.reverse] == [(OpKind.DROP_TABLE, 5)]


def test_django_separate_database_and_state(tmp_path: Path) -> None:
    text = (
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        "    operations = [\n        migrations.SeparateDatabaseAndState(\n"
        "            database_operations=[migrations.RunSQL('drop table legacy_audit')],\n"
        "            state_operations=[migrations.DeleteModel('Audit')],\n        ),\n    ]\n"
    )
    (migration,) = model(write_tree(tmp_path, {"audit/migrations/0009_drop.py": text})).items
    assert [(op.kind, op.table) for op in migration.forward] == [(OpKind.DROP_TABLE, "legacy_audit")]
    assert [gap.line for gap in migration.gaps] == [7]


def test_migrations_that_do_not_parse_are_not_checked_and_the_scan_goes_on(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "alembic/versions/2_broken.py": "from alembic import op\n\ndef upgrade(:\n    pass\n",
            "supabase/migrations/1_bad.sql": "create tabel oops (id int);\nalter table public.t drop column c;\n",
        },
    )
    result = scan(root, ScanOptions(select=["RC503"]))
    run = next(r for r in result.runs if r.id == "RC503")
    notes = {(n.path, n.reason) for n in run.not_checked}
    assert ("supabase/migrations/1_bad.sql", "line 1: SQL statement could not be parsed") in notes
    assert any(path == "alembic/versions/2_broken.py" and "syntax error" in why for path, why in notes)
    assert [(f.location.path, f.location.line) for f in result.findings] == [("supabase/migrations/1_bad.sql", 2)]


DROP = "alter table public.projects drop column description;\n"
WORKFLOW = (
    "on: [push]\npermissions: {contents: read}\njobs:\n  m:\n    steps:\n"
    "      - run: pg_dump -Fc -f b.dump\n      - run: supabase db push\n"
)


@pytest.mark.parametrize(
    ("files", "severity"),
    [
        ({}, "critical"),
        ({".github/workflows/m.yml": WORKFLOW}, "high"),
        ({".readycheck.yml": 'version: 1\nbackups: "Neon point-in-time restore"\n'}, "high"),
        ({".github/workflows/m.yml": WORKFLOW, "README.md": "# X\n\n## Rollback\n\nRestore the backup.\n"}, "medium"),
        ({"supabase/migrations/1_drop.down.sql": "alter table public.projects add column description text;\n"}, "high"),
    ],
)
def test_destructive_severity_follows_backup_and_reverse(tmp_path: Path, files: dict[str, str], severity: str) -> None:
    name = "supabase/migrations/1_drop.up.sql" if any("down" in f for f in files) else "supabase/migrations/1_drop.sql"
    root = write_tree(tmp_path, {name: DROP, **files})
    (finding,) = findings(root, "RC503")
    assert finding.severity.value == severity


RECORDED = (
    '[{"file":"00000.sql","line":1,"column":0,"level":"Warning","message":"During normal index creation, '
    'table updates are blocked, but reads are still allowed.","help":"Use `concurrently` to avoid blocking writes.",'
    '"rule_name":"require-concurrent-index-creation","column_end":62,"line_end":1},'
    '{"file":"00000.sql","line":0,"column":28,"level":"Warning","message":"Dropping a column may break existing '
    'clients.","help":null,"rule_name":"ban-drop-column","column_end":51,"line_end":0},'
    '{"file":"00001.sql","line":3,"column":0,"level":"Error","message":"missing comma","help":null,'
    '"rule_name":"syntax-error","column_end":1,"line_end":3},'
    '{"file":"00001.sql","line":0,"column":0,"level":"Warning","message":"m","help":null,'
    '"rule_name":"require-concurrent-index-creation","column_end":1,"line_end":0},'
    '{"file":"00000.sql","line":4,"column":0,"level":"Warning","message":"m","help":null,'
    '"rule_name":"prefer-timestamp-tz","column_end":1,"line_end":4}]'
)


def test_squawk_output_is_mapped_back_to_files_and_lines() -> None:
    files = {"00000.sql": "supabase/migrations/2_idx.sql", "00001.sql": "supabase/migrations/1_init.sql"}
    created = {"supabase/migrations/1_init.sql": {0: False, 1: True}}
    violations, notes = squawk_adapter.parse_output(RECORDED, files, created)
    assert [(v["path"], v["line"], v["rule"]) for v in violations] == [
        ("supabase/migrations/2_idx.sql", 2, "require-concurrent-index-creation")
    ]
    assert [(n.path, n.reason) for n in notes] == [
        ("supabase/migrations/1_init.sql", "squawk could not parse the SQL at line 4")
    ]


def test_squawk_unreadable_output_is_a_tool_error() -> None:
    with pytest.raises(squawk_adapter.ToolError):
        squawk_adapter.parse_output("panicked at src/main.rs", {}, {})


def test_squawk_missing_makes_the_run_errored_and_the_report_provisional(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(argv, **_):
        return ToolOutcome(kind=OutcomeKind.MISSING, argv=tuple(argv), detail="squawk not found on PATH")

    monkeypatch.setattr(adapter_base, "run_tool", missing)
    root = write_tree(tmp_path, {"supabase/migrations/1_idx.sql": "create index i on public.t (c);\n"})
    result = scan(root, ScanOptions(select=["squawk"]))
    run = next(r for r in result.runs if r.id == "squawk")
    assert run.status.value == "errored" and "not found" in (run.reason or "")
    assert result.score.provisional


def test_squawk_runs_outside_the_tree(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "supabase/migrations/1_init.sql": "create table public.t (id bigint primary key, c text);\n"
            "create index t_c_idx on public.t (c);\n",
            "supabase/migrations/2_idx.sql": "\ncreate index t_id_c_idx on public.t (id, c);\n",
            ".squawk.toml": 'excluded_rules = ["require-concurrent-index-creation"]\n',
        },
    )
    before = sorted(p.name for p in root.rglob("*"))
    result = scan(root, ScanOptions(select=["squawk"]))
    run = next(r for r in result.runs if r.id == "squawk")
    assert run.status.value == "failed", run.reason
    assert run.version
    assert [(f.rule_id, f.location.path, f.location.line) for f in result.findings] == [
        ("squawk/require-concurrent-index-creation", "supabase/migrations/2_idx.sql", 2)
    ]
    assert sorted(p.name for p in root.rglob("*")) == before


def test_forward_only_framework_is_one_finding_at_the_latest_migration(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "supabase/migrations/1_init.sql": "create table public.a (id bigint primary key);\n",
            "supabase/migrations/2_b.sql": "create table public.b (id bigint primary key);\n",
            "supabase/migrations/3_drop.sql": "\ndrop table public.a;\n",
        },
    )
    (finding,) = findings(root, "RC501")
    assert (finding.location.path, finding.location.line, finding.severity.value) == (
        "supabase/migrations/3_drop.sql",
        2,
        "high",
    )
    assert "None of the 3 supabase migrations" in finding.message
    write_tree(tmp_path, {"README.md": "# A\n\n## Rolling back\n\nRestore the dump taken by CI.\n"})
    assert findings(root, "RC501") == []


def test_test_jobs_migrating_their_own_database_are_left_out(tmp_path: Path) -> None:
    test_only = (
        "on: [push]\njobs:\n  t:\n    services: {db: {image: postgres}}\n    steps:\n"
        "      - run: alembic upgrade head\n      - run: pytest\n"
    )
    root = write_tree(tmp_path, {".github/workflows/test.yml": test_only})
    result = scan(root, ScanOptions(select=["RC701"]))
    assert result.findings == ()
    write_tree(
        tmp_path, {".github/workflows/test.yml": test_only.replace("  t:\n", "  t:\n    environment: production\n")}
    )
    assert [f.location.line for f in findings(root, "RC701")] == [7]


def test_alembic_revisions_are_read_in_graph_order(tmp_path: Path) -> None:
    head = "import sqlalchemy as sa\nfrom alembic import op\n\n"
    first = (
        head
        + 'revision = "f00"\ndown_revision = None\n\n\ndef upgrade():\n'
        + (
            '    op.create_table("posts", sa.Column("title", sa.String(200)))\n\n\ndef downgrade():\n'
            '    op.drop_table("posts")\n'
        )
    )
    second = (
        head
        + 'revision = "a11"\ndown_revision = "f00"\n\n\ndef upgrade():\n'
        + (
            '    op.alter_column("posts", "title", type_=sa.String(40))\n\n\ndef downgrade():\n'
            '    op.alter_column("posts", "title", type_=sa.String(200))\n'
        )
    )
    # the child's file name sorts first: only the revision graph says it runs second
    root = write_tree(tmp_path, {"alembic/versions/a11_narrow.py": second, "alembic/versions/f00_init.py": first})
    (finding,) = findings(root, "RC503")
    assert "varchar(200) -> varchar(40)" in finding.message
