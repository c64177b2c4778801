"""What the logging checks share: handler calls, sensitive actions, broad exception handlers
and the request-handling context of a line."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.calls import CallSite, Effect, effect, js_calls, python_calls
from readycheck.analysis.handlers import Handler
from readycheck.analysis.names import route_words
from readycheck.analysis.observability import is_log_call
from readycheck.analysis.python import dotted
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.unbounded._common import server_modules
from readycheck.model import Endpoint, Finding, Operation

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE", "ANY"})
AUDIT_WORDS = ("audit", "activity", "track_event", "log_event", "record_event", "trackevent", "logevent", "history")
ROLE_WORDS = frozenset({"role", "roles", "permission", "permissions", "promote", "demote", "grant", "revoke", "admin"})
CREDENTIAL_WORDS = frozenset({"password", "email"})
CHANGE_WORDS = frozenset({"change", "update", "confirm", "set", "new"})
EXPORT_WORDS = frozenset({"export", "download", "dump", "backup"})
DELETE_CALLS = frozenset(
    {"delete", "destroy", "remove", "deleteMany", "deleteOne", "findByIdAndDelete", "findOneAndDelete", "bulk_delete"}
)


def handler_calls(handler: Handler) -> list[CallSite]:
    """Every call in a handler's body (a view class: its methods), decorators left out."""
    if handler.python is not None:
        return list(python_calls(ast.Module(body=handler.python.body, type_ignores=[])))
    assert handler.js is not None
    return list(js_calls(handler.js))


@dataclass(frozen=True, kw_only=True)
class SensitiveAction:
    """What makes an endpoint sensitive for the audit trail: ``what`` it does, at
    ``path:line``."""

    what: str
    path: str
    line: int
    money: bool = False


def sensitive_action(endpoint: Endpoint, handler: Handler) -> SensitiveAction | None:
    """The first sensitive thing an endpoint does: move money (a payment API call), delete
    records, change roles or permissions, change an email or password, or export data."""
    calls = handler_calls(handler)
    for call in calls:
        if effect(call) == Effect.PAYMENT:
            return SensitiveAction(what="moves money", path=handler.path, line=call.line, money=True)
    deletes = [lk for lk in endpoint.lookups if lk.operation == Operation.DELETE]
    delete_calls = [c for c in calls if c.name in DELETE_CALLS]
    if delete_calls and (deletes or endpoint.method == "DELETE"):
        return SensitiveAction(what="deletes records", path=handler.path, line=delete_calls[0].line)
    if deletes:
        return SensitiveAction(what="deletes records", path=endpoint.body_path, line=deletes[0].line)
    if endpoint.method == "DELETE":
        return SensitiveAction(what="deletes records", path=endpoint.path, line=endpoint.line)
    words = route_words(endpoint.route)
    if endpoint.method in STATE_CHANGING and words & ROLE_WORDS:
        return SensitiveAction(what="changes roles or permissions", path=endpoint.path, line=endpoint.line)
    if words & CREDENTIAL_WORDS and (
        endpoint.method in {"PUT", "PATCH"} or (endpoint.method == "POST" and words & CHANGE_WORDS)
    ):
        return SensitiveAction(what="changes an email or password", path=endpoint.path, line=endpoint.line)
    if words & EXPORT_WORDS:
        return SensitiveAction(what="exports data", path=endpoint.path, line=endpoint.line)
    return None


def audited(endpoint: Endpoint, handler: Handler) -> bool:
    """True when the handler leaves a trace: a log call, a call named like an audit or event
    recorder (``audit.record``, ``log_event``), or a write to an audit/activity table."""
    for call in handler_calls(handler):
        callee = call.callee.lower()
        if is_log_call(call.callee) or any(word in callee for word in AUDIT_WORDS):
            return True
        if any(word in (s.lower()) for s in call.strings for word in ("audit", "activity_log", "event_log")):
            return True  # supabase.from("audit_log").insert(...)
    return any(lk.model and any(w in lk.model.lower() for w in ("audit", "activity")) for lk in endpoint.lookups)


# --- exception handlers ----------------------------------------------------------------------

BROAD = frozenset({"Exception", "BaseException"})


def is_broad(handler: ast.ExceptHandler) -> bool:
    """``except:``, ``except Exception``, ``except BaseException`` or a tuple holding one."""
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any((dotted(t) or "").rsplit(".", 1)[-1] in BROAD for t in types)


def python_except_handlers(tree: ast.AST) -> Iterator[tuple[ast.Try | ast.TryStar, ast.ExceptHandler]]:
    """Every ``try`` statement's exception handlers, with the ``try`` they belong to."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Try | ast.TryStar):
            for handler in node.handlers:
                yield node, handler


def js_catch_clauses(root: SgNode) -> Iterator[SgNode]:
    """Every ``catch`` clause of a JS/TS tree."""
    yield from root.find_all(kind="catch_clause")


def context_rank(ctx: CheckContext, path: str, line: int, body_calls: list[CallSite]) -> tuple[bool, str]:
    """(on a sensitive path, why): inside the handler of a state-changing or authentication
    endpoint, or around a payment call."""
    if any(effect(c) == Effect.PAYMENT for c in body_calls):
        return True, "a payment"
    ref = ctx.models.handlers.at(path, line)
    if ref is None:
        return False, ""
    words = route_words(ref.route)
    if words & {"login", "signin", "signup", "register", "token", "password", "reset", "auth"}:
        return True, f"{ref.method} {ref.route}"
    if ref.method in STATE_CHANGING:
        return True, f"{ref.method} {ref.route}"
    return False, f"{ref.method} {ref.route}"


class ServerModuleCheck(Check):
    """Base of checks that read every server-side module (tests and browser code left out):
    :meth:`run` calls :meth:`python` or :meth:`js` for each one."""

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """The findings of every server module.

        Raises:
            NotApplicable: the repository has no Python or JS/TS code.
        """
        for module in server_modules(ctx):
            if module.python is not None:
                yield from self.python(ctx, module.path, module.python)
            elif module.js is not None:
                yield from self.js(ctx, module.path, module.js)

    def python(self, ctx: CheckContext, path: str, tree: ast.Module) -> Iterable[Finding]:
        """Findings of one Python module."""
        return ()

    def js(self, ctx: CheckContext, path: str, root: SgNode) -> Iterable[Finding]:
        """Findings of one JS/TS module."""
        return ()
