"""RC102 admin-key-in-browser: a Supabase service_role key or Parse master key reachable from
browser code or exposed through a public environment-variable prefix."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.browser import PUBLIC_ENV_PREFIXES, public_prefix
from readycheck.analysis.envfiles import env_bindings
from readycheck.analysis.js import JsModule, JsProject, arguments, callee_name, line_of
from readycheck.analysis.names import words
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import is_test_path


def is_admin_key_name(name: str) -> bool:
    """True for names of keys that bypass a backend's access rules: the Supabase service role
    key (``SUPABASE_SERVICE_ROLE_KEY``, ``serviceRoleKey``), Supabase secret API keys
    (``SUPABASE_SECRET_KEY``) and the Parse Server master key (``PARSE_MASTER_KEY``)."""
    parts = words(name)
    lowered = name.lower().replace("_", "")
    return (
        "servicerole" in lowered
        or {"service", "role"} <= parts
        or {"master", "key"} <= parts
        or "masterkey" in lowered
        or ("supabase" in parts and "secret" in parts)
    )


class AdminKeyInBrowser(Check):
    """
    ## What it does

    Finds keys that bypass a backend's access rules where the browser can read them:

    - the Supabase `service_role` key (or a new `sb_secret_` secret key) or a Supabase client
      created with it, used in browser code: Next.js client components and pages, files under
      `src/` of a Vite, Create React App or Expo app (the usual Lovable and Bolt layout);
    - an environment variable holding such a key behind a prefix that bundlers inline into
      the browser bundle (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, `EXPO_PUBLIC_`), in code or
      in a `.env` file;
    - the Parse Server master key in browser code (`Parse.initialize(appId, jsKey, masterKey)`,
      `Parse.masterKey = ...`, `useMasterKey: true`).

    ## Why is this bad?

    Row-level security and Parse class-level permissions do not apply to these keys. Anyone who
    opens the site can read the key from the JavaScript bundle and then read, change or delete
    every row of every table, and every user's files. The anon (publishable) key is the one
    meant for the browser.

    ## Example

    ```ts
    // src/lib/supabase.ts in a Vite app
    export const supabase = createClient(
      import.meta.env.VITE_SUPABASE_URL,
      import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY,
    );
    ```

    ## Use instead

    Use the anon key in the browser and keep the service role key in server code (an edge
    function or API route) that checks the caller first. Rotate a key that has shipped.

    ```ts
    export const supabase = createClient(import.meta.env.VITE_SUPABASE_URL, import.meta.env.VITE_SUPABASE_ANON_KEY);
    ```

    ## References

    - [Supabase: Understanding API keys](https://supabase.com/docs/guides/api/api-keys)
    - [Vite: Env variables and modes](https://vite.dev/guide/env-and-mode)
    - [Parse Server guide: Security (master key)](https://docs.parseplatform.org/js/guide/#security)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-522: Insufficiently Protected Credentials](https://cwe.mitre.org/data/definitions/522.html)
    """

    id = "RC102"
    name = "admin-key-in-browser"
    category = Category.SECRETS
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    summary = "A Supabase service_role key or Parse master key is reachable from browser code."
    owasp = ("A01:2021", "A01:2025", "A07:2021")
    cwe = ("CWE-522", "CWE-284")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per reference (code) or variable (``.env`` file)."""
        js = ctx.models.js
        env_files = {
            s.path: list(env_bindings(s)) for s in ctx.repo.files if s.language == "dotenv" and not is_test_path(s.path)
        }
        browser = ctx.models.browser
        public_env = any(public_prefix(b.key) for bindings in env_files.values() for b in bindings)
        if not browser and not public_env and not _public_env_in_code(js):
            raise NotApplicable("no browser code and no public environment variables")
        seen: set[tuple[str, int]] = set()
        for path, module in sorted(js.modules.items()):
            if is_test_path(path):
                continue
            why = browser.get(path)
            for member in module.root.find_all(kind="member_expression"):
                text = member.text()
                if not (text.startswith(("process.env.", "import.meta.env.", "Deno.env."))) or "\n" in text:
                    continue
                name = text.rsplit(".", 1)[-1]
                if not is_admin_key_name(name):
                    continue
                prefix = public_prefix(name)
                if why is None and prefix is None:
                    continue
                line = line_of(member)
                if (path, line) in seen:
                    continue
                seen.add((path, line))
                where = f"this file is {why}" if why else f"the {prefix} prefix puts it in the browser bundle"
                yield ctx.finding(
                    path=path,
                    line=line,
                    message=(
                        f"`{name}` is an admin key that bypasses row-level security, and {where}: anyone can read it "
                        "from the site's JavaScript and read or change every row. Use the anon key here and keep "
                        "this one on the server; rotate it."
                    ),
                    key=f"{path}:{name}",
                )
            if why is None:
                continue
            yield from self._client_uses(ctx, path, module, why, seen)
            yield from self._parse_master_key(ctx, path, module, why)
        for env_path, bindings in sorted(env_files.items()):
            for binding in bindings:
                name = binding.key
                prefix = public_prefix(name)
                if prefix is None or not is_admin_key_name(name) or not binding.value:
                    continue
                yield ctx.finding(
                    path=env_path,
                    line=binding.line,
                    message=(
                        f"`{name}` holds an admin key under the public {prefix} prefix: the bundler copies it into "
                        "the browser bundle, where anyone can read it. Drop the prefix, use it only on the server, "
                        "and rotate the key."
                    ),
                    key=f"{env_path}:{name}",
                )

    def _client_uses(
        self,
        ctx: CheckContext,
        path: str,
        module: JsModule,
        why: str,
        seen: set[tuple[str, int]],
    ) -> Iterable[Finding]:
        for call in module.root.find_all(kind="call_expression"):
            if callee_name(call) not in {"createClient", "createServerClient", "createBrowserClient"}:
                continue
            args = arguments(call)
            if len(args) < 2:
                continue
            key = args[1].text()
            if key.startswith(("process.env.", "import.meta.env.")):
                continue  # reported at the environment-variable reference
            if not is_admin_key_name(key.rsplit(".", 1)[-1]) or (path, line_of(call)) in seen:
                continue
            seen.add((path, line_of(call)))
            yield ctx.finding(
                path=path,
                line=line_of(call),
                message=(
                    f"A Supabase client is created with the service role key in browser code ({why}): every visitor "
                    "gets a client that bypasses row-level security."
                ),
                key=f"{path}:client",
            )

    def _parse_master_key(self, ctx: CheckContext, path: str, module: JsModule, why: str) -> Iterable[Finding]:
        for call in module.root.find_all(kind="call_expression"):
            function = call.field("function")
            if function is not None and function.text() == "Parse.initialize" and len(arguments(call)) >= 3:
                yield self._parse_finding(ctx, path, line_of(call), why, "Parse.initialize() gets the master key")
        for assignment in module.root.find_all(kind="assignment_expression"):
            left = assignment.field("left")
            if left is not None and left.text() == "Parse.masterKey":
                yield self._parse_finding(ctx, path, line_of(assignment), why, "Parse.masterKey is set")
        for pair in module.root.find_all(kind="pair"):
            key, value = pair.field("key"), pair.field("value")
            if key is not None and key.text() == "useMasterKey" and value is not None and value.text() == "true":
                yield self._parse_finding(ctx, path, line_of(pair), why, "A query runs with useMasterKey: true")

    def _parse_finding(self, ctx: CheckContext, path: str, line: int, why: str, what: str) -> Finding:
        return ctx.finding(
            path=path,
            line=line,
            message=(
                f"{what} in browser code ({why}): the Parse master key skips every class-level permission and ACL, "
                "and anyone can read it from the bundle. Use it only in Cloud Code or a server."
            ),
            key=f"{path}:parse:{line}",
        )


def _public_env_in_code(js: JsProject) -> bool:
    """True when some JS/TS file reads an environment variable with a public prefix."""
    return any(any(prefix in module.source.text for prefix in PUBLIC_ENV_PREFIXES) for module in js.modules.values())
