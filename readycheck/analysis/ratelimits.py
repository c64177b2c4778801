"""The rate-limit model: for each endpoint of the inventory, the limiter that applies to it, a
declaration that it needs none, or nothing (DESIGN.md section 1; issue 4 section 2).

Where a limit can come from, in the order it is looked for:

- the route itself, found by the inventory (FastAPI ``Depends(RateLimiter(...))`` of
  fastapi-limiter on the route, router or app; Express middleware such as express-rate-limit
  on the route, a router or ``app.use``);
- the handler's decorators and view class: slowapi and Flask-Limiter ``@limiter.limit``,
  django-ratelimit ``@ratelimit`` (``block=False`` without reading ``request.limited`` does
  not stop anything), DRF ``throttle_classes``;
- a call in the handler: ``is_ratelimited``, ``limiter.hit``, @upstash/ratelimit
  ``ratelimit.limit``, rate-limiter-flexible ``consume``, Arcjet ``aj.protect``,
  ``@vercel/firewall`` ``checkRateLimit`` or the app's own ``checkRateLimit`` helper; a call whose
  result is thrown away does not limit anything;
- app-wide defaults: slowapi ``default_limits`` with ``SlowAPIMiddleware``, Flask-Limiter
  ``default_limits``/``application_limits``, DRF ``DEFAULT_THROTTLE_CLASSES``;
- Next.js ``middleware.ts`` (or ``proxy.ts``) calling a limiter, for the routes its
  ``config.matcher`` selects;
- gateway configuration kept in the repository: nginx ``limit_req`` (parsed with crossplane),
  Traefik ``rateLimit`` middlewares (YAML/TOML files and container labels);
- a declaration: the policy's ``rate-limits`` section (route pattern → limit, or ``none``
  with a reason), or an inline comment ``readycheck: rate-limit=none reason="..."`` next to the
  route or handler.
"""

from __future__ import annotations

import ast
import enum
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

import crossplane  # type: ignore[import-untyped]
import yaml
from ast_grep_py import SgNode

from readycheck.analysis.data import parse_toml, parse_yaml
from readycheck.analysis.handlers import Handler, HandlerIndex
from readycheck.analysis.js import JsModule, JsProject, bound_names, callee_name, line_of, string_value
from readycheck.analysis.names import is_limiter_callee
from readycheck.analysis.python import PythonProject, dotted, keyword, last_name, names_in
from readycheck.model import Endpoint, NotChecked
from readycheck.policy import Policy
from readycheck.repository import Repository, SourceFile

# ``readycheck: rate-limit=none reason="..."`` in a comment (a directive, like ``# nosec``).
_DIRECTIVE = re.compile(r"readycheck:\s*rate-limit\s*=\s*([^\s\"]+)(?:\s+reason\s*=\s*\"([^\"]*)\")?")
# Methods of limiter objects whose result says whether to go on (thrown away, nothing is limited).
_RESULT_METHODS = frozenset({"limit", "protect", "check", "hit", "test", "get", "blockEnd", "is_ratelimited"})


class LimitKind(enum.StrEnum):
    """What protects an endpoint from floods of requests."""

    LIMITED = "limited"  # a limiter applies
    DECLARED = "declared"  # a declared limit (enforced outside the repository)
    DECLARED_NONE = "declared-none"  # declared intentionally unlimited
    INEFFECTIVE = "ineffective"  # a limiter is called but does not stop the request
    MISSING = "missing"


@dataclass(frozen=True, kw_only=True)
class EndpointLimit:
    """The rate-limit status of one endpoint: ``kind``, a short ``detail`` for the report
    (``@limiter.limit("5/minute")``, ``declared none: health check``), the ``reason`` of a
    declaration, and ``path``/``line`` of the limiter call or declaration when known."""

    kind: LimitKind
    detail: str = ""
    reason: str | None = None
    path: str | None = None
    line: int | None = None

    @property
    def covered(self) -> bool:
        """True when a limit applies or is declared (a declared ``none`` is not coverage)."""
        return self.kind in {LimitKind.LIMITED, LimitKind.DECLARED}


