"""RC606 account-enumeration: a login or reset flow that tells apart an unknown account."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.js import chain, line_of, string_value
from readycheck.analysis.names import route_words
from readycheck.analysis.python import dotted, keyword
from readycheck.analysis.python import string_value as py_string
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.model import Category, Confidence, Endpoint, Finding, Severity

FLOW_WORDS = frozenset({"login", "signin", "sign-in", "token", "reset", "forgot", "password", "recover", "magic-link"})
REVEALING = re.compile(
    r"not found|no (such )?(account|user)|does ?n[o']t exist|not registered|unknown (email|user|account)|"
    r"no account|user missing|email (is )?not",
    re.IGNORECASE,
)


def _status(node: ast.expr | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    name = dotted(node) or ""
    digits = "".join(c for c in name.rsplit(".", 1)[-1] if c.isdigit())[:3]
    return int(digits) if len(digits) == 3 else None


def _python_responses(fn: ast.AST) -> Iterable[tuple[int, int | None, str]]:
    """(line, status, message) of error responses: ``raise HTTPException``, ``abort``,
    ``JSONResponse``/``Response`` with a status."""
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        name = (dotted(node.func) or "").rsplit(".", 1)[-1]
        texts = [s for s in (py_string(n) for n in ast.walk(node)) if s]
        if name in {"HTTPException", "abort", "APIException", "AuthenticationFailed", "NotFound", "Http404"}:
            status = _status(node.args[0] if node.args else keyword(node, "status_code"))
            yield node.lineno, status if name != "NotFound" else 404, " ".join(texts)
        elif name in {"JSONResponse", "Response", "JsonResponse", "jsonify"}:
            status = _status(keyword(node, "status_code") or keyword(node, "status"))
            if status is not None and status >= 400:
                yield node.lineno, status, " ".join(texts)


def _js_responses(fn: SgNode) -> Iterable[tuple[int, int | None, str]]:
    for call in [*fn.find_all(kind="call_expression"), *fn.find_all(kind="new_expression")]:
        function = call.field("function") or call.field("constructor")
        callee = function.text().replace("?.", ".") if function is not None else ""
        if not callee.endswith((".json", ".send", "Response")):
            continue
        status = _js_status(call)
        if status is None or status < 400:
            continue
        args = call.field("arguments")
        strings = [s for s in (string_value(n) for n in (args.find_all(kind="string") if args else [])) if s]
        yield line_of(call), status, " ".join(strings)


def _js_status(call: SgNode) -> int | None:
    """The HTTP status a JS response call sets: ``{ status: 404 }`` among its arguments
    (``NextResponse.json(body, { status: 404 })``, ``new Response(body, { status: 404 })``)
    or ``res.status(404)`` earlier in its chain."""
    args = call.field("arguments")
    for pair in args.find_all(kind="pair") if args is not None else []:
        key, value = pair.field("key"), pair.field("value")
        if key is not None and value is not None and key.text().strip("\"'") == "status" and value.kind() == "number":
            return int(value.text()) if value.text().isdigit() else None
    _, links = chain(call)
    for link in links:
        if link.name == "status" and link.args and link.args[0].kind() == "number" and link.args[0].text().isdigit():
            return int(link.args[0].text())
    return None


class AccountEnumeration(Check):
    """
    ## What it does

    In login, token and password-reset endpoints, finds error responses that say the
    account does not exist: a 404, or a message such as "No account with this email",
    "User not found", "Email not registered", given where an unknown account and a wrong
    password (or a reset request for an unknown address) should get the same answer.

    ## Why is this bad?

    An attacker can try a list of emails and learn which ones have an account on your
    service, then target those with password guessing or phishing. For some services (a
    clinic, a dating app) being a customer is itself private.

    ## Example

    ```python
    if not user:
        raise HTTPException(status_code=404, detail="No account with this email")
    if not verify(form.password, user.hashed_password):
        raise HTTPException(status_code=401, detail="Wrong password")
    ```

    ## Use instead

    ```python
    if user is None or not verify(form.password, user.hashed_password):
        raise HTTPException(status_code=401, detail="Invalid email or password")
    ```

    For password resets, always answer "If this address has an account, we sent a link."

    ## References

    - [OWASP Authentication Cheat Sheet: authentication and error messages](https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages)
    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [CWE-204: Observable Response Discrepancy](https://cwe.mitre.org/data/definitions/204.html)
    """

    id = "RC606"
    name = "account-enumeration"
    category = Category.LOGGING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "A login or password-reset endpoint answers differently when the account does not exist."
    owasp = ("A07:2021", "A07:2025")
    cwe = ("CWE-204",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per revealing error response in an authentication flow."""
        for endpoint in endpoints(ctx):
            if not route_words(endpoint.route) & FLOW_WORDS or endpoint.method == "GET":
                continue
            if endpoint.admin_only or (endpoint.auth and "in the handler" not in endpoint.auth):
                continue  # only signed-in callers (an admin, a service) get the answer; a lookup
                # in the handler may be the login itself
            handler = ctx.models.handlers.of(endpoint)
            if handler is None:
                continue
            if handler.python is not None:
                responses = list(_python_responses(handler.python))
            elif handler.js is not None:
                responses = list(_js_responses(handler.js))
            else:
                continue
            for line, status, message in responses:
                if status == 404 or REVEALING.search(message):
                    yield self._finding(ctx, handler.path, line, endpoint)

    def _finding(self, ctx: CheckContext, path: str, line: int, endpoint: Endpoint) -> Finding:
        return ctx.finding(
            path=path,
            line=line,
            message=(
                f"{endpoint.method} {endpoint.route} says when an account does not exist: anyone can find out "
                "which emails have an account. Answer the same way for an unknown account and a wrong password."
            ),
            endpoint=endpoint.ref,
        )
