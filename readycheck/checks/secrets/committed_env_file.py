"""RC105 committed-env-file: a dotenv file holding secrets is tracked in git, or is not ignored
and so goes in with the next ``git add .``."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.secrets.hardcoded_secret import tree_secrets
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import git_ignored

# Templates and test settings meant to be committed (their values are RC101's business).
_TEMPLATE_WORDS = frozenset(
    {"example", "sample", "template", "dist", "defaults", "tmpl", "tpl", "schema", "test", "testing", "ci"}
)


def is_env_template(name: str) -> bool:
    """True for dotenv templates meant to be committed: ``.env.example``, ``.env.sample``,
    ``example.env``, ``.env.template``, ``.env.dist`` and the like (``name`` is a file name)."""
    words = {part for part in name.lower().replace("-", ".").replace("_", ".").split(".") if part}
    return bool(words & _TEMPLATE_WORDS)


class CommittedEnvFile(Check):
    """
    ## What it does

    Finds dotenv files (`.env`, `.env.local`, `.env.production`, `config/prod.env`) that hold
    at least one secret and are either **tracked in git** (even when `.gitignore` lists them
    now: ignoring a file does not remove it from the repository) or **not ignored**, so the
    next `git add .` commits them. Templates (`.env.example`, `.env.sample`, `.env.template`)
    are meant to be committed and are left out; a real-looking value in one is reported by
    `hardcoded-secret` (RC101). An env file holding only public settings (a site URL, a
    feature flag) is not reported: Next.js and Vite document committing such defaults.

    ## Why is this bad?

    Every clone, fork, CI log and laptop that ever checked the repository out has the whole
    file: database password, payment keys, the model provider key. AI coding agents commit
    `.env` "so the app works out of the box". Deleting the file in a later commit does not
    take the values out of git history; every key in it has to be rotated.

    ## Example

    ```bash
    $ git ls-files
    .env            # DATABASE_URL=postgresql://app:s3cret@db/app, STRIPE_SECRET_KEY=sk_live_...
    ```

    ## Use instead

    Stop tracking the file, ignore it, commit a template with placeholders, and rotate every
    secret it held:

    ```bash
    git rm --cached .env
    printf '.env\\n.env.*\\n!.env.example\\n' >> .gitignore
    cp .env .env.example   # then replace every value with a placeholder
    ```

    ## References

    - [OWASP A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/)
    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [CWE-540: Inclusion of Sensitive Information in Source Code](https://cwe.mitre.org/data/definitions/540.html)
    - [CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory](https://cwe.mitre.org/data/definitions/538.html)
    - [Next.js: environment variables, default env files](https://nextjs.org/docs/app/guides/environment-variables#default-environment-variables)
    """

    id = "RC105"
    name = "committed-env-file"
    category = Category.SECRETS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A .env file with secrets is tracked in git, or not ignored so the next `git add .` commits it."
    owasp = ("A05:2021", "A07:2021")
    cwe = ("CWE-540", "CWE-538")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per dotenv file (not a template) with at least one secret, placed on the
        line of its first secret. Tracked files are high severity; present but not ignored
        (or outside any git repository) medium."""
        files = [
            source for source in ctx.repo.code_files("dotenv") if not is_env_template(source.path.rsplit("/", 1)[-1])
        ]
        hits, _problems = tree_secrets(ctx)  # RC101 records files it could not scan
        # The walk reads only the .gitignore files inside the scanned folder; git knows them all.
        untracked = [s.path for s in files if s.path in hits and not (ctx.repo.tracked and s.path in ctx.repo.tracked)]
        ignored = git_ignored(ctx.repo.root, untracked) if ctx.repo.tracked is not None else set()
        for source in files:
            if ignored and source.path in ignored:
                continue
            found = hits.get(source.path)
            if not found:
                continue
            count = len({hit.value for hit in found})
            secrets = f"{count} secret{'s' if count != 1 else ''}"
            tracked = ctx.repo.tracked is not None and source.path in ctx.repo.tracked
            if tracked:
                message = (
                    f"{source.path} with {secrets} is tracked in git: every clone has it, and removing it "
                    "later does not take it out of history; untrack it (`git rm --cached`) and rotate the secrets"
                )
            else:
                where = "not ignored by .gitignore" if ctx.repo.tracked is not None else "not in a git repository yet"
                message = (
                    f"{source.path} with {secrets} is {where}: the next `git add .` commits it; add it to .gitignore"
                )
            yield ctx.finding(
                path=source.path,
                line=found[0].line,
                message=message,
                severity=None if tracked else Severity.MEDIUM,
                key=source.path,
                snippet=f"{source.path.rsplit('/', 1)[-1]} ({secrets}, values not shown)",
            )