@dataclass(frozen=True, kw_only=True)
class RateLimits:
    """Rate-limit status by endpoint (key: :attr:`Endpoint.key`), plus files that could not be
    read (a gateway config that did not parse)."""

    by_endpoint: dict[tuple[str, str, str, int], EndpointLimit] = field(default_factory=dict)
    not_checked: tuple[NotChecked, ...] = ()

    def of(self, endpoint: Endpoint) -> EndpointLimit:
        """The status of ``endpoint`` (``missing`` when it was not in the inventory)."""
        return self.by_endpoint.get(endpoint.key, EndpointLimit(kind=LimitKind.MISSING))

    def coverage(self) -> tuple[int, int]:
        """(endpoints covered by a limit or a declared limit, endpoints)."""
        statuses = list(self.by_endpoint.values())
        return sum(1 for s in statuses if s.covered), len(statuses)


def describe(status: EndpointLimit) -> str | None:
    """The endpoint inventory's ``rate_limit`` text for a status (None when missing)."""
    if status.kind == LimitKind.MISSING:
        return None
    if status.kind == LimitKind.DECLARED_NONE:
        return f"declared none: {status.reason}" if status.reason else "declared none (no reason given)"
    if status.kind == LimitKind.INEFFECTIVE:
        return f"ineffective: {status.detail}"
    return status.detail


def coverage_of(rate_limits: list[str | None]) -> tuple[int, int]:
    """(covered, total) from inventory ``rate_limit`` texts written by :func:`describe`: a limit
    or a declared limit covers; missing, declared none and ineffective do not."""
    covered = sum(1 for text in rate_limits if text and not text.startswith(("declared none", "ineffective")))
    return covered, len(rate_limits)


@dataclass(frozen=True, kw_only=True)
class _Gateway:
    detail: str
    path: str
    line: int
    prefix: str | None = None  # a route prefix; None: every route
    exact: bool = False
    regex: str | None = None

    def covers(self, route: str) -> bool:
        if self.regex is not None:
            try:
                return re.search(self.regex, route) is not None
            except re.error:
                return False
        if self.prefix is None:
            return True
        if self.exact:
            return route.rstrip("/") == self.prefix.rstrip("/")
        return route.startswith(self.prefix) or route.rstrip("/") == self.prefix.rstrip("/")


def build_rate_limits(
    repo: Repository,
    python: PythonProject,
    js: JsProject,
    endpoints: Iterable[Endpoint],
    policy: Policy,
    handlers: HandlerIndex,
) -> RateLimits:
    """The rate-limit status of every endpoint. Never raises on bad input: a gateway config
    that does not parse is listed in ``not_checked``."""
    not_checked: list[NotChecked] = []
    gateways = _gateways(repo, not_checked)
    app_wide = _python_app_wide(python)
    middleware = _next_middleware(js)
    by_endpoint: dict[tuple[str, str, str, int], EndpointLimit] = {}
    for endpoint in endpoints:
        by_endpoint[endpoint.key] = _status(
            repo,
            python,
            endpoint,
            policy,
            handlers.of(endpoint),
            gateways=gateways,
            app_wide=app_wide,
            middleware=middleware,
        )
    return RateLimits(by_endpoint=by_endpoint, not_checked=tuple(not_checked))


def _status(
    repo: Repository,
    python: PythonProject,
    endpoint: Endpoint,
    policy: Policy,
    handler: Handler | None,
    *,
    gateways: list[_Gateway],
    app_wide: dict[str, str],
    middleware: list[tuple[EndpointLimit, list[str] | None]],
) -> EndpointLimit:
    if endpoint.rate_limit:
        return EndpointLimit(kind=LimitKind.LIMITED, detail=endpoint.rate_limit, path=endpoint.path, line=endpoint.line)
    ineffective: EndpointLimit | None = None
    exempt = False
    if handler is not None:
        found, exempt = (
            _python_handler_limit(python, handler, endpoint) if handler.python is not None else (None, False)
        )
        if handler.js is not None:
            found = _js_limit_in(handler.js, handler.path)
        if found is not None and found.kind == LimitKind.LIMITED:
            return found
        ineffective = found
    if not exempt:
        framework_default = app_wide.get(endpoint.framework)
        if framework_default:
            return EndpointLimit(kind=LimitKind.LIMITED, detail=framework_default)
        if endpoint.framework == "nextjs":
            for status, matchers in middleware:
                if matchers is None or any(_matcher_covers(m, endpoint.route) for m in matchers):
                    if status.kind == LimitKind.LIMITED:
                        return status
                    ineffective = ineffective or status
    for gateway in gateways:
        if gateway.covers(endpoint.route):
            return EndpointLimit(kind=LimitKind.LIMITED, detail=gateway.detail, path=gateway.path, line=gateway.line)
    declared = _inline_declaration(repo, endpoint, handler) or _policy_declaration(policy, endpoint)
    if declared is not None:
        return declared
    return ineffective or EndpointLimit(kind=LimitKind.MISSING)


