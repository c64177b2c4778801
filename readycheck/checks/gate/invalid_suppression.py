"""RC001 invalid-suppression: a suppression without a reason, expired, or malformed."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity


class InvalidSuppression(Check):
    """
    ## What it does

    Reads every suppression, the inline `readycheck: ignore[RULE] reason="..."
    until=YYYY-MM-DD` comments (any language's comment syntax, on the finding's line or the
    line above) and the policy's `suppressions` list, and reports those that do not apply:
    no reason, an `until` date in the past, a date that is not `YYYY-MM-DD`, or no rule
    named. The finding they were meant to silence stays in the report and the gate.

    Suppressions that silence nothing are listed in the report's suppressions with
    `used: false`.

    ## Why is this bad?

    A suppression is a decision someone has to be able to check later: why this finding is
    acceptable, and until when. One without a reason is indistinguishable from an AI agent
    silencing the auditor to get a green build; an expired one hides a risk that was only
    accepted for a while.

    ## Example

    ```python
    # readycheck: ignore[RC201]
    invoice = db.get(Invoice, invoice_id)
    ```

    ## Use instead

    ```python
    # readycheck: ignore[RC201] reason="invoices are public by design (ticket #412)" until=2026-12-31
    invoice = db.get(Invoice, invoice_id)
    ```

    ## References

    - [Semgrep: ignoring findings](https://semgrep.dev/docs/ignoring-files-folders-code)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-710: Improper Adherence to Coding Standards](https://cwe.mitre.org/data/definitions/710.html)
    """

    id = "RC001"
    name = "invalid-suppression"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A suppression has no reason, has expired, or is malformed, so it does not apply."
    owasp = ("A09:2021",)
    cwe = ("CWE-710",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per suppression that does not apply, at its comment (repository-level
        for policy entries)."""
        suppressions = [s for s in ctx.models.suppressions if s.source != "native"]
        if not suppressions:
            raise NotApplicable("no suppressions")
        for suppression in suppressions:
            if suppression.problem is None:
                continue
            rules = ", ".join(suppression.rules) or "no rule"
            where = "inline" if suppression.source == "inline" else f"in the policy for {suppression.path}"
            yield ctx.finding(
                path=suppression.path if suppression.source == "inline" else None,
                line=suppression.line,
                message=f"This suppression of {rules} ({where}) does not apply: {suppression.problem}.",
                key=f"suppression {suppression.source} {suppression.path} {rules} {suppression.problem}",
            )
