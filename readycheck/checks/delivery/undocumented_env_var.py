"""RC710 undocumented-env-var: the code reads an environment variable that no example file or
deploy manifest lists."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from readycheck.analysis.envfiles import env_bindings
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import delivery
from readycheck.model import Category, Confidence, Finding, Severity

# Set by the runtime or the platform, not by the app's operator.
PLATFORM_PROVIDED = frozenset(
    {
        "NODE_ENV",
        "PORT",
        "HOST",
        "HOSTNAME",
        "HOME",
        "PATH",
        "PWD",
        "USER",
        "TZ",
        "CI",
        "PYTHONPATH",
        "VERCEL",
        "VERCEL_ENV",
        "VERCEL_URL",
        "NEXT_RUNTIME",
        "NEXT_PHASE",
        "RENDER",
        "DYNO",
        "K_SERVICE",
        "LAMBDA_TASK_ROOT",
        "AWS_REGION",
        "TESTING",
        "PYTEST_CURRENT_TEST",
        "DJANGO_SETTINGS_MODULE",
    }
)
PLATFORM_PREFIXES = ("VERCEL_", "FLY_", "RAILWAY_", "RENDER_", "GITHUB_", "npm_", "AWS_LAMBDA_", "DENO_")
# Supabase Edge Functions get these without configuration.
SUPABASE_FUNCTION_DEFAULTS = frozenset(
    {"SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_DB_URL"}
)


def documented_names(ctx: CheckContext) -> tuple[set[str], bool]:
    """Variable names listed by dotenv files, deploy manifests and CI ``env``, and whether an
    example dotenv file (``.env.example``, ``.env.sample``, ``.env.template``) exists."""
    names: set[str] = set()
    example = False
    for source in ctx.repo.files:
        if source.language == "dotenv" or PurePosixPath(source.path).name in {"example.env", "sample.env"}:
            names.update(binding.key for binding in env_bindings(source))
            name = PurePosixPath(source.path).name.lower()
            example = example or any(w in name for w in ("example", "sample", "template", "dist"))
    names.update(delivery(ctx).declared_env)
    return names, example


class UndocumentedEnvVar(Check):
    """
    ## What it does

    Collects the environment variables the application code reads (Python `os.environ`,
    `os.getenv`, django-environ, python-decouple, Pydantic `BaseSettings` fields;
    JavaScript/TypeScript `process.env`, `import.meta.env`, `Deno.env.get`) and compares
    them with the variables the repository writes down: dotenv example files
    (`.env.example`, `.env.sample`, `.env.template`), `render.yaml` `envVars`, `fly.toml`
    `[env]`, Heroku `app.json`, Compose `environment` and CI workflow `env`. Variables the
    platform sets (`PORT`, `NODE_ENV`, `VERCEL_*`, Vite's `import.meta.env.DEV`, Supabase
    Edge Function defaults), reads with a fallback value of their own (`os.getenv("X", "10")`,
    `process.env.X ?? "10"`) and test files are left out.

    Without any example file, that is one finding listing the variables; otherwise one
    finding per missing variable, at its first read.

    ## Why is this bad?

    Configuration drift: production is missing a variable that staging has, and the app
    crashes on the first request that needs it (or worse, falls back to a development
    default). Whoever deploys next has to read the code to find out what to set.

    ## Example

    ```python
    MAILER_API_KEY = os.environ.get("MAILER_API_KEY")  # not in .env.example
    ```

    ## Use instead

    ```bash
    # .env.example
    MAILER_API_KEY=   # transactional email, from the Mailer dashboard
    ```

    ## References

    - [The Twelve-Factor App: config](https://12factor.net/config)
    - [OWASP A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/)
    - [CWE-16: Configuration](https://cwe.mitre.org/data/definitions/16.html)
    """

    id = "RC710"
    name = "undocumented-env-var"
    category = Category.DELIVERY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    summary = "The code reads an environment variable that no .env.example or deploy manifest lists."
    owasp = ("A05:2021",)
    cwe = ("CWE-16", "CWE-1059")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per undocumented variable (one in all without an example file)."""
        reads = [
            r
            for r in ctx.models.env_reads
            if not r.has_default
            and r.name not in PLATFORM_PROVIDED
            and not r.name.startswith(PLATFORM_PREFIXES)
            and not (r.name in SUPABASE_FUNCTION_DEFAULTS and r.path.startswith("supabase/functions/"))
        ]
        if not reads:
            raise NotApplicable("the code reads no environment variables")
        documented, example = documented_names(ctx)
        first: dict[str, tuple[str, int]] = {}
        for read in reads:
            if read.name not in documented:
                first.setdefault(read.name, (read.path, read.line))
        if not first:
            return
        if not example:
            path, line = min(first.values())
            names = sorted(first)
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            yield ctx.finding(
                path=path,
                line=line,
                message=(
                    f"The code reads {len(names)} environment variable(s) ({shown}) and the repository has no "
                    ".env.example listing them."
                ),
                key="no env example",
                severity=Severity.MEDIUM,
            )
            return
        for name, (path, line) in sorted(first.items(), key=lambda item: item[1]):
            yield ctx.finding(
                path=path,
                line=line,
                message=f"{name} is read here but not listed in .env.example or a deploy manifest.",
                key=f"env {name}",
            )
