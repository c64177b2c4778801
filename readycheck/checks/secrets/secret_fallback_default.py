"""RC104 secret-fallback-default: a secret read from the environment falls back to a literal
written in the code when the variable is unset."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.secrets.hardcoded_secret import is_placeholder, names_secret
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.redact import redact, redact_in

# Names of values that sign or encrypt: with a guessable fallback anyone can forge sessions.
_SIGNING_WORDS = ("jwt", "session", "signing", "secret_key", "secretkey", "cookie", "encryption", "hmac")


class SecretFallbackDefault(Check):
    """
    ## What it does

    Finds secrets read from the environment with a fallback written into the code:
    `os.getenv("JWT_SECRET", "dev-secret")`, `os.environ.get("SECRET_KEY") or "changeme"`,
    `process.env.SESSION_SECRET || "keyboard cat"`, `Deno.env.get("API_KEY") ?? "..."`.
    Only variables whose name says they hold a secret (secret, key, token, password, ...)
    are reported; a fallback for a port or a feature flag is fine.

    ## Why is this bad?

    The app starts and looks healthy when the variable is missing in production (a typo in
    the dashboard, a new server, a renamed setting), and then signs sessions and tokens with
    a value anyone can read in the repository. With a JWT or session secret that means anyone
    can mint a login as any user; AI-generated code adds such fallbacks "to make it run
    locally" all the time.

    ## Example

    ```python
    JWT_SECRET = os.getenv("JWT_SECRET", "super-secret-dev-key")
    ```

    ```js
    const secret = process.env.SESSION_SECRET || "keyboard cat";
    ```

    ## Use instead

    Require the variable and fail at start-up when it is missing; keep development values in
    an untracked `.env` file.

    ```python
    JWT_SECRET = os.environ["JWT_SECRET"]  # KeyError at start-up when unset
    ```

    ```js
    const secret = process.env.SESSION_SECRET;
    if (!secret) throw new Error("SESSION_SECRET is not set");
    ```

    ## References

    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [OWASP A02:2021 Cryptographic Failures](https://owasp.org/Top10/A02_2021-Cryptographic_Failures/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    - [CWE-1188: Initialization of a Resource with an Insecure Default](https://cwe.mitre.org/data/definitions/1188.html)
    """

    id = "RC104"
    name = "secret-fallback-default"
    category = Category.SECRETS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A secret read from the environment falls back to a value written in the code when it is unset."
    owasp = ("A07:2021", "A02:2021")
    cwe = ("CWE-798", "CWE-1188")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per environment read with a literal fallback for a secret-named variable
        (application code only; tests are left out by the environment-read model)."""
        for read in ctx.models.env_reads:
            if not read.default or not names_secret(read.name):
                continue
            source = ctx.repo.get(read.path)
            line = source.line(read.line) if source else ""
            guessable = is_placeholder(read.default) or len(read.default) < 16
            signing = any(word in read.name.lower() for word in _SIGNING_WORDS)
            what = "a guessable value" if guessable else "a secret written in the code"
            harm = (
                "anyone who reads the code can sign tokens or sessions as any user"
                if signing
                else "anyone who reads the code has the value the app then uses"
            )
            yield ctx.finding(
                path=read.path,
                line=read.line,
                message=(
                    f"`{read.name}` falls back to {what} ({redact(read.default)}) when the variable is unset: "
                    f"if it is missing in production, {harm}. Require the variable instead."
                ),
                severity=Severity.CRITICAL if signing else None,
                key=f"{read.name}\0{redact(read.default)}",
                snippet=redact_in(line, [read.default]).strip(),
            )
