"""RC202 unauthenticated-state-change: an endpoint that writes or deletes data with no
authentication at all."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints, is_auth_flow
from readycheck.model import (
    AuthStatus,
    BodyWrite,
    Category,
    Confidence,
    Finding,
    ObjectLookup,
    Operation,
    Severity,
)


class UnauthenticatedStateChange(Check):
    """
    ## What it does

    Finds endpoints that create, change or delete stored data while no authentication
    applies: the authorization model followed the route from the app to the handler (app and
    router dependencies, mounts, middleware, decorators, base classes, the handler's own
    session or token checks) and found no guard. The finding lists the places it read.
    Where a hop could not be resolved (a router registered dynamically, a decorator it
    cannot read), the endpoint's authentication is *unknown*: the finding is low severity
    and says so. Login, signup, password-reset, token and webhook routes are left out (they are
    public by nature; webhooks have their own rule), and so are endpoints declared public in
    the policy (`public.endpoints`).

    ## Why is this bad?

    Anyone on the internet can call the endpoint: create records in your database, edit
    other people's data or delete it, without an account. Automated scanners find such
    routes within days of a deploy.

    ## Example

    ```typescript
    // app/api/projects/[id]/route.ts
    export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
      await supabaseAdmin.from("projects").delete().eq("id", params.id);
      return Response.json({ ok: true });
    }
    ```

    ## Use instead

    Authenticate the caller first, then act only on what they own:

    ```typescript
    export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
      const supabase = createClient();
      const { data: { user } } = await supabase.auth.getUser();
      if (!user) return new Response("Unauthorized", { status: 401 });
      await supabase.from("projects").delete().eq("id", params.id).eq("owner_id", user.id);
      return Response.json({ ok: true });
    }
    ```

    If the endpoint is public on purpose (a contact form), declare it in `.readycheck.yml`
    under `public: endpoints: ["POST /api/contact"]`.

    ## References

    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [OWASP API5:2023 Broken Function Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/)
    - [CWE-306: Missing Authentication for Critical Function](https://cwe.mitre.org/data/definitions/306.html)
    - [CWE-862: Missing Authorization](https://cwe.mitre.org/data/definitions/862.html)
    """

    id = "RC202"
    name = "unauthenticated-state-change"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "An endpoint creates, changes or deletes data without any authentication."
    owasp = ("A01:2021", "A01:2025", "API5:2023")
    cwe = ("CWE-306", "CWE-862")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per endpoint that writes data and that the authorization model found
        public (every place a guard could come from was read, none applies), at its route
        line, with the places read as evidence. An endpoint whose authentication is unknown
        (a hop could not be resolved) gets a low-severity, low-confidence finding that says
        so, never "anyone can call it"."""
        for endpoint in endpoints(ctx):
            if endpoint.auth_status is AuthStatus.AUTHENTICATED or endpoint.admin_only or is_auth_flow(endpoint):
                continue
            if endpoint.kind == "event" or ctx.policy.is_public_endpoint(endpoint.method, endpoint.route):
                continue
            writes = [lk for lk in endpoint.lookups if lk.operation in {Operation.WRITE, Operation.DELETE}]
            creates: list[BodyWrite | ObjectLookup] = [
                *endpoint.body_writes,
                *(lk for lk in endpoint.lookups if lk.operation == Operation.CREATE),
            ]
            if not writes and not creates:
                continue
            deletes = any(lk.operation == Operation.DELETE for lk in writes)
            action = "deletes" if deletes else ("changes" if writes else "creates")
            models = sorted({m for m in [*(lk.model for lk in writes), *(b.model for b in creates)] if m})
            what = f" {', '.join(models)} records" if models else " records"
            if endpoint.auth_status is AuthStatus.UNKNOWN:
                why = endpoint.auth_chain[0].note if endpoint.auth_chain else "a hop could not be resolved"
                yield ctx.finding(
                    path=endpoint.path,
                    line=endpoint.line,
                    message=(
                        f"{endpoint.method} {endpoint.route} {action}{what}, and whether it requires a sign-in is "
                        f"unknown ({why}); check by hand that it does."
                    ),
                    severity=Severity.LOW,
                    confidence=Confidence.LOW,
                    endpoint=endpoint.ref,
                    key=f"{endpoint.method} {endpoint.route}",
                    evidence=endpoint.auth_chain,
                )
                continue
            yield ctx.finding(
                path=endpoint.path,
                line=endpoint.line,
                message=(
                    f"{endpoint.method} {endpoint.route} {action}{what} and no authentication applies to it: anyone "
                    "on the internet can call it."
                ),
                severity=Severity.CRITICAL if deletes else Severity.HIGH,
                confidence=Confidence.HIGH
                if (writes or any(isinstance(b, BodyWrite) and b.fields for b in creates))
                else Confidence.MEDIUM,
                endpoint=endpoint.ref,
                key=f"{endpoint.method} {endpoint.route}",
                evidence=(*endpoint.evidence[:1], *endpoint.auth_chain),
            )
