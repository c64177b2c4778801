"""RC608 log-injection: request input written raw into a log message."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import js_caller_values, python_caller_values
from readycheck.analysis.js import line_of
from readycheck.analysis.observability import is_log_call
from readycheck.analysis.python import dotted, names_in
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.model import Category, Confidence, Endpoint, Finding, Severity

JS_REQUEST_READS = ("req.body", "req.query", "req.params", "req.headers", "request.headers")
SAFE_WRAPPERS = ("JSON.stringify", "encodeURIComponent", "sanitize", "escape")


def _python_message_taint(message: ast.expr, tainted: set[str]) -> bool:
    """An f-string, ``+`` or ``%`` concatenation or ``.format`` whose interpolated values read
    caller input without ``!r``/``repr()`` (which escape line breaks)."""
    if isinstance(message, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue)
            and part.conversion != ord("r")
            and not _repr(part.value)
            and bool(names_in(part.value) & tainted)
            for part in message.values
        )
    if isinstance(message, ast.BinOp) and isinstance(message.op, ast.Add | ast.Mod):
        return not _repr(message.right) and bool(names_in(message) & tainted)
    if isinstance(message, ast.Call) and isinstance(message.func, ast.Attribute) and message.func.attr == "format":
        return any(bool(names_in(a) & tainted) and not _repr(a) for a in message.args)
    return False


def _repr(node: ast.expr) -> bool:
    """``repr(x)``/``json.dumps(x)`` escape line breaks; ``len(x)``, ``int(x)`` are numbers."""
    return isinstance(node, ast.Call) and (dotted(node.func) or "") in {
        "repr",
        "json.dumps",
        "len",
        "int",
        "float",
        "bool",
        "round",
    }


def _js_message_taint(message: SgNode, tainted: set[str]) -> bool:
    if message.kind() == "template_string":
        parts = message.find_all(kind="template_substitution")
    elif message.kind() == "binary_expression":
        parts = [message]
    else:
        return False
    for part in parts:
        text = part.text()
        if any(wrapper in text for wrapper in SAFE_WRAPPERS):
            continue
        if any(read in text for read in JS_REQUEST_READS):
            return True
        if {i.text() for i in part.find_all(kind="identifier")} & tainted:
            return True
    return False


class LogInjection(Check):
    """
    ## What it does

    In endpoint handlers, finds log messages built from request input by string
    interpolation: a Python f-string, `+`/`%` concatenation or `.format()` whose values come
    from the endpoint's parameters or `request.*` reads (followed through assignments), and
    JavaScript/TypeScript template literals or `+` concatenations of `req.body`,
    `req.query`, `req.params` or values read from them. `!r`, `repr()`,
    `json.dumps()` and `JSON.stringify()` escape line breaks and are left alone, and so are
    values passed as separate logger arguments.

    ## Why is this bad?

    A value with a line break (`"bob\\n2024-05-01 INFO admin login ok"`) writes a fake log
    line: an attacker can hide their tracks or frame someone else, and log viewers that
    render HTML can be attacked through it.

    ## Example

    ```python
    log.info(f"search for {q}")
    ```

    ## Use instead

    ```python
    log.info("search for %r", q)
    ```

    or use a structured (JSON) logger that escapes values.

    ## References

    - [OWASP Logging Cheat Sheet: event data sources](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#event-data-sources)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-117: Improper Output Neutralization for Logs](https://cwe.mitre.org/data/definitions/117.html)
    """

    id = "RC608"
    name = "log-injection"
    category = Category.LOGGING
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    summary = "Request input is interpolated raw into a log message (fake log lines)."
    owasp = ("A09:2021", "A09:2025")
    cwe = ("CWE-117",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per log call whose message interpolates request input."""
        endpoints(ctx)  # not applicable without endpoints; notes copied
        seen: set[tuple[str, int]] = set()
        for endpoint, handler in ctx.models.handlers.items:
            if isinstance(handler.python, ast.FunctionDef | ast.AsyncFunctionDef):
                inputs = {p.name for p in endpoint.parameters}
                tainted = python_caller_values(handler.python, inputs)
                for node in ast.walk(handler.python):
                    if (
                        isinstance(node, ast.Call)
                        and is_log_call(dotted(node.func) or "")
                        and node.args
                        and _python_message_taint(node.args[0], tainted)
                        and (handler.path, node.lineno) not in seen
                    ):
                        seen.add((handler.path, node.lineno))
                        yield self._finding(ctx, handler.path, node.lineno, endpoint)
            elif handler.js is not None:
                tainted = js_caller_values(handler.js)
                for call in handler.js.find_all(kind="call_expression"):
                    function = call.field("function")
                    args = call.field("arguments")
                    first = args.named_children()[0] if args is not None and args.named_children() else None
                    if (
                        function is not None
                        and first is not None
                        and is_log_call(function.text().replace("?.", "."))
                        and _js_message_taint(first, tainted)
                        and (handler.path, line_of(call)) not in seen
                    ):
                        seen.add((handler.path, line_of(call)))
                        yield self._finding(ctx, handler.path, line_of(call), endpoint)

    def _finding(self, ctx: CheckContext, path: str, line: int, endpoint: Endpoint) -> Finding:
        return ctx.finding(
            path=path,
            line=line,
            message=(
                f"This log message in {endpoint.method} {endpoint.route} interpolates request input raw: "
                "a line break in it writes a fake log line. Pass it as an argument with %r or log JSON."
            ),
            endpoint=endpoint.ref,
        )