# --- declarations -------------------------------------------------------------------------


def _declaration(limit: str, reason: str | None, path: str | None, line: int | None, where: str) -> EndpointLimit:
    if limit.lower() == "none":
        return EndpointLimit(kind=LimitKind.DECLARED_NONE, reason=reason or None, path=path, line=line)
    return EndpointLimit(
        kind=LimitKind.DECLARED, detail=f"declared {limit} ({where})", reason=reason, path=path, line=line
    )


def _inline_declaration(repo: Repository, endpoint: Endpoint, handler: Handler | None) -> EndpointLimit | None:
    places = [(endpoint.path, endpoint.line)]
    if handler is not None:
        places.append((handler.path, handler.start))
    for path, anchor in places:
        source = repo.get(path)
        if source is None:
            continue
        for number in range(max(1, anchor - 3), anchor + 2):
            match = _DIRECTIVE.search(source.line(number))
            if match:
                return _declaration(match.group(1), match.group(2), path, number, "inline")
    return None


def _policy_declaration(policy: Policy, endpoint: Endpoint) -> EndpointLimit | None:
    found = policy.rate_limit_declaration(endpoint.method, endpoint.route)
    if found is None:
        return None
    return _declaration(found.limit, found.reason, None, None, f"policy: {found.pattern}")


# --- Python -------------------------------------------------------------------------------


def _limiter_names(python: PythonProject) -> frozenset[str]:
    """Names bound to a slowapi/Flask-Limiter ``Limiter(...)`` anywhere in the project."""
    memo = python.memo.get("limiter_names")
    if isinstance(memo, frozenset):
        return memo
    found: set[str] = set()
    for module in python.index.by_path.values():
        if "Limiter" not in module.source.text:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                if last_name(node.value.func) == "Limiter":
                    found.update(t.id for t in node.targets if isinstance(t, ast.Name))
                    found.update(t.attr for t in node.targets if isinstance(t, ast.Attribute))
    result = frozenset(found)
    python.memo["limiter_names"] = result
    return result


def _rate_text(call: ast.Call) -> str:
    rate = call.args[0] if call.args else keyword(call, "rate") or keyword(call, "limit_value")
    return repr(rate.value) if isinstance(rate, ast.Constant) else "..."


def _decorator_limit(
    decorator: ast.expr, limiters: frozenset[str], fn: ast.AST, path: str
) -> tuple[EndpointLimit | None, bool]:
    """(status from one decorator, whether it exempts the handler from app-wide limits)."""
    call = decorator if isinstance(decorator, ast.Call) else None
    func = call.func if call is not None else decorator
    name = last_name(func)
    line = decorator.lineno
    if name == "method_decorator" and call is not None and call.args:
        return _decorator_limit(call.args[0], limiters, fn, path)
    receiver = last_name(func.value) if isinstance(func, ast.Attribute) else None
    if name in {"limit", "shared_limit"} and call is not None and receiver in limiters:
        detail = f"@{dotted(func)}({_rate_text(call)})"
        return EndpointLimit(kind=LimitKind.LIMITED, detail=detail, path=path, line=line), False
    if name == "exempt" and receiver in limiters:
        return None, True
    if name == "ratelimit" and call is not None:
        detail = f"@ratelimit({_rate_text(call)}) (django-ratelimit)"
        block = keyword(call, "block")
        if isinstance(block, ast.Constant) and block.value is False and "limited" not in _attrs(fn):
            return EndpointLimit(
                kind=LimitKind.INEFFECTIVE,
                detail=detail + " with block=False and request.limited never read",
                path=path,
                line=line,
            ), False
        return EndpointLimit(kind=LimitKind.LIMITED, detail=detail, path=path, line=line), False
    if name == "throttle_classes" and call is not None and call.args:
        items = call.args[0]
        if isinstance(items, ast.List | ast.Tuple) and not items.elts:
            return None, True
        return EndpointLimit(kind=LimitKind.LIMITED, detail="@throttle_classes (DRF)", path=path, line=line), False
    return None, False


