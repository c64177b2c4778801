"""RC201 missing-ownership-check: an object loaded by a caller-supplied id with nothing tying
it to the caller (BOLA/IDOR)."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.names import words
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import data_models, endpoints, is_sign_in_flow
from readycheck.model import AuthStatus, Category, Confidence, Finding, Operation, Severity

_VERB = {
    Operation.READ: "returns",
    Operation.WRITE: "changes",
    Operation.DELETE: "deletes",
    Operation.CREATE: "creates",
}


NATURAL_KEY_WORDS = frozenset({"email", "mail", "username", "code", "token", "phone", "coupon", "invite"})


def _natural_key(name: str) -> bool:
    """Whether an input names a value a caller knows rather than an object id (``email``,
    ``discountCode``, ``req.body.username``)."""
    return bool(words(name.rsplit(".", 1)[-1]) & NATURAL_KEY_WORDS)


class MissingOwnershipCheck(Check):
    """
    ## What it does

    Finds endpoints that load, change or delete a stored object by an id the caller sends
    (a path parameter, a query parameter, a body field) when nothing ties that object to the
    caller: no filter by the current user or tenant in the query, no comparison of the
    object's owner with the caller afterwards, no authorization call, no admin-only guard,
    and (for Supabase) no row-level security policy on `auth.uid()` because the query runs
    through a `service_role` client that bypasses it.

    It reads the endpoint inventory (every route source `readycheck endpoints` lists) and
    recognises the usual idioms as safe:
    `.filter(Model.owner_id == user.id)`, `filter_by(id=todo_id, owner_id=current_user.id)`,
    `if obj.user_id != current_user.id: raise`, DRF `get_queryset` filtering by
    `self.request.user` and object permissions (`has_object_permission`),
    `get_object_or_404(Model, pk=pk, owner=request.user)`, Prisma `where: { id, userId }`, Mongo
    `findOne({ _id, owner })`, and Supabase queries on tables whose policies use `auth.uid()`.
    When other handlers of the same model filter by the caller and one does not, that one is
    reported with high confidence. Writes and deletes rank above reads. A read on a route with
    no authentication at all is left to RC202's family (it is usually public content such as
    articles or profiles) unless other handlers filter that model by the caller. Sign-in,
    sign-up and password-reset routes, and reads by a value the caller knows rather than an
    object id (an e-mail address, a user name, a discount or invite code), are not reported:
    they look up what the caller typed by design. Objects loaded and then changed through the
    instance (`task.save()`, `task.destroy()`) count as writes and deletes.

    ## Why is this bad?

    This is Broken Object Level Authorization, the first risk of the OWASP API Security Top
    10: any signed-in user (or anyone, if the route has no authentication) can change the id
    in the URL and read, edit or delete another customer's invoices, projects or messages.
    It is the most common serious bug in AI-built apps because the route "looks private":
    it requires a login, but never asks whose object it is.

    ## Example

    ```python
    @router.get("/invoices/{invoice_id}")
    def get_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
        return db.query(Invoice).get(invoice_id)  # any user's invoice
    ```

    ## Use instead

    Filter by the caller in the same query (or compare the owner and return 404/403):

    ```python
    @router.get("/invoices/{invoice_id}")
    def get_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
        invoice = db.query(Invoice).filter(Invoice.id == invoice_id, Invoice.owner_id == user.id).first()
        if invoice is None:
            raise HTTPException(404)
        return invoice
    ```

    ## References

    - [OWASP API1:2023 Broken Object Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-639: Authorization Bypass Through User-Controlled Key](https://cwe.mitre.org/data/definitions/639.html)
    - [OWASP Authorization Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html)
    """

    id = "RC201"
    name = "missing-ownership-check"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = (
        "An endpoint loads, changes or deletes an object by a caller-supplied id without checking it belongs "
        "to the caller."
    )
    owasp = ("API1:2023", "A01:2021", "A01:2025")
    cwe = ("CWE-639", "CWE-863")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per unprotected lookup (an endpoint can have several)."""
        found = endpoints(ctx)
        models = data_models(ctx, found)
        database = ctx.models.database
        for endpoint in found:
            if endpoint.admin_only or ctx.policy.is_public_endpoint(endpoint.method, endpoint.route):
                continue
            if is_sign_in_flow(endpoint):
                continue  # a sign-in or password reset looks the user up by what the caller types
            for lookup in endpoint.lookups:
                if lookup.owner_filter or lookup.operation == Operation.CREATE:
                    continue  # a create loads no existing object (RC202/RC204 look at creates)
                if lookup.operation == Operation.READ and (
                    (lookup.inputs and all(_natural_key(name) for name in lookup.inputs))
                    or _natural_key((lookup.model or "").removeprefix("rpc "))
                ):
                    continue  # by ``email`` / ``code``: an existence check, an invitee, a coupon; not an object id
                kind = models.ownership(lookup.model)
                if (
                    lookup.via == "supabase"
                    and not lookup.bypasses_rls
                    and lookup.model
                    and database.table(lookup.model) is None
                ):
                    continue  # row-level security may protect it in a database we cannot see
                if lookup.model and ctx.policy.is_public_table(lookup.model) and lookup.operation == Operation.READ:
                    continue
                if kind == "unowned":
                    continue
                if (
                    lookup.operation == Operation.READ
                    and not endpoint.auth
                    and not lookup.bypasses_rls
                    and (lookup.model or "").split(".")[-1] not in models.caller_filtered
                ):
                    continue  # a public read (articles, profiles) unless the repo treats the model as private
                if kind in {"owned"}:
                    confidence = Confidence.HIGH
                elif kind == "user" or endpoint.auth or lookup.bypasses_rls:
                    confidence = Confidence.MEDIUM
                else:
                    continue  # an unknown model behind a route without authentication may be public data
                severity = (
                    Severity.CRITICAL if lookup.operation in {Operation.WRITE, Operation.DELETE} else Severity.HIGH
                )
                by = ", ".join(f"`{name}`" for name in lookup.inputs[:2])
                what = _object_phrase(lookup.model)
                tail = " through a service_role client that bypasses row-level security" if lookup.bypasses_rls else ""
                if endpoint.auth_status is AuthStatus.PUBLIC:
                    auth = " The endpoint has no authentication at all."
                elif endpoint.auth_status is AuthStatus.UNKNOWN:
                    auth = " Whether it requires a sign-in is unknown."
                    severity = Severity.MEDIUM if severity.rank > Severity.MEDIUM.rank else severity
                    confidence = Confidence.LOW
                else:
                    auth = ""
                if lookup.chain:
                    tail += f" (followed: {lookup.chain[0].note}" + (", ..." if len(lookup.chain) > 1 else "") + ")"
                yield ctx.finding(
                    path=endpoint.body_path,
                    line=lookup.line,
                    end_line=lookup.end_line,
                    message=(
                        f"{endpoint.method} {endpoint.route} {_VERB[lookup.operation]} {what} chosen by {by} from "
                        f"the request{tail}, and nothing checks that it belongs to the caller (BOLA).{auth}"
                    ),
                    severity=severity,
                    confidence=confidence,
                    endpoint=endpoint.ref,
                    key=f"{endpoint.method} {endpoint.route} {lookup.model} {lookup.operation.value}",
                    evidence=(*lookup.chain, *endpoint.auth_chain[:4]),
                )


def _object_phrase(model: str | None) -> str:
    """``Invoice`` → "an Invoice"; a table or lower-case model ``projects`` → "a row of projects"."""
    if not model:
        return "a record"
    if model[:1].islower():
        return f"a row of {model}"
    return ("an " if model[0].lower() in "aeiou" else "a ") + model
