"""What the delivery checks share: the model with its not-checked notes, and the order of
steps across jobs."""

from __future__ import annotations

from readycheck.analysis.commands import Role
from readycheck.analysis.delivery import Delivery, Job, Workflow
from readycheck.checks.base import CheckContext, NotApplicable


def delivery(ctx: CheckContext) -> Delivery:
    """The delivery model; its unreadable files become this run's not-checked notes."""
    model = ctx.models.delivery
    ctx.note_unchecked(model.not_checked)
    return model


def github_workflows(ctx: CheckContext) -> list[Workflow]:
    """The GitHub Actions workflows.

    Raises:
        NotApplicable: there are none (and none failed to parse).
    """
    model = delivery(ctx)
    found = [w for w in model.workflows if w.kind == "github"]
    if not found and not any(n.path.startswith(".github/workflows/") for n in model.not_checked):
        raise NotApplicable("no GitHub Actions workflows")
    return found


def _only_called(workflow: Workflow) -> bool:
    """A reusable workflow that runs only when another workflow calls it."""
    return set(workflow.triggers) <= {"workflow_call"} and bool(workflow.triggers)


def before(model: Delivery, workflow: Workflow, job: Job, index: int, role: Role, depth: int = 0) -> bool:
    """True when a step with ``role`` runs before step ``index`` of ``job``: earlier in the job,
    in a job it waits for, or, for a reusable workflow, before every call of it."""
    if any(role in step.roles for step in job.steps[:index]):
        return True
    if any(role in step.roles for name in workflow.upstream(job.name) for step in workflow.jobs[name].steps):
        return True
    callers = model.callers(workflow) if _only_called(workflow) and depth < 3 else []
    return bool(callers) and all(before(model, w, j, i, role, depth + 1) for w, j, i in callers)


def after(model: Delivery, workflow: Workflow, job: Job, index: int, role: Role, depth: int = 0) -> bool:
    """True when a step with ``role`` runs after step ``index`` of ``job``: later in the job, in
    a job that waits for it, or, for a reusable workflow, after every call of it."""
    if any(role in step.roles for step in job.steps[index + 1 :]):
        return True
    if any(role in step.roles for name in workflow.downstream(job.name) for step in workflow.jobs[name].steps):
        return True
    callers = model.callers(workflow) if _only_called(workflow) and depth < 3 else []
    return bool(callers) and all(after(model, w, j, i, role, depth + 1) for w, j, i in callers)


def gated_on_ci(workflow: Workflow, job: Job) -> bool:
    """A ``workflow_run``-triggered job that runs only when the triggering workflow succeeded
    (``if: github.event.workflow_run.conclusion == 'success'``)."""
    if "workflow_run" not in workflow.triggers:
        return False
    conditions = [job.condition] + [workflow.jobs[n].condition for n in workflow.upstream(job.name)]
    return any("workflow_run.conclusion" in c and "success" in c for c in conditions)


def manifest_line(model: Delivery, path: str) -> int:
    """The line of the first command a deploy manifest declares (1 when it declares none)."""
    lines = [c.line for c in model.commands if c.path == path]
    return min(lines) if lines else 1


def precedes(order: tuple[Role, ...], first: Role, then: Role) -> bool:
    """True when, in one step's command chain, a ``first`` command runs before the first
    ``then`` command (``pg_dump ... && alembic upgrade head``)."""
    return then in order and first in order[: order.index(then)]


def follows(order: tuple[Role, ...], then: Role, first: Role) -> bool:
    """True when, in one step's command chain, a ``then`` command runs after the last
    ``first`` command (``flyctl deploy && curl --fail .../healthz``)."""
    if first not in order:
        return False
    last = len(order) - 1 - order[::-1].index(first)
    return then in order[last + 1 :]