def _attrs(node: ast.AST) -> set[str]:
    """Attribute names read in ``node``, also through ``getattr(obj, "name", ...)``."""
    found = {name.rsplit(".", 1)[-1] for name in names_in(node)}
    found.update(
        n.args[1].value
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and last_name(n.func) == "getattr"
        and len(n.args) >= 2
        and isinstance(n.args[1], ast.Constant)
        and isinstance(n.args[1].value, str)
    )
    return found


def _python_handler_limit(
    python: PythonProject, handler: Handler, endpoint: Endpoint
) -> tuple[EndpointLimit | None, bool]:
    """(limit seen on the handler, its decorators or its view class; exempt from app-wide limits)."""
    fn = handler.python
    assert fn is not None
    limiters = _limiter_names(python)
    module = python.index.by_path.get(handler.path)
    owners: list[ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef] = [fn]
    if module is not None and not isinstance(fn, ast.ClassDef) and "." in endpoint.handler:
        owner = module.top_level(endpoint.handler.split(".", 1)[0])
        if isinstance(owner, ast.ClassDef):
            owners.append(owner)
    found: EndpointLimit | None = None
    exempt = False
    for owner in owners:
        for decorator in owner.decorator_list:
            status, exempts = _decorator_limit(decorator, limiters, fn, handler.path)
            exempt |= exempts
            if status is not None and (found is None or status.kind == LimitKind.LIMITED):
                found = status
        if isinstance(owner, ast.ClassDef):
            for statement in owner.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in {"throttle_classes", "throttle_scope"}
                    for t in statement.targets
                ):
                    value = statement.value
                    if isinstance(value, ast.List | ast.Tuple) and not value.elts:
                        exempt = True
                    else:
                        found = EndpointLimit(
                            kind=LimitKind.LIMITED,
                            detail="throttle_classes (DRF)",
                            path=handler.path,
                            line=statement.lineno,
                        )
    if found is not None and found.kind == LimitKind.LIMITED:
        return found, exempt
    in_body = None if isinstance(fn, ast.ClassDef) else _python_call_limit(fn, handler.path)
    return in_body or found, exempt


def _python_call_limit(fn: ast.FunctionDef | ast.AsyncFunctionDef, path: str) -> EndpointLimit | None:
    discarded = {
        id(statement.value.value if isinstance(statement.value, ast.Await) else statement.value)
        for statement in ast.walk(fn)
        if isinstance(statement, ast.Expr)
    }
    found: EndpointLimit | None = None
    body = [node for statement in fn.body for node in ast.walk(statement)]  # not the decorators
    for node in body:
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        if last != "is_ratelimited" and not is_limiter_callee(name):
            continue
        returns_verdict = last in _RESULT_METHODS
        if returns_verdict and id(node) in discarded:
            found = found or EndpointLimit(
                kind=LimitKind.INEFFECTIVE, detail=f"{name}() result ignored", path=path, line=node.lineno
            )
            continue
        return EndpointLimit(kind=LimitKind.LIMITED, detail=f"{name}() in the handler", path=path, line=node.lineno)
    return found


def _python_app_wide(python: PythonProject) -> dict[str, str]:
    """Framework → app-wide default limit: slowapi ``default_limits`` served by
    ``SlowAPIMiddleware``; Flask-Limiter ``default_limits``/``application_limits``; DRF
    ``DEFAULT_THROTTLE_CLASSES``."""
    found: dict[str, str] = {}
    slowapi_defaults = False
    slowapi_middleware = False
    for module in python.index.by_path.values():
        text = module.source.text
        if "Limiter" not in text and "THROTTLE" not in text and "SlowAPI" not in text:
            continue
        is_flask = "flask_limiter" in text
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and last_name(node.func) == "Limiter":
                defaults = keyword(node, "default_limits") or keyword(node, "application_limits")
                if (isinstance(defaults, ast.List | ast.Tuple) and defaults.elts) or isinstance(defaults, ast.Name):
                    if is_flask:
                        found["flask"] = f"Flask-Limiter default_limits ({module.source.path})"
                    else:
                        slowapi_defaults = True
            elif isinstance(node, ast.Call) and last_name(node.func) == "add_middleware" and node.args:
                if last_name(node.args[0]) in {"SlowAPIMiddleware", "SlowAPIASGIMiddleware"}:
                    slowapi_middleware = True
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "DEFAULT_THROTTLE_CLASSES"
                        and isinstance(value, ast.List | ast.Tuple)
                        and value.elts
                    ):
                        found["drf"] = f"DEFAULT_THROTTLE_CLASSES ({module.source.path})"
    if slowapi_defaults and slowapi_middleware:
        found["fastapi"] = "slowapi default_limits (SlowAPIMiddleware)"
    return found


