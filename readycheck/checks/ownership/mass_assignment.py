"""RC203 mass-assignment: a request body written whole into a model that has owner, role or
price fields."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.model import Category, Confidence, Finding, Severity


class MassAssignment(Check):
    """
    ## What it does

    Finds endpoints that pass the request body whole into a create or update:
    `Model(**body.dict())`, `Model.query.filter(...).update(payload)`,
    `prisma.todo.create({ data: req.body })`, `supabase.from("t").insert(body)`,
    `Object.assign`-style spreads, when the model or table has fields a caller must not set
    (owner or tenant ids, role, is_admin, plan, price, credits, verified flags), or when the
    request schema itself declares such a field. A request schema that lists only safe fields
    is the fix and is not reported, and so is a privileged field the handler tests itself
    before writing (`if body.admin and not user.admin: raise`).

    For Django REST framework serializers and Django model forms the writable fields are
    `fields` (`"__all__"` means every model field) minus `exclude`, `read_only_fields`,
    read-only declared fields (`ReadOnlyField`, `HiddenField`, `read_only=True`) and fields
    the view sets itself (`serializer.save(owner=self.request.user)`).

    ## Why is this bad?

    The caller chooses every column: they create an invoice owned by someone else, make
    themselves an admin, set their plan to "enterprise" or the price to 0. OWASP calls this
    Broken Object Property Level Authorization.

    ## Example

    ```python
    class InvoiceIn(BaseModel):
        client_name: str
        amount: float
        owner_id: int | None = None

    @router.post("/invoices")
    def create_invoice(body: InvoiceIn, user: User = Depends(get_current_user), db: Session = Depends(get_db)):
        invoice = Invoice(**body.dict())  # the caller picks owner_id
    ```

    ## Use instead

    Accept only the fields the caller may set, and set the privileged ones from the server:

    ```python
    class InvoiceIn(BaseModel):
        client_name: str
        amount: float

    invoice = Invoice(**body.dict(), owner_id=user.id)
    ```

    ## References

    - [OWASP API3:2023 Broken Object Property Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/)
    - [OWASP Mass Assignment Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html)
    - [CWE-915: Improperly Controlled Modification of Dynamically-Determined Object Attributes](https://cwe.mitre.org/data/definitions/915.html)
    """

    id = "RC203"
    name = "mass-assignment"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A request body is written whole into a model that has owner, role or price fields."
    owasp = ("API3:2023", "A01:2021", "A01:2025")
    cwe = ("CWE-915",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per whole-body write."""
        for endpoint in endpoints(ctx):
            if endpoint.admin_only:
                continue
            for write in endpoint.body_writes:
                target = write.model or "a record"
                if write.fields:
                    fields = ", ".join(write.fields[:4])
                    detail = f"so the caller can set {fields}"
                    confidence = Confidence.HIGH
                else:
                    detail = "and readycheck could not see which fields it accepts"
                    confidence = Confidence.MEDIUM
                yield ctx.finding(
                    path=endpoint.body_path,
                    line=write.line,
                    message=(
                        f"{endpoint.method} {endpoint.route} writes the request body whole into {target} "
                        f"({write.operation.value}), {detail} (mass assignment)."
                    ),
                    confidence=confidence,
                    endpoint=endpoint.ref,
                    key=f"{endpoint.method} {endpoint.route} {write.model}",
                )
