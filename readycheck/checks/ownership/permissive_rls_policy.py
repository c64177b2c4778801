"""RC205 permissive-rls-policy: a row-level security policy that lets everyone in, or that
trusts data the user can edit."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.names import is_owner_field
from readycheck.analysis.sql import API_ROLES, Policy
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity

TRUE = {"true", "TRUE", "(true)", "1 = 1"}


class PermissiveRlsPolicy(Check):
    """
    ## What it does

    Reads row-level security policies from the repository's SQL migrations and finds:

    - policies for `anon`, `authenticated` or `public` whose `USING` or `WITH CHECK` is
      `true` on a table that holds per-user data (it has an owner column such as `user_id`
      or `owner_id`); a write policy (`insert`, `update`, `delete`, `all`) with `true` is
      reported on any table;
    - policies that decide access from `user_metadata` (`auth.jwt() -> 'user_metadata'`,
      `raw_user_meta_data`), which the user can change themselves; this is Supabase's
      linter rule `0015_rls_references_user_metadata`.

    Tables declared public in the policy (`public.tables`) are left out for reads.

    ## Why is this bad?

    Row-level security is switched on but the policy lets every caller see or change every
    row, so the table is as open as one without RLS. A policy on `user_metadata` can be
    defeated by any user with `supabase.auth.updateUser({ data: { role: "admin" } })`.

    ## Example

    ```sql
    create policy "Anyone can read projects" on public.projects for select using (true);
    ```

    ## Use instead

    ```sql
    create policy "Owners read their projects" on public.projects
      for select to authenticated using ((select auth.uid()) = owner_id);
    ```

    Keep roles in a table the user cannot write (or in `app_metadata`) and check them there.

    ## References

    - [Supabase: Row Level Security policies](https://supabase.com/docs/guides/database/postgres/row-level-security)
    - [Supabase database linter 0015 rls_references_user_metadata](https://supabase.com/docs/guides/database/database-linter?lint=0015_rls_references_user_metadata)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-863: Incorrect Authorization](https://cwe.mitre.org/data/definitions/863.html)
    """

    id = "RC205"
    name = "permissive-rls-policy"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A row-level security policy lets every caller in (USING true) or trusts user-editable metadata."
    owasp = ("A01:2021", "A01:2025", "API1:2023")
    cwe = ("CWE-863",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per permissive policy, at its CREATE POLICY line."""
        database = ctx.models.database
        ctx.note_unchecked(database.not_checked)
        policies = [p for t in database.tables.values() for p in t.policies]
        if not policies:
            raise NotApplicable("no row-level security policies in the repository's SQL")
        for policy in policies:
            table = database.tables[policy.table]
            if not set(policy.roles) & API_ROLES:
                continue
            expressions = " ".join(e for e in (policy.using, policy.check) if e)
            if "user_metadata" in expressions or "raw_user_meta_data" in expressions:
                yield self._finding(
                    ctx,
                    policy,
                    "decides access from user_metadata, which every user can edit for themselves",
                    Severity.HIGH,
                )
                continue
            if not _always_true(policy):
                continue
            writes = policy.command != "select"
            if not writes and (
                ctx.policy.is_public_table(table.name) or not any(is_owner_field(c) for c in table.columns)
            ):
                continue
            roles = ", ".join(policy.roles)
            if writes:
                text = f"lets {roles} {policy.command} every row of {table.name} (true)"
                severity = Severity.CRITICAL
            else:
                text = f"lets {roles} read every row of {table.name}, a table of per-user data (USING true)"
                severity = Severity.HIGH
            yield self._finding(ctx, policy, text, severity)

    def _finding(self, ctx: CheckContext, policy: Policy, text: str, severity: Severity) -> Finding:
        return ctx.finding(
            path=policy.path,
            line=policy.line,
            message=f'Policy "{policy.name}" {text}.',
            severity=severity,
            key=f"policy {policy.table} {policy.name}",
        )


def _always_true(policy: Policy) -> bool:
    using = (policy.using or "").strip()
    check = (policy.check or "").strip()
    return using in TRUE or check in TRUE
