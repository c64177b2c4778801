"""RC703 deploy-without-smoke-test: nothing checks that the app is up after a deploy."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import Role
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import after, delivery, follows
from readycheck.checks.ownership._common import first_endpoint
from readycheck.model import Category, Confidence, Finding, Severity

HEALTH_NAMES = frozenset(
    {"health", "healthz", "healthcheck", "health-check", "ready", "readyz", "readiness", "livez", "liveness", "ping"}
)
# Names that are health checks only near the root (/status, /api/status), not /orders/{id}/status.
SHORT_ROUTE_NAMES = frozenset({"status", "up", "live"})


def is_health_route(route: str) -> bool:
    """``/healthz``, ``/api/v1/health``, ``/status``: a route whose last fixed segment names a
    health check (``status``/``up``/``live`` only on routes of at most two segments)."""
    segments = [s.lower() for s in route.split("/") if s and not s.startswith(("{", "<", ":", "["))]
    if not segments:
        return False
    last = segments[-1]
    return last in HEALTH_NAMES or (last in SHORT_ROUTE_NAMES and len(segments) <= 2)


class DeployWithoutSmokeTest(Check):
    """
    ## What it does

    Finds deploy steps in CI with no smoke test after them (a `curl`/`wget` of the deployed
    URL, `kubectl rollout status`, k6, a URL health-check action, or tests run after the
    deploy, later in the job or in a job that needs it), unless the platform itself checks
    health before switching traffic (fly.toml `checks`, render.yaml `healthCheckPath`,
    railway `healthcheckPath`, Dockerfile `HEALTHCHECK`).

    It also reports an app whose endpoint inventory has no health endpoint (a route such as
    `/health`, `/healthz`, `/ready`, `/status`, `/ping`) when something deploys it: there is
    nothing for a smoke test or a load balancer to call.

    ## Why is this bad?

    A deploy that "succeeded" can still serve errors: a missing environment variable, a
    failed migration, a crash on start. Without a check, you find out from your users.

    ## Example

    ```yaml
    - run: flyctl deploy --remote-only
    ```

    ## Use instead

    ```yaml
    - run: flyctl deploy --remote-only
    - run: curl --fail --retry 5 --max-time 10 https://app.example.com/healthz
    ```

    ## References

    - [Fly.io: health checks](https://fly.io/docs/reference/configuration/#services-http_checks)
    - [Render: health checks](https://render.com/docs/deploys#health-checks)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
    """

    id = "RC703"
    name = "deploy-without-smoke-test"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "Nothing checks that the app is up after a deploy, or the app has no health endpoint."
    owasp = ("A09:2021",)
    cwe = ("CWE-778",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per deploy step with no smoke test after it; one for an app without a
        health endpoint."""
        model = delivery(ctx)
        deploys = [(w, j, i, s) for w, j, i, s in model.steps() if Role.DEPLOY in s.roles]
        if not deploys and not model.manifests:
            raise NotApplicable("nothing in the repository deploys the app")
        if not model.health_checks:
            for workflow, job, index, step in deploys:
                if (
                    after(model, workflow, job, index, Role.SMOKE)
                    or after(model, workflow, job, index, Role.TEST)
                    or follows(step.order, Role.SMOKE, Role.DEPLOY)
                ):
                    continue
                yield ctx.finding(
                    path=step.path,
                    line=step.line,
                    message=(
                        f"Job '{job.name}' deploys ({step.label}) and nothing checks afterwards that the app is up."
                    ),
                )
        endpoints = ctx.models.inventory.endpoints
        if endpoints and not any(is_health_route(e.route) for e in endpoints):
            first = first_endpoint(endpoints)
            yield ctx.finding(
                path=first.path,
                line=first.line,
                message=(
                    f"None of the app's {len(endpoints)} endpoints is a health check (/health, /healthz, /ready): "
                    "add one that checks the database, for smoke tests and the load balancer."
                ),
                key="no health endpoint",
                severity=Severity.LOW,
            )
