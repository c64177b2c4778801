"""The delivery model and the repository-level delivery rules, on small example trees: what
deploys, in what order, and the findings that only make sense for a whole repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from readycheck.analysis.commands import Role, command_roles, split_commands
from readycheck.analysis.delivery import build_delivery
from readycheck.engine import ScanOptions, scan
from readycheck.model import Finding
from readycheck.repository import Repository
from tests.conftest import write_tree


def findings(root: Path, rule: str) -> list[Finding]:
    result = scan(root, ScanOptions(select=[rule]))
    run = next(r for r in result.runs if r.id == rule)
    assert run.status.value in ("passed", "failed"), run.reason
    return [f for f in result.findings if f.rule_id == rule]


DEPLOY = """\
name: deploy
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: flyctl deploy --remote-only
      - run: curl --fail https://app.example.com/healthz
"""


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("npx prisma migrate deploy", {Role.MIGRATE}),
        ("poetry run alembic upgrade head", {Role.MIGRATE}),
        ("docker compose run --rm web python manage.py migrate", {Role.MIGRATE}),
        ("python -m pytest -q", {Role.TEST}),
        ("bun ./node_modules/prisma/build/index.js migrate deploy || echo failed", {Role.MIGRATE}),
        ("node node_modules/.bin/knex migrate:latest", {Role.MIGRATE}),
        ("DATABASE_URL=x pg_dump -Fc -f b.dump", {Role.BACKUP}),
        ("supabase db dump -f backup.sql", {Role.BACKUP}),
        ("prisma migrate dev", set()),
        ("vercel --prod", {Role.DEPLOY}),
        ("curl -X POST https://api.render.com/deploy/srv-x?key=y", {Role.DEPLOY}),
        ("curl --fail https://app.example.com/healthz", {Role.SMOKE}),
        ("kubectl rollout status deployment/api", {Role.SMOKE}),
        ("echo done", set()),
    ],
)
def test_command_roles(text: str, roles: set[Role]) -> None:
    found: set[Role] = set()
    for command in split_commands(text):
        found |= command_roles(command.words)
    assert found == roles


def test_redirections_are_not_words() -> None:
    (first, _, second) = split_commands('prisma migrate deploy 2>&1 || true\necho "A=$B" >> "$GITHUB_ENV"')
    assert first.words == ("prisma", "migrate", "deploy") and not first.redirected
    assert second.words == ("echo", "A=$B") and second.redirected


def test_split_commands_keeps_lines_and_joins_continuations() -> None:
    commands = list(split_commands("pg_dump \\\n  -Fc db && alembic upgrade head\n# a comment\necho ok", first_line=10))
    assert [(c.words[0], c.line) for c in commands] == [("pg_dump", 10), ("alembic", 10), ("echo", 13)]


def test_scripts_makefile_and_entrypoints_are_followed(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "package.json": '{"scripts": {"release": "npm run db:migrate", "db:migrate": "knex migrate:latest"}}',
            "Makefile": 'deploy:\n\tpg_dump -Fc -f b.dump "$$DATABASE_URL"\n\talembic upgrade head\n',
            "docker/entrypoint.sh": "#!/bin/sh\nset -e\npython manage.py migrate\nexec gunicorn app.wsgi\n",
            "Dockerfile": 'FROM python:3.11\nENTRYPOINT ["/app/entrypoint.sh"]\n',
            ".github/workflows/ci.yml": "on: [push]\njobs:\n  a:\n    environment: production\n    steps:\n"
            "      - run: npm run release\n"
            "      - run: make deploy\n",
        },
    )
    delivery = build_delivery(Repository.scan(root, read_git=False))
    steps = [step for _, _, _, step in delivery.steps()]
    assert steps[0].order == (Role.MIGRATE,)
    assert steps[1].order == (Role.BACKUP, Role.MIGRATE)
    start = next(c for c in delivery.commands if c.path == "Dockerfile")
    assert start.kind == "start" and Role.MIGRATE in start.order
    lines = {(f.location.path, f.location.line) for f in findings(root, "RC701")}
    assert lines == {(".github/workflows/ci.yml", 6), ("Dockerfile", 2)}


def test_start_script_that_migrates(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"package.json": '{\n  "scripts": {\n    "start": "prisma migrate deploy && next start"\n  }\n}\n'}
    )
    (finding,) = findings(root, "RC701")
    assert (finding.location.path, finding.location.line) == ("package.json", 3)
    assert "every time it starts" in finding.message


def test_platform_deploy_without_any_tests(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"render.yaml": "services:\n  - type: web\n    startCommand: gunicorn app.wsgi\n"})
    (finding,) = findings(root, "RC702")
    assert finding.location.path == "render.yaml" and "render" in finding.message
    write_tree(tmp_path, {".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    steps:\n      - run: npm test\n"})
    assert findings(root, "RC702") == []


def test_nothing_deploys_is_not_applicable(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"app.py": "print('hi')\n"})
    result = scan(root, ScanOptions(select=["RC702", "RC703", "RC704", "RC701"]))
    assert {r.status.value for r in result.runs} == {"skipped"}


@pytest.mark.parametrize(
    "extra",
    [
        {"README.md": "# App\n\n## Rollback\n\nRedeploy the previous image.\n"},
        {"docs/runbook.md": "# Runbook\n\n### How to roll back a release\n\n...\n"},
        {
            ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: echo\n"
        },
        {
            ".github/workflows/redeploy.yml": "on:\n  workflow_dispatch:\n    inputs:\n      version:\n"
            "        required: true\njobs:\n  r:\n    steps:\n      - run: flyctl deploy --image x\n"
        },
    ],
)
def test_rollback_paths(tmp_path: Path, extra: dict[str, str]) -> None:
    root = write_tree(tmp_path, {".github/workflows/deploy.yml": DEPLOY})
    (finding,) = findings(root, "RC704")
    assert (finding.location.path, finding.location.line) == (".github/workflows/deploy.yml", 14)
    write_tree(tmp_path, extra)
    assert findings(root, "RC704") == []


def test_health_endpoint_and_platform_health_checks(tmp_path: Path) -> None:
    app = 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/notes")\ndef notes():\n    return []\n'
    workflow = DEPLOY.replace("      - run: curl --fail https://app.example.com/healthz\n", "")
    root = write_tree(tmp_path, {"main.py": app, ".github/workflows/deploy.yml": workflow})
    found = {(f.location.path, f.location.line, f.severity.value) for f in findings(root, "RC703")}
    assert found == {(".github/workflows/deploy.yml", 14, "medium"), ("main.py", 4, "low")}
    write_tree(tmp_path, {"fly.toml": 'app = "x"\n\n[[http_service.checks]]\n  path = "/notes"\n'})
    assert {f.location.path for f in findings(root, "RC703")} == {"main.py"}


def test_missing_readme_is_one_repository_finding(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"app.py": "print('hi')\n"})
    (finding,) = findings(root, "RC709")
    assert finding.location.path is None and finding.severity.value == "medium"


def test_no_env_example_is_one_finding(tmp_path: Path) -> None:
    code = "import os\nA = os.environ['STRIPE_KEY']\nB = os.getenv('MAILER_KEY')\nC = os.getenv('PORT')\n"
    root = write_tree(tmp_path, {"app.py": code})
    (finding,) = findings(root, "RC710")
    assert "2 environment variable(s) (MAILER_KEY, STRIPE_KEY)" in finding.message
    assert (finding.location.path, finding.location.line) == ("app.py", 2)
    write_tree(tmp_path, {"render.yaml": "services:\n  - envVars:\n      - key: STRIPE_KEY\n      - key: MAILER_KEY\n"})
    assert findings(root, "RC710") == []


def test_workflow_that_does_not_parse_is_not_checked(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {".github/workflows/bad.yml": "on: [push\njobs: {", ".github/workflows/ok.yml": "on: [push]\njobs: {}\n"},
    )
    result = scan(root, ScanOptions(select=["RC705"]))
    run = next(r for r in result.runs if r.id == "RC705")
    assert [n.path for n in run.not_checked] == [".github/workflows/bad.yml"]


def test_secret_values_never_reach_the_report(tmp_path: Path) -> None:
    secret = "sk_live_51ReadycheckNeverPrintMe000000"
    workflow = (
        "on: [push]\npermissions: {contents: read}\njobs:\n  a:\n    steps:\n"
        f'      - run: echo "${{{{ secrets.TOKEN }}}} {secret}"\n'
    )
    root = write_tree(tmp_path, {".github/workflows/ci.yml": workflow})
    (finding,) = findings(root, "RC707")
    assert finding.location.line == 6
    assert secret not in repr(finding)


@pytest.mark.parametrize(
    ("route", "health"),
    [
        ("/healthz", True),
        ("/api/v1/health", True),
        ("/status", True),
        ("/api/status", True),
        ("/api/orders/{id}/status", False),
        ("/auth/sign-up", False),
        ("/api/ping", True),
        ("/", False),
    ],
)
def test_health_routes(route: str, health: bool) -> None:
    from readycheck.checks.delivery.deploy_without_smoke_test import is_health_route

    assert is_health_route(route) is health


def test_declared_backup_counts_for_migrate_steps(tmp_path: Path) -> None:
    workflow = DEPLOY.replace("      - run: flyctl deploy", "      - run: supabase db push\n      - run: flyctl deploy")
    root = write_tree(
        tmp_path, {".github/workflows/deploy.yml": workflow, "Procfile": "web: alembic upgrade head && uvicorn a:app\n"}
    )
    assert {f.location.path for f in findings(root, "RC701")} == {".github/workflows/deploy.yml", "Procfile"}
    write_tree(tmp_path, {".readycheck.yml": 'version: 1\nbackups: "Supabase PITR, Pro plan"\n'})
    (startup,) = findings(root, "RC701")
    assert startup.location.path == "Procfile" and "no backup" not in startup.message


def test_reusable_deploy_workflow_is_gated_by_its_callers(tmp_path: Path) -> None:
    caller = (
        "on: [push]\npermissions: {contents: read}\njobs:\n  test:\n    steps:\n      - run: pytest\n"
        "  deploy:\n    needs: test\n    uses: ./.github/workflows/deploy.yml\n"
        "  smoke:\n    needs: deploy\n    steps:\n      - run: curl --fail https://app.example.com/healthz\n"
    )
    called = (
        "on:\n  workflow_call:\npermissions: {contents: read}\njobs:\n  ship:\n    steps:\n"
        "      - run: flyctl deploy --remote-only\n"
    )
    root = write_tree(tmp_path, {".github/workflows/ci.yml": caller, ".github/workflows/deploy.yml": called})
    assert findings(root, "RC702") == []
    assert findings(root, "RC703") == []
    write_tree(tmp_path, {".github/workflows/ci.yml": caller.replace("    needs: test\n", "")})
    (finding,) = findings(root, "RC702")
    assert (finding.location.path, finding.location.line) == (".github/workflows/deploy.yml", 7)


def test_env_vars_declared_by_manifests_anywhere(tmp_path: Path) -> None:
    code = (
        "import os\nA = os.environ['ALPHA']\nB = os.environ['BETA']\nC = os.environ['GAMMA']\nD = os.environ['DELTA']\n"
    )
    root = write_tree(
        tmp_path,
        {
            "app.py": code,
            ".env.example": "OTHER=\n",
            "infra/fly.toml": 'app = "x"\n[env]\n  ALPHA = "1"\n',
            "docker-compose.yml": "services:\n  web:\n    environment:\n      - BETA=1\n",
            ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    env:\n      GAMMA: x\n    steps:\n      - run: pytest\n",
        },
    )
    (finding,) = findings(root, "RC710")
    assert "DELTA" in finding.message
