"""RC206 exposed-security-definer: a SECURITY DEFINER function or a view the Supabase API
exposes, which runs with its owner's rights and skips row-level security."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import is_supabase_project
from readycheck.model import Category, Confidence, Finding, Severity

CALLER_CHECKS = ("auth.uid()", "auth.jwt()", "auth.role()", "current_user", "session_user")


class ExposedSecurityDefiner(Check):
    """
    ## What it does

    Finds, in a Supabase project's SQL:

    - `SECURITY DEFINER` functions in an exposed schema that `anon`/`authenticated` can still
      execute (no `REVOKE EXECUTE`), are not trigger functions, and never look at the caller
      (`auth.uid()`, `auth.jwt()`);
    - views in an exposed schema created without `WITH (security_invoker = true)`; this is
      Supabase's linter rule `0010_security_definer_view`.

    ## Why is this bad?

    Both run with the rights of their owner (usually `postgres`), so row-level security on
    the tables they read does not apply. Anyone with the public anon key can call
    `supabase.rpc("fn")` or select from the view and get rows that RLS would have hidden.

    ## Example

    ```sql
    create function public.get_all_emails() returns setof text
    language sql security definer as $$ select email from auth.users $$;
    ```

    ## Use instead

    Prefer `security invoker`; when definer rights are needed, check the caller inside and
    revoke execution from the API roles:

    ```sql
    revoke execute on function public.get_all_emails() from public, anon;
    create view public.my_projects with (security_invoker = true) as select * from projects;
    ```

    ## References

    - [Supabase database linter 0010 security_definer_view](https://supabase.com/docs/guides/database/database-linter?lint=0010_security_definer_view)
    - [Supabase: Database functions, security definer vs invoker](https://supabase.com/docs/guides/database/functions#security-definer-vs-invoker)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-269: Improper Privilege Management](https://cwe.mitre.org/data/definitions/269.html)
    """

    id = "RC206"
    name = "exposed-security-definer"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A SECURITY DEFINER function or definer-rights view is callable through the Supabase API and skips RLS."
    owasp = ("A01:2021", "A01:2025")
    cwe = ("CWE-269", "CWE-862")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per exposed definer function or view."""
        database = ctx.models.database
        exposed = ctx.models.exposed_schemas
        ctx.note_unchecked(database.not_checked)
        if not database.functions and not database.views:
            raise NotApplicable("no SQL functions or views in the repository")
        if not is_supabase_project(ctx):
            raise NotApplicable("not a Supabase project; functions are not exposed through an API")
        texts = {(s.path, s.line): s.text for s in database.statements}
        for function in database.functions.values():
            schema = function.name.split(".", 1)[0]
            if not function.security_definer or not function.api_callable or schema not in exposed:
                continue
            text = texts.get((function.path, function.line), "")
            lowered = text.lower()
            if "returns trigger" in lowered or any(check in lowered for check in CALLER_CHECKS):
                continue
            yield ctx.finding(
                path=function.path,
                line=function.line,
                message=(
                    f"Function {function.name} runs as its owner (SECURITY DEFINER), never checks the caller, and "
                    "anyone with the anon key can call it with supabase.rpc(); row-level security does not apply."
                ),
                key=f"function {function.name}",
            )
        for view in database.views.values():
            if view.security_invoker or not view.api_callable or view.name.split(".", 1)[0] not in exposed:
                continue
            yield ctx.finding(
                path=view.path,
                line=view.line,
                message=(
                    f"View {view.name} runs with its owner's rights (no security_invoker), so row-level security "
                    "on the tables it reads does not apply to API callers."
                ),
                confidence=Confidence.HIGH,
                key=f"view {view.name}",
            )
