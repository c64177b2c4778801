"""RC602 missing-audit-log: a sensitive action that leaves no audit trail."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.logs._common import audited, sensitive_action
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.rate_limits._common import finding_line
from readycheck.model import Category, Confidence, Finding, Severity


class MissingAuditLog(Check):
    """
    ## What it does

    Finds endpoints that do something you will need to account for later and leave no
    trace of who did it: handlers that move money (Stripe, PayPal, Braintree, Razorpay
    calls), delete records, change roles or permissions, change an email address or a
    password, or export data. A trace is a log call in the handler, a call to an audit or
    event recorder (`audit.record(...)`, `log_event(...)`), or a write to an audit or
    activity table. Each finding names the endpoint and the line of the sensitive action.

    ## Why is this bad?

    "Who deleted this customer?", "who made this user an admin?", "why was this refund
    issued?": without an audit trail nobody can answer, and you cannot tell an attacker
    from a bug. Security reviews, SOC 2 and many customers ask for it.

    ## Example

    ```python
    @router.delete("/invoices/{invoice_id}")
    def delete_invoice(invoice_id: int, user=Depends(current_user), db=Depends(get_db)):
        db.delete(db.get(Invoice, invoice_id))
        db.commit()
    ```

    ## Use instead

    ```python
        audit_log.info("invoice.delete actor=%s invoice=%s", user.id, invoice_id)
    ```

    or write a row to an `audit_events` table with the actor, the action and the object.

    ## References

    - [OWASP Logging Cheat Sheet: which events to log](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#which-events-to-log)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
    - [CWE-223: Omission of Security-relevant Information](https://cwe.mitre.org/data/definitions/223.html)
    """

    id = "RC602"
    name = "missing-audit-log"
    category = Category.LOGGING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = (
        "An endpoint that deletes, moves money, changes roles or credentials, or exports data leaves no audit trail."
    )
    owasp = ("A09:2021", "A09:2025")
    cwe = ("CWE-778", "CWE-223")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per sensitive endpoint without an audit trace, at the sensitive line."""
        for endpoint in endpoints(ctx):
            handler = ctx.models.handlers.of(endpoint)
            if handler is None or isinstance(handler.python, ast.ClassDef):
                continue  # an inherited DRF action: its body is in the framework
            action = sensitive_action(endpoint, handler)
            if action is None or audited(endpoint, handler):
                continue
            path, line = action.path, action.line
            if (path, line) == (endpoint.path, endpoint.line):
                path, line = finding_line(ctx, endpoint)  # Django: on the view, not urls.py
            yield ctx.finding(
                path=path,
                line=line,
                message=(
                    f"{endpoint.method} {endpoint.route} {action.what} and leaves no audit trail: "
                    "log who did it and to what, or write an audit row."
                ),
                severity=Severity.HIGH if action.money else Severity.MEDIUM,
                endpoint=endpoint.ref,
            )
