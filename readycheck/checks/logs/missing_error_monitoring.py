"""RC607 missing-error-monitoring: an app with endpoints and no error tracking."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints, first_endpoint
from readycheck.checks.rate_limits._common import finding_line
from readycheck.model import Category, Confidence, Finding, Severity


class MissingErrorMonitoring(Check):
    """
    ## What it does

    Looks for error tracking or tracing set up in the server code: `sentry_sdk.init` /
    `Sentry.init` (including Next.js `sentry.server.config.ts`), OpenTelemetry
    (`TracerProvider`, instrumentors, `NodeSDK`, `@vercel/otel`), Datadog (`ddtrace`,
    `dd-trace`), Honeybadger, Rollbar, Bugsnag, New Relic, Highlight or Logfire. An app with
    endpoints and none of these is one low-severity finding; when one is present the check
    passes.

    ## Why is this bad?

    Without error tracking, an exception in production is a line in a log nobody reads.
    With it, you get an alert with the stack trace, the request and how many users it hit,
    usually before the first support email.

    ## Example

    An API with no `sentry_sdk.init(...)`, no OpenTelemetry and no APM agent.

    ## Use instead

    ```python
    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), traces_sample_rate=0.1)
    ```

    ## References

    - [Sentry for Python](https://docs.sentry.io/platforms/python/)
    - [OpenTelemetry](https://opentelemetry.io/docs/)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
    """

    id = "RC607"
    name = "missing-error-monitoring"
    category = Category.LOGGING
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    summary = "The app has endpoints and no error tracking or tracing (Sentry, OpenTelemetry, Datadog, ...)."
    owasp = ("A09:2021", "A09:2025")
    cwe = ("CWE-778",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """At most one finding, at the first endpoint."""
        all_endpoints = endpoints(ctx)
        if ctx.models.observability.monitoring or not all_endpoints:
            return
        path, line = finding_line(ctx, first_endpoint(all_endpoints))
        yield ctx.finding(
            path=path,
            line=line,
            message=(
                f"The app has {len(all_endpoints)} endpoints and no error tracking (Sentry, OpenTelemetry, Datadog, "
                "...): production errors go unnoticed."
            ),
            key="no error monitoring",
        )