# --- JavaScript / TypeScript ----------------------------------------------------------------


def _js_limit_in(node: SgNode, path: str) -> EndpointLimit | None:
    """A limiter call inside ``node`` (a handler or middleware function) and whether its verdict
    is used."""
    found: EndpointLimit | None = None
    for call in node.find_all(kind="call_expression"):
        function = call.field("function")
        if function is None:
            continue
        text = function.text().replace("?.", ".")
        if "\n" in text or len(text) > 120:
            continue
        last = callee_name(call)
        receiver = text.rsplit(".", 2)[-2] if "." in text else ""
        arcjet = last == "protect" and receiver in {"aj", "arcjet"}
        if not (arcjet or is_limiter_callee(text)):
            continue
        if last in _RESULT_METHODS and _result_thrown_away(call, node):
            found = found or EndpointLimit(
                kind=LimitKind.INEFFECTIVE, detail=f"{text}() result ignored", path=path, line=line_of(call)
            )
            continue
        return EndpointLimit(kind=LimitKind.LIMITED, detail=f"{text}()", path=path, line=line_of(call))
    return found


def _result_thrown_away(call: SgNode, scope: SgNode) -> bool:
    """True when the call's result is discarded (an expression statement) or bound to names
    that are never read afterwards in ``scope``."""
    parent = call.parent()
    if parent is not None and parent.kind() == "await_expression":
        parent = parent.parent()
    if parent is None:
        return False
    if parent.kind() == "expression_statement":
        return True
    if parent.kind() != "variable_declarator":
        return False
    pattern = parent.field("name")
    if pattern is None:
        return False
    names = set(bound_names(pattern))
    after = parent.range().end.index
    for ident in scope.find_all(kind="identifier"):
        if ident.text() in names and ident.range().start.index > after:
            return False
    for ident in scope.find_all(kind="shorthand_property_identifier"):
        if ident.text() in names and ident.range().start.index > after:
            return False
    return True


def _next_middleware(js: JsProject) -> list[tuple[EndpointLimit, list[str] | None]]:
    """(limit found in a Next.js middleware/proxy file, its ``config.matcher`` patterns or None
    for every route)."""
    found: list[tuple[EndpointLimit, list[str] | None]] = []
    for path, module in js.modules.items():
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        if stem not in {"middleware", "proxy"} or (folder and not folder.endswith("src") and "/" in path):
            continue
        status = _js_limit_in(module.root, path)
        if status is not None:
            found.append((status, _matchers(module)))
    return found


def _matchers(module: JsModule) -> list[str] | None:
    for declarator in module.root.find_all(kind="variable_declarator"):
        name, value = declarator.field("name"), declarator.field("value")
        if name is None or value is None or name.text() != "config" or value.kind() != "object":
            continue
        for pair in value.find_all(kind="pair"):
            key = pair.field("key")
            if key is None or key.text().strip("\"'") != "matcher":
                continue
            matcher = pair.field("value")
            if matcher is None:
                continue
            items = [matcher] if matcher.kind() == "string" else list(matcher.children())
            patterns = [s for s in (string_value(i) for i in items) if s]
            for item in items:
                if item.kind() == "object":
                    for inner in item.find_all(kind="pair"):
                        inner_key = inner.field("key")
                        inner_value = inner.field("value")
                        if inner_key is not None and inner_key.text().strip("\"'") == "source" and inner_value:
                            value_text = string_value(inner_value)
                            if value_text:
                                patterns.append(value_text)
            return patterns
    return None


