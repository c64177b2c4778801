"""RC204 table-without-rls: a Supabase table in an exposed schema without row-level
security."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import is_supabase_project
from readycheck.model import Category, Confidence, Finding, Severity


class TableWithoutRls(Check):
    """
    ## What it does

    Reads the repository's SQL migrations with the PostgreSQL parser and finds tables in a
    schema the Supabase API exposes (`public` by default) that never get
    `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` (or get it disabled again), including tables
    created with `CREATE TABLE ... AS`, which never inherit the source's row-level security.
    Tables declared public in the policy (`public.tables`) and tables whose privileges were
    revoked from `anon`/`authenticated` are left out. Corresponds to Supabase's database
    linter rule `0013_rls_disabled_in_public`.

    ## Why is this bad?

    Supabase serves every table of an exposed schema over its REST and GraphQL APIs. The
    `anon` key that ships in your web app is public, so without row-level security anyone
    can read, change and delete every row of the table from their browser's console.

    ## Example

    ```sql
    create table public.profiles (
      id uuid primary key references auth.users(id),
      full_name text,
      stripe_customer_id text
    );
    ```

    ## Use instead

    ```sql
    alter table public.profiles enable row level security;
    create policy "Users read their own profile" on public.profiles
      for select to authenticated using ((select auth.uid()) = id);
    ```

    ## References

    - [Supabase: Row Level Security](https://supabase.com/docs/guides/database/postgres/row-level-security)
    - [Supabase database linter 0013 rls_disabled_in_public](https://supabase.com/docs/guides/database/database-linter?lint=0013_rls_disabled_in_public)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-862: Missing Authorization](https://cwe.mitre.org/data/definitions/862.html)
    """

    id = "RC204"
    name = "table-without-rls"
    category = Category.OWNERSHIP
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    summary = "A Supabase table reachable through the API has no row-level security."
    owasp = ("A01:2021", "A01:2025", "API1:2023")
    cwe = ("CWE-862",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per exposed table without row-level security, at its CREATE line."""
        database = ctx.models.database
        exposed = ctx.models.exposed_schemas
        ctx.note_unchecked(database.not_checked)
        if not database.tables:
            raise NotApplicable("no CREATE TABLE in the repository's SQL")
        if not is_supabase_project(ctx):
            raise NotApplicable("not a Supabase project; tables are not exposed through an API")
        for table in database.tables.values():
            if table.schema not in exposed or table.rls or table.revoked_from_api:
                continue
            if ctx.policy.is_public_table(table.name):
                continue
            how = (
                " (created with CREATE TABLE ... AS, which does not copy row-level security)"
                if (table.copied_from_query)
                else ""
            )
            yield ctx.finding(
                path=table.path,
                line=table.line,
                message=(
                    f"Table {table.name} has no row-level security{how}: anyone with the public anon key can read, "
                    "change and delete every row through the Supabase API."
                ),
                key=f"table {table.name}",
            )
