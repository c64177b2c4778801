"""RC702 deploy-without-tests: a deploy that can run without the tests having passed."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import Role
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import before, delivery, gated_on_ci, manifest_line, precedes
from readycheck.model import Category, Confidence, Finding, Severity


class DeployWithoutTests(Check):
    """
    ## What it does

    Finds deploy steps in CI (`flyctl deploy`, `vercel --prod`, `railway up`, `kubectl
    apply`, `helm upgrade`, `gcloud run deploy`, `supabase functions deploy`, deploy hooks,
    deploy actions such as `superfly/flyctl-actions`, `amondnet/vercel-action`) that do
    not wait for a test step: no test runs earlier in the job, in a job it `needs` (GitLab:
    in an earlier stage), or in the workflow that triggered it (`workflow_run` with
    `conclusion == 'success'`). Tests are `pytest`, `tox`, `nox`, `manage.py test`,
    `npm test` and `npm run test*`, Jest, Vitest, Mocha, Playwright, Cypress, `go test`,
    `cargo test`, `make test`.

    When the repository deploys through a platform's git integration (a `fly.toml`,
    `render.yaml`, `vercel.json`, `railway.json`, `netlify.toml` or `Procfile`) and no CI
    workflow runs any tests at all, that is one finding at the manifest.

    ## Why is this bad?

    Every push goes to production whether it works or not. The first user to find the bug is
    a customer.

    ## Example

    ```yaml
    jobs:
      test:
        steps: [{run: pytest}]
      deploy:
        steps: [{run: flyctl deploy --remote-only}]
    ```

    ## Use instead

    ```yaml
      deploy:
        needs: test
        steps: [{run: flyctl deploy --remote-only}]
    ```

    ## References

    - [GitHub Actions: jobs.<job_id>.needs](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idneeds)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-710: Improper Adherence to Coding Standards](https://cwe.mitre.org/data/definitions/710.html)
    """

    id = "RC702"
    name = "deploy-without-tests"
    category = Category.DELIVERY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A deploy can run without the tests having passed."
    owasp = ("A08:2021",)
    cwe = ("CWE-710",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per ungated deploy step; one per platform manifest when no CI tests."""
        model = delivery(ctx)
        steps = model.steps()
        deploys = [(w, j, i, s) for w, j, i, s in steps if Role.DEPLOY in s.roles]
        if not deploys and not model.manifests:
            raise NotApplicable("nothing in the repository deploys the app")
        for workflow, job, index, step in deploys:
            if (
                before(model, workflow, job, index, Role.TEST)
                or precedes(step.order, Role.TEST, Role.DEPLOY)
                or gated_on_ci(workflow, job)
            ):
                continue
            yield ctx.finding(
                path=step.path,
                line=step.line,
                message=f"Job '{job.name}' deploys ({step.label}) without waiting for a test step to pass.",
            )
        if not deploys and not any(Role.TEST in s.roles for _, _, _, s in steps):
            path, platform = model.manifests[0]
            yield ctx.finding(
                path=path,
                line=manifest_line(model, path),
                message=(
                    f"The app deploys through {platform} and no CI workflow runs its tests: "
                    "every push can reach production untested."
                ),
                key=f"platform {platform} untested",
            )
