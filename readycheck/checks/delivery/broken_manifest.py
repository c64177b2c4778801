"""RC711 broken-manifest: a project manifest (``pyproject.toml``, ``Pipfile``, ``package.json``)
that its own tools cannot parse, so installing, building or deploying the app fails."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from pathlib import PurePosixPath

from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Severity, SkipReason
from readycheck.repository import is_test_path

# file name -> format; the parsers are the ones the tools use (TOML 1.0 for pip/uv/poetry/
# pipenv, RFC 8259 JSON for npm/pnpm/yarn/bun)
MANIFESTS = {"pyproject.toml": "TOML", "Pipfile": "TOML", "package.json": "JSON"}
TOOLS = {"pyproject.toml": "pip, uv and poetry", "Pipfile": "pipenv", "package.json": "npm, pnpm and yarn"}

# tomllib reports where it stopped only in its message: "Invalid value (at line 3, column 9)"
_TOML_WHERE = re.compile(r"\(at line (\d+), column \d+\)")


def parse_problem(name: str, text: str) -> tuple[str, int | None] | None:
    """Why ``text`` (the content of manifest ``name``) does not parse, and the 1-based line
    where the parser stopped (None when it does not say); None when it parses.

    The reason is the parser's own message without position (tomllib's TOMLDecodeError, the
    json module's JSONDecodeError); neither quotes the file's values.
    """
    if MANIFESTS.get(name) == "TOML":
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            where = _TOML_WHERE.search(message)
            return _TOML_WHERE.sub("", message).strip() or "not valid TOML", int(where.group(1)) if where else None
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.msg, exc.lineno
    except RecursionError:
        return "nested too deeply to parse", None
    return None


class BrokenManifest(Check):
    """
    ## What it does

    Parses every project manifest in the tree the way its tools do: `pyproject.toml` and
    `Pipfile` as TOML 1.0 (Python's `tomllib`, the parser pip and uv use), `package.json` as
    JSON (RFC 8259: no comments, no trailing commas). Reports a manifest that does not parse,
    at the line where the parser stopped, and one that is not valid UTF-8 (TOML and npm both
    require it). Manifests under tests, fixtures and examples are reported at low severity:
    a test may keep a broken file on purpose.

    ## Why is this bad?

    Nothing installs from a manifest that does not parse: `pip install .`, `uv sync`,
    `npm ci` and every hosting platform's build step stop at the first error, so the next
    deploy fails, or a tool that falls back to defaults builds without the dependencies and
    settings the file declares. AI agents break these files with a trailing comma or a
    comment in JSON, a merged duplicate table in TOML, or an edit that left a quote open.

    ## Example

    ```json
    {
      "name": "app",
      "dependencies": { "express": "^4.19.2", },
    }
    ```

    ## Use instead

    ```json
    {
      "name": "app",
      "dependencies": { "express": "^4.19.2" }
    }
    ```

    Run `npm install --package-lock-only` or `python -c "import tomllib; tomllib.load(open('pyproject.toml','rb'))"`
    in CI so a broken manifest fails the pull request, not the deploy.

    ## References

    - [TOML v1.0.0](https://toml.io/en/v1.0.0)
    - [RFC 8259: The JSON Data Interchange Format](https://www.rfc-editor.org/rfc/rfc8259)
    - [npm docs: package.json](https://docs.npmjs.com/cli/v10/configuring-npm/package-json)
    - [PEP 621: project metadata in pyproject.toml](https://peps.python.org/pep-0621/)
    - [OWASP A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/)
    - [CWE-710: Improper Adherence to Coding Standards](https://cwe.mitre.org/data/definitions/710.html)
    """

    id = "RC711"
    name = "broken-manifest"
    category = Category.DELIVERY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A pyproject.toml, Pipfile or package.json does not parse, so the app cannot be installed or built."
    owasp = ("A05:2021",)
    cwe = ("CWE-710",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per manifest that does not parse or is not UTF-8."""
        for source in ctx.repo.files:
            name = PurePosixPath(source.path).name
            if name not in MANIFESTS:
                continue
            problem = parse_problem(name, source.text)
            if problem is None:
                continue
            reason, line = problem
            yield self._finding(ctx, source.path, line, f"is not valid {MANIFESTS[name]} ({reason})")
        for skipped in ctx.repo.skipped:
            name = PurePosixPath(skipped.path).name
            if name in MANIFESTS and skipped.reason in (SkipReason.UNDECODABLE, SkipReason.BINARY):
                yield self._finding(ctx, skipped.path, None, "is not UTF-8 text")

    def _finding(self, ctx: CheckContext, path: str, line: int | None, problem: str) -> Finding:
        name = PurePosixPath(path).name
        in_tests = is_test_path(path)
        return ctx.finding(
            path=path,
            line=line,
            message=f"{path} {problem}: {TOOLS[name]} cannot read it, so installing or building "
            + ("this test fixture fails" if in_tests else "the app fails and the next deploy breaks"),
            severity=Severity.LOW if in_tests else None,
            key=f"{path}:{problem.split(' (')[0]}",
        )