def _matcher_covers(matcher: str, route: str) -> bool:
    """Whether a Next.js matcher (path-to-regexp syntax: ``/api/:path*``) selects ``route``;
    matched on the literal prefix before the first parameter, group or wildcard."""
    cut = len(matcher)
    for mark in (":", "(", "*", "{"):
        at = matcher.find(mark)
        if at != -1:
            cut = min(cut, at)
    prefix = matcher[:cut]
    if cut == len(matcher):
        return route.rstrip("/") == prefix.rstrip("/")
    return route.startswith(prefix) or route.rstrip("/") == prefix.rstrip("/")


# --- gateways -------------------------------------------------------------------------------


def _gateways(repo: Repository, not_checked: list[NotChecked]) -> list[_Gateway]:
    found: list[_Gateway] = []
    for source in repo.files:
        name = source.path.rsplit("/", 1)[-1]
        if name.endswith(".conf") and "limit_req" in source.text:
            found.extend(_nginx(repo, source, not_checked))
        elif source.language in {"yaml", "toml"} and "ratelimit" in source.text.lower():
            found.extend(_traefik(source, not_checked))
    return found


def _nginx(repo: Repository, source: SourceFile, not_checked: list[NotChecked]) -> list[_Gateway]:
    """``limit_req`` directives of an nginx config and the locations they sit in. Includes are
    not followed (they may point outside the scanned tree)."""
    try:
        parsed = crossplane.parse(
            str(repo.root / source.path), single=True, strict=False, check_ctx=False, check_args=False
        )
    except (crossplane.errors.NgxParserBaseException, OSError, UnicodeDecodeError) as exc:
        not_checked.append(NotChecked(path=source.path, reason=f"nginx config did not parse ({type(exc).__name__})"))
        return []
    if parsed.get("errors"):
        not_checked.append(NotChecked(path=source.path, reason="nginx config did not parse"))
    found: list[_Gateway] = []

    def visit(block: list[dict[str, object]], location: list[str] | None) -> None:
        for directive in block:
            name = directive.get("directive")
            args = [str(a) for a in directive.get("args", []) or []]  # type: ignore[attr-defined]
            line = int(directive.get("line", 0) or 0)  # type: ignore[call-overload]
            if name == "limit_req":
                detail = f"nginx limit_req ({source.path})"
                if not location:
                    found.append(_Gateway(detail=detail, path=source.path, line=line))
                elif location[0] == "=" and len(location) > 1:
                    found.append(_Gateway(detail=detail, path=source.path, line=line, prefix=location[1], exact=True))
                elif location[0] in {"~", "~*"} and len(location) > 1:
                    flags = "(?i)" if location[0] == "~*" else ""
                    found.append(_Gateway(detail=detail, path=source.path, line=line, regex=flags + location[1]))
                else:
                    found.append(_Gateway(detail=detail, path=source.path, line=line, prefix=location[-1]))
            inner = directive.get("block")
            if isinstance(inner, list):
                visit(inner, args if name == "location" else location)

    for config in parsed.get("config", []):
        visit(config.get("parsed", []), None)
    return found


def _traefik(source: SourceFile, not_checked: list[NotChecked]) -> list[_Gateway]:
    """Traefik ``rateLimit`` middlewares in dynamic configuration (YAML/TOML) and container
    labels (``traefik.http.middlewares.<name>.ratelimit.average=...``). Which routers use them
    is not modelled: a rate-limit middleware counts for every route."""
    try:
        data = parse_toml(source.text) if source.language == "toml" else parse_yaml(source.text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
        not_checked.append(NotChecked(path=source.path, reason="configuration file did not parse"))
        return []
    for value in _walk(data):
        if isinstance(value, dict):
            middlewares = value.get("middlewares")
            if isinstance(middlewares, dict) and any(
                isinstance(m, dict) and ("rateLimit" in m or "ratelimit" in m) for m in middlewares.values()
            ):
                return [_Gateway(detail=f"Traefik rateLimit middleware ({source.path})", path=source.path, line=1)]
        elif isinstance(value, str) and value.startswith("traefik.http.middlewares.") and ".ratelimit." in value:
            return [_Gateway(detail=f"Traefik rateLimit middleware ({source.path})", path=source.path, line=1)]
    return []


def _walk(data: object) -> Iterable[object]:
    stack = [data]
    while stack:
        value = stack.pop()
        yield value
        if isinstance(value, dict):
            stack.extend(value.values())
            stack.extend(k for k in value if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend(value)
