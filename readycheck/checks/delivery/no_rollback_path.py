"""RC704 no-rollback-path: no way back from a bad release."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import Role, split_commands
from readycheck.analysis.delivery import Delivery
from readycheck.analysis.migrations import rollback_section
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import delivery, manifest_line
from readycheck.model import Category, Confidence, Finding, Severity

_RELEASE_ACTIONS = ("action-gh-release", "release-please", "create-release", "semantic-release", "changesets/action")


def rollback_paths(model: Delivery) -> list[str]:
    """How the repository can roll back, as short phrases (empty when it cannot): a rollback
    workflow, release tagging, or a workflow that deploys a chosen version."""
    found: list[str] = []
    for workflow in model.workflows:
        name = f"{workflow.path} {workflow.name}".lower()
        if "rollback" in name or "roll-back" in name or "revert" in name:
            found.append(f"rollback workflow {workflow.path}")
        if "release" in workflow.triggers or workflow.tag_triggered:
            found.append(f"releases tagged by {workflow.path}")
        if "workflow_dispatch" in workflow.triggers and any(
            word in i.lower() for i in workflow.inputs for word in ("version", "tag", "ref", "sha", "image")
        ):
            found.append(f"{workflow.path} deploys a chosen version")
        for job in workflow.jobs.values():
            for step in job.steps:
                if step.uses and any(a in step.uses for a in _RELEASE_ACTIONS):
                    found.append(f"release created by {workflow.path}")
                for command in split_commands(step.run):
                    words = command.words
                    if words[:2] in (("git", "tag"), ("gh", "release")) or words[:1] == ("semantic-release",):
                        found.append(f"release tagged by {workflow.path}")
    return found


class NoRollbackPath(Check):
    """
    ## What it does

    For a repository that deploys (a CI deploy step or a platform manifest), looks for a way
    back from a bad release: a rollback workflow, release tagging (a workflow triggered by
    tags or releases, `git tag`, `gh release`, release-please, semantic-release), a manual
    workflow that deploys a chosen version or tag, or a rollback section in the README or
    `docs/` (a heading with "rollback", "roll back", "revert" or "restore"). When none
    exists, it reports one finding at the first deploy step or manifest.

    ## Why is this bad?

    At 2 a.m., with production down, nobody should have to rebuild from memory which commit
    was live, how it was deployed and how to undo the migration. A rollback that is written
    down, or one click away, turns an outage into a few minutes.

    ## Example

    A `deploy.yml` that deploys every push to `main`, with no tags, no rollback workflow and
    no rollback notes.

    ## Use instead

    ```markdown
    ## Roll back

    Redeploy the previous release: `flyctl releases list`, then
    `flyctl deploy --image <previous image>`. If the release ran a migration, run
    `alembic downgrade -1`, or restore the backup taken before it.
    ```

    ## References

    - [Google SRE book: release engineering](https://sre.google/sre-book/release-engineering/)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-1059: Insufficient Technical Documentation](https://cwe.mitre.org/data/definitions/1059.html)
    """

    id = "RC704"
    name = "no-rollback-path"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "The app deploys, but there is no rollback workflow, release tagging or written rollback."
    owasp = ("A04:2021",)
    cwe = ("CWE-1059",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """At most one finding, at the first deploy step (or the first manifest)."""
        model = delivery(ctx)
        deploys = [s for _, _, _, s in model.steps() if Role.DEPLOY in s.roles]
        if not deploys and not model.manifests:
            raise NotApplicable("nothing in the repository deploys the app")
        if rollback_paths(model) or rollback_section(ctx.models.docs) is not None:
            return
        path, line = (
            (deploys[0].path, deploys[0].line)
            if deploys
            else (model.manifests[0][0], manifest_line(model, model.manifests[0][0]))
        )
        yield ctx.finding(
            path=path,
            line=line,
            message=(
                "The app deploys, but there is no way back written down: no rollback workflow, no release tags, "
                "no rollback section in the README or docs."
            ),
            key="no rollback path",
        )
