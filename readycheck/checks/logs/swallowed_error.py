"""RC603 swallowed-error: an error caught and dropped without a trace."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import CallSite, js_calls, python_calls
from readycheck.analysis.js import line_of
from readycheck.analysis.python import dotted
from readycheck.checks.base import CheckContext
from readycheck.checks.logs._common import (
    ServerModuleCheck,
    context_rank,
    is_broad,
    js_catch_clauses,
    python_except_handlers,
)
from readycheck.model import Category, Confidence, Finding, Severity

SUCCESS_KEYS = frozenset({"ok", "success", "purged", "deleted", "sent", "done"})


def _success_value(node: ast.expr | None) -> bool:
    """``{"ok": True}``, ``JsonResponse({"success": True})``, ``Response(status=200)``."""
    if isinstance(node, ast.Call):
        status = next((kw.value for kw in node.keywords if kw.arg in {"status", "status_code"}), None)
        if isinstance(status, ast.Constant) and status.value in {200, 201, 204}:
            return True
        return any(_success_value(arg) for arg in node.args[:1])
    if isinstance(node, ast.Dict):
        return any(
            isinstance(k, ast.Constant) and k.value in SUCCESS_KEYS and isinstance(v, ast.Constant) and v.value is True
            for k, v in zip(node.keys, node.values, strict=False)
        )
    return False


def _python_swallows(handler: ast.ExceptHandler, after: list[ast.stmt]) -> str | None:
    """How an except clause drops the error, or None when it does something with it."""
    body = [s for s in handler.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if not body:
        return "ignores it"
    if len(body) == 1:
        only = body[0]
        if isinstance(only, ast.Pass):
            returns_success = bool(after) and isinstance(after[0], ast.Return) and _success_value(after[0].value)
            return "ignores it and answers with success" if returns_success else "ignores it (pass)"
        if isinstance(only, ast.Continue):
            return "ignores it (continue)"
        if isinstance(only, ast.Return) and (
            only.value is None or (isinstance(only.value, ast.Constant) and only.value.value in {None, False})
        ):
            return "returns None as if nothing happened"
        if isinstance(only, ast.Return) and _success_value(only.value):
            return "turns it into a success response"
    return None


def _js_swallows(catch: SgNode) -> str | None:
    body = catch.field("body")
    if body is None:
        return None
    statements = [s for s in body.named_children() if s.kind() != "comment"]
    if not statements:
        return "ignores it (empty catch)"
    return None


def _js_empty_catch_callbacks(root: SgNode) -> Iterable[SgNode]:
    """``promise.catch(() => {})`` / ``.catch(() => null)`` / ``.catch(function () {})``."""
    for call in root.find_all(kind="call_expression"):
        function = call.field("function")
        prop = function.field("property") if function is not None and function.kind() == "member_expression" else None
        if prop is None or prop.text() != "catch":
            continue
        args = call.field("arguments")
        callbacks = [
            a for a in (args.named_children() if args else []) if a.kind() in {"arrow_function", "function_expression"}
        ]
        if not callbacks:
            continue
        body = callbacks[0].field("body")
        if body is None:
            continue
        text = body.text().strip()
        if text in {"{}", "null", "undefined", "void 0", "false"} or (
            body.kind() == "statement_block" and not [c for c in body.named_children() if c.kind() != "comment"]
        ):
            yield call


class SwallowedError(ServerModuleCheck):
    """
    ## What it does

    Finds errors that are caught and dropped without a trace: Python `except:`,
    `except Exception:` and `except BaseException:` clauses whose body is only `pass`,
    `continue`, `return None`/`False` or a success response (`return {"ok": True}`), and
    JavaScript/TypeScript empty `catch {}` blocks and `.catch(() => {})` / `.catch(() =>
    null)` callbacks. Narrow handlers (`except KeyError: pass`) are left alone: they name
    the one error they expect.

    Inside the handler of an authentication or data-changing endpoint, or around a payment
    call, the finding is high; elsewhere medium.

    ## Why is this bad?

    The payment failed, the email was never sent, the row was not deleted, and the app told
    the user it worked. Nothing is logged, so nobody finds out until a customer complains,
    and then there is nothing to debug with.

    ## Example

    ```python
    try:
        db.delete(invoice)
        db.commit()
    except Exception:
        pass
    return {"ok": True}
    ```

    ## Use instead

    ```python
    try:
        db.delete(invoice)
        db.commit()
    except SQLAlchemyError:
        log.exception("invoice delete failed invoice=%s", invoice.id)
        raise HTTPException(500, "Could not delete the invoice")
    ```

    ## References

    - [OWASP A10:2025 Mishandling of Exceptional Conditions](https://owasp.org/Top10/2025/)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-390: Detection of Error Condition Without Action](https://cwe.mitre.org/data/definitions/390.html)
    - [Bandit B110 try_except_pass](https://bandit.readthedocs.io/en/latest/plugins/b110_try_except_pass.html)
    """

    id = "RC603"
    name = "swallowed-error"
    category = Category.LOGGING
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "An error is caught and dropped: except: pass, an empty catch, .catch(() => {})."
    owasp = ("A09:2021", "A10:2025")
    cwe = ("CWE-390",)

    def python(self, ctx: CheckContext, path: str, tree: ast.Module) -> Iterable[Finding]:
        parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for try_node, handler in python_except_handlers(tree):
            if not is_broad(handler):
                continue
            container = parents.get(id(try_node))
            siblings: list[ast.stmt] = []
            for field in ("body", "orelse", "finalbody"):
                block = getattr(container, field, None)
                if isinstance(block, list) and try_node in block:
                    siblings = block[block.index(try_node) + 1 :]
            how = _python_swallows(handler, siblings)
            if how is None:
                continue
            calls = list(python_calls(ast.Module(body=try_node.body, type_ignores=[])))
            yield self._finding(ctx, path, handler.lineno, how, calls, what=_caught(handler))

    def js(self, ctx: CheckContext, path: str, root: SgNode) -> Iterable[Finding]:
        for catch in js_catch_clauses(root):
            how = _js_swallows(catch)
            if how is None:
                continue
            statement = catch.parent()
            block = statement.field("body") if statement is not None else None
            calls = list(js_calls(block)) if block is not None else []
            yield self._finding(ctx, path, line_of(catch), how, calls, what="an error")
        for call in _js_empty_catch_callbacks(root):
            function = call.field("function")
            target = function.field("object") if function is not None else None
            calls = list(js_calls(target)) if target is not None else []
            yield self._finding(
                ctx, path, line_of(call), "ignores it (.catch with an empty callback)", calls, "a rejection"
            )

    def _finding(self, ctx: CheckContext, path: str, line: int, how: str, calls: list[CallSite], what: str) -> Finding:
        sensitive, where = context_rank(ctx, path, line, calls)
        place = f" in {where}" if where else ""
        return ctx.finding(
            path=path,
            line=line,
            message=f"This code catches {what} and {how}{place}: failures leave no trace.",
            severity=Severity.HIGH if sensitive else Severity.MEDIUM,
        )


def _caught(handler: ast.ExceptHandler) -> str:
    if handler.type is None:
        return "every error"
    return f"every {dotted(handler.type) or 'exception'}"
