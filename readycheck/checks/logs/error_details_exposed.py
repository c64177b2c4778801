"""RC605 error-details-exposed: exception text or a stack trace sent to the client, or debug
mode on in production settings."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import PurePosixPath

from ast_grep_py import SgNode

from readycheck.analysis.js import line_of, parameters
from readycheck.analysis.python import dotted, keyword
from readycheck.checks.base import CheckContext
from readycheck.checks.logs._common import ServerModuleCheck
from readycheck.model import Category, Confidence, Finding, Severity

RESPONSE_CALLEES = (".json", ".send", ".end", ".write", "Response.json", "Response", "NextResponse.json")
DEV_SETTINGS = ("local", "dev", "development", "test", "tests", "testing", "ci")
ERROR_HANDLER_DECORATORS = frozenset({"exception_handler", "errorhandler", "register_error_handler"})


def _mentions(node: ast.AST, name: str) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id == name)
        or (isinstance(n, ast.Call) and (dotted(n.func) or "").endswith("format_exc"))
        for n in ast.walk(node)
    )


def _error_handler_spans(tree: ast.Module) -> list[tuple[int, int]]:
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                name = dotted(decorator.func if isinstance(decorator, ast.Call) else decorator) or ""
                if name.rsplit(".", 1)[-1] in ERROR_HANDLER_DECORATORS:
                    spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans


def _is_dev_settings(path: str) -> bool:
    stem = PurePosixPath(path).stem.lower()
    return any(part in DEV_SETTINGS for part in stem.replace("-", "_").split("_"))


class ErrorDetailsExposed(ServerModuleCheck):
    """
    ## What it does

    Finds error details sent to the people calling your API:

    - in an endpoint handler or an error handler (`@app.exception_handler`,
      `@app.errorhandler`), a `return` or an `HTTPException` built from the caught
      exception (`str(e)`, `f"{e}"`, `repr(e)`, `traceback.format_exc()`);
    - in JavaScript/TypeScript handlers, a response (`res.json`, `res.send`,
      `NextResponse.json`, `new Response`) built from the caught error (`err.message`,
      `err.stack`, `String(err)`), and Express error middleware that does the same;
    - debug mode on: `DEBUG = True` in a settings module that is not a local/dev/test one,
      `app.run(debug=True)`, `FastAPI(debug=True)`, `app.debug = True`.

    ## Why is this bad?

    Exception text and stack traces tell an attacker your framework, file layout, SQL
    queries, table names and sometimes secrets from connection strings. Django's debug page
    shows all of your settings.

    ## Example

    ```python
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
    ```

    ## Use instead

    ```python
    except Exception:
        log.exception("export failed")
        raise HTTPException(status_code=500, detail="Export failed; we have been notified.")
    ```

    ## References

    - [OWASP Error Handling Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html)
    - [Django: DEBUG must never be on in production](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
    - [OWASP A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/)
    - [CWE-209: Generation of Error Message Containing Sensitive Information](https://cwe.mitre.org/data/definitions/209.html)
    """

    id = "RC605"
    name = "error-details-exposed"
    category = Category.LOGGING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "Exception text or a stack trace is sent to the client, or debug mode is on."
    owasp = ("A05:2021", "A10:2025")
    cwe = ("CWE-209",)

    def _in_handler(self, ctx: CheckContext, path: str, line: int, spans: list[tuple[int, int]]) -> bool:
        return ctx.models.handlers.at(path, line) is not None or any(a <= line <= b for a, b in spans)

    def python(self, ctx: CheckContext, path: str, tree: ast.Module) -> Iterable[Finding]:
        spans = _error_handler_spans(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.name and self._in_handler(ctx, path, node.lineno, spans):
                for inner in (n for statement in node.body for n in ast.walk(statement)):
                    leaked = (
                        isinstance(inner, ast.Return) and inner.value is not None and _mentions(inner.value, node.name)
                    ) or (
                        isinstance(inner, ast.Raise)
                        and isinstance(inner.exc, ast.Call)
                        and _mentions(inner.exc, node.name)
                    )
                    if leaked:
                        assert isinstance(inner, ast.Return | ast.Raise)
                        yield ctx.finding(
                            path=path,
                            line=inner.lineno,
                            message=f"The response carries the text of the caught exception ({node.name}): "
                            "internal details reach the caller.",
                        )
            elif isinstance(node, ast.Call):
                callee = dotted(node.func) or ""
                debug = keyword(node, "debug")
                if (
                    callee.rsplit(".", 1)[-1] in {"run", "FastAPI", "Flask", "Starlette"}
                    and isinstance(debug, ast.Constant)
                    and debug.value is True
                ):
                    yield ctx.finding(
                        path=path,
                        line=node.lineno,
                        message=f"{callee}(debug=True) shows tracebacks (and for Flask, a console) to anyone.",
                        severity=Severity.HIGH,
                    )
        if "settings" in path.lower() and not _is_dev_settings(path):
            for statement in tree.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "DEBUG" for t in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                    and statement.value.value is True
                ):
                    yield ctx.finding(
                        path=path,
                        line=statement.lineno,
                        message="DEBUG = True in these settings: error pages show code, settings and SQL to anyone. "
                        "Read it from the environment, off by default.",
                        severity=Severity.HIGH,
                    )

    def js(self, ctx: CheckContext, path: str, root: SgNode) -> Iterable[Finding]:
        for catch in root.find_all(kind="catch_clause"):
            param = catch.field("parameter")
            body = catch.field("body")
            if param is None or body is None or param.kind() != "identifier":
                continue
            if ctx.models.handlers.at(path, line_of(catch)) is None:
                continue
            yield from self._js_responses(ctx, path, body, param.text())
        for function in [
            *root.find_all(kind="arrow_function"),
            *root.find_all(kind="function_declaration"),
            *root.find_all(kind="function_expression"),
        ]:
            params = parameters(function)
            if len(params) == 4:  # Express error middleware (err, req, res, next)
                body = function.field("body")
                if body is not None:
                    yield from self._js_responses(ctx, path, body, params[0].text().split(":")[0].strip())

    def _js_responses(self, ctx: CheckContext, path: str, body: SgNode, error: str) -> Iterable[Finding]:
        calls = [*body.find_all(kind="call_expression"), *body.find_all(kind="new_expression")]
        for call in calls:
            function = call.field("function") or call.field("constructor")
            callee = function.text().replace("?.", ".") if function is not None else ""
            if not callee.endswith(RESPONSE_CALLEES):
                continue
            args = call.field("arguments")
            if args is None:
                continue
            used = {n.text() for n in args.find_all(kind="identifier")}
            if error in used:
                yield ctx.finding(
                    path=path,
                    line=line_of(call),
                    message=f"The response carries the caught error ({error}): internal details reach the caller.",
                )
