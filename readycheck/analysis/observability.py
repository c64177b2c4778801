"""What the app logs and how it is monitored: request-logging middleware, log calls, audit
writes and error tracking, read from the parsed Python and JS/TS code.

Request logging that covers every route: FastAPI/Starlette ``@app.middleware("http")``
functions that log, ``add_middleware`` of a logging middleware, Flask ``before_request`` /
``after_request`` hooks that log, Django ``MIDDLEWARE`` entries that log and a ``LOGGING``
configuration of the ``django``/``django.request``/``django.server`` loggers, Express
``app.use`` of morgan, pino-http, express-winston or a middleware named like a logger,
Next.js ``middleware.ts`` that logs, OpenTelemetry instrumentation (``*Instrumentor``,
``NodeSDK``, ``@vercel/otel``), and Supabase Edge Functions, whose invocations the platform
logs. Error tracking: Sentry, OpenTelemetry, Datadog, Honeybadger, Rollbar, Bugsnag, New
Relic, Highlight.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.handlers import Handler
from readycheck.analysis.js import JsProject, arguments, imports_of, line_of
from readycheck.analysis.python import PythonProject, dotted, string_value
from readycheck.model import Endpoint
from readycheck.repository import is_test_path

PYTHON_FRAMEWORKS = frozenset({"fastapi", "flask", "django", "drf"})
JS_FRAMEWORKS = frozenset({"express", "nextjs", "nextjs-server-action", "supabase-edge"})
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg", "trace", "notice"}
)
LOG_RECEIVERS = frozenset({"logging", "console", "structlog", "loguru", "log", "logger", "pino", "winston", "signale"})
LOGGING_PACKAGES = frozenset({"morgan", "pino-http", "express-winston", "express-pino-logger", "express-bunyan-logger"})
TRACING_PACKAGES = (
    "@opentelemetry/sdk-node",
    "@opentelemetry/auto-instrumentations-node",
    "@opentelemetry/instrumentation-http",
    "@opentelemetry/instrumentation-express",
    "@vercel/otel",
    "dd-trace",
    "newrelic",
)
# Error tracking / tracing set-up calls, by the end of their dotted callee.
MONITORING_CALLS = (
    "sentry_sdk.init",
    "Sentry.init",
    "rollbar.init",
    "Rollbar",
    "honeybadger.configure",
    "Honeybadger.configure",
    "Bugsnag.start",
    "bugsnag.configure",
    "newrelic.agent.initialize",
    "ddtrace.patch_all",
    "ddtrace.auto",
    "tracer.init",
    "NodeSDK",
    "registerOTel",
    "TracerProvider",
    "H.init",
    "logfire.configure",
)


def is_log_call(callee: str) -> bool:
    """True for a logging call: ``logger.info``, ``logging.error``, ``console.log``,
    ``self.logger.warning``, ``req.log.info``, ``audit_log.info``, ``structlog``'s
    ``log.msg``. ``Math.log`` and ``self.log`` are not."""
    parts = callee.replace("()", "").split(".")
    if len(parts) < 2 or parts[-1] not in LOG_METHODS:
        return False
    receivers = [p.lower() for p in parts[:-1]]
    return any(r in LOG_RECEIVERS or r.endswith(("_log", "_logger", "logger")) for r in receivers)


@dataclass(frozen=True, kw_only=True)
class Place:
    """Where something was seen: ``path``, 1-based ``line`` and a short ``what``."""

    path: str
    line: int
    what: str


@dataclass(kw_only=True)
class Observability:
    """Request logging and monitoring of the app.

    Attributes:
        python_request_logging / js_request_logging: middleware or instrumentation that
            logs every request of the Python (FastAPI, Flask, Django) or JS/TS (Express,
            Next.js) app.
        next_middleware: a Next.js ``middleware.ts`` that logs (covers Next.js routes).
        monitoring: error-tracking and tracing set-up calls.
    """

    python_request_logging: list[Place] = field(default_factory=list)
    js_request_logging: list[Place] = field(default_factory=list)
    next_middleware: list[Place] = field(default_factory=list)
    monitoring: list[Place] = field(default_factory=list)

    def covering(self, framework: str) -> Place | None:
        """The request logging that covers endpoints of ``framework``, if any."""
        if framework in PYTHON_FRAMEWORKS and self.python_request_logging:
            return self.python_request_logging[0]
        if framework in {"nextjs", "nextjs-server-action"} and self.next_middleware:
            return self.next_middleware[0]
        if framework in JS_FRAMEWORKS and self.js_request_logging:
            return self.js_request_logging[0]
        if framework == "supabase-edge":
            return Place(path="", line=0, what="Supabase function logs")
        return None


def _python_logs(body: Iterable[ast.stmt]) -> bool:
    return any(
        isinstance(n, ast.Call) and is_log_call(dotted(n.func) or "") for statement in body for n in ast.walk(statement)
    )


def _python(project: PythonProject, found: Observability) -> None:
    for path, module in sorted(project.index.by_path.items()):
        if is_test_path(path):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    name = dotted(decorator.func if isinstance(decorator, ast.Call) else decorator) or ""
                    hook = name.rsplit(".", 1)[-1]
                    if hook in {"middleware", "before_request", "after_request"} and _python_logs(node.body):
                        found.python_request_logging.append(
                            Place(path=path, line=node.lineno, what=f"{hook} {node.name}")
                        )
            elif isinstance(node, ast.Call):
                callee = dotted(node.func) or ""
                if callee.endswith("add_middleware") and node.args:
                    middleware = dotted(node.args[0]) or ""
                    if "log" in middleware.lower() or "access" in middleware.lower():
                        found.python_request_logging.append(Place(path=path, line=node.lineno, what=middleware))
                if "Instrumentor" in callee and callee.split(".")[-1] in {"instrument", "instrument_app"}:
                    found.python_request_logging.append(
                        Place(path=path, line=node.lineno, what="OpenTelemetry instrumentation")
                    )
                if callee.endswith(MONITORING_CALLS) or ("Instrumentor" in callee):
                    found.monitoring.append(Place(path=path, line=node.lineno, what=callee.replace("()", "")))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                lowered = text.lower()
                if "middleware" in lowered and "log" in lowered and " " not in text and "." in text:
                    # a Django MIDDLEWARE entry, however it is added to the list
                    found.python_request_logging.append(
                        Place(path=path, line=node.lineno, what=text.rsplit(".", 1)[-1])
                    )
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) for t in node.targets):
                target = next(t.id for t in node.targets if isinstance(t, ast.Name))
                if target == "LOGGING" and isinstance(node.value, ast.Dict):
                    keys = {string_value(k) for n in ast.walk(node.value) if isinstance(n, ast.Dict) for k in n.keys}
                    if keys & {"django", "django.request", "django.server"}:
                        found.python_request_logging.append(Place(path=path, line=node.lineno, what="Django LOGGING"))


def _js_logs(node: SgNode) -> bool:
    for call in node.find_all(kind="call_expression"):
        function = call.field("function")
        if function is not None and is_log_call(function.text().replace("?.", ".")):
            return True
    return False


def _js(project: JsProject, found: Observability) -> None:
    for path, module in sorted(project.modules.items()):
        if is_test_path(path):
            continue
        imports = imports_of(module)
        packages = {spec for spec, _ in imports.values()}
        if any(p.startswith(TRACING_PACKAGES) for p in packages):
            place = Place(path=path, line=1, what="OpenTelemetry/APM instrumentation")
            found.js_request_logging.append(place)
            found.monitoring.append(place)
        name = path.rsplit("/", 1)[-1]
        if name.split(".")[0] in {"middleware", "proxy"} and path.count("/") <= 1 and _js_logs(module.root):
            found.next_middleware.append(Place(path=path, line=1, what="middleware.ts"))
        for call in module.root.find_all(kind="call_expression"):
            function = call.field("function")
            callee = function.text().replace("?.", ".") if function is not None else ""
            if callee.endswith(MONITORING_CALLS):
                found.monitoring.append(Place(path=path, line=line_of(call), what=callee))
            if callee.endswith(".use"):
                _express_use(path, call, imports, found)


def _express_use(path: str, call: SgNode, imports: dict[str, tuple[str, str]], found: Observability) -> None:
    for argument in arguments(call):
        head = argument.field("function") if argument.kind() == "call_expression" else argument
        if head is None:
            continue
        text = head.text()
        root = text.split(".")[0].split("(")[0]
        package = imports.get(root, ("", ""))[0]
        if package in LOGGING_PACKAGES or "logger" in text.lower() or "morgan" in text.lower():
            found.js_request_logging.append(Place(path=path, line=line_of(call), what=package or text[:40]))


def build_observability(python: PythonProject, js: JsProject) -> Observability:
    """Read request logging and monitoring from the parsed code (tests left out)."""
    found = Observability()
    _python(python, found)
    _js(js, found)
    return found


def handler_logs(handler: Handler | None) -> bool:
    """True when the handler body makes a logging call."""
    if handler is None:
        return False
    if handler.python is not None:
        return (
            _python_logs([handler.python])
            if not isinstance(handler.python, ast.ClassDef)
            else _python_logs(handler.python.body)
        )
    return handler.js is not None and _js_logs(handler.js)


def describe_logging(found: Observability, endpoint: Endpoint, handler: Handler | None) -> str | None:
    """The inventory's ``logging`` text of an endpoint: the covering middleware or
    instrumentation (``"middleware log_requests"``), ``"in handler"`` when only the handler
    logs, None when nothing logs its requests."""
    place = found.covering(endpoint.framework)
    if place is not None:
        return place.what
    return "in handler" if handler_logs(handler) else None


def logging_coverage(texts: Iterable[str | None]) -> tuple[int, int]:
    """(logged, total) over inventory ``logging`` texts."""
    values = list(texts)
    return sum(1 for text in values if text), len(values)
