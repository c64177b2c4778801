"""RC701 migrate-without-backup: migrations run in the deploy path with no backup before them,
or at application start-up."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import Role
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import before, delivery, precedes
from readycheck.model import Category, Confidence, Finding, Severity


class MigrateWithoutBackup(Check):
    """
    ## What it does

    Finds the places where the deploy path migrates the production database
    (`alembic upgrade`, `manage.py migrate`, `prisma migrate deploy`, `supabase db push`,
    `knex migrate:latest`, `sequelize db:migrate`, `drizzle-kit migrate`/`push`, `flask db
    upgrade`, dbmate, goose, golang-migrate, sqlx, Rails) with no backup before it:

    - CI steps (GitHub Actions, GitLab CI) of a pipeline that deploys, targets an
      `environment` or reads the database URL from secrets (a test job migrating its own
      throwaway database is left out) with no `pg_dump`, `supabase db dump`, provider
      snapshot (`heroku pg:backups:capture`, `aws rds create-db-snapshot`, `gcloud sql
      backups create`, `neonctl branches create`) or backup script earlier in the job or in
      a job it needs;
    - platform release commands (Procfile `release:`, fly.toml `release_command`,
      render.yaml/railway `preDeployCommand`, `vercel-build`/`build` scripts) with no
      backup earlier in the same command;
    - migrations that run when the app starts (Dockerfile `CMD`/`ENTRYPOINT` and the
      entrypoint script, Procfile `web:`, `npm start`/`prestart`, `startCommand`): every
      instance races to migrate, a failed migration crash-loops the app, and nothing backs
      up first.

    `npm run`, `make` targets and the repository's scripts are followed to what they run.
    A backup taken outside the repository (a provider's point-in-time recovery) is declared
    in `.readycheck.yml` as `backups: "Supabase PITR, Pro plan"`; migrate steps then count as
    backed up (start-up migrations are still reported).

    ## Why is this bad?

    A migration that goes wrong in production (a dropped column, a bad backfill) can only be
    undone from a backup taken just before it. Daily provider backups lose up to a day of
    your customers' data.

    ## Example

    ```yaml
    - name: Migrate
      run: alembic upgrade head
    ```

    ## Use instead

    ```yaml
    - name: Back up the database
      run: pg_dump --format=custom --file backup.dump "$DATABASE_URL"
    - name: Migrate
      run: alembic upgrade head
    ```

    ## References

    - [PostgreSQL: pg_dump](https://www.postgresql.org/docs/current/app-pgdump.html)
    - [Supabase CLI: db dump](https://supabase.com/docs/reference/cli/supabase-db-dump)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-664: Improper Control of a Resource Through its Lifetime](https://cwe.mitre.org/data/definitions/664.html)
    """

    id = "RC701"
    name = "migrate-without-backup"
    category = Category.DELIVERY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "The deploy path migrates the production database with no backup step before it."
    owasp = ("A04:2021", "A08:2021")
    cwe = ("CWE-664",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per migrating step or command with no backup before it, and one per
        start command that migrates."""
        model = delivery(ctx)
        seen = False
        for workflow, job, index, step in model.steps():
            if Role.MIGRATE not in step.roles:
                continue
            seen = True
            production = workflow.deploys or job.environment or any("secrets." in value for _, value in step.env)
            if not production:
                continue  # a test job migrating its own throwaway database
            backed_up = (
                bool(ctx.policy.backups)
                or before(model, workflow, job, index, Role.BACKUP)
                or precedes(step.order, Role.BACKUP, Role.MIGRATE)
            )
            if not backed_up:
                yield ctx.finding(
                    path=step.path,
                    line=step.line,
                    message=(
                        f"Job '{job.name}' migrates the database ({step.label}) with no backup step before it: "
                        "a bad migration cannot be undone."
                    ),
                )
        for command in model.commands:
            if Role.MIGRATE not in command.order:
                continue
            seen = True
            shown = command.migrate or command.text
            if command.kind == "start":
                yield ctx.finding(
                    path=command.path,
                    line=command.line,
                    message=(
                        f"The app migrates its database every time it starts ({shown}): instances race to "
                        "migrate and a failed migration crash-loops the app"
                        + ("" if ctx.policy.backups else ", with no backup taken first")
                        + ". Run migrations once, as a release step after a backup."
                    ),
                )
            elif not ctx.policy.backups and not precedes(command.order, Role.BACKUP, Role.MIGRATE):
                yield ctx.finding(
                    path=command.path,
                    line=command.line,
                    message=(f"This {command.kind} command migrates the database ({shown}) with no backup before it."),
                )
        if not seen:
            raise NotApplicable("nothing in the repository's CI or deploy configuration runs migrations")
