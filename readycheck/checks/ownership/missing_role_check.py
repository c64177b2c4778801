"""RC210 missing-role-check: an administrator's function that any caller, or any signed-in
user, can call (function-level authorization, OWASP API5:2023)."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from readycheck.analysis.handlers import Handler
from readycheck.analysis.jsauthz import guards_of
from readycheck.analysis.privilege import (
    Fact,
    admin_handler_name,
    admin_segment,
    js_request_roles,
    js_role_check,
    js_wholesale,
    python_request_roles,
    python_role_check,
    python_wholesale,
)
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints, is_auth_flow
from readycheck.model import AuthStatus, Category, Confidence, Endpoint, Finding, Hop, Severity


class MissingRoleCheck(Check):
    """
    ## What it does

    Finds administrator's functions that no role check protects: endpoints under an
    administrative route (`/admin/...`, `/internal/...`, `/superuser/...`, `/backoffice/...`)
    and endpoints whose handler drops, truncates or empties a whole table or database
    (`metadata.drop_all()`, `User.objects.all().delete()`, `deleteMany({})`,
    `sequelize.sync({ force: true })`, `TRUNCATE`), when the authorization model found no
    guard that requires a role or permission beyond signing in: no admin dependency, no
    `IsAdminUser` or custom permission class, no `@Roles(...)`, no `auth('manageUsers')` or
    `isAdmin` middleware, no role test in the handler or in the functions it calls (three
    calls deep: `assertIsAdmin(user)` in a service counts). Where other routes of the same
    admin area do require a role, the finding is low confidence (medium for writes, low for
    reads): such areas are often a staff back office where some routes are meant for every
    signed-in user. It also finds handlers that decide
    whether the caller is an administrator from what the caller sends (`if body.role ==
    "admin"`, `req.headers["x-admin"]`). The finding shows the route, the guards it followed
    (file:line of each hop) and the line that makes the function an administrator's one.
    Where the endpoint's authentication is unknown, the finding is low severity and says so.

    ## Why is this bad?

    Every signed-in user (or, with no sign-in at all, anyone on the internet) can use the
    admin area: list every customer, change anyone's plan, or wipe the database with one
    request. Sending `"role": "admin"` in a request body is the first thing an attacker tries.

    ## Example

    ```python
    @router.delete("/admin/users/{user_id}")
    def delete_user(user_id: int, user: User = Depends(get_current_user)):  # any signed-in user
        db.query(User).filter(User.id == user_id).delete()


    @app.get("/reset_db")
    def reset_db():
        Base.metadata.drop_all(bind=engine)
    ```

    ## Use instead

    Require the role in a dependency, decorator or middleware that every admin route uses, and
    read roles from the signed-in user, never from the request:

    ```python
    def get_admin_user(user: User = Depends(get_current_user)) -> User:
        if not user.is_superuser:
            raise HTTPException(status_code=403, detail="Administrators only")
        return user


    admin_router = APIRouter(prefix="/admin", dependencies=[Depends(get_admin_user)])
    ```

    Remove database resets from the deployed app (run them as a one-off command instead).

    ## References

    - [OWASP API5:2023 Broken Function Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-285: Improper Authorization](https://cwe.mitre.org/data/definitions/285.html)
    - [CWE-807: Reliance on Untrusted Inputs in a Security Decision](https://cwe.mitre.org/data/definitions/807.html)
    """

    id = "RC210"
    name = "missing-role-check"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "An administrator's function (admin route, database reset) has no role check."
    owasp = ("A01:2021", "API5:2023")
    cwe = ("CWE-285", "CWE-807")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per endpoint that is an administrator's function (admin route or
        wholesale operation) with no role check, and one per handler that decides on a role
        the caller sends; at the route line, with the authorization chain and the line that
        makes it privileged as evidence."""
        candidates = [
            e
            for e in endpoints(ctx)
            if e.library is None and e.kind != "event" and not ctx.policy.is_public_endpoint(e.method, e.route)
        ]
        index = ctx.models.handlers  # located once per scan, shared with the other checks
        # who requires a role: a guard on the way, or the handler (or a function it calls)
        role_checked = {
            e.key: e.admin_only or e.role_check is not None or self._role_check(ctx, index.of(e)) is not None
            for e in candidates
        }
        # admin areas where some routes check a role: the others may be meant for every user
        checked_areas = {
            segment for e in candidates if (segment := admin_segment(e)) is not None and role_checked[e.key]
        }
        for endpoint in candidates:
            handler = index.of(endpoint)
            wholesale: list[Fact] = []
            from_request: list[Fact] = []
            if handler is not None and isinstance(handler.python, ast.FunctionDef | ast.AsyncFunctionDef):
                wholesale = python_wholesale(handler.python)
                from_request = python_request_roles(handler.python, _input_names(endpoint))
            elif handler is not None and handler.js is not None:
                wholesale = js_wholesale(handler.js)
                from_request = js_request_roles(handler.js)
            # a role decided on what the caller sends is no role check of its own
            role_guarded = (
                endpoint.admin_only or endpoint.role_check is not None if from_request else role_checked[endpoint.key]
            )
            sign_in = is_auth_flow(endpoint)  # public by nature; a database reset there still counts
            if sign_in and not wholesale:
                continue
            if from_request and not role_guarded and endpoint.auth_status is not AuthStatus.UNKNOWN:
                fact = from_request[0]
                yield self._finding(
                    ctx,
                    endpoint,
                    fact,
                    message=(
                        f"{endpoint.method} {endpoint.route} {fact.note}: the caller decides whether it is an "
                        "administrator. Read roles from the signed-in user on the server."
                    ),
                    severity=Severity.HIGH,
                    confidence=Confidence.HIGH,
                )
                continue
            if role_guarded:
                continue
            segment = admin_segment(endpoint)
            if wholesale:
                fact = wholesale[0]
                what = f"{fact.note} (line {fact.line})"
            elif segment is not None or admin_handler_name(endpoint):
                where = f"/{segment}/" if segment else f"its handler {endpoint.handler}"
                fact = Fact(line=endpoint.line, note=f"an administrator's function ({where})")
                what = f"is an administrator's function ({where})"
            else:
                continue
            if handler is None and not wholesale and endpoint.auth_status is AuthStatus.AUTHENTICATED:
                ctx.skip_file(endpoint.body_path, f"handler of {endpoint.method} {endpoint.route} could not be located")
            mixed = not wholesale and segment is not None and segment in checked_areas
            yield from self._posture(ctx, endpoint, fact, what, destructive=bool(wholesale), mixed=mixed)

    @staticmethod
    def _role_check(ctx: CheckContext, handler: Handler | None) -> Hop | None:
        """Where the handler or a function it calls refuses callers without the right role."""
        if handler is None:
            return None
        if isinstance(handler.python, ast.FunctionDef | ast.AsyncFunctionDef):
            module = ctx.models.python.index.by_path.get(handler.path)
            return python_role_check(ctx.models.python.calls, module, handler.python) if module else None
        if handler.js is not None:
            module_js = ctx.models.js.modules.get(handler.path)
            return js_role_check(guards_of(ctx.models.js).symbols, module_js, handler.js) if module_js else None
        return None

    def _posture(
        self, ctx: CheckContext, endpoint: Endpoint, fact: Fact, what: str, *, destructive: bool, mixed: bool = False
    ) -> Iterable[Finding]:
        verb = "" if what.startswith("is ") else "handler "
        subject = f"{endpoint.method} {endpoint.route} {verb}{what}"
        if mixed and endpoint.auth_status is AuthStatus.AUTHENTICATED:
            # other routes of the same admin area require a role and this one does not: most
            # likely meant for every staff account, possibly a forgotten check
            yield self._finding(
                ctx,
                endpoint,
                fact,
                message=(
                    f"{subject}, and unlike other routes under it, no role check applies ({endpoint.auth} only "
                    "checks that the caller is signed in): make sure every user may call it."
                ),
                severity=Severity.MEDIUM if endpoint.changes_state else Severity.LOW,
                confidence=Confidence.LOW,
            )
            return
        if endpoint.auth_status is AuthStatus.UNKNOWN:
            why = endpoint.auth_chain[0].note if endpoint.auth_chain else "a hop could not be resolved"
            yield self._finding(
                ctx,
                endpoint,
                fact,
                message=f"{subject}, and whether it requires a sign-in, let alone a role, is unknown ({why}).",
                severity=Severity.LOW,
                confidence=Confidence.LOW,
            )
        elif endpoint.auth_status is AuthStatus.PUBLIC:
            yield self._finding(
                ctx,
                endpoint,
                fact,
                message=f"{subject}, and no authentication applies to it: anyone on the internet can call it.",
                severity=Severity.CRITICAL if destructive else Severity.HIGH,
                confidence=Confidence.HIGH if destructive else Confidence.MEDIUM,
            )
        else:
            yield self._finding(
                ctx,
                endpoint,
                fact,
                message=(
                    f"{subject}, but the only guard ({endpoint.auth}) checks that the caller is signed in, not "
                    "that it is an administrator: every user can call it."
                ),
                severity=Severity.HIGH if destructive or endpoint.changes_state else Severity.MEDIUM,
                confidence=Confidence.MEDIUM,
            )

    def _finding(
        self,
        ctx: CheckContext,
        endpoint: Endpoint,
        fact: Fact,
        *,
        message: str,
        severity: Severity,
        confidence: Confidence,
    ) -> Finding:
        privileged = Hop(path=endpoint.body_path, line=fact.line, note=fact.note)
        chain = tuple(dict.fromkeys((*endpoint.evidence[:1], *endpoint.auth_chain)))
        return ctx.finding(
            path=endpoint.path,
            line=endpoint.line,
            message=message,
            severity=severity,
            confidence=confidence,
            endpoint=endpoint.ref,
            key=f"{endpoint.method} {endpoint.route}",
            evidence=(*chain, *(() if privileged in chain else (privileged,))),
        )


def _input_names(endpoint: Endpoint) -> frozenset[str]:
    """The handler's parameters that hold caller input (body, query, header, form), by name,
    as the endpoint inventory read them."""
    return frozenset(p.name for p in endpoint.parameters if p.source in {"body", "query", "header", "form"})
