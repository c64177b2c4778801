"""RC901 unpinned-dependency: dependencies installed at whatever version is newest on deploy day."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from readycheck.analysis.dependencies import JS_LOCKS, PYTHON_LOCKS, Dependency, has_lockfile, is_requirements_file
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity


class UnpinnedDependency(Check):
    """
    ## What it does

    Finds dependencies that are not pinned to an exact version and not locked:

    - a `requirements*.txt` line without `==` (`flask`, `requests>=2`), when no lockfile
      (`poetry.lock`, `uv.lock`, `Pipfile.lock`, `pdm.lock`) sits beside it;
    - a `pyproject.toml` with dependencies and no lockfile or pinned requirements file beside it;
    - a `package.json` with dependencies and no `package-lock.json`, `pnpm-lock.yaml`,
      `yarn.lock` or `bun.lock` beside it.

    One finding per file, on its first unpinned dependency. pip-tools inputs
    (`requirements.in`) are meant to be loose and are left out.

    ## Why is this bad?

    Every deploy installs whatever is newest that day: a release with a breaking change, a
    bug, or a compromised maintainer account ships to production without anyone choosing it,
    and the app that worked yesterday fails after a redeploy with no code change. Unpinned
    dependencies also cannot be audited for known vulnerabilities (pip-audit and OSV need
    versions): readycheck lists them as not checked.

    ## Example

    ```text
    # requirements.txt
    fastapi
    openai>=1.0
    ```

    ## Use instead

    Pin exact versions (`pip freeze`, `pip-compile`, `uv pip compile`) or commit the lockfile
    your tool writes (`uv.lock`, `poetry.lock`, `package-lock.json`), and update on purpose.

    ```text
    fastapi==0.110.0
    openai==1.30.1
    ```

    ## References

    - [OWASP A06:2021 Vulnerable and Outdated Components](https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-1357: Reliance on Insufficiently Trustworthy Component](https://cwe.mitre.org/data/definitions/1357.html)
    - [pip: repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
    """

    id = "RC901"
    name = "unpinned-dependency"
    category = Category.DEPENDENCIES
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "Dependencies without exact versions or a lockfile: every deploy installs whatever is newest."
    owasp = ("A06:2021", "A08:2021")
    cwe = ("CWE-1357",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per manifest with unpinned, unlocked dependencies.

        Raises:
            NotApplicable: no dependency manifest.
        """
        declared = [d for d in ctx.models.dependencies.dependencies if not d.locked]
        if not declared:
            raise NotApplicable("no dependency manifest (requirements, pyproject.toml, package.json)")
        by_file: dict[str, list[Dependency]] = {}
        for dependency in declared:
            by_file.setdefault(dependency.path, []).append(dependency)
        for path, dependencies in sorted(by_file.items()):
            pure = PurePosixPath(path)
            folder = "" if str(pure.parent) == "." else str(pure.parent)
            if pure.suffix == ".in":
                continue
            if pure.name == "package.json":
                locks: tuple[str, ...] = JS_LOCKS
            elif pure.name == "pyproject.toml":
                locks = PYTHON_LOCKS
                if any(
                    is_requirements_file(s.path) and str(PurePosixPath(s.path).parent) == str(pure.parent)
                    for s in ctx.repo.files
                ):
                    continue  # requirements files beside it are judged on their own
            else:
                locks = PYTHON_LOCKS
            if has_lockfile(ctx.repo, folder, locks):
                continue
            loose = [d for d in dependencies if d.version is None]
            if not loose:
                continue
            names = ", ".join(d.name for d in loose[:5]) + (f" and {len(loose) - 5} more" if len(loose) > 5 else "")
            what = "no lockfile beside it" if pure.name in {"package.json", "pyproject.toml"} else "no exact version"
            yield ctx.finding(
                path=path,
                line=min(d.line for d in loose),
                message=(
                    f"{len(loose)} dependenc{'y' if len(loose) == 1 else 'ies'} in {pure.name} with {what} "
                    f"({names}): each deploy installs whatever version is newest that day. "
                    "Pin them or commit a lockfile."
                ),
                key=path,
            )
