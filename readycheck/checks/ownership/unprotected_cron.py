"""RC211 unprotected-cron-route: a scheduled job exposed as a public URL (a Vercel cron route)
whose handler never checks ``CRON_SECRET``, so anyone can run it."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from readycheck.analysis.agents import classify
from readycheck.analysis.calls import js_calls, python_calls
from readycheck.analysis.js import identifiers
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.python import dotted, string_value
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.model import AuthStatus, Category, Confidence, Endpoint, Finding, Hop, Severity

SECRET_NAME = "CRON_SECRET"  # noqa: S105 (the name of the environment variable, not a value)


@dataclass(frozen=True)
class Cron:
    """One ``crons`` entry of a ``vercel.json``: the file, the 1-based line of its path, the
    route it calls and its schedule. Source: Vercel docs, "Cron Jobs" and "Securing cron jobs"."""

    config: str
    line: int
    route: str
    schedule: str


def vercel_crons(ctx: CheckContext) -> list[Cron]:
    """The cron entries of every ``vercel.json`` of the repository; a file that is not valid
    JSON is reported as not checked."""
    found: list[Cron] = []
    for source in ctx.repo.files:
        if source.path.rsplit("/", 1)[-1] != "vercel.json":
            continue
        try:
            data = json.loads(source.text)
        except json.JSONDecodeError as error:
            ctx.skip_file(source.path, f"not valid JSON (line {error.lineno})")
            continue
        crons = data.get("crons") if isinstance(data, dict) else None
        for entry in crons if isinstance(crons, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            route = entry["path"].split("?", 1)[0]
            line = next((i for i, text in enumerate(source.lines, 1) if f'"{entry["path"]}"' in text), 1)
            found.append(Cron(config=source.path, line=line, route=route, schedule=str(entry.get("schedule", ""))))
    return found


def _checks_secret(ctx: CheckContext, endpoint: Endpoint) -> bool | None:
    """True when the handler reads ``CRON_SECRET``; None when it could not be located."""
    handler = ctx.models.handlers.of(endpoint)
    if handler is None:
        return None
    if handler.js is not None:
        names = identifiers(handler.js)
        strings = {js_string(s) for s in handler.js.find_all(kind="string")}
        return any(n.endswith(SECRET_NAME) for n in names) or SECRET_NAME in strings
    if handler.python is not None:
        for node in ast.walk(handler.python):
            if isinstance(node, ast.Name | ast.Attribute) and (dotted(node) or "").endswith(SECRET_NAME):
                return True
            if string_value(node) == SECRET_NAME:
                return True
        return False
    return None


def _middleware_checks(ctx: CheckContext) -> str | None:
    """A Next.js ``middleware.ts``/``proxy.ts`` that reads ``CRON_SECRET`` protects every route."""
    for path, module in ctx.models.js.modules.items():
        name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if name in {"middleware", "proxy"} and any(n.endswith(SECRET_NAME) for n in identifiers(module.root)):
            return path
    return None


def _effects(ctx: CheckContext, endpoint: Endpoint) -> list[Hop]:
    handler = ctx.models.handlers.of(endpoint)
    if handler is None:
        return []
    calls = (
        js_calls(handler.js) if handler.js is not None else python_calls(handler.python) if handler.python else iter(())
    )
    hops = []
    for call in calls:
        action = classify(call, handler.path)
        if action is not None and action.high_impact:
            hops.append(Hop(path=handler.path, line=call.line, note=f"{call.callee}() {action.what}"))
    return hops


class UnprotectedCronRoute(Check):
    """
    ## What it does

    Reads the `crons` of every `vercel.json`, finds the endpoint each one calls, and reports
    those whose handler never reads `CRON_SECRET` (Vercel sends it as
    `Authorization: Bearer <CRON_SECRET>` on each cron call) and that no sign-in guard or
    middleware protects. The `x-vercel-cron` and `user-agent` headers are not a check: anyone
    can send them.

    ## Why is this bad?

    A cron route is an ordinary public URL. Without the secret check, anyone who finds
    `/api/cron/send-digest` (it is in your public `vercel.json`) can run the job as often as
    they like: mass emails to every user, a billing run, a cleanup that deletes data, an LLM
    batch on your key.

    ## Example

    ```ts
    export async function GET() {
      await sendDigestToAllUsers();
      return Response.json({ ok: true });
    }
    ```

    ## Use instead

    ```ts
    export async function GET(req: Request) {
      if (req.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`) {
        return new Response("Unauthorized", { status: 401 });
      }
      await sendDigestToAllUsers();
      return Response.json({ ok: true });
    }
    ```

    ## References

    - [Vercel: securing cron jobs](https://vercel.com/docs/cron-jobs/manage-cron-jobs#securing-cron-jobs)
    - [OWASP API5:2023 Broken Function Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/)
    - [CWE-306: Missing Authentication for Critical Function](https://cwe.mitre.org/data/definitions/306.html)
    """

    id = "RC211"
    name = "unprotected-cron-route"
    category = Category.OWNERSHIP
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A scheduled (cron) route is a public URL with no CRON_SECRET check: anyone can run the job."
    owasp = ("A01:2021", "API5:2023")
    cwe = ("CWE-306",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per cron route whose handler does not check ``CRON_SECRET``; high when
        the job sends, pays, deletes or runs commands."""
        crons = vercel_crons(ctx)
        if not crons:
            raise NotApplicable("no cron routes declared (vercel.json crons)")
        if _middleware_checks(ctx):
            return
        known = endpoints(ctx)
        for cron in crons:
            yield from self._cron(ctx, cron, known)

    def _cron(self, ctx: CheckContext, cron: Cron, known: Iterable[Endpoint]) -> Iterator[Finding]:
        folder = cron.config.rsplit("/", 1)[0] + "/" if "/" in cron.config else ""
        matches = [e for e in known if e.route.rstrip("/") == cron.route.rstrip("/") and e.path.startswith(folder)]
        if not matches:
            ctx.skip_file(cron.config, f"the cron route {cron.route} was not found among the endpoints")
            return
        for endpoint in matches:
            if endpoint.method not in {"GET", "ANY", "POST"} or endpoint.auth_status is AuthStatus.AUTHENTICATED:
                continue
            checked = _checks_secret(ctx, endpoint)
            if checked is None:
                ctx.skip_file(endpoint.body_path, f"handler of {endpoint.method} {endpoint.route} could not be located")
                continue
            if checked:
                continue
            effects = _effects(ctx, endpoint)
            yield ctx.finding(
                path=endpoint.path,
                line=endpoint.line,
                message=(
                    f"{endpoint.method} {endpoint.route} runs on a schedule ({cron.schedule}) but is a public URL "
                    f"that never checks {SECRET_NAME}: anyone can run the job"
                    + (f" ({effects[0].note.split(' (')[0]})" if effects else "")
                ),
                severity=Severity.HIGH if effects else None,
                endpoint=endpoint.ref,
                key=f"cron {endpoint.method} {endpoint.route}",
                evidence=(
                    Hop(path=cron.config, line=cron.line, note=f"cron {cron.schedule} calls {cron.route}"),
                    Hop(
                        path=endpoint.path,
                        line=endpoint.line,
                        note=f"{endpoint.method} {endpoint.route}, no sign-in guard",
                    ),
                    *effects[:2],
                    Hop(path=endpoint.body_path, line=endpoint.line, note=f"the handler never reads {SECRET_NAME}"),
                ),
            )
