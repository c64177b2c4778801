"""RC308 job-without-time-limit and RC309 retried-job-repeats-side-effect: background tasks
that can hold a worker forever, or charge and email twice when they are retried."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.jobs import Job, Jobs
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Hop, Severity


def _jobs(ctx: CheckContext) -> Jobs:
    """The job inventory; raises NotApplicable when the repository declares no job."""
    ctx.note_unchecked(ctx.models.python.not_checked)
    ctx.note_unchecked(ctx.models.js.not_checked)
    found = ctx.models.jobs
    if not found.jobs:
        raise NotApplicable(
            "no background jobs found (Celery, Dramatiq, Huey, RQ, arq, APScheduler, BullMQ, Inngest, ...)"
        )
    return found


def _declared(job: Job) -> Hop:
    return Hop(path=job.path, line=job.line, note=f"{job.framework} job {job.name} declared")


class JobWithoutTimeLimit(Check):
    """
    ## What it does

    Finds background tasks that wait on another service (an HTTP call, an LLM, email, a
    payment API, a subprocess) with no time limit: Celery tasks without `time_limit` /
    `soft_time_limit` and no app-wide `task_time_limit` (Celery has no limit by default), and
    any task whose limit is switched off (RQ `job_timeout=-1`, Dramatiq `time_limit=None`).
    Dramatiq (10 minutes) and RQ (180 seconds) have default limits and are left alone.

    ## Why is this bad?

    A call that never answers (a hung connection, a model that streams forever) keeps the
    worker process busy for good. A handful of those and the queue stops: emails, exports and
    payments pile up while every worker waits. A time limit kills the stuck task and frees the
    worker.

    ## Example

    ```python
    @shared_task
    def summarise(doc_id):
        text = requests.get(f"{DOCS}/{doc_id}").text
        return client.chat.completions.create(model="gpt-4o", messages=[...], max_tokens=400)
    ```

    ## Use instead

    ```python
    @shared_task(soft_time_limit=120, time_limit=150)
    def summarise(doc_id): ...
    ```

    or set `task_time_limit` / `task_soft_time_limit` once in the Celery configuration.

    ## References

    - [Celery: time limits](https://docs.celeryq.dev/en/stable/userguide/workers.html#time-limits)
    - [RQ: job timeouts](https://python-rq.org/docs/jobs/#timeouts)
    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    """

    id = "RC308"
    name = "job-without-time-limit"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A background task that waits on other services has no time limit and can hold a worker forever."
    owasp = ("API4:2023",)
    cwe = ("CWE-400",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per Celery task with outgoing calls and no limit, and per task whose
        limit is switched off."""
        for job in _jobs(ctx).jobs:
            if job.limit_disabled:
                yield ctx.finding(
                    path=job.path,
                    line=job.line,
                    message=f"{job.framework} job {job.name} switches its time limit off ({job.time_limit})",
                    evidence=(_declared(job),),
                )
            elif job.framework == "Celery" and job.time_limit is None and job.io:
                yield ctx.finding(
                    path=job.path,
                    line=job.line,
                    message=(
                        f"Celery task {job.name} calls other services ({job.io[0].note.split('(')[0]}...) with no "
                        "time_limit and no task_time_limit in the Celery config: one hung call holds a worker forever"
                    ),
                    evidence=(_declared(job), *job.io[:3]),
                )


class RetriedJobRepeatsSideEffect(Check):
    """
    ## What it does

    Finds background tasks that are retried (Celery `autoretry_for`, `self.retry()` or
    `acks_late`; Dramatiq's default 20 retries; Huey `retries`; RQ `Retry`; arq `Retry`; BullMQ
    `attempts`; Inngest's default 4 retries; Trigger.dev retries from the task or
    `trigger.config.ts`) and that charge a card or send an email or message with no
    idempotency key (`idempotency_key=` / `idempotencyKey`, an `Idempotency-Key` header) and no
    early return on a done state (`if order.receipt_sent: return`). Inngest work inside
    `step.run()` is memoised across retries and is left alone.

    ## Why is this bad?

    A retry runs the whole task again. When the charge succeeded and a later line failed (the
    database write, the receipt email), the retry charges the customer again and emails them
    again. Queues also deliver a task twice when a worker dies mid-way (`acks_late`, BullMQ
    stalled jobs). Customers see double charges; support sees refund requests.

    ## Example

    ```python
    @shared_task(autoretry_for=(Exception,), max_retries=5)
    def charge(order_id):
        stripe.PaymentIntent.create(amount=order.total, currency="usd", customer=order.customer)
    ```

    ## Use instead

    ```python
    stripe.PaymentIntent.create(..., idempotency_key=f"order-{order_id}")
    ```

    or record that the step happened and return early when it did.

    ## References

    - [Stripe: idempotent requests](https://docs.stripe.com/api/idempotent_requests)
    - [Celery: retrying](https://docs.celeryq.dev/en/stable/userguide/tasks.html#retrying)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-837: Improper Enforcement of a Single, Unique Action](https://cwe.mitre.org/data/definitions/837.html)
    """

    id = "RC309"
    name = "retried-job-repeats-side-effect"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A retried background task charges or emails again on every retry (no idempotency key)."
    owasp = ("A04:2021",)
    cwe = ("CWE-837",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per unkeyed money or message effect of a retried task; high for money."""
        for job in _jobs(ctx).jobs:
            if job.retries is None:
                continue
            for action in job.repeated_effects:
                money = action.what.startswith("moves money")
                yield ctx.finding(
                    path=action.path,
                    line=action.line,
                    message=(
                        f"{job.framework} job {job.name} is retried ({job.retries}) and {action.what} with "
                        f"{action.callee}() without an idempotency key: each retry "
                        + ("charges again" if money else "sends again")
                    ),
                    severity=Severity.HIGH if money else Severity.MEDIUM,
                    evidence=(
                        _declared(job),
                        Hop(path=job.path, line=job.line, note=f"retried: {job.retries}"),
                        Hop(path=action.path, line=action.line, note=f"{action.callee}() {action.what}, no key"),
                    ),
                )
